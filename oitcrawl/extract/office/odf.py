"""Office documents, spreadsheets, CSV and ZIP archives → ``DocumentExtract``.

One function per family, each ``(data: bytes, sniffed: Sniffed) -> DocumentExtract``:

* DOCX: python-docx; paragraphs and tables in document order. Word tables become ``tables``
  (one entry per physical ``<w:tc>``: a horizontally merged cell appears once, the continuation
  rows of a vertical merge are ""), nested tables follow their outer table.
* XLSX: openpyxl (``read_only=True, data_only=True``: cached formula results, no styles).
* XLS: xlrd (2.x reads only the old BIFF ``.xls`` format, which is all it is used for here).
* ODT/ODS/ODP: ``content.xml`` streamed with lxml's ``iterparse`` rather than odfpy: odfpy
  builds a pure-Python DOM of the whole document (slow, and memory grows with the huge
  ``table:number-rows-repeated`` blocks LibreOffice writes), while a streaming parse lets
  repeated empty rows/cells stay counters and stops at the cell budget. lxml is already a
  dependency.
* PPTX: python-pptx (text frames and tables of every slide, group shapes included).
* RTF: striprtf, after dropping embedded picture hex dumps (striprtf is pure Python and would
  spend seconds on them).
* DOC (Word 97-2003 binary): the ``antiword`` command (Debian package ``antiword``), run in a
  subprocess on a temporary file with a timeout. antiword rather than catdoc: on the real
  อบต.ไทรย้อย ``.doc`` both decode the Thai text, but antiword (``-w 0``) keeps each paragraph
  on one line while catdoc breaks lines in the middle of Thai words ("ส่วนต\\nำบล") and prints
  binary garbage after the text.
* CSV: ``decode_text`` then the ``csv`` module (``csv.Sniffer`` picks the delimiter among
  ``, ; TAB |``, else comma) → one table.
* ZIP archives: member names only (first ``MAX_ZIP_NAMES``); no member is decompressed.

Cells are rendered as one-line strings: numbers without a spurious ``.0``, dates and times in
ISO 8601 (``2024-01-31``, ``2024-01-31T10:30:00``; Excel stores Gregorian dates even when a
Thai locale displays them as พ.ศ.), booleans ``TRUE``/``FALSE``; trailing empty cells and rows
are trimmed. ``text`` is always ``normalize_text`` of the document in order (for tables each
row on a line with its cells tab-separated, which ``normalize_text`` turns into single spaces).

Bounds (a hostile file must not exhaust the pipeline):

* ZIP-based formats (DOCX/XLSX/PPTX/ODF) are refused before any library opens them when the
  ZIP's declared uncompressed total exceeds ``MAX_ZIP_UNCOMPRESSED`` (200 MB), when a member
  over ``BOMB_MEMBER_MIN`` (10 MB) is compressed more than ``MAX_ZIP_RATIO`` (100:1), or when it
  has more than ``MAX_ZIP_MEMBERS`` members. Python's ``zipfile`` (used by all these libraries)
  never inflates a member beyond its declared size, so the check is sound.
* At most ``MAX_CELLS`` (200,000) cells are read over all sheets/tables of a document; beyond
  that reading stops and ``error`` says the extract was truncated.
* ``antiword`` is killed after ``DOC_TIMEOUT`` seconds; RTF is cut at ``MAX_RTF_CHARS``.

Nothing here raises for bad input: a corrupt, encrypted, truncated or refused file gives a
``DocumentExtract`` with ``error`` set and whatever could be read.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import math
import os
import re
import shutil
import subprocess
import tempfile
import warnings
import zipfile
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .thai import normalize_text

if TYPE_CHECKING:
    from . import DocumentExtract
    from .sniff import Sniffed

__all__ = [
    "BOMB_MEMBER_MIN",
    "DOC_TIMEOUT",
    "MAX_CELLS",
    "MAX_RTF_CHARS",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_NAMES",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_UNCOMPRESSED",
    "check_zip_bomb",
    "extract_csv",
    "extract_doc",
    "extract_docx",
    "extract_odf",
    "extract_pptx",
    "extract_rtf",
    "extract_xls",
    "extract_xlsx",
    "extract_zip",
]

MAX_CELLS = 200_000  # cells read per document, all sheets/tables together
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, declared total of all members
MAX_ZIP_RATIO = 100  # uncompressed:compressed, for members of at least BOMB_MEMBER_MIN
BOMB_MEMBER_MIN = 10 * 1024 * 1024  # bytes
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_NAMES = 1000  # member names listed for a plain ZIP archive
DOC_TIMEOUT = 20.0  # seconds for one antiword run
MAX_RTF_CHARS = 10_000_000  # RTF source characters handed to striprtf (after picture removal)

_MAX_TITLE = 200
_MB = 1024 * 1024


class _Refused(Exception):
    """A file this module will not open (bomb guard, not installed, ...); message = error."""


class _Budget:
    """Counts cells against ``MAX_CELLS``; ``take`` says whether ``n`` more may be read."""

    def __init__(self) -> None:
        self.limit = MAX_CELLS  # read at run time so tests can lower it
        self.left = self.limit
        self.truncated = False

    def take(self, n: int = 1) -> bool:
        if n > self.left:
            self.left = 0
            self.truncated = True
            return False
        self.left -= n
        return True

    def message(self) -> str:
        return f"truncated: more than {self.limit:,} cells; only the first {self.limit:,} were read"


# --------------------------------------------------------------------------------------------
# Shared helpers


def _doc(sniffed: Sniffed, **kwargs: Any) -> DocumentExtract:
    # Imported here: the package __init__ imports this module before defining DocumentExtract.
    from . import DocumentExtract

    return DocumentExtract(sniffed=sniffed, **kwargs)


def _failed(sniffed: Sniffed, extractor: str, exc: BaseException) -> DocumentExtract:
    if isinstance(exc, _Refused):
        error = str(exc)
    else:
        error = f"{sniffed.type} extraction failed: {type(exc).__name__}: {exc}"
    return _doc(sniffed, extractor=extractor, error=error)


def _one_line(s: str) -> str:
    """A cell's display text on one line (``normalize_text`` lines joined with spaces)."""
    return " ".join(normalize_text(s).split("\n"))


