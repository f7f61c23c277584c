"""HTML pages: decoding (TIS-620 / windows-874 / UTF-8) and extraction with BeautifulSoup over
an HTML5 parser (html5lib), which builds the tree a browser builds.

Why not lxml (libxml2, an HTML 4 parser): agency sites built from PHP includes emit several
whole documents in one response (`<!DOCTYPE html><html><head>…</head><body>…</body></html>`
once per include); libxml2 keeps the later documents outside the first `<body>` (text and
blocks lost) and `lxml.html.document_fromstring` returns only the first `<html>` (its links
alone: 2 of 48 on the test page, 0 when the first include is a bare header), and a page whose
text starts with an XML declaration raised ValueError (0 links). html5lib follows the HTML5
tree-construction rules: later `<html>`/`<body>` tags merge into the one document, exactly
as Chromium's DOM shows it (`tests/test_extract_html.py` compares the link counts).

Pure functions of the stored response bytes; nothing here touches the network.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

import html5lib
from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import PreformattedString
from w3lib.encoding import html_to_unicode, read_bom

from .textfix import has_mojibake, repair_name, repair_text
from .thai import normalize_text

__all__ = ["HtmlExtract", "Link", "decode_html", "extract_html", "parse_soup", "parse_tree"]

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


@dataclass
class Link:
    """A link or embedded resource found in a page.

    ``url``: absolute, fragment removed, *not* percent-encoded (Thai and spaces kept as written;
    the crawler encodes once). ``label``: link text, else the ``title``/``alt`` of the element or
    of an image inside it ("" if none). ``in_content``: False when the element sits in site
    navigation (nav/header/footer/aside, or an id/class naming a menu, navbar, sidebar, footer
    or breadcrumb). ``kind``: the element it came from: a, area, iframe, frame, embed, object,
    img.
    """

    url: str
    label: str
    in_content: bool
    kind: str = "a"

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``dataclasses.asdict``)."""
        return asdict(self)


# The roles of a page's text (issue 12; DOMAIN.md §3a): what an assessor reads as the content
# of the page (`content`, `list_entry`, `cell`) and what only points at where to look
# (`heading`, `link_label`). Site navigation, sidebars and page footers are not blocks at all.
CONTENT, LIST_ENTRY, CELL, HEADING, LINK_LABEL = (
    "content",
    "list_entry",
    "cell",
    "heading",
    "link_label",
)
ROLES = (CONTENT, LIST_ENTRY, CELL, HEADING, LINK_LABEL)


@dataclass
class Block:
    """One piece of a page's own text with its role (``ROLES``).

    ``text``: one line, normalised. ``table``/``row``/``col``: for a ``cell`` (or a
    ``link_label`` inside a table cell), the 0-based index of the table among the page's
    ``<table>`` elements (the order of ``HtmlExtract.tables``), of its row and of the cell in
    the row; None elsewhere. A block whose visible text is all link text is a ``link_label``.
    """

    role: str
    text: str
    table: int | None = None
    row: int | None = None
    col: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form without the empty table coordinates."""
        return {k: v for k, v in asdict(self).items() if v is not None}


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


# --------------------------------------------------------------------------------------------
# Decoding


def _codec_name(enc: str) -> str:
    try:
        return codecs.lookup(enc).name
    except LookupError:
        return enc


# Bytes undefined in TIS-620 / windows-874 (0x80-0xA0 apart from the few windows-874 extras,
# and the holes 0xDB-0xDE, 0xFC-0xFF).
_NOT_CP874 = frozenset(range(0x80, 0xA0)) - {0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97}
_NOT_CP874 |= frozenset({0xDB, 0xDC, 0xDD, 0xDE, 0xFC, 0xFD, 0xFE, 0xFF})
_CP874_CONSONANTS = frozenset(range(0xA1, 0xCF))  # ก .. ฮ


def _looks_like_tis620(body: bytes) -> bool:
    """True when the non-ASCII bytes of ``body`` look like Thai text in TIS-620/windows-874."""
    high = [b for b in body[:65536] if b >= 0x80]
    if len(high) < 4:
        return False
    if sum(b in _NOT_CP874 for b in high) > len(high) * 0.01:
        return False
    return sum(b in _CP874_CONSONANTS for b in high) >= len(high) * 0.3


def _utf8_error_ratio(body: bytes) -> float:
    """Share of non-ASCII bytes that are not part of a valid UTF-8 sequence (0.0 .. 1.0)."""
    high = sum(b >= 0x80 for b in body)
    if not high:
        return 0.0
    bad = body.decode("utf-8", errors="replace").count("\ufffd") - body.count(b"\xef\xbf\xbd")
    return max(bad, 0) / high


def _is_strict_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _guess_encoding(body: bytes) -> str | None:
    """Encoding for a page that declares none (w3lib ``auto_detect_fun``)."""
    if body.isascii() or _is_strict_utf8(body):
        return "utf-8"
    if _looks_like_tis620(body):
        return "cp874"
    if _utf8_error_ratio(body) < 0.02:
        return "utf-8"  # UTF-8 with a few broken bytes (e.g. a truncated multi-byte char)
    return "cp1252"


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode an HTML response body; return ``(text, encoding)``.

    ``body``: raw bytes as received (after Content-Encoding was undone). ``content_type``: the
    HTTP Content-Type header value or None. ``encoding`` is a Python codec name ("utf-8",
    "cp874", ...). Order, as in ``w3lib.encoding.html_to_unicode`` (what Scrapy uses): BOM,
    the header's charset, ``<meta charset>`` / ``<meta http-equiv>`` / XML declaration in the
    body, else a guess (valid UTF-8 → utf-8, Thai-looking bytes → cp874, else cp1252). TIS-620
    and ISO-8859-11 are decoded as their superset windows-874 (cp874).

    Two corrections for mislabelled Thai pages (common on old agency sites) are applied when
    there is no BOM: bytes that are valid UTF-8 and contain non-ASCII are decoded as UTF-8
    whatever the label says (legacy single-byte text is practically never valid UTF-8); bytes
    labelled UTF-8 (or a Western charset) that are mostly not valid UTF-8 but look like
    TIS-620 are decoded as cp874. Undecodable bytes become U+FFFD. Never raises.
    """
    body = body or b""
    bom_enc, _bom = read_bom(body)
    enc, text = html_to_unicode(
        content_type, body, default_encoding="utf-8", auto_detect_fun=_guess_encoding
    )
    enc = _codec_name(enc)
    if bom_enc is not None:
        return text, enc
    if enc != "utf-8" and enc not in ("utf-16-be", "utf-16-le", "utf-32-be", "utf-32-le"):
        if not body.isascii() and _is_strict_utf8(body):
            return body.decode("utf-8"), "utf-8"
        if enc in ("cp1252", "latin-1", "iso8859-1", "ascii") and _looks_like_tis620(body):
            return body.decode("cp874", errors="replace"), "cp874"
    elif enc == "utf-8" and _utf8_error_ratio(body) > 0.2 and _looks_like_tis620(body):
        return body.decode("cp874", errors="replace"), "cp874"
    return text, enc


