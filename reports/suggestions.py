"""suggestions.csv and suggestions.xlsx: one row per thing to fix, grouped by the responsible
unit (ฝ่าย), for the staff who fix their pages (DOMAIN.md §6; seeds 000/003/004 show districts
working from such tables). Rows come from report@3 findings; errors first within a unit.

Cells that a spreadsheet would run as a formula (starting with = + - @, tab or CR) are
neutralised: prefixed with ' in the CSV, stored as text in the XLSX (OWASP CSV injection).
"""

from __future__ import annotations

import csv
import os
import re
import unicodedata
from copy import copy
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
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
                    **_decision_cells(item, en),
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


#: When people decided on items (issue 16, `oitcrawl review`): the decision and its reason, so
#: the office sees that an item is settled although the rules still list what they found.
DECISION_COLUMNS = (
    ("decision", "คำตัดสินของผู้ตรวจ", "Reviewer decision", 18),
    ("decision_reason", "เหตุผลของผู้ตรวจ", "Reviewer's reason", 40),
)
DECISION_TEXT = {
    "accept": ("ยอมรับ (ผ่าน)", "accepted (pass)"),
    "reject": ("ไม่ยอมรับ (ไม่ผ่าน)", "rejected (fail)"),
    "not_applicable": ("ไม่เกี่ยวข้อง", "not applicable"),
}


Columns = tuple[tuple[str, str, str, int], ...]


def _with_extra_columns(cols: Columns, report: dict[str, Any]) -> Columns:
    """`cols` with the since columns after the item columns when the report has `since`
    (``check --since``), and the decision columns after the code column when a person
    decided on an item (``oitcrawl review``)."""
    if "since" in report:
        cols = cols[:3] + SINCE_COLUMNS + cols[3:]
    if any(i.get("decision") for i in report["items"]):
        at = next(k for k, (key, *_rest) in enumerate(cols) if key == "code") + 1
        cols = cols[:at] + DECISION_COLUMNS + cols[at:]
    return cols


def _decision_cells(item: dict[str, Any], en: bool) -> dict[str, str]:
    d = item.get("decision")
    if not d:
        return {"decision": "", "decision_reason": ""}
    th, eng = DECISION_TEXT[d["decision"]]
    who = f" — {d['by']}" if d.get("by") else ""
    return {"decision": (eng if en else th) + who, "decision_reason": d["reason"]}


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
    cols = _with_extra_columns(columns(lang), report)
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


#: suggestions.xlsx, what an office prints (issue 14): the columns a unit reads and fills in
#: first — unit, item, what is missing, the suggestion, months, URL, then three empty columns
#: to fill in by hand — and the machine codes and the other language's texts at the end,
#: outside the print area. (key, Thai header, English header, width in characters)
FILL_IN = (
    ("done_action", "ผลการดำเนินการ", "Action taken", 24),
    ("due_date", "กำหนดเสร็จ", "Due date", 12),
    ("person", "ผู้รับผิดชอบ (ชื่อ)", "Person responsible (name)", 18),
)
_PRINTED_KEYS = ("unit", "item", "item_title", "severity", "missing_th", "suggestion_th",
                 "months", "url")  # fmt: skip
_PRINTED_KEYS_EN = ("unit", "item", "item_title", "severity", "missing_en", "suggestion_en",
                    "months", "url")  # fmt: skip
_XLSX_WIDTHS = {"item": 5, "item_title": 24, "severity": 11, "missing_th": 40, "missing_en": 40,
                "suggestion_th": 44, "suggestion_en": 44, "months": 11, "url": 30,
                "unit": 14}  # fmt: skip
