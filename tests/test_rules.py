"""The rule engine on hand-made evidence: every finding code, element statuses, item statuses,
the period rules in context, the main-website and reachability rules, and reviewer notes.

Documents are built as the store holds them (fetch and extract rows), so these tests exercise
the same code path as a real run without a crawl.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest

from oitcrawl.crawl.urls import request_url
from oitcrawl.evaluate.documents import EvidenceDoc
from oitcrawl.evaluate.findings import CODES
from oitcrawl.evaluate.notes import reviewer_note
from oitcrawl.evaluate.rules import Context, evaluate_item
from oitcrawl.extract.thai import word_starts
from oitcrawl.framework import load_framework

BMA = load_framework("bma-district-2566")
CTX = Context(BMA, 2566, dt.date(2023, 4, 30))
SITE = "https://webportal.bangkok.go.th/huaikhwang"
O23_ANTIBRIBERY = (
    "ประกาศสำนักงานเขตห้วยขวาง เรื่อง นโยบายต่อต้านการให้หรือรับสินบน (Anti-Bribery Policy) "
    "สำนักงานเขตห้วยขวางจะไม่รับสินบน ประกาศ ณ วันที่ 10 ตุลาคม พ.ศ. 2565 ผู้อำนวยการเขตห้วยขวาง"
)


def doc(
    url: str,
    text: str = "",
    *,
    depth: int = 0,
    root: str | None = None,
    via: str | None = None,
    label: str = "",
    status: int | None = 200,
    outcome: str = "ok",
    error_kind: str | None = None,
    kind: str = "html",
    pages: list[str] | None = None,
    scanned_pages: int = 0,
    login_form: bool = False,
    links: list[dict] | None = None,
    main: bool | None = None,
    blocks: list[tuple] | None = None,
    size: int | None = None,
) -> EvidenceDoc:
    """An evidence document as the store would give it (fetch row + extract row).
    `blocks`: a web page's text as (role, text[, table, row, col]) blocks; `size`: bytes."""
    url = request_url(url)
    fetch = {
        "url": url,
        "final_url": url,
        "http_status": status,
        "outcome": outcome,
        "error_kind": error_kind,
        "error": None if outcome == "ok" else f"HTTP {status}" if status else error_kind,
        "sha256": "0" * 64,
        "redirect_chain_json": "[]",
        **({"bytes": size} if size is not None else {}),
    }
    page_rows = None
    if pages is not None or scanned_pages:
        page_rows = [
            {"number": i, "text": t, "chars": len(t), "has_text_layer": True, "image_count": 0}
            for i, t in enumerate(pages or [], 1)
        ] + [
            {"number": i, "text": "", "chars": 0, "has_text_layer": False, "image_count": 1}
            for i in range(len(pages or []) + 1, len(pages or []) + 1 + scanned_pages)
        ]
    extract = {
        "sniffed_type": kind,
        "title": "",
        "text": text if pages is None else "\n".join(pages),
        "page_count": len(page_rows) if page_rows is not None else None,
        "pages_json": json.dumps(page_rows, ensure_ascii=False),
        "links_json": json.dumps(links or [], ensure_ascii=False),
        "tables_json": "[]",
        "has_login_form": int(login_form),
        "error": None,
        "blocks_json": json.dumps(
            [dict(zip(("role", "text", "table", "row", "col"), b, strict=False)) for b in blocks]
            if blocks
            else None,
            ensure_ascii=False,
        ),
    }
    root = request_url(root) if root else url
    counts = main if main is not None else root.startswith("https://webportal.bangkok.go.th/")
    return EvidenceDoc(url, depth, via, label, root, fetch, extract, counts)


def judge(item_id: str, docs: list[EvidenceDoc], urls: list[str] | None = None, **sub):
    urls = urls if urls is not None else [d.url for d in docs if d.depth == 0]
    return evaluate_item(BMA.items[item_id], {"urls": urls, **sub}, docs, CTX)


def table(result) -> list[tuple]:
    return [(f.code, f.severity, f.element, f.url) for f in result.findings]


# ---- O23 (No Gift / Anti-Bribery): two required elements ---------------------------------

