"""``oitcrawl check --since``: which findings of a run are new, still open or fixed compared
with an earlier run of the same agency, and since when each was seen (the rules: the
``oitcrawl.history`` docstring, "Finding identity" and "First seen"); the results of a run,
evaluated first when a run was stored before results were kept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from oitcrawl.evaluate.findings import finding_key, finding_keys
from oitcrawl.history.results import (
    RunResults,
    evaluated_runs,
    has_results,
    load_results,
    save_results,
)
from oitcrawl.store import Run, Store, StoreError


class HistoryError(ValueError):
    """Runs that cannot be compared as asked (other agency, too few runs…); the message says
    what to do."""


def run_date(started_at: str | None) -> str:
    """The ISO date (UTC) of a run's start timestamp ("2026-11-21")."""
    return (started_at or "")[:10]


# -- across years (issue 19) ----------------------------------------------------------------
def map_results(r: RunResults, framework: str) -> tuple[RunResults, dict[str, str]]:
    """`r`, a run of another framework (another year), with its items and findings renumbered
    into `framework`'s item ids through the declared mapping (oitcrawl.framework.item_mapping):
    a finding of 2568 O13 and the same finding of 2569 O12 share a key. Items merged into one,
    or without a counterpart, are left out (their findings cannot be paired). Returns the
    mapped results and {new key: old key}; `r` unchanged when the frameworks are the same or
    no mapping connects them."""
    keys = {k: k for k in r.by_key()}
    if r.run.framework == framework:
        return r, keys
    from dataclasses import replace

    from oitcrawl.framework import item_mapping, map_element_id

    mapping = item_mapping(r.run.framework, framework)
    if mapping is None:
        return r, keys
    targets = [v for v in mapping.values() if v is not None]
    one = {k: v for k, v in mapping.items() if v is not None and targets.count(v) == 1}
    items = {one[i]: row for i, row in r.items.items() if i in one}
    findings: dict[str, list[dict[str, Any]]] = {}
    new_keys: dict[str, str] = {}
    for iid, fs in r.findings.items():
        if iid not in one:
            continue
        out = []
        for f in fs:
            base = finding_key(f)
            g = {**f, "item": one[iid], "element": map_element_id(f.get("element"), one)}
            g["key"] = finding_key(g) + (f["key"][len(base) :] if f["key"].startswith(base) else "")
            new_keys[g["key"]] = f["key"]
            out.append(g)
        findings[one[iid]] = out
    return replace(r, items=items, findings=findings), new_keys


# -- the results of a run ----------------------------------------------------------------
def ensure_results(store: Store, run: Run) -> None:
    """Evaluate `run` offline and store its results when they are not stored yet (runs made
    before results were kept). Raises FrameworkError / EvaluationError like evaluate_run."""
    if has_results(store, run.id):
        return
    # only runs stored before results were kept get here: the rules and the report builder
    # are loaded for them alone
    from oitcrawl.evaluate import evaluate_run
    from oitcrawl.reports.report_json import build_report

    save_results(store, build_report(evaluate_run(store, run)))


def results_of(store: Store, run_id: str) -> RunResults:
    """The results of `run_id`, evaluating the run first when none are stored. Raises
    StoreError for an unknown run id; FrameworkError / EvaluationError like evaluate_run."""
    ensure_results(store, store.get_run(run_id))
    return load_results(store, run_id)


# -- first seen and --since ----------------------------------------------------------------
def _series(store: Store, base: RunResults) -> list[RunResults]:
    """Evaluated runs of the base run's agency, framework and fiscal year up to and including
    the base run, newest first."""
    run = base.run
    rows = [
        r
        for r in evaluated_runs(store, run.agency)
        if r["website"] == run.website
        and r["framework"] == run.framework
        and r["fiscal_year"] == run.fiscal_year
        and (r["started_at"], r["id"]) <= (run.started_at, run.id)
    ]
    out = [base]
    for r in reversed(rows):
        if r["id"] != run.id:
            out.append(results_of(store, r["id"]))
    return out


