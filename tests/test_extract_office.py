"""Office, spreadsheet, CSV, archive and image extraction (oitcrawl.extract.office / .image).

Files are built in the test with the same libraries a publisher would use (python-docx,
openpyxl, python-pptx, zipfile) or hand-written where the format is plain XML/RTF; the old
binary formats (.doc, .xls) come from the real อบต.ไทรย้อย corpus in ../shared.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest

from oitcrawl.extract import (
    EXTRACTOR_VERSION,
    DocumentExtract,
    check_zip_bomb,
    extract_document,
    office,
)

HEADER = ["งานที่ซื้อหรือจ้าง", "วงเงินที่ซื้อหรือจ้าง", "ราคากลาง", "วิธีซื้อหรือจ้าง"]
ROW_1 = ["จัดซื้อวัสดุสำนักงาน", "5,000", "5,000", "เฉพาะเจาะจง"]
ROW_2 = ["จ้างซ่อมแซมถนน หมู่ที่ ๓", "120,000", "125,000", "เฉพาะเจาะจง"]
SITE = "http://www.saiyoidenchai.go.th/images/file/"
DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _round_trip(doc: DocumentExtract) -> None:
    assert DocumentExtract.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc


# --------------------------------------------------------------------------------------------
# DOCX


def _docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "แม่แบบ"  # a stale template title: not the document title
    document.core_properties.author = "งานพัสดุ"
    document.add_paragraph("")
    document.add_paragraph("สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน  ตุลาคม  ๒๕๖๖")
    table = document.add_table(rows=3, cols=4)
    for r, values in enumerate((HEADER, ROW_1, ROW_2)):
        for c, value in enumerate(values):
            table.cell(r, c).text = value
    document.add_paragraph("หน่วยงาน\u200b องค์การบริหารส่วนตำบลไทรย้อย")
    merged = document.add_table(rows=2, cols=3)
    merged.cell(0, 0).merge(merged.cell(0, 1)).text = "ลำดับและรายการ"
    merged.cell(0, 2).merge(merged.cell(1, 2)).text = "หมายเหตุ"
    merged.cell(1, 0).text = "1"
    merged.cell(1, 1).text = "ค่าวัสดุ"
    return _save(document)


def _save(obj) -> bytes:
    buf = io.BytesIO()
    obj.save(buf)
    return buf.getvalue()


def test_docx_paragraphs_and_tables_in_order():
    doc = extract_document(_docx_bytes(), DOCX_CT, "http://a.go.th/sorkhor1.docx")
    assert doc.sniffed.type == "docx" and not doc.sniffed.mismatch
    assert doc.extractor == "docx/python-docx" and doc.error is None
    assert doc.title == "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม ๒๕๖๖"
    assert doc.tables == [
        [HEADER, ROW_1, ROW_2],
        # A horizontal merge is one cell; the continuation of a vertical merge is "".
        [["ลำดับและรายการ", "หมายเหตุ"], ["1", "ค่าวัสดุ"]],
    ]
    assert doc.text == "\n".join(
        [
            "สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน ตุลาคม ๒๕๖๖",
            "งานที่ซื้อหรือจ้าง วงเงินที่ซื้อหรือจ้าง ราคากลาง วิธีซื้อหรือจ้าง",
            "จัดซื้อวัสดุสำนักงาน 5,000 5,000 เฉพาะเจาะจง",
            "จ้างซ่อมแซมถนน หมู่ที่ ๓ 120,000 125,000 เฉพาะเจาะจง",
            "หน่วยงาน องค์การบริหารส่วนตำบลไทรย้อย",
            "ลำดับและรายการ หมายเหตุ",
            "1 ค่าวัสดุ",
        ]
    )
    assert doc.metadata["title"] == "แม่แบบ" and doc.metadata["author"] == "งานพัสดุ"
    assert doc.version == EXTRACTOR_VERSION == 7
    _round_trip(doc)


def test_docx_cell_budget(monkeypatch):
    monkeypatch.setattr(office.limits, "MAX_CELLS", 6)
    doc = extract_document(_docx_bytes(), DOCX_CT, "http://a.go.th/sorkhor1.docx")
    assert doc.tables == [[HEADER]]  # whole rows only: the second (4 cells) no longer fits
    assert doc.error == "truncated: more than 6 cells; only the first 6 were read"


def test_real_docx(shared_dir):
    path = shared_dir / "corpus/real/saiyoidenchai/images/file/ประกาศใช้แผนอัตรากำลัง 3 ปี(ปรับปรุง).docx"
    doc = extract_document(path.read_bytes(), None, SITE + path.name)
    assert doc.extractor == "docx/python-docx" and doc.error is None
    assert doc.title == "ประกาศองค์การบริหารส่วนตำบลไทรย้อย"
    assert doc.text.startswith(
        "ประกาศองค์การบริหารส่วนตำบลไทรย้อย\n"
        "เรื่อง การใช้แผนอัตรากำลัง 3 ปี (พ.ศ. 2555 - พ.ศ. 2557) ปรับปรุง ฉบับที่ 3\n"
    )
    assert [len(t) for t in doc.tables] == [1, 8, 13, 19, 2, 2, 2, 2]
    assert doc.tables[4] == [
        [
            "ระดับ",
            "7",
            "7ว",
            "6",
            "6ว",
            "5",
            "4",
            "3",
            "2",
            "1",
            "ลูกจ้างประจำ",
            "พนักงานจ้างทั่วไป",
            "พนักงานจ้างตามภารกิจ",
        ],
        ["จำนวน", "๑", "-", "๑", "2", "-", "4", "-", "-", "-", "-", "1", "6"],
    ]
    assert doc.tables[2][:2] == [
        [
            "ส่วนราชการ",
            "กรอบ อัตรา กำลังเดิม",
            "อัตราตำแหน่งที่คาดว่าจะต้องใช้ในช่วงระยะเวลา 3 ปี ข้างหน้า",
            "เพิ่ม / ลด",
            "หมายเหตุ",
        ],
        ["", "", "2555", "2556", "2557", "2555", "2556", "2557"],
    ]
    assert doc.metadata == {
        "author": "edge",
        "last_modified_by": "Topviewpoint",
        "created": "2012-10-02T04:24:00+00:00",
        "modified": "2012-10-02T04:24:00+00:00",
    }


# --------------------------------------------------------------------------------------------
# Spreadsheets


def _xlsx_bytes() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "สขร.1"
    ws.append(["แบบ สขร.1"])
    ws.append(["ลำดับ", *HEADER, "วันที่", "", None])  # trailing empty cells are trimmed
    ws.append([1, "จัดซื้อวัสดุสำนักงาน", 5000, 5000.0, "เฉพาะเจาะจง", dt.date(2023, 10, 3)])
    ws.append([2, "จ้างซ่อมแซมถนน\nหมู่ที่ ๓", 120000.5, 125000, True, dt.datetime(2023, 10, 9, 14, 30)])
    ws.append([None, None, "=C3+C4"])  # a formula never calculated: no cached value
    ws.append([])
    ws.cell(row=20, column=1, value=None)  # empty trailing rows are trimmed
    wb.create_sheet("ว่าง")
    other = wb.create_sheet("หมายเหตุ")
    other["B2"] = "ราคากลาง อ้างอิงตามประกาศ"
    wb.properties.creator = "งานพัสดุ"
    return _save(wb)


XLSX_TABLES = [
    [
        ["แบบ สขร.1"],
        ["ลำดับ", *HEADER, "วันที่"],
        ["1", "จัดซื้อวัสดุสำนักงาน", "5000", "5000", "เฉพาะเจาะจง", "2023-10-03"],
        ["2", "จ้างซ่อมแซมถนน หมู่ที่ ๓", "120000.5", "125000", "TRUE", "2023-10-09T14:30:00"],
    ],
    [],
    [[], ["", "ราคากลาง อ้างอิงตามประกาศ"]],
]


def test_xlsx_sheets_to_tables():
    doc = extract_document(_xlsx_bytes(), None, "http://a.go.th/sorkhor1.xlsx")
    assert doc.sniffed.type == "xlsx"
    assert doc.extractor == "xlsx/openpyxl" and doc.error is None
    assert doc.tables == XLSX_TABLES
    assert doc.text == "\n".join(
        [
            "แบบ สขร.1",
            "ลำดับ งานที่ซื้อหรือจ้าง วงเงินที่ซื้อหรือจ้าง ราคากลาง วิธีซื้อหรือจ้าง วันที่",
            "1 จัดซื้อวัสดุสำนักงาน 5000 5000 เฉพาะเจาะจง 2023-10-03",
            "2 จ้างซ่อมแซมถนน หมู่ที่ ๓ 120000.5 125000 TRUE 2023-10-09T14:30:00",
            "ราคากลาง อ้างอิงตามประกาศ",
        ]
    )
    assert doc.title == "แบบ สขร.1"
    assert doc.metadata["sheets"] == "สขร.1\nว่าง\nหมายเหตุ"
    assert doc.metadata["creator"] == "งานพัสดุ"
    _round_trip(doc)


def test_xlsx_cell_budget(monkeypatch):
    monkeypatch.setattr(office.limits, "MAX_CELLS", 8)
    doc = extract_document(_xlsx_bytes(), None, "http://a.go.th/sorkhor1.xlsx")
    # Row 1 has 1 cell, row 2 has 7 as stored (the "" included): row 3 no longer fits.
    assert doc.tables == [XLSX_TABLES[0][:2]]
    assert doc.error == "truncated: more than 8 cells; only the first 8 were read"


def test_real_xls(shared_dir):
    path = shared_dir / "corpus/real/saiyoidenchai/images/file/ปรับปรุงใหม่ แผนพัฒนา 2556-2558 .xls"
    doc = extract_document(path.read_bytes(), "application/vnd.ms-excel", SITE + path.name)
    assert doc.sniffed.type == "xls" and doc.extractor == "xls/xlrd" and doc.error is None
    assert doc.metadata == {"sheets": "บัญชี\nรายละเอียด"}
    summary, details = doc.tables
    assert (len(summary), len(details)) == (67, 2215)
    assert summary[:9] == [
        ["ส่วนที่ 5 บัญชีโครงการพัฒนา"],
        ["บัญชีสรุปโครงการพัฒนา"],
        ["แผนพัฒนาสามปี (พ.ศ. 2556 ถึง 2558)"],
        ["องค์การบริหารส่วนตำบลไทรย้อย"],
        ["ยุทธศาสตร์", "ปี 2556", "", "ปี 2557", "", "ปี 2558", "", "รวม 3 ปี"],
        ["", "จำนวน", "งบประมาณ", "จำนวน", "งบประมาณ", "จำนวน", "งบประมาณ", "จำนวน", "งบประมาณ"],
        ["", "โครงการ", "(บาท)", "โครงการ", "(บาท)", "โครงการ", "(บาท)", "โครงการ", "(บาท)"],
        ["1) ยุทธศาสตร์การพัฒนาโครงสร้างพื้นฐาน"],
        [
            "1.1 แนวทางการพัฒนา ก่อสร้างปรับปรุงบำรุงรักษาถนน",
            "24",
            "6719000",
            "30",
            "20556000",
            "21",
            "8437000",
            "75",
            "35712000",
        ],
    ]
    grand_total = ["รวมทั้งสิ้น", "173", "53959000", "136", "61909000", "154", "74959000"]
    assert summary[-1] == [*grand_total, "463", "190827000"]
    # Numbers come out as plain integers: the per-strategy totals add up to the grand total.
    subtotals = [row for row in summary if row and row[0] == "รวม"]
    assert len(subtotals) == 10
    assert sum(int(row[8]) for row in subtotals) == 190827000
    assert details[-2:] == [
        ["", "ควบคุมอากาศ หมู่ที่ 1", "ปลอดมลพิษ", "", "(งบอุดหนุน)", "", "", "", "การปกครอง"],
        ["", "", "", "", "", "", "", "", "ท้องถิ่น"],
    ]
    assert doc.text.startswith("ส่วนที่ 5 บัญชีโครงการพัฒนา\nบัญชีสรุปโครงการพัฒนา\n")


# --------------------------------------------------------------------------------------------
# OpenDocument (hand-written content.xml: repeated cells/rows, typed values, spaces)

_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)


def _odf_bytes(mime: str, body: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("mimetype", mime)  # stored, first: how ODF files are recognised
        zf.writestr(
            "content.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF_NS}>'
            f"<office:body>{body}</office:body></office:document-content>",
            compress_type=zipfile.ZIP_DEFLATED,
        )
        zf.writestr(
            "meta.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><office:document-meta {_ODF_NS}>'
            "<office:meta><dc:title>แม่แบบ</dc:title>"
            "<meta:creation-date>2023-10-01T09:00:00</meta:creation-date></office:meta>"
            "</office:document-meta>",
        )
    return buf.getvalue()


def _cell(text: str, extra: str = "") -> str:
    return f"<table:table-cell{extra}><text:p>{text}</text:p></table:table-cell>"


def _ods_body() -> str:
    header = "".join(_cell(h) for h in HEADER)
    return (
        "<office:spreadsheet>"
        '<table:table table:name="สขร.1">'
        '<table:table-column table:number-columns-repeated="1024"/>'
        f"<table:table-row>{header}</table:table-row>"
        "<table:table-row>"
        + _cell("จัดซื้อวัสดุ<text:s/>สำนักงาน")
        + _cell("5,000.00", ' office:value-type="float" office:value="5000"')
        + _cell("5,000.00", ' office:value-type="currency" office:value="5000"')
        + _cell("เฉพาะเจาะจง")
        + '<table:table-cell table:number-columns-repeated="2"/>'
        + _cell("03/10/66", ' office:value-type="date" office:date-value="2023-10-03"')
        + '<table:table-cell table:number-columns-repeated="16377"/>'
        + "</table:table-row>"
        '<table:table-row table:number-rows-repeated="2">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "<table:table-row>"
        + _cell("รวม", ' table:number-columns-spanned="2"')
        + "<table:covered-table-cell/>"
        + _cell("125,000.50", ' office:value-type="float" office:value="125000.5"')
        + _cell(
            "ใช่<office:annotation><text:p>ความเห็นผู้ตรวจ</text:p></office:annotation>",
            ' office:value-type="boolean" office:boolean-value="true"',
        )
        + "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048570">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        "</table:table>"
        '<table:table table:name="Sheet2"><table:table-row>'
        + _cell("x", ' table:number-columns-repeated="3"')
        + "</table:table-row></table:table>"
        "</office:spreadsheet>"
    )


def test_ods_tables_with_repeats_and_typed_values():
    doc = extract_document(
        _odf_bytes("application/vnd.oasis.opendocument.spreadsheet", _ods_body()),
        None,
        "http://a.go.th/sorkhor1.ods",
    )
    assert doc.sniffed.type == "ods" and doc.extractor == "ods/lxml" and doc.error is None
    assert doc.tables == [
        [
            HEADER,
            ["จัดซื้อวัสดุ สำนักงาน", "5000", "5000", "เฉพาะเจาะจง", "", "", "2023-10-03"],
            [],
            [],
            ["รวม", "", "125000.5", "TRUE"],
        ],
        [["x", "x", "x"]],
    ]
    assert doc.text == "\n".join(
        [
            "งานที่ซื้อหรือจ้าง วงเงินที่ซื้อหรือจ้าง ราคากลาง วิธีซื้อหรือจ้าง",
            "จัดซื้อวัสดุ สำนักงาน 5000 5000 เฉพาะเจาะจง 2023-10-03",
            "รวม 125000.5 TRUE",
            "x x x",
        ]
    )
    assert doc.title == "งานที่ซื้อหรือจ้าง วงเงินที่ซื้อหรือจ้าง ราคากลาง วิธีซื้อหรือจ้าง"
    assert doc.metadata == {
        "sheets": "สขร.1\nSheet2",
        "title": "แม่แบบ",
        "created": "2023-10-01T09:00:00",
    }


def test_odt_paragraphs_and_table_in_order():
    header = "".join(_cell(h) for h in HEADER)
    row = "".join(_cell(v) for v in ROW_1)
    body = (
        "<office:text>"
        '<text:h>ประกาศ<text:s text:c="3"/>องค์การบริหารส่วนตำบลไทรย้อย</text:h>'
        "<text:p>เรื่อง<text:tab/>การจัดซื้อจัดจ้าง<text:line-break/>ประจำปี ๒๕๖๖</text:p>"
        f"<table:table><table:table-row>{header}</table:table-row>"
        f"<table:table-row>{row}</table:table-row></table:table>"
        "<text:list><text:list-item><text:p>ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๖</text:p>"
        "</text:list-item></text:list>"
        "</office:text>"
    )
    doc = extract_document(
        _odf_bytes("application/vnd.oasis.opendocument.text", body), None, "http://a.go.th/a.odt"
    )
    assert doc.sniffed.type == "odt" and doc.extractor == "odt/lxml" and doc.error is None
    assert doc.title == "ประกาศ องค์การบริหารส่วนตำบลไทรย้อย"
    assert doc.tables == [[HEADER, ROW_1]]
    assert doc.text == "\n".join(
        [
            "ประกาศ องค์การบริหารส่วนตำบลไทรย้อย",
            "เรื่อง การจัดซื้อจัดจ้าง",
            "ประจำปี ๒๕๖๖",
            "งานที่ซื้อหรือจ้าง วงเงินที่ซื้อหรือจ้าง ราคากลาง วิธีซื้อหรือจ้าง",
            "จัดซื้อวัสดุสำนักงาน 5,000 5,000 เฉพาะเจาะจง",
            "ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๖",
        ]
    )
    assert "sheets" not in doc.metadata


def test_ods_cell_budget(monkeypatch):
    monkeypatch.setattr(office.limits, "MAX_CELLS", 10)
    doc = extract_document(
        _odf_bytes("application/vnd.oasis.opendocument.spreadsheet", _ods_body()),
        None,
        "http://a.go.th/sorkhor1.ods",
    )
    assert doc.tables == [[HEADER]]
    assert doc.error == "truncated: more than 10 cells; only the first 10 were read"


# --------------------------------------------------------------------------------------------
# PPTX, RTF


def test_pptx_slides_text_and_tables():
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    slide.shapes.title.text = "รายงานผลการจัดซื้อจัดจ้าง"
    frame = slide.shapes.add_table(2, 4, Inches(0.5), Inches(2), Inches(9), Inches(1))
    for r, values in enumerate((HEADER, ROW_1)):
        for c, value in enumerate(values):
            frame.table.cell(r, c).text = value
    slide2 = prs.slides.add_slide(prs.slide_layouts[6])  # "Blank"
    box = slide2.shapes.add_textbox(Inches(1), Inches(1), Inches(5), Inches(1))
    box.text_frame.text = "ไตรมาสที่ ๑"
    box.text_frame.add_paragraph().text = "ปีงบประมาณ พ.ศ. ๒๕๖๗"
    doc = extract_document(_save(prs), None, "http://a.go.th/report.pptx")
    assert doc.sniffed.type == "pptx" and doc.extractor == "pptx/python-pptx"
    assert doc.error is None
    assert doc.title == "รายงานผลการจัดซื้อจัดจ้าง"
    assert doc.tables == [[HEADER, ROW_1]]
    assert doc.text == "\n".join(
        [
            "รายงานผลการจัดซื้อจัดจ้าง",
            "งานที่ซื้อหรือจ้าง วงเงินที่ซื้อหรือจ้าง ราคากลาง วิธีซื้อหรือจ้าง",
            "จัดซื้อวัสดุสำนักงาน 5,000 5,000 เฉพาะเจาะจง",
            "ไตรมาสที่ ๑",
            "ปีงบประมาณ พ.ศ. ๒๕๖๗",
        ]
    )
    assert doc.metadata["slides"] == "2"


def test_rtf_thai_codepage_and_unicode():
    cp874 = "".join(f"\\'{b:02x}" for b in "ราคากลาง".encode("cp874"))
    picture = "{\\pict\\pngblip " + ("89504e470d0a1a0a" * 16 + "\r\n") * 2000 + "}"
    rtf = (
        "{\\rtf1\\ansi\\ansicpg874\\deff0{\\fonttbl{\\f0\\fcharset222 Angsana New;}}"
        f"\\f0 {cp874} 5,000 \\'ba\\'d2\\'b7\\par "
        "\\u3623?\\u3636?\\u3608?\\u3637? \\u3648?\\u3593?\\u3614?\\u3634?\\u3632?\\u3648?\\u3592?"
        f"\\u3634?\\u3632?\\u3592?\\u3591?\\par {picture}}}"
    )
    doc = extract_document(rtf.encode("ascii"), None, "http://a.go.th/a.rtf")
    assert doc.sniffed.type == "rtf" and doc.extractor == "rtf/striprtf" and doc.error is None
    assert doc.text == "ราคากลาง 5,000 บาท\nวิธี เฉพาะเจาะจง"
    assert doc.title == "ราคากลาง 5,000 บาท"


# --------------------------------------------------------------------------------------------
# CSV


def test_csv_utf8_bom_comma():
    body = "\ufeff" + ",".join(HEADER) + '\r\n"จัดซื้อวัสดุสำนักงาน","5,000","5,000",เฉพาะเจาะจง\r\n\r\n'
    doc = extract_document(body.encode("utf-8"), "text/csv", "http://a.go.th/sorkhor1.csv")
    assert doc.sniffed.type == "csv" and doc.extractor == "csv/stdlib-csv" and doc.error is None
    assert doc.encoding == "utf-8" and doc.metadata == {"delimiter": ","}
    assert doc.tables == [[HEADER, ROW_1]]
    assert doc.text == (
        "งานที่ซื้อหรือจ้าง วงเงินที่ซื้อหรือจ้าง ราคากลาง วิธีซื้อหรือจ้าง\nจัดซื้อวัสดุสำนักงาน 5,000 5,000 เฉพาะเจาะจง"
    )
    assert doc.title == "งานที่ซื้อหรือจ้าง วงเงินที่ซื้อหรือจ้าง ราคากลาง วิธีซื้อหรือจ้าง"
    _round_trip(doc)


def test_csv_tis620_semicolon():
    rows = [HEADER, ROW_1, ROW_2]
    body = "\n".join(";".join(r) for r in rows) + "\n"
    doc = extract_document(body.encode("tis-620"), "text/csv", "http://a.go.th/sorkhor1.csv")
    assert doc.encoding == "cp874" and doc.metadata == {"delimiter": ";"}
    assert doc.tables == [rows]
    assert doc.text == "\n".join(" ".join(r) for r in rows)


def test_csv_parse_error_keeps_earlier_rows(monkeypatch):
    monkeypatch.setattr(office.delimited, "_CSV_DELIMITERS", ",")
    body = "a,b\nc," + "x" * 200_000 + "\n"  # a field over csv.field_size_limit()
    doc = extract_document(body.encode(), "text/csv", "http://a.go.th/big.csv")
    assert doc.tables == [[["a", "b"]]]
    assert doc.error is not None and doc.error.startswith("CSV parse error at line 2: field larger")


# --------------------------------------------------------------------------------------------
# DOC via antiword


def test_real_doc_with_antiword(shared_dir):
    if shutil.which("antiword") is None:
        pytest.skip(
            "antiword is not installed (apt install antiword; see scripts/system-packages.txt)"
        )
    path = shared_dir / "corpus/real/saiyoidenchai/images/file/ประกาศแผนพัฒนา.doc"
    doc = extract_document(path.read_bytes(), "application/msword", SITE + path.name)
    assert doc.sniffed.type == "doc" and doc.extractor == "doc/antiword" and doc.error is None
    assert doc.title == "ประกาศองค์การบริหารส่วนตำบลไทรย้อย"
    assert doc.text == "\n".join(
        [
            "ประกาศองค์การบริหารส่วนตำบลไทรย้อย",
            "เรื่อง ประกาศใช้แผนพัฒนาสามปี พ.ศ.2556 – 2558",
            "……………………………………………………..",
            "ตามที่องค์การบริหารส่วนตำบลไทรย้อย ได้จัดทำแผนพัฒนาสามปี พ.ศ. 2556 – 2558 "
            "ซึ่งได้ทำตามขั้นตอนจัดทำแผนพัฒนาสามปี "
            "ตามระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำและประสานแผนพัฒนาสามปีขององค์กรปกครองส่วนท้องถิ่น "
            "พ.ศ. 2548 ได้ผ่านการเห็นชอบจากสภาองค์การบริหารส่วนตำบลไทรย้อย "
            "เมื่อวันที่ 22 มิถุนายน 2555",
            "อาศัยอำนาจตามระเบียบกระทรวงมหาดไทยว่าด้วยการจัดทำและประสานแผน "
            "พัฒนาขององค์กรปกครองส่วนท้องถิ่น พ.ศ. 2548 ข้อ 17 (4) จึงประกาศใช้แผนพัฒนาสามปี",
            "จึงประกาศให้ทราบทั่วกัน",
            "ประกาศ ณ วันที่ 25 เดือน มิถุนายน พ.ศ. 2555",
            "(นายชัยวุฒิ์ มานพ)",
            "นายกองค์การบริหารส่วนตำบลไทรย้อย",
        ]
    )
    _round_trip(doc)


def test_doc_errors_are_reported(monkeypatch):
    ole2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    if shutil.which("antiword") is not None:
        doc = extract_document(ole2, "application/msword", "http://a.go.th/a.doc")
        assert doc.extractor == "doc/antiword"
        assert doc.error == "antiword failed (exit 1): <file> is not a Word Document."
        assert doc.text == ""
    monkeypatch.setattr(office.antiword.shutil, "which", lambda name: None)
    doc = extract_document(ole2, "application/msword", "http://a.go.th/a.doc")
    assert doc.error == "DOC extractor not installed (apt install antiword)"
    assert doc.text == "" and doc.extractor == "doc/antiword"


# --------------------------------------------------------------------------------------------
# Corrupt files and zip bombs


@pytest.mark.parametrize(
    ("build", "url", "kind", "extractor"),
    [
        (_docx_bytes, "http://a.go.th/a.docx", "docx", "docx/python-docx"),
        (_xlsx_bytes, "http://a.go.th/a.xlsx", "xlsx", "xlsx/openpyxl"),
        (
            lambda: _odf_bytes("application/vnd.oasis.opendocument.spreadsheet", _ods_body()),
            "http://a.go.th/a.ods",
            "ods",
            "ods/lxml",
        ),
    ],
)
def test_truncated_zip_documents_report_errors(build, url, kind, extractor):
    data = build()
    doc = extract_document(data[: len(data) // 2], None, url)
    assert doc.sniffed.type == kind and doc.extractor == extractor
    assert doc.error is not None
    assert doc.error.startswith("not a readable ZIP container (truncated or corrupt)")
    assert doc.text == "" and doc.tables == []
    _round_trip(doc)


def test_docx_with_broken_xml_reports_error():
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_docx_bytes())) as src, zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 2]
            dst.writestr(info, body)
    doc = extract_document(buf.getvalue(), DOCX_CT, "http://a.go.th/a.docx")
    assert doc.extractor == "docx/python-docx" and doc.text == ""
    assert doc.error is not None and doc.error.startswith("docx extraction failed: XMLSyntaxError")


def _zero_bomb(megabytes: int) -> bytes:
    """A DOCX-shaped ZIP whose word/document.xml is ``megabytes`` MB of zeros, deflated."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(megabytes):
                member.write(chunk)
    return buf.getvalue()


