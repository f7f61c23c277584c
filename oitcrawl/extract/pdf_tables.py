"""Ruled tables in PDFs, found in PDFium's own page objects; PDFium reads each cell's text.

The tables are the ones pdfplumber's default "lines" strategy finds, cell for cell, redone on
the vector paths PDFium already parsed for the text layer (``pdf_paths``: the edges,
``pdf_grid``: pdfplumber's geometry): pdfplumber would have pdfminer parse every object of the
page again (~50× PDFium's time per page, 345,000 ``logging.debug`` calls on 20 pages of a
budget PDF). ``tests/test_pdf_tables_pdfium.py`` compares both on every PDF of the sample site
and of the real corpus. This module is the search: per page, per document, and the
pdfplumber fallback.

Each cell's text is PDFium's ``get_text_bounded`` inside the cell's box (``cell_texts``):
pdfminer loses every า of a split ำ on LibreOffice exports (``(cid:3)``) and reorders
characters by x position (issue 4), while PDFium honours /ActualText.

Only pages that can hold a ruled table are searched: a PDF text layer (not OCR) and at least
``MIN_PATHS`` top-level path objects; scanned pages have no cell text to read. A comparison
within ``BORDERLINE`` of its tolerance (PDFium keeps 32-bit coordinates, pdfminer doubles: an
edge exactly 3 points from the next could go either way) is tried both ways, up to
``MAX_TIES`` of them per page. pdfplumber remains the fallback for the pages PDFium cannot
settle: ways that give different tables (2 pages of the real corpus), more ties, a reversed
MediaBox, form XObjects nested deeper than the bound, a path whose segments cannot be read.
A page with more than ``MAX_EDGE_PAIRS`` vertical × horizontal edges or ``MAX_SEGMENTS``
path segments is skipped (noted in the error). The search stops after ``TIME_BUDGET_S``
seconds per document.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import signal
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium

from oitcrawl.extract.pdf import PDFIUM_LOCK, PdfPage, _die_with_parent, _parallel_ok
from oitcrawl.extract.pdf_grid import Cell, _table_cells, _Tie, _Ties
from oitcrawl.extract.pdf_paths import TooComplex, Unsettled, _path_count, page_edges
from oitcrawl.extract.speedups import address, pdfium_walks
from oitcrawl.extract.thai import normalize_text

__all__ = [
    "MIN_PATHS",
    "TIME_BUDGET_S",
    "PdfTable",
    "TableSearch",
    "extract_pdf_tables",
    "page_tables",
]

MIN_PATHS = 6  # a ruled table has at least a few lines; text-only pages have none
TIME_BUDGET_S = 20.0  # seconds per document for table finding
MAX_ROWS = 2000  # rows kept per table
# vertical × horizontal edges paired on one page at the most (pdfplumber pairs all of them:
# a page of 5,000 × 5,000 hairlines would take minutes); a page with more is skipped
MAX_EDGE_PAIRS = 4_000_000
MAX_TIES = 4  # comparisons at a tolerance tried both ways on one page (16 ways at the most)


@dataclass(frozen=True)
class PdfTable:
    """A table found on PDF page ``page`` (1-based): ``rows`` of cell texts ("" for a cell
    merged into its neighbour), whitespace collapsed."""

    page: int
    rows: list[list[str]]


def table_cells(page: pdfium.PdfPage) -> list[list[list[Cell | None]]]:
    """The ruled tables of ``page`` as pdfplumber's default ``find_tables`` finds them: per
    table its rows of cell boxes ``(x0, top, x1, bottom)`` in points (x from the left, top
    from the top of the MediaBox), None for a slot covered by a merged cell. Raises
    ``Unsettled`` for a page to leave to pdfplumber: a comparison too close to tell (see
    ``page_tables``, which tries both ways)."""
    try:
        return _table_cells(*page_edges(page), _Ties(), MAX_EDGE_PAIRS)
    except _Tie:
        raise Unsettled("a comparison at its tolerance") from None


# --------------------------------------------------------------------------- cell text


Box = tuple[float, float, float, float]  # left, top, right, bottom: PDF units, y up


def cell_texts(textpage: pdfium.PdfTextPage, boxes: list[Box]) -> list[str]:
    """PDFium's text inside each (left, top, right, bottom) box of ``boxes`` (PDF units, y
    up), as ``get_text_bounded`` gives it: in C, one call for the page's cells
    (``speedups.pdfium_walks``), else ``cell_texts_python``; the two agree
    (``tests/test_speedups.py``)."""
    walks = pdfium_walks()
    if walks is None:  # pragma: no cover - installed without a C compiler
        return cell_texts_python(textpage, boxes)
    return walks.bounded_texts(address(textpage.raw), boxes)


def cell_texts_python(textpage: pdfium.PdfTextPage, boxes: list[Box]) -> list[str]:
    """``cell_texts`` with pypdfium2's ``get_text_bounded``, a box at a time."""
    return [
        textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=top)
        for left, top, right, bottom in boxes
    ]