#: The font of every cell: the Thai government's office font. Excel shows it where it is
#: installed (the national font set); elsewhere the reader's office suite substitutes one —
#: on Debian/LibreOffice fontconfig maps it to Laksaman (fonts-thai-tlwg, a TH SarabunPSK
#: derivative); Excel without it falls back to its default Thai font. OITCRAWL_XLSX_FONT
#: names another font (e.g. "TH SarabunPSK", "Tahoma").
XLSX_FONT = "TH Sarabun New"
XLSX_FONT_SIZE = 14  # Sarabun's 14 pt reads like Calibri 11
TITLE = {
    "th": "ข้อเสนอแนะเพื่อแก้ไขตามแบบตรวจ OIT (ผลตรวจเบื้องต้น)",
    "en": "What to fix for the OIT assessment (provisional pre-check)",
}


def xlsx_font_name() -> str:
    """The spreadsheet font: $OITCRAWL_XLSX_FONT, else TH Sarabun New."""
    return os.environ.get("OITCRAWL_XLSX_FONT", "").strip() or XLSX_FONT


def xlsx_columns(
    report: dict[str, Any], lang: str | None = None
) -> tuple[tuple[tuple[str, str, str, int], ...], int]:
    """(the XLSX columns in order, how many of them are printed). Printed: the columns a unit
    reads, the since columns (with ``check --since``) and the three fill-in columns; after
    them, not printed: element, code, as-of date and the other language's texts."""
    en = (lang or get_lang()) == "en"
    cols = _with_extra_columns(columns(lang), report)
    by_key = {c[0]: c for c in cols}
    first = [by_key[k] for k in (_PRINTED_KEYS_EN if en else _PRINTED_KEYS)]
    first = first[:3] + [by_key[k] for k in ("since", "first_seen") if k in by_key] + first[3:]
    fill = [(k, en_h, en_h, w) if en else (k, th_h, en_h, w) for k, th_h, en_h, w in FILL_IN]
    printed = tuple((c[0], c[1], c[2], _XLSX_WIDTHS.get(c[0], c[3])) for c in first) + tuple(fill)
    rest = tuple(c for c in cols if c not in first)
    return printed + rest, len(printed)


def title_block(report: dict[str, Any], lang: str | None = None) -> list[str]:
    """The lines above the table: title and agency; fiscal year, as-of date and run id; OIT
    score and rating. Missing fields are left out (a bare list of findings still writes)."""
    en = (lang or get_lang()) == "en"
    agency = (report.get("agency") or {}).get("name") or ""
    run = report.get("run") or {}
    fy = report.get("fiscal_year")
    day = thaidate.parse_iso_date(run.get("as_of"))
    scores = report.get("scores") or {}
    rating = scores.get("rating") or {}
    oit = scores.get("oit")
    title = TITLE["en" if en else "th"] + (f" — {agency}" if agency else "")

    def say(th: str, eng: str) -> str:
        return eng if en else th

    facts = [
        *([say(f"ปีงบประมาณ พ.ศ. {fy}", f"Fiscal year {fy} BE")] if fy else []),
        *([say(f"ข้อมูล ณ {thaidate.short_th(day)}", f"as of {thaidate.short_en(day)}")]
          if day else []),
        *([say(f"รหัสการตรวจ {run['id']}", f"run {run['id']}")] if run.get("id") else []),
    ]  # fmt: skip
    th_label, en_label = rating.get("label_th"), rating.get("label_en")
    result = [
        *([say(f"คะแนน OIT (เบื้องต้น) {_score(oit)} / 100",
               f"OIT score (provisional) {_score(oit)} / 100")]
          if isinstance(oit, int | float) else []),
        *([say(f"ระดับผล {th_label} ({en_label})", f"rating {en_label} ({th_label})")]
          if rating else []),
    ]  # fmt: skip
    return [line for line in (title, " · ".join(facts), " · ".join(result)) if line]


