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

The pieces beside this module: ``verdicts`` (context, statuses, results, the findings builder),
``timeliness`` (the period rule), ``reachability`` (unreadable evidence and the general rules);
their public names are importable from here.
"""

from __future__ import annotations

from typing import Any

from oitcrawl.crawl.urls import display_url, request_url
from oitcrawl.evaluate import carrier as C
from oitcrawl.evaluate import documents as D
from oitcrawl.evaluate.carrier import Carried, carry, has_images
from oitcrawl.evaluate.documents import EvidenceDoc
from oitcrawl.evaluate.findings import ERROR
from oitcrawl.evaluate.matching import Hit
from oitcrawl.evaluate.reachability import LOGIN_WALL_MAX_CHARS as LOGIN_WALL_MAX_CHARS
from oitcrawl.evaluate.reachability import (
    MAX_LINK_FINDINGS_PER_PAGE as MAX_LINK_FINDINGS_PER_PAGE,
)
from oitcrawl.evaluate.reachability import SHARING_HOSTS as SHARING_HOSTS
from oitcrawl.evaluate.reachability import (
    _blame_texts,
    _collapse_per_page,
    _explain_unfound,
    _general_rules,
    _is_login_wall,
    _ocr_state,
)
from oitcrawl.evaluate.reachability import is_sharing_host as is_sharing_host
from oitcrawl.evaluate.timeliness import _judge_period
from oitcrawl.evaluate.verdicts import FAIL as FAIL
from oitcrawl.evaluate.verdicts import MET as MET
from oitcrawl.evaluate.verdicts import NOT_APPLICABLE as NOT_APPLICABLE
from oitcrawl.evaluate.verdicts import PASS as PASS
from oitcrawl.evaluate.verdicts import REVIEW as REVIEW
from oitcrawl.evaluate.verdicts import STATUSES as STATUSES
from oitcrawl.evaluate.verdicts import UNMET as UNMET
from oitcrawl.evaluate.verdicts import UNVERIFIED as UNVERIFIED
from oitcrawl.evaluate.verdicts import Context as Context
from oitcrawl.evaluate.verdicts import DecidingDate as DecidingDate
from oitcrawl.evaluate.verdicts import ElementResult as ElementResult
from oitcrawl.evaluate.verdicts import ItemResult as ItemResult
from oitcrawl.evaluate.verdicts import _Findings, _result
from oitcrawl.extract.announcement import find_signatures
from oitcrawl.framework import Element, Item


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
