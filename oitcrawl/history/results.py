"""Evaluation results kept in the evidence store, so history (`diff`, `check --since`),
the cross-agency `summary` and Datasette (`serve`) can read them with SQL.

Tables (one set of rows per run; evaluating a run again replaces them in one transaction):

- ``evaluations(run_id, evaluated_at, framework, fiscal_year, as_of, oit, rating_th,
  rating_en, items, pass, fail, review, not_applicable, errors, warnings, tool_version)``
- ``item_results(run_id, item_id, position, title_th, title_en, indicator, subindicator, unit,
  weight, status, score, note_th, note_en)``
- ``findings(run_id, item_id, position, finding_key, code, severity, element, url, detail,
  months_json, unit, message_th, message_en, suggestion_th, suggestion_en)``
  (``finding_key``: see ``oitcrawl.evaluate.findings.finding_key``)
- ``document_results(run_id, url, final_url, http_status, outcome, sha256, bytes,
  content_type, sniffed_type, readability, readability_label, machine_readable, reason_th,
  reason_en, items, fetched_at)`` (``items``: comma-separated item ids)

Only whole evaluations are kept: ``evaluate --items`` (partial) does not replace them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from oitcrawl import __version__
from oitcrawl.evaluate.findings import finding_keys
from oitcrawl.store import Run, Store, utcnow

TABLES = ("evaluations", "item_results", "findings", "document_results")


def create_results_schema(store: Store) -> None:
    """Create the result tables (module docstring) in `store` when they are missing."""
    db = store.db
    db["evaluations"].create(
        {
            "run_id": str,
            "evaluated_at": str,
            "framework": str,
            "fiscal_year": int,
            "as_of": str,
            "oit": float,
            "rating_th": str,
            "rating_en": str,
            "items": int,
            "pass": int,
            "fail": int,
            "review": int,
            "not_applicable": int,
            "errors": int,
            "warnings": int,
            "tool_version": str,
        },
        pk="run_id",
        foreign_keys=[("run_id", "runs", "id")],
        if_not_exists=True,
    )
    db["item_results"].create(
        {
            "run_id": str,
            "item_id": str,
            "position": int,
            "title_th": str,
            "title_en": str,
            "indicator": str,
            "subindicator": str,
            "unit": str,
            "weight": float,
            "status": str,
            "score": float,
            "note_th": str,
            "note_en": str,
        },
        pk=("run_id", "item_id"),
        if_not_exists=True,
    )
    db["findings"].create(
        {
            "run_id": str,
            "item_id": str,
            "position": int,
            "finding_key": str,
            "code": str,
            "severity": str,
            "element": str,
            "url": str,
            "detail": str,
            "months_json": str,
            "unit": str,
            "message_th": str,
            "message_en": str,
            "suggestion_th": str,
            "suggestion_en": str,
        },
        pk=("run_id", "item_id", "position"),
        if_not_exists=True,
    )
    db["findings"].create_index(["finding_key"], if_not_exists=True)
    db["document_results"].create(
        {
            "run_id": str,
            "url": str,
            "final_url": str,
            "http_status": int,
            "outcome": str,
            "sha256": str,
            "bytes": int,
            "content_type": str,
            "sniffed_type": str,
            "readability": int,
            "readability_label": str,
            "machine_readable": int,
            "reason_th": str,
            "reason_en": str,
            "items": str,
            "fetched_at": str,
        },
        pk=("run_id", "url"),
        if_not_exists=True,
    )


def save_results(store: Store, report: dict[str, Any]) -> bool:
    """Keep the results of a report@3 dict in the store (replacing that run's earlier ones).

    Returns False, and stores nothing, for a partial evaluation (``--items``). The finding
    keys come from ``oitcrawl.evaluate.findings.finding_key``. Raises sqlite3 errors only on
    a broken database; the transaction is all or nothing.
    """
    if report["run"]["partial"]:
        return False
    run_id = report["run"]["id"]
    create_results_schema(store)
    db = store.db
    rating = report["scores"]["rating"] or {}
    s = report["summary"]
    with db.conn:
        for table in TABLES:
            db.execute(f"delete from [{table}] where run_id = ?", [run_id])
        db["evaluations"].insert(
            {
                "run_id": run_id,
                "evaluated_at": utcnow(),
                "framework": report["framework"]["id"],
                "fiscal_year": report["fiscal_year"],
                "as_of": report["run"]["as_of"],
                "oit": report["scores"]["oit"],
                "rating_th": rating.get("label_th"),
                "rating_en": rating.get("label_en"),
                **{k: s[k] for k in ("items", "pass", "fail", "review", "not_applicable")},
                "errors": s["errors"],
                "warnings": s["warnings"],
                "tool_version": __version__,
            }
        )
        db["item_results"].insert_all(
            {
                "run_id": run_id,
                "item_id": it["id"],
                "position": n,
                "title_th": it["title"],
                "title_en": it["title_en"],
                "indicator": it["indicator"],
                "subindicator": it["subindicator"],
                "unit": it["unit"],
                "weight": it["weight"],
                "status": it["status"],
                "score": it["score"],
                "note_th": it["note_th"],
                "note_en": it["note_en"],
            }
            for n, it in enumerate(report["items"])
        )
        rows = []
        for it in report["items"]:
            for n, (f, key) in enumerate(
                zip(it["findings"], finding_keys(it["findings"]), strict=True)
            ):
                rows.append(
                    {
                        "run_id": run_id,
                        "item_id": it["id"],
                        "position": n,
                        "finding_key": key,
                        **{k: f[k] for k in _FINDING_TEXT},
                        "months_json": json.dumps(list(f["months"])),
                    }
                )
        db["findings"].insert_all(rows)
        db["document_results"].insert_all(
            {
                "run_id": run_id,
                **{k: d.get(k) for k in _DOCUMENT_COLUMNS},
                "machine_readable": int(bool(d["machine_readable"])),
                "items": ",".join(d["items"]),
            }
            for d in report["documents"]
        )
    return True


_FINDING_TEXT = (
    "code",
    "severity",
    "element",
    "url",
    "detail",
    "unit",
    "message_th",
    "message_en",
    "suggestion_th",
    "suggestion_en",
)
_DOCUMENT_COLUMNS = (
    "url",
    "final_url",
    "http_status",
    "outcome",
    "sha256",
    "bytes",
    "content_type",
    "sniffed_type",
    "readability",
    "readability_label",
    "reason_th",
    "reason_en",
    "fetched_at",
)


@dataclass
class RunResults:
    """The stored results of one run: `run`, its `evaluation` row, `items` {item id: row} in
    framework order, `findings` {item id: [finding dict as in report@3 + "key"]}, and
    `documents` {display URL: row}."""

    run: Run
    evaluation: dict[str, Any]
    items: dict[str, dict[str, Any]]
    findings: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    documents: dict[str, dict[str, Any]] = field(default_factory=dict)

    def by_key(self) -> dict[str, dict[str, Any]]:
        """Every finding by its key."""
        return {f["key"]: f for fs in self.findings.values() for f in fs}


def has_results(store: Store, run_id: str) -> bool:
    """True when the run's whole evaluation is stored."""
    if "evaluations" not in store.db.table_names():
        return False
    row = store.db.execute("select 1 from evaluations where run_id = ?", [run_id]).fetchone()
    return row is not None


def load_results(store: Store, run_id: str) -> RunResults:
    """The stored results of `run_id` (``has_results`` must be true: ``oitcrawl.history.
    results_of`` evaluates a run stored before results were kept). Raises StoreError for an
    unknown run id."""
    run = store.get_run(run_id)
    db = store.db
    evaluation = next(db.query("select * from evaluations where run_id = ?", [run_id]))
    items = {
        r["item_id"]: r
        for r in db.query("select * from item_results where run_id = ? order by position", [run_id])
    }
    findings: dict[str, list[dict[str, Any]]] = {}
    for r in db.query(
        "select f.* from findings f join item_results i "
        "on i.run_id = f.run_id and i.item_id = f.item_id "
        "where f.run_id = ? order by i.position, f.position",
        [run_id],
    ):
        f = {k: r[k] for k in _FINDING_TEXT}
        f.update(item=r["item_id"], months=json.loads(r["months_json"]), key=r["finding_key"])
        findings.setdefault(r["item_id"], []).append(f)
    documents = {
        r["url"]: r
        for r in db.query("select * from document_results where run_id = ? order by url", [run_id])
    }
    return RunResults(run, evaluation, items, findings, documents)


def evaluated_runs(store: Store, agency: str | None = None) -> list[dict[str, Any]]:
    """Runs that are completed or have stored results, oldest first: dicts with id, agency,
    website, agency_id, framework, fiscal_year, started_at. `agency`: only runs of that agency
    name. (A completed run without results is evaluated by ``oitcrawl.history.results_of``.)"""
    create_results_schema(store)
    sql = (
        "select r.id, a.name as agency, a.website, r.agency_id, r.framework, r.fiscal_year, "
        "r.started_at from runs r join agencies a on a.id = r.agency_id "
        "where (r.status = 'completed' or r.id in (select run_id from evaluations))"
    )
    params: list[Any] = []
    if agency is not None:
        sql += " and a.name = ?"
        params.append(agency)
    return list(store.db.query(sql + " order by r.started_at, r.id", params))
