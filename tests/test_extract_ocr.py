"""OCR of scanned PDFs and images (oitcrawl.extract.ocr) and its wiring into extract_document.

Needs the Debian packages tesseract-ocr and tesseract-ocr-tha (scripts/system-packages.txt);
skipped without them. Each OCR'd A4 page takes 1-4 s on a 2-core machine at 200 dpi.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from oitcrawl.extract import extract_document, normalize_for_matching
from oitcrawl.extract.ocr import MAX_OCR_PAGES, ocr_available, ocr_image, ocr_pdf

needs_ocr = pytest.mark.skipif(
    not ocr_available(),
    reason="tesseract with Thai data is not installed (apt-get install tesseract-ocr "
    "tesseract-ocr-tha)",
)
SAMPLE = Path(__file__).parents[1] / "oitcrawl/sample_site/site/webportal.bangkok.go.th"
NO_GIFT = (
    SAMPLE / "public/user_files_editor/59/Data Room HK/fraud prevention new"
    "/O23 No Gift Policy Announcement 2566 _thai.pdf"
)
IMG = "corpus/real/saiyoidenchai/images/file/IMG.pdf"
# Title of IMG.pdf as the scan shows it (rendered and read by eye): "ประกาศองค์การบริหารส่วน
# ตำบลไทรย้อย เรื่อง สอบราคาจ้างโครงการจ้างเหมาซ่อมแซมถนนจำนวน 11จุด ... อำเภอเด่นชัย
# จังหวัดแพร่".
IMG_TITLE_WORDS = [
    "ประกาศองค์การบริหารส่วนตำบลไทรย้อย",
    "สอบราคาจ้างโครงการจ้างเหมาซ่อมแซมถนน",
    "อำเภอเด่นชัย",
    "จังหวัดแพร่",
]


def _found(words: list[str], text: str) -> list[str]:
    folded = normalize_for_matching(text)
    return [w for w in words if normalize_for_matching(w) in folded]


@needs_ocr
def test_garbage_ocr_scan_is_ocrd(shared_dir, monkeypatch, figures):
    monkeypatch.delenv("OITCRAWL_OCR", raising=False)
    data = (shared_dir / IMG).read_bytes()
    doc = extract_document(data, "application/pdf", "http://www.saiyoidenchai.go.th/IMG.pdf")
    assert doc.metadata["text_layer"] == "garbage_ocr"
    assert doc.metadata["ocr"] == "tesseract tha+eng"
    assert doc.extractor == "pdf/pypdfium2+tesseract"
    assert doc.pages is not None and doc.pages[0].ocr and doc.pages[0].has_text_layer
    found = _found(IMG_TITLE_WORDS, doc.text)
    with figures():
        print(f"\nIMG.pdf title words found: {found}")
    assert found == IMG_TITLE_WORDS
    assert doc.title.startswith("ประกาศองค์การบริหารส่วนตำบลไทรย้อย")


@needs_ocr
def test_image_only_sample_pdf_is_ocrd(monkeypatch):
    if not NO_GIFT.is_file():
        pytest.skip("sample site not built")
    monkeypatch.delenv("OITCRAWL_OCR", raising=False)
    doc = extract_document(NO_GIFT.read_bytes(), "application/pdf", "http://x.go.th/a.pdf")
    assert doc.metadata["text_layer"] == "no_text"
    assert doc.extractor == "pdf/pypdfium2+tesseract"
    page = doc.pages[0]
    assert page.ocr and not page.has_text_layer and page.chars > 100
    folded = normalize_for_matching(doc.text)
    assert normalize_for_matching("ของขวัญ") in folded
    assert "no gift policy" in folded
    assert normalize_for_matching("สำนักงานเขตห้วยขวาง") in folded


def test_text_layer_pdf_is_not_ocrd(shared_dir, monkeypatch):
    monkeypatch.delenv("OITCRAWL_OCR", raising=False)
    data = (shared_dir / "corpus/real/nysso/upload/ITA/EB2/2.2.pdf").read_bytes()
    doc = extract_document(data, "application/pdf", "https://nysso.go.th/2.2.pdf")
    assert doc.metadata["text_layer"] == "export_defects"
    assert "ocr" not in doc.metadata and doc.extractor == "pdf/pypdfium2"
    assert not any(p.ocr for p in doc.pages)


def test_ocr_switched_off(shared_dir, monkeypatch):
    monkeypatch.setenv("OITCRAWL_OCR", "0")
    data = (shared_dir / IMG).read_bytes()
    doc = extract_document(data, "application/pdf", "http://www.saiyoidenchai.go.th/IMG.pdf")
    assert doc.metadata["text_layer"] == "garbage_ocr"
    assert "ocr" not in doc.metadata and doc.extractor == "pdf/pypdfium2"
    assert not any(p.ocr for p in doc.pages)
    assert not _found(IMG_TITLE_WORDS, doc.text)  # the garbage layer is kept as it is


@needs_ocr
def test_ocr_image_and_bad_input():
    if not NO_GIFT.is_file():
        pytest.skip("sample site not built")
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(NO_GIFT.read_bytes())
    try:
        image = pdf[0].render(scale=150 / 72).to_pil()
    finally:
        pdf.close()
    buf = io.BytesIO()
    image.save(buf, format="JPEG")
    result = ocr_image(buf.getvalue(), budget_s=30)
    assert result.used and result.error is None and result.seconds > 0
    assert normalize_for_matching("ของขวัญ") in normalize_for_matching(result.pages[1])

    bad = ocr_image(b"not an image", budget_s=5)
    assert not bad.used and bad.pages == {} and "could not OCR image" in bad.error
    assert ocr_pdf(b"%PDF-1.4 truncated", [1], budget_s=5).error.startswith("could not open")


@needs_ocr
def test_ocr_pdf_limits(shared_dir):
    data = (shared_dir / IMG).read_bytes()
    out_of_range = ocr_pdf(data, [0, 2, 99], budget_s=5)
    assert out_of_range.pages == {} and not out_of_range.used and out_of_range.error is None
    no_budget = ocr_pdf(data, [1], budget_s=0)
    assert no_budget.pages == {} and "budget" in no_budget.error
    assert MAX_OCR_PAGES == 10
