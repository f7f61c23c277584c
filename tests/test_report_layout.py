"""report.html layout (issue 14) in headless Chromium on the demo run: passing items collapsed
and failing/review items open, the score on a phone's first screen, the gauge with its rating
bands and what it takes to reach the next band, the ฝ่าย filter of the one what-to-fix list,
the 12-month strip of O20, the crawl-health banner of a run whose site was down, Thai lines
never broken inside a syllable at 390 px, links in the checklist marked broken / login, one
digit style, and the page's measured height. Screenshots go to test-artefacts/."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest
import yaml

from oitcrawl.reports.report_html import checklist_rows, gauge, units_of, write_html
from tests.conftest import run_cli
from tests.test_report_html import (
    PW_TIMEOUT_MS,
    SCREENSHOT_MAX_HEIGHT,
    artefacts_dir,
)

#: Checks the rendered lines of every Thai text node: a line never starts with a vowel or tone
#: mark that belongs to the syllable before it (ะ ั า ำ ิ ี ึ ื ุ ู ็ ่ ้ ๊ ๋ ์ …) and never
#: ends with a leading vowel (เ แ โ ใ ไ) — what break-all does to Thai. Returns the number of
#: line breaks seen inside Thai text nodes and the bad ones with their context.
THAI_BREAKS_JS = r"""
() => {
  const FOLLOW = /[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]/;
  const LEAD = /[\u0e40-\u0e44]/;
  const THAI = /[\u0e01-\u0e4e]/;
  const bad = [];
  let breaks = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.data;
    const parent = node.parentElement;
    if (!THAI.test(text) || !parent || !parent.getClientRects().length) continue;
    let prevTop = null;
    for (let i = 0; i < text.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rects = range.getClientRects();
      if (!rects.length) continue;
      const top = rects[0].top;
      if (prevTop !== null && top > prevTop + 2) {
        breaks++;
        const before = text[i - 1], after = text[i];
        if (THAI.test(before) && THAI.test(after) && (FOLLOW.test(after) || LEAD.test(before))) {
          bad.push(text.slice(Math.max(0, i - 12), i) + '|' + text.slice(i, i + 12));
        }
      }
      prevTop = top;
    }
  }
  return {breaks, bad};
}
"""
VISIBLE_ROWS_JS = """() => [...document.querySelectorAll('#checklist tr[data-item]')]
    .filter(r => r.getClientRects().length > 0).map(r => r.dataset.item)"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("layout") / "demo"
    result = run_cli("demo", "--out", str(out), "--quiet", timeout=110,
                     env={"OITCRAWL_LANG": "", "OITCRAWL_OCR": "0"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    return out, json.loads((out / "report.json").read_text(encoding="utf-8"))


def _page(browser, path: Path, width: int = 1280, height: int = 900):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.set_default_timeout(PW_TIMEOUT_MS)
    page.goto(path.as_uri(), wait_until="load")
    return page


def _shot(page, name: str, selector: str | None = None) -> None:
    path = artefacts_dir() / name
    if selector:
        page.locator(selector).first.screenshot(path=str(path))
    else:
        height = min(SCREENSHOT_MAX_HEIGHT, page.evaluate("document.documentElement.scrollHeight"))
        clip = {"x": 0, "y": 0, "width": page.viewport_size["width"], "height": height}
        page.screenshot(path=str(path), full_page=True, clip=clip)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 1000


def test_passing_items_are_collapsed_and_failing_and_review_items_open(browser, demo):
    out, report = demo
    page = _page(browser, out / "report.html")
    try:
        opened = page.evaluate(
            """() => Object.fromEntries([...document.querySelectorAll('article.item')]
                .map(a => [a.id.slice(5), a.querySelector('details.item-box').open]))"""
        )
        expected = {i["id"]: i["status"] in ("fail", "review") for i in report["items"]}
        assert opened == expected
        assert sum(expected.values()) == 8 and len(expected) == 30
        # a collapsed item still shows its title and status; its body is hidden
        o2 = page.locator("#item-O2")
        assert o2.locator("summary h3").is_visible() and o2.locator(".badge").first.is_visible()
        assert not o2.locator("h4").first.is_visible()
        # an advisory-only pass is collapsed and labelled as passing with a note, not failing
        o28 = page.locator("#item-O28")
        assert o28.locator(".item-status .badge .th").inner_text() == "ผ่าน"
        assert o28.locator(".advisory-count .th").inner_text() == "ข้อแนะนำ 1"
        # a link to a collapsed item opens it (checklist.js, allowed by its hash)
        page.click('#tree a[href="#item-O2"]')
        assert page.evaluate("document.querySelector('#item-O2 details').open")
        assert o2.locator("h4").first.is_visible()
    finally:
        page.close()


def test_phone_first_screen_shows_the_score_and_rating(browser, demo):
    out, _ = demo
    page = _page(browser, out / "report.html", 390, 844)
    try:
        score = page.locator("#oit-score .score-v")
        box = score.bounding_box()
        assert box and box["y"] + box["height"] <= 844, box
        assert score.inner_text().startswith("73.33")
        rating = page.locator("#oit-score .rating").bounding_box()
        assert rating and rating["y"] + rating["height"] <= 844, rating
        assert page.locator("#oit-score .rating .th").inner_text() == "ต้องปรับปรุง"
        overflow = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert overflow[0] <= overflow[1], overflow
        page.screenshot(path=str(artefacts_dir() / "report-first-screen-390.png"))
    finally:
        page.close()


def test_gauge_bands_and_what_it_takes_to_reach_the_next_band(browser, demo):
    out, report = demo
    page = _page(browser, out / "report.html")
    try:
        bands = page.evaluate(
            """() => [...document.querySelectorAll('#oit-score .gauge .band')].map(b => {
                 const r = b.getBoundingClientRect();
                 return {low: b.dataset.low, current: b.classList.contains('current'),
                         colour: getComputedStyle(b).backgroundColor, x: r.x, w: r.width}; })"""
        )
        assert [b["low"] for b in bands] == ["0", "70", "85", "95"]
        assert [b["current"] for b in bands] == [False, True, False, False]  # 73.33
        assert len({b["colour"] for b in bands}) == 4
        left, total = bands[0]["x"], sum(b["w"] for b in bands)
        for b, limit in zip(bands, (0, 70, 85, 95), strict=True):  # marks at the band limits
            assert abs((b["x"] - left) / total * 100 - limit) < 0.5, (b, limit)
        ticks = page.locator("#oit-score .gauge .ticks span").all_inner_texts()
        assert ticks == ["70", "85", "95"]
        needle = page.evaluate(
            """() => { const t = document.querySelector('#oit-score .track').getBoundingClientRect();
                       const n = document.querySelector('#oit-score .needle').getBoundingClientRect();
                       return (n.x + n.width / 2 - t.x) / t.width * 100; }"""
        )
        assert abs(needle - 73.33) < 0.5, needle
        # 22 of 30 items pass (73.33): 85 needs 25.5, so 4 more; equal weights, failing first
        nb = page.locator("#next-band")
        assert nb.locator("b .th").inner_text() == "แก้ 4 ข้อเพื่อให้ผ่านเกณฑ์ 85 (ผ่านดี)"
        assert "86.67" in nb.inner_text()
        chips = nb.locator(".chip b").all_inner_texts()
        failing = [i["id"] for i in report["items"] if i["status"] == "fail"]
        assert chips == failing[:4]
        assert gauge(report)["next"]["score_after"] == 86.67
        _shot(page, "report-gauge-1280.png", "#summary")
    finally:
        page.close()


def test_one_what_to_fix_list_filtered_by_unit(browser, demo):
    out, report = demo
    rows = checklist_rows(report)
    every = [r["item"]["id"] for r in rows]
    page = _page(browser, out / "report.html")
    try:
        assert page.locator("#to-fix").count() == 0  # one list, not two
        n_fix = sum(1 for i in report["items"] if i["status"] in ("fail", "review"))
        assert (
            page.locator('nav.toc a[href="#checklist"] .th').inner_text() == f"สิ่งที่ต้องแก้ไข ({n_fix})"
        )
        assert page.evaluate(VISIBLE_ROWS_JS) == every
        labels = page.locator("#unit-filter label[data-unit]")
        names = [labels.nth(i).get_attribute("data-unit") for i in range(labels.count())]
        assert {"ฝ่ายปกครอง", "ฝ่ายการคลัง", "ฝ่ายโยธา", "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล"} <= set(names)
        for name in names:
            page.click(f'#unit-filter label[data-unit="{name}"]')
            want = [r["item"]["id"] for r in rows if name in units_of(r["item"])]
            assert want and page.evaluate(VISIBLE_ROWS_JS) == want, name
            count = page.locator(f'#unit-filter label[data-unit="{name}"] b').inner_text()
            assert count == str(len(want))
            if name == "ฝ่ายการคลัง":
                _shot(page, "report-unit-filter-1280.png", "#checklist")
        # O13 is shared by ฝ่ายโยธา and ฝ่ายสิ่งแวดล้อมและสุขาภิบาล: it is under both
        for name in ("ฝ่ายโยธา", "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล"):
            page.click(f'#unit-filter label[data-unit="{name}"]')
            assert "O13" in page.evaluate(VISIBLE_ROWS_JS), name
        page.click('#unit-filter label[for="unit-all"]')
        assert page.evaluate(VISIBLE_ROWS_JS) == every
        # the advisory-only pass (O28) is grouped as passing, and not counted as to fix
        o28 = page.locator("#checklist tr[data-item='O28']")
        assert o28.get_attribute("data-status") == "pass"
        heads = page.locator("#checklist tr.group-head .th").all_inner_texts()
        assert heads[-1].startswith("ผ่านแล้ว") and not any("ไม่ผ่าน" in h for h in heads[1:])
    finally:
        page.close()


def test_broken_and_login_links_are_marked_in_the_checklist(browser, demo):
    out, _ = demo
    page = _page(browser, out / "report.html")
    try:
        broken = page.locator("#checklist tr[data-item='O13'] li[data-link-state='broken']")
        assert (
            broken.count() >= 1 and broken.first.locator(".fetch-tag .th").inner_text() == "ลิงก์เสีย"
        )
        login = page.locator("#checklist tr[data-item='O14'] li[data-link-state='login']")
        assert login.count() >= 1
        assert login.first.locator(".fetch-tag .th").inner_text() == "ต้องเข้าสู่ระบบ"
        fine = page.locator("#checklist tr[data-item='O1'] li[data-link-state]")
        assert fine.count() == 0  # working links get no mark
    finally:
        page.close()


def test_month_strip_of_o20(browser, demo):
    out, report = demo
    o20 = next(i for i in report["items"] if i["id"] == "O20")
    period = next(e for e in o20["elements"] if e["period_rule"] == "monthly")["period"]
    assert period["none_months"] == ["2022-11"]  # "ไม่มีการจัดซื้อจัดจ้าง" for November 2565
    page = _page(browser, out / "report.html", 390, 844)
    try:
        strip = page.locator("#months-O20\\.1 li")
        states = [(strip.nth(i).get_attribute("data-month"), strip.nth(i).get_attribute("data-state"))
                  for i in range(strip.count())]  # fmt: skip
        assert states == [
            ("2022-10", "present"), ("2022-11", "none"), ("2022-12", "present"),
            ("2023-01", "missing"), ("2023-02", "present"), ("2023-03", "present"),
            ("2023-04", "not_due"), ("2023-05", "not_due"), ("2023-06", "not_due"),
            ("2023-07", "not_due"), ("2023-08", "not_due"), ("2023-09", "not_due"),
        ]  # fmt: skip
        assert strip.nth(0).locator(".th").first.inner_text() == "ต.ค. 65"
        assert strip.nth(3).is_visible()
        # on a phone: two rows of six (October-March, April-September), each label inside its cell
        boxes = [strip.nth(i).bounding_box() for i in range(12)]
        tops = [round(b["y"]) for b in boxes]
        assert len(set(tops[:6])) == 1 and len(set(tops[6:])) == 1 and tops[6] > tops[0], tops
        widths = page.evaluate(
            """() => [...document.getElementById('months-O20.1').querySelectorAll('li')]
                .map(li => [li.scrollWidth, li.clientWidth])"""
        )
        assert all(sw <= cw for sw, cw in widths), widths
        # the same strip is in the checklist row of O20
        assert page.locator("#months-ck-O20\\.1 li[data-state='missing']").count() == 1
        _shot(page, "report-months-O20-390.png", "#months-O20\\.1")
    finally:
        page.close()


def test_no_thai_syllable_is_split_at_390_px(browser, demo):
    out, _ = demo
    html = (out / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"word-break\s*:\s*break-all", html)
    page = _page(browser, out / "report.html", 390, 844)
    try:
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        result = page.evaluate(THAI_BREAKS_JS)
        assert result["breaks"] > 300, result["breaks"]  # long Thai text and URLs were wrapped
        assert result["bad"] == []
        # the check does catch what break-all did (sara am on its own line, เ at a line end)
        page.add_style_tag(content=".url, q, .msg { word-break: break-all; }")
        assert page.evaluate(THAI_BREAKS_JS)["bad"]
    finally:
        page.close()


def test_one_digit_style_per_language(browser, demo):
    out, _ = demo
    page = _page(browser, out / "report.html")
    try:
        head = page.locator("header.masthead").inner_text() + page.locator("#summary").inner_text()
        assert not re.search("[๐-๙]", head), head
        assert "พ.ศ. 2566 (1 ตุลาคม 2565 – 30 กันยายน 2566)" in head
        assert "วันที่ 30 เมษายน 2566" in head
    finally:
        page.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_health_banner_on_a_run_whose_site_was_down(browser, tmp_path):
    port = _free_port()  # nothing listens there: every fetch is refused
    sub = tmp_path / "sub.yaml"
    sub.write_text(yaml.safe_dump({
        "agency": "หน่วยงานทดสอบ", "website": "https://agency.test/", "fiscal_year": 2566,
        "as_of": "2023-04-30",
        "items": {"O1": ["https://agency.test/a.html"], "O2": ["https://agency.test/b.pdf"]},
    }, allow_unicode=True), encoding="utf-8")  # fmt: skip
    result = run_cli(
        "check", str(sub), "--quiet", "--db", str(tmp_path / "e.sqlite"), "--out",
        str(tmp_path / "out"), "--delay", "0", "--retries", "0", "--timeout", "5",
        "--allow-private", "--rewrite-host", f"agency.test=127.0.0.1:{port}",
        env={"OITCRAWL_OCR": "0", "OITCRAWL_LANG": ""}, timeout=120,
    )  # fmt: skip
    assert result.returncode == 4, result.stderr  # crawl unhealthy
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert report["health"]["unhealthy"] is True
    page = _page(browser, tmp_path / "out" / "report.html", 390, 844)
    try:
        banner = page.locator("#crawl-health")
        assert banner.is_visible() and banner.get_attribute("role") == "alert"
        text = banner.locator("strong .th").inner_text()
        assert "คะแนนนี้ไม่ได้บอกอะไรเกี่ยวกับเนื้อหาของหน่วยงาน" in text
        box = banner.bounding_box()
        assert box["y"] < 844  # on the first screen, above the score
        assert box["y"] < page.locator("#oit-score").bounding_box()["y"]
        assert "unreliable" in page.locator("#oit-score").get_attribute("class")
        _shot(page, "report-health-390.png")
    finally:
        page.close()
    # a healthy run has no banner
    healthy = json.loads(json.dumps(report))
    healthy["health"]["unhealthy"] = False
    html = write_html(healthy, tmp_path / "healthy.html").read_text(encoding="utf-8")
    assert 'id="crawl-health"' not in html


def test_page_length(browser, demo, figures):
    """Measured: the demo page's height on a desktop and a phone and its printed A4 pages
    (before issue 14: 54,918 px, 112,576 px and 104 pages)."""
    out, _ = demo
    heights = {}
    for width, height in ((1280, 900), (390, 844)):
        page = _page(browser, out / "report.html", width, height)
        try:
            heights[width] = page.evaluate("document.documentElement.scrollHeight")
        finally:
            page.close()
    page = _page(browser, out / "report.html")
    try:
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4")
    finally:
        page.close()
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    with figures():
        print(f"report.html (demo): {heights[1280]:,} px at 1280 px, {heights[390]:,} px at "
              f"390 px, {pages} printed A4 pages")  # fmt: skip
    assert heights[1280] < 25_000 and heights[390] < 45_000 and pages < 30, (heights, pages)
