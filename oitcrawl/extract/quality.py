"""Text-layer quality of PDF pages and documents: is the text layer real, readable Thai?

A crawled PDF's text layer can be anything from clean Thai to noise (DOMAIN.md §5, measured
on ``corpus/real/PDF_ANALYSIS.tsv``). ``classify_page`` gives each page one class from
character statistics (``page_stats``); ``classify_document`` combines the pages. Classes:

``thai_text``
    Real Thai text without the known export defects.
``export_defects``
    Thai text with the known export defects that ``thai.normalize_for_matching`` repairs for
    matching: sara am lost ("ส านักงาน", "ประจาปี": every Word 2007/2010/2013 export in
    ``nysso/`` and ``saiyoidenchai/``) or inserted ("กำร", "รำคำ": the PowerPoint export
    ``nysso/upload/ITA/EB2/2.7.pdf``, the Excel exports ``ปร.5 ดาดคอนกรีต ม.9.pdf``,
    ``ราคากลางครุภัณฑ์ขายทอดตลาด.pdf``), spaces before combining marks ("ข้ อ", "ท ี่"),
    U+FFFD where ำ was, or a few legacy private-use glyphs (``nysso/upload/ITA/EB1/1.4.pdf``
    and ``1.7.pdf``: 3-5 of them among >1,000 Thai characters).
``legacy_pua``
    Thai drawn largely with private-use-area glyphs of old Thai fonts (U+F700-U+F71A, which
    ``normalize_text`` maps back): at least ``PUA_MIN`` of them and ``PUA_SHARE`` of the
    Thai+PUA characters. No such file in the corpus yet (PDF_ANALYSIS verdict
    ``text-PUA(legacy Thai glyphs)``); the thresholds are set an order of magnitude above
    the stray glyphs of ``1.4.pdf`` (0.36 %).
``unmapped_font``
    Fonts without a Unicode map: control characters (``CONTROL_SHARE`` of the characters;
    ``saiyoidenchai/images/file/ยุทธศาสตร์ 2551-2555.pdf``, Ghostscript 8.71, 75-80 % control
    characters per page), Latin-1 letters standing for TIS-620 bytes ("ÃÒ¤Ò"), private-use
    glyphs that are not the known Thai ones, Thai-range noise with impossible sequences, or
    Latin non-words on a page without images.
``garbage_ocr``
    A scan (page with an image) whose text layer is not Thai and not English words: the
    scanner's OCR read Thai as Latin (``saiyoidenchai/images/file/IMG.pdf``, Canon, "d:s nrna
    q dni:uir,rr:ei"), or Thai-range noise with impossible sequences on an image page.
``no_text``
    Fewer than ``MIN_TEXT_CHARS`` text characters: an image-only scan, vector outlines, or a
    blank page. Also the document class of a file PDFium could not open (``IMG_0001.pdf``).
``latin_text``
    Not Thai, but English-looking words (``COMMON_SHARE`` of the tokens are common English
    words, or almost all tokens are word-shaped on a page without images).

Thresholds (see ``tests/test_extract_quality.py`` for the measured per-file table):
``MIN_TEXT_CHARS`` = 20, ``THAI_SHARE`` = 0.2 of letters, ``CONTROL_SHARE`` = 0.10,
``PUA_MIN`` = 10 / ``PUA_SHARE`` = 0.01, ``ORPHAN_SHARE`` = 0.05 of Thai characters.

Everything here is pure Python over a ``str``; no function raises for any input.

This module is the classes. The patterns of the export damage it counts, the Thai
readability score (``thai_quality``) and the layer repair (``repair_layer``) are
``layer_damage``'s; they are importable from here as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from .layer_damage import (  # noqa: F401  (the score and repair: re-exported, issue 18)
    _BAD_LEADING_RE,
    _CONSONANT,
    _FOLLOW,
    _INSERTED_AM,
    _LEADING,
    _LOST_AM,
    _MARKS,
    _ORPHAN_RE,
    _ORPHAN_START_RE,
    _SPACE_BEFORE_MARK_RE,
    DAMAGED_SCORE,
    OCR_MARGIN,
    SCORE_MAX_CHARS,
    repair_layer,
    thai_quality,
)
from .thai import _PUA_THAI, normalize_text

__all__ = [
    "CLASSES",
    "UNUSABLE",
    "TextLayerQuality",
    "classify_document",
    "classify_page",
    "page_stats",
]

#: All classes, from the worst text layer to the best.
CLASSES = (
    "no_text",
    "garbage_ocr",
    "unmapped_font",
    "legacy_pua",
    "export_defects",
    "thai_text",
    "latin_text",
)
#: Classes whose text layer is no use for matching: OCR is worth trying on them (no_text,
#: garbage_ocr; unmapped_font too in principle, but its pages are not scans).
UNUSABLE = frozenset({"no_text", "garbage_ocr", "unmapped_font"})

MIN_TEXT_CHARS = 20  # text characters below which a page counts as having no text layer
THAI_SHARE = 0.2  # Thai share of letters from which a page is read as Thai
CONTROL_SHARE = 0.10  # control characters per character: unmapped font (Ghostscript: 0.75+)
PUA_MIN = 10
PUA_SHARE = 0.01  # PUA / (Thai + PUA); corpus stray glyphs: 0.0028 (1.7.pdf), 0.0036 (1.4.pdf)
ORPHAN_SHARE = 0.05  # Thai marks that cannot follow their predecessor, per Thai character
COMMON_SHARE = 0.08  # share of Latin tokens that are common English words for latin_text
WORDLIKE_SHARE = 0.85  # share of word-shaped Latin tokens for latin_text without common words

_WORDLIKE_RE = re.compile(r"[(\"'\[]?[A-Za-z]+(?:[-'.][A-Za-z]+)*[)\"'\].,;:!?]*")
_COMMON_EN = frozenset(
    (
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "will",
        "with",
        "which",
        "all",
        "any",
        "may",
        "shall",
        "must",
        "policy",
        "report",
        "plan",
        "department",
        "office",
        "year",
        "fiscal",
        "government",
        "public",
        "service",
        "services",
        "information",
        "data",
        "annual",
        "page",
        "date",
        "district",
        "project",
        "budget",
        "total",
        "number",
        "name",
        "type",
        "unit",
        "price",
    )
)


# Per character: (control, counted in ``chars``, Thai, Thai digit, ASCII letter, Latin-1,
# PUA, legacy Thai PUA), the tests page_stats applies to each character of a page.
_Kinds = tuple[bool, bool, bool, bool, bool, bool, bool, bool]
_KINDS: dict[str, _Kinds] = {}


def _kinds(c: str) -> _Kinds:
    o = ord(c)
    c1 = o < 0x20 or 0x7F <= o < 0xA0
    return (
        (o < 0x20 and c not in "\t\n\r\x0c\x0b") or 0x7F <= o < 0xA0,
        not c.isspace() and not c1,
        0x0E01 <= o <= 0x0E3A or 0x0E40 <= o <= 0x0E4E,
        0x0E50 <= o <= 0x0E59,
        c.isascii() and c.isalpha(),
        0x00C0 <= o <= 0x00FF,
        0xE000 <= o <= 0xF8FF,
        o in _PUA_THAI,
    )


# Orphan marks counted over the whole text as over each line (``_ORPHAN_RE`` and
# ``_BAD_LEADING_RE`` per line, ``_ORPHAN_START_RE`` at each line start): a line's start and
# end stand where the text has a newline. Look-behinds after the first character, so the
# regex engine skips to the marks.
_MF = f"{_MARKS}{_FOLLOW}"
_ORPHAN_TEXT_RE = re.compile(rf"[{_MF}](?:(?<![{_CONSONANT}{_MF}\s][{_MF}])|(?<=\n[{_MF}]))")
_ORPHAN_STARTS_RE = re.compile(rf"^[{_MF}]", re.MULTILINE)
_BAD_LEADING_TEXT_RE = re.compile(rf"[{_LEADING}](?:(?![{_CONSONANT}\u0e40\s])|(?=\n))")
_ASCII_LETTER_RE = re.compile("[A-Za-z]")


def page_stats(text: str) -> dict[str, Any]:
    """Character statistics of one page's raw text layer (``PdfPage.text``).

    Returns a dict of counts (ints) and shares (floats 0-1): ``chars`` (non-whitespace
    characters, control characters excluded), ``controls`` (C0 apart from tab/newline/CR and
    the separators U+001C-U+001F, DEL, C1), ``thai`` (U+0E01-U+0E3A, U+0E40-U+0E4E),
    ``thai_digits``, ``latin`` (ASCII letters), ``latin1`` (U+00C0-U+00FF, TIS-620 bytes
    shown as Latin-1), ``pua`` / ``pua_known`` (U+E000-U+F8FF / of those the legacy Thai
    glyphs U+F700-U+F71A), ``fffd``, ``sara_am``, ``sara_aa``, ``space_before_mark``,
    ``orphan_marks`` (marks after a character they cannot follow, plus leading vowels not
    before a consonant), ``lost_am_words`` / ``inserted_am_words`` (hits of the export
    misspellings listed in this module), ``latin_tokens`` / ``latin_wordlike`` /
    ``latin_common`` (whitespace-separated tokens with an ASCII letter / that look like words
    / that are common English words), and ``thai_share`` (Thai / (Thai + Latin + Latin-1)),
    ``control_share`` (controls / (chars + controls)), ``orphan_share`` (orphans / Thai).
    """
    text = text or ""
    n = [0] * 8
    for c, k in Counter(text).items():
        kinds = _KINDS.get(c)
        if kinds is None:
            kinds = _KINDS[c] = _kinds(c)
        for i, yes in enumerate(kinds):
            if yes:
                n[i] += k
    controls, chars, thai, thai_digits, latin, latin1, pua, pua_known = n
    joined = _SPACE_BEFORE_MARK_RE.sub("", normalize_text(text))
    orphans = (
        len(_ORPHAN_TEXT_RE.findall(joined))
        + len(_BAD_LEADING_TEXT_RE.findall(joined))
        + len(_ORPHAN_STARTS_RE.findall(joined))
    )
    # whitespace-separated tokens with an ASCII letter (what r"\S*[A-Za-z]\S*" finds)
    tokens = [t for t in text.split() if _ASCII_LETTER_RE.search(t)] if latin else []
    wordlike = [t for t in tokens if _WORDLIKE_RE.fullmatch(t)]
    common = sum(1 for t in wordlike if t.strip("()\"'[].,;:!?").lower() in _COMMON_EN)
    letters = thai + latin + latin1
    return {
        "chars": chars,
        "controls": controls,
        "thai": thai,
        "thai_digits": thai_digits,
        "latin": latin,
        "latin1": latin1,
        "pua": pua,
        "pua_known": pua_known,
        "fffd": text.count("\ufffd"),
        "sara_am": text.count("\u0e33"),
        "sara_aa": text.count("\u0e32"),
        "space_before_mark": len(_SPACE_BEFORE_MARK_RE.findall(text)),
        "orphan_marks": orphans,
        "lost_am_words": sum(joined.count(w) for w in _LOST_AM),
        "inserted_am_words": sum(joined.count(w) for w in _INSERTED_AM),
        "latin_tokens": len(tokens),
        "latin_wordlike": len(wordlike),
        "latin_common": common,
        "thai_share": round(thai / letters, 4) if letters else 0.0,
        "control_share": round(controls / (chars + controls), 4) if chars + controls else 0.0,
        "orphan_share": round(orphans / thai, 4) if thai else 0.0,
    }


def _defects(s: dict[str, Any]) -> list[str]:
    """Names of the export defects found in page stats ``s`` (empty: clean Thai)."""
    found = []
    if s["fffd"]:
        found.append("fffd")
    if s["space_before_mark"] >= 2:
        found.append("space_before_mark")
    if s["pua"]:
        found.append("stray_pua")
    am, aa = s["sara_am"], s["sara_aa"]
    if s["lost_am_words"] >= 2 or (am == 0 and aa >= 40):
        found.append("lost_sara_am")
    if s["inserted_am_words"] >= 2 or (am >= 10 and am / (am + aa) >= 0.4):
        found.append("inserted_sara_am")
    if s["orphan_marks"] >= 3:
        found.append("misplaced_marks")
    return found


def _is_english(s: dict[str, Any], image_count: int) -> bool:
    tokens = s["latin_tokens"]
    if tokens < 5:
        return False
    if s["latin_common"] / tokens >= COMMON_SHARE and s["latin_wordlike"] / tokens >= 0.6:
        return True
    return image_count == 0 and s["latin_wordlike"] / tokens >= WORDLIKE_SHARE


def classify_page(text: str, image_count: int, stats: dict[str, Any] | None = None) -> str:
    """Class of one page's text layer (one of ``CLASSES``; see the module docstring).

    ``text``: the raw page text (``PdfPage.text``, not normalised: the defects are the
    evidence). ``image_count``: image objects on the page (``PdfPage.image_count``); an
    image tells a scan's garbage OCR layer from an unmapped font. ``stats``: ``page_stats
    (text)`` if already computed. Rules, in order: fewer than ``MIN_TEXT_CHARS`` characters →
    no_text; controls ≥ ``CONTROL_SHARE`` → unmapped_font (ยุทธศาสตร์ 2551-2555.pdf); PUA ≥
    ``PUA_MIN`` and ≥ ``PUA_SHARE`` of Thai+PUA → legacy_pua if mostly known glyphs, else
    unmapped_font; Latin-1 letters ≥ 30 % of letters → unmapped_font; Thai share ≥
    ``THAI_SHARE`` → garbage_ocr/unmapped_font (image or not) if orphan marks ≥
    ``ORPHAN_SHARE``, else export_defects if any defect, else thai_text; otherwise
    latin_text for English-looking words, garbage_ocr on an image page (IMG.pdf), else
    unmapped_font. Never raises.
    """
    s = stats if stats is not None else page_stats(text)
    if s["chars"] + s["controls"] < MIN_TEXT_CHARS:
        return "no_text"
    if s["control_share"] >= CONTROL_SHARE:
        return "unmapped_font"
    thai_pua = s["thai"] + s["pua"]
    if s["pua"] >= PUA_MIN and s["pua"] / thai_pua >= PUA_SHARE:
        return "legacy_pua" if s["pua_known"] * 2 >= s["pua"] else "unmapped_font"
    letters = s["thai"] + s["latin"] + s["latin1"]
    if s["latin1"] >= MIN_TEXT_CHARS and s["latin1"] / letters >= 0.3:
        return "unmapped_font"
    if s["thai"] >= MIN_TEXT_CHARS and s["thai_share"] >= THAI_SHARE:
        if s["orphan_share"] >= ORPHAN_SHARE:
            return "garbage_ocr" if image_count else "unmapped_font"
        return "export_defects" if _defects(s) else "thai_text"
    if _is_english(s, image_count):
        return "latin_text"
    return "garbage_ocr" if image_count else "unmapped_font"


_REASONS = {
    "thai_text": ("ข้อความภาษาไทยอ่านได้ตามปกติ", "real Thai text layer"),
    "export_defects": (
        "ข้อความภาษาไทยมีข้อบกพร่องจากการแปลงไฟล์ (สระอำหาย/เกิน เว้นวรรคก่อนวรรณยุกต์) "
        "แต่ยังค้นหาได้หลังปรับข้อความ",
        "Thai text with export defects (lost/inserted sara am, spaces before marks, U+FFFD); "
        "searchable after normalize_for_matching",
    ),
    "legacy_pua": (
        "ใช้ฟอนต์ไทยรุ่นเก่าที่วางอักขระในช่วง Private Use Area",
        "legacy Thai font glyphs in the private-use area",
    ),
    "unmapped_font": (
        "ฟอนต์ไม่มีตารางแปลงเป็น Unicode ข้อความที่คัดลอกได้เป็นอักขระขยะ",
        "fonts without a Unicode map: the text layer is garbage",
    ),
    "garbage_ocr": (
        "เอกสารสแกนที่มีชั้นข้อความ OCR อ่านไม่ได้",
        "scanned page with a garbage OCR text layer",
    ),
    "no_text": (
        "ไม่มีชั้นข้อความ (เป็นภาพสแกนหรือหน้าว่าง)",
        "no text layer (image-only scan or blank)",
    ),
    "latin_text": ("ข้อความภาษาอังกฤษ/อักษรละติน", "non-Thai (Latin) text"),
}


@dataclass
class TextLayerQuality:
    """Result of ``classify_document``.

    ``label``: the document class (one of ``CLASSES``). ``reason_th`` / ``reason_en``: one
    sentence for the report. ``per_page``: each page's class, in page order. ``stats``:
    totals of ``page_stats`` over the pages (ints), ``pages_by_class`` ({class: pages}),
    ``defects`` (sorted names of the export defects found), ``pages`` (pages classified).
    """

    label: str
    reason_th: str
    reason_en: str
    per_page: list[str] = field(default_factory=list)
    stats: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``dataclasses.asdict``)."""
        return asdict(self)