NO_GIFT = (
    "ประกาศสำนักงานเขตห้วยขวาง เรื่อง นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ "
    "(No Gift Policy) ประกาศ ณ วันที่ 10 ตุลาคม พ.ศ. 2565 ผู้อำนวยการเขตห้วยขวาง"
)
PAGE = f"{SITE}/page/sub/16265/เจตจำนงสุจริตผู้บริหาร"
PDF = "https://webportal.bangkok.go.th/public/user_files_editor/59/O23 No Gift 2566.pdf"


def test_every_element_met_passes_with_evidence_and_the_note_says_none():
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY + " " + NO_GIFT)])
    assert (r.status, r.score, table(r)) == ("pass", 100.0, [])
    assert [(e.element.id, e.status) for e in r.elements] == [("O23.1", "met"), ("O23.2", "met")]
    hit = r.elements[1].evidence[0]
    assert hit.url.endswith("เจตจำนงสุจริตผู้บริหาร") and hit.page is None
    assert "ของขวัญ" in hit.excerpt or "No Gift" in hit.excerpt
    assert reviewer_note(r.findings, BMA) == ("- ไม่มี", "- None")


def test_missing_element_names_the_element_and_fails():
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY)])
    assert (r.status, r.score) == ("fail", 0.0)
    assert table(r) == [("missing_element", "error", "O23.2", None)]
    note_th, note_en = reviewer_note(r.findings, BMA)
    el = BMA.items["O23"].elements[1]
    assert note_th == (
        f"ความครบถ้วนของข้อมูล : เหตุผลที่ไม่ครบถ้วน {el.missing_th}\n"
        f"ข้อเสนอแนะ - ด้านข้อมูล : ขอให้สำนักงานเขต {el.suggestion_th}"
    )
    assert note_en.startswith(f"Completeness: incomplete because {el.missing_en}\n")


def test_image_only_pdf_makes_the_element_unverified_and_the_item_review():
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY), doc(PDF, kind="pdf", scanned_pages=1)])
    assert r.status == "review" and r.score == 0.0
    assert table(r) == [("not_machine_readable", "error", "O23.2", PDF.replace("%20", " "))]
    assert r.elements[1].status == "unverified"


def test_text_pdf_page_numbers_are_the_evidence():
    pdf = doc(PDF, kind="pdf", pages=["หน้าปก", NO_GIFT])
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY), pdf])
    assert r.status == "pass"
    assert {(h.url, h.page) for h in r.elements[1].evidence} == {(pdf.display_url, 2)}


def test_an_unreadable_document_is_unverified_content():
    docx = doc(f"{SITE}/files/nogift.docx", kind="docx", text="")
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY), docx])
    assert r.status == "review"
    assert [f.code for f in r.findings] == ["unverified_content"]


def test_a_picture_inside_the_page_is_not_blamed():
    photo = doc(f"{SITE}/img/director.jpg", kind="jpeg", depth=1, via=request_url(PAGE),
                root=PAGE, links=[])  # fmt: skip
    page = doc(PAGE, O23_ANTIBRIBERY, links=[{"url": photo.url, "label": "", "kind": "img"}])
    from oitcrawl.evaluate.documents import _link_kinds

    kinds = _link_kinds({page.url: page.fetch}, {page.fetch["sha256"]: page.extract})
    photo.embedded = kinds[(page.url, photo.url)] == {"img"}
    r = judge("O23", [page, photo])
    assert table(r) == [("missing_element", "error", "O23.2", None)]


# ---- reachability: broken, login, not sure, outside hosts ------------------------------------


def test_broken_submitted_document_is_the_reason_and_fails():
    gone = doc(PDF, status=404, outcome="broken", error_kind="http_404", kind="html")
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY), gone])
    assert r.status == "fail"
    assert table(r) == [("broken_link", "error", "O23.2", gone.display_url)]
    assert "ไม่พบหน้าหรือไฟล์ (HTTP 404)" in r.findings[0].message_th


def test_broken_submitted_url_fails_the_item_even_when_the_content_is_elsewhere():
    gone = doc(PDF, status=404, outcome="broken", error_kind="http_404")
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY + NO_GIFT), gone])
    assert r.status == "fail"
    assert table(r) == [("broken_link", "error", None, gone.display_url)]


