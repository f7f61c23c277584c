"""HTML pages: what ``extract_html`` finds in one page (title, visible text, links, tables,
login form, meta refresh, text blocks with roles), from the stored response bytes.

The steps live beside this module, one concept each: ``html_decode`` (bytes → text: charset,
BOM, TIS-620 / windows-874), ``html_tree`` (the tree a browser builds, html5lib, and its
visible text), ``html_chrome`` (site navigation), ``html_links`` (links), ``html_blocks``
(blocks with roles). Their public names are importable from here.

Pure functions of the stored response bytes; nothing here touches the network.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from .html_blocks import CELL as CELL
from .html_blocks import CONTENT as CONTENT
from .html_blocks import HEADING as HEADING
from .html_blocks import LINK_LABEL as LINK_LABEL
from .html_blocks import LIST_ENTRY as LIST_ENTRY
from .html_blocks import ROLES as ROLES
from .html_blocks import Block as Block
from .html_blocks import _blocks
from .html_chrome import _drop_chrome
from .html_decode import _looks_like_tis620 as _looks_like_tis620
from .html_decode import decode_html
from .html_links import Link, _clean_href, _links, _resolve
from .html_tree import PARSER as PARSER
from .html_tree import _one_line, _text_of, parse_soup, parse_tree
from .textfix import repair_name
from .thai import normalize_text

__all__ = ["HtmlExtract", "Link", "decode_html", "extract_html", "parse_soup", "parse_tree"]


@dataclass
class HtmlExtract:
    """What ``extract_html`` finds in one page.

    ``text``: the page's own visible text (site menus, sidebars, breadcrumbs and page-level
    header/footer removed; the whole page if nothing else is left), one line per block
    element, normalised with ``normalize_text``.
    ``tables``: every ``<table>`` (nested ones too, each once) as rows of cell texts.
    ``encoding``: Python codec name used to decode the bytes (e.g. "utf-8", "cp874").
    ``meta_refresh``: absolute target of ``<meta http-equiv=refresh>``, or None.
    """

    title: str = ""
    text: str = ""
    links: list[Link] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    encoding: str = "utf-8"
    has_login_form: bool = False
    meta_refresh: str | None = None
    blocks: list[Block] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``dataclasses.asdict``)."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> HtmlExtract:
        """Inverse of ``to_dict``; raises TypeError/KeyError for a dict of another shape."""
        d = dict(d)
        d["links"] = [Link(**link) for link in d.get("links", [])]
        d["blocks"] = [Block(**b) for b in d.get("blocks", [])]
        return cls(**d)


_REFRESH_URL_RE = re.compile(
    r"""^\s*[\d.]*\s*[;,]?\s*(?:url\s*=\s*)?(['"]?)(.*?)\1\s*$""", re.I | re.S
)


def _tables(soup: BeautifulSoup) -> list[list[list[str]]]:
    tables: list[list[list[str]]] = []
    for table in soup.find_all("table"):
        rows: list[list[str]] = []
        for tr in table.find_all("tr"):
            if tr.find_parent("table") is not table:
                continue
            cells = [_one_line(_text_of(c)) for c in tr.find_all(["td", "th"], recursive=False)]
            if cells:
                rows.append(cells)
        if rows:
            tables.append(rows)
    return tables


def _meta_refresh(soup: BeautifulSoup, base: str, page_scheme: str) -> str | None:
    for meta in soup.find_all("meta"):
        equiv = meta.get("http-equiv")
        if not isinstance(equiv, str) or equiv.strip().lower() != "refresh":
            continue
        content = meta.get("content")
        if not isinstance(content, str):
            continue
        m = _REFRESH_URL_RE.match(content)
        target = m.group(2).strip() if m else ""
        if not target:
            return None
        extra = frozenset({page_scheme}) if page_scheme else frozenset()
        return _resolve(target, base, extra)
    return None


def _has_password_input(soup: BeautifulSoup) -> bool:
    for inp in soup.find_all("input"):
        kind = inp.get("type")
        if isinstance(kind, str) and kind.strip().lower() == "password":
            return True
    return False


def _title(soup: BeautifulSoup) -> str:
    return repair_name(_raw_title(soup))


def _raw_title(soup: BeautifulSoup) -> str:
    title = soup.find("title")
    if isinstance(title, Tag):
        text = _one_line(normalize_text(title.get_text(" ")))
        if text:
            return text
    h1 = soup.find("h1")
    if isinstance(h1, Tag):
        return _one_line(_text_of(h1))
    return ""


def extract_html(body: bytes, url: str, content_type: str | None = None) -> HtmlExtract:
    """Extract title, visible text, links, tables and page flags from an HTML page.

    ``body``: raw response bytes; ``url``: the page's final URL (after redirects), used to
    resolve relative links (``<base href>`` wins when present); ``content_type``: HTTP header
    value or None (only its charset is used). Links are resolved with ``urllib.parse.urljoin``,
    fragments removed, ``javascript:``/``mailto:``/``tel:``/``data:`` and ``#``-only links
    dropped, Thai and spaces kept unencoded; ``<iframe>``, ``<frame>``, ``<embed>``,
    ``<object>`` and ``<img>`` sources are included (``Link.kind`` says which), in document
    order, duplicates kept. ``has_login_form``: the page has an ``<input type=password>``.
    ``title``: ``<title>``, else the first ``<h1>``, else "". Never raises for bad markup.
    """
    text, encoding = decode_html(body, content_type)
    soup = parse_soup(text)
    page_scheme = urlsplit(url).scheme.lower() if url else ""
    base = url
    base_tag = soup.find("base", href=True)
    if isinstance(base_tag, Tag) and isinstance(base_tag.get("href"), str):
        try:
            base = urljoin(url, _clean_href(str(base_tag["href"])))
        except ValueError:
            base = url
    for tag in soup.find_all(["script", "style", "noscript", "template"]):
        tag.decompose()
    body_tag = soup.body if isinstance(soup.body, Tag) else soup
    page = HtmlExtract(
        title=_title(soup),
        links=_links(soup, base, page_scheme),
        tables=_tables(soup),
        encoding=encoding,
        has_login_form=_has_password_input(soup),
        meta_refresh=_meta_refresh(soup, base, page_scheme),
    )
    full_text = _text_of(body_tag)
    table_index = {id(t): i for i, t in enumerate(soup.find_all("table"))}
    _drop_chrome(body_tag)  # last: it mutates the tree the fields above were read from
    page.text = _text_of(body_tag) or full_text
    page.blocks = _blocks(body_tag, table_index)
    return page
