"""The faster text-layer quality decision gives the old results exactly (issue 17).

``quality.page_stats`` (counts over distinct characters, whole-text regexes) and
``layer_damage.thai_quality`` (``newmm.cut`` piece by piece, cached) replaced straightforward
versions: those are kept here as the reference (``_reference_stats`` is the page_stats of
2026-12-05, ``_reference_quality`` the thai_quality scoring PyThaiNLP's ``word_tokenize`` of the
whole text). On every page of every PDF of the real corpus and of the bundled sample sites
(the raw layer and the repaired one that ``choose_page_text`` scores), and on generated texts,
the statistics, the class and the score must be the same; ``newmm.cut`` must give PyThaiNLP's
own tokens.
"""

from __future__ import annotations

import random
import re
from functools import cache, lru_cache
from pathlib import Path

import pytest

from oitcrawl.extract import extract_pdf
from oitcrawl.extract.layer_damage import (
    _DIGITS_WITH_SEPARATOR_RE,
    _INSERTED_AM,
    _LOST_AM,
    _SHORT_OK,
    _SPACE_BEFORE_MARK_RE,
    _THAI_DIGIT_ONLY_RE,
    _THAI_LETTER_RE,
    rejoin_numbers,
    repair_layer,
    thai_quality,
)
from oitcrawl.extract.newmm import cut
from oitcrawl.extract.quality import (
    _COMMON_EN,
    _WORDLIKE_RE,
    classify_page,
    page_stats,
)
from oitcrawl.extract.thai import _PUA_THAI, normalize_text, thai_words
from oitcrawl.sample_site.server import sample_site_root


@cache
def _words() -> frozenset[str]:
    """The old scorer's dictionary: PyThaiNLP's word list as it gives it."""
    from pythainlp.corpus import thai_words as word_list

    return frozenset(word_list())


_CONSONANT = "\u0e01-\u0e2e"
_MF = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0e30\u0e32\u0e33"
_ORPHAN_RE = re.compile(rf"(?<![{_CONSONANT}{_MF}\s])[{_MF}]")
_ORPHAN_START_RE = re.compile(rf"^[{_MF}]")
_BAD_LEADING_RE = re.compile(rf"[\u0e40-\u0e44](?![{_CONSONANT}\u0e40\s])")
_LATIN_TOKEN_RE = re.compile(r"\S*[A-Za-z]\S*")
_SPLIT_MARK_RE = re.compile(rf"(?<=\s)[{_MF}]")
_DOUBLED_RE = re.compile(rf"(?<![{_CONSONANT}])([{_CONSONANT}])\1(?=[{_CONSONANT}\u0e33])")


def _count(s: str, lo: int, hi: int) -> int:
    return sum(1 for c in s if lo <= ord(c) <= hi)


def _reference_stats(text: str) -> dict:
    text = text or ""
    controls = sum(
        1 for c in text if (ord(c) < 0x20 and c not in "\t\n\r\x0c\x0b") or 0x7F <= ord(c) < 0xA0
    )
    chars = sum(1 for c in text if not c.isspace()) - sum(
        1 for c in text if (ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0) and not c.isspace()
    )
    thai = _count(text, 0x0E01, 0x0E3A) + _count(text, 0x0E40, 0x0E4E)
    latin = sum(1 for c in text if c.isascii() and c.isalpha())
    latin1 = _count(text, 0x00C0, 0x00FF)
    joined = _SPACE_BEFORE_MARK_RE.sub("", normalize_text(text))
    orphans = 0
    for line in joined.split("\n"):
        orphans += len(_ORPHAN_RE.findall(line)) + len(_BAD_LEADING_RE.findall(line))
        orphans += 1 if _ORPHAN_START_RE.match(line) else 0
    tokens = _LATIN_TOKEN_RE.findall(text)
    wordlike = [t for t in tokens if _WORDLIKE_RE.fullmatch(t)]
    letters = thai + latin + latin1
    return {
        "chars": chars,
        "controls": controls,
        "thai": thai,
        "thai_digits": _count(text, 0x0E50, 0x0E59),
        "latin": latin,
        "latin1": latin1,
        "pua": _count(text, 0xE000, 0xF8FF),
        "pua_known": sum(1 for c in text if ord(c) in _PUA_THAI),
        "fffd": text.count("\ufffd"),
        "sara_am": text.count("\u0e33"),
        "sara_aa": text.count("\u0e32"),
        "space_before_mark": len(_SPACE_BEFORE_MARK_RE.findall(text)),
        "orphan_marks": orphans,
        "lost_am_words": sum(joined.count(w) for w in _LOST_AM),
        "inserted_am_words": sum(joined.count(w) for w in _INSERTED_AM),
        "latin_tokens": len(tokens),
        "latin_wordlike": len(wordlike),
        "latin_common": sum(1 for t in wordlike if t.strip("()\"'[].,;:!?").lower() in _COMMON_EN),
        "thai_share": round(thai / letters, 4) if letters else 0.0,
        "control_share": round(controls / (chars + controls), 4) if chars + controls else 0.0,
        "orphan_share": round(orphans / thai, 4) if thai else 0.0,
    }


