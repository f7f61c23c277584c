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
from dataclasses import replace

from ..extract.thai import LINE_BREAKS, fold_with_offsets
from .formats import OCR_DIGITS, OCR_YEAR_RE, PATTERNS, PHONE_RE, SOFT_BREAK_RE
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
    for pm in PHONE_RE.finditer(folded):
        taken[pm.start() : pm.end()] = b"\x01" * (pm.end() - pm.start())
    found: list[DateMention] = []
    for pattern, handler in PATTERNS:
        pos = 0
        while True:
            m = pattern.search(folded, pos)
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


_LINE_BREAK_RE = re.compile(f"[{LINE_BREAKS}]")
#: Stands in the folded text for a line break, a tab or a "|": no pattern matches it, so no
#: mention spans two lines or two table cells ("8\nมีนาคม 2566" is no date: 8 is a count in
#: the row above; DOMAIN.md §3a "Tables are read by row").
_CELL = "\x00"
_CELL_BREAKS = frozenset(LINE_BREAKS + "\t|")


def _fold_for_dates(text: str) -> tuple[str, list[int]]:
    """``fold_with_offsets(text)`` with line breaks, tabs and "|" replaced by ``_CELL`` and
    OCR-damaged years after a year word repaired (``OCR_YEAR_RE``); ``where`` maps back."""
    folded, where = fold_with_offsets(text)
    chars = list(folded)
    ends = [*where[1:], len(text)]
    soft = {m.start("n") if m["n"] else m.start("n2") for m in SOFT_BREAK_RE.finditer(folded)}
    for i, c in enumerate(chars):
        if c == "|":
            chars[i] = _CELL
        elif c in " \n":
            gap = text[where[i] : ends[i]]  # the whitespace run folded into this one character
            if _CELL_BREAKS.intersection(gap) and (i not in soft or "\t" in gap):
                chars[i] = _CELL
    folded = "".join(chars)
    drop: list[int] = []
    for m in OCR_YEAR_RE.finditer(folded):
        if m["t"] is not None:
            letters = [i for i in range(m.start("t"), m.end("t")) if not chars[i].isdigit()]
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
            chars[i] = OCR_DIGITS[chars[i]]
        if m["a"] is not None:
            drop.append(m.end("a"))  # the space inside the year
    if drop:
        gone = set(drop)
        where = [w for i, w in enumerate(where) if i not in gone]
        chars = [c for i, c in enumerate(chars) if i not in gone]
    return "".join(chars), where


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
