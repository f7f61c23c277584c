"""``find_dates``: the date mentions of a text, with offsets into the text as given.

``find_dates(text)`` finds date mentions in page text, PDF text, titles, file names and link
labels and returns them as ``DateMention`` values with offsets into ``text``. Before matching,
the text is folded one character at a time, keeping a map back to the original offsets:
Thai digits become 0-9 (``oitcrawl.extract.thai.thai_digits_to_arabic``), each character goes
through ``normalize_text`` (legacy PUA glyphs mapped, zero-width and control characters
dropped), Latin letters are lower-cased, ำ and U+FFFD become า and a stray nikhahit is dropped
("ประจาปี", "ประจํา", "กำร" exports), whitespace runs collapse, and whitespace before a Thai
mark or following vowel is dropped ("ประจ าปี", "ประจ ำปี งบประมำณ"; DOMAIN.md §5). So the
damaged forms match, while ``DateMention.text`` is always the slice of the original input
(Thai digits, damage and all).

Cells and lines (DOMAIN.md §3a "Tables are read by row"). Callers mark table cells with a tab
or " | " and rows/lines with a line break. **No mention spans a line break, a tab or a "|"**:
"กุมภาพันธ์ 2566\\t8\\nมีนาคม 2566\\t10" gives the months February and March 2566 and no date
"8 มีนาคม 2566"; a month range, a day-month-year, a quarter "ไตรมาส 2/2566" or a year range
split over two cells or lines is not read as one ("มีนาคม\\n2566" gives the year only). One
exception, for PDF lines wrapped inside a label: a line break (never a tab or "|") right after
a year word and before its year ("ปีงบประมาณ พ.ศ.\\n256๒", "พ.ศ.\\n2560") or inside "ปี\\nงบประมาณ".
Quarters and halves still take a year from elsewhere on the same line (cells do not matter
there, see below).

A quarter or half without its own year ("ไตรมาส 1/2566" has one) takes the fiscal year of the
nearest ``fiscal_year`` mention on the same line, else the nearest ``year`` mention on the same
line, else stays ``fiscal_year=None``. Thai has no sentence punctuation, so "same sentence"
is "same line" (a file name is one line). Quarters and halves are fiscal (Thai budget
reporting counts them from October).

The formats and year rules: ``formats``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import replace

from ..extract.thai import LINE_BREAKS, fold_with_offsets
from .formats import (
    OCR_DIGITS,
    OCR_YEAR_RE,
    OCR_YEAR_START,
    PATTERNS,
    PHONE_RE,
    PHONE_START,
    SOFT_BREAK_RE,
    SOFT_BREAK_START,
)
from .mention import DateMention


def find_dates(text: str) -> list[DateMention]:
    """Find every date, month, fiscal-year, year, year-range, quarter and half mention in
    ``text`` (page text, PDF text, a title, a file name or a link label).

    Returns ``DateMention`` values sorted by ``start`` (then month for the months of one
    range); offsets index ``text`` itself. All years are BE. See ``periods.formats`` for
    the formats, the two-digit-year rule and what is deliberately not a date. Never raises.
    """
    if not text:
        return []
    folded, where = _fold_for_dates(text)
    taken = bytearray(len(folded))
    for pm in _finditer(PHONE_RE, PHONE_START, folded):
        taken[pm.start() : pm.end()] = b"\x01" * (pm.end() - pm.start())
    found: list[DateMention] = []
    for pattern, handler, begins in PATTERNS:
        pos = 0
        while True:
            m = _search(pattern, begins, folded, pos)
            if m is None:
                break
            s, e = m.start(), m.end()
            if e == s:  # pragma: no cover - every pattern consumes at least one character
                pos = s + 1
                continue
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


def _search(
    pattern: re.Pattern[str], begins: re.Pattern[str], text: str, pos: int
) -> re.Match[str] | None:
    """``pattern.search(text, pos)``, trying ``pattern`` only where ``begins`` matches (every
    match of ``pattern`` begins where ``begins`` matches: ``formats.PATTERNS``)."""
    while (at := begins.search(text, pos)) is not None:
        m = pattern.match(text, at.start())
        if m is not None:
            return m
        pos = at.start() + 1
    return None


def _finditer(
    pattern: re.Pattern[str], begins: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` by ``_search`` (the patterns never match empty)."""
    pos = 0
    while (m := _search(pattern, begins, text, pos)) is not None:
        yield m
        pos = max(m.end(), m.start() + 1)


