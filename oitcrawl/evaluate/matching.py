"""Find a framework element's vocabulary in an item's evidence, keeping what proves it.

Semantics of ``oitcrawl.framework.Match`` over **all** of an item's evidence together (an
element's facts may sit on two pages: FRAMEWORK-bma-district-2566.md, O1.5): `any` needs at
least `min_distinct` of its entries somewhere (alternatives of one entry count once), or one
`regex`; every `all` entry must occur somewhere; with both, both must hold. Matching runs on
folded text (``oitcrawl.extract.thai.fold_with_offsets``: ำ/า, Thai digits, stray spaces), and
each hit keeps the URL, the PDF page and a short excerpt of the original text, so a person can
verify the decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from oitcrawl.evaluate.documents import EvidenceDoc, Segment
from oitcrawl.extract.tables import best_column_check
from oitcrawl.extract.thai import fold_with_offsets, normalize_for_matching, snap_to_word
from oitcrawl.framework import Match

EXCERPT_CONTEXT = 60  # characters of original text on each side of a hit
EXCERPT_SNAP = 20  # at most this many more characters to end the excerpt at a space


@dataclass(frozen=True)
class Hit:
    """One piece of evidence: `phrase` (as written in the framework) found in the document at
    `url` (display form), on PDF `page` (1-based; None for a web page), with `excerpt`;
    `ocr`: found in text read by OCR from a scan."""

    url: str
    page: int | None
    excerpt: str
    phrase: str
    ocr: bool = False
    role: str = "content"  # the role of the text it was found in (documents.Segment.role)


class FoldedText:
    """A segment's text folded for matching, with the map back to the original characters."""

    def __init__(self, text: str):
        self.original = text
        folded, self._where = fold_with_offsets(text)
        self.folded = folded.replace("\n", " ")

    def find(self, needle: str) -> int:
        """Offset of the first occurrence of `needle` (already normalised) in the folded text
        that is not negated ("ยังขาดการประเมิน…", "ไม่มีคู่มือ…": ``negated``), or -1."""
        if not needle:
            return -1
        at = self.folded.find(needle)
        while at >= 0 and negated(self.folded, at):
            at = self.folded.find(needle, at + 1)
        return at

    def excerpt(self, start: int, end: int) -> str:
        """The original text around folded[start:end], whitespace collapsed, with ellipses."""
        lo = self._where[start] if start < len(self._where) else len(self.original)
        hi = self._where[end - 1] + 1 if 0 < end <= len(self._where) else lo
        a, b = max(0, lo - EXCERPT_CONTEXT), min(len(self.original), hi + EXCERPT_CONTEXT)
        a, b = _word_start(self.original, a), _word_end(self.original, b)
        text = " ".join(self.original[a:b].split())
        return ("…" if a > 0 else "") + text + ("…" if b < len(self.original) else "")


# Words that deny what follows them (issue 12): "ยังขาดการประเมินความพึงพอใจ", "ไม่มีแผน…",
# "ไม่พบข้อมูล…", "ยังไม่ได้จัดทำ…". Looked for just before a hit, on the same line.
_NEGATION_RE = re.compile(
    r"(?:ยังขาด|ขาด|ไม่มี|ไม่พบ|ยังไม่|ไม่ได้|อยู่ระหว่าง)\S{0,12} ?$"
    r"|(?<![a-z])(?:no|without|missing|lack(?:s|ing)?(?: of)?) $"
)
NEGATION_WINDOW = 24  # folded characters before a hit in which a negation counts


def negated(folded: str, at: int) -> bool:
    """True when the phrase at `folded[at:]` is denied by a negation word right before it
    (``_NEGATION_RE``: the word and at most 12 more characters of the same Thai run)."""
    return bool(_NEGATION_RE.search(folded[max(0, at - NEGATION_WINDOW) : at]))


