"""Which document carries an element: the assessor's reading (issue 12, DOMAIN.md §3a).

An element is met by the content of a document, not by what points at it. Per the element's
`evidence` kind (framework YAML):

* ``presence`` (a channel or system exists): the vocabulary anywhere in the item's reachable
  pages, their link labels and titles included, all pages together;
* ``document`` (a plan, a manual, an announcement): one document's own text (headings,
  paragraphs, list entries, table cells; never a link label, a page title or a file name)
  holds all of the element's vocabulary, and the document has content besides its headings;
* ``data`` (records): as ``document``, and the document holds records — table rows, list
  entries or lines with figures — or says there were none (`none_phrases`).

Elements marked `combine` (facts on two pages, O1.5) and monthly elements (one file a month)
are matched on the documents together; the others need one document that answers.
A phrase right after a negation ("ยังขาด…", "ไม่มี…") does not count (``matching.negated``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from oitcrawl.evaluate.documents import (
    BODY,
    CELL,
    HEADING,
    LINK_LABEL,
    LIST_ENTRY,
    OWN_TEXT,
    POINTERS,
    EvidenceDoc,
    Segment,
)
from oitcrawl.evaluate.matching import (
    ElementMatch,
    Hit,
    docs_with,
    match_element,
    negated,
    normalized_phrase,
    sources_of,
    sources_of_segments,
)
from oitcrawl.framework import Element
from oitcrawl.periods import find_dates

MET = "met"
LABEL_ONLY = "label_only"  # only pointers (labels, headings of other pages, titles) name it
NO_RECORDS = "no_records"  # the carrier is there but empty of records / content
IMAGE_ONLY = "image_only"  # the carrier's content is a picture (scan, image table)
NOT_FOUND = "not_found"

MIN_BODY_CHARS = 80  # own content (not headings, not link labels) a `document` must have
# A figure: a number of two or more digits, or any number followed by a counting word.
_UNITS = r"ราย|คน|ครั้ง|เรื่อง|บาท|แห่ง|โครงการ|รายการ|ชุด|หลัง|คัน|ฉบับ|ตัว|ใบ|%|persons?|cases?|baht"
_FIGURE_RE = re.compile(rf"\d[\d,]*\d|\d\s*(?:{_UNITS})", re.IGNORECASE)
_NUMBER_CELL_RE = re.compile(r"^[\s\d,.\-–]+$")
_ITEM_ID_RE = re.compile(r"(?<![A-Za-z])[Oo]\s?\d{1,2}(?:\.\d{1,2})?(?!\d)")
_FORM_ID_RE = re.compile(r"สขร\s?\.?\s?\d|[A-Za-zก-๛]\.\s?\d")
_PAGE_NUMBER_RE = re.compile(r"^\W*(?:หน้า(?:ที่)?|page)?\s*\d+\s*(?:(?:/|จาก|of)\s*\d+)?\W*$", re.I)


@dataclass(frozen=True)
class Carried:
    """The verdict on an element's carriers.

    `status`: MET | LABEL_ONLY | NO_RECORDS | IMAGE_ONLY | NOT_FOUND. `match`: the vocabulary
    match that decided (its hits are the evidence shown; for LABEL_ONLY the pointers that
    named the element). `carriers`: the documents that carry the element (MET) or were
    candidates (NO_RECORDS, IMAGE_ONLY); their own dates decide the period. `none_docs`: the
    carriers that only say there was nothing to report (`none_phrases`).
    """

    status: str
    match: ElementMatch
    carriers: tuple[EvidenceDoc, ...] = ()
    none_docs: tuple[EvidenceDoc, ...] = ()

    @property
    def role(self) -> str | None:
        """The role of the text that met the element (of its first hit)."""
        return self.match.hits[0].role if self.match.hits else None


def carry(
    el: Element, docs: list[EvidenceDoc], table_kind: list[str | list[str]] | None = None
) -> Carried:
    """Judge `el` on `docs` (the item's readable documents on the main website, in
    breadth-first order). Never raises."""
    presence = el.evidence == "presence"
    roles = OWN_TEXT | {LINK_LABEL} if presence else OWN_TEXT
    together = presence or el.combine or el.period == "monthly"
    none_docs = tuple(_none_docs(el, docs))
    if together:
        m = match_element(el.match, sources_of(docs, roles, pointers=presence), table_kind)
        found = [(m, tuple(m.carriers))] if m.met else []
        best = m
    else:  # one document answers: every document that holds all of the vocabulary, is
        # that thing (named in its head) and does not say the thing is missing
        found, best = [], None
        for doc in docs:
            m = match_element(el.match, sources_of([doc], roles), table_kind)
            is_it = el.match.columns or names_in_head(doc, el)  # fields: the table is it
            if m.met and is_it and not denies(doc, el):
                found.append((m, (doc,)))
            elif best is None or len(m.hits) > len(best.hits):
                best = m
        best = found[0][0] if found else best or match_element(el.match, [], table_kind)
    if not found:
        if none_docs:
            return Carried(MET, best, none_docs, none_docs)
        pictured = tuple(d for d in docs if has_images(d) and names_in_head(d, el))
        if pictured and not presence:  # its title is text, the rest is a picture (a table)
            return Carried(IMAGE_ONLY, best, pictured)
        named = match_element(el.match, sources_of(docs, None, pointers=True), table_kind)
        if named.met and any(h.role in POINTERS | {HEADING} for h in named.hits):
            return Carried(LABEL_ONLY, named, tuple(named.carriers))
        return Carried(NOT_FOUND, best, ())
    if presence:
        m, carriers = found[0]
        return Carried(MET, m, carriers, none_docs)
    # the candidates that are the real thing: records for `data`, content besides headings
    # for `document`; each of them answers on its own, so their dates together decide
    real: list[EvidenceDoc] = []
    deciding = None
    for m, carriers in found:
        for d in carriers:
            ok = record_count(d) > 0 if el.evidence == "data" else body_chars(d) >= MIN_BODY_CHARS
            if (ok or d in none_docs) and d not in real:
                real.append(d)
                deciding = deciding or m
    if real:
        real += [d for d in none_docs if d not in real]
        return Carried(MET, deciding or found[0][0], tuple(real), none_docs)
    m, carriers = found[0]
    candidates = tuple(d for _, cs in found for d in cs)
    if any(has_images(d) for d in candidates):
        return Carried(IMAGE_ONLY, m, candidates, none_docs)
    return Carried(NO_RECORDS, m, candidates, none_docs)


HEAD_CHARS = 300  # the opening of a document's text where its title and subject are


def _identity(el: Element) -> list[str]:
    """The phrases that name the element itself: its `any` entries, else its first `all`
    entry (the thing, not its fields)."""
    entries = list(el.match.any) or list(el.match.all[:1])
    return [p for e in entries for p in (e if isinstance(e, list) else [e])]


def names_in_head(doc: EvidenceDoc, el: Element) -> bool:
    """The document is the element's document: a phrase naming the element (or one of its
    regexes) is in a heading or in the opening HEAD_CHARS characters of its text (a title, a
    subject line "เรื่อง …"), not only somewhere inside a longer document (a plan that
    mentions every item's words, an ITA hub page restating the criteria)."""
    heads = [s for s in doc.segments if s.role == HEADING]
    opening, n = [], 0
    for s in doc.segments:
        if s.role in BODY and n < HEAD_CHARS:
            opening.append(Segment(s.page, s.text[: HEAD_CHARS - n], s.ocr, s.role))
            n += len(opening[-1].text)
    sources = sources_of_segments(doc, heads + opening)
    if el.match.regex and any(
        re.search(r, src.text.folded) for r in el.match.regex for src in sources
    ):
        return True
    needles = [normalized_phrase(p) for p in _identity(el)]
    return any(src.text.find(n) >= 0 for n in needles if n for src in sources)


def denies(doc: EvidenceDoc, el: Element) -> bool:
    """The document says the element is missing: a phrase naming it right after a negation
    ("ยังขาดการประเมินความเสี่ยงการทุจริต", "ยังไม่ได้จัดทำรายงานผล…"; ``matching.negated``)."""
    needles = [normalized_phrase(p) for p in _identity(el)]
    for src in sources_of_segments(doc, doc.own_text()):
        folded = src.text.folded
        for needle in needles:
            at = folded.find(needle) if needle else -1
            while at >= 0:
                if negated(folded, at) or _STRONG_NEGATION_RE.search(_phrase_before(folded, at)):
                    return True
                at = folded.find(needle, at + 1)
    return False


# "still lacks / has not yet made / is drafting": said of the thing that follows in the same
# Thai phrase (no space between), however long the words between ("ยังขาดแนวทางการปฏิบัติใน
# การใช้ดุลยพินิจ…")
_STRONG_NEGATION_RE = re.compile(r"ยังขาด|ยังไม่มี|ยังไม่ได้|อยู่ระหว่าง(?:การ)?(?:ยกร่าง|จัดทา)")


def _phrase_before(folded: str, at: int, limit: int = 60) -> str:
    """The run of text before `at` back to the last space (at most `limit` characters)."""
    before = folded[max(0, at - limit) : at]
    return before.rsplit(" ", 1)[-1]


def _none_docs(el: Element, docs: list[EvidenceDoc]) -> list[EvidenceDoc]:
    """The documents whose own text says there was nothing to report (`none_phrases`)."""
    if not el.none_phrases:
        return []
    return docs_with(list(el.none_phrases), sources_of(docs, OWN_TEXT))


def body_chars(doc: EvidenceDoc) -> int:
    """Characters of the document's own content besides headings and link labels."""
    return sum(len("".join(s.text.split())) for s in doc.segments if s.role in BODY)


PICTURE_PAGE_CHARS = 400  # a PDF page with an image and less text than this shows a picture


def has_images(doc: EvidenceDoc) -> bool:
    """The document shows its content as pictures: a scan, OCR'd pages, an image file, or a
    PDF page with an image and little text (a table pasted as a picture under a text title).
    A logo on a page full of text is not."""
    if doc.readability.label == "image" or any(s.ocr for s in doc.segments):
        return True
    if not doc.pages:
        return doc.sniffed_type in ("jpeg", "png", "gif", "webp", "tiff")
    return any(
        p.get("image_count") and (p.get("chars") or 0) < PICTURE_PAGE_CHARS for p in doc.pages
    )


def record_count(doc: EvidenceDoc) -> int:
    """How many records the document holds: table data rows (web table rows with two or more
    cells that are not links and a figure; rows below the header of other tables), list
    entries that are not links, and lines of content with a figure that is not a date."""
    n = 0
    rows: dict[tuple[int | None, int | None], list[str]] = {}
    for s in doc.segments:
        if s.role == CELL:
            rows.setdefault((s.table, s.row), []).append(s.text)
        elif s.role == LIST_ENTRY:
            n += 1
    n += sum(1 for cells in rows.values() if len(cells) >= 2 and any(map(_figure_cell, cells)))
    if not rows:
        for table in doc.tables:
            n += sum(1 for r in table.data_rows if sum(1 for c in r if c) >= 2)
    for s in doc.segments:
        if s.role == "content":
            n += sum(1 for line in s.text.split("\n") if _has_figure(line))
    return n


def _figure_cell(text: str) -> bool:
    return (bool(_NUMBER_CELL_RE.match(text)) and any(c.isdigit() for c in text)) or _has_figure(
        text
    )


def _has_figure(text: str) -> bool:
    """A figure (``_FIGURE_RE``) that is not part of a date mention, an item or form id
    ("O20", "สขร.1") or a page number line ("หน้า 1/2")."""
    if _PAGE_NUMBER_RE.match(text):
        return False
    chars = list(text)
    for d in find_dates(text):
        chars[d.start : d.end] = " " * (d.end - d.start)
    text = _FORM_ID_RE.sub(" ", _ITEM_ID_RE.sub(" ", "".join(chars)))
    return bool(_FIGURE_RE.search(text))


__all__ = ["Carried", "Hit", "body_chars", "carry", "has_images", "record_count"]
