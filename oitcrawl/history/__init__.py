"""History: what changed between two evaluated runs (``oitcrawl diff``), and which findings of
a run are new, still open or fixed compared with an earlier run (``oitcrawl check --since``).

Finding identity
----------------
Two findings (of two runs of the same agency) are *the same finding* when they have the same

    item id | code | element id (or "-") | URL (display form, or "-")

(``finding_key``). Deliberately left out:

- ``months`` — a monthly element that misses January and later also March is one open
  problem ("O20.1 is incomplete"), not a fixed one plus a new one; the months that appear or
  disappear are reported on their own ("O20 เดือน 2566-03 หายไป / month 2566-03 disappeared").
- ``severity``, ``detail`` and the message texts — a warning that becomes an error, or a
  missing-phrase list that shrinks, is still the same problem; wording changes of the rules
  must not turn every finding into "new".
- ``unit`` — moving an item to another ฝ่าย does not fix it.

The URL is part of the identity because a finding about a URL (broken link, login page,
outside host, scanned PDF) is about that URL: submitting a new URL that is broken too is a new
finding, and the old one is fixed. Should two findings of one item share a key (never with the
current rules), the later ones get "#2", "#3" so that keys stay unique within a run.

First seen
----------
The date a finding was first seen is the start date (UTC, ISO) of the earliest run of an
unbroken series of runs of the same agency, framework and fiscal year, ending with the run
compared against, in which the finding was present. A finding absent from one run in between
starts a new series (it was fixed, then came back).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from oitcrawl import __version__
from oitcrawl.evaluate.findings import finding_key, finding_keys
from oitcrawl.history.results import (
    RunResults,
    evaluated_runs,
    has_results,
    load_results,
    save_results,
)
from oitcrawl.store import Run, Store, StoreError

DIFF_SCHEMA = "oitcrawl/diff@1"
BE_OFFSET = 543

STATUS_TH = {
    "pass": "ผ่าน",
    "fail": "ไม่ผ่าน",
    "review": "ต้องตรวจสอบ",
    "not_applicable": "ไม่เกี่ยวข้อง",
    None: "ไม่มี",
}
CODE_TH = {
    "no_url": "ไม่ได้ส่ง URL",
    "broken_link": "ลิงก์เสีย",
    "unreachable": "เปิดไม่ได้ในขณะตรวจ",
    "login_required": "ต้องเข้าสู่ระบบ",
    "not_main_website": "ไม่อยู่บนเว็บไซต์หลัก",
    "no_evidence": "ไม่พบข้อมูลของข้อนี้",
    "missing_element": "ขาดองค์ประกอบ",
    "label_only": "มีเพียงหัวข้อหรือชื่อลิงก์",
    "no_records": "ไม่มีข้อมูลในเอกสาร",
    "empty_document": "ไฟล์ว่างเปล่า",
    "unsigned": "ไม่ได้ลงนามโดยหัวหน้าหน่วยงาน",
    "outdated": "ข้อมูลไม่เป็นปัจจุบัน",
    "missing_period": "ข้อมูลไม่ครบทุกช่วงเวลา",
    "not_machine_readable": "เครื่องอ่านไม่ได้",
    "unverified_content": "ตรวจเนื้อหาไม่ได้",
}


class HistoryError(ValueError):
    """Runs that cannot be compared as asked (other agency, too few runs…); the message says
    what to do."""


def month_be(key: str) -> str:
    """A month key "2023-03" (CE) as "2566-03" (Buddhist Era); the key itself if malformed."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", key)
    return f"{int(m.group(1)) + BE_OFFSET}-{m.group(2)}" if m else key


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
    """{finding key: ISO date first seen} for every finding of `base` (module docstring)."""
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


# -- diff ------------------------------------------------------------------------------------
def _http_code(detail: str) -> str | None:
    m = re.match(r"HTTP (\d{3})", detail or "")
    return m.group(1) if m else None


def _where(f: dict[str, Any]) -> str:
    return f": {f['url']}" if f.get("url") else ""


def describe_new(
    f: dict[str, Any], documents: dict[str, dict[str, Any]] | None = None
) -> list[tuple[str, str]]:
    """(Thai, English) lines for a finding that appeared, e.g. "O1 หน้าเว็บตอบ 404" /
    "O1 page now 404"; one line per month for a monthly element. `documents`: the run's
    document rows by URL, for the HTTP status when the finding's detail does not give it."""
    item = f["item"]
    if f["code"] == "missing_period" and f["months"]:
        return describe_months(item, f["months"], missing=True)
    if f["code"] == "broken_link":
        code = _http_code(f["detail"])
        doc = (documents or {}).get(f.get("url") or "")
        if code is None and doc and doc.get("http_status"):
            code = str(doc["http_status"])
        if code:
            return [(f"{item} หน้าเว็บตอบ {code}{_where(f)}", f"{item} page now {code}{_where(f)}")]
        return [(f"{item} ลิงก์เสีย{_where(f)}", f"{item} link now broken{_where(f)}")]
    el = f" {f['element']}" if f.get("element") else ""
    return [
        (
            f"{item}{el} พบปัญหาใหม่ ({CODE_TH[f['code']]}): {f['message_th']}{_where(f)}",
            f"{item}{el} new finding ({f['code']}): {f['message_en']}{_where(f)}",
        )
    ]