def _score(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


ALL_UNITS = "ทุกฝ่าย"  # rules/*.yaml: every unit
_UNIT_SPLIT = re.compile(r"\s*[,;/、]\s*")


def sheet_units(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    """{unit: its rows} for the per-unit sheets, in row order. A row whose unit names two
    ("ฝ่ายโยธา, ฝ่ายสิ่งแวดล้อมและสุขาภิบาล") is on both units' sheets; a "ทุกฝ่าย" row is on
    every unit's sheet (its own sheet only when no row names a concrete unit)."""
    names = {id(r): [u for u in _UNIT_SPLIT.split(r["unit"].strip()) if u] for r in rows}
    units: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        for u in names[id(r)]:
            if u != ALL_UNITS:
                units.setdefault(u, [])
    if not units and any(ALL_UNITS in n for n in names.values()):
        units[ALL_UNITS] = []
    for r in rows:
        own = names[id(r)]
        for u in units:
            if u in own or ALL_UNITS in own:
                units[u].append(r)
    return units


def write_xlsx(report: dict[str, Any], path: Path, lang: str | None = None) -> Path:
    """Write suggestions.xlsx: sheet "ทั้งหมด (All)" ("All" with `lang` "en"; default: the
    chosen language) with every row, then one sheet per unit. Every sheet is ready to print
    (A4 landscape, one page wide, the header row on every page, page numbers in the footer)
    and starts with the title block (agency, fiscal year, as-of date, run id, score, rating);
    the table below it has a frozen header and an autofilter, the fill-in columns
    ผลการดำเนินการ / กำหนดเสร็จ / ผู้รับผิดชอบ, and the codes and other-language texts at the
    end (not printed). The per-unit counts of the first sheet sit above the table, outside
    the filter. Every cell is text, in TH Sarabun New (see `XLSX_FONT`)."""
    lang = lang or get_lang()
    rows = suggestion_rows(report, lang)
    cols, printed = xlsx_columns(report, lang)
    head = title_block(report, lang)
    wb = Workbook()
    everything = wb.active
    everything.title = ALL_SHEET[lang]
    units = sheet_units(rows)
    summary = [UNIT_ROWS[lang].format(unit=u, n=len(mine)) for u, mine in units.items()]
    _fill(everything, rows, cols, printed, head, summary, report, lang)
    used: set[str] = {everything.title}
    for unit, mine in units.items():
        ws = wb.create_sheet(_sheet_title(unit, used))
        _fill(ws, mine, cols, printed, head, [UNIT_ROWS[lang].format(unit=unit, n=len(mine))],
              report, lang)  # fmt: skip
    tmp = path.with_suffix(".xlsx.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
_UNIT_FILL = PatternFill("solid", fgColor="F3F3F3")
_FILL_IN_FILL = PatternFill("solid", fgColor="FFF8DC")  # light yellow: to be filled in
_WRAP = Alignment(wrap_text=True, vertical="top")
_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


# workbook → {(bold, size, fill, border): the style ids of a cell styled so}
_STYLE_IDS: WeakKeyDictionary[Workbook, dict[tuple[Any, ...], Any]] = WeakKeyDictionary()


def _font(bold: bool = False, size: float | None = None) -> Font:
    return Font(name=xlsx_font_name(), size=size or XLSX_FONT_SIZE, bold=bold)


def _put(
    ws: Any,
    row: int,
    col: int,
    value: str | None,
    bold: bool = False,
    size: float | None = None,
    fill: PatternFill | None = None,
    border: Border | None = None,
) -> Any:
    """Write `value` as text into a wrapped, top-aligned cell in the sheet's font (`bold`,
    `size` points), with `fill` and `border` when given. Each distinct style is built once
    per workbook and its style ids copied to further cells: openpyxl looks every style
    object assigned to a cell up by hash (half of the file's time with four a cell)."""
    cell = ws.cell(row=row, column=col)
    if value is not None:
        cell.value = value
        cell.data_type = "s"  # never a formula, whatever the text starts with
    styles = _STYLE_IDS.setdefault(ws.parent, {})
    key = (bold, size, id(fill), id(border))
    if (ids := styles.get(key)) is not None:
        cell._style = copy(ids)
        return cell
    cell.alignment = _WRAP
    cell.font = _font(bold, size)
    if fill is not None:
        cell.fill = fill
    if border is not None:
        cell.border = border
    styles[key] = copy(cell._style)
    return cell


def _lines(text: str, width: int) -> int:
    """Printed lines of `text` in a wrapped cell `width` characters wide (Thai combining marks
    take no width), for the row height: Excel does not size wrapped rows written by a
    program."""
    total = 0
    for part in (text or "").split("\n"):
        chars = sum(1 for ch in part if not unicodedata.combining(ch) and ch not in _THAI_MARKS)
        total += max(1, -(-chars // max(width - 1, 1)))
    return total


_THAI_MARKS = set(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)


def _fill(
    ws: Any,
    rows: list[dict[str, str]],
    cols: tuple[tuple[str, str, str, int], ...],
    printed: int,
    head: list[str],
    summary: list[str],
    report: dict[str, Any],
    lang: str,
) -> None:
    """Title block, unit counts, a blank row, the header row and `rows`; then page setup."""
    last_printed = get_column_letter(printed)
    r = 1
    for n, line in enumerate(head):
        _put(ws, r, 1, line, bold=n == 0, size=XLSX_FONT_SIZE + (4 if n == 0 else 0))
        ws.merge_cells(f"A{r}:{last_printed}{r}")
        ws.row_dimensions[r].height = 28 if n == 0 else 21
        r += 1
    for line in summary:
        _put(ws, r, 1, line, bold=True, fill=_UNIT_FILL)
        ws.merge_cells(f"A{r}:{last_printed}{r}")
        r += 1
    r += 1  # a blank row between the title block and the table
    header = r
    for c, col in enumerate(cols, 1):
        _put(ws, header, c, _header(col), bold=True, fill=_HEAD_FILL, border=_BORDER)
        ws.column_dimensions[get_column_letter(c)].width = col[3]
    ws.row_dimensions[header].height = 21 * max(_lines(_header(c), c[3]) for c in cols[:printed])
    fill_keys = {k for k, *_ in FILL_IN}
    for row in rows:
        r += 1
        for c, col in enumerate(cols, 1):
            if col[0] in fill_keys:
                _put(ws, r, c, None, fill=_FILL_IN_FILL, border=_BORDER)
            else:
                _put(ws, r, c, row.get(col[0]), border=_BORDER)
        ws.row_dimensions[r].height = 21 * max(
            _lines(row.get(c[0], ""), c[3]) for c in cols[:printed]
        )
    ws.freeze_panes = f"A{header + 1}"
    ws.auto_filter.ref = f"A{header}:{get_column_letter(len(cols))}{max(r, header)}"
    _page_setup(ws, header, last_printed, max(r, header), report, lang)


def _page_setup(
    ws: Any, header: int, last_col: str, last_row: int, report: dict[str, Any], lang: str
) -> None:
    """A4 landscape, one page wide (as many pages tall as needed), the header row repeated on
    every page, the printed columns only, page numbers in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header}:{header}"
    ws.print_area = f"A1:{last_col}{last_row}"
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top, ws.page_margins.bottom = 0.5, 0.6
    ws.page_margins.footer = 0.3
    agency = (report.get("agency") or {}).get("name") or ""
    run_id = (report.get("run") or {}).get("id") or ""
    font = f"{xlsx_font_name()},Regular"
    ws.oddFooter.left.text = _footer_text(agency)
    ws.oddFooter.left.font = font
    ws.oddFooter.center.text = "Page &P of &N" if lang == "en" else "หน้า &P / &N"
    ws.oddFooter.center.font = font
    ws.oddFooter.right.text = _footer_text(f"{ws.title} · {run_id}" if run_id else ws.title)
    ws.oddFooter.right.font = font


def _footer_text(text: str) -> str:
    """`text` safe in a header/footer section: "&" starts a code there, so it is doubled."""
    return text.replace("&", "&&")[:120]


def _sheet_title(unit: str, used: set[str]) -> str:
    """A valid, unique sheet name (≤ 31 characters, none of []:*?/\\)."""
    base = "".join("_" if ch in "[]:*?/\\" else ch for ch in unit)[:28] or NO_UNIT
    title, n = base, 2
    while title in used:
        title, n = f"{base[:26]}-{n}", n + 1
    used.add(title)
    return title
