"""report.html: the report@3 dict as one self-contained page for an agency's ITA coordinator.

Thai first with an English toggle that needs no JavaScript (two radio inputs and CSS; `--lang`
chooses which is checked when the page opens), inline CSS only, a strict
Content-Security-Policy, no external resource of any kind. The one script, the pre-submission
checklist's (checklist.js: ticks kept in localStorage, CSV export), is inlined and allowed by
its sha256 alone; the page reads the same without it. Everything that comes from a crawled site
(titles, excerpts, URLs) goes through Jinja's autoescape, and a URL becomes a link only when its
scheme is http or https (`safe_href`). Header dates are formal Thai (oitcrawl/thaidate.py).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import os
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

from oitcrawl import thaidate
from oitcrawl.evaluate.scores import rating_label
from oitcrawl.i18n import get_lang, resolve
from oitcrawl.periods import (
    BE_OFFSET,
    ENGLISH_MONTHS,
    THAI_MONTHS,
    fiscal_months,
    format_month_en,
    format_month_th,
    required_months,
)
from oitcrawl.reports import templates

SCHEMA = "oitcrawl/report@3"
TEMPLATE = "report.html.j2"

#: Characters left as they are when a URL is written into an href: the URL delimiters and an
#: existing percent-escape. Spaces, quotes, angle brackets and non-ASCII text get %-encoded.
_HREF_SAFE = "!#$%&'()*+,-./:;=?@[]~_"

#: (Thai, English) for every coded value the page shows.
LABELS: dict[str, dict[Any, tuple[str, str]]] = {
    "status": {
        "pass": ("ผ่าน", "Pass"),
        "fail": ("ไม่ผ่าน", "Fail"),
        "review": ("ต้องตรวจสอบ", "Review"),
        "not_applicable": ("ไม่เกี่ยวข้อง", "Not applicable"),
    },
    "element_status": {
        "met": ("พบ", "Met"),
        "unmet": ("ไม่พบ", "Unmet"),
        "unverified": ("ยังยืนยันไม่ได้", "Unverified"),
    },
    "role": {
        "content": ("เนื้อหา", "content"),
        "list_entry": ("รายการ", "list entry"),
        "cell": ("ช่องตาราง", "table cell"),
        "heading": ("หัวข้อ", "heading"),
        "link_label": ("ชื่อลิงก์", "link label"),
        "label": ("ชื่อลิงก์", "link label"),
        "title": ("ชื่อหน้าเว็บ", "page title"),
        "file_name": ("ชื่อไฟล์", "file name"),
    },
    "evidence_kind": {
        "presence": ("ช่องทาง/ระบบ", "channel or system"),
        "document": ("เอกสาร", "document"),
        "data": ("ข้อมูล (รายการ/ตาราง)", "records"),
    },
    "decision": {
        "accept": ("ยอมรับ (ผ่าน)", "accepted (pass)"),
        "reject": ("ไม่ยอมรับ (ไม่ผ่าน)", "rejected (fail)"),
        "not_applicable": ("ไม่เกี่ยวข้อง", "not applicable"),
        "dismiss": ("ยกเลิกข้อสังเกต", "finding dismissed"),
    },
    "severity": {
        "error": ("ข้อผิดพลาด", "Error"),
        "warning": ("ข้อสังเกต", "Warning"),
    },
    "code": {
        "no_url": ("ไม่ได้ส่ง URL", "No URL submitted"),
        "broken_link": ("ลิงก์เสีย", "Broken link"),
        "unreachable": ("เข้าถึงไม่ได้", "Unreachable"),
        "empty_document": ("ไฟล์ว่างเปล่า", "Empty file"),
        "login_required": ("ต้องเข้าสู่ระบบ", "Login required"),
        "not_main_website": ("ไม่อยู่บนเว็บไซต์หลัก", "Not on the main website"),
        "no_evidence": ("ไม่พบหลักฐาน", "No evidence"),
        "missing_element": ("ขาดองค์ประกอบ", "Missing element"),
        "label_only": ("มีเพียงหัวข้อหรือชื่อลิงก์", "Named only by a heading or link"),
        "no_records": ("ไม่มีข้อมูลในเอกสาร", "No records in the document"),
        "outdated": ("ข้อมูลไม่เป็นปัจจุบัน", "Outdated"),
        "missing_period": ("ข้อมูลไม่ครบทุกช่วงเวลา", "Missing period"),
        "not_machine_readable": ("เครื่องอ่านไม่ได้", "Not machine readable"),
        "unverified_content": ("ตรวจเนื้อหาไม่ได้", "Content not verified"),
    },
    "outcome": {
        "ok": ("เปิดได้", "OK"),
        "broken": ("ลิงก์เสีย", "Broken"),
        "not_sure": ("ไม่แน่ใจ", "Not sure"),
        "http_error": ("เปิดไม่ได้", "HTTP error"),
        "blocked_by_robots": ("robots.txt ห้ามเก็บ", "Blocked by robots.txt"),
        "too_large": ("ไฟล์ใหญ่เกินไป", "Too large"),
        "not_fetched": ("ไม่ได้เปิด", "Not fetched"),
    },
    "period_rule": {
        "none": ("ไม่กำหนดช่วงเวลา", "No period"),
        "FY": ("ปีงบประมาณที่ประเมิน", "Assessed fiscal year"),
        "FY|FY-1": ("ปีงบประมาณที่ประเมินหรือปีก่อน", "Assessed or previous fiscal year"),
        "H1": ("6 เดือนแรกของปีงบประมาณ", "First half of the fiscal year"),
        "monthly": ("ทุกเดือนของปีงบประมาณ", "Every month of the fiscal year"),
    },
    "readability": {
        "not_retrievable": ("เปิดไม่ได้", "Not retrievable"),
        "image": ("ภาพ", "Image"),
        "no_text": ("ไม่มีข้อความ", "No text"),
        "text": ("ข้อความ", "Text"),
        "structured": ("ข้อมูลมีโครงสร้าง", "Structured"),
    },
    "run_status": {
        "running": ("กำลังทำงาน", "Running"),
        "interrupted": ("หยุดกลางคัน", "Interrupted"),
        "completed": ("เสร็จสมบูรณ์", "Completed"),
        "failed": ("ล้มเหลว", "Failed"),
    },
}

#: Status → the symbol shown beside the colour, so status never depends on colour alone.
SYMBOLS = {
    "pass": "✓",
    "fail": "✗",
    "review": "!",
    "not_applicable": "–",
    "met": "✓",
    "unmet": "✗",
    "unverified": "?",
    "error": "✗",
    "warning": "!",
}


def safe_href(url: object) -> str | None:
    """The `url` ready for an ``href`` when its scheme is http or https, else None.

    Anything else (``javascript:``, ``data:``, ``vbscript:``, relative or host-less URLs, a
    non-string) is not made a link. Spaces and non-ASCII text are percent-encoded (UTF-8);
    existing percent-escapes are kept. The result still goes through autoescape.
    """
    if not isinstance(url, str):
        return None
    cleaned = "".join(ch for ch in url.strip() if ch >= " " and ch != "\x7f")
    try:
        parts = urlsplit(cleaned)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return quote(cleaned, safe=_HREF_SAFE)


def highlight(excerpt: str, phrase: str) -> Markup:
    """`excerpt` escaped, with every occurrence of `phrase` wrapped in ``<mark>``."""
    if not phrase or phrase not in excerpt:
        return escape(excerpt)
    parts = [escape(p) for p in excerpt.split(phrase)]
    return Markup(f"<mark>{escape(phrase)}</mark>").join(parts)


def score_text(value: float | None) -> str:
    """A score 0-100 as text with at most two decimals ("73.33", "100"); "—" for None."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def percent(value: float | None) -> str:
    """A score as a CSS percentage number clamped to 0-100 ("73.33"); "0" for None."""
    if not isinstance(value, int | float):
        return "0"
    return f"{min(max(float(value), 0.0), 100.0):.2f}"


