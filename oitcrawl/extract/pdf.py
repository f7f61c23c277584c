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
* Two processes: where ``os.fork`` is safe (one thread) and a second core is idle, a long
  document (``SPLIT_MIN_SECONDS`` of pages left after the first ``SPLIT_AFTER_PAGES``) is
  read by this process and a forked child, every other page each, merged in page order:
  the same result as one reader (``tests/test_pdf_split.py``).
* What cannot be bounded in-process is a single pathological page inside one PDFium call. For
  untrusted input where that matters, ``extract_pdf_isolated`` runs the extraction in a child
  process and kills it after ``timeout`` seconds.

PDFium is not thread-safe: calls are serialised with a module lock.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from . import cpu
from .speedups import address, pdfium_walks

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
    top-level path objects), in one walk: in C where built (``speedups.pdfium_walks``),
    else ``_count_objects_python``."""
    walks = pdfium_walks()
    if walks is None:  # pragma: no cover - installed without a C compiler
        return _count_objects_python(page)
    return walks.count_objects(address(page.raw), _MAX_OBJECT_DEPTH)


def _count_objects_python(page: pdfium.PdfPage) -> tuple[int, int]:
    """``_count_objects`` with the raw PDFium calls from Python (``PdfPage.get_objects``
    builds a Python wrapper per object, which doubles the time on pages made of thousands
    of small images)."""
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
#: lock is held; both PDFium objects are closed after it returns. A hook with ``split()``
#: (a fresh hook for another process) and ``merge(other)`` (take its findings back) lets a
#: long document be read by two processes (``_read_split``); without them it is read by one.
#: A hook with ``begin(data)`` is given the document's bytes before the first page.
PageHook = Callable[[pdfium.PdfPage, pdfium.PdfTextPage, "PdfPage", int], None]


def _read_page(pdf: pdfium.PdfDocument, index: int, hook: PageHook | None = None) -> PdfPage:
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
            images, paths = _count_objects(page)
            text = text.replace("\r\n", "\n").replace("\r", "\n")
            chars = len("".join(text.split()))  # str.split cuts at what isspace() calls space
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


class _Pages:
    """Pages of an open document read in the order given, until the time budget is used."""

    def __init__(
        self, pdf: pdfium.PdfDocument, started: float, budget: float | None, hook: Any
    ) -> None:
        self.pdf, self.started, self.budget, self.hook = pdf, started, budget, hook
        self.pages: list[PdfPage] = []
        self.errors: list[tuple[int, str]] = []  # (page index, what went wrong)
        self.stop: int | None = None  # index of the first page not started (time budget)

    def read(self, indices: Iterable[int]) -> None:
        for index in indices:
            if self.budget is not None and time.monotonic() - self.started > self.budget:
                self.stop = index
                return
            try:
                self.pages.append(_read_page(self.pdf, index, self.hook))
            except Exception as exc:  # PdfiumError, or anything PDFium-specific
                self.errors.append((index, f"page {index + 1}: {type(exc).__name__}: {exc}"))

    def take(self, pages: list[PdfPage], errors: list[tuple[int, str]], stop: int | None) -> None:
        """Add what another reader of other pages of the same document read; keep the page
        order and, as when one reader reads them all, nothing from the first page not
        started on."""
        self.pages = sorted(self.pages + pages, key=lambda p: p.number)
        self.errors = sorted(self.errors + errors)
        if stop is not None and (self.stop is None or stop < self.stop):
            self.stop = stop
        if self.stop is not None:
            self.pages = [p for p in self.pages if p.number <= self.stop]
            self.errors = [e for e in self.errors if e[0] < self.stop]

    def messages(self) -> list[str]:
        out = [message for _, message in self.errors]
        if self.stop is not None:
            out.append(f"time budget of {self.budget:g} s used up after {self.stop} pages")
        return out


#: A document is read by two processes at once (``_read_split``) when, after its first
#: ``SPLIT_AFTER_PAGES`` pages, the pages left would take at least ``SPLIT_MIN_SECONDS`` at
#: the pace so far: the second process reads the document's fonts and objects again (about
#: 15 ms on a corpus PDF), so only long work pays. 0 switches it off; ``isolate`` does in
#: the workers of a pool that keeps every core busy already.
SPLIT_MIN_SECONDS = 0.08
SPLIT_AFTER_PAGES = 4


def _parallel_ok() -> bool:
    """A second process may take part of a document's work now: switched on
    (``SPLIT_MIN_SECONDS`` > 0), ``os.fork``, two cores and one of them idle
    (``cpu.idle_core``), and a single thread in this process (a fork copies the locks other
    threads hold)."""
    return _splittable() and threading.active_count() == 1 and cpu.idle_core()


def _splittable(hook: Any = None) -> bool:
    """What does not change while a document is read allows a second process: switched on,
    ``os.fork``, two cores, and no hook or one that gives the other process a hook of its own
    (``split``) and takes its findings back (``merge``)."""
    return (
        SPLIT_MIN_SECONDS > 0
        and hasattr(os, "fork")
        and cpu.cores() >= 2
        and (hook is None or (hasattr(hook, "split") and hasattr(hook, "merge")))
    )


def _read_all(reader: _Pages, count: int) -> None:
    """Pages ``0..count-1`` in order, or in two processes from the page where that pays and
    a core is free (asked again at each page from there: a moment's load, another process
    just starting, does not decide for the whole document)."""
    if count <= SPLIT_AFTER_PAGES or not _splittable(reader.hook):
        reader.read(range(count))
        return
    began = time.monotonic()
    for index in range(count):
        left = count - index
        if index >= SPLIT_AFTER_PAGES and left >= 2 * SPLIT_AFTER_PAGES:
            pace = (time.monotonic() - began) / index
            if pace * left >= SPLIT_MIN_SECONDS and _parallel_ok():
                _read_split(reader, index, count)
                return
        reader.read((index,))
        if reader.stop is not None:
            return


def _die_with_parent() -> None:
    """Linux: this process gets SIGKILL when its parent ends (a worker killed for its time
    budget takes its page reader with it)."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _read_split(reader: _Pages, first: int, count: int) -> None:
    """Read pages ``first..count-1`` of ``reader``'s open document in two processes: a
    forked child (with its own copy of the document, and ``hook.split()``) reads every other page
    while this process reads the others (neighbouring pages cost alike: the halves take about the
    same time); the child's pages, errors and hook findings (``hook.merge``) are then taken
    in (``_Pages.take``): the same result as reading them in order. When the child fails (it
    crashed on a page), this process reads its pages itself. The caller holds the PDFium
    lock, and this process runs one thread."""
    rfd, wfd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: reads its pages, sends them, exits
        code = 1
        try:
            os.close(rfd)
            _die_with_parent()
            hook = reader.hook.split() if reader.hook is not None else None
            child = _Pages(reader.pdf, reader.started, reader.budget, hook)
            child.read(range(first + 1, count, 2))
            payload = pickle.dumps((child.pages, child.errors, child.stop, child.hook), -1)
            with os.fdopen(wfd, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)  # no atexit handlers, no flush of the parent's buffers
    os.close(wfd)
    with os.fdopen(rfd, "rb") as pipe:
        try:
            reader.read(range(first, count, 2))
        except BaseException:  # Ctrl-C, or a hook's own failure: the child is not waited for
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            raise
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    try:
        if os.waitstatus_to_exitcode(status) != 0:
            raise ValueError("page reader failed")
        pages, errors, stop, hook = pickle.loads(payload)
    except Exception:  # the child died on a page: this process reads them (and meets it)
        rest = _Pages(reader.pdf, reader.started, reader.budget, reader.hook)
        rest.read(range(first + 1, count, 2))
        reader.take(rest.pages, rest.errors, rest.stop)
        return
    reader.take(pages, errors, stop)
    if reader.hook is not None:
        reader.hook.merge(hook)


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
            if hasattr(page_hook, "begin"):
                page_hook.begin(data)  # type: ignore[union-attr]
            reader = _Pages(pdf, started, time_budget, page_hook)
            count = min(result.page_count, limit)
            _read_all(reader, count)
            result.pages, errors = reader.pages, reader.messages()
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
