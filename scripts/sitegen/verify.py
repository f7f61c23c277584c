"""--verify: the district sample site's self-check (scripts/build_sample_site.py --verify).

Re-reads every PDF's text with pypdfium2 (exactly the Thai written, no word split across lines,
table headers on one line; a scan has no text), checks the TIS-620 pages, checks that each
planted defect is the only problem of its item (the ``absent`` words of items.yaml appear
nowhere in the listed pages and documents), serves the site and fetches every submitted URL and
every link (each answers 200, or the status chain items.yaml gives it), checks the content types
and statuses of ``_routes.yaml`` and loads ``submission.yaml``.
"""

from __future__ import annotations

import html
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from urllib.parse import quote, unquote, urljoin, urlsplit

import yaml

from sitegen.render import th


def _block_strings(blocks: list) -> tuple[list[str], list[str]]:
    """(texts that must appear whole, table header names that must stay on one line)."""
    whole: list[str] = []
    headers: list[str] = []
    for b in blocks:
        kind = b[0]
        if kind in ("title", "center", "h", "p", "photo"):
            whole.append(b[1])
        elif kind == "list":
            whole += [f"{th(n)}. {t}" for n, t in enumerate(b[1], 1)]
        elif kind == "sign":
            whole += b[1]
        elif kind == "table":
            headers += [str(h).split("\n")[0] for h in b[1]]
            whole += [str(h) for h in b[1]]
            whole += [str(c) for row in b[2] for c in row]
    return whole, headers


def _pdf_text(data: bytes) -> tuple[str, int]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    texts, images = [], 0
    for page in pdf:
        texts.append(page.get_textpage().get_text_range())
        images += sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    return "\n".join(texts), images


def _squash(s: str) -> str:
    return "".join(s.split())


def _check_pdfs(docs: dict, files: dict[str, bytes], texts: dict[str, str]) -> list[str]:
    """The text layer is exactly the Thai that was written; a scan has none."""
    problems: list[str] = []
    for key, d in docs.items():
        data = files[f"{d.host}{d.path}"]
        if d.kind not in ("pdf", "scan"):
            continue
        text, images = _pdf_text(data)
        texts[f"doc:{key}"] = text
        if d.kind == "scan":
            if text.strip() or images < 1:
                problems.append(f"{key}: scan has text {text[:40]!r} or no image ({images})")
            continue
        whole, headers = _block_strings(d.blocks)
        got = _squash(text)
        if Counter(got) != Counter(_squash("".join(whole))):
            diff = (Counter(got) - Counter(_squash("".join(whole)))) + (
                Counter(_squash("".join(whole))) - Counter(got)
            )
            problems.append(f"{key}: text layer differs from the source: {dict(diff)}")
        if bad := [
            c
            for c in text
            if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or (ord(c) < 32 and c not in "\r\n")
        ]:
            problems.append(f"{key}: stray characters {bad[:5]!r}")
        flat = " ".join(text.split())
        for s in whole:
            if len(s) > 1 and _squash(s) not in got and "\n" not in s:
                problems.append(f"{key}: text {s[:50]!r} not found whole")
        lines = [" ".join(line.split()) for line in text.splitlines()]
        for s in whole:
            for word in s.split():
                if not any(word in line for line in lines):
                    problems.append(f"{key}: word {word!r} is broken across lines")
        for h in headers:
            if h not in flat:
                problems.append(f"{key}: table header {h!r} is split across lines")

    return problems


