"""extract_document: sniff and dispatch, JSON round trip, the whole real corpus."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import oitcrawl.extract.document
import oitcrawl.extract.html
from oitcrawl.extract import (
    EXTRACTOR_VERSION,
    DocumentExtract,
    decode_text,
    extract_document,
    normalize_for_matching,
)

CORPUS = (Path(__file__).parents[1] / "../shared/corpus/real").resolve()
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"real corpus not found at {CORPUS} (shared/corpus/real)"
)
SITE = "http://www.saiyoidenchai.go.th/"


def _round_trip(doc: DocumentExtract) -> None:
    assert DocumentExtract.from_dict(json.loads(json.dumps(doc.to_dict()))) == doc


def test_version_constant():
    assert extract_document(b"", None, "http://a.go.th/").version == EXTRACTOR_VERSION


@needs_corpus
def test_pdf_document():
    data = (CORPUS / "nysso/upload/ITA/EB2/2.2.pdf").read_bytes()
    doc = extract_document(data, "application/pdf", "https://nysso.go.th/upload/ITA/EB2/2.2.pdf")
    assert doc.sniffed.type == "pdf" and not doc.sniffed.mismatch
    assert doc.extractor == "pdf/pypdfium2"
    assert doc.page_count == 2 and doc.pages is not None and len(doc.pages) == 2
    assert doc.error is None
    # Title is the first line of the text, not the stale template title in the Info dict.
    assert doc.title.startswith("ประกาศส")
    assert "ระยอง" in doc.metadata["Title"]
    assert doc.metadata["Producer"] == "Microsoft® Office Word 2007"
    assert normalize_for_matching("มาตรการป้องกันการทุจริต") in normalize_for_matching(doc.text)
    assert doc.links == [] and doc.tables == [] and not doc.has_login_form
    _round_trip(doc)


@needs_corpus
def test_truncated_pdf_document():
    data = (CORPUS / "saiyoidenchai/images/file/IMG_0001.pdf").read_bytes()
    doc = extract_document(data, None, SITE + "images/file/IMG_0001.pdf")
    assert doc.sniffed.type == "pdf"
    assert doc.page_count == 0 and doc.pages == []
    assert doc.error and "could not open" in doc.error
    assert doc.text == ""


@needs_corpus
def test_html_document():
    data = (CORPUS / "saiyoidenchai/power.html").read_bytes()
    doc = extract_document(data, "text/html", SITE + "power.html")
    assert doc.sniffed.type == "html"
    assert doc.extractor == "html/bs4-html5lib"
    assert doc.encoding == "utf-8"
    assert doc.title and doc.text and doc.links
    assert doc.pages is None and doc.page_count is None
    _round_trip(doc)


def test_html_error_page_for_a_pdf_link():
    body = "<html><head><title>ไม่พบไฟล์</title></head><body>404</body></html>".encode()
    doc = extract_document(body, "text/html", "http://a.go.th/files/O12.pdf")
    assert doc.sniffed.type == "html" and doc.sniffed.mismatch
    assert doc.extractor == "html/bs4-html5lib"
    assert doc.title == "ไม่พบไฟล์"


@needs_corpus
@pytest.mark.parametrize(
    "name", ["คำนำแผนพัฒนา 2556-2558.docx", "ประกาศแผนพัฒนา.doc", "ปรับปรุงใหม่ แผนพัฒนา 2556-2558 .xls"]
)
def test_office_files_are_dispatched(name):
    # Exact contents: tests/test_extract_office.py.
    doc = extract_document(
        (CORPUS / "saiyoidenchai/images/file" / name).read_bytes(), None, SITE + name
    )
    extractor = {"docx": "docx/python-docx", "doc": "doc/antiword", "xls": "xls/xlrd"}
    assert doc.extractor == extractor[doc.sniffed.type]
    if doc.error != "DOC extractor not installed (apt install antiword)":
        assert doc.error is None and "ไทรย้อย" in doc.text
    _round_trip(doc)


@needs_corpus
def test_csv_document():
    data = (CORPUS / "bangkok-district-portals.csv").read_bytes()
    doc = extract_document(data, "text/csv", "http://a.go.th/portals.csv")
    assert doc.sniffed.type == "csv"
    assert doc.extractor == "csv/stdlib-csv"
    assert doc.encoding == "utf-8"
    assert "webportal.bangkok.go.th" in doc.text
    assert len(doc.tables) == 1 and len(doc.tables[0]) > 50


def test_decode_text_encodings():
    thai = "ลำดับ,รายการ,จำนวนเงิน\n1,จัดซื้อวัสดุสำนักงาน,๕,๐๐๐\n"
    assert decode_text(thai.encode("utf-8")) == (thai, "utf-8")
    assert decode_text(thai.encode("cp874")) == (thai, "cp874")
    assert decode_text(b"\xef\xbb\xbf" + thai.encode("utf-8")) == (thai, "utf-8")
    assert decode_text(thai.encode("cp874"), "text/csv; charset=tis-620") == (thai, "cp874")
    text, enc = decode_text(thai.encode("utf-16"), None)
    assert text == thai and enc.startswith("utf-16")
    # A wrong header charset is ignored when the bytes do not decode with it.
    assert decode_text(thai.encode("utf-8"), "text/plain; charset=us-ascii") == (thai, "utf-8")


def test_text_document_in_tis620():
    body = "รายงานผลการดำเนินงาน ประจำปี ๒๕๖๖".encode("cp874")
    doc = extract_document(body, "text/plain", "http://a.go.th/report.txt")
    assert doc.sniffed.type == "text"
    assert doc.text == "รายงานผลการดำเนินงาน ประจำปี ๒๕๖๖"
    assert doc.encoding == "cp874"


def test_images_and_unknown_binaries():
    png = extract_document(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png", "http://a.go.th/a.png"
    )
    assert png.sniffed.type == "png" and png.extractor == "image/pillow" and png.text == ""
    assert png.error is not None  # a truncated header: reported, not raised
    blob = extract_document(bytes(range(256)), None, "http://a.go.th/blob")
    assert blob.sniffed.type == "other" and blob.extractor == "none"


def test_extractor_failure_is_reported_not_raised(monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("parser exploded")

    monkeypatch.setattr(oitcrawl.extract.html, "extract_html", boom)
    doc = extract_document(b"<html><p>x</p></html>", "text/html", "http://a.go.th/")
    assert doc.sniffed.type == "html"
    assert doc.error == "html extraction failed: RuntimeError: parser exploded"


@needs_corpus
def test_whole_corpus_extracts_without_raising():
    files = [
        p
        for p in sorted(CORPUS.rglob("*"))
        if p.is_file() and p.suffix.lower() in (".pdf", ".html", ".doc", ".docx", ".xls", ".csv")
    ]
    assert len(files) >= 40
    for path in files:
        rel = path.relative_to(CORPUS).as_posix()
        doc = extract_document(path.read_bytes(), None, "http://corpus.example/" + rel)
        assert not doc.sniffed.mismatch, rel
        assert doc.sniffed.type == {".html": "html", ".csv": "csv"}.get(
            path.suffix.lower(), path.suffix.lower().lstrip(".")
        ), rel
        json.dumps(doc.to_dict())


def test_the_package_names_are_the_functions_whatever_was_imported_first():
    """oitcrawl.extract loads its names on first use (issue 17); importing a submodule first
    must not leave a module where a function of the same name is expected (`sniff`)."""
    import subprocess
    import sys

    probe = (
        "import oitcrawl.extract.document, oitcrawl.extract.sniff\n"
        "from oitcrawl.extract import extract_document, sniff, decode_text, EXTRACTOR_VERSION\n"
        "import oitcrawl.extract as e\n"
        "print(callable(sniff), callable(e.sniff), callable(extract_document),"
        " e.EXTRACTOR_VERSION == EXTRACTOR_VERSION)\n"
        "print(sorted(set(e.__all__) - set(dir(e))))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == ["True True True True", "[]"]
