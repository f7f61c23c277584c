"""Dates the way a Thai reader expects them, and their English counterparts.

Thai forms (Buddhist Era years, BE = CE + 543):

- long, formal: "วันที่ ๓๐ เมษายน ๒๕๖๖" — Thai digits, as in official letters and the
  assessors' documents; used in report headers (as-of date, crawl date, fiscal year).
- short: "30 เม.ย. 2566" — Arabic digits, abbreviated month; used in lists and spreadsheets.

Formatting goes through PyThaiNLP (`pythainlp.util.thai_strftime` for the month names and BE
year, `arabic_digit_to_thai_digit` for the digits) rather than home-made tables. A date is always
a CE `datetime.date`; the BE year is derived from it, so leap years are those of the CE calendar
(29 February 2567 exists because 2024 is a leap year; 2567 itself is not divisible by 4).
Thailand's pre-1941 April new year is not modelled: these are assessment dates (2550 BE on).
Timestamps are shown in Thai time (UTC+7, no daylight saving).
"""

from __future__ import annotations

import datetime as dt

from pythainlp.util import arabic_digit_to_thai_digit, thai_strftime

from oitcrawl.periods import BE_OFFSET, ENGLISH_MONTHS

#: Thailand's time zone (Asia/Bangkok): UTC+7 all year, so a fixed offset is exact.
THAI_TZ = dt.timezone(dt.timedelta(hours=7), "ICT")


def be_year(ce_year: int) -> int:
    """The Buddhist Era year of CE year `ce_year` (2023 → 2566)."""
    return ce_year + BE_OFFSET


def from_be(year_be: int, month: int, day: int) -> dt.date:
    """The CE date of day/month/year written in BE (2567, 2, 29 → date(2024, 2, 29)).

    Raises ValueError naming the BE date when it does not exist (29 February 2566: 2023 CE is
    not a leap year).
    """
    try:
        return dt.date(year_be - BE_OFFSET, month, day)
    except ValueError as exc:
        raise ValueError(f"{day}/{month}/{year_be} (พ.ศ./BE) is not a date: {exc}") from None


def thai_digits(text: str) -> str:
    """`text` with Arabic digits 0-9 written as Thai digits ๐-๙; everything else unchanged."""
    return arabic_digit_to_thai_digit(text)


def long_th(day: dt.date, *, prefix: bool = True, digits: bool = True) -> str:
    """Formal Thai date: "วันที่ ๓๐ เมษายน ๒๕๖๖" (`prefix` adds "วันที่ ", `digits` Thai digits)."""
    text = thai_strftime(_as_datetime(day), "%-d %B %Y", thaidigit=digits)
    return f"วันที่ {text}" if prefix else text


def short_th(day: dt.date) -> str:
    """Short Thai date: "30 เม.ย. 2566" (Arabic digits, abbreviated month, BE year)."""
    return thai_strftime(_as_datetime(day), "%-d %b %Y")


def month_short_th(key: str) -> str:
    """A month key "2023-01" as "ม.ค. 2566". Raises ValueError when `key` is not YYYY-MM."""
    return thai_strftime(_as_datetime(_month(key)), "%b %Y")


def long_en(day: dt.date) -> str:
    """English long date: "30 April 2023" (month names fixed, whatever the C locale)."""
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def short_en(day: dt.date) -> str:
    """English short date: "30 Apr 2023"."""
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1][:3]} {day.year}"


def month_short_en(key: str) -> str:
    """A month key "2023-01" as "Jan 2023". Raises ValueError when `key` is not YYYY-MM."""
    month = _month(key)
    return f"{ENGLISH_MONTHS[month.month - 1][:3]} {month.year}"


def datetime_th(stamp: dt.datetime) -> str:
    """A timestamp in Thai time, formal: "วันที่ ๒๑ พฤศจิกายน ๒๕๖๙ เวลา ๑๓.๑๑ น.".

    An aware timestamp is converted to UTC+7; a naive one is taken as already Thai time.
    """
    local = _thai_time(stamp)
    return thai_digits(f"{long_th(local.date(), digits=False)} เวลา {local:%H.%M} น.")


