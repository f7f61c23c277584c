"""Tables in PDFs: pdfplumber finds the cells, PDFium reads the text in each cell.

pdfplumber's ruling-line table finder is the geometry (cell boxes); its own text is not used:
on LibreOffice exports pdfminer loses every า of a split ำ (``(cid:3)``) and reorders
characters by x position (issue 4 measurements), while PDFium honours /ActualText. So each
cell's text is PDFium's ``get_text_bounded`` inside the cell's box.

pdfplumber is ~50× slower than PDFium per page, so it only runs on pages that can hold a
ruled table: pages with at least ``MIN_PATHS`` vector path objects (grid lines) and a text
layer, at most ``MAX_TABLE_PAGES`` pages per document, within ``TIME_BUDGET_S`` seconds.
Scanned pages have no cell text to read and are skipped.
"""

from __future__ import annotations

import io
import time
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from oitcrawl.extract.pdf import PDFIUM_LOCK, PdfPage
from oitcrawl.extract.thai import normalize_text

MIN_PATHS = 6  # a ruled table has at least a few lines; text-only pages have none
MAX_TABLE_PAGES = 20  # pages per document given to pdfplumber
TIME_BUDGET_S = 20.0  # seconds per document for table finding
MAX_ROWS = 2000  # rows kept per table


@dataclass(frozen=True)
class PdfTable:
    """A table found on PDF page ``page`` (1-based): ``rows`` of cell texts ("" for a cell
    merged into its neighbour), whitespace collapsed."""

    page: int
    rows: list[list[str]]


def _path_count(page: pdfium.PdfPage) -> int:
    raw = page.raw
    kind_path = pdfium_c.FPDF_PAGEOBJ_PATH
    return sum(
        1
        for i in range(pdfium_c.FPDFPage_CountObjects(raw))
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)) == kind_path
    )


def table_candidate_pages(pdf: pdfium.PdfDocument, pages: Sequence[PdfPage]) -> list[int]:
    """Numbers (1-based) of the pages worth a table search: a PDF text layer (not OCR) and at
    least ``MIN_PATHS`` path objects; at most ``MAX_TABLE_PAGES``."""
    out: list[int] = []
    for p in pages:
        if len(out) >= MAX_TABLE_PAGES:
            break
        if not p.has_text_layer or p.ocr:
            continue
        page = pdf[p.number - 1]
        try:
            if _path_count(page) >= MIN_PATHS:
                out.append(p.number)
        finally:
            page.close()
    return out


def _cell_text(textpage: pdfium.PdfTextPage, height: float, box: tuple) -> str:
    x0, top, x1, bottom = box
    # pdfplumber measures from the top of the page, PDFium from the bottom.
    text = textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
    return " ".join(normalize_text(text).split())


def extract_pdf_tables(data: bytes, pages: Sequence[PdfPage]) -> tuple[list[PdfTable], str | None]:
    """Find the ruled tables of a PDF whose text layer ``pages`` were read by ``extract_pdf``.

    Returns ``(tables, error)``: tables in page order; ``error`` says why the search stopped
    early (time budget, a pdfplumber failure), else None. Never raises for bad input.
    """
    import pdfplumber

    started = time.monotonic()
    tables: list[PdfTable] = []
    try:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(bytes(data))
    except pdfium.PdfiumError as exc:
        return tables, f"table search failed: {exc}"
    try:
        with PDFIUM_LOCK:
            wanted = table_candidate_pages(pdf, pages)
        if not wanted:  # most PDFs: no ruled page, pdfplumber never opens the file
            return tables, None
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for number in wanted:
                if time.monotonic() - started > TIME_BUDGET_S:
                    return tables, f"table search stopped: {TIME_BUDGET_S:g} s budget used"
                found = plumber.pages[number - 1].find_tables()
                if not found:
                    continue
                with PDFIUM_LOCK:
                    page = pdf[number - 1]
                    textpage = page.get_textpage()
                    try:
                        height = page.get_height()
                        for t in found:
                            rows = [
                                [_cell_text(textpage, height, c) if c else "" for c in r.cells]
                                for r in t.rows[:MAX_ROWS]
                            ]
                            if len(rows) >= 2:
                                tables.append(PdfTable(number, rows))
                    finally:
                        textpage.close()
                        page.close()
    except Exception as exc:  # pdfminer on a damaged file: keep the text we have
        # the cause's class only: messages such as RecursionError's vary between runs
        why = type(exc.__cause__ or exc.__context__ or exc).__name__
        return tables, f"table search failed: pdfplumber could not parse the file ({why})"
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return tables, None
