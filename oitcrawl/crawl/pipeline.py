"""The item pipeline that writes every fetch outcome into the evidence store."""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler


class StorePipeline:
    """Persists the spider's fetch items (`{"fetch": row, "body": bytes|None, "links": […]}`)
    one transaction each, so an interrupted crawl keeps everything it already fetched."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: dict[str, Any]) -> dict[str, Any]:
        spider = self.crawler.spider
        spider.store.record_fetch(item["fetch"], item["body"], item["links"])  # type: ignore[union-attr]
        spider.on_stored(item["fetch"]["url"])  # type: ignore[union-attr]
        return item
