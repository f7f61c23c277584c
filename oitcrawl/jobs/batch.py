"""Many submissions in one crawl: what `oitcrawl batch` runs (``run_batch``).

One Scrapy crawler carries every agency's plan, so agencies on one host share its politeness
limits; an extraction pool reads the documents while the crawl goes on; after it, the agencies
are evaluated and reported in parallel processes, one per core, and `batch.json` indexes them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oitcrawl.crawl.runner import run_crawl
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.crawl.signals import Terminated
from oitcrawl.crawl.urls import HostRewrite
from oitcrawl.evaluate import evaluate_run
from oitcrawl.extract.isolate import WorkerPool
from oitcrawl.extract.record import EXTRACTOR_VERSION
from oitcrawl.extract.run import BackgroundExtraction, extract_run, worker_count
from oitcrawl.jobs.check import prepare_run
from oitcrawl.jobs.progress import CrawlProgress
from oitcrawl.reports import record_outputs
from oitcrawl.spiders.evidence import CrawlPlan
from oitcrawl.store import (
    RUN_COMPLETED,
    RUN_FAILED,
    RUN_INTERRUPTED,
    RUN_RUNNING,
    Store,
    run_lease,
    utcnow,
)
from oitcrawl.submission.batch import BatchEntry, BatchProblem

EXTRACTION_NICE = 10  # a batch's extraction workers run at this much lower CPU priority


@dataclass
class BatchResult:
    """What a batch produced: `index` (the batch.json dict: agencies with run id, status, OIT
    score, state; skipped problems) and `interrupted` (True after Ctrl-C: run it again)."""

    index: dict[str, Any]
    interrupted: bool


def run_batch(
    entries: list[BatchEntry],
    problems: list[BatchProblem],
    out_dir: Path,
    db_path: Path,
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...] = (),
    as_of: dt.date | None = None,
    quiet: bool = False,
    fresh: bool = False,
    source: str = "",
    fail_under: float | None = None,
) -> BatchResult:
    """Check many submissions in ONE crawl (one Scrapy crawler carries every run's plan, so
    agencies on one host share its politeness limits), then extract, evaluate and write each
    agency's outputs to `out_dir/<slug>/` and the index to `out_dir/batch.json`.

    Resuming: while `batch.json` says the batch is unfinished, running it again keeps the
    agencies already completed and resumes every other run (`fresh` starts all anew).
    `fail_under` (0-100): an agency below it gets the state "below_threshold".
    Raises StoreError when the database cannot be opened.
    """
    with contextlib.ExitStack() as leases:
        for e in entries:  # every agency of the batch: none may be crawled twice at once
            leases.enter_context(run_lease(db_path, e.submission.agency, e.submission.website))
        store = Store(db_path)
        return _run_batch_leased(
            store, entries, problems, out_dir, settings, rewrites, as_of, quiet, fresh,
            source, fail_under,
        )  # fmt: skip


def _run_batch_leased(
    store: Store,
    entries: list[BatchEntry],
    problems: list[BatchProblem],
    out_dir: Path,
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...],
    as_of: dt.date | None,
    quiet: bool,
    fresh: bool,
    source: str,
    fail_under: float | None,
) -> BatchResult:
    out_dir.mkdir(parents=True, exist_ok=True)
    index_path = out_dir / "batch.json"
    previous = {} if fresh else _read_index(index_path)
    unfinished = previous.get("status") not in (None, RUN_COMPLETED)
    done = {a["slug"]: a for a in previous.get("agencies", []) if unfinished}
    agencies: list[dict[str, Any]] = []
    plans: list[CrawlPlan] = []
    for e in entries:
        kept = done.get(e.slug)
        if (
            kept
            and kept.get("status") == RUN_COMPLETED
            and kept.get("agency") == e.submission.agency
        ):
            agencies.append({**kept, "resumed": True})
            continue
        run, resumed, plan = prepare_run(store, e.submission, settings, as_of, fresh)
        plans.append(plan)
        agencies.append(
            {
                "slug": e.slug,
                "agency": e.submission.agency,
                "website": e.submission.website,
                "source": e.source,
                "run_id": run.id,
                "status": run.status,
                "resumed": resumed,
            }
        )
    index: dict[str, Any] = {
        "schema": "oitcrawl/batch@1",
        "input": source,
        "status": RUN_RUNNING,
        "started_at": previous.get("started_at") or utcnow(),
        "finished_at": None,
        "agencies": agencies,
        "problems": [p.to_dict() for p in problems],
    }
    _write_index(index, index_path)
    todo = {p.run_id for p in plans}

    def interrupted() -> None:
        for a in agencies:
            if a["run_id"] in todo and a["status"] != RUN_COMPLETED:
                store.set_run_status(a["run_id"], RUN_INTERRUPTED)
                a["status"] = RUN_INTERRUPTED
        index["status"] = RUN_INTERRUPTED
        _write_index(index, index_path)

    try:
        return _crawl_and_report(
            store, agencies, plans, todo, index, index_path, out_dir, settings, rewrites,
            quiet, fail_under,
        )  # fmt: skip
    except (KeyboardInterrupt, Terminated):  # any stage: kept; the same command resumes
        interrupted()
        raise


def _crawl_and_report(
    store: Store,
    agencies: list[dict[str, Any]],
    plans: list[CrawlPlan],
    todo: set[str],
    index: dict[str, Any],
    index_path: Path,
    out_dir: Path,
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...],
    quiet: bool,
    fail_under: float | None,
) -> BatchResult:
    """Crawl, then extract, evaluate and write every agency of `todo`.

    With more than one worker (``worker_count``: the cores, or ``OITCRAWL_WORKERS``) one
    extraction pool of that size serves the whole batch and reads every document as soon
    as the crawl has stored it; after the crawl the agencies are evaluated and their
    outputs written by as many processes side by side. ``OITCRAWL_WORKERS=1`` is the serial
    path: one document, then one agency, at a time in this process. Both give the same
    outputs and batch.json (the index is written here, in the agencies' order).
    """
    workers = worker_count()
    early: dict[str, Future[Any]] = {}  # run id → its evaluation, started during the crawl
    with contextlib.ExitStack() as stack:
        pool = extraction = processes = on_run_crawled = None
        if workers > 1 and todo:
            from oitcrawl.history.results import create_results_schema

            create_results_schema(store)  # here, not by several processes at once
            # the evaluating processes start now and import the report writers while the
            # crawl goes on
            processes = stack.enter_context(_Reporters(min(workers, len(todo))))
            # niced: the crawl, one process, is the critical path; the workers take what
            # CPU it leaves
            pool = stack.enter_context(WorkerPool(workers, nice=EXTRACTION_NICE))
            extraction = BackgroundExtraction(store.path, pool)
            stack.callback(extraction.abort)  # a no-op after finish(); Ctrl-C: stop at once
            slugs = {a["run_id"]: a["slug"] for a in agencies}
            on_run_crawled = _evaluate_early(
                extraction, processes, early, store, slugs, out_dir, fail_under
            )
        if plans:
            with CrawlProgress(disabled=quiet) as progress:
                reason = run_crawl(
                    store, plans, settings, rewrites, out_dir / "crawl.log", progress.hook,
                    extraction, on_run_crawled,
                )  # fmt: skip
            if reason != "finished":
                if processes is not None:  # no run may be marked completed after this
                    processes.kill()
                for a in agencies:
                    if a["run_id"] in todo:
                        store.set_run_status(a["run_id"], RUN_INTERRUPTED)
                        a["status"] = RUN_INTERRUPTED
                index["status"] = RUN_INTERRUPTED
                _write_index(index, index_path)
                return BatchResult(index, True)
        if extraction is not None:
            pool.renice(0)  # the crawl is over: the workers are the critical path now
            extraction.finish()
        _report_agencies(
            store, agencies, todo, index, index_path, out_dir, fail_under, pool, processes, early
        )
    failed = any(a["status"] == RUN_FAILED for a in agencies)
    index.update(status=RUN_FAILED if failed else RUN_COMPLETED, finished_at=utcnow())
    _write_index(index, index_path)
    return BatchResult(index, False)


def _evaluate_early(
    extraction: BackgroundExtraction,
    processes: _Reporters,
    early: dict[str, Future[Any]],
    store: Store,
    slugs: dict[str, str],
    out_dir: Path,
    fail_under: float | None,
) -> Callable[[str], None]:
    """The crawl's ``on_run_crawled``: once an agency's every fetch is stored and its
    documents read, its evaluation starts in `processes` while the crawl goes on for the
    others (in a re-run of unchanged sites most of the batch's time). Its future goes into
    `early`; ``_report_agencies`` collects it in the agencies' order."""

    def crawled(run_id: str) -> None:
        task = (str(store.path), run_id, str(out_dir), slugs[run_id], fail_under)

        def extracted() -> None:  # in the extraction's writer thread: submit, never wait
            early[run_id] = processes.submit(_early_report_task, task)

        # a resumed run's fetches of before the stop were not handed to the extraction yet
        for fetch in store.fetches(run_id).values():
            extraction.add(fetch["sha256"], fetch["content_type"], fetch["final_url"])
        extraction.after_added(extracted)

    return crawled


def _report_agencies(
    store: Store,
    agencies: list[dict[str, Any]],
    todo: set[str],
    index: dict[str, Any],
    index_path: Path,
    out_dir: Path,
    fail_under: float | None,
    pool: WorkerPool | None,
    processes: _Reporters | None = None,
    early: dict[str, Future[Any]] | None = None,
) -> None:
    """Extract what is left of each agency's documents (in `pool`'s workers, else one at a
    time here), evaluate it and write its outputs (in the `processes` pool, else here);
    record each agency's result in the index in order. `early`: the evaluations started
    during the crawl (``_evaluate_early``), whose answers are taken as they are unless
    their agency's documents were not all read then. One agency's failure does not stop
    the others."""

    def failed(a: dict[str, Any], error: str) -> None:
        store.set_run_status(a["run_id"], RUN_FAILED)
        a.update(status=RUN_FAILED, error=error)
        _write_index(index, index_path)

    def completed(a: dict[str, Any], result: dict[str, Any]) -> None:
        a.update(status=RUN_COMPLETED, **result)
        _write_index(index, index_path)

    if pool is None or processes is None:
        for a in agencies:
            if a["run_id"] not in todo:
                continue
            try:
                extract_run(store, a["run_id"])
                result = _report_agency(store, a["run_id"], out_dir, a["slug"], fail_under)
            except Exception as exc:  # one agency's failure must not lose the others
                failed(a, _describe(exc))
                continue
            completed(a, result)
        return
    early = early or {}
    ready = []
    for a in agencies:
        if a["run_id"] not in todo or a["run_id"] in early:
            continue
        try:  # what the crawl did not hand over (a resumed run's earlier fetches)
            extract_run(store, a["run_id"], pool=pool)
        except Exception as exc:
            failed(a, _describe(exc))
            continue
        ready.append(a["run_id"])
    tasks = [(str(store.path), a["run_id"], str(out_dir), a["slug"], fail_under)
             for a in agencies if a["run_id"] in ready]  # fmt: skip
    mapped = processes.map(tasks)  # all submitted now; answers in order
    for a in agencies:
        if a["run_id"] in early:
            answer = processes.result(early[a["run_id"]])
            if answer == NOT_READY:  # a document was not read during the crawl: here
                answer = None
        elif a["run_id"] in ready:
            answer = next(mapped)
        else:
            continue
        if answer is None:  # its process died (killed, out of memory), or not ready: here
            try:
                extract_run(store, a["run_id"], pool=pool)
                answer = _report_agency(store, a["run_id"], out_dir, a["slug"], fail_under), None
            except Exception as exc:
                answer = None, _describe(exc)
        result, error = answer
        if error is not None:
            failed(a, error)
        else:
            completed(a, result)


class _Reporters:
    """A batch's evaluating processes (``_report_task``), started at once so that they
    import the rules and report writers while the crawl goes on. "spawn": fresh
    interpreters, nothing of Twisted or of this process's threads; each opens its own
    connection to the store. They ignore Ctrl-C: leaving the block on an exception (Ctrl-C,
    SIGTERM) kills them. ``map`` yields each task's answer in order, None for a task whose
    process died (a concurrent.futures pool says so instead of waiting for ever)."""

    def __init__(self, size: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.executor = ProcessPoolExecutor(
            size, mp_context=multiprocessing.get_context("spawn"), initializer=_start_reporter
        )
        for _ in range(size):  # one process is started per task waiting for one
            self.executor.submit(int)

    def __enter__(self) -> _Reporters:
        return self

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is None:
            self.executor.shutdown(wait=True)
        else:
            self.kill()

    def map(self, tasks: list[Any]) -> Iterator[Any]:
        """Submit every task now; yield their answers in order."""
        futures = [self.executor.submit(_report_task, task) for task in tasks]
        return (self.result(future) for future in futures)

    def submit(self, fn: Callable[..., Any], *args: Any) -> Future[Any]:
        return self.executor.submit(fn, *args)

    @staticmethod
    def result(future: Future[Any]) -> Any:
        """The future's answer, None when its process died."""
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool:
            return None

    def kill(self) -> None:
        """Stop the processes now, whatever they are doing."""
        # (shutdown forgets them: taken first; Python 3.14 has terminate_workers())
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            with contextlib.suppress(Exception):
                proc.kill()
        for proc in processes:
            with contextlib.suppress(Exception):
                proc.join(10)


def _report_agency(
    store: Store, run_id: str, out_dir: Path, slug: str, fail_under: float | None
) -> dict[str, Any]:
    """Mark an extracted run completed, evaluate it, write its outputs and status.json to
    `out_dir/slug`; returns what the batch index says of it."""
    from oitcrawl.crawl.health import STATE_EXIT_CODES, run_state, status_line, write_status

    store.set_run_status(run_id, RUN_COMPLETED)
    run = store.get_run(run_id)
    report = record_outputs(store, evaluate_run(store, run), out_dir / slug).report
    state = run_state(report, fail_under)
    status = status_line(report, state, STATE_EXIT_CODES[state])
    write_status(status, out_dir / slug / "status.json")
    return {
        "state": state,
        "oit": report["scores"]["oit"],
        "rating": (report["scores"]["rating"] or {}).get("label_en"),
        "unhealthy": report["health"]["unhealthy"],
        # fetches taken from the store without a request (--fresh-for)
        "from_cache": report["health"]["from_cache"],
        "report": f"{slug}/report.json",
    }


_task_stores: dict[str, Store] = {}  # in an evaluating child process: its store, opened once


def _task_store(db_path: str) -> Store:
    if (store := _task_stores.get(db_path)) is None:
        store = _task_stores[db_path] = Store(Path(db_path))
    return store


def _report_task(
    task: tuple[str, str, str, str, float | None],
) -> tuple[dict[str, Any] | None, str | None]:
    """``_report_agency`` in a child process of the batch: (result, None) or (None, error)."""
    db_path, run_id, out_dir, slug, fail_under = task
    try:
        store = _task_store(db_path)
        return _report_agency(store, run_id, Path(out_dir), slug, fail_under), None
    except Exception as exc:  # the parent marks the agency failed, the others go on
        return None, _describe(exc)


NOT_READY = "not ready"  # an early evaluation's answer when a document was not read yet


def _early_report_task(
    task: tuple[str, str, str, str, float | None],
) -> tuple[dict[str, Any] | None, str | None] | str:
    """``_report_task`` of an agency whose crawl is over while the batch's goes on, or
    NOT_READY when one of its documents has no extract yet (its reading failed in the
    crawl's pool: ``extract_run`` tries it again after the crawl)."""
    db_path, run_id = task[0], task[1]
    try:
        store = _task_store(db_path)
        first = {f["sha256"]: f for f in store.fetches(run_id).values() if f.get("sha256")}
        if len(store.extracted(first, EXTRACTOR_VERSION)) < len(first):
            return NOT_READY
    except Exception:
        return NOT_READY
    return _report_task(task)


def _start_reporter() -> None:
    """A batch's evaluating process: Ctrl-C is the parent's to handle; the rules and report
    writers are imported at once, while the crawl goes on."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    import importlib

    for module in ("report_json", "report_html", "suggestions"):  # what write_outputs uses
        with contextlib.suppress(ImportError):  # a warm-up only
            importlib.import_module(f"oitcrawl.reports.{module}")


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _read_index(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_index(index: dict[str, Any], path: Path) -> None:
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(index, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
