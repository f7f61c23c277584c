"""report.html: the report@3 dict as one self-contained page for an agency's ITA coordinator.

Thai first with an English toggle that needs no JavaScript (two radio inputs and CSS; `--lang`
chooses which is checked when the page opens), inline CSS only, a strict
Content-Security-Policy, no external resource of any kind. The one script, the pre-submission
checklist's (checklist.js: ticks kept in localStorage, CSV export), is inlined and allowed by
its sha256 alone; the page reads the same without it. Everything that comes from a crawled site
(titles, excerpts, URLs) goes through Jinja's autoescape, and a URL becomes a link only when its
scheme is http or https (`safe_href`). Header dates are formal Thai (oitcrawl/thaidate.py).

This module renders and writes the page: the labels and symbols of coded values, the month
strip, the inlined checklist script and the template's context. How values are written is
`filters`, what the checklist lists is `checklist`, the score gauge is `gauge`; their names
are importable from here as before.
"""

from __future__ import annotations

import base64
import hashlib
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from oitcrawl import thaidate
from oitcrawl.i18n import get_lang, resolve
from oitcrawl.periods import BE_OFFSET, ENGLISH_MONTHS, fiscal_months, required_months
from oitcrawl.reports import templates
from oitcrawl.reports.checklist import (  # noqa: F401  (re-exported)
    ALL_UNITS,
    CHECKLIST_GROUPS,
    LINK_STATES,
    checklist_rows,
    link_states,
    unit_filter,
    units_of,
)
from oitcrawl.reports.filters import (  # noqa: F401  (re-exported)
    _date,
    arabic_digits,
    crawl_span,
    date_en,
    date_long_th,
    date_th,
    datetime_en,
    datetime_th,
    fiscal_year_th,
    highlight,
    month_en,
    month_th,
    percent,
    safe_href,
    score_text,
    size_text,
    timestamp_text,
)
from oitcrawl.reports.gauge import (  # noqa: F401  (re-exported)
    BAND_COLOURS,
    BAND_LIMITS,
    gauge,
    next_band,
)

SCHEMA = "oitcrawl/report@3"
TEMPLATE = "report.html.j2"

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
