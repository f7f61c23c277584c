"""Pipeline stage "report": write what a run collected as `report.json`.

Until the rule engine lands this is the crawl report (`schema: oitcrawl/crawl-report@0`):
the run, the agency, per item its submitted URLs and the outcome of every URL reached from
them, and the documents with their type, size, hash and pages.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from oitcrawl import __version__
from oitcrawl.crawl.urls import display_url, is_main_website
from oitcrawl.evidence import item_evidence
from oitcrawl.framework import load_framework
from oitcrawl.store import Run, Store

SCHEMA = "oitcrawl/crawl-report@0"


def build_report(store: Store, run: Run) -> dict[str, Any]:
    """The crawl report of `run` as a JSON-ready dict (see README "report.json")."""
    framework = load_framework(run.framework)
    fetches = store.fetches(run.id)
    evidence = item_evidence(store, run.id)
    extracts = {
        row["sha256"]: row
        for row in store.db.query(
            "select e.* from extracts e join fetches f on f.sha256 = e.sha256 where f.run_id = ?",
            [run.id],
        )
    }
    submitted_items = run.submission.get("items", {})
    also_main = tuple(run.submission.get("also_main", []))
    items = []
    for item_id, item in framework.items.items():
        sub = submitted_items.get(item_id) or {}
        refs = evidence.get(item_id, [])
        items.append(
            {
                "id": item_id,
                "title": item.title_th,
                "title_en": item.title_en,
                "unit": item.unit,
                "not_applicable": bool(sub.get("not_applicable")),
                "note": sub.get("note", ""),
                "urls": list(sub.get("urls", [])),
                "fetches": [
                    _fetch_entry(fetches.get(ref.url), ref, run, also_main) for ref in refs
                ],
            }
        )
    documents = []
    for fetch in sorted(fetches.values(), key=lambda f: f["url"]):
        ex = extracts.get(fetch["sha256"] or "")
        pages = json.loads(ex["pages_json"]) if ex and ex["pages_json"] else None
        documents.append(
            {
                "url": display_url(fetch["url"]),
                "final_url": display_url(fetch["final_url"]) if fetch["final_url"] else None,
                "http_status": fetch["http_status"],
                "outcome": fetch["outcome"],
                "content_type": fetch["content_type"],
                "sniffed_type": ex["sniffed_type"] if ex else None,
                "bytes": fetch["bytes"],
                "sha256": fetch["sha256"],
                "title": ex["title"] if ex else None,
                "pages": ex["page_count"] if ex else None,
                "pages_with_text": sum(1 for p in pages if p["has_text_layer"]) if pages else None,
                "extract_error": ex["error"] if ex else None,
            }
        )
    return {
        "schema": SCHEMA,
        "tool": {"name": "oitcrawl", "version": __version__},
        "run": {
            "id": run.id,
            "status": run.status,
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "as_of": run.as_of,
            "settings": run.settings,
        },
        "agency": {"name": run.agency, "website": run.website},
        "framework": {"id": framework.id, "title": framework.title_th},
        "fiscal_year": run.fiscal_year,
        "items": items,
        "documents": documents,
    }


def _fetch_entry(fetch: dict | None, ref: Any, run: Run, also_main: tuple[str, ...]) -> dict:
    entry = {
        "url": display_url(ref.url),
        "depth": ref.depth,
        "via": display_url(ref.via) if ref.via else None,
        "main_website": is_main_website(ref.url, run.website, also_main),
    }
    if fetch is None:  # interrupted before this URL was fetched
        return {**entry, "outcome": "not_fetched"}
    return {
        **entry,
        "final_url": display_url(fetch["final_url"]) if fetch["final_url"] else None,
        "http_status": fetch["http_status"],
        "outcome": fetch["outcome"],
        "error_kind": fetch["error_kind"],
        "error": fetch["error"],
        "redirect_chain": [
            display_url(u) for u in json.loads(fetch["redirect_chain_json"] or "[]")
        ],
        "sha256": fetch["sha256"],
    }


def write_report(store: Store, run: Run, out_dir: Path) -> Path:
    """Write `report.json` into `out_dir` (created if needed); returns its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "report.json"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(
        json.dumps(build_report(store, run), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    tmp.replace(path)
    return path