def test_a_broken_linked_document_fails_the_item_even_when_the_content_is_elsewhere():
    """Issue 12 / DOMAIN.md §3a: every evidence link must work; a page that reads right does
    not excuse the broken file it links to (it was a warning before issue 12)."""
    gone = doc(PDF, status=404, outcome="broken", depth=1, root=PAGE, via=PAGE)
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY + NO_GIFT), gone], urls=[PAGE])
    assert r.status == "fail"
    assert table(r) == [("broken_link", "error", None, gone.display_url)]


def test_login_page_submitted_fails_with_login_required():
    login = doc(f"{SITE}/member/tracking", "เข้าสู่ระบบ ชื่อผู้ใช้ รหัสผ่าน", status=401,
                outcome="http_error", error_kind="http_401", login_form=True)  # fmt: skip
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY + NO_GIFT), login])
    assert r.status == "fail"
    assert table(r) == [("login_required", "error", None, login.display_url)]


def test_not_sure_is_never_broken_the_item_goes_to_review():
    slow = doc(PDF, status=None, outcome="not_sure", error_kind="timeout")
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY), slow])
    assert r.status == "review"
    assert [f.code for f in r.findings] == ["unreachable"]
    assert r.findings[0].element == "O23.2" and r.elements[1].status == "unverified"
    assert "เซิร์ฟเวอร์ไม่ตอบภายในเวลาที่กำหนด" in r.findings[0].message_th


def test_evidence_on_google_drive_is_not_main_website():
    drive = "https://drive.google.com/file/d/abc/view"
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY), doc(drive, NO_GIFT, main=False)])
    assert r.status == "fail"
    assert table(r) == [("not_main_website", "error", "O23.2", drive)]
    assert "drive.google.com" in r.findings[0].message_th


def test_outside_url_besides_complete_main_evidence_is_a_warning():
    drive = "https://drive.google.com/file/d/abc/view"
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY + NO_GIFT), doc(drive, NO_GIFT, main=False)])
    assert r.status == "pass"
    assert table(r) == [("not_main_website", "warning", None, drive)]


def test_also_main_hosts_and_subdomains_count_as_main(tmp_path):
    from oitcrawl.crawl.urls import is_main_website

    assert is_main_website("https://eservice.bangkok.go.th/x", SITE, ("eservice.bangkok.go.th",))
    assert is_main_website("https://www.webportal.bangkok.go.th/a", SITE)
    assert not is_main_website("https://drive.google.com/x", SITE, ("eservice.bangkok.go.th",))


def test_no_url_and_no_evidence():
    r = evaluate_item(BMA.items["O23"], None, [], CTX)
    assert (r.status, table(r)) == ("fail", [("no_url", "error", None, None)])
    r = judge("O23", [doc(PAGE, "ข่าวประชาสัมพันธ์ กิจกรรมวันเด็ก")])
    assert (r.status, [f.code for f in r.findings]) == ("fail", ["no_evidence"])
    assert r.findings[0].element is None and r.findings[0].severity == "error"


def test_not_applicable_is_excluded_from_the_score():
    r = evaluate_item(BMA.items["O5"], {"urls": [], "not_applicable": True}, [], CTX)
    assert (r.status, r.score, r.findings) == ("not_applicable", None, [])
    assert reviewer_note(r.findings, BMA, True)[0].startswith("- ไม่เกี่ยวข้อง")


# ---- periods in context ------------------------------------------------------------------


PLAN_PAGE = f"{SITE}/page/sub/16283/แผนปฏิบัติราชการประจำปี"


