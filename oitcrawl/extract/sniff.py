"""What kind of file a stored response really is: bytes first, then Content-Type, then the URL.

Agency sites mislabel files all the time: a ``.pdf`` link answers with an HTML "not found"
page, PHP download scripts send ``application/octet-stream``, old IIS servers send
``text/plain`` for everything. The bytes decide whenever they can; the header and the URL are
used when the bytes say nothing specific (plain text), and to report contradictions.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

__all__ = ["TYPES", "Sniffed", "sniff"]

#: Every value ``Sniffed.type`` can take.
TYPES = (
    "html",
    "pdf",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "pptx",
    "ppt",
    "rtf",
    "odt",
    "ods",
    "odp",
    "csv",
    "text",
    "jpeg",
    "png",
    "gif",
    "webp",
    "tiff",
    "zip",
    "other",
)


@dataclass
class Sniffed:
    """Result of ``sniff``.

    ``type``: one of ``TYPES``. ``reasons``: one human-readable line per step of the cascade,
    e.g. "bytes: starts with %PDF-", "content-type: application/pdf → pdf",
    "extension: .pdf → pdf", and a "mismatch: ..." line for each contradiction.
    ``mismatch``: the Content-Type or the URL extension names a type the bytes are not.
    """

    type: str
    reasons: list[str] = field(default_factory=list)
    mismatch: bool = False

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``dataclasses.asdict``)."""
        return asdict(self)


_CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/acrobat": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/msword": "doc",
    "application/vnd.ms-word": "doc",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.ms-excel": "xls",
    "application/excel": "xls",
    "application/x-excel": "xls",
    "application/x-msexcel": "xls",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.ms-powerpoint": "ppt",
    "application/rtf": "rtf",
    "text/rtf": "rtf",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "text/csv": "csv",
    "application/csv": "csv",
    "text/comma-separated-values": "csv",
    "text/plain": "text",
    "application/json": "text",
    "text/xml": "text",
    "application/xml": "text",
    "image/jpeg": "jpeg",
    "image/jpg": "jpeg",
    "image/pjpeg": "jpeg",
    "image/png": "png",
    "image/gif": "gif",
    "image/webp": "webp",
    "image/tiff": "tiff",
    "application/zip": "zip",
    "application/x-zip-compressed": "zip",
    "application/x-zip": "zip",
}

# Content types that say nothing about the file (download scripts, misconfigured servers).
_VAGUE_CONTENT_TYPES = frozenset(
    {
        "application/octet-stream",
        "binary/octet-stream",
        "application/binary",
        "application/unknown",
        "application/force-download",
        "application/download",
        "application/x-download",
        "application/x-unknown",
        "application/save",
        "unknown/unknown",
    }
)

_EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".doc": "doc",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".pptx": "pptx",
    ".ppt": "ppt",
    ".rtf": "rtf",
    ".odt": "odt",
    ".ods": "ods",
    ".odp": "odp",
    ".csv": "csv",
    ".txt": "text",
    ".json": "text",
    ".xml": "text",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".png": "png",
    ".gif": "gif",
    ".webp": "webp",
    ".tif": "tiff",
    ".tiff": "tiff",
    ".zip": "zip",
}

# Declared type → bytes type pairs that are not contradictions.
_COMPATIBLE = frozenset(
    {
        ("text", "csv"),
        ("csv", "text"),
        ("text", "html"),  # text/plain pages that happen to contain markup, .txt with tags
        ("html", "text"),  # text/html with a body the sniffer cannot see tags in
        ("doc", "rtf"),  # Word saves RTF under .doc; Word and LibreOffice open it as a document
        ("zip", "docx"),
        ("zip", "xlsx"),
        ("zip", "pptx"),
        ("zip", "odt"),
        ("zip", "ods"),
        ("zip", "odp"),
    }
)

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE_STREAMS = (
    ("WordDocument".encode("utf-16-le"), "doc"),
    ("Workbook".encode("utf-16-le"), "xls"),
    ("Book".encode("utf-16-le"), "xls"),
    ("PowerPoint Document".encode("utf-16-le"), "ppt"),
)
_ODF_MIMES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
    b"application/vnd.oasis.opendocument.presentation": "odp",
}
_OOXML_PARTS = (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx"))
# WHATWG MIME sniffing: the tags that make a text resource HTML.
_HTML_START_RE = re.compile(
    rb"<(?:!--|(?:!doctype\s+html|html|head|script|iframe|h1|div|font|table|a|style|title|b|body"
    rb"|br|p)[\s>/])",
    re.I,
)
_WS = b" \t\r\n\x0c"


def _content_type_family(content_type: str | None) -> tuple[str, str | None]:
    """(bare lower-case mime, oitcrawl type or None)."""
    if not content_type:
        return "", None
    mime = content_type.split(";", 1)[0].strip().lower()
    return mime, _CONTENT_TYPES.get(mime)


def _extension(url: str) -> str:
    try:
        path = urlsplit(url).path
    except ValueError:
        return ""
    name = unquote(path).rsplit("/", 1)[-1].strip().lower()
    if "." not in name:
        return ""
    return "." + name.rsplit(".", 1)[1]


def _zip_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError):
        # Truncated: read the names from the local file headers instead.
        names = []
        for m in re.finditer(rb"PK\x03\x04", data):
            start = m.start()
            header = data[start : start + 30]
            if len(header) < 30:
                break
            n = int.from_bytes(header[26:28], "little")
            names.append(data[start + 30 : start + 30 + n].decode("utf-8", errors="replace"))
        return names


