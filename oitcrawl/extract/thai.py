"""Thai text normalisation shared by everything that stores, displays or matches text.

Two levels:

``normalize_text`` (display and storage; loses nothing a reader would notice)
    * Unicode NFC. Thai has no canonical compositions, but NFC puts stacked marks in canonical
      order (sara u/uu before a tone mark), so two spellings of the same cluster compare equal.
    * Line endings ``\\r\\n``/``\\r``/form feed become ``\\n``; U+00A0 and the other Unicode
      spaces become a space; zero-width characters (U+200B-U+200D, U+2060, U+FEFF) and the
      soft hyphen are removed. Thai web pages put U+200B between words as a line-break hint
      and NBSP for indentation; Word exports use NBSP.
    * Other control characters (C0 apart from tab/newline, DEL, C1, U+FFFE/U+FFFF) are
      removed: the Ghostscript PDF without a Unicode map
      (``saiyoidenchai/images/file/ยุทธศาสตร์ 2551-2555.pdf``) yields thousands of them.
    * Legacy Thai glyphs in the private-use area U+F700-U+F71A ("shifted" tone marks and
      vowels of old Windows/Mac Thai fonts) become the Thai characters they draw. Real case:
      ``nysso/upload/ITA/EB1/1.7.pdf`` has "ประจ าป\\uf702" (U+F702 = sara ii, "ปี").
      DOMAIN.md §5: "private-use-area glyphs from old fonts".
    * Runs of spaces/tabs collapse to one space, lines are stripped, empty lines are dropped.
      Newlines between lines are kept. Thai digits are kept (they are what the page shows).

``normalize_for_matching`` (for "does this text contain that phrase" checks; lossy on purpose)
    ``normalize_text`` plus, in this order:

    * Thai digits ๐-๙ become 0-9 ("พ.ศ. ๒๕๖๖" == "พ.ศ. 2566"). DOMAIN.md §5: Thai digits
      everywhere; Word exports of the nysso documents mix them ("256๒").
    * Latin letters are lower-cased.
    * Sara am / sara aa confusion: ำ (U+0E33) becomes า (U+0E32), nikhahit (U+0E4D, the first
      half of a decomposed sara am "ํา") is dropped, and U+FFFD becomes า. Real cases:
      Word 2007 / TH SarabunPSK exports lose the nikhahit ("สานักงาน", "ประจาปี" in every
      ``nysso/`` Word export; PDFium even returns "ส านักงาน" with a space where the
      nikhahit glyph was, ``nysso/upload/ITA/EB2/2.2.pdf``); PowerPoint/Excel exports add it
      ("กำร", "รำคำ" in ``nysso/upload/ITA/EB2/2.7.pdf`` and ``saiyoidenchai/.../ปร.5
      ดาดคอนกรีต ม.9.pdf``); some exports put U+FFFD where ำ was (DOMAIN.md §5). So
      "ประจำปี", "ประจาปี", "ประจําปี" and "ประจ\\ufffdปี" all match, and so do "การ" and "กำร".
    * All whitespace (spaces and newlines) becomes a single space, so phrases broken across
      lines still match word-by-word; the result is one line.
    * Whitespace immediately before a Thai mark that cannot start a syllable is removed: the
      above/below vowels and tone marks U+0E31, U+0E34-U+0E3A, U+0E47-U+0E4E, and the
      following vowels ะ า ำ (U+0E30, U+0E32, U+0E33). Real cases: PowerPoint/Word exports
      inject spaces before combining marks ("ต ัวชวี้ ัด", "กำรพ ัฒนำ", "ส ำค ัญ" in
      ``nysso/upload/ITA/EB2/2.7.pdf``; "ข้ อ" in DOMAIN.md §5) and PDFium turns a lost
      nikhahit into a space before า ("ส านัก", ``nysso/upload/ITA/EB2/2.2.pdf``). No Thai
      word starts with one of these characters, so no real word boundary is lost.
    * NFC again, because removing a space can put a tone mark and sara u side by side.

    The function is idempotent: ``normalize_for_matching(normalize_for_matching(s)) ==
    normalize_for_matching(s)``. Compare only strings that both went through it.

Not handled here (needs a Thai dictionary, a later issue): spaces *after* a tone mark
("ขอ้ มูล"), marks attached to the wrong consonant ("ชวีติ" for "ชีวิต" in the PowerPoint
export), marks lost entirely ("สาธารณส ข"), Latin garbage from fonts without a Unicode map
(``saiyoidenchai/.../ยุทธศาสตร์ 2551-2555.pdf``) and garbage OCR layers
(``saiyoidenchai/images/file/IMG.pdf``).
"""