def _o8_docs(plan_year: str, report: str) -> list[EvidenceDoc]:
    plan = (
        f"แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. {plan_year}\nโครงการ งบประมาณ (บาท)\n"
        "โครงการพัฒนาคุณภาพชีวิตผู้สูงอายุในชุมชน 250,000\n"
        "โครงการปรับปรุงภูมิทัศน์ริมคลองสามเสน 1,200,000"
    )
    progress = (  # the report's own content: what was done, not only its heading
        f"{report}\nโครงการพัฒนาคุณภาพชีวิตผู้สูงอายุในชุมชน ผลการดำเนินงาน ร้อยละ 45\n"
        "โครงการปรับปรุงภูมิทัศน์ริมคลองสามเสน ผลการดำเนินงาน ร้อยละ 30"
    )
    return [
        doc(PLAN_PAGE, "แผนปฏิบัติราชการประจำปี", links=[]),
        doc(f"{SITE}/files/O8 plan {plan_year}.pdf", kind="pdf", pages=[plan]),
        doc(f"{SITE}/files/O8 report.pdf", kind="pdf", pages=[progress]),
    ]


def test_last_years_plan_is_outdated_and_names_the_year_found():
    report = "รายงานผลการปฏิบัติราชการ รอบ 6 เดือน (ตุลาคม 2565 - มีนาคม 2566)"
    r = judge("O8", _o8_docs("2565", report))
    assert r.status == "fail"
    assert [(f.code, f.element) for f in r.findings] == [("outdated", "O8.1")]
    assert "2565" in r.findings[0].message_th and r.elements[0].period.found_fiscal_years == (2565,)
    r = judge("O8", _o8_docs("2566", report))
    assert (r.status, r.findings) == ("pass", [])


def test_a_half_year_report_that_stops_in_december_is_missing_period():
    r = judge("O8", _o8_docs("2566", "รายงานผลการปฏิบัติราชการ ประจำเดือน ธันวาคม 2565"))
    assert [(f.code, f.element) for f in r.findings] == [("missing_period", "O8.2")]


O20_PAGE = f"{SITE}/page/sub/22003/สรุปผลการจัดซื้อจัดจ้าง"
FIELDS = (
    "งานที่ซื้อหรือจ้าง วงเงินที่ซื้อหรือจ้าง ราคากลาง วิธีซื้อหรือจ้าง รายชื่อผู้เสนอราคาและราคาที่เสนอ "
    "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง เหตุผลที่คัดเลือกโดยสังเขป เลขที่และวันที่ของสัญญา"
)


# one procurement of the month: a record under the แบบ สขร.1 header
ROW = "1 จัดซื้อวัสดุสำนักงาน 15,000 15,000 เฉพาะเจาะจง ร้านเอ 14,800 ร้านเอ 14,800 ราคาต่ำสุด 12/2566"


def _month_doc(
    name: str, month_th: str, body: str = FIELDS, status: int = 200, row: str = ROW
) -> EvidenceDoc:
    text = f"สรุปผลการดำเนินการจัดซื้อจัดจ้าง ประจำเดือน {month_th}\n{body}\n{row}".strip()
    if status != 200:
        return doc(f"{SITE}/files/{name}.pdf", status=status, outcome="broken", depth=1,
                   root=O20_PAGE, via=O20_PAGE, label=f"ประจำเดือน {month_th}")  # fmt: skip
    return doc(f"{SITE}/files/{name}.pdf", kind="pdf", pages=[text], depth=1, root=O20_PAGE,
               via=O20_PAGE, label=f"ประจำเดือน {month_th}")  # fmt: skip


MONTHS = [("oct", "ตุลาคม 2565"), ("nov", "พฤศจิกายน 2565"), ("dec", "ธันวาคม 2565"),
          ("jan", "มกราคม 2566"), ("feb", "กุมภาพันธ์ 2566"), ("mar", "มีนาคม 2566")]  # fmt: skip


def _o20(months: list[EvidenceDoc]) -> EvidenceDoc:
    labels = " ".join(d.label for d in months)
    links = [{"url": d.url, "label": d.label, "kind": "a"} for d in months]
    return doc(O20_PAGE, f"สรุปผลการจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. 2566 {labels}", links=links)


def test_every_month_present_passes():
    months = [_month_doc(n, m) for n, m in MONTHS]
    r = judge("O20", [_o20(months), *months], urls=[O20_PAGE])
    assert (r.status, r.findings) == ("pass", [])
    assert r.elements[0].period.covered_months == (
        "2022-10", "2022-11", "2022-12", "2023-01", "2023-02", "2023-03",
    )  # fmt: skip