def describe_fixed(f: dict[str, Any]) -> list[tuple[str, str]]:
    """(Thai, English) lines for a finding that is gone, e.g. "O13 ลิงก์ใช้ได้แล้ว" /
    "O13 link works again"."""
    item = f["item"]
    if f["code"] == "missing_period" and f["months"]:
        return describe_months(item, f["months"], missing=False)
    if f["code"] == "broken_link":
        return [(f"{item} ลิงก์ใช้ได้แล้ว{_where(f)}", f"{item} link works again{_where(f)}")]
    el = f" {f['element']}" if f.get("element") else ""
    return [
        (
            f"{item}{el} แก้แล้ว ({CODE_TH[f['code']]}): {f['message_th']}{_where(f)}",
            f"{item}{el} fixed ({f['code']}): {f['message_en']}{_where(f)}",
        )
    ]


def describe_months(item: str, months: list[str], missing: bool) -> list[tuple[str, str]]:
    """One (Thai, English) line per month (CE keys, shown BE): "O20 เดือน 2566-03 หายไป" /
    "O20 month 2566-03 disappeared", or "… มีแล้ว" / "… now published"."""
    if missing:
        return [(f"{item} เดือน {month_be(m)} หายไป", f"{item} month {month_be(m)} disappeared")
                for m in months]  # fmt: skip
    return [(f"{item} เดือน {month_be(m)} มีแล้ว", f"{item} month {month_be(m)} now published")
            for m in months]  # fmt: skip


def _run_info(r: RunResults) -> dict[str, Any]:
    e = r.evaluation
    return {
        "id": r.run.id,
        "started_at": r.run.started_at,
        "as_of": r.run.as_of,
        "status": r.run.status,
        "oit": e["oit"],
        "rating_th": e["rating_th"],
        "rating_en": e["rating_en"],
    }


def _public(f: dict[str, Any]) -> dict[str, Any]:
    keep = ("item", "code", "severity", "element", "url", "detail", "months")
    return {"key": f["key"], **{k: f[k] for k in keep}, "message_th": f["message_th"],
            "message_en": f["message_en"]}  # fmt: skip


def _doc(d: dict[str, Any]) -> dict[str, Any]:
    return {
        "url": d["url"],
        "sha256": d["sha256"],
        "outcome": d["outcome"],
        "http_status": d["http_status"],
        "items": [i for i in (d["items"] or "").split(",") if i],
    }


def diff_results(a: RunResults, b: RunResults) -> dict[str, Any]:
    """What changed from run `a` to run `b` (the later one) of one agency: one ``agencies[]``
    entry of diff@1 (see ``reports/diff.schema.json``). A run `a` of another year's framework is
    compared in `b`'s item ids (``map_results``)."""
    a = map_results(a, b.run.framework)[0]
    items = []
    changes: list[dict[str, Any]] = []
    order = list(dict.fromkeys([*b.items, *a.items]))
    new_f, gone_f, changed_f = [], [], []
    for item_id in order:
        ia, ib = a.items.get(item_id), b.items.get(item_id)
        sa, sb = (ia or {}).get("status"), (ib or {}).get("status")
        pa, pb = (ia or {}).get("score"), (ib or {}).get("score")
        if sa != sb or pa != pb:
            items.append({"item": item_id, "title_th": (ib or ia)["title_th"],
                          "title_en": (ib or ia)["title_en"], "status_a": sa, "status_b": sb,
                          "score_a": pa, "score_b": pb})  # fmt: skip
            changes.append(
                _change(item_id, "status", (
                    f"{item_id} สถานะ {STATUS_TH.get(sa, sa)} → {STATUS_TH.get(sb, sb)} "
                    f"(คะแนน {_num(pa)} → {_num(pb)})",
                    f"{item_id} status {sa or 'none'} → {sb or 'none'} "
                    f"(score {_num(pa)} → {_num(pb)})",
                ))
            )  # fmt: skip
        fa = {f["key"]: f for f in a.findings.get(item_id, [])}
        fb = {f["key"]: f for f in b.findings.get(item_id, [])}
        for key, f in fb.items():
            if key not in fa:
                new_f.append(_public(f))
                changes += [
                    _change(item_id, "finding_new", t, key) for t in describe_new(f, b.documents)
                ]
                continue
            old = fa[key]
            more = [m for m in f["months"] if m not in old["months"]]
            less = [m for m in old["months"] if m not in f["months"]]
            if more or less or f["severity"] != old["severity"]:
                changed_f.append({**_public(f), "months_added": more, "months_removed": less,
                                  "severity_a": old["severity"]})  # fmt: skip
                changes += [_change(item_id, "months_missing", t, key)
                            for t in describe_months(item_id, more, missing=True)]  # fmt: skip
                changes += [_change(item_id, "months_published", t, key)
                            for t in describe_months(item_id, less, missing=False)]  # fmt: skip
                if f["severity"] != old["severity"]:
                    changes.append(_change(item_id, "severity", (
                        f"{item_id} ระดับ {old['severity']} → {f['severity']}: {f['message_th']}",
                        f"{item_id} severity {old['severity']} → {f['severity']}: "
                        f"{f['message_en']}",
                    ), key))  # fmt: skip
        for key, f in fa.items():
            if key not in fb:
                gone_f.append(_public(f))
                changes += [_change(item_id, "finding_fixed", t, key) for t in describe_fixed(f)]
    docs = _diff_documents(a.documents, b.documents)
    return {
        "agency": {"name": b.run.agency, "website": b.run.website},
        "framework": b.run.framework,
        "fiscal_year": b.run.fiscal_year,
        "run_a": _run_info(a),
        "run_b": _run_info(b),
        "score": {
            "a": a.evaluation["oit"],
            "b": b.evaluation["oit"],
            "change": _delta(a.evaluation["oit"], b.evaluation["oit"]),
        },
        "rating_changed": a.evaluation["rating_th"] != b.evaluation["rating_th"],
        "items": items,
        "findings": {"new": new_f, "fixed": gone_f, "changed": changed_f},
        "changes": changes,
        "documents": docs,
        "unchanged": not (items or changes or any(docs.values())),
    }


