"""Report safety: crawled content never acts in the report.

Hostile titles, excerpts, link targets (``javascript:``, ``data:``, ``vbscript:``, mixed case,
leading whitespace and control characters), file names and ``<script>`` go through a real
store, the real extraction worker, the rules and ``write_outputs``; then report.html is parsed
(lxml) and every attribute checked, and suggestions.csv / suggestions.xlsx are read back.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import json
import re
import zipfile

import pytest
import yaml
from lxml import html as lxml_html
from openpyxl import load_workbook

from oitcrawl.crawl.urls import request_url
from oitcrawl.evaluate import evaluate_run
from oitcrawl.extract.run import extract_run
from oitcrawl.reports import write_outputs
from oitcrawl.reports.suggestions import neutralise, write_csv, write_xlsx
from oitcrawl.store import RUN_COMPLETED, Store, utcnow
from oitcrawl.submission import parse_submission

SITE = "https://agency.test/"
XSS = "<script>alert('x')</script>"
NO_GIFT = (
    "ประกาศสำนักงานเขตทดสอบ เรื่อง นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ "
    "(No Gift Policy) " + XSS + " <img src=x onerror=alert(1)> ประกาศ ณ วันที่ 10 ตุลาคม พ.ศ. 2565 "
    'นโยบายต่อต้านการให้หรือรับสินบน (Anti-Bribery Policy) "><svg onload=alert(2)>'
)
BAD_SCHEMES = ("javascript:", "data:", "vbscript:", "file:")
HOSTILE_PAGE = f"""<!doctype html><html><head>
<title>"&gt;{XSS.replace("<", "&lt;")} ' onmouseover='alert(1)</title>
<script src="https://evil.test/x.js"></script><script>alert('inline')</script>
<link rel="stylesheet" href="https://evil.test/x.css">
<style>@import url(https://evil.test/y.css); body {{ background: url(http://evil.test/z.png) }}</style>
</head><body><div class="content">
<p>{NO_GIFT.replace("<", "&lt;").replace(">", "&gt;")}</p>
<a href="javascript:alert(1)">ลิงก์ 1</a> <a href=" JaVaScRiPt:alert(2)">ลิงก์ 2</a>
<a href="java&#x09;script:alert(3)">ลิงก์ 3</a> <a href="data:text/html;base64,PHNjcmlwdD4=">ลิงก์ 4</a>
<a href="vbscript:msgbox(1)">ลิงก์ 5</a> <a href="\x01javascript:alert(6)">ลิงก์ 6</a>
<img src="http://evil.test/pixel.png"><iframe src="https://evil.test/frame"></iframe>
</div></body></html>"""

# (url as submitted, final url after redirects, redirect chain, content type, body)
FETCHES = [
    (SITE + "page/no-gift", None, [], "text/html; charset=utf-8", HOSTILE_PAGE.encode()),
    # a file name that is markup
    (SITE + "files/\"><img src=x onerror=alert('name')>.html", None, [], "text/html",
     f"<title>{XSS.replace('<', '&lt;')}</title><p>ไฟล์</p>".encode()),
    # a hostile redirect: the stored final URL and chain are not http(s)
    (SITE + "go?to=1", " JavaScript:alert('final')",
     ["data:text/html,<script>alert(1)</script>", "\tjavascript:alert(3)", "vbscript:x"],
     "text/html", b"<title>moved</title>"),
]  # fmt: skip


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("safety")
    urls = [u for u, *_ in FETCHES]
    sub = parse_submission(
        yaml.safe_dump(
            {"agency": f"สำนักงานเขตทดสอบ {XSS}", "website": SITE, "fiscal_year": 2566,
             "as_of": "2023-04-30", "items": {"O23": {"urls": urls, "note": XSS}}},
            allow_unicode=True,
        )
    )  # fmt: skip
    store = Store(tmp / "data" / "evidence.sqlite")
    run = store.create_run(
        agency=sub.agency, website=sub.website, framework=sub.framework,
        fiscal_year=sub.fiscal_year, as_of="2023-04-30",
        submission=sub.model_dump(mode="json"),
        submitted=[(i, u, request_url(u)) for i, u in sub.all_urls()], settings={},
    )  # fmt: skip
    for url, final, chain, content_type, body in FETCHES:
        url = request_url(url)
        store.record_fetch(
            {"run_id": run.id, "url": url, "depth": 0, "final_url": final or url,
             "http_status": 200, "outcome": "ok", "error_kind": None, "error": None,
             "redirect_chain_json": json.dumps(chain), "headers_json": "{}",
             "content_type": content_type, "elapsed_s": 0.1, "retries": 0,
             "fetched_at": utcnow()},
            body,
            [],
        )  # fmt: skip
    store.set_run_status(run.id, RUN_COMPLETED)
    extract_run(store, run.id)
    result = write_outputs(evaluate_run(store, store.get_run(run.id)), tmp / "out")
    return result


def _page(outputs):
    text = outputs.report_html.read_text(encoding="utf-8")
    return text, lxml_html.document_fromstring(text)


def _scheme(value: str) -> str:
    """The scheme a browser would see: control characters and whitespace removed, lowercased."""
    cleaned = "".join(ch for ch in value if ch > " " and ch != "\x7f").lower()
    return cleaned.split(":", 1)[0] + ":" if ":" in cleaned else ""


def test_the_hostile_content_reached_the_report(outputs):
    # otherwise the checks below would prove nothing
    report = json.dumps(outputs.report, ensure_ascii=False)
    assert XSS in report  # the excerpt, the title, the agency and the note keep it as text
    assert "javascript:alert('final')" in report.replace("JavaScript", "javascript")
    assert "onerror=alert('name')" in report


def test_report_html_escapes_everything_and_runs_nothing_from_crawled_content(outputs):
    text, page = _page(outputs)
    for needle in (XSS, "<img src=x onerror", "<svg onload", '"><script', "<iframe"):
        assert needle not in text, needle
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in text  # shown, as text

    meta = page.xpath("//meta[translate(@http-equiv, 'CSP', 'csp')='content-security-policy']")
    assert len(meta) == 1
    csp = {d.split()[0]: d.split()[1:] for d in meta[0].get("content").split(";") if d.strip()}
    assert csp["default-src"] == ["'none'"]
    assert csp.get("base-uri") == ["'none'"] and csp.get("form-action") == ["'none'"]
    scripts = page.xpath("//script")
    allowed = set(csp.get("script-src", []))
    assert "'unsafe-inline'" not in allowed and "'unsafe-eval'" not in allowed
    for script in scripts:  # only our own inline scripts, each allowed by its hash
        assert script.get("src") is None
        digest = base64.b64encode(hashlib.sha256((script.text or "").encode()).digest()).decode()
        assert f"'sha256-{digest}'" in allowed
    assert all(s.startswith("'sha256-") for s in allowed)

    for el in page.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name, value)
            if name in ("href", "src", "action", "formaction", "srcset", "poster", "data"):
                scheme = _scheme(value)
                assert scheme not in BAD_SCHEMES, (el.tag, name, value)
                if name == "href" and el.tag == "a":
                    assert scheme in ("http:", "https:") or value.startswith("#"), value
                else:  # no external resource of any kind
                    assert not scheme or (scheme == "data:" and name == "src"), (el.tag, value)
    assert not page.xpath("//link[@href] | //iframe | //object | //embed | //base | //form")
    for style in page.xpath("//style/text()") + page.xpath("//@style"):
        assert not re.search(r"url\(\s*['\"]?\s*(https?:)?//|@import", style, re.I), style


def test_links_only_for_http_and_https_urls(outputs):
    _, page = _page(outputs)
    hrefs = [a.get("href") for a in page.xpath("//a[@href]")]
    assert hrefs and all(h.startswith(("https://", "http://", "#")) for h in hrefs)
    # the hostile redirect target is shown as text, never as a link
    assert not [h for h in hrefs if "alert" in h and not h.startswith(SITE)]


def _csv_cells(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


FORMULAS = ["=HYPERLINK(\"http://evil.test\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)",
            "\t=1+1", "\r=1+1", "=cmd|' /C calc'!A0"]  # fmt: skip


def test_spreadsheet_cells_that_start_like_formulas_are_neutralised(outputs, tmp_path):
    report = json.loads(json.dumps(outputs.report))
    findings = [f for item in report["items"] for f in item["findings"]]
    assert findings, "the run must produce findings to write"
    for f, formula in zip(findings * len(FORMULAS), FORMULAS, strict=False):
        f["url"], f["message_th"], f["detail"] = formula, formula, formula
    csv_path = write_csv(report, tmp_path / "s.csv")
    xlsx_path = write_xlsx(report, tmp_path / "s.xlsx")

    cells = _csv_cells(csv_path)
    for formula in FORMULAS:
        assert formula not in cells
        assert "'" + formula in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]

    wb = load_workbook(xlsx_path)
    values = [c for ws in wb for row in ws.iter_rows() for c in row if c.value is not None]
    assert {c.data_type for c in values} == {"s"}  # every cell is text
    assert set(FORMULAS) <= {c.value for c in values}
    with zipfile.ZipFile(xlsx_path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)


def test_neutralise_table():
    got = {s: neutralise(s) for s in ["=1", "+1", "-1", "@a", "\t=1", "\r=1", "ok", "", "ก=1"]}
    assert got == {
        "=1": "'=1", "+1": "'+1", "-1": "'-1", "@a": "'@a", "\t=1": "'\t=1", "\r=1": "'\r=1",
        "ok": "ok", "": "", "ก=1": "ก=1",
    }  # fmt: skip


def test_the_real_outputs_have_no_formula_cells(outputs):
    cells = _csv_cells(outputs.suggestions_csv)
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    wb = load_workbook(outputs.suggestions_xlsx)
    assert {c.data_type for ws in wb for row in ws.iter_rows() for c in row if c.value} <= {"s"}
    assert dt.date.fromisoformat(outputs.report["run"]["as_of"]) == dt.date(2023, 4, 30)
