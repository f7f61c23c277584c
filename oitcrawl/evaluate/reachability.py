"""Reachability of an item's evidence (DOMAIN.md §3 rule 2, "reachable by anyone"; §3a "every
evidence link must work"): the documents the item's pages point at that are broken, behind a
login (or a login wall), empty, unanswered, only images or unreadable, as item findings
(``_general_rules``, collapsed per page) and as the reason an element was not found
(``_explain_unfound``); evidence on another host, and on file-sharing hosts.

The submitted URLs themselves are what the assessor opens: a submitted URL that is broken or
asks for a login fails the item (`broken_link` / `login_required`, error); one that does not
answer makes it `review` (`unreachable`, error). Linked documents with those problems, and
submitted URLs on another host, get a warning when no other finding names them.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from oitcrawl.crawl.urls import display_url
from oitcrawl.evaluate import documents as D
from oitcrawl.evaluate.documents import EvidenceDoc
from oitcrawl.evaluate.findings import CODES
from oitcrawl.evaluate.verdicts import UNMET, UNVERIFIED, Context, _Findings
from oitcrawl.framework import Element

LOGIN_WALL_MAX_CHARS = 600  # content characters: a login page is a form, not an article


def _is_login_wall(doc: EvidenceDoc) -> bool:
    """A page that answered 200 with a login form where content should be. CMS pages often
    carry a member-login box beside real content, so only a short page counts as a wall."""
    if not (doc.has_login_form and doc.sniffed_type == "html"):
        return False
    return sum(len(s.text) for s in doc.segments) <= LOGIN_WALL_MAX_CHARS


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
