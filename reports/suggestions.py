"""suggestions.csv and suggestions.xlsx: one row per thing to fix, grouped by the responsible
unit (ฝ่าย), for the staff who fix their pages (DOMAIN.md §6; seeds 000/003/004 show districts
working from such tables). Rows come from report@1 findings; errors first within a unit.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
neutralised: prefixed with ' in the CSV, stored as text in the XLSX (OWASP CSV injection).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

#: (key, Thai header, English header, XLSX width in characters)
COLUMNS = (
    ("unit", "ฝ่ายที่รับผิดชอบ", "Unit", 16),
    ("item", "ข้อ", "Item", 6),
    ("item_title", "ชื่อข้อ", "Item title", 30),
    ("element", "องค์ประกอบ", "Element", 10),
    ("severity", "ระดับ", "Severity", 10),
    ("code", "รหัส", "Code", 18),
    ("missing_th", "สิ่งที่ขาดหรือไม่ถูกต้อง", "What is missing", 50),
    ("suggestion_th", "ข้อเสนอแนะ", "Suggestion", 50),
    ("url", "URL", "URL", 40),
    ("months", "เดือนที่ขาด", "Missing months", 14),
    ("missing_en", "What is missing (English)", "What is missing (English)", 50),
    ("suggestion_en", "Suggestion (English)", "Suggestion (English)", 50),
)
SEVERITY_TH = {"error": "ต้องแก้ไข (error)", "warning": "ควรแก้ไข (warning)"}
NO_UNIT = "ไม่ระบุฝ่าย"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def suggestion_rows(report: dict[str, Any]) -> list[dict[str, str]]:
    """Rows {column key: text} for every finding of a report@1 dict, sorted by unit (Thai
    collation by code point), then errors before warnings, then item and element order."""
    rows = []
    for order, item in enumerate(report["items"]):
        for f in item["findings"]:
            rows.append(
                {
                    "unit": f["unit"] or item["unit"] or NO_UNIT,
                    "item": item["id"],
                    "item_title": item["title"],
                    "element": f["element"] or "",
                    "severity": SEVERITY_TH[f["severity"]],
                    "code": f["code"],
                    "missing_th": f["message_th"],
                    "suggestion_th": f["suggestion_th"],
                    "url": f["url"] or "",
                    "months": ", ".join(f["months"]),
                    "missing_en": f["message_en"],
                    "suggestion_en": f["suggestion_en"],
                    "_key": (f["severity"] != "error", order),  # type: ignore[dict-item]
                }
            )
    rows.sort(key=lambda r: (r["unit"], r["_key"]))
    for r in rows:
        del r["_key"]
    return rows


def neutralise(text: str) -> str:
    """`text` made safe for a CSV cell: a leading formula character gets a ' in front."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(report: dict[str, Any], path: Path) -> Path:
    """Write suggestions.csv: UTF-8 with BOM (so Excel shows Thai), headers "Thai (English)"."""
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([_header(c) for c in COLUMNS])
        for row in suggestion_rows(report):
            writer.writerow([neutralise(row[c[0]]) for c in COLUMNS])
    tmp.replace(path)
    return path


def _header(col: tuple[str, str, str, int]) -> str:
    return col[1] if col[1] == col[2] else f"{col[1]} ({col[2]})"


def write_xlsx(report: dict[str, Any], path: Path) -> Path:
    """Write suggestions.xlsx: sheet "ทั้งหมด" with every row under a heading row per unit,
    then one sheet per unit; frozen header, filters, wrapped text; every cell is text."""
    rows = suggestion_rows(report)
    wb = Workbook()
    everything = wb.active
    everything.title = "ทั้งหมด (All)"
    _fill(everything, rows, headings=True)
    used: set[str] = {everything.title}
    for unit in dict.fromkeys(r["unit"] for r in rows):
        ws = wb.create_sheet(_sheet_title(unit, used))
        _fill(ws, [r for r in rows if r["unit"] == unit], headings=False)
    tmp = path.with_suffix(".xlsx.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
_UNIT_FILL = PatternFill("solid", fgColor="F3F3F3")
_WRAP = Alignment(wrap_text=True, vertical="top")


def _put(ws: Any, row: int, col: int, value: str) -> Any:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"  # never a formula, whatever the text starts with
    cell.alignment = _WRAP
    return cell


def _fill(ws: Any, rows: list[dict[str, str]], headings: bool) -> None:
    for c, col in enumerate(COLUMNS, 1):
        cell = _put(ws, 1, c, _header(col))
        cell.font, cell.fill = _BOLD, _HEAD_FILL
        ws.column_dimensions[get_column_letter(c)].width = col[3]
    ws.freeze_panes = "A2"
    r, unit = 2, None
    for row in rows:
        if headings and row["unit"] != unit:
            unit = row["unit"]
            cell = _put(ws, r, 1, f"{unit} — {sum(1 for x in rows if x['unit'] == unit)} รายการ")
            cell.font, cell.fill = _BOLD, _UNIT_FILL
            r += 1
        for c, col in enumerate(COLUMNS, 1):
            _put(ws, r, c, row[col[0]])
        r += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(r - 1, 1)}"


def _sheet_title(unit: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in unit)[:28] or NO_UNIT
    title, n = base, 2
    while title in used:
        title, n = f"{base[:26]}-{n}", n + 1
    used.add(title)
    return title
