"""DOCX (Word 2007+) → ``DocumentExtract`` with python-docx.

Paragraphs and tables in document order. Word tables become ``tables`` (one entry per physical
``<w:tc>``: a horizontally merged cell appears once, the continuation rows of a vertical merge
are ""), nested tables follow their outer table.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from ..thai import normalize_text
from .common import (
    MAX_TITLE,
    failed,
    first_line,
    make_extract,
    one_line,
    properties,
    table_lines,
    trim_row,
    trim_rows,
)
from .limits import Budget, guard_zip

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed


def _docx_table_rows(table: Any, budget: Budget, nested: list[Any]) -> list[list[str]]:
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
            cells.append(one_line("\n".join(p.text for p in cell.paragraphs)))
            nested.extend(cell.tables)
        rows.append(trim_row(cells))
    return trim_rows(rows)


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
        guard_zip(data)
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        budget = Budget()
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
                    blocks.extend(table_lines(rows))
                    pending[:0] = nested
            else:
                blocks.append(item.text)
                if not title:
                    title = one_line(item.text)
        props = document.core_properties
        metadata = properties(
            title=props.title,
            author=props.author,
            last_modified_by=props.last_modified_by,
            created=props.created,
            modified=props.modified,
        )
        text = normalize_text("\n".join(blocks))
        return make_extract(
            sniffed,
            title=(title or one_line(props.title or "") or first_line(text))[:MAX_TITLE],
            text=text,
            tables=tables,
            extractor=extractor,
            metadata=metadata,
            error=budget.message() if budget.truncated else None,
        )
    except Exception as exc:
        return failed(sniffed, extractor, exc)
