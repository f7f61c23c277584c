"""The mentions that do not date their document: update stamps, copyright lines, later years.

Mentions that do not date a document (DOMAIN.md §3a; ``classify_mentions``,
``classify_mention``, ``dating_mentions``): update and visitor stamps ("ปรับปรุงล่าสุด",
"Last updated", "สถิติผู้เข้าชม"), copyright lines ("©", "สงวนลิขสิทธิ์") and sentences about
a later year ("ในปีงบประมาณถัดไป", "จะดำเนินการต่อในปีงบประมาณ 2567" in a 2566 document).
``find_dates`` reports them all; ``dating_mentions`` leaves them out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Literal

from ..extract.thai import fold_with_offsets
from .mention import DateMention, implied_fiscal_years
from .parse import find_dates

# DOMAIN.md §3a: "a year found in a footer, an 'updated on' stamp, a copyright line, a sentence
# about next year … does not date it". Phrases are matched in the folded text (ำ → า, Latin
# lower case), on the mention's own line only.

#: The reasons ``classify_mention`` gives for a mention that does not date its document.
EXCLUSION_REASONS = ("updated_stamp", "copyright", "forward_looking")
ExclusionReason = Literal["updated_stamp", "copyright", "forward_looking"]

_STAMP_NEAR = 40  # folded characters between a stamp phrase and the mention
_FORWARD_NEAR = 30
_COPYRIGHT_NEAR = 80  # either side
_C_NEAR = 10  # "(c)" (also a list label) counts only right next to the mention


def _phrases(pattern: str) -> re.Pattern[str]:
    """Compile a phrase pattern written with ำ for the folded text (where ำ is า)."""
    return re.compile(pattern.replace("\u0e33", "\u0e32"))


# Stamps that say what they are: any gap of up to _STAMP_NEAR characters.
_STAMP_RE = _phrases(
    r"(?:ปรับปรุง|แก้ไข|อั[ปพ]เด[ตท])\s*(?:ข้อมูล\s*)?(?:ครั้ง\s*)?(?:ล่าสุด|เมื่อ)"
    r"|วันที่\s*(?:ปรับปรุง|แก้ไข|อั[ปพ]เด[ตท])"
    r"|(?:จำนวน|สถิติ)?\s*ผู้\s*(?:เข้า|เยี่ยม)\s*ชม"
    r"|(?<![a-z])(?:last\s*(?:updated?|modified|revised)|(?:updated|modified)\s*(?:on|at|date)"
    r"|date\s*modified|visitors?|page\s*views?|hit\s*counter)(?![a-z])"
)
# Bare verbs ("ปรับปรุงข้อมูล", "updated", "modified"; "โครงการปรับปรุงข้อมูลแผนที่ภาษี ปี 2566"
# is a project): a stamp only when the gap is connector words ("ณ วันที่", "เมื่อ", ":", a
# weekday) and either has one or the mention is a full date ("updated 5 Jan 2023").
_STAMP_WEAK_RE = _phrases(
    r"(?:ปรับปรุง|แก้ไข|อั[ปพ]เด[ตท])(?:\s*ข้อมูล)?"
    r"|(?<![a-z])(?:updated?|modified|revised)(?![a-z])"
)
_WEEKDAY = (
    r"วัน\s*(?:จันทร์|อังคาร|พุธ|พฤหัส(?:บดี)?|ศุกร์|เสาร์|อาทิตย์)(?:\s*ที่)?"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
)
_CONNECTOR = rf"ณ|เมื่อ|วันที่|ครั้งล่าสุด|ล่าสุด|on|at|date|{_WEEKDAY}"
_CONNECTOR_GAP_RE = _phrases(rf"[\s:\-–—,.(]*(?:(?:{_CONNECTOR})[\s:\-–—,.(]*)*")
_HAS_CONNECTOR_RE = _phrases(rf":|{_CONNECTOR}")

_COPYRIGHT_RE = _phrases(r"©|copyright|สงวนลิขสิทธิ์|all\s*rights?\s*reserved")
_C_RE = re.compile(r"\(c\)")

# Always about a later year than the document's own: "ในปีงบประมาณถัดไป (พ.ศ. 2567)".
_FORWARD_RE = _phrases(
    r"ปี\s*(?:งบประมาณ\s*)?(?:ถัดไป|ต่อไป|หน้า)|ในอนาคต"
    r"|(?<![a-z])(?:next(?=\s*(?:fiscal\s*|budget\s*)?year)|in\s*the\s*future(?![a-z]))"
)
# Forward only relative to the document's own year: "จะดำเนินการในปีงบประมาณ 2566" in a plan
# for 2566 is the plan's year; the same words in a 2565 report point to the next year.
_FORWARD_RELATIVE_RE = _phrases(
    r"(?:จะ\s*)?ดำเนินการ\s*ต่อ(?:\s*ไป)?(?:\s*ใน)?|จะ\s*ดำเนินการ(?:\s*ใน)?"
    r"|ต่อเนื่อง(?:\s*ไป)?(?:\s*(?:จน\s*)?(?:ใน|ถึง))?"
    r"|เป้าหมาย(?:\s*ใน)?(?=\s*(?:ประจำ\s*)?ปี)"
    r"|(?<![a-z])(?:will\s*be|planned\s*for|to\s*be\s*continued\s*in)(?![a-z])"
)


class _Lines:
    """The folded text of one document, to find phrases on a mention's line."""

    def __init__(self, text: str) -> None:
        self.folded, self.where = fold_with_offsets(text)

    def span(self, d: DateMention) -> tuple[int, int, int, int]:
        """Folded (line start, mention start, mention end, line end) of mention ``d``."""
        f = self.folded
        i = bisect.bisect_left(self.where, d.start)
        j = max(bisect.bisect_left(self.where, d.end), i)
        return f.rfind("\n", 0, i) + 1, i, j, (f.find("\n", j) + 1 or len(f) + 1) - 1

    def before(self, pattern: re.Pattern[str], lo: int, i: int, near: int) -> list[str]:
        """Gaps between each match of ``pattern`` ending at most ``near`` characters before
        folded offset ``i`` (on the line starting at ``lo``) and ``i``."""
        f = self.folded
        start = max(lo, i - near - 40)
        return [
            f[m.end() : i]
            for m in pattern.finditer(f, start, min(len(f), i + 16))  # + room for lookaheads
            if i - near <= m.end() <= i
        ]

    def kind(self, d: DateMention) -> str | None:
        """The phrase class of ``d``: an ExclusionReason, "forward_relative" or None."""
        f = self.folded
        lo, i, j, hi = self.span(d)
        for gap in self.before(_STAMP_RE, lo, i, _STAMP_NEAR):
            if "ประจา" not in gap + f[i:j]:  # "สถิติผู้เข้าชม ประจำเดือน มีนาคม 2566": a report
                return "updated_stamp"
        for gap in self.before(_STAMP_WEAK_RE, lo, i, _STAMP_NEAR):
            if _CONNECTOR_GAP_RE.fullmatch(gap) and (
                d.kind == "date" or _HAS_CONNECTOR_RE.search(gap)
            ):
                return "updated_stamp"
        if _COPYRIGHT_RE.search(f, max(lo, i - _COPYRIGHT_NEAR), min(hi, j + _COPYRIGHT_NEAR)):
            return "copyright"
        if _C_RE.search(f, max(lo, i - _C_NEAR), min(hi, j + _C_NEAR)):
            return "copyright"
        if self.before(_FORWARD_RE, lo, i, _FORWARD_NEAR):
            return "forward_looking"
        if self.before(_FORWARD_RELATIVE_RE, lo, i, _FORWARD_NEAR):
            return "forward_relative"
        return None


