"""oitcrawl.periods: Thai/English date mentions → BE years, fiscal years, months; period rules.

Every expectation is a whole tuple (kind, text, year_be, month, day, fiscal_year, quarter,
year_end_be, half) or a whole PeriodVerdict. Years are BE; month keys are CE ("2023-01").
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from oitcrawl.periods import (
    PERIOD_RULES,
    DateMention,
    PeriodVerdict,
    check_period,
    find_dates,
    fiscal_months,
    fiscal_year_bounds,
    fiscal_year_of,
    format_month_en,
    format_month_th,
    h1_months,
    month_key,
    required_months,
    thai_month_name,
    to_be,
)


def found(text):
    return [
        (
            d.kind,
            d.text,
            d.year_be,
            d.month,
            d.day,
            d.fiscal_year,
            d.quarter,
            d.year_end_be,
            d.half,
        )
        for d in find_dates(text)
    ]


def D(text, y, m, d, fy):
    return ("date", text, y, m, d, fy, None, None, None)


def M(text, y, m, fy):
    return ("month", text, y, m, None, fy, None, None, None)


def FY(text, fy):
    return ("fiscal_year", text, None, None, None, fy, None, None, None)


def Y(text, y):
    return ("year", text, y, None, None, None, None, None, None)


def R(text, a, b):
    return ("year_range", text, a, None, None, None, None, b, None)


def Q(text, q, fy):
    return ("quarter", text, None, None, None, fy, q, None, None)


def H(text, h, fy):
    return ("half", text, None, None, None, fy, None, None, h)


def months(text, *ym):
    """The month mentions of one range: all share the range's text."""
    return [M(text, y, m, y + 1 if m >= 10 else y) for y, m in ym]


# ------------------------------------------------------------------------------- helpers


@pytest.mark.parametrize(
    ("year", "be"), [(2023, 2566), (1990, 2533), (2566, 2566), (2400, 2400), (2399, 2942)]
)
def test_to_be(year, be):
    assert to_be(year) == be


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (date(2022, 9, 30), 2565),  # last day of FY 2565
        (date(2022, 10, 1), 2566),  # first day of FY 2566
        (date(2022, 12, 31), 2566),
        (date(2023, 1, 1), 2566),
        (date(2023, 9, 30), 2566),  # last day of FY 2566
        (date(2023, 10, 1), 2567),
        (date(2024, 2, 29), 2567),
    ],
)
def test_fiscal_year_of_boundaries(d, fy):
    assert fiscal_year_of(d) == fy


def test_fiscal_year_bounds():
    assert fiscal_year_bounds(2566) == (date(2022, 10, 1), date(2023, 9, 30))
    assert fiscal_year_bounds(2567) == (date(2023, 10, 1), date(2024, 9, 30))
    start, end = fiscal_year_bounds(2566)
    assert (fiscal_year_of(start), fiscal_year_of(end)) == (2566, 2566)


def test_fiscal_months_and_h1():
    assert fiscal_months(2566) == [
        "2022-10",
        "2022-11",
        "2022-12",
        "2023-01",
        "2023-02",
        "2023-03",
        "2023-04",
        "2023-05",
        "2023-06",
        "2023-07",
        "2023-08",
        "2023-09",
    ]
    assert h1_months(2566) == ["2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03"]


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        (date(2022, 9, 15), []),  # before the fiscal year
        (date(2022, 10, 1), []),  # October: no full month yet
        (date(2022, 10, 31), []),
        (date(2022, 11, 1), ["2022-10"]),
        (date(2023, 1, 15), ["2022-10", "2022-11", "2022-12"]),
        (
            date(2023, 4, 30),
            ["2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03"],
        ),
        (
            date(2023, 5, 1),
            ["2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03", "2023-04"],
        ),
        (date(2023, 9, 30), fiscal_months(2566)[:11]),
        (date(2023, 10, 1), fiscal_months(2566)),  # never beyond September
        (date(2025, 1, 1), fiscal_months(2566)),
    ],
)
def test_required_months(as_of, expected):
    assert required_months(2566, as_of) == expected


def test_month_names_and_formats():
    assert [thai_month_name(m) for m in range(1, 13)] == [
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
    ]
    assert format_month_th("2023-01") == "มกราคม 2566"
    assert format_month_th("2022-10") == "ตุลาคม 2565"
    assert format_month_en("2023-01") == "January 2023"
    assert format_month_en("2022-12") == "December 2022"
    assert month_key(2566, 1) == "2023-01"
    for bad in (0, 13):
        with pytest.raises(ValueError):
            thai_month_name(bad)
    for bad in ("2023-13", "2023-1", "มกราคม 2566", ""):
        with pytest.raises(ValueError):
            format_month_th(bad)
        with pytest.raises(ValueError):
            format_month_en(bad)


def test_mention_properties():
    d = DateMention("date", "30 มี.ค. 66", 0, 11, year_be=2566, month=3, day=30, fiscal_year=2566)
    assert (d.month_key, d.as_date) == ("2023-03", date(2023, 3, 30))
    m = DateMention("month", "ต.ค. 65", 0, 7, year_be=2565, month=10, fiscal_year=2566)
    assert (m.month_key, m.as_date) == ("2022-10", None)
    f = DateMention("fiscal_year", "ปีงบประมาณ 2566", 0, 15, fiscal_year=2566)
    assert (f.month_key, f.as_date) == (None, None)
    with pytest.raises(AttributeError):
        d.year_be = 2565  # frozen


# ------------------------------------------------------------------ every month, every form

