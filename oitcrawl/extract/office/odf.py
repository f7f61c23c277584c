"""ODT/ODS/ODP (OpenDocument) → ``DocumentExtract``, streaming ``content.xml`` with lxml.

lxml's ``iterparse`` rather than odfpy: odfpy builds a pure-Python DOM of the whole document
(slow, and memory grows with the huge ``table:number-rows-repeated`` blocks LibreOffice
writes), while a streaming parse lets repeated empty rows/cells stay counters and stops at the
cell budget. lxml is already a dependency.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING, Any

from ..thai import normalize_text
from .common import MAX_TITLE, failed, format_number, make_extract, one_line, table_lines
from .limits import Budget, Refused, guard_zip

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed


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
            return format_number(float(cell.get(_O_VALUE)))
        except ValueError:
            pass
    elif kind == "date" and cell.get(_O_DATE_VALUE):
        value = cell.get(_O_DATE_VALUE)
        return value[:-9] if value.endswith("T00:00:00") else value
    elif kind == "boolean" and cell.get(_O_BOOL_VALUE):
        return "TRUE" if cell.get(_O_BOOL_VALUE) == "true" else "FALSE"
    return one_line(_odf_text(cell))


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
            out[key] = one_line(el.text)
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
        guard_zip(data)
        from lxml import etree

        budget = Budget()
        blocks: list[str] = []
        tables: list[_OdfTable] = []
        done: list[_OdfTable] = []
        cell_depth = 0
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            if "content.xml" not in zf.namelist():
                raise Refused("not an OpenDocument file: no content.xml")
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
                        blocks.extend(table_lines(table.rows))
                        el.clear(keep_tail=True)
                    if budget.truncated:
                        done.extend(reversed(tables))  # keep what was read of open tables
                        break
        title = next((one_line(b) for b in blocks if b.strip()), "")
        text = normalize_text("\n".join(blocks))
        if sniffed.type == "ods":
            metadata = {"sheets": "\n".join(t.name for t in done), **metadata}
        return make_extract(
            sniffed,
            title=(title or metadata.get("title", ""))[:MAX_TITLE],
            text=text,
            tables=[t.rows for t in done],
            extractor=extractor,
            metadata=metadata,
            error=budget.message() if budget.truncated else None,
        )
    except Exception as exc:
        return failed(sniffed, extractor, exc)


def _odf_add_cell(table: _OdfTable, el: Any, budget: Budget) -> None:
    value = _odf_cell(el)
    repeat = _repeat(el, _TB_COLS_REP)
    if not value:
        table.pending_empty_cells += repeat
        return
    if not budget.take(table.pending_empty_cells + repeat):
        return
    table.cells.extend([""] * table.pending_empty_cells + [value] * repeat)
    table.pending_empty_cells = 0


def _odf_add_row(table: _OdfTable, el: Any, budget: Budget) -> None:
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
