"""Pipeline stage "extract": turn every stored body of a run into text, offline.

Runs on the store only (no network), so it can be repeated on an old run after the extractors
improve. Results are cached per document sha256 and extractor version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from oitcrawl.extract import EXTRACTOR_VERSION, DocumentExtract
from oitcrawl.extract.isolate import Budget, WorkerPool
from oitcrawl.store import Store, utcnow


@dataclass
class ExtractionStats:
    """How many documents were extracted now, found in the cache, or failed."""

    extracted: int = 0
    cached: int = 0
    failed: int = 0


def extract_run(
    store: Store,
    run_id: str,
    force: bool = False,
    *,
    budget: Budget | None = None,
    workers: int = 1,
    on_progress: Callable[[int, int, str], None] | None = None,
) -> ExtractionStats:
    """Extract text from every body fetched in `run_id` (each distinct sha256 once).

    `force` re-extracts even when a cached extract of the current version exists.
    Every document is read in a worker process (`oitcrawl.extract.isolate`) within `budget`
    (default `Budget.from_env()`: 120 s and 2 GiB per document); `workers` processes run side
    by side. A document that cannot be read, or exceeds its budget, gets an extract row with
    `error` set (e.g. "timeout after 120 s: …"); the run goes on. `on_progress(done, total,
    note)` is called after each document (note "OCR" when a scan was read by OCR). Raises
    StoreError when a
    blob is missing or damaged, RuntimeError when no worker process can be started.
    """
    stats = ExtractionStats()
    seen: set[str] = set()
    jobs = []
    for fetch in store.fetches(run_id).values():
        sha = fetch.get("sha256")
        if not sha or sha in seen:
            continue
        seen.add(sha)
        if not force and store.get_extract(sha, EXTRACTOR_VERSION):
            stats.cached += 1
            continue
        jobs.append(
            (
                sha,
                lambda sha=sha: store.read_blob(sha),
                fetch.get("content_type"),
                fetch.get("final_url") or "",
            )
        )
    if not jobs:
        return stats
    with WorkerPool(min(workers, len(jobs)), budget) as pool:
        for done, (sha, doc) in enumerate(pool.map(jobs), 1):
            store.put_extract(extract_row(sha, doc))  # one transaction per document
            if doc.error:
                stats.failed += 1
            else:
                stats.extracted += 1
            if on_progress is not None:
                on_progress(done, len(jobs), "OCR" if "tesseract" in doc.extractor else "")
    return stats


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