def test_missing_months_are_listed_and_an_explicit_none_month_counts():
    months = [_month_doc(n, m) for n, m in MONTHS if n not in ("jan", "mar")]
    months[1] = _month_doc("nov", "พฤศจิกายน 2565", body="ไม่มีการจัดซื้อจัดจ้าง", row="")
    r = judge("O20", [_o20(months), *months], urls=[O20_PAGE])
    assert r.status == "fail"
    assert [(f.code, f.element, f.months) for f in r.findings] == [
        ("missing_period", "O20.1", ("2023-01", "2023-03"))
    ]
    assert "ขาดเดือน มกราคม 2566, มีนาคม 2566" in r.findings[0].message_th


def test_a_month_whose_file_is_broken_is_missing_even_if_the_page_lists_it():
    months = [_month_doc(n, m) for n, m in MONTHS]
    months[3] = _month_doc("jan", "มกราคม 2566", status=404)
    r = judge("O20", [_o20(months), *months], urls=[O20_PAGE])
    codes = [(f.code, f.severity, f.months) for f in r.findings]
    assert codes == [
        ("missing_period", "error", ("2023-01",)),
        ("broken_link", "error", ()),
    ]


def test_an_advisory_element_only_warns():
    months = [_month_doc(n, m, body=FIELDS.split(" เหตุผล")[0]) for n, m in MONTHS]
    r = judge("O20", [_o20(months), *months], urls=[O20_PAGE])
    assert r.status == "pass" and r.score == 100.0
    assert [(f.code, f.severity, f.element) for f in r.findings] == [
        ("missing_element", "warning", "O20.4")
    ]
    assert reviewer_note(r.findings, BMA)[0].startswith("ความครบถ้วนของข้อมูล : เหตุผลที่ไม่ครบถ้วน")


# ---- the vocabulary ------------------------------------------------------------------------


def test_every_finding_code_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert list(CODES) == [
        "no_url", "broken_link", "unreachable", "login_required", "not_main_website",
        "no_evidence", "missing_element", "label_only", "no_records", "empty_document",
        "outdated", "unsigned", "missing_period", "not_machine_readable", "unverified_content",
    ]  # fmt: skip
    for code in CODES:
        assert f"`{code}`" in readme, code


@pytest.mark.parametrize("bad", [{"code": "typo"}, {"severity": "fatal"}])
def test_a_finding_refuses_unknown_codes_and_severities(bad):
    from oitcrawl.evaluate.findings import Finding

    base = dict(code="no_url", severity="error", item="O1", element=None, url=None, detail="",
                message_th="ก", message_en="a", suggestion_th="ข", suggestion_en="b")  # fmt: skip
    with pytest.raises(ValueError):
        Finding(**{**base, **bad})


def test_the_same_engine_judges_the_nacc_2565_tree():
    """nacc-2565 numbers procurement summaries O23 and addresses the note to หน่วยงาน."""
    nacc = load_framework("nacc-2565")
    ctx = Context(nacc, 2566, dt.date(2023, 4, 30))
    months = [_month_doc(n, m) for n, m in MONTHS if n != "feb"]
    r = evaluate_item(nacc.items["O23"], {"urls": [O20_PAGE]}, [_o20(months), *months], ctx)
    assert r.status == "fail"
    assert [(f.code, f.element, f.months) for f in r.findings] == [
        ("missing_period", "O23.1", ("2023-02",))
    ]
    assert "\nข้อเสนอแนะ - ด้านข้อมูล : ขอให้หน่วยงาน " in reviewer_note(r.findings, nacc)[0]
    months = [_month_doc(n, m) for n, m in MONTHS]
    r = evaluate_item(nacc.items["O23"], {"urls": [O20_PAGE]}, [_o20(months), *months], ctx)
    assert (r.status, r.findings) == ("pass", [])


def test_a_scan_that_was_not_read_says_why_ocr_did_not_read_it(monkeypatch):
    monkeypatch.setenv("OITCRAWL_OCR", "0")
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY), doc(PDF, kind="pdf", scanned_pages=1)])
    from oitcrawl.extract.ocr import ocr_available

    want = "OCR switched off (OITCRAWL_OCR=0)" if ocr_available() else "OCR not available"
    assert want in r.findings[0].detail


