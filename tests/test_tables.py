"""Tables: header recognition, column checks, PDF tables, and the O20 column rule.

The แบบ สขร.1 fields (DOMAIN.md §3 rule 5; FRAMEWORK-bma-district-2566.md O20.2-O20.4) are
checked as column labels of one table when the evidence has such a table; the finding names
the missing columns and the document, as the seed-001 assessor note does ("ข้อมูลราคาที่เสนอและ
ราคาที่ตกลงซื้อหรือจ้าง ไม่ครบถ้วน").
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import openpyxl

from oitcrawl.crawl.urls import display_url, request_url
from oitcrawl.extract import extract_document
from oitcrawl.extract.tables import best_column_check, check_columns, recognise, rows_per_month
from tests.test_rules import BMA, SITE, doc, judge

SAMPLE = Path(__file__).resolve().parents[1] / "oitcrawl" / "sample_site" / "site"
SKR1 = [
    "ที่",
    "งานที่ซื้อหรือจ้าง",
    "วงเงินที่ซื้อหรือจ้าง (บาท)",
    "ราคากลาง (บาท)",
    "วิธีซื้อหรือจ้าง",
    "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
    "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
    "เหตุผลที่คัดเลือกโดยสังเขป",
    "เลขที่และวันที่ของสัญญาหรือข้อตกลง",
]
ROW = ["1", "ซื้อวัสดุสำนักงาน", "12,000.00", "12,500.00", "เฉพาะเจาะจง", "ร้าน ก 12,000",
       "ร้าน ก 12,000", "ราคาต่ำสุด", "ใบสั่งซื้อเลขที่ 5/2566 ลงวันที่ 3 พ.ย. 2565"]  # fmt: skip
O20_TEXT = "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนพฤศจิกายน พ.ศ. 2565 แบบ สขร.1"


def element_columns(item: str, element: str) -> list:
    return BMA.items[item].elements[int(element.split(".")[1]) - 1].match.all


# ---- header recognition ---------------------------------------------------------------------


def test_header_below_title_rows_is_found_and_data_rows_follow():
    rows = [
        ["สรุปผลการดำเนินการจัดซื้อจัดจ้าง เดือนพฤศจิกายน 2565", "", ""],
        ["สำนักงานเขตห้วยขวาง", "", ""],
        ["ที่", "งานที่ซื้อหรือจ้าง", "วงเงิน (บาท)"],
        ["1", "ซื้อวัสดุ", "1,200.00"],
        ["2", "จ้างซ่อม", "๙๘๐.๐๐"],
        ["", "", ""],
    ]
    t = recognise(rows)
    assert (t.header_row, t.header) == (2, ("ที่", "งานที่ซื้อหรือจ้าง", "วงเงิน (บาท)"))
    assert t.data_rows == [("1", "ซื้อวัสดุ", "1,200.00"), ("2", "จ้างซ่อม", "๙๘๐.๐๐")]


def test_split_header_rows_are_joined_per_column():
    rows = [
        ["ที่", "งานที่ซื้อหรือจ้าง", "ผู้เสนอราคา", ""],
        ["", "", "รายชื่อ", "ราคาที่เสนอ"],
        ["1", "ซื้อวัสดุ", "ร้าน ก", "1,200.00"],
    ]
    t = recognise(rows)
    assert t.header_row == 1
    assert t.header == ("ที่", "งานที่ซื้อหรือจ้าง", "ผู้เสนอราคา รายชื่อ", "ราคาที่เสนอ")


def test_a_table_of_numbers_and_dates_has_no_header():
    rows = [["1", "1,200.00", "3 พ.ย. 2565"], ["2", "980", "01/12/2565"]]
    t = recognise(rows)
    assert (t.header_row, t.header, len(t.data_rows)) == (None, (), 2)


def test_column_labels_match_through_thai_text_damage():
    # A split sara am (ำ → " า"), a space before a vowel and Thai digits, as in real exports.
    damaged = ["ล าดับ", "งานที่ซื้อหรือจ้าง", "วงเงินที่ซื้อหรือจ้าง", "ราคากลาง", "วิธีซื้อหรือจ้าง"]
    check = check_columns(recognise([damaged, ROW[:5]]), element_columns("O20", "O20.2"))
    assert (check.found, check.missing) == (
        {"งานที่ซื้อหรือจ้าง": 1, "วงเงิน": 2, "ราคากลาง": 3, "วิธีซื้อ": 4},
        (),
    )


def test_a_table_of_another_kind_is_not_judged_by_these_columns():
    staff = recognise([["ที่", "ชื่อ-สกุล", "ตำแหน่ง"], ["1", "นาย ก", "หัวหน้าฝ่าย"]])
    assert best_column_check([staff], element_columns("O20", "O20.2")) is None


def test_rows_per_month_counts_each_row_once_by_its_first_date():
    rows = [SKR1, ROW, [*ROW[:8], "สัญญาเลขที่ 9/2566 ลงวันที่ 30 พ.ย. 2565 (ส่งมอบ 3 ธ.ค. 2565)"]]
    rows.append([*ROW[:8], "ใบสั่งจ้างเลขที่ 12/2566 ลงวันที่ ๒ ธ.ค. ๖๕"])
    assert rows_per_month(recognise(rows)) == {"2022-11": 2, "2022-12": 1}


# ---- PDF tables: pdfplumber geometry, PDFium cell text -----------------------------------------


def test_the_sample_procurement_pdf_table_is_read_with_its_header():
    path = next(SAMPLE.rglob("O20 summary procurement Dec 2565.pdf"))
    extract = extract_document(path.read_bytes(), "application/pdf", path.as_uri())
    assert len(extract.tables) == 1
    t = recognise(extract.tables[0])
    assert (t.header_row, list(t.header)) == (0, SKR1)
    assert [r[0] for r in t.data_rows] == ["1", "2"]
    assert t.data_rows[0][2] == "96,400.00"
    assert rows_per_month(t) == {"2022-12": 2}


def test_an_announcement_pdf_has_no_tables():
    path = next(SAMPLE.rglob("O23 Anti-Bribery Policy 2566 _thai.pdf"))
    extract = extract_document(path.read_bytes(), "application/pdf", path.as_uri())
    assert extract.text and extract.tables == []
    assert "table_error" not in extract.metadata


# ---- the O20 column rule ------------------------------------------------------------------------

PAGE = f"{SITE}/page/sub/20000/สรุปผลการจัดซื้อจัดจ้าง"


def o20_doc(header: list[str], *, url: str = PAGE, text: str = O20_TEXT):
    d = doc(url, text + " " + " ".join(header))
    d.extract["tables_json"] = json.dumps([[header, ROW[: len(header)]]], ensure_ascii=False)
    return d


def o20_column_findings(result) -> list[tuple]:
    return [
        (f.code, f.severity, f.element, f.url, f.detail)
        for f in result.findings
        if f.element in ("O20.2", "O20.3", "O20.4")
    ]


def test_a_full_skr1_table_meets_every_field_element():
    r = judge("O20", [o20_doc(SKR1)])
    statuses = {e.element.id: e.status for e in r.elements}
    assert [statuses[k] for k in ("O20.2", "O20.3", "O20.4")] == ["met", "met", "met"]
    assert o20_column_findings(r) == []
    hits = {h.phrase: h.excerpt for h in r.elements[1].evidence}
    assert hits == {
        "งานที่ซื้อหรือจ้าง": "งานที่ซื้อหรือจ้าง",
        "วงเงิน": "วงเงินที่ซื้อหรือจ้าง (บาท)",
        "ราคากลาง": "ราคากลาง (บาท)",
        "วิธีซื้อ": "วิธีซื้อหรือจ้าง",
    }


def test_missing_columns_are_named_even_when_the_words_are_elsewhere_in_the_text():
    # The seed-001 case: no offered/agreed price columns. The page text still mentions
    # "ราคาที่เสนอ" in a footnote, which must not hide the missing column.
    header = [h for h in SKR1 if "ราคาที่เสนอ" not in h and "ราคาที่ตกลง" not in h]
    d = o20_doc(header, text=O20_TEXT + " หมายเหตุ ราคาที่เสนอและราคาที่ตกลงดูได้ที่ฝ่ายการคลัง")
    r = judge("O20", [d])
    shown = display_url(request_url(PAGE))
    assert o20_column_findings(r) == [
        (
            "missing_element",
            "error",
            "O20.3",
            shown,
            f"columns missing: {shown}: ราคาที่เสนอ, ราคาที่ตกลง",
        )
    ]
    f = r.findings[-1]
    assert "ไม่มีคอลัมน์ ราคาที่เสนอ, ราคาที่ตกลง" in f.message_th
    assert "has no column ราคาที่เสนอ, ราคาที่ตกลง" in f.message_en


def test_without_a_table_the_fields_are_read_from_the_text():
    fields = " ".join(SKR1)
    row = "1 จัดซื้อวัสดุสำนักงาน 5,000 5,000 เฉพาะเจาะจง ร้านเอ 4,900 ร้านเอ 4,900 ราคาต่ำสุด"
    r = judge("O20", [doc(PAGE, f"{O20_TEXT} {fields}\n{row}")])
    statuses = {e.element.id: e.status for e in r.elements}
    assert [statuses[k] for k in ("O20.2", "O20.3", "O20.4")] == ["met", "met", "met"]
    # the same field names with no procurement under them are a heading, not data (issue 12)
    r = judge("O20", [doc(PAGE, f"{O20_TEXT} {fields}")])
    statuses = {e.element.id: e.status for e in r.elements}
    assert [statuses[k] for k in ("O20.2", "O20.3", "O20.4")] == ["unmet", "unmet", "unmet"]


def test_an_xlsx_summary_and_an_egp_style_table_count():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["แบบ สขร.1 สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือนพฤศจิกายน 2565"])
    ws.append([])
    ws.append(SKR1)
    ws.append(ROW)
    buf = io.BytesIO()
    wb.save(buf)
    xlsx = extract_document(buf.getvalue(), None, f"{SITE}/skr1-2565-11.xlsx")
    assert recognise(xlsx.tables[0]).header == tuple(SKR1)

    egp = ["เลขที่โครงการ", "ชื่อโครงการ", "วงเงินงบประมาณ", "ราคากลาง", "วิธีการจัดหา",
           "ราคาที่เสนอ", "ราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลสนับสนุน", "เลขที่สัญญา"]  # fmt: skip
    d = doc(PAGE, "ประกาศข้อมูลสาระสำคัญในสัญญา พฤศจิกายน 2565")
    d.extract["tables_json"] = json.dumps([[egp, ["6611", "ซื้อ", "1", "1", "เฉพาะเจาะจง",
                                                  "1", "1", "ราคาต่ำ", "1/66"]]])  # fmt: skip
    r = judge("O20", [d])
    statuses = {e.element.id: e.status for e in r.elements}
    assert [statuses[k] for k in ("O20.2", "O20.3", "O20.4")] == ["met", "met", "met"]