def classify_mentions(
    text: str, mentions: Sequence[DateMention] | None = None
) -> list[tuple[DateMention, ExclusionReason | None]]:
    """Each mention of ``text`` with the reason it does not date the document, or None.

    ``mentions``: ``find_dates(text)`` (computed when None); offsets must index ``text``.
    Reasons (DOMAIN.md §3a), all judged on the mention's own line (tabs do not break it):

    * "updated_stamp" — within 40 characters after "ปรับปรุงล่าสุด", "ปรับปรุงข้อมูลล่าสุด",
      "ปรับปรุงเมื่อ", "แก้ไขล่าสุด", "แก้ไขเมื่อ", "อัปเดต/อัพเดท ล่าสุด", "วันที่ปรับปรุง",
      "last updated", "last modified", "updated on", "ผู้เข้าชม" / "จำนวนผู้เข้าชม" /
      "สถิติผู้เข้าชม" / "ผู้เยี่ยมชม", "visitors" — unless "ประจำ" stands between ("สถิติ
      ผู้เข้าชม ประจำเดือน มีนาคม 2566" reports a month). The bare verbs "ปรับปรุง(ข้อมูล)",
      "แก้ไข", "อัปเดต", "updated", "modified" only with connector words alone in between
      ("ปรับปรุงข้อมูล ณ วันที่ …", "Updated: …", or a full date right after). "ข้อมูล ณ วันที่
      …" alone dates the data and is kept.
    * "copyright" — "©", "copyright", "สงวนลิขสิทธิ์", "all rights reserved" within 80
      characters either side; "(c)" within 10.
    * "forward_looking" — within 30 characters after "ปีถัดไป", "ปีงบประมาณถัดไป", "ปีต่อไป",
      "ปีหน้า", "ในอนาคต", "next (fiscal) year", "in the future"; or after "ดำเนินการต่อ(ไป)
      (ใน)", "จะดำเนินการ(ใน)", "ต่อเนื่อง(ไป)(ใน|ถึง)", "เป้าหมาย(ใน)ปี", "will be", "planned
      for" when every fiscal year the mention names is later than the latest one named by the
      document's other, unexcluded mentions (a 2566 plan's "จะดำเนินการในปีงบประมาณ 2566" and
      "ภายในปีงบประมาณ 2566" stay; its "จะดำเนินการต่อในปีงบประมาณ 2567" goes).

    Never raises.
    """
    if mentions is None:
        mentions = find_dates(text)
    if not mentions:
        return []
    lines = _Lines(text)
    kinds = [lines.kind(d) for d in mentions]
    anchor = max(
        (
            y
            for d, k in zip(mentions, kinds, strict=True)
            if k is None
            for y in implied_fiscal_years(d)
        ),
        default=None,
    )
    out: list[tuple[DateMention, ExclusionReason | None]] = []
    for d, k in zip(mentions, kinds, strict=True):
        if k == "forward_relative":
            years = list(implied_fiscal_years(d))
            later = anchor is not None and bool(years) and min(years) > anchor
            out.append((d, "forward_looking" if later else None))
        else:
            out.append((d, k))  # type: ignore[arg-type]
    return out


def classify_mention(
    text: str, mention: DateMention, mentions: Sequence[DateMention] | None = None
) -> ExclusionReason | None:
    """Why ``mention`` (found in ``text``) does not date the document: "updated_stamp",
    "copyright" or "forward_looking"; None when it does. ``mentions``: all of the text's
    mentions (``find_dates(text)`` when None), needed to judge "forward_looking" relative to
    the document's own year. See ``classify_mentions``. Never raises."""
    if mentions is None:
        mentions = find_dates(text)
    if mention not in mentions:
        mentions = [*mentions, mention]
    for d, reason in classify_mentions(text, mentions):
        if d is mention or d == mention:
            return reason
    return None  # pragma: no cover - mention is in mentions


def dating_mentions(text: str) -> list[DateMention]:
    """``find_dates(text)`` without the mentions that do not date the document: update and
    visitor stamps, copyright lines, sentences about a later year (``classify_mentions``).
    Years BE as in ``find_dates``. Never raises."""
    return [d for d, reason in classify_mentions(text) if reason is None]
