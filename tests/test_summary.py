"""`oitcrawl summary`: agencies × items for each agency's latest run (tests/_history_runs.py:
huaikhwang after the fixes, and another agency that also submitted nothing for O2)."""

from __future__ import annotations

import csv
import re

import pytest
from openpyxl import load_workbook

from oitcrawl.reports.summary import SORT_SCRIPT, script_hash
from tests._history_runs import OTHER_AGENCY, history_runs
from tests.conftest import run_cli

AGENCY = "สำนักงานเขตห้วยขวาง"
FAILING_B = ["O1", "O3", "O8", "O14", "O16", "O20", "O23"]  # after the O13 fix


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    runs = history_runs(tmp_path_factory)
    out = tmp_path_factory.mktemp("summary")
    result = run_cli("summary", "--db", str(runs.db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result, runs


def _csv(path):
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def test_agency_table_csv(summary):
    out, _, runs = summary
    assert (out / "summary.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    rows = _csv(out / "summary.csv")
    header = rows[0]
    assert header[:8] == ["หน่วยงาน (Agency)", "เว็บไซต์ (Website)", "กรอบการประเมิน (Framework)",
                          "ปีงบประมาณ (Fiscal year)", "การตรวจ (Run)", "คะแนน OIT (OIT score)",
                          "ระดับ (Rating)", "ข้อที่ไม่ผ่าน (Failing items)"]  # fmt: skip
    assert header[8:] == [f"O{n}" for n in range(1, 31)]
    got = {r[0]: (r[4], r[5], r[6], r[7]) for r in rows[1:]}
    other_failing = ["O1", "O2", *FAILING_B[1:]]
    assert got == {
        OTHER_AGENCY: (runs.run_c, "73.33", "ต้องปรับปรุง", ", ".join(other_failing)),
        AGENCY: (runs.run_b, "76.67", "ต้องปรับปรุง", ", ".join(FAILING_B)),  # the latest run
    }
    statuses = {r[0]: dict(zip(header[8:], r[8:], strict=True)) for r in rows[1:]}
    for name, failing in ((AGENCY, FAILING_B), (OTHER_AGENCY, other_failing)):
        want = {f"O{n}": "ผ่าน" for n in range(1, 31)}
        want.update({i: "ไม่ผ่าน" for i in failing})
        want["O23"] = "ต้องตรวจสอบ"
        assert statuses[name] == want


def test_items_failing_most_often(summary):
    out, _, _ = summary
    rows = _csv(out / "summary-items.csv")
    got = [(r[1], r[3], r[4], r[5]) for r in rows[1:]]
    both = f"{OTHER_AGENCY}, {AGENCY}"
    assert got == [(i, "2", "2", both) for i in FAILING_B] + [("O2", "1", "2", OTHER_AGENCY)]


def test_xlsx_has_both_tables_as_text(summary):
    out, _, _ = summary
    wb = load_workbook(out / "summary.xlsx")
    assert wb.sheetnames == ["หน่วยงาน (Agencies)", "ไม่ผ่านบ่อย (Failing items)"]
    agencies = [[c.value for c in row] for row in wb.worksheets[0].iter_rows()]
    assert agencies == _csv(out / "summary.csv")
    assert all(c.data_type == "s" for row in wb.worksheets[0].iter_rows() for c in row if c.value)


def test_html_is_sortable_under_a_csp_hash(summary):
    out, _, _ = summary
    html = (out / "summary.html").read_text(encoding="utf-8")
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert f"script-src {script_hash(SORT_SCRIPT)};" in csp and "default-src 'none'" in csp
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert scripts == [SORT_SCRIPT]  # the only script is the hashed one
    assert html.count('<table class="sortable') == 2
    assert 'data-v="76.67"' in html and 'data-v="73.33"' in html


def test_sorting_works_in_headless_chromium(summary, tmp_path):
    """Click the OIT score header: rows sort ascending, click again: descending; no CSP
    violation is reported."""
    playwright = pytest.importorskip("playwright.sync_api")
    out, _, _ = summary
    with playwright.sync_playwright() as p:
        try:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        except Exception as exc:  # no browser on this machine
            pytest.skip(f"headless Chromium not available: {exc}")
        page = browser.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto((out / "summary.html").as_uri())
        names = "table.agencies tbody tr td.name a"
        page.click("table.agencies thead th:nth-child(2)")
        asc = page.locator(names).all_inner_texts()
        page.click("table.agencies thead th:nth-child(2)")
        desc = page.locator(names).all_inner_texts()
        page.screenshot(path=str(tmp_path / "summary.png"), full_page=True)
        browser.close()
    assert asc == [OTHER_AGENCY, AGENCY] and desc == [AGENCY, OTHER_AGENCY]
    assert not [e for e in errors if "Content Security Policy" in e]


def test_agency_filter_and_unknown_agency(summary, tmp_path):
    _, _, runs = summary
    result = run_cli("summary", "--db", str(runs.db), "--out", str(tmp_path), "--agency", AGENCY,
                     "--quiet")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert [r[0] for r in _csv(tmp_path / "summary.csv")[1:]] == [AGENCY]
    result = run_cli("summary", "--db", str(runs.db), "--out", str(tmp_path / "x"), "--agency",
                     "ไม่มี")  # fmt: skip
    assert result.returncode == 2 and "no completed run of this agency" in result.stderr
