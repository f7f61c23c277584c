"""Official announcements (ประกาศ): the document date and the signing line.

DOMAIN.md §3 rule 6: policies such as the No Gift and Anti-Bribery policies must be an official
announcement signed by the head of the agency for the assessed year (FRAMEWORK-bma-district-2566
O23.1/O23.2 "ลงนามโดยผู้อำนวยการเขต"; nacc-2565 O34.1). A Thai announcement ends::

    ประกาศ ณ วันที่ ๑๐ ตุลาคม พ.ศ. ๒๕๖๕
            (ลงชื่อ) ..........
           (นายสมชาย ใจดี)
        ผู้อำนวยการเขตห้วยขวาง

``document_date`` reads the date after "ประกาศ/สั่ง/ให้ไว้ ณ วันที่"; ``find_signatures`` reads
the signing blocks: a parenthesised name (or "ลงชื่อ …") followed within two lines by a
position, and, for text layers that lost the name, a position line that directly follows the
date line. An acting signer ("… ปฏิบัติราชการแทน/รักษาราชการแทน ผู้อำนวยการเขต…") signs for the
head. Only the text is read: a signature image cannot be seen, so a block with a name and the
head's title counts as signed. Everything works on ``fold_with_offsets`` text, so Thai digits,
split ำ and stray spaces do not matter; offsets refer to the text given.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from oitcrawl.extract.thai import fold_with_offsets, normalize_for_matching, normalize_text
from oitcrawl.periods import DateMention, find_dates

_DATE_ANCHOR_RE = re.compile(r"(?:ประกาศ|สั่ง|ให้ไว้)\s?ณ\s?วันที่")
_DATE_WINDOW = 60  # characters after the anchor where the date must start
_DATE_TAIL = 200  # characters read past the window (a date, or a range it begins, ends there)
_TITLE = r"(?:นาย|นางสาว|นาง|น\.ส\.|ว่าที่\s?ร\.?\s?[ตทอ]\.?\s?|ดร\.|พล\.\S+|พ\.ต\.\S*|ร\.ต\.\S*)"
_NAME_RE = re.compile(
    rf"^\s*(?:\(?\s*ลงชื่อ\s*\)?[\s.…_-]*)?\(\s*({_TITLE}\s?[^()]{{2,60}}?)\s*\)\s*$"
)
_SIGNED_BY_RE = re.compile(rf"^\s*\(?\s*ลงชื่อ\s*\)?\s*({_TITLE}\s?\S.{{1,60}}?)\s*$")
# Positions that sign Thai government documents; compiled in matching form (ำ folded to า).
_POSITIONS = (
    "ผู้อำนวยการ", "หัวหน้า", "นายก", "ปลัด", "ผู้ว่าราชการ", "อธิบดี", "เลขาธิการ", "ประธาน",
    "สาธารณสุขอำเภอ", "นายอำเภอ", "อธิการบดี", "ผู้บัญชาการ", "ผู้บริหาร", "ผู้จัดการ", "กำนัน",
    "ผู้ใหญ่บ้าน",
)  # fmt: skip
_POSITION_RE = re.compile(
    "(?:รอง|ผู้ช่วย)?(?:" + "|".join(normalize_for_matching(p) for p in _POSITIONS) + ")"
)
_ACTING_RE = re.compile(r"(?:ปฏิบัติราชการแทน|รักษาราชการแทน|รักษาการแทน|แทน)\s?")
_LOOKAHEAD_LINES = 2


@dataclass(frozen=True)
class Signature:
    """A signing block. ``name``: as written, without parentheses (None when the text layer
    has only the position); ``position``: the position line(s), whitespace collapsed;
    ``head``: the position is the head of the agency per the framework's titles (directly or
    acting for them); ``acting``: signed on behalf of the head; ``start``: offset of the block
    in the text."""

    name: str | None
    position: str
    head: bool
    acting: bool
    start: int


def document_date(text: str) -> DateMention | None:
    """The announcement's own date: the first full date within 60 characters after the last
    "ประกาศ ณ วันที่" / "สั่ง ณ วันที่" / "ให้ไว้ ณ วันที่" (the one above the signature), else
    None. Years are BE (``DateMention``)."""
    folded, where = fold_with_offsets(text)
    anchors = list(_DATE_ANCHOR_RE.finditer(folded))
    for anchor in reversed(anchors):
        # dates are read in the anchor's neighbourhood only, not in the whole text (a long
        # PDF): from the anchor to _DATE_TAIL characters past the window
        start, end = where[anchor.start()], where[anchor.end() - 1] + 1
        window = text[start : end + _DATE_WINDOW + _DATE_TAIL]
        found = next(
            (
                d
                for d in find_dates(window)
                if d.kind == "date" and end <= start + d.start <= end + _DATE_WINDOW
            ),
            None,
        )
        if found is not None:
            return replace(found, start=start + found.start, end=start + found.end)
    return None


def announcement_pages(texts: Sequence[str]) -> list[int]:
    """Indexes (0-based, ascending) of the pages of a document (``texts``: each page's text)
    that can hold its announcement date and signing blocks: the first and the last page, and
    every page with "ประกาศ/สั่ง/ให้ไว้ ณ วันที่" with the page after it (a signing block may
    run over). Reading only these is what makes a long PDF cheap; on the sample site and the
    real corpus ``document_date`` and ``find_signatures`` give the same as on every page."""
    keep = {0, len(texts) - 1} if texts else set()
    for i, text in enumerate(texts):
        # no "ณ", no anchor: normalising makes no ณ of another character (nor of a legacy
        # glyph), so most pages need not be normalised at all
        if "ณ" in text and _DATE_ANCHOR_RE.search(normalize_for_matching(text)):
            keep.update((i, i + 1))
    return sorted(i for i in keep if i < len(texts))


def _is_head(position: str, head_titles: Sequence[str]) -> tuple[bool, bool]:
    """(signs as the head, acting) for a folded position line."""
    heads = [normalize_for_matching(t) for t in head_titles]
    for m in _ACTING_RE.finditer(position):
        rest = position[m.end() :]
        if any(rest.startswith(h) for h in heads):
            return True, True
    stripped = position.lstrip()
    if stripped.startswith(("รอง", "ผู้ช่วย")):
        return False, False
    return any(stripped.startswith(h) for h in heads), False


def find_signatures(text: str, head_titles: Sequence[str]) -> list[Signature]:
    """Every signing block in ``text`` in order (see the module docstring).

    ``head_titles``: the titles of the agency's head as the framework gives them
    (``Framework.head_titles_th``, e.g. ["ผู้อำนวยการเขต"]); a position matches when it starts
    with one (after an acting phrase, for acting signers). Never raises.
    """
    folded, where = fold_with_offsets(text)
    lines: list[tuple[int, str]] = []
    pos = 0
    for raw in folded.split("\n"):
        lines.append((pos + len(raw) - len(raw.lstrip()), raw.strip()))
        pos += len(raw) + 1
    out: list[Signature] = []
    for i, (at, line) in enumerate(lines):
        m = _NAME_RE.match(line) or _SIGNED_BY_RE.match(line)
        if not m:
            continue
        position_lines = []
        for j in range(i + 1, min(len(lines), i + 1 + _LOOKAHEAD_LINES)):
            if _POSITION_RE.search(lines[j][1]):
                position_lines.append(lines[j])
            elif position_lines or lines[j][1]:
                break
        if not position_lines:
            continue
        head, acting = _is_head(" ".join(ln for _, ln in position_lines), head_titles)
        name = _original(text, where, at + m.start(1), at + m.end(1))
        position = " ".join(_original(text, where, a, a + len(ln)) for a, ln in position_lines)
        out.append(Signature(name, position, head, acting, where[min(at, len(where) - 1)]))
    if not out:
        out.extend(_position_after_date(text, folded, where, lines, head_titles))
    return out


def _position_after_date(text, folded, where, lines, head_titles):  # noqa: ANN001, ANN202
    """A text layer without the name: the position line right after "ประกาศ ณ วันที่ …"."""
    for i, (at, line) in enumerate(lines):
        m = _DATE_ANCHOR_RE.search(line)
        if not m:
            continue
        # the rest of the date line (a PDF line may carry the position after the date) and
        # the next two lines
        tail = [line[m.end() :]] + [ln for _, ln in lines[i + 1 : i + 1 + _LOOKAHEAD_LINES]]
        for chunk in tail:
            p = _POSITION_RE.search(chunk)
            if p:
                head, acting = _is_head(chunk[p.start() :], head_titles)
                a = next(a for a, ln in lines if ln is chunk) if chunk is not tail[0] else at
                a += p.start() + (m.end() if chunk is tail[0] else 0)
                position = _original(text, where, a, a + len(chunk) - p.start())
                return [Signature(None, position, head, acting, where[min(at, len(where) - 1)])]
    return []


def _original(text: str, where: list[int], a: int, b: int) -> str:
    if not where or a >= len(where):
        return ""
    return _collapse(normalize_text(text[where[a] : where[min(b, len(where)) - 1] + 1]))


def _collapse(s: str) -> str:
    # nikhahit + sara aa (a Word export's ำ) shown as the one character people type
    return " ".join(s.replace("\u0e4d\u0e32", "\u0e33").split())
