"""Everything oitcrawl knows about one document: the data behind ``oitcrawl inspect``.

``inspect_document`` runs the same extraction and checks as a crawl (``extract.
extract_document``, ``extract.quality``, ``evaluate.readability``, ``periods.find_dates``) on
one document's bytes and returns a plain-JSON dict of the stable shape ``oitcrawl/inspect@1``
(validated by ``reports/inspect.schema.json``; see the README section "oitcrawl inspect").
``fetch_url`` fetches a document over HTTP(S) for it. Nothing is stored.

Shape (all years BE; ``null`` where a field does not apply)::

    schema            "oitcrawl/inspect@1"
    tool              {name: "oitcrawl", version}
    source            the path or URL as given
    bytes, sha256     size of the body in bytes; its SHA-256 (hex)
    sniffed           {type, reasons [str], mismatch}
    extractor, error  what produced the extract; why extraction failed or is incomplete
    title, page_count
    pages             PDF pages: [{number, chars, has_text_layer, image_count, ocr,
                      text_layer_class}] ([] for other types); chars counts the text used
                      (OCR text when ocr is true); has_text_layer and text_layer_class
                      describe the PDF's own text layer, before OCR
    text_layer        PDF: {class, reason_th, reason_en} (quality.classify_document), else null
    machine_readable  {level 0-3, label, machine_readable, reason_th, reason_en}
    ocr               {used, engine ("tesseract tha+eng" or null)}
    dates             first 200 mentions in title + text: [{kind, text, year_be, month, day,
                      fiscal_year, quarter, half, year_end_be}]
    fiscal_years      sorted distinct fiscal years named or implied by all the mentions
    tables            first 20: [{rows, columns, header_row, header, first_rows,
                      rows_per_month}]: header_row is the index of the recognised header
                      (extract.tables.recognise; null and header [] when no row looks like
                      one), first_rows the first 3 data rows, rows_per_month {"YYYY-MM" (CE):
                      data rows dated in that month}
    announcement      {date, signatures}: the date after "ประกาศ ณ วันที่" (a dates entry,
                      or null) and the signing blocks [{name, position, head, acting}]
                      (extract.announcement; head: the title of an agency head in any
                      bundled framework)
    metadata          {str: str} (PDF Info, text_layer, ocr, ocr_error, sheet names, ...)
    text_head         first 20 non-empty lines of the normalised text
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterator, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from oitcrawl import __version__
from oitcrawl.i18n import tr

if TYPE_CHECKING:
    from oitcrawl.extract import DocumentExtract, PdfPage
    from oitcrawl.periods import DateMention

__all__ = [
    "MAX_FETCH_BYTES",
    "SCHEMA_ID",
    "FetchError",
    "fetch_url",
    "inspect_document",
    "read_file",
]

SCHEMA_ID = "oitcrawl/inspect@1"
MAX_FETCH_BYTES = 50 * 1024 * 1024  # largest body fetch_url accepts
MAX_DATES = 200
MAX_TABLES = 20
TABLE_FIRST_ROWS = 3
TEXT_HEAD_LINES = 20
_DATE_FIELDS = ("kind", "text", "year_be", "month", "day", "fiscal_year", "quarter", "half",
                "year_end_be")  # fmt: skip


class FetchError(Exception):
    """``fetch_url`` could not get the document; the message names the URL and the reason."""


def read_file(path: Path, limit: int = MAX_FETCH_BYTES) -> bytes:
    """The bytes of the local file `path`, read in 1 MB chunks and never more than `limit`
    bytes (default 50 MB, as for a fetch).

    Raises FetchError (naming the file and what to do) when it is not a regular file (a
    folder, /dev/zero, a pipe), is larger than `limit` bytes, or cannot be read.
    """
    import stat

    try:
        info = path.stat()
    except OSError as exc:
        raise FetchError(
            f"{path}: ไม่มีไฟล์นี้หรือเปิดไม่ได้ / no such file or cannot open it ({exc.strerror or exc})"
        ) from None
    if stat.S_ISDIR(info.st_mode):
        raise FetchError(
            f"{path}: " + tr("เป็นโฟลเดอร์ ระบุไฟล์เอกสาร", "is a folder; give a document file")
        )
    if not stat.S_ISREG(info.st_mode):
        raise FetchError(
            f"{path}: "
            + tr(
                "ไม่ใช่ไฟล์ปกติ (อุปกรณ์หรือไปป์) ระบุไฟล์เอกสาร",
                "not a regular file (a device or a pipe); give a document file",
            )
        )
    if info.st_size > limit:
        raise FetchError(
            f"{path}: "
            + tr(
                f"ขนาด {info.st_size:,} ไบต์ เกินขีดจำกัด {limit:,} ไบต์",
                f"{info.st_size:,} bytes, over the {limit:,} byte limit",
            )
        )
    chunks: list[bytes] = []
    size = 0
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(1024 * 1024):
                size += len(chunk)
                if size > limit:  # grew while being read
                    raise FetchError(f"{path}: over the {limit:,} byte limit")
                chunks.append(chunk)
    except OSError as exc:
        what = tr("อ่านไฟล์ไม่ได้", "cannot read it")
        raise FetchError(f"{path}: {what} ({exc.strerror or exc})") from None
    return b"".join(chunks)


def fetch_url(
    url: str, timeout_s: float = 30.0, allow_private: bool = False
) -> tuple[bytes, str | None, str]:
    """Fetch ``url`` (http or https, redirects followed) for ``inspect_document``.

    The URL is IRI-encoded once (``crawl.urls.request_url``: Thai paths and spaces work as
    typed). ``timeout_s``: seconds for connecting and for each read. The User-Agent is
    "oitcrawl/<version> (inspect)". Returns ``(body bytes, Content-Type header or None, final
    URL after redirects)``. Raises ``FetchError`` for another scheme (``javascript:``,
    ``file:``, ``ftp:`` ...), a network error, an HTTP status of 400 or more, or a body over
    ``MAX_FETCH_BYTES`` (50 MB), or a host (of the URL or of any redirect) that resolves only
    to a loopback/private/link-local/metadata address unless ``allow_private`` (the crawler's
    guard, ``crawl.guard``).
    """
    import httpx

    from oitcrawl.crawl.guard import check_target
    from oitcrawl.crawl.urls import request_url

    scheme = urlsplit(url.strip()).scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchError(
            f"{url}: ดึงได้เฉพาะ URL แบบ http/https / only http and https URLs can be fetched"
        )
    wire = request_url(url)
    headers = {"User-Agent": f"oitcrawl/{__version__} (inspect)"}

    def guard(request: httpx.Request) -> None:  # every hop, redirects included
        blocked = None if allow_private else check_target(request.url.host)
        if blocked is not None:
            raise FetchError(f"{url}: {blocked.reason_th} / {blocked}")

    hooks = {"request": [guard]}
    try:
        with (
            httpx.Client(
                follow_redirects=True, timeout=timeout_s, headers=headers, event_hooks=hooks
            ) as client,
            client.stream("GET", wire) as resp,
        ):
            if resp.status_code >= 400:
                raise FetchError(f"{url}: HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
            declared = resp.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > MAX_FETCH_BYTES:
                raise FetchError(f"{url}: {declared} bytes, over the {MAX_FETCH_BYTES} byte limit")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > MAX_FETCH_BYTES:
                    raise FetchError(f"{url}: over the {MAX_FETCH_BYTES} byte limit")
                chunks.append(chunk)
            return b"".join(chunks), resp.headers.get("content-type"), str(resp.url)
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: {type(exc).__name__}: {exc or 'no detail'}") from exc


def _readability_rows(doc: DocumentExtract) -> tuple[dict[str, Any], dict[str, Any]]:
    """Store-shaped fetch and extract rows (``oitcrawl.extract.run``) for ``readability.assess``."""
    pages = [p.to_dict() for p in doc.pages] if doc.pages is not None else None
    extract = {
        "sniffed_type": doc.sniffed.type,
        "pages_json": json.dumps(pages, ensure_ascii=False),
        "tables_json": json.dumps(doc.tables, ensure_ascii=False),
        "error": doc.error,
    }
    return {"outcome": "ok", "error": None}, extract


def _raw_pages(data: bytes, doc: DocumentExtract) -> list[PdfPage]:
    """The PDF's pages with their own text layer (OCR or a repair replaced the text of some
    pages: their choice and why are in ``metadata`` text_source / ocr_corrections)."""
    from oitcrawl.extract import extract_pdf

    pages = doc.pages or []
    if any(p.ocr or p.source != "text_layer" for p in pages):  # OCR'd or repaired pages
        raw = extract_pdf(data).pages
        if [p.number for p in raw] == [p.number for p in pages]:
            return raw
    return pages


def _date_dict(d: DateMention) -> dict[str, Any]:
    return {name: getattr(d, name) for name in _DATE_FIELDS}


def _dates(title: str, text: str) -> tuple[list[dict[str, Any]], list[int]]:
    from oitcrawl.periods import _implied_fiscal_years, find_dates

    mentions: list[DateMention] = []
    if title and not text.startswith(title):  # a PDF's title is its first line: count it once
        mentions.extend(find_dates(title))
    mentions.extend(find_dates(text))
    years = sorted({fy for d in mentions for fy in _implied_fiscal_years(d)})
    return [_date_dict(d) for d in mentions[:MAX_DATES]], years


def _table(rows: list[list[str]]) -> dict[str, Any]:
    from oitcrawl.extract.tables import recognise, rows_per_month

    table = recognise([[str(c) if c is not None else "" for c in row] for row in rows])
    return {
        "rows": len(rows),
        "columns": max((len(r) for r in rows), default=0),
        "header_row": table.header_row,
        "header": list(table.header),
        "first_rows": [list(r) for r in table.data_rows[:TABLE_FIRST_ROWS]],
        "rows_per_month": rows_per_month(table),
    }


@cache
def _head_titles() -> tuple[str, ...]:
    """Head-of-agency titles of every bundled framework (inspect knows no framework), kept
    in the cache folder (``caches.built_once``) keyed by the framework files and the code
    that reads them (the framework package, this module): loading every framework takes
    ~0.2 s of a command's second."""
    from oitcrawl.caches import built_once, source_key
    from oitcrawl.framework import files as framework_files

    code = Path(framework_files.__file__).parent  # the package's modules: how they are read
    rules = framework_files.framework_files().values()
    files = [*sorted(map(str, rules)), *sorted(map(str, code.glob("*.py"))), __file__]
    return built_once("head-titles", source_key(files), _read_head_titles, _are_titles)


