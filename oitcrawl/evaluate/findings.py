"""Findings: what is wrong with an item, as a stable code vocabulary (README "Finding codes").

Each finding carries its code, a severity (`error` decides the item's score, `warning` is for a
note only), the element and URL it concerns, a machine-readable detail, and the sentences a
person reads: the reason (เหตุผลที่ไม่ครบถ้วน …) and the suggestion (ขอให้สำนักงานเขต …), in
Thai and English. Reviewer notes and suggestion lists are built from these, never free text.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"

#: code → (Thai name, English meaning). The order is the README's table order.
CODES: dict[str, tuple[str, str]] = {
    "no_url": ("ไม่ได้ส่ง URL", "no URL was submitted for the item"),
    "broken_link": (
        "ลิงก์เสีย",
        "a URL answers 404/410 or its host name does not exist",
    ),
    "unreachable": (
        "เปิดไม่ได้ในขณะตรวจ",
        "not sure: timeouts, 5xx or 429 after retries, 403 bot blocks, robots.txt",
    ),
    "login_required": ("ต้องเข้าสู่ระบบ", "the evidence is behind a login"),
    "not_main_website": (
        "ไม่อยู่บนเว็บไซต์หลัก",
        "the evidence is on a host that is not the agency's main website",
    ),
    "no_evidence": (
        "ไม่พบข้อมูลของข้อนี้",
        "pages are reachable but nothing in them matches the item",
    ),
    "missing_element": ("ขาดองค์ประกอบ", "a required or advisory element was not found"),
    "label_only": (
        "มีเพียงหัวข้อหรือชื่อลิงก์",
        "only a heading, a link label, a page title or a file name names the element; "
        "no document's content carries it",
    ),
    "no_records": (
        "ไม่มีข้อมูลในเอกสาร",
        "the document is there but holds no records (rows, entries) or content, and no "
        "statement that there were none",
    ),
    "empty_document": ("ไฟล์ว่างเปล่า", "a linked file answers with no content (0 bytes)"),
    "outdated": ("ข้อมูลไม่เป็นปัจจุบัน", "the evidence exists but for another period"),
    "unsigned": (
        "ไม่ได้ลงนามโดยหัวหน้าหน่วยงาน",
        "an announcement that must be signed by the head of the agency shows no such signature",
    ),
    "missing_period": (
        "ข้อมูลไม่ครบทุกช่วงเวลา",
        "months (or the half year) are missing; `months` lists them",
    ),
    "not_machine_readable": (
        "ไม่อยู่ในรูปแบบที่เครื่องอ่านได้",
        "the evidence is only an image or an image-only PDF",
    ),
    "unverified_content": (
        "ตรวจเนื้อหาไม่ได้",
        "a document was fetched but its content could not be read",
    ),
}


@dataclass(frozen=True)
class Finding:
    """One finding of one item.

    `code`: a key of CODES. `severity`: "error" | "warning". `element`: element id or None
    (item-level). `url`: display URL or None. `detail`: short machine-readable context
    ("HTTP 404", "fiscal years found: 2565", the missing phrases). `months`: month keys
    ("YYYY-MM", CE) for missing_period. `message_*`: the reason; `suggestion_*`: what to do.
    `unit`: the responsible ฝ่าย (element's, else item's). `count`: the number of links of
    one page a collapsed finding stands for (1 = an ordinary finding; only shown when > 1).
    """

    code: str
    severity: str
    item: str
    element: str | None
    url: str | None
    detail: str
    message_th: str
    message_en: str
    suggestion_th: str
    suggestion_en: str
    unit: str = ""
    months: tuple[str, ...] = field(default_factory=tuple)
    # how many links of one page this finding stands for (issue 13: a page with thousands of
    # broken links gives one finding with a count, not thousands)
    count: int = 1

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unknown finding code {self.code!r}")
        if self.severity not in (ERROR, WARNING):
            raise ValueError(f"unknown severity {self.severity!r}")

    def to_dict(self) -> dict[str, Any]:
        """JSON form (report@3 `findings[]`)."""
        d = asdict(self)
        d["months"] = list(self.months)
        if self.count == 1:
            del d["count"]
        return d


# -- identity: the same finding across runs (history, review decisions, the results table)
def finding_key(f: dict[str, Any]) -> str:
    """The identity of a finding (a report@3 finding dict): "O20|missing_period|O20.1|-".
    Left out on purpose: months, severity, detail and message texts, unit — so a monthly gap
    that grows, a warning that becomes an error or reworded rules do not turn an open finding
    into a new one (``oitcrawl.history`` docstring: "Finding identity")."""
    return "|".join((f["item"], f["code"], f.get("element") or "-", f.get("url") or "-"))


def finding_keys(findings: list[dict[str, Any]]) -> list[str]:
    """Keys of one item's findings in order, made unique within the list ("#2", "#3")."""
    seen: dict[str, int] = {}
    keys = []
    for f in findings:
        key = finding_key(f)
        seen[key] = seen.get(key, 0) + 1
        keys.append(key if seen[key] == 1 else f"{key}#{seen[key]}")
    return keys