def _sniff_zip(data: bytes) -> tuple[str, str]:
    if data[30:38] == b"mimetype":
        for mime, kind in _ODF_MIMES.items():
            if data[38 : 38 + len(mime)] == mime:
                return kind, f"bytes: zip with mimetype {mime.decode()}"
    names = _zip_names(data)
    has_types = "[Content_Types].xml" in names
    for prefix, kind in _OOXML_PARTS:
        if any(n.startswith(prefix) for n in names):
            extra = " and [Content_Types].xml" if has_types else ""
            return kind, f"bytes: zip (PK\\x03\\x04) with {prefix} parts{extra}"
    return "zip", "bytes: zip archive (PK\\x03\\x04), not an Office/ODF document"


def _sniff_ole2(data: bytes, declared: list[str]) -> tuple[str, str]:
    for name, kind in _OLE_STREAMS:
        if name in data:
            stream = name.decode("utf-16-le")
            return kind, f"bytes: OLE2 compound file (D0CF11E0) with a {stream} stream"
    for kind in declared:
        if kind in ("doc", "xls", "ppt"):
            return kind, f"bytes: OLE2 compound file (D0CF11E0), {kind} by content-type/extension"
    return "other", "bytes: OLE2 compound file (D0CF11E0) of unknown kind"


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        if exc.start >= len(head) - 3:
            return True  # a multi-byte character cut at the end of the sample
    # Legacy single-byte text (TIS-620 etc.): few control characters.
    controls = sum(1 for b in head if b < 0x20 and b not in b"\t\r\n\x0c\x1b")
    return controls <= len(head) * 0.01


def _sniff_bytes(data: bytes, declared: list[str]) -> tuple[str | None, str]:
    """(type or None when the bytes say nothing specific, reason)."""
    if not data:
        return None, "bytes: empty body"
    head = data[:1024]
    if head.startswith(b"%PDF-"):
        return "pdf", "bytes: starts with %PDF-"
    pos = head.find(b"%PDF-")
    if pos > 0:
        return "pdf", f"bytes: %PDF- at offset {pos}"
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(data)
    if head.startswith(_OLE2):
        return _sniff_ole2(data, declared)
    if head.startswith(b"{\\rtf"):
        return "rtf", "bytes: starts with {\\rtf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg", "bytes: JPEG signature FF D8 FF"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png", "bytes: PNG signature"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif", f"bytes: {head[:6].decode()} signature"
    if head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        return "webp", "bytes: RIFF....WEBP signature"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff", "bytes: TIFF signature"
    text_head = head
    bom = ""
    if head.startswith(b"\xef\xbb\xbf"):
        text_head, bom = head[3:], "UTF-8 BOM, "
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        text_head = head[2:].decode(codec, errors="ignore").encode("utf-8")
        bom = "UTF-16 BOM, "
    stripped = text_head.lstrip(_WS)
    if _HTML_START_RE.match(stripped) or (
        stripped[:5].lower() == b"<?xml" and re.search(rb"<html[\s>]", text_head, re.I)
    ):
        tag = stripped[:15].split(b">")[0].decode("ascii", errors="replace").lower()
        return "html", f"bytes: {bom}starts with {tag}"
    if bom or _looks_like_text(head):
        return None, f"bytes: {bom}text without a known signature"
    return None, "bytes: binary without a known signature"


def sniff(data: bytes, content_type: str | None, url: str) -> Sniffed:
    """Decide what ``data`` (a stored response body) is.

    ``content_type``: the HTTP Content-Type header value or None; ``url``: the (final) URL,
    whose path extension is used (percent-decoded; query strings are ignored). Cascade:
    signature bytes (PDF, zip-based Office/ODF, OLE2 doc/xls/ppt, images, HTML), then the
    Content-Type, then the extension; text without a signature becomes the declared text
    type (html/csv/text) or "text"; anything else "other". ``mismatch`` is True when the
    Content-Type or extension names a different type than the bytes have, or names a type
    with a signature (pdf, docx, images, ...) the bytes lack (e.g. a ``.pdf`` URL that returns
    an HTML error page or an empty body). Vague types (application/octet-stream, ...) and
    script extensions (.php, .aspx, ...) never count as contradictions. Never raises.
    """
    data = data or b""
    reasons: list[str] = []
    mime, ct_type = _content_type_family(content_type)
    ext = _extension(url)
    ext_type = _EXTENSIONS.get(ext)
    declared = [t for t in (ct_type, ext_type) if t]

    byte_type, why = _sniff_bytes(data, declared)
    reasons.append(why)
    textual = byte_type is None and "text without" in why

    if ct_type:
        reasons.append(f"content-type: {mime} → {ct_type}")
    elif mime:
        vague = " (says nothing)" if mime in _VAGUE_CONTENT_TYPES else " (unknown)"
        reasons.append(f"content-type: {mime}{vague}")
    else:
        reasons.append("content-type: none")
    if ext_type:
        reasons.append(f"extension: {ext} → {ext_type}")
    elif ext:
        reasons.append(f"extension: {ext} (says nothing)")
    else:
        reasons.append("extension: none")

    if byte_type is not None:
        final = byte_type
    elif textual:
        text_types = [t for t in declared if t in ("html", "csv", "text")]
        final = text_types[0] if text_types else "text"
    else:
        final = "other"

    mismatch = False
    for source, kind in (("content-type", ct_type), ("extension", ext_type)):
        if kind is None or kind == final or (kind, final) in _COMPATIBLE:
            continue
        mismatch = True
        what = mime if source == "content-type" else ext
        reasons.append(f"mismatch: {source} {what} says {kind} but the bytes are {final}")
    return Sniffed(type=final, reasons=reasons, mismatch=mismatch)