def size_text(n: int | None) -> str:
    """A byte count for people: "812 B", "2.3 KB", "1.4 MB"; "—" for None."""
    if n is None:
        return "—"
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def date_th(iso: str | None) -> str:
    """ "2023-04-30" → "30 เมษายน 2566" (Buddhist Era); the input itself when not a date."""
    day = _date(iso)
    if day is None:
        return iso or "—"
    return f"{day.day} {THAI_MONTHS[day.month - 1]} {day.year + BE_OFFSET}"


def date_en(iso: str | None) -> str:
    """ "2023-04-30" → "30 April 2023"; the input itself when not a date."""
    day = _date(iso)
    if day is None:
        return iso or "—"
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def timestamp_text(iso: str | None) -> str:
    """An ISO timestamp as "2026-11-21 06:11 UTC" (UTC when it has an offset); "—" for None."""
    if not iso:
        return "—"
    try:
        stamp = dt.datetime.fromisoformat(iso)
    except ValueError:
        return iso
    if stamp.tzinfo is None:
        return stamp.strftime("%Y-%m-%d %H:%M")
    return stamp.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def month_th(key: str) -> str:
    """ "2023-01" → "มกราคม 2566"; the key itself when malformed."""
    try:
        return format_month_th(key)
    except ValueError:
        return key


