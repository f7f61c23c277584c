"""``oitcrawl diff``: what changed between two evaluated runs of one agency (item statuses and
scores, findings new, fixed or changed, documents), as a diff@1 dict
(``reports/diff.schema.json``) with a Thai and English line for each change."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from oitcrawl import __version__
from oitcrawl.history.results import RunResults, evaluated_runs
from oitcrawl.history.since import HistoryError, map_results, results_of
from oitcrawl.store import Store

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


def month_be(key: str) -> str:
    """A month key "2023-03" (CE) as "2566-03" (Buddhist Era); the key itself if malformed."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", key)
    return f"{int(m.group(1)) + BE_OFFSET}-{m.group(2)}" if m else key


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