def _format_number(v: float) -> str:
    if math.isfinite(v) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def _cell_value(v: Any) -> str:
    """One spreadsheet value as a display string (see the module docstring)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return _format_number(v)
    if isinstance(v, dt.datetime):
        if v.time() == dt.time(0) and v.tzinfo is None:
            return v.date().isoformat()
        return v.isoformat()
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return _one_line(str(v))


def _trim_row(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def _trim_rows(rows: list[list[str]]) -> list[list[str]]:
    end = len(rows)
    while end and not rows[end - 1]:
        end -= 1
    return rows[:end]


def _table_lines(rows: Iterable[list[str]]) -> list[str]:
    return ["\t".join(row) for row in rows]


def _first_line(text: str) -> str:
    return text.split("\n", 1)[0][:_MAX_TITLE]


def check_zip_bomb(data: bytes) -> str | None:
    """Why a ZIP-based document (DOCX, XLSX, PPTX, ODF) must not be opened, or None if it may.

    ``data``: the whole file. Reads only the ZIP central directory (declared sizes; nothing is
    inflated). Returns an error message when the archive is unreadable (truncated, not a ZIP),
    has more than ``MAX_ZIP_MEMBERS`` members, declares more than ``MAX_ZIP_UNCOMPRESSED``
    bytes in total, or has a member of at least ``BOMB_MEMBER_MIN`` bytes compressed more than
    ``MAX_ZIP_RATIO``:1. Never raises.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return f"not a readable ZIP container (truncated or corrupt): {exc}"
    if len(infos) > MAX_ZIP_MEMBERS:
        return f"refused: {len(infos):,} ZIP members (limit {MAX_ZIP_MEMBERS:,})"
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_UNCOMPRESSED:
        return (
            f"refused (zip bomb guard): members declare {total / _MB:,.0f} MB uncompressed "
            f"(limit {MAX_ZIP_UNCOMPRESSED / _MB:,.0f} MB)"
        )
    for i in infos:
        if i.file_size >= BOMB_MEMBER_MIN and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            return (
                f"refused (zip bomb guard): member {i.filename!r} expands {ratio:,.0f}:1 to "
                f"{i.file_size / _MB:,.0f} MB (limit {MAX_ZIP_RATIO}:1 above "
                f"{BOMB_MEMBER_MIN / _MB:,.0f} MB)"
            )
    return None