def test_zip_bombs_are_refused():
    total = _zero_bomb(300)
    assert len(total) < 2_000_000
    doc = extract_document(total, DOCX_CT, "http://a.go.th/bomb.docx")
    assert doc.sniffed.type == "docx" and doc.extractor == "docx/python-docx"
    assert doc.error == (
        "refused (zip bomb guard): members declare 300 MB uncompressed (limit 200 MB)"
    )
    assert doc.text == "" and doc.tables == []

    ratio = _zero_bomb(20)
    reason = check_zip_bomb(ratio)
    assert reason is not None and reason.startswith(
        "refused (zip bomb guard): member 'word/document.xml' expands "
    )
    assert reason.endswith(" to 20 MB (limit 100:1 above 10 MB)")
    assert extract_document(ratio, None, "http://a.go.th/bomb.docx").error == reason
    assert check_zip_bomb(_docx_bytes()) is None


# --------------------------------------------------------------------------------------------
# Images and ZIP archives


def _png_header(width: int, height: int) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


def test_image_metadata_without_decoding():
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (640, 480), "white").save(buf, "PNG", dpi=(300, 300))
    doc = extract_document(buf.getvalue(), "image/png", "http://a.go.th/a.png")
    assert doc.extractor == "image/pillow" and doc.error is None and doc.text == ""
    assert doc.metadata == {
        "format": "PNG",
        "width": "640",
        "height": "480",
        "mode": "RGB",
        "frames": "1",
        "dpi": "300x300",
    }
    frames = [Image.new("RGB", (32, 16), color) for color in ("red", "green", "blue")]
    buf = io.BytesIO()
    frames[0].save(buf, "GIF", save_all=True, append_images=frames[1:])
    gif = extract_document(buf.getvalue(), None, "http://a.go.th/banner.gif")
    assert gif.metadata == {
        "format": "GIF",
        "width": "32",
        "height": "16",
        "mode": "P",
        "frames": "3",
    }
    # A header declaring 640×480 with no pixel data at all: the header is all that is read.
    header_only = extract_document(_png_header(640, 480), None, "http://a.go.th/b.png")
    assert header_only.error is None and header_only.metadata["width"] == "640"


