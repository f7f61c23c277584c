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
import os
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
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("oitcrawl.reports", ""),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
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
    env.globals.update(labels=LABELS, symbols=SYMBOLS)
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
            fy_start=fy_start,
            fy_end=fy_end,
            lang=lang,
            checklist=checklist_rows(report),
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
