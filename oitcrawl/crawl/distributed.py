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

`enqueue` (the coordinator) creates the run in the main store exactly as `oitcrawl check`
would, and writes plan, dupefilter and seeds in one Redis transaction. Each `run_worker`
crawls into its *own* SQLite store (SQLite must not be shared over a network file system),
extracts what it fetched, and exits once it has had nothing to do for `idle_s` seconds.
`merge_worker_stores` folds the worker stores into the main store and marks each run
completed, or interrupted when a URL is missing — `oitcrawl check` with the same submission
and settings then resumes it in one process.

Redis holds pickled requests: only the workers may reach it (a private interface, a password
in the URL), as whoever can write to it can run code in them.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import redis
from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from oitcrawl.crawl.settings import CrawlSettings, scrapy_settings
from oitcrawl.crawl.signals import handlers_restored
from oitcrawl.crawl.urls import HostRewrite, request_url
from oitcrawl.i18n import tr
from oitcrawl.store import RUN_COMPLETED, RUN_INTERRUPTED, Run, Store
from oitcrawl.submission import Submission

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
    values given at enqueue time (FROM=TO).
    """

    run: dict[str, Any]
    also_main: list[str]
    submitted: list[dict[str, Any]]
    max_depth: int = 1
    rewrites: list[str] = field(default_factory=list)

    def to_json(self) -> str:
        return json.dumps(self.__dict__, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str | bytes) -> RunPlan:
        return cls(**json.loads(text))


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


def enqueue(
    client: redis.Redis,
    store: Store,
    submission: Submission,
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...] = (),
    as_of: dt.date | None = None,
    ns: str = DEFAULT_NAMESPACE,
    fresh: bool = False,
) -> tuple[Run, int]:
    """Create (or find the unfinished) run of `submission` in the main `store` and queue it.

    The run is made by `check.prepare_run`, as `oitcrawl check` makes it, so `check` can
    resume it later. Plan, dupefilter and seeds go in one Redis transaction: the submitted URLs
    are admitted to the dupefilter before any worker can meet them as links, so each is fetched
    at depth 0, as in one process. Returns (run, seeds pushed); a run already queued is not
    pushed again (0). Raises DistributedError when the namespace holds runs queued with other
    crawl settings (one crawler per worker crawls the whole namespace).
    """
    from oitcrawl.jobs.check import prepare_run

    keys = Keys(check_namespace(ns))
    wanted = {k: v for k, v in settings.to_dict().items() if k != "clamped"}
    queued = client.get(keys.settings)
    if queued is not None and json.loads(queued) != wanted:
        raise DistributedError(
            f"--namespace {ns}: "
            + tr(
                f"มีงานที่เข้าคิวด้วยค่าการเก็บข้อมูลอื่นอยู่แล้ว ({queued}) ให้ใช้ --namespace อื่น",
                f"already holds runs queued with other crawl settings ({queued}); "
                "use another --namespace",
            )
        )
    run, _, crawl_plan = prepare_run(store, submission, settings, as_of, fresh)
    if client.zscore(keys.runs, run.id) is not None:
        return run, 0
    plan = RunPlan(
        run=store.run_row(run.id),
        also_main=list(crawl_plan.also_main),
        submitted=store.submitted(run.id),
        max_depth=crawl_plan.max_depth,
        rewrites=[f"{r.source}={r.target}" for r in rewrites],
    )
    seeds = seeds_of(run.id, list(crawl_plan.submitted))
    with client.pipeline(transaction=True) as pipe:
        pipe.set(keys.plan(run.id), plan.to_json())
        pipe.set(keys.settings, json.dumps(wanted))
        if seeds:
            pipe.sadd(keys.dupefilter, *(dupe_key(run.id, s["url"]) for s in seeds))
            pipe.rpush(keys.seeds, *(json.dumps(s, ensure_ascii=False) for s in seeds))
        pipe.zadd(keys.runs, {run.id: time.time()})
        pipe.execute()
    return run, len(seeds)


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


# -- the worker -----------------------------------------------------------------------------
@dataclass
class WorkerReport:
    """What one worker did: per run id, the fetches in its store; Scrapy's close reason
    ("finished", "shutdown" after Ctrl-C, "idle" when there was never anything queued)."""

    fetches: dict[str, int] = field(default_factory=dict)
    reason: str = "idle"


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


def run_worker(
    redis_url: str,
    db_path: Path,
    ns: str = DEFAULT_NAMESPACE,
    allow_private: bool = False,
    rewrites: tuple[HostRewrite, ...] = (),
    idle_s: float = DEFAULT_IDLE_S,
    log_file: Path | None = None,
    extract: bool = True,
) -> WorkerReport:
    """Crawl the runs queued in namespace `ns` into the store at `db_path` until there has
    been nothing to do for `idle_s` seconds, then extract what was fetched (unless `extract`
    is False). Blocks; call at most once per process (Twisted's reactor cannot restart).

    One Scrapy crawler crawls every run of the namespace with the batch's settings; this
    machine's `rewrites` (`--rewrite-host`) come before those given at enqueue time.
    Waits up to `idle_s` seconds for a first run. Raises DistributedError when Redis cannot
    be reached.
    """
    from scrapy.crawler import CrawlerProcess

    from oitcrawl.extract.run import extract_run
    from oitcrawl.spiders.distributed import DistributedEvidenceSpider, crawl_plan

    keys = Keys(check_namespace(ns))
    client = connect(redis_url)
    report = WorkerReport()
    deadline = time.monotonic() + idle_s
    while not (first := client.zrange(keys.runs, -1, -1)) and time.monotonic() < deadline:
        time.sleep(0.5)
    if not first:
        return report
    store = Store(db_path)
    settings = batch_settings(json.loads(client.get(keys.settings) or "{}"), allow_private)
    plan_rewrites = []
    for run_id in client.zrange(keys.runs, 0, -1):
        plan_rewrites += load_plan(client, ns, run_id).rewrites
    all_rewrites = (*rewrites, *(HostRewrite.parse(r) for r in dict.fromkeys(plan_rewrites)))
    plan = load_plan(client, ns, first[0])
    put_plan_run(store, plan)
    log_name = str(log_file) if log_file else None
    process = CrawlerProcess(
        settings={
            **scrapy_settings(settings, all_rewrites, log_name),
            **redis_settings(redis_url, ns, idle_s),
            "LOG_INSTALL_ROOT_HANDLER": log_file is not None,
        }
    )
    crawler = process.create_crawler(DistributedEvidenceSpider)
    process.crawl(crawler, plans=[crawl_plan(plan)], store=store)
    with handlers_restored():  # Scrapy leaves its handlers: Ctrl-C must stop later stages
        process.start()
    report.reason = str(crawler.stats.get_value("finish_reason") or "unknown")
    for run_id in sorted(crawler.spider.runs):  # type: ignore[union-attr]
        if extract and report.reason == "finished":
            extract_run(store, run_id)
        report.fetches[run_id] = len(store.fetches(run_id))
    return report


# -- merging --------------------------------------------------------------------------------
@dataclass
class MergedRun:
    """A run after merging: its status, fetch count and the URLs still missing (to be fetched
    by resuming it with `oitcrawl check`)."""

    run_id: str
    agency: str
    status: str
    fetches: int
    missing: list[str]


def missing_urls(store: Store, run_id: str) -> list[str]:
    """Submitted URLs and followed link targets of a run that have no fetch row, sorted."""
    fetched = set(store.fetches(run_id))
    wanted = {row["request_url"] for row in store.submitted(run_id)}
    wanted |= {link["to_url"] for link in store.links(run_id) if link["followed"]}
    return sorted(wanted - fetched)


def merge_worker_stores(
    sources: list[Path], into: Path, extract: bool = True
) -> tuple[list[MergedRun], dict[str, int]]:
    """Fold worker stores into the main store at `into` (idempotent: merging again adds
    nothing), then mark each merged run completed, or interrupted when URLs are missing.

    Returns (merged runs, row counts added per table). Extracts anything the workers did not
    (cached extracts are reused). Raises StoreError naming a source that is missing, is not a
    store, or is the target itself.
    """
    from oitcrawl.extract.run import extract_run
    from oitcrawl.store import StoreError

    for src in sources:  # all checked before anything is written
        if not Path(src).is_file():
            raise StoreError(
                f"{src}: "
                + tr(
                    "ไม่มีฐานข้อมูลหลักฐานที่นี่ (ไฟล์ --db ของ worker)",
                    "no evidence database here (a worker's --db file)",
                )
            )
        if Path(src).resolve() == Path(into).resolve():
            raise StoreError(
                f"{src}: "
                + tr(
                    "เป็นฐานข้อมูล --into เอง ให้ระบุฐานข้อมูลของ worker",
                    "is the --into database itself; give the worker stores",
                )
            )
    target = Store(into)
    added: dict[str, int] = {}
    run_ids: set[str] = set()
    for src in sources:
        source = Store(src)
        for table, n in target.merge_from(source).items():
            added[table] = added.get(table, 0) + n
        run_ids |= {r["id"] for r in source.list_runs()}
    merged = []
    for run_id in sorted(run_ids):
        missing = missing_urls(target, run_id)
        if extract:
            extract_run(target, run_id)
        status = RUN_INTERRUPTED if missing else RUN_COMPLETED
        if target.get_run(run_id).status != status:  # merging again keeps finished_at
            target.set_run_status(run_id, status)
        run = target.get_run(run_id)
        merged.append(
            MergedRun(run_id, run.agency, run.status, len(target.fetches(run_id)), missing)
        )
    return merged, added
