"""The OIT rules for one item: every element checked against the item's evidence, under the
general rules of DOMAIN.md §3, giving element statuses, findings and the item's status.

Order of reasoning for an element (the first that applies explains an unmet element):
  1. the vocabulary is met on the main website → check the period rule (FY, FY|FY-1, H1,
     monthly) on the dates of the documents that name the element: met, `outdated` or
     `missing_period`;
  2. it would be met only by evidence on another host → `not_main_website` (unmet);
  3. a document of the item could not be read (it may hold what is missing): broken →
     `broken_link` (unmet), login wall → `login_required` (unmet), not sure → `unreachable`
     (unverified), image only → `not_machine_readable` (unverified), other unreadable content
     → `unverified_content` (unverified); pictures shown inside a page are not blamed;
  4. otherwise `missing_element` (unmet, the phrases not found in `detail`); when no element
     of the item is found at all, one `no_evidence` for the item instead.
Required elements give `error` findings, advisory ones `warning` findings.

General rule "reachable by anyone" (DOMAIN.md §3 rule 2) on the submitted URLs themselves,
which are what the assessor opens: a submitted URL that is broken or asks for a login fails
the item (`broken_link` / `login_required`, error); one that does not answer makes it `review`
(`unreachable`, error). Linked documents with those problems, and submitted URLs on another
host, get a warning when no other finding names them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from oitcrawl.crawl.urls import display_url, request_url
from oitcrawl.evaluate import carrier as C
from oitcrawl.evaluate import documents as D
from oitcrawl.evaluate.carrier import Carried, carry, has_images
from oitcrawl.evaluate.documents import EvidenceDoc, Segment
from oitcrawl.evaluate.findings import CODES, ERROR, WARNING, Finding, finding_keys
from oitcrawl.evaluate.matching import Hit
from oitcrawl.extract.announcement import find_signatures
from oitcrawl.framework import Element, Framework, Item
from oitcrawl.periods import DateMention, PeriodVerdict, check_period

MET, UNMET, UNVERIFIED = "met", "unmet", "unverified"
PASS, FAIL, REVIEW, NOT_APPLICABLE = "pass", "fail", "review", "not_applicable"
STATUSES = (PASS, FAIL, REVIEW, NOT_APPLICABLE)


@dataclass(frozen=True)
class Context:
    """What every item is judged against: the framework, the assessed `fiscal_year` (BE) and
    the check date `as_of` (CE)."""

    framework: Framework
    fiscal_year: int
    as_of: dt.date


@dataclass(frozen=True)
class DecidingDate:
    """The date mention that decided an element's period: its `text` as written, the `url`
    (display form) and PDF `page` (1-based, None for a web page) of the document it is in,
    an `excerpt` around it, and its `kind` (periods.DateMention.kind)."""

    text: str
    url: str
    page: int | None
    excerpt: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "url": self.url,
            "page": self.page,
            "excerpt": self.excerpt,
            "kind": self.kind,
        }


@dataclass
class ElementResult:
    """`status`: met | unmet | unverified. `evidence`: the hits that support the decision.
    `period`: the period verdict when the rule is not "none" and the vocabulary was found."""

    element: Element
    status: str
    evidence: tuple[Hit, ...] = ()
    period: PeriodVerdict | None = None
    # the documents that carry the element (display URLs), the role of the text that met it
    # (documents.Segment.role) and the date mention that decided its period
    carriers: tuple[str, ...] = ()
    role: str | None = None
    date: DecidingDate | None = None

    @property
    def required(self) -> bool:
        return self.element.kind == "required"


@dataclass
class ItemResult:
    """One item's verdict. `score` 100 / 0, None when not applicable."""

    item: Item
    status: str
    score: float | None
    urls: list[str]
    explanation: str
    elements: list[ElementResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # the rules' own verdict, kept when a person's decision changes `status`/`score`
    # (``evaluate.decisions``): the item decision, and the dismissed findings by key
    machine_status: str = ""
    machine_score: float | None = None
    decision: Any = None
    dismissed: dict[str, Any] = field(default_factory=dict)
    done: Any = None  # the checklist's tick kept in the reviewer file (a `done` decision)

    def __post_init__(self) -> None:
        if not self.machine_status:
            self.machine_status, self.machine_score = self.status, self.score

    def live_findings(self) -> list[Finding]:
        """The findings a person has not dismissed (what notes and suggestions show)."""
        if not self.dismissed:
            return self.findings
        keys = finding_keys([f.to_dict() for f in self.findings])
        return [f for k, f in zip(keys, self.findings, strict=True) if k not in self.dismissed]


class _Findings:
    """Builds the findings of one item with the item's texts at hand."""

    def __init__(self, item: Item, ctx: Context):
        self.item, self.ctx, self.out = item, ctx, []  # type: ignore[var-annotated]
        self.cited: set[str] = set()  # display URLs already named by an error/warning

    def add(
        self,
        code: str,
        element: Element | None,
        th: str,
        en: str,
        sug_th: str,
        sug_en: str,
        url: str | None = None,
        detail: str = "",
        months: tuple[str, ...] = (),
        advisory: bool = False,
    ) -> None:
        required = element is None or element.kind == "required"
        severity = ERROR if required and not advisory else WARNING
        self._append(code, severity, element, th, en, sug_th, sug_en, url, detail, months)

    def warning(self, code: str, th: str, en: str, sug_th: str, sug_en: str, url: str) -> None:
        """An item-level finding that does not decide the score."""
        self._append(code, WARNING, None, th, en, sug_th, sug_en, url, "", ())

    def item_error(self, code: str, th: str, en: str, sug_th: str, sug_en: str, url: str) -> None:
        """An item-level finding that decides the score (a general rule broken)."""
        self._append(code, ERROR, None, th, en, sug_th, sug_en, url, "", ())

    def _append(self, code, severity, element, th, en, sug_th, sug_en, url, detail, months):  # noqa: ANN001, ANN202
        if url:
            self.cited.add(url)
        unit = (element.unit if element else "") or self.item.unit
        self.out.append(
            Finding(
                code=code,
                severity=severity,
                item=self.item.id,
                element=element.id if element else None,
                url=url,
                detail=detail,
                message_th=th,
                message_en=en,
                suggestion_th=sug_th,
                suggestion_en=sug_en,
                unit=unit,
                months=months,
            )
        )


def evaluate_item(
    item: Item, submitted: dict[str, Any] | None, docs: list[EvidenceDoc], ctx: Context
) -> ItemResult:
    """Judge one item from its submission entry (``Submission.items[id]`` as a dict, or None
    when the item was not submitted) and its evidence documents.

    Returns the ItemResult with status pass | fail | review | not_applicable (issue rules:
    pass = every required element met; fail = a required element unmet or no URL; review = a
    required element could not be decided; not_applicable = the submission says so).
    """
    sub = submitted or {}
    urls = [display_url(request_url(u)) for u in sub.get("urls", [])]
    result = ItemResult(item, PASS, 100.0, urls, sub.get("note", ""))
    if sub.get("not_applicable"):
        result.status, result.score = NOT_APPLICABLE, None
        result.machine_status, result.machine_score = result.status, result.score
        return result
    f = _Findings(item, ctx)
    if not urls:
        f.add(
            "no_url",
            None,
            f"ไม่ได้ส่ง URL ของข้อ {item.id} {item.title_th}",
            f"No URL was submitted for {item.id} ({item.title_en})",
            f"เผยแพร่{item.title_th}บนเว็บไซต์หลักของหน่วยงาน และส่ง URL ของหน้านั้น",
            f"publish {item.title_en.lower()} on the main website and submit its URL",
        )
        result.elements = [ElementResult(el, UNMET) for el in item.elements]
    else:
        result.elements = _judge_elements(item, docs, ctx, f)
        _general_rules(docs, f, ctx)
        _collapse_per_page(docs, f)
    result.findings = f.out
    required = [e for e in result.elements if e.required]
    item_errors = {x.code for x in f.out if x.element is None and x.severity == ERROR}
    failing = {"no_url", "no_evidence", "broken_link", "login_required", "empty_document"}
    if item_errors & (failing | {"not_main_website"}) or any(e.status == UNMET for e in required):
        result.status, result.score = FAIL, 0.0
    elif "unreachable" in item_errors or any(e.status == UNVERIFIED for e in required):
        result.status, result.score = REVIEW, 0.0
    result.machine_status, result.machine_score = result.status, result.score
    return result


def _judge_elements(
    item: Item, docs: list[EvidenceDoc], ctx: Context, f: _Findings
) -> list[ElementResult]:
    counted = [d for d in docs if d.counts]
    outside = [d for d in docs if not d.counts]
    # what can be read: text documents, and scans whose pages were read by OCR (they may
    # decide the content, but stay not machine readable: _warn_ocr)
    readable = [
        d
        for d in counted
        if (d.problem is None and not _is_login_wall(d))
        or (d.problem == D.IMAGE and any(s.ocr for s in d.segments))
    ]
    problems = {
        kind: [d for d in counted if d.problem == kind and not (kind == D.IMAGE and d.embedded)]
        for kind in (D.BROKEN, D.LOGIN, D.NOT_SURE, D.EMPTY, D.IMAGE, D.UNREAD)
    }
    problems[D.LOGIN] += [d for d in counted if d.problem is None and _is_login_wall(d)]
    outside_readable = [d for d in outside if d.problem is None and not _is_login_wall(d)]
    results: list[ElementResult] = []
    unmatched: list[tuple[Element, Any]] = []
    # Column elements of one item describe one kind of table (the แบบ สขร.1 fields of O20).
    table_kind = [g for el in item.elements if el.match.columns for g in el.match.all] or None
    for el in item.elements:
        c = carry(el, readable, table_kind)
        if c.status == C.MET:
            result = _judge_period(el, c, ctx, f)
            if el.signed and result.status == MET:
                _judge_signature(el, c.carriers, result, ctx, f)
            results.append(result)
            _warn_ocr(el, c.match.hits, counted, f)
            continue
        if c.status == C.IMAGE_ONLY:
            doc = next(d for d in c.carriers if has_images(d))
            th, en, sug_th, sug_en = _blame_texts("not_machine_readable", el, doc, doc.display_url)
            f.add(
                "not_machine_readable",
                el,
                th,
                en,
                sug_th,
                sug_en,
                url=doc.display_url,
                detail="the content that would meet the element is an image; " + _ocr_state(doc),
            )
            results.append(_result(el, UNVERIFIED, c))
            continue
        if c.status == C.NO_RECORDS:
            # an unreadable document of the item (a scan, a broken link) may be the real one
            status = _explain_unfound(el, c.match, problems, f)
            if status is None:
                _no_records(el, c, f)
            results.append(_result(el, status or UNMET, c))
            continue
        if outside_readable and (om := carry(el, outside_readable, table_kind)).status == C.MET:
            where = om.carriers[0].display_url if om.carriers else outside[0].display_url
            _not_main(el, where, ctx, f)
            results.append(ElementResult(el, UNMET, om.match.hits))
            continue
        results.append(ElementResult(el, UNMET, c.match.hits))
        unmatched.append((el, c))
    if not unmatched:
        return results
    status_by_el = {}
    for el, c in unmatched:
        status_by_el[el.id] = _explain_unfound(el, c.match, problems, f)
        if status_by_el[el.id] is None and c.status == C.LABEL_ONLY:
            _label_only(el, c, f)
            status_by_el[el.id] = UNMET
    nothing_found = all(not r.evidence for r in results) and all(
        s is None for s in status_by_el.values()
    )
    required = [el for el, _ in unmatched if el.kind == "required"]
    if nothing_found and required and len(unmatched) == len(item.elements):
        titles_th = ", ".join(el.title_th for el in required)
        titles_en = "; ".join(el.title_en for el in required)
        f.add(
            "no_evidence",
            None,
            f"ไม่พบข้อมูลของข้อ {item.id} ({titles_th}) ในหน้าที่ส่ง",
            f"Nothing in the submitted pages matches {item.id} ({titles_en})",
            " และ".join(el.suggestion_th for el in required),
            "; ".join(el.suggestion_en for el in required),
            detail="no element's vocabulary was found",
        )
    else:
        for el, c in unmatched:
            if status_by_el[el.id] is None:
                _missing(el, f, c.match.missing, c.match.table_gaps)
    for r in results:
        if status_by_el.get(r.element.id) == UNVERIFIED:
            r.status = UNVERIFIED
    return results


def _result(el: Element, status: str, c: Carried) -> ElementResult:
    return ElementResult(
        el, status, c.match.hits, None, tuple(d.display_url for d in c.carriers), c.role
    )


def _not_main(el: Element, url: str, ctx: Context, f: _Findings) -> None:
    host = url.split("/")[2]
    f.add(
        "not_main_website",
        el,
        f"{el.missing_th}บนเว็บไซต์หลักของหน่วยงาน ข้อมูลอยู่ที่ {host} ({url}) ซึ่งไม่ใช่เว็บไซต์หลัก",
        f"{el.missing_en} on the main website: the evidence is on {host} ({url}), "
        f"which is not the agency's main website",
        f"นำข้อมูล{el.title_th}ขึ้นเว็บไซต์หลักของ{ctx.framework.agency_term_th} "
        f"แล้วส่ง URL บนเว็บไซต์หลักแทน {url}",
        f"publish {el.title_en[:1].lower() + el.title_en[1:]} on the main website of "
        f"{ctx.framework.agency_term_en} and submit that URL instead of {url}",
        url=url,
        detail=f"host {host} is not the main website",
    )


_ROLE_TH = {
    "heading": "หัวข้อ",
    "link_label": "ชื่อลิงก์",
    "label": "ชื่อลิงก์",
    "title": "ชื่อหน้าเว็บ",
    "file_name": "ชื่อไฟล์",
}
_ROLE_EN = {
    "heading": "a heading",
    "link_label": "a link label",
    "label": "a link label",
    "title": "a page title",
    "file_name": "a file name",
}


def _label_only(el: Element, c: Carried, f: _Findings) -> None:
    """The element is named only by pointers (issue 12: a keyword is not evidence)."""
    hit = next((h for h in c.match.hits if h.role not in ("content", "list_entry", "cell")), None)
    hit = hit or (c.match.hits[0] if c.match.hits else None)
    where_th = f'{_ROLE_TH.get(hit.role, "ข้อความ")} "{hit.excerpt}" ใน {hit.url}' if hit else ""
    where_en = f'{_ROLE_EN.get(hit.role, "text")} "{hit.excerpt}" at {hit.url}' if hit else ""
    el_en = el.title_en[:1].lower() + el.title_en[1:]
    f.add(
        "label_only",
        el,
        f"{el.missing_th} (พบเพียง{where_th} แต่ไม่พบเนื้อหาในเอกสาร)",
        f"{el.missing_en} (only {where_en} names it; no document's content carries it)",
        el.suggestion_th,
        el.suggestion_en,
        url=hit.url if hit else None,
        detail=f"{el_en}: named only by {hit.role if hit else 'pointers'}",
    )


def _no_records(el: Element, c: Carried, f: _Findings) -> None:
    """A data element's document with no records, or a document with nothing but headings."""
    doc = c.carriers[0] if c.carriers else None
    url = doc.display_url if doc else None
    if el.evidence == "data":
        th = f"{el.missing_th} ({url} มีเพียงหัวข้อ ไม่มีข้อมูลในรูปตารางหรือรายการ และไม่มีข้อความว่าไม่มีข้อมูล)"
        en = (
            f"{el.missing_en} ({url} has a heading but no records (table rows or list "
            f"entries) and no statement that there were none)"
        )
        detail = "no records"
    else:
        th = f"{el.missing_th} ({url} มีเพียงหัวข้อ ไม่มีเนื้อหาของเอกสาร)"
        en = f"{el.missing_en} ({url} has a heading but no content)"
        detail = f"content under {C.MIN_BODY_CHARS} characters"
    f.add("no_records", el, th, en, el.suggestion_th, el.suggestion_en, url=url, detail=detail)


def _warn_ocr(el: Element, hits: tuple[Hit, ...], docs: list[EvidenceDoc], f: _Findings) -> None:
    """Content read by OCR decides the element, but the scan is still not machine readable
    (DOMAIN.md §3 rule 7): a warning naming the scanned document."""
    ocr_hit = next((h for h in hits if h.ocr), None)
    if ocr_hit is None:
        return
    doc = next((d for d in docs if d.display_url == ocr_hit.url), None)
    reason_th = doc.readability.reason_th if doc else "เป็นภาพสแกน"
    reason_en = doc.readability.reason_en if doc else "a scan"
    el_en = el.title_en[:1].lower() + el.title_en[1:]
    f.add(
        "not_machine_readable",
        el,
        f"{el.title_th} อ่านได้จากภาพด้วย OCR เท่านั้น: {ocr_hit.url} {reason_th} เครื่องอ่านข้อมูลไม่ได้",
        f"{el_en} could only be read from an image by OCR: {ocr_hit.url} is {reason_en}, "
        f"not machine readable",
        f"เผยแพร่{el.title_th} เป็นไฟล์ที่มีข้อความ (PDF ที่สร้างจากโปรแกรม, DOCX, XLSX) "
        f"หรือหน้าเว็บ แทนภาพสแกน",
        f"publish {el_en} as a file with text (a PDF made by a program, DOCX, XLSX) or a "
        f"web page instead of a scan",
        url=ocr_hit.url,
        detail="content read by OCR",
        advisory=True,
    )


LOGIN_WALL_MAX_CHARS = 600  # content characters: a login page is a form, not an article


def _is_login_wall(doc: EvidenceDoc) -> bool:
    """A page that answered 200 with a login form where content should be. CMS pages often
    carry a member-login box beside real content, so only a short page counts as a wall."""
    if not (doc.has_login_form and doc.sniffed_type == "html"):
        return False
    return sum(len(s.text) for s in doc.segments) <= LOGIN_WALL_MAX_CHARS


def _missing(
    el: Element,
    f: _Findings,
    missing: tuple[str, ...],
    table_gaps: tuple[tuple[str, tuple[str, ...]], ...] = (),
) -> None:
    """`missing_element`; for a `columns` element the reason names each table's missing
    columns and the document, as an assessor would ("… ไม่ครบถ้วน")."""
    th, en, detail = el.missing_th, el.missing_en, ""
    if missing:
        detail = "not found: " + ", ".join(missing)
    if table_gaps:
        th += " (" + "; ".join(f"ตารางใน {u} ไม่มีคอลัมน์ {', '.join(c)}" for u, c in table_gaps) + ")"
        en += (
            " ("
            + "; ".join(f"the table in {u} has no column {', '.join(c)}" for u, c in table_gaps)
            + ")"
        )
        detail = "columns missing: " + "; ".join(f"{u}: {', '.join(c)}" for u, c in table_gaps)
    url = table_gaps[0][0] if len(table_gaps) == 1 else None
    f.add("missing_element", el, th, en, el.suggestion_th, el.suggestion_en, url=url, detail=detail)


def _explain_unfound(
    el: Element, m: Any, problems: dict[str, list[EvidenceDoc]], f: _Findings
) -> str | None:
    """Blame an unreadable document for an element found nowhere; return the element's status
    (UNMET or UNVERIFIED), or None when nothing explains it (a plain missing element)."""
    for kind, code, status in (
        (D.BROKEN, "broken_link", UNMET),
        (D.LOGIN, "login_required", UNMET),
        (D.NOT_SURE, "unreachable", UNVERIFIED),
        (D.EMPTY, "empty_document", UNMET),
        (D.IMAGE, "not_machine_readable", UNVERIFIED),
        (D.UNREAD, "unverified_content", UNVERIFIED),
    ):
        docs = problems[kind]
        if not docs:
            continue
        doc = docs[0]
        url = doc.display_url
        also = [d.display_url for d in docs[1:]]
        detail = doc.problem_text if kind in (D.BROKEN, D.LOGIN, D.NOT_SURE) else ""
        if kind == D.EMPTY:
            detail = "0 bytes"
        if kind in (D.IMAGE, D.UNREAD):
            detail = doc.readability.reason_en if kind == D.IMAGE else _unread_reason(doc)
        if kind == D.IMAGE:
            detail += "; " + _ocr_state(doc)
        if also:
            detail += "; also " + ", ".join(also)
        th, en, sug_th, sug_en = _blame_texts(code, el, doc, url)
        f.add(code, el, th, en, sug_th, sug_en, url=url, detail=detail)
        return status
    return None


def _ocr_state(doc: EvidenceDoc | None = None) -> str:
    """Why a scan's content was not read (issue 4 asks the reason to say so, not to guess):
    OCR not installed, switched off, read but too little, or found nothing."""
    from oitcrawl.extract.ocr import ocr_available, ocr_enabled

    if doc is not None and any(s.ocr for s in doc.segments):
        return "read by OCR, but not enough to decide"
    if not ocr_available():
        return "OCR not available (install tesseract-ocr and tesseract-ocr-tha)"
    return "OCR switched off (OITCRAWL_OCR=0)" if not ocr_enabled() else "OCR found nothing"


def _unread_reason(doc: EvidenceDoc) -> str:
    if doc.outcome == "too_large":
        return doc.problem_text
    if doc.extract and doc.extract.get("error"):
        return str(doc.extract["error"])
    return f"no text could be read from this {doc.sniffed_type or 'unknown'} file"


def _blame_texts(code: str, el: Element, doc: EvidenceDoc, url: str) -> tuple[str, str, str, str]:
    why, why_th = doc.problem_text, doc.problem_text_th
    el_en = el.title_en[:1].lower() + el.title_en[1:]
    if code == "broken_link":
        return (
            f"{el.missing_th} เนื่องจากลิงก์ {url} ใช้งานไม่ได้ ({why_th})",
            f"{el.missing_en}: the link {url} is broken ({why})",
            f"แก้ไขลิงก์ {url} ให้เปิดได้ หรือส่ง URL ที่ถูกต้อง และ{el.suggestion_th}",
            f"fix the link {url} or submit the right URL, and {el.suggestion_en}",
        )
    if code == "login_required":
        return (
            f"{el.missing_th} เนื่องจาก {url} ต้องเข้าสู่ระบบก่อนจึงจะเปิดได้",
            f"{el.missing_en}: {url} asks for a login",
            f"เผยแพร่ข้อมูลในหน้าที่บุคคลทั่วไปเปิดได้โดยไม่ต้องเข้าสู่ระบบ และ{el.suggestion_th}",
            f"publish it on a page anyone can open without logging in, and {el.suggestion_en}",
        )
    if code == "unreachable":
        return (
            f"ยังตรวจ{el.title_th}ไม่ได้ เนื่องจากเปิด {url} ไม่ได้ในขณะตรวจ ({why_th}) ต้องตรวจสอบด้วยตนเอง",
            f"{el_en} could not be checked: {url} did not answer ({why}); check it by hand",
            f"ตรวจสอบว่า {url} เปิดได้จากภายนอกหน่วยงาน",
            f"make sure {url} opens from outside the agency's network",
        )
    if code == "empty_document":
        return (
            f"{el.missing_th} เนื่องจากไฟล์ {url} ว่างเปล่า (ไม่มีเนื้อหา)",
            f"{el.missing_en}: the file {url} is empty",
            f"อัปโหลดไฟล์ {url} ใหม่ให้มีเนื้อหาครบ และ{el.suggestion_th}",
            f"upload {url} again with its content, and {el.suggestion_en}",
        )
    if code == "not_machine_readable":
        return (
            f"ยังตรวจ{el.title_th}จากข้อความไม่ได้ เนื่องจาก {url} {doc.readability.reason_th} "
            f"ต้องตรวจสอบด้วยตนเอง",
            f"{el_en} could not be checked from text: {url} is "
            f"{doc.readability.reason_en}; check it by hand",
            f"เผยแพร่{el.title_th} เป็นไฟล์ที่มีข้อความ (PDF ที่สร้างจากโปรแกรม, DOCX, XLSX) "
            f"หรือหน้าเว็บ แทนภาพสแกน",
            f"publish {el_en} as a file with text (a PDF made by a program, DOCX, XLSX) or a "
            f"web page instead of a scan",
        )
    return (
        f"ยังตรวจ{el.title_th}ไม่ได้ เนื่องจากอ่านเนื้อหาของ {url} ไม่ได้ ({_unread_reason(doc)})",
        f"{el_en} could not be checked: the content of {url} could not be read "
        f"({_unread_reason(doc)})",
        f"เผยแพร่{el.title_th} เป็น PDF ที่มีข้อความ, DOCX, XLSX หรือหน้าเว็บ",
        f"publish {el_en} as a PDF with text, DOCX, XLSX or a web page",
    )


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


def _judge_signature(
    el: Element,
    carriers: tuple[EvidenceDoc, ...],
    result: ElementResult,
    ctx: Context,
    f: _Findings,
) -> None:
    """DOMAIN.md §3 rule 6: an announcement element (`signed`) needs, in one of the documents
    that carry it, a signing line with the head's title (``extract.announcement``). Missing →
    `unsigned`, the element unmet; when the text was only read by OCR (which may miss a
    signing block) a warning instead."""
    heads = ctx.framework.head_titles_th
    signers: list[str] = []
    for doc in carriers:
        text = "\n".join(s.text for s in doc.segments)
        signatures = find_signatures(text, heads)
        if any(s.head for s in signatures):
            return
        signers += [" ".join(x for x in (s.name, s.position) if x) for s in signatures]
    ocr_only = all(s.ocr for d in carriers for s in d.segments)
    url = carriers[0].display_url if carriers else None
    head_th, head_en = heads[0], ctx.framework.head_title_en
    who_th = f" (ลงนามโดย {', '.join(signers)})" if signers else ""
    who_en = f" (signed by {', '.join(signers)})" if signers else ""
    f.add(
        "unsigned",
        el,
        f"{el.missing_th}: ไม่พบการลงนามโดย{head_th}ใน {url}{who_th}",
        f"{el.missing_en}: {url} shows no signature of {head_en}{who_en}",
        el.suggestion_th,
        el.suggestion_en,
        url=url,
        detail=("signed by: " + "; ".join(signers)) if signers else "no signing line found",
        advisory=ocr_only,
    )
    if not ocr_only:
        result.status = UNMET


# Hosts where files and posts are shared, not published (DOMAIN.md §3 rule 1, §3a): evidence
# linked there is a defect of the item even when the page around it looks right.
SHARING_HOSTS = (
    "drive.google.com", "docs.google.com", "sites.google.com", "facebook.com", "fb.com",
    "fb.watch", "line.me", "youtube.com", "youtu.be", "onedrive.live.com", "1drv.ms",
    "dropbox.com", "bit.ly", "tinyurl.com", "canva.com", "anyflip.com", "fliphtml5.com",
)  # fmt: skip


def is_sharing_host(url: str) -> bool:
    """True for a URL on a file-sharing or social-media host (``SHARING_HOSTS``, subdomains
    included: m.facebook.com, www.youtube.com)."""
    host = url.split("/")[2].split(":")[0].lower() if "//" in url else ""
    return any(host == h or host.endswith("." + h) for h in SHARING_HOSTS)


MAX_LINK_FINDINGS_PER_PAGE = 10  # more findings of one code on one page's links collapse


def _collapse_per_page(docs: list[EvidenceDoc], f: _Findings) -> None:
    """Item-level findings of one code about the links of one page, when there are more than
    MAX_LINK_FINDINGS_PER_PAGE, become one finding on that page with their `count` and three
    examples (issue 13: a page with 50,000 broken links must not give 50,000 findings)."""
    via = {d.display_url: d.via for d in docs if d.depth > 0 and d.via}
    groups: dict[tuple[str, str, str], list[int]] = {}
    for i, x in enumerate(f.out):
        if x.element is None and x.url in via:
            groups.setdefault((x.code, x.severity, via[x.url]), []).append(i)
    drop: set[int] = set()
    for (code, _, page), idx in groups.items():
        if len(idx) <= MAX_LINK_FINDINGS_PER_PAGE:
            continue
        page_url = display_url(page)
        examples = ", ".join(f.out[i].url or "" for i in idx[:3])
        name_th, name_en = CODES[code]
        n = len(idx)
        f.out[idx[0]] = replace(
            f.out[idx[0]],
            url=page_url,
            count=n,
            detail=f"{n} links on {page_url}, e.g. {examples}",
            message_th=f"{name_th}: ลิงก์ {n} รายการในหน้า {page_url} (เช่น {examples})",
            message_en=f"{name_en}: {n} links on {page_url} (e.g. {examples})",
            suggestion_th=f"ตรวจและแก้ไขลิงก์ทั้ง {n} รายการในหน้า {page_url}",
            suggestion_en=f"check and fix the {n} links on {page_url}",
        )
        drop.update(idx[1:])
    if drop:
        f.out = [x for i, x in enumerate(f.out) if i not in drop]


def _general_rules(docs: list[EvidenceDoc], f: _Findings, ctx: Context) -> None:
    """Reachability of every document the item's pages point at, whether or not its
    elements were found (issue 12, DOMAIN.md §3a "every evidence link must work"): a
    submitted URL or a linked evidence document that is broken, a login page (401/403, or
    a 200 page that is only a login form), a soft 404 or an empty file fails the item; one
    that did not answer makes it `review`. Pictures shown inside a page are not evidence
    links. Submitted URLs on another host, and linked pages on other hosts, are reported
    `not_main_website`: an error on Drive/Facebook-like hosts, a warning elsewhere."""
    for doc in docs:
        url = doc.display_url
        if url in f.cited or not doc.counts or doc.embedded:
            continue
        why, why_th = doc.problem_text, doc.problem_text_th
        report = f.item_error
        problem = doc.problem
        if problem is None and _is_login_wall(doc):
            problem = D.LOGIN
        if problem == D.BROKEN:
            report(
                "broken_link",
                f"ลิงก์ {url} ใช้งานไม่ได้ ({why_th})",
                f"the link {url} is broken ({why})",
                f"แก้ไขหรือลบลิงก์ {url}",
                f"fix or remove the link {url}",
                url,
            )
        elif problem == D.LOGIN:
            report(
                "login_required",
                f"{url} ต้องเข้าสู่ระบบก่อนจึงจะเปิดได้",
                f"{url} asks for a login",
                f"ให้บุคคลทั่วไปเปิด {url} ได้โดยไม่ต้องเข้าสู่ระบบ หรือไม่ต้องส่ง URL นี้",
                f"let anyone open {url} without a login, or leave it out of the submission",
                url,
            )
        elif problem == D.EMPTY:
            report(
                "empty_document",
                f"ไฟล์ {url} ว่างเปล่า (0 ไบต์)",
                f"the file {url} is empty (0 bytes)",
                f"อัปโหลดไฟล์ {url} ใหม่ให้มีเนื้อหา หรือลบลิงก์นี้",
                f"upload {url} again with its content, or remove the link",
                url,
            )
        elif problem == D.NOT_SURE:
            report(
                "unreachable",
                f"เปิด {url} ไม่ได้ในขณะตรวจ ({why_th})",
                f"{url} did not answer during the check ({why})",
                f"ตรวจสอบว่า {url} เปิดได้จากภายนอกหน่วยงาน",
                f"make sure {url} opens from outside the agency's network",
                url,
            )
    for doc in docs:
        url = doc.display_url
        if doc.counts or url in f.cited or doc.embedded:
            continue
        host = url.split("/")[2]
        if doc.depth == 0:
            f.warning(
                "not_main_website",
                f"URL ที่ส่ง {url} อยู่บน {host} ซึ่งไม่ใช่เว็บไซต์หลักของหน่วยงาน",
                f"the submitted URL {url} is on {host}, not the agency's main website",
                f"ส่ง URL บนเว็บไซต์หลักของ{ctx.framework.agency_term_th}แทน {url}",
                f"submit a URL on the main website of {ctx.framework.agency_term_en} instead "
                f"of {url}",
                url,
            )
            continue
        report = f.item_error if is_sharing_host(url) else f.warning
        report(
            "not_main_website",
            f"หลักฐานที่ลิงก์ไว้ {url} อยู่บน {host} ซึ่งไม่ใช่เว็บไซต์หลักของหน่วยงาน",
            f"the evidence linked at {url} is on {host}, not the agency's main website",
            f"นำเอกสารจาก {host} ขึ้นเว็บไซต์หลักของ{ctx.framework.agency_term_th} "
            f"แล้วลิงก์ไปที่ไฟล์บนเว็บไซต์หลักแทน",
            f"publish the document from {host} on the main website of "
            f"{ctx.framework.agency_term_en} and link to that copy instead",
            url,
        )
