"""Score every page and document of a discovery crawl against every item of a framework.

Signals, all generic (nothing here knows a particular site):

* content — the item's elements matched by the rule engine's own matcher
  (``oitcrawl.evaluate.matching.match_element``) on the candidate's text; a page is also judged
  together with the few documents it links (what `oitcrawl check` reads when it is submitted).
  A met element counts 1 (advisory ½), a partly matched one the share of its entries found.
* label — a link to the candidate whose text or table row / list item names the item ("(O5)",
  a hub row "O5 | … | link"), the way ITA menus and hub pages label evidence; a page of
  several item labels that names the ITA section is a hub and is not itself a candidate.
* period — the candidate's dates (``oitcrawl.periods.find_dates`` over text, title, file name
  and link labels) checked with the element's period rule (``check_period``) for the assessed
  fiscal year: in period raises, only other years lowers.

confidence = 0.5 content + 0.35 label + 0.15 period, in [0, 1].
"""

from __future__ import annotations

import datetime as dt
import posixpath
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

from oitcrawl.crawl.urls import display_url, is_document_url, request_url
from oitcrawl.discover.links import (
    SEARCH_TERMS,
    ContextLink,
    context_links,
    item_numbers,
    names_ita,
    search_urls,
)
from oitcrawl.evaluate.documents import EvidenceDoc
from oitcrawl.evaluate.matching import Source, match_element, normalized_phrase, sources_of
from oitcrawl.framework import Element, Framework, Item
from oitcrawl.periods import DateMention, check_period, find_dates
from oitcrawl.store import Store

W_CONTENT, W_LABEL, W_PERIOD = 0.5, 0.35, 0.15
MIN_CONFIDENCE = 0.2  # an item whose best candidate is below this has nothing found
KEEP_CONFIDENCE = 0.1  # candidates kept in the ranking (a complement may be proposed)
MAX_LINKED_DOCS = 12  # a page listing more documents is an index, not one item's page
HUB_MIN_ITEMS = 4  # distinct item labels on a page that names ITA → an ITA hub
_SENDS = ("refresh", "script", "frame")  # link tags by which a page sends the browser on
_FILE_LABEL = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".jpg", ".png", ".zip")


@dataclass
class Candidate:
    """One fetched page or document (ok outcome) of the discovery run.

    `url`: request URL; `doc`: the rule engine's view of it; `labels`: texts of links to it;
    `label_items`: {item id: [link label or row text naming it]}; `parent_items`: the items
    named for the pages that list this document (a document belongs to its page's item);
    `documents`: request URLs of
    the same-host documents it links; `hub`: it is an ITA hub page (not proposed itself);
    `search`: a result page of the site's own search (never proposed); `written`: the URL as
    the site's first link to it writes it (Thai, spaces and query order kept); `listing`: a
    server's folder listing ("Index of /ita68": never proposed); `duplicate_of`: the URL of
    the candidate that serves the same content (same bytes, the same canonical URL form, or
    the page's `<link rel=canonical>`):
    only that one is proposed, with this one's labels.
    """

    url: str
    doc: EvidenceDoc
    depth: int
    labels: list[str] = field(default_factory=list)
    label_items: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    parent_items: set[str] = field(default_factory=set)
    documents: list[str] = field(default_factory=list)
    hub: bool = False
    search: bool = False
    written: str = ""
    listing: bool = False
    duplicate_of: str = ""
    home_target: bool = False
    _sources: list[Source] | None = None
    _dates: list[DateMention] | None = None

    @property
    def is_document(self) -> bool:
        return self.doc.sniffed_type not in (None, "html") or is_document_url(self.url)

    @property
    def sources(self) -> list[Source]:
        if self._sources is None:
            self._sources = sources_of([self.doc])
        return self._sources

    @property
    def dates(self) -> list[DateMention]:
        """Date mentions of the text, title, file name and link labels."""
        if self._dates is None:
            name = unquote(posixpath.basename(urlsplit(self.url).path))
            parts = [self.doc.title, name, *self.labels[:5]]
            parts += [s.text for s in self.doc.segments]
            self._dates = [d for p in parts if p for d in find_dates(p)]
        return self._dates


