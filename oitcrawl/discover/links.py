"""Links of a page with the context a coordinator reads them in: the table row or list item
around the link, and the item numbers ("O1", "(O12)") written there.

ITA hub pages list the evidence in a table ("O1 | โครงสร้าง… | link") or a menu whose labels
carry the item number ("(O1) โครงสร้างหน่วยงาน"); both say which item a link is for, and no
text on the linked page itself does. Pure functions of the stored page bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urldefrag, urlencode, urljoin

from lxml import etree

from oitcrawl.extract.html import decode_html, parse_tree

# "O1", "(O12)", "O 12", "o.12", Thai-digit forms are folded before matching. Not part of a
# word ("ISO9001", "O2O") and not "O-" style ids of other frameworks.
ITEM_LABEL = re.compile(r"(?<![A-Za-z0-9])[Oo]\s?\.?\s?(\d{1,2})(?![0-9A-Za-z])")
# Words that name the ITA / OIT section of a site (BMA: "การประเมินคุณธรรมและความโปร่งใส (ITA)").
ITA_WORDS = (
    "ita",
    "oit",
    "การประเมินคุณธรรมและความโปร่งใส",
    "คุณธรรมและความโปร่งใส",
    "การเปิดเผยข้อมูลสาธารณะ",
)
_CONTEXT_TAGS = ("li", "tr", "p", "dd", "h3", "h4")
_NAV_HINT = re.compile(r"nav|menu|sidebar|footer|breadcrumb|crumb", re.I)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
SEARCH_TERMS = ("ITA", "OIT")  # what the site's own search is asked for
_SEARCH_NAMES = ("q", "s", "search", "searchword", "keyword", "keywords", "query", "kw", "k")
CONTEXT_MAX = 300  # characters of row/list-item text kept around a link


@dataclass(frozen=True)
class ContextLink:
    """A link of a page. `url`: absolute, fragment dropped, as written (not percent-encoded);
    `label`: its text (or title/alt); `context`: the text of the enclosing row or list item
    (at most CONTEXT_MAX characters; "" when none); `items`: item numbers ("O1") written in the
    label, else in the context; `in_nav`: inside site navigation (menus count here: their
    labels are a strong signal on ITA menus); `tag`: "a", "area", or how the page sends the
    browser on without a link: "refresh" (meta refresh), "script" (a JavaScript redirect),
    "frame", "iframe"; "canonical": the page's `<link rel=canonical>` (not followed)."""

    url: str
    label: str
    context: str
    items: tuple[str, ...]
    in_nav: bool
    tag: str = "a"


def item_numbers(text: str) -> tuple[str, ...]:
    """Item ids written in `text`: "(O1) โครงสร้าง" → ("O1",); Thai digits read; in order."""
    out: list[str] = []
    for m in ITEM_LABEL.finditer(text.translate(_THAI_DIGITS)):
        item = f"O{int(m.group(1))}"
        if item not in out and m.group(1) != "0":
            out.append(item)
    return tuple(out)


def names_ita(text: str) -> bool:
    """True when `text` names the ITA/OIT section ("ITA", "การประเมินคุณธรรมและความโปร่งใส")."""
    low = text.lower()
    return any(
        (re.search(rf"(?<![a-z]){w}(?![a-z])", low) if w.isascii() else w in low) for w in ITA_WORDS
    )


def _text(el: etree._Element) -> str:
    # cells and items joined with a space ("O1 โครงสร้าง", not "O1โครงสร้าง")
    return " ".join(" ".join(t.split()) for t in el.itertext() if t.strip())


def _in_nav(el: etree._Element) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("nav", "header", "footer", "aside"):
            return True
        ident = f"{anc.get('id', '')} {anc.get('class', '')}"
        if _NAV_HINT.search(ident):
            return True
    return False