from __future__ import annotations

import os
import re
import unicodedata
from functools import cached_property, lru_cache
from itertools import islice

from .speedups import C

__all__ = [
    "LINE_BREAKS",
    "THAI_DIGITS",
    "fold_with_offsets",
    "normalize_for_matching",
    "normalize_text",
    "thai_digits_to_arabic",
    "thai_words",
]

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
_THAI_DIGIT_TABLE = str.maketrans(THAI_DIGITS, "0123456789")

# Legacy Thai glyph code points in the private-use area (the layout used by Microsoft and Apple
# Thai fonts for positional variants), mapped to the characters they draw.
_PUA_THAI = {
    0xF700: "\u0e10",  # tho than without lower part
    0xF701: "\u0e34",  # sara i, shifted left
    0xF702: "\u0e35",  # sara ii, shifted left
    0xF703: "\u0e36",  # sara ue, shifted left
    0xF704: "\u0e37",  # sara uee, shifted left
    0xF705: "\u0e48",  # mai ek, low, shifted left
    0xF706: "\u0e49",  # mai tho, low, shifted left
    0xF707: "\u0e4a",  # mai tri, low, shifted left
    0xF708: "\u0e4b",  # mai chattawa, low, shifted left
    0xF709: "\u0e4c",  # thanthakhat, low, shifted left
    0xF70A: "\u0e48",  # mai ek, low
    0xF70B: "\u0e49",  # mai tho, low
    0xF70C: "\u0e4a",  # mai tri, low
    0xF70D: "\u0e4b",  # mai chattawa, low
    0xF70E: "\u0e4c",  # thanthakhat, low
    0xF70F: "\u0e0d",  # yo ying without lower part
    0xF710: "\u0e31",  # mai han-akat, shifted left
    0xF711: "\u0e4d",  # nikhahit, shifted left
    0xF712: "\u0e48",  # mai ek, shifted left
    0xF713: "\u0e49",  # mai tho, shifted left
    0xF714: "\u0e4a",  # mai tri, shifted left
    0xF715: "\u0e4b",  # mai chattawa, shifted left
    0xF716: "\u0e4c",  # thanthakhat, shifted left
    0xF717: "\u0e47",  # maitaikhu, shifted left
    0xF718: "\u0e38",  # sara u, low
    0xF719: "\u0e39",  # sara uu, low
    0xF71A: "\u0e3a",  # phinthu, low
}

_CONTROLS: dict[int, str | None] = {
    c: None for c in (*range(0x20), *range(0x7F, 0xA0), 0xFFFE, 0xFFFF) if c not in (9, 10, 13)
}
_DISPLAY_TABLE: dict[int, str | None] = {
    **_CONTROLS,
    **_PUA_THAI,
    0x00A0: " ",  # no-break space
    0x00AD: None,  # soft hyphen
    0x200B: None,  # zero width space (Thai word-break hint)
    0x200C: None,  # zero width non-joiner
    0x200D: None,  # zero width joiner
    0x2060: None,  # word joiner
    0xFEFF: None,  # zero width no-break space / BOM
    0x0C: "\n",  # form feed (page break in pdftotext output)
    0x0B: "\n",  # vertical tab
    0x2028: "\n",  # line separator
    0x2029: "\n",  # paragraph separator
    0x85: "\n",  # next line
}

_DISPLAY_RE = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_DISPLAY_TABLE)) + "]")

