"""Text layer or OCR, page by page (issue 18): damaged export layers, short clean layers on
scans, split sara am repaired, Thai-digit years on scans re-read and never wrong silently.

PDFs are built here: a page image drawn with the Thai fonts (fonts-thai-tlwg; Pillow with
libraqm shapes Thai) and, where a layer is wanted, invisible text over it (fpdf2 text mode
3), as scanners and bad exports make them. OCR tests need tesseract-ocr + tesseract-ocr-tha.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from oitcrawl.extract import choose_page_text, extract_document
from oitcrawl.extract.ocr import be_years, check_years, ocr_available
from oitcrawl.extract.pdf import extract_pdf
from oitcrawl.extract.quality import DAMAGED_SCORE, repair_layer, thai_quality

FONT = Path("/usr/share/fonts/truetype/tlwg/Laksaman.ttf")
needs_ocr = pytest.mark.skipif(not ocr_available(), reason="tesseract with Thai data missing")
needs_font = pytest.mark.skipif(not FONT.exists(), reason="fonts-thai-tlwg missing")
fpdf = pytest.importorskip("fpdf")

DECLARATION = [
    "คำกล่าวแสดงเจตจำนงสุจริตในการบริหารงาน",
    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
    "ข้าพเจ้าจะบริหารงานด้วยความซื่อสัตย์สุจริต โปร่งใส ตรวจสอบได้",
    "ประกาศ ณ วันที่ ๑๕ มีนาคม พ.ศ. ๒๕๖๘",
]
# The same text as a damaged export layer gives it (issue 18's real layers).
DAMAGED = [
    "คคำกล ค ลคำวแสดงเจตจคำนงสรจรรตในกจรบรรหจรงจน",
    "ปรรจคำปปงบปรรมจณ พ.ศ. ๒๕๖๘",
    "ขจพเจจจรบรรหจรงจนดดวยควจมซซอสสตยยสรจรรต โปรรงใส ตรวจสอบไดด",
    "ปรรกจศ ณ วสนทท ๑๕ มมนจคม พ.ศ. ๒๕๖๘",
]


def _page_image(lines: list[str], dpi: int = 200):
    from PIL import Image, ImageDraw, ImageFont

    w, h = int(8.27 * dpi), int(11.69 * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT), int(18 * dpi / 72))
    y = dpi
    for line in lines:
        draw.text((dpi, y), line, font=font, fill=0)
        y += int(0.45 * dpi)
    return img


def _pdf(image, layer: list[str] | None = None) -> bytes:
    """An A4 page showing `image`, with `layer` as invisible text (None: image only)."""
    pdf = fpdf.FPDF(unit="pt", format="A4")
    pdf.add_page()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    pdf.image(buf, x=0, y=0, w=pdf.w, h=pdf.h)
    if layer:
        pdf.add_font("th", "", str(FONT))
        pdf.set_font("th", size=18)
        pdf.text_mode = 3  # invisible, like a scanner's OCR layer
        y = 90.0
        for line in layer:
            pdf.text(72, y, line)
            y += 32
    return bytes(pdf.output())


# ------------------------------------------------------------------ scores and repairs (fast)


def test_damaged_layers_score_below_the_threshold_clean_ones_above():
    for clean in DECLARATION:
        assert thai_quality(clean) >= 0.85, clean
    assert thai_quality("\n".join(DAMAGED)) < DAMAGED_SCORE
    assert thai_quality("คคำกล ค ลคำวแสดงเจตจคำนง") < DAMAGED_SCORE
    assert thai_quality("บบญชชสรรปจจนวนโครงกจร") < DAMAGED_SCORE
    assert thai_quality("พ.ศ.๒๕๖๘") == 1.0  # a short clean layer is clean
    assert thai_quality("d:s nrna q dni:uir,rr:ei") == 0.0


def test_split_sara_am_and_spaces_before_marks_are_repaired():
    text, repairs = repair_layer("ประจ\u0e4d\u0e32ปี ส\u0e4d \u0e32นักงาน ต ัวชี้วัด")
    assert text == "ประจำปี สำนักงาน ตัวชี้วัด"
    assert repairs == ["sara am: ํ + า → ำ ×2", "space before a Thai mark removed ×1"]
    assert repair_layer("ประจำปี") == ("ประจำปี", [])


def test_year_check_flags_and_never_guesses():
    text, notes = check_years("ประกาศ ณ วันที่ ๑ มีนาคม พ.ศ. ๒๕๒๕ ประจำปี ๒๕๖๘ ๒๕๒๐๑", 2568)
    assert text.count("๒๕๒๕") == 1  # left as read
    assert [n["action"] for n in notes] == ["flagged", "flagged"]
    assert notes[0]["original"] == "๒๕๒๕" and "2565" in notes[0]["reason"]
    assert notes[1]["original"] == "๒๕๒๐๑"
    assert check_years("พ.ศ. ๒๕๖๗ และ 2566", 2568) == ("พ.ศ. ๒๕๖๗ และ 2566", [])


def test_be_years():
    assert [y for y, _ in be_years("พ.ศ.๒๕๖๘ ที่ 12/2567 โทร 038219232 ๒๕๒๐๑")] == [2568, 2567]


# ------------------------------------------------------------------ page decisions (OCR)


@needs_ocr
@needs_font
def test_damaged_layer_over_a_readable_page_is_ocrd(monkeypatch):
    monkeypatch.delenv("OITCRAWL_OCR", raising=False)
    data = _pdf(_page_image(DECLARATION), DAMAGED)
    doc = extract_document(data, "application/pdf", "https://x.go.th/o23.pdf")
    page = doc.pages[0]
    assert page.layer_score is not None and page.layer_score < DAMAGED_SCORE
    assert page.source == "ocr" and page.ocr
    assert page.ocr_score > page.layer_score
    assert "OCR used" in page.source_reason
    assert "เจตจำนง" in doc.text and "คคำกล" not in doc.text
    assert "p1: ocr" in doc.metadata["text_source"]


@needs_ocr
@needs_font
def test_short_clean_layer_on_a_scan_is_kept(monkeypatch):
    """Issue 18: a page whose layer said "พ.ศ.๒๕๖๘" was reported from OCR."""
    monkeypatch.delenv("OITCRAWL_OCR", raising=False)
    data = _pdf(_page_image(DECLARATION), ["พ.ศ.๒๕๖๘"])
    doc = extract_document(data, "application/pdf", "https://x.go.th/scan.pdf")
    page = doc.pages[0]
    assert page.text_class == "no_text"
    assert page.source == "text_layer" and not page.ocr
    assert "text layer kept" in page.source_reason
    assert doc.text == "พ.ศ.๒๕๖๘"


@needs_ocr
@needs_font
def test_clean_layer_is_never_ocrd(monkeypatch):
    monkeypatch.delenv("OITCRAWL_OCR", raising=False)
    data = _pdf(_page_image(DECLARATION), DECLARATION)
    pages = extract_pdf(data).pages
    assert choose_page_text(data, pages) == {}
    assert pages[0].source == "text_layer" and pages[0].ocr_score is None


@needs_ocr
@needs_font
def test_scan_years_are_read_right_or_flagged(monkeypatch):
    """Tesseract reads ๒๕๖๘ as ๒๕๒๕; the shape re-read gets it back, visibly."""
    monkeypatch.delenv("OITCRAWL_OCR", raising=False)
    data = _pdf(_page_image(DECLARATION))
    doc = extract_document(data, "application/pdf", "https://x.go.th/scan.pdf")
    page = doc.pages[0]
    assert page.source == "ocr"
    years = [y for y, _ in be_years(doc.text)]
    flagged = [n for n in page.corrections if n["action"] == "flagged"]
    wrong = [y for y in years if y != 2568]
    assert len(wrong) <= len(flagged)  # every year is right or flagged
    for n in page.corrections:  # the original stays visible
        assert n["original"] and n["reason"]
    corrected = [n for n in page.corrections if n["action"] == "corrected"]
    assert corrected and all(n["corrected"] == 2568 for n in corrected)
    assert "ocr_corrections" in doc.metadata and "→ 2568" in doc.metadata["ocr_corrections"]


@needs_ocr
def test_sample_site_scan_years_read_right(monkeypatch):
    """The district's scanned No Gift Policy (๒๕๖๖ on its own line, ประกาศ ณ วันที่ ๓ ตุลาคม
    พ.ศ. ๒๕๖๕): Tesseract reads "๒๕๒๐๒" and "๒๕๐๕"; both come back, marked corrected."""
    monkeypatch.delenv("OITCRAWL_OCR", raising=False)
    scan = (
        Path(__file__).parents[1] / "oitcrawl/sample_site/site/webportal.bangkok.go.th"
        "/public/user_files_editor/59/Data Room HK/fraud prevention new"
        "/O23 No Gift Policy Announcement 2566 _thai.pdf"
    )
    doc = extract_document(scan.read_bytes(), "application/pdf", scan.name)
    page = doc.pages[0]
    assert page.source == "ocr"
    assert sorted(y for y, _ in be_years(doc.text)) == [2565, 2566]
    assert {n["corrected"] for n in page.corrections if n["action"] == "corrected"} == {
        2565,
        2566,
    }
    assert all(n["original"] for n in page.corrections)


@needs_font
def test_thai_digit_shapes_are_told_apart_without_the_fonts_own_templates():
    """Each digit drawn in Laksaman (TH Sarabun's design) at scan size, classified against
    the templates of the other fonts only."""
    from PIL import Image, ImageDraw, ImageFont

    from oitcrawl.extract.digits import THAI_DIGITS, classify

    font = ImageFont.truetype(str(FONT), 44)  # 16 pt at 200 dpi
    right = 0
    for d in THAI_DIGITS:
        img = Image.new("L", (80, 80), 235)
        ImageDraw.Draw(img).text((10, 5), d, font=font, fill=30)
        scores = classify(img, exclude=("Laksaman.ttf", "Laksaman-Bold.ttf"))
        right += max(scores, key=lambda k: scores[k]) == d
    assert right >= 9  # measured: 9 of 10
    assert classify(Image.new("L", (40, 40), 255)) == {}  # no ink, no reading