def _page_fields(page: Any) -> tuple[str, int]:
    if isinstance(page, dict):
        return str(page.get("text") or ""), int(page.get("image_count") or 0)
    return str(getattr(page, "text", "") or ""), int(getattr(page, "image_count", 0) or 0)


def classify_document(pages: Iterable[Any], known: LayerReading | None = None) -> TextLayerQuality:
    """Class of a whole PDF from its pages (``PdfPage`` objects or their ``to_dict`` dicts).
    ``known``: the pages' statistics already taken while they were read (``LayerReading``);
    a page whose text has changed since is counted again.

    Blank pages (no_text and no image) do not vote. If no page votes (no pages at all, as for
    a file PDFium cannot open, or only blank pages) → no_text. If the unusable pages
    (``UNUSABLE``) outnumber the readable ones → the most frequent unusable class (ties: the
    worse in ``CLASSES`` order). Otherwise the worst readable Thai class present (legacy_pua
    > export_defects > thai_text: one defective page makes the document defective), else
    latin_text. Never raises.
    """
    per_page: list[str] = []
    totals: Counter[str] = Counter()
    defects: set[str] = set()
    votes: Counter[str] = Counter()
    for page in pages:
        text, images = _page_fields(page)
        s = known.stats_of(page) if known is not None else None
        if s is None:
            s = page_stats(text)
        label = classify_page(text, images, s)
        per_page.append(label)
        totals.update({k: v for k, v in s.items() if isinstance(v, int)})
        if label == "export_defects":
            defects.update(_defects(s))
        if not (label == "no_text" and images == 0):
            votes[label] += 1
    unusable = sum(n for lab, n in votes.items() if lab in UNUSABLE)
    readable = sum(votes.values()) - unusable
    if not votes:
        label = "no_text"
    elif unusable > readable:
        label = max(
            (lab for lab in votes if lab in UNUSABLE),
            key=lambda lab: (votes[lab], -CLASSES.index(lab)),
        )
    else:
        thai = [lab for lab in ("legacy_pua", "export_defects", "thai_text") if votes[lab]]
        label = thai[0] if thai else "latin_text"
    stats: dict[str, Any] = dict(totals)
    stats["pages"] = len(per_page)
    stats["pages_by_class"] = dict(Counter(per_page))
    stats["defects"] = sorted(defects)
    reason_th, reason_en = _REASONS[label]
    if not per_page:
        reason_th, reason_en = "ไม่มีหน้าที่อ่านได้", "no pages could be read"
    return TextLayerQuality(label, reason_th, reason_en, per_page, stats)


