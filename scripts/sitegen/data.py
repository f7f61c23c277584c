"""Reading the sample-site data files: YAML content blocks, references, templates, static files.

A content block in YAML is a one-key mapping, ``{kind: value}``; the renderers take it as the
tuple ``(kind, *values)``:

    p: text                     → ("p", text)            also title, center, h, h2, h3, html, photo
    list: [text, …]             → ("list", [text, …])     also ul, sign
    space: 6                    → ("space", 6)
    table: {header, rows, widths}  → ("table", header, rows[, widths])
    links: [[text, href], …]    → ("links", [(text, href), …])
    news: [[date, title, text], …] → ("news", [(date, title, text), …])

A table cell may be ``{a: text, href: …}`` (a link) or ``{img: src, alt: …}`` (a picture).
An href or URL may be a reference instead of a literal: ``{doc: key}`` or ``{page: kind/id}``,
with ``encoded: true`` (percent-encode the path), ``absolute: true`` (https://host/path) and
``query: "?…"``; see ``Resolver``.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import yaml

SOURCE = Path(__file__).resolve().parents[2] / "oitcrawl" / "sample_site" / "source"


def load_yaml(path: Path) -> object:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader


def template(path: Path, **values: object) -> str:
    """A text file with ``$name`` placeholders (string.Template), filled in."""
    return string.Template(path.read_text(encoding="utf-8")).substitute(values)


def pct(path: str) -> str:
    """A pre-percent-encoded href, as some CMS editors paste them."""
    return quote(path, safe="/-_.~")


def url(path: str, host: str) -> str:
    """The submitted/display form of a URL: Thai and spaces kept as written (IRI)."""
    return f"https://{host}{path}"


class Resolver:
    """Turns ``{doc: …}`` / ``{page: …}`` references into hrefs and URLs.

    ``paths`` maps "doc:<key>" and "page:<kind/id>" to (host, decoded path).
    """

    def __init__(self, paths: dict[str, tuple[str, str]]) -> None:
        self.paths = paths

    def target(self, ref: dict) -> tuple[str, str]:
        key = f"doc:{ref['doc']}" if "doc" in ref else f"page:{ref['page']}"
        return self.paths[key]

    def href(self, ref: object) -> str:
        """An href as the page writes it: the path as written unless absolute/encoded."""
        if not isinstance(ref, dict):
            return str(ref)
        host, path = self.target(ref)
        if ref.get("encoded"):
            path = pct(path)
        if ref.get("absolute"):
            path = url(path, host)
        return path + ref.get("query", "")

    def url(self, ref: object) -> str:
        """A full URL (what a submission lists)."""
        if isinstance(ref, dict) and "url" in ref:
            return ref["url"]
        if not isinstance(ref, dict):
            return str(ref)
        return self.href({**ref, "absolute": True})


def _cell(c: object, href: Callable[[object], str]) -> object:
    if isinstance(c, dict) and "a" in c:
        return ("a", c["a"], href(c["href"]))
    if isinstance(c, dict) and "img" in c:
        return ("img", c["img"], c["alt"])
    return c


def blocks(raw: list, href: Callable[[object], str] = str) -> list[tuple]:
    """YAML blocks → the renderers' tuples, references resolved with ``href``."""
    out: list[tuple] = []
    for b in raw:
        ((kind, value),) = b.items()
        if kind == "table":
            rows = [[_cell(c, href) for c in row] for row in value["rows"]]
            widths = (value["widths"],) if "widths" in value else ()
            out.append(("table", value["header"], rows, *widths))
        elif kind == "links":
            out.append(("links", [(t, href(h)) for t, h in value]))
        elif kind == "news":
            out.append(("news", [tuple(n) for n in value]))
        else:
            out.append((kind, value))
    return out


def copy_static(root: Path, put: Callable[[str, bytes], None]) -> None:
    """Every file below ``root`` as it is, at its relative path."""
    for path in sorted(root.rglob("*")):
        if path.is_file():
            put(path.relative_to(root).as_posix(), path.read_bytes())
