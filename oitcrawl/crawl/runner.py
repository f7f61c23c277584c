"""Run one crawl with Scrapy, in this process, into the evidence store: one submission's plan,
or a batch's plans together in one crawler (so per-host politeness holds across agencies)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.crawler import CrawlerProcess

from oitcrawl.crawl.settings import CrawlSettings, scrapy_settings
from oitcrawl.crawl.signals import handlers_restored, raise_for_signal
from oitcrawl.crawl.urls import HostRewrite
from oitcrawl.spiders.evidence import CrawlPlan, EvidenceSpider, ProgressHook
from oitcrawl.store import Store, StoreError

if TYPE_CHECKING:
    from oitcrawl.extract.run import BackgroundExtraction


class SignalRecordingProcess(CrawlerProcess):
    """Scrapy's CrawlerProcess that remembers which signals asked it to stop (SIGINT or
    SIGTERM), so the caller can exit 130 or 143 after the graceful stop."""

    signals_received: list[int]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.signals_received = []

    def _signal_shutdown(self, signum: int, _: Any) -> None:
        self.signals_received.append(signum)
        super()._signal_shutdown(signum, _)

    def _signal_shutdown_reactorless(self, signum: int, _: Any) -> None:
        self.signals_received.append(signum)
        parent = getattr(super(), "_signal_shutdown_reactorless", None)
        if parent is not None:
            parent(signum, _)


def run_crawl(
    store: Store,
    plan: CrawlPlan | Sequence[CrawlPlan],
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...] = (),
    log_file: Path | None = None,
    progress: ProgressHook | None = None,
    extraction: BackgroundExtraction | None = None,
    on_run_crawled: Callable[[str], None] | None = None,
) -> str:
    """Crawl `plan` (or several plans in one crawler) into `store`; returns Scrapy's close
    reason ("finished" when every URL was visited). Blocks until done.

    After Ctrl-C or SIGTERM Scrapy stops gracefully (everything fetched stays stored) and this
    raises KeyboardInterrupt or `oitcrawl.crawl.signals.Terminated`; our SIGINT/SIGTERM
    handlers are restored whatever happens, so a later stage can be interrupted too.
    Twisted's reactor cannot restart, so call this at most once per process (the CLI does;
    tests run the CLI in a subprocess). Raises StoreError when the store stopped taking
    fetches (disk full); everything stored before stays and the run can be resumed.
    `extraction`: gets every stored body while the crawl goes on (a batch's);
    `on_run_crawled(run_id)`: called in the crawl's thread when one plan's every fetch is
    stored (``EvidenceSpider``), e.g. to evaluate it while the crawl goes on.
    """
    process = SignalRecordingProcess(
        settings={
            **scrapy_settings(settings, rewrites, str(log_file) if log_file else None),
            "LOG_INSTALL_ROOT_HANDLER": log_file is not None,
        }
    )
    crawler = process.create_crawler(EvidenceSpider)
    plans = (plan,) if isinstance(plan, CrawlPlan) else tuple(plan)
    process.crawl(
        crawler,
        plans=plans,
        store=store,
        progress=progress,
        extraction=extraction,
        on_run_crawled=on_run_crawled,
    )
    with handlers_restored():  # Scrapy leaves its handlers installed: Ctrl-C must stop any stage
        process.start()
    if process.signals_received:
        # Ctrl-C / SIGTERM during the crawl: Scrapy stopped gracefully; say which it was
        raise_for_signal(process.signals_received[0])
    if crawler.stats.get_value("store_error"):  # e.g. disk full: the run stays resumable
        raise StoreError(str(crawler.stats.get_value("store_error")))
    return str(crawler.stats.get_value("finish_reason") or "unknown")