#: The classes whose export damage ``repair_layer`` undoes before a page is scored.
REPAIRABLE = frozenset({"export_defects", "legacy_pua"})


@dataclass
class LayerReading:
    """A PDF's text layer judged page by page while ``pdf.extract_pdf`` has each page open
    (its ``page_hook``, with ``split``/``merge``: when two processes read a long document,
    each judges its own pages, issue 17). Per page number: the text read and its
    ``page_stats``, and the text scored (repaired when its class is in ``REPAIRABLE``) with its
    ``thai_quality``, not for latin_text or an empty layer. ``classify_document`` and
    ``document.choose_page_text`` take them instead of doing the work again; an entry whose
    text no longer matches the page is not used."""

    stats: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    scores: dict[int, tuple[str, float]] = field(default_factory=dict)

    def __call__(self, page: Any, textpage: Any, p: Any, paths: int) -> None:
        """The page hook: ``p`` is the ``PdfPage`` just read. Never raises for any text."""
        s = page_stats(p.text)
        self.stats[p.number] = (p.text, s)
        label = classify_page(p.text, p.image_count, s)
        if label == "latin_text" or not p.chars:
            return
        text = repair_layer(p.text)[0] if label in REPAIRABLE else p.text
        self.scores[p.number] = (text, thai_quality(text))

    def split(self) -> LayerReading:
        return LayerReading()

    def merge(self, other: LayerReading) -> None:
        self.stats.update(other.stats)
        self.scores.update(other.scores)

    def stats_of(self, page: Any) -> dict[str, Any] | None:
        """The ``page_stats`` taken of ``page`` (a ``PdfPage``), None if not or of another text."""
        entry = self.stats.get(getattr(page, "number", -1))
        return entry[1] if entry is not None and entry[0] == getattr(page, "text", None) else None

    def score_of(self, number: int, text: str) -> float | None:
        """The ``thai_quality`` taken of page ``number``'s ``text``, None if not taken."""
        entry = self.scores.get(number)
        return entry[1] if entry is not None and entry[0] == text else None
