"""The faster date reading gives the old mentions exactly (issue 17).

``periods.find_dates`` now tries each pattern only where its start pattern matches
(``formats.PATTERNS``' third column), ``parse._fold_for_dates`` marks cells without a loop over
every character and ``thai.fold_with_offsets`` copies runs of one-to-one characters whole.
The straightforward versions of 2026-12-05 are kept here as the reference: the same folded
text and offsets, the same mentions (values, spans, order) and the same dating mentions, on
the text of every document of the real corpus and of the bundled sample sites, and on
generated texts. And every start pattern is checked to match wherever its pattern does.
"""

from __future__ import annotations

import random
from functools import lru_cache
from pathlib import Path

import pytest

from oitcrawl.extract import extract_document
from oitcrawl.extract.thai import (
    _NO_SPACE_BEFORE,
    LINE_BREAKS,
    _fold_cached,
    _fold_char,
    thai_digits_to_arabic,
)
from oitcrawl.periods import classify_mentions, dating_mentions, find_dates
from oitcrawl.periods.formats import (
    OCR_DIGITS,
    OCR_YEAR_RE,
    OCR_YEAR_START,
    PATTERNS,
    PHONE_RE,
    PHONE_START,
    SOFT_BREAK_RE,
    SOFT_BREAK_START,
)
from oitcrawl.periods.mention import DateMention
from oitcrawl.periods.parse import _attach_years, _fold_for_dates
from oitcrawl.sample_site.server import sample_site_root


def _reference_fold(text: str) -> tuple[str, list[int]]:
    text = thai_digits_to_arabic(text)
    out: list[str] = []
    where: list[int] = []
    for i, c in enumerate(text):
        if c.isspace():
            ws = "\n" if c in LINE_BREAKS else " "
            if out and out[-1] in " \n":
                if ws == "\n":
                    out[-1] = "\n"
                continue
            out.append(ws)
            where.append(i)
            continue
        for f in _fold_char(c):
            if f in _NO_SPACE_BEFORE and out and out[-1] in " \n":
                out.pop()
                where.pop()
            out.append(f)
            where.append(i)
    return "".join(out), where


def _reference_fold_for_dates(text: str) -> tuple[str, list[int]]:
    folded, where = _reference_fold(text)
    chars = list(folded)
    ends = [*where[1:], len(text)]
    soft = {m.start("n") if m["n"] else m.start("n2") for m in SOFT_BREAK_RE.finditer(folded)}
    for i, c in enumerate(chars):
        if c == "|":
            chars[i] = "\x00"
        elif c in " \n":
            gap = text[where[i] : ends[i]]
            if set(LINE_BREAKS + "\t|").intersection(gap) and (i not in soft or "\t" in gap):
                chars[i] = "\x00"
    folded = "".join(chars)
    drop: list[int] = []
    for m in OCR_YEAR_RE.finditer(folded):
        if m["t"] is not None:
            letters = [i for i in range(m.start("t"), m.end("t")) if not chars[i].isdigit()]
            if len(letters) != 1:
                continue
            fixed = m["t"].translate(str.maketrans(OCR_DIGITS))
        elif len(m["a"]) + len(m["b"]) == 4:
            fixed, letters = m["a"] + m["b"], []
        else:
            continue
        lo, hi = (2400, 2700) if m["be"] else (2500, 2600)
        if not lo <= int(fixed) <= hi:
            continue
        for i in letters:
            chars[i] = OCR_DIGITS[chars[i]]
        if m["a"] is not None:
            drop.append(m.end("a"))
    where = [w for i, w in enumerate(where) if i not in set(drop)]
    return "".join(c for i, c in enumerate(chars) if i not in set(drop)), where


def _reference_find_dates(text: str) -> list[DateMention]:
    if not text:
        return []
    folded, where = _reference_fold_for_dates(text)
    taken = bytearray(len(folded))
    for pm in PHONE_RE.finditer(folded):
        taken[pm.start() : pm.end()] = b"\x01" * (pm.end() - pm.start())
    found: list[DateMention] = []
    for pattern, handler, _ in PATTERNS:
        pos = 0
        while (m := pattern.search(folded, pos)) is not None:
            s, e = m.start(), m.end()
            raws = None if any(taken[s:e]) else handler(m)
            if raws is None:
                pos = s + 1
                continue
            taken[s:e] = b"\x01" * (e - s)
            start, end = where[s], where[e - 1] + 1
            for raw in raws:
                found.append(DateMention(text=text[start:end], start=start, end=end, **raw))
            pos = e
    found.sort(key=lambda d: (d.start, d.end, d.year_be or 0, d.month or 0))
    return _attach_years(text, found)


