"""Text-layer quality classes (oitcrawl.extract.quality) against the real agency PDFs.

Every PDF listed in ../shared/corpus/real/PDF_ANALYSIS.tsv is extracted in a worker process
(``extract_pdf_isolated``: at most MAX_PAGES pages, killed after TIMEOUT_S seconds) and
classified; the class must agree with the TSV's verdict, the Word/PowerPoint/Excel exports must
be export_defects, and title words spelled correctly must be found in the defective text after
``normalize_for_matching``.
"""

from __future__ import annotations

import csv
import re
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache
from pathlib import Path

import pytest

from oitcrawl.extract import PdfExtract, PdfPage, extract_pdf_isolated, normalize_for_matching
from oitcrawl.extract.quality import (
    CLASSES,
    classify_document,
    classify_page,
    page_stats,
)

MAX_PAGES = 40  # the longest corpus PDFs have 31 pages
TIMEOUT_S = 60.0  # per document, worker process killed after it

# PDF_ANALYSIS.tsv verdict → the classes that agree with it.
VERDICT_CLASSES = {
    "text": {"thai_text", "export_defects"},
    "text-nonThai/garbled?": {"unmapped_font", "garbage_ocr"},
    "text-PUA(legacy Thai glyphs)": {"legacy_pua"},
    "no-text(scanned?)": {"no_text"},
}
# Files whose exact class is known (README.md of the corpus).
EXACT = {
    "saiyoidenchai/images/file/ยุทธศาสตร์ 2551-2555.pdf": "unmapped_font",  # Ghostscript, no map
    "saiyoidenchai/images/file/IMG.pdf": "garbage_ocr",  # Canon scan with a Latin OCR layer
    "saiyoidenchai/images/file/IMG_0001.pdf": "no_text",  # truncated: PDFium cannot open it
}
# Files judged differently from PDF_ANALYSIS.tsv's verdict on purpose: {path: why}.
JUDGED_DIFFERENTLY: dict[str, str] = {}

