"""Repair of names, labels and titles before they are stored, matched or written (issue 18).

Two kinds of damage come from real agency sites:

* **Mojibake.** A Thai file name or title that was UTF-8, decoded once more as windows-874
  by a CMS or an FTP upload: "เอกสาร" (UTF-8 ``E0 B9 80 E0 B8 AD …``) becomes "เน€เธญเธ…",
  where bytes that windows-874 leaves undefined (0x81-0x84, 0x86-0x90, 0x98-0x9F) turn into
  C1 control characters (U+0081 …) or are lost. Each Thai character shows as three: "เ",
  "ธ"/"น" and one more, which makes the damage easy to recognise and exact to undo. ftfy
  (``ftfy.fix_text``) undoes the Western cases (UTF-8 read as windows-1252/latin-1:
  "à¸›à¸£à¸°à¸ˆà¸³").
* **Control characters** (C0 but tab/newline, DEL, C1): never written into YAML (PyYAML
  refuses U+0080-U+009F in a file: ``check`` would refuse the proposal) or HTML.

``repair_text`` does both and says nothing when there is nothing to do; ``repair_name`` also
keeps a single line. ``yaml_quote`` writes a YAML double-quoted scalar with every control
character escaped (the string reads back unchanged: a URL keeps the address the site wrote).
"""

from __future__ import annotations

import json
import re
import unicodedata

__all__ = [
    "has_mojibake",
    "printable",
    "repair_name",
    "repair_text",
    "strip_controls",
    "yaml_quote",
]

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
# Non-printable characters a YAML/HTML writer must escape: controls plus the Unicode line and
# paragraph separators and bidi overrides (they reorder what a reader sees).
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]")

# windows-874 as a browser (WHATWG) reads it: undefined bytes pass through as C1 controls.
_CP874_BYTE: dict[str, int] = {}
for _b in range(0x80, 0x100):
    try:
        _CP874_BYTE[bytes([_b]).decode("cp874")] = _b
    except UnicodeDecodeError:
        _CP874_BYTE[chr(_b)] = _b
# One UTF-8 Thai character (E0 B8 xx / E0 B9 xx) read as windows-874: "เธ?" / "เน?". The third
# byte is 0x80-0xBF; when a reader dropped an undefined one (or put U+FFFD there) the next
# character is "เ" again, which no third byte can be (0xE0).
_THIRD = "[\x80-\x9f€…‘’“”•–—\xa0\ufffd\u0e01-\u0e1f\u0e20-\u0e3a\u0e3f]"
_MOJIBAKE_CHAR = f"เ[ธน](?:{_THIRD}|(?=เ[ธน]))"
_MOJIBAKE_RUN = re.compile(f"(?:{_MOJIBAKE_CHAR}){{2,}}")
_GROUP = re.compile(f"เ([ธน])({_THIRD}?)")


# Text ftfy (as ``repair_text`` runs it) gives back unchanged: Thai letters, digits and marks,
# printable ASCII but "&" (HTML entities), tab and newline; no Latin-1 or windows-1252
# character for its mojibake fixes to start from, no control or escape character
# (``tests/test_textfix.py`` checks it on generated and real text). Most Thai titles and
# names are such text: ftfy is then not even imported (issue 17).
_FTFY_NOTHING_TO_DO = re.compile("[\t\n\x20-\x25\x27-\x7e\u0e01-\u0e3a\u0e3f-\u0e5b]*")


def strip_controls(text: str) -> str:
    """``text`` without C0 (but tab/newline), DEL, C1 and U+FFFE/U+FFFF characters."""
    return _CONTROLS.sub("", text)


def has_mojibake(text: str) -> bool:
    """True when ``text`` holds a run of Thai UTF-8 read as windows-874 ("เน€เธญเธ…")."""
    return bool(_MOJIBAKE_RUN.search(text))


def _undo_cp874(run: str) -> str:
    out = []
    for m in _GROUP.finditer(run):
        third = m.group(2)
        if not third or third == "\ufffd":
            out.append("\ufffd")  # the byte was lost: the character cannot be known
            continue
        try:
            out.append(bytes([0xE0, _CP874_BYTE[m.group(1)], _CP874_BYTE[third]]).decode("utf-8"))
        except (KeyError, UnicodeDecodeError):
            return run
    fixed = "".join(out)
    # only Thai comes out of such a run; anything else means it was real text
    if not all("\u0e01" <= c <= "\u0e5b" or c == "\ufffd" for c in fixed):
        return run
    if fixed.count("\ufffd") * 2 > len(fixed):
        return run
    return fixed


def _fix_thai_mojibake(text: str) -> str:
    if "เ" not in text:
        return text
    return _MOJIBAKE_RUN.sub(lambda m: _undo_cp874(m.group(0)), text)


def repair_text(text: str) -> str:
    """``text`` with mojibake undone (Thai read as windows-874; UTF-8 read as windows-1252 or
    latin-1, by ftfy) and control characters removed. Real Thai text comes back unchanged
    (ftfy is run with its text-changing fixes off: quotes, ligatures, widths, NFC are left)."""
    if not text:
        return text
    fixed = _fix_thai_mojibake(text)
    if not fixed.isascii():
        if not _FTFY_NOTHING_TO_DO.fullmatch(fixed):
            import ftfy  # ~0.03 s: only for text it may change

            fixed = ftfy.fix_text(
                fixed,
                uncurl_quotes=False,
                fix_latin_ligatures=False,
                fix_character_width=False,
                fix_line_breaks=False,
                normalization=None,
                explain=False,
            )
        fixed = _fix_thai_mojibake(fixed)
    return strip_controls(fixed)


def repair_name(text: str) -> str:
    """A name, label or title: ``repair_text`` on one line (runs of whitespace → one space)."""
    return " ".join(repair_text(text).split())


def _escape(m: re.Match[str]) -> str:
    c = m.group(0)
    return f"\\x{ord(c):02x}" if ord(c) <= 0xFF else f"\\u{ord(c):04x}"


def yaml_quote(text: str) -> str:
    """A YAML double-quoted scalar for ``text``: JSON escaping plus every control, line
    separator and bidi character escaped, so the file loads and the value reads back as is."""
    quoted = json.dumps(str(text), ensure_ascii=False)
    return _UNSAFE.sub(_escape, quoted)


def printable(text: str) -> str:
    """``text`` for a comment or a label in YAML/HTML: repaired, unsafe characters dropped."""
    return _UNSAFE.sub("", repair_text(unicodedata.normalize("NFC", str(text))))
