"""oitcrawl.periods, issue 12 "Judge like an assessor": no date across cells or lines, the
Thai forms added (ปี 66, dotless month abbreviations, Q2/66, OCR-damaged years), the mentions
that do not date a document (classify_mention(s), dating_mentions) and PeriodVerdict.deciding.

Expectations are whole tuples as in test_periods.py. Years are BE; month keys CE.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oitcrawl.periods import (
    EXCLUSION_REASONS,
    DateMention,
    PeriodVerdict,
    check_period,
    classify_mention,
    classify_mentions,
    dating_mentions,
    find_dates,
)
from tests.test_periods import FY, D, H, Q, R, Y, found  # the same tuple helpers


def M(text, y, m):
    return ("month", text, y, m, None, y + 1 if m >= 10 else y, None, None, None)


# ------------------------------------------------------------------ cells and lines


def test_table_rows_give_months_and_no_day_from_the_count_above():
    assert found("กุมภาพันธ์ 2566\t8\nมีนาคม 2566\t10") == [
        M("กุมภาพันธ์ 2566", 2566, 2),
        M("มีนาคม 2566", 2566, 3),
    ]
    assert found("เดือน | จำนวน\nกุมภาพันธ์ 2566 | 8\nมีนาคม 2566 | 10") == [
        M("กุมภาพันธ์ 2566", 2566, 2),
        M("มีนาคม 2566", 2566, 3),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "8\nมีนาคม 2566",
        "8\r\nมีนาคม 2566",
        "8 \n มีนาคม 2566",
        "8\tมีนาคม 2566",
        "8 \t มีนาคม 2566",
        "8 | มีนาคม 2566",
        "8|มีนาคม 2566",
        "8\u2028มีนาคม 2566",
    ],
)
def test_a_count_in_the_cell_or_line_before_is_no_day(text):
    assert found(text) == [M("มีนาคม 2566", 2566, 3)]


def test_same_cell_still_reads_the_whole_date():
    assert found("30 มีนาคม 2566\t5") == [D("30 มีนาคม 2566", 2566, 3, 30, 2566)]
    assert found("วันที่ 30  มีนาคม   2566") == [D("30  มีนาคม   2566", 2566, 3, 30, 2566)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a month range never spans a line or a cell: only the last month with its year stays
        ("มกราคม\n– มีนาคม 2566", [M("มีนาคม 2566", 2566, 3)]),
        ("มกราคม\t– มีนาคม 2566", [M("มีนาคม 2566", 2566, 3)]),
        ("ต.ค. 65\t- มี.ค. 66", [M("ต.ค. 65", 2565, 10), M("มี.ค. 66", 2566, 3)]),
        ("ต.ค. 65 |- มี.ค. 66", [M("ต.ค. 65", 2565, 10), M("มี.ค. 66", 2566, 3)]),
        # a month name and a year in different cells or lines: the year alone
        ("มีนาคม\t2566", [Y("2566", 2566)]),
        ("มีนาคม\n2566", [Y("2566", 2566)]),
        ("ต.ค.\n65", []),
        ("30 มี.ค.\n66", []),
        ("30 มี.ค. | 2566", [Y("2566", 2566)]),
        # numeric dates
        ("30/04\n/2566", [Y("2566", 2566)]),
        ("30\t04/2566", [Y("2566", 2566)]),
        # year ranges and years after a year word in another cell
        ("2565\n- 2566", [Y("2565", 2565), Y("2566", 2566)]),
        ("2565 | 2566", [Y("2565", 2565), Y("2566", 2566)]),
        ("พ.ศ.\t2566", [Y("2566", 2566)]),
        ("ปีงบประมาณ\t2566", [Y("2566", 2566)]),
        ("ปีงบประมาณ | 66", []),
        ("ปี\t66", []),
        ("ปี\n66", []),
        # quarter with its year in another cell: the quarter keeps its own
        ("ไตรมาส 2/\n2566", [Q("ไตรมาส 2", 2, None), Y("2566", 2566)]),
        ("Q2\t/66", [Q("Q2", 2, None)]),
        # a telephone number is not one across cells, so its groups are read on their own
        ("โทร 02\t2566 1234", [Y("2566", 2566)]),
    ],
)
def test_no_pattern_spans_a_line_or_a_cell(text, expected):
    assert found(text) == expected


def test_a_pdf_line_wrapped_right_after_a_year_word_is_still_one_mention():
    # the one exception: a label that cannot end a table row with a count after it
    assert found("ปีงบประมาณ พ.ศ.\n256๒ ดังนี้") == [FY("ปีงบประมาณ พ.ศ.\n256๒", 2562)]
    assert found("ประจ าปี\nงบประมาณ ๒๕๖๒") == [FY("ประจ าปี\nงบประมาณ ๒๕๖๒", 2562)]
    assert found("ตั้งแต่ พ.ศ.\n2560") == [Y("พ.ศ.\n2560", 2560)]
    # ... but never over a tab, and never for a count
    assert found("ปีงบประมาณ พ.ศ.\t2562") == [Y("2562", 2562)]
    assert found("ปีงบประมาณ พ.ศ.\n\t2562") == [Y("2562", 2562)]
    assert found("พ.ศ.\n10 ราย") == []


def test_quarters_and_halves_take_a_year_from_the_same_line_even_across_cells():
    assert found("ไตรมาส 2\tปีงบประมาณ 2566") == [
        Q("ไตรมาส 2", 2, 2566),
        FY("ปีงบประมาณ 2566", 2566),
    ]
    assert found("รอบ 6 เดือน | ปี 2566") == [H("รอบ 6 เดือน", 1, 2566), Y("ปี 2566", 2566)]
    # ... never from another line
    assert found("ไตรมาส 2\nปีงบประมาณ 2566") == [
        Q("ไตรมาส 2", 2, None),
        FY("ปีงบประมาณ 2566", 2566),
    ]
    assert found("ปี 2566\nรอบ 6 เดือน") == [Y("ปี 2566", 2566), H("รอบ 6 เดือน", 1, None)]


def test_quarters_take_their_year_only_from_the_text_given():
    assert found("ปีงบประมาณ 2566 ไตรมาส 1") == [
        FY("ปีงบประมาณ 2566", 2566),
        Q("ไตรมาส 1", 1, 2566),
    ]
    assert found("ไตรมาส 2") == [Q("ไตรมาส 2", 2, None)]  # nothing kept from the last call
    assert found("6 เดือนแรก") == [H("6 เดือนแรก", 1, None)]


def test_offsets_still_index_the_original_text_around_cells():
    text = "ลำดับ\tเดือน\n1\tกุมภาพันธ์ ๒๕๖๖\t๘\n2\tมี.ค. 66"
    for d in find_dates(text):
        assert text[d.start : d.end] == d.text
    assert [d.text for d in find_dates(text)] == ["กุมภาพันธ์ ๒๕๖๖", "มี.ค. 66"]


# ------------------------------------------------------------------------- ปี 66


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ปี 66", [Y("ปี 66", 2566)]),
        ("ปี66", [Y("ปี66", 2566)]),
        ("ปี 2566", [Y("ปี 2566", 2566)]),
        ("ปี ๖๖", [Y("ปี ๖๖", 2566)]),
        ("ปี ๒๕๖๖", [Y("ปี ๒๕๖๖", 2566)]),
        ("รายงานประจำปี 2566", [Y("ปี 2566", 2566)]),
        ("ผลการดำเนินงาน ปี 65 และ ปี 66", [Y("ปี 65", 2565), Y("ปี 66", 2566)]),
        ("ปี 66 เดือน ต.ค.", [Y("ปี 66", 2566)]),  # "เดือน" after is no duration
        ("ปี 66 ปีงบประมาณ 2566", [Y("ปี 66", 2566), FY("ปีงบประมาณ 2566", 2566)]),
        # other patterns keep their precedence
        ("ปีงบประมาณ 66", [FY("ปีงบประมาณ 66", 2566)]),
        ("ปี พ.ศ. 2566", [Y("พ.ศ. 2566", 2566)]),
        ("ปี 2566-2570", [R("2566-2570", 2566, 2570)]),
    ],
)
def test_pi_year(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "อายุ 66 ปี",  # a number before ปี is a duration
        "6 ปี",
        "ระยะเวลา 3 ปี",
        "ปีละ 60 ครั้ง",
        "ปีที่ 66",
        "ปี 45 ราย",  # a count after ปี
        "ต่อปี 80 %",
        "ปี 50 ล้านบาท",
        "1 ปี 50 วัน",
        "ปี 66 ปี",
        "ปี 10",  # 00-39 is never a two-digit year
        "ปี 2023",  # no CE year after ปี
        "ปี 1,566",
        "ปี 25.66",
    ],
)
def test_not_pi_years(text):
    assert found(text) == []


# ---------------------------------------------------------- dotless month abbreviations

DOTLESS = ["มค", "กพ", "มีค", "เมย", "พค", "มิย", "กค", "สค", "กย", "ตค", "พย", "ธค"]


@pytest.mark.parametrize(("m", "abbr"), list(enumerate(DOTLESS, 1)))
def test_dotless_abbreviations_every_month(m, abbr):
    y = 2565 if m >= 10 else 2566
    yy = str(y)[2:]
    for text in (f"{abbr} {yy}", f"{abbr}. {yy}", f"{abbr}.{yy}", f"{abbr}{yy}", f"{abbr} {y}"):
        assert found(text) == [M(text, y, m)], text
    assert found(f"ประจำเดือน{abbr} {yy}") == [M(f"ประจำเดือน{abbr} {yy}", y, m)]
    assert found(f"5 {abbr}. {yy}") == [D(f"5 {abbr}. {yy}", y, m, 5, y + (m >= 10))]


def test_dotless_abbreviations_in_ranges_and_thai_digits():
    text = "ตค.65-มีค.66"
    assert found(text) == [M(text, 2565, 10), M(text, 2565, 11), M(text, 2565, 12)] + [
        M(text, 2566, m) for m in (1, 2, 3)
    ]
    assert found("ตค ๖๕") == [M("ตค ๖๕", 2565, 10)]
    assert found("พย.65") == [M("พย.65", 2565, 11)]
    assert found("มค.66") == [M("มค.66", 2566, 1)]


@pytest.mark.parametrize(
    "text",
    [
        "มีค่า 66 บาท",  # มีค + tone mark: a word
        "มีคน 66 คน",
        "มีคะแนน 66",
        "มคอ.3 66",  # course specification
        "มคอ 66",
        "กพร. 66",  # ก.พ.ร. without dots
        "สคบ. 66",
        "สตค. 66",  # ตค inside a word
        "ปตค 65",
        "เมยา 66",
        "กค 0402.5/ว 123",  # Ministry of Finance document number
        "กค. 0408.4/ว 42",
        "ตค",
        "ตค 25",  # 00-39: no year
    ],
)
def test_dotless_abbreviation_near_misses(text):
    assert found(text) == []


# ------------------------------------------------------------------- quarter with year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Q2/2566", Q("Q2/2566", 2, 2566)),
        ("Q2/66", Q("Q2/66", 2, 2566)),
        ("Q1/2566", Q("Q1/2566", 1, 2566)),
        ("q4/65", Q("q4/65", 4, 2565)),
        ("ไตรมาส 2/66", Q("ไตรมาส 2/66", 2, 2566)),
        ("ไตรมาส ๒/๒๕๖๖", Q("ไตรมาส ๒/๒๕๖๖", 2, 2566)),
        ("ไตรมาสที่ 3/2566", Q("ไตรมาสที่ 3/2566", 3, 2566)),
        ("รายงาน Q2/2566.pdf", Q("Q2/2566", 2, 2566)),
    ],
)
def test_quarter_with_year(text, expected):
    assert found(text) == [expected]


def test_quarter_with_year_near_misses():
    assert found("Q5/2566") == [Y("2566", 2566)]  # no fifth quarter
    assert found("AQ2/66") == []  # part of a code
    assert found("ข้อ 2/66") == []  # a page or clause number


# ---------------------------------------------------------------- OCR-damaged years


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("พ.ศ. ๒๕๖o", Y("พ.ศ. ๒๕๖o", 2560)),
        ("พ.ศ. ๒๕๖O", Y("พ.ศ. ๒๕๖O", 2560)),
        ("พ.ศ.๒๕๖l", Y("พ.ศ.๒๕๖l", 2561)),
        ("พ.ศ. ๒๕๖I", Y("พ.ศ. ๒๕๖I", 2561)),
        ("พ.ศ. ๒๕o๖", Y("พ.ศ. ๒๕o๖", 2506)),
        ("พ.ศ. ๒๕๖ ๖", Y("พ.ศ. ๒๕๖ ๖", 2566)),
        ("พ.ศ. ๒๕ ๖๖", Y("พ.ศ. ๒๕ ๖๖", 2566)),
        ("พ.ศ. ๒ ๕๖๖", Y("พ.ศ. ๒ ๕๖๖", 2566)),
        ("พุทธศักราช ๒๕๖o", Y("พุทธศักราช ๒๕๖o", 2560)),
        ("ปีงบประมาณ ๒๕๖๖", FY("ปีงบประมาณ ๒๕๖๖", 2566)),  # undamaged, for reference
        ("ปีงบประมาณ ๒๕๖o", FY("ปีงบประมาณ ๒๕๖o", 2560)),
        ("ปีงบประมาณ ๒๕๖ ๖", FY("ปีงบประมาณ ๒๕๖ ๖", 2566)),
        ("ปีงบประมาณ พ.ศ. ๒๕๖ ๖", FY("ปีงบประมาณ พ.ศ. ๒๕๖ ๖", 2566)),
        ("ประจำปีงบประมาณ พ.ศ. 256l", FY("ประจำปีงบประมาณ พ.ศ. 256l", 2561)),
        ("ปี ๒๕๖o", Y("ปี ๒๕๖o", 2560)),
        ("ประจำปี ๒๕ ๖๖", Y("ปี ๒๕ ๖๖", 2566)),
        ("ปีงบประมาณ ๒๕๖๖ ดังนี้", FY("ปีงบประมาณ ๒๕๖๖", 2566)),
    ],
)
def test_ocr_damaged_year_after_a_year_word(text, expected):
    assert found(text) == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ราคา 25o0 บาท", []),  # no year word: amounts are never repaired
        ("256o", []),
        ("เลขที่ ๒๕๖ ๖", []),
        ("โทร 2 566", []),
        ("พ.ศ. 25oo", []),  # two digits misread: too damaged
        ("พ.ศ. ๒๕๖o๖", []),  # five characters
        ("พ.ศ. 2566 6 เดือน", [Y("พ.ศ. 2566", 2566)]),  # a whole year is not merged on
        ("ปี 2 566 ราย", []),  # a count after
        ("ปี 25o6 ปี", []),
        ("ปี ๒๕o", []),
        ("ปีงบประมาณ 1 2", []),
        ("ปี 66 10 ราย", [Y("ปี 66", 2566)]),  # "6610" is no year
        ("ปีงบประมาณ ๒๕๖oa", []),
        ("ปี 3o12", []),  # not a BE year 2500-2600 after ปี
    ],
)
def test_ocr_repair_near_misses(text, expected):
    assert found(text) == expected


# ------------------------------------------------------- mentions that date nothing

PLAN = "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2566\n"


def reasons(line, head=PLAN):
    """(mention text, reason) for the mentions of ``line`` in a document headed ``head``."""
    text = head + line
    return [(d.text, r) for d, r in classify_mentions(text) if d.start >= len(head)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # updated stamps
        ("ปรับปรุงข้อมูลล่าสุด : 12 มกราคม 2567 เวลา 10:00 น.", "updated_stamp"),
        ("ปรับปรุงล่าสุด ๑๒ ม.ค. ๒๕๖๗", "updated_stamp"),
        ("ปรับปรุงครั้งล่าสุดเมื่อวันที่ 3 ก.พ. 2567", "updated_stamp"),
        ("แก้ไขล่าสุด 2567-01-12", "updated_stamp"),
        ("แก้ไขเมื่อ 12/01/2567", "updated_stamp"),
        ("อัปเดตล่าสุด 12 ม.ค. 67", "updated_stamp"),
        ("อัพเดทล่าสุด: 12 ม.ค. 67", "updated_stamp"),
        ("วันที่ปรับปรุง 12 มกราคม 2567", "updated_stamp"),
        ("Last updated: Thursday, 12 January 2024", "updated_stamp"),
        ("Last modified 2024-01-12", "updated_stamp"),
        ("updated on 12 Jan 2024", "updated_stamp"),
        ("ปรับปรุงข้อมูล ณ วันที่ 5 มกราคม 2567", "updated_stamp"),
        ("ปรับปรุงข้อมูล : 5 ม.ค. 67", "updated_stamp"),
        ("Updated: 5 Jan 2024", "updated_stamp"),
        ("updated 5 Jan 2024", "updated_stamp"),  # a full date right after the verb
        ("ปรับปรุงล่าสุด\t12 มกราคม 2567", "updated_stamp"),  # label and value cells
        ("ผู้เข้าชม 1,234 คน ตั้งแต่ 1 มกราคม 2560", "updated_stamp"),
        ("จำนวนผู้เข้าชม : 12345 ครั้ง (เริ่มนับ 1 ม.ค. 2560)", "updated_stamp"),
        ("สถิติผู้เข้าชม ตั้งแต่วันที่ 1 ต.ค. 2560", "updated_stamp"),
        ("ผู้เยี่ยมชมเว็บไซต์ เริ่มนับ 1 ม.ค. 60", "updated_stamp"),
        ("Visitors since 2017-01-01", "updated_stamp"),
        # data and documents: kept
        ("ข้อมูล ณ วันที่ 31 มีนาคม 2566", None),
        ("ข้อมูล ณ 31 มี.ค. 66", None),
        ("โครงการปรับปรุงข้อมูลแผนที่ภาษีและทะเบียนทรัพย์สิน ปี 2566", None),
        ("โครงการปรับปรุงข้อมูล ปีงบประมาณ 2566", None),
        ("ระเบียบกรุงเทพมหานคร (แก้ไขเพิ่มเติม) พ.ศ. 2566", None),
        ("แก้ไข พ.ศ. 2566", None),  # a year after the bare verb: no stamp without a connector
        ("modified plan FY2023", None),
        ("สถิติผู้เข้าชมเว็บไซต์ ประจำเดือน มีนาคม 2566", None),  # a report of a month
        ("สถิติผู้เข้าชมเว็บไซต์ ประจำปีงบประมาณ 2566", None),
        # copyright
        ("© 2567 สำนักงานเขตบางรัก", "copyright"),
        ("สำนักงานเขตบางรัก © 2567", "copyright"),
        ("สงวนลิขสิทธิ์ พ.ศ. 2567 สำนักงานเขตบางรัก", "copyright"),
        ("Copyright 2566 กรุงเทพมหานคร", "copyright"),
        ("Copyright © 2566-2567 Bangkok. All rights reserved.", "copyright"),
        ("(c) 2567 BMA", "copyright"),
        ("2567 สำนักงานเขตบางรัก All Rights Reserved", "copyright"),
        ("พระราชบัญญัติลิขสิทธิ์ พ.ศ. 2537", None),  # the copyright act is no copyright line
        # forward-looking, always
        ("ในปีงบประมาณถัดไป (พ.ศ. 2567) จะขยายผล", "forward_looking"),
        ("ในปีถัดไป 2567", "forward_looking"),
        ("แผนปีต่อไป พ.ศ. 2567", "forward_looking"),
        ("ปีหน้า (2567)", "forward_looking"),
        ("ในอนาคต ปี 2570", "forward_looking"),
        ("next fiscal year 2024", "forward_looking"),
        # forward-looking, later than the document's own year (2566)
        ("และจะดำเนินการต่อในปีงบประมาณ พ.ศ. 2567", "forward_looking"),
        ("ดำเนินการต่อไปในปี 2567", "forward_looking"),
        ("จะดำเนินการในปีงบประมาณ 2567", "forward_looking"),
        ("ดำเนินการต่อเนื่องไปถึงปี 2568", "forward_looking"),
        ("ค่าเป้าหมายปี 2567 ร้อยละ 85", "forward_looking"),
        ("เป้าหมายในปีงบประมาณ 2567", "forward_looking"),
        ("เป้าหมายประจำปีงบประมาณ 2567", "forward_looking"),
        # ... and the document's own year with the same words: kept
        ("โครงการที่จะดำเนินการในปีงบประมาณ พ.ศ. 2566", None),
        ("ดำเนินการให้แล้วเสร็จภายในปีงบประมาณ 2566", None),
        ("ค่าเป้าหมายปี 2566 ร้อยละ 80", None),
        ("โครงการต่อเนื่อง ปี 2566", None),
        ("ดำเนินการอย่างต่อเนื่องในปีงบประมาณ พ.ศ. 2566", None),
        ("ต่อเนื่องจากปีงบประมาณ 2565", None),  # earlier: not forward
        ("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2567", None),  # no phrase at all
    ],
)
def test_classify_real_looking_lines(line, expected):
    got = reasons(line)
    assert got, line
    assert {r for _, r in got} == {expected}, got


def test_forward_words_without_an_own_year_keep_the_mention():
    # nothing else dates the text, so "จะดำเนินการในปีงบประมาณ 2567" is its only year
    assert reasons("จะดำเนินการในปีงบประมาณ 2567", head="") == [("ปีงบประมาณ 2567", None)]
    # an excluded stamp is no own year either
    text = "ปรับปรุงล่าสุด 1 ม.ค. 2566\nจะดำเนินการในปีงบประมาณ 2567"
    assert [(d.text, r) for d, r in classify_mentions(text)] == [
        ("1 ม.ค. 2566", "updated_stamp"),
        ("ปีงบประมาณ 2567", None),
    ]
    # "next year" words are forward whatever else the text says
    assert reasons("ในปีงบประมาณถัดไป (พ.ศ. 2567)", head="") == [("พ.ศ. 2567", "forward_looking")]


def test_a_phrase_only_counts_on_the_mention_line_and_near_it():
    assert reasons("ปรับปรุงล่าสุด\n12 มกราคม 2567") == [("12 มกราคม 2567", None)]
    assert reasons("©\n2567 ข่าวประชาสัมพันธ์") == [("2567", None)]
    assert reasons("จะดำเนินการต่อ\nปีงบประมาณ 2567") == [("ปีงบประมาณ 2567", None)]
    far = "ปรับปรุงล่าสุด " + "ก" * 45 + " 12 มกราคม 2567"
    assert reasons(far) == [("12 มกราคม 2567", None)]
    assert reasons("จะดำเนินการ" + "ข" * 35 + " ปีงบประมาณ 2567") == [("ปีงบประมาณ 2567", None)]
    far_c = "© BMA " + "ค" * 85 + " 2567"
    assert reasons(far_c) == [("2567", None)]
    assert reasons("(c) " + "ง" * 12 + " 2567") == [("2567", None)]


def test_damaged_pdf_text_is_classified_too():
    assert reasons("และจะด าเนินการต่อในปีงบประมาณ พ.ศ. 2567") == [
        ("ปีงบประมาณ พ.ศ. 2567", "forward_looking")
    ]
    assert reasons("จานวนผู้เข้าชม 100 คน ตั้งแต่ 1 ม.ค. 2560") == [("1 ม.ค. 2560", "updated_stamp")]


def test_dating_mentions_of_a_page():
    page = (
        "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2566\n"
        "ข้อมูล ณ วันที่ 31 มีนาคม 2566\n"
        "โครงการที่จะดำเนินการต่อในปีงบประมาณ พ.ศ. 2567\n"
        "ปรับปรุงข้อมูลล่าสุด : 12 มกราคม 2567\n"
        "จำนวนผู้เข้าชม 123456 คน ตั้งแต่ 1 ม.ค. 2560\n"
        "© 2567 สำนักงานเขตบางรัก สงวนลิขสิทธิ์"
    )
    assert [d.text for d in dating_mentions(page)] == [
        "ประจำปีงบประมาณ พ.ศ. 2566",
        "31 มีนาคม 2566",
    ]
    assert [(d.text, r) for d, r in classify_mentions(page) if r] == [
        ("ปีงบประมาณ พ.ศ. 2567", "forward_looking"),
        ("12 มกราคม 2567", "updated_stamp"),
        ("1 ม.ค. 2560", "updated_stamp"),
        ("2567", "copyright"),
    ]
    assert set(EXCLUSION_REASONS) == {"updated_stamp", "copyright", "forward_looking"}
    assert dating_mentions("") == []
    assert classify_mentions("ไม่มีวันที่") == []


def test_classify_mention_one_at_a_time():
    text = "รายงานประจำปีงบประมาณ 2566\nปรับปรุงล่าสุด 1 ต.ค. 2566"
    first, stamp = find_dates(text)
    assert classify_mention(text, first) is None
    assert classify_mention(text, stamp) == "updated_stamp"
    assert classify_mention(text, stamp, find_dates(text)) == "updated_stamp"
    # a mention built by the caller (not from find_dates(text)) is judged in place
    own = DateMention("year", "2566", text.index("2566"), text.index("2566") + 4, year_be=2566)
    assert classify_mention(text, own) is None


def test_month_ranges_share_their_reason():
    text = "ปรับปรุงล่าสุด ต.ค. 66 - ธ.ค. 66"
    assert {r for _, r in classify_mentions(text)} == {"updated_stamp"}
    assert len(classify_mentions(text)) == 3


# ---------------------------------------------------------------------- deciding

AS_OF = date(2023, 4, 30)


def decide(text, rule, fy=2566, as_of=AS_OF):
    v = check_period(rule, find_dates(text), fy, as_of)
    return v.met, [d.text for d in v.deciding]


def test_deciding_is_last_and_optional():
    v = PeriodVerdict(True, "none", (), (), (), "th", "en")
    assert v.deciding == ()
    assert decide("พ.ศ. 2566", "none") == (True, [])


def test_deciding_fy():
    text = "ปรับปรุง 2565\nแผนปฏิบัติราชการ ประจำปีงบประมาณ พ.ศ. 2566 (ต.ค. 65)"
    assert decide(text, "FY") == (True, ["ประจำปีงบประมาณ พ.ศ. 2566"])
    # the first mention that falls in the year, whatever its kind
    assert decide("ออกเมื่อ 1 ต.ค. 2565 ตามแผนปีงบประมาณ 2566", "FY") == (True, ["1 ต.ค. 2565"])
    assert decide("แผน 2566-2570", "FY") == (True, ["2566-2570"])
    # outdated: every mention of the latest other year, one per span, for the report to quote
    text = "แผน ปีงบประมาณ 2564\nรายงาน ปีงบประมาณ 2565 ต.ค. 64 - ธ.ค. 64 และ 30 ก.ย. 2565"
    assert decide(text, "FY") == (
        False,
        ["ปีงบประมาณ 2565", "ต.ค. 64 - ธ.ค. 64", "30 ก.ย. 2565"],
    )
    assert decide("ไม่มีปี", "FY") == (False, [])


def test_deciding_fy_or_previous():
    assert decide("รายงานประจำปี 2565 และปี 2566", "FY|FY-1") == (True, ["ปี 2566"])
    assert decide("รายงานประจำปี 2565", "FY|FY-1") == (True, ["ปี 2565"])
    assert decide("รายงานประจำปีงบประมาณ 2563, 2564", "FY|FY-1") == (
        False,
        ["2564"],
    )


def test_deciding_h1():
    assert decide("รายงานรอบ 6 เดือน ปีงบประมาณ 2566", "H1") == (True, ["รอบ 6 เดือน"])
    assert decide("Oct2565-Mar2566", "H1") == (True, ["Oct2565-Mar2566"])
    # not met: the latest mention of the fiscal year
    met, deciding = decide("รายงาน ต.ค. 65\nรายงาน 15 ธ.ค. 2565\nรายงาน 3 ธ.ค. 2565", "H1")
    assert (met, deciding) == (False, ["15 ธ.ค. 2565"])
    assert decide("แผนปีงบประมาณ 2566 และปี 2566", "H1") == (False, ["ปีงบประมาณ 2566"])
    assert decide("รายงานรอบ 6 เดือน ปีงบประมาณ 2565", "H1") == (
        False,
        ["รอบ 6 เดือน", "ปีงบประมาณ 2565"],
    )
    assert decide("ไม่มีปี", "H1") == (False, [])


def test_deciding_monthly_one_per_covered_month_in_month_order():
    mentions = [
        d
        for name in (
            "สขร.1 ประจำเดือน ธันวาคม 2565",
            "สขร.1 ต.ค. 65 - พ.ย. 65",
            "สรุป ตุลาคม 2565 (ฉบับแก้ไข)",
            "สขร.1 ประจำเดือน มกราคม 2565",  # another fiscal year: not covered
        )
        for d in find_dates(name)
    ]
    v = check_period("monthly", mentions, 2566, AS_OF)
    assert not v.met
    assert [(d.text, d.month_key) for d in v.deciding] == [
        ("ต.ค. 65 - พ.ย. 65", "2022-10"),
        ("ต.ค. 65 - พ.ย. 65", "2022-11"),
        ("ประจำเดือน ธันวาคม 2565", "2022-12"),
    ]
    assert [d.month_key for d in v.deciding] == list(v.covered_months)
    early = check_period("monthly", mentions, 2566, date(2022, 10, 15))
    assert early.met and len(early.deciding) == 3


def test_a_form_name_number_is_no_day():
    # "สขร.1" is the monthly procurement form (DOMAIN.md §3 rule 5), not the 1st of the month
    assert found("สขร.1 ต.ค. 65") == [M("ต.ค. 65", 2565, 10)]
    assert found("แบบ สขร1 ตุลาคม 2565") == [M("ตุลาคม 2565", 2565, 10)]
    assert found("วันที่1 ต.ค. 65") == [D("1 ต.ค. 65", 2565, 10, 1, 2566)]
    assert found("ลงวันที่ 1 ต.ค. 65") == [D("1 ต.ค. 65", 2565, 10, 1, 2566)]


# --------------------------------------------------------------------------- properties

PIECES = st.sampled_from(
    [
        "มีนาคม", "ต.ค.", "ตค.", "มีค", "ปี", "ปีงบประมาณ", "พ.ศ.", "ไตรมาส 2", "Q2", "/",
        "2566", "๒๕๖o", "66", "8", "30", " - ", " ", "\t", " | ", "\n", "\r\n", "ปรับปรุงล่าสุด",
        "©", "(c)", "จะดำเนินการต่อใน", "ในปีถัดไป", "ผู้เข้าชม", "ประจำ", "ข้อมูล ณ วันที่", "ก",
        "ด าเนินการ", "ำ", "\u200b",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_no_mention_crosses_a_cell_and_classification_never_raises(text):
    mentions = find_dates(text)
    for d in mentions:
        assert text[d.start : d.end] == d.text
        assert "\t" not in d.text and "|" not in d.text, d
        if "\n" in d.text or "\r" in d.text:  # only a label wrapped before its year
            assert d.kind in ("fiscal_year", "year", "year_range"), d
    pairs = classify_mentions(text)
    assert [d for d, _ in pairs] == mentions
    assert all(r is None or r in EXCLUSION_REASONS for _, r in pairs)
    assert dating_mentions(text) == [d for d, r in pairs if r is None]
    for rule in ("none", "FY", "FY|FY-1", "H1", "monthly"):
        v = check_period(rule, mentions, 2566, AS_OF)
        assert all(d in mentions for d in v.deciding)
