"""The evidence spider as one of several workers sharing a batch of runs through Redis.

It behaves as `EvidenceSpider` — same link following, depth rule and stored outcomes, all runs
of the batch in one crawler — with these differences, each needed because another worker may
do part of the work (oitcrawl/crawl/distributed.py has the Redis side):

- the submitted URLs come from the namespace's seed list (scrapy-redis `RedisMixin`);
- runs are learnt from Redis when first met (a seed or a queued request of a new run);
- a request carries the items it is evidence for (`oitcrawl_items`), so whichever worker
  fetches it follows its links for those items;
- links found on pages go through the shared dupefilter (`dont_filter=False`): a URL is
  fetched once per run across all workers (`enqueue` admitted the submitted URLs already);
- the agency's earlier fetches come with the run's plan (`RunPlan.previous`, from the main
  store at enqueue time, with the links stored with each): a URL is asked conditionally (or,
  while HTTP caching calls the copy fresh, `--fresh-for`, not at all), and a 304 or a fresh
  copy stands for the main store's body, which the worker never holds. Its links are those the
  plan carries; where they may not be (a 304 from another final URL), the URL is asked again
  without validators. `merge` then finds the body and its extract in the main store.

The spider closes after MAX_IDLE_TIME_BEFORE_CLOSE seconds without any response, so a worker
waits for links another worker is still finding, and exits once the batch is done.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any, Self

import scrapy
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy_redis.spiders import RedisMixin
from twisted.python.failure import Failure

from oitcrawl.crawl.distributed import RUN_META, Keys, RunPlan, dupe_key, load_plan, put_plan_run
from oitcrawl.spiders.evidence import (
    HANDLED_STATUSES,
    NOT_MODIFIED,
    CrawlPlan,
    EvidenceSpider,
    RunState,
)


def crawl_plan(plan: RunPlan) -> CrawlPlan:
    """The evidence spider's plan of a queued run."""
    return CrawlPlan(
        run_id=plan.run["id"],
        website=plan.run["website"],
        also_main=tuple(plan.also_main),
        submitted=tuple((s["item_id"], s["request_url"]) for s in plan.submitted),
        max_depth=plan.max_depth,
        label=plan.run.get("agency") or "",
    )


class DistributedEvidenceSpider(RedisMixin, EvidenceSpider):
    name = "evidence-distributed"
    # A worker turns every seed it pops into a request on the shared queue, so popping many at
    # once loses no parallelism and admits them all before their links.
    redis_batch_size = 1000

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.setup_redis(crawler)
        spider.namespace = crawler.settings.get("OITCRAWL_NAMESPACE")
        spider.last_activity = time.monotonic()
        spider._seeding = False  # in make_request_from_data: no fresh copy for a seed
        for run_id, state in spider.runs.items():  # the runs it was started with
            state.previous = load_plan(spider.server, spider.namespace, run_id).previous
        return spider

    async def start(self) -> AsyncIterator[Any]:
        for request in self.next_requests():
            yield request

    def make_request_from_data(self, data: bytes | str) -> list[scrapy.Request]:
        """A seed `{"run", "url": request URL, "items": [item ids]}` → its request (depth 0).
        scrapy-redis takes requests only from here, so a seed is always asked (conditionally),
        never taken fresh from the plan (`_fresh_copy`): that gives an item, not a request."""
        seed = json.loads(data)
        run = self._run_state(seed["run"])
        self._seeding = True
        try:
            return list(self._visit(run, seed["url"], frozenset(seed["items"]), 0))
        finally:
            self._seeding = False

    def _fresh_copy(self, run: RunState, url: str) -> dict[str, Any] | None:
        """The plan's earlier fetch of `url` while HTTP caching calls it fresh, once across
        the workers: its key goes into the shared dupefilter as its request's would (another
        worker's request of it is then dropped there); never for a seed."""
        if self._seeding or (prev := super()._fresh_copy(run, url)) is None:
            return None
        admitted = self.server.sadd(Keys(self.namespace).dupefilter, dupe_key(run.plan.run_id, url))
        return prev if admitted else None

    def _run_state(self, run_id: str) -> RunState:
        """The run's state; a run first met is loaded from Redis and written to the store."""
        if run_id not in self.runs:
            plan = load_plan(self.server, self.namespace, run_id)
            put_plan_run(self.store, plan)
            state = RunState(crawl_plan(plan), self.store)
            state.previous = plan.previous  # the main store's, not this worker's
            self.runs[run_id] = state
        return self.runs[run_id]

    def _run_of(self, obj: Any) -> RunState:
        meta = obj.meta if hasattr(obj, "meta") else {}
        return self._run_state(meta.get(RUN_META) or self.plan.run_id)

    def _visit(self, run: RunState, url: str, items: frozenset[str], depth: int) -> Iterator[Any]:
        for request in super()._visit(run, url, items, depth):
            if not isinstance(request, scrapy.Request):  # a fresh copy's fetch item
                yield request
                continue
            # the innermost call (a replayed stored link) has set its own items already
            request.meta.setdefault("oitcrawl_items", sorted(items))
            if request.meta["oitcrawl_depth"] > 0:
                request = request.replace(dont_filter=False)
            yield request

    def _body_kept(self, prev: dict[str, Any]) -> bool:
        """The plan carries only earlier fetches whose body the main store holds."""
        return True

    def _links_kept(
        self, run: RunState, prev: dict[str, Any], final_url: str
    ) -> list[dict[str, Any]] | None:
        """The link rows the plan carries with `prev` when the 304 came from the same final
        URL (links resolve against it; `enqueue` left out the fetches of runs with other main
        hosts), else None."""
        return prev["links"] if prev.get("final_url") == final_url else None

    def _asked_again(self, response: Response) -> scrapy.Request:
        """The request of a 304 whose stored links may not hold, without validators: its body
        is read again (only the main store holds the earlier one)."""
        meta = {k: v for k, v in response.meta.items() if k.startswith("oitcrawl_")}
        meta.pop("oitcrawl_previous", None)
        meta.update(oitcrawl_started=time.monotonic(), handle_httpstatus_list=HANDLED_STATUSES)
        url = self._request_key(response)
        return scrapy.Request(url, callback=self.parse, errback=self.on_error, dont_filter=True,
                              meta=meta)  # fmt: skip

    def _adopt(self, request: scrapy.Request | None) -> None:
        """Attribute a request taken from the shared queue to the items it carries."""
        self.last_activity = time.monotonic()
        if request is not None:
            run = self._run_of(request)
            url = self._request_key(request)
            run.url_items[url] |= set(request.meta.get("oitcrawl_items", ()))

    def parse(self, response: Response) -> Iterator[Any]:
        self._adopt(response.request)
        prev = response.meta.get("oitcrawl_previous")
        if response.status == NOT_MODIFIED and prev:
            run = self._run_of(response)
            if self._links_kept(run, prev, response.url) is None:
                yield self._asked_again(response)
                return
        yield from super().parse(response)

    async def on_error(self, failure: Failure) -> AsyncIterator[Any]:
        self._adopt(failure.request)  # type: ignore[attr-defined]
        async for result in super().on_error(failure):
            yield result

    def spider_idle(self) -> None:
        """Take new seeds; close only after `max_idle_time` seconds without any response."""
        if self.count_size(self.redis_key) > 0:
            self.last_activity = time.monotonic()
            self.schedule_next_requests()
        if time.monotonic() - self.last_activity >= self.max_idle_time:
            return
        raise DontCloseSpider