_CANONICAL_AA = "\u0e32"  # sara aa: the one form of ำ / ํา / า / U+FFFD used for matching
_MATCH_TABLE: dict[int, str | None] = {
    **{ord(d): str(i) for i, d in enumerate(THAI_DIGITS)},
    0x0E33: _CANONICAL_AA,  # sara am
    0x0E4D: None,  # nikhahit (first half of a decomposed sara am)
    0xFFFD: _CANONICAL_AA,  # replacement character where some exports had sara am
}

_HSPACE_RE = re.compile(r"[^\S\n]+")
_NEWLINES_RE = re.compile(r"\r\n?")
_WS_RE = re.compile(r"\s+")
# Characters that never start a Thai syllable: whitespace before them is an export artefact.
_NO_SPACE_BEFORE = "\u0e30\u0e31\u0e32\u0e33\u0e34-\u0e3a\u0e47-\u0e4e"
_SPACE_BEFORE_MARK_RE = re.compile(rf"\s+(?=[{_NO_SPACE_BEFORE}])")


def thai_digits_to_arabic(s: str) -> str:
    """Replace the Thai digits ๐-๙ in ``s`` with 0-9; everything else is unchanged. Never raises.

    >>> thai_digits_to_arabic("พ.ศ. ๒๕๖๒")
    'พ.ศ. 2562'
    """
    return s.translate(_THAI_DIGIT_TABLE)


