"""The item pipeline that writes every fetch outcome into the evidence store."""

from __future__ import annotations

from typing import Any

from scrapy import Spider


class StorePipeline:
    """Persists the spider's fetch items (`{"fetch": row, "body": bytes|None, "links": […]}`)
    one transaction each, so an interrupted crawl keeps everything it already fetched."""

    def process_item(self, item: dict[str, Any], spider: Spider) -> dict[str, Any]:
        spider.store.record_fetch(item["fetch"], item["body"], item["links"])  # type: ignore[attr-defined]
        spider.on_stored(item["fetch"]["url"])  # type: ignore[attr-defined]
        return item
