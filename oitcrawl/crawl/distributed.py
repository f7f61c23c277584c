"""A crawl shared by several worker processes (and machines) through one Redis server.

Built on scrapy-redis. A *namespace* (default ``oitcrawl``; one per batch) holds:

- ``NS:runs`` — sorted set of the run ids enqueued (score: enqueue time, Unix seconds);
- ``NS:run:RUN`` — each run's plan (JSON, `RunPlan`): what a worker needs to crawl it;
- ``NS:settings`` — the crawl settings of the batch (one crawler per worker crawls all runs,
  so agencies sharing a host stay one polite stream per worker);
- ``NS:seeds`` — the submitted URLs (JSON ``{"run", "url", "items"}``), read by the spider;
- ``NS:requests`` — the shared scrapy-redis request queue (FIFO, pickled requests);
- ``NS:dupefilter`` — the shared duplicate filter: ``"RUN URL"`` of every request admitted,
  so a URL is fetched once per run across all workers.

This module is the crawl's side of it: the keys, the run plan, the shared scheduler and
duplicate filter (`spiders/distributed.py` is the spider). Queueing runs, the worker and
merging the worker stores are jobs (`oitcrawl/jobs/distributed.py`).

Redis holds pickled requests: only the workers may reach it (a private interface, a password
in the URL), as whoever can write to it can run code in them.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import redis
from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.crawl.urls import request_url
from oitcrawl.i18n import tr
from oitcrawl.store import Store

DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
DEFAULT_NAMESPACE = "oitcrawl"
DEFAULT_IDLE_S = 10.0
RUN_META = "oitcrawl_run_id"  # the request meta key of the run (spiders/evidence.py)


class DistributedError(RuntimeError):
    """Redis cannot be reached or holds something unexpected; the message says what to do."""


@dataclass(frozen=True)
class Keys:
    """The Redis keys of namespace `ns` (see the module docstring)."""

    ns: str

    @property
    def runs(self) -> str:
        return f"{self.ns}:runs"

    def plan(self, run_id: str) -> str:
        return f"{self.ns}:run:{run_id}"

    @property
    def settings(self) -> str:
        return f"{self.ns}:settings"

    @property
    def seeds(self) -> str:
        return f"{self.ns}:seeds"

    @property
    def requests(self) -> str:
        return f"{self.ns}:requests"

    @property
    def dupefilter(self) -> str:
        return f"{self.ns}:dupefilter"


def dupe_key(run_id: str, url: str) -> str:
    """The dupefilter member of a request URL in a run."""
    return f"{run_id} {url}"


def redact(redis_url: str) -> str:
    """The Redis URL as printed: a password in it is replaced by ***."""
    parts = urlsplit(redis_url)
    if parts.password is None:
        return redis_url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = f"{parts.username}:" if parts.username else ":"
    return urlunsplit(parts._replace(netloc=f"{user}***@{netloc}"))


def connect(redis_url: str) -> redis.Redis:
    """A Redis client for `redis_url` (redis://[:password@]host:port/db), checked with PING.

    Raises DistributedError naming the URL when it is malformed or the server does not answer.
    """
    try:
        client = redis.Redis.from_url(redis_url, decode_responses=True, socket_timeout=30)
        client.ping()
    except (ValueError, redis.RedisError) as exc:
        raise DistributedError(
            f"--redis {redact(redis_url)}: "
            + tr(
                f"ติดต่อ Redis ไม่ได้ ({exc}) ให้เปิด redis-server หรือตรวจ URL (redis://HOST:PORT/DB)",
                f"cannot reach Redis ({exc}); start redis-server or check the URL "
                "(redis://HOST:PORT/DB)",
            )
        ) from exc
    return client


def check_namespace(ns: str) -> str:
    """The namespace if usable in key names (letters, digits, - _ . :); else DistributedError."""
    if not ns or not all(c.isalnum() or c in "-_.:" for c in ns):
        raise DistributedError(
            f"--namespace {ns!r}: "
            + tr(
                "ใช้ตัวอักษร ตัวเลข และ - _ . : เท่านั้น เช่น oitcrawl หรือ bma-2566",
                "use letters, digits and - _ . : only, e.g. oitcrawl or bma-2566",
            )
        )
    return ns


# -- the plan -------------------------------------------------------------------------------
@dataclass
class RunPlan:
    """Everything a worker needs to crawl a run and write it into its own store.

    `run`: the `runs` row as `Store.run_row` gives it (agency name and website instead of
    agency_id); `also_main`: the submission's other main hosts; `submitted`: the
    `submitted_urls` rows; `max_depth`: page depth followed; `rewrites`: `--rewrite-host`
    values given at enqueue time (FROM=TO); `previous`: the agency's earlier fetches in the
    main store, by request URL (`earlier_fetches`), for conditional requests.
    """

    run: dict[str, Any]
    also_main: list[str]
    submitted: list[dict[str, Any]]
    max_depth: int = 1
    rewrites: list[str] = field(default_factory=list)
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> RunPlan:
        return cls(**json.loads(text))


def earlier_fetches(
    store: Store, run_id: str, also_main: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """The agency's latest earlier fetch of each URL (`Store.previous_fetches` of `run_id`)
    whose body the main `store` holds, each with the link rows stored with it (``links``): a
    worker asks for the URL conditionally, and on a 304 follows those links without the body.
    Fetches of runs whose main hosts differ from `also_main` are left out (their links were
    judged against other hosts): those URLs are asked for unconditionally."""
    out: dict[str, dict[str, Any]] = {}
    hosts: dict[str, tuple[str, ...]] = {}
    pages: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for url, row in store.previous_fetches(run_id).items():
        earlier = row["run_id"]
        if earlier not in hosts:
            hosts[earlier] = tuple(store.get_run(earlier).submission.get("also_main") or ())
        if hosts[earlier] != tuple(also_main) or not store.blob_path(row["sha256"]).exists():
            continue
        if earlier not in pages:
            pages[earlier] = store.links_by_page(earlier)
        out[url] = {**row, "links": pages[earlier].get(url, [])}
    return out


def batch_settings(values: dict[str, Any], allow_private: bool) -> CrawlSettings:
    """A worker's crawl settings from the namespace's: private addresses only when the batch
    *and* the worker allow them. Fields this version does not know are left out."""
    known = {f.name for f in fields(CrawlSettings)} - {"clamped"}
    kept = {k: v for k, v in values.items() if k in known}
    kept["allow_private"] = bool(kept.get("allow_private")) and allow_private
    return CrawlSettings(**kept)


def seeds_of(run_id: str, submitted: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """[(item id, request URL)] → one seed per distinct URL with all its items, in order."""
    seeds: dict[str, list[str]] = {}
    for item_id, url in submitted:
        items = seeds.setdefault(url, [])
        if item_id not in items:
            items.append(item_id)
    return [{"run": run_id, "url": url, "items": items} for url, items in seeds.items()]


# -- scrapy-redis components ----------------------------------------------------------------
class RunScheduler(Scheduler):
    """scrapy-redis's shared scheduler; a request's download clock starts when it is taken
    from the queue (it may have waited there, queued by another worker on another machine)."""

    def next_request(self) -> Request | None:
        request = super().next_request()
        if request is not None:
            request.meta["oitcrawl_started"] = time.monotonic()
        return request


class RunDupeFilter(RFPDupeFilter):
    """The shared duplicate filter, keyed by run and canonical request URL (the key the
    evidence spider and the store use, not Scrapy's fingerprint). A redirect is the same
    fetch continuing, never a duplicate."""

    def request_fingerprint(self, request: Request) -> str:
        return dupe_key(str(request.meta.get(RUN_META, "")), request_url(request.url))

    def request_seen(self, request: Request) -> bool:
        if request.meta.get("redirect_urls"):
            return False
        return super().request_seen(request)


def redis_settings(redis_url: str, ns: str, idle_s: float) -> dict[str, Any]:
    """Scrapy settings that make a crawler share namespace `ns`' queue and dupefilter."""
    keys = Keys(ns)
    return {
        "REDIS_URL": redis_url,
        "OITCRAWL_NAMESPACE": ns,
        "SCHEDULER": "oitcrawl.crawl.distributed.RunScheduler",
        "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.FifoQueue",  # breadth first, as one process
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "DUPEFILTER_CLASS": "oitcrawl.crawl.distributed.RunDupeFilter",
        "SCHEDULER_PERSIST": True,  # the first worker to finish must not delete the shared queue
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "REDIS_START_URLS_KEY": keys.seeds,
        "MAX_IDLE_TIME_BEFORE_CLOSE": max(1, round(idle_s)),
    }


# -- the plan in a worker's store ---------------------------------------------------------
def put_plan_run(store: Store, plan: RunPlan) -> None:
    """Write the plan's agency, run and submitted URLs into a worker's store (if absent), so
    the worker store is a complete store of what it fetched and merges by run id."""
    if not store.has_run(plan.run["id"]):
        store.restore_run(plan.run, plan.submitted)


def load_plan(client: Any, ns: str, run_id: str) -> RunPlan:
    """The plan of `run_id` from Redis; DistributedError when it is not there."""
    text = client.get(Keys(ns).plan(run_id))
    if text is None:
        raise DistributedError(
            f"Redis namespace {ns}: "
            + tr(f"ไม่มีแผนของการตรวจ {run_id}", f"no plan for run {run_id}")
        )
    return RunPlan.from_json(text)
