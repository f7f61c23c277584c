"""DOC (Word 97-2003 binary) → ``DocumentExtract`` with the ``antiword`` command.

``antiword`` (Debian package ``antiword``) runs in a subprocess on a temporary file with a
timeout. antiword rather than catdoc: on the real อบต.ไทรย้อย ``.doc`` both decode the Thai
text, but antiword (``-w 0``) keeps each paragraph on one line while catdoc breaks lines in the
middle of Thai words ("ส่วนต\\nำบล") and prints binary garbage after the text.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from typing import TYPE_CHECKING

from ..thai import normalize_text
from . import limits
from .common import failed, first_line, make_extract

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed


def extract_doc(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract a Word 97-2003 ``.doc`` with the ``antiword`` command.

    Runs ``antiword -w 0 -m UTF-8.txt FILE`` (no line wrapping, UTF-8 output) on a temporary
    copy, killed after ``DOC_TIMEOUT`` seconds. ``text``: its output through
    ``normalize_text`` (tables come out as ``|``-separated lines; ``tables`` stays empty);
    ``title``: the first line. ``error``: "DOC extractor not installed (apt install antiword)"
    when the command is missing, antiword's message for a file it cannot read (not a Word
    document, encrypted, Word 2 / Word 6 quirks), or the timeout. Never raises.
    """
    extractor = "doc/antiword"
    antiword = shutil.which("antiword")
    if antiword is None:
        return make_extract(
            sniffed,
            extractor=extractor,
            error="DOC extractor not installed (apt install antiword)",
        )
    timeout = limits.DOC_TIMEOUT
    path = None
    try:
        with tempfile.NamedTemporaryFile(prefix="oitcrawl-", suffix=".doc", delete=False) as tmp:
            tmp.write(data)
            path = tmp.name
        proc = subprocess.run(
            [antiword, "-w", "0", "-m", "UTF-8.txt", path],
            capture_output=True,
            timeout=timeout,
            check=False,
            stdin=subprocess.DEVNULL,
        )
        if proc.returncode != 0:
            message = proc.stderr.decode("utf-8", errors="replace").strip()
            message = message.replace(path, "<file>").split("\n", 1)[0] or "no message"
            return make_extract(
                sniffed,
                extractor=extractor,
                error=f"antiword failed (exit {proc.returncode}): {message}",
            )
        text = normalize_text(proc.stdout.decode("utf-8", errors="replace"))
        return make_extract(sniffed, title=first_line(text), text=text, extractor=extractor)
    except subprocess.TimeoutExpired:
        return make_extract(
            sniffed, extractor=extractor, error=f"antiword timed out after {timeout:g} s"
        )
    except Exception as exc:
        return failed(sniffed, extractor, exc)
    finally:
        if path is not None:
            with contextlib.suppress(OSError):
                os.unlink(path)
