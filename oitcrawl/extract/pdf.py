"""PDF text layers with PDFium (pypdfium2).

PDFium rather than pdfminer/pdfplumber: it is an order of magnitude faster, repairs damaged
cross-reference tables the way Chrome does, and ``FPDFText_GetText`` honours ``/ActualText``
(LibreOffice writes the real Thai text there; pdfminer returns the glyph soup underneath).

Bounds (a bad file must not hang the pipeline):

* Opening: PDFium parses the cross-reference table (or rebuilds it by scanning the file once);
  time is linear in the file size. A file PDFium cannot open (truncated, not a PDF, encrypted
  with a user password) gives ``PdfExtract.error`` and no pages; nothing is raised.
* Pages: at most ``max_pages`` pages are read (default ``DEFAULT_MAX_PAGES`` = 2,000), and
  reading stops once ``time_budget`` seconds (default 120 s) have passed since the start,
  checked between pages; ``PdfExtract.truncated`` and ``error`` then say so. Page objects are
  walked at most ``_MAX_OBJECT_DEPTH`` form XObjects deep.
* What cannot be bounded in-process is a single pathological page inside one PDFium call. For
  untrusted input where that matters, ``extract_pdf_isolated`` runs the extraction in a child
  process and kills it after ``timeout`` seconds.

PDFium is not thread-safe: calls are serialised with a module lock.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

__all__ = [
    "DEFAULT_MAX_PAGES",
    "DEFAULT_TIME_BUDGET",
    "PdfExtract",
    "PdfPage",
    "extract_pdf",
    "extract_pdf_isolated",
]

DEFAULT_MAX_PAGES = 2000
DEFAULT_TIME_BUDGET = 120.0  # seconds
_MAX_OBJECT_DEPTH = 8
_METADATA_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
# PDFium is not thread-safe: every call into it (here, pdf_tables, ocr) holds this lock.
PDFIUM_LOCK = threading.Lock()
_LOCK = PDFIUM_LOCK

# FPDF_GetLastError codes → what they mean for a crawled file.
_OPEN_ERRORS = {
    pdfium_c.FPDF_ERR_UNKNOWN: "unknown error",
    pdfium_c.FPDF_ERR_FILE: "file not found or could not be read",
    pdfium_c.FPDF_ERR_FORMAT: "not a PDF or damaged/truncated (data format error)",
    pdfium_c.FPDF_ERR_PASSWORD: "encrypted: a password is required to open it",
    pdfium_c.FPDF_ERR_SECURITY: "unsupported security handler",
    pdfium_c.FPDF_ERR_PAGE: "page not found or content error",
}


@dataclass
class PdfPage:
    """One page's text layer.

    ``number``: 1-based. ``text``: PDFium's text (``get_text_range``, /ActualText honoured),
    line endings turned into ``\\n``, otherwise raw (U+FFFD and private-use glyphs kept so a
    quality check can count them; use ``thai.normalize_text`` for display). ``chars``: count
    of non-whitespace characters in ``text``. ``has_text_layer``: ``chars > 0`` (a garbage OCR
    layer counts). ``image_count``: image objects on the page, inside form XObjects too.
    ``ocr``: ``text`` and ``chars`` come from OCR (``oitcrawl.extract.ocr``, set by
    ``extract_document`` for scans); ``has_text_layer`` then still describes the PDF's own
    text layer. ``extract_pdf`` always gives False; the default lets extracts stored before
    this field load.

    Since extractor version 6 (issue 18), set by ``extract_document`` for every page:
    ``text_class``: ``quality.classify_page`` of the page's own layer; ``source``: where
    ``text`` comes from: "text_layer", "repaired_layer" (the layer with ``repairs`` applied)
    or "ocr"; ``source_reason``: why (the Thai text-quality scores compared, or why OCR was
    not tried); ``layer_score`` / ``ocr_score``: ``quality.thai_quality`` of the (repaired)
    layer and of the OCR text (None when not measured); ``repairs``: the repairs made to the
    layer ("sara am: ํ + า → ำ ×3"); ``corrections``: the OCR'd years found implausible
    (``ocr.check_years`` notes: corrected or flagged, the original kept).
    """

    number: int
    text: str
    chars: int
    has_text_layer: bool
    image_count: int
    ocr: bool = False
    text_class: str | None = None
    source: str = "text_layer"
    source_reason: str = ""
    layer_score: float | None = None
    ocr_score: float | None = None
    repairs: list[str] = field(default_factory=list)
    corrections: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``dataclasses.asdict``)."""
        return asdict(self)


