#!/usr/bin/env python3
"""Build the bundled sample district site: a static replica of a BMA district portal.

    .venv/bin/python scripts/build_sample_site.py            # regenerate everything
    .venv/bin/python scripts/build_sample_site.py --verify   # regenerate, then self-check
    .venv/bin/python scripts/build_sample_site.py --out DIR  # write somewhere else

The content is data: ``oitcrawl/sample_site/source/district/`` holds the site settings
(``site.yaml``), every document (``documents.yaml``), every portal page (``pages.yaml``), per
OIT item the submitted URLs, the planted defect and the expected result (``items.yaml``), the
HTML templates (``templates/``) and files copied as they are (``static/``). This script only
renders them. It writes (and owns) everything under ``oitcrawl/sample_site/`` except
``server.py`` and ``source/``: ``site/**``, ``submission.yaml``, ``expected.yaml`` and
``README.md``.

Deterministic: fixed dates, no randomness, fixed PDF creation dates; the output folder is wiped
and rebuilt on every run, so two runs give byte-identical files.

Needs the dev extras (fpdf2, uharfbuzz, Pillow) and the Debian package ``fonts-thai-tlwg``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sitegen.data import SOURCE, Resolver, blocks, copy_static, load_yaml, template, url
from sitegen.markup import esc, pdf_blocks_to_html, render_blocks
from sitegen.render import (  # noqa: F401  (_font, render_scan: used by tests/test_variants.py)
    FONT_PACKAGE,
    Doc,
    PdfRenderer,
    _font,
    render_csv,
    render_map,
    render_photo,
    render_scan,
    render_stats_jpg,
)

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "oitcrawl" / "sample_site"
DATA = SOURCE / "district"
TEMPLATES = DATA / "templates"

SITE: dict = load_yaml(DATA / "site.yaml")  # type: ignore[assignment]
HOST: str = SITE["host"]
DISTRICT: str = SITE["district"]
AS_OF: dt.date = SITE["as_of"]
NAV: list = SITE["nav"]


def page_path(kind: str, pid: int, slug: str = "") -> str:
    return f"/{DISTRICT}/page/{kind}/{pid}" + (f"/{slug}" if slug else "")


def layout(title: str, body_html: str, charset: str = "utf-8") -> str:
    nav = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in NAV)
    return template(
        TEMPLATES / "layout.html", title=esc(title), body=body_html, charset=charset, nav=nav
    )


@dataclass
class Page:
    """One HTML file. Portal pages set kind/pid/slug; other files set ``file`` directly."""

    title: str
    body: list
    kind: str = ""
    pid: int = 0
    slug: str = ""
    file: str = ""  # path below site/<host>/ for non-portal pages
    host: str = HOST
    charset: str = "utf-8"  # "tis-620": stored as windows-874 bytes (see _routes.yaml)
    raw: str = ""  # a complete document instead of the portal layout

    @property
    def path(self) -> str:
        return page_path(self.kind, self.pid, self.slug) if self.kind else "/" + self.file

    @property
    def url(self) -> str:
        return url(self.path, self.host)

    @property
    def out_file(self) -> str:
        if self.kind:
            return f"{self.host}/{DISTRICT}/page/{self.kind}/{self.pid}.html"
        return f"{self.host}/{self.file}"

    def render(self) -> bytes:
        text = self.raw or layout(self.title, render_blocks(self.body), self.charset)
        if self.charset == "tis-620":
            # strict TIS-620 (no windows-874 extras such as “ ” – …), so either codec decodes it
            data = text.encode("tis-620")
            assert data == text.encode("cp874")
            return data
        return text.encode("utf-8")


@dataclass
class Item:
    id: str
    title: str  # short Thai title for the ITA index page
    urls: list[str]  # the submitted URLs, in order (none: the item is not submitted)
    index: list[str]  # page keys the ITA index page links for this item
    status: str = "pass"
    findings: list[dict] = field(default_factory=list)
    defect: str = ""  # the planted defect, for the README
    note: str = ""
    answers: dict[str, list[int]] = field(default_factory=dict)  # URL → its status chain
    absent: list[dict] = field(default_factory=list)  # --verify: words that must not appear


# ------------------------------------------------------------------------------ the data


def _load_docs() -> dict[str, Doc]:
    docs = {}
    for e in load_yaml(DATA / "documents.yaml"):  # type: ignore[union-attr]
        docs[e["key"]] = Doc(
            path=e["path"],
            title=e.get("title", ""),
            blocks=blocks(e.get("blocks", [])),
            landscape=e.get("landscape", False),
            kind=e.get("kind", "pdf"),
            host=e.get("host", HOST),
            rows=e.get("rows", []),
        )
    return docs


DOCS: dict[str, Doc] = _load_docs()
_RAW_PAGES: list[dict] = load_yaml(DATA / "pages.yaml")  # type: ignore[assignment]
RESOLVE = Resolver(
    {f"doc:{k}": (d.host, d.path) for k, d in DOCS.items()}
    | {
        f"page:{e['page']}": (HOST, page_path(*e["page"].split("/"), e["slug"]))
        for e in _RAW_PAGES
        if "page" in e
    }
)


def _load_items() -> list[Item]:
    items = []
    for iid, e in load_yaml(DATA / "items.yaml").items():  # type: ignore[union-attr]
        expect = e["expect"]
        items.append(
            Item(
                id=iid,
                title=e["title"],
                urls=[RESOLVE.url(u) for u in e["urls"]],
                index=e["index"],
                status=expect["status"],
                findings=expect.get("findings", []),
                defect=e.get("defect", ""),
                note=e.get("note", ""),
                answers={u["url"]: u["answers"] for u in e["urls"] if "answers" in u},
                absent=e.get("absent", []),
            )
        )
    return items


ITEMS: list[Item] = _load_items()


def _load_pages() -> list[Page]:
    pages = []
    for e in _RAW_PAGES:
        kind, pid = e["page"].split("/") if "page" in e else ("", "0")
        body = blocks(e["body"], RESOLVE.href)
        pages.append(
            Page(
                e["title"],
                body,
                kind=kind,
                pid=int(pid),
                slug=e.get("slug", ""),
                file=e.get("file", ""),
                charset=e.get("charset", "utf-8"),
            )
        )
    by_key = {f"{p.kind}/{p.pid}": p for p in pages if p.kind}
    rows = "".join(
        f"<tr><td>{it.id}</td><td>{esc(it.title)}</td><td>"
        + "<br>".join(
            f'<a href="{esc(by_key[k].path)}">{esc(by_key[k].title)}</a>' for k in it.index
        )
        + "</td></tr>"
        for it in ITEMS
    )
    ita_index = (
        "<table><thead><tr><th>ข้อ</th><th>หัวข้อ</th><th>ข้อมูล</th></tr></thead><tbody>"
        f"{rows}</tbody></table>"
    )
    for p in pages:
        p.body = [("html", ita_index) if b[0] == "ita_index" else b for b in p.body]
    for e in SITE["raw_pages"]:
        preview = (
            render_blocks(pdf_blocks_to_html(DOCS[e["preview"]].blocks)) if "preview" in e else ""
        )
        raw = template(TEMPLATES / e["template"], preview=preview)
        pages.append(Page(e["template"], [], file=e["file"], host=e["host"], raw=raw))
    return pages


PAGE_LIST: list[Page] = _load_pages()
PAGES: dict[str, Page] = {f"{p.kind}/{p.pid}": p for p in PAGE_LIST if p.kind}


# ------------------------------------------------------------------------------ output files


def _yaml_scalar(v: object) -> str:
    if isinstance(v, str) and v and all(c.isalnum() or c in "_." for c in v) and not v[0].isdigit():
        return v
    if isinstance(v, list):
        return "[" + ", ".join(_yaml_scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_yaml_scalar(x)}" for k, x in v.items()) + "}"
    return json.dumps(v, ensure_ascii=False)


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


def submission_yaml() -> str:
    lines = [
        f"# The submission the demo checks: what {SITE['agency']} would send for ITA 2566,",
        "# modelled on the URLs the district really submitted (seed 001), on the sample site.",
        "# Generated by scripts/build_sample_site.py — edit the script, not this file.",
        f"agency: {SITE['agency']}",
        f"website: https://{HOST}/{DISTRICT}",
        f"framework: {SITE['framework']}",
        f"fiscal_year: {SITE['fiscal_year']}",
        f"as_of: {AS_OF.isoformat()}",
        f"also_main: [{', '.join(SITE['also_main'])}]",
        "items:",
    ]
    for it in ITEMS:
        if not it.urls:
            lines.append(f"  # {it.id}: not submitted (planted defect: no URL)")
            continue
        lines.append(f"  {it.id}:")
        if it.note:
            lines.append("    urls:")
            lines += [f"      - {_q(u)}" for u in it.urls]
            lines.append(f"    note: {_q(it.note)}")
        else:
            lines += [f"    - {_q(u)}" for u in it.urls]
    return "\n".join(lines) + "\n"


def expected_data() -> dict:
    return {
        "as_of": AS_OF,
        "fiscal_year": SITE["fiscal_year"],
        "items": {it.id: {"status": it.status, "findings": it.findings} for it in ITEMS},
    }


def expected_yaml() -> str:
    lines = [
        "# Planted defects of the sample site: the result a correct checker must give for",
        "# submission.yaml as of as_of. One defect per item and nothing else wrong with that item;",
        "# `findings` lists what the item must report (the rule-engine tests assert it).",
        "# status: pass | fail | review (review = content only in an image that was not read).",
        "# Generated by scripts/build_sample_site.py — edit the script, not this file.",
        f"as_of: {AS_OF.isoformat()}",
        f"fiscal_year: {SITE['fiscal_year']}",
        "items:",
    ]
    for it in ITEMS:
        entry = _yaml_scalar({"status": it.status, "findings": it.findings})
        planted = it.defect and not it.defect.startswith("(")
        comment = f"   # {it.defect.split(':')[0]}" if planted else ""
        lines.append(f"  {it.id}: {entry}{comment}")
    return "\n".join(lines) + "\n"


def _expect_text(it: Item) -> str:
    if not it.findings:
        return it.status
    return f"{it.status} — " + ", ".join(
        f["code"]
        + (f" {f['element']}" if "element" in f else "")
        + (f" {f['months']}" if "months" in f else "")
        + (f" ({f['severity']})" if "severity" in f else "")
        for f in it.findings
    )


def readme() -> str:
    rows = "\n".join(
        f"| {it.id} | {len(it.urls)} | {it.defect or '—'} | {_expect_text(it)} |" for it in ITEMS
    )
    return template(
        TEMPLATES / "README.md", as_of=AS_OF.isoformat(), font_package=FONT_PACKAGE, defects=rows
    )


def build_files(renderer: PdfRenderer) -> dict[str, bytes]:
    """Every site file: {path below site/: bytes}."""
    files: dict[str, bytes] = {}

    def put(rel: str, data: bytes) -> None:
        assert rel not in files, rel
        files[rel] = data

    render = {"scan": render_scan, "csv": render_csv, "jpg": render_stats_jpg}
    for d in DOCS.values():
        put(f"{d.host}{d.path}", renderer.render(d) if d.kind == "pdf" else render[d.kind](d))
    for p in PAGE_LIST:
        put(p.out_file, p.render())
    for photo in SITE["photos"]:
        put(f"{HOST}{photo['path']}", render_photo(photo["label"]))
    put(f"{HOST}{SITE['map']['path']}", render_map(SITE["map"]["label"], SITE["map"]["road"]))
    copy_static(DATA / "static", put)
    return files


def write_all(out: Path = OUT) -> dict[str, bytes]:
    files = build_files(PdfRenderer(**SITE["pdf"]))
    site = out / "site"
    if site.exists():
        shutil.rmtree(site)
    for rel, data in sorted(files.items()):
        target = site / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for name, text in (
        ("submission.yaml", submission_yaml()),
        ("expected.yaml", expected_yaml()),
        ("README.md", readme()),
    ):
        (out / name).write_text(text, encoding="utf-8")
    return files


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verify", action="store_true", help="self-check the output after building")
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: %(default)s)")
    args = ap.parse_args(argv)
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    files = write_all(out)
    size = sum(len(b) for b in files.values())
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode() + b"\0" + hashlib.sha256(files[rel]).digest())
    kinds: dict[str, int] = {}
    for rel in files:
        ext = rel.rsplit(".", 1)[-1].lower() if "." in rel.rsplit("/", 1)[-1] else "(none)"
        kinds[ext] = kinds.get(ext, 0) + 1
    by_kind = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    print(
        f"wrote {len(files)} files, {size / 1024:.0f} KiB under {out / 'site'} "
        f"({by_kind}); sha256 {digest.hexdigest()[:16]}"
    )
    if args.verify:
        from sitegen.verify import verify

        problems = verify(sys.modules[__name__], files, out)
        for p in problems:
            print("PROBLEM:", p)
        print("verify: OK" if not problems else f"verify: {len(problems)} problem(s)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
