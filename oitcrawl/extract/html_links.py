"""The links of an HTML page: every ``<a>``, ``<area>``, ``<iframe>``, ``<frame>``,
``<embed>``, ``<object>`` and ``<img>`` address, cleaned and resolved as a browser does (Thai
and spaces kept unencoded), with its label and whether it sits in the page's content.
"""

from __future__ import annotations

import re
from urllib.parse import urldefrag, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from .html_chrome import _in_content
from .html_tree import _one_line, _text_of
from .record import Link
from .textfix import repair_name
from .thai import normalize_text

_LINK_ATTRS = {
    "a": "href",
    "area": "href",
    "iframe": "src",
    "frame": "src",
    "embed": "src",
    "object": "data",
    "img": "src",
}


_C0_OR_SPACE = "".join(chr(i) for i in range(0x21))
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
_SKIP_SCHEMES = frozenset({"javascript", "mailto", "tel", "data", "about", "sms", "callto", "fax"})
_KEEP_SCHEMES = frozenset({"http", "https", "ftp"})


def _clean_href(raw: str) -> str:
    """Clean a URL attribute as browsers do: strip outer C0/space, drop inner tab/CR/LF, and
    read backslashes before the query as slashes (IIS-hosted sites write ``upload\\a.pdf``).
    """
    href = _TAB_NEWLINE_RE.sub("", raw.strip(_C0_OR_SPACE))
    if "\\" in href:
        cut = min((i for i in (href.find("?"), href.find("#")) if i >= 0), default=len(href))
        href = href[:cut].replace("\\", "/") + href[cut:]
    return href


def _resolve(raw: str, base: str, extra_schemes: frozenset[str]) -> str | None:
    href = _clean_href(raw)
    if not href or href.startswith("#"):
        return None
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    if scheme in _SKIP_SCHEMES:
        return None
    try:
        absolute = urljoin(base, href)
        absolute = urldefrag(absolute).url
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    if scheme not in _KEEP_SCHEMES and scheme not in extra_schemes:
        return None
    return absolute


def _label(el: Tag) -> str:
    return repair_name(_raw_label(el))


def _raw_label(el: Tag) -> str:
    if el.name in ("a", "area", "object"):
        text = _one_line(_text_of(el)) if el.name != "area" else ""
        if text:
            return text
    for attr in ("title", "alt"):
        value = el.get(attr)
        if isinstance(value, str) and value.strip():
            return _one_line(normalize_text(value))
    if el.name in ("a", "object"):
        for img in el.find_all("img"):
            for attr in ("alt", "title"):
                value = img.get(attr)
                if isinstance(value, str) and value.strip():
                    return _one_line(normalize_text(value))
    return ""


def _links(soup: BeautifulSoup, base: str, page_scheme: str) -> list[Link]:
    extra = frozenset({page_scheme}) if page_scheme else frozenset()
    links: list[Link] = []
    for el in soup.find_all(list(_LINK_ATTRS)):
        raw = el.get(_LINK_ATTRS[el.name])
        if not isinstance(raw, str):
            continue
        url = _resolve(raw, base, extra)
        if url is None:
            continue
        links.append(Link(url=url, label=_label(el), in_content=_in_content(el), kind=el.name))
    return links