def _read_head_titles() -> tuple[str, ...]:
    from oitcrawl.framework import available_frameworks, load_framework

    titles: list[str] = []
    for fid in available_frameworks():
        titles += [t for t in load_framework(fid).head_titles_th if t not in titles]
    return tuple(titles)


def _are_titles(data: object) -> bool:
    return isinstance(data, tuple) and all(isinstance(t, str) for t in data)


class _HeadTitles(Sequence[str]):
    """``_head_titles()``, the bundled frameworks loaded only when a signing block is found."""

    def __getitem__(self, i):  # noqa: ANN001
        return _head_titles()[i]

    def __len__(self) -> int:
        return len(_head_titles())

    def __iter__(self) -> Iterator[str]:
        return iter(_head_titles())


def _announcement(text: str) -> dict[str, Any]:
    from oitcrawl.extract.announcement import document_date, find_signatures

    date = document_date(text)
    return {
        "date": _date_dict(date) if date else None,
        "signatures": [
            {"name": s.name, "position": s.position, "head": s.head, "acting": s.acting}
            for s in find_signatures(text, _HeadTitles())
        ],
    }


def _announcement_text(doc: DocumentExtract, whole: bool) -> str:
    """The text the announcement is read in: for a PDF of more than two pages (unless
    ``whole``), only the pages ``announcement.announcement_pages`` picks (first, last, the
    pages with "ประกาศ ณ วันที่" and the page after each), joined as ``doc.text`` joins them."""
    from oitcrawl.extract.announcement import announcement_pages
    from oitcrawl.extract.thai import normalize_text

    pages = doc.pages or []
    if whole or len(pages) <= 2:
        return doc.text or ""
    picked = announcement_pages([p.text for p in pages])
    return "\n".join(t for t in (normalize_text(pages[i].text) for i in picked) if t)