def month_en(key: str) -> str:
    """ "2023-01" → "January 2023"; the key itself when malformed."""
    try:
        return format_month_en(key)
    except ValueError:
        return key


#: Thai digits → Arabic digits. The page uses one digit style: Arabic digits in both languages,
#: as in the scores, counts, notes and month names around them (issue 14, typography).
_ARABIC = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def arabic_digits(text: str) -> str:
    """`text` with Thai digits ๐-๙ written as 0-9 (only for text this page generates)."""
    return text.translate(_ARABIC)


def date_long_th(iso: str | None) -> str:
    """ "2023-04-30" → "วันที่ 30 เมษายน 2566" (formal words, Arabic digits); the input when
    not a date."""
    day = thaidate.parse_iso_date(iso)
    return thaidate.long_th(day, digits=False) if day else (iso or "—")


def datetime_th(iso: str | None) -> str:
    """An ISO timestamp in Thai time, formal: "วันที่ 21 พฤศจิกายน 2569 เวลา 13.11 น."."""
    stamp = thaidate.parse_iso_datetime(iso)
    return arabic_digits(thaidate.datetime_th(stamp)) if stamp else (iso or "—")


def fiscal_year_th(fy_be: int) -> str:
    """ "พ.ศ. 2566 (1 ตุลาคม 2565 – 30 กันยายน 2566)" (Arabic digits)."""
    return arabic_digits(thaidate.fiscal_year_th(fy_be))


def datetime_en(iso: str | None) -> str:
    """An ISO timestamp as "21 November 2026, 06:11 UTC"; "—" for None."""
    stamp = thaidate.parse_iso_datetime(iso)
    return thaidate.datetime_en(stamp) if stamp else (iso or "—")


def crawl_span(run: dict[str, Any], lang: str) -> str:
    """When a run crawled, from its started_at/finished_at: Thai time and Thai digits for "th"
    ("วันที่ 21 พฤศจิกายน 2569 เวลา 13.11–13.15 น.", Arabic digits), UTC for "en"; "—"
    without a start."""
    start = thaidate.parse_iso_datetime(run.get("started_at"))
    if start is None:
        return "—"
    end = thaidate.parse_iso_datetime(run.get("finished_at"))
    if lang == "th":
        return arabic_digits(thaidate.span_th(start, end))
    return thaidate.span_en(start, end)


@cache
def checklist_script() -> tuple[str, str]:
    """(the checklist's JavaScript exactly as inlined, its CSP source "'sha256-…'").

    The hash is of the exact text between <script> and </script>, so the page's CSP allows
    that script and nothing else (no 'unsafe-inline')."""
    text = (resources.files("oitcrawl.reports") / "checklist.js").read_text(encoding="utf-8")
    if "</script" in text.lower():  # would end the inline element early
        raise ValueError("checklist.js must not contain '</script'")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


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