MONTH_TABLE = [
    # month, Thai full, Thai abbreviation, English abbreviation, English full, FY of 2566/m
    (1, "มกราคม", "ม.ค.", "Jan", "January", 2566),
    (2, "กุมภาพันธ์", "ก.พ.", "Feb", "February", 2566),
    (3, "มีนาคม", "มี.ค.", "Mar", "March", 2566),
    (4, "เมษายน", "เม.ย.", "Apr", "April", 2566),
    (5, "พฤษภาคม", "พ.ค.", "May", "May", 2566),
    (6, "มิถุนายน", "มิ.ย.", "Jun", "June", 2566),
    (7, "กรกฎาคม", "ก.ค.", "Jul", "July", 2566),
    (8, "สิงหาคม", "ส.ค.", "Aug", "August", 2566),
    (9, "กันยายน", "ก.ย.", "Sep", "September", 2566),
    (10, "ตุลาคม", "ต.ค.", "Oct", "October", 2567),
    (11, "พฤศจิกายน", "พ.ย.", "Nov", "November", 2567),
    (12, "ธันวาคม", "ธ.ค.", "Dec", "December", 2567),
]


@pytest.mark.parametrize(("m", "th", "th_abbr", "en", "en_full", "fy"), MONTH_TABLE)
def test_full_dates_every_month_every_form(m, th, th_abbr, en, en_full, fy):
    cases = [
        (f"15 {th} 2566", 2566),
        (f"๑๕ {th} พ.ศ. ๒๕๖๖", 2566),
        (f"15 เดือน {th} พ.ศ. 2566", 2566),
        (f"15{th}2566", 2566),
        (f"15 {th_abbr} 66", 2566),
        (f"๑๕ {th_abbr} ๖๖", 2566),
        (f"15{th_abbr}66", 2566),
        (f"15 {th_abbr} 2566", 2566),
        (f"15{en}2566", 2566),
        (f"15 {en} 2566", 2566),
        (f"15 {en.upper()} 66", 2566),
        (f"15 {en_full} 2023", 2566),  # CE with a month name → BE
        (f"15 {th} ค.ศ. 2023", 2566),
        (f"{en_full} 15, 2023", 2566),
    ]
    for text, year in cases:
        assert found(text) == [D(text, year, m, 15, fy)], text


@pytest.mark.parametrize(("m", "th", "th_abbr", "en", "en_full", "fy"), MONTH_TABLE)
def test_month_mentions_every_month_every_form(m, th, th_abbr, en, en_full, fy):
    cases = [
        f"{th} 2566",
        f"{th} ๒๕๖๖",
        f"เดือน{th} ๒๕๖๖",
        f"ประจำเดือน {th} 2566",
        f"ประจาเดือน {th} พ.ศ. 2566",
        f"{th_abbr} 66",
        f"{th_abbr} ๖๖",
        f"{th_abbr}2566",
        f"{en} 2566",
        f"{en}2566",
        f"{en}66",
        f"{en.lower()}-2566",
        f"{en_full} 2023",
    ]
    for text in cases:
        assert found(text) == [M(text, 2566, m, fy)], text


def test_month_name_variants():
    assert found("Sept 2566") == [M("Sept 2566", 2566, 9, 2566)]
    assert found("1 Oct. 2022") == [D("1 Oct. 2022", 2565, 10, 1, 2566)]
    assert found("30th March 2023") == [D("30th March 2023", 2566, 3, 30, 2566)]
    assert found("10 กรกฏาคม 2566") == [D("10 กรกฏาคม 2566", 2566, 7, 10, 2566)]  # ฏ typo
    assert found("1 กุมภาพันธ 2566") == [D("1 กุมภาพันธ 2566", 2566, 2, 1, 2566)]  # lost ์
    assert found("30 มี. ค. 66") == [D("30 มี. ค. 66", 2566, 3, 30, 2566)]
    assert found("เดือนม.ค. 66") == [M("เดือนม.ค. 66", 2566, 1, 2566)]
    assert found("ต.ค 65") == [M("ต.ค 65", 2565, 10, 2566)]


# ------------------------------------------------------------------------- dates, numeric


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2023-04-30", D("2023-04-30", 2566, 4, 30, 2566)),
        ("2022/10/01", D("2022/10/01", 2565, 10, 1, 2566)),
        ("2566-04-30", D("2566-04-30", 2566, 4, 30, 2566)),
        ("30/04/2566", D("30/04/2566", 2566, 4, 30, 2566)),
        ("30/4/66", D("30/4/66", 2566, 4, 30, 2566)),
        ("๓๐/๔/๖๖", D("๓๐/๔/๖๖", 2566, 4, 30, 2566)),
        ("1/10/2565", D("1/10/2565", 2565, 10, 1, 2566)),
        ("30/09/2566", D("30/09/2566", 2566, 9, 30, 2566)),
        ("30/04/2023", D("30/04/2023", 2566, 4, 30, 2566)),
        ("13-03-66", D("13-03-66", 2566, 3, 13, 2566)),
        ("30.04.2566", D("30.04.2566", 2566, 4, 30, 2566)),
        ("4/30/2023", D("4/30/2023", 2566, 4, 30, 2566)),  # unambiguous US order
        ("2023-03", M("2023-03", 2566, 3, 2566)),  # ISO year-month (CE)
        ("report_2022-10.pdf", M("2022-10", 2565, 10, 2566)),
    ],
)
def test_numeric_dates(text, expected):
    assert found(text) == [expected]


def test_dates_keep_offsets_into_the_original_text():
    text = "ประกาศ ณ วันที่ ๑๐ ตุลาคม พ.ศ. ๒๕๖๕ (ลงชื่อ)"
    (d,) = find_dates(text)
    assert (d.start, d.end, text[d.start : d.end]) == (16, 35, "๑๐ ตุลาคม พ.ศ. ๒๕๖๕")
    # zero-width spaces and NBSP inside the mention: offsets still index the original
    text = "x ๓๐\u200b มี.ค.\u00a0๖๖ y"
    (d,) = find_dates(text)
    assert (d.start, d.end, d.text) == (2, 14, "๓๐\u200b มี.ค.\u00a0๖๖")
    assert (d.year_be, d.month, d.day) == (2566, 3, 30)


