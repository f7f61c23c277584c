"""The evidence spider: visit every submitted URL and follow the links that are evidence.

From an HTML page it follows content links (not the site menu) to documents (pdf, doc(x),
xls(x), csv, od*, images — on any host, they are leaves) and to pages on the main website while
the page depth is below `max_depth` (default 1). Every outcome is stored, failures included.
A resumed run skips what is already stored and continues from the stored pages' links.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from oitcrawl.crawl.outcome import (
    OK,
    classify_failure,
    classify_status,
    is_dns_failure,
    name_does_not_exist,
)
from oitcrawl.crawl.urls import host_of, is_document_url, is_main_website, request_url
from oitcrawl.extract.html import extract_html
from oitcrawl.extract.sniff import sniff
from oitcrawl.store import Store, utcnow

KEPT_HEADERS = (
    "content-type", "content-length", "last-modified", "etag", "server", "location",
    "retry-after", "www-authenticate", "content-disposition", "date",
)  # fmt: skip
# Error statuses reach the spider so they are stored; 3xx stay with the redirect middleware.
HANDLED_STATUSES = list(range(400, 600))


@dataclass(frozen=True)
class CrawlPlan:
    """What to crawl: the run, the main website and the submitted (item id, request URL)s."""

    run_id: str
    website: str
    also_main: tuple[str, ...]
    submitted: tuple[tuple[str, str], ...]
    max_depth: int = 1


# progress(item_ids, event) with event "queued" or "done"
ProgressHook = Callable[[frozenset[str], str], None]


class EvidenceSpider(scrapy.Spider):
    name = "evidence"

    def __init__(
        self,
        plan: CrawlPlan,
        store: Store,
        progress: ProgressHook | None = None,
        **kwargs: Any,
    ):
        super().__init__(**kwargs)
        self.plan = plan
        self.store = store
        self.progress = progress or (lambda items, event: None)
        self.url_items: dict[str, set[str]] = defaultdict(set)
        self.pending: set[str] = set()
        self.stored = store.fetches(plan.run_id)
        self.stored_links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for link in store.links(plan.run_id):
            self.stored_links[link["from_url"]].append(link)

    # -- scheduling -----------------------------------------------------------------------
    async def start(self) -> Any:
        for item_id, url in self.plan.submitted:
            for request in self._visit(url, frozenset({item_id}), 0):
                yield request

    def _visit(self, url: str, items: frozenset[str], depth: int) -> Iterator[scrapy.Request]:
        """Attribute `url` to `items`; request it unless it is stored or already pending."""
        new_items = items - self.url_items[url]
        if not new_items:
            return
        self.url_items[url] |= new_items
        self.progress(new_items, "queued")
        if url in self.stored:  # resumed run: replay the stored page's followed links
            self.progress(new_items, "done")
            for link in self.stored_links.get(url, []):
                if link["followed"]:
                    yield from self._visit(link["to_url"], new_items, depth + 1)
        elif url not in self.pending:
            self.pending.add(url)
            yield scrapy.Request(
                url,
                callback=self.parse,
                errback=self.on_error,
                dont_filter=True,  # de-duplicated here, per run
                meta={
                    "oitcrawl_depth": depth,
                    "oitcrawl_started": time.monotonic(),
                    "handle_httpstatus_list": HANDLED_STATUSES,
                },
            )

    def on_stored(self, url: str) -> None:
        """Called by the pipeline once a fetch is committed."""
        self.pending.discard(url)
        self.stored[url] = {"url": url}
        self.progress(frozenset(self.url_items[url]), "done")

    # -- responses ------------------------------------------------------------------------
    def parse(self, response: Response) -> Iterator[Any]:
        request = response.request
        url = self._request_key(response)
        depth = response.meta["oitcrawl_depth"]
        outcome = classify_status(response.status)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        links: list[dict[str, Any]] = []
        follow: list[tuple[str, int]] = []
        if outcome.outcome == OK and sniff(response.body[:2048], content_type, url).type == "html":
            page = extract_html(response.body, response.url, content_type)
            links, follow = self._evidence_links(page.links, depth)
        chain = [*response.meta.get("redirect_urls", []), response.url]
        yield {
            "fetch": {
                "run_id": self.plan.run_id,
                "url": url,
                "depth": depth,
                "final_url": response.url,
                "http_status": response.status,
                "outcome": outcome.outcome,
                "error_kind": outcome.error_kind,
                "error": outcome.error,
                "redirect_chain_json": _json(chain if len(chain) > 1 else []),
                "headers_json": _json(_headers(response)),
                "content_type": content_type,
                "elapsed_s": round(time.monotonic() - response.meta["oitcrawl_started"], 3),
                "retries": request.meta.get("retry_times", 0) if request else 0,
                "fetched_at": utcnow(),
            },
            "body": response.body,
            "links": links,
        }
        items = frozenset(self.url_items[url])
        for target, target_depth in follow:
            yield from self._visit(target, items, target_depth)

    def _evidence_links(
        self, page_links: list[Any], depth: int
    ) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
        """Content links of a page → (link rows to store, [(url, depth)] to follow)."""
        rows: dict[str, dict[str, Any]] = {}
        follow: list[tuple[str, int]] = []
        for link in page_links:
            if not link.in_content or not link.url.startswith(("http://", "https://")):
                continue
            target = request_url(link.url)
            if target in rows:
                continue
            if is_document_url(target):
                kind, followed = "document", True
            elif is_main_website(target, self.plan.website, self.plan.also_main):
                kind, followed = "page", depth < self.plan.max_depth
            else:
                kind, followed = "outside", False
            rows[target] = {
                "to_url": target,
                "label": link.label[:500],
                "kind": kind,
                "followed": int(followed),
            }
            if followed:
                follow.append((target, depth + 1))
        return list(rows.values()), follow

    async def on_error(self, failure: Failure) -> AsyncIterator[Any]:
        request = failure.request  # type: ignore[attr-defined]
        missing = False
        if is_dns_failure(failure.value):
            missing = await asyncio.to_thread(name_does_not_exist, host_of(request.url))
        outcome = classify_failure(failure.value, name_missing=missing)
        yield {
            "fetch": {
                "run_id": self.plan.run_id,
                "url": self._request_key(request),
                "depth": request.meta.get("oitcrawl_depth", 0),
                "final_url": None,
                "http_status": None,
                "outcome": outcome.outcome,
                "error_kind": outcome.error_kind,
                "error": outcome.error,
                "redirect_chain_json": _json(request.meta.get("redirect_urls", [])),
                "headers_json": "{}",
                "content_type": None,
                "elapsed_s": round(
                    time.monotonic() - request.meta.get("oitcrawl_started", time.monotonic()), 3
                ),
                "retries": request.meta.get("retry_times", 0),
                "fetched_at": utcnow(),
            },
            "body": None,
            "links": [],
        }

    @staticmethod
    def _request_key(obj: Any) -> str:
        """The URL first requested (before redirects): the key the store and items use."""
        meta = obj.meta if hasattr(obj, "meta") else {}
        redirects = meta.get("redirect_urls")
        return request_url(redirects[0] if redirects else obj.url)


def _headers(response: Response) -> dict[str, str]:
    out = {}
    for name in KEPT_HEADERS:
        value = response.headers.get(name)
        if value is not None:
            out[name] = value.decode("latin-1")
    return out


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
