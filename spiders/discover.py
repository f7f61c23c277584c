"""The discovery spider: walk an agency's main website from its homepage to find OIT evidence.

A bounded, same-host crawl (issue 6): pages under the homepage's path (the BMA portal hosts 50
district sites on one host, each under /<district>/) up to `max_depth` links from the homepage,
documents linked from them anywhere on the host, at most `max_pages` fetches (Scrapy's
CLOSESPIDER_TIMEOUT bounds the time). The site's sitemaps (robots.txt `Sitemap:` lines and
/sitemap.xml, read with Scrapy's sitemap parser) and its own search form (queried for "ITA",
"OIT") add pages the menus do not reach. Links that name the ITA section or an item number
("(O1)", a hub table row "O1") or carry document extensions are fetched first, so a page budget
spends itself on evidence rather than on news archives. Every fetch goes through the evidence
store's pipeline, like a check run.
"""

from __future__ import annotations

import posixpath
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from oitcrawl.crawl.budget import BudgetExceededError
from oitcrawl.crawl.outcome import (
    OK,
    classify_status,
)
from oitcrawl.crawl.urls import host_of, is_document_url, request_url
from oitcrawl.discover.links import SEARCH_TERMS, context_links, names_ita, search_urls
from oitcrawl.extract.sniff import sniff
from oitcrawl.spiders.evidence import HANDLED_STATUSES, _headers, _json, failed_fetch_item
from oitcrawl.store import Store, utcnow

QUEUE_FACTOR = 20  # URLs queued at most per page of the budget
_SKIP_EXTENSIONS = frozenset({".css", ".js", ".ico", ".svg", ".woff", ".woff2", ".ttf", ".mp4"})
_IMAGE_EXTENSIONS = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff"})


@dataclass(frozen=True)
class DiscoverPlan:
    """What to walk: the run (in the store), the homepage (request URL) and the bounds.

    `max_depth`: link steps from the homepage for pages; `max_pages`: fetches in all (pages and
    documents); `search_terms`: queries sent to the site's own search form when it has one.
    """

    run_id: str
    homepage: str
    max_depth: int = 3
    max_pages: int = 400
    search_terms: tuple[str, ...] = SEARCH_TERMS

    @property
    def host(self) -> str:
        return host_of(self.homepage).removeprefix("www.")

    @property
    def prefix(self) -> str:
        """The homepage's folder ("/huaikhwang/"); "/" for a site at the host's root."""
        path = urlsplit(self.homepage).path or "/"
        if path.endswith("/"):
            return path
        last = posixpath.basename(path)
        folder = posixpath.dirname(path) if "." in last else path  # /index.php → /
        return folder.rstrip("/") + "/"


def link_priority(label: str, context: str, items: tuple[str, ...], url: str) -> int:
    """Scheduling priority of a link (higher first): item numbers and ITA words beat
    documents, which beat plain pages. Scrapy orders requests by it."""
    score = 0
    if items:
        score += 30
    if names_ita(label) or names_ita(context):
        score += 20
    if is_document_url(url):
        score += 10
    return score


