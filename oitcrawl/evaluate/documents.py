"""The documents of a stored run as the rules see them: per item, every fetch reached from its
submitted URLs with its text, where it sits (main website or not) and what went wrong.

Input side of the "evaluate" stage; reads only the store (no network).
"""

from __future__ import annotations

import bisect
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any
from urllib.parse import unquote, urlsplit

from oitcrawl.crawl.urls import display_url, is_main_website, request_url
from oitcrawl.evaluate.evidence import item_evidence
from oitcrawl.evaluate.readability import Readability, assess
from oitcrawl.extract.tables import RecognisedTable, recognise
from oitcrawl.periods import DateMention, dating_mentions
from oitcrawl.store import Run, Store

# How a fetch failed, from the point of view of the rules (DOMAIN.md §3 rule 2, §7).
BROKEN = "broken"  # 404/410, DNS name does not exist: certainly not there
LOGIN = "login"  # answered with a login wall (401/407, or 403 with a login form)
NOT_SURE = "not_sure"  # timeouts, 5xx/429/403 after retries, robots.txt, other 4xx
IMAGE = "image"  # an image or image-only PDF: content not machine readable
UNREAD = "unread"  # fetched, but the content could not be read (too large, no extractor)
EMPTY = "empty"  # answered 200 with an empty body (a 0-byte file)


_PROBLEMS_TH = {
    "http_404": "ไม่พบหน้าหรือไฟล์ (HTTP 404)",
    "http_410": "หน้าหรือไฟล์ถูกลบแล้ว (HTTP 410)",
    "http_401": "ต้องเข้าสู่ระบบ (HTTP 401)",
    "http_403": "เซิร์ฟเวอร์ปฏิเสธการเข้าถึง (HTTP 403)",
    "http_429": "เซิร์ฟเวอร์ขอให้ลดความถี่ (HTTP 429)",
    "dns_not_found": "ไม่พบชื่อโดเมนนี้",
    "dns_error": "ค้นหาชื่อโดเมนไม่สำเร็จ",
    "timeout": "เซิร์ฟเวอร์ไม่ตอบภายในเวลาที่กำหนด",
    "connection_refused": "เซิร์ฟเวอร์ปฏิเสธการเชื่อมต่อ",
    "connection_lost": "การเชื่อมต่อขาดระหว่างรับข้อมูล",
    "tls_error": "การเชื่อมต่อแบบเข้ารหัส (TLS) ผิดพลาด",
    "robots_txt": "robots.txt ของเว็บไซต์ไม่อนุญาตให้เครื่องมืออัตโนมัติเปิด",
    "too_large": "ไฟล์ใหญ่เกินขนาดที่กำหนด",
    "redirect": "เปลี่ยนเส้นทางแต่ไม่ได้ตามไป",
    "blocked_address": "ที่อยู่ปลายทางเป็นเครือข่ายภายใน ไม่อนุญาตให้เข้าถึง",
    "redirect_loop": "เปลี่ยนเส้นทางวนซ้ำไม่สิ้นสุด",
    "too_many_redirects": "เปลี่ยนเส้นทางต่อกันเกินจำนวนที่กำหนด",
    "truncated": "ได้รับข้อมูลไม่ครบตามขนาดที่เซิร์ฟเวอร์แจ้ง",
    "bad_response": "เซิร์ฟเวอร์ตอบกลับไม่เป็นรูปแบบ HTTP",
    "budget_exceeded": "ไม่ได้เปิด เพราะถึงขีดจำกัดจำนวนหน้าหรือขนาดข้อมูลของการตรวจครั้งนี้",
    "soft_404": "หน้าแจ้งว่าไม่พบหน้าที่ต้องการ (แม้สถานะเป็น HTTP 200)",
    "error_page": "หน้าแจ้งข้อผิดพลาดของเซิร์ฟเวอร์ (แม้สถานะเป็น HTTP 200)",
}


# A 200 page that is really an error page: short, and its title says so (issue 7).
ERROR_PAGE_MAX_CHARS = 600
SOFT_404 = re.compile(
    r"\b404\b|not\s+found|ไม่พบหน้า|ไม่พบเพจ|page\s+(?:does\s+not|doesn't)\s+exist", re.IGNORECASE
)
SERVER_ERROR = re.compile(
    r"\b50[0-4]\b|internal\s+server\s+error|service\s+unavailable|bad\s+gateway|"
    r"database\s+error|เกิดข้อผิดพลาด|ระบบขัดข้อง",
    re.IGNORECASE,
)


