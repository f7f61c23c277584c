"""Distributed checking, the job: queue runs in Redis, crawl them on workers, merge the stores.

`enqueue` (the coordinator) creates the run in the main store exactly as `oitcrawl check`
would, and writes plan (with the agency's earlier fetches, for conditional requests),
dupefilter and seeds in one Redis transaction. Each `run_worker`
crawls into its *own* SQLite store (SQLite must not be shared over a network file system),
extracts what it fetched, and exits once it has had nothing to do for `idle_s` seconds.
`merge_worker_stores` folds the worker stores into the main store and marks each run
completed, or interrupted when a URL is missing — `oitcrawl check` with the same submission
and settings then resumes it in one process. The Redis layout and the scrapy-redis
components are `oitcrawl/crawl/distributed.py`.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import redis

from oitcrawl.crawl.distributed import (
    DEFAULT_IDLE_S,
    DEFAULT_NAMESPACE,
    DistributedError,
    Keys,
    RunPlan,
    batch_settings,
    check_namespace,
    connect,
    dupe_key,
    earlier_fetches,
    load_plan,
    put_plan_run,
    redis_settings,
    seeds_of,
)
from oitcrawl.crawl.settings import CrawlSettings, scrapy_settings
from oitcrawl.crawl.signals import handlers_restored
from oitcrawl.crawl.urls import HostRewrite
from oitcrawl.i18n import tr
from oitcrawl.store import RUN_COMPLETED, RUN_INTERRUPTED, Run, Store
from oitcrawl.submission import Submission


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
    from oitcrawl.jobs.check import prepare_run  # the same run `oitcrawl check` makes

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
        previous=earlier_fetches(store, run.id, crawl_plan.also_main),
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


# -- the worker -----------------------------------------------------------------------------
@dataclass
class WorkerReport:
    """What one worker did: per run id, the fetches in its store; Scrapy's close reason
    ("finished", "shutdown" after Ctrl-C or SIGTERM, "idle" when there was never anything
    queued); ``signal``: the signal that stopped it (SIGINT 2, SIGTERM 15), else None."""

    fetches: dict[str, int] = field(default_factory=dict)
    reason: str = "idle"
    signal: int | None = None


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
    from oitcrawl.crawl.runner import SignalRecordingProcess
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
    process = SignalRecordingProcess(
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
    report.signal = process.signals_received[0] if process.signals_received else None
    for run_id, state in sorted(crawler.spider.runs.items()):  # type: ignore[union-attr]
        if extract and report.reason == "finished":
            # a 304 or a fresh copy stands for the main store's body: merge finds it extracted
            earlier = state.previous.values()  # the run's plan's
            elsewhere = {p["sha256"] for p in earlier if not store.blob_path(p["sha256"]).exists()}
            extract_run(store, run_id, skip=elsewhere)
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
