"""Dates in Thai and English text → Buddhist-era years, fiscal years and months; period rules.

Units. Every year this module returns is a **Buddhist-era (BE, พ.ศ.) year** unless its name
says otherwise: ``year_be``, ``fiscal_year``, ``year_end_be``, ``fiscal_year_of``,
``found_fiscal_years``. พ.ศ. = ค.ศ. + 543. Month keys ("YYYY-MM") are the one exception: they
use the **Christian-era (CE) year** so they sort and compare like ISO dates ("2023-01" is
มกราคม 2566). ``datetime.date`` values are ordinary (CE) dates.

Fiscal year (DOMAIN.md §3 rule 3). The Thai fiscal year (ปีงบประมาณ) พ.ศ. N runs from
1 October (N−1) to 30 September N: FY 2566 = 2022-10-01 … 2023-09-30. A date or month in
October-December belongs to the next fiscal year.

``find_dates(text)`` finds date mentions in page text, PDF text, titles, file names and link
labels and returns them as ``DateMention`` values with offsets into ``text``. Before matching,
the text is folded one character at a time, keeping a map back to the original offsets:
Thai digits become 0-9 (``oitcrawl.extract.thai.thai_digits_to_arabic``), each character goes
through ``normalize_text`` (legacy PUA glyphs mapped, zero-width and control characters
dropped), Latin letters are lower-cased, ำ and U+FFFD become า and a stray nikhahit is dropped
("ประจาปี", "ประจํา", "กำร" exports), whitespace runs collapse, and whitespace before a Thai
mark or following vowel is dropped ("ประจ าปี", "ประจ ำปี งบประมำณ"; DOMAIN.md §5). So the
damaged forms match, while ``DateMention.text`` is always the slice of the original input
(Thai digits, damage and all).

Cells and lines (DOMAIN.md §3a "Tables are read by row"). Callers mark table cells with a tab
or " | " and rows/lines with a line break. **No mention spans a line break, a tab or a "|"**:
"กุมภาพันธ์ 2566\\t8\\nมีนาคม 2566\\t10" gives the months February and March 2566 and no date
"8 มีนาคม 2566"; a month range, a day-month-year, a quarter "ไตรมาส 2/2566" or a year range
split over two cells or lines is not read as one ("มีนาคม\\n2566" gives the year only). One
exception, for PDF lines wrapped inside a label: a line break (never a tab or "|") right after
a year word and before its year ("ปีงบประมาณ พ.ศ.\\n256๒", "พ.ศ.\\n2560") or inside "ปี\\nงบประมาณ".
Quarters and halves still take a year from elsewhere on the same line (cells do not matter
there, see below).

Formats found (each with Thai or Arabic digits; examples from seed 001's file names and the
real corpus in ``shared/corpus/real``):

* ``date`` — day + month name + year: "๑๐ ตุลาคม พ.ศ. ๒๕๖๕", "30 มี.ค. 66", "24มี.ค.64", "5 ตค. 65",
  "5 เดือน มิถุนายน พ.ศ. 2558", "16Jan2549", "8 May 2566", "30th March 2023",
  "May 8, 2023"; numeric: "2023-04-30" (ISO, also "2023/04/30"), "30/04/2566", "30/4/66",
  "13-03-66", "30.04.2566" (a dotted date needs a four-digit year, so times "10.00" and
  section numbers "1.2.3" are never dates). A numeric date whose second field is over 12 and
  first is not (US "4/30/2023") is read month-first. Invalid dates ("31 ก.พ. 2566",
  "31/02/2566") are skipped entirely: neither the date nor its month or year is reported.
* ``month`` — month name + year: "ประจำเดือน มีนาคม 2566", "เดือนตุลาคม ๒๕๖๕", "ต.ค. 65",
  "Oct 2565", "Oct2565", "Mar66", "Dec65", ISO "2023-03" (CE); Thai abbreviations without
  their inner dots, with or without a final one — มค กพ มีค เมย พค มิย กค สค กย ตค พย ธค:
  "ตค. 65", "ตค 65", "มีค.66", "พย.65" (never inside a Thai word: "มีค่า", "มคอ.", "กพร.",
  "สคบ.", and not the document number "กค 0402.5/ว 123"); month ranges "ตุลาคม 2565 – มีนาคม
  2566", "Oct2565-Mar2566", "Dec65-Mar66", "ต.ค. 65 - มี.ค. 66", "มกราคม – กันยายน 2558" (first
  year omitted: the same year, or the year before when the first month is later in the
  calendar than the second) yield one ``month`` mention per month of the range, all with the
  whole range's ``text``/``start``/``end``. Ranges longer than 24 months are not expanded.
* ``fiscal_year`` — "ปีงบประมาณ พ.ศ. ๒๕๖๖", "ปีงบประมาณ 2566", "ประจำปีงบประมาณ พ.ศ. 2566",
  "ประจาปีงบประมาณ" (damaged), "ปี งบประมาณ", "ปีงบฯ 66", "fiscal year 2023" (CE → 2566),
  "fiscal year 2566", "budget year 2566", "FY2566", "FY 2023", "FY66".
* ``year`` — "พ.ศ. 2566", "พ.ศ.2528" (law years are year mentions too), "พุทธศักราช 2550",
  "ค.ศ. 2023" / "คริสต์ศักราช 2023" (→ 2566), a BE year after the word ปี ("ปี 66", "ปี 2566",
  "ปี ๖๖", "รายงานประจำปี 2566" → text "ปี 2566"; not "อายุ 66 ปี", "6 ปี", "ปีที่ 66", a count
  "ปี 45 ราย" / "ปี 50 วัน", or a CE "ปี 2023"), and standalone BE years 2500-2600 ("Plan
  2566.pdf", "ที่ ๑๕๐/๒๕๖๓").
* OCR-damaged years, read only right after พ.ศ./พุทธศักราช, ปีงบประมาณ or ปี (so amounts are
  never touched): one digit read as a Latin letter (o/O → 0, l/I → 1: "พ.ศ. ๒๕๖o" → 2560) or
  the four digits split by one space ("พ.ศ. ๒๕๖ ๖", "ปีงบประมาณ ๒๕ ๖๖" → 2566); the repaired
  year must be 2400-2700 after พ.ศ., 2500-2600 otherwise. Two damaged digits are not read.
* ``year_range`` — "2566-2570", "พ.ศ. 2551 – 2555", "(พ.ศ. 2555 - พ.ศ. 2557)", "ปีงบประมาณ พ.ศ.
  2555 - 2557", "ค.ศ. 2023-2027"; the end is after the start and at most 20 years later.
* ``quarter`` — "ไตรมาสที่ 2", "ไตรมาส 1/2566", "ไตรมาส 2/66", "ไตรมาสแรก", "Quarter 1", "Q2",
  "Q2/2566", "Q2/66", "2nd quarter";
  cumulative rounds "รอบ 3 เดือน" / "รอบ 9 เดือน" / "รอบ 12 เดือน" are quarters 1 / 3 / 4.
* ``half`` — "รอบ 6 เดือน", "6 เดือนแรก", "รอบ ๖ เดือนแรกของปีงบประมาณ", "ครึ่งปีแรก",
  "ครึ่งปีงบประมาณ", "fiscal half", "first half", "first 6 months", "6 month cycle",
  "half-year", "semi-annual" (``half=1``); "6 เดือนหลัง", "ครึ่งปีหลัง", "second half"
  (``half=2``).

A quarter or half without its own year ("ไตรมาส 1/2566" has one) takes the fiscal year of the
nearest ``fiscal_year`` mention on the same line, else the nearest ``year`` mention on the same
line, else stays ``fiscal_year=None``. Thai has no sentence punctuation, so "same sentence"
is "same line" (a file name is one line). Quarters and halves are fiscal (Thai budget
reporting counts them from October).

Year rules (every year token, after Thai digits are folded):

* four digits 2400-2700 are BE; four digits 1900-2100 are CE and converted (+543) when the
  context makes them a year: a month name or ISO/numeric date, "ค.ศ.", "fiscal year"/"FY".
  A bare four-digit number is a year only when it is a BE year 2500-2600; bare CE numbers
  ("report 2023.pdf") are not reported (too many amounts and counts look like them).
* two digits 40-99 are BE 25xx ("66" → 2566, "๖๖" → 2566), also after an English month
  ("Mar66", "Oct65-Mar66" in BMA file names) — Thai agencies write BE everywhere. Two digits
  00-39 are ambiguous (BE 2500-2539 is 1957-1996; CE 2000-2039 would need a CE context a
  two-digit year does not give) and are never read as a year: "30/4/23", "Mar 23" give
  nothing. The rule is right for data from 1997 (2540) to 2056 (2599).
* "พ.ศ." requires a BE year (four digits 2400-2700, or two digits 40-99); "ค.ศ." a CE year
  1900-2100.

Not dates (guards, each tested): telephone numbers ("0 2276 5503", "02-274-4351",
"054-661066", "0-5466-1066", "038-219232-3" — any digit group starting with 0 followed by two
groups of 3-4 digits is masked first); amounts ("485,000", "2,566 บาท", "2566 บาท",
"2566.50"); item ids ("O20"); page numbers ("1/9"); times ("10.00 น.", "08.30-16.30");
document numbers keep only their year ("ที่ 150/2563" → year 2563).

Not supported (documented choices): day ranges "5 - 18 มิถุนายน 2558" report only the second
day; bare months without a year ("ตุลาคม – ธันวาคม") are not reported; month/year "03/2566"
(looks like a document number "1/2558"); colloquial short names ("มกรา"); digit groups broken
by a space or a foreign character away from a year word ("เลขที่ ๒๕๖ ๔", "256o" alone), or
with more than one damaged digit ("พ.ศ. 25oo"); truncated years ("Oct256-Mar2566" in a
seed-001 file name gives only March 2566); words broken across lines ("ธัน\\nวาคม"); a month
name and its year on different lines or cells ("มีนาคม\\n2566": the year only); a form name
glued to a day ("สขร.1 ต.ค. 65" is the form สขร.1 and the month October, never a date).

Mentions that do not date a document (DOMAIN.md §3a; ``classify_mentions``,
``classify_mention``, ``dating_mentions``): update and visitor stamps ("ปรับปรุงล่าสุด",
"Last updated", "สถิติผู้เข้าชม"), copyright lines ("©", "สงวนลิขสิทธิ์") and sentences about
a later year ("ในปีงบประมาณถัดไป", "จะดำเนินการต่อในปีงบประมาณ 2567" in a 2566 document).
``find_dates`` reports them all; ``dating_mentions`` leaves them out.

Period rules (``check_period``; the framework's ``period`` field, FRAMEWORK-*.md
"Conventions"; DOMAIN.md §3 rules 3-4): "none", "FY", "FY|FY-1", "FY-1", "H1", "monthly". See
``check_period``; ``PeriodVerdict.deciding`` holds the mentions a verdict rests on.

Layout: helpers, ``DateMention``, then parsing (patterns, handlers, folding with cell
boundaries and OCR repair, ``find_dates``, year attachment), then the mentions that date
nothing (``classify_mentions``), then the period rules (``check_period``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from .extract.thai import LINE_BREAKS, fold_with_offsets

__all__ = [
    "EXCLUSION_REASONS",
    "PERIOD_RULES",
    "DateMention",
    "ExclusionReason",
    "PeriodVerdict",
    "check_period",
    "classify_mention",
    "classify_mentions",
    "dating_mentions",
    "find_dates",
    "fiscal_months",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "format_month_en",
    "format_month_th",
    "h1_months",
    "month_key",
    "required_months",
    "thai_month_name",
    "to_be",
]

BE_OFFSET = 543
#: The period rules of the framework files (FRAMEWORK-*.md "Conventions").
PERIOD_RULES = ("none", "FY", "FY|FY-1", "FY-1", "H1", "monthly")

MentionKind = Literal["date", "month", "fiscal_year", "year", "year_range", "quarter", "half"]

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


# ----------------------------------------------------------------------------------- helpers


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


def _fiscal_year_of_month(year_be: int, month: int) -> int:
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


# ------------------------------------------------------------------------------ DateMention


@dataclass(frozen=True)
class DateMention:
    """One date-like mention found by ``find_dates``.

    ``kind``: "date" | "month" | "fiscal_year" | "year" | "year_range" | "quarter" | "half".
    ``text``: the original slice ``input[start:end]`` (offsets in the string given to
    ``find_dates``, not in any normalised form). Which fields are set, by kind (all years BE):

    ============ =========================================================================
    date         ``year_be``, ``month``, ``day``, ``fiscal_year`` (computed: Oct-Dec → +1)
    month        ``year_be``, ``month``, ``fiscal_year`` (computed)
    fiscal_year  ``fiscal_year`` (the stated year; ``year_be`` stays None: it is no
                 calendar year)
    year         ``year_be`` (``fiscal_year`` None: a bare year names no fiscal year by
                 itself; ``check_period`` still accepts a year equal to the assessed one)
    year_range   ``year_be`` (first), ``year_end_be`` (last, inclusive)
    quarter      ``quarter`` (1-4, fiscal), ``fiscal_year`` (stated or attached, else None)
    half         ``half`` (1 = Oct-Mar, 2 = Apr-Sep), ``fiscal_year`` (as for quarter)
    ============ =========================================================================
    """

    kind: MentionKind
    text: str
    start: int
    end: int
    year_be: int | None = None
    month: int | None = None
    day: int | None = None
    fiscal_year: int | None = None
    quarter: int | None = None
    year_end_be: int | None = None
    half: int | None = None

    @property
    def month_key(self) -> str | None:
        """ "YYYY-MM" with the **CE** year for date and month mentions, else None."""
        if self.kind in ("date", "month") and self.year_be is not None and self.month:
            return month_key(self.year_be, self.month)
        return None

    @property
    def as_date(self) -> date | None:
        """The CE ``datetime.date`` of a date mention, else None."""
        if self.kind == "date" and self.year_be and self.month and self.day:
            return date(self.year_be - BE_OFFSET, self.month, self.day)
        return None


# ----------------------------------------------------------------------------------- folding

# ---------------------------------------------------------------------------------- patterns


def _thai_abbr(abbr: str) -> str:
    parts = abbr.strip(".").split(".")
    return r"\s?\.\s?".join(parts) + r"(?:\s?\.)?+"


_TH_FULL = "|".join(name.replace("์", "์?").replace("กรกฎาคม", "กรก[ฎฏ]าคม") for name in THAI_MONTHS)
_TH_ABBR = "|".join(_thai_abbr(a) for a in THAI_MONTH_ABBRS)
# Abbreviations written without their inner dots ("ตค. 65", "มีค.66", "พย 65"): never inside a
# Thai word ("มีค่า", "มคอ.", "กพร.", "สคบ."), so no Thai letter or mark on either side.
_TH_ABBR_NODOT = "|".join(a.replace(".", "") for a in THAI_MONTH_ABBRS)
_EN_NAMES = (
    "january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug"
    "|september|sept|sep|october|oct|november|nov|december|dec"
)
# A Thai abbreviation must not be part of a longer one ("ก.พ.ร.", "ก.ค.ศ.", "อ.ก.พ.").
_MONTH = (
    rf"(?:{_TH_FULL}"
    rf"|(?:(?<![\u0e01-\u0e4f.])|(?<=เดือน))(?:{_TH_ABBR})(?![\u0e01-\u0e2e])"
    rf"|(?:(?<![\u0e01-\u0e4f.])|(?<=เดือน))(?:{_TH_ABBR_NODOT})(?:\s?\.)?+"
    rf"(?![\u0e01-\u0e4f]|\.[\u0e01-\u0e4f])"
    rf"|(?<![a-z])(?:{_EN_NAMES})(?![a-z]))"
)
_BE_PREFIX = r"(?<![\u0e01-\u0e2e]\.)(?:พ\s?\.\s?ศ(?:\s?\.)?+|พุทธศักราช)"
_CE_PREFIX = r"(?<![\u0e01-\u0e2e]\.)(?:ค\s?\.\s?ศ(?:\s?\.)?+|คริสต์ศักราช)"
_PREFIX = rf"(?:(?P<be{{n}}>{_BE_PREFIX})|(?P<ce{{n}}>{_CE_PREFIX}))"
_YEAR_END = r"(?![\d]|[,.]\d)"
_Y = rf"(?P<y{{n}}>\d{{{{4}}}}|\d{{{{2}}}}){_YEAR_END}"


def _y(n: str) -> str:
    """A year token (optionally after พ.ศ./ค.ศ.) with groups be<n>, ce<n>, y<n>."""
    return rf"(?:{_PREFIX.format(n=n)}\s*)?{_Y.format(n=n)}"


_MONTH_PREFIX = r"(?:(?:ประจา\s*)?เดือน\s*)?"
_RANGE_SEP = r"\s*(?:-|–|—|ถึง(?:\s*เดือน)?|to|until|through)\s*"
_FY_WORD = r"(?:ประจา\s*)?ปี\s*งบ(?:ประมาณ|\s*ฯ|\s*\.)?"
# A day never ends a form or code name: "สขร.1 ต.ค. 65" is the form สขร.1 for October.
_DAY = (
    r"(?<!\d)(?<!\d[.:,])(?<![\u0e01-\u0e2e])(?<![\u0e01-\u0e4f]\.)"
    r"(?P<d>\d{1,2})(?:st|nd|rd|th)?(?!\d)"
)

_PHONE_RE = re.compile(
    r"(?<![\d,./])0\d{0,2}[\s.\-]?\d{3,4}[\s.\-]?\d{3,4}(?:\s?[-–]\s?\d{1,4})?(?![\d]|[,.]\d)"
)

_MONTH_RANGE_RE = re.compile(
    rf"{_MONTH_PREFIX}(?P<m1>{_MONTH})\s*[.,']?\s*(?:{_y('1')})?"
    rf"{_RANGE_SEP}(?:เดือน\s*)?(?P<m2>{_MONTH})\s*[.,'\-]?\s*{_y('2')}"
)
_DATE_RE = re.compile(rf"{_DAY}\s*(?:เดือน\s*)?(?P<m>{_MONTH})\s*[.,'\-]?\s*{_y('')}")
_DATE_US_RE = re.compile(
    rf"(?<![a-z])(?P<m>{_EN_NAMES})\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,\s*"
    rf"(?P<y>\d{{4}}){_YEAR_END}"
)
_DATE_ISO_RE = re.compile(
    r"(?<![\d,./\-])(?P<y>\d{4})(?P<s>[-/])(?P<m>\d{1,2})(?P=s)(?P<d>\d{1,2})(?![\d]|[-/.]\d)"
)
_DATE_DMY_RE = re.compile(
    r"(?<![\d,./\-:])(?P<d>\d{1,2})(?P<s>[/\-.])(?P<m>\d{1,2})(?P=s)"
    r"(?P<y>\d{4}|\d{2})(?![\d]|[/\-.]\d)"
)
_MONTH_ISO_RE = re.compile(r"(?<![\d,./\-])(?P<y>(?:19|20)\d\d)-(?P<m>0[1-9]|1[0-2])(?![\d]|-\d)")
_QUARTER_RE = re.compile(
    r"(?:ไตรมาส\s*(?:ที่\s*)?(?P<q>[1-4])(?!\d)|ไตรมาสแรก(?P<first>)"
    r"|(?<![a-z])(?:quarter|qtr\.?)\s*(?P<q2>[1-4])(?!\d)"
    r"|(?<![a-z0-9])q(?P<q3>[1-4])(?![a-z0-9])"
    r"|(?<![\d])(?P<q4>[1-4])(?:st|nd|rd|th)\s*quarter"
    r"|รอบ\s*(?P<r>3|9|12)\s*เดือน)"
    rf"(?:\s*/\s*{_Y.format(n='')})?"
)
_HALF_RE = re.compile(
    r"(?P<second>(?:รอบ\s*)?(?<!\d)6\s*เดือน\s*หลัง|ครึ่งปี\s*(?:งบประมาณ\s*)?หลัง"
    r"|(?<![a-z])second\s*half(?![a-z]))"
    r"|รอบ\s*(?:ระยะเวลา\s*)?6\s*เดือน(?:\s*แรก)?|(?<!\d)6\s*เดือน\s*แรก"
    r"|ครึ่งปี\s*งบประมาณ(?:\s*แรก)?|ครึ่งปี\s*แรก"
    r"|(?<![a-z])(?:first\s*(?:6|six)[\s\-]*months?|(?:6|six)[\s\-]*months?[\s\-]*"
    r"(?:cycle|report|period|progress)|fiscal\s*half|first\s*half|half[\s\-]*year(?:ly)?"
    r"|semi[\s\-]*annual(?:ly)?)(?![a-z])"
)
_YEAR_RANGE_RE = re.compile(
    rf"(?:{_FY_WORD}\s*)?(?:{_PREFIX.format(n='1')}\s*|(?<![\d,./\-]))(?P<y1>\d{{4}})"
    rf"\s*(?:-|–|—|ถึง|to)\s*(?:{_PREFIX.format(n='2')}\s*)?(?P<y2>\d{{4}})"
    rf"(?![\d]|[,.]\d|\s*[-–]\s*\d)"
)
_FISCAL_RE = re.compile(
    rf"{_FY_WORD}\s*{_y('')}"
    rf"|(?<![a-z])(?:fiscal|budget)\s*year\s*(?:of\s*)?(?P<y2>\d{{4}}){_YEAR_END}"
    rf"|(?<![a-z])fy\s*[-'.]?\s*(?P<y3>\d{{4}}|\d{{2}}){_YEAR_END}"
)
_PREFIXED_YEAR_RE = re.compile(rf"{_PREFIX.format(n='')}\s*(?P<y>\d{{4}}|\d{{2}}){_YEAR_END}")
_UNIT_AFTER = r"บาท|ล้าน|ราย|คน|ครั้ง|แห่ง|เมตร|ตร\.|กม|กิโล|หน่วย|ชิ้น|ต้น|ไร่|%|baht|thb"
_DURATION_AFTER = r"ปี(?!\s*งบ)|วัน(?!ที่)|สัปดาห์|ชั่วโมง|ชม\.|นาที"
# "ปี 66", "ปี 2566", "ประจำปี ๒๕๖๖": a BE year after the word ปี ("ปีงบประมาณ" is _FISCAL_RE's,
# "ปี พ.ศ." _PREFIXED_YEAR_RE's). A count after ปี is no year ("ปี 45 ราย", "1 ปี 60 วัน"), and
# a number before ปี is a duration ("อายุ 66 ปี", "6 ปี"): that never matches here.
_YEAR_WORD_RE = re.compile(
    rf"ปี\s*(?P<y>\d{{4}}|\d{{2}}){_YEAR_END}"
    rf"(?!\s*(?:{_UNIT_AFTER}|{_DURATION_AFTER}))"
)
_BARE_YEAR_RE = re.compile(rf"(?<![\d,.])(?P<y>25\d\d|2600)(?![\d]|[,.]\d|\s*(?:{_UNIT_AFTER}))")


def _month_number(token: str) -> int:
    t = re.sub(r"[\s.]", "", token).replace("ฏ", "ฎ")
    for i, name in enumerate(THAI_MONTHS, 1):
        if t in (name, name.replace("์", "")):
            return i
    for i, abbr in enumerate(THAI_MONTH_ABBRS, 1):
        if t == abbr.replace(".", ""):
            return i
    t = t[:3]
    for i, name in enumerate(ENGLISH_MONTHS, 1):
        if t == name[:3].lower():
            return i
    raise ValueError(token)  # pragma: no cover - the patterns only match month names


def _year(token: str | None, be: str | None = None, ce: str | None = None) -> int | None:
    """A year token → BE year, or None when it is no year under the module's year rules."""
    if not token:
        return None
    y = int(token)
    if ce:
        return y + BE_OFFSET if len(token) == 4 and 1900 <= y <= 2100 else None
    if len(token) == 2:
        return 2500 + y if y >= 40 else None
    if 2400 <= y <= 2700:
        return y
    if 1900 <= y <= 2100 and not be:
        return y + BE_OFFSET
    return None


