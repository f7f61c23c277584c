"""The evidence spider: visit every submitted URL and follow the links that are evidence.

From an HTML page it follows content links (not the site menu) to documents (pdf, doc(x),
xls(x), csv, od*, images — on any host, they are leaves) and to pages on the main website while
the page depth is below `max_depth` (default 1). Every outcome is stored, failures included.
A resumed run skips what is already stored and continues from the stored pages' links.

One spider can carry several runs' plans (a batch of agencies): every request is tagged with
its run id and stored under it, and because Scrapy's download slots (per-host concurrency,
delay, AutoThrottle) belong to the crawler, agencies sharing one host form one polite stream.
A URL fetched before by the same agency is requested conditionally (If-None-Match /
If-Modified-Since); a 304 is stored as a fetch of this run pointing at the stored document.
With ``--fresh-for`` (CrawlSettings.fresh_for_s) a stored response still fresh under HTTP
caching (oitcrawl/crawl/freshness.py) is not requested at all: it is stored as this run's
fetch with ``from_cache`` = 1 and the time the server last answered.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from oitcrawl.crawl.freshness import CACHE_HEADERS, fresh_in_store
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
    "retry-after", "www-authenticate", "content-disposition", "date", *CACHE_HEADERS,
)  # fmt: skip
# Error statuses reach the spider so they are stored; 3xx stay with the redirect middleware,
# except 304 (the answer to a conditional request).
HANDLED_STATUSES = list(range(400, 600))
NOT_MODIFIED = 304


@dataclass(frozen=True)
class CrawlPlan:
    """What to crawl: the run, the main website and the submitted (item id, request URL)s."""

    run_id: str
    website: str
    also_main: tuple[str, ...]
    submitted: tuple[tuple[str, str], ...]
    max_depth: int = 1
    label: str = ""  # the agency, for the progress display of a batch


# progress(item_ids, event) with event "queued" or "done"
ProgressHook = Callable[[frozenset[str], str], None]


class RunState:
    """One run's crawl state inside the spider: which items reached which URL, what is pending,
    what is stored (a resumed run), and the same agency's previous fetches (for validators)."""

    def __init__(self, plan: CrawlPlan, store: Store):
        self.plan = plan
        self.url_items: dict[str, set[str]] = defaultdict(set)
        self.pending: set[str] = set()
        self.stored = store.fetches(plan.run_id)
        self.stored_links: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for link in store.links(plan.run_id):
            self.stored_links[link["from_url"]].append(link)
        self.previous = store.previous_fetches(plan.run_id)
        # Work still open: 2 for each URL taken on (a request or a stored copy), 1 off when
        # its fetch is stored, 1 off when the URLs it leads to are taken on; with every
        # submitted URL visited (`started`) and none open, the run's crawl is over.
        self.open = 0
        self.started = self.finished = False


