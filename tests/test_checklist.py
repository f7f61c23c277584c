"""report.html's pre-submission checklist (issue 6 item 3): ordered by what blocks the score,
each row with what to publish, where it is now, the responsible unit and a tick that is kept in
the browser and exported — checked in headless Chromium under the page's strict CSP (the inline
script is allowed by its sha256 only). Screenshots go to test-artefacts/."""

from __future__ import annotations

import base64
import copy
import csv
import datetime as dt
import hashlib
import io
import json
import re
from pathlib import Path

import pytest

from oitcrawl.reports.report_html import checklist_rows, render_html, write_html
from tests.conftest import run_cli
from tests.test_report_html import (
    PW_TIMEOUT_MS,
    SCREENSHOT_MAX_HEIGHT,
    artefacts_dir,
    hostile_report,
)

SCRIPT_RE = re.compile(r"<script>(.*?)</script>", re.S)
CSP_RE = re.compile(r'http-equiv="Content-Security-Policy" content="([^"]*)"')
EXPORT_HEADER = ["run", "item", "title", "unit", "status", "done", "done_at"]
#: Collects CSP violations from the page itself; added by Playwright, outside the page's CSP.
CSP_WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


# ------------------------------------------------------------------------------ ordering


def _weighted_report() -> dict:
    """The hostile report with more items and weights: two failing items of different weight,
    a review item, a pass with a warning, a clean pass and a not-applicable item."""
    rep = hostile_report()
    o1, o2, o3, o4 = rep["items"]
    o5 = copy.deepcopy(o1) | {"id": "O5", "weight": 3.0, "urls": [], "unit": "ฝ่ายการคลัง"}
    o5["findings"] = [
        dict(
            o1["findings"][0],
            item="O5",
            code="no_url",
            suggestion_th="ส่ง URL ของข้อ O5",
            suggestion_en="submit a URL for O5",
        )
    ]
    o6 = copy.deepcopy(o2) | {"id": "O6"}
    o6["findings"] = [o1["findings"][1] | {"item": "O6"}]  # a pass with a warning
    rep["items"] = [o1, o2, o3, o4, o5, o6]
    return rep


def test_rows_are_ordered_by_what_blocks_the_score():
    rep = _weighted_report()
    rows = checklist_rows(rep)
    # applicable weight: O1 1 + O2 1 + O3 1 + O5 3 + O6 1 = 7 (O4 is not applicable)
    assert [(r["item"]["id"], r["group"], r["gain"]) for r in rows] == [
        ("O5", "fail", round(300 / 7, 2)),
        ("O1", "fail", round(100 / 7, 2)),
        ("O3", "review", round(100 / 7, 2)),
        ("O6", "warning", 0.0),
    ]
    assert rows[1]["publish"] == [
        ("เผยแพร่ข้อมูลให้ครบทุกเดือน", "publish every month"),  # the error first
        ("ย้ายไฟล์ไปไว้บนเว็บไซต์หลัก", "move the file to the main website"),
    ]
    assert rows[0]["publish"] == [("ส่ง URL ของข้อ O5", "submit a URL for O5")]