# ------------------------------------------------------------------------------- month ranges


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ตุลาคม 2565 – มีนาคม 2566",
            months(
                "ตุลาคม 2565 – มีนาคม 2566",
                (2565, 10),
                (2565, 11),
                (2565, 12),
                (2566, 1),
                (2566, 2),
                (2566, 3),
            ),
        ),
        (
            "Oct2565-Mar2566",
            months(
                "Oct2565-Mar2566",
                (2565, 10),
                (2565, 11),
                (2565, 12),
                (2566, 1),
                (2566, 2),
                (2566, 3),
            ),
        ),
        ("Dec65-Mar66", months("Dec65-Mar66", (2565, 12), (2566, 1), (2566, 2), (2566, 3))),
        (
            "ต.ค. 65 - มี.ค. 66",
            months(
                "ต.ค. 65 - มี.ค. 66",
                (2565, 10),
                (2565, 11),
                (2565, 12),
                (2566, 1),
                (2566, 2),
                (2566, 3),
            ),
        ),
        (
            "๑ ต.ค. ๖๕ ถึง ๓๑ มี.ค. ๖๖",  # two dates, not a month range
            [
                D("๑ ต.ค. ๖๕", 2565, 10, 1, 2566),
                D("๓๑ มี.ค. ๖๖", 2566, 3, 31, 2566),
            ],
        ),
        (
            "ตั้งแต่เดือนตุลาคม ถึงเดือนธันวาคม 2565",  # first year omitted, same year
            months("เดือนตุลาคม ถึงเดือนธันวาคม 2565", (2565, 10), (2565, 11), (2565, 12)),
        ),
        (
            "ตุลาคม – มีนาคม 2566",  # first year omitted, crosses the new year
            months(
                "ตุลาคม – มีนาคม 2566",
                (2565, 10),
                (2565, 11),
                (2565, 12),
                (2566, 1),
                (2566, 2),
                (2566, 3),
            ),
        ),
        (
            "(มกราคม – กันยายน 2558)",  # saiyoidenchai ประกาศองค์ขยะ.pdf
            months("มกราคม – กันยายน 2558", *((2558, m) for m in range(1, 10))),
        ),
        ("ตุลาคม – ธันวาคม", []),  # no year at all: nothing
        (
            "Oct 2022 to Jan 2023",
            months("Oct 2022 to Jan 2023", (2565, 10), (2565, 11), (2565, 12), (2566, 1)),
        ),
        # reversed or too long: not a range, the two months are reported on their own
        ("Mar2566-Oct2565", [M("Mar2566", 2566, 3, 2566), M("Oct2565", 2565, 10, 2566)]),
        ("Jan2560-Mar2566", [M("Jan2560", 2560, 1, 2560), M("Mar2566", 2566, 3, 2566)]),
    ],
)
def test_month_ranges(text, expected):
    assert found(text) == expected


# ------------------------------------------------------------------- fiscal years and years


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ปีงบประมาณ พ.ศ. ๒๕๖๖", FY("ปีงบประมาณ พ.ศ. ๒๕๖๖", 2566)),
        ("ปีงบประมาณ 2566", FY("ปีงบประมาณ 2566", 2566)),
        ("ประจำปีงบประมาณ พ.ศ. 2566", FY("ประจำปีงบประมาณ พ.ศ. 2566", 2566)),
        ("ปีงบประมาณพ.ศ.256๓", FY("ปีงบประมาณพ.ศ.256๓", 2563)),
        ("ปีงบประมาณ พ.ศ.\n256๒ ดังนี้", FY("ปีงบประมาณ พ.ศ.\n256๒", 2562)),
        ("ปีงบฯ 66", FY("ปีงบฯ 66", 2566)),
        ("ปีงบ ๖๖", FY("ปีงบ ๖๖", 2566)),
        ("fiscal year 2023", FY("fiscal year 2023", 2566)),
        ("Fiscal Year 2566", FY("Fiscal Year 2566", 2566)),
        ("budget year 2566", FY("budget year 2566", 2566)),
        ("FY2566", FY("FY2566", 2566)),
        ("FY 2023", FY("FY 2023", 2566)),
        ("fy66", FY("fy66", 2566)),
    ],
)
def test_fiscal_year_mentions(text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # PDF export damage: sara am lost, replaced, split off, or put where it does not belong
        ("ประจาปีงบประมาณ พ.ศ. ๒๕๖๖", [FY("ประจาปีงบประมาณ พ.ศ. ๒๕๖๖", 2566)]),
        ("ประจ าปีงบประมาณ พ.ศ.25๖๒", [FY("ประจ าปีงบประมาณ พ.ศ.25๖๒", 2562)]),
        ("ประจ\ufffdปีงบประมาณ 2566", [FY("ประจ\ufffdปีงบประมาณ 2566", 2566)]),
        ("ประจ\u0e4d\u0e32ปีงบประมาณ 2566", [FY("ประจ\u0e4d\u0e32ปีงบประมาณ 2566", 2566)]),
        ("ประจ ำปี งบประมำณ พ.ศ.2564", [FY("ประจ ำปี งบประมำณ พ.ศ.2564", 2564)]),
        ("ประจ าปี\nงบประมาณ ๒๕๖๒", [FY("ประจ าปี\nงบประมาณ ๒๕๖๒", 2562)]),
        ("ป\uf702งบประมาณ 2566", [FY("ป\uf702งบประมาณ 2566", 2566)]),  # legacy PUA sara ii
        ("พ .ศ.25๖๒", [Y("พ .ศ.25๖๒", 2562)]),
        ("ประจำเดือน ม ีนาคม 2566", [M("ประจำเดือน ม ีนาคม 2566", 2566, 3, 2566)]),
    ],
)
def test_damaged_text(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("พ.ศ. 2566", [Y("พ.ศ. 2566", 2566)]),
        ("พ.ศ.๒๕๖๖", [Y("พ.ศ.๒๕๖๖", 2566)]),
        ("พ.ร.บ.ข้อมูลข่าวสารของราชการ พ.ศ. ๒๕๔๐", [Y("พ.ศ. ๒๕๔๐", 2540)]),
        ("พ.ร.บ. … พ.ศ. 2528", [Y("พ.ศ. 2528", 2528)]),
        ("รัฐธรรมนูญ พุทธศักราช 2475", [Y("พุทธศักราช 2475", 2475)]),
        ("พ.ศ. 66", [Y("พ.ศ. 66", 2566)]),
        ("ค.ศ. 2023", [Y("ค.ศ. 2023", 2566)]),
        ("คริสต์ศักราช 2023", [Y("คริสต์ศักราช 2023", 2566)]),
        ("Plan 2566.pdf", [Y("2566", 2566)]),
        ("ที่ ๑๕๐/๒๕๖๓", [Y("๒๕๖๓", 2563)]),  # order number: its year
        ("2555 2556 2557", [Y("2555", 2555), Y("2556", 2556), Y("2557", 2557)]),
        ("2500 2600", [Y("2500", 2500), Y("2600", 2600)]),
        ("2499 2601 2023 1990", []),  # bare: only BE 2500-2600
        ("ค.ศ. 2566", [Y("2566", 2566)]),  # mislabelled: only the bare BE year counts
        ("พ.ศ. 2023", []),  # พ.ศ. needs a BE year
    ],
)
def test_years(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2566-2570", R("2566-2570", 2566, 2570)),
        ("2566 – 2570", R("2566 – 2570", 2566, 2570)),
        ("พ.ศ.2551 – 2555", R("พ.ศ.2551 – 2555", 2551, 2555)),
        ("(พ.ศ. 2555 - พ.ศ. 2557)", R("พ.ศ. 2555 - พ.ศ. 2557", 2555, 2557)),
        ("ปีงบประมาณ พ.ศ. 2555 – 2557", R("ปีงบประมาณ พ.ศ. 2555 – 2557", 2555, 2557)),
        ("๒๕๖๖-๒๕๗๐", R("๒๕๖๖-๒๕๗๐", 2566, 2570)),
        ("ค.ศ. 2023-2027", R("ค.ศ. 2023-2027", 2566, 2570)),
        ("พ.ศ. 2566 ถึง 2570", R("พ.ศ. 2566 ถึง 2570", 2566, 2570)),
    ],
)
def test_year_ranges(text, expected):
    assert found(text) == [expected]


