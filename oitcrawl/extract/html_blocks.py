"""The text of an HTML page as blocks with roles (issue 12; DOMAIN.md §3a): headings, list
entries, table cells (with table/row/column), paragraphs and loose text as content, and any of
them that is all link text as a link label.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from bs4 import NavigableString, Tag
from bs4.element import PreformattedString

from .html_tree import _BLOCK_TAGS, _SKIP_TAGS, _one_line, _text_of
from .thai import normalize_text

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
