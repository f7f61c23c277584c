"""Damage in a Thai text layer: what the exports' damage looks like (marks split off or
orphaned, sara am lost or inserted: the patterns and the misspellings they make, DOMAIN.md §5),
how readable a layer still is as Thai (``thai_quality``, issue 18) and the repairs that can be
undone exactly (``repair_layer``). ``quality.page_stats`` counts the same patterns.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import newmm
from .newmm import cut, pieces
from .speedups import C
from .thai import normalize_text, thai_words

_fast_score = C.score_tokens if C is not None else None  # else _score_tokens_python

_CONSONANT = "\u0e01-\u0e2e"
_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # above/below vowels, tone marks, thanthakhat...
_FOLLOW = "\u0e30\u0e32\u0e33"  # ะ า ำ: follow a consonant, never start a syllable
_LEADING = "\u0e40-\u0e44"  # เ แ โ ใ ไ: precede a consonant
_SPACE_BEFORE_MARK_RE = re.compile(rf"[ \t\u00a0]+(?=[{_MARKS}{_FOLLOW}])")
# A mark or following vowel after something that is neither a consonant, a mark, a following
# vowel (tone + า in "ก่า" is fine, ำ after a tone too) nor whitespace (counted separately).
_ORPHAN_RE = re.compile(rf"(?<![{_CONSONANT}{_MARKS}{_FOLLOW}\s])[{_MARKS}{_FOLLOW}]")
_ORPHAN_START_RE = re.compile(rf"^[{_MARKS}{_FOLLOW}]")
# A leading vowel not followed by a consonant (เเ for แ is a common typing habit: allowed).
_BAD_LEADING_RE = re.compile(rf"[{_LEADING}](?![{_CONSONANT}\u0e40\s])")

# Misspellings that are not Thai words, made by the exports (DOMAIN.md §5); checked on the text
# with whitespace before marks removed. Lost sara am (Word/TH SarabunPSK exports):
_LOST_AM = (
    "สานัก",
    "ประจาปี",
    "ดาเนิน",
    "จานวน",
    "กาหนด",
    "อาเภอ",
    "ตาบล",
    "คาสั่ง",
    "อานาจ",
    "สาคัญ",
    "นาเสนอ",
    "จาเป็น",
    "กากับ",
    "ชารุด",
    "อัตรากาลัง",
    "บทนา",
    "จัดทา",
    "คาแนะนา",
)
# Inserted sara am (PowerPoint/Excel exports); not "จำก", which is in the real word "จำกัด"
# (company names in the sample site's O20 procurement summaries):
_INSERTED_AM = (
    "กำร",
    "งำน",
    "รำคำ",
    "บริหำร",
    "ตำม",
    "ประชำ",
    "ขำย",
    "ด้ำน",
    "หน่วยงำน",
    "รำช",
    "รำย",
)


#: Below this ``thai_quality`` a page's text layer is damaged beyond matching: OCR is tried.
DAMAGED_SCORE = 0.6
#: OCR text replaces a text layer only when its score is higher by this much.
OCR_MARGIN = 0.1
SCORE_MAX_CHARS = 4000  # characters of a page scored (PyThaiNLP newmm: ~0.2 ms per character)
# Short words and abbreviations a page may hold alone ("พ.ศ.๒๕๖๘", "ณ วันที่").
_SHORT_OK = frozenset({"ณ", "ฯ", "ๆ", "พ.ศ.", "ค.ศ.", "ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค."})
_SHORT_OK |= frozenset({"มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.", "ร.ร.", "อ."})
_THAI_LETTER_RE = re.compile(r"[\u0e01-\u0e4e]")
_THAI_DIGIT_ONLY_RE = re.compile(r"^[\u0e50-\u0e59,./:\-]+$")
# A mark or following vowel right after a space: the layer split a cluster.
_SPLIT_MARK_RE = re.compile(rf"\s[{_MARKS}{_FOLLOW}]")  # as many as marks after a space
# Nikhahit + sara aa (with a space PDFium may put between): one sara am drawn as two glyphs.
_SPLIT_AM_RE = re.compile("\u0e4d[ \u00a0]?\u0e32")
# A consonant doubled where a mark was lost: "บบญชช" for "บัญชี" (counted, not repaired).
# (The look-behinds come after the first character: the regex engine then skips to candidates.)
_DOUBLED_RE = re.compile(
    rf"([{_CONSONANT}])(?<![{_CONSONANT}][{_CONSONANT}])\1(?=[{_CONSONANT}\u0e33])"
)
# pythainlp.tokenize._utils._DIGITS_WITH_SEPARATOR: what word_tokenize joins back
_DIGITS_WITH_SEPARATOR_RE = re.compile(r"(\d+[\.\,:])+\d+")


def rejoin_numbers(tokens: list[str]) -> list[str]:
    """``tokens`` with numbers cut at their separators joined again ("1", ",", "234" →
    "1,234"; "12", ":", "00น" → "12:00น"), as ``word_tokenize`` does after newmm
    (``pythainlp.tokenize._utils.rejoin_formatted_num``, without importing PyThaiNLP:
    ~0.04 s; ``tests/test_layer_quality_identity.py`` compares the two). Each token that
    starts inside a formatted number is joined with those after it until the number ends."""
    joined: list[str] = []
    pos = i = 0
    for match in _DIGITS_WITH_SEPARATOR_RE.finditer("".join(tokens)):
        while i < len(tokens) and pos < match.start():  # the tokens before the number
            joined.append(tokens[i])
            pos += len(tokens[i])
            i += 1
        if i == len(tokens):
            break
        start = i
        while pos < match.end() and i < len(tokens):
            pos += len(tokens[i])
            i += 1
        if number := "".join(tokens[start:i]):  # none when an earlier one ran past this one
            joined.append(number)
    return joined + tokens[i:]


def prepare() -> None:
    """Load what ``thai_quality`` needs once per process (``newmm.prepare``), ahead of the
    first page: for a process that waits for its document anyway (``oitcrawl inspect``'s
    extraction worker). ~0.05-0.1 s, once."""
    newmm.prepare()


def thai_quality(text: str) -> float:
    """How readable ``text`` is as Thai, 0.0-1.0: the share of its Thai letters that sit in
    dictionary words (PyThaiNLP ``newmm`` segmentation, its word list; words of one letter
    do not count, short abbreviations do), less the share of broken-mark patterns (a mark
    after a space, a consonant doubled where a vowel was lost). Digits and Latin text are
    not scored; 0.0 when there is no Thai letter. Read after ``thai.normalize_text`` so the
    known export defects it undoes do not count. Real measures: clean layers 0.9-1.0; the
    Word exports with lost sara am ~0.9; "บบญชชสรรปจจนวนโครงกจร" 0.33; garbage 0.0.

    The cut is ``newmm.cut`` (PyThaiNLP's tokens, faster), piece by piece between the spaces
    no word spans (``newmm.pieces``), each piece's letters counted once per process.
    """
    text = normalize_text(text)[:SCORE_MAX_CHARS]
    if not _THAI_LETTER_RE.search(text):
        return 0.0
    total = good = 0
    try:
        for piece, last in pieces(text):
            letters, in_words = _piece_score(piece, last)
            total += letters
            good += in_words
    except Exception:  # pragma: no cover - pythainlp is a dependency
        return 0.5
    if not total:
        return 0.0
    broken = len(_SPLIT_MARK_RE.findall(text)) + len(_DOUBLED_RE.findall(text))
    return round(max(0.0, good / total - 2 * broken / total), 3)


@lru_cache(maxsize=1 << 16)
def _piece_score(piece: str, last: bool) -> tuple[int, int]:
    """(Thai letters scored, of those in dictionary words) of one ``newmm.pieces`` piece."""
    if not _THAI_LETTER_RE.search(piece):
        return 0, 0
    tokens = cut(piece) if last else cut(piece + " ")
    if _DIGITS_WITH_SEPARATOR_RE.search(piece):  # word_tokenize rejoins "1,234" cut apart
        tokens = rejoin_numbers(tokens)
    if _fast_score is not None:
        return _fast_score(tokens, newmm.dictionary(), _SHORT_OK)
    return _score_tokens_python(tokens)


def _score_tokens_python(tokens: list[str]) -> tuple[int, int]:
    """(Thai letters, of those in dictionary words) of ``tokens``: one letter does not count,
    two count half, a word of ``_SHORT_OK`` whole. ``_speedups.score_tokens`` is its C twin."""
    words = thai_words().words
    total = good = 0
    for tok in (t.strip(" ") for t in tokens):
        letters = len(_THAI_LETTER_RE.findall(tok))
        if not letters or _THAI_DIGIT_ONLY_RE.match(tok):
            continue
        total += letters
        if tok in _SHORT_OK or (letters >= 3 and tok in words):
            good += letters
        elif letters == 2 and tok in words:
            good += 1  # half: damaged layers fall apart into real two-letter words ("คำ", "กล")
    return total, good


def repair_layer(text: str) -> tuple[str, list[str]]:
    """Repair what a damaged export layer broke in a way that can be undone exactly; return
    (text, what was done). Sara am drawn as nikhahit + sara aa ("ประจ\u0e4d\u0e32ปี", or with
    PDFium's space between) becomes ำ; a space injected before a combining mark ("ต ัว",
    "ข้ อ") is removed. Doubled consonants where marks were lost ("บบญชช") cannot be
    undone (which vowel?): such pages are OCR'd instead. [] when nothing was changed."""
    repairs: list[str] = []
    fixed, n = _SPLIT_AM_RE.subn("\u0e33", text)
    if n:
        repairs.append(f"sara am: ํ + า → ำ ×{n}")
    fixed, n = _SPACE_BEFORE_MARK_RE.subn("", fixed)
    if n:
        repairs.append(f"space before a Thai mark removed ×{n}")
    return fixed, repairs