def _valid_date(year_be: int, month: int, day: int) -> bool:
    try:
        date(year_be - BE_OFFSET, month, day)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------------- handlers
# A handler turns a match into mentions (in folded coordinates, text filled in later):
# None = "not a mention, do not consume the span"; [] = consume the span, report nothing.

_Raw = dict  # DateMention fields except text/start/end, which come from the match span
_Handler = Callable[[re.Match[str]], list[_Raw] | None]


def _date_mention(year_be: int, month: int, day: int) -> list[_Raw]:
    if not _valid_date(year_be, month, day):
        return []  # "31 ก.พ.": skipped, and its month/year are not reported either
    fy = _fiscal_year_of_month(year_be, month)
    return [dict(kind="date", year_be=year_be, month=month, day=day, fiscal_year=fy)]


def _month_mention(year_be: int, month: int) -> _Raw:
    return dict(
        kind="month",
        year_be=year_be,
        month=month,
        fiscal_year=_fiscal_year_of_month(year_be, month),
    )


def _h_month_range(m: re.Match[str]) -> list[_Raw] | None:
    m1, m2 = _month_number(m["m1"]), _month_number(m["m2"])
    y2 = _year(m["y2"], m["be2"], m["ce2"])
    if y2 is None:
        return None
    if m["y1"]:
        y1 = _year(m["y1"], m["be1"], m["ce1"])
        if y1 is None:
            return None
    else:
        y1 = y2 if m1 <= m2 else y2 - 1
    first, last = y1 * 12 + m1 - 1, y2 * 12 + m2 - 1
    if not 0 < last - first < 24:
        return None
    return [_month_mention(n // 12, n % 12 + 1) for n in range(first, last + 1)]


def _h_date(m: re.Match[str]) -> list[_Raw] | None:
    year_be = _year(m["y"], m["be"], m["ce"])
    day = int(m["d"])
    if year_be is None or not 1 <= day <= 31:
        return None
    return _date_mention(year_be, _month_number(m["m"]), day)


def _h_date_us(m: re.Match[str]) -> list[_Raw] | None:
    year_be = _year(m["y"])
    day = int(m["d"])
    if year_be is None or not 1 <= day <= 31:
        return None
    return _date_mention(year_be, _month_number(m["m"]), day)


def _h_date_numeric(m: re.Match[str]) -> list[_Raw] | None:
    if m["s"] == "." and len(m["y"]) != 4:
        return None
    year_be = _year(m["y"])
    day, month = int(m["d"]), int(m["m"])
    if month > 12 and 1 <= day <= 12:
        day, month = month, day  # unambiguous US month/day/year
    if year_be is None or not (1 <= day <= 31 and 1 <= month <= 12):
        return None
    return _date_mention(year_be, month, day)


def _h_month_iso(m: re.Match[str]) -> list[_Raw] | None:
    return [_month_mention(int(m["y"]) + BE_OFFSET, int(m["m"]))]


def _h_month(m: re.Match[str]) -> list[_Raw] | None:
    year_be = _year(m["y"], m["be"], m["ce"])
    if year_be is None:
        return None
    return [_month_mention(year_be, _month_number(m["m"]))]


def _h_quarter(m: re.Match[str]) -> list[_Raw] | None:
    if m["r"]:
        q = {"3": 1, "9": 3, "12": 4}[m["r"]]
    elif m["first"] is not None:
        q = 1
    else:
        q = int(m["q"] or m["q2"] or m["q3"] or m["q4"])
    fy = _year(m["y"]) if m["y"] else None
    return [dict(kind="quarter", quarter=q, fiscal_year=fy)]


def _h_half(m: re.Match[str]) -> list[_Raw] | None:
    return [dict(kind="half", half=2 if m["second"] else 1)]


def _h_year_range(m: re.Match[str]) -> list[_Raw] | None:
    a, b = int(m["y1"]), int(m["y2"])
    if m["ce1"] or m["ce2"]:
        if not (1900 <= a <= 2100 and 1900 <= b <= 2100):
            return None
        a, b = a + BE_OFFSET, b + BE_OFFSET
    else:
        lo, hi = (2400, 2700) if (m["be1"] or m["be2"]) else (2500, 2600)
        if not (lo <= a <= hi and lo <= b <= hi):
            return None
    if not 0 < b - a <= 20:
        return None
    return [dict(kind="year_range", year_be=a, year_end_be=b)]


def _h_fiscal(m: re.Match[str]) -> list[_Raw] | None:
    if m["y"]:
        fy = _year(m["y"], m["be"], m["ce"])
    else:
        tok = m["y2"] or m["y3"]
        fy = _year(tok)
    if fy is None:
        return None
    return [dict(kind="fiscal_year", fiscal_year=fy)]


def _h_prefixed_year(m: re.Match[str]) -> list[_Raw] | None:
    year_be = _year(m["y"], m["be"], m["ce"])
    if year_be is None:
        return None
    return [dict(kind="year", year_be=year_be)]


def _h_year_word(m: re.Match[str]) -> list[_Raw] | None:
    y = int(m["y"])
    # two digits: 40-99 → 25xx; four digits: BE only ("ปี 2023" is no year here)
    year_be = _year(m["y"]) if len(m["y"]) == 2 else (y if 2400 <= y <= 2700 else None)
    return None if year_be is None else [dict(kind="year", year_be=year_be)]


def _h_bare_year(m: re.Match[str]) -> list[_Raw] | None:
    return [dict(kind="year", year_be=int(m["y"]))]


# Priority order: an earlier pattern's match blocks any later match overlapping it.
_PATTERNS: tuple[tuple[re.Pattern[str], _Handler], ...] = (
    (_DATE_RE, _h_date),
    (_DATE_US_RE, _h_date_us),
    (_MONTH_RANGE_RE, _h_month_range),
    (_DATE_ISO_RE, _h_date_numeric),
    (_DATE_DMY_RE, _h_date_numeric),
    (_MONTH_ISO_RE, _h_month_iso),
    (_QUARTER_RE, _h_quarter),
    (_HALF_RE, _h_half),
    (_YEAR_RANGE_RE, _h_year_range),
    (_FISCAL_RE, _h_fiscal),
    (re.compile(rf"{_MONTH_PREFIX}(?P<m>{_MONTH})\s*[.,'\-]?\s*{_y('')}"), _h_month),
    (_PREFIXED_YEAR_RE, _h_prefixed_year),
    (_YEAR_WORD_RE, _h_year_word),
    (_BARE_YEAR_RE, _h_bare_year),
)


def find_dates(text: str) -> list[DateMention]:
    """Find every date, month, fiscal-year, year, year-range, quarter and half mention in
    ``text`` (page text, PDF text, a title, a file name or a link label).

    Returns ``DateMention`` values sorted by ``start`` (then month for the months of one
    range); offsets index ``text`` itself. All years are BE. See the module docstring for
    the formats, the two-digit-year rule and what is deliberately not a date. Never raises.
    """
    if not text:
        return []
    folded, where = _fold_for_dates(text)
    taken = bytearray(len(folded))
    for pm in _PHONE_RE.finditer(folded):
        taken[pm.start() : pm.end()] = b"\x01" * (pm.end() - pm.start())
    found: list[DateMention] = []
    for pattern, handler in _PATTERNS:
        pos = 0
        while True:
            m = pattern.search(folded, pos)
            if m is None:
                break
            s, e = m.start(), m.end()
            if e == s:  # pragma: no cover - every pattern consumes at least one character
                pos = s + 1
                continue
            raws = None if any(taken[s:e]) else handler(m)
            if raws is None:
                pos = s + 1
                continue
            taken[s:e] = b"\x01" * (e - s)
            start, end = where[s], where[e - 1] + 1
            for raw in raws:
                found.append(DateMention(text=text[start:end], start=start, end=end, **raw))
            pos = e
    found.sort(key=lambda d: (d.start, d.end, d.year_be or 0, d.month or 0))
    return _attach_years(text, found)


_LINE_BREAK_RE = re.compile(f"[{LINE_BREAKS}]")
#: Stands in the folded text for a line break, a tab or a "|": no pattern matches it, so no
#: mention spans two lines or two table cells ("8\nมีนาคม 2566" is no date: 8 is a count in
#: the row above; DOMAIN.md §3a "Tables are read by row").
_CELL = "\x00"
_CELL_BREAKS = frozenset(LINE_BREAKS + "\t|")
# The one line break a mention may span: a PDF line wrapped right after a year word, before
# its year ("ปีงบประมาณ พ.ศ.\n256๒") or inside "ปี\nงบประมาณ". The word is a label that
# cannot end a table row with a count after it; a tab or "|" is never spanned.
_SOFT_BREAK_RE = re.compile(
    rf"(?:{_BE_PREFIX}|{_CE_PREFIX}|{_FY_WORD}) ?(?P<n>\n)(?= ?\d)|ปี ?(?P<n2>\n)(?= ?งบ)"
)

# A BE year with one OCR-damaged digit, read only right after พ.ศ. / ปีงบประมาณ / ปี: one
# digit read as a Latin letter ("พ.ศ. ๒๕๖o", l/I for 1) or split by one space ("พ.ศ. ๒๕๖ ๖").
_OCR_DIGITS = {"o": "0", "l": "1", "i": "1"}
_OCR_YEAR_RE = re.compile(
    rf"(?:(?P<be>{_BE_PREFIX})|{_FY_WORD}|ปี)\s*(?:{_BE_PREFIX}\s*)?"
    r"(?:(?P<t>[\doli]{4})|(?P<a>\d{1,3}) (?P<b>\d{1,3}))"
    rf"(?![\da-z]|[,.]\d|\s*(?:{_UNIT_AFTER}|{_DURATION_AFTER}))"
)


def _fold_for_dates(text: str) -> tuple[str, list[int]]:
    """``fold_with_offsets(text)`` with line breaks, tabs and "|" replaced by ``_CELL`` and
    OCR-damaged years after a year word repaired (``_OCR_YEAR_RE``); ``where`` maps back."""
    folded, where = fold_with_offsets(text)
    chars = list(folded)
    ends = [*where[1:], len(text)]
    soft = {m.start("n") if m["n"] else m.start("n2") for m in _SOFT_BREAK_RE.finditer(folded)}
    for i, c in enumerate(chars):
        if c == "|":
            chars[i] = _CELL
        elif c in " \n":
            gap = text[where[i] : ends[i]]  # the whitespace run folded into this one character
            if _CELL_BREAKS.intersection(gap) and (i not in soft or "\t" in gap):
                chars[i] = _CELL
    folded = "".join(chars)
    drop: list[int] = []
    for m in _OCR_YEAR_RE.finditer(folded):
        if m["t"] is not None:
            letters = [i for i in range(m.start("t"), m.end("t")) if not chars[i].isdigit()]
            if len(letters) != 1:
                continue  # no damage, or more than one digit misread
            fixed = m["t"].translate(str.maketrans(_OCR_DIGITS))
        elif len(m["a"]) + len(m["b"]) == 4:
            fixed, letters = m["a"] + m["b"], []
        else:
            continue
        lo, hi = (2400, 2700) if m["be"] else (2500, 2600)
        if not lo <= int(fixed) <= hi:
            continue
        for i in letters:
            chars[i] = _OCR_DIGITS[chars[i]]
        if m["a"] is not None:
            drop.append(m.end("a"))  # the space inside the year
    if drop:
        gone = set(drop)
        where = [w for i, w in enumerate(where) if i not in gone]
        chars = [c for i, c in enumerate(chars) if i not in gone]
    return "".join(chars), where


def _attach_years(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Give quarters and halves without a year the fiscal year of the nearest fiscal-year
    mention on the same line, else of the nearest year mention on the same line."""
    if not any(d.kind in ("quarter", "half") and d.fiscal_year is None for d in mentions):
        return mentions
    breaks = [m.start() for m in _LINE_BREAK_RE.finditer(text)]
    by_line: dict[tuple[str, int], list[DateMention]] = {}
    for d in mentions:  # already sorted by start
        if d.kind in ("fiscal_year", "year"):
            by_line.setdefault((d.kind, bisect.bisect(breaks, d.start)), []).append(d)
    starts = {key: [o.start for o in near] for key, near in by_line.items()}
    out = []
    for d in mentions:
        if d.kind in ("quarter", "half") and d.fiscal_year is None:
            line = bisect.bisect(breaks, d.start)
            for kind in ("fiscal_year", "year"):
                near = by_line.get((kind, line))
                if not near:
                    continue
                i = bisect.bisect(starts[kind, line], d.start)
                best = min(
                    near[max(i - 1, 0) : i + 1],
                    key=lambda o: max(o.start - d.end, d.start - o.end),
                )
                fy = best.fiscal_year if kind == "fiscal_year" else best.year_be
                d = replace(d, fiscal_year=fy)
                break
        out.append(d)
    return out


# ------------------------------------------------------------ mentions that date nothing
# DOMAIN.md §3a: "a year found in a footer, an 'updated on' stamp, a copyright line, a sentence
# about next year … does not date it". Phrases are matched in the folded text (ำ → า, Latin
# lower case), on the mention's own line only.

#: The reasons ``classify_mention`` gives for a mention that does not date its document.
EXCLUSION_REASONS = ("updated_stamp", "copyright", "forward_looking")
ExclusionReason = Literal["updated_stamp", "copyright", "forward_looking"]

_STAMP_NEAR = 40  # folded characters between a stamp phrase and the mention
_FORWARD_NEAR = 30
_COPYRIGHT_NEAR = 80  # either side
_C_NEAR = 10  # "(c)" (also a list label) counts only right next to the mention


def _phrases(pattern: str) -> re.Pattern[str]:
    """Compile a phrase pattern written with ำ for the folded text (where ำ is า)."""
    return re.compile(pattern.replace("\u0e33", "\u0e32"))


# Stamps that say what they are: any gap of up to _STAMP_NEAR characters.
_STAMP_RE = _phrases(
    r"(?:ปรับปรุง|แก้ไข|อั[ปพ]เด[ตท])\s*(?:ข้อมูล\s*)?(?:ครั้ง\s*)?(?:ล่าสุด|เมื่อ)"
    r"|วันที่\s*(?:ปรับปรุง|แก้ไข|อั[ปพ]เด[ตท])"
    r"|(?:จำนวน|สถิติ)?\s*ผู้\s*(?:เข้า|เยี่ยม)\s*ชม"
    r"|(?<![a-z])(?:last\s*(?:updated?|modified|revised)|(?:updated|modified)\s*(?:on|at|date)"
    r"|date\s*modified|visitors?|page\s*views?|hit\s*counter)(?![a-z])"
)
# Bare verbs ("ปรับปรุงข้อมูล", "updated", "modified"; "โครงการปรับปรุงข้อมูลแผนที่ภาษี ปี 2566"
# is a project): a stamp only when the gap is connector words ("ณ วันที่", "เมื่อ", ":", a
# weekday) and either has one or the mention is a full date ("updated 5 Jan 2023").
_STAMP_WEAK_RE = _phrases(
    r"(?:ปรับปรุง|แก้ไข|อั[ปพ]เด[ตท])(?:\s*ข้อมูล)?"
    r"|(?<![a-z])(?:updated?|modified|revised)(?![a-z])"
)
_WEEKDAY = (
    r"วัน\s*(?:จันทร์|อังคาร|พุธ|พฤหัส(?:บดี)?|ศุกร์|เสาร์|อาทิตย์)(?:\s*ที่)?"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
)
_CONNECTOR = rf"ณ|เมื่อ|วันที่|ครั้งล่าสุด|ล่าสุด|on|at|date|{_WEEKDAY}"
_CONNECTOR_GAP_RE = _phrases(rf"[\s:\-–—,.(]*(?:(?:{_CONNECTOR})[\s:\-–—,.(]*)*")
_HAS_CONNECTOR_RE = _phrases(rf":|{_CONNECTOR}")

_COPYRIGHT_RE = _phrases(r"©|copyright|สงวนลิขสิทธิ์|all\s*rights?\s*reserved")
_C_RE = re.compile(r"\(c\)")

# Always about a later year than the document's own: "ในปีงบประมาณถัดไป (พ.ศ. 2567)".
_FORWARD_RE = _phrases(
    r"ปี\s*(?:งบประมาณ\s*)?(?:ถัดไป|ต่อไป|หน้า)|ในอนาคต"
    r"|(?<![a-z])(?:next(?=\s*(?:fiscal\s*|budget\s*)?year)|in\s*the\s*future(?![a-z]))"
)
# Forward only relative to the document's own year: "จะดำเนินการในปีงบประมาณ 2566" in a plan
# for 2566 is the plan's year; the same words in a 2565 report point to the next year.
_FORWARD_RELATIVE_RE = _phrases(
    r"(?:จะ\s*)?ดำเนินการ\s*ต่อ(?:\s*ไป)?(?:\s*ใน)?|จะ\s*ดำเนินการ(?:\s*ใน)?"
    r"|ต่อเนื่อง(?:\s*ไป)?(?:\s*(?:จน\s*)?(?:ใน|ถึง))?"
    r"|เป้าหมาย(?:\s*ใน)?(?=\s*(?:ประจำ\s*)?ปี)"
    r"|(?<![a-z])(?:will\s*be|planned\s*for|to\s*be\s*continued\s*in)(?![a-z])"
)


class _Lines:
    """The folded text of one document, to find phrases on a mention's line."""

    def __init__(self, text: str) -> None:
        self.folded, self.where = fold_with_offsets(text)

    def span(self, d: DateMention) -> tuple[int, int, int, int]:
        """Folded (line start, mention start, mention end, line end) of mention ``d``."""
        f = self.folded
        i = bisect.bisect_left(self.where, d.start)
        j = max(bisect.bisect_left(self.where, d.end), i)
        return f.rfind("\n", 0, i) + 1, i, j, (f.find("\n", j) + 1 or len(f) + 1) - 1

    def before(self, pattern: re.Pattern[str], lo: int, i: int, near: int) -> list[str]:
        """Gaps between each match of ``pattern`` ending at most ``near`` characters before
        folded offset ``i`` (on the line starting at ``lo``) and ``i``."""
        f = self.folded
        start = max(lo, i - near - 40)
        return [
            f[m.end() : i]
            for m in pattern.finditer(f, start, min(len(f), i + 16))  # + room for lookaheads
            if i - near <= m.end() <= i
        ]

    def kind(self, d: DateMention) -> str | None:
        """The phrase class of ``d``: an ExclusionReason, "forward_relative" or None."""
        f = self.folded
        lo, i, j, hi = self.span(d)
        for gap in self.before(_STAMP_RE, lo, i, _STAMP_NEAR):
            if "ประจา" not in gap + f[i:j]:  # "สถิติผู้เข้าชม ประจำเดือน มีนาคม 2566": a report
                return "updated_stamp"
        for gap in self.before(_STAMP_WEAK_RE, lo, i, _STAMP_NEAR):
            if _CONNECTOR_GAP_RE.fullmatch(gap) and (
                d.kind == "date" or _HAS_CONNECTOR_RE.search(gap)
            ):
                return "updated_stamp"
        if _COPYRIGHT_RE.search(f, max(lo, i - _COPYRIGHT_NEAR), min(hi, j + _COPYRIGHT_NEAR)):
            return "copyright"
        if _C_RE.search(f, max(lo, i - _C_NEAR), min(hi, j + _C_NEAR)):
            return "copyright"
        if self.before(_FORWARD_RE, lo, i, _FORWARD_NEAR):
            return "forward_looking"
        if self.before(_FORWARD_RELATIVE_RE, lo, i, _FORWARD_NEAR):
            return "forward_relative"
        return None


def classify_mentions(
    text: str, mentions: Sequence[DateMention] | None = None
) -> list[tuple[DateMention, ExclusionReason | None]]:
    """Each mention of ``text`` with the reason it does not date the document, or None.

    ``mentions``: ``find_dates(text)`` (computed when None); offsets must index ``text``.
    Reasons (DOMAIN.md §3a), all judged on the mention's own line (tabs do not break it):

    * "updated_stamp" — within 40 characters after "ปรับปรุงล่าสุด", "ปรับปรุงข้อมูลล่าสุด",
      "ปรับปรุงเมื่อ", "แก้ไขล่าสุด", "แก้ไขเมื่อ", "อัปเดต/อัพเดท ล่าสุด", "วันที่ปรับปรุง",
      "last updated", "last modified", "updated on", "ผู้เข้าชม" / "จำนวนผู้เข้าชม" /
      "สถิติผู้เข้าชม" / "ผู้เยี่ยมชม", "visitors" — unless "ประจำ" stands between ("สถิติ
      ผู้เข้าชม ประจำเดือน มีนาคม 2566" reports a month). The bare verbs "ปรับปรุง(ข้อมูล)",
      "แก้ไข", "อัปเดต", "updated", "modified" only with connector words alone in between
      ("ปรับปรุงข้อมูล ณ วันที่ …", "Updated: …", or a full date right after). "ข้อมูล ณ วันที่
      …" alone dates the data and is kept.
    * "copyright" — "©", "copyright", "สงวนลิขสิทธิ์", "all rights reserved" within 80
      characters either side; "(c)" within 10.
    * "forward_looking" — within 30 characters after "ปีถัดไป", "ปีงบประมาณถัดไป", "ปีต่อไป",
      "ปีหน้า", "ในอนาคต", "next (fiscal) year", "in the future"; or after "ดำเนินการต่อ(ไป)
      (ใน)", "จะดำเนินการ(ใน)", "ต่อเนื่อง(ไป)(ใน|ถึง)", "เป้าหมาย(ใน)ปี", "will be", "planned
      for" when every fiscal year the mention names is later than the latest one named by the
      document's other, unexcluded mentions (a 2566 plan's "จะดำเนินการในปีงบประมาณ 2566" and
      "ภายในปีงบประมาณ 2566" stay; its "จะดำเนินการต่อในปีงบประมาณ 2567" goes).

    Never raises.
    """
    if mentions is None:
        mentions = find_dates(text)
    if not mentions:
        return []
    lines = _Lines(text)
    kinds = [lines.kind(d) for d in mentions]
    anchor = max(
        (
            y
            for d, k in zip(mentions, kinds, strict=True)
            if k is None
            for y in _implied_fiscal_years(d)
        ),
        default=None,
    )
    out: list[tuple[DateMention, ExclusionReason | None]] = []
    for d, k in zip(mentions, kinds, strict=True):
        if k == "forward_relative":
            years = list(_implied_fiscal_years(d))
            later = anchor is not None and bool(years) and min(years) > anchor
            out.append((d, "forward_looking" if later else None))
        else:
            out.append((d, k))  # type: ignore[arg-type]
    return out


def classify_mention(
    text: str, mention: DateMention, mentions: Sequence[DateMention] | None = None
) -> ExclusionReason | None:
    """Why ``mention`` (found in ``text``) does not date the document: "updated_stamp",
    "copyright" or "forward_looking"; None when it does. ``mentions``: all of the text's
    mentions (``find_dates(text)`` when None), needed to judge "forward_looking" relative to
    the document's own year. See ``classify_mentions``. Never raises."""
    if mentions is None:
        mentions = find_dates(text)
    if mention not in mentions:
        mentions = [*mentions, mention]
    for d, reason in classify_mentions(text, mentions):
        if d is mention or d == mention:
            return reason
    return None  # pragma: no cover - mention is in mentions


def dating_mentions(text: str) -> list[DateMention]:
    """``find_dates(text)`` without the mentions that do not date the document: update and
    visitor stamps, copyright lines, sentences about a later year (``classify_mentions``).
    Years BE as in ``find_dates``. Never raises."""
    return [d for d, reason in classify_mentions(text) if reason is None]


# ------------------------------------------------------------------------------ period rules


@dataclass(frozen=True)
class PeriodVerdict:
    """The outcome of one period rule for one element's evidence.

    ``met``: the rule is satisfied. ``rule``: the rule checked ("none", "FY", "FY|FY-1", "FY-1",
    "H1", "monthly"). ``found_fiscal_years``: every fiscal year (BE, ascending) the mentions name or
    fall in — dates/months by their fiscal year, fiscal-year/quarter/half mentions by their
    stated or attached year, bare years as themselves, year ranges as every year they span.
    ``covered_months``: month keys ("YYYY-MM", CE, ascending) of the assessed fiscal year named
    by ``month`` mentions. ``missing_months``: for "monthly", the required month keys not
    covered, in order; empty for the other rules. ``reason_th`` / ``reason_en``: one-line
    explanation for the report (Thai with BE years; English with BE fiscal years and CE months).
    ``deciding``: the mentions the verdict rests on, for the report to quote with their text
    (see ``check_period``); empty for "none" and when nothing relevant was found.
    """

    met: bool
    rule: str
    found_fiscal_years: tuple[int, ...]
    missing_months: tuple[str, ...]
    covered_months: tuple[str, ...]
    reason_th: str
    reason_en: str
    deciding: tuple[DateMention, ...] = ()


def _implied_fiscal_years(d: DateMention) -> Iterable[int]:
    if d.kind == "year":
        return (d.year_be,) if d.year_be else ()
    if d.kind == "year_range":
        return range(d.year_be, d.year_end_be + 1) if d.year_be and d.year_end_be else ()
    return (d.fiscal_year,) if d.fiscal_year else ()


def _years_th(years: Sequence[int]) -> str:
    return ", ".join(map(str, years))


def _only_found(found: Sequence[int], wanted: Sequence[int]) -> tuple[str, str]:
    want_th = " หรือ ".join(map(str, wanted))
    want_en = " or ".join(map(str, wanted))
    if not found:
        return (
            f"ไม่พบวันที่หรือปีงบประมาณ (ต้องเป็นข้อมูลปีงบประมาณ พ.ศ. {want_th})",
            f"no date or fiscal year found (fiscal year {want_en} required)",
        )
    plural = "s" if len(found) > 1 else ""
    return (
        f"พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. {_years_th(found)} ไม่พบข้อมูลปีงบประมาณ พ.ศ. {want_th}",
        f"only fiscal year{plural} {', '.join(map(str, found))} found, not fiscal year {want_en}",
    )


def check_period(
    rule: str, mentions: Sequence[DateMention], fiscal_year: int, as_of: date
) -> PeriodVerdict:
    """Check the date mentions of one element's evidence against a framework period rule.

    ``rule``: "none" | "FY" | "FY|FY-1" | "FY-1" | "H1" | "monthly" (FRAMEWORK-*.md "Conventions";
    ValueError otherwise). ``mentions``: from ``find_dates`` over the evidence (text, title,
    file name, link label), possibly several documents together. ``fiscal_year``: the assessed
    fiscal year (BE). ``as_of``: the check date (CE), used by "monthly" only.

    * "none": always met.
    * "FY" (DOMAIN.md §3 rule 3): met when a mention falls in or names ``fiscal_year`` — a date
      or month inside it, a fiscal-year/quarter/half mention of it, a year range covering it
      ("2566-2570"), or a bare BE year equal to it. Otherwise not met, and the reason names the
      fiscal years found ("พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. 2565 …" / "only fiscal year 2565
      found, …"): the *outdated* case.
    * "FY|FY-1": the same, accepting ``fiscal_year`` or ``fiscal_year - 1`` (annual reports of
      the previous year).
    * "FY-1" (the national list since 2568: "รายงาน … ประจำปี (2568)" assessed in 2569): the
      same, accepting ``fiscal_year - 1`` only — a mention of fiscal year N−1 meets it (a report
      of 2568 published in December 2568 names both years and is met); one naming only the
      assessed year is not the previous year's report.
    * "H1" (DOMAIN.md §3 rule 3, "6 เดือนแรกของปีงบประมาณ" or later progress): met by a half
      mention of the fiscal year; a quarter mention of it numbered 2-4; a half/quarter without
      a year when the mentions also contain a fiscal-year or year mention of ``fiscal_year``
      (the file name "… fiscal half.pdf" with "ปีงบประมาณ พ.ศ. 2566" in the text); a month
      mention of March-September of the fiscal year ("Oct2565-Mar2566"); or a date in the
      fiscal year from April on (a report dated after the half-year closes).
    * "monthly" (DOMAIN.md §3 rule 4): every month of ``required_months(fiscal_year, as_of)``
      needs a ``month`` mention (dates do not count: a date inside a monthly summary is a
      contract date, not the month reported). ``missing_months`` lists the gaps; the reason is
      "ขาดเดือน มกราคม 2566, …" / "missing: January 2023, …". Whether a month whose document
      only says "ไม่มีการจัดซื้อจัดจ้าง" counts is the caller's decision: it passes that
      document's month mentions in when its explicit "nothing this month" phrase is present
      (framework ``none_phrases``) and leaves them out for a silent or empty document.

    ``deciding`` (the mentions to quote, in the order given, each a ``DateMention`` of
    ``mentions``):

    * "FY" / "FY|FY-1" / "FY-1" met: the first mention naming or falling in the accepted fiscal
      year (``fiscal_year`` first, then ``fiscal_year - 1``). Not met: every mention of the latest
      fiscal year found, one per span (the months of one range share theirs) — the mentions
      behind "พบเฉพาะ … 2565"; empty when nothing names a fiscal year.
    * "H1" met: the mention that met it. Not met: the latest date/month of ``fiscal_year``
      (latest month, then day; first of equals), else the first mention naming
      ``fiscal_year``, else as for "FY" not met.
    * "monthly": the first ``month`` mention of each covered month, in month order (as
      ``covered_months``), met or not.
    * "none": empty.

    Pass ``dating_mentions(text)`` rather than ``find_dates(text)`` to ignore update stamps,
    copyright lines and sentences about a later year. Raises ValueError for an unknown rule
    only.
    """
    rule = rule.strip()
    if rule not in PERIOD_RULES:
        raise ValueError(f"unknown period rule {rule!r}; expected one of {PERIOD_RULES}")
    fy = fiscal_year
    found = tuple(sorted({y for d in mentions for y in _implied_fiscal_years(d)}))
    in_fy = set(fiscal_months(fy))
    covered = tuple(
        sorted({d.month_key for d in mentions if d.kind == "month" and d.month_key in in_fy})
    )

    def verdict(
        met: bool,
        th: str,
        en: str,
        missing: tuple[str, ...] = (),
        deciding: Iterable[DateMention] = (),
    ) -> PeriodVerdict:
        return PeriodVerdict(met, rule, found, missing, covered, th, en, tuple(deciding))

    if rule == "none":
        return verdict(True, "ไม่มีเงื่อนไขด้านช่วงเวลา", "no period rule")
    if rule in ("FY", "FY|FY-1", "FY-1"):
        wanted = {"FY": (fy,), "FY|FY-1": (fy, fy - 1), "FY-1": (fy - 1,)}[rule]
        for y in wanted:
            if y in found:
                return verdict(
                    True,
                    f"พบข้อมูลปีงบประมาณ พ.ศ. {y}",
                    f"fiscal year {y} found",
                    deciding=_naming(mentions, y)[:1],
                )
        return verdict(False, *_only_found(found, wanted), deciding=_latest_naming(mentions))
    if rule == "H1":
        return _check_h1(mentions, fy, found, verdict)
    # monthly
    required = required_months(fy, as_of)
    missing = tuple(k for k in required if k not in covered)
    firsts: dict[str, DateMention] = {}
    for d in mentions:
        if d.kind == "month" and d.month_key in in_fy:
            firsts.setdefault(d.month_key, d)  # type: ignore[arg-type]
    per_month = tuple(firsts[k] for k in covered)
    if not required:
        return verdict(
            True,
            f"ยังไม่มีเดือนที่ครบกำหนดรายงานของปีงบประมาณ พ.ศ. {fy}",
            f"no full month of fiscal year {fy} has ended yet",
            deciding=per_month,
        )
    if missing:
        return verdict(
            False,
            "ขาดเดือน " + ", ".join(map(format_month_th, missing)),
            "missing: " + ", ".join(map(format_month_en, missing)),
            missing,
            per_month,
        )
    first, last = required[0], required[-1]
    return verdict(
        True,
        f"ครบทุกเดือน {format_month_th(first)} – {format_month_th(last)}",
        f"every month present: {format_month_en(first)} – {format_month_en(last)}",
        deciding=per_month,
    )


def _check_h1(
    mentions: Sequence[DateMention],
    fy: int,
    found: tuple[int, ...],
    verdict: Callable[..., PeriodVerdict],
) -> PeriodVerdict:
    names_fy = any(
        (d.kind == "fiscal_year" and d.fiscal_year == fy) or (d.kind == "year" and d.year_be == fy)
        for d in mentions
    )
    h1 = h1_months(fy)
    span = f"{format_month_th(h1[0])} – {format_month_th(h1[-1])}"
    span_en = f"{format_month_en(h1[0])} – {format_month_en(h1[-1])}"
    for d in mentions:
        ok = False
        if d.kind == "half" or (d.kind == "quarter" and (d.quarter or 0) >= 2):
            ok = d.fiscal_year == fy or (d.fiscal_year is None and names_fy)
        elif d.kind == "month" and d.fiscal_year == fy:
            ok = d.month is not None and 3 <= d.month <= 9
        elif d.kind == "date" and d.fiscal_year == fy:
            ok = d.month is not None and 4 <= d.month <= 9
        if ok:
            return verdict(
                True,
                f'พบข้อมูลครอบคลุม 6 เดือนแรกของปีงบประมาณ พ.ศ. {fy} ({span}): "{d.text}"',
                f'first half of fiscal year {fy} ({span_en}) covered: "{d.text}"',
                deciding=(d,),
            )
    dated = [d for d in mentions if d.kind in ("date", "month") and d.fiscal_year == fy]
    if dated:
        latest = max(dated, key=lambda d: (d.month_key or "", d.day or 0))
        key = latest.month_key or ""
        return verdict(
            False,
            f"ข้อมูลปีงบประมาณ พ.ศ. {fy} ถึงเดือน {format_month_th(key)} เท่านั้น "
            f"ยังไม่ครอบคลุม 6 เดือนแรก ({span})",
            f"fiscal year {fy} data only up to {format_month_en(key)}; "
            f"the first half ({span_en}) is not covered",
            deciding=(latest,),
        )
    if fy in found:
        return verdict(
            False,
            f"พบข้อมูลปีงบประมาณ พ.ศ. {fy} แต่ไม่พบรายงานรอบ 6 เดือนแรก ({span})",
            f"fiscal year {fy} found but no first-half report ({span_en})",
            deciding=_naming(mentions, fy)[:1],
        )
    th, en = _only_found(found, (fy,))
    return verdict(
        False,
        f"{th} (ต้องมีรายงานรอบ 6 เดือนแรก {span})",
        f"{en} (a first-half report {span_en} is required)",
        deciding=_latest_naming(mentions),
    )


def _naming(mentions: Iterable[DateMention], fy: int) -> tuple[DateMention, ...]:
    """The mentions that name or fall in fiscal year ``fy`` (BE), in order."""
    return tuple(d for d in mentions if fy in _implied_fiscal_years(d))


def _latest_naming(mentions: Sequence[DateMention]) -> tuple[DateMention, ...]:
    """The mentions of the latest fiscal year any mention names, in order, one per span (the
    months of one range share their text); empty when no mention names a fiscal year."""
    latest = max((y for d in mentions for y in _implied_fiscal_years(d)), default=None)
    if latest is None:
        return ()
    seen: set[tuple[int, int]] = set()
    out = []
    for d in _naming(mentions, latest):
        if (d.start, d.end) not in seen:
            seen.add((d.start, d.end))
            out.append(d)
    return tuple(out)