# Title words (correct spelling) per text-layer file, picked from first_text / the page text.
TITLE_WORDS = {
    "nysso/upload/ITA/EB2/2.3.pdf": ["บันทึกข้อความ", "สำนักงานสาธารณสุขอำเภอหนองใหญ่", "จังหวัดชลบุรี"],
    "nysso/upload/ITA/EB2/2.2.pdf": ["ประกาศสำนักงานสาธารณสุขอำเภอหนองใหญ่", "มาตรการป้องกันการทุจริต"],
    "nysso/upload/ITA/EB2/2.1.pdf": [
        "บันทึกข้อความ",
        "สำนักงานสาธารณสุขอำเภอหนองใหญ่",
        "กลุ่มงานบริหารทั่วไป",
    ],
    "nysso/upload/ITA/EB2/2.8.pdf": ["นโยบายกำกับดูแลองค์กรที่ดี", "สำนักงานสาธารณสุขอำเภอหนองใหญ่"],
    "nysso/upload/ITA/EB2/2.7.pdf": ["ยุทธศาสตร์", "บันทึกข้อตกลงความร่วมมือ", "ตัวชี้วัด"],
    "nysso/upload/ITA/EB2/2.4.pdf": [
        "แนวทางปฏิบัติงานเพื่อตรวจสอบบุคลากร",
        "สำนักงานสาธารณสุขอำเภอหนองใหญ่",
    ],
    "nysso/upload/ITA/EB2/2.5.pdf": ["คำสั่งสำนักงานสาธารณสุขอำเภอหนองใหญ่", "แต่งตั้งเจ้าหน้าที่"],
    "nysso/upload/ITA/EB1/1.3.pdf": ["บันทึกข้อความ", "จังหวัดชลบุรี", "งานบริหาร"],
    "nysso/upload/ITA/EB1/1.7.pdf": [
        "แบบฟอร์มการขอเผยแพร่ข้อมูลผ่านเว็บไซต์",
        "ราชการบริหารส่วนภูมิภาค",
        "สำนักงานปลัดกระทรวง",
    ],
    "nysso/upload/ITA/EB1/1.6.pdf": [
        "แนวทางการเผยแพร่ข้อมูลต่อสาธารณะผ่านเว็บไซต์",
        "สำนักงานสาธารณสุขอำเภอหนองใหญ่",
    ],
    "nysso/upload/ITA/EB1/1.4.pdf": ["บันทึกข้อความ", "อำเภอหนองใหญ่", "จังหวัดชลบุรี"],
    "nysso/upload/ITA/EB1/1.5.pdf": [
        "คำสั่งสำนักงานสาธารณสุขอำเภอหนองใหญ่",
        "มอบหมายการดำเนินการในการเผยแพร่",
    ],
    "nysso/upload/ITA/EB1/1.2.pdf": ["รายงานผลการวิเคราะห์การจัดซื้อจัดจ้าง", "ข้อเสนอแนะ", "ปีงบประมาณ"],
    "nysso/upload/ITA/EB1/1.1.pdf": ["ราชการบริหารส่วนกลาง", "สำนักงานปลัดกระทรวง"],
    "saiyoidenchai/images/file/ประกาศแผนยุทธศาสตร์.pdf": [
        "ประกาศองค์การบริหารส่วนตำบลไทรย้อย",
        "ประกาศใช้แผนยุทธศาสตร์",
    ],
    "saiyoidenchai/images/file/ยุทธศาสตร์ใหม่.pdf": ["บทนำ", "องค์การบริหารส่วนตำบล", "รัฐธรรมนูญ"],
    "saiyoidenchai/images/file/TOR เสียงตามสาย.pdf": [
        "รายละเอียดข้อกำหนดทางเทคนิค",
        "ปรับปรุงหอกระจายข่าว",
        "อำเภอเด่นชัย",
    ],
    "saiyoidenchai/images/file/ปร4-งานถังกรองน้ำบาดาล.pdf": [
        "แบบ ปร.4",
        "ระบบประปา",
        "โครงการซ่อมแซม",
    ],
    "saiyoidenchai/images/file/คู่มือประชาชน.pdf": ["สำนักปลัด", "องค์การบริหารส่วนตำบลไทรย้อย", "น้ำอุปโภค"],
    "saiyoidenchai/images/file/ปร.5 ดาดคอนกรีต ม.9.pdf": [
        "ราคากลางงาน",
        "องค์การบริหารส่วนตำบลไทรย้อย",
        "ก่อสร้างดาดคอนกรีต",
    ],
    "saiyoidenchai/images/file/ประกาศสอบราคาจ้าง.pdf": [
        "ประกาศองค์การบริหารส่วนตำบลไทรย้อย",
        "สอบราคาจ้าง",
        "จำนวน 5 โครงการ",
    ],
    "saiyoidenchai/images/file/ตารางแสดงวงเงินงบประมาณ.pdf": [
        "ตารางแสดงวงเงินงบประมาณที่ได้รับจัดสรร",
        "ราคากลาง",
        "งานจ้างก่อสร้าง",
    ],
    "saiyoidenchai/images/file/เอกสารประกวด2-2558.pdf": [
        "เอกสารประกวดราคาจ้าง",
        "ด้วยวิธีการทางอิเล็กทรอนิกส์",
        "ปรับปรุงซ่อมแซมถนน",
    ],
    "saiyoidenchai/images/file/ประกาศขายทอดตลาด.pdf": [
        "ขายทอดตลาดพัสดุชำรุด",
        "เสื่อมสภาพ",
        "หมดความจำเป็น",
    ],
    "saiyoidenchai/images/file/ราคากลาง ปปช ขุดเจาะบ่อบาดาล ม8.pdf": [
        "วงเงินงบประมาณที่ได้รับจัดสรรและราคากลาง",
        "ขุดเจาะบ่อบาดาล",
    ],
    "saiyoidenchai/images/file/ราคากลางครุภัณฑ์ขายทอดตลาด.pdf": [
        "องค์การบริหารส่วนตำบลไทรย้อย",
        "ขายโดยวิธีทอดตลาด",
        "รายการและราคา",
    ],
    "saiyoidenchai/images/file/ประกาศองค์ขยะ.pdf": ["สอบราคาจ้างเหมาจัดเก็บขยะมูลฝอย", "สิ่งปฏิกูล"],
    "saiyoidenchai/images/file/ราคากลางซื้อแอร์ ปปช.pdf": [
        "วงเงินงบประมาณที่ได้รับจัดสรรและราคากลาง",
        "ราคาอ้างอิง",
        "การจัดซื้อจัดจ้าง",
    ],
    "saiyoidenchai/images/file/ประกาศประมูลด้วยระบบอิเล็กทรอนิกส์.pdf": [
        "ประมูลจ้างด้วยระบบอิเล็กทรอนิกส์",
        "ปรับปรุงถนน",
    ],
    "saiyoidenchai/images/file/ประกาศจัดซื้อคอมพิวเตอร์.pdf": ["สอบราคาซื้อ", "ครุภัณฑ์คอมพิวเตอร์สำนักงาน"],
    "saiyoidenchai/images/file/เอกสารสอบราคาจ้าง.pdf": ["เอกสารสอบราคาจ้าง", "ลาดยางแอสฟัลท์ติกคอนกรีต"],
    "saiyoidenchai/images/file/ประกาศใช้แผนอัตรากำลัง 3 ปี(ปรับปรุง).pdf": [
        "แผนอัตรากำลัง 3 ปี",
        "พ.ศ. 2555",
    ],
    "saiyoidenchai/images/photo/รายงานการประชุมสภา อบต.ไทรย้อย(มอบหมายการทำหน้าที่กรรมการ สปสช.).pdf": [
        "รายงานการประชุมสภาองค์การบริหารส่วนตำบลไทรย้อย",
        "สมัยสามัญ",
        "ประจำปี 2557",
    ],
}
# Title words these exports damage beyond what normalize_for_matching repairs (thai.py's
# "Not handled here": marks on the wrong consonant, lost tone marks, spaces after a mark).
# Printed, not asserted: they are the target of the dictionary-based repair (a later issue).
KNOWN_UNMATCHED = {
    "nysso/upload/ITA/EB2/2.7.pdf": ["สำคัญ"],  # "สาคญั": marks moved (the title's "ต ัวชวี้ ัด" too)
    "nysso/upload/ITA/EB1/1.1.pdf": ["เผยแพร่ข้อมูล"],  # "ขอ้ มลู": tone before the vowel
    "saiyoidenchai/images/file/ปร4-งานถังกรองน้ำบาดาล.pdf": ["จำนวนเงิน", "ปรับปรุง"],
    "saiyoidenchai/images/file/คู่มือประชาชน.pdf": ["คู่มือสำหรับประชาชน"],  # "คูมอ ื": lost ่
    "saiyoidenchai/images/file/ราคากลางครุภัณฑ์ขายทอดตลาด.pdf": ["ครุภัณฑ์", "ราคาประเมิน"],
    "saiyoidenchai/images/file/ปร.5 ดาดคอนกรีต ม.9.pdf": ["แบบสรุปราคากลางงานก่อสร้าง"],  # "แบบสรปุ"
}
# Generic phrases: wherever a loose form of them is in the raw text, the correct spelling
# must be found after normalize_for_matching.
GENERIC = {
    "ประจำปี": re.compile(r"ประจ[\s\u0e32\u0e33\u0e4d\ufffd]*ปี"),
    "สำนักงาน": re.compile(r"ส[\s\u0e32\u0e33\u0e4d\ufffd]*นักงาน"),
}