def test_checklist_table_rows_hold_publish_where_unit_and_a_tick():
    rep = _weighted_report()
    html = render_html(rep)
    section = html[html.index('<section class="block checklist"') :]
    section = section[: section.index("</section>")]
    assert 'data-run="20230430T010000Z-abcdef"' in section
    assert re.findall(r'<tr data-item="(O\d+)"', section) == ["O5", "O1", "O3", "O6"]
    o1 = section[section.index('<tr data-item="O1"') :]
    o1 = o1[: o1.index("</tr>")]
    assert 'data-title="&lt;script&gt;alert(1)&lt;/script&gt;"' in o1  # escaped
    assert "+14.29 คะแนน OIT เมื่อผ่าน" in o1 and "+14.29 OIT points when it passes" in o1
    assert "เผยแพร่ข้อมูลให้ครบทุกเดือน" in o1 and "publish every month" in o1
    # where it is now: the http(s) URL is a link, javascript:/data: are text only
    assert re.findall(r'href="(http[^"]+)"', o1) == [
        "https://webportal.bangkok.go.th/huaikhwang/page/sub/863/"
        + "%E0%B9%82%E0%B8%84%E0%B8%A3%E0%B8%87%E0%B8%AA%E0%B8%A3%E0%B9%89%E0%B8%B2%E0%B8%87"
        + "%E0%B8%AB%E0%B8%99%E0%B9%88%E0%B8%A7%E0%B8%A2%E0%B8%87%E0%B8%B2%E0%B8%99%E0%B8%82"
        + "%E0%B8%AD%E0%B8%87%E0%B8%AA%E0%B8%B3%E0%B8%99%E0%B8%B1%E0%B8%81%E0%B8%87%E0%B8%B2"
        + "%E0%B8%99%E0%B9%80%E0%B8%82%E0%B8%95%E0%B8%AB%E0%B9%89%E0%B8%A7%E0%B8%A2%E0%B8%82"
        + "%E0%B8%A7%E0%B8%B2%E0%B8%87%E0%B8%97%E0%B8%B1%E0%B9%89%E0%B8%87%E0%B8%AB%E0%B8%A1"
        + "%E0%B8%94"
    ]
    assert '<span class="url nolink">javascript:alert(1)</span>' in o1
    assert '<td data-th="ผู้รับผิดชอบ" data-en="Responsible unit">ฝ่ายปกครอง</td>' in o1
    assert '<input type="checkbox" class="tick" id="tick-O1">' in o1
    o5 = section[section.index('<tr data-item="O5"') :]
    assert "ยังไม่ได้ส่ง URL" in o5[: o5.index("</tr>")]


def test_no_checklist_when_everything_passes_cleanly():
    rep = hostile_report()
    rep["items"] = [i for i in rep["items"] if i["status"] in ("pass", "not_applicable")]
    html = render_html(rep)
    assert 'id="checklist"' not in html and 'href="#checklist"' not in html


def test_csp_allows_exactly_the_inline_script_by_its_hash():
    html = render_html(hostile_report())
    scripts = SCRIPT_RE.findall(html)
    assert len(scripts) == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode("utf-8")).digest()).decode()
    csp = CSP_RE.search(html).group(1)
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["script-src"] == f"'sha256-{digest}'"
    assert directives["default-src"] == "'none'"
    assert "unsafe-inline" not in directives["script-src"]
    assert not re.search(r"<[a-z]+[^>]*\son[a-z]+=", html)  # no event-handler attributes


# ------------------------------------------------------------------------- browser tests


@pytest.fixture(scope="module")
def demo_out(tmp_path_factory):
    out = tmp_path_factory.mktemp("checklist") / "demo"
    result = run_cli("demo", "--out", str(out), "--quiet", env={"OITCRAWL_LANG": ""}, timeout=110)
    assert result.returncode == 0, result.stderr
    return out


def _context(browser, **kw):
    ctx = browser.new_context(accept_downloads=True, timezone_id="Asia/Bangkok", **kw)
    ctx.set_default_timeout(PW_TIMEOUT_MS)
    ctx.add_init_script(CSP_WATCH)
    return ctx


def _open(ctx, path: Path):
    page = ctx.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    page.goto(path.as_uri(), wait_until="load")
    return page, console


def _screenshot(page, name: str) -> None:
    """The checklist section, from its heading, at most SCREENSHOT_MAX_HEIGHT px tall."""
    box = page.evaluate(
        """() => { const r = document.getElementById('checklist').getBoundingClientRect();
                   return [r.top + window.scrollY, r.height]; }"""
    )
    width = page.viewport_size["width"]
    clip = {"x": 0, "y": box[0], "width": width, "height": min(box[1], SCREENSHOT_MAX_HEIGHT)}
    path = artefacts_dir() / name
    page.screenshot(path=str(path), full_page=True, clip=clip)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 1000


