"""The date formats ``find_dates`` reads: a pattern, a handler and a start each, in priority order.

The patterns match the folded text (``parse``); a handler turns a match into mentions; the
start pattern (looser, no look-behind) matches wherever a match of the pattern can begin, so
the search tries the pattern only there (issue 17: 5x faster, the same matches).

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
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from .fiscal import BE_OFFSET, ENGLISH_MONTHS, THAI_MONTH_ABBRS, THAI_MONTHS, fiscal_year_of_month


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

PHONE_RE = re.compile(
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
    fy = fiscal_year_of_month(year_be, month)
    return [dict(kind="date", year_be=year_be, month=month, day=day, fiscal_year=fy)]


def _month_mention(year_be: int, month: int) -> _Raw:
    return dict(
        kind="month",
        year_be=year_be,
        month=month,
        fiscal_year=fiscal_year_of_month(year_be, month),
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


# Where a match can begin (issue 17): each pattern's matches begin where its start pattern
# matches (a looser pattern without look-behinds), so a search looks only there. Every start
# begins with a literal or a character class, which the regex engine skips to at C speed; a
# pattern opening with a look-behind or an optional word is tried at every character.


def _by_first(alternatives: str) -> str:
    """``"a1|a2|b1"`` (each beginning with a plain character) as ``"a(?:1|2)|b(?:1)"``: the
    engine then tries one branch per character, not every one."""
    groups: dict[str, list[str]] = {}
    for alt in alternatives.split("|"):
        groups.setdefault(alt[0], []).append(alt[1:])
    return "|".join(f"{first}(?:{'|'.join(rests)})" for first, rests in groups.items())


_MONTH_WORD = _by_first(f"{_TH_FULL}|{_TH_ABBR}|{_TH_ABBR_NODOT}|{_EN_NAMES}")
_BE_WORD = r"พ\s?\.\s?ศ|พุทธศักราช"
_CE_WORD = r"ค\s?\.\s?ศ|คริสต์ศักราช"
_FY_START = r"ประจา\s*ปี\s*งบ|ปี\s*งบ"
_MONTH_START = re.compile(rf"ประจา\s*เดือน|เดือน|{_MONTH_WORD}")
_DATE_START = re.compile(
    r"\d(?<![\d\u0e01-\u0e2e]\d)\d?(?:st|nd|rd|th)?\s*(?:เดือน\s*)?[มกเพสตธjfmasond]"
)
_YEAR_RANGE_START = re.compile(
    r"[ปพค\d](?:(?<=ป)(?:ระจา\s*ปี|ี)\s*งบ|(?<=พ)(?:\s?\.\s?ศ|ุทธศักราช)"
    r"|(?<=ค)(?:\s?\.\s?ศ|ริสต์ศักราช)|(?<=\d)\d{3}\s*(?:-|–|—|ถึง|to))"
)

# Priority order: an earlier pattern's match blocks any later match overlapping it.
# (pattern, handler, where its matches begin)
PATTERNS: tuple[tuple[re.Pattern[str], _Handler, re.Pattern[str]], ...] = (
    (_DATE_RE, _h_date, _DATE_START),
    (_DATE_US_RE, _h_date_us, re.compile(rf"(?:{_EN_NAMES})\.?\s*\d")),
    (_MONTH_RANGE_RE, _h_month_range, _MONTH_START),
    (_DATE_ISO_RE, _h_date_numeric, re.compile(r"\d{4}[-/]")),
    (_DATE_DMY_RE, _h_date_numeric, re.compile(r"\d\d?[/\-.]\d\d?[/\-.]\d\d")),
    (_MONTH_ISO_RE, _h_month_iso, re.compile(r"(?:19|20)\d\d-[01]")),
    (
        _QUARTER_RE,
        _h_quarter,
        re.compile(
            r"ไตรมาส|quarter|qtr|q[1-4]|รอบ\s*(?:3|9|12)|1st|2nd|3rd|4th"
            r"|1(?:nd|rd|th)|2(?:st|rd|th)|3(?:st|nd|th)|4(?:st|nd|rd)"
        ),
    ),
    (
        _HALF_RE,
        _h_half,
        re.compile(
            r"รอบ\s*(?:ระยะเวลา\s*)?6|ครึ่งปี|6\s*เดือน|6[\s\-]*month|second|first|six|fiscal"
            r"|half|semi"
        ),
    ),
    (_YEAR_RANGE_RE, _h_year_range, _YEAR_RANGE_START),
    (_FISCAL_RE, _h_fiscal, re.compile(rf"{_FY_START}|fiscal|budget|fy")),
    (
        re.compile(rf"{_MONTH_PREFIX}(?P<m>{_MONTH})\s*[.,'\-]?\s*{_y('')}"),
        _h_month,
        _MONTH_START,
    ),
    (_PREFIXED_YEAR_RE, _h_prefixed_year, re.compile(f"{_BE_WORD}|{_CE_WORD}")),
    (_YEAR_WORD_RE, _h_year_word, re.compile(r"ปี\s*\d")),
    (_BARE_YEAR_RE, _h_bare_year, re.compile(r"25\d\d|2600")),
)
PHONE_START = re.compile(r"0\d{0,2}[\s.\-]?\d{3,4}")


# ------------------------------------------------------------- folding (``parse``) uses these
# The one line break a mention may span: a PDF line wrapped right after a year word, before
# its year ("ปีงบประมาณ พ.ศ.\n256๒") or inside "ปี\nงบประมาณ". The word is a label that
# cannot end a table row with a count after it; a tab or "|" is never spanned.
SOFT_BREAK_RE = re.compile(
    rf"(?:{_BE_PREFIX}|{_CE_PREFIX}|{_FY_WORD}) ?(?P<n>\n)(?= ?\d)|ปี ?(?P<n2>\n)(?= ?งบ)"
)
SOFT_BREAK_START = re.compile(rf"{_BE_WORD}|{_CE_WORD}|ประจา\s*ปี|ปี")

# A BE year with one OCR-damaged digit, read only right after พ.ศ. / ปีงบประมาณ / ปี: one
# digit read as a Latin letter ("พ.ศ. ๒๕๖o", l/I for 1) or split by one space ("พ.ศ. ๒๕๖ ๖").
OCR_DIGITS = {"o": "0", "l": "1", "i": "1"}
OCR_YEAR_RE = re.compile(
    rf"(?:(?P<be>{_BE_PREFIX})|{_FY_WORD}|ปี)\s*(?:{_BE_PREFIX}\s*)?"
    r"(?:(?P<t>[\doli]{4})|(?P<a>\d{1,3}) (?P<b>\d{1,3}))"
    rf"(?![\da-z]|[,.]\d|\s*(?:{_UNIT_AFTER}|{_DURATION_AFTER}))"
)
OCR_YEAR_START = re.compile(rf"{_BE_WORD}|ประจา\s*ปี|ปี")
