"""Crawl settings: polite defaults for government sites, turned into Scrapy settings."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from oitcrawl import __version__

if TYPE_CHECKING:  # the CLI reads the defaults at start; URL handling costs ~60 ms to import
    from oitcrawl.crawl.urls import HostRewrite

USER_AGENT = (
    f"oitcrawl/{__version__} (ITA OIT evidence pre-check; +https://pypi.org/project/oitcrawl/)"
)


@dataclass(frozen=True)
class CrawlSettings:
    """How to crawl. Times in seconds, sizes in bytes.

    Defaults are polite (one agency's site is shared by 50 district offices on the BMA portal):
    2 requests at a time per host, 1 s between them, AutoThrottle on, robots.txt obeyed.

    Hard ceilings (`CEILINGS`): whatever a user or a config file asks, values are clamped on
    construction to concurrency_per_host 1–8, concurrency_total 1–32, delay_s 0–60,
    timeout_s 1–600 (0 would mean "never time out" to Scrapy), retries 0–5, backoff_s 0–60,
    max_bytes 1 KB–1 GB (0 would mean unlimited), max_depth 0–10, max_pages 1–100,000,
    max_total_bytes 1 MB–20 GB and fresh_for_s 0–30 days; `clamped` lists the fields that
    were changed. The budgets
    (max_pages fetches, max_total_bytes of bodies, per run = per agency) stop crawler traps;
    submitted URLs are always fetched. `legacy_tls` allows TLS 1.0/1.1, weak ciphers and
    servers without secure renegotiation (many old government hosts); off by default and kept
    in the run's settings. Credentials are never sent: no Authorization header, and user:password@
    is removed from every URL.
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
    legacy_tls: bool = False
    max_pages: int = 3000  # fetches per run (one agency), submitted URLs always fetched
    max_total_bytes: int = 2 * 1024**3  # bytes of bodies per run
    # A URL the agency fetched less than this long ago (seconds) whose stored response is
    # still fresh under HTTP caching is not requested again (oitcrawl/crawl/freshness.py);
    # 0: every URL is asked again (conditionally).
    fresh_for_s: float = 0.0
    clamped: tuple[str, ...] = ()  # fields the hard ceilings changed (set on construction)

    def __post_init__(self) -> None:
        changed = []
        for name, (low, high) in CEILINGS.items():
            value = getattr(self, name)
            fixed = type(value)(min(max(value, low), high))
            if fixed != value:
                object.__setattr__(self, name, fixed)
                changed.append(name)
        if changed:
            object.__setattr__(self, "clamped", tuple(sorted({*self.clamped, *changed})))

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["clamped"] = list(self.clamped)
        return d


#: field → (lowest, highest) allowed; see CrawlSettings.
CEILINGS: dict[str, tuple[float, float]] = {
    "concurrency_per_host": (1, 8),
    "concurrency_total": (1, 32),
    "delay_s": (0.0, 60.0),
    "timeout_s": (1.0, 600.0),
    "retries": (0, 5),
    "backoff_s": (0.0, 60.0),
    "max_bytes": (1024, 1024**3),
    "max_depth": (0, 10),
    "max_pages": (1, 100_000),
    "max_total_bytes": (1024**2, 20 * 1024**3),
    "fresh_for_s": (0.0, 30 * 86400.0),
}


RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]

# --legacy-tls: TLS 1.0 and up and any cipher, at OpenSSL security level 0. (Servers without
# RFC 5746 secure renegotiation are accepted in any case: Scrapy sets OP_LEGACY_SERVER_CONNECT.)
LEGACY_TLS: dict[str, Any] = {
    "DOWNLOADER_CLIENT_TLS_CIPHERS": "ALL:@SECLEVEL=0",
    "DOWNLOAD_TLS_MIN_VERSION": "TLSv1.0",
    "DOWNLOADER_CLIENTCONTEXTFACTORY": "oitcrawl.crawl.transport.LegacyTLSContextFactory",
}


MAX_URL_LENGTH = 16_384  # characters of the request URL (after IRI encoding)


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
        # Fairness across hosts (a batch of agencies): the scheduler hands out requests of the
        # hosts with the fewest downloads in flight first, so one big host cannot starve others.
        "SCHEDULER_PRIORITY_QUEUE": "scrapy.pqueues.DownloaderAwarePriorityQueue",
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
        # Scrapy drops longer URLs silently (default 2083); a submitted URL is refused above
        # this length (oitcrawl.submission.check_url), so none is left out without a word
        "URLLENGTH_LIMIT": MAX_URL_LENGTH,
        # the address guard, credentials, budgets, TLS: oitcrawl/crawl/guard.py, budget.py
        "TWISTED_DNS_RESOLVER": "oitcrawl.crawl.resolver.GuardedResolver",
        "OITCRAWL_ALLOW_PRIVATE": settings.allow_private,
        "OITCRAWL_MAX_PAGES": settings.max_pages,
        "OITCRAWL_MAX_TOTAL_BYTES": settings.max_total_bytes,
        "OITCRAWL_FRESH_FOR_S": settings.fresh_for_s,
        # Scrapy parses each callback's source for a `return value` in a generator, once per
        # response (its cache is keyed by the bound method, a new object each time): ~1 ms a
        # response, a sixth of a re-check's crawl. The spiders' callbacks are tested instead.
        "WARN_ON_GENERATOR_RETURN_VALUE": False,
        **(LEGACY_TLS if settings.legacy_tls else {}),
        "COOKIES_ENABLED": True,
        "TELNETCONSOLE_ENABLED": False,
        # Scrapy ≥ 2.14's remote-control HTTP listener runs code sent to it: never during a crawl
        "REMOTE_CONTROL_ENABLED": False,
        "HTTPCACHE_ENABLED": False,
        # only http(s): no file://, ftp://, s3://, data: reached through a redirect
        "DOWNLOAD_HANDLERS": {
            "http": handler,
            "https": handler,
            "file": None,
            "ftp": None,
            "s3": None,
            "data": None,
        },
        "DOWNLOADER_MIDDLEWARES": {
            "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
            "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
            "oitcrawl.crawl.transport.LimitedRedirectMiddleware": 600,
            "oitcrawl.crawl.budget.BudgetMiddleware": 50,
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