# The role of a piece of text (issue 12, DOMAIN.md §3a). The document's own text: CONTENT
# (paragraphs, a PDF page, a sheet), LIST_ENTRY, CELL (a table cell, with table/row/col) and
# HEADING. Pointers, which only say where to look: LINK_LABEL (a link's text on the page),
# TITLE (the HTML <title>), FILE_NAME and LABEL (the text of the link that led here).
CONTENT, LIST_ENTRY, CELL, HEADING = "content", "list_entry", "cell", "heading"
LINK_LABEL, TITLE, FILE_NAME, LABEL = "link_label", "title", "file_name", "label"
OWN_TEXT = frozenset({CONTENT, LIST_ENTRY, CELL, HEADING})
BODY = frozenset({CONTENT, LIST_ENTRY, CELL})
POINTERS = frozenset({LINK_LABEL, TITLE, FILE_NAME, LABEL})

# A block of text on at least this share of a host's crawled HTML pages (and on at least
# REPEATED_MIN_PAGES of them) is site chrome the markup did not mark: a sidebar, a "latest
# news" box, a copyright line (issue 12: chrome is not content).
REPEATED_MIN_PAGES = 3
REPEATED_SHARE = 0.5


@dataclass(frozen=True)
class Segment:
    """A piece of a document's text: a PDF page (`page` 1-based) or a block of a web page
    (`page` None). `ocr`: the text was read by OCR from an image (the document is not machine
    readable). `role`: one of the roles above. `table`/`row`/`col`: a table cell's place."""

    page: int | None
    text: str
    ocr: bool = False
    role: str = CONTENT
    table: int | None = None
    row: int | None = None
    col: int | None = None