@dataclass
class PdfExtract:
    """Result of ``extract_pdf``.

    ``page_count``: pages in the document (0 if it could not be opened), even when fewer were
    read. ``pages``: the pages read, in order. ``metadata``: non-empty Info entries among
    Title, Author, Subject, Keywords, Creator, Producer (stripped strings). ``error``: why the
    file could not be opened or read completely, else None. ``truncated``: fewer pages were
    read than the document has (max_pages or time budget).
    """

    page_count: int = 0
    pages: list[PdfPage] = field(default_factory=list)
    metadata: dict[str, str] = field(default_factory=dict)
    error: str | None = None
    truncated: bool = False

    @property
    def has_text_layer(self) -> bool:
        """True if any page read has a text layer."""
        return any(p.has_text_layer for p in self.pages)

    @property
    def text(self) -> str:
        """Text of the pages read, joined with a newline."""
        return "\n".join(p.text for p in self.pages)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``dataclasses.asdict``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PdfExtract:
        """Inverse of ``to_dict``; raises TypeError/KeyError for a dict of another shape."""
        d = dict(d)
        d["pages"] = [PdfPage(**p) for p in d.get("pages", [])]
        return cls(**d)


def _open_error(exc: Exception) -> str:
    code = getattr(exc, "err_code", None)
    why = _OPEN_ERRORS.get(code) if code is not None else None
    return f"could not open PDF: {why or exc}"


def _count_objects(page: pdfium.PdfPage) -> tuple[int, int]:
    """(image objects on ``page``, including inside form XObjects up to _MAX_OBJECT_DEPTH;
    top-level path objects), in one walk.

    Uses the raw PDFium calls: ``PdfPage.get_objects`` builds a Python wrapper per object,
    which doubles the time on pages made of thousands of small images.
    """
    image, form, path = (
        pdfium_c.FPDF_PAGEOBJ_IMAGE,
        pdfium_c.FPDF_PAGEOBJ_FORM,
        pdfium_c.FPDF_PAGEOBJ_PATH,
    )
    count = paths = 0
    forms = []
    raw = page.raw
    for i in range(pdfium_c.FPDFPage_CountObjects(raw)):
        obj = pdfium_c.FPDFPage_GetObject(raw, i)
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == image:
            count += 1
        elif kind == path:
            paths += 1
        elif kind == form:
            forms.append((obj, 1))
    while forms:
        obj, depth = forms.pop()
        if depth > _MAX_OBJECT_DEPTH:
            continue
        for i in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            child = pdfium_c.FPDFFormObj_GetObject(obj, i)
            kind = pdfium_c.FPDFPageObj_GetType(child)
            if kind == image:
                count += 1
            elif kind == form:
                forms.append((child, depth + 1))
    return count, paths


def _count_images(page: pdfium.PdfPage) -> int:
    """Image objects on ``page``, including inside form XObjects (up to _MAX_OBJECT_DEPTH)."""
    return _count_objects(page)[0]


#: ``extract_pdf``'s ``page_hook``: called with (the open PDFium page, its open text page,
#: the ``PdfPage`` read from it, the page's top-level path-object count) while the PDFium
#: lock is held; both PDFium objects are closed after it returns.
PageHook = Callable[[pdfium.PdfPage, pdfium.PdfTextPage, "PdfPage", int], None]


