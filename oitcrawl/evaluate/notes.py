"""Reviewer notes in the assessors' own form (DOMAIN.md §4, seed 001 ตารางที่ 2):

    ความครบถ้วนของข้อมูล : เหตุผลที่ไม่ครบถ้วน <what is missing and where>
    ข้อเสนอแนะ - ด้านข้อมูล : ขอให้สำนักงานเขต <what to publish>

or "- ไม่มี" when nothing is wrong. Built only from the item's findings.
"""

from __future__ import annotations

from oitcrawl.evaluate.findings import Finding
from oitcrawl.framework import Framework

NONE_TH, NONE_EN = "- ไม่มี", "- None"
NOT_APPLICABLE_TH = "- ไม่เกี่ยวข้องกับหน่วยงาน (ตามที่หน่วยงานแจ้ง)"
NOT_APPLICABLE_EN = "- Not applicable (as the agency states)"


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(t.strip() for t in texts if t.strip()))


def _enumerate(texts: list[str], sep: str) -> str:
    if len(texts) == 1:
        return texts[0]
    return sep.join(f"({i}) {t}" for i, t in enumerate(texts, 1))


def reviewer_note(
    findings: list[Finding], framework: Framework, not_applicable: bool = False
) -> tuple[str, str]:
    """(Thai note, English note) for an item's findings, errors first.

    The agency is named by the framework's `agency_term_th` / `agency_term_en`
    ("สำนักงานเขต" for bma-district-2566, as in seed 001).
    """
    if not_applicable:
        return NOT_APPLICABLE_TH, NOT_APPLICABLE_EN
    if not findings:
        return NONE_TH, NONE_EN
    ordered = sorted(findings, key=lambda f: f.severity != "error")
    reasons_th = _unique([f.message_th for f in ordered])
    reasons_en = _unique([f.message_en for f in ordered])
    sugg_th = _unique([f.suggestion_th for f in ordered])
    sugg_en = _unique([f.suggestion_en for f in ordered])
    term_en = framework.agency_term_en
    th = (
        f"ความครบถ้วนของข้อมูล : เหตุผลที่ไม่ครบถ้วน {_enumerate(reasons_th, ' ')}\n"
        f"ข้อเสนอแนะ - ด้านข้อมูล : ขอให้{framework.agency_term_th} {_enumerate(sugg_th, ' ')}"
    )
    en = (
        f"Completeness: incomplete because {_enumerate(reasons_en, '; ')}\n"
        f"Suggestion (data): {term_en[:1].upper() + term_en[1:]} should "
        f"{_enumerate(sugg_en, '; ')}"
    )
    return th, en