def test_tick_persists_across_reload_and_exports(browser, demo_out):
    report = json.loads((demo_out / "report.json").read_text(encoding="utf-8"))
    run_id = report["run"]["id"]
    expected = [r["item"]["id"] for r in checklist_rows(report)]
    assert expected, "the demo site has items to fix"
    ctx = _context(browser, viewport={"width": 1280, "height": 900})
    try:
        page, console = _open(ctx, demo_out / "report.html")
        rows = page.locator("#checklist tr[data-item]")
        assert [rows.nth(i).get_attribute("data-item") for i in range(rows.count())] == expected
        # the script ran under the CSP: the export button and the counter are shown
        assert page.locator("#checklist-export").is_visible()
        assert page.locator("#checklist .tick-count").inner_text() == "0"
        assert not page.locator("#checklist .nojs-note").is_visible()

        first = expected[0]
        page.locator(f"#tick-{first}").check()
        assert page.locator("#checklist .tick-count").inner_text() == "1"
        stored = page.evaluate("Object.assign({}, localStorage)")
        key = f"oitcrawl:checklist:{run_id}:{first}"
        assert list(stored) == [key]
        record = json.loads(stored[key])
        assert record["done"] is True
        ticked_at = dt.datetime.fromisoformat(record["at"].replace("Z", "+00:00"))
        assert abs((dt.datetime.now(dt.UTC) - ticked_at).total_seconds()) < 120

        page.reload(wait_until="load")
        assert page.locator(f"#tick-{first}").is_checked()
        assert page.locator(f"#checklist tr[data-item='{first}']").get_attribute("class") == "done"
        assert page.locator("#checklist .tick-count").inner_text() == "1"
        assert all(not page.locator(f"#tick-{i}").is_checked() for i in expected[1:]), (
            "only the ticked item is done"
        )
        # the tick's date, in Thai as a Thai reader writes it (Bangkok time)
        local = ticked_at.astimezone(dt.timezone(dt.timedelta(hours=7)))
        from oitcrawl.thaidate import short_th

        cell = page.locator(f"#checklist tr[data-item='{first}'] .tick-at .th")
        assert cell.inner_text() == short_th(local.date())

        with page.expect_download() as info:
            page.click("#checklist-export")
        download = info.value
        assert download.suggested_filename == f"checklist-{run_id}.csv"
        data = Path(download.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Thai
        table = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        by_id = {i["id"]: i for i in report["items"]}
        assert table[0] == EXPORT_HEADER
        assert table[1:] == [
            [run_id, i, by_id[i]["title"], by_id[i]["unit"] or "", by_id[i]["status"],
             "yes" if i == first else "no", record["at"] if i == first else ""]
            for i in expected
        ]  # fmt: skip

        _screenshot(page, "checklist-1280.png")
        page.locator(f"#tick-{first}").uncheck()  # unticking forgets it
        assert page.evaluate("Object.keys(localStorage)") == []
        assert page.evaluate("window.__csp") == []
        assert not [m for m in console if "Content Security Policy" in m or "error" in m], console
    finally:
        ctx.close()


def test_checklist_on_a_phone_and_in_english(browser, demo_out, tmp_path):
    report = json.loads((demo_out / "report.json").read_text(encoding="utf-8"))
    english = write_html(report, tmp_path / "report-en.html", lang="en")
    ctx = _context(browser, viewport={"width": 390, "height": 844})
    try:
        page, _ = _open(ctx, english)
        heading = page.locator("#h-checklist .en")
        assert (
            heading.is_visible()
            and heading.inner_text() == "What to fix — pre-submission checklist"
        )
        assert not page.locator("#h-checklist .th").is_visible()
        overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], overflow
        page.locator("#checklist input.tick").first.check()
        assert page.locator("#checklist .tick-at .en").first.inner_text()  # "21 Nov 2026"
        _screenshot(page, "checklist-390-en.png")
        assert page.evaluate("window.__csp") == []
    finally:
        ctx.close()


def test_page_reads_without_javascript(browser, demo_out):
    ctx = _context(browser, java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page, _ = _open(ctx, demo_out / "report.html")
        assert page.locator("#checklist tr[data-item]").count() > 0
        assert page.locator("#checklist .nojs-note").is_visible()
        assert not page.locator("#checklist-export").is_visible()
        assert page.locator("#checklist .publish li").first.is_visible()
    finally:
        ctx.close()


def test_a_changed_script_is_refused_by_the_csp(browser, demo_out, tmp_path):
    """The CSP really guards the page: one changed character and the script does not run."""
    html = (demo_out / "report.html").read_text(encoding="utf-8")
    tampered = tmp_path / "tampered.html"
    tampered.write_text(html.replace('"use strict";', '"use strict"; ', 1), encoding="utf-8")
    ctx = _context(browser, viewport={"width": 1280, "height": 900})
    try:
        page, _ = _open(ctx, tampered)
        assert any(v.startswith("script-src") for v in page.evaluate("window.__csp"))
        assert not page.locator("#checklist-export").is_visible()
    finally:
        ctx.close()
