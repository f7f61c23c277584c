"""Thai dates (oitcrawl/thaidate.py): BE years, Thai digits, month abbreviations, Thai time,
leap days decided on the CE date, fiscal-year spans."""

from __future__ import annotations

import datetime as dt

import pytest

from oitcrawl import thaidate as td

UTC = dt.UTC
#: Written out here rather than taken from the module, so a wrong table in it fails the test.
MONTHS_SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
                "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]  # fmt: skip
MONTHS_LONG = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
               "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]  # fmt: skip
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


def test_long_and_short_forms_of_the_issue():
    day = dt.date(2023, 4, 30)
    assert td.long_th(day) == "วันที่ ๓๐ เมษายน ๒๕๖๖"
    assert td.long_th(day, prefix=False) == "๓๐ เมษายน ๒๕๖๖"
    assert td.long_th(day, digits=False) == "วันที่ 30 เมษายน 2566"
    assert td.short_th(day) == "30 เม.ย. 2566"
    assert td.long_en(day) == "30 April 2023"
    assert td.short_en(day) == "30 Apr 2023"


@pytest.mark.parametrize("month", range(1, 13))
def test_every_month_long_and_short(month):
    day = dt.date(2023, month, 9)
    assert td.long_th(day) == f"วันที่ ๙ {MONTHS_LONG[month - 1]} ๒๕๖๖"
    assert td.short_th(day) == f"9 {MONTHS_SHORT[month - 1]} 2566"
    assert td.month_short_th(f"2023-{month:02d}") == f"{MONTHS_SHORT[month - 1]} 2566"
    english = dt.date(2023, month, 1).strftime("%b")  # C locale in tests
    assert td.month_short_en(f"2023-{month:02d}") == f"{english} 2023"


def test_every_day_of_a_leap_year_round_trips_through_be():
    """2024 CE = 2567 BE: 366 days, each converted to BE and back, and printed with its BE year
    and Thai digits that read back as the day."""
    day, seen = dt.date(2024, 1, 1), 0
    while day.year == 2024:
        assert td.be_year(day.year) == 2567
        assert td.from_be(2567, day.month, day.day) == day
        assert td.short_th(day) == f"{day.day} {MONTHS_SHORT[day.month - 1]} 2567"
        assert td.long_th(day) == (
            f"วันที่ {str(day.day).translate(THAI_DIGITS)} {MONTHS_LONG[day.month - 1]} ๒๕๖๗"
        )
        day += dt.timedelta(days=1)
        seen += 1
    assert seen == 366


@pytest.mark.parametrize(
    ("year_be", "leap"),
    [
        (2567, True),  # 2024: leap, although 2567 is not divisible by 4
        (2563, True),  # 2020
        (2566, False),  # 2023
        (2568, False),  # 2025: divisible by 4 in BE, not a leap year
        (2543, True),  # 2000: divisible by 400
        (2443, False),  # 1900: divisible by 100, not by 400
    ],
)
def test_29_february_exists_only_in_ce_leap_years(year_be, leap):
    if leap:
        assert td.from_be(year_be, 2, 29) == dt.date(year_be - 543, 2, 29)
        assert td.short_th(td.from_be(year_be, 2, 29)) == f"29 ก.พ. {year_be}"
    else:
        with pytest.raises(ValueError, match=rf"29/2/{year_be} \(พ.ศ./BE\) is not a date"):
            td.from_be(year_be, 2, 29)


def test_thai_digits_convert_only_digits():
    assert td.thai_digits("2566-01, 30 เม.ย. 0123456789") == "๒๕๖๖-๐๑, ๓๐ เม.ย. ๐๑๒๓๔๕๖๗๘๙"
    assert td.thai_digits("ไม่มีตัวเลข") == "ไม่มีตัวเลข"


def test_timestamps_are_shown_in_thai_time():
    stamp = dt.datetime(2026, 11, 21, 6, 11, tzinfo=UTC)
    assert td.datetime_th(stamp) == "วันที่ ๒๑ พฤศจิกายน ๒๕๖๙ เวลา ๑๓.๑๑ น."
    assert td.datetime_en(stamp) == "21 November 2026, 06:11 UTC"
    # 17:30 UTC on 31 December is already the next day, month and BE year in Thailand
    new_year = dt.datetime(2022, 12, 31, 17, 30, tzinfo=UTC)
    assert td.datetime_th(new_year) == "วันที่ ๑ มกราคม ๒๕๖๖ เวลา ๐๐.๓๐ น."
    assert td.datetime_en(new_year) == "31 December 2022, 17:30 UTC"
    naive = dt.datetime(2023, 4, 30, 9, 5)  # taken as Thai time already
    assert td.datetime_th(naive) == "วันที่ ๓๐ เมษายน ๒๕๖๖ เวลา ๐๙.๐๕ น."


def test_crawl_spans():
    start = dt.datetime(2026, 11, 21, 6, 11, tzinfo=UTC)
    same_day = dt.datetime(2026, 11, 21, 6, 15, tzinfo=UTC)
    assert td.span_th(start, same_day) == "วันที่ ๒๑ พฤศจิกายน ๒๕๖๙ เวลา ๑๓.๑๑–๑๓.๑๕ น."
    assert td.span_en(start, same_day) == "21 November 2026, 06:11–06:15 UTC"
    # 16:59 → 17:01 UTC crosses midnight in Thai time only
    late, later = (dt.datetime(2026, 11, 21, h, m, tzinfo=UTC) for h, m in ((16, 59), (17, 1)))
    assert td.span_th(late, later) == (
        "วันที่ ๒๑ พฤศจิกายน ๒๕๖๙ เวลา ๒๓.๕๙ น. – วันที่ ๒๒ พฤศจิกายน ๒๕๖๙ เวลา ๐๐.๐๑ น."
    )
    assert td.span_en(late, later) == "21 November 2026, 16:59–17:01 UTC"
    assert td.span_th(start, None) == "วันที่ ๒๑ พฤศจิกายน ๒๕๖๙ เวลา ๑๓.๑๑ น."


def test_fiscal_years():
    assert td.fiscal_year_span(2566) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))
    assert td.fiscal_year_th(2566) == "พ.ศ. ๒๕๖๖ (๑ ตุลาคม ๒๕๖๕ – ๓๐ กันยายน ๒๕๖๖)"
    assert td.fiscal_year_en(2566) == "2566 BE (1 October 2022 – 30 September 2023)"


@pytest.mark.parametrize("bad", ["2023", "2023-13", "x-01", "", "2023-01-05"])
def test_bad_month_keys_are_refused_with_the_key(bad):
    with pytest.raises(ValueError, match="expected a month YYYY-MM"):
        td.month_short_th(bad)


def test_iso_parsing():
    assert td.parse_iso_date("2023-04-30") == dt.date(2023, 4, 30)
    assert td.parse_iso_date("2023-04-30T01:00:00+00:00") == dt.date(2023, 4, 30)
    assert td.parse_iso_date("30/04/2566") is None and td.parse_iso_date(None) is None
    assert td.parse_iso_datetime("2023-04-30T01:00:00+00:00") == dt.datetime(
        2023, 4, 30, 1, tzinfo=UTC
    )
    assert td.parse_iso_datetime("yesterday") is None
