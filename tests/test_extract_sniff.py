"""File-type sniffing: bytes first, then Content-Type, then the URL extension."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from oitcrawl.extract.sniff import TYPES, sniff

CORPUS = (Path(__file__).parents[1] / "../shared/corpus/real").resolve()
FILES = CORPUS / "saiyoidenchai/images/file"
needs_corpus = pytest.mark.skipif(
    not FILES.is_dir(), reason=f"real corpus not found at {FILES} (shared/corpus/real)"
)
BASE = "http://www.saiyoidenchai.go.th/images/file/"


@needs_corpus
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ประกาศสอบราคาจ้าง.pdf", "pdf"),
        ("IMG_0001.pdf", "pdf"),  # truncated, but the signature is there
        ("คำนำแผนพัฒนา 2556-2558.docx", "docx"),
        ("ประกาศใช้แผนอัตรากำลัง 3 ปี(ปรับปรุง).docx", "docx"),
        ("ประกาศแผนพัฒนา.doc", "doc"),
        ("ปรับปรุงใหม่ แผนพัฒนา 2556-2558 .xls", "xls"),
    ],
)
def test_corpus_files(name, expected):
    data = (FILES / name).read_bytes()
    result = sniff(data, None, BASE + name)
    assert result.type == expected
    assert not result.mismatch
    assert result.reasons[0].startswith("bytes: ")
    # The bytes decide even when the server says nothing useful.
    vague = sniff(data, "application/octet-stream", "http://a.go.th/download.php?id=7")
    assert vague.type == expected and not vague.mismatch


@needs_corpus
def test_ole2_decided_by_stream_names_not_extension():
    doc = (FILES / "ประกาศแผนพัฒนา.doc").read_bytes()
    xls = (FILES / "ปรับปรุงใหม่ แผนพัฒนา 2556-2558 .xls").read_bytes()
    assert sniff(doc, None, "http://a.go.th/file").type == "doc"
    assert sniff(xls, None, "http://a.go.th/file").type == "xls"
    wrong = sniff(xls, "application/msword", "http://a.go.th/plan.doc")
    assert wrong.type == "xls" and wrong.mismatch


def test_pdf_signature():
    result = sniff(
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj", "application/pdf", "http://a.go.th/a.pdf"
    )
    assert result.type == "pdf"
    assert result.reasons == [
        "bytes: starts with %PDF-",
        "content-type: application/pdf → pdf",
        "extension: .pdf → pdf",
    ]
    assert not result.mismatch
    late = sniff(b"\r\n\r\n junk %PDF-1.7 rest", None, "http://a.go.th/x")
    assert late.type == "pdf" and "offset" in late.reasons[0]


def test_html_error_page_served_as_pdf():
    body = b"\xef\xbb\xbf  <!DOCTYPE html>\n<html><head><title>404 Not Found</title>"
    result = sniff(body, "text/html; charset=utf-8", "http://a.go.th/files/รายงาน ประจำปี.pdf")
    assert result.type == "html"
    assert result.mismatch
    assert any(r.startswith("bytes: UTF-8 BOM, starts with <!doctype html") for r in result.reasons)
    assert "extension: .pdf → pdf" in result.reasons
    assert any(r.startswith("mismatch: extension .pdf says pdf") for r in result.reasons)
    also = sniff(body, "application/pdf", "http://a.go.th/download.php?f=1")
    assert also.type == "html" and also.mismatch
    assert any(r.startswith("mismatch: content-type application/pdf") for r in also.reasons)


def test_php_warning_page_is_html():
    body = b"<br />\n<b>Warning</b>:  mysql_connect(): Access denied in <b>/var/www/x.php</b>"
    assert sniff(body, None, "http://a.go.th/doc.pdf").type == "html"


def test_plain_text_error_and_empty_body_for_pdf_url():
    text = sniff(b"File not found", None, "http://a.go.th/a.pdf")
    assert text.type == "text" and text.mismatch
    empty = sniff(b"", "application/pdf", "http://a.go.th/a.pdf")
    assert empty.type == "other" and empty.mismatch
    assert empty.reasons[0] == "bytes: empty body"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01", "jpeg"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "png"),
        (b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "gif"),
        (b"GIF87a\x01\x00\x01\x00", "gif"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "webp"),
        (b"II*\x00\x08\x00\x00\x00", "tiff"),
        (b"MM\x00*\x00\x00\x00\x08", "tiff"),
        (b"{\\rtf1\\ansi\\ansicpg874", "rtf"),
    ],
)
def test_image_signatures(data, expected):
    result = sniff(data, None, "http://a.go.th/scan")
    assert result.type == expected
    assert not result.mismatch
    renamed = sniff(data, "image/jpeg", "http://a.go.th/scan.jpg")
    assert renamed.mismatch == (expected != "jpeg")


def test_jpeg_scan_published_as_pdf():
    result = sniff(b"\xff\xd8\xff\xe1\x00\x18Exif", "application/pdf", "http://a.go.th/O12.pdf")
    assert result.type == "jpeg" and result.mismatch


def _zip(entries: dict[str, bytes], stored_first: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        if stored_first:
            zf.writestr(stored_first, entries.pop(stored_first), compress_type=zipfile.ZIP_STORED)
        for name, data in entries.items():
            zf.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def test_office_and_odf_zips():
    xlsx = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<w/>"})
    assert sniff(xlsx, None, "http://a.go.th/x").type == "xlsx"
    pptx = _zip({"[Content_Types].xml": b"<Types/>", "ppt/presentation.xml": b"<p/>"})
    assert sniff(pptx, None, "http://a.go.th/x").type == "pptx"
    for mime, kind in (
        (b"application/vnd.oasis.opendocument.text", "odt"),
        (b"application/vnd.oasis.opendocument.spreadsheet", "ods"),
    ):
        odf = _zip({"mimetype": mime, "content.xml": b"<c/>"}, stored_first="mimetype")
        result = sniff(odf, None, "http://a.go.th/x")
        assert result.type == kind and mime.decode() in result.reasons[0]
    plain = _zip({"a.pdf": b"%PDF-1.4", "b.pdf": b"%PDF-1.4"})
    assert sniff(plain, "application/zip", "http://a.go.th/all.zip").type == "zip"
    # A docx served as application/zip is not a contradiction; as .pdf it is.
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>"})
    assert not sniff(docx, "application/zip", "http://a.go.th/a.docx").mismatch
    assert sniff(docx, None, "http://a.go.th/a.pdf").mismatch


def test_truncated_docx_still_recognised():
    docx = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<d/>" * 500})
    assert sniff(docx[: len(docx) // 2], None, "http://a.go.th/x").type == "docx"


def test_text_types_from_header_and_extension():
    csv_body = "ลำดับ,รายการ,จำนวนเงิน\n1,จัดซื้อ,5000\n".encode()
    assert sniff(csv_body, "text/csv", "http://a.go.th/data").type == "csv"
    assert sniff(csv_body, None, "http://a.go.th/data.csv").type == "csv"
    assert sniff(csv_body, "application/octet-stream", "http://a.go.th/o.csv").type == "csv"
    assert sniff(csv_body, None, "http://a.go.th/data").type == "text"
    assert sniff("ข้อความ".encode("cp874"), "text/plain", "http://a.go.th/a.txt").type == "text"
    assert sniff(b"no tags here", "text/html", "http://a.go.th/").type == "html"


def test_binary_without_signature():
    result = sniff(bytes(range(256)) * 4, None, "http://a.go.th/blob")
    assert result.type == "other" and not result.mismatch
    assert sniff(bytes(range(256)) * 4, None, "http://a.go.th/blob.docx").mismatch


def test_types_and_reasons_always_well_formed():
    cases = [
        (b"", None, ""),
        (b"<html>", "text/html", "not a url"),
        (b"x", "garbage/;;;", "http://[::1"),
        (b"\xfe\xff\x00<\x00h\x00t\x00m\x00l\x00>", None, "http://a.go.th/"),
    ]
    for data, ct, url in cases:
        result = sniff(data, ct, url)
        assert result.type in TYPES
        assert result.reasons and all(isinstance(r, str) for r in result.reasons)
    assert sniff(cases[3][0], None, "http://a.go.th/").type == "html"
