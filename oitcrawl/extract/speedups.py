"""The C twins of oitcrawl's inner loops (``_speedups.c``, issue 17), or None where the
package was installed without a C compiler: each caller then runs the Python twin it keeps
beside the call (the reference ``tests/test_speedups.py`` compares them with).

``C``: the ``_speedups`` module, or None (also with ``OITCRAWL_C=0`` in the environment:
the Python twins alone, as on a machine without a compiler). ``pdfium_walks()``: the same
with PDFium's calls bound for its page walks (pypdfium2's library; the object and segment
kinds the C code has as numbers checked), or None; pypdfium2 is imported on that first call
only, so a word cut (``oitcrawl evaluate``'s excerpts) does not load it.
"""

from __future__ import annotations

import ctypes
import os
from functools import cache
from types import ModuleType


def _load() -> ModuleType | None:
    if os.environ.get("OITCRAWL_C") == "0":
        return None
    try:
        from . import _speedups
    except ImportError:  # pragma: no cover - installed without a C compiler
        return None
    return _speedups


C = _load()


@cache
def pdfium_walks() -> ModuleType | None:
    """``C`` with PDFium's calls bound (``_speedups.bind``), None without ``C`` or where
    pypdfium2's PDFium numbers its kinds otherwise than fpdf_edit.h does."""
    if C is None:  # pragma: no cover
        return None
    import pypdfium2.raw as pdfium_c

    kinds = (
        pdfium_c.FPDF_PAGEOBJ_PATH,
        pdfium_c.FPDF_PAGEOBJ_IMAGE,
        pdfium_c.FPDF_PAGEOBJ_FORM,
        pdfium_c.FPDF_SEGMENT_LINETO,
        pdfium_c.FPDF_SEGMENT_BEZIERTO,
        pdfium_c.FPDF_SEGMENT_MOVETO,
        pdfium_c.FPDF_FILLMODE_NONE,
    )
    if kinds != (2, 3, 5, 0, 1, 2, 0):  # pragma: no cover
        return None
    calls = (  # in the order _speedups.bind takes them
        pdfium_c.FPDFPage_CountObjects,
        pdfium_c.FPDFPage_GetObject,
        pdfium_c.FPDFPageObj_GetType,
        pdfium_c.FPDFFormObj_CountObjects,
        pdfium_c.FPDFFormObj_GetObject,
        pdfium_c.FPDFPageObj_GetMatrix,
        pdfium_c.FPDFPath_GetDrawMode,
        pdfium_c.FPDFPath_CountSegments,
        pdfium_c.FPDFPath_GetPathSegment,
        pdfium_c.FPDFPathSegment_GetPoint,
        pdfium_c.FPDFPathSegment_GetType,
        pdfium_c.FPDFPathSegment_GetClose,
        pdfium_c.FPDFText_GetBoundedText,
    )
    C.bind(tuple(address(f) for f in calls))
    return C


def address(handle: object) -> int:
    """The address a ctypes pointer or function points at (a pypdfium2 handle: ``page.raw``)."""
    return ctypes.cast(handle, ctypes.c_void_p).value or 0
