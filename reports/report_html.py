"""report.html: the report@1 dict as one self-contained page for an agency's ITA coordinator.

Thai first with an English toggle that needs no JavaScript (two radio inputs and CSS), inline
CSS only, a strict Content-Security-Policy, no external resource of any kind. Everything that
comes from a crawled site (titles, excerpts, URLs) goes through Jinja's autoescape, and a URL
becomes a link only when its scheme is http or https (`safe_href`).
"""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup, escape

from oitcrawl.periods import (
    BE_OFFSET,
    ENGLISH_MONTHS,
    THAI_MONTHS,
    format_month_en,
    format_month_th,
)

SCHEMA = "oitcrawl/report@1"
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
    "severity": {
        "error": ("ข้อผิดพลาด", "Error"),
        "warning": ("ข้อสังเกต", "Warning"),
    },
    "code": {
        "no_url": ("ไม่ได้ส่ง URL", "No URL submitted"),
        "broken_link": ("ลิงก์เสีย", "Broken link"),
        "unreachable": ("เข้าถึงไม่ได้", "Unreachable"),
        "login_required": ("ต้องเข้าสู่ระบบ", "Login required"),
        "not_main_website": ("ไม่อยู่บนเว็บไซต์หลัก", "Not on the main website"),
        "no_evidence": ("ไม่พบหลักฐาน", "No evidence"),
        "missing_element": ("ขาดองค์ประกอบ", "Missing element"),
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
    )
    env.globals.update(labels=LABELS, symbols=SYMBOLS)
    return env


def render_html(report: dict[str, Any]) -> str:
    """The report page (one HTML document, str) of a report@1 dict, i.e. report.json's content.

    Raises ValueError when `report` is not report@1; jinja2.UndefinedError when a field the
    schema requires is missing.
    """
    if report.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} report (schema: {report.get('schema')!r})")
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
        )
    )


def write_html(report: dict[str, Any], path: Path) -> Path:
    """Render `report` (report@1 dict) and write it to `path` atomically (temp file in the same
    folder, then rename) as UTF-8. Returns `path`."""
    text = render_html(report)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # same folder: rename is atomic
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
