"""Extraction layer: stored response bytes → plain dataclasses (JSON via ``to_dict``).

``extract_document`` sniffs the bytes (``sniff``) and dispatches: HTML → ``html.extract_html``
(BeautifulSoup + html5lib); PDF → ``pdf.extract_pdf`` (PDFium) with a text-layer quality class
(``quality``) and Tesseract OCR of pages without a usable text layer (``ocr``; off with
``OITCRAWL_OCR=0``); DOCX/XLSX/XLS/ODF/PPTX/RTF/DOC/CSV/ZIP → ``office`` (python-docx, openpyxl,
xlrd, lxml, python-pptx, striprtf, antiword, csv) with tables; images → ``image`` (Pillow
header only: size, format). Nothing here touches the network.
Bump ``EXTRACTOR_VERSION`` (``record``) whenever the output for the same bytes changes, so
stored extracts can be invalidated.

The package's names are loaded on first use (PEP 562 ``__getattr__``): evaluating a stored run
imports ``oitcrawl.extract.tables`` or ``.thai`` without paying for the HTML parser, PDFium and
the office readers it never calls (issue 17).
"""

from __future__ import annotations

import importlib
from typing import Any

# bound now: the function `sniff` shares its name with its module, and importing the module
# later (``oitcrawl.extract.sniff``) would otherwise leave the module under that name
from .sniff import TYPES as TYPES
from .sniff import Sniffed as Sniffed
from .sniff import sniff as sniff

# name → the module of this package that defines it
_HOME = {
    "EXTRACTOR_VERSION": "record",
    "DocumentExtract": "record",
    "decode_text": "html_decode",
    "extract_document": "document",
    "choose_page_text": "document",
    "_pdf_text_layer": "document",
    "IMAGE_TYPES": "image",
    "extract_image": "image",
    "TYPES": "sniff",
    "Sniffed": "sniff",
    "sniff": "sniff",
    "Block": "html",
    "HtmlExtract": "html",
    "Link": "html",
    "decode_html": "html",
    "extract_html": "html",
    "_looks_like_tis620": "html",
    "PdfExtract": "pdf",
    "PdfPage": "pdf",
    "extract_pdf": "pdf",
    "extract_pdf_isolated": "pdf",
    "check_zip_bomb": "office",
    "extract_csv": "office",
    "extract_doc": "office",
    "extract_docx": "office",
    "extract_odf": "office",
    "extract_pptx": "office",
    "extract_rtf": "office",
    "extract_xls": "office",
    "extract_xlsx": "office",
    "extract_zip": "office",
    "repair_name": "textfix",
    "normalize_for_matching": "thai",
    "normalize_text": "thai",
    "thai_digits_to_arabic": "thai",
}

__all__ = sorted(n for n in _HOME if not n.startswith("_"))


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # once loaded, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