def test_year_range_limits():
    assert found("2570-2566") == [Y("2570", 2570), Y("2566", 2566)]  # backwards
    assert found("2530-2566") == [Y("2530", 2530), Y("2566", 2566)]  # longer than 20 years
    assert found("2566-2566") == [Y("2566", 2566), Y("2566", 2566)]


# -------------------------------------------------------------------------- two-digit years


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mar 40", [M("Mar 40", 2540, 3, 2540)]),
        ("Mar 99", [M("Mar 99", 2599, 3, 2599)]),
        ("มี.ค. 66", [M("มี.ค. 66", 2566, 3, 2566)]),
        ("Mar 39", []),  # 00-39: ambiguous, not a year
        ("Mar 23", []),
        ("30/4/23", []),
        ("8 May 23", []),
        ("ปีงบฯ 23", []),
        ("FY23", []),
    ],
)
def test_two_digit_years(text, expected):
    assert found(text) == expected


# ------------------------------------------------------------------------ quarters and halves


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ไตรมาสที่ 2", [Q("ไตรมาสที่ 2", 2, None)]),
        ("ไตรมาสที่ ๒", [Q("ไตรมาสที่ ๒", 2, None)]),
        ("ไตรมาส 1/2566", [Q("ไตรมาส 1/2566", 1, 2566)]),
        ("ไตรมาส ๓/๖๖", [Q("ไตรมาส ๓/๖๖", 3, 2566)]),
        ("ไตรมาสแรก", [Q("ไตรมาสแรก", 1, None)]),
        (
            "รายงานไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2566",
            [Q("ไตรมาสที่ 2", 2, 2566), FY("ปีงบประมาณ พ.ศ. 2566", 2566)],
        ),
        (
            "ปีงบประมาณ 2566 ผลการดำเนินงาน ไตรมาสที่ 3",
            [FY("ปีงบประมาณ 2566", 2566), Q("ไตรมาสที่ 3", 3, 2566)],
        ),
        # the fiscal-year mention wins over a nearer plain year; another line does not count
        (
            "ไตรมาสที่ 2 พ.ศ. 2565 ปีงบประมาณ 2566\nปีงบประมาณ 2567",
            [
                Q("ไตรมาสที่ 2", 2, 2566),
                Y("พ.ศ. 2565", 2565),
                FY("ปีงบประมาณ 2566", 2566),
                FY("ปีงบประมาณ 2567", 2567),
            ],
        ),
        ("ไตรมาสที่ 4\nปีงบประมาณ 2566", [Q("ไตรมาสที่ 4", 4, None), FY("ปีงบประมาณ 2566", 2566)]),
        ("Quarter 1 2566", [Q("Quarter 1", 1, 2566), Y("2566", 2566)]),
        ("Q2/2566", [Q("Q2/2566", 2, 2566)]),
        ("2nd quarter", [Q("2nd quarter", 2, None)]),
        ("Q2", [Q("Q2", 2, None)]),
        ("qtr 4", [Q("qtr 4", 4, None)]),
        ("รอบ 3 เดือน", [Q("รอบ 3 เดือน", 1, None)]),
        ("รอบ 9 เดือน", [Q("รอบ 9 เดือน", 3, None)]),
        ("รอบ 12 เดือน", [Q("รอบ 12 เดือน", 4, None)]),
        ("ไตรมาสที่ 5", []),
        ("รอบ 6 เดือน", [H("รอบ 6 เดือน", 1, None)]),
        ("6 เดือนแรก", [H("6 เดือนแรก", 1, None)]),
        ("รอบ ๖ เดือนแรกของปีงบประมาณ", [H("รอบ ๖ เดือนแรก", 1, None)]),
        (
            "รายงานผลรอบ ๖ เดือนแรกของปีงบประมาณ พ.ศ. ๒๕๖๖",
            [H("รอบ ๖ เดือนแรก", 1, 2566), FY("ปีงบประมาณ พ.ศ. ๒๕๖๖", 2566)],
        ),
        ("ครึ่งปีแรก", [H("ครึ่งปีแรก", 1, None)]),
        ("ครึ่งปีงบประมาณ", [H("ครึ่งปีงบประมาณ", 1, None)]),
        ("6 เดือนหลัง", [H("6 เดือนหลัง", 2, None)]),
        ("ครึ่งปีหลัง", [H("ครึ่งปีหลัง", 2, None)]),
        ("fiscal half", [H("fiscal half", 1, None)]),
        ("First half 2566", [H("First half", 1, 2566), Y("2566", 2566)]),
        ("half-year report", [H("half-year", 1, None)]),
        ("semi-annual", [H("semi-annual", 1, None)]),
        ("second half", [H("second half", 2, None)]),
        ("ระยะเวลา 6 เดือน", []),  # a contract duration, not a half
    ],
)
def test_quarters_and_halves(text, expected):
    assert found(text) == expected