def test_a_login_box_beside_content_is_no_login_wall_but_a_login_page_is():
    news = "ข่าวประชาสัมพันธ์ กิจกรรมของสำนักงานเขต " * 40  # a long page with a member-login box
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY + " " + news, login_form=True)])
    assert table(r) == [("missing_element", "error", "O23.2", None)]
    wall = doc(f"{SITE}/member/nogift", "เข้าสู่ระบบ ชื่อผู้ใช้ รหัสผ่าน", login_form=True)
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY), wall])
    assert table(r) == [("login_required", "error", "O23.2", wall.display_url)]


def test_excerpts_end_on_thai_word_boundaries():
    # 140 characters of Thai without a space: the excerpt is cut by PyThaiNLP's segmenter
    # at word boundaries, never inside a word.
    run = ("ตามที่กรุงเทพมหานครได้กำหนดแนวทางการส่งเสริมคุณธรรมและความโปร่งใสในการดำเนินงานไว้แล้วนั้น"
           "สำนักงานเขตห้วยขวางได้จัดทำประกาศนโยบายต่อต้านการให้หรือรับสินบนของสำนักงานเขต"
           "ประจำปีงบประมาณเพื่อให้บุคลากรทุกระดับถือปฏิบัติอย่างเคร่งครัดและต่อเนื่องตลอดไป")  # fmt: skip
    r = judge("O23", [doc(PAGE, run + " " + NO_GIFT)])
    excerpt = r.elements[0].evidence[0].excerpt
    assert excerpt.startswith("…") and excerpt.endswith("…")
    inner = excerpt.strip("…")
    assert "ต่อต้านการให้หรือรับสินบน" in inner and inner in run
    start = run.index(inner)
    bounds = word_starts(run)
    assert start > 0 and start in bounds and start + len(inner) in bounds


# ---- judge like an assessor (issue 12): content, not keywords ------------------------------

STATS_PAGE = f"{SITE}/page/sub/16287/ข้อมูลเชิงสถิติการให้บริการ"


def test_a_statistics_heading_without_figures_is_no_evidence_and_the_figures_are():
    heading = [("heading", "สถิติการให้บริการ 2566 รอบ 6 เดือน")]
    r = judge("O12", [doc(STATS_PAGE, blocks=heading)])
    # the page is the statistics page (its heading says so) but holds no figure
    assert (r.status, [(f.code, f.element) for f in r.findings]) == (
        "fail",
        [("no_records", "O12.1")],
    )
    rows = [("cell", "งานบริการ", 0, 0, 0), ("cell", "ต.ค. 65 – มี.ค. 66", 0, 0, 1),
            ("cell", "การแจ้งเกิด", 0, 1, 0), ("cell", "239", 0, 1, 1)]  # fmt: skip
    r = judge("O12", [doc(STATS_PAGE, blocks=heading + rows)])
    assert (r.status, r.findings) == ("pass", [])
    assert (r.elements[0].role, r.elements[0].carriers) == ("heading", (STATS_PAGE,))
    assert r.elements[0].date.text == "รอบ 6 เดือน"


GUIDE = f"{SITE}/files/O27 discretion guideline.pdf"


def test_a_document_that_says_the_thing_is_still_missing_is_not_the_thing():
    lacking = (
        "บันทึกข้อความ ส่วนราชการ ฝ่ายปกครอง\n"
        "ขณะนี้สำนักงานเขตยังขาดแนวทางการปฏิบัติในการใช้ดุลยพินิจของเจ้าหน้าที่ "
        "ฝ่ายปกครองอยู่ระหว่างยกร่าง และจะเสนอผู้อำนวยการเขตลงนามภายในเดือนมิถุนายน 2566"
    )
    r = judge("O27", [doc(GUIDE, kind="pdf", pages=[lacking])])
    assert r.status == "fail"
    guideline = (
        "แนวทางการปฏิบัติในการใช้ดุลยพินิจของเจ้าหน้าที่ สำนักงานเขต พ.ศ. 2566\n"
        "1. การพิจารณาอนุญาตก่อสร้างอาคารให้เป็นไปตามหลักเกณฑ์และระยะเวลาที่กำหนด\n"
        "2. การใช้ดุลยพินิจต้องบันทึกเหตุผลประกอบทุกครั้ง"
    )
    r = judge("O27", [doc(GUIDE, kind="pdf", pages=[guideline])])
    assert (r.status, r.findings) == ("pass", [])