def first_seen_dates(store: Store, base: RunResults) -> dict[str, str]:
    """{finding key: ISO date first seen} for every finding of `base` (``oitcrawl.history``
    docstring, "First seen")."""
    series = _series(store, base)
    older_keys = [(older.run.started_at, set(older.by_key())) for older in series[1:]]
    dates = {}
    for key in base.by_key():
        first = base.run.started_at
        for started_at, keys in older_keys:
            if key not in keys:
                break
            first = started_at
        dates[key] = run_date(first)
    return dates


def annotate_since(store: Store, report: dict[str, Any], base: RunResults) -> None:
    """Mark every finding of `report` (report@3 dict, changed in place) with
    ``since: {status: "new"|"open", first_seen: ISO date}`` compared with the earlier run
    `base`, and add ``report["since"]``: the base run, the counts, and the findings of `base`
    that are gone (``fixed``, each with ``since.status == "fixed"``), for the evaluated items.
    An open monthly finding also gets ``since.new_months`` (months missing now, not then).

    Raises HistoryError when `base` is of another agency or is the same run.
    """
    if base.run.id == report["run"]["id"]:
        raise HistoryError(f"--since {base.run.id}: that is this run; give an earlier run id")
    agency = report["agency"]
    if (base.run.agency, base.run.website) != (agency["name"], agency["website"]):
        raise HistoryError(
            f"--since {base.run.id}: ผลการตรวจของหน่วยงานอื่น / a run of another agency "
            f"({base.run.agency}, {base.run.website}); `oitcrawl runs` lists the runs"
        )
    first_seen_before = first_seen_dates(store, base)
    # a run of another year's framework: its findings in this framework's item ids (issue 19)
    mapped, old_keys = map_results(base, report["framework"]["id"])
    before = mapped.by_key()
    first_seen = {key: first_seen_before[old_keys[key]] for key in before}
    today = run_date(report["run"]["started_at"])
    counts = {"new": 0, "open": 0, "fixed": 0}
    now_keys: set[str] = set()
    for item in report["items"]:
        for f, key in zip(item["findings"], finding_keys(item["findings"]), strict=True):
            now_keys.add(key)
            if key in before:
                since = {"status": "open", "first_seen": first_seen[key]}
                new_months = [m for m in f["months"] if m not in before[key]["months"]]
                if new_months:
                    since["new_months"] = new_months
            else:
                since = {"status": "new", "first_seen": today}
            counts[since["status"]] += 1
            f["since"] = since
    evaluated = {item["id"] for item in report["items"]}
    fixed = []
    for key, f in before.items():
        if key in now_keys or f["item"] not in evaluated:
            continue
        g = {k: v for k, v in f.items() if k != "key"}
        g["since"] = {"status": "fixed", "first_seen": first_seen[key]}
        fixed.append(g)
    counts["fixed"] = len(fixed)
    report["since"] = {
        "run_id": base.run.id,
        "started_at": base.run.started_at,
        "counts": counts,
        "fixed": fixed,
    }


def check_since(
    db_path: Path, run_id: str, agency: str, website: str, current: str | None = None
) -> None:
    """Before a crawl: `run_id` must be a run of `agency` (name and website) in the store at
    `db_path`, other than `current` (the run being evaluated). Raises HistoryError (naming the
    run, the agency and what to do) otherwise."""
    if run_id == current:
        raise HistoryError(f"--since {run_id}: that is this run; give an earlier run id")
    if not Path(db_path).exists():
        raise HistoryError(f"--since {run_id}: {db_path}: no evidence database here yet")
    try:
        run = Store(db_path).get_run(run_id)
    except StoreError as exc:
        raise HistoryError(f"--since {run_id}: {exc}") from None
    if (run.agency, run.website) != (agency, website):
        raise HistoryError(
            f"--since {run_id}: ผลการตรวจของหน่วยงานอื่น / a run of another agency "
            f"({run.agency}, {run.website}), not {agency} ({website}); `oitcrawl runs` lists them"
        )