# ---------------------------------------------------------------- seed 001 file names (BMA)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "O12 Income Fee and Lincense fee Oct2565-Mar2566.pdf",
            months(
                "Oct2565-Mar2566",
                (2565, 10),
                (2565, 11),
                (2565, 12),
                (2566, 1),
                (2566, 2),
                (2566, 3),
            ),
        ),
        (
            "O24 30 Mar 2566 Role Model-Good Governance.pdf",
            [D("30 Mar 2566", 2566, 3, 30, 2566)],
        ),
        ("O24 9 Dec 2565 anti-corruption day.pdf", [D("9 Dec 2565", 2565, 12, 9, 2566)]),
        ("O24 8 May 2566 moving.pdf", [D("8 May 2566", 2566, 5, 8, 2566)]),
        ("O2 Authority by Resolution 16Jan2549.pdf", [D("16Jan2549", 2549, 1, 16, 2549)]),
        (
            "O22 report complaint 2566 Oct65 - Mar66.pdf",
            [
                Y("2566", 2566),
                *months(
                    "Oct65 - Mar66",
                    (2565, 10),
                    (2565, 11),
                    (2565, 12),
                    (2566, 1),
                    (2566, 2),
                    (2566, 3),
                ),
            ],
        ),
        (
            "O28 performance report Anti-Corruption Plan fiscal half.pdf",
            [H("fiscal half", 1, None)],
        ),
        ("O20 summary procurement Oct 2565.pdf", [M("Oct 2565", 2565, 10, 2566)]),
        ("O20 summary procurement Apr 2566.pdf", [M("Apr 2566", 2566, 4, 2566)]),
        (
            "O15 license building housing Dec65-Mar66.pdf",
            months("Dec65-Mar66", (2565, 12), (2566, 1), (2566, 2), (2566, 3)),
        ),
        ("O2 Plan BMA 2566-2570.pdf", [R("2566-2570", 2566, 2570)]),
        ("Fraud Risk Management 2566.pdf", [Y("2566", 2566)]),
        (
            "O17 budget expenditure summary Quarter 2 2566.pdf",
            [Q("Quarter 2", 2, 2566), Y("2566", 2566)],
        ),
        (
            "O17 budget expenditure summary first 6 months 2566.pdf",
            [H("first 6 months", 1, 2566), Y("2566", 2566)],
        ),
        (
            "O17 disbursement of regular expenditure budgets 6 month cycle report 2566.pdf",
            [H("6 month cycle", 1, 2566), Y("2566", 2566)],
        ),
        (
            "2.แบบรบ.1 คำขออนุญาตต่อเชื่อมท่อ_24มี.ค.64.pdf",
            [D("24มี.ค.64", 2564, 3, 24, 2564)],
        ),
        ("เชื่อมท่อน้ำเสีย- 13-03-66.pdf", [D("13-03-66", 2566, 3, 13, 2566)]),
        # truncated year in the real file name: only the intact end month is found
        ("O12 waiting for passengers Oct256-Mar2566.pdf", [M("Mar2566", 2566, 3, 2566)]),
        ("O13 Administrative operating manual.pdf", []),
        ("O20 summary procurement.pdf", []),
    ],
)
def test_seed_001_file_names(name, expected):
    assert found(name) == expected


# -------------------------------------------------------------- real text (shared/corpus/real)


def test_real_pdf_text_snippets():
    # nysso/upload/ITA/EB2/2.4.pdf (Word export: sara am lost as a space)
    assert found("ประจ าปีงบประมาณ พ.ศ. 2563\nประกาศ ณ วันที่ ๑ ตุลาคม พ.ศ. 256๒") == [
        FY("ประจ าปีงบประมาณ พ.ศ. 2563", 2563),
        D("๑ ตุลาคม พ.ศ. 256๒", 2562, 10, 1, 2563),
    ]
    # saiyoidenchai ประกาศขายทอดตลาด.pdf: "เดือน" between day and month, mixed digits
    assert found("ประกาศ ณ วันที่ 5 เดือน มิถุนายน พ.ศ. ๒๕๕8") == [
        D("5 เดือน มิถุนายน พ.ศ. ๒๕๕8", 2558, 6, 5, 2558)
    ]
    # a day range reports its second day only; a time next to it is nothing
    assert found("ในวันที่ 9 -20 กุมภาพันธ์ 2558 ระหว่างเวลา 08.30-16.30 น.") == [
        D("20 กุมภาพันธ์ 2558", 2558, 2, 20, 2558)
    ]
    # a garbled digit group is no date ("๒๕6๒1"); one OCR-damaged digit right after a year
    # word is repaired ("๒๕๕o" → 2550, "๒๕๖ ๔" → 2564; more in test_periods_forms.py)
    assert found("สั่ง ณ วันที่ ๒1 เดือน พฤศจิกายน พ.ศ. ๒๕6๒1 พ.ศ. ๒๕๕o ปีงบประมาณ ๒๕๖ ๔") == [
        Y("พ.ศ. ๒๕๕o", 2550),
        FY("ปีงบประมาณ ๒๕๖ ๔", 2564),
    ]


# -------------------------------------------------------------------------- false positives