class DiscoverSpider(scrapy.Spider):
    """See the module docstring. `store` receives every fetch (via StorePipeline)."""

    name = "discover"

    def __init__(self, plan: DiscoverPlan, store: Store, **kwargs: Any):
        super().__init__(**kwargs)
        self.plan = plan
        self.store = store
        self.seen: set[str] = set()
        self.scheduled = 0
        self.searched = False
        self.stored = store.fetches(plan.run_id)

    # -- scope ----------------------------------------------------------------------------
    def _same_host(self, url: str) -> bool:
        return host_of(url).removeprefix("www.") == self.plan.host

    def _page_in_scope(self, url: str) -> bool:
        path = urlsplit(url).path or "/"
        prefix = self.plan.prefix
        return self._same_host(url) and (path + "/").startswith(prefix)

    # -- scheduling -----------------------------------------------------------------------
    async def start(self) -> AsyncIterator[Any]:
        for request in self._visit(self.plan.homepage, 0, priority=100):
            yield request

    def _sitemap_requests(self) -> Iterator[scrapy.Request]:
        """robots.txt (for its Sitemap lines) and /sitemap.xml, asked once the homepage is read
        so that its ITA links are queued first (the page budget is spent by priority)."""
        root = urljoin(self.plan.homepage, "/")
        for url, cb in ((root + "robots.txt", self.parse_robots), (root + "sitemap.xml", None)):
            yield scrapy.Request(
                request_url(url),
                callback=cb or self.parse_sitemap,
                errback=lambda f: None,
                dont_filter=True,
                priority=100,
                meta={"handle_httpstatus_list": HANDLED_STATUSES},
            )

    def _visit(self, url: str, depth: int, priority: int = 0) -> Iterator[scrapy.Request]:
        """Request `url` once, within the page budget; stored URLs (a resumed run) are skipped."""
        url = request_url(url)
        ext = posixpath.splitext(urlsplit(url).path.lower())[1]
        # The page budget itself is spent at download time, best priority first
        # (oitcrawl.crawl.budget); this only bounds the queue.
        if (
            url in self.seen
            or ext in _SKIP_EXTENSIONS
            or self.scheduled >= QUEUE_FACTOR * (self.plan.max_pages)
        ):
            return
        self.seen.add(url)
        if url in self.stored:
            return
        self.scheduled += 1
        yield scrapy.Request(
            url,
            callback=self.parse,
            errback=self.on_error,
            dont_filter=True,
            priority=priority - depth * 5,
            meta={
                "oitcrawl_depth": depth,
                "oitcrawl_started": time.monotonic(),
                "handle_httpstatus_list": HANDLED_STATUSES,
            },
        )

    def on_stored(self, url: str, run_id: str | None = None) -> None:
        """Called by the pipeline once a fetch is committed."""
        self.stored[url] = {"url": url}

    # -- sitemaps -------------------------------------------------------------------------
    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        if response.status != 200:
            return
        text = (
            response.text if hasattr(response, "text") else response.body.decode("utf-8", "replace")
        )
        for url in sitemap_urls_from_robots(text, base_url=response.url):
            yield scrapy.Request(
                request_url(url), callback=self.parse_sitemap, errback=lambda f: None,
                dont_filter=False, priority=90,
                meta={"handle_httpstatus_list": HANDLED_STATUSES},
            )  # fmt: skip

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap index → its sitemaps; a urlset → its pages (as if linked from the homepage)."""
        if response.status != 200 or not response.body.lstrip().startswith(b"<"):
            return
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # lxml errors on a broken sitemap: the crawl goes on without it
            return
        for entry in sitemap:
            loc = entry.get("loc", "").strip()
            if not loc.startswith(("http://", "https://")):
                continue
            if sitemap.type == "sitemapindex":
                if self._same_host(loc):
                    yield scrapy.Request(
                        request_url(loc), callback=self.parse_sitemap, errback=lambda f: None,
                        priority=90, meta={"handle_httpstatus_list": HANDLED_STATUSES},
                    )  # fmt: skip
            elif self._page_in_scope(loc) or (self._same_host(loc) and is_document_url(loc)):
                yield from self._visit(loc, 1, priority=link_priority("", "", (), loc))

    # -- pages ----------------------------------------------------------------------------
    def parse(self, response: Response) -> Iterator[Any]:
        request = response.request
        url = EvidenceKey.of(response)
        depth = response.meta["oitcrawl_depth"]
        outcome = classify_status(response.status)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        rows: list[dict[str, Any]] = []
        follow: list[tuple[str, int]] = []
        is_html = sniff(response.body[:2048], content_type, url).type == "html"
        if outcome.outcome == OK and is_html:
            rows, follow = self._links(response.body, response.url, content_type, depth)
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
            "links": rows,
        }
        for target, priority in follow:
            yield from self._visit(target, depth + 1, priority)
        if outcome.outcome == OK and is_html and not self.searched and depth == 0:
            self.searched = True
            yield from self._sitemap_requests()
            for search_url in self._search_urls(response.body, response.url, content_type):
                yield from self._visit(search_url, 1, priority=60)

    def _links(
        self, body: bytes, base_url: str, content_type: str | None, depth: int
    ) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
        """Every link of a page → (link rows to store, [(url, priority)] to follow)."""
        rows: dict[str, dict[str, Any]] = {}
        follow: list[tuple[str, int]] = []
        for link in context_links(body, base_url, content_type):
            if link.tag not in ("a", "area", "refresh", "script", "frame", "iframe"):
                continue
            target = request_url(link.url)
            if target in rows:
                continue
            ext = posixpath.splitext(urlsplit(target).path.lower())[1]
            # where the homepage sends the browser (a splash page's refresh or script, a
            # frameset) is the site itself: followed like the homepage, even outside its folder
            sends = link.tag not in ("a", "area")
            if is_document_url(target) and self._same_host(target):
                kind, followed = "document", ext not in _IMAGE_EXTENSIONS or not link.in_nav
            elif sends and self._same_host(target) and depth < self.plan.max_depth:
                kind, followed = "page", True
            elif self._page_in_scope(target) or (depth == 0 and self._same_host(target)):
                # one click from the homepage counts even outside its folder ("/ita/" from
                # "/home/index.php"): the ITA page is often there
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
                priority = link_priority(link.label, link.context, link.items, target)
                if sends:
                    priority += 50  # the page the homepage really is
                follow.append((target, priority))
        return list(rows.values()), follow

    def _search_urls(self, body: bytes, base_url: str, content_type: str | None) -> list[str]:
        """The site's own search (see ``search_urls``) when it searches this site."""
        urls = search_urls(body, base_url, content_type, self.plan.search_terms)
        return [u for u in urls if self._page_in_scope(u)]

    async def on_error(self, failure: Failure) -> AsyncIterator[Any]:
        if failure.check(BudgetExceededError):
            return  # not fetched because the page budget is spent: not a fetch outcome
        request = failure.request  # type: ignore[attr-defined]
        yield await failed_fetch_item(failure, self.plan.run_id, EvidenceKey.of(request))


class EvidenceKey:
    """The URL first requested (before redirects): the key the store uses."""

    @staticmethod
    def of(obj: Any) -> str:
        meta = obj.meta if hasattr(obj, "meta") else {}
        redirects = meta.get("redirect_urls")
        return request_url(redirects[0] if redirects else obj.url)
