"""The whole job for one submission: crawl → store → extract → evaluate → report.

`run_check` is what `oitcrawl check` and `oitcrawl demo` call. It resumes the latest
unfinished run of the same submission and settings unless asked for a fresh one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from oitcrawl.crawl.runner import run_crawl
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.crawl.urls import HostRewrite, request_url
from oitcrawl.evaluate import evaluate_run
from oitcrawl.extraction import ExtractionStats, extract_run
from oitcrawl.progress import CrawlProgress
from oitcrawl.reports import Outputs, write_outputs
from oitcrawl.spiders.evidence import CrawlPlan
from oitcrawl.store import RUN_COMPLETED, RUN_FAILED, RUN_INTERRUPTED, Run, Store
from oitcrawl.submission import Submission


@dataclass
class CheckResult:
    """What a check produced: the run (status completed or interrupted), outputs (None when
    interrupted), extraction stats."""

    run: Run
    resumed: bool
    outputs: Outputs | None
    extraction: ExtractionStats | None


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
) -> CheckResult:
    """Crawl the submission into the store at `db_path`, extract, evaluate, and write the
    outputs (report.json, report.html, suggestions.csv/.xlsx) to `out_dir`.

    `as_of` (CE date) overrides the submission's; default today. `iit`, `eit`: scores 0-100 of
    the other ITA tools, for the ITA total. Returns with the run marked `interrupted` (no
    outputs) when the crawl was stopped with Ctrl-C; run again to resume.
    Raises StoreError when the database cannot be opened, ValueError for bad IIT/EIT.
    """
    store = Store(db_path)
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
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    try:
        with CrawlProgress(disabled=quiet) as progress:
            reason = run_crawl(
                store, plan, settings, rewrites, out_dir / "crawl.log", progress.hook
            )
        if reason != "finished":
            store.set_run_status(run.id, RUN_INTERRUPTED)
            return CheckResult(store.get_run(run.id), resumed, None, None)
        stats = extract_run(store, run.id)
    except Exception:
        store.set_run_status(run.id, RUN_FAILED)  # kept, and resumable with the same command
        raise
    store.set_run_status(run.id, RUN_COMPLETED)
    run = store.get_run(run.id)
    outputs = write_outputs(evaluate_run(store, run, iit=iit, eit=eit), out_dir)
    return CheckResult(run, resumed, outputs, stats)