@pytest.mark.parametrize(
    "text",
    [
        "โทร 0 2276 5503",
        "โทร. 02-274-4351",
        "โทร.๐๓๘-๒๑๙๒๓๒-๓",
        "054-661066 ต่อ 103",
        "0-5466-1066",
        "0 2566 2567",  # a phone number whose groups look like years
        "02-2566-123",
        "485,000 บาท",
        "2,566 บาท",
        "๒,๕๖๖ บาท",
        "2566 บาท",
        "จำนวน 2566 คน",
        "2566.50",
        "25,660",
        "25660",
        "O20",
        "O2 O12 O30",
        "หน้า 1/9",
        "1/9",
        "เวลา 10.00 น.",
        "08.30-16.30 น.",
        "1.2.3",
        "เลขที่ตำแหน่ง 01-0102-001",
        "54-2-0112",
        "ก.พ. รับรอง",  # the civil service commission, not February
        "ก.พ.ร.",
        "ระยะเวลา 6 เดือน",
        "Market 66",
        "decision 2023",
        "",
    ],
)
def test_not_dates(text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text", ["31 ก.พ. 2566", "29 ก.พ. 2566", "31 เมษายน 2566", "31/02/2566", "30 Feb 2023"]
)
def test_invalid_dates_are_skipped_entirely(text):
    assert found(text) == []


def test_leap_day_is_valid():
    assert found("29 ก.พ. 2567") == [D("29 ก.พ. 2567", 2567, 2, 29, 2567)]


def test_commission_abbreviations_keep_their_year_only():
    assert found("ก.พ.ร. 2566") == [Y("2566", 2566)]
    assert found("ก.ค.ศ. 2566") == [Y("2566", 2566)]


def test_mixed_paragraph():
    text = (
        "สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน มีนาคม ๒๕๖๖ (แบบ สขร.1)\n"
        "ประจาปีงบประมาณ พ.ศ. ๒๕๖๖ วงเงิน 485,000 บาท โทร 0 2276 5503\n"
        "ตาม พ.ร.บ. การจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. ๒๕๖๐ หน้า 1/9\n"
        "ลงวันที่ 30/3/66"
    )
    assert found(text) == [
        M("ประจำเดือน มีนาคม ๒๕๖๖", 2566, 3, 2566),
        FY("ประจาปีงบประมาณ พ.ศ. ๒๕๖๖", 2566),
        Y("พ.ศ. ๒๕๖๐", 2560),
        D("30/3/66", 2566, 3, 30, 2566),
    ]
    for d in find_dates(text):
        assert text[d.start : d.end] == d.text


# ------------------------------------------------------------------------------ period rules

AS_OF = date(2023, 4, 30)  # FY 2566, checked at the end of April
H1_TH = "ตุลาคม 2565 – มีนาคม 2566"
H1_EN = "October 2022 – March 2023"


def verdict(text, rule, fy=2566, as_of=AS_OF):
    """The whole verdict but ``deciding`` (tested in test_periods_forms.py)."""
    return replace(check_period(rule, find_dates(text), fy, as_of), deciding=())


def test_rule_names_match_the_framework():
    assert PERIOD_RULES == ("none", "FY", "FY|FY-1", "FY-1", "H1", "monthly")
    with pytest.raises(ValueError):
        check_period("yearly", [], 2566, AS_OF)
    assert check_period(" FY ", [], 2566, AS_OF).rule == "FY"


def test_none_is_always_met():
    assert verdict("", "none") == PeriodVerdict(
        True, "none", (), (), (), "ไม่มีเงื่อนไขด้านช่วงเวลา", "no period rule"
    )
    assert verdict("พ.ศ. 2540", "none") == PeriodVerdict(
        True, "none", (2540,), (), (), "ไม่มีเงื่อนไขด้านช่วงเวลา", "no period rule"
    )


@pytest.mark.parametrize(
    ("text", "found_years", "covered"),
    [
        ("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖", (2566,), ()),
        ("ประกาศ ณ วันที่ 1 ตุลาคม 2565", (2566,), ()),  # first day of FY 2566
        ("ประกาศ ณ วันที่ 30 กันยายน 2566", (2566,), ()),  # last day
        ("O8 Government action plan 2566.pdf", (2566,), ()),  # bare BE year
        ("O2 Plan BMA 2566-2570.pdf", (2566, 2567, 2568, 2569, 2570), ()),
        ("Oct 2565", (2566,), ("2022-10",)),
        ("Quarter 1 2566", (2566,), ()),
        ("fiscal year 2023", (2566,), ()),
    ],
)
def test_fy_met(text, found_years, covered):
    assert verdict(text, "FY") == PeriodVerdict(
        True,
        "FY",
        found_years,
        (),
        covered,
        "พบข้อมูลปีงบประมาณ พ.ศ. 2566",
        "fiscal year 2566 found",
    )


def test_fy_outdated():
    assert verdict("ประจำปีงบประมาณ พ.ศ. 2565", "FY") == PeriodVerdict(
        False,
        "FY",
        (2565,),
        (),
        (),
        "พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. 2565 ไม่พบข้อมูลปีงบประมาณ พ.ศ. 2566",
        "only fiscal year 2565 found, not fiscal year 2566",
    )
    # 30 September 2565 is the last day of FY 2565, not FY 2566
    assert verdict("ประกาศ ณ วันที่ 30 กันยายน 2565 ตาม พ.ร.บ. พ.ศ. 2560", "FY") == PeriodVerdict(
        False,
        "FY",
        (2560, 2565),
        (),
        (),
        "พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. 2560, 2565 ไม่พบข้อมูลปีงบประมาณ พ.ศ. 2566",
        "only fiscal years 2560, 2565 found, not fiscal year 2566",
    )


def test_fy_nothing_found():
    assert verdict("นโยบายไม่รับของขวัญ No Gift Policy", "FY") == PeriodVerdict(
        False,
        "FY",
        (),
        (),
        (),
        "ไม่พบวันที่หรือปีงบประมาณ (ต้องเป็นข้อมูลปีงบประมาณ พ.ศ. 2566)",
        "no date or fiscal year found (fiscal year 2566 required)",
    )


