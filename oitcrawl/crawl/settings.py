"""Crawl settings: polite defaults for government sites, turned into Scrapy settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from oitcrawl import __version__
from oitcrawl.crawl.urls import HostRewrite

USER_AGENT = (
    f"oitcrawl/{__version__} (ITA OIT evidence pre-check; +https://pypi.org/project/oitcrawl/)"
)


@dataclass(frozen=True)
class CrawlSettings:
    """How to crawl. Times in seconds, sizes in bytes.

    Defaults are polite (one agency's site is shared by 50 district offices on the BMA portal):
    2 requests at a time per host, 1 s between them, AutoThrottle on, robots.txt obeyed.
    """

    max_depth: int = 1  # pages on the main website followed from a submitted page
    delay_s: float = 1.0
    concurrency_per_host: int = 2
    concurrency_total: int = 8
    timeout_s: float = 30.0
    retries: int = 2  # after the first attempt, for timeouts, 5xx and 429
    backoff_s: float = 2.0  # first retry waits this long, then doubles (Retry-After wins)
    max_bytes: int = 50 * 1024 * 1024
    obey_robots: bool = True
    autothrottle: bool = True
    user_agent: str = USER_AGENT
    # Loopback, private, link-local and cloud-metadata addresses are refused unless allowed
    # (local testing, `oitcrawl demo`): a submission must not turn the crawler into a probe.
    allow_private: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]


def scrapy_settings(
    settings: CrawlSettings, rewrites: tuple[HostRewrite, ...], log_file: str | None
) -> dict[str, Any]:
    """The Scrapy settings dict for a crawl (download handlers, middlewares, limits, logging)."""
    handler = "oitcrawl.crawl.transport.RewritingDownloadHandler"
    return {
        "BOT_NAME": "oitcrawl",
        "USER_AGENT": settings.user_agent,
        "ROBOTSTXT_OBEY": settings.obey_robots,
        "ROBOTSTXT_USER_AGENT": "oitcrawl",
        "CONCURRENT_REQUESTS": settings.concurrency_total,
        "CONCURRENT_REQUESTS_PER_DOMAIN": settings.concurrency_per_host,
        "DOWNLOAD_DELAY": settings.delay_s,
        "DOWNLOAD_DELAY_JITTER": 0.5 if settings.delay_s > 0 else 0,  # ±50 %
        "AUTOTHROTTLE_ENABLED": settings.autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(settings.delay_s, 0.1),
        "AUTOTHROTTLE_MAX_DELAY": 30.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": float(settings.concurrency_per_host),
        "DOWNLOAD_TIMEOUT": settings.timeout_s,
        "DOWNLOAD_MAXSIZE": settings.max_bytes,
        "DOWNLOAD_WARNSIZE": 0,
        "RETRY_ENABLED": settings.retries > 0,
        "RETRY_TIMES": settings.retries,
        "RETRY_HTTP_CODES": RETRY_HTTP_CODES,
        "OITCRAWL_BACKOFF_S": settings.backoff_s,
        "OITCRAWL_REWRITES": [f"{r.source}={r.target}" for r in rewrites],
        "REDIRECT_MAX_TIMES": 10,
        "COOKIES_ENABLED": True,
        "TELNETCONSOLE_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        "DOWNLOAD_HANDLERS": {"http": handler, "https": handler},
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
            "oitcrawl.crawl.transport.BackoffRetryMiddleware": 550,
            "oitcrawl.crawl.transport.BackoffDelayMiddleware": 560,
        },
        "ITEM_PIPELINES": {"oitcrawl.crawl.pipeline.StorePipeline": 100},
        "LOG_LEVEL": "INFO" if log_file else "ERROR",
        "LOG_FILE": log_file,
        "LOG_FILE_APPEND": True,
        "LOGSTATS_INTERVAL": 0,
    }
