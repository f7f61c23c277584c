"""PDF extraction with PDFium, checked against poppler's measurements in PDF_ANALYSIS.tsv."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from oitcrawl.extract.pdf import PdfExtract, extract_pdf, extract_pdf_isolated

CORPUS = (Path(__file__).parents[1] / "../shared/corpus/real").resolve()
TSV = CORPUS / "PDF_ANALYSIS.tsv"
SKIP_REASON = f"real corpus not found at {CORPUS} (shared/corpus/real/PDF_ANALYSIS.tsv)"
needs_corpus = pytest.mark.skipif(not TSV.is_file(), reason=SKIP_REASON)
TRUNCATED = "saiyoidenchai/images/file/IMG_0001.pdf"


def _tsv_rows() -> list:
    if not TSV.is_file():
        return [pytest.param(None, marks=pytest.mark.skip(reason=SKIP_REASON), id="no-corpus")]
    with TSV.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [pytest.param(row, id=row["path"]) for row in rows]


@pytest.mark.parametrize("row", _tsv_rows())
def test_matches_pdf_analysis(row):
    data = (CORPUS / row["path"]).read_bytes()
    assert len(data) == int(row["bytes"])
    result = extract_pdf(data)
    assert result.page_count == int(row["pages"])
    expect_text = row["verdict"] != "no-text(scanned?)"
    assert result.has_text_layer == expect_text, row["verdict"]
    if result.error is None:
        assert [p.number for p in result.pages] == list(range(1, result.page_count + 1))
        assert not result.truncated
    for page in result.pages:
        assert page.chars == sum(1 for c in page.text if not c.isspace())
        assert page.has_text_layer == (page.chars > 0)
        assert "\r" not in page.text
    if expect_text and row["verdict"] == "text":
        # PDFium and poppler count the same non-space characters, give or take 2 %.
        tsv_chars = int(row["nonspace_chars"])
        assert abs(sum(p.chars for p in result.pages) - tsv_chars) <= max(40, tsv_chars // 50)
    creator, _, producer = row["creator|producer"].partition("|")
    if producer.strip():
        assert result.metadata.get("Producer") == producer.strip()
    if creator.strip():
        assert result.metadata.get("Creator") == creator.strip()


@needs_corpus
def test_truncated_pdf_reports_error():
    result = extract_pdf((CORPUS / TRUNCATED).read_bytes())
    assert result.page_count == 0
    assert result.pages == []
    assert result.error is not None
    assert "could not open" in result.error
    assert "truncated" in result.error


@needs_corpus
def test_scanned_page_with_ocr_layer_counts_as_text():
    # IMG.pdf: a Canon scan with a garbage OCR layer; one image, text layer present.
    result = extract_pdf((CORPUS / "saiyoidenchai/images/file/IMG.pdf").read_bytes())
    assert result.page_count == 1
    page = result.pages[0]
    assert page.has_text_layer
    assert page.image_count == 1
    assert not any("\u0e00" <= c <= "\u0e7f" for c in page.text)


@needs_corpus
def test_blank_last_page_has_no_text_layer():
    # The TSV verdict is per file ("text"); page 8 of this tender document is blank.
    result = extract_pdf((CORPUS / "saiyoidenchai/images/file/เอกสารสอบราคาจ้าง.pdf").read_bytes())
    assert [p.number for p in result.pages if not p.has_text_layer] == [8]
    assert result.pages[7].image_count == 0
    assert result.has_text_layer


@needs_corpus
def test_max_pages_and_serialisation():
    data = (CORPUS / "saiyoidenchai/images/file/ยุทธศาสตร์ใหม่.pdf").read_bytes()
    result = extract_pdf(data, max_pages=3)
    assert result.page_count == 31
    assert [p.number for p in result.pages] == [1, 2, 3]
    assert result.truncated
    round_trip = PdfExtract.from_dict(json.loads(json.dumps(result.to_dict())))
    assert round_trip == result


@needs_corpus
def test_time_budget_stops_between_pages():
    data = (CORPUS / "saiyoidenchai/images/file/ยุทธศาสตร์ใหม่.pdf").read_bytes()
    result = extract_pdf(data, time_budget=0.0)
    assert result.page_count == 31
    assert result.pages == []
    assert result.truncated
    assert result.error is not None and "time budget" in result.error


def test_garbage_and_empty_input_do_not_raise():
    for data in (b"", b"not a pdf at all", b"%PDF-1.7\n" + b"\x00" * 100, b"%PDF-1.4\n1 0 obj"):
        result = extract_pdf(data)
        assert result.page_count == 0
        assert result.error is not None and result.error.startswith("could not open PDF")


def _encrypted_pdf() -> bytes:
    fpdf = pytest.importorskip("fpdf")
    doc = fpdf.FPDF()
    doc.set_encryption(owner_password="o", user_password="u")
    doc.add_page()
    doc.set_font("helvetica", size=12)
    doc.cell(text="secret")
    return bytes(doc.output())


def test_encrypted_pdf_reports_password():
    result = extract_pdf(_encrypted_pdf())
    assert result.page_count == 0
    assert result.error is not None and "password" in result.error


def test_generated_pdf_text_and_metadata():
    fpdf = pytest.importorskip("fpdf")
    doc = fpdf.FPDF()
    doc.set_creator("oitcrawl-test")
    doc.set_title("Hello")
    for word in ("first", "second"):
        doc.add_page()
        doc.set_font("helvetica", size=12)
        doc.cell(text=f"{word} page")
    doc.add_page()  # blank page: no text layer
    result = extract_pdf(bytes(doc.output()))
    assert result.error is None
    assert result.page_count == 3
    assert [p.text.strip() for p in result.pages] == ["first page", "second page", ""]
    assert [p.has_text_layer for p in result.pages] == [True, True, False]
    assert result.pages[0].chars == len("firstpage")
    assert result.metadata["Creator"] == "oitcrawl-test"
    assert result.metadata["Title"] == "Hello"
    assert result.has_text_layer


@needs_corpus
def test_isolated_extraction_matches_in_process():
    data = (CORPUS / "nysso/upload/ITA/EB2/2.2.pdf").read_bytes()
    assert extract_pdf_isolated(data, timeout=60) == extract_pdf(data)
    bad = extract_pdf_isolated((CORPUS / TRUNCATED).read_bytes(), timeout=60)
    assert bad.page_count == 0 and bad.error
