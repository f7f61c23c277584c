"""Decoding a response body.

An HTML page (``decode_html``): BOM, the header's charset, the page's own declaration, else a
guess; TIS-620 / ISO-8859-11 read as windows-874 (cp874), and the two corrections for
mislabelled Thai pages (valid UTF-8 labelled otherwise, TIS-620 labelled UTF-8 or Western).
A plain-text or CSV body (``decode_text``): BOM, the header's charset, UTF-8, TIS-620, a guess.
Pure functions of the stored response bytes.
"""

from __future__ import annotations

import codecs

from w3lib.encoding import html_to_unicode, http_content_type_encoding, read_bom


def _codec_name(enc: str) -> str:
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return enc


# Bytes undefined in TIS-620 / windows-874 (0x80-0xA0 apart from the few windows-874 extras,
# and the holes 0xDB-0xDE, 0xFC-0xFF).
_NOT_CP874 = frozenset(range(0x80, 0xA0)) - {0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97}
_NOT_CP874 |= frozenset({0xDB, 0xDC, 0xDD, 0xDE, 0xFC, 0xFD, 0xFE, 0xFF})
_CP874_CONSONANTS = frozenset(range(0xA1, 0xCF))  # ก .. ฮ


def _looks_like_tis620(body: bytes) -> bool:
    """True when the non-ASCII bytes of ``body`` look like Thai text in TIS-620/windows-874."""
    high = [b for b in body[:65536] if b >= 0x80]
    if len(high) < 4:
        return False
    if sum(b in _NOT_CP874 for b in high) > len(high) * 0.01:
        return False
    return sum(b in _CP874_CONSONANTS for b in high) >= len(high) * 0.3


def _utf8_error_ratio(body: bytes) -> float:
    """Share of non-ASCII bytes that are not part of a valid UTF-8 sequence (0.0 .. 1.0)."""
    high = sum(b >= 0x80 for b in body)
    if not high:
        return 0.0
    bad = body.decode("utf-8", errors="replace").count("\ufffd") - body.count(b"\xef\xbf\xbd")
    return max(bad, 0) / high


def _is_strict_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess_encoding(body: bytes) -> str | None:
    """Encoding for a page that declares none (w3lib ``auto_detect_fun``)."""
    if body.isascii() or _is_strict_utf8(body):
        return "utf-8"
    if _looks_like_tis620(body):
        return "cp874"
    if _utf8_error_ratio(body) < 0.02:
        return "utf-8"  # UTF-8 with a few broken bytes (e.g. a truncated multi-byte char)
    return "cp1252"


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode an HTML response body; return ``(text, encoding)``.

    ``body``: raw bytes as received (after Content-Encoding was undone). ``content_type``: the
    HTTP Content-Type header value or None. ``encoding`` is a Python codec name ("utf-8",
    "cp874", ...). Order, as in ``w3lib.encoding.html_to_unicode`` (what Scrapy uses): BOM,
    the header's charset, ``<meta charset>`` / ``<meta http-equiv>`` / XML declaration in the
    body, else a guess (valid UTF-8 → utf-8, Thai-looking bytes → cp874, else cp1252). TIS-620
    and ISO-8859-11 are decoded as their superset windows-874 (cp874).

    Two corrections for mislabelled Thai pages (common on old agency sites) are applied when
    there is no BOM: bytes that are valid UTF-8 and contain non-ASCII are decoded as UTF-8
    whatever the label says (legacy single-byte text is practically never valid UTF-8); bytes
    labelled UTF-8 (or a Western charset) that are mostly not valid UTF-8 but look like
    TIS-620 are decoded as cp874. Undecodable bytes become U+FFFD. Never raises.
    """
    body = body or b""
    bom_enc, _bom = read_bom(body)
    enc, text = html_to_unicode(
        content_type, body, default_encoding="utf-8", auto_detect_fun=_guess_encoding
    )
    enc = _codec_name(enc)
    if bom_enc is not None:
        return text, enc
    if enc != "utf-8" and enc not in ("utf-16-be", "utf-16-le", "utf-32-be", "utf-32-le"):
        if not body.isascii() and _is_strict_utf8(body):
            return body.decode("utf-8"), "utf-8"
        if enc in ("cp1252", "latin-1", "iso8859-1", "ascii") and _looks_like_tis620(body):
            return body.decode("cp874", errors="replace"), "cp874"
    elif enc == "utf-8" and _utf8_error_ratio(body) > 0.2 and _looks_like_tis620(body):
        return body.decode("cp874", errors="replace"), "cp874"
    return text, enc


def decode_text(data: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Decode a plain-text/CSV body; return ``(text, codec name)``.

    Order: BOM; the Content-Type charset if the bytes decode with it; strict UTF-8;
    TIS-620/windows-874 if the bytes look like Thai in it; ``charset_normalizer``'s best guess
    (it comes with Scrapy/requests; skipped if missing); else cp874 with U+FFFD for undecodable
    bytes. Never raises.
    """
    bom_enc, bom = read_bom(data)
    if bom_enc is not None and bom is not None:
        return data[len(bom) :].decode(bom_enc, errors="replace"), codecs.lookup(bom_enc).name
    declared = http_content_type_encoding(content_type) if content_type else None
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    if _looks_like_tis620(data):
        candidates.append("cp874")
    for enc in candidates:
        try:
            return data.decode(enc), codecs.lookup(enc).name
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - charset_normalizer ships with Scrapy
        from_bytes = None
    if from_bytes is not None:
        best = from_bytes(data[:200_000]).best()
        if best is not None:
            return data.decode(best.encoding, errors="replace"), codecs.lookup(best.encoding).name
    return data.decode("cp874", errors="replace"), "cp874"