def _word_start(text: str, at: int) -> int:
    """Move `at` back to the start of its word: a space, or a Thai word boundary found by
    PyThaiNLP (``thai.snap_to_word``) within EXCERPT_SNAP characters."""
    for i in range(at, max(0, at - EXCERPT_SNAP) - 1, -1):
        if i == 0 or text[i - 1].isspace():
            return i
    return snap_to_word(text, at, EXCERPT_SNAP, forward=False)


def _word_end(text: str, at: int) -> int:
    for i in range(at, min(len(text), at + EXCERPT_SNAP) + 1):
        if i == len(text) or text[i].isspace():
            return i
    return snap_to_word(text, at, EXCERPT_SNAP, forward=True)


@lru_cache(maxsize=16384)
def normalized_phrase(phrase: str) -> str:
    """A framework phrase in the matching form (``normalize_for_matching``), cached."""
    return normalize_for_matching(phrase)


@lru_cache(maxsize=1024)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@dataclass(frozen=True)
class Source:
    """A document segment ready for matching."""

    doc: EvidenceDoc
    segment: Segment
    text: FoldedText


def sources_of(
    docs: list[EvidenceDoc], roles: frozenset[str] | None = None, pointers: bool = False
) -> list[Source]:
    """The text segments of `docs` (only those in `roles` when given; with `pointers`, also
    each document's title, file name and incoming label), folded once per segment."""
    out = []
    for d in docs:
        segments = [s for s in d.segments if roles is None or s.role in roles]
        if pointers:
            segments += d.pointers
        out += [Source(d, s, _folded(s.text)) for s in segments]
    return out


def sources_of_segments(doc: EvidenceDoc, segments: list[Segment]) -> list[Source]:
    """`segments` of `doc` ready for matching."""
    return [Source(doc, s, _folded(s.text)) for s in segments]


@lru_cache(maxsize=65536)
def _folded(text: str) -> FoldedText:
    return FoldedText(text)


def _first_hit(entry: str | list[str], sources: list[Source]) -> tuple[Hit, EvidenceDoc] | None:
    alternatives = entry if isinstance(entry, list) else [entry]
    for src in sources:
        for phrase in alternatives:
            needle = normalized_phrase(phrase)
            at = src.text.find(needle)
            if at >= 0:
                excerpt = src.text.excerpt(at, at + len(needle))
                seg = src.segment
                hit = Hit(src.doc.display_url, seg.page, excerpt, phrase, seg.ocr, seg.role)
                return hit, src.doc
    return None


def _regex_hit(pattern: str, sources: list[Source]) -> tuple[Hit, EvidenceDoc] | None:
    for src in sources:
        for m in _compiled(pattern).finditer(src.text.folded):
            if negated(src.text.folded, m.start()):
                continue
            seg = src.segment
            excerpt = src.text.excerpt(m.start(), m.end())
            hit = Hit(src.doc.display_url, seg.page, excerpt, pattern, seg.ocr, seg.role)
            return hit, src.doc
    return None


def docs_with(entries: list[str | list[str]], sources: list[Source]) -> list[EvidenceDoc]:
    """The documents (in order, once each) where any phrase of `entries` occurs."""
    needles = [normalized_phrase(p) for e in entries for p in (e if isinstance(e, list) else [e])]
    out: list[EvidenceDoc] = []
    for src in sources:
        if src.doc not in out and any(src.text.find(n) >= 0 for n in needles):
            out.append(src.doc)
    return out


@dataclass(frozen=True)
class ElementMatch:
    """The vocabulary verdict for one element.

    `met`: the Match semantics hold. `hits`: one Hit per entry found — of `any`, only the
    `min_distinct` that decide it when met — then per regex and per `all` entry.
    `carriers`: the documents that name the element itself — where an `any` entry or regex
    occurs or, without those, the first `all` entry (the thing, not its fields); their dates
    decide the element's period. `missing`: the entries not found (first alternative each).
    `table_gaps`: for a `columns` match decided by tables, (document URL, missing column
    labels) per table that lacks some.
    """

    met: bool
    hits: tuple[Hit, ...]
    carriers: tuple[EvidenceDoc, ...]
    missing: tuple[str, ...]
    table_gaps: tuple[tuple[str, tuple[str, ...]], ...] = ()