#: Lowest score of each rating band above the bottom one, per rating scheme (scores.py).
BAND_LIMITS = {"2566": (70.0, 85.0, 95.0), "2565": (50.0, 55.0, 65.0, 75.0, 85.0, 95.0)}
#: Band colours, worst first (as many as the scheme has bands).
BAND_COLOURS = {
    4: ("#c62828", "#e0a100", "#5aa84f", "#1b7f3b"),
    7: ("#8e1b1b", "#c62828", "#e65100", "#e0a100", "#b5b82c", "#5aa84f", "#1b7f3b"),
}


def _passes(item: dict[str, Any]) -> bool:
    return item["status"] == "pass" or (item.get("score") or 0) >= 100


def gauge(report: dict[str, Any]) -> dict[str, Any] | None:
    """The OIT score gauge: {"score", "bands": [{"low", "high", "label_th", "label_en",
    "colour", "current"}], "limits": band limits, "colour" of the score's band, "next": see
    `next_band`}; None when there is no OIT score (every item not applicable)."""
    score = report["scores"].get("oit")
    if not isinstance(score, int | float):
        return None
    scheme = (report["scores"].get("rating") or {}).get("scheme") or "2566"
    limits = BAND_LIMITS.get(scheme, BAND_LIMITS["2566"])
    edges = (0.0, *limits, 100.0)
    colours = BAND_COLOURS.get(len(edges) - 1) or BAND_COLOURS[4]
    bands = []
    for i, (low, high) in enumerate(itertools.pairwise(edges)):
        label = rating_label(low, low, low, scheme if scheme in BAND_LIMITS else "2566")
        current = low <= score < high or (high == 100.0 and score >= 100.0)
        bands.append({"low": low, "high": high, "label_th": label["label_th"],
                      "label_en": label["label_en"], "colour": colours[i % len(colours)],
                      "current": current})  # fmt: skip
    colour = next((b["colour"] for b in bands if b["current"]), colours[0])
    return {"score": score, "bands": bands, "limits": limits, "colour": colour,
            "next": next_band(report, limits, scheme)}  # fmt: skip


def next_band(
    report: dict[str, Any], limits: tuple[float, ...], scheme: str = "2566"
) -> dict[str, Any] | None:
    """What it takes to reach the next rating band: the fewest failing or review items whose
    pass lifts the OIT score to the next band limit (items score 100 or 0, so the heaviest
    first; among equals, failing before review, then the checklist's order).

    Returns None at the top band, else {"limit", "label_th", "label_en", "items": the item
    dicts to fix, "score_after": the OIT score once they pass, "reachable": whether fixing every
    failing and review item is enough}."""
    score = report["scores"].get("oit")
    if not isinstance(score, int | float):
        return None
    limit = next((x for x in limits if x > score), None)
    if limit is None:
        return None
    applicable = [i for i in report["items"] if i["status"] != "not_applicable"]
    total = sum(i["weight"] for i in applicable)
    if total <= 0:
        return None
    gained = sum(i["weight"] for i in applicable if _passes(i))
    candidates = [i for i in applicable if not _passes(i) and i["status"] in ("fail", "review")]
    order = {id(i): n for n, i in enumerate(candidates)}
    candidates.sort(key=lambda i: (-i["weight"], i["status"] != "fail", order[id(i)]))
    chosen: list[dict[str, Any]] = []
    for item in candidates:
        if round(100.0 * gained / total, 2) >= limit:
            break
        chosen.append(item)
        gained += item["weight"]
    after = round(100.0 * gained / total, 2)
    label = rating_label(limit, limit, limit, scheme if scheme in BAND_LIMITS else "2566")
    return {"limit": limit, "label_th": label["label_th"], "label_en": label["label_en"],
            "items": chosen, "score_after": after, "reachable": after >= limit}  # fmt: skip


#: Month strip states, in the legend's order: (Thai, English, symbol).
MONTH_STATES = {
    "present": ("มีข้อมูล", "published", "✓"),
    "none": ("แจ้งว่าไม่มีรายการ", "says there was none", "○"),
    "missing": ("ขาด", "missing", "✗"),
    "not_due": ("ยังไม่ถึงกำหนด", "not yet due", "·"),
}


