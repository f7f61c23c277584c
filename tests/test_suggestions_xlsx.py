"""suggestions.xlsx as an office prints it (issue 14): every sheet is set up for A4 landscape,
one page wide, with the header row on every page and page numbers in the footer; it starts with
a title block (agency, fiscal year, as-of date, run id, score, rating); the columns a unit
fills in by hand come right after what to fix, and the codes and English texts sit at the end,
outside the print area; every cell is in the Thai office font; the per-unit counts are above
the table, outside its autofilter. Read back with openpyxl."""

from __future__ import annotations

import copy

import pytest
from openpyxl import load_workbook
from openpyxl.utils import column_index_from_string, range_boundaries

from oitcrawl.reports.suggestions import XLSX_FONT, write_xlsx
from tests.test_report_html import hostile_report

RUN_ID = "20230430T010000Z-abcdef"
FILL_IN_TH = ["ผลการดำเนินการ (Action taken)", "กำหนดเสร็จ (Due date)",
              "ผู้รับผิดชอบ (ชื่อ) (Person responsible (name))"]  # fmt: skip
FILL_IN_EN = ["Action taken", "Due date", "Person responsible (name)"]


def _report() -> dict:
    """The hostile report with a second unit (ฝ่ายการคลัง) and an advisory finding."""
    rep = hostile_report()
    o1 = rep["items"][0]
    o5 = copy.deepcopy(o1) | {"id": "O5", "unit": "ฝ่ายการคลัง", "title": "สรุปผลการจัดซื้อจัดจ้าง"}
    o5["findings"] = [f | {"item": "O5", "unit": "ฝ่ายการคลัง"} for f in o1["findings"]]
    rep["items"].append(o5)
    return rep


def _header_row(ws) -> int:
    title = ws.print_title_rows  # "$7:$7"
    first, last = (int(x.strip("$")) for x in title.split(":"))
    assert first == last, title
    return first


def _printed_columns(ws) -> int:
    area = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
    min_col, min_row, max_col, _ = range_boundaries(area.split("!")[-1].replace("$", ""))
    assert (min_col, min_row) == (1, 1), area
    return max_col


@pytest.fixture(params=["th", "en"])
def workbook(request, tmp_path, monkeypatch):
    monkeypatch.delenv("OITCRAWL_XLSX_FONT", raising=False)
    path = write_xlsx(_report(), tmp_path / "s.xlsx", lang=request.param)
    return request.param, load_workbook(path)


def test_every_sheet_prints_a4_landscape_one_page_wide_with_page_numbers(workbook):
    _, wb = workbook
    assert len(wb.sheetnames) == 3  # all, then ฝ่ายการคลัง and ฝ่ายปกครอง
    for ws in wb:
        setup = ws.page_setup
        assert setup.paperSize == 9, ws.title  # A4
        assert setup.orientation == "landscape", ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, ws.title
        assert int(setup.fitToWidth) == 1 and int(setup.fitToHeight) == 0, ws.title
        footer = ws.oddFooter.center.text
        assert "&P" in footer and "&N" in footer, (ws.title, footer)
        assert RUN_ID in ws.oddFooter.right.text


def test_header_row_repeats_on_every_page_and_the_filter_starts_there(workbook):
    lang, wb = workbook
    for ws in wb:
        header = _header_row(ws)
        values = [c.value for c in ws[header]]
        assert values[0] == ("Unit" if lang == "en" else "ฝ่ายที่รับผิดชอบ (Unit)")
        ref = ws.auto_filter.ref
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        assert (min_col, min_row) == (1, header), ref
        assert max_col == len([v for v in values if v]) and max_row == ws.max_row, ref
        assert ws.freeze_panes == f"A{header + 1}"
        # the unit counts ("ฝ่าย — n รายการ") are above the table, outside the filter
        above = [ws.cell(row=r, column=1).value or "" for r in range(1, header)]
        word = "rows" if lang == "en" else "รายการ"
        counts = [v for v in above if v.endswith(word)]
        assert counts, above
        below = [ws.cell(row=r, column=1).value or "" for r in range(header + 1, ws.max_row + 1)]
        assert not [v for v in below if v.endswith(word)], below


def test_title_block_names_agency_year_date_run_score_and_rating(workbook):
    lang, wb = workbook
    for ws in wb:
        block = "\n".join(ws.cell(row=r, column=1).value or "" for r in range(1, 4))
        assert "สำนักงานเขตห้วยขวาง" in block, ws.title
        assert RUN_ID in block
        if lang == "en":
            for text in ("Fiscal year 2566 BE", "as of 30 Apr 2023", "OIT score (provisional) 50",
                         "Needs urgent improvement (ต้องปรับปรุงโดยด่วน)"):  # fmt: skip
                assert text in block, (ws.title, text)
        else:
            for text in ("ปีงบประมาณ พ.ศ. 2566", "ข้อมูล ณ 30 เม.ย. 2566",
                         "คะแนน OIT (เบื้องต้น) 50", "ต้องปรับปรุงโดยด่วน"):  # fmt: skip
                assert text in block, (ws.title, text)
        assert ws.cell(row=1, column=1).font.b  # the title is bold
        assert "A1" in {str(r).split(":")[0] for r in ws.merged_cells.ranges}