def _pdf_pages(data: bytes, doc: DocumentExtract) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """(text_layer, pages) of the inspect dict for a PDF. The classes of the PDF's own text
    layer come from the extraction (``metadata["text_layer"]``, ``PdfPage.text_class``: both
    measured before repairs and OCR); a PDF read again only for an extract without them."""
    from oitcrawl.extract.quality import _REASONS, classify_document, classify_page

    pages = doc.pages or []
    label = doc.metadata.get("text_layer")
    if label in _REASONS and all(p.text_class for p in pages):
        reason_th, reason_en = _REASONS[label]
        if not pages:
            reason_th, reason_en = "ไม่มีหน้าที่อ่านได้", "no pages could be read"
        raw_class = {p.number: p.text_class for p in pages}
    else:
        raw = _raw_pages(data, doc)
        quality = classify_document(raw)
        label, reason_th, reason_en = quality.label, quality.reason_th, quality.reason_en
        raw_class = {p.number: classify_page(p.text, p.image_count) for p in raw}
    text_layer = {"class": label, "reason_th": reason_th, "reason_en": reason_en}
    return text_layer, [
        {
            "number": p.number,
            "chars": p.chars,
            "has_text_layer": p.has_text_layer,
            "image_count": p.image_count,
            "ocr": p.ocr,
            "text_layer_class": raw_class.get(p.number) or "no_text",
        }
        for p in pages
    ]