def datetime_en(stamp: dt.datetime) -> str:
    """A timestamp as "21 November 2026, 06:11 UTC" (aware → UTC; naive → as given, no zone)."""
    if stamp.tzinfo is None:
        return f"{long_en(stamp.date())}, {stamp:%H:%M}"
    utc = _utc(stamp)
    return f"{long_en(utc.date())}, {utc:%H:%M} UTC"


def span_th(start: dt.datetime, end: dt.datetime | None) -> str:
    """A crawl's start and end in Thai time: "วันที่ ๒๑ พฤศจิกายน ๒๕๖๙ เวลา ๑๓.๑๑–๑๓.๑๕ น." on
    one day, both timestamps in full otherwise; only the start when `end` is None."""
    if end is None:
        return datetime_th(start)
    a, b = _thai_time(start), _thai_time(end)
    if a.date() != b.date():
        return f"{datetime_th(start)} – {datetime_th(end)}"
    return thai_digits(f"{long_th(a.date(), digits=False)} เวลา {a:%H.%M}–{b:%H.%M} น.")


def span_en(start: dt.datetime, end: dt.datetime | None) -> str:
    """English counterpart of `span_th`: "21 November 2026, 06:11–06:15 UTC"."""
    if end is None:
        return datetime_en(start)
    a, b = _utc(start), _utc(end)
    if a.date() != b.date() or (start.tzinfo is None) != (end.tzinfo is None):
        return f"{datetime_en(start)} – {datetime_en(end)}"
    zone = " UTC" if start.tzinfo else ""
    return f"{long_en(a.date())}, {a:%H:%M}–{b:%H:%M}{zone}"


def fiscal_year_th(fy_be: int) -> str:
    """Formal Thai fiscal year with its span: "พ.ศ. ๒๕๖๖ (๑ ตุลาคม ๒๕๖๕ – ๓๐ กันยายน ๒๕๖๖)".

    Fiscal year พ.ศ. N runs 1 October N-1 to 30 September N.
    """
    start, end = fiscal_year_span(fy_be)
    span = f"{long_th(start, prefix=False)} – {long_th(end, prefix=False)}"
    return f"พ.ศ. {thai_digits(str(fy_be))} ({span})"


def fiscal_year_en(fy_be: int) -> str:
    """English fiscal year with its span: "2566 BE (1 October 2022 – 30 September 2023)"."""
    start, end = fiscal_year_span(fy_be)
    return f"{fy_be} BE ({long_en(start)} – {long_en(end)})"


def fiscal_year_span(fy_be: int) -> tuple[dt.date, dt.date]:
    """(first day, last day) of fiscal year `fy_be` (BE) as CE dates."""
    year = fy_be - BE_OFFSET
    return dt.date(year - 1, 10, 1), dt.date(year, 9, 30)


def parse_iso_date(text: str | None) -> dt.date | None:
    """ "2023-04-30" (or an ISO timestamp's date part) → date; None when empty or not a date."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        return None


def parse_iso_datetime(text: str | None) -> dt.datetime | None:
    """An ISO timestamp → datetime (aware when it has an offset); None when not a timestamp."""
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def _thai_time(stamp: dt.datetime) -> dt.datetime:
    return stamp.astimezone(THAI_TZ) if stamp.tzinfo else stamp


def _utc(stamp: dt.datetime) -> dt.datetime:
    return stamp.astimezone(dt.UTC) if stamp.tzinfo else stamp


def _as_datetime(day: dt.date) -> dt.datetime:
    return day if isinstance(day, dt.datetime) else dt.datetime(day.year, day.month, day.day)


def _month(key: str) -> dt.date:
    try:
        year, month = key.split("-")
        return dt.date(int(year), int(month), 1)
    except ValueError:
        raise ValueError(f"{key!r}: expected a month YYYY-MM (CE)") from None
