"""Pipeline stage "extract": turn every stored body of a run into text, offline.

Runs on the store only (no network), so it can be repeated on an old run after the extractors
improve. Results are cached per document sha256 and extractor version.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import threading
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from oitcrawl.extract import EXTRACTOR_VERSION, DocumentExtract
from oitcrawl.extract.isolate import Budget, WorkerPool
from oitcrawl.i18n import tr
from oitcrawl.store import Store, utcnow

ENV_WORKERS = "OITCRAWL_WORKERS"


@dataclass
class ExtractionStats:
    """How many documents were extracted now, found in the cache, or failed."""

    extracted: int = 0
    cached: int = 0
    failed: int = 0


class WorkersError(ValueError):
    """``OITCRAWL_WORKERS`` is not a whole number ≥ 1 (a user mistake: the CLI exits 2)."""


def worker_count(environ: Mapping[str, str] | None = None) -> int:
    """How many processes extract (and, in a batch, evaluate) side by side: the CPU cores
    this process may run on (``os.sched_getaffinity``), or ``OITCRAWL_WORKERS`` when set
    (1 = the serial path: one document, then one agency, at a time in this process).
    Raises WorkersError naming the variable when it is not a whole number ≥ 1."""
    env = os.environ if environ is None else environ
    raw = env.get(ENV_WORKERS, "").strip()
    if raw:
        try:
            value = int(raw)
        except ValueError:
            value = 0
        if value < 1:
            raise WorkersError(
                f"{ENV_WORKERS}={raw!r}: "
                + tr(
                    "ต้องเป็นจำนวนเต็มของโปรเซสตั้งแต่ 1 ขึ้นไป (1 = ทำทีละงาน)",
                    "expected a whole number of processes ≥ 1 (1 = one at a time)",
                )
            )
        return value
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def extract_run(
    store: Store,
    run_id: str,
    force: bool = False,
    *,
    budget: Budget | None = None,
    workers: int = 1,
    pool: WorkerPool | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    skip: Collection[str] = (),
) -> ExtractionStats:
    """Extract text from every body fetched in `run_id` (each distinct sha256 once), but those
    of `skip` (a distributed worker's 304 answers: the main store holds those bodies).

    `force` re-extracts even when a cached extract of the current version exists.
    Every document is read in a worker process (`oitcrawl.extract.isolate`) within `budget`
    (default `Budget.from_env()`: 120 s and 2 GiB per document); `workers` processes run side
    by side, or those of `pool` (a batch's, kept open across its runs). A document that
    cannot be read, or exceeds its budget, gets an extract row with `error` set (e.g.
    "timeout after 120 s: …"); the run goes on. `on_progress(done, total, note)` is called
    after each document (note "OCR" when a scan was read by OCR). Raises StoreError when a
    blob is missing or damaged, RuntimeError when no worker process can be started.
    """
    stats = ExtractionStats()
    first: dict[str, dict[str, Any]] = {}  # sha256 → its first fetch in the run
    for fetch in store.fetches(run_id).values():
        if fetch.get("sha256") and fetch["sha256"] not in skip:
            first.setdefault(fetch["sha256"], fetch)
    cached = set() if force else store.extracted(first, EXTRACTOR_VERSION)
    stats.cached = len(cached)
    jobs = [
        (
            sha,
            lambda sha=sha: store.read_blob(sha),
            fetch.get("content_type"),
            fetch.get("final_url") or "",
        )
        for sha, fetch in first.items()
        if sha not in cached
    ]
    if not jobs:
        return stats
    with contextlib.ExitStack() as stack:
        if pool is None:
            pool = stack.enter_context(WorkerPool(min(workers, len(jobs)), budget))
        for done, (sha, doc) in enumerate(pool.map(jobs), 1):
            store.put_extract(extract_row(sha, doc))  # one transaction per document
            if doc.error:
                stats.failed += 1
            else:
                stats.extracted += 1
            if on_progress is not None:
                on_progress(done, len(jobs), "OCR" if "tesseract" in doc.extractor else "")
    return stats


class BackgroundExtraction:
    """Extraction while a batch's crawl goes on: ``add(sha256, content_type, url)`` once a
    body is stored (the crawl's item pipeline calls it), and one of `pool`'s workers reads it
    as soon as one is free; ``finish()`` waits for all of them after the crawl.

    Each sha256 is taken once, and not at all when the store has its extract of the current
    version (an unchanged document is never read again). The extracts are written by one
    thread with its own connection to the store at `db_path` (a SQLite connection belongs to
    the thread that opened it; the crawl keeps writing fetches through its own). A document
    whose blob cannot be read is left for ``extract_run`` after the crawl, which fails its
    agency as before. ``abort()`` (Ctrl-C) stops at once and keeps nothing the stop cut
    short."""

    def __init__(self, db_path: Path, pool: WorkerPool):
        self.pool = pool
        self.stats = ExtractionStats()
        self._db_path = db_path
        self._inbox: queue.SimpleQueue[tuple[Any, ...] | None] = queue.SimpleQueue()
        self._aborted = self._finished = False
        self.error: BaseException | None = None  # what stopped the writer thread, if anything
        self._thread = threading.Thread(
            target=self._main, name="oitcrawl-extract-feed", daemon=True
        )
        self._thread.start()

    def add(self, sha256: str | None, content_type: str | None, url: str | None) -> None:
        """A stored body to extract (thread-safe; returns at once)."""
        if sha256:
            self._inbox.put(("job", sha256, content_type, url or ""))

    def after_added(self, callback: Callable[[], None]) -> None:
        """Call `callback()` once every document added before this call is extracted and
        written, or has failed (thread-safe; returns at once; the callback runs in the
        writer thread and must not block). Never called after ``abort()``."""
        self._inbox.put(("barrier", callback))

    def finish(self) -> ExtractionStats:
        """Wait until every document added so far is extracted and written."""
        self._inbox.put(None)
        self._thread.join()
        self._finished = True
        return self.stats

    def abort(self) -> None:
        """Stop now: nothing more is written, the workers are killed (nothing to do after
        ``finish``)."""
        if self._finished:
            return
        self._aborted = True
        self.pool.terminate()
        self._inbox.put(None)
        self._thread.join(10)

    def _main(self) -> None:
        try:
            store = Store(self._db_path)
            try:
                self._serve(store)
            finally:
                store.db.conn.close()
        except BaseException as exc:  # kept for the caller; extract_run redoes what is missing
            self.error = exc

    def _serve(self, store: Store) -> None:
        seen: set[str] = set()
        in_flight: set[str] = set()
        barriers: list[tuple[set[str], Callable[[], None]]] = []  # (waited for, callback)
        closing = False
        while not (closing and not in_flight):
            msg = self._inbox.get()
            if msg is None:
                closing = True
                continue
            if self._aborted:
                return
            if msg[0] == "barrier":
                barriers.append((set(in_flight), msg[1]))
            elif msg[0] == "done":
                _, sha, future = msg
                in_flight.discard(sha)
                if future.cancelled() or future.exception() is not None:
                    seen.discard(sha)  # extract_run after the crawl tries it again
                else:
                    doc = future.result()
                    store.put_extract(extract_row(sha, doc))
                    if doc.error:
                        self.stats.failed += 1
                    else:
                        self.stats.extracted += 1
                for waited, _ in barriers:
                    waited.discard(sha)
            else:
                self._take(store, msg, seen, in_flight)
            for barrier in [b for b in barriers if not b[0]]:
                barriers.remove(barrier)
                with contextlib.suppress(Exception):  # the caller's, and it has a way back
                    barrier[1]()

    def _take(
        self, store: Store, msg: tuple[Any, ...], seen: set[str], in_flight: set[str]
    ) -> None:
        """A stored body to extract: to a worker unless taken before or extracted already."""
        _, sha, content_type, url = msg
        if sha in seen:
            return
        seen.add(sha)
        if store.extracted([sha], EXTRACTOR_VERSION):
            self.stats.cached += 1
            return
        future = self.pool.submit((sha, lambda: store.read_blob(sha), content_type, url))
        in_flight.add(sha)
        future.add_done_callback(lambda f: self._inbox.put(("done", sha, f)))


def extract_row(sha256: str, doc: DocumentExtract) -> dict[str, Any]:
    """The `extracts` table row of a document (see README "The evidence store")."""
    return {
        "sha256": sha256,
        "extractor_version": EXTRACTOR_VERSION,
        "sniffed_type": doc.sniffed.type,
        "sniff_json": json.dumps(asdict(doc.sniffed), ensure_ascii=False),
        "extractor": doc.extractor,
        "title": doc.title,
        "text": doc.text,
        "page_count": doc.page_count,
        "pages_json": json.dumps(
            [asdict(p) for p in doc.pages] if doc.pages is not None else None,
            ensure_ascii=False,
        ),
        "links_json": json.dumps([asdict(lk) for lk in doc.links], ensure_ascii=False),
        "tables_json": json.dumps(doc.tables, ensure_ascii=False),
        "has_login_form": int(doc.has_login_form),
        "error": doc.error,
        "metadata_json": json.dumps(doc.metadata, ensure_ascii=False, default=str),
        "blocks_json": json.dumps([b.to_dict() for b in doc.blocks], ensure_ascii=False),
        "extracted_at": utcnow(),
    }