@dataclass
class EvidenceDoc:
    """One URL reached for one item, with its stored fetch and extract rows.

    `url`: request URL as stored; `depth` 0 = submitted; `label`: the text of the link that led
    here; `root`: the submitted URL it came from. `counts`: the evidence is on the agency's main
    website (DOMAIN.md §3 rule 1): its submitted root is on the main website, or it is itself.
    `embedded`: the page that led here only shows it (``<img>``): a picture on the page, not a
    document the page publishes.
    """

    url: str
    depth: int
    via: str | None
    label: str
    root: str
    fetch: dict[str, Any] | None
    extract: dict[str, Any] | None
    counts: bool
    embedded: bool = False
    # block texts of this page that repeat across the host's pages (site chrome)
    repeated: frozenset[str] = frozenset()
    readability: Readability = field(init=False)

    def __post_init__(self) -> None:
        self.readability = assess(self.fetch, self.extract)

    @property
    def display_url(self) -> str:
        """The URL as a person writes it (IRI, Thai and spaces decoded)."""
        return display_url(self.url)

    @property
    def outcome(self) -> str | None:
        return self.fetch["outcome"] if self.fetch else None

    @property
    def http_status(self) -> int | None:
        return self.fetch["http_status"] if self.fetch else None

    @property
    def sniffed_type(self) -> str | None:
        return self.extract["sniffed_type"] if self.extract else None

    @property
    def title(self) -> str:
        return (self.extract or {}).get("title") or ""

    @property
    def has_login_form(self) -> bool:
        return bool(self.extract and self.extract.get("has_login_form"))

    @property
    def file_name(self) -> str:
        """The last path segment, percent-decoded ("O20 summary procurement Oct 2565.pdf")."""
        return unquote(posixpath.basename(urlsplit(self.url).path))

    @property
    def problem(self) -> str | None:
        """BROKEN, LOGIN, NOT_SURE, IMAGE, UNREAD or None (fetched, text read)."""
        status = self.http_status
        if self.fetch is None:
            return NOT_SURE
        if self.outcome == "broken":
            return BROKEN
        if status in (401, 407) or (status == 403 and self.has_login_form):
            return LOGIN
        if self.outcome == "too_large":
            return UNREAD
        if self.outcome != "ok":
            return NOT_SURE
        if (page := self.error_page) is not None:
            return BROKEN if page == "soft_404" else NOT_SURE
        if self.is_empty:
            return EMPTY
        if self.readability.label == "image":
            return IMAGE
        if self.readability.label == "no_text" or (
            not self.segments and self.sniffed_type != "html"
        ):
            return UNREAD
        return None

    @property
    def is_empty(self) -> bool:
        """A 200 answer with no body at all (a 0-byte file): nothing is published there."""
        return self.outcome == "ok" and (self.fetch or {}).get("bytes") == 0

    @cached_property
    def error_page(self) -> str | None:
        """`soft_404` or `error_page` when a short HTML page answered 200 but its title says
        "404 Not Found" or a server error (CMSs do this); else None. Such a page is not the
        evidence: it is reported as broken / not sure, never as "nothing published"."""
        if self.sniffed_type != "html" or self.outcome != "ok":
            return None
        if sum(len(s.text) for s in self.segments) > ERROR_PAGE_MAX_CHARS:
            return None
        if SOFT_404.search(self.title):
            return "soft_404"
        return "error_page" if SERVER_ERROR.search(self.title) else None

    @property
    def problem_text(self) -> str:
        """Why the fetch failed, for a person ("HTTP 404", "timed out …")."""
        if self.fetch is None:
            return "not fetched"
        if self.error_page is not None:
            what = "a 'not found' page" if self.error_page == "soft_404" else "an error page"
            return f"HTTP 200 but {what}: {self.title[:80]!r}"
        return self.fetch.get("error") or (
            f"HTTP {self.http_status}" if self.http_status else "no response"
        )

    @property
    def problem_text_th(self) -> str:
        """`problem_text` for a Thai reader."""
        if self.fetch is None:
            return "ยังไม่ได้ดึงข้อมูล"
        kind = self.fetch.get("error_kind") or self.error_page or ""
        status = self.http_status
        th = _PROBLEMS_TH.get(kind)
        if th is None and status:
            th = f"HTTP {status}"
        return th or self.problem_text

    @cached_property
    def pages(self) -> list[dict[str, Any]]:
        """The PDF pages as stored (``extract.pdf.PdfPage`` dicts); [] for other types."""
        if not self.extract:
            return []
        return json.loads(self.extract.get("pages_json") or "null") or []

    @cached_property
    def date_mentions(self) -> list[tuple[DateMention, Segment]]:
        """The dates of the document's own text, each with the segment it is in (offsets
        relative to that segment's text), read once per document. Leaves out "updated"
        stamps, copyright years and forward-looking phrases (``periods.dating_mentions``,
        which sees the whole document so "later than the document's own year" can be
        judged). A table row is one line with its cells apart (a month belongs to its row;
        never read across cells). Titles, file names and link labels do not date it."""
        units: list[Segment] = []
        rows: dict[tuple[int | None, int | None], list[Segment]] = {}
        for seg in self.segments:
            if seg.role not in OWN_TEXT:
                continue
            if seg.row is not None:
                if (seg.table, seg.row) not in rows:
                    rows[(seg.table, seg.row)] = []
                    units.append(seg)  # the row's place in reading order
                rows[(seg.table, seg.row)].append(seg)
            else:
                units.append(seg)
        texts = [
            Segment(s.page, "\t".join(c.text for c in rows[(s.table, s.row)]), s.ocr, CELL)
            if s.row is not None
            else s
            for s in units
        ]
        starts, at = [], 0
        for t in texts:
            starts.append(at)
            at += len(t.text) + 1
        out = []
        for m in dating_mentions("\n".join(t.text for t in texts)):
            i = bisect.bisect_right(starts, m.start) - 1
            out.append((replace(m, start=m.start - starts[i], end=m.end - starts[i]), texts[i]))
        return out

    @cached_property
    def segments(self) -> list[Segment]:
        """The document's text with roles: each PDF page (CONTENT), the blocks of a web page
        (headings, content, list entries, cells, link labels; repeated site chrome left out),
        else the whole text (CONTENT); empty when nothing was read. Pointers that are not
        the document's text (title, file name, incoming label) are in `pointers`."""
        if not self.extract or self.outcome != "ok":
            return []
        if pages := self.pages:
            return [
                Segment(p["number"], p["text"], bool(p.get("ocr"))) for p in pages if p.get("text")
            ]
        blocks = json.loads(self.extract.get("blocks_json") or "null")
        if blocks:
            return [
                Segment(
                    None, b["text"], False, b["role"], b.get("table"), b.get("row"), b.get("col")
                )
                for b in blocks
                if b["text"] not in self.repeated
            ]
        text = self.extract.get("text") or ""
        return [Segment(None, text)] if text else []

    @cached_property
    def block_texts(self) -> list[str]:
        """The text of each HTML block of this page (for the repeated-chrome count)."""
        if not self.extract or self.outcome != "ok" or self.sniffed_type != "html":
            return []
        return [b["text"] for b in json.loads(self.extract.get("blocks_json") or "[]")]

    @property
    def pointers(self) -> list[Segment]:
        """What names the document without being it: the HTML <title>, the file name and the
        label of the link that led here (they tell where to look, they prove nothing)."""
        out = []
        if self.sniffed_type == "html" and self.title:
            out.append(Segment(None, self.title, role=TITLE))
        if self.file_name and self.sniffed_type != "html":
            out.append(Segment(None, self.file_name, role=FILE_NAME))
        if self.label:
            out.append(Segment(None, self.label, role=LABEL))
        return out

    def own_text(self, roles: frozenset[str] = OWN_TEXT) -> list[Segment]:
        """The segments of the document's own text in `roles`."""
        return [s for s in self.segments if s.role in roles]

    @cached_property
    def tables(self) -> list[RecognisedTable]:
        """The document's tables with their header rows found (``extract.tables``)."""
        if not self.extract or self.outcome != "ok":
            return []
        return [recognise(rows) for rows in json.loads(self.extract.get("tables_json") or "[]")]

    @cached_property
    def links(self) -> list[dict[str, Any]]:
        """Links found in an HTML page (``oitcrawl.extract.html.Link`` dicts)."""
        return json.loads((self.extract or {}).get("links_json") or "[]")


