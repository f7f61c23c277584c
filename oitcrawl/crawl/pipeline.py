"""The item pipeline that writes every fetch outcome into the evidence store."""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler
from scrapy.utils.defer import deferred_from_coro

from oitcrawl.store import StoreError


class StorePipeline:
    """Persists the spider's fetch items (`{"fetch": row, "body": bytes|None, "links": […]}`)
    one transaction each, so an interrupted crawl keeps everything it already fetched; then
    hands the stored body to the spider's `extraction` (`run_crawl(..., extraction=…)`),
    if it has one."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        spider = self.crawler.spider
        if self.crawler.stats.get_value("store_error"):
            return item  # the store cannot take more (disk full): the crawl is closing
        try:
            sha256 = spider.store.record_fetch(item["fetch"], item["body"], item["links"])  # type: ignore[union-attr]
        except StoreError as exc:
            # Stop rather than log and go on: a crawl that "finishes" without these rows
            # would be marked completed with evidence silently missing. run_crawl raises it.
            self.crawler.stats.set_value("store_error", str(exc))
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="store_error"))
            return item
        if sha256 and (extraction := getattr(spider, "extraction", None)) is not None:
            # a batch extracts while it crawls (oitcrawl.extract.run.BackgroundExtraction);
            # before on_stored, which may say the agency's crawl is over
            fetch = item["fetch"]
            extraction.add(sha256, fetch.get("content_type"), fetch.get("final_url"))
        spider.on_stored(item["fetch"]["url"], item["fetch"]["run_id"])  # type: ignore[union-attr]
        return item