def _rows(shared: Path) -> list[dict[str, str]]:
    with open(shared / "corpus/real/PDF_ANALYSIS.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


@lru_cache(maxsize=1)
def _extract_all(shared: Path) -> tuple[list[dict[str, str]], dict[str, PdfExtract]]:
    rows = _rows(shared)

    def run(row):
        data = (shared / "corpus/real" / row["path"]).read_bytes()
        return row["path"], extract_pdf_isolated(data, MAX_PAGES, timeout=TIMEOUT_S)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return rows, dict(pool.map(run, rows))


@pytest.fixture
def corpus(shared_dir):
    """(TSV rows, {path: PdfExtract}); extracted once per test session."""
    return _extract_all(shared_dir)


def test_classes_agree_with_pdf_analysis(corpus, figures):
    rows, extracts = corpus
    disagree = []
    with figures():
        print(f"\n{'class':15} {'verdict':22} pages/classes  path")
        for row in rows:
            p = extracts[row["path"]]
            assert "did not finish" not in (p.error or ""), row["path"]
            q = classify_document(p.pages)
            assert q.label in CLASSES and len(q.per_page) == len(p.pages)
            assert q.reason_th and q.reason_en
            print(f"{q.label:15} {row['verdict']:22} {q.stats['pages_by_class']}  {row['path']}")
            expected = EXACT.get(row["path"])
            ok = q.label == expected if expected else q.label in VERDICT_CLASSES[row["verdict"]]
            if not ok and row["path"] not in JUDGED_DIFFERENTLY:
                disagree.append((row["path"], row["verdict"], q.label))
        print(f"JUDGED_DIFFERENTLY = {JUDGED_DIFFERENTLY}")
    assert not disagree


def test_office_exports_are_export_defects(corpus):
    rows, extracts = corpus
    exports = [r for r in rows if re.search(r"Word|PowerPoint|Excel", r["creator|producer"])]
    assert len(exports) >= 30
    for row in exports:
        q = classify_document(extracts[row["path"]].pages)
        assert q.label == "export_defects", (row["path"], q.stats)
        assert q.stats["defects"], row["path"]
    # The two directions of the sara am defect are told apart.
    lost = classify_document(extracts["nysso/upload/ITA/EB2/2.2.pdf"].pages)
    assert "lost_sara_am" in lost.stats["defects"]
    ppt = classify_document(extracts["nysso/upload/ITA/EB2/2.7.pdf"].pages)
    assert "inserted_sara_am" in ppt.stats["defects"]


def test_key_phrases_found_after_normalisation(corpus, figures):
    rows, extracts = corpus
    found = total = 0
    missing = []
    text_files = [r for r in rows if r["verdict"] == "text"]
    assert {r["path"] for r in text_files} == set(TITLE_WORDS)
    for row in text_files:
        raw = extracts[row["path"]].text
        folded = normalize_for_matching(raw)
        phrases = list(TITLE_WORDS[row["path"]])
        phrases += [g for g, loose in GENERIC.items() if loose.search(raw)]
        for phrase in phrases:
            total += 1
            if normalize_for_matching(phrase) in folded:
                found += 1
            else:
                missing.append((row["path"], phrase))
    known = [
        (path, w)
        for path, words in KNOWN_UNMATCHED.items()
        for w in words
        if normalize_for_matching(w) in normalize_for_matching(extracts[path].text)
    ]
    known_total = sum(len(w) for w in KNOWN_UNMATCHED.values())
    with figures():
        print(
            f"\nkey phrases found: {found}/{total} = {found / total:.0%} in {len(text_files)} files"
        )
        print(f"known-unmatched title words found anyway: {len(known)}/{known_total} {known}")
    assert not missing


def _page(text: str, images: int = 0) -> PdfPage:
    return PdfPage(
        number=1, text=text, chars=len(text.split()), has_text_layer=bool(text), image_count=images
    )


def test_synthetic_classes():
    clean = "ประกาศสำนักงานเขตห้วยขวาง เรื่อง นโยบายไม่รับของขวัญ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    assert classify_page(clean, 0) == "thai_text"
    assert classify_page(clean.replace("ำ", "\ufffd"), 0) == "export_defects"
    assert classify_page("ข้ อ ๑ ท ี่", 0) == "no_text"  # under 20 characters
    assert classify_page("ข้ อ ๑ ท ี่ประชุม ส านักงานเขตห้วยขวาง ครั้งที่ ๑", 0) == ("export_defects")
    pua = "ประจ\uf70a\uf70bาป\uf702 ที\uf70a\uf70bทำการ\uf705\uf706 " * 5
    assert classify_page(pua, 0) == "legacy_pua"
    assert classify_page("\x01\x04\x07\x08\tก\x0b\x0c\x0e\x0f\x10\x11" * 10, 0) == "unmapped_font"
    assert classify_page("ÃÒ¤Ò¡ÅÒ§§Ò¹¡èÍÊÃéÒ§ Í§¤ì¡ÒÃºÃÔËÒÃÊèÇ¹µÓºÅ", 0) == "unmapped_font"
    english = "The district office shall publish the annual report of the fiscal year 2023."
    assert classify_page(english, 0) == "latin_text"
    garbage = "d':uaffinr:uiur:ei'luea'rualvr:dou fin1ilil:cardocaau:'lnrrdrlruurln:ln'nEiolt " * 3
    assert classify_page(garbage, 1) == "garbage_ocr"
    assert classify_page(garbage, 0) == "unmapped_font"
    assert classify_page("", 2) == "no_text"
    assert page_stats("")["chars"] == 0


def test_document_aggregation():
    assert classify_document([]).label == "no_text"
    thai = "ประกาศสำนักงานเขตห้วยขวาง เรื่อง นโยบายไม่รับของขวัญ ประจำปีงบประมาณ"
    blank = _page("")
    scan = _page("", images=1)
    assert classify_document([_page(thai), blank]).label == "thai_text"  # blank pages don't vote
    assert classify_document([_page(thai), scan, scan]).label == "no_text"
    q = classify_document([_page(thai), _page(thai.replace("ำ", "\ufffd"))])
    assert q.label == "export_defects" and q.per_page == ["thai_text", "export_defects"]
    assert q.stats["defects"] == ["fffd"]
    as_dicts = classify_document([_page(thai).to_dict()])
    assert as_dicts.label == "thai_text" and as_dicts.to_dict()["per_page"] == ["thai_text"]


def test_sample_site_pdfs_are_clean_thai():
    site = Path(__file__).parents[1] / "oitcrawl/sample_site/site"
    pdfs = sorted(site.rglob("*.pdf"))
    if not pdfs:
        pytest.skip("sample site not built")
    from oitcrawl.extract import extract_pdf

    labels = {p.name: classify_document(extract_pdf(p.read_bytes()).pages).label for p in pdfs}
    assert labels.pop("O23 No Gift Policy Announcement 2566 _thai.pdf") == "no_text"
    assert set(labels.values()) == {"thai_text"}, labels