def match_element(
    match: Match, sources: list[Source], table_kind: list[str | list[str]] | None = None
) -> ElementMatch:
    """Apply `match` to `sources` (see the module docstring). Never raises.

    The `all` entries (an element's fields) are looked for in the documents that name the
    element first, so the evidence shown is the document's own fields where it has them.
    `table_kind`: for a `columns` match, the column groups that identify the kind of table
    (``tables.best_column_check``; default the element's own).
    """
    found_any = [_first_hit(e, sources) for e in match.any]
    found_regex = [_regex_hit(r, sources) for r in match.regex]
    has_any = bool(match.any or match.regex)
    if has_any:
        carriers = docs_with(list(match.any), sources)
        for f in found_regex:
            if f and f[1] not in carriers:
                carriers.append(f[1])
    else:
        carriers = docs_with([match.all[0]], sources) if match.all else []
    ordered = [s for s in sources if s.doc in carriers] + [
        s for s in sources if s.doc not in carriers
    ]
    found_all = [_first_hit(e, ordered) for e in match.all]
    n_any = sum(1 for f in found_any if f)
    any_ok = not has_any or n_any >= match.min_distinct or any(found_regex)
    all_ok = all(found_all)
    needed_any = [f for f in found_any if f][: max(match.min_distinct, 1)] if any_ok else []
    shown = (*(needed_any or [f for f in found_any if f]), *found_regex, *found_all)
    hits = tuple(f[0] for f in shown if f)
    missing = [_head(e) for e, f in zip(match.all, found_all, strict=True) if not f]
    gaps: tuple[tuple[str, tuple[str, ...]], ...] = ()
    if match.columns and match.all:
        by_table = _match_columns(match.all, sources, table_kind)
        if by_table is not None:
            all_ok, table_hits, missing, gaps = by_table
            hits = tuple(f[0] for f in (*needed_any, *found_regex) if f) + table_hits
            if not carriers:
                carriers = _docs_in_order(sources, {h.url for h in table_hits})
    if not any_ok:
        missing = [_head(e) for e, f in zip(match.any, found_any, strict=True) if not f] + missing
    return ElementMatch(any_ok and all_ok, hits, tuple(carriers), tuple(missing), gaps)


def _match_columns(
    entries: list[str | list[str]], sources: list[Source], kind: list[str | list[str]] | None
) -> tuple[bool, tuple[Hit, ...], list[str], tuple[tuple[str, tuple[str, ...]], ...]] | None:
    """The `columns` rule over every document's tables: None when no document has a table
    of this kind (the text decides), else (every such table has every column, a Hit per
    column of the first table, the missing column labels in framework order, the gaps)."""
    checks = []
    for doc in _docs_in_order(sources):
        check = best_column_check(doc.tables, entries, kind)
        if check is not None:
            checks.append((doc, check))
    if not checks:
        return None
    complete = next(((d, c) for d, c in checks if c.complete), checks[0])
    doc, check = complete
    hits = tuple(
        Hit(doc.display_url, None, check.table.header[col], head)
        for head, col in check.found.items()
    )
    absent = {label for _, c in checks for label in c.missing}
    missing = [_head(e) for e in entries if _head(e) in absent]
    gaps = tuple((d.display_url, c.missing) for d, c in checks if c.missing)
    return not gaps, hits, missing, gaps


def _docs_in_order(sources: list[Source], urls: set[str] | None = None) -> list[EvidenceDoc]:
    out: list[EvidenceDoc] = []
    for src in sources:
        if src.doc not in out and (urls is None or src.doc.display_url in urls):
            out.append(src.doc)
    return out


def _head(entry: str | list[str]) -> str:
    return entry[0] if isinstance(entry, list) else entry
