"""The distributed crawl (docs/distributed.md): `enqueue`, `worker`, `merge`."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Annotated

import typer

from oitcrawl.cli.application import PANEL_DISTRIBUTED, app
from oitcrawl.cli.checks import (
    _check_as_of,
    _check_db_target,
    _check_is_store,
    _parse_date,
    _warn_caps,
)
from oitcrawl.cli.console import out
from oitcrawl.cli.errors import BadInput
from oitcrawl.cli.options import (
    DEFAULT_DB,
    NO_FRESH_FOR,
    AllowPrivateOption,
    AsOfOption,
    AutothrottleOption,
    BackoffOption,
    DbOption,
    DelayOption,
    DepthOption,
    FreshForOption,
    FreshRunsOption,
    IgnoreRobotsOption,
    LegacyTlsOption,
    MaxBytesOption,
    MaxPagesOption,
    MaxTotalBytesOption,
    NamespaceOption,
    RedisOption,
    RetriesOption,
    RewriteHostOption,
    TimeoutOption,
    _check_finite,
    _crawl_settings,
    _rewrites,
)
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.i18n import tr


@app.command(rich_help_panel=PANEL_DISTRIBUTED)
def enqueue(
    submissions: Annotated[list[Path], typer.Argument(help="Submission files (YAML or JSON).")],
    redis_url: RedisOption = "redis://127.0.0.1:6379/0",
    namespace: NamespaceOption = "oitcrawl",
    db: DbOption = DEFAULT_DB,
    as_of: AsOfOption = None,
    rewrite_host: RewriteHostOption = None,
    depth: DepthOption = CrawlSettings.max_depth,
    delay: DelayOption = CrawlSettings.delay_s,
    concurrency: Annotated[
        int, typer.Option(help="Parallel requests per host, per worker (divide by workers).")
    ] = 2,
    timeout: TimeoutOption = CrawlSettings.timeout_s,
    retries: RetriesOption = CrawlSettings.retries,
    backoff: BackoffOption = CrawlSettings.backoff_s,
    ignore_robots: IgnoreRobotsOption = False,
    autothrottle: AutothrottleOption = True,
    max_bytes: MaxBytesOption = CrawlSettings.max_bytes,
    allow_private: AllowPrivateOption = False,
    legacy_tls: LegacyTlsOption = False,
    max_pages: MaxPagesOption = CrawlSettings.max_pages,
    max_total_bytes: MaxTotalBytesOption = CrawlSettings.max_total_bytes,
    fresh: FreshRunsOption = False,
    fresh_for: FreshForOption = NO_FRESH_FOR,  # as check, which resumes a run merged short
) -> None:
    """Queue submissions for a distributed crawl (docs/distributed.md): create each run in
    --db and push its plan and submitted URLs to Redis for `oitcrawl worker`s."""
    from oitcrawl.crawl.distributed import DistributedError, connect
    from oitcrawl.jobs.distributed import enqueue as push
    from oitcrawl.store import Store
    from oitcrawl.submission import load_submission

    subs = [load_submission(path) for path in submissions]  # all validated before any is queued
    settings = _crawl_settings(
        depth=depth,
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_bytes=max_bytes,
        ignore_robots=ignore_robots,
        autothrottle=autothrottle,
        allow_private=allow_private,
        legacy_tls=legacy_tls,
        max_pages=max_pages,
        max_total_bytes=max_total_bytes,
        fresh_for=fresh_for,
    )
    rewrites, when = _rewrites(rewrite_host), _parse_date(as_of, "--as-of")
    _check_db_target(db)
    for sub, path in zip(subs, submissions, strict=True):
        try:
            _check_as_of(sub, when)
        except BadInput as exc:
            raise BadInput(f"{path}: {exc}") from None
        _warn_caps(sub)
    try:
        client, store = connect(redis_url), Store(db)
        for sub in subs:
            run, seeds = push(client, store, sub, settings, rewrites, when, namespace, fresh)
            out.print(f"{run.id}  {sub.agency}  " + tr(f"URL ที่ส่ง {seeds} รายการเข้าคิว",
                      f"{seeds} submitted URLs queued"), highlight=False)  # fmt: skip
    except DistributedError as exc:
        raise BadInput(str(exc)) from None


@app.command(rich_help_panel=PANEL_DISTRIBUTED)
def worker(
    redis_url: RedisOption = "redis://127.0.0.1:6379/0",
    namespace: NamespaceOption = "oitcrawl",
    db: Annotated[
        Path, typer.Option("--db", help="This worker's own evidence database (merge it later).")
    ] = Path("oitcrawl-data/worker.sqlite"),
    allow_private: AllowPrivateOption = False,
    rewrite_host: RewriteHostOption = None,
    idle: Annotated[
        float, typer.Option(help="Exit after this many seconds with nothing to do.")
    ] = 10.0,
    log: Annotated[Path | None, typer.Option(help="Write Scrapy's log here.")] = None,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Extract text (else `merge` does).")
    ] = True,
) -> None:
    """Crawl the runs queued in Redis into this worker's own store, with other workers
    (on this or other machines) sharing the queue and the duplicate filter."""
    from oitcrawl.crawl.distributed import DistributedError, redact
    from oitcrawl.jobs.distributed import run_worker

    _check_finite("--idle", idle)
    if idle <= 0:
        raise BadInput("--idle: " + tr("ต้องมากกว่า 0 วินาที", "must be more than 0 seconds"))
    try:
        report = run_worker(redis_url, db, namespace, allow_private, _rewrites(rewrite_host),
                            idle, log, extract)  # fmt: skip
    except DistributedError as exc:
        raise BadInput(str(exc)) from None
    for run_id, n in report.fetches.items():
        out.print(f"{run_id}  " + tr(f"ดึงข้อมูล {n} รายการ", f"{n} fetches"), highlight=False)
    if report.reason == "idle":
        out.print(tr("ไม่มีงานในคิว", "nothing queued") + f" ({redact(redis_url)} {namespace})")
    if report.reason == "shutdown":  # what stopped it decides: 130 (Ctrl-C) or 143 (SIGTERM)
        from oitcrawl.crawl.signals import raise_for_signal

        raise_for_signal(report.signal or signal.SIGINT)


@app.command(rich_help_panel=PANEL_DISTRIBUTED)
def merge(
    stores: Annotated[list[Path], typer.Argument(help="The workers' evidence databases.")],
    into: Annotated[Path, typer.Option("--into", help="The main evidence database.")],
) -> None:
    """Merge worker stores into the main store (idempotent), extract, and mark each run
    completed, or interrupted with the URLs still missing (finish it with `check`)."""
    from oitcrawl.jobs.distributed import merge_worker_stores

    for src in stores:  # each a readable oitcrawl store, checked before --into is created
        _check_is_store(src)
    created = not into.exists()
    try:
        runs_merged, added = merge_worker_stores(stores, into)
    except BaseException:
        if created:  # a failed merge leaves no half-made database behind
            for leftover in (into, *(into.with_name(into.name + s) for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        raise
    out.print(", ".join(f"{table} +{n}" for table, n in added.items()), highlight=False)
    for r in runs_merged:
        out.print(f"{r.run_id}  {r.agency}  {r.status}  " + tr(f"ดึงข้อมูล {r.fetches} รายการ",
                  f"{r.fetches} fetches"), highlight=False)  # fmt: skip
        for url in r.missing:
            out.print("  " + tr("ยังไม่ได้ดึง", "not fetched") + f": {url}", highlight=False)
