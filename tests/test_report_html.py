"""report.html: escaping and self-containment on a hostile report, then the real page of the
demo and of seed 001's replayed submission in headless Chromium (layout, Thai, toggle, links).

Screenshots go to $OITCRAWL_ARTEFACTS (default: test-artefacts/ in the repo) for a person to look at.
"""

from __future__ import annotations

import copy
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest

from oitcrawl.reports.report_html import checklist_script, render_html, safe_href, write_html
from oitcrawl.sample_site.server import serve
from tests.conftest import PW_TIMEOUT_MS, REPO, run_cli

AGENCY = "สำนักงานเขตห้วยขวาง"
CSP = (
    "default-src 'none'; script-src {script}; style-src 'unsafe-inline'; img-src data:; "
    "base-uri 'none'; form-action 'none'"
)  # {script}: the checklist script's own 'sha256-…' (tests/test_checklist.py checks it)
THAI = re.compile(r"[\u0e01-\u0e5b]")
STATUS_LABELS = {
    "pass": ("ผ่าน", "Pass"),
    "fail": ("ไม่ผ่าน", "Fail"),
    "review": ("ต้องตรวจสอบ", "Review"),
    "not_applicable": ("ไม่เกี่ยวข้อง", "Not applicable"),
}
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
JS_URL = "javascript:alert(1)"
DATA_URL = "data:text/html,<script>alert(2)</script>"