def _read_page(pdf: pdfium.PdfDocument, index: int, hook: PageHook | None = None) -> PdfPage:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            images, paths = _count_objects(page)
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            chars = sum(1 for c in text if not c.isspace())
            result = PdfPage(
                number=index + 1,
                text=text,
                chars=chars,
                has_text_layer=chars > 0,
                image_count=images,
            )
            if hook is not None:
                hook(page, textpage, result, paths)
        finally:
            textpage.close()
    finally:
        page.close()
    return result


def extract_pdf(
    data: bytes,
    max_pages: int | None = None,
    *,
    time_budget: float | None = DEFAULT_TIME_BUDGET,
    page_hook: PageHook | None = None,
) -> PdfExtract:
    """Read the text layer of every page of a PDF given as bytes.

    ``max_pages``: read at most this many pages (None → ``DEFAULT_MAX_PAGES``).
    ``time_budget``: seconds after which no further page is started (None → no limit).
    Returns a ``PdfExtract``; a damaged, truncated, encrypted or non-PDF input gives
    ``page_count`` 0 and ``error`` set (e.g. "could not open PDF: not a PDF or
    damaged/truncated (data format error)"); a page that fails to load is skipped and noted
    in ``error``. Never raises for bad input. All PDFium objects are closed before returning.
    ``page_hook`` (see ``PageHook``) sees every page read while it is open, so that another
    reading of the page (``pdf_tables.TableSearch``) needs no second open; an exception it
    raises counts as a failure of that page.
    """
    limit = DEFAULT_MAX_PAGES if max_pages is None else max(0, max_pages)
    started = time.monotonic()
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(bytes(data))
        except pdfium.PdfiumError as exc:
            return PdfExtract(error=_open_error(exc))
        try:
            result = PdfExtract(page_count=len(pdf), metadata=_metadata(pdf))
            errors: list[str] = []
            for index in range(min(result.page_count, limit)):
                if time_budget is not None and time.monotonic() - started > time_budget:
                    errors.append(f"time budget of {time_budget:g} s used up after {index} pages")
                    break
                try:
                    result.pages.append(_read_page(pdf, index, page_hook))
                except Exception as exc:  # PdfiumError, or anything PDFium-specific
                    errors.append(f"page {index + 1}: {type(exc).__name__}: {exc}")
            if result.page_count > limit:
                errors.append(
                    f"only the first {limit} of {result.page_count} pages were read (page limit)"
                )
            result.truncated = len(result.pages) < result.page_count
            if errors:
                result.error = "; ".join(errors)
            return result
        finally:
            pdf.close()


def _metadata(pdf: pdfium.PdfDocument) -> dict[str, str]:
    try:
        raw = pdf.get_metadata_dict(skip_empty=True)
    except pdfium.PdfiumError:
        return {}
    out: dict[str, str] = {}
    for key in _METADATA_KEYS:
        value = raw.get(key)
        if isinstance(value, str) and value.strip():
            out[key] = value.strip()
    return out


def _child(conn: Any, data: bytes, max_pages: int | None) -> None:
    try:
        conn.send(extract_pdf(data, max_pages, time_budget=None).to_dict())
    finally:
        conn.close()


def extract_pdf_isolated(
    data: bytes, max_pages: int | None = None, timeout: float = 60.0
) -> PdfExtract:
    """``extract_pdf`` in a child process that is killed after ``timeout`` seconds.

    Same result as ``extract_pdf``; if the child is still running after ``timeout`` seconds
    (or dies), returns ``PdfExtract(error=...)`` with no pages. Costs a process start
    (spawn, ~0.3 s): use it for untrusted files, not in a tight loop. Never raises for bad
    input.
    """
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, bytes(data), max_pages), daemon=True)
    proc.start()
    child.close()
    try:
        if parent.poll(timeout):
            try:
                return PdfExtract.from_dict(parent.recv())
            except EOFError:
                return PdfExtract(error="PDF extraction process died")
        return PdfExtract(error=f"PDF extraction did not finish within {timeout:g} s")
    finally:
        parent.close()
        if proc.is_alive():
            proc.kill()
        proc.join(5)
