"""Scrapy plumbing: host rewriting at the transport level, retries with backoff, redirect limits.

`RewritingDownloadHandler` connects to another address for chosen hosts (`--rewrite-host`,
like curl's --connect-to) while everything above it — robots.txt, redirects, the duplicate
filter, the store — keeps seeing the real URL, and the server gets the real Host header.
"""

from __future__ import annotations

import asyncio
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from OpenSSL import SSL
from scrapy import Request
from scrapy.core.downloader.contextfactory import (
    _ScrapyCertificateOptions,
    _ScrapyClientContextFactory,
)
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.internet.ssl import CertificateOptions
from twisted.web.iweb import IPolicyForHTTPS
from zope.interface import implementer

from oitcrawl.crawl.guard import REFUSALS, check_target
from oitcrawl.crawl.outcome import RedirectLimitError, is_dns_failure
from oitcrawl.crawl.urls import HostRewrite, host_of, wire_url
from oitcrawl.store import utcnow

MAX_BACKOFF_S = 60.0


class RewritingDownloadHandler(HTTP11DownloadHandler):
    """HTTP(S) download handler that applies the OITCRAWL_REWRITES host rewrites, never sends
    credentials, and reports the address guard's refusals (oitcrawl/crawl/guard.py)."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.rewrites = tuple(
            HostRewrite.parse(s) for s in crawler.settings.getlist("OITCRAWL_REWRITES")
        )
        self.allow_private = crawler.settings.getbool("OITCRAWL_ALLOW_PRIVATE")

    async def download_request(self, request: Request) -> Response:
        clean = strip_userinfo(request.url)
        if clean != request.url:
            request = request.replace(url=clean)
        for name in CREDENTIAL_HEADERS:
            request.headers.pop(name, None)
        target = wire_url(request.url, self.rewrites)
        # Through a proxy the proxy resolves the name: check it ourselves first.
        proxied = bool(request.meta.get("proxy")) and not self.allow_private and target is None
        if proxied and (blocked := await asyncio.to_thread(check_target, host_of(request.url))):
            raise blocked
        wired = request
        if target is not None:
            wired = request.replace(url=target)
            wired.headers["Host"] = urlsplit(request.url).netloc
        try:
            response = await super().download_request(wired)
        except Exception as exc:
            if is_dns_failure(exc) and (blocked := REFUSALS.error_for(host_of(wired.url))):
                if hops := request.meta.get("redirect_urls"):  # a redirect led here: keep it
                    request.meta["redirect_urls"] = [*hops, request.url]
                raise blocked from exc
            raise
        return response if target is None else response.replace(url=request.url)


# Never sent, whatever a redirect or a middleware added (issue 7: "never sends credentials").
CREDENTIAL_HEADERS = (b"Authorization", b"Proxy-Authorization")


def strip_userinfo(url: str) -> str:
    """`url` without a `user:password@` part (a submitted URL must not carry credentials)."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))


class LimitedRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, failing with RedirectLimitError (loop or too long) instead of a bare
    "max redirections reached", so the outcome can say which. A chain is only called a loop at
    the limit: a cookie check (A → B sets a cookie → A) legitimately revisits a URL."""

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        try:
            return super()._redirect(redirected, request, reason)
        except IgnoreRequest:
            chain = [*request.meta.get("redirect_urls", []), request.url, redirected.url]
            request.meta["redirect_urls"] = chain  # stored with the outcome: every hop
            raise RedirectLimitError(chain, self.max_redirect_times) from None


def _retry_after_s(response: Response) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date)."""
    value = response.headers.get(b"Retry-After")
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        import datetime as dt

        return max(0.0, (parsedate_to_datetime(text) - dt.datetime.now(dt.UTC)).total_seconds())
    except (TypeError, ValueError):
        return None


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retry policy plus exponential backoff: the n-th retry waits
    OITCRAWL_BACKOFF_S × 2^(n−1) seconds, or what the server's Retry-After asks (capped)."""

    def _with_delay(self, retry: Request | None, asked: float | None) -> Request | None:
        if retry is not None:
            base = self.crawler.settings.getfloat("OITCRAWL_BACKOFF_S")
            n = retry.meta.get("retry_times", 1)
            delay = asked if asked is not None else base * 2 ** (n - 1)
            retry.meta["oitcrawl_backoff_s"] = min(delay, MAX_BACKOFF_S)
            retry.meta.setdefault("oitcrawl_first_attempt_at", utcnow())
        return retry

    def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: object = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            return self._with_delay(result, _retry_after_s(response)) or response
        return result

    def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: object = None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            return self._with_delay(result, None)
        return result


class BackoffDelayMiddleware:
    """Waits the backoff a retried request carries before it is downloaded (without holding a
    download slot: downloader middlewares run before the request enters its slot)."""

    async def process_request(self, request: Request) -> None:
        delay = request.meta.pop("oitcrawl_backoff_s", 0)
        if delay:
            await asyncio.sleep(delay)


class _LegacyCertificateOptions(_ScrapyCertificateOptions):
    """Scrapy's TLS client options that also lower OpenSSL's own floor: Debian's openssl.cnf
    sets MinProtocol TLSv1.2 and SECLEVEL 2, which cipher strings and Twisted's version flags do
    not undo."""

    def _makeContext(self, *args: Any) -> SSL.Context:
        ctx = super()._makeContext(*args)
        ctx.set_min_proto_version(SSL.TLS1_VERSION)
        ctx.set_cipher_list(b"ALL:@SECLEVEL=0")
        return ctx


@implementer(IPolicyForHTTPS)
class LegacyTLSContextFactory(_ScrapyClientContextFactory):
    """`--legacy-tls`: TLS 1.0/1.1 and weak ciphers for old government servers (never the
    default; the run's settings record it)."""

    def _get_cert_options(self) -> CertificateOptions:
        return _LegacyCertificateOptions(**self._get_cert_options_kwargs())
