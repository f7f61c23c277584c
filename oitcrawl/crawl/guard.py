"""The address guard: a submission must not turn the crawler into a probe of internal networks.

Every connection the crawler makes resolves its host name through `GuardedResolver`
(`oitcrawl.crawl.resolver`, Scrapy's `TWISTED_DNS_RESOLVER`), IP literals and
`--rewrite-host` targets included, and every redirect hop is a new connection, so the check
sits on the address actually connected to: there is no window between "checked" and
"connected" for DNS rebinding. Addresses that are not public
(loopback, private, link-local, carrier-grade NAT, multicast, reserved, cloud metadata) are
dropped from the answer; when none is left the download fails with `BlockedAddressError`
(`RewritingDownloadHandler` turns the resolver's "no address" into it), stored as the fetch
outcome `not_sure` / `blocked_address`. `--allow-private` (CrawlSettings.allow_private) turns the
guard off for local testing and `oitcrawl demo`.

Through a proxy (http_proxy/https_proxy, as an auditor's network may require) the proxy's own
address is allowed — the user chose it — and the proxy resolves the URL's host, so the handler
checks that host with the system resolver first (`check_target`); there a rebinding window is
unavoidable.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
from urllib.parse import urlsplit
from urllib.request import getproxies

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# Cloud instance-metadata endpoints (AWS, GCP, Azure, OpenStack: 169.254.169.254; AWS IPv6).
METADATA = frozenset(
    {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
)
CGNAT = ipaddress.ip_network("100.64.0.0/10")  # RFC 6598 shared address space

# reason code → (Thai, English) for messages
REASONS: dict[str, tuple[str, str]] = {
    "metadata": ("ที่อยู่บริการข้อมูลเครื่องคลาวด์ (metadata)", "a cloud metadata address"),
    "loopback": ("ที่อยู่ของเครื่องตัวเอง (loopback)", "a loopback address"),
    "link_local": ("ที่อยู่ link-local", "a link-local address"),
    "private": ("เครือข่ายภายใน (private)", "a private network address"),
    "cgnat": ("เครือข่ายภายในของผู้ให้บริการ (CGNAT)", "a carrier-grade NAT address"),
    "multicast": ("ที่อยู่ multicast", "a multicast address"),
    "unspecified": ("ที่อยู่ว่าง (0.0.0.0/::)", "the unspecified address"),
    "reserved": ("ที่อยู่สงวน ไม่ใช่ที่อยู่สาธารณะ", "a reserved, non-public address"),
}


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (::ffff:a.b.c.d, 6to4, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in ipaddress.ip_network("64:ff9b::/96"):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def forbidden_reason(address: str) -> str | None:
    """Why the crawler must not connect to `address` (an IP literal), or None when it is public.

    Returns a key of REASONS. Not an IP literal (a host name) → "reserved": the guard only ever
    sees resolved addresses, so anything else is refused rather than guessed at.
    """
    try:
        ip: IPAddress = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return "reserved"
    if isinstance(ip, ipaddress.IPv6Address) and (v4 := _embedded_ipv4(ip)) is not None:
        ip = v4
    if ip in METADATA:
        return "metadata"
    if ip.is_loopback:
        return "loopback"
    if ip.is_link_local:
        return "link_local"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_multicast:
        return "multicast"
    if isinstance(ip, ipaddress.IPv4Address) and ip in CGNAT:
        return "cgnat"
    if ip.is_private:
        return "private"
    if not ip.is_global or ip.is_reserved:
        return "reserved"
    return None


class BlockedAddressError(Exception):
    """A URL's host resolved only to addresses the crawler refuses (see `forbidden_reason`).

    `host`: the host name connected to (after `--rewrite-host`); `address`: the first refused
    address; `reason`: a key of REASONS.
    """

    def __init__(self, host: str, address: str, reason: str):
        self.host, self.address, self.reason = host, address, reason
        th, en = REASONS.get(reason, REASONS["reserved"])
        self.reason_th = th
        super().__init__(
            f"URL resolves to a private address ({host} → {address}, {en}); refused "
            "(--allow-private allows it for local testing)"
        )


class Refusals:
    """Host names whose resolution the guard emptied, with the first refused address.

    Written from the resolver, read by the download handler after a failed connection; both run
    in the reactor thread, the lock only guards against a threaded resolver.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hosts: dict[str, tuple[str, str]] = {}

    def note(self, host: str, address: str, reason: str) -> None:
        with self._lock:
            self._hosts.setdefault(host.lower(), (address, reason))

    def error_for(self, host: str) -> BlockedAddressError | None:
        """The BlockedAddressError for `host` when the guard refused it, else None."""
        with self._lock:
            found = self._hosts.get(host.lower())
        return BlockedAddressError(host, *found) if found else None


#: One table per process: Scrapy builds the resolver from the process, not the crawler.
REFUSALS = Refusals()


def proxy_hosts() -> frozenset[str]:
    """Host names of the proxies the user configured (http_proxy, https_proxy …): connecting to
    them is intended, even on a private network; the URLs sent through them are checked by
    `check_target` instead."""
    hosts = set()
    for url in getproxies().values():
        with contextlib.suppress(ValueError):
            if host := urlsplit(url if "://" in url else f"http://{url}").hostname:
                hosts.add(host.lower())
    return frozenset(hosts)


def check_target(host: str) -> BlockedAddressError | None:
    """For a request sent through a proxy (the proxy resolves the name, not us): resolve `host`
    with the system resolver and return the error when none of its addresses is public. Blocking:
    call it from a thread. A name that does not resolve is left to the proxy to report."""
    try:
        infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return None
    refused = None
    for *_, sockaddr in infos:
        reason = forbidden_reason(str(sockaddr[0]))
        if reason is None:
            return None
        refused = refused or (str(sockaddr[0]), reason)
    return BlockedAddressError(host, *refused) if refused else None