def test_an_empty_linked_file_fails_the_item_even_when_the_page_reads_well():
    plan = f"{SITE}/files/O28 plan 2566.pdf"
    page = doc(PLAN_PAGE, "แผนปฏิบัติการป้องกันการทุจริต", links=[{"url": plan, "label": "แผน"}])
    empty = doc(plan, kind="pdf", pages=[], depth=1, root=PLAN_PAGE, via=PLAN_PAGE, size=0)
    r = judge("O28", [page, empty], urls=[PLAN_PAGE])
    assert r.status == "fail"
    assert ("empty_document", "error", "O28.1", plan) in table(r)


def test_the_plan_year_comes_from_the_plan_not_from_an_updated_stamp_and_is_quoted():
    report = "รายงานผลการปฏิบัติราชการ รอบ 6 เดือน (ตุลาคม 2565 - มีนาคม 2566)"
    docs = _o8_docs("2565", report)
    stamped = docs[1].extract["pages_json"].replace("2565", "2565\\nปรับปรุงข้อมูลล่าสุด 12 ม.ค. 2566", 1)
    docs[1].extract["pages_json"] = stamped
    docs[1].__dict__.pop("segments", None)
    r = judge("O8", docs)
    assert [(f.code, f.element) for f in r.findings] == [("outdated", "O8.1")]
    assert r.elements[0].date.text == "ประจำปีงบประมาณ พ.ศ. 2565"
    assert '"ประจำปีงบประมาณ พ.ศ. 2565"' in r.findings[0].message_th


def test_a_manual_linked_on_google_drive_is_not_on_the_main_website():
    drive = "https://drive.google.com/file/d/abc/view"
    page = doc(PLAN_PAGE, "คู่มือการปฏิบัติงาน", links=[{"url": drive, "label": "คู่มือ"}])
    viewer = doc(drive, "Sign in - Google Accounts", depth=1, root=PLAN_PAGE, via=PLAN_PAGE,
                 main=False, login_form=True)  # fmt: skip
    r = judge("O9", [page, viewer], urls=[PLAN_PAGE])
    assert r.status == "fail"
    assert ("not_main_website", "error", None, drive) in table(r)


def test_thousands_of_broken_links_on_one_page_are_one_finding_with_a_count():
    """Issue 13: bounded reports; each broken link would otherwise be its own finding."""
    links = [f"{SITE}/files/gone-{i}.pdf" for i in range(MANY)]
    page = doc(PLAN_PAGE, "แผนปฏิบัติราชการประจำปี", links=[{"url": u, "label": "x"} for u in links])
    gone = [doc(u, status=404, outcome="broken", error_kind="http_404", depth=1, root=PLAN_PAGE,
                via=PLAN_PAGE) for u in links]  # fmt: skip
    r = judge("O8", [page, *gone], urls=[PLAN_PAGE])
    broken = [x for x in r.findings if x.code == "broken_link" and x.element is None]
    # the links an element's own finding already names are not counted again
    named = {x.url for x in r.findings if x.element and x.url in links}
    n = MANY - len(named)
    assert len(r.findings) < 10 and n >= MANY - 2
    assert [(x.url, x.count, x.severity) for x in broken] == [(PLAN_PAGE, n, "error")]
    assert f"{n} links on {PLAN_PAGE}" in broken[0].detail
    assert broken[0].to_dict()["count"] == n
    few = judge("O8", [page, *gone[:3]], urls=[PLAN_PAGE])
    assert {x.url for x in few.findings if x.code == "broken_link"} == set(links[:3])
    assert {x.count for x in few.findings} == {1}  # a few broken links: one finding each


MANY = 500
