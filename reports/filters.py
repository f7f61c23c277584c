"""How the report pages write values: the Jinja filters of report.html (dates, scores, sizes,
months, fiscal years, crawl times), ``safe_href`` for every link made from crawled text, and
``highlight`` for a phrase in an excerpt. The diff and summary pages write their values with
the same functions. Header dates are formal Thai (oitcrawl/thaidate.py), with Arabic digits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote, urlsplit

from markupsafe import Markup, escape

from oitcrawl import thaidate
from oitcrawl.periods import (
    BE_OFFSET,
    ENGLISH_MONTHS,
    THAI_MONTHS,
    format_month_en,
    format_month_th,
)

#: Characters left as they are when a URL is written into an href: the URL delimiters and an
#: existing percent-escape. Spaces, quotes, angle brackets and non-ASCII text get %-encoded.
_HREF_SAFE = "!#$%&'()*+,-./:;=?@[]~_"


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


def _date(iso: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(iso or "")
    except ValueError:
        return None
