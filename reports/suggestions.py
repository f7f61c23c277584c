"""suggestions.csv and suggestions.xlsx: one row per thing to fix, grouped by the responsible
unit (ฝ่าย), for the staff who fix their pages (DOMAIN.md §6; seeds 000/003/004 show districts
working from such tables). Rows come from report@3 findings; errors first within a unit.

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

from oitcrawl import thaidate
from oitcrawl.i18n import get_lang

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
    ("as_of", "ข้อมูล ณ", "As of", 13),
    ("missing_en", "What is missing (English)", "What is missing (English)", 50),
    ("suggestion_en", "Suggestion (English)", "Suggestion (English)", 50),
)
#: With --lang en: English headers only, the English texts first and the Thai ones after them
#: (unit staff act on the Thai; the assessors write it).
COLUMNS_EN = (
    ("unit", "Unit", "Unit", 16),
    ("item", "Item", "Item", 6),
    ("item_title", "Item title", "Item title", 30),
    ("element", "Element", "Element", 10),
    ("severity", "Severity", "Severity", 10),
    ("code", "Code", "Code", 18),
    ("missing_en", "What is missing", "What is missing", 50),
    ("suggestion_en", "Suggestion", "Suggestion", 50),
    ("url", "URL", "URL", 40),
    ("months", "Missing months", "Missing months", 14),
    ("as_of", "As of", "As of", 13),
    ("missing_th", "What is missing (Thai)", "What is missing (Thai)", 50),
    ("suggestion_th", "Suggestion (Thai)", "Suggestion (Thai)", 50),
)
SEVERITY_TH = {"error": "ต้องแก้ไข (error)", "warning": "ควรแก้ไข (warning)"}
SEVERITY_EN = {"error": "error (must fix)", "warning": "warning (should fix)"}
NO_UNIT = "ไม่ระบุฝ่าย"
NO_UNIT_EN = "(no unit)"
#: Sheet of every row, and the heading of a unit's rows, per language.
ALL_SHEET = {"th": "ทั้งหมด (All)", "en": "All"}
UNIT_ROWS = {"th": "{unit} — {n} รายการ", "en": "{unit} — {n} rows"}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def columns(lang: str | None = None) -> tuple[tuple[str, str, str, int], ...]:
    """The columns (key, Thai header, English header, XLSX width) in `lang`'s order."""
    return COLUMNS_EN if (lang or get_lang()) == "en" else COLUMNS


def suggestion_rows(report: dict[str, Any], lang: str | None = None) -> list[dict[str, str]]:
    """Rows {column key: text} for every finding of a report@3 dict, sorted by unit (Thai
    collation by code point), then errors before warnings, then item and element order.

    `lang` ("th"/"en", default: the chosen language) sets the severity words, the item title,
    and the dates: missing months and the as-of date as "ม.ค. 2566" / "30 เม.ย. 2566" in Thai,
    "Jan 2023" / "30 Apr 2023" in English."""
    en = (lang or get_lang()) == "en"
    severity = SEVERITY_EN if en else SEVERITY_TH
    month = thaidate.month_short_en if en else thaidate.month_short_th
    day = thaidate.parse_iso_date((report.get("run") or {}).get("as_of"))
    as_of = "" if day is None else (thaidate.short_en(day) if en else thaidate.short_th(day))
    rows = []
    for order, item in enumerate(report["items"]):
        for f in item["findings"]:
            if f.get("decision"):  # dismissed by a person (issue 16): kept in report.json only
                continue
            rows.append(
                {
                    "unit": f["unit"] or item["unit"] or (NO_UNIT_EN if en else NO_UNIT),
                    "item": item["id"],
                    "item_title": (item.get("title_en") or item["title"]) if en else item["title"],
                    "element": f["element"] or "",
                    "severity": severity[f["severity"]],
                    "code": f["code"],
                    "missing_th": f["message_th"],
                    "suggestion_th": f["suggestion_th"],
                    "url": f["url"] or "",
                    "months": ", ".join(_month_text(m, month) for m in f["months"]),
                    "as_of": as_of,
                    "missing_en": f["message_en"],
                    "suggestion_en": f["suggestion_en"],
                    **_since_cells(f, en),
                    "_key": (f["severity"] != "error", order),  # type: ignore[dict-item]
                }
            )
    rows.sort(key=lambda r: (r["unit"], r["_key"]))
    for r in rows:
        del r["_key"]
    return rows


