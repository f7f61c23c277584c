"""Discover on real-shaped portals (issue 18): a splash homepage that sends the browser on by
JavaScript, PHP-include pages (several whole documents in one response), an ITA hub linked
"/ita68" and "/ita68/index.html", a server's folder listing of 8 documents. Discovery must
reach the ITA page one step from the real homepage, and propose no hub, listing or duplicate;
discovery.json says why each was left out. Served on 127.0.0.1 by the sample-site server.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from oitcrawl.sample_site.server import serve
from tests.conftest import run_cli

pytestmark = pytest.mark.timeout(300)

HOST = "www.tambon-test.go.th"
HOME = f"https://{HOST}/"
FAST = ("--allow-private", "--delay", "0", "--concurrency", "8", "--timeout", "10")


def _doc(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="th"><head><meta charset="utf-8"><title>{title}</title>'
        f"</head>\n<body>\n{body}\n</body></html>\n"
    )


ITEMS = {
    "O1": ("โครงสร้าง", "<h1>โครงสร้างหน่วยงาน</h1><p>แผนผังโครงสร้างการแบ่งส่วนราชการ "
           "สำนักปลัด กองคลัง กองช่าง นายกองค์การบริหารส่วนตำบล ปลัดองค์การบริหารส่วนตำบล</p>"),
    "O2": ("ข้อมูลผู้บริหาร", "<h1>ข้อมูลผู้บริหาร</h1><p>นายกองค์การบริหารส่วนตำบล นายสมชาย ใจดี "
           "รองนายกองค์การบริหารส่วนตำบล ปลัดองค์การบริหารส่วนตำบล โทร 054-123456</p>"),
    "O5": ("ข้อมูลการติดต่อ", "<h1>ข้อมูลการติดต่อ</h1><p>ที่อยู่ 99 หมู่ 1 ตำบลทดสอบ อำเภอเมือง "
           "จังหวัดแพร่ 54000 หมายเลขโทรศัพท์ 054-123456 โทรสาร 054-123457 "
           "อีเมล saraban@tambon-test.go.th แผนที่ตั้ง</p>"),
}  # fmt: skip


def _site(root: Path) -> None:
    site = root / HOST
    (site / "th").mkdir(parents=True)
    (site / "ita68").mkdir()
    (site / "files").mkdir()
    # the homepage is a splash page that sends the browser on by script
    (site / "index.html").write_text(
        "<html><head><title>ยินดีต้อนรับ</title><script>"
        'window.location.href = "/th/index.php";</script></head>'
        '<body><img src="/images/splash.jpg" alt="ยินดีต้อนรับ"></body></html>',
        encoding="utf-8",
    )
    # the real homepage: PHP includes, each a whole document; the ITA link is in the menu
    header = _doc("องค์การบริหารส่วนตำบลทดสอบ", '<div class="logo"><img src="/images/logo.png"></div>')
    menu = _doc(
        "menu",
        '<ul class="menu"><li><a href="/th/index.php">หน้าหลัก</a></li>'
        '<li><a href="/ita68">ITA 2568</a></li><li><a href="/files/">เอกสารดาวน์โหลด</a></li></ul>',
    )
    news = _doc("news", "<h2>ข่าวประชาสัมพันธ์</h2><p>กิจกรรมวันเด็กแห่งชาติ ประจำปี 2568</p>")
    footer = "<html><body><div id='footer'>อบต.ทดสอบ 99 หมู่ 1</div></body></html>"
    (site / "th" / "index.php.html").write_text(header + menu + news + footer, encoding="utf-8")
    # the ITA hub: a table of items, linked as /ita68, /ita68/ and /ita68/index.html
    rows = "".join(
        f'<tr><td>{i}</td><td>{t}</td><td><a href="/ita68/{i.lower()}.html">{t}</a></td></tr>'
        for i, (t, _) in ITEMS.items()
    )
    rows += "".join(
        f'<tr><td>O{n}</td><td>ข้อ {n}</td><td><a href="/ita68/o{n}.html">ข้อ {n}</a></td></tr>'
        for n in (3, 4, 6)
    )
    hub = _doc(
        "ITA 2568",
        '<p class="breadcrumb"><a href="/th/index.php">หน้าหลัก</a> &gt; '
        '<a href="/ita68/index.html">ITA</a></p>'
        "<h1>การเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. 2568</h1>"
        f"<table><tr><th>ข้อ</th><th>ข้อมูล</th><th>ลิงก์</th></tr>{rows}</table>",
    )
    (site / "ita68" / "index.html").write_text(hub, encoding="utf-8")
    for i, (title, body) in ITEMS.items():
        (site / "ita68" / f"{i.lower()}.html").write_text(
            _doc(title, header.split("<body>")[0] + body), encoding="utf-8"
        )
    # a print version of O2 with other bytes, pointing at the page by <link rel=canonical>
    title, body = ITEMS["O2"]
    (site / "ita68" / "o2-print.html").write_text(
        _doc(title, body + "<p>พิมพ์เมื่อ 31 มีนาคม 2568</p>").replace(
            "</title>", '</title><link rel="canonical" href="/ita68/o2.html">'
        ),
        encoding="utf-8",
    )
    (site / "ita68" / "index.html").write_text(
        hub.replace("</table>", '</table><a href="/ita68/o2-print.html">ฉบับพิมพ์</a>'),
        encoding="utf-8",
    )
    for n in (3, 4, 6):
        (site / "ita68" / f"o{n}.html").write_text(_doc(f"ข้อ {n}", "<p>อยู่ระหว่างปรับปรุง</p>"))
    # an Apache folder listing of 8 documents
    names = [f"O{n}_2568.html" for n in range(10, 18)]
    listing = (
        "<html><head><title>Index of /files</title></head><body><h1>Index of /files</h1><pre>"
        '<a href="?C=N;O=D">Name</a> <a href="?C=M;O=A">Last modified</a> '
        '<a href="?C=S;O=A">Size</a><hr><a href="/">Parent Directory</a>\n'
        + "".join(f'<a href="{n}">{n}</a>  2025-01-10 10:00  12K\n' for n in names)
        + "</pre></body></html>"
    )
    (site / "files" / "index.html").write_text(listing, encoding="utf-8")
    for n in names:
        (site / "files" / n).write_text(_doc(n, "<p>รายงาน</p>"), encoding="utf-8")


@pytest.fixture(scope="module")
def discovered(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    _site(root)
    out = tmp_path_factory.mktemp("out")
    with serve(root) as site:
        rules = [a for r in site.rewrite_rules([HOST]) for a in ("--rewrite-host", r)]
        result = run_cli(
            "discover", HOME, "--framework", "nacc-2565", "--fiscal-year", "2568",
            "--as-of", "2025-03-31", "--out", str(out / "proposal.yaml"),
            "--db", str(out / "discover.sqlite"), *rules, *FAST,
            timeout=240, env={"OITCRAWL_OCR": "0"},
        )  # fmt: skip
    assert result.returncode == 0, result.stderr + result.stdout
    proposal = yaml.safe_load((out / "proposal.yaml").read_text(encoding="utf-8"))
    discovery = json.loads((out / "proposal.discovery.json").read_text(encoding="utf-8"))
    return proposal, discovery


def _proposed(proposal: dict) -> list[str]:
    return [u for v in (proposal.get("items") or {}).values() for u in v.get("urls", [])]


def test_the_ita_page_behind_a_script_redirect_and_php_includes_is_found(discovered):
    proposal, _ = discovered
    urls = _proposed(proposal)
    assert f"https://{HOST}/ita68/o1.html" in urls
    assert f"https://{HOST}/ita68/o5.html" in urls


def test_no_hub_listing_or_duplicate_is_proposed(discovered):
    proposal, discovery = discovered
    urls = _proposed(proposal)
    assert not [u for u in urls if u.rstrip("/").endswith(("/ita68", "/index.html", "/files"))]
    why = {d["url"]: d["why"] for d in discovery["crawl"]["not_proposed"]}
    hub = [u for u in why if u.rstrip("/").endswith("/ita68")]
    assert hub and "hub" in why[hub[0]]
    dup = [u for u in why if u.endswith("/ita68/index.html")]
    assert dup and "same content" in why[dup[0]]
    listing = [u for u in why if u.rstrip("/").endswith("/files")]
    assert listing and "folder listing" in why[listing[0]]
    printed = f"https://{HOST}/ita68/o2-print.html"
    assert "same content" in why[printed] and printed not in urls


def test_the_splash_pages_target_is_the_homepage(discovered):
    proposal, discovery = discovered
    assert proposal["agency"] == "องค์การบริหารส่วนตำบลทดสอบ"  # not the splash's "ยินดีต้อนรับ"
    assert f"https://{HOST}/th/index.php" not in _proposed(proposal)
    why = {d["url"]: d["why"] for d in discovery["crawl"]["not_proposed"]}
    assert "homepage" in why[f"https://{HOST}/th/index.php"]
