"""``extract_document``: stored response bytes → ``DocumentExtract``, by what the bytes are.

Sniffs the bytes (``sniff``) and hands them to the reader of their type (``html``, ``pdf`` with
the text-layer quality and OCR, ``office``, ``image``); decodes plain text. See the package
docstring for the readers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from .html_decode import decode_text
from .image import IMAGE_TYPES, extract_image
from .office import (
    extract_csv,
    extract_doc,
    extract_docx,
    extract_odf,
    extract_pptx,
    extract_rtf,
    extract_xls,
    extract_xlsx,
    extract_zip,
)
from .pdf import PdfPage, extract_pdf
from .pdf_hooks import PageHooks
from .pdf_tables import TableSearch
from .record import DocumentExtract
from .sniff import Sniffed, sniff
from .textfix import repair_name
from .thai import normalize_text

if TYPE_CHECKING:
    from .html import HtmlExtract
    from .quality import LayerReading

_MAX_TITLE = 200  # characters of a PDF's first line used as its title


def _from_html(
    data: bytes, content_type: str | None, url: str, sniffed: Sniffed
) -> DocumentExtract:
    from .html import extract_html  # bs4 and html5lib: ~0.14 s a PDF-only process never needs

    h: HtmlExtract = extract_html(data, url, content_type)
    return DocumentExtract(
        sniffed=sniffed,
        title=h.title,
        text=h.text,
        links=h.links,
        tables=h.tables,
        has_login_form=h.has_login_form,
        extractor="html/bs4-html5lib",
        encoding=h.encoding,
        meta_refresh=h.meta_refresh,
        blocks=h.blocks,
    )


def _from_pdf(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """PDF → DocumentExtract: PDFium text layer, its quality class, per page the better of
    the (repaired) text layer and OCR.

    ``metadata["text_layer"]`` is the ``quality.classify_document`` class of the PDF's own
    text layer (before repair and OCR). Per page (``choose_page_text``): the layer's class;
    repairable export damage undone (``quality.repair_layer``); OCR tried on pages without a
    usable layer (no_text, garbage_ocr, unmapped_font) and on layers whose Thai text-quality
    score (``quality.thai_quality``) is below ``quality.DAMAGED_SCORE``; the OCR text is kept
    only when it scores ``quality.OCR_MARGIN`` better than the layer. Each page says which
    text it carries and why (``PdfPage.source``/``source_reason``) and the years OCR read
    implausibly (``PdfPage.corrections``). When any page carries OCR text:
    ``metadata["ocr"]`` = "tesseract tha+eng", ``extractor`` "pdf/pypdfium2+tesseract"; an
    OCR problem goes to ``metadata["ocr_error"]``. Ruled tables on text-layer pages go to
    ``tables`` (``pdf_tables.TableSearch``, fed while each page is open for its text: one
    PDFium document and one text page per page serve the text, the image count and the
    table search); a table-search problem to ``metadata["table_error"]``.
    """
    from .quality import LayerReading, classify_document

    # both fed while each page is open for its text: one PDFium pass (and, for a long
    # document read by two processes, each judges the layer of the pages it reads)
    search, reading = TableSearch(), LayerReading()
    p = extract_pdf(data, page_hook=PageHooks(search, reading))
    metadata = dict(p.metadata)
    extractor = "pdf/pypdfium2"
    layer = classify_document(p.pages, reading)
    metadata["text_layer"] = layer.label
    if p.pages:
        ocr_meta = choose_page_text(data, p.pages, layer.per_page, reading)
        if ocr_meta:
            metadata.update(ocr_meta)
            if "ocr" in ocr_meta:
                extractor = "pdf/pypdfium2+tesseract"
        metadata.update(_page_notes(p.pages))
    text = "\n".join(t for t in (normalize_text(page.text) for page in p.pages) if t)
    tables, table_error = search.finish(data, p.pages) if p.pages else ([], None)
    if table_error:
        metadata["table_error"] = table_error
    return DocumentExtract(
        sniffed=sniffed,
        title=repair_name(text.split("\n", 1)[0])[:_MAX_TITLE],
        text=text,
        pages=p.pages,
        page_count=p.page_count,
        tables=[t.rows for t in tables],
        error=p.error,
        extractor=extractor,
        metadata=metadata,
    )


def choose_page_text(
    data: bytes,
    pages: list[PdfPage],
    classes: Sequence[str] | None = None,
    known: LayerReading | None = None,
) -> dict[str, str]:
    """Decide, page by page and in place, which text each page of a PDF carries; return the
    metadata entries to add (``{"ocr": "tesseract tha+eng"}`` when a page carries OCR text,
    ``"ocr_error"`` when OCR failed or hit a limit; {} otherwise).

    1. ``text_class``: ``quality.classify_page`` of the page's own layer (``classes``: those
       already computed, one per page in order, e.g. ``classify_document(pages).per_page``).
    2. Export damage that can be undone exactly (split sara am, spaces before marks) is
       repaired (``quality.repair_layer``): ``source`` "repaired_layer", ``repairs`` say what.
    3. ``layer_score``: ``quality.thai_quality`` of the (repaired) layer, measured for every
       class but latin_text (read as it is); taken from ``known`` (``quality.LayerReading``)
       when it scored that text while the page was read.
    4. OCR is tried (``ocr.ocr_pdf``: at most ``ocr.MAX_OCR_PAGES`` pages, ``ocr.OCR_BUDGET_S``)
       when the class is no_text, garbage_ocr or unmapped_font, or the layer scores below
       ``quality.DAMAGED_SCORE`` ("บบญชชสรรปจจนวนโครงกจร": 0.24). Never when OCR is switched
       off or unavailable.
    5. The OCR text replaces the layer only when ``ocr_score`` > ``layer_score`` +
       ``quality.OCR_MARGIN``: a short clean layer ("พ.ศ.๒๕๖๘", an address) is never replaced
       by a scan's OCR. ``source_reason`` gives the scores compared.
    Raises ValueError when ``classes`` does not have one entry per page; otherwise never
    (``ocr_pdf`` does not).
    """
    from .ocr import OCR_BUDGET_S, OCR_LANGS, ocr_enabled, ocr_pdf
    from .quality import (
        DAMAGED_SCORE,
        OCR_MARGIN,
        REPAIRABLE,
        UNUSABLE,
        classify_page,
        repair_layer,
        thai_quality,
    )

    if classes is not None and len(classes) != len(pages):
        raise ValueError(f"{len(classes)} classes for {len(pages)} pages")
    wanted: list[int] = []
    for i, page in enumerate(pages):
        page.text_class = (
            classes[i] if classes is not None else classify_page(page.text, page.image_count)
        )
        if page.text_class in REPAIRABLE:
            fixed, repairs = repair_layer(page.text)
            if repairs:
                page.text, page.repairs, page.source = fixed, repairs, "repaired_layer"
                page.chars = len("".join(fixed.split()))  # the non-space characters
        if page.text_class == "latin_text":
            page.source_reason = "text layer (latin_text): read as it is"
            continue
        score = known.score_of(page.number, page.text) if known is not None else None
        if score is None:
            score = thai_quality(page.text) if page.chars else 0.0
        page.layer_score = score
        if page.text_class in UNUSABLE:
            wanted.append(page.number)
            page.source_reason = f"text layer unusable ({page.text_class})"
        elif page.layer_score < DAMAGED_SCORE:
            wanted.append(page.number)
            page.source_reason = (
                f"text layer damaged ({page.text_class}, Thai quality {page.layer_score:.2f}"
                f" < {DAMAGED_SCORE})"
            )
        else:
            page.source_reason = (
                f"text layer ({page.text_class}, Thai quality {page.layer_score:.2f})"
                + (": " + "; ".join(page.repairs) if page.repairs else "")
            )
    if not wanted:
        return {}
    if not ocr_enabled():
        for page in pages:
            if page.number in wanted:
                page.source_reason += "; OCR off or unavailable: the layer is kept"
        return {}
    result = ocr_pdf(data, wanted, OCR_BUDGET_S)
    meta: dict[str, str] = {}
    for page in pages:
        if page.number not in wanted:
            continue
        text = result.pages.get(page.number)
        if text is None:
            page.source_reason += "; not OCR'd (limit or error): the layer is kept"
            continue
        page.ocr_score = thai_quality(text) if text.strip() else 0.0
        layer = page.layer_score or 0.0
        if text.strip() and page.ocr_score > layer + OCR_MARGIN:
            page.text = text
            page.chars = len("".join(text.split()))
            page.ocr = True
            page.source = "ocr"
            page.corrections = result.corrections.get(page.number, [])
            page.source_reason += (
                f"; OCR used: Thai quality {page.ocr_score:.2f} > layer {layer:.2f} + {OCR_MARGIN}"
            )
        else:
            page.source_reason += (
                f"; text layer kept: OCR's Thai quality {page.ocr_score:.2f} is not"
                f" {OCR_MARGIN} above the layer's {layer:.2f}"
            )
    if any(p.ocr for p in pages):
        meta["ocr"] = f"tesseract {OCR_LANGS}"
    if result.error:
        meta["ocr_error"] = result.error
    return meta


def _page_notes(pages: list[PdfPage]) -> dict[str, str]:
    """Metadata lines a person reads (inspect, the report's document list): which text each
    decided page carries and why, the repairs made to layers, the OCR'd years corrected or
    flagged (the original kept)."""
    meta: dict[str, str] = {}
    # pages where OCR was weighed against the layer (repairs alone are in layer_repairs)
    decided = [p for p in pages if p.source == "ocr" or "OCR" in p.source_reason]
    if decided:
        meta["text_source"] = " | ".join(
            f"p{p.number}: {p.source} — {p.source_reason}" for p in decided[:MAX_NOTE_PAGES]
        ) + (
            f" | … {len(decided) - MAX_NOTE_PAGES} more pages"
            if len(decided) > MAX_NOTE_PAGES
            else ""
        )
    damaged = [p.number for p in pages if "text layer damaged" in p.source_reason]
    if damaged:  # a layer present but broken beyond matching (for the readability verdict)
        meta["damaged_layer_pages"] = ",".join(map(str, damaged))
    ocr_pages = [p.number for p in pages if p.source == "ocr"]
    if ocr_pages:
        meta["ocr_pages"] = ",".join(map(str, ocr_pages))
    repaired = [p for p in pages if p.repairs]
    if repaired:
        meta["layer_repairs"] = " | ".join(f"p{p.number}: {'; '.join(p.repairs)}" for p in repaired)
    notes = [(p.number, n) for p in pages for n in p.corrections]
    if notes:
        meta["ocr_corrections"] = " | ".join(
            f"p{number}: {n['original'] or '?'}"
            + (f" → {n['corrected']}" if n.get("corrected") else "")
            + f" {n['action']} ({n['reason']})"
            for number, n in notes
        )
    return meta


MAX_NOTE_PAGES = 12


# Sniffed type → extractor taking (data, sniffed), for the types dispatched to ``office``.
_OFFICE_EXTRACTORS = {
    "docx": extract_docx,
    "xlsx": extract_xlsx,
    "xls": extract_xls,
    "odt": extract_odf,
    "ods": extract_odf,
    "odp": extract_odf,
    "pptx": extract_pptx,
    "rtf": extract_rtf,
    "doc": extract_doc,
    "zip": extract_zip,
}


def extract_document(data: bytes, content_type: str | None, url: str) -> DocumentExtract:
    """Sniff ``data`` and extract it with the matching extractor.

    ``data``: the stored response body (bytes); ``content_type``: its HTTP Content-Type header
    value or None; ``url``: the final URL (for link resolution and the extension check).
    Dispatch on the sniffed type: html, pdf, plain text here; docx, xlsx, xls, odt/ods/odp,
    pptx, rtf, doc, csv and zip in ``office``; jpeg/png/gif/webp/tiff in ``image`` (header
    metadata only); ppt and other get an empty extract with ``extractor`` "none".
    Returns a ``DocumentExtract``; a bad file or an extractor failure is reported in
    ``error``, never raised.
    """
    data = data or b""
    sniffed = sniff(data, content_type, url)
    kind = sniffed.type
    try:
        if kind == "html":
            return _from_html(data, content_type, url, sniffed)
        if kind == "pdf":
            return _from_pdf(data, sniffed)
        if kind in _OFFICE_EXTRACTORS:
            return _OFFICE_EXTRACTORS[kind](data, sniffed)
        if kind in IMAGE_TYPES:
            return extract_image(data, sniffed)
        if kind == "csv":
            return extract_csv(data, sniffed, content_type)
        if kind == "text":
            text, encoding = decode_text(data, content_type)
            return DocumentExtract(
                sniffed=sniffed,
                text=normalize_text(text),
                extractor="text/charset",
                encoding=encoding,
            )
    except Exception as exc:  # a bug or an input no extractor expected: keep the pipeline going
        return DocumentExtract(
            sniffed=sniffed, error=f"{kind} extraction failed: {type(exc).__name__}: {exc}"
        )
    return DocumentExtract(sniffed=sniffed, extractor="none")