def normalize_text(text: str) -> str:
    """Normalise ``text`` for display and storage (see the module docstring for each rule).

    Returns NFC text with unified line endings, special spaces turned into spaces, zero-width
    characters removed, legacy Thai PUA glyphs mapped, spaces collapsed within each line,
    lines stripped and empty lines dropped (lines joined with ``"\\n"``). Thai digits are kept.
    Idempotent. Never raises for any ``str``.
    """
    if not text:
        return ""
    text = _NEWLINES_RE.sub("\n", text)
    if _DISPLAY_RE.search(text):  # most pages have none: skip translate's per-character lookups
        text = text.translate(_DISPLAY_TABLE)
    text = unicodedata.normalize("NFC", text)
    lines = (_HSPACE_RE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def normalize_for_matching(text: str) -> str:
    """Normalise ``text`` for phrase matching (see the module docstring for each rule).

    Returns a single line: ``normalize_text`` plus Thai digits as 0-9, Latin lower-cased,
    ำ / ํา / U+FFFD folded into า, all whitespace collapsed to one space, whitespace before
    Thai marks and following vowels removed, NFC. Idempotent. Never raises for any ``str``.

    >>> normalize_for_matching("ประจำปี ๒๕๖๒") == normalize_for_matching("ประจาปี 2562")
    True
    """
    text = normalize_text(text)
    if not text:
        return ""
    text = text.translate(_MATCH_TABLE).lower()
    text = _WS_RE.sub(" ", text)
    text = _SPACE_BEFORE_MARK_RE.sub("", text).strip()
    return unicodedata.normalize("NFC", text)


# ------------------------------------------------------------------ folding with offsets

#: Characters that end a line for ``fold_with_offsets`` (a folded newline is kept as "\n").
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
# Thai marks and following vowels that never start a syllable: a space before one is damage.
_NO_SPACE_BEFORE = frozenset(
    "\u0e30\u0e31\u0e32\u0e33"
    + "".join(map(chr, range(0x0E34, 0x0E3B)))
    + "".join(map(chr, range(0x0E47, 0x0E4F)))
)
_NO_SPACE_BEFORE_CHARS = "".join(sorted(_NO_SPACE_BEFORE))


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    """One character for matching: normalize_text's per-character mapping (legacy PUA glyphs,
    zero-width and control characters), Latin lower case, ำ / U+FFFD → า, nikhahit dropped."""
    if c.isascii():
        return c.lower() if c.isprintable() else ""
    folded = normalize_text(c)
    return folded.replace("\u0e33", "\u0e32").replace("\ufffd", "\u0e32").replace("\u0e4d", "")


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """Fold ``text`` the way ``normalize_for_matching`` does, keeping the way back.

    Returns ``(folded, where)``: ``folded`` has the same matching rules (Thai digits as 0-9,
    Latin lower case, ำ / ํา / U+FFFD as า, whitespace runs collapsed, no whitespace before a
    Thai mark) but keeps line breaks as "\\n"; ``where[i]`` is the offset in ``text`` of the
    character that produced ``folded[i]``, so a match in ``folded`` can be shown as the
    original slice (``oitcrawl.evaluate.matching`` excerpts, ``oitcrawl.periods`` mentions).
    With "\\n" read as a space and the ends stripped, ``folded`` equals
    ``normalize_for_matching(text)`` up to the NFC order of stacked marks. ``where`` is the
    caller's own list. Never raises.
    """
    folded, where = _fold_cached(text)
    return folded, list(where)


@lru_cache(maxsize=1)
def _one_to_one() -> tuple[re.Pattern[str], tuple[tuple[str, str], ...], bytes]:
    """The characters that fold to exactly one character with no look at their neighbours
    (printable ASCII but the space, the Thai block but nikhahit) as a regex of the others,
    the table folding them (Thai digits, Latin capitals, ำ), and the same set as 256 flags
    (U+0000-U+007F, then U+0E00-U+0E7F) for ``_speedups.fold``. Anything else (whitespace,
    controls, other scripts) is folded one character at a time."""
    same: list[str] = []
    table: list[tuple[str, str]] = []
    flags = bytearray(256)
    for c in map(chr, (*range(0x21, 0x7F), *range(0x0E00, 0x0E80))):
        f = _fold_char(thai_digits_to_arabic(c))
        if len(f) == 1 and not c.isspace():
            same.append(re.escape(c))
            flags[ord(c) if ord(c) < 0x80 else 0x80 + ord(c) - 0x0E00] = 1
            if f != c:
                table.append((c, f))
    return re.compile(f"[^{''.join(same)}]"), tuple(table), bytes(flags)


@lru_cache(maxsize=4)
def _fold_cached(text: str) -> tuple[str, list[int]]:
    # A document's text is folded by the date reader, its exclusions, the announcement checks
    # and the matcher in turn: once is enough (issue 17). Callers get their own ``where``.
    # Runs of one-to-one characters are copied whole (they cannot merge with a neighbour but
    # for a space before their first mark); the rest one by one (~5x faster than one loop).
    # The loop runs in C where built (``_speedups.fold``, ~10x faster again).
    if C is not None:
        flags = _one_to_one()[2]
        return C.fold(
            _fold_one_to_one(text), flags, _NO_SPACE_BEFORE_CHARS, LINE_BREAKS, _fold_char
        )
    return _fold_runs_python(_fold_one_to_one(text), _one_to_one()[0])


def _fold_one_to_one(text: str) -> str:
    """``text`` with its one-to-one characters folded (Thai digits, Latin capitals, ำ)."""
    for c, f in _one_to_one()[1]:  # str.translate looks up every character; most are not here
        if c in text:
            text = text.replace(c, f)
    return text


def _fold_runs_python(folded: str, other: re.Pattern[str]) -> tuple[str, list[int]]:
    """``_fold_cached``'s loop in Python: ``folded`` (its one-to-one characters folded
    already) with whitespace runs made one " " or "\n", no whitespace before a Thai mark and
    the ``other`` characters folded one by one; with the offset of each."""
    out: list[str] = []  # runs and single characters
    where: list[int] = []
    done = 0
    for m in other.finditer(folded):
        i = m.start()
        if i > done:
            run = folded[done:i]
            if run[0] in _NO_SPACE_BEFORE and out and out[-1] in (" ", "\n"):
                out.pop()
                where.pop()
            out.append(run)
            where.extend(range(done, i))
        done = i + 1
        c = folded[i]
        if c.isspace():
            ws = "\n" if c in LINE_BREAKS else " "
            if out and out[-1] in (" ", "\n"):
                if ws == "\n":
                    out[-1] = "\n"
                continue
            out.append(ws)
            where.append(i)
            continue
        for f in _fold_char(c):
            if f in _NO_SPACE_BEFORE and out and out[-1] in (" ", "\n"):
                out.pop()
                where.pop()
            out.append(f)
            where.append(i)
    if done < len(folded):
        run = folded[done:]
        if run[0] in _NO_SPACE_BEFORE and out and out[-1] in (" ", "\n"):
            out.pop()
            where.pop()
        out.append(run)
        where.extend(range(done, len(folded)))
    return "".join(out), where


# ------------------------------------------------------------------------ word boundaries


class _WordSet:
    """PyThaiNLP's Thai word list with the one method its ``newmm`` segmenter asks of a
    dictionary (``prefixes``): the same words and the same answers as ``pythainlp.util.Trie``.
    The trie adds 62,000 words one character node at a time (~0.4-0.6 s), a cost every process
    that cut an excerpt or scored a page paid (issue 17). Here a short text (an excerpt's
    edge) is answered from the word set alone; a long one (a page being scored) walks the set
    of every beginning of a word, built on first need (~0.1 s)."""

    SHORT = 64  # characters after ``start`` up to which every slice is simply looked up

    def __init__(self, words: frozenset[str], key: str | None = None) -> None:
        self.words = words
        self.key = key  # of the word list in the cache folder (``thai_words``): stems too

    @cached_property
    def stems(self) -> dict[str, bool]:
        """Every beginning of a word → whether it is a word itself; kept in the cache folder
        beside the words (read in ~0.08 s, built in ~0.2 s)."""
        if self.key is None:
            return word_stems(self.words)
        from oitcrawl.caches import built_once

        return built_once("thai-word-stems", self.key, lambda: word_stems(self.words), _is_stems)

    def prefixes(self, text: str, start: int = 0) -> list[str]:
        """The words that ``text[start:]`` begins with, shortest first."""
        words = self.words
        if len(text) - start <= self.SHORT:
            pieces = (text[start:end] for end in range(start + 1, len(text) + 1))
            return [piece for piece in pieces if piece in words]
        found = []
        stems = self.stems
        for end in range(start + 1, len(text) + 1):
            piece = text[start:end]
            if piece not in stems:
                break
            if piece in words:
                found.append(piece)
        return found

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def __len__(self) -> int:
        return len(self.words)


def word_stems(words: frozenset[str]) -> dict[str, bool]:
    """Every beginning of one of ``words`` (the whole word included) → whether it is a word."""
    stems = dict.fromkeys((w[:k] for w in words for k in range(1, len(w))), False)
    stems.update(dict.fromkeys(words, True))
    return stems


@lru_cache(maxsize=1)
def thai_words() -> _WordSet:
    """PyThaiNLP's Thai word list as a dictionary for its ``newmm`` segmenter
    (``word_tokenize(text, engine="newmm", custom_dict=thai_words())``): the same words and
    segmentation as its default trie, ready in a fraction of the time. Built once per process,
    and kept in oitcrawl's cache folder (``caches.built_once``, keyed by the word file):
    read back in ~0.01 s where PyThaiNLP's import and list took ~0.1 s (issue 17)."""
    from oitcrawl.caches import built_once

    key = _words_key()
    return _WordSet(built_once("thai-words", key, _build_words, _is_words), key)


@lru_cache(maxsize=1)
def sorted_words() -> str:
    """``thai_words()``'s words in code point order, joined by "\\n": what the C word cut's
    dictionary is built from (``newmm.dictionary``) and the words holding a space are found
    in (``spaced_words``). Kept in the cache folder beside the word set: one string read
    back in ~1 ms, where the word set takes ~0.02 s to read and ~0.02 s more to sort."""
    from oitcrawl.caches import built_once

    return built_once("thai-dictionary", _words_key(), join_sorted, _is_joined)


def join_sorted() -> str:
    """``sorted_words`` built afresh from ``thai_words()`` (~0.04 s), not from the cache."""
    return "\n".join(sorted(thai_words().words))


@lru_cache(maxsize=1)
def spaced_words() -> dict[str, tuple[tuple[str, frozenset[str], tuple[int, ...]], ...]]:
    """The words with a space ("กล้วย ๆ") as (after, befores, their lengths) around one of
    their spaces, by the first two characters after it (one if that is all): where a text's
    space may lie inside a word (``newmm.pieces``). Kept in the cache folder (~7 ms to find
    in the word list)."""
    from oitcrawl.caches import built_once

    return built_once("thai-spaced-words", _words_key(), _build_spaced, _is_spaced)


def _build_spaced() -> dict[str, tuple[tuple[str, frozenset[str], tuple[int, ...]], ...]]:
    found: dict[str, dict[str, set[str]]] = {}
    for w in (w for w in sorted_words().split("\n") if " " in w):
        for k in (k for k, c in enumerate(w) if c == " "):
            found.setdefault(w[k + 1 : k + 3], {}).setdefault(w[k + 1 :], set()).add(w[:k])
    return {
        key: tuple(
            (after, frozenset(before), tuple(sorted({len(b) for b in before})))
            for after, before in sorted(tails.items())
        )
        for key, tails in found.items()
    }


@lru_cache(maxsize=1)
def _words_key() -> str:
    """The cache key of the word list's entries: the word file and this module (how the
    words and what is derived from them are built)."""
    from oitcrawl.caches import source_key

    return source_key([pythainlp_file("corpus", "words_th.txt"), __file__])


def pythainlp_file(*parts: str) -> str:
    """Path of a file inside the installed PyThaiNLP package (e.g. ``("corpus",
    "words_th.txt")``, the word list of ``pythainlp.corpus.thai_words``), found without
    importing PyThaiNLP (~0.07 s): a key for data built from it (``caches.source_key``)."""
    from importlib.util import find_spec

    spec = find_spec("pythainlp")
    folders = list(spec.submodule_search_locations or []) if spec else []
    return os.path.join(folders[0], *parts) if folders else "pythainlp:absent"


def _build_words() -> frozenset[str]:
    from pythainlp.corpus import thai_words as word_list

    # the trie strips each word and never matches the empty one
    return frozenset(w for w in (w.strip() for w in word_list()) if w)


def _is_words(data: object) -> bool:
    return (
        isinstance(data, frozenset)
        and len(data) > 1000
        and all(isinstance(w, str) for w in islice(data, 100))
    )


def _is_joined(data: object) -> bool:
    return isinstance(data, str) and data.count("\n") > 1000


def _is_spaced(data: object) -> bool:
    return isinstance(data, dict) and all(
        isinstance(k, str) and isinstance(v, tuple) for k, v in islice(data.items(), 100)
    )


def _is_stems(data: object) -> bool:
    if not isinstance(data, dict) or len(data) < 1000:
        return False
    return all(isinstance(k, str) and v in (True, False) for k, v in islice(data.items(), 100))


def word_starts(text: str) -> list[int]:
    """Offsets in ``text`` where a word starts, by PyThaiNLP's dictionary-based ``newmm``
    segmenter (Thai has no spaces between words; whitespace runs count as words). Always
    contains 0 and ``len(text)``. PyThaiNLP is imported on the first call (~0.1 s with its
    word list). Never raises for any ``str``.
    """
    from pythainlp.tokenize.newmm import segment

    starts, at = [0], 0
    for token in segment(text, custom_dict=thai_words()):  # type: ignore[arg-type]
        at += len(token)
        starts.append(at)
    if starts[-1] != len(text):  # the segmenter must cover the text; be safe if it did not
        starts.append(len(text))
    return starts


def snap_to_word(text: str, at: int, window: int, forward: bool) -> int:
    """Move offset ``at`` of ``text`` to the nearest word boundary at most ``window``
    characters away: back (start of the word ``at`` is in) when ``forward`` is False, on to
    the end of that word when True. Used so excerpts never cut a Thai word in half. Returns
    ``at`` unchanged when no boundary is that close.
    """
    at = max(0, min(at, len(text)))
    lo, hi = max(0, at - window), min(len(text), at + window)
    bounds = [lo + b for b in word_starts(text[lo:hi])]
    if at in bounds:
        return at
    # the window's own edges are not real boundaries unless they are the text's ends
    real = [b for b in bounds if (lo < b < hi) or b in (0, len(text))]
    if forward:
        after = [b for b in real if b > at]
        return after[0] if after else at
    before = [b for b in real if b < at]
    return before[-1] if before else at