_LINE_BREAK_RE = re.compile(f"[{LINE_BREAKS}]")
#: Stands in the folded text for a line break, a tab or a "|": no pattern matches it, so no
#: mention spans two lines or two table cells ("8\nมีนาคม 2566" is no date: 8 is a count in
#: the row above; DOMAIN.md §3a "Tables are read by row").
_CELL = "\x00"


def _fold_for_dates(text: str) -> tuple[str, list[int]]:
    """``fold_with_offsets(text)`` with line breaks, tabs and "|" replaced by ``_CELL`` and
    OCR-damaged years after a year word repaired (``OCR_YEAR_RE``); ``where`` maps back."""
    folded, where = fold_with_offsets(text)
    # A folded "\n" always stands for a line break, a folded " " for one only when a tab was
    # in its run (a run with a line break folds to "\n"): the runs are looked at only there.
    patch: dict[int, str] = {}
    for m in _finditer(SOFT_BREAK_RE, SOFT_BREAK_START, folded):
        i = m.start("n") if m["n"] else m.start("n2")
        if "\t" not in text[where[i] : where[i + 1] if i + 1 < len(where) else len(text)]:
            patch[i] = "\n"  # a label wrapped before its year: not a cell break
    for t in _TAB_RE.finditer(text):
        i = bisect.bisect_right(where, t.start()) - 1
        if i >= 0 and folded[i] == " ":
            patch[i] = _CELL
    cells = _patched(folded.replace("|", _CELL).replace("\n", _CELL), patch)
    patch = {}
    drop: set[int] = set()
    for m in _finditer(OCR_YEAR_RE, OCR_YEAR_START, cells):
        if m["t"] is not None:
            letters = [i for i in range(m.start("t"), m.end("t")) if not cells[i].isdigit()]
            if len(letters) != 1:
                continue  # no damage, or more than one digit misread
            fixed = m["t"].translate(str.maketrans(OCR_DIGITS))
        elif len(m["a"]) + len(m["b"]) == 4:
            fixed, letters = m["a"] + m["b"], []
        else:
            continue
        lo, hi = (2400, 2700) if m["be"] else (2500, 2600)
        if not lo <= int(fixed) <= hi:
            continue
        for i in letters:
            patch[i] = OCR_DIGITS[cells[i]]
        if m["a"] is not None:
            drop.add(m.end("a"))  # the space inside the year
    if drop:
        where = [w for i, w in enumerate(where) if i not in drop]
        patch.update(dict.fromkeys(drop, ""))
    return _patched(cells, patch), where


_TAB_RE = re.compile("\t")


def _patched(text: str, patch: dict[int, str]) -> str:
    """``text`` with ``text[i]`` replaced by ``patch[i]`` ("" drops it)."""
    if not patch:
        return text
    parts, done = [], 0
    for i in sorted(patch):
        parts += (text[done:i], patch[i])
        done = i + 1
    parts.append(text[done:])
    return "".join(parts)


def _attach_years(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """Give quarters and halves without a year the fiscal year of the nearest fiscal-year
    mention on the same line, else of the nearest year mention on the same line."""
    if not any(d.kind in ("quarter", "half") and d.fiscal_year is None for d in mentions):
        return mentions
    breaks = [m.start() for m in _LINE_BREAK_RE.finditer(text)]
    by_line: dict[tuple[str, int], list[DateMention]] = {}
    for d in mentions:  # already sorted by start
        if d.kind in ("fiscal_year", "year"):
            by_line.setdefault((d.kind, bisect.bisect(breaks, d.start)), []).append(d)
    starts = {key: [o.start for o in near] for key, near in by_line.items()}
    out = []
    for d in mentions:
        if d.kind in ("quarter", "half") and d.fiscal_year is None:
            line = bisect.bisect(breaks, d.start)
            for kind in ("fiscal_year", "year"):
                near = by_line.get((kind, line))
                if not near:
                    continue
                i = bisect.bisect(starts[kind, line], d.start)
                best = min(
                    near[max(i - 1, 0) : i + 1],
                    key=lambda o: max(o.start - d.end, d.start - o.end),
                )
                fy = best.fiscal_year if kind == "fiscal_year" else best.year_be
                d = replace(d, fiscal_year=fy)
                break
        out.append(d)
    return out
