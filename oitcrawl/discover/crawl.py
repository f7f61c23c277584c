"""Run the discovery spider with Scrapy in this process (once: the reactor cannot restart)."""

from __future__ import annotations

from pathlib import Path

from oitcrawl.crawl.runner import SignalRecordingProcess
from oitcrawl.crawl.settings import CrawlSettings, scrapy_settings
from oitcrawl.crawl.signals import handlers_restored, raise_for_signal
from oitcrawl.crawl.urls import HostRewrite
from oitcrawl.spiders.discover import DiscoverPlan, DiscoverSpider
from oitcrawl.store import Store, StoreError


def run_discover_crawl(
    store: Store,
    run_id: str,
    homepage: str,
    settings: CrawlSettings,
    bounds: object,
    rewrites: tuple[HostRewrite, ...] = (),
    log_file: Path | None = None,
) -> str:
    """Walk from `homepage` (request URL) within `bounds` (DiscoverBounds) into `store` under
    `run_id`; returns Scrapy's close reason ("finished", "closespider_timeout" when the time
    budget ran out, "shutdown" after Ctrl-C). Blocks until done. Raises StoreError when the
    store stopped taking fetches."""
    plan = DiscoverPlan(
        run_id=run_id,
        homepage=homepage,
        max_depth=bounds.max_depth,  # type: ignore[attr-defined]
        max_pages=bounds.max_pages,  # type: ignore[attr-defined]
    )
    process = SignalRecordingProcess(
        settings={
            **scrapy_settings(settings, rewrites, str(log_file) if log_file else None),
            "LOG_INSTALL_ROOT_HANDLER": log_file is not None,
            "CLOSESPIDER_TIMEOUT": bounds.time_budget_s,  # type: ignore[attr-defined]
        }
    )
    crawler = process.create_crawler(DiscoverSpider)
    process.crawl(crawler, plan=plan, store=store)
    with handlers_restored():  # Scrapy leaves its handlers: Ctrl-C must stop later stages
        process.start()
    if process.signals_received:  # Ctrl-C / SIGTERM: stopped gracefully; 130 or 143
        raise_for_signal(process.signals_received[0])
    if crawler.stats.get_value("store_error"):  # e.g. disk full (oitcrawl.crawl.pipeline)
        raise StoreError(str(crawler.stats.get_value("store_error")))
    return str(crawler.stats.get_value("finish_reason") or "unknown")