def test_fy_or_previous():
    assert verdict("O21 Human management report 2565.pdf", "FY|FY-1") == PeriodVerdict(
        True, "FY|FY-1", (2565,), (), (), "พบข้อมูลปีงบประมาณ พ.ศ. 2565", "fiscal year 2565 found"
    )
    assert verdict("รายงาน 2565 และ 2566", "FY|FY-1") == PeriodVerdict(
        True,
        "FY|FY-1",
        (2565, 2566),
        (),
        (),
        "พบข้อมูลปีงบประมาณ พ.ศ. 2566",
        "fiscal year 2566 found",
    )
    assert verdict("รายงานประจำปีงบประมาณ 2563, 2564", "FY|FY-1") == PeriodVerdict(
        False,
        "FY|FY-1",
        (2563, 2564),
        (),
        (),
        "พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. 2563, 2564 ไม่พบข้อมูลปีงบประมาณ พ.ศ. 2566 หรือ 2565",
        "only fiscal years 2563, 2564 found, not fiscal year 2566 or 2565",
    )


def h1_met(text, evidence, found_years, covered=()):
    return PeriodVerdict(
        True,
        "H1",
        found_years,
        (),
        covered,
        f'พบข้อมูลครอบคลุม 6 เดือนแรกของปีงบประมาณ พ.ศ. 2566 ({H1_TH}): "{evidence}"',
        f'first half of fiscal year 2566 ({H1_EN}) covered: "{evidence}"',
    )


@pytest.mark.parametrize(
    ("text", "evidence", "found_years", "covered"),
    [
        # a half with its fiscal year on the same line
        ("รายงานผลรอบ 6 เดือน ปีงบประมาณ พ.ศ. 2566", "รอบ 6 เดือน", (2566,), ()),
        # a half without a year, alongside a fiscal-year mention elsewhere (file name + text)
        (
            "O28 performance report Anti-Corruption Plan fiscal half.pdf\nปีงบประมาณ 2566",
            "fiscal half",
            (2566,),
            (),
        ),
        ("ไตรมาส 2/2566", "ไตรมาส 2/2566", (2566,), ()),
        ("ไตรมาสที่ 2\nปีงบประมาณ 2566", "ไตรมาสที่ 2", (2566,), ()),  # FY on another line
        ("ไตรมาสที่ 3 ปีงบประมาณ 2566", "ไตรมาสที่ 3", (2566,), ()),  # later progress
        ("6 เดือนหลัง ปีงบประมาณ 2566", "6 เดือนหลัง", (2566,), ()),
        (
            "O12 Income Fee and Lincense fee Oct2565-Mar2566.pdf",
            "Oct2565-Mar2566",
            (2566,),
            ("2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03"),
        ),
        ("ข้อมูล ณ เดือนมิถุนายน 2566", "เดือนมิถุนายน 2566", (2566,), ("2023-06",)),
        ("รายงาน ณ วันที่ 5 เมษายน 2566", "5 เมษายน 2566", (2566,), ()),
    ],
)
def test_h1_met(text, evidence, found_years, covered):
    assert verdict(text, "H1") == h1_met(text, evidence, found_years, covered)


def test_h1_not_yet_half():
    assert verdict("สถิติ ต.ค. 65 - ม.ค. 66", "H1") == PeriodVerdict(
        False,
        "H1",
        (2566,),
        (),
        ("2022-10", "2022-11", "2022-12", "2023-01"),
        f"ข้อมูลปีงบประมาณ พ.ศ. 2566 ถึงเดือน มกราคม 2566 เท่านั้น ยังไม่ครอบคลุม 6 เดือนแรก ({H1_TH})",
        f"fiscal year 2566 data only up to January 2023; the first half ({H1_EN}) is not covered",
    )
    # a date in March is no proof the half is reported (a report comes after the half)
    assert verdict("ประกาศ ณ วันที่ 31 มีนาคม 2566", "H1").met is False


def test_h1_plan_only():
    assert verdict("แผนปฏิบัติการ ปีงบประมาณ 2566 ไตรมาสที่ 1", "H1") == PeriodVerdict(
        False,
        "H1",
        (2566,),
        (),
        (),
        f"พบข้อมูลปีงบประมาณ พ.ศ. 2566 แต่ไม่พบรายงานรอบ 6 เดือนแรก ({H1_TH})",
        f"fiscal year 2566 found but no first-half report ({H1_EN})",
    )
    # a half without any year, alone: nothing ties it to the assessed fiscal year
    assert verdict("fiscal half", "H1") == PeriodVerdict(
        False,
        "H1",
        (),
        (),
        (),
        f"ไม่พบวันที่หรือปีงบประมาณ (ต้องเป็นข้อมูลปีงบประมาณ พ.ศ. 2566) (ต้องมีรายงานรอบ 6 เดือนแรก {H1_TH})",
        f"no date or fiscal year found (fiscal year 2566 required) "
        f"(a first-half report {H1_EN} is required)",
    )


def test_h1_previous_year():
    assert verdict("รายงานผลรอบ 6 เดือน ปีงบประมาณ 2565", "H1") == PeriodVerdict(
        False,
        "H1",
        (2565,),
        (),
        (),
        "พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. 2565 ไม่พบข้อมูลปีงบประมาณ พ.ศ. 2566 "
        f"(ต้องมีรายงานรอบ 6 เดือนแรก {H1_TH})",
        f"only fiscal year 2565 found, not fiscal year 2566 (a first-half report {H1_EN} is required)",
    )


SEED_O20 = [  # seed 001 O20 submission: one file per month, October to April
    "O20 summary procurement Oct 2565.pdf",
    "O20 summary procurement Nov 2565.pdf",
    "O20 summary procurement Dec 2565.pdf",
    "O20 summary procurement Jan 2566.pdf",
    "O20 summary procurement Feb 2566.pdf",
    "O20 summary procurement Mar 2566.pdf",
    "O20 summary procurement Apr 2566.pdf",
]


