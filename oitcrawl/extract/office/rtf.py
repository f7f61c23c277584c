"""RTF → ``DocumentExtract`` with striprtf, after dropping embedded picture hex dumps
(striprtf is pure Python and would spend seconds on them)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..thai import normalize_text
from . import limits
from .common import failed, first_line, make_extract

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed

# Runs of hex digits are embedded pictures/objects (\pict, \objdata); text never looks like that
# (non-ASCII text is escaped as \'xx or \uN).
_RTF_HEX_RUN_RE = re.compile(r"[0-9a-fA-F\r\n]{512,}")


def extract_rtf(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract Rich Text Format with striprtf (honours ``\\ansicpgN``, e.g. 874 for Thai).

    Embedded picture/object hex dumps are dropped first; at most ``MAX_RTF_CHARS`` characters
    of the rest are converted (``error`` says when it was cut). ``text``: ``normalize_text`` of
    the plain text; ``title``: its first line. ``error`` on failure. Never raises.
    """
    extractor = "rtf/striprtf"
    try:
        from striprtf.striprtf import rtf_to_text

        source = _RTF_HEX_RUN_RE.sub("", data.decode("latin-1"))
        error = None
        max_chars = limits.MAX_RTF_CHARS
        if len(source) > max_chars:
            source = source[:max_chars]
            error = f"truncated: only the first {max_chars:,} characters of RTF were read"
        text = normalize_text(rtf_to_text(source, errors="replace"))
        return make_extract(
            sniffed, title=first_line(text), text=text, extractor=extractor, error=error
        )
    except Exception as exc:
        return failed(sniffed, extractor, exc)