def test_image_decompression_bomb_is_refused():
    doc = extract_document(_png_header(100_000, 100_000), "image/png", "http://a.go.th/bomb.png")
    assert doc.sniffed.type == "png" and doc.extractor == "image/pillow"
    assert doc.error is not None
    assert doc.error.startswith(
        "refused (decompression bomb guard): Image size (10000000000 pixels)"
    )
    assert doc.metadata == {} and doc.text == ""


def test_image_bomb_guard_holds_when_pillow_limit_disabled(monkeypatch):
    from PIL import Image

    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)
    doc = extract_document(_png_header(20_000, 20_000), "image/png", "http://a.go.th/bomb.png")
    assert doc.error == (
        "refused (decompression bomb guard): 20000×20000 = 400,000,000 pixels (limit 89,478,485)"
    )


def test_corrupt_image_reports_error():
    doc = extract_document(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", "http://a.go.th/a.png"
    )
    assert doc.extractor == "image/pillow" and doc.metadata == {}
    assert doc.error is not None and doc.error.startswith("png extraction failed: ")


def test_zip_archive_lists_names_without_extracting(monkeypatch):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("ITA/O20 สรุปผลจัดซื้อ ต.ค. 2566.pdf", b"%PDF-1.4")  # UTF-8 flag set
        info = zipfile.ZipInfo("placeholder")
        zf.writestr(info, b"x" * 1000)
    raw = bytearray(buf.getvalue())
    # Rewrite the second member's name as windows-874 bytes without the UTF-8 flag, the way
    # Windows' own "Send to compressed folder" writes Thai names (same length: 11 bytes).
    legacy = "ประกาศ1.doc".encode("cp874")
    assert len(legacy) == len(b"placeholder")
    raw = raw.replace(b"placeholder", legacy)
    doc = extract_document(bytes(raw), "application/zip", "http://a.go.th/ita.zip")
    assert doc.sniffed.type == "zip" and doc.extractor == "zip/zipfile" and doc.error is None
    assert doc.text == "ITA/O20 สรุปผลจัดซื้อ ต.ค. 2566.pdf\nประกาศ1.doc"
    assert doc.metadata == {"members": "2", "uncompressed_bytes": "1008"}

    monkeypatch.setattr(office.limits, "MAX_ZIP_NAMES", 1)
    cut = extract_document(bytes(raw), "application/zip", "http://a.go.th/ita.zip")
    assert cut.text == "ITA/O20 สรุปผลจัดซื้อ ต.ค. 2566.pdf"
    assert cut.metadata["names_truncated"] == "true"
    broken = extract_document(bytes(raw[:60]), "application/zip", "http://a.go.th/ita.zip")
    assert broken.error is not None and broken.error.startswith("zip extraction failed: BadZipFile")


def test_office_files_in_corpus_extract(shared_dir):
    folder = shared_dir / "corpus/real/saiyoidenchai/images/file"
    for path in sorted(Path(folder).iterdir()):
        if path.suffix.lower() not in (".doc", ".docx", ".xls"):
            continue
        doc = extract_document(path.read_bytes(), None, SITE + path.name)
        assert doc.extractor != "none", path.name
        if doc.extractor == "doc/antiword" and shutil.which("antiword") is None:
            continue
        assert doc.error is None and doc.text and doc.title, path.name
