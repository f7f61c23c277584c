"""The tree a browser builds from an HTML page, and its visible text: BeautifulSoup over an
HTML5 parser (html5lib), or an lxml element tree by the same rules; text nodes with Thai
mojibake repaired; the visible text of an element with blocks on their own lines.

Why not lxml (libxml2, an HTML 4 parser): agency sites built from PHP includes emit several
whole documents in one response (`<!DOCTYPE html><html><head>…</head><body>…</body></html>`
once per include); libxml2 keeps the later documents outside the first `<body>` (text and
blocks lost) and `lxml.html.document_fromstring` returns only the first `<html>` (its links
alone: 2 of 48 on the test page, 0 when the first include is a bare header), and a page whose
text starts with an XML declaration raised ValueError (0 links). html5lib follows the HTML5
tree-construction rules: later `<html>`/`<body>` tags merge into the one document, exactly
as Chromium's DOM shows it (`tests/test_extract_html.py` compares the link counts).
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import html5lib
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString

from .textfix import has_mojibake, repair_text
from .thai import normalize_text

PARSER = "html5lib"


def parse_soup(text: str) -> BeautifulSoup:
    """``text`` parsed as a browser parses it (HTML5 rules, bs4's html5lib tree builder).

    NUL characters are dropped first (browsers drop or replace them). Never raises for bad
    markup."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        soup = BeautifulSoup(text, PARSER)
    if "เ" in text:
        _repair_strings(soup)
    return soup


def _repair_strings(soup: BeautifulSoup) -> None:
    """Undo Thai mojibake in text nodes (a file name double-encoded by the site's CMS shows as
    "เน€เธญเธ…": ``textfix``); attributes (href, src) keep the address as written."""
    for node in list(soup.find_all(string=True)):
        if not isinstance(node, PreformattedString) and has_mojibake(str(node)):
            node.replace_with(NavigableString(repair_text(str(node))))


def parse_tree(text: str) -> Any:
    """``text`` parsed by the HTML5 rules into an lxml element tree (html5lib's lxml builder,
    no XHTML namespace): the root ``<html>`` element, or None when nothing could be built.
    For code that walks lxml elements (``discover.links``)."""
    if "\x00" in text:
        text = text.replace("\x00", "")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            doc = html5lib.parse(text, treebuilder="lxml", namespaceHTMLElements=False)
    except (ValueError, TypeError):  # names lxml cannot hold even after html5lib's coercion
        return None
    return doc.getroot()


_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "head", "title", "meta"})
_BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure"),
        *("footer", "form", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup"),
        *("hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section"),
        *("summary", "table", "tbody", "tfoot", "thead", "tr", "ul", "option", "select"),
        "textarea",
    }
)
_CELL_TAGS = frozenset({"td", "th"})
_WS_RE = re.compile(r"\s+")


def _text_of(root: Tag) -> str:
    """Visible text under ``root``: blocks on their own lines, cells separated by spaces."""
    parts: list[str] = []
    # (node, text to emit when the node closes or None, inside <pre>/<textarea>)
    stack: list[tuple[Any, str | None, bool]] = [(root, None, False)]
    while stack:
        node, closing, pre = stack.pop()
        if closing is not None:
            parts.append(closing)
            continue
        if isinstance(node, Tag):
            name = node.name
            if name in _SKIP_TAGS:
                continue
            if name == "br":
                parts.append("\n")
                continue
            if name in _BLOCK_TAGS:
                parts.append("\n")
                stack.append((node, "\n", pre))
            elif name in _CELL_TAGS:
                parts.append(" ")
                stack.append((node, " ", pre))
            pre = pre or name in ("pre", "textarea")
            stack.extend((child, None, pre) for child in reversed(node.contents))
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            parts.append(str(node) if pre else _WS_RE.sub(" ", str(node)))
    return normalize_text("".join(parts))


def _one_line(s: str) -> str:
    return " ".join(s.split())
