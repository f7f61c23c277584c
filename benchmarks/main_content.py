"""Main content vs site chrome on Thai agency pages: oitcrawl's DOM blocks against
trafilatura and jusText (issue 12 "Segments with roles": measure which keeps Thai evidence
lists and tables).

Ground truth comes from pages whose layout is known: the bundled sample district portal
(`<div class="content">` is the page's own content; `<header>`, `<nav>`, `<footer>` are chrome)
and the municipality sample site (Joomla layout: `<main>`/`.item-page` content, the rest
chrome). For every page the content lines (list entries, table cells, paragraphs, headings
of the content area) and the chrome lines are listed, and each extractor's output is scored:

* `content kept`: share of content lines found in the extractor's text (what an assessor must
  read: a lost table row or list entry is lost evidence);
* `table cells kept`, `list entries kept`: the same for cells and list entries alone;
* `chrome leaked`: share of chrome lines (menu labels, footer text) found in the output
  (site chrome that would match every item's vocabulary).

Libraries that are not installed are skipped (`pip install trafilatura justext` to compare).
Run: `.venv/bin/python benchmarks/main_content.py`.
"""

from __future__ import annotations

import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bs4 import BeautifulSoup

from oitcrawl.extract.html import decode_html, extract_html

ROOT = Path(__file__).resolve().parents[1] / "oitcrawl" / "sample_site"
PAGES = [
    *sorted((ROOT / "site" / "webportal.bangkok.go.th" / "huaikhwang" / "page").rglob("*.html")),
    *sorted((ROOT / "municipality" / "site").rglob("index.php*.html")),
]
CONTENT_SELECTORS = ("div.content", "main", ".item-page", "article")
CHROME_SELECTORS = ("header", "nav", "footer", "aside", ".sidebar", ".menu", "#sidebar")


def _lines(tags: list) -> list[str]:
    out = []
    for tag in tags:
        for el in tag.find_all(["li", "td", "th", "p", "h1", "h2", "h3", "h4", "a"]):
            text = " ".join(el.get_text(" ").split())
            if len(text) >= 4 and not el.find(["li", "td", "p"]):
                out.append((el.name, text))
    return out


def truth(html: str) -> tuple[list[tuple[str, str]], list[str]]:
    """(content lines with their tag, chrome lines) of a page of known layout."""
    soup = BeautifulSoup(html, "lxml")
    content = next((soup.select(s) for s in CONTENT_SELECTORS if soup.select(s)), [])
    chrome = [t for s in CHROME_SELECTORS for t in soup.select(s)]
    chrome = [t for t in chrome if not any(t in c.descendants for c in content)]
    content_lines = [(n, t) for n, t in _lines(content) if n != "a"]
    chrome_lines = [t for n, t in _lines(chrome)]
    return content_lines, [t for t in chrome_lines if t not in {c for _, c in content_lines}]


def ours(data: bytes, url: str) -> str:
    page = extract_html(data, url)
    return "\n".join(b.text for b in page.blocks)


def _trafilatura() -> Callable[[bytes, str], str] | None:
    try:
        import trafilatura
    except ImportError:
        return None

    def run(data: bytes, url: str) -> str:
        html, _ = decode_html(data, None)
        out = trafilatura.extract(
            html, include_tables=True, favor_precision=False, deduplicate=False
        )
        return out or ""

    return run


def _justext() -> Callable[[bytes, str], str] | None:
    try:
        import justext
    except ImportError:
        return None

    def run(data: bytes, url: str) -> str:  # no Thai stoplist exists: the empty one
        paragraphs = justext.justext(data, frozenset(), encoding="utf-8")
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def main() -> int:
    extractors = {"oitcrawl blocks (bs4+lxml)": ours}
    for name, make in (("trafilatura", _trafilatura), ("justext", _justext)):
        fn = make()
        if fn is not None:
            extractors[name] = fn
    pages = [(p, p.read_bytes()) for p in PAGES]
    print(f"# main content vs chrome on {len(pages)} Thai pages of known layout")
    print(f"# {platform.python_version()} on {platform.machine()}, {platform.platform()}")
    print(
        f"{'extractor':30} {'content':>8} {'cells':>8} {'entries':>8} {'chrome':>8} {'ms/page':>8}"
    )
    for name, fn in extractors.items():
        kept = total = cells = cells_total = entries = entries_total = leaked = chrome_total = 0
        started = time.perf_counter()
        outputs = [fn(data, "https://webportal.bangkok.go.th/x") for _, data in pages]
        elapsed = time.perf_counter() - started
        for (_, data), text in zip(pages, outputs, strict=True):
            html, _ = decode_html(data, None)
            content, chrome = truth(html)
            flat = " ".join(text.split())
            for tag, line in content:
                hit = line in flat
                kept += hit
                total += 1
                if tag in ("td", "th"):
                    cells += hit
                    cells_total += 1
                if tag == "li":
                    entries += hit
                    entries_total += 1
            leaked += sum(1 for line in chrome if line in flat)
            chrome_total += len(chrome)

        def pct(a: int, b: int) -> str:
            return f"{100 * a / b:7.1f}%" if b else "     n/a"

        print(
            f"{name:30} {pct(kept, total)} {pct(cells, cells_total)} "
            f"{pct(entries, entries_total)} {pct(leaked, chrome_total)} "
            f"{1000 * elapsed / len(pages):8.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
