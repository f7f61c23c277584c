"""Office documents, spreadsheets, CSV and ZIP archives → ``DocumentExtract``, a module a format.

One function per family, each ``(data: bytes, sniffed: Sniffed) -> DocumentExtract``:

* ``extract_docx`` (``word``): DOCX with python-docx.
* ``extract_xlsx`` (``xlsx``): XLSX with openpyxl; ``extract_xls`` (``xls``): XLS with xlrd.
* ``extract_odf`` (``odf``): ODT/ODS/ODP, ``content.xml`` streamed with lxml.
* ``extract_pptx`` (``powerpoint``): PPTX with python-pptx.
* ``extract_rtf`` (``rtf``): RTF with striprtf.
* ``extract_doc`` (``antiword``): DOC (Word 97-2003 binary) with the ``antiword`` command.
* ``extract_csv`` (``delimited``): CSV with ``decode_text`` and the ``csv`` module.
* ``extract_zip`` (``archive``): ZIP archives, member names only.

Shared: ``common`` (building the result; cells as one-line strings, see there) and ``limits``
(the cell budget, the ZIP bomb guard and every limit, see there). The extractors read a limit
when they run (``limits.MAX_CELLS``), so lowering it there reaches every one of them.

Nothing here raises for bad input: a corrupt, encrypted, truncated or refused file gives a
``DocumentExtract`` with ``error`` set and whatever could be read.
"""

from __future__ import annotations

from .antiword import extract_doc
from .archive import extract_zip
from .delimited import extract_csv
from .limits import (
    BOMB_MEMBER_MIN,
    DOC_TIMEOUT,
    MAX_CELLS,
    MAX_RTF_CHARS,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_NAMES,
    MAX_ZIP_RATIO,
    MAX_ZIP_UNCOMPRESSED,
    check_zip_bomb,
)
from .odf import extract_odf
from .powerpoint import extract_pptx
from .rtf import extract_rtf
from .word import extract_docx
from .xls import extract_xls
from .xlsx import extract_xlsx

__all__ = [
    "BOMB_MEMBER_MIN",
    "DOC_TIMEOUT",
    "MAX_CELLS",
    "MAX_RTF_CHARS",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_NAMES",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_UNCOMPRESSED",
    "check_zip_bomb",
    "extract_csv",
    "extract_doc",
    "extract_docx",
    "extract_odf",
    "extract_pptx",
    "extract_rtf",
    "extract_xls",
    "extract_xlsx",
    "extract_zip",
]