#: With `check --since`: the finding's status against the earlier run and the date first seen
#: (only open findings are rows; the fixed ones are listed in report.json/report.html).
SINCE_COLUMNS = (
    ("since", "สถานะเทียบครั้งก่อน", "Since the earlier run", 14),
    ("first_seen", "พบครั้งแรก", "First seen", 13),
)
SINCE_TEXT = {
    "new": ("ใหม่", "new"),
    "open": ("ยังไม่แก้", "still open"),
    "fixed": ("แก้แล้ว", "fixed"),
}


def _with_since(
    cols: tuple[tuple[str, str, str, int], ...], report: dict[str, Any]
) -> tuple[tuple[str, str, str, int], ...]:
    """`cols` with the since columns after the item columns when the report has `since`."""
    if "since" not in report:
        return cols
    return cols[:3] + SINCE_COLUMNS + cols[3:]


def _since_cells(f: dict[str, Any], en: bool) -> dict[str, str]:
    since = f.get("since")
    if not since:
        return {"since": "", "first_seen": ""}
    day = thaidate.parse_iso_date(since["first_seen"])
    seen = "" if day is None else (thaidate.short_en(day) if en else thaidate.short_th(day))
    return {"since": SINCE_TEXT[since["status"]][1 if en else 0], "first_seen": seen}


def _month_text(key: str, fmt: Any) -> str:
    try:
        return fmt(key)
    except ValueError:  # not YYYY-MM: shown as stored
        return key


def neutralise(text: str) -> str:
    """`text` made safe for a CSV cell: a leading formula character gets a ' in front."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_csv(report: dict[str, Any], path: Path, lang: str | None = None) -> Path:
    """Write suggestions.csv: UTF-8 with BOM (so Excel shows Thai), headers "Thai (English)",
    or English only with `lang` "en" (default: the chosen language)."""
    cols = _with_since(columns(lang), report)
    tmp = path.with_suffix(".csv.tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([_header(c) for c in cols])
        for row in suggestion_rows(report, lang):
            writer.writerow([neutralise(row[c[0]]) for c in cols])
    tmp.replace(path)
    return path


def _header(col: tuple[str, str, str, int]) -> str:
    return col[1] if col[1] == col[2] else f"{col[1]} ({col[2]})"


def write_xlsx(report: dict[str, Any], path: Path, lang: str | None = None) -> Path:
    """Write suggestions.xlsx: sheet "ทั้งหมด (All)" ("All" with `lang` "en"; default: the
    chosen language) with every row under a heading row per unit, then one sheet per unit;
    frozen header, filters, wrapped text; every cell is text."""
    lang = lang or get_lang()
    rows = suggestion_rows(report, lang)
    cols = _with_since(columns(lang), report)
    wb = Workbook()
    everything = wb.active
    everything.title = ALL_SHEET[lang]
    _fill(everything, rows, cols, UNIT_ROWS[lang])
    used: set[str] = {everything.title}
    for unit in dict.fromkeys(r["unit"] for r in rows):
        ws = wb.create_sheet(_sheet_title(unit, used))
        _fill(ws, [r for r in rows if r["unit"] == unit], cols, None)
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


def _fill(
    ws: Any,
    rows: list[dict[str, str]],
    cols: tuple[tuple[str, str, str, int], ...],
    heading: str | None,
) -> None:
    """Header row, then `rows`; `heading` (a format with {unit} and {n}) starts each unit."""
    for c, col in enumerate(cols, 1):
        cell = _put(ws, 1, c, _header(col))
        cell.font, cell.fill = _BOLD, _HEAD_FILL
        ws.column_dimensions[get_column_letter(c)].width = col[3]
    ws.freeze_panes = "A2"
    r, unit = 2, None
    for row in rows:
        if heading and row["unit"] != unit:
            unit = row["unit"]
            n = sum(1 for x in rows if x["unit"] == unit)
            cell = _put(ws, r, 1, heading.format(unit=unit, n=n))
            cell.font, cell.fill = _BOLD, _UNIT_FILL
            r += 1
        for c, col in enumerate(cols, 1):
            _put(ws, r, c, row[col[0]])
        r += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{max(r - 1, 1)}"


def _sheet_title(unit: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in unit)[:28] or NO_UNIT
    title, n = base, 2
    while title in used:
        title, n = f"{base[:26]}-{n}", n + 1
    used.add(title)
    return title