def _reference_quality(text: str) -> float:
    from pythainlp.tokenize import word_tokenize

    text = normalize_text(text)[:4000]
    if not _THAI_LETTER_RE.search(text):
        return 0.0
    tokens = word_tokenize(text, engine="newmm", keep_whitespace=False, custom_dict=thai_words())
    total = good = 0
    for tok in tokens:
        letters = len(_THAI_LETTER_RE.findall(tok))
        if not letters or _THAI_DIGIT_ONLY_RE.match(tok):
            continue
        total += letters
        if tok in _SHORT_OK or (letters >= 3 and tok in _words()):
            good += letters
        elif letters == 2 and tok in _words():
            good += 1
    if not total:
        return 0.0
    broken = len(_SPLIT_MARK_RE.findall(text)) + len(_DOUBLED_RE.findall(text))
    return round(max(0.0, good / total - 2 * broken / total), 3)


@lru_cache(maxsize=1)
def _page_texts(shared: Path) -> list[tuple[str, int, str, int]]:
    """(file, page number, raw layer text, image count) of every PDF page of the corpus and
    the sample sites."""
    roots = [shared / "corpus" / "real", sample_site_root().parent]
    files = sorted(f for root in roots for f in root.rglob("*") if f.suffix.lower() == ".pdf")
    out = []
    for f in files:
        for p in extract_pdf(f.read_bytes()).pages:
            out.append((str(f), p.number, p.text, p.image_count))
    return out


@pytest.fixture
def pages(shared_dir):
    found = _page_texts(shared_dir)
    assert len(found) >= 250  # 199 corpus pages, 74 of the sample sites
    return found


def test_page_stats_and_classes_unchanged(pages):
    diff = []
    for name, number, text, images in pages:
        old = _reference_stats(text)
        if page_stats(text) != old or classify_page(text, images) != classify_page(
            text, images, old
        ):
            diff.append((name, number))
    assert diff == []


def test_thai_quality_unchanged(pages):
    diff = []
    for name, number, text, _ in pages:
        for layer in {text, repair_layer(text)[0]}:
            if thai_quality(layer) != _reference_quality(layer):
                diff.append((name, number))
    assert diff == []


def test_cut_is_pythainlp_newmm(pages):
    from pythainlp.tokenize.newmm import segment

    texts = [normalize_text(t)[:4000] for _, _, t, _ in pages] + [t for _, _, t, _ in pages]
    assert [t for t in texts if cut(t) != segment(t, custom_dict=thai_words())] == []


_ALPHABET = (
    "กขคงจดตนบปมยรลวสหอฮ" + "ัิีึืุู็่้๊๋์ํ" + "เแโใไะาำ" + "ๆฯ" + "  \n\t\r\x0c\xa0\u200b"
    "\x00\x07\x1c\x7f\x85ÃÒ¤\uf700\uf70a\ue000\ufffd" + "abcXYZ.,()'\"[]!?:-" + "0123๑๒"
)


def test_generated_texts_unchanged():
    rnd = random.Random(17)
    words = [*sorted(w for w in thai_words().words if " " in w)[:40], "การ", "ประจำปี", "1,234.5"]
    for _ in range(3000):
        parts = [
            rnd.choice(words) if rnd.random() < 0.3 else rnd.choice(_ALPHABET)
            for _ in range(rnd.randint(0, 40))
        ]
        text = "".join(parts)
        assert page_stats(text) == _reference_stats(text), text
        assert thai_quality(text) == _reference_quality(text), text
    from pythainlp.tokenize._utils import _DIGITS_WITH_SEPARATOR

    assert _DIGITS_WITH_SEPARATOR_RE.pattern == _DIGITS_WITH_SEPARATOR.pattern


def test_rejoin_numbers_is_pythainlps():
    from pythainlp.tokenize._utils import rejoin_formatted_num

    rnd = random.Random(2570)
    pieces = ["1", "12", "234", "00น", ",", ".", ":", " ", "ก", "การ", "5.", ".6", "", "1,2"]
    pieces += ["2 3,4", "9 8:7"]  # a token running past the next number as well
    cases = [["12", ":", "00น", " ", "1", ",", "234", ".", "5"], ["1,2", "3", ",4"], []]
    cases += [rnd.choices(pieces, k=rnd.randint(0, 12)) for _ in range(20_000)]
    for tokens in cases:
        assert rejoin_numbers(tokens) == rejoin_formatted_num(list(tokens)), tokens
    assert rejoin_numbers(["เวลา", "12", ":", "00น", " ", "1", ",", "234"]) == [
        "เวลา",
        "12:00น",
        " ",
        "1,234",
    ]
