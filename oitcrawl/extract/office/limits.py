"""The limits every office extractor keeps: the cell budget and the ZIP bomb guard.

A hostile file must not exhaust the pipeline:

* ZIP-based formats (DOCX/XLSX/PPTX/ODF) are refused before any library opens them when the
  ZIP's declared uncompressed total exceeds ``MAX_ZIP_UNCOMPRESSED`` (200 MB), when a member
  over ``BOMB_MEMBER_MIN`` (10 MB) is compressed more than ``MAX_ZIP_RATIO`` (100:1), or when it
  has more than ``MAX_ZIP_MEMBERS`` members. Python's ``zipfile`` (used by all these libraries)
  never inflates a member beyond its declared size, so the check is sound.
* At most ``MAX_CELLS`` (200,000) cells are read over all sheets/tables of a document
  (``Budget``); beyond that reading stops and ``error`` says the extract was truncated.
* ``antiword`` is killed after ``DOC_TIMEOUT`` seconds; RTF is cut at ``MAX_RTF_CHARS``.

The extractors read them as ``limits.NAME`` when they run, so a value lowered here (as the
tests do, to reach a limit with small files) holds for all of them.
"""

from __future__ import annotations

import io
import zipfile

MAX_CELLS = 200_000  # cells read per document, all sheets/tables together
MAX_ZIP_UNCOMPRESSED = 200 * 1024 * 1024  # bytes, declared total of all members
MAX_ZIP_RATIO = 100  # uncompressed:compressed, for members of at least BOMB_MEMBER_MIN
BOMB_MEMBER_MIN = 10 * 1024 * 1024  # bytes
MAX_ZIP_MEMBERS = 20_000
MAX_ZIP_NAMES = 1000  # member names listed for a plain ZIP archive
DOC_TIMEOUT = 20.0  # seconds for one antiword run
MAX_RTF_CHARS = 10_000_000  # RTF source characters handed to striprtf (after picture removal)

_MB = 1024 * 1024


class Refused(Exception):
    """A file the extractors will not open (bomb guard, not installed, ...); message = error."""


class Budget:
    """Counts cells against ``MAX_CELLS``; ``take`` says whether ``n`` more may be read."""

    def __init__(self) -> None:
        self.limit: int = MAX_CELLS
        self.left = self.limit
        self.truncated = False

    def take(self, n: int = 1) -> bool:
        if n > self.left:
            self.left = 0
            self.truncated = True
            return False
        self.left -= n
        return True

    def message(self) -> str:
        return f"truncated: more than {self.limit:,} cells; only the first {self.limit:,} were read"


def check_zip_bomb(data: bytes) -> str | None:
    """Why a ZIP-based document (DOCX, XLSX, PPTX, ODF) must not be opened, or None if it may.

    ``data``: the whole file. Reads only the ZIP central directory (declared sizes; nothing is
    inflated). Returns an error message when the archive is unreadable (truncated, not a ZIP),
    has more than ``MAX_ZIP_MEMBERS`` members, declares more than ``MAX_ZIP_UNCOMPRESSED``
    bytes in total, or has a member of at least ``BOMB_MEMBER_MIN`` bytes compressed more than
    ``MAX_ZIP_RATIO``:1. Never raises.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        return f"not a readable ZIP container (truncated or corrupt): {exc}"
    max_members, max_total = MAX_ZIP_MEMBERS, MAX_ZIP_UNCOMPRESSED
    member_min, max_ratio = BOMB_MEMBER_MIN, MAX_ZIP_RATIO
    if len(infos) > max_members:
        return f"refused: {len(infos):,} ZIP members (limit {max_members:,})"
    total = sum(i.file_size for i in infos)
    if total > max_total:
        return (
            f"refused (zip bomb guard): members declare {total / _MB:,.0f} MB uncompressed "
            f"(limit {max_total / _MB:,.0f} MB)"
        )
    for i in infos:
        if i.file_size >= member_min and i.file_size > max_ratio * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            return (
                f"refused (zip bomb guard): member {i.filename!r} expands {ratio:,.0f}:1 to "
                f"{i.file_size / _MB:,.0f} MB (limit {max_ratio}:1 above "
                f"{member_min / _MB:,.0f} MB)"
            )
    return None


def guard_zip(data: bytes) -> None:
    """Raise ``Refused`` with ``check_zip_bomb``'s reason when ``data`` must not be opened."""
    reason = check_zip_bomb(data)
    if reason is not None:
        raise Refused(reason)
