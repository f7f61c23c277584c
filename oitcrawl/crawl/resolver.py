"""The address guard inside Twisted's name resolution (Scrapy's `TWISTED_DNS_RESOLVER`).

The rules (which addresses are refused, the proxies the user chose) are in
`oitcrawl.crawl.guard`, which imports no Scrapy or Twisted: an offline `evaluate` or an
`inspect` of a local file needs the rules' names, not a reactor (issue 17).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrapy.resolver import CachingHostnameResolver
from twisted.internet.interfaces import (
    IAddress,
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
)
from zope.interface import implementer, provider

from oitcrawl.crawl import guard


@provider(IResolutionReceiver)
class _GuardingReceiver:
    """Passes on only public addresses; remembers a refused one for the error message."""

    def __init__(self, receiver: IResolutionReceiver, host: str):
        self.receiver, self.host = receiver, host
        self.passed = 0
        self.refused: tuple[str, str] | None = None

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        reason = guard.forbidden_reason(getattr(address, "host", ""))
        if reason is None:
            self.passed += 1
            self.receiver.addressResolved(address)
        elif self.refused is None:
            self.refused = (address.host, reason)  # type: ignore[attr-defined]

    def resolutionComplete(self) -> None:
        if not self.passed and self.refused:
            guard.REFUSALS.note(self.host, *self.refused)
        self.receiver.resolutionComplete()


@implementer(IHostnameResolver)
class GuardedResolver(CachingHostnameResolver):
    """Scrapy's caching IPv4/IPv6 resolver with the address guard in front of it.

    Settings: OITCRAWL_ALLOW_PRIVATE (bool) switches the guard off. The cache keeps the
    unfiltered answer; the guard filters every lookup, cached or not.
    """

    allow_private = False
    proxies: frozenset[str] = frozenset()

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> GuardedResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool("OITCRAWL_ALLOW_PRIVATE")
        resolver.proxies = guard.proxy_hosts()
        return resolver

    def resolveHostName(
        self,
        resolutionReceiver: IResolutionReceiver,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> IHostResolution:
        if not self.allow_private and hostName.lower() not in self.proxies:
            resolutionReceiver = _GuardingReceiver(resolutionReceiver, hostName)
        return super().resolveHostName(
            resolutionReceiver, hostName, portNumber, addressTypes, transportSemantics
        )