def _page_text(page: object) -> str:
    body = page.render().decode(page.charset.replace("tis-620", "cp874"))  # type: ignore[attr-defined]
    body = body.split('<div class="content">', 1)[1].split("</div>\n<footer", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def _check_tis620(pages: list, files: dict[str, bytes]) -> list[str]:
    problems: list[str] = []
    for p in pages:
        if p.charset != "tis-620":
            continue
        raw = files[p.out_file]
        decoded = raw.decode("cp874")
        if raw.decode("tis-620") != decoded or '<meta charset="tis-620">' not in decoded:
            problems.append(f"{p.path}: not a clean TIS-620 page")
        if sum("\u0e00" <= c <= "\u0e7f" for c in decoded) < 100:
            problems.append(f"{p.path}: hardly any Thai text")
        try:
            raw.decode("utf-8")
            problems.append(f"{p.path}: bytes are valid UTF-8, so they do not test decoding")
        except UnicodeDecodeError:
            pass
    return problems


def _check_absent(b: ModuleType, texts: dict[str, str]) -> list[str]:
    """Crispness: each planted defect is the only problem of its item."""
    problems: list[str] = []
    for it in b.ITEMS:
        for rule in it.absent:
            where = [
                texts[f"doc:{ref['doc']}"] if "doc" in ref else _page_text(b.PAGES[ref["page"]])
                for ref in rule["in"]
            ]
            if found := [w for w in rule["words"] if any(w in text for text in where)]:
                problems.append(f"{it.id}: {found} appear(s) in its evidence ({rule['why']})")
    return problems


def verify(b: ModuleType, files: dict[str, bytes], out: Path) -> list[str]:
    """``b``: the loaded build_sample_site module (its DOCS, PAGE_LIST, PAGES, ITEMS)."""
    texts: dict[str, str] = {}
    problems = _check_pdfs(b.DOCS, files, texts)
    problems += _check_tis620(b.PAGE_LIST, files)
    problems += _check_absent(b, texts)
    problems += _check_http(b, files, out / "site")
    sys.path.insert(0, str(b.ROOT))
    from oitcrawl.submission import load_submission

    sub = load_submission(out / "submission.yaml")
    unsubmitted = [it.id for it in b.ITEMS if not it.urls]
    if len(sub.items) != len(b.ITEMS) - len(unsubmitted) or set(unsubmitted) & set(sub.items):
        problems.append(f"submission: {len(sub.items)} items")
    if yaml.safe_load((out / "expected.yaml").read_text(encoding="utf-8")) != b.expected_data():
        problems.append("expected.yaml does not round-trip")
    return problems


def _iri_to_uri(path: str) -> str:
    return quote(path, safe="/%:@!$&'()*+,;=-._~?")


def _fetch(port: int, link: str) -> list[tuple[int, dict[str, str]]]:
    """GET link via the local server (Host header = the link's host), following redirects."""
    import http.client

    chain = []
    for _ in range(6):
        parts = urlsplit(link)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        target = _iri_to_uri(parts.path + (f"?{parts.query}" if parts.query else ""))
        conn.request("GET", target, headers={"Host": parts.hostname or ""})
        resp = conn.getresponse()
        resp.read()
        headers = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        chain.append((resp.status, headers))
        if resp.status in (301, 302, 303, 307, 308):
            link = f"https://{parts.hostname}{headers['location']}"
            continue
        break
    return chain


class _LinkParser:
    def __init__(self) -> None:
        from html.parser import HTMLParser

        self.links: list[str] = []
        outer = self

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs) -> None:
                a = dict(attrs)
                for name in ("href", "src"):
                    if a.get(name) and tag in ("a", "img", "link", "iframe"):
                        outer.links.append(a[name])

        self.parser = P()


def _check_http(b: ModuleType, files: dict[str, bytes], site: Path) -> list[str]:
    from oitcrawl.sample_site.server import serve

    problems: list[str] = []
    special = {u: chain for it in b.ITEMS for u, chain in it.answers.items()}
    targets: dict[str, str] = {}
    for it in b.ITEMS:
        for u in it.urls:
            targets[u] = f"submitted by {it.id}"
    for p in b.PAGE_LIST:
        parser = _LinkParser()
        parser.parser.feed(p.render().decode("cp874" if p.charset == "tis-620" else "utf-8"))
        for link in parser.links:
            absolute = urljoin(p.url, link)
            if absolute.startswith("http"):
                targets.setdefault(unquote(absolute), f"linked from {p.url}")
    routes = yaml.safe_load(files["_routes.yaml"])
    with serve(site) as running:
        for link, why in sorted(targets.items()):
            statuses = [s for s, _ in _fetch(running.port, link)]
            want = special.get(link, [200])
            if statuses != want:
                problems.append(f"{link} ({why}): {statuses}, expected {want}")
        for r in routes.get("headers", []):
            got = _fetch(running.port, f"https://{r['host']}{r['path']}")[-1][1]
            if got.get("content-type") != r["content_type"]:
                problems.append(f"{r['host']}{r['path']}: content type {got.get('content-type')!r}")
        for r in routes.get("status", []):
            status = _fetch(running.port, f"https://{r['host']}{r['path']}")[-1][0]
            login = r["status"] != 401 or b'type="password"' in files[r["file"]]
            if status != r["status"] or not login:
                problems.append(f"{r['host']}{r['path']}: {status}, expected a {r['status']} page")
    print(f"verify: fetched {len(targets)} URLs (submitted and linked)")
    return problems