def test_fill_in_columns_are_printed_and_codes_and_other_language_are_at_the_end(workbook):
    lang, wb = workbook
    fill_in = FILL_IN_EN if lang == "en" else FILL_IN_TH
    for ws in wb:
        header = _header_row(ws)
        values = [c.value for c in ws[header]]
        printed = _printed_columns(ws)
        shown, hidden = values[:printed], values[printed:]
        assert shown[-3:] == fill_in, shown  # the last printed columns, to fill in by hand
        for col in range(printed - 2, printed + 1):  # empty, tinted cells on every row
            cells = [ws.cell(row=r, column=col) for r in range(header + 1, ws.max_row + 1)]
            assert cells and all(c.value is None for c in cells)
            assert {c.fill.fgColor.rgb for c in cells} == {"00FFF8DC"}
        if lang == "en":
            assert "Code" in hidden and "Element" in hidden and "What is missing (Thai)" in hidden
            assert "What is missing" in shown and "Code" not in shown
        else:
            assert "รหัส (Code)" in hidden and "What is missing (English)" in hidden
            assert "สิ่งที่ขาดหรือไม่ถูกต้อง (What is missing)" in shown
            assert "What is missing (English)" not in shown
        # the codes are still there, at the end
        code_col = values.index("Code" if lang == "en" else "รหัส (Code)") + 1
        assert ws.cell(row=header + 1, column=code_col).value in {
            "missing_period",
            "not_main_website",
        }


def test_every_cell_is_text_in_the_thai_office_font(workbook):
    _, wb = workbook
    for ws in wb:
        cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
        assert cells
        assert {c.data_type for c in cells} == {"s"}
        assert {c.font.name for c in cells} == {XLSX_FONT}, ws.title
        assert min(c.font.sz for c in cells) >= 14
        assert ws.oddFooter.center.font.startswith(XLSX_FONT)


def test_the_font_can_be_changed(tmp_path, monkeypatch):
    monkeypatch.setenv("OITCRAWL_XLSX_FONT", "Tahoma")
    wb = load_workbook(write_xlsx(_report(), tmp_path / "s.xlsx", lang="th"))
    assert {c.font.name for ws in wb for row in ws.iter_rows() for c in row if c.value} == {
        "Tahoma"
    }


def test_since_columns_are_printed_after_the_item(tmp_path):
    rep = _report()
    rep["since"] = {"run_id": "x", "counts": {"new": 1, "open": 0, "fixed": 0}, "fixed": []}
    for item in rep["items"]:
        for f in item["findings"]:
            f["since"] = {"status": "new", "first_seen": "2023-04-30"}
    wb = load_workbook(write_xlsx(rep, tmp_path / "s.xlsx", lang="th"))
    ws = wb.worksheets[0]
    values = [c.value for c in ws[_header_row(ws)]]
    assert values[3:5] == ["สถานะเทียบครั้งก่อน (Since the earlier run)", "พบครั้งแรก (First seen)"]
    assert column_index_from_string("E") <= _printed_columns(ws)


def test_a_bare_list_of_findings_still_writes(tmp_path):
    """No agency, run or scores (as tests/test_evaluate.py writes one): no title facts, no crash."""
    finding = {"code": "broken_link", "severity": "warning", "element": None, "url": "=x",
               "detail": "", "message_th": "+1", "message_en": "a", "suggestion_th": "@x",
               "suggestion_en": "b", "unit": "", "months": []}  # fmt: skip
    report = {"items": [{"id": "O1", "title": "=t", "unit": "ฝ่ายปกครอง", "findings": [finding]}]}
    wb = load_workbook(write_xlsx(report, tmp_path / "s.xlsx", lang="th"))
    ws = wb.worksheets[0]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert "=x" in values and "+1" in values and "@x" in values
    assert {c.data_type for row in ws.iter_rows() for c in row if c.value} == {"s"}


def test_a_row_of_two_units_is_on_both_units_sheets_and_every_unit_gets_all_units_rows(tmp_path):
    rep = _report()
    o1, _, o3, *_ = rep["items"]
    for f in o1["findings"]:
        f["unit"] = "ฝ่ายโยธา, ฝ่ายสิ่งแวดล้อมและสุขาภิบาล"
    o3["findings"] = [dict(o1["findings"][0], item="O3", unit="ทุกฝ่าย")]
    wb = load_workbook(write_xlsx(rep, tmp_path / "s.xlsx", lang="th"))
    assert wb.sheetnames == ["ทั้งหมด (All)", "ฝ่ายการคลัง", "ฝ่ายโยธา",
                             "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล"]  # fmt: skip

    def items(ws):
        header = _header_row(ws)
        return [ws.cell(row=r, column=2).value for r in range(header + 1, ws.max_row + 1)]

    assert sorted(items(wb["ทั้งหมด (All)"])) == ["O1", "O1", "O3", "O5", "O5"]
    assert items(wb["ฝ่ายโยธา"]) == items(wb["ฝ่ายสิ่งแวดล้อมและสุขาภิบาล"]) == ["O3", "O1", "O1"]
    assert sorted(items(wb["ฝ่ายการคลัง"])) == ["O3", "O5", "O5"]  # ทุกฝ่าย: every unit
