"""Pipeline stage "extract": turn every stored body of a run into text, offline.

Runs on the store only (no network), so it can be repeated on an old run after the extractors
improve. Results are cached per document sha256 and extractor version.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from oitcrawl.extract import EXTRACTOR_VERSION, DocumentExtract, extract_document
from oitcrawl.store import Store, utcnow


@dataclass
class ExtractionStats:
    """How many documents were extracted now, found in the cache, or failed."""

    extracted: int = 0
    cached: int = 0
    failed: int = 0


def extract_run(store: Store, run_id: str, force: bool = False) -> ExtractionStats:
    """Extract text from every body fetched in `run_id` (each distinct sha256 once).

    `force` re-extracts even when a cached extract of the current version exists.
    A document that cannot be read gets an extract row with `error` set; nothing raises.
    """
    stats = ExtractionStats()
    seen: set[str] = set()
    for fetch in store.fetches(run_id).values():
        sha = fetch.get("sha256")
        if not sha or sha in seen:
            continue
        seen.add(sha)
        if not force and store.get_extract(sha, EXTRACTOR_VERSION):
            stats.cached += 1
            continue
        data = store.read_blob(sha)
        doc = extract_document(data, fetch.get("content_type"), fetch.get("final_url") or "")
        store.put_extract(extract_row(sha, doc))
        if doc.error:
            stats.failed += 1
        else:
            stats.extracted += 1
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
        "extracted_at": utcnow(),
    }