def month_strip(period: dict[str, Any] | None, fy_be: int, as_of: str | None) -> list[dict]:
    """The 12 months of fiscal year `fy_be` (October first) for a monthly element's `period`:
    [{"key": "2022-10", "state": present|none|missing|not_due, "short_th": "ต.ค. 65"…}].
    A month is "none" when only a "ไม่มี…" statement covers it (``period.none_months``),
    "not_due" when it is not yet required on `as_of` and nothing covers it. [] for another
    rule."""
    if not period or period.get("rule") != "monthly":
        return []
    day = _date(as_of)
    due = set(required_months(fy_be, day)) if day else set(fiscal_months(fy_be))
    covered = set(period.get("covered_months") or ())
    missing = set(period.get("missing_months") or ())
    none = set(period.get("none_months") or ())
    strip = []
    for key in fiscal_months(fy_be):
        if key in none:
            state = "none"
        elif key in covered:
            state = "present"
        elif key in missing or key in due:
            state = "missing"
        else:
            state = "not_due"
        year, month = int(key[:4]), int(key[5:])
        strip.append({
            "key": key, "state": state,
            "short_th": f"{thaidate.month_short_th(key).split()[0]} {str(year + BE_OFFSET)[2:]}",
            "short_en": f"{ENGLISH_MONTHS[month - 1][:3]} {str(year)[2:]}",
        })  # fmt: skip
    return strip


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


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso or "")
    except ValueError:
        return None


def _fiscal_year_span(fy_be: int) -> tuple[str, str]:
    """Fiscal year พ.ศ. N runs 1 October (N-1) to 30 September N (CE dates, ISO)."""
    year = fy_be - BE_OFFSET
    return f"{year - 1}-10-01", f"{year}-09-30"


@cache
def _environment() -> jinja2.Environment:
    filters = dict(
        safe_href=safe_href,
        highlight=highlight,
        score=score_text,
        pct=percent,
        size=size_text,
        date_th=date_th,
        date_en=date_en,
        timestamp=timestamp_text,
        month_th=month_th,
        month_en=month_en,
        date_long_th=date_long_th,
        datetime_th=datetime_th,
        datetime_en=datetime_en,
        fy_th=fiscal_year_th,
        fy_en=thaidate.fiscal_year_en,
        crawl_span=crawl_span,
    )
    env = templates.environment(filters, keep_trailing_newline=True)
    env.globals.update(
        labels=LABELS,
        symbols=SYMBOLS,
        month_states=MONTH_STATES,
        link_state_text=LINK_STATES,
        link_states=link_states,
        month_strip=month_strip,
    )
    return env


def render_html(report: dict[str, Any], lang: str | None = None) -> str:
    """The report page (one HTML document, str) of a report@3 dict, i.e. report.json's content.
    `lang` ("th"/"en"; default: the chosen language, see oitcrawl.i18n) is the language the page
    opens in; the other is one click away.

    Raises ValueError when `report` is not report@3 or `lang` is unknown;
    jinja2.UndefinedError when a field the schema requires is missing.
    """
    if report.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} report (schema: {report.get('schema')!r})")
    lang = resolve(lang) if lang else get_lang()
    script, script_hash = checklist_script()
    items = report["items"]
    fy_start, fy_end = _fiscal_year_span(report["fiscal_year"])
    rows = checklist_rows(report)
    units = unit_filter(rows)
    submitted_fetch = {
        item["id"]: {f["url"]: f for f in item["fetches"] if f["depth"] == 0} for item in items
    }
    return (
        _environment()
        .get_template(TEMPLATE)
        .render(
            r=report,
            items_by_id={item["id"]: item for item in items},
            submitted_fetch=submitted_fetch,
            to_fix=[item for item in items if item["status"] in ("fail", "review")],
            units=units,
            gauge=gauge(report),
            fy_start=fy_start,
            fy_end=fy_end,
            lang=lang,
            checklist=rows,
            checklist_js=Markup(script),  # our own file, never crawled content
            script_hash=Markup(script_hash),  # base64 and quotes only
        )
    )


def write_html(report: dict[str, Any], path: Path, lang: str | None = None) -> Path:
    """Render `report` (report@3 dict) in `lang` (default: the chosen language) and write it to
    `path` atomically (temp file in the same folder, then rename) as UTF-8. Returns `path`."""
    text = render_html(report, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # same folder: rename is atomic
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