@dataclass
class RunDocuments:
    """Everything the rules read of a run: `by_item` {item id: [EvidenceDoc …]} in
    breadth-first order; `fetches` and `extracts` keyed by request URL and sha256."""

    by_item: dict[str, list[EvidenceDoc]]
    fetches: dict[str, dict[str, Any]]
    extracts: dict[str, dict[str, Any]]

    def all_docs(self) -> Iterator[EvidenceDoc]:
        for docs in self.by_item.values():
            yield from docs


def load_documents(store: Store, run: Run) -> RunDocuments:
    """Read the fetches, extracts and followed links of `run` from `store`.

    Raises StoreError only if the database cannot be read.
    """
    fetches = store.fetches(run.id)
    extracts = {
        row["sha256"]: row
        for row in store.db.query(
            "select distinct e.* from extracts e join fetches f on f.sha256 = e.sha256 "
            "where f.run_id = ?",
            [run.id],
        )
    }
    also_main = tuple(run.submission.get("also_main", []))
    link_kinds = _link_kinds(fetches, extracts)
    by_item: dict[str, list[EvidenceDoc]] = {}
    for item_id, refs in item_evidence(store, run.id).items():
        docs = []
        for ref in refs:
            fetch = fetches.get(ref.url)
            extract = extracts.get(fetch["sha256"]) if fetch and fetch["sha256"] else None
            docs.append(
                EvidenceDoc(
                    url=ref.url,
                    depth=ref.depth,
                    via=ref.via,
                    label=ref.label,
                    root=ref.root,
                    fetch=fetch,
                    extract=extract,
                    counts=is_main_website(ref.root, run.website, also_main)
                    and (ref.depth == 0 or is_main_website(ref.url, run.website, also_main)),
                    embedded=ref.via is not None
                    and link_kinds.get((ref.via, ref.url), set()) == {"img"},
                )
            )
        by_item[item_id] = docs
    _mark_repeated(by_item)
    return RunDocuments(by_item, fetches, extracts)


def _mark_repeated(by_item: dict[str, list[EvidenceDoc]]) -> None:
    """Find the blocks that repeat across the crawled HTML pages of one host (sidebars,
    "latest news" boxes, footers the markup does not mark) and hide them from every page."""
    pages: dict[str, dict[str, EvidenceDoc]] = {}
    for docs in by_item.values():
        for doc in docs:
            if doc.block_texts:
                pages.setdefault(urlsplit(doc.url).netloc, {})[doc.url] = doc
    for host_pages in pages.values():
        n = len(host_pages)
        if n < REPEATED_MIN_PAGES:
            continue
        seen: dict[str, int] = {}
        for doc in host_pages.values():
            for text in set(doc.block_texts):
                seen[text] = seen.get(text, 0) + 1
        limit = max(REPEATED_MIN_PAGES, REPEATED_SHARE * n)
        repeated = frozenset(t for t, k in seen.items() if k >= limit)
        if not repeated:
            continue
        for docs in by_item.values():
            for doc in docs:
                if doc.url in host_pages:
                    doc.repeated = repeated
                    for derived in ("segments", "date_mentions"):  # read again without them
                        doc.__dict__.pop(derived, None)


def _link_kinds(
    fetches: dict[str, dict[str, Any]], extracts: dict[str, dict[str, Any]]
) -> dict[tuple[str, str], set[str]]:
    """{(page URL, target request URL): the HTML elements linking them ("a", "img", …)}."""
    kinds: dict[tuple[str, str], set[str]] = {}
    for url, fetch in fetches.items():
        extract = extracts.get(fetch.get("sha256") or "")
        if not extract:
            continue
        for link in json.loads(extract.get("links_json") or "[]"):
            key = (url, request_url(link["url"]))
            kinds.setdefault(key, set()).add(link.get("kind") or "a")
    return kinds