def _read_tables(
    number: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, found: Sequence
) -> list[PdfTable]:
    """Cell texts of the tables ``found`` on ``page`` (row lists of boxes or None); tables
    of fewer than two rows dropped, at most ``MAX_ROWS`` rows kept."""
    height = page.get_height()
    out = []
    for rows in found:
        rows = rows[:MAX_ROWS]
        # pdfplumber measures from the top of the page, PDFium from the bottom
        cells = [c for r in rows for c in r if c]
        boxes = [(x0, height - top, x1, height - bottom) for x0, top, x1, bottom in cells]
        read = iter(cell_texts(textpage, boxes))
        texts = [
            [" ".join(normalize_text(next(read)).split()) if c else "" for c in r] for r in rows
        ]
        if len(texts) >= 2:
            out.append(PdfTable(number, texts))
    return out


def page_tables(
    number: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage
) -> list[PdfTable] | None:
    """The ruled tables of the open PDFium ``page`` (1-based ``number``) with their cell texts
    from ``textpage``; None when PDFium cannot settle the page (pdfplumber must). Raises
    ``TooComplex`` for a page with more than ``MAX_EDGE_PAIRS`` edge pairs. The caller holds
    ``pdf.PDFIUM_LOCK``."""
    try:
        v, h = page_edges(page)
    except Unsettled:
        return None
    # Each comparison too close to tell (PDFium's 32-bit coordinates against pdfminer's
    # doubles) is tried both ways, up to MAX_TIES of them: when every way gives the same
    # tables, pdfplumber would have found them too.
    results: list[list[PdfTable]] = []
    pending: list[list[bool]] = [[]]
    while pending:
        decisions = pending.pop()
        try:
            found = _table_cells(v, h, _Ties(decisions), MAX_EDGE_PAIRS)
        except _Tie:
            if len(decisions) >= MAX_TIES:
                return None
            pending += [[*decisions, False], [*decisions, True]]
            continue
        results.append(_read_tables(number, page, textpage, found))
        if results[-1] != results[0]:
            return None
    return results[0]


# --------------------------------------------------------------------------- documents


