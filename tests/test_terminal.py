"""The terminal summary at 80 columns (issue 14): a ฝ่าย column, Thai lines broken only between
words (no syllable split, no sara am alone), URLs kept whole when they fit a line, and every
character of each first reason shown (nothing cropped)."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from rich.console import Console

from oitcrawl.extract.thai import word_starts
from oitcrawl.reports.terminal import print_summary, wrap_thai

LONG_TH = (
    "ไม่พบแผนปฏิบัติราชการประจำปีของปีงบประมาณที่ประเมิน (พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. 2565 "
    'ไม่พบข้อมูลปีงบประมาณ พ.ศ. 2566 ตามข้อความ "ประจำปีงบประมาณ พ.ศ. 2565" ใน '
    "https://webportal.bangkok.go.th/public/user_files_editor/59/Data Room HK/Plan and "
    "Policy new/O8 Government action plan 2565.pdf) ขอให้สำนักงานเขตเผยแพร่แผนปฏิบัติราชการ"
)
URL = ("https://webportal.bangkok.go.th/public/user_files_editor/59/Data Room HK/Plan and "
       "Policy new/O8 Government action plan 2565.pdf")  # fmt: skip


@pytest.mark.parametrize("width", [24, 37, 50, 80])
def test_thai_is_wrapped_between_words_and_nothing_is_lost(width):
    lines = wrap_thai(LONG_TH, width, keep=[URL])
    assert "".join(lines).replace(" ", "") == LONG_TH.replace(" ", "")  # nothing lost
    start = LONG_TH.index(URL)  # a URL kept whole is a word of its own
    bounds = set(word_starts(LONG_TH)) | {start, start + len(URL)}
    at = 0
    for line in lines[:-1]:
        at = LONG_TH.index(line, at) + len(line)
        while at < len(LONG_TH) and LONG_TH[at] == " ":
            at += 1
        assert at in bounds, (line, LONG_TH[at : at + 10])  # a break is a word boundary
        assert cell_len(line) <= width or URL in line
    # the URL (with its spaces) is whole on one line, wider than the line or not
    assert any(URL in line for line in lines)
    assert not any(re.match(r"^[\u0e30-\u0e3a\u0e47-\u0e4e]", line) for line in lines)


def test_the_summary_at_80_columns_has_a_unit_column_and_whole_reasons():
    report = {
        "agency": {"name": "สำนักงานเขตห้วยขวาง"},
        "framework": {"id": "bma-district-2566", "title": "แบบตรวจ", "title_en": "x"},
        "fiscal_year": 2566,
        "run": {"id": "r1"},
        "scores": {"oit": 50.0, "rating": None, "ita": None},
        "summary": {"items": 2, "pass": 1, "fail": 1, "review": 0, "not_applicable": 0},
        "items": [
            {"id": "O8", "status": "fail", "unit": "ฝ่ายปกครอง", "elements": [],
             "findings": [{"severity": "error", "message_th": LONG_TH, "message_en": "x",
                           "url": URL, "element": "O8.1", "unit": "ฝ่ายปกครอง"}]},
            {"id": "O9", "status": "pass", "unit": "ฝ่ายปกครอง", "elements": [], "findings": []},
        ],
    }  # fmt: skip
    console = Console(width=80, record=True, force_terminal=False)
    print_summary(report, console, "th")
    text = console.export_text()
    assert all(cell_len(line) <= 80 for line in text.splitlines())
    rows = [line for line in text.splitlines() if line.startswith("│")]
    cells = [[c.strip() for c in row.strip("│").split("│")] for row in rows]
    assert cells[0][:3] == ["O8", "ไม่ผ่าน", "ฝ่ายปกครอง"]
    reason = "".join(c[3] for c in cells).replace(" ", "")
    assert reason == LONG_TH.replace(" ", "")  # the whole first reason, nothing cropped
    assert "O9" not in text  # a pass without findings is not listed