# --------------------------------------------------------------------------------------------
# Text

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


# --------------------------------------------------------------------------------------------
# Links

_LINK_ATTRS = {
    "a": "href",
    "area": "href",
    "iframe": "src",
    "frame": "src",
    "embed": "src",
    "object": "data",
    "img": "src",
}
_NAV_TAGS = frozenset({"nav", "aside"})
_PAGE_CHROME_TAGS = frozenset({"header", "footer"})
_CONTENT_TAGS = frozenset({"main", "article"})
_NAV_ROLES = frozenset({"navigation", "menubar", "menu", "complementary"})
_CHROME_ROLES = frozenset({"banner", "contentinfo"})
# A class/id token (split on whitespace) names navigation if it contains one of these words.
_NAV_WORD_RE = re.compile(
    r"menu|navbar|sidebar|side-bar|footer|breadcrumb|(?:^|[^a-z])nav(?:igation|list)?(?![a-z])"
)
# ... unless it only describes a layout that *has* one ("has-sidebar", "no-sidebar").
_LAYOUT_TOKEN_RE = re.compile(r"^(?:has|no|with|without)[-_]")
_PAGINATION_RE = re.compile(r"paginat|pager|page-numbers")
_C0_OR_SPACE = "".join(chr(i) for i in range(0x21))
_TAB_NEWLINE_RE = re.compile(r"[\t\n\r]")
_SKIP_SCHEMES = frozenset({"javascript", "mailto", "tel", "data", "about", "sms", "callto", "fax"})
_KEEP_SCHEMES = frozenset({"http", "https", "ftp"})


def _id_class_tokens(tag: Tag) -> Iterator[str]:
    classes = tag.get("class") or []
    if isinstance(classes, str):
        classes = classes.split()
    ident = tag.get("id")
    if isinstance(ident, str):
        yield from ident.lower().split()
    for c in classes:
        yield c.lower()


def _names_navigation(tag: Tag) -> bool:
    for token in _id_class_tokens(tag):
        if _LAYOUT_TOKEN_RE.match(token):
            continue
        if _NAV_WORD_RE.search(token):
            return True
    return False


def _is_pagination(tag: Tag) -> bool:
    return any(_PAGINATION_RE.search(token) for token in _id_class_tokens(tag))


def _in_content(el: Tag) -> bool:
    """False when ``el`` sits in site navigation rather than the page's own content.

    Walking up from the element: pagination → content (page 2 of a document list must be
    followed); nav/aside, role=navigation, or an id/class naming a menu, navbar, sidebar,
    footer or breadcrumb → navigation; main/article/role=main → content (a header or footer
    *inside* an article is content); a page-level header/footer → navigation.
    """
    chrome = False
    for anc in el.parents:
        name = anc.name
        if name in ("body", "html", "[document]") or not isinstance(anc, Tag):
            break
        role = anc.get("role")
        role = role.lower() if isinstance(role, str) else ""
        if _is_pagination(anc):
            return True
        if name in _NAV_TAGS or role in _NAV_ROLES or _names_navigation(anc):
            return False
        if name in _CONTENT_TAGS or role == "main":
            return True
        if name in _PAGE_CHROME_TAGS or role in _CHROME_ROLES:
            chrome = True
    return not chrome


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