@dataclass
class TableSearch:
    """The table search of one document, fed page by page while ``extract_pdf`` has each
    page open (its ``page_hook``), finished by ``finish`` once the text of every page is
    decided (OCR'd pages are dropped then). ``budget``: seconds the search may spend on the
    document, PDFium and pdfplumber pages together; ``spent``: seconds spent so far."""

    budget: float = TIME_BUDGET_S
    spent: float = 0.0
    found: dict[int, list[PdfTable]] = field(default_factory=dict)
    fallback: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None
    # the document's bytes (``begin``), pdfplumber helpers running (page → pid, read end of
    # their pipe), and what they answered (page → ("boxes", tables' cell boxes) or ("error",
    # the exception's class))
    data: bytes | None = field(default=None, repr=False, compare=False)
    helpers: dict[int, tuple[int, int]] = field(default_factory=dict, repr=False, compare=False)
    ready: dict[int, tuple[str, Any]] = field(default_factory=dict, repr=False, compare=False)
    owner: int = field(default=0, repr=False, compare=False)  # the helpers' parent process

    def begin(self, data: bytes) -> None:
        """``extract_pdf``'s call before the first page: the document's bytes, for the
        pdfplumber helper of a page PDFium cannot settle (``_start_helper``)."""
        self.data = data

    def __call__(
        self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, p: PdfPage, paths: int
    ) -> None:
        """``extract_pdf``'s page hook: search ``page`` if it has a text layer and at least
        ``MIN_PATHS`` top-level paths (the caller holds the PDFium lock). Never raises."""
        if not p.has_text_layer or paths < MIN_PATHS or self.error:
            return
        if self.spent > self.budget:
            self.error = f"table search stopped: {self.budget:g} s budget used"
            return
        started = time.monotonic()
        try:
            tables = page_tables(p.number, page, textpage)
        except TooComplex as exc:
            self.skipped.append(f"p{p.number} ({exc})")
            tables = []
        except Exception:  # anything PDFium-specific: pdfplumber has a go at the page
            tables = None
        self.spent += time.monotonic() - started
        if tables is None:
            self.fallback.append(p.number)
            self._start_helper(p.number)
        else:
            self.found[p.number] = tables

    def split(self) -> TableSearch:
        """A new, empty search with what is left of this one's budget, for the pages another
        process reads (``pdf._read_split``); ``merge`` takes its findings back."""
        return TableSearch(budget=self.budget - self.spent, error=self.error, data=self.data)

    def merge(self, other: TableSearch) -> None:
        """Take in what ``other`` (from ``split``) found on its pages."""
        self.spent += other.spent
        self.found.update(other.found)
        self.ready.update(other.ready)
        self.fallback += other.fallback
        self.skipped += other.skipped
        self.error = self.error or other.error

    def _start_helper(self, number: int) -> None:
        """pdfplumber's ``find_tables`` on page ``number`` in a forked helper process, while
        this one reads on (``finish`` takes its answer; pdfplumber parses the page again,
        ~0.2 s): where ``pdf._parallel_ok``, else ``finish`` runs it here. The helper reads
        no PDFium (this process holds its lock) and dies with this process."""
        if self.data is None or not _parallel_ok():
            return
        rfd, wfd = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(rfd)
                _die_with_parent()
                _draw_no_text()
                payload = pickle.dumps(_plumber_page(self.data, number), -1)
                with os.fdopen(wfd, "wb") as out:
                    out.write(payload)
                code = 0
            finally:
                os._exit(code)
        os.close(wfd)
        self.helpers[number] = (pid, rfd)
        self.owner = os.getpid()  # a forked copy of this search must not touch them

    def _collect(self, wanted: Sequence[int]) -> None:
        """The answers of the helpers of the pages ``wanted`` (into ``ready``; a helper that
        died gives none: ``finish`` reads its page itself); the other helpers are stopped."""
        if self.helpers and self.owner != os.getpid():
            return  # a copy in a forked process: the helpers are its parent's
        for number, (pid, rfd) in self.helpers.items():
            if number not in wanted:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            with os.fdopen(rfd, "rb") as pipe:
                payload = pipe.read() if number in wanted else b""
            _, status = os.waitpid(pid, 0)
            if payload and os.waitstatus_to_exitcode(status) == 0:
                with contextlib.suppress(Exception):
                    self.ready[number] = pickle.loads(payload)
        self.helpers.clear()

    def __del__(self) -> None:  # a search dropped before ``finish``: no helper left behind
        with contextlib.suppress(Exception):
            self._collect(())

    def __getstate__(self) -> dict[str, Any]:
        """Handed to another process (``pdf._read_split``): the helpers' answers are waited
        for (they are this process's children), the bytes left behind."""
        self._collect(list(self.helpers))
        state = dict(self.__dict__)
        state.update(data=None, helpers={})
        return state

    def finish(self, data: bytes, pages: Sequence[PdfPage]) -> tuple[list[PdfTable], str | None]:
        """``(tables, error)`` in page order for the pages still carrying their text layer
        (not OCR'd); pages PDFium could not settle are given to pdfplumber now, within what
        is left of the budget. Never raises for bad input."""
        keep = {p.number for p in pages if p.has_text_layer and not p.ocr}
        tables = [t for n in sorted(self.found) if n in keep for t in self.found[n]]
        wanted = [n for n in self.fallback if n in keep]
        error = self.error
        self._collect(wanted if error is None else [])
        if wanted and error is None:
            more, error = _plumber_tables(data, wanted, self.budget - self.spent, self.ready)
            tables = sorted(tables + more, key=lambda t: t.page)  # stable within a page
        if self.skipped:
            note = "table search skipped " + ", ".join(self.skipped)
            error = f"{error}; {note}" if error else note
        return tables, error


