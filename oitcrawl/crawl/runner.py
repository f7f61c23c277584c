"""Run one crawl with Scrapy, in this process, into the evidence store: one submission's plan,
or a batch's plans together in one crawler (so per-host politeness holds across agencies)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from scrapy.crawler import CrawlerProcess

from oitcrawl.crawl.settings import CrawlSettings, scrapy_settings
from oitcrawl.crawl.urls import HostRewrite
from oitcrawl.spiders.evidence import CrawlPlan, EvidenceSpider, ProgressHook
from oitcrawl.store import Store, StoreError


def run_crawl(
    store: Store,
    plan: CrawlPlan | Sequence[CrawlPlan],
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...] = (),
    log_file: Path | None = None,
    progress: ProgressHook | None = None,
) -> str:
    """Crawl `plan` (or several plans in one crawler) into `store`; returns Scrapy's close
    reason ("finished" when every URL was visited, "shutdown" after Ctrl-C). Blocks until
    done. Twisted's reactor cannot restart, so call this at most once per process (the CLI
    does; tests run the CLI in a subprocess). Raises StoreError when the store stopped taking
    fetches (disk full); everything stored before stays and the run can be resumed.
    """
    process = CrawlerProcess(
        settings={
            **scrapy_settings(settings, rewrites, str(log_file) if log_file else None),
            "LOG_INSTALL_ROOT_HANDLER": log_file is not None,
        }
    )
    crawler = process.create_crawler(EvidenceSpider)
    plans = (plan,) if isinstance(plan, CrawlPlan) else tuple(plan)
    process.crawl(crawler, plans=plans, store=store, progress=progress)
    process.start()
    if crawler.stats.get_value("store_error"):  # e.g. disk full: the run stays resumable
        raise StoreError(str(crawler.stats.get_value("store_error")))
    return str(crawler.stats.get_value("finish_reason") or "unknown")
