"""The period rule of an element (FY, FY|FY-1, FY-1, H1, monthly; ``oitcrawl.periods``) on the
dates of the documents that carry it: met, `outdated` or `missing_period`, the date mention
that decided it quoted with its document, page and excerpt; dates read only by OCR make the
element `unverified` (a person reads the date).
"""

from __future__ import annotations

from oitcrawl.evaluate.carrier import Carried
from oitcrawl.evaluate.documents import EvidenceDoc, Segment
from oitcrawl.evaluate.verdicts import (
    MET,
    UNMET,
    UNVERIFIED,
    Context,
    DecidingDate,
    ElementResult,
    _Findings,
    _result,
)
from oitcrawl.framework import Element
from oitcrawl.periods import DateMention, PeriodVerdict, check_period


def _doc_mentions(doc: EvidenceDoc) -> list[tuple[DateMention, EvidenceDoc, Segment]]:
    """`doc.date_mentions` with the document beside each (``documents.EvidenceDoc``)."""
    return [(m, doc, seg) for m, seg in doc.date_mentions]


def _judge_period(el: Element, c: Carried, ctx: Context, f: _Findings) -> ElementResult:
    carriers = list(c.carriers)
    result = _result(el, MET, c)
    if el.period == "none":
        return result
    found = [x for d in carriers for x in _doc_mentions(d)]
    verdict = check_period(el.period, [m for m, _, _ in found], ctx.fiscal_year, ctx.as_of)
    result.period = verdict
    deciding = getattr(verdict, "deciding", ()) or ()
    if deciding:
        result.date = _deciding(deciding[0], found)
    if verdict.met:
        return result
    if found and all(seg.ocr for _, _, seg in found):
        return _ocr_period(el, verdict, result, f)
    code = "missing_period" if el.period == "monthly" else "outdated"
    if el.period == "H1" and ctx.fiscal_year in verdict.found_fiscal_years:
        code = "missing_period"
    quote_th = quote_en = ""
    if result.date and code == "outdated":
        quote_th = f' ตามข้อความ "{result.date.text}" ใน {result.date.url}'
        quote_en = f' (as "{result.date.text}" in {result.date.url} says)'
    f.add(
        code,
        el,
        f"{el.missing_th} ({verdict.reason_th}{quote_th})",
        f"{el.missing_en} ({verdict.reason_en}{quote_en})",
        el.suggestion_th,
        el.suggestion_en,
        url=carriers[0].display_url if carriers and code == "outdated" else None,
        detail=verdict.reason_en,
        months=verdict.missing_months,
    )
    result.status = UNMET
    return result


def _ocr_period(
    el: Element, verdict: PeriodVerdict, result: ElementResult, f: _Findings
) -> ElementResult:
    """The only dates of the carriers were read by OCR, which misreads Thai digits (๒๕๖๕ →
    ๒๕๐๕): a person must read the date (`review`), the tool does not fail the element."""
    where = result.date.url if result.date else (result.carriers or ("",))[0]
    said = f' "{result.date.text}"' if result.date else ""
    el_en = el.title_en[:1].lower() + el.title_en[1:]
    f.add(
        "not_machine_readable",
        el,
        f"ยังยืนยันช่วงเวลาของ{el.title_th}ไม่ได้ เนื่องจากวันที่{said} อ่านจากภาพสแกนด้วย OCR "
        f"({verdict.reason_th}) ต้องตรวจสอบด้วยตนเอง",
        f"the period of {el_en} could not be confirmed: the date{said} was read from a scan by "
        f"OCR ({verdict.reason_en}); check it by hand",
        f"เผยแพร่{el.title_th} เป็นไฟล์ที่มีข้อความ (PDF ที่สร้างจากโปรแกรม, DOCX) แทนภาพสแกน",
        f"publish {el_en} as a file with text (a PDF made by a program, DOCX) instead of a scan",
        url=where or None,
        detail="date read by OCR only: " + verdict.reason_en,
    )
    result.status = UNVERIFIED
    return result


def _deciding(
    mention: DateMention, found: list[tuple[DateMention, EvidenceDoc, Segment]]
) -> DecidingDate | None:
    for m, doc, seg in found:
        if m is mention or m == mention:
            a, b = max(0, m.start - 40), min(len(seg.text), m.end + 40)
            excerpt = (
                ("…" if a else "")
                + " ".join(seg.text[a:b].split())
                + ("…" if b < len(seg.text) else "")
            )
            return DecidingDate(m.text, doc.display_url, seg.page, excerpt, m.kind)
    return None