@dataclass(frozen=True)
class ElementScore:
    """How far one element is matched: `value` in [0, 1]; `met`; the first hit's excerpt."""

    element: str
    value: float
    met: bool
    phrase: str = ""
    excerpt: str = ""
    excerpt_url: str = ""


@dataclass(frozen=True)
class Scored:
    """A candidate's score for one item, with the reasons a coordinator reads.

    `url`: the request URL; `shown`: as a person writes it (the site's own link, else the
    decoded request URL); `confidence` in [0, 1]; `content`, `label`, `period` the signals
    (period in [-1, 1]);
    `elements`: per element its score; `met`: ids of elements met; `period_text`: the period
    verdict ("fiscal year 2566 found") or "" when the item has no period rule;
    `label_text`: a link label naming the item, or ""."""

    item: str
    url: str
    shown: str
    is_document: bool
    confidence: float
    content: float
    label: float
    period: float
    elements: tuple[ElementScore, ...]
    met: frozenset[str]
    period_text: str
    label_text: str

    @property
    def best(self) -> ElementScore | None:
        """The element that explains the match best (met first, then the highest value)."""
        ranked = sorted(self.elements, key=lambda e: (e.met, e.value), reverse=True)
        return ranked[0] if ranked and ranked[0].value > 0 else None


def load_candidates(store: Store, run_id: str) -> dict[str, Candidate]:
    """The ok fetches of a discovery run with their extracts and the links that point to them.

    The homepage (depth 0) is kept out: it names everything in its menu and is never what a
    coordinator submits for an item.
    """
    fetches = store.fetches(run_id)
    cands: dict[str, Candidate] = {}
    pages: list[tuple[str, list[ContextLink]]] = []
    for url, f in fetches.items():
        if f["outcome"] != "ok" or not f.get("sha256"):
            continue
        extract = store.db.execute(
            "select * from extracts where sha256 = ? order by extractor_version desc limit 1",
            [f["sha256"]],
        ).fetchone()
        cols = [c[0] for c in store.db.execute("select * from extracts limit 0").description]
        row: dict[str, Any] | None = dict(zip(cols, extract, strict=True)) if extract else None
        doc = EvidenceDoc(url, f["depth"], None, "", url, f, row, counts=True)
        cands[url] = Candidate(url, doc, f["depth"])
        if row and row.get("sniffed_type") == "html":
            body = store.read_blob(f["sha256"])
            pages.append((url, context_links(body, f.get("final_url") or url, f["content_type"])))
    home = next((c for c in cands.values() if c.depth == 0), None)
    for c in cands.values():
        # the homepage again under another URL ("index.php") is no item's evidence either
        if home and c is not home and c.doc.fetch["sha256"] == home.doc.fetch["sha256"]:
            c.depth = 0
    # where a splash homepage sends the browser (meta refresh, a script, its frames) is the
    # real homepage: not an item's evidence either, and it names the agency
    for page_url, links in pages:
        if home and page_url == home.url:
            for lk in links:
                target = request_url(lk.url)
                if lk.tag in _SENDS and target in cands and target != home.url:
                    cands[target].depth = 0
                    cands[target].home_target = True
    if home:
        body = store.read_blob(home.doc.fetch["sha256"])
        for u in search_urls(body, home.doc.fetch.get("final_url") or home.url, None, SEARCH_TERMS):
            if request_url(u) in cands:
                cands[request_url(u)].search = True  # results of the site's search: a list
    for page_url, links in pages:
        page = cands[page_url]
        page_items = {i for lk in links for i in lk.items if not lk.in_nav}
        page_items |= {i for lk in links for i in lk.items if lk.in_nav}
        page.hub = len(page_items) >= HUB_MIN_ITEMS and (
            names_ita(page.doc.title) or any(names_ita(lk.label) for lk in links)
        )
        for lk in links:
            target = request_url(lk.url)
            if target == page_url or target not in cands:
                continue
            tc = cands[target]
            tc.written = tc.written or lk.url
            if lk.label and lk.label not in tc.labels:
                tc.labels.append(lk.label)
            if lk.tag == "a" and tc.is_document and not lk.in_nav and target not in page.documents:
                page.documents.append(target)
            if lk.label.lower().endswith(_FILE_LABEL):
                continue  # a file name is not the author's label ("O13_manual.pdf" for O9)
            for item in lk.items:
                shown = lk.label if item in item_numbers(lk.label) else f"{lk.label} ({item})"
                tc.label_items[item].append(shown)
    for page_url, links in pages:
        page = cands[page_url]
        page.listing = _is_folder_listing(page.doc.title, links)
        # "O1 … O36" in the content of a page: a hub even when it does not name ITA
        content_items = {i for lk in links for i in lk.items if not lk.in_nav}
        page.hub = page.hub or len(content_items) >= HUB_MIN_ITEMS
    for c in cands.values():
        own = item_numbers(c.doc.title)
        for item in own:
            c.label_items[item].append(c.doc.title)
    for page_url, links in pages:  # <link rel=canonical> to another fetched URL: that one
        page = cands[page_url]
        for lk in links:
            target = request_url(lk.url)
            if lk.tag != "canonical" or target == page_url or target not in cands:
                continue
            keep = cands[target]
            # CMSs that point every page's canonical at the homepage are not believed: the
            # target must be another page of the same title
            if page.depth and keep.depth and keep.doc.title == page.doc.title:
                page.duplicate_of = target
                keep.labels += [lb for lb in page.labels if lb not in keep.labels]
                for item, names in page.label_items.items():
                    keep.label_items[item] += [n for n in names if n not in keep.label_items[item]]
    _merge_duplicates(cands)
    for c in cands.values():
        for doc_url in c.documents:
            cands[doc_url].parent_items |= set(c.label_items)
    return cands


