"""Extraction layer: stored response bytes → plain dataclasses (JSON via ``to_dict``).

``extract_document`` sniffs the bytes (``sniff``) and dispatches: HTML → ``html.extract_html``
(BeautifulSoup + html5lib); PDF → ``pdf.extract_pdf`` (PDFium) with a text-layer quality class
(``quality``) and Tesseract OCR of pages without a usable text layer (``ocr``; off with
``OITCRAWL_OCR=0``); DOCX/XLSX/XLS/ODF/PPTX/RTF/DOC/CSV/ZIP → ``office`` (python-docx, openpyxl,
xlrd, lxml, python-pptx, striprtf, antiword, csv) with tables; images → ``image`` (Pillow
header only: size, format). Nothing here touches the network.
Bump ``EXTRACTOR_VERSION`` (``record``) whenever the output for the same bytes changes, so
stored extracts can be invalidated.

The package's names are loaded on first use (PEP 562 ``__getattr__``, made by
``lazy_loader``): evaluating a stored run imports ``oitcrawl.extract.tables`` or ``.thai``
without paying for the HTML parser, PDFium and the office readers it never calls (issue 17).
"""

from __future__ import annotations

import lazy_loader

# bound now: the function `sniff` shares its name with its module, and importing the module
# later (``oitcrawl.extract.sniff``) would otherwise leave the module under that name
from .sniff import TYPES as TYPES
from .sniff import Sniffed as Sniffed
from .sniff import sniff as sniff

# module of this package → the names it defines, loaded on first use (lazy_loader)
_NAMES = {
    "record": ["EXTRACTOR_VERSION", "DocumentExtract"],
    "html_decode": ["decode_text"],
    "document": ["extract_document", "choose_page_text"],
    "image": ["IMAGE_TYPES", "extract_image"],
    "html": ["Block", "HtmlExtract", "Link", "decode_html", "extract_html", "_looks_like_tis620"],
    "pdf": ["PdfExtract", "PdfPage", "extract_pdf", "extract_pdf_isolated"],
    "office": ["check_zip_bomb", "extract_csv", "extract_doc", "extract_docx", "extract_odf",
               "extract_pptx", "extract_rtf", "extract_xls", "extract_xlsx", "extract_zip"],
    "textfix": ["repair_name"],
    "thai": ["normalize_for_matching", "normalize_text", "thai_digits_to_arabic"],
    "sniff": ["TYPES", "Sniffed", "sniff"],  # bound above: listed for dir() and __all__
}  # fmt: skip

__getattr__, __dir__, _names = lazy_loader.attach(__name__, submod_attrs=_NAMES)
__all__ = [n for n in _names if not n.startswith("_")]