def context_links(body: bytes, base_url: str, content_type: str | None = None) -> list[ContextLink]:
    """Every `<a href>`/`<area href>` of an HTML page with its context (see ContextLink).

    The page is parsed as a browser parses it (HTML5, html5lib): pages that PHP includes
    build from several whole documents (`<!DOCTYPE html><html>…</html>` three times) keep
    every link, where libxml2 kept only the first document's.

    `body`: the page bytes (any encoding `decode_html` reads); `base_url`: the page's final URL.
    Links to other schemes (mailto:, javascript:) are left out. Never raises on bad HTML
    (returns what could be parsed; [] for an empty page).
    """
    text, _ = decode_html(body, content_type)
    if not text.strip():
        return []
    root = parse_tree(text)
    if root is None:
        return []
    base = root.find(".//base[@href]")
    base_url = urljoin(base_url, base.get("href")) if base is not None else base_url
    out: list[ContextLink] = []
    for el in root.iter("a", "area"):
        href = (el.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        if not url.startswith(("http://", "https://")):
            continue
        label = (
            _text(el)
            or el.get("title", "")
            or " ".join(i.get("alt", "") for i in el.iter("img")).strip()
        )
        context = ""
        for anc in el.iterancestors(*_CONTEXT_TAGS):
            # the row or item itself, not a whole nested menu around it
            context = _text(anc)[:CONTEXT_MAX]
            break
        items = item_numbers(label) or item_numbers(context)
        out.append(ContextLink(url, label[:300], context, items, _in_nav(el), el.tag))
    out += _redirects(root, base_url)
    return out


# location = "…", location.href = '…', window.location.replace("…"), top.location.assign(…)
_JS_REDIRECT = re.compile(
    r"""(?:window\.|document\.|top\.|self\.|parent\.)?location"""
    r"""(?:\.href)?\s*(?:=\s*|\.(?:replace|assign)\(\s*)(['"])(?P<url>[^'"\s]+)\1"""
)
_REFRESH = re.compile(r"""^\s*\d*(?:\.\d*)?\s*[;,]?\s*(?:url\s*=\s*)?['"]?(?P<url>[^'"]*)""", re.I)


def _redirects(root: etree._Element, base_url: str) -> list[ContextLink]:
    """Where a homepage sends the browser without a link: `<meta http-equiv=refresh>`, a
    script that sets `location`, and the pages of `<frame>`/`<iframe>` (splash pages and
    framesets of old agency sites). Tags "refresh", "script", "frame", "iframe"."""
    found: list[tuple[str, str]] = []
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").strip().lower() == "refresh":
            m = _REFRESH.match(meta.get("content") or "")
            if m and m.group("url").strip():
                found.append((m.group("url").strip(), "refresh"))
    for script in root.iter("script"):
        for m in _JS_REDIRECT.finditer(script.text or ""):
            found.append((m.group("url"), "script"))
    for frame in root.iter("frame", "iframe"):
        if frame.get("src"):
            found.append((frame.get("src", "").strip(), frame.tag))
    for link in root.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            found.append((link.get("href", "").strip(), "canonical"))
    out = []
    for href, tag in found:
        if not href or href.startswith("#"):
            continue
        url = urldefrag(urljoin(base_url, href))[0]
        if url.startswith(("http://", "https://")):
            out.append(ContextLink(url, "", "", (), False, tag))
    return out


def search_urls(
    body: bytes, base_url: str, content_type: str | None, terms: tuple[str, ...]
) -> list[str]:
    """The site's own search: the first GET form of the page with a search box (type=search,
    or a text input named q/s/search/searchword/keyword/query…), filled with each of `terms`
    (hidden fields kept: Joomla's option=com_search). [] when the page has none."""
    text, _ = decode_html(body, content_type)
    root = parse_tree(text)
    if root is None:
        return []
    for form in root.iter("form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        fields: list[tuple[str, str]] = []
        box = None
        for inp in form.iter("input"):
            name, typ = inp.get("name"), (inp.get("type") or "text").lower()
            if not name:
                continue
            if typ == "hidden":
                fields.append((name, inp.get("value") or ""))
            elif box is None and (
                typ == "search" or (typ == "text" and name.lower() in _SEARCH_NAMES)
            ):
                box = name
        if box is None:
            continue
        action = urljoin(base_url, form.get("action") or base_url).split("?")[0]
        return [f"{action}?{urlencode([*fields, (box, term)])}" for term in terms]
    return []