# --------------------------------------------------------------------------------------------
# Tables, forms, refresh

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


# --------------------------------------------------------------------------------------------
# Blocks with roles

_HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_ENTRY_TAGS = frozenset({"li", "dd", "dt"})
# Blocks that hold their own text; when they contain further blocks they are walked instead.
_LEAF_BLOCK_TAGS = frozenset({"p", "caption", "figcaption", "pre", "blockquote", "address"})


def _link_share(nodes: list[Any]) -> tuple[int, int]:
    """(characters of visible text, characters inside <a>) under `nodes`."""
    total = linked = 0
    for node in nodes:
        if isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):
                total += len(str(node).strip())
            continue
        if not isinstance(node, Tag) or node.name in _SKIP_TAGS:
            continue
        n = len("".join(_text_of(node).split()))
        total += n
        if node.name == "a":
            linked += n
        else:
            linked += _link_share(list(node.children))[1]
    return total, linked


def _role_of(nodes: list[Any], role: str) -> str:
    total, linked = _link_share(nodes)
    return LINK_LABEL if total and linked >= 0.9 * total else role


def _nodes_text(nodes: list[Any]) -> str:
    parts = []
    for node in nodes:
        if isinstance(node, Tag):
            parts.append(" " + _text_of(node) + " ")
        elif isinstance(node, NavigableString) and not isinstance(node, PreformattedString):
            parts.append(str(node))
    return _one_line(normalize_text("".join(parts)))


def _has_blocks(tag: Tag) -> bool:
    return any(
        isinstance(c, Tag) and (c.name in _BLOCK_TAGS or c.name in _HEADING_TAGS)
        for c in tag.descendants
    )


def _blocks(root: Tag, table_index: dict[int, int]) -> list[Block]:
    """The page's own text (site chrome already removed) as role blocks, in reading order:
    headings, list entries, table cells (with table/row/column), paragraphs and loose text
    runs as content; any of them that is all link text is a link label."""
    out: list[Block] = []

    def emit(nodes: list[Any], role: str) -> None:
        text = _nodes_text(nodes)
        if text:
            out.append(Block(_role_of(nodes, role), text))

    def table(tag: Tag) -> None:
        t = table_index.get(id(tag))
        r = 0
        for tr in tag.find_all("tr"):
            if tr.find_parent("table") is not tag:
                continue
            cells = tr.find_all(["td", "th"], recursive=False)
            if not cells:
                continue
            for c, cell in enumerate(cells):
                text = _one_line(_text_of(cell))
                if text:
                    out.append(Block(_role_of([cell], CELL), text, t, r, c))
            r += 1
        for inner in tag.find_all("table"):
            if inner.find_parent("table") is tag:
                table(inner)

    def walk(node: Tag) -> None:
        run: list[Any] = []
        for child in node.children:
            if isinstance(child, NavigableString):
                run.append(child)
                continue
            if not isinstance(child, Tag) or child.name in _SKIP_TAGS:
                continue
            name = child.name
            if name == "br":
                emit(run, CONTENT)
                run = []
            elif name == "table":
                emit(run, CONTENT)
                run = []
                table(child)
            elif name in _HEADING_TAGS:
                emit(run, CONTENT)
                run = []
                emit([child], HEADING)
            elif name in _ENTRY_TAGS or name in _LEAF_BLOCK_TAGS:
                emit(run, CONTENT)
                run = []
                if _has_blocks(child):
                    walk(child)
                else:
                    emit([child], LIST_ENTRY if name in _ENTRY_TAGS else CONTENT)
            elif name in _BLOCK_TAGS or (name != "a" and _has_blocks(child)):
                # an inline element wrapping blocks (`<font><b><p>…` of hand-written pages,
                # which HTML5 parsing keeps open around the paragraphs) is walked like a block
                emit(run, CONTENT)
                run = []
                walk(child)
            else:
                run.append(child)
        emit(run, CONTENT)

    walk(root)
    return out


def _is_chrome(tag: Tag) -> bool:
    """A page-level menu, sidebar, breadcrumb, header or footer (not inside main/article)."""
    role = tag.get("role")
    role = role.lower() if isinstance(role, str) else ""
    navish = (
        tag.name in _NAV_TAGS
        or tag.name in _PAGE_CHROME_TAGS
        or role in _NAV_ROLES
        or role in _CHROME_ROLES
        or _names_navigation(tag)
    )
    if not navish or _is_pagination(tag):
        return False
    return not any(
        a.name in _CONTENT_TAGS or a.get("role") == "main"
        for a in tag.parents
        if isinstance(a, Tag)
    )


def _drop_chrome(root: Tag) -> None:
    """Remove site navigation so `text` is the page's own content: BMA portal pages repeat a
    whole-site menu whose words would otherwise match every item's vocabulary."""
    for tag in root.find_all(True):
        if not tag.decomposed and _is_chrome(tag):
            tag.decompose()