def artefacts_dir() -> Path:
    folder = Path(os.environ.get("OITCRAWL_ARTEFACTS", REPO / "test-artefacts"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ------------------------------------------------------------------------ a hostile report@3


def _element(eid, status, evidence, *, required=True, period=None):
    return {
        "id": eid,
        "required": required,
        "title_th": f"องค์ประกอบ {eid}",
        "title_en": f"Element {eid}",
        "period_rule": period["rule"] if period else "none",
        "evidence_kind": "document",
        "status": status,
        "carriers": [{"url": e["url"]} for e in evidence[:1]],
        "role": evidence[0].get("role", "content") if evidence else None,
        "evidence": [{"role": "content", **e} for e in evidence],
        "period": period,
        "date": None,
    }


def _item(iid, status, *, title=None, urls=(), elements=(), findings=(), fetches=()):
    score = {"pass": 100.0, "fail": 0.0}.get(status)
    return {
        "id": iid,
        "title": title or f"ข้อ {iid} ข้อมูลพื้นฐาน",
        "title_en": f"Item {iid}",
        "indicator": "9",
        "subindicator": "9.1",
        "unit": "ฝ่ายปกครอง",
        "weight": 1.0,
        "status": status,
        "score": score,
        "urls": list(urls),
        "explanation": "",
        "elements": list(elements),
        "findings": list(findings),
        "note_th": "- ไม่มี" if status == "pass" else "บรรทัดแรก\nบรรทัดที่สอง",
        "note_en": "- None" if status == "pass" else "first line\nsecond line",
        "fetches": list(fetches),
        "machine": {"status": status, "score": score},
        "decision": None,
    }


def _fetch(url, outcome="ok", status=200):
    return {
        "url": url,
        "depth": 0,
        "via": None,
        "label": "",
        "main_website": True,
        "outcome": outcome,
        "http_status": status,
        "final_url": url,
        "redirect_chain": [],
        "error_kind": None if outcome == "ok" else outcome,
        "error": None if outcome == "ok" else f"{outcome} <b>",
    }


def _document(url, title):
    return {
        "url": url,
        "final_url": url,
        "http_status": 200,
        "outcome": "ok",
        "error": None,
        "content_type": "text/html",
        "sniffed_type": "html",
        "bytes": 1234,
        "sha256": "0" * 64,
        "title": title,
        "pages": None,
        "pages_with_text": None,
        "text_layer": None,
        "ocr": False,
        "machine_readable": True,
        "readability": 2,
        "readability_label": "text",
        "reason": "a web page (text)",
        "reason_th": "หน้าเว็บ (ข้อความ)",
        "items": ["O1"],
        "fetched_at": "2023-04-30T01:00:00+00:00",
    }


def hostile_report() -> dict:
    """A small report@3 whose crawled content tries every trick: markup in titles and excerpts,
    javascript: and data: URLs, a long Thai URL without spaces."""
    good = "https://webportal.bangkok.go.th/huaikhwang/page/sub/863/โครงสร้างหน่วยงานของสำนักงานเขตห้วยขวางทั้งหมด"
    pdf = (
        "https://webportal.bangkok.go.th/public/user_files_editor/59/Data Room HK/O2 plan 2566.pdf"
    )
    o1_elements = [
        _element(
            "O1.1",
            "met",
            [
                {
                    "url": good,
                    "page": None,
                    "excerpt": f"…แผนผัง {IMG} โครงสร้าง…",
                    "phrase": "โครงสร้าง",
                    "ocr": False,
                },
                {"url": JS_URL, "page": 2, "excerpt": SCRIPT, "phrase": "alert", "ocr": True},
                {"url": DATA_URL, "page": None, "excerpt": "ข้อความ", "phrase": "ข้อ", "ocr": False},
            ],
        ),
        _element(
            "O1.2",
            "unmet",
            [],
            period={
                "rule": "monthly",
                "met": False,
                "found_fiscal_years": [2566],
                "covered_months": ["2022-10"],
                "missing_months": ["2022-11"],
                "reason_th": "ขาดเดือน พฤศจิกายน 2565",
                "reason_en": "missing: November 2022",
            },
        ),
        _element("O1.3", "unverified", [], required=False),
    ]
    o1_findings = [
        {
            "code": "missing_period",
            "severity": "error",
            "item": "O1",
            "element": "O1.2",
            "url": JS_URL,
            "detail": SCRIPT,
            "message_th": f"ไม่พบข้อมูล {SCRIPT}",
            "message_en": f"not found {SCRIPT}",
            "suggestion_th": "เผยแพร่ข้อมูลให้ครบทุกเดือน",
            "suggestion_en": "publish every month",
            "unit": "ฝ่ายปกครอง",
            "months": ["2022-11"],
            "decision": None,
        },
        {
            "code": "not_main_website",
            "severity": "warning",
            "item": "O1",
            "element": None,
            "url": "https://drive.google.com/file/d/abc/view",
            "detail": "",
            "message_th": "ไฟล์อยู่บน Google Drive",
            "message_en": "the file is on Google Drive",
            "suggestion_th": "ย้ายไฟล์ไปไว้บนเว็บไซต์หลัก",
            "suggestion_en": "move the file to the main website",
            "unit": "ฝ่ายปกครอง",
            "months": [],
            "decision": None,
        },
    ]
    items = [
        _item(
            "O1",
            "fail",
            title=SCRIPT,
            urls=[good, JS_URL, DATA_URL],
            elements=o1_elements,
            findings=o1_findings,
            fetches=[_fetch(good), _fetch(JS_URL, "not_fetched", None)],
        ),
        _item("O2", "pass", urls=[pdf], fetches=[_fetch(pdf)]),
        _item("O3", "review"),
        _item("O4", "not_applicable"),
    ]
    rep = {
        "schema": "oitcrawl/report@3",
        "tool": {"name": "oitcrawl", "version": "0.1.0"},
        "run": {
            "id": "20230430T010000Z-abcdef",
            "status": "completed",
            "started_at": "2023-04-30T01:00:00+00:00",
            "finished_at": "2023-04-30T01:05:00+00:00",
            "as_of": "2023-04-30",
            "partial": False,
        },
        "agency": {
            "name": AGENCY,
            "website": "https://webportal.bangkok.go.th/huaikhwang",
            "also_main": [],
        },
        "framework": {
            "id": "bma-district-2566",
            "title": "แบบตรวจ OIT สำนักงานเขต ปี 2566",
            "title_en": "BMA district-office OIT 2566",
        },
        "fiscal_year": 2566,
        "scores": {
            "oit": 50.0,
            "indicators": {"9": 50.0},
            "subindicators": {"9.1": 50.0},
            "rating": {
                "label_th": "ต้องปรับปรุงโดยด่วน",
                "label_en": "Needs urgent improvement",
                "scheme": "2566",
            },
            "ita": {
                "iit": 90.0,
                "eit": 80.0,
                "oit": 50.0,
                "total": 71.0,
                "rating": {
                    "label_th": "ต้องปรับปรุง",
                    "label_en": "Needs improvement",
                    "scheme": "2566",
                },
            },
        },
        "summary": {
            "items": 4,
            "pass": 1,
            "fail": 1,
            "review": 1,
            "not_applicable": 1,
            "errors": 1,
            "warnings": 1,
        },
        "tree": [
            {
                "id": "9",
                "title_th": "การเปิดเผยข้อมูล",
                "title_en": "Information disclosure",
                "score": 50.0,
                "subindicators": [
                    {
                        "id": "9.1",
                        "title_th": "ข้อมูลพื้นฐาน",
                        "title_en": "Basic information",
                        "score": 50.0,
                        "items": ["O1", "O2", "O3", "O4"],
                    }
                ],
            }
        ],
        "items": items,
        "documents": [_document(good, SCRIPT), _document(DATA_URL, IMG)],
        "decisions": {"applied": 0, "stale": []},
    }
    rep["scores_machine"] = copy.deepcopy(rep["scores"])  # report@3: no decision changed them
    return rep


@pytest.fixture
def report():
    rep = hostile_report()
    schema = json.loads((REPO / "reports" / "report.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(rep, schema)
    return rep


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text of <style> and <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.style = ""
        self.title = ""
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in = tag if tag in ("style", "title") else None

    def handle_endtag(self, tag):
        self._in = None

    def handle_data(self, data):
        if self._in == "style":
            self.style += data
        elif self._in == "title":
            self.title += data


def parse(html: str) -> _Tags:
    p = _Tags()
    p.feed(html)
    p.close()
    return p


# ---------------------------------------------------------------------------- unit tests


def test_hostile_markup_is_escaped(report):
    html = render_html(report)
    # the only script is the checklist's own, at the end of the page
    assert html.lower().count("<script") == 1
    assert html.index("<script>") > html.index('<footer class="wrap')
    assert "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    tags = parse(html).tags
    assert not [t for t, a in tags if any(k.startswith("on") for k in a)]  # no event handlers
    assert {t for t, _ in tags} <= {
        "html", "head", "meta", "title", "style", "body", "input", "div", "header", "span",
        "label", "h1", "h2", "h3", "h4", "p", "dl", "dt", "dd", "nav", "ul", "ol", "li", "a",
        "main", "strong", "section", "small", "b", "article", "table", "colgroup", "col",
        "thead", "tbody", "tr", "th", "td", "br", "q", "mark", "code", "details", "summary",
        "footer", "button", "script",
    }  # fmt: skip


def test_only_http_urls_become_links(report):
    html = render_html(report)
    low = html.lower()
    assert 'href="javascript:' not in low and 'href="data:' not in low
    assert "href='javascript:" not in low and 'href="vbscript:' not in low
    assert "javascript:alert(1)" in html  # still shown, as text
    links = [a for t, a in parse(html).tags if t == "a"]
    external = [a for a in links if not a["href"].startswith("#")]
    assert external, "the page links the submitted URLs"
    for a in external:
        assert urlsplit(a["href"]).scheme in ("http", "https"), a
        assert a.get("target") == "_blank" and a.get("rel") == "noopener noreferrer", a
    # the long Thai URL is linked IRI-encoded once and shown as people read it
    assert (
        'href="https://webportal.bangkok.go.th/huaikhwang/page/sub/863/%E0%B9%82%E0%B8%84' in html
    )
    assert ">https://webportal.bangkok.go.th/huaikhwang/page/sub/863/โครงสร้างหน่วยงาน" in html


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://example.go.th/a b/ก.pdf", "https://example.go.th/a%20b/%E0%B8%81.pdf"),
        (
            "http://example.go.th/x?q=1&r=%E0%B8%81#top",
            "http://example.go.th/x?q=1&r=%E0%B8%81#top",
        ),
        ("HTTPS://EXAMPLE.GO.TH/", "HTTPS://EXAMPLE.GO.TH/"),
        ("  https://example.go.th/  ", "https://example.go.th/"),
        ('https://example.go.th/"><script>', "https://example.go.th/%22%3E%3Cscript%3E"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("data:text/html,<b>x</b>", None),
        ("vbscript:msgbox(1)", None),
        ("file:///etc/passwd", None),
        ("ftp://example.go.th/a", None),
        ("//example.go.th/a", None),
        ("https:example.go.th", None),
        ("/relative/path", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_safe_href(url, expected):
    assert safe_href(url) == expected


def test_page_is_self_contained_with_a_strict_csp(report):
    html = render_html(report)
    assert html.startswith('<!DOCTYPE html>\n<html lang="th">')
    page = parse(html)
    metas = [a for t, a in page.tags if t == "meta"]
    assert {"charset": "utf-8"} in metas
    csp = CSP.format(script=checklist_script()[1])
    assert {"http-equiv": "Content-Security-Policy", "content": csp} in metas
    assert any(m.get("name") == "viewport" and "width=device-width" in m["content"] for m in metas)
    assert not [
        t for t, _ in page.tags if t in ("link", "img", "iframe", "object", "embed", "base", "form")
    ]
    assert [a for t, a in page.tags if t == "script"] == [{}]  # inline, no src
    assert not [a for _, a in page.tags if "src" in a or "srcset" in a]
    assert (
        "url(" not in page.style and "@import" not in page.style and "@font-face" not in page.style
    )
    assert '"Sarabun", "Tahoma", "Noto Sans Thai", "Loma", "Garuda", sans-serif' in page.style
    assert "@media print" in page.style
    assert AGENCY in page.title
    assert "แบบตรวจ OIT สำนักงานเขต ปี 2566" in html  # Thai as text, not character references


def test_every_item_has_its_anchor_and_every_anchor_exists(report):
    html = render_html(report)
    tags = parse(html).tags
    ids = [a["id"] for _, a in tags if a.get("id")]
    assert len(ids) == len(set(ids)), "duplicate ids"
    for item in report["items"]:
        assert f"item-{item['id']}" in ids
        assert f'href="#item-{item["id"]}"' in html  # the tree links it
    fragments = {a["href"][1:] for t, a in tags if t == "a" and a["href"].startswith("#")}
    assert fragments <= set(ids)


def test_statuses_and_labels_render_in_both_languages(report):
    html = render_html(report)
    for th, en in STATUS_LABELS.values():
        assert (
            f'<span class="th" lang="th">{th}</span><span class="en" lang="en">{en}</span>' in html
        )
    for th, en in [("พบ", "Met"), ("ไม่พบ", "Unmet"), ("ยังยืนยันไม่ได้", "Unverified"),
                   ("จำเป็น", "Required"), ("ข้อแนะนำ", "Advisory"),
                   ("ข้อผิดพลาด", "Error"), ("ข้อสังเกต", "Warning"),
                   ("ผลประเมินเบื้องต้น (ยังไม่ใช่ผลอย่างเป็นทางการ)", "Provisional result (not the official assessment)"),
                   ("ต้องปรับปรุงโดยด่วน", "Needs urgent improvement"),
                   ("วันที่ 30 เมษายน 2566", "30 April 2023"),  # one digit style
                   ("พฤศจิกายน 2565", "November 2022")]:  # fmt: skip
        assert (
            f'<span class="th" lang="th">{th}</span><span class="en" lang="en">{en}</span>' in html
        ), th
    assert "#lang-en:checked ~ .page .th { display: none; }" in html
    assert 'id="lang-th" class="lang-radio" checked' in html


def test_content_details_are_shown(report):
    html = render_html(report)
    assert "หน้า 2" in html and "page 2" in html  # evidence page
    assert "<q>…แผนผัง &lt;img" in html and "<mark>โครงสร้าง</mark>" in html
    assert "ขาดเดือน พฤศจิกายน 2565" in html  # period reason
    assert "บรรทัดแรก\nบรรทัดที่สอง" in html and "white-space: pre-line" in html  # note lines kept
    assert "ITA รวม" in html and '<div class="v">71</div>' in html  # scores.ita is shown
    assert "ฝ่ายปกครอง" in html
    assert "1.2 KB" in html and "ระดับ 2/3" in html  # documents table
    assert "ประเมินเพียงบางข้อ" not in html


def test_partial_run_says_only_some_items_were_evaluated(report):
    partial = copy.deepcopy(report)
    partial["run"]["partial"] = True
    partial["scores"]["ita"] = None
    html = render_html(partial)
    assert "ประเมินเพียงบางข้อ" in html and "Only some items were evaluated" in html
    assert "ITA รวม" not in html


def test_write_html_is_atomic_utf8(report, tmp_path):
    path = tmp_path / "out" / "report.html"
    assert write_html(report, path) == path
    assert path.read_bytes().decode("utf-8") == render_html(report)
    assert [p.name for p in path.parent.iterdir()] == ["report.html"]  # no temp file left


def test_rejects_other_schemas():
    with pytest.raises(ValueError, match="report@3"):
        render_html({"schema": "oitcrawl/crawl-report@0"})


# ------------------------------------------------------------------------- browser tests


@pytest.fixture(scope="module")
def demo_html(tmp_path_factory):
    out = tmp_path_factory.mktemp("report-html") / "demo"
    result = run_cli("demo", "--out", str(out), "--quiet", timeout=110)
    assert result.returncode == 0, result.stderr
    assert (out / "report.html").is_file(), "oitcrawl demo writes report.html"
    return out / "report.html"


@pytest.fixture
def seed_html(tmp_path, shared_dir):
    """report.html of seed 001's real submission replayed on the sample site (as test_demo)."""
    tmp = tmp_path
    sub_path = tmp / "huaikhwang-2566.yaml"
    seed = shared_dir / "seeds" / "001_56d11a479975f352.txt"
    result = run_cli("import-itap", str(seed), "-o", str(sub_path), timeout=60)
    assert result.returncode == 0, result.stderr
    from oitcrawl.submission import load_submission

    hosts = sorted({urlsplit(u).hostname for _, u in load_submission(sub_path).all_urls()})
    with serve() as site:  # every host of the submission goes to the local replica
        rewrites = [a for h in hosts for a in ("--rewrite-host", f"{h}={site.address}")]
        result = run_cli(
            "check", str(sub_path), "--out", str(tmp / "out"), "--quiet", "--allow-private",
            "--db", str(tmp / "evidence.sqlite"), "--delay", "0", "--concurrency", "4",
            "--timeout", "10", "--retries", "0", "--as-of", "2023-04-30", *rewrites,
            timeout=110,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert (tmp / "out" / "report.html").is_file(), "oitcrawl check writes report.html"
    return tmp / "out" / "report.html"


def open_page(browser, path: Path, width: int, height: int):
    """A page showing `path`, and the list of every URL it requests (kept up to date)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(PW_TIMEOUT_MS)
    page.set_default_navigation_timeout(PW_TIMEOUT_MS)
    requests: list[str] = []
    page.on("request", lambda req: requests.append(req.url))
    page.goto(path.as_uri(), wait_until="load")
    return page, requests


def assert_fits_and_reads_thai(page, requests) -> None:
    assert AGENCY in page.title()
    h1 = page.locator("h1")
    assert AGENCY in h1.inner_text()
    assert THAI.search(h1.inner_text())
    box = h1.bounding_box()
    assert box and box["height"] > 0 and box["width"] > 0
    widths = page.evaluate(
        """() => {
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = getComputedStyle(document.querySelector('h1')).font;
            return [ctx.measureText('ก').width, ctx.measureText('กั้').width];
        }"""
    )
    # a real Thai font draws the combining marks over the consonant (no extra advance);
    # missing-glyph boxes would each take room
    assert widths[0] > 0 and abs(widths[1] - widths[0]) < 0.5, widths
    installed = page.evaluate(
        """() => {
            const ctx = document.createElement('canvas').getContext('2d');
            const w = f => { ctx.font = f; return ctx.measureText('mmmiii กขค').width; };
            const base = w('32px monospace');
            return ['Sarabun', 'Tahoma', 'Noto Sans Thai', 'Loma', 'Garuda']
                .filter(f => w(`32px "${f}", monospace`) !== base);
        }"""
    )
    assert installed, "none of the page's Thai fonts is installed"
    overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert overflow[0] <= overflow[1], f"horizontal overflow: {overflow}"
    assert all(u.startswith("file:") for u in requests), requests  # loads nothing else


def assert_links_are_safe(page) -> None:
    bad = page.evaluate(
        """() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))
            .filter(h => h.startsWith('#') ? !document.getElementById(h.slice(1))
                                           : !/^https?:\\/\\//i.test(h))"""
    )
    assert bad == []
    unsafe = page.evaluate(
        """() => [...document.querySelectorAll('a[href^="http"]')]
            .filter(a => a.target !== '_blank' || a.rel !== 'noopener noreferrer').length"""
    )
    assert unsafe == 0


SCREENSHOT_MAX_HEIGHT = 4000  # px: the summary, tree and first items; whole pages reach 200,000


def save_screenshot(page, name: str) -> Path:
    path = artefacts_dir() / name
    size = page.viewport_size
    height = min(SCREENSHOT_MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
    clip = {"x": 0, "y": 0, "width": size["width"], "height": height}
    page.screenshot(path=str(path), full_page=True, clip=clip)
    data = path.read_bytes()
    assert len(data) > 1000 and data[:8] == b"\x89PNG\r\n\x1a\n"
    return path


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_demo_report_page_in_chromium(browser, demo_html, width, height):
    page, requests = open_page(browser, demo_html, width, height)
    try:
        assert_fits_and_reads_thai(page, requests)
        assert_links_are_safe(page)
        save_screenshot(page, f"report-{width}.png")
    finally:
        page.close()


def test_english_toggle_and_item_links(browser, demo_html):
    page, _ = open_page(browser, demo_html, 1280, 900)
    try:
        th, en = page.locator("#h-summary .th"), page.locator("#h-summary .en")
        assert th.is_visible() and th.inner_text() == "สรุปคะแนน" and not en.is_visible()
        visible = """sel => [...document.querySelectorAll(sel)]
                       .filter(e => e.getClientRects().length > 0).length"""
        page.click('label[for="lang-en"]')
        assert en.is_visible() and en.inner_text() == "Score summary" and not th.is_visible()
        assert page.evaluate(visible, ".page .th") == 0
        assert page.evaluate(visible, ".page .en") > 100
        assert page.evaluate("document.querySelector('#lang-en').checked")
        overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1]
        page.click('label[for="lang-th"]')
        assert th.is_visible() and not en.is_visible()

        page.click('#tree a[href="#item-O20"]')
        assert page.evaluate("location.hash") == "#item-O20"
        top = page.evaluate("document.getElementById('item-O20').getBoundingClientRect().top")
        assert 0 <= top < 100, top  # scrolled to the item
        assert page.locator("#item-O20 h3").inner_text().startswith("O20")
        assert page.locator("#item-O20 .item-status .badge .th").inner_text() in {
            th for th, _ in STATUS_LABELS.values()
        }
    finally:
        page.close()


def test_seed_001_report_page_in_chromium(browser, seed_html):
    for width, height, name in [(390, 844, "report-seed001.png"), (1280, 900, None)]:
        page, requests = open_page(browser, seed_html, width, height)
        try:
            assert_fits_and_reads_thai(page, requests)
            assert_links_are_safe(page)
            assert page.locator("article.item").count() == 30
            if name:
                save_screenshot(page, name)
        finally:
            page.close()