_PRESTARTED: list[Any] = []  # the worker ``prestart_worker`` forked, until a document uses it


def prestart_worker(args: Sequence[str] = ()) -> None:
    """Fork ``inspect``'s extraction worker now, at the very start of the command, before the
    CLI parses its arguments (~0.2 s of imports and typer's work on the critical path
    otherwise): the worker imports the extractors and loads the Thai scoring's data
    (``prepare``) meanwhile, and starts on the local file ``args`` (the arguments after
    ``inspect``) most likely name (``likely_file``): its answer is used only if the command
    then sends that file's very bytes (``ExtractionWorker(likely=...)``). Called by
    ``oitcrawl.entry.main`` for ``oitcrawl inspect``; a worker no document uses exits with
    this process (its pipe closes). Where it cannot fork, a new interpreter."""
    from oitcrawl.extract.isolate import ExtractionWorker

    target = likely_file(args)
    likely = (lambda: read_file(Path(target)), None, target) if target else None
    worker = ExtractionWorker(fork=True, waited_for=True, likely=likely)
    worker.start()
    _PRESTARTED.append(worker)


def likely_file(args: Sequence[str]) -> str | None:
    """The local file ``oitcrawl inspect`` is most likely given in ``args`` (the arguments
    after the command): the first that is neither an option nor ``--timeout``'s value, when it
    names an existing regular file (not an http(s) URL); None otherwise. A guess made before
    the command line is parsed: nothing depends on it being right."""
    values = iter(args)
    for arg in values:
        if arg == "--timeout":
            next(values, None)
        elif arg == "--":
            arg = next(values, "")
            return arg if Path(arg).is_file() else None
        elif not arg.startswith("-"):
            return arg if Path(arg).is_file() else None
    return None