def _guard_zip(data: bytes) -> None:
    reason = check_zip_bomb(data)
    if reason is not None:
        raise _Refused(reason)


# --------------------------------------------------------------------------------------------
# DOCX


def _docx_table_rows(table: Any, budget: _Budget, nested: list[Any]) -> list[list[str]]:
    from docx.table import _Cell

    rows: list[list[str]] = []
    for row in table.rows:
        tcs = row._tr.tc_lst
        if not budget.take(max(len(tcs), 1)):
            break
        cells: list[str] = []
        for tc in tcs:
            if tc.vMerge == "continue":  # continuation of a vertically merged cell
                cells.append("")
                continue
            cell = _Cell(tc, table)
            cells.append(_one_line("\n".join(p.text for p in cell.paragraphs)))
            nested.extend(cell.tables)
        rows.append(_trim_row(cells))
    return _trim_rows(rows)


def _properties(**values: object) -> dict[str, str]:
    """Document properties as strings (datetimes ISO), leaving out the empty ones."""
    return {
        key: value.isoformat() if isinstance(value, dt.datetime) else str(value)
        for key, value in values.items()
        if value
    }


def extract_docx(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract a Word 2007+ ``.docx`` with python-docx.

    Returns ``text`` (body paragraphs and tables in document order, a table row per line with
    tab-separated cells, then ``normalize_text``), ``tables`` (each Word table, nested tables
    after their outer one, rows of one-line cell strings), ``title`` (first non-empty body
    paragraph, else the core-properties title; at most 200 characters) and ``metadata``
    (non-empty core properties: title, author, last_modified_by, created, modified as ISO
    8601). Headers, footers, text boxes and content controls are not read. ``error`` is set
    for a corrupt/truncated/refused (zip bomb) file or when ``MAX_CELLS`` is exceeded.
    Never raises.
    """
    extractor = "docx/python-docx"
    try:
        _guard_zip(data)
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        budget = _Budget()
        blocks: list[str] = []
        tables: list[list[list[str]]] = []
        title = ""
        for item in document.iter_inner_content():
            if budget.truncated:
                break
            if isinstance(item, Table):
                pending = [item]
                while pending and not budget.truncated:
                    nested: list[Any] = []
                    rows = _docx_table_rows(pending.pop(0), budget, nested)
                    tables.append(rows)
                    blocks.extend(_table_lines(rows))
                    pending[:0] = nested
            else:
                blocks.append(item.text)
                if not title:
                    title = _one_line(item.text)
        props = document.core_properties
        metadata = _properties(
            title=props.title,
            author=props.author,
            last_modified_by=props.last_modified_by,
            created=props.created,
            modified=props.modified,
        )
        text = normalize_text("\n".join(blocks))
        return _doc(
            sniffed,
            title=(title or _one_line(props.title or "") or _first_line(text))[:_MAX_TITLE],
            text=text,
            tables=tables,
            extractor=extractor,
            metadata=metadata,
            error=budget.message() if budget.truncated else None,
        )
    except Exception as exc:
        return _failed(sniffed, extractor, exc)


# --------------------------------------------------------------------------------------------
# Spreadsheets


def _sheets_result(
    sniffed: Sniffed,
    extractor: str,
    sheets: list[tuple[str, list[list[str]]]],
    budget: _Budget,
    metadata: dict[str, str],
) -> DocumentExtract:
    lines: list[str] = []
    for _, rows in sheets:
        lines.extend(_table_lines(rows))
    text = normalize_text("\n".join(lines))
    metadata = {"sheets": "\n".join(name for name, _ in sheets), **metadata}
    return _doc(
        sniffed,
        title=_first_line(text),
        text=text,
        tables=[rows for _, rows in sheets],
        extractor=extractor,
        metadata=metadata,
        error=budget.message() if budget.truncated else None,
    )


def extract_xlsx(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract an Excel 2007+ ``.xlsx`` with openpyxl (read-only, cached values).

    Every worksheet (chart sheets skipped) becomes one entry of ``tables`` in workbook order:
    rows of cell strings (see the module docstring for numbers/dates), trailing empty cells and
    rows trimmed; the sheet's declared dimension is ignored (often wrong in generated files).
    ``text``: all rows, tab-separated cells, through ``normalize_text``; ``title``: its first
    line; ``metadata``: ``sheets`` (names, one per line) and non-empty workbook properties
    (title, creator, created, modified). ``error``: corrupt/encrypted/refused file, or
    truncation after ``MAX_CELLS`` cells. Never raises.
    """
    extractor = "xlsx/openpyxl"
    try:
        _guard_zip(data)
        import openpyxl

        budget = _Budget()
        sheets: list[tuple[str, list[list[str]]]] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension is not supported" and the like
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for ws in wb.worksheets:
                    if budget.truncated:
                        break
                    if hasattr(ws, "reset_dimensions"):
                        ws.reset_dimensions()
                    rows: list[list[str]] = []
                    for values in ws.iter_rows(values_only=True):
                        if not budget.take(max(len(values), 1)):
                            break
                        rows.append(_trim_row([_cell_value(v) for v in values]))
                    sheets.append((ws.title, _trim_rows(rows)))
                props = wb.properties
                metadata = _properties(
                    title=props.title,
                    creator=props.creator,
                    created=props.created,
                    modified=props.modified,
                )
            finally:
                wb.close()
        return _sheets_result(sniffed, extractor, sheets, budget, metadata)
    except Exception as exc:
        return _failed(sniffed, extractor, exc)


def _xls_cell(cell: Any, datemode: int) -> str:
    import xlrd

    ctype, value = cell.ctype, cell.value
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return _cell_value(xlrd.xldate_as_datetime(value, datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return _format_number(value)
    if ctype == xlrd.XL_CELL_NUMBER:
        return _format_number(value)
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return _one_line(str(value))


def extract_xls(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract an Excel 97-2003 ``.xls`` (BIFF) with xlrd.

    Same result shape as ``extract_xlsx``: one table per sheet (dates ISO via the workbook's
    date mode, numbers without ``.0``, ``#DIV/0!``-style error texts), ``text`` the rows joined,
    ``metadata["sheets"]`` the sheet names. Sheets are loaded one at a time (``on_demand``);
    xlrd's warnings go to a discarded log. ``error``: corrupt/encrypted/not-BIFF file, or
    truncation after ``MAX_CELLS`` cells. Never raises.
    """
    extractor = "xls/xlrd"
    try:
        import xlrd

        book = xlrd.open_workbook(
            file_contents=data, on_demand=True, ragged_rows=True, logfile=io.StringIO()
        )
        budget = _Budget()
        sheets: list[tuple[str, list[list[str]]]] = []
        try:
            for index in range(book.nsheets):
                if budget.truncated:
                    break
                sheet = book.sheet_by_index(index)
                rows: list[list[str]] = []
                for r in range(sheet.nrows):
                    cells = sheet.row(r)
                    if not budget.take(max(len(cells), 1)):
                        break
                    rows.append(_trim_row([_xls_cell(c, book.datemode) for c in cells]))
                sheets.append((sheet.name, _trim_rows(rows)))
                book.unload_sheet(index)
        finally:
            book.release_resources()
        return _sheets_result(sniffed, extractor, sheets, budget, {})
    except Exception as exc:
        return _failed(sniffed, extractor, exc)


# --------------------------------------------------------------------------------------------
# OpenDocument (ODT / ODS / ODP)

_NS_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_NS_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_NS_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_NS_DC = "http://purl.org/dc/elements/1.1/"
_NS_META = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
_T_P, _T_H = f"{{{_NS_TEXT}}}p", f"{{{_NS_TEXT}}}h"
_T_S, _T_TAB, _T_BR = f"{{{_NS_TEXT}}}s", f"{{{_NS_TEXT}}}tab", f"{{{_NS_TEXT}}}line-break"
_T_NOTE_CITATION = f"{{{_NS_TEXT}}}note-citation"
_TB_TABLE, _TB_ROW = f"{{{_NS_TABLE}}}table", f"{{{_NS_TABLE}}}table-row"
_TB_CELL, _TB_COVERED = f"{{{_NS_TABLE}}}table-cell", f"{{{_NS_TABLE}}}covered-table-cell"
_TB_NAME = f"{{{_NS_TABLE}}}name"
_TB_COLS_REP = f"{{{_NS_TABLE}}}number-columns-repeated"
_TB_ROWS_REP = f"{{{_NS_TABLE}}}number-rows-repeated"
_O_ANNOTATION = f"{{{_NS_OFFICE}}}annotation"
_O_VALUE_TYPE = f"{{{_NS_OFFICE}}}value-type"
_O_VALUE = f"{{{_NS_OFFICE}}}value"
_O_DATE_VALUE = f"{{{_NS_OFFICE}}}date-value"
_O_BOOL_VALUE = f"{{{_NS_OFFICE}}}boolean-value"
_PARAGRAPHS = (_T_P, _T_H)
_CELLS = (_TB_CELL, _TB_COVERED)


def _odf_text(el: Any) -> str:
    """Text of an ODF element: ``text:s`` → spaces, ``text:tab`` → tab, paragraphs → lines."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        tag = node.tag
        if tag == _T_S:
            try:
                count = int(node.get(f"{{{_NS_TEXT}}}c", "1"))
            except ValueError:
                count = 1
            parts.append(" " * max(1, min(count, 100)))
        elif tag == _T_TAB:
            parts.append("\t")
        elif tag == _T_BR:
            parts.append("\n")
        elif tag in (_O_ANNOTATION, _T_NOTE_CITATION) or not isinstance(tag, str):
            pass  # comments, footnote numbers, XML comments / processing instructions
        else:
            if tag in _PARAGRAPHS and parts and not parts[-1].endswith("\n"):
                parts.append("\n")
            if node.text:
                parts.append(node.text)
            for child in node:
                walk(child)
                if child.tail:
                    parts.append(child.tail)

    walk(el)
    return "".join(parts)


def _odf_cell(cell: Any) -> str:
    kind = cell.get(_O_VALUE_TYPE)
    if kind in ("float", "percentage", "currency") and cell.get(_O_VALUE) is not None:
        try:
            return _format_number(float(cell.get(_O_VALUE)))
        except ValueError:
            pass
    elif kind == "date" and cell.get(_O_DATE_VALUE):
        value = cell.get(_O_DATE_VALUE)
        return value[:-9] if value.endswith("T00:00:00") else value
    elif kind == "boolean" and cell.get(_O_BOOL_VALUE):
        return "TRUE" if cell.get(_O_BOOL_VALUE) == "true" else "FALSE"
    return _one_line(_odf_text(cell))


def _repeat(el: Any, attr: str) -> int:
    try:
        return max(1, int(el.get(attr, "1")))
    except ValueError:
        return 1


class _OdfTable:
    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: list[list[str]] = []
        self.pending_empty_rows = 0
        self.cells: list[str] = []
        self.pending_empty_cells = 0


def _odf_metadata(zf: zipfile.ZipFile) -> dict[str, str]:
    from lxml import etree

    if "meta.xml" not in zf.namelist():
        return {}
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    root = etree.fromstring(zf.read("meta.xml"), parser)
    out: dict[str, str] = {}
    for key, tag in (
        ("title", f"{{{_NS_DC}}}title"),
        ("initial_creator", f"{{{_NS_META}}}initial-creator"),
        ("creator", f"{{{_NS_DC}}}creator"),
        ("created", f"{{{_NS_META}}}creation-date"),
        ("modified", f"{{{_NS_DC}}}date"),
    ):
        el = root.find(f".//{tag}")
        if el is not None and (el.text or "").strip():
            out[key] = _one_line(el.text)
    return out


def extract_odf(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract an OpenDocument text/spreadsheet/presentation (``.odt``/``.ods``/``.odp``).

    Streams ``content.xml`` with lxml ``iterparse`` (entities not resolved, no network).
    ``text``: paragraphs and headings outside tables, and every table's rows (tab-separated
    cells), in document order, through ``normalize_text``; for ODP the slides' text boxes in
    order. ``tables``: every ``table:table`` (each ODS sheet, each ODT/ODP table) with
    repeated cells/rows expanded only up to the last non-empty one; float/currency/percentage
    cells give their stored value, date cells their ISO ``office:date-value``. ``title``: the
    first non-empty paragraph or cell, else the ``meta.xml`` title. ``metadata``: ``sheets``
    (ODS sheet names, one per line) and non-empty ``meta.xml`` fields (title, initial_creator,
    creator, created, modified). Comments (``office:annotation``) are skipped. ``error``:
    corrupt/refused file or truncation after ``MAX_CELLS`` cells. Never raises.
    """
    extractor = f"{sniffed.type}/lxml"
    try:
        _guard_zip(data)
        from lxml import etree

        budget = _Budget()
        blocks: list[str] = []
        tables: list[_OdfTable] = []
        done: list[_OdfTable] = []
        cell_depth = 0
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "content.xml" not in zf.namelist():
                raise _Refused("not an OpenDocument file: no content.xml")
            metadata = _odf_metadata(zf)
            with zf.open("content.xml") as stream:
                events = etree.iterparse(
                    stream,
                    events=("start", "end"),
                    resolve_entities=False,
                    no_network=True,
                    huge_tree=False,
                    remove_comments=True,
                )
                for event, el in events:
                    tag = el.tag
                    if event == "start":
                        if tag in _CELLS:
                            cell_depth += 1
                        elif tag == _TB_TABLE:
                            tables.append(_OdfTable(el.get(_TB_NAME, "")))
                        continue
                    if tag in _PARAGRAPHS and cell_depth == 0:
                        blocks.append(_odf_text(el))
                        el.clear(keep_tail=True)
                    elif tag in _CELLS:
                        cell_depth -= 1
                        if tables and cell_depth == len(tables) - 1:
                            _odf_add_cell(tables[-1], el, budget)
                        el.clear(keep_tail=True)
                    elif tag == _TB_ROW and tables:
                        _odf_add_row(tables[-1], el, budget)
                        el.clear(keep_tail=True)
                        while el.getprevious() is not None:
                            del el.getparent()[0]
                    elif tag == _TB_TABLE and tables:
                        table = tables.pop()
                        done.append(table)
                        blocks.extend(_table_lines(table.rows))
                        el.clear(keep_tail=True)
                    if budget.truncated:
                        done.extend(reversed(tables))  # keep what was read of open tables
                        break
        title = next((_one_line(b) for b in blocks if b.strip()), "")
        text = normalize_text("\n".join(blocks))
        if sniffed.type == "ods":
            metadata = {"sheets": "\n".join(t.name for t in done), **metadata}
        return _doc(
            sniffed,
            title=(title or metadata.get("title", ""))[:_MAX_TITLE],
            text=text,
            tables=[t.rows for t in done],
            extractor=extractor,
            metadata=metadata,
            error=budget.message() if budget.truncated else None,
        )
    except Exception as exc:
        return _failed(sniffed, extractor, exc)


def _odf_add_cell(table: _OdfTable, el: Any, budget: _Budget) -> None:
    value = _odf_cell(el)
    repeat = _repeat(el, _TB_COLS_REP)
    if not value:
        table.pending_empty_cells += repeat
        return
    if not budget.take(table.pending_empty_cells + repeat):
        return
    table.cells.extend([""] * table.pending_empty_cells + [value] * repeat)
    table.pending_empty_cells = 0


def _odf_add_row(table: _OdfTable, el: Any, budget: _Budget) -> None:
    cells, table.cells, table.pending_empty_cells = table.cells, [], 0
    repeat = _repeat(el, _TB_ROWS_REP)
    if not cells:
        table.pending_empty_rows += repeat
        return
    # The row's own cells were counted as they were read; count the blank rows and copies.
    if not budget.take(table.pending_empty_rows + len(cells) * (repeat - 1)):
        return
    table.rows.extend([[] for _ in range(table.pending_empty_rows)])
    table.rows.extend([list(cells) for _ in range(repeat)])
    table.pending_empty_rows = 0


# --------------------------------------------------------------------------------------------
# PPTX


def extract_pptx(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract a PowerPoint 2007+ ``.pptx`` with python-pptx.

    ``text``: for each slide in order, the text of its shapes (text frames, group members,
    tables as tab-separated rows) through ``normalize_text``; speaker notes are not read.
    ``tables``: every slide table. ``title``: the first slide's title placeholder, else the
    first line. ``metadata``: ``slides`` (count) and non-empty core properties (title, author).
    ``error``: corrupt/refused file or truncation after ``MAX_CELLS`` table cells. Never raises.
    """
    extractor = "pptx/python-pptx"
    try:
        _guard_zip(data)
        from pptx import Presentation

        prs = Presentation(io.BytesIO(data))
        budget = _Budget()
        blocks: list[str] = []
        tables: list[list[list[str]]] = []

        def walk(shapes: Any) -> None:
            for shape in shapes:
                if budget.truncated:
                    return
                if getattr(shape, "shapes", None) is not None:  # group shape
                    walk(shape.shapes)
                elif getattr(shape, "has_table", False) and shape.has_table:
                    rows: list[list[str]] = []
                    for row in shape.table.rows:
                        cells = list(row.cells)
                        if not budget.take(max(len(cells), 1)):
                            break
                        rows.append(_trim_row([_one_line(c.text) for c in cells]))
                    rows = _trim_rows(rows)
                    tables.append(rows)
                    blocks.extend(_table_lines(rows))
                elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                    blocks.append(shape.text_frame.text.replace("\v", "\n"))

        title = ""
        slides = list(prs.slides)
        for slide in slides:
            if not title and slide.shapes.title is not None:
                title = _one_line(slide.shapes.title.text_frame.text.replace("\v", " "))
            walk(slide.shapes)
        text = normalize_text("\n".join(blocks))
        props = prs.core_properties
        metadata = {"slides": str(len(slides))}
        for key, value in (("title", props.title), ("author", props.author)):
            if value:
                metadata[key] = str(value)
        return _doc(
            sniffed,
            title=(title or _first_line(text))[:_MAX_TITLE],
            text=text,
            tables=tables,
            extractor=extractor,
            metadata=metadata,
            error=budget.message() if budget.truncated else None,
        )
    except Exception as exc:
        return _failed(sniffed, extractor, exc)


# --------------------------------------------------------------------------------------------
# RTF

# Runs of hex digits are embedded pictures/objects (\pict, \objdata); text never looks like that
# (non-ASCII text is escaped as \'xx or \uN).
_RTF_HEX_RUN_RE = re.compile(r"[0-9a-fA-F\r\n]{512,}")


def extract_rtf(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract Rich Text Format with striprtf (honours ``\\ansicpgN``, e.g. 874 for Thai).

    Embedded picture/object hex dumps are dropped first; at most ``MAX_RTF_CHARS`` characters
    of the rest are converted (``error`` says when it was cut). ``text``: ``normalize_text`` of
    the plain text; ``title``: its first line. ``error`` on failure. Never raises.
    """
    extractor = "rtf/striprtf"
    try:
        from striprtf.striprtf import rtf_to_text

        source = _RTF_HEX_RUN_RE.sub("", data.decode("latin-1"))
        error = None
        if len(source) > MAX_RTF_CHARS:
            source = source[:MAX_RTF_CHARS]
            error = f"truncated: only the first {MAX_RTF_CHARS:,} characters of RTF were read"
        text = normalize_text(rtf_to_text(source, errors="replace"))
        return _doc(sniffed, title=_first_line(text), text=text, extractor=extractor, error=error)
    except Exception as exc:
        return _failed(sniffed, extractor, exc)


# --------------------------------------------------------------------------------------------
# DOC (Word 97-2003 binary) via antiword


def extract_doc(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract a Word 97-2003 ``.doc`` with the ``antiword`` command.

    Runs ``antiword -w 0 -m UTF-8.txt FILE`` (no line wrapping, UTF-8 output) on a temporary
    copy, killed after ``DOC_TIMEOUT`` seconds. ``text``: its output through
    ``normalize_text`` (tables come out as ``|``-separated lines; ``tables`` stays empty);
    ``title``: the first line. ``error``: "DOC extractor not installed (apt install antiword)"
    when the command is missing, antiword's message for a file it cannot read (not a Word
    document, encrypted, Word 2 / Word 6 quirks), or the timeout. Never raises.
    """
    extractor = "doc/antiword"
    antiword = shutil.which("antiword")
    if antiword is None:
        return _doc(
            sniffed,
            extractor=extractor,
            error="DOC extractor not installed (apt install antiword)",
        )
    path = None
    try:
        with tempfile.NamedTemporaryFile(prefix="oitcrawl-", suffix=".doc", delete=False) as tmp:
            tmp.write(data)
            path = tmp.name
        proc = subprocess.run(
            [antiword, "-w", "0", "-m", "UTF-8.txt", path],
            capture_output=True,
            timeout=DOC_TIMEOUT,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if proc.returncode != 0:
            message = proc.stderr.decode("utf-8", errors="replace").strip()
            message = message.replace(path, "<file>").split("\n", 1)[0] or "no message"
            return _doc(
                sniffed,
                extractor=extractor,
                error=f"antiword failed (exit {proc.returncode}): {message}",
            )
        text = normalize_text(proc.stdout.decode("utf-8", errors="replace"))
        return _doc(sniffed, title=_first_line(text), text=text, extractor=extractor)
    except subprocess.TimeoutExpired:
        return _doc(
            sniffed, extractor=extractor, error=f"antiword timed out after {DOC_TIMEOUT:g} s"
        )
    except Exception as exc:
        return _failed(sniffed, extractor, exc)
    finally:
        if path is not None:
            with contextlib.suppress(OSError):
                os.unlink(path)


# --------------------------------------------------------------------------------------------
# CSV

_CSV_DELIMITERS = ",;\t|"
_CSV_SNIFF_CHARS = 16_384


def _csv_delimiter(text: str) -> str:
    sample = text[:_CSV_SNIFF_CHARS]
    if len(text) > _CSV_SNIFF_CHARS and "\n" in sample:
        sample = sample.rsplit("\n", 1)[0]  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


def extract_csv(data: bytes, sniffed: Sniffed, content_type: str | None = None) -> DocumentExtract:
    """Extract a CSV file into one table.

    ``data`` is decoded with ``decode_text`` (BOM, the ``content_type`` charset, UTF-8,
    TIS-620/windows-874, ...); the delimiter is sniffed among ``, ; TAB |`` (comma when the
    sniffer cannot decide); standard double-quote quoting. ``tables``: ``[rows]`` with one-line
    cell strings, trailing empty cells/rows trimmed; ``text``: the rows with tab-separated
    cells through ``normalize_text``; ``encoding``: the codec used; ``metadata``:
    ``delimiter``. ``error``: a parse error (rows before it are kept) or truncation after
    ``MAX_CELLS`` cells. Never raises.
    """
    extractor = "csv/stdlib-csv"
    try:
        from . import decode_text

        decoded, encoding = decode_text(data, content_type)
        delimiter = _csv_delimiter(decoded)
        budget = _Budget()
        rows: list[list[str]] = []
        error = None
        reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter)
        try:
            for record in reader:
                if not budget.take(max(len(record), 1)):
                    error = budget.message()
                    break
                rows.append(_trim_row([_one_line(c) for c in record]))
        except csv.Error as exc:
            error = f"CSV parse error at line {reader.line_num}: {exc}; earlier rows kept"
        rows = _trim_rows(rows)
        text = normalize_text("\n".join(_table_lines(rows)))
        return _doc(
            sniffed,
            title=_first_line(text),
            text=text,
            tables=[rows] if rows else [],
            extractor=extractor,
            encoding=encoding,
            metadata={"delimiter": delimiter},
            error=error,
        )
    except Exception as exc:
        return _failed(sniffed, extractor, exc)


# --------------------------------------------------------------------------------------------
# ZIP archives


def _zip_member_name(info: zipfile.ZipInfo) -> str:
    """Member name; names without the UTF-8 flag are retried as UTF-8, then windows-874."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for codec in ("utf-8", "cp874"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return name


def extract_zip(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """List a ZIP archive's members without decompressing any.

    ``text``: the first ``MAX_ZIP_NAMES`` member names, one per line (Thai names written
    without the UTF-8 flag are decoded as UTF-8 or windows-874), through ``normalize_text``.
    ``metadata``: ``members`` (count), ``uncompressed_bytes`` (declared total) and, when the
    list was cut, ``names_truncated`` = "true". ``error``: unreadable (truncated/corrupt)
    archive. Never raises.
    """
    extractor = "zip/zipfile"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
        names = [_zip_member_name(i) for i in infos[:MAX_ZIP_NAMES]]
        metadata = {
            "members": str(len(infos)),
            "uncompressed_bytes": str(sum(i.file_size for i in infos)),
        }
        if len(infos) > MAX_ZIP_NAMES:
            metadata["names_truncated"] = "true"
        return _doc(
            sniffed, text=normalize_text("\n".join(names)), extractor=extractor, metadata=metadata
        )
    except Exception as exc:
        return _failed(sniffed, extractor, exc)
