"""ZIP archives → ``DocumentExtract``: member names only (first ``MAX_ZIP_NAMES``); no member
is decompressed."""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from ..thai import normalize_text
from . import limits
from .common import failed, make_extract

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed


def _zip_member_name(info: zipfile.ZipInfo) -> str:
    """Member name; names without the UTF-8 flag are retried as UTF-8, then windows-874."""
    name = info.filename
    if info.flag_bits & 0x800:
        return name
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:
        return name
    for codec in ("utf-8", "cp874"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            continue
    return name


def extract_zip(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """List a ZIP archive's members without decompressing any.

    ``text``: the first ``MAX_ZIP_NAMES`` member names, one per line (Thai names written
    without the UTF-8 flag are decoded as UTF-8 or windows-874), through ``normalize_text``.
    ``metadata``: ``members`` (count), ``uncompressed_bytes`` (declared total) and, when the
    list was cut, ``names_truncated`` = "true". ``error``: unreadable (truncated/corrupt)
    archive. Never raises.
    """
    extractor = "zip/zipfile"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
        max_names = limits.MAX_ZIP_NAMES
        names = [_zip_member_name(i) for i in infos[:max_names]]
        metadata = {
            "members": str(len(infos)),
            "uncompressed_bytes": str(sum(i.file_size for i in infos)),
        }
        if len(infos) > max_names:
            metadata["names_truncated"] = "true"
        return make_extract(
            sniffed, text=normalize_text("\n".join(names)), extractor=extractor, metadata=metadata
        )
    except Exception as exc:
        return failed(sniffed, extractor, exc)