class EvidenceSpider(scrapy.Spider):
    name = "evidence"

    def __init__(
        self,
        plan: CrawlPlan | None = None,
        store: Store | None = None,
        progress: ProgressHook | None = None,
        plans: Sequence[CrawlPlan] = (),
        on_run_crawled: Callable[[str], None] | None = None,
        **kwargs: Any,
    ):
        """`plan` (one run) and/or `plans` (a batch: one crawl, many runs); `store`: where every
        fetch goes; `on_run_crawled(run_id)`: called (in the crawl's thread) once a run's
        every fetch is stored while the crawl goes on for others — at most once per run, and
        not at all for a run a stop cut short. Raises ValueError without any plan or with a
        run id twice."""
        super().__init__(**kwargs)
        all_plans = [*([plan] if plan else []), *plans]
        if not all_plans or len({p.run_id for p in all_plans}) != len(all_plans):
            raise ValueError("EvidenceSpider needs plans with distinct run ids")
        if store is None:
            raise ValueError("EvidenceSpider needs a store")
        self.store = store
        self.progress = progress or (lambda items, event: None)
        self.on_run_crawled = on_run_crawled
        self.runs = {p.run_id: RunState(p, store) for p in all_plans}
        self._also_main: dict[str, tuple[str, ...]] = {}  # of earlier runs (_links_kept)
        self._links_of_run: dict[str, dict[str, list[dict[str, Any]]]] = {}  # (_links_kept)
        first = self.runs[all_plans[0].run_id]
        # The first run's state under the single-run names (one `check` = one plan).
        self.plan, self.url_items, self.pending = first.plan, first.url_items, first.pending
        self.stored, self.stored_links = first.stored, first.stored_links

    # -- scheduling -----------------------------------------------------------------------
    async def start(self) -> Any:
        for run in self.runs.values():
            for item_id, url in run.plan.submitted:
                for request in self._visit(run, url, frozenset({item_id}), 0):
                    yield request
            run.started = True
            self._settle(run, 0)

    def _settle(self, run: RunState, done: int) -> None:
        """`done` units of `run`'s open work are over (see RunState.open); say so once the
        run's crawl is."""
        run.open -= done
        if run.started and run.open == 0 and not run.finished:
            run.finished = True
            if self.on_run_crawled is not None:
                self.on_run_crawled(run.plan.run_id)

    def _progress(self, run: RunState, items: frozenset[str], event: str) -> None:
        # A batch shows one row per agency, not per item (item ids repeat across agencies).
        keys = items if len(self.runs) == 1 else frozenset({run.plan.label or run.plan.run_id})
        self.progress(keys, event)

    def _visit(
        self, run: RunState, url: str, items: frozenset[str], depth: int
    ) -> Iterator[scrapy.Request]:
        """Attribute `url` to `items` of `run`; request it unless stored or already pending."""
        new_items = items - run.url_items[url]
        if not new_items:
            return
        run.url_items[url] |= new_items
        self._progress(run, new_items, "queued")
        if url in run.stored:  # resumed run: replay the stored page's followed links
            self._progress(run, new_items, "done")
            for link in run.stored_links.get(url, []):
                if link["followed"]:
                    yield from self._visit(run, link["to_url"], new_items, depth + 1)
        elif url not in run.pending:
            run.pending.add(url)
            run.open += 2
            if (prev := self._fresh_copy(run, url)) is not None:
                yield from self._from_cache(run, url, depth, prev)
                return
            meta: dict[str, Any] = {
                "oitcrawl_run_id": run.plan.run_id,
                "oitcrawl_depth": depth,
                "oitcrawl_started": time.monotonic(),
                "handle_httpstatus_list": HANDLED_STATUSES,
            }
            headers = self._validators(run, url, meta)
            yield scrapy.Request(
                url,
                callback=self.parse,
                errback=self.on_error,
                dont_filter=True,  # de-duplicated here, per run
                headers=headers,
                meta=meta,
            )

    def _fresh_copy(self, run: RunState, url: str) -> dict[str, Any] | None:
        """The agency's stored fetch of `url` when HTTP caching lets it stand for a new one
        (``fresh_in_store`` with the crawl's ``OITCRAWL_FRESH_FOR_S``) and its body is in the
        store; else None (the URL is requested)."""
        fresh_for = self.settings.getfloat("OITCRAWL_FRESH_FOR_S") if self.settings else 0.0
        prev = run.previous.get(url)
        if not prev or fresh_for <= 0 or not fresh_in_store(prev, fresh_for):
            return None
        return prev if self._body_kept(prev) else None

    def _body_kept(self, prev: dict[str, Any]) -> bool:
        """Whether the body of `prev` (an earlier fetch) is kept, for it to stand in for a
        new one (a 304, a fresh copy): here, in this store."""
        return self.store.blob_path(prev["sha256"]).exists()

    def _from_cache(
        self, run: RunState, url: str, depth: int, prev: dict[str, Any]
    ) -> Iterator[Any]:
        """Store `prev` as this run's fetch of `url` without a request (``from_cache`` = 1,
        ``fetched_at``: when the server last answered) and follow its links as a 304 would."""
        final_url = prev.get("final_url") or url
        links, follow = self._page_links(
            run, url, final_url, depth, prev, None, prev.get("content_type")
        )
        status = prev.get("http_status")
        yield {
            "fetch": {
                "run_id": run.plan.run_id,
                "url": url,
                "depth": depth,
                "final_url": final_url,
                "http_status": 200 if status in (None, NOT_MODIFIED) else status,
                "outcome": OK,
                "error_kind": None,
                "error": None,
                "redirect_chain_json": prev.get("redirect_chain_json") or "[]",
                "headers_json": prev.get("headers_json") or "{}",
                "content_type": prev.get("content_type"),
                "elapsed_s": 0.0,
                "retries": 0,
                "fetched_at": prev["fetched_at"],
                "sha256": prev["sha256"],
                "bytes": prev["bytes"],
                "from_cache": 1,
            },
            "body": None,
            "links": links,
        }
        yield from self._follow(run, url, follow)

    def _validators(self, run: RunState, url: str, meta: dict[str, Any]) -> dict[str, str]:
        """Conditional-request headers from the agency's latest stored fetch of `url` (whose
        body is still in the store); remembers that fetch in `meta` for a 304."""
        prev = run.previous.get(url)
        if not prev or not self._body_kept(prev):
            return {}
        stored = json.loads(prev.get("headers_json") or "{}")
        headers = {}
        if etag := stored.get("etag"):
            headers["If-None-Match"] = etag
        if modified := stored.get("last-modified"):
            headers["If-Modified-Since"] = modified
        if headers:
            meta["oitcrawl_previous"] = prev
            meta["handle_httpstatus_list"] = [NOT_MODIFIED, *HANDLED_STATUSES]
        return headers

    def on_stored(self, url: str, run_id: str | None = None) -> None:
        """Called by the pipeline once a fetch of `run_id` (default: the first run) is
        committed."""
        run = self.runs[run_id] if run_id else self.runs[self.plan.run_id]
        run.pending.discard(url)
        run.stored[url] = {"url": url}
        self._progress(run, frozenset(run.url_items[url]), "done")
        self._settle(run, 1)

    def _run_of(self, obj: Any) -> RunState:
        meta = obj.meta if hasattr(obj, "meta") else {}
        return self.runs[meta.get("oitcrawl_run_id") or self.plan.run_id]

    # -- responses ------------------------------------------------------------------------
    def parse(self, response: Response) -> Iterator[Any]:
        request = response.request
        run = self._run_of(response)
        url = self._request_key(response)
        depth = response.meta["oitcrawl_depth"]
        prev = response.meta.get("oitcrawl_previous")
        body: bytes | None = response.body
        headers = _headers(response)
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1") or None
        reused: dict[str, Any] = {}
        if response.status == NOT_MODIFIED and prev:
            # Unchanged since the agency's last run: the stored document stands for the body
            # (not downloaded, and its extract is cached by sha256); RFC 9111 §4.3.4 merges
            # the 304's headers into the stored ones.
            body = None
            headers = {**json.loads(prev.get("headers_json") or "{}"), **headers}
            content_type = prev.get("content_type")
            reused = {"sha256": prev["sha256"], "bytes": prev["bytes"]}
            outcome = classify_status(200)
        else:
            outcome = classify_status(response.status)
        links: list[dict[str, Any]] = []
        follow: list[tuple[str, int]] = []
        if outcome.outcome == OK:
            links, follow = self._page_links(
                run, url, response.url, depth, prev if reused else None, body, content_type
            )
        chain = [*response.meta.get("redirect_urls", []), response.url]
        yield {
            "fetch": {
                "run_id": run.plan.run_id,
                "url": url,
                "depth": depth,
                "final_url": response.url,
                "http_status": response.status,
                "outcome": outcome.outcome,
                "error_kind": outcome.error_kind,
                "error": outcome.error,
                "redirect_chain_json": _json(chain if len(chain) > 1 else []),
                "headers_json": _json(headers),
                "content_type": content_type,
                "elapsed_s": round(time.monotonic() - response.meta["oitcrawl_started"], 3),
                "retries": request.meta.get("retry_times", 0) if request else 0,
                "fetched_at": utcnow(),
                **reused,
            },
            "body": body,
            "links": links,
        }
        yield from self._follow(run, url, follow)

    def _follow(
        self, run: RunState, url: str, follow: list[tuple[str, int]]
    ) -> Iterator[scrapy.Request]:
        """Visit the (url, depth)s a fetch of `url` leads to, for the items that reached it;
        then that fetch's part of the run's open work is over."""
        items = frozenset(run.url_items[url])
        for target, target_depth in follow:
            yield from self._visit(run, target, items, target_depth)
        self._settle(run, 1)

    def _page_links(
        self,
        run: RunState,
        url: str,
        final_url: str,
        depth: int,
        prev: dict[str, Any] | None,
        body: bytes | None,
        content_type: str | None,
    ) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
        """The evidence links of a fetched page → (link rows, [(url, depth)] to follow). An
        unchanged page (`prev`: its stored fetch, `body` None) takes them from its earlier
        fetch when they are what parsing it again would give, else its stored body is parsed
        again; a body that is not HTML has none."""
        on_main = is_main_website(final_url, run.plan.website, run.plan.also_main)
        kept = self._links_kept(run, prev, final_url) if prev else None
        if kept is not None:
            return self._links_again(run.plan, kept, depth, on_main)
        page_body = body if body is not None else self.store.read_blob(prev["sha256"])  # type: ignore[index]
        if sniff(page_body[:2048], content_type, url).type != "html":
            return [], []
        page = extract_html(page_body, final_url, content_type)
        return self._evidence_links(run.plan, page.links, depth, on_main)

    def _links_kept(
        self, run: RunState, prev: dict[str, Any], final_url: str
    ) -> list[dict[str, Any]] | None:
        """The link rows stored with `prev` (the agency's earlier fetch of this URL, which
        answered 304) when they are what parsing the same body again would give: the same
        bytes, content type and final URL (links resolve against it) and the same main
        website; None when they may not be (the page is then parsed again)."""
        if prev.get("final_url") != final_url or prev.get("run_id") is None:
            return None
        also_main = self._also_main.get(prev["run_id"])
        if also_main is None:
            submission = self.store.get_run(prev["run_id"]).submission
            also_main = self._also_main[prev["run_id"]] = tuple(submission.get("also_main") or ())
        if also_main != tuple(run.plan.also_main):
            return None
        if (pages := self._links_of_run.get(prev["run_id"])) is None:
            pages = self._links_of_run[prev["run_id"]] = self.store.links_by_page(prev["run_id"])
        return pages.get(prev["url"], [])

    @staticmethod
    def _links_again(
        plan: CrawlPlan, kept: list[dict[str, Any]], depth: int, on_main: bool
    ) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
        """``_evidence_links`` of an unchanged page from the rows stored with its earlier
        fetch (same order): only what depends on this visit's depth is decided again."""
        rows, follow = [], []
        for row in kept:
            if row["kind"] == "document":
                followed = on_main
            elif row["kind"] == "page":
                followed = on_main and depth < plan.max_depth
            else:  # "outside": an <a>/<area>/<iframe> link was followed from the main website
                followed = on_main and bool(row["followed"])
            rows.append({**row, "followed": int(followed)})
            if followed:
                follow.append((row["to_url"], depth + 1))
        return rows, follow

    def _evidence_links(
        self, plan: CrawlPlan, page_links: list[Any], depth: int, on_main: bool = True
    ) -> tuple[list[dict[str, Any]], list[tuple[str, int]]]:
        """Content links of a page → (link rows to store, [(url, depth)] to follow).

        From a page on the main website: documents (any host), main-website pages below
        `max_depth`, and pages on other hosts (a Drive viewer, a Facebook page, an official
        system), fetched once so the rules can tell what the agency points at (DOMAIN.md §3a:
        evidence on Drive/Facebook is a defect of the item). From a page on another host
        nothing is followed: it is a leaf."""
        rows: dict[str, dict[str, Any]] = {}
        follow: list[tuple[str, int]] = []
        for link in page_links:
            if not link.in_content or not link.url.startswith(("http://", "https://")):
                continue
            target = request_url(link.url)
            if target in rows:
                continue
            if is_document_url(target):
                kind, followed = "document", on_main
            elif is_main_website(target, plan.website, plan.also_main):
                kind, followed = "page", on_main and depth < plan.max_depth
            else:
                kind, followed = "outside", on_main and link.kind in ("a", "area", "iframe")
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
        run = self._run_of(request)
        yield await failed_fetch_item(failure, run.plan.run_id, self._request_key(request))
        self._settle(run, 1)  # a failed fetch leads nowhere

    @staticmethod
    def _request_key(obj: Any) -> str:
        """The URL first requested (before redirects): the key the store and items use."""
        meta = obj.meta if hasattr(obj, "meta") else {}
        redirects = meta.get("redirect_urls")
        return request_url(redirects[0] if redirects else obj.url)


