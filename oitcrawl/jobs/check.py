"""The whole job for one submission: crawl → store → extract → evaluate → report.

`run_check` is what `oitcrawl check` and `oitcrawl demo` call. It resumes the latest
unfinished run of the same submission and settings unless asked for a fresh one.
`prepare_run` makes (or finds) the run; `oitcrawl batch` (``jobs.batch``) and `enqueue`
(``jobs.distributed``) make theirs with it too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from oitcrawl.crawl.runner import run_crawl
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.crawl.signals import Terminated
from oitcrawl.crawl.urls import HostRewrite, request_url
from oitcrawl.evaluate import evaluate_run
from oitcrawl.extract.run import ExtractionStats, extract_run, worker_count
from oitcrawl.jobs.progress import CrawlProgress, StageProgress
from oitcrawl.reports import Outputs, record_outputs
from oitcrawl.spiders.evidence import CrawlPlan
from oitcrawl.store import (
    RUN_COMPLETED,
    RUN_FAILED,
    RUN_INTERRUPTED,
    Run,
    Store,
    run_lease,
)
from oitcrawl.submission import Submission


@dataclass
class CheckResult:
    """What a check produced: the run (status completed or interrupted), outputs (None when
    interrupted), extraction stats."""

    run: Run
    resumed: bool
    outputs: Outputs | None
    extraction: ExtractionStats | None


def prepare_run(
    store: Store,
    submission: Submission,
    settings: CrawlSettings,
    as_of: dt.date | None = None,
    fresh: bool = False,
) -> tuple[Run, bool, CrawlPlan]:
    """The run to crawl for `submission`: the latest unfinished run of the same submission and
    settings (resumed: True) unless `fresh`, else a new one; with its crawl plan.

    `as_of` (CE date) overrides the submission's; default today.
    """
    as_of = as_of or submission.as_of or dt.date.today()
    sub_dict = submission.model_dump(mode="json")
    sub_dict["as_of"] = as_of.isoformat()
    settings_dict = settings.to_dict()
    run = None if fresh else store.find_resumable_run(sub_dict, settings_dict)
    resumed = run is not None
    if run is None:
        run = store.create_run(
            agency=submission.agency,
            website=submission.website,
            framework=submission.framework,
            fiscal_year=submission.fiscal_year,
            as_of=as_of.isoformat(),
            submission=sub_dict,
            submitted=[(i, u, request_url(u)) for i, u in submission.all_urls()],
            settings=settings_dict,
        )
    plan = CrawlPlan(
        run_id=run.id,
        website=submission.website,
        also_main=submission.also_main,
        submitted=tuple((i, request_url(u)) for i, u in submission.all_urls()),
        max_depth=settings.max_depth,
        label=submission.agency,
    )
    return run, resumed, plan


def run_check(
    submission: Submission,
    out_dir: Path,
    db_path: Path,
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...] = (),
    as_of: dt.date | None = None,
    quiet: bool = False,
    fresh: bool = False,
    iit: float | None = None,
    eit: float | None = None,
    since: str | None = None,
    archive: Path | None = None,
) -> CheckResult:
    """Crawl the submission into the store at `db_path`, extract, evaluate, and write the
    outputs (report.json, report.html, suggestions.csv/.xlsx) to `out_dir`.

    `as_of` (CE date) overrides the submission's; default today. `iit`, `eit`: scores 0-100 of
    the other ITA tools, for the ITA total. `since`: an earlier run id of the same agency;
    findings are marked new / open / fixed against it (validate it first with
    ``oitcrawl.history.check_since``). `archive`: also write the run's evidence archive
    there (.wacz or .warc.gz, oitcrawl/history/archive.py) before the report, so every finding
    points at its WARC record. Returns with the run marked `interrupted` (no
    outputs) when the crawl was stopped with Ctrl-C; run again to resume.
    Raises StoreError when the database cannot be opened, ValueError for bad IIT/EIT.
    """
    with run_lease(db_path, submission.agency, submission.website):  # before the store opens
        store = Store(db_path)
        return _run_check_leased(
            store, submission, out_dir, settings, rewrites, as_of, quiet, fresh, iit, eit,
            since, archive,
        )  # fmt: skip


def _run_check_leased(
    store: Store,
    submission: Submission,
    out_dir: Path,
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...],
    as_of: dt.date | None,
    quiet: bool,
    fresh: bool,
    iit: float | None,
    eit: float | None,
    since: str | None,
    archive: Path | None,
) -> CheckResult:
    run, resumed, plan = prepare_run(store, submission, settings, as_of, fresh)
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with CrawlProgress(disabled=quiet) as progress:
            reason = run_crawl(
                store, plan, settings, rewrites, out_dir / "crawl.log", progress.hook
            )
        if reason != "finished":
            store.set_run_status(run.id, RUN_INTERRUPTED)
            return CheckResult(store.get_run(run.id), resumed, None, None)
        with StageProgress(disabled=quiet) as stage:
            stats = extract_run(store, run.id, workers=worker_count(), on_progress=stage.documents)
            store.set_run_status(run.id, RUN_COMPLETED)
            run = store.get_run(run.id)
            if archive is not None:
                from oitcrawl.history.archive import write_archive

                stage.stage("กำลังเขียนไฟล์เก็บหลักฐาน", "writing the archive")
                write_archive(store, run.id, archive)
            stage.stage("กำลังประเมินตามเกณฑ์", "evaluating")
            evaluation = evaluate_run(store, run, iit=iit, eit=eit)
            stage.stage("กำลังเขียนรายงาน", "writing the reports")
            # the results are also kept in the store (history, summary, serve); --since marks
            # changes
            outputs = record_outputs(store, evaluation, out_dir, since)
    except (KeyboardInterrupt, Terminated):
        # Ctrl-C / SIGTERM in any stage: everything stored stays; the same command resumes
        # (the crawl has nothing left to fetch, extraction is cached)
        store.set_run_status(run.id, RUN_INTERRUPTED)
        raise
    except Exception:
        if store.get_run(run.id).status != RUN_COMPLETED:
            store.set_run_status(run.id, RUN_FAILED)  # kept, resumable with the same command
        raise
    return CheckResult(run, resumed, outputs, stats)
