"""The record of one extraction: ``DocumentExtract`` and ``EXTRACTOR_VERSION``.

What every reader (HTML, PDF, office formats, images) returns and the store keeps as JSON. Its
own module, apart from ``document`` (which dispatches to the readers), so the readers and the
extraction worker import the record without importing each other.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .sniff import Sniffed

if TYPE_CHECKING:
    from .html_blocks import Block
    from .pdf import PdfPage

#: Version of what ``extract_document`` produces; stored extracts with another version are stale.
# 2: HTML text without site navigation
# 3: office formats, spreadsheet/CSV tables, image metadata, PDF quality, OCR
# 4: PDF tables (pdfplumber cells, PDFium text)
# 5: HTML text blocks with their roles (heading, cell, link label …)
# 6: HTML5 parsing (html5lib), ftfy-repaired labels, OCR vs text layer per page
EXTRACTOR_VERSION = 7  # 7: PDF tables from PDFium's page objects on every page (no 20-page cap)


@dataclass
class Link:
    """A link or embedded resource found in a page.

    ``url``: absolute, fragment removed, *not* percent-encoded (Thai and spaces kept as written;
    the crawler encodes once). ``label``: link text, else the ``title``/``alt`` of the element or
    of an image inside it ("" if none). ``in_content``: False when the element sits in site
    navigation (nav/header/footer/aside, or an id/class naming a menu, navbar, sidebar, footer
    or breadcrumb). ``kind``: the element it came from: a, area, iframe, frame, embed, object,
    img.
    """

    url: str
    label: str
    in_content: bool
    kind: str = "a"

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``dataclasses.asdict``)."""
        return asdict(self)


@dataclass
class DocumentExtract:
    """Everything extracted from one stored response.

    ``sniffed``: what the bytes are.
    ``title``: HTML ``<title>`` (else first ``<h1>``); for a PDF the first line of its text (at
    most 200 characters), not the Info Title, which is often a stale template title
    (``nysso/upload/ITA/EB2/2.2.pdf``, a ประกาศ of สำนักงานสาธารณสุขอำเภอหนองใหญ่, has Title
    "คำสั่งสำนักงานเขตพื้นที่การศึกษาระยอง ..."); that stays in ``metadata``; else "".
    ``text``: display text (``normalize_text``); for PDFs the pages joined with newlines; ""
    for types without an extractor yet.
    ``pages``/``page_count``: PDF pages read (raw text layer per page) and the document's page
    count; None for other types.
    ``links``, ``has_login_form``, ``meta_refresh``: HTML only (empty otherwise). ``tables``:
    rows of cell strings from HTML tables, spreadsheets, CSV, DOCX/ODT tables and ruled PDF
    tables (``tables.recognise`` finds their header).
    ``encoding``: codec used for HTML/text, else None. ``metadata``: PDF Info entries plus
    ``text_layer`` (``quality`` class) and ``ocr`` when pages were OCR'd; image size/format;
    sheet names; ZIP member names.
    ``blocks``: HTML only: the page's own text as ``html.Block`` values with their roles
    (heading, content, list entry, table cell, link label); site chrome is not in them.
    ``error``: why extraction failed or is incomplete, else None.
    ``extractor``: what produced the result ("html/bs4-html5lib", "pdf/pypdfium2", "text/charset",
    "none"). ``version``: ``EXTRACTOR_VERSION`` at extraction time.
    """

    sniffed: Sniffed
    title: str = ""
    text: str = ""
    pages: list[PdfPage] | None = None
    page_count: int | None = None
    links: list[Link] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    has_login_form: bool = False
    error: str | None = None
    extractor: str = "none"
    encoding: str | None = None
    meta_refresh: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    version: int = EXTRACTOR_VERSION
    blocks: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``dataclasses.asdict``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DocumentExtract:
        """Inverse of ``to_dict`` (for extracts read back from storage).

        Raises TypeError/KeyError for a dict of another shape (e.g. an older ``version``).
        """
        from .pdf import PdfPage

        d = dict(d)
        d["sniffed"] = Sniffed(**d["sniffed"])
        d["links"] = [Link(**link) for link in d.get("links", [])]
        if d.get("blocks"):  # HTML only: bs4 is not loaded for a PDF (~0.1 s)
            from .html_blocks import Block

            d["blocks"] = [Block(**b) for b in d["blocks"]]
        else:
            d["blocks"] = []
        if d.get("pages") is not None:
            d["pages"] = [PdfPage(**p) for p in d["pages"]]
        return cls(**d)
