"""PPTX (PowerPoint 2007+) → ``DocumentExtract`` with python-pptx (text frames and tables of
every slide, group shapes included)."""

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
    table_lines,
    trim_row,
    trim_rows,
)
from .limits import Budget, guard_zip

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed


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
        guard_zip(data)
        from pptx import Presentation

        prs = Presentation(io.BytesIO(data))
        budget = Budget()
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
                        rows.append(trim_row([one_line(c.text) for c in cells]))
                    rows = trim_rows(rows)
                    tables.append(rows)
                    blocks.extend(table_lines(rows))
                elif getattr(shape, "has_text_frame", False) and shape.has_text_frame:
                    blocks.append(shape.text_frame.text.replace("\v", "\n"))

        title = ""
        slides = list(prs.slides)
        for slide in slides:
            if not title and slide.shapes.title is not None:
                title = one_line(slide.shapes.title.text_frame.text.replace("\v", " "))
            walk(slide.shapes)
        text = normalize_text("\n".join(blocks))
        props = prs.core_properties
        metadata = {"slides": str(len(slides))}
        for key, value in (("title", props.title), ("author", props.author)):
            if value:
                metadata[key] = str(value)
        return make_extract(
            sniffed,
            title=(title or first_line(text))[:MAX_TITLE],
            text=text,
            tables=tables,
            extractor=extractor,
            metadata=metadata,
            error=budget.message() if budget.truncated else None,
        )
    except Exception as exc:
        return failed(sniffed, extractor, exc)