_LISTING_SORT = ("?C=N;O=D", "?C=M;O=A", "?C=S;O=A", "?C=D;O=A", "?C=N;O=A")


def _is_folder_listing(title: str, links: list[ContextLink]) -> bool:
    """A web server's folder listing (Apache/nginx/IIS autoindex): "Index of /…" title, or
    its sort links and "Parent Directory"."""
    t = (title or "").strip().lower()
    if t.startswith("index of /") or t.endswith("- /") or "directory listing" in t:
        return True
    sort_links = sum(1 for lk in links if lk.url.endswith(_LISTING_SORT))
    parent = any(lk.label.strip().lower() in ("parent directory", "[to parent directory]")
                 for lk in links)  # fmt: skip
    return sort_links >= 2 or (parent and sort_links >= 1)


def _canonical_key(c: Candidate) -> str:
    """A URL's form without what servers ignore: "/ita68/", "/ita68/index.html",
    "/ita68/index.php" and "/ita68" name one page."""
    parts = urlsplit(c.url)
    path = parts.path
    base = posixpath.basename(path).lower()
    if base in ("index.html", "index.htm", "index.php", "default.aspx", "default.asp"):
        path = posixpath.dirname(path)
    return f"{parts.netloc.lower().removeprefix('www.')}{path.rstrip('/')}?{parts.query}"


