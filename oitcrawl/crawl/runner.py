"""Run one crawl of a submission with Scrapy, in this process, into the evidence store."""

from __future__ import annotations

from pathlib import Path

from scrapy.crawler import CrawlerProcess

from oitcrawl.crawl.settings import CrawlSettings, scrapy_settings
from oitcrawl.crawl.urls import HostRewrite
from oitcrawl.spiders.evidence import CrawlPlan, EvidenceSpider, ProgressHook
from oitcrawl.store import Store


def run_crawl(
    store: Store,
    plan: CrawlPlan,
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...] = (),
    log_file: Path | None = None,
    progress: ProgressHook | None = None,
) -> str:
    """Crawl `plan` into `store`; returns Scrapy's close reason ("finished" when every URL was
    visited, "shutdown" after Ctrl-C). Blocks until done. Twisted's reactor cannot restart, so
    call this at most once per process (the CLI does; tests run the CLI in a subprocess).
    """
    process = CrawlerProcess(
        settings={
            **scrapy_settings(settings, rewrites, str(log_file) if log_file else None),
            "LOG_INSTALL_ROOT_HANDLER": log_file is not None,
        }
    )
    crawler = process.create_crawler(EvidenceSpider)
    process.crawl(crawler, plan=plan, store=store, progress=progress)
    process.start()
    return str(crawler.stats.get_value("finish_reason") or "unknown")
