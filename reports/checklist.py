"""What the pre-submission checklist of report.html lists: its rows, most blocking first
(``checklist_rows``), the ฝ่าย (responsible unit) filter (``units_of``, ``unit_filter``) and
the state of each URL it shows (``link_states``), all read from the report@3 dict.
"""

from __future__ import annotations

import re
from typing import Any

#: Checklist groups in the order they block the score: failing items cost their points now,
#: review items count 0 until a person confirms them, warnings cost nothing yet.
CHECKLIST_GROUPS = ("fail", "review", "warning")


def checklist_rows(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The pre-submission checklist of a report@3 dict, most blocking first.

    One row per item that fails, needs review, or passes with warnings: {"item": the item
    dict, "group": "fail"|"review"|"warning", "gain": OIT points (0-100 scale) the item adds
    when it passes — 100 × weight / total weight of the applicable items, "publish": unique
    (suggestion_th, suggestion_en) pairs of its findings, errors first}. Ordered by group, then
    gain (largest first), then framework order.
    """
    items = report["items"]
    total = sum(i["weight"] for i in items if i["status"] != "not_applicable")
    rows = []
    for order, item in enumerate(items):
        if item["status"] in ("fail", "review"):
            group = item["status"]
        elif item["status"] == "pass" and item["findings"]:
            group = "warning"
        else:
            continue
        gain = 100.0 * item["weight"] / total if group != "warning" and total > 0 else 0.0
        findings = sorted(item["findings"], key=lambda f: f["severity"] != "error")
        publish = list(dict.fromkeys((f["suggestion_th"], f["suggestion_en"]) for f in findings))
        rows.append({"item": item, "group": group, "gain": round(gain, 2), "publish": publish,
                     "_key": (CHECKLIST_GROUPS.index(group), -gain, order)})  # fmt: skip
    rows.sort(key=lambda r: r["_key"])
    for r in rows:
        del r["_key"]
    return rows


#: The unit name that means "every unit" (rules/*.yaml): such an item is listed under each ฝ่าย.
ALL_UNITS = "ทุกฝ่าย"
_UNIT_SPLIT = re.compile(r"\s*[,;/、]\s*")


def units_of(item: dict[str, Any]) -> list[str]:
    """The responsible units (ฝ่าย) of an item, in order: the item's own unit and those of its
    findings (an element may name its own), each split on "," ";" "/" — an item shared by two
    units belongs to both."""
    names = [item.get("unit") or ""] + [f.get("unit") or "" for f in item.get("findings", [])]
    out = [u for name in names for u in _UNIT_SPLIT.split(name.strip()) if u]
    return list(dict.fromkeys(out))


def unit_filter(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The ฝ่าย filter of the checklist: one entry per concrete unit of `rows` (checklist rows,
    most blocking first), in order of first appearance: {"key": "u1", "name", "count": rows
    listed under it}. Rows of "ทุกฝ่าย" count under every unit (and give their own entry only
    when no row names a concrete unit). Each row gets "units": the space-separated keys it is
    listed under (its ``data-units``)."""
    names: list[str] = []
    for row in rows:
        for u in units_of(row["item"]):
            if u != ALL_UNITS and u not in names:
                names.append(u)
    if not names and any(ALL_UNITS in units_of(r["item"]) for r in rows):
        names = [ALL_UNITS]
    keys = {name: f"u{i}" for i, name in enumerate(names, 1)}
    counts = dict.fromkeys(names, 0)
    for row in rows:
        own = units_of(row["item"])
        under = names if ALL_UNITS in own else [u for u in own if u in keys]
        row["units"] = " ".join(keys[u] for u in under)
        for u in under:
            counts[u] += 1
    return [{"key": keys[n], "name": n, "count": counts[n]} for n in names]


#: Link states the checklist marks beside a URL: (Thai, English, css class of fetch-tag).
LINK_STATES = {
    "broken": ("ลิงก์เสีย", "broken link", "bad"),
    "login": ("ต้องเข้าสู่ระบบ", "asks for a login", "bad"),
    "unsure": ("เปิดไม่ได้ขณะตรวจ", "did not answer", "unsure"),
}
_CODE_STATE = {"broken_link": "broken", "login_required": "login", "unreachable": "unsure"}


def link_states(item: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The URLs the checklist shows for `item` with their state (a key of LINK_STATES, or None
    when fine): every submitted URL, then the other URLs of its findings that are broken or
    ask for a login. A finding decides; else the submitted URL's own fetch (404/410 broken,
    401/407 login, not sure)."""
    by_finding: dict[str, str] = {}
    for f in item.get("findings", []):
        state = _CODE_STATE.get(f.get("code", ""))
        if state and f.get("url") and not f.get("decision"):
            by_finding.setdefault(f["url"], state)
    fetched = {f["url"]: f for f in item.get("fetches", []) if f.get("depth") == 0}
    out: list[tuple[str, str | None]] = []
    for url in item.get("urls", []):
        state = by_finding.get(url)
        f = fetched.get(url)
        if state is None and f:
            if f.get("outcome") == "broken":
                state = "broken"
            elif f.get("http_status") in (401, 407):
                state = "login"
            elif f.get("outcome") == "not_sure":
                state = "unsure"
        out.append((url, state))
    shown = set(item.get("urls", []))
    out += [(u, s) for u, s in by_finding.items() if u not in shown and s != "unsure"]
    return out