@lru_cache(maxsize=1)
def _document_texts(shared: Path) -> list[tuple[str, str]]:
    """(file, extracted text) of every file of the real corpus and of the sample sites."""
    roots = [shared / "corpus" / "real", sample_site_root().parent]
    out = []
    for f in sorted(f for root in roots for f in root.rglob("*") if f.is_file()):
        if f.suffix.lower() in (".pdf", ".html", ".htm", ".txt", ".csv", ".docx", ".xlsx"):
            doc = extract_document(f.read_bytes(), None, f.as_uri())
            out.append((str(f), doc.text))
    return out


@pytest.fixture
def documents(shared_dir, monkeypatch):
    monkeypatch.setenv("OITCRAWL_OCR", "0")
    texts = _document_texts(shared_dir)
    assert len(texts) >= 200 and sum(len(t) for _, t in texts) > 350_000
    return texts


def test_fold_unchanged(documents):
    assert [n for n, t in documents if _fold_cached.__wrapped__(t) != _reference_fold(t)] == []


def test_mentions_unchanged(documents):
    diff = []
    for name, text in documents:
        old = _reference_find_dates(text)
        if find_dates(text) != old or dating_mentions(text) != [
            d for d, why in classify_mentions(text, old) if why is None
        ]:
            diff.append(name)
    assert diff == []


def test_start_patterns_match_where_the_patterns_do(documents):
    pairs = [(p, s) for p, _, s in PATTERNS]
    pairs += [(PHONE_RE, PHONE_START), (SOFT_BREAK_RE, SOFT_BREAK_START)]
    pairs.append((OCR_YEAR_RE, OCR_YEAR_START))
    missed = []
    for name, text in documents:
        for folded in (_fold_for_dates(text)[0], _fold_cached(text)[0]):
            for pattern, start in pairs:
                at = 0
                while (m := pattern.search(folded, at)) is not None:
                    if not start.match(folded, m.start()):
                        missed.append((name, pattern.pattern[:30], folded[m.start() : m.end()]))
                    at = m.start() + 1
    assert missed == []


_WORDS = (
    "ปีงบประมาณ", "ประจาปี", "ประจำปี", "ประจำเดือน", "เดือน", "ปี", "พ.ศ.", "พ.ศ", "ค.ศ.",
    "พุทธศักราช", "ไตรมาส", "ไตรมาสที่", "รอบ", "6 เดือน", "ครึ่งปี", "แรก", "หลัง", "ถึง",
    "มกราคม", "กุมภาพันธ์", "มีนาคม", "ตุลาคม", "ธันวาคม", "ม.ค.", "ต.ค.", "มีค", "ตค.",
    "Oct", "March", "fiscal year", "FY", "Q2", "2nd quarter", "half-year", "updated", "©",
    "ปรับปรุงล่าสุด", "ถัดไป", "บาท", "ราย", "2566", "2565", "๒๕๖๖", "66", "2023", "1", "15",
    "31", "0 2276 5503", "2566-2570", "30/04/2566", "2023-04-30", "256o", "๒๕๖ ๖", "|",
)  # fmt: skip
_GLUE = (" ", " ", " ", "", "\n", "\t", " - ", "/", ".", ", ", "\r\n", "\u200b", " \u0e33")


def test_generated_texts_unchanged():
    rnd = random.Random(17)
    for _ in range(4000):
        text = "".join(rnd.choice(_WORDS) + rnd.choice(_GLUE) for _ in range(rnd.randint(0, 14)))
        old = _reference_find_dates(text)
        assert _fold_cached.__wrapped__(text) == _reference_fold(text), text
        assert _fold_for_dates(text) == _reference_fold_for_dates(text), text
        assert find_dates(text) == old, text