def table_candidate_pages(pdf: pdfium.PdfDocument, pages: Sequence[PdfPage]) -> list[int]:
    """Numbers (1-based) of the pages worth a table search: a PDF text layer (not OCR) and at
    least ``MIN_PATHS`` path objects. The caller holds ``pdf.PDFIUM_LOCK``."""
    out: list[int] = []
    for p in pages:
        if not p.has_text_layer or p.ocr:
            continue
        page = pdf[p.number - 1]
        try:
            if _path_count(page) >= MIN_PATHS:
                out.append(p.number)
        finally:
            page.close()
    return out


def extract_pdf_tables(data: bytes, pages: Sequence[PdfPage]) -> tuple[list[PdfTable], str | None]:
    """Find the ruled tables of a PDF whose text layer ``pages`` were read by ``extract_pdf``
    (a document opened again; ``extract_document`` searches while the text is read instead).

    Returns ``(tables, error)``: tables in page order; ``error`` says why the search stopped
    early (time budget, a pdfplumber failure on a fallback page), else None. Never raises for
    bad input.
    """
    search = TableSearch()
    try:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(bytes(data))
    except pdfium.PdfiumError as exc:
        return [], f"table search failed: {exc}"
    try:
        by_number = {p.number: p for p in pages}
        with PDFIUM_LOCK:
            for number in table_candidate_pages(pdf, pages):
                page = pdf[number - 1]
                textpage = page.get_textpage()
                try:
                    search(page, textpage, by_number[number], MIN_PATHS)
                finally:
                    textpage.close()
                    page.close()
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return search.finish(data, pages)


def _draw_no_text() -> None:
    """In a helper process (it answers one page, then exits): pdfminer draws no character.
    The "lines" strategy reads only the page's paths, and text operators change no path or
    its matrix, so the cells are the same; a page of Thai text parses ~1.5× faster."""
    from pdfminer.pdfdevice import PDFTextDevice

    PDFTextDevice.render_string = lambda *args, **kwargs: None  # type: ignore[method-assign]


def _plumber_boxes(plumber: Any, number: int) -> list[list[list[Cell | None]]]:
    """Cell boxes of pdfplumber's tables on page ``number`` of the open ``plumber``."""
    return [[r.cells for r in t.rows] for t in plumber.pages[number - 1].find_tables()]


def _plumber_error(why: str) -> str:
    return f"table search failed: pdfplumber could not parse the file ({why})"


def _why(exc: BaseException) -> str:
    """The cause's class only: messages such as RecursionError's vary between runs."""
    return type(exc.__cause__ or exc.__context__ or exc).__name__


def _plumber_page(data: bytes, number: int) -> tuple[str, Any]:
    """A helper's answer for page ``number``: ("boxes", ``_plumber_boxes``) or ("error",
    ``_why``)."""
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            return "boxes", _plumber_boxes(plumber, number)
    except Exception as exc:
        return "error", _why(exc)


def _plumber_tables(
    data: bytes,
    numbers: Sequence[int],
    budget: float = TIME_BUDGET_S,
    ready: dict[int, tuple[str, Any]] | None = None,
) -> tuple[list[PdfTable], str | None]:
    """The pdfplumber path: pdfplumber's ``find_tables`` on pages ``numbers`` (1-based), PDFium
    text per cell, no page started after ``budget`` seconds; ``ready``: the answers of
    helpers for some pages (``_plumber_page``), taken as if pdfplumber had just given them.
    Returns ``(tables, error)``; never raises for bad input."""
    import pdfplumber

    ready = ready or {}
    started = time.monotonic()
    tables: list[PdfTable] = []
    try:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(bytes(data))
    except pdfium.PdfiumError as exc:
        return tables, f"table search failed: {exc}"
    plumber = None
    try:
        for number in numbers:
            if time.monotonic() - started > budget:
                return tables, f"table search stopped: {TIME_BUDGET_S:g} s budget used"
            kind, found = ready.get(number, ("", None))
            if kind == "error":
                return tables, _plumber_error(found)
            if kind != "boxes":
                if plumber is None:
                    plumber = pdfplumber.open(io.BytesIO(data))
                found = _plumber_boxes(plumber, number)
            if not found:
                continue
            with PDFIUM_LOCK:
                page = pdf[number - 1]
                textpage = page.get_textpage()
                try:
                    tables += _read_tables(number, page, textpage, found)
                finally:
                    textpage.close()
                    page.close()
    except Exception as exc:  # pdfminer on a damaged file: keep the text we have
        return tables, _plumber_error(_why(exc))
    finally:
        if plumber is not None:
            plumber.close()
        with PDFIUM_LOCK:
            pdf.close()
    return tables, None
