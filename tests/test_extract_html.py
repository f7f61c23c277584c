"""HTML decoding and extraction: real saiyoidenchai pages and synthetic TIS-620 pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oitcrawl.extract.html import HtmlExtract, decode_html, extract_html

CORPUS = (Path(__file__).parents[1] / "../shared/corpus/real").resolve()
SITE = CORPUS / "saiyoidenchai"
PAGES = [
    "about_us.html",
    "excustive.html",
    "general_basic.html",
    "member_org.html",
    "power.html",
    "vision.html",
]
needs_corpus = pytest.mark.skipif(
    not SITE.is_dir(), reason=f"real corpus not found at {SITE} (shared/corpus/real)"
)

THAI = "ประกาศองค์การบริหารส่วนตำบลไทรย้อย เรื่อง ราคากลาง ๒๕๖๖"


def _thai_chars(s: str) -> int:
    return sum("\u0e00" <= c <= "\u0e7f" for c in s)


# ------------------------------------------------------------------------------ real pages


@needs_corpus
@pytest.mark.parametrize("name", PAGES)
def test_real_pages(name):
    body = (SITE / name).read_bytes()
    text, encoding = decode_html(body, None)
    assert encoding == "utf-8"  # all six declare and use UTF-8 (none is TIS-620)
    assert "\ufffd" not in text
    page = extract_html(body, f"http://www.saiyoidenchai.go.th/{name}")
    assert page.encoding == "utf-8"
    assert "\ufffd" not in page.text
    assert page.title == "องค์การบริหารส่วนตำบลไทรย้อย อ.เด่นชัย จ.แพร่"
    if name == "about_us.html":
        # An unfilled Bootstrap template: Thai only in <title>, English placeholder body.
        assert _thai_chars(page.text) == 0 and "We specialise in web design" in page.text
    else:
        assert _thai_chars(page.text) > 300
    assert "function(" not in page.text and "{" not in page.text  # no script/style text
    assert not page.has_login_form
    # The whole-site menu (navbar, dropdown-menu, menu_box) is not content.
    if name != "about_us.html":
        menu = [link for link in page.links if link.label == "อำนาจและหน้าที่"]
        assert menu and not any(link.in_content for link in menu)
    assert all(link.url.startswith("http") for link in page.links)
    assert any(link.in_content for link in page.links)


@needs_corpus
def test_real_page_content_and_serialisation():
    page = extract_html(
        (SITE / "vision.html").read_bytes(), "http://www.saiyoidenchai.go.th/vision.html"
    )
    assert "วิสัยทัศน์" in page.text
    assert "ชุมชนเข้มแข็ง แหล่งทรัพยากร" in page.text
    content = [link for link in page.links if link.in_content]
    assert any(link.kind == "iframe" and "facebook.com" in link.url for link in content)
    assert any(link.kind == "img" for link in content)
    assert HtmlExtract.from_dict(json.loads(json.dumps(page.to_dict()))) == page


# ------------------------------------------------------------------------------- encodings


def _page(head: str = "", body: str = THAI) -> str:
    return f"<html><head>{head}<title>{body}</title></head><body><p>{body}</p></body></html>"


def test_windows_874_declared_in_header_only():
    body = _page().encode("cp874")
    text, enc = decode_html(body, "text/html; charset=windows-874")
    assert enc == "cp874"
    assert THAI in text


@pytest.mark.parametrize(
    "head",
    [
        '<meta charset="tis-620">',
        "<meta charset=TIS-620>",
        '<meta http-equiv="Content-Type" content="text/html; charset=tis-620">',
        '<meta http-equiv="content-type" content="text/html; charset=windows-874" />',
        '<meta charset="iso-8859-11">',
    ],
)
def test_tis620_declared_in_meta_only(head):
    body = _page(head).encode("cp874")
    text, enc = decode_html(body, "text/html")
    assert enc == "cp874"
    assert THAI in text


def test_tis620_undeclared():
    body = _page().encode("cp874")
    text, enc = decode_html(body, None)
    assert enc == "cp874"
    assert THAI in text
    assert extract_html(body, "http://a.go.th/").title == THAI


def test_all_three_declarations_give_the_same_text():
    head_only = extract_html(
        _page().encode("cp874"), "http://a.go.th/", "text/html; charset=tis-620"
    )
    meta_only = extract_html(_page("<meta charset=tis-620>").encode("cp874"), "http://a.go.th/")
    undeclared = extract_html(_page().encode("cp874"), "http://a.go.th/", "text/html")
    assert head_only.text == meta_only.text == undeclared.text == THAI
    assert head_only.title == meta_only.title == undeclared.title == THAI


def test_utf8_declared_undeclared_and_bom():
    body = _page('<meta charset="utf-8">').encode("utf-8")
    assert decode_html(body, None) == (_page('<meta charset="utf-8">'), "utf-8")
    assert THAI in decode_html(_page().encode("utf-8"), None)[0]
    text, enc = decode_html(b"\xef\xbb\xbf" + _page().encode("utf-8"), "text/html; charset=tis-620")
    assert enc == "utf-8" and THAI in text and not text.startswith("\ufeff")
    text, enc = decode_html(b"\xff\xfe" + _page().encode("utf-16-le"), None)
    assert enc.startswith("utf-16") and THAI in text


def test_mislabelled_pages():
    # Template says TIS-620, database writes UTF-8.
    text, enc = decode_html(_page("<meta charset=tis-620>").encode("utf-8"), None)
    assert enc == "utf-8" and THAI in text
    # Template says UTF-8, page is TIS-620.
    text, enc = decode_html(_page("<meta charset=utf-8>").encode("cp874"), None)
    assert enc == "cp874" and THAI in text
    # Server default charset header (Apache AddDefaultCharset) on a TIS-620 page.
    text, enc = decode_html(_page().encode("cp874"), "text/html; charset=ISO-8859-1")
    assert enc == "cp874" and THAI in text


def test_western_page_is_not_taken_for_thai():
    body = _page(body="Café crème à la française, naïve résumé").encode("cp1252")
    text, enc = decode_html(body, None)
    assert enc == "cp1252" and "Café crème" in text


# ----------------------------------------------------------------------------------- links

LINKS_PAGE = """<!doctype html><html><head><title>ลิงก์</title></head><body>
<nav><a href="/">หน้าแรก</a></nav>
<header><a href="/about">เกี่ยวกับ</a></header>
<div id="main-menu"><a href="/m1">menu 1</a></div>
<ul class="dropdown-menu"><li><a href="/m2">menu 2</a></li></ul>
<div class="navbar-inner"><a href="/m3">menu 3</a></div>
<div class="breadcrumb"><a href="/b">breadcrumb</a></div>
<div id="sidebar"><a href="/s">side</a></div>
<aside><a href="/aside">aside</a></aside>
<div class="site-footer"><a href="/f">footer</a></div>
<div class="canvas unavailable has-sidebar"><a href="c1.html">not navigation</a></div>
<main>
  <article><header><a href="/news/1">ข่าว 1</a></header>
    <p><a href="docs/ข้อมูลพื้นฐาน.pdf">ข้อมูล พื้นฐาน</a>
       <a href="../Data Room HK/Procurement new/O20 summary procurement Oct 2565.pdf#page=2">O20</a>
       <a href=" https://webportal.bangkok.go.th/page/sub/863/โครงสร้างหน่วยงาน ">โครงสร้าง</a>
       <a href="javascript:void(0)">js</a> <a href="JavaScript:alert(1)">js2</a>
       <a href="mailto:saraban@a.go.th">mail</a> <a href="tel:021234567">tel</a>
       <a href="#top">top</a> <a href="">empty</a> <a>no href</a>
       <a href="data:text/plain,x">data</a>
       <a href="report.pdf" title="รายงาน"><img src="pdf.png" alt="ไอคอน"></a>
       <a href="icon-only.pdf"><img src="i.png" alt="ดาวน์โหลด"></a>
       <a href="//cdn.go.th/x.pdf">protocol relative</a>
       <a href="upload\\2566\\ita.pdf?a=b\\c">backslash</a>
    </p>
    <ul class="pagination"><li><a href="?page=2">2</a></li></ul>
  </article>
  <iframe src="https://drive.google.com/file/d/abc/preview" title="แผน"></iframe>
  <embed src="/files/plan.pdf"><object data="/files/obj.pdf">ดูเอกสาร</object>