def _extract_isolated(data: bytes, content_type: str | None, url: str) -> DocumentExtract:
    """``isolate.extract_isolated`` in a worker forked from this process (where it can fork:
    no interpreter start; the one ``prestart_worker`` forked if any), with this process's
    analysis modules imported while the worker imports the extractors and extracts (a thread
    waits for it), and the worker's exit not waited for: it is closed in the background (or
    exits by itself when this process ends)."""
    import threading

    if not _PRESTARTED:
        prestart_worker()  # before the thread: a process forks only while it runs one thread
    worker = _PRESTARTED.pop()
    result: list[Any] = []
    ready = threading.Event()

    def run() -> None:
        try:
            result.append(worker.extract(data, content_type, url))
        except BaseException as exc:  # re-raised in the caller's thread
            result.append(exc)
        finally:
            ready.set()
            worker.close()

    threading.Thread(target=run, name="inspect-extract", daemon=True).start()
    import oitcrawl.evaluate.readability
    import oitcrawl.extract.announcement
    import oitcrawl.extract.quality
    import oitcrawl.periods  # noqa: F401  (imported while the worker works)

    if not ready.is_set():  # the bundled frameworks read while the worker works (~0.1 s);
        with contextlib.suppress(Exception):  # a broken one raises where its titles are used
            _head_titles()
    ready.wait()
    if isinstance(result[0], BaseException):
        raise result[0]
    return result[0]


def inspect_document(
    data: bytes, source: str, content_type: str | None = None, *, whole_announcement: bool = False
) -> dict:
    """Everything oitcrawl knows about one document, as the ``oitcrawl/inspect@1`` dict.

    ``data``: the document's bytes. ``source``: its path or URL (reported as given, and used
    for the extension check of type sniffing: pass the final URL after redirects).
    ``content_type``: the HTTP Content-Type, None for a local file. Returns the plain-JSON
    dict described in the module docstring (``json.dumps`` works as is). OCR runs for scanned
    PDF pages unless ``OITCRAWL_OCR=0`` or Tesseract is missing (1-4 s per page, at most
    ``ocr.MAX_OCR_PAGES`` pages). The announcement of a PDF of more than two pages is read in
    its first and last pages and the pages holding "ประกาศ ณ วันที่" (and the page after
    each), not in the whole text, unless ``whole_announcement``. Never raises for bad input: a
    damaged file is reported in ``error`` and the readability verdict.
    """
    # the same killable worker and budget as a crawl: a hostile file cannot hang inspect
    doc = _extract_isolated(data, content_type, source)
    from oitcrawl.evaluate.readability import assess
    from oitcrawl.extract.thai import normalize_text

    pages: list[dict[str, Any]] = []
    text_layer = None
    if doc.sniffed.type == "pdf":
        text_layer, pages = _pdf_pages(data, doc)
    verdict = assess(*_readability_rows(doc))
    ocr_engine = doc.metadata.get("ocr")
    dates, fiscal_years = _dates(doc.title or "", doc.text or "")
    text_lines = normalize_text(doc.text or "").split("\n")
    return {
        "schema": SCHEMA_ID,
        "tool": {"name": "oitcrawl", "version": __version__},
        "source": source,
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "sniffed": {
            "type": doc.sniffed.type,
            "reasons": list(doc.sniffed.reasons),
            "mismatch": doc.sniffed.mismatch,
        },
        "extractor": doc.extractor,
        "error": doc.error,
        "title": doc.title or "",
        "page_count": doc.page_count,
        "pages": pages,
        "text_layer": text_layer,
        "machine_readable": {
            "level": verdict.level,
            "label": verdict.label,
            "machine_readable": verdict.machine_readable,
            "reason_th": verdict.reason_th,
            "reason_en": verdict.reason_en,
        },
        "ocr": {
            "used": bool(ocr_engine) or any(p.get("ocr") for p in pages),
            "engine": ocr_engine or None,
        },
        "dates": dates,
        "fiscal_years": fiscal_years,
        "tables": [_table(t) for t in doc.tables[:MAX_TABLES]],
        "announcement": _announcement(_announcement_text(doc, whole_announcement)),
        "metadata": {str(k): str(v) for k, v in doc.metadata.items()},
        "text_head": [line for line in text_lines if line][:TEXT_HEAD_LINES],
    }
