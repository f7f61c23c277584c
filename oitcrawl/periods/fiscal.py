"""Buddhist-era years, Thai fiscal years, month keys and month names: the package's units.

Units. Every year this package returns is a **Buddhist-era (BE, พ.ศ.) year** unless its name
says otherwise: ``year_be``, ``fiscal_year``, ``year_end_be``, ``fiscal_year_of``,
``found_fiscal_years``. พ.ศ. = ค.ศ. + 543. Month keys ("YYYY-MM") are the one exception: they
use the **Christian-era (CE) year** so they sort and compare like ISO dates ("2023-01" is
มกราคม 2566). ``datetime.date`` values are ordinary (CE) dates.

Fiscal year (DOMAIN.md §3 rule 3). The Thai fiscal year (ปีงบประมาณ) พ.ศ. N runs from
1 October (N−1) to 30 September N: FY 2566 = 2022-10-01 … 2023-09-30. A date or month in
October-December belongs to the next fiscal year.
"""

from __future__ import annotations

import re
from datetime import date

BE_OFFSET = 543


THAI_MONTHS = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)
THAI_MONTH_ABBRS = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def to_be(year: int) -> int:
    """Return ``year`` as a BE year: a CE year (< 2400) gets +543, a BE year is returned as is.

    >>> to_be(2023), to_be(2566)
    (2566, 2566)
    """
    return year + BE_OFFSET if year < 2400 else year


def fiscal_year_of(d: date) -> int:
    """The Thai fiscal year (BE) that the CE date ``d`` falls in; October-December count
    for the next one (DOMAIN.md §3 rule 3).

    >>> fiscal_year_of(date(2022, 9, 30)), fiscal_year_of(date(2022, 10, 1))
    (2565, 2566)
    """
    return d.year + BE_OFFSET + (1 if d.month >= 10 else 0)


def fiscal_year_of_month(year_be: int, month: int) -> int:
    """The fiscal year (BE) of ``month`` (1-12) in BE year ``year_be``: October-December → +1."""
    return year_be + 1 if month >= 10 else year_be


def fiscal_year_bounds(fy_be: int) -> tuple[date, date]:
    """First and last day (CE dates, inclusive) of fiscal year ``fy_be`` (BE).

    >>> fiscal_year_bounds(2566)
    (datetime.date(2022, 10, 1), datetime.date(2023, 9, 30))
    """
    ce = fy_be - BE_OFFSET
    return date(ce - 1, 10, 1), date(ce, 9, 30)


def month_key(year_be: int, month: int) -> str:
    """The month key "YYYY-MM" (CE year!) of ``month`` (1-12) in BE year ``year_be``.

    >>> month_key(2566, 1)
    '2023-01'
    """
    return f"{year_be - BE_OFFSET:04d}-{month:02d}"


def _parse_key(key: str) -> tuple[int, int]:
    """ "YYYY-MM" (CE) → (CE year, month); ValueError for anything else."""
    m = re.fullmatch(r"(\d{4})-(\d{2})", key)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"not a month key YYYY-MM: {key!r}")
    return int(m.group(1)), int(m.group(2))


def fiscal_months(fy_be: int) -> list[str]:
    """The 12 month keys ("YYYY-MM", CE) of fiscal year ``fy_be`` (BE), October first.

    >>> fiscal_months(2566)[0], fiscal_months(2566)[-1]
    ('2022-10', '2023-09')
    """
    ce = fy_be - BE_OFFSET
    return [f"{ce - 1}-{m:02d}" for m in (10, 11, 12)] + [f"{ce}-{m:02d}" for m in range(1, 10)]


def h1_months(fy_be: int) -> list[str]:
    """The six month keys (CE) of the first half of fiscal year ``fy_be`` (BE): October-March
    ("6 เดือนแรกของปีงบประมาณ", DOMAIN.md §3 rule 3)."""
    return fiscal_months(fy_be)[:6]


def required_months(fy_be: int, as_of: date) -> list[str]:
    """Month keys (CE) a monthly item of fiscal year ``fy_be`` (BE) must have on ``as_of``.

    From October of the fiscal year up to the last *full* month before ``as_of``, i.e. the month
    before the one ``as_of`` is in (DOMAIN.md §3 rule 4): as_of 2023-04-30 → "2022-10" …
    "2023-03"; as_of 2023-05-01 → … "2023-04". Never beyond September of the fiscal year;
    empty when ``as_of`` is in October of the fiscal year or earlier.
    """
    current = f"{as_of.year:04d}-{as_of.month:02d}"
    return [k for k in fiscal_months(fy_be) if k < current]


def thai_month_name(month: int) -> str:
    """Full Thai name of ``month`` (1-12): 1 → "มกราคม". ValueError outside 1-12."""
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1-12, got {month}")
    return THAI_MONTHS[month - 1]


def format_month_th(key: str) -> str:
    """ "2023-01" (CE month key) → "มกราคม 2566" (Thai month name, BE year)."""
    year, month = _parse_key(key)
    return f"{thai_month_name(month)} {year + BE_OFFSET}"


def format_month_en(key: str) -> str:
    """ "2023-01" (CE month key) → "January 2023" (English month name, CE year)."""
    year, month = _parse_key(key)
    return f"{ENGLISH_MONTHS[month - 1]} {year}"
