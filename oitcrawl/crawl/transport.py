"""Scrapy plumbing: host rewriting at the transport level, and retries with backoff.

`RewritingDownloadHandler` connects to another address for chosen hosts (`--rewrite-host`,
like curl's --connect-to) while everything above it — robots.txt, redirects, the duplicate
filter, the store — keeps seeing the real URL, and the server gets the real Host header.
"""

from __future__ import annotations

import asyncio
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

from oitcrawl.crawl.urls import HostRewrite, wire_url
from oitcrawl.store import utcnow

MAX_BACKOFF_S = 60.0


class RewritingDownloadHandler(HTTP11DownloadHandler):
    """HTTP(S) download handler that applies the OITCRAWL_REWRITES host rewrites."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.rewrites = tuple(
            HostRewrite.parse(s) for s in crawler.settings.getlist("OITCRAWL_REWRITES")
        )

    async def download_request(self, request: Request) -> Response:
        target = wire_url(request.url, self.rewrites)
        if target is None:
            return await super().download_request(request)
        wired = request.replace(url=target)
        wired.headers["Host"] = urlsplit(request.url).netloc
        response = await super().download_request(wired)
        return response.replace(url=request.url)


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