async def failed_fetch_item(failure: Failure, run_id: str, key: str) -> dict[str, Any]:
    """The store item of a request that got no response (DNS, timeout, reset, TLS, refused
    address …): its outcome classified, timing and retries from the request's meta. A DNS
    failure is checked in a thread for "name does not exist" (broken) vs "no answer" (not sure).
    Used by every spider that stores fetches (evidence, discover)."""
    request = failure.request  # type: ignore[attr-defined]
    missing = False
    if is_dns_failure(failure.value):
        missing = await asyncio.to_thread(name_does_not_exist, host_of(request.url))
    outcome = classify_failure(failure.value, name_missing=missing)
    started = request.meta.get("oitcrawl_started", time.monotonic())
    return {
        "fetch": {
            "run_id": run_id,
            "url": key,
            "depth": request.meta.get("oitcrawl_depth", 0),
            "final_url": None,
            "http_status": None,
            "outcome": outcome.outcome,
            "error_kind": outcome.error_kind,
            "error": outcome.error,
            "redirect_chain_json": _json(request.meta.get("redirect_urls", [])),
            "headers_json": "{}",
            "content_type": None,
            "elapsed_s": round(time.monotonic() - started, 3),
            "retries": request.meta.get("retry_times", 0),
            "fetched_at": utcnow(),
        },
        "body": None,
        "links": [],
    }


def _headers(response: Response) -> dict[str, str]:
    out = {}
    for name in KEPT_HEADERS:
        value = response.headers.get(name)
        if value is not None:
            out[name] = value.decode("latin-1")
    return out


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