def monthly(names, as_of=AS_OF):
    mentions = [d for name in names for d in find_dates(name)]
    return replace(check_period("monthly", mentions, 2566, as_of), deciding=())


def test_monthly_complete():
    assert monthly(SEED_O20) == PeriodVerdict(
        True,
        "monthly",
        (2566,),
        (),
        ("2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03", "2023-04"),
        "ครบทุกเดือน ตุลาคม 2565 – มีนาคม 2566",
        "every month present: October 2022 – March 2023",
    )


def test_monthly_one_missing():
    names = [n for n in SEED_O20 if "Jan" not in n]
    assert monthly(names) == PeriodVerdict(
        False,
        "monthly",
        (2566,),
        ("2023-01",),
        ("2022-10", "2022-11", "2022-12", "2023-02", "2023-03", "2023-04"),
        "ขาดเดือน มกราคม 2566",
        "missing: January 2023",
    )


def test_monthly_as_of_moves_the_requirement():
    # on 1 May April is complete too, and it is there
    assert monthly(SEED_O20, date(2023, 5, 1)).met is True
    # on 1 June May is required and missing
    v = monthly(SEED_O20, date(2023, 6, 1))
    assert (v.met, v.missing_months, v.reason_th, v.reason_en) == (
        False,
        ("2023-05",),
        "ขาดเดือน พฤษภาคม 2566",
        "missing: May 2023",
    )


def test_monthly_several_missing_and_other_years_ignored():
    names = ["สขร.1 ประจำเดือน ตุลาคม ๒๕๖๕", "ประจำเดือน ธันวาคม 2565", "ประจำเดือน มกราคม 2565"]
    assert monthly(names) == PeriodVerdict(
        False,
        "monthly",
        (2565, 2566),
        ("2022-11", "2023-01", "2023-02", "2023-03"),
        ("2022-10", "2022-12"),
        "ขาดเดือน พฤศจิกายน 2565, มกราคม 2566, กุมภาพันธ์ 2566, มีนาคม 2566",
        "missing: November 2022, January 2023, February 2023, March 2023",
    )


def test_monthly_dates_do_not_count_as_months():
    # contract dates inside a summary are not the months it reports
    v = monthly(["ลงวันที่ 15 ตุลาคม 2565", "ประจำเดือน พฤศจิกายน 2565"], date(2022, 12, 5))
    assert (v.met, v.missing_months, v.covered_months) == (False, ("2022-10",), ("2022-11",))


def test_monthly_range_in_one_file_covers_each_month():
    v = monthly(["O12 organize a hawker Oct2565-Mar2566.pdf"])
    assert (v.met, v.missing_months) == (True, ())


def test_monthly_nothing_due_yet():
    assert monthly([], date(2022, 10, 20)) == PeriodVerdict(
        True,
        "monthly",
        (),
        (),
        (),
        "ยังไม่มีเดือนที่ครบกำหนดรายงานของปีงบประมาณ พ.ศ. 2566",
        "no full month of fiscal year 2566 has ended yet",
    )


def test_monthly_nothing_found():
    v = monthly([])
    assert v == PeriodVerdict(
        False,
        "monthly",
        (),
        tuple(h1_months(2566)),
        (),
        "ขาดเดือน ตุลาคม 2565, พฤศจิกายน 2565, ธันวาคม 2565, มกราคม 2566, กุมภาพันธ์ 2566, มีนาคม 2566",
        "missing: October 2022, November 2022, December 2022, January 2023, "
        "February 2023, March 2023",
    )


# ---- "FY-1": the previous fiscal year only (national list since 2568, issue 19) ----------

AS_OF_2569 = date(2026, 3, 31)  # FY 2569, checked at the end of March


def test_previous_year_only_is_met_by_a_mention_of_fiscal_year_n_minus_1():
    assert verdict("รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568", "FY-1", 2569, AS_OF_2569) == (
        PeriodVerdict(
            True, "FY-1", (2568,), (), (), "พบข้อมูลปีงบประมาณ พ.ศ. 2568", "fiscal year 2568 found"
        )
    )
    # a 2568 report published in December 2568 (fiscal year 2569) names both: met by 2568
    v = check_period(
        "FY-1",
        find_dates("รายงานประจำปีงบประมาณ 2568 ประกาศ ณ วันที่ 15 ธันวาคม 2568"),
        2569,
        AS_OF_2569,
    )
    assert v.met and v.found_fiscal_years == (2568, 2569)
    assert [d.fiscal_year for d in v.deciding][:1] == [2568]  # the mention that decided


def test_previous_year_only_is_not_met_by_the_assessed_year_or_older_ones():
    assert verdict("แผนปฏิบัติการ ประจำปีงบประมาณ พ.ศ. 2569", "FY-1", 2569, AS_OF_2569) == (
        PeriodVerdict(
            False,
            "FY-1",
            (2569,),
            (),
            (),
            "พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. 2569 ไม่พบข้อมูลปีงบประมาณ พ.ศ. 2568",
            "only fiscal year 2569 found, not fiscal year 2568",
        )
    )
    old = verdict("รายงานประจำปีงบประมาณ 2566", "FY-1", 2569, AS_OF_2569)
    assert not old.met and old.found_fiscal_years == (2566,)
    none = verdict("รายงานผลการดำเนินงาน", "FY-1", 2569, AS_OF_2569)
    assert not none.met
    assert none.reason_th == "ไม่พบวันที่หรือปีงบประมาณ (ต้องเป็นข้อมูลปีงบประมาณ พ.ศ. 2568)"
    # a date inside fiscal year 2568 (October 2567 – September 2568) counts as 2568
    assert verdict("วันที่ 30 กันยายน 2568", "FY-1", 2569, AS_OF_2569).met
    assert not verdict("วันที่ 1 ตุลาคม 2568", "FY-1", 2569, AS_OF_2569).met


def test_previous_year_only_is_a_framework_period():
    from oitcrawl.framework import PERIODS

    assert "FY-1" in PERIODS and set(PERIODS) == set(PERIOD_RULES)