def _change(item: str, kind: str, text: tuple[str, str], key: str | None = None) -> dict[str, Any]:
    return {"item": item, "kind": kind, "finding_key": key, "text_th": text[0], "text_en": text[1]}


def _num(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:.2f}".rstrip("0").rstrip(".") or "0"


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 2)


def _diff_documents(a: dict[str, dict], b: dict[str, dict]) -> dict[str, list[dict[str, Any]]]:
    added = [_doc(b[u]) for u in sorted(b) if u not in a]
    removed = [_doc(a[u]) for u in sorted(a) if u not in b]
    changed = []
    for u in sorted(set(a) & set(b)):
        da, db_ = _doc(a[u]), _doc(b[u])
        if _state(da) != _state(db_):
            keep = ("sha256", "outcome", "http_status")
            changed.append({"url": u, "items": db_["items"] or da["items"],
                            "a": {k: da[k] for k in keep},
                            "b": {k: db_[k] for k in keep}})  # fmt: skip
    return {"added": added, "removed": removed, "changed": changed}


def _state(d: dict[str, Any]) -> tuple:
    """What makes a document different: its bytes and outcome; the HTTP status only when it
    is not ok (an unchanged document answers 304 Not Modified to an incremental re-crawl)."""
    return (d["sha256"], d["outcome"], None if d["outcome"] == "ok" else d["http_status"])


def diff_runs(store: Store, run_a: str, run_b: str) -> dict[str, Any]:
    """diff@1 of two runs of the same agency (evaluated first when their results are not
    stored). Raises StoreError for an unknown run, HistoryError for runs of two agencies."""
    a, b = results_of(store, run_a), results_of(store, run_b)
    if (a.run.agency, a.run.website) != (b.run.agency, b.run.website):
        raise HistoryError(
            f"{run_a} และ {run_b} เป็นของคนละหน่วยงาน / are runs of two agencies "
            f"({a.run.agency} · {b.run.agency}); compare runs of one agency"
        )
    return wrap_diff([diff_results(a, b)])


def diff_last(store: Store, agency: str | None = None, last: int = 2) -> dict[str, Any]:
    """diff@1 of the last two evaluated runs of `agency` (or of every agency that has two):
    `last` must be 2 (the two latest runs are compared). Raises HistoryError when the agency
    has fewer than two evaluated runs, or no agency has two."""
    if last != 2:
        raise HistoryError(f"--last {last}: only --last 2 (the two latest runs) is supported")
    rows = evaluated_runs(store, agency)
    by_agency: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in rows:
        by_agency.setdefault((r["agency"], r["website"]), []).append(r)
    if agency is not None and not by_agency:
        names = sorted({r["agency"] for r in evaluated_runs(store)})
        raise HistoryError(
            f"--agency {agency!r}: ไม่พบหน่วยงานนี้ / no evaluated runs of this agency; "
            f"agencies in the store: {', '.join(names) or 'none'}"
        )
    entries = []
    for runs in by_agency.values():
        if len(runs) >= 2:
            entries.append(diff_results(results_of(store, runs[-2]["id"]),
                                        results_of(store, runs[-1]["id"])))  # fmt: skip
    if not entries:
        raise HistoryError(
            "ต้องมีผลการตรวจอย่างน้อย 2 ครั้ง / need at least two evaluated runs of an agency "
            "to compare; run `oitcrawl check` again, or give two run ids"
        )
    return wrap_diff(entries)


def wrap_diff(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """The diff@1 document around per-agency entries."""
    return {
        "schema": DIFF_SCHEMA,
        "tool": {"name": "oitcrawl", "version": __version__},
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "agencies": entries,
    }


__all__ = [
    "DIFF_SCHEMA",
    "HistoryError",
    "StoreError",
    "annotate_since",
    "diff_last",
    "diff_runs",
    "finding_key",
    "finding_keys",
    "first_seen_dates",
]