def _merge_duplicates(cands: dict[str, Candidate]) -> None:
    """Candidates serving the same content (same body sha256, or the same canonical URL
    form) become one: the one with the shortest URL is kept and gets the others' labels;
    the others point at it (`duplicate_of`) and are not proposed."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands.values():
        if c.depth == 0:
            continue
        sha = (c.doc.fetch or {}).get("sha256") or ""
        groups[f"sha:{sha}" if sha else f"url:{c.url}"].append(c)
    by_url: dict[str, list[Candidate]] = defaultdict(list)
    for c in cands.values():
        if c.depth:
            by_url[_canonical_key(c)].append(c)
    merged: list[list[Candidate]] = [g for g in groups.values() if len(g) > 1]
    merged += [g for g in by_url.values() if len(g) > 1]
    for group in merged:
        group = [c for c in group if not c.duplicate_of]
        if len(group) < 2:
            continue
        keep = min(group, key=lambda c: (len(c.url), c.url))
        for other in group:
            if other is keep:
                continue
            other.duplicate_of = keep.url
            for label in other.labels:
                if label not in keep.labels:
                    keep.labels.append(label)
            for item, names in other.label_items.items():
                keep.label_items[item].extend(n for n in names if n not in keep.label_items[item])
            keep.documents += [d for d in other.documents if d not in keep.documents]
            keep.hub = keep.hub or other.hub
            keep.listing = keep.listing or other.listing


def not_proposed(cands: dict[str, Candidate]) -> list[dict[str, str]]:
    """Pages that are never proposed, each with why (for discovery.json): the homepage, ITA
    hubs, folder listings, downloads indexes, search results, duplicates."""
    out = []
    for c in cands.values():
        why = exclusion(c)
        if why:
            out.append({"url": display_url(c.written or c.url), "why": why})
    return out


def exclusion(c: Candidate) -> str:
    """Why `c` is never proposed, or "" when it may be."""
    if c.depth == 0:
        return "หน้าแรก / the homepage (or the same page under another URL)"
    if c.duplicate_of:
        return f"เนื้อหาเดียวกับ / same content as {display_url(c.duplicate_of)}"
    if c.search:
        return "ผลการค้นหาของเว็บไซต์ / a result page of the site's own search"
    if c.listing:
        return "รายการไฟล์ในโฟลเดอร์ / a server's folder listing, not a page of the item"
    if c.hub:
        return "หน้ารวม ITA / an ITA hub page: it lists the evidence of many items"
    if len(c.documents) > MAX_LINKED_DOCS:
        return (
            f"หน้ารวมเอกสาร / a downloads index ({len(c.documents)} documents,"
            f" more than {MAX_LINKED_DOCS})"
        )
    return ""


def _element_score(element: Element, sources: list[Source]) -> ElementScore:
    m = element.match
    em = match_element(m, sources)
    weight = 1.0 if element.kind == "required" else 0.5
    if em.met:
        # more of the element's vocabulary → more surely its page (the laws page names acts,
        # decrees and regulations; a page of duties only cites one act)
        value = 0.9 + 0.1 * _breadth(m.any, sources) if m.any else 1.0
    else:
        n_any_needed = max(m.min_distinct, 1) if (m.any or m.regex) else 0
        total = n_any_needed + len(m.all)
        found_all = len(m.all) - sum(1 for e in m.all if _head(e) in em.missing)
        found_any = min(n_any_needed, len(em.hits) - found_all) if n_any_needed else 0
        value = 0.5 * (max(found_any, 0) + found_all) / total if total else 0.0
        if n_any_needed and found_any <= 0:
            value *= 0.5  # the fields without the thing itself: weak
    hit = em.hits[0] if em.hits else None
    return ElementScore(
        element.id,
        value * weight,
        em.met,
        hit.phrase if hit else "",
        hit.excerpt if hit else "",
        hit.url if hit else "",
    )


def _breadth(entries: list[str | list[str]], sources: list[Source]) -> float:
    """Share of `entries` (an `any` list; alternatives count once) found in `sources`."""
    found = 0
    for entry in entries:
        alts = [normalized_phrase(p) for p in (entry if isinstance(entry, list) else [entry])]
        if any(a and a in src.text.folded for a in alts for src in sources):
            found += 1
    return found / len(entries) if entries else 0.0


def _head(entry: str | list[str]) -> str:
    return entry[0] if isinstance(entry, list) else entry


def _period(
    item: Item, dates: list[DateMention], fiscal_year: int, as_of: dt.date
) -> tuple[float, str]:
    rules = [e.period for e in item.elements if e.period != "none"]
    if not rules:
        return 0.0, ""
    if not dates:
        return 0.0, "ไม่พบวันที่ / no date found"
    best = None
    for rule in dict.fromkeys(rules):
        v = check_period(rule, dates, fiscal_year, as_of)
        if v.met or (rule == "monthly" and v.covered_months):
            return 1.0, f"{v.reason_th} / {v.reason_en}"
        best = best or v
    assert best is not None
    if best.found_fiscal_years:
        return -1.0, f"{best.reason_th} / {best.reason_en}"
    return 0.0, f"{best.reason_th} / {best.reason_en}"


def score_item(
    item: Item,
    cand: Candidate,
    cands: dict[str, Candidate],
    fiscal_year: int,
    as_of: dt.date,
    use_labels: bool = True,
) -> Scored:
    """Score `cand` for `item` (see the module docstring). Never raises."""
    own = [_element_score(e, cand.sources) for e in item.elements]
    docs = [cands[u] for u in cand.documents if u in cands]
    elements = own
    if docs and len(docs) <= MAX_LINKED_DOCS:
        together = cand.sources + [s for d in docs for s in d.sources]
        joint = [_element_score(e, together) for e in item.elements]
        if sum(e.value for e in joint) > sum(e.value for e in own):
            elements = joint
    weights = sum(1.0 if e.kind == "required" else 0.5 for e in item.elements)
    content = sum(e.value for e in elements) / weights if weights else 0.0
    labels = cand.label_items if use_labels else {}
    parents = cand.parent_items if use_labels else set()
    named = labels.get(item.id, [])
    others = [i for i in labels if i != item.id]
    if named:
        label = 1.0
    elif others:
        label = -0.5  # the site labels it for another item
    elif item.id in parents:
        label = 0.7  # listed on a page labelled for this item
    elif parents:
        label = -0.5  # listed only on pages labelled for other items
    else:
        label = 0.0
    dates = cand.dates + [d for doc in docs[:MAX_LINKED_DOCS] for d in doc.dates]
    period, period_text = _period(item, dates, fiscal_year, as_of)
    if content == 0 and not named:
        period = min(period, 0.0)  # a date alone says nothing about the item
    confidence = W_CONTENT * content + W_LABEL * label + W_PERIOD * period
    if cand.hub or len(cand.documents) > MAX_LINKED_DOCS:
        confidence *= 0.3  # a hub or a downloads index lists every item: not one item's page
    return Scored(
        item=item.id,
        url=cand.url,
        shown=display_url(cand.written or cand.url),
        is_document=cand.is_document,
        confidence=round(max(0.0, min(1.0, confidence)), 3),
        content=round(content, 3),
        label=label,
        period=period,
        elements=tuple(elements),
        met=frozenset(e.element for e in elements if e.met),
        period_text=period_text,
        label_text=named[0] if named else "",
    )


def rank(
    framework: Framework,
    cands: dict[str, Candidate],
    fiscal_year: int,
    as_of: dt.date,
    use_labels: bool = True,
) -> dict[str, list[Scored]]:
    """{item id: candidates scored for it, best first}, every item of the framework present;
    an empty list (nothing found) when no candidate reaches MIN_CONFIDENCE, else the
    candidates down to KEEP_CONFIDENCE. Ties: pages before documents, then the shorter URL
    (a page is what a coordinator submits). `use_labels=False` ignores the item numbers the
    site writes (to measure what content and dates alone find)."""
    out: dict[str, list[Scored]] = {}
    pool = [c for c in cands.values() if not exclusion(c)]
    for item_id, item in framework.items.items():
        scored = [score_item(item, c, cands, fiscal_year, as_of, use_labels) for c in pool]
        scored = [s for s in scored if s.confidence >= KEEP_CONFIDENCE]
        scored.sort(key=lambda s: (-s.confidence, s.is_document, len(s.url)))
        out[item_id] = scored if scored and scored[0].confidence >= MIN_CONFIDENCE else []
    return out


def reason(s: Scored) -> dict[str, Any]:
    """The reason of a ranked candidate as plain data (for the proposal and discovery.json)."""
    best = s.best
    return {
        "url": s.shown,
        "confidence": s.confidence,
        "kind": "document" if s.is_document else "page",
        "element": best.element if best else None,
        "element_met": bool(best and best.met),
        "elements_met": sorted(s.met),
        "phrase": best.phrase if best else None,
        "excerpt": best.excerpt if best else None,
        "period": s.period_text or None,
        "label": s.label_text or None,
        "signals": {"content": s.content, "label": s.label, "period": s.period},
    }