</main>
<footer><a href="/contact">ติดต่อ</a></footer>
</body></html>"""


@pytest.fixture(scope="module")
def links_page():
    return extract_html(LINKS_PAGE.encode("utf-8"), "http://www.a.go.th/dept/sub/page.php?id=1")


def _by_label(page, label):
    found = [link for link in page.links if link.label == label]
    assert found, label
    return found[0]


def test_links_resolved_unencoded(links_page):
    urls = [link.url for link in links_page.links]
    assert "http://www.a.go.th/dept/sub/docs/ข้อมูลพื้นฐาน.pdf" in urls
    assert (
        "http://www.a.go.th/dept/Data Room HK/Procurement new/O20 summary procurement Oct 2565.pdf"
        in urls
    )
    assert "https://webportal.bangkok.go.th/page/sub/863/โครงสร้างหน่วยงาน" in urls
    assert "http://cdn.go.th/x.pdf" in urls
    assert "http://www.a.go.th/dept/sub/upload/2566/ita.pdf?a=b\\c" in urls
    assert "http://www.a.go.th/dept/sub/page.php?page=2" in urls
    assert not any("%" in u for u in urls)
    assert not any("#" in u for u in urls)


def test_links_skipped(links_page):
    urls = [link.url for link in links_page.links]
    assert not any(u.lower().startswith(("javascript:", "mailto:", "tel:", "data:")) for u in urls)
    labels = {link.label for link in links_page.links}
    assert not labels & {"js", "js2", "mail", "tel", "top", "empty", "no href", "data"}


def test_links_in_content(links_page):
    for label in ("หน้าแรก", "เกี่ยวกับ", "menu 1", "menu 2", "menu 3", "breadcrumb", "side"):
        assert not _by_label(links_page, label).in_content, label
    for label in ("aside", "footer", "ติดต่อ"):
        assert not _by_label(links_page, label).in_content, label
    for label in ("ข่าว 1", "ข้อมูล พื้นฐาน", "O20", "2", "not navigation", "โครงสร้าง"):
        assert _by_label(links_page, label).in_content, label


def test_link_labels_and_embeds(links_page):
    assert _by_label(links_page, "รายงาน").url.endswith("/report.pdf")  # title wins over img alt
    assert _by_label(links_page, "ดาวน์โหลด").url.endswith("/icon-only.pdf")
    kinds = {link.kind: link for link in links_page.links if link.kind != "a"}
    assert kinds["iframe"].url == "https://drive.google.com/file/d/abc/preview"
    assert kinds["iframe"].label == "แผน"
    assert kinds["embed"].url == "http://www.a.go.th/files/plan.pdf"
    assert kinds["object"].url == "http://www.a.go.th/files/obj.pdf"
    assert kinds["object"].label == "ดูเอกสาร"
    assert kinds["img"].label in ("ไอคอน", "ดาวน์โหลด")
    assert all(link.in_content for link in kinds.values())


def test_base_href():
    html = (
        '<html><head><base href="/th/"></head><body>'
        '<a href="page/sub/863/โครงสร้าง หน่วยงาน">a</a><a href="/abs">b</a></body></html>'
    )
    page = extract_html(html.encode(), "https://webportal.bangkok.go.th/bangrak/index.php")
    assert [link.url for link in page.links] == [
        "https://webportal.bangkok.go.th/th/page/sub/863/โครงสร้าง หน่วยงาน",
        "https://webportal.bangkok.go.th/abs",
    ]


def test_meta_refresh():
    html = (
        '<html><head><meta http-equiv="Refresh" content="0; URL=\'home/index.php\'"></head></html>'
    )
    assert extract_html(html.encode(), "http://a.go.th/x/").meta_refresh == (
        "http://a.go.th/x/home/index.php"
    )
    html = '<meta http-equiv="refresh" content="5;url=https://b.go.th/ข่าว">'
    assert extract_html(html.encode(), "http://a.go.th/").meta_refresh == "https://b.go.th/ข่าว"
    assert (
        extract_html(b'<meta http-equiv="refresh" content="30">', "http://a.go.th/").meta_refresh
        is None
    )
    assert extract_html(b"<p>x</p>", "http://a.go.th/").meta_refresh is None


# ------------------------------------------------------------------------ text, tables, forms


def test_visible_text_blocks():
    html = """<html><head><title> หัว  เรื่อง </title><style>p{color:red}</style></head><body>
    <script>var x = "ซ่อน";</script><noscript>เปิด JavaScript</noscript>
    <template><p>แม่แบบ</p></template><!-- ความเห็น -->
    <h1>ประกาศ</h1><p>บรรทัด   แรก<br>บรรทัด<b>สอง</b></p><div>ย่อหน้า&nbsp;ใหม่</div>
    <ul><li>หนึ่ง</li><li>สอง</li></ul><span>ต่อ</span><span>กัน</span>
    <pre>  ข้อ 1
  ข้อ 2</pre></body></html>"""
    page = extract_html(html.encode(), "http://a.go.th/")
    assert page.title == "หัว เรื่อง"
    assert page.text.split("\n") == [
        "ประกาศ",
        "บรรทัด แรก",
        "บรรทัดสอง",
        "ย่อหน้า ใหม่",
        "หนึ่ง",
        "สอง",
        "ต่อกัน",
        "ข้อ 1",
        "ข้อ 2",
    ]
    for hidden in ("ซ่อน", "JavaScript", "แม่แบบ", "ความเห็น", "color"):
        assert hidden not in page.text


def test_title_falls_back_to_h1():
    assert extract_html("<h1>รายงาน <i>ประจำปี</i></h1>".encode(), "http://a.go.th/").title == (
        "รายงาน ประจำปี"
    )
    assert extract_html(b"", "http://a.go.th/").title == ""


def test_tables():
    html = """<table><tr><th>ลำดับ</th><th colspan=2>รายการ</th></tr>
    <tr><td>1</td><td>จัดซื้อ <b>ครุภัณฑ์</b></td><td>๕๐,๐๐๐</td></tr>
    <tr><td>2</td><td><table><tr><td>ใน</td><td>ตาราง</td></tr></table></td><td></td></tr>
    </table><table></table>"""
    page = extract_html(html.encode(), "http://a.go.th/")
    assert page.tables == [
        [["ลำดับ", "รายการ"], ["1", "จัดซื้อ ครุภัณฑ์", "๕๐,๐๐๐"], ["2", "ใน ตาราง", ""]],
        [["ใน", "ตาราง"]],
    ]


def test_login_form():
    login = '<form action="/login"><input name=u><input type="PASSWORD" name=p></form>'
    assert extract_html(login.encode(), "http://a.go.th/").has_login_form
    search = '<form><input type="text" name="q"><input type="submit"></form>'
    assert not extract_html(search.encode(), "http://a.go.th/").has_login_form


def test_bad_markup_does_not_raise():
    for body in (b"", b"\x00\x00<html", b"<a href='http://[::1'>x</a>", b"<<<>>>" * 1000):
        page = extract_html(body, "http://a.go.th/")
        assert isinstance(page.text, str)


def test_text_is_the_page_content_without_site_navigation():
    body = (
        "<html><body><header><h1>สำนักงานเขตห้วยขวาง</h1></header>"
        "<nav><a href='/a'>อัตรากำลัง</a> <a href='/b'>แผนปฏิบัติราชการ</a></nav>"
        "<div class='breadcrumb'>หน้าแรก &gt; โครงสร้าง</div>"
        "<div class='content'><p>ผังโครงสร้างสำนักงานเขต</p>"
        "<article><header>ประกาศ ฉบับที่ 1</header><p>เนื้อหา</p></article></div>"
        "<footer>ติดต่อ 02-274-4351</footer></body></html>"
    ).encode()
    page = extract_html(body, "https://webportal.bangkok.go.th/huaikhwang/page/sub/863/x")
    assert page.text.splitlines() == ["ผังโครงสร้างสำนักงานเขต", "ประกาศ ฉบับที่ 1", "เนื้อหา"]
    assert [(lk.url.rsplit("/", 1)[1], lk.in_content) for lk in page.links] == [
        ("a", False),
        ("b", False),
    ]
    only_nav = b"<html><body><nav><a href='/a'>menu only</a></nav></body></html>"
    assert extract_html(only_nav, "https://a.go.th/").text == "menu only"


# ---- blocks with roles (issue 12) --------------------------------------------------------

CMS_PAGE = """<html><head><title>สถิติ - สำนักงานเขต</title></head><body>
<nav class="menu"><a href="/a">หน้าหลัก</a><a href="/b">สถิติการให้บริการ</a></nav>
<div class="content">
<h1>สถิติการให้บริการ 2566 รอบ 6 เดือน</h1>
<p>สถิติการให้บริการประชาชน ปีงบประมาณ พ.ศ. 2566</p>
<ul><li><a href="/f/stat.pdf">สถิติการให้บริการ ต.ค. 2565 – มี.ค. 2566</a></li>
<li>แจ้งเกิด 239 ราย</li></ul>
<table><tr><th>เดือน</th><th>จำนวน</th></tr>
<tr><td>กุมภาพันธ์ 2566</td><td>8</td></tr>
<tr><td><a href="/f/mar.pdf">มีนาคม 2566</a></td><td>10</td></tr></table>
ข้อความนอกย่อหน้า <b>ตัวหนา</b><br>บรรทัดถัดไป
</div>
<footer>© 2566 สำนักงานเขต</footer></body></html>"""


def test_blocks_carry_the_role_of_each_piece_of_text():
    page = extract_html(CMS_PAGE.encode(), "https://webportal.bangkok.go.th/x/page/sub/1")
    got = [(b.role, b.text, b.table, b.row, b.col) for b in page.blocks]
    assert got == [
        ("heading", "สถิติการให้บริการ 2566 รอบ 6 เดือน", None, None, None),
        ("content", "สถิติการให้บริการประชาชน ปีงบประมาณ พ.ศ. 2566", None, None, None),
        ("link_label", "สถิติการให้บริการ ต.ค. 2565 – มี.ค. 2566", None, None, None),
        ("list_entry", "แจ้งเกิด 239 ราย", None, None, None),
        ("cell", "เดือน", 0, 0, 0),
        ("cell", "จำนวน", 0, 0, 1),
        ("cell", "กุมภาพันธ์ 2566", 0, 1, 0),
        ("cell", "8", 0, 1, 1),
        ("link_label", "มีนาคม 2566", 0, 2, 0),
        ("cell", "10", 0, 2, 1),
        ("content", "ข้อความนอกย่อหน้า ตัวหนา", None, None, None),
        ("content", "บรรทัดถัดไป", None, None, None),
    ]  # the menu and the footer are not blocks at all


def test_blocks_survive_the_json_round_trip():
    page = extract_html(CMS_PAGE.encode(), "https://webportal.bangkok.go.th/x")
    again = HtmlExtract.from_dict(json.loads(json.dumps(page.to_dict())))
    assert again.blocks == page.blocks
