"""`oitcrawl inspect FILE|URL [--json]`: the real CLI on sample-site files, a built XLSX and a
loopback HTTP server; every JSON output is validated against reports/inspect.schema.json."""

from __future__ import annotations

import functools
import json
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import jsonschema
import pytest

from oitcrawl.extract.ocr import ocr_available
from tests.conftest import REPO, run_cli

SCHEMA = json.loads((REPO / "reports/inspect.schema.json").read_text(encoding="utf-8"))
DATA_ROOM = (
    REPO / "oitcrawl/sample_site/site/webportal.bangkok.go.th/public/user_files_editor/59"
    "/Data Room HK"
)
O20_OCT = DATA_ROOM / "Procurement new/O20 summary procurement Oct 2565.pdf"
NO_GIFT = DATA_ROOM / "fraud prevention new/O23 No Gift Policy Announcement 2566 _thai.pdf"
TIMEOUT = 60  # seconds per CLI run; one OCR'd page takes 1-4 s


def _inspect_json(*args: str, env: dict[str, str] | None = None) -> dict:
    proc = run_cli("inspect", *args, "--json", timeout=TIMEOUT, env=env)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.validate(doc, SCHEMA, cls=jsonschema.Draft202012Validator)
    assert doc["schema"] == "oitcrawl/inspect@1"
    assert doc["tool"]["name"] == "oitcrawl"
    return doc


def _needs(path: Path) -> None:
    if not path.is_file():
        pytest.skip(f"sample site file missing: {path.name}")


def test_schema_is_valid_2020_12():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["additionalProperties"] is False


def test_text_pdf():
    _needs(O20_OCT)
    doc = _inspect_json(str(O20_OCT))
    assert doc["source"] == str(O20_OCT)
    assert doc["bytes"] == O20_OCT.stat().st_size
    assert doc["sniffed"]["type"] == "pdf" and doc["sniffed"]["mismatch"] is False
    assert doc["extractor"] == "pdf/pypdfium2" and doc["error"] is None
    assert doc["page_count"] == 1
    [page] = doc["pages"]
    assert page["has_text_layer"] and page["text_layer_class"] == "thai_text"
    assert page["ocr"] is False and page["chars"] > 1000
    assert doc["text_layer"]["class"] == "thai_text"
    mr = doc["machine_readable"]
    assert (mr["level"], mr["label"], mr["machine_readable"]) == (2, "text", True)
    assert doc["ocr"] == {"used": False, "engine": None}
    months = [d for d in doc["dates"] if d["kind"] == "month"]
    assert months[0]["text"] == "เดือน ตุลาคม พ.ศ. 2565"
    assert (months[0]["year_be"], months[0]["month"], months[0]["fiscal_year"]) == (2565, 10, 2566)
    assert 2566 in doc["fiscal_years"]
    assert doc["fiscal_years"] == sorted(set(doc["fiscal_years"]))
    # the ruled สขร.1 table: pdfplumber's cells, PDFium's text, the header recognised
    [table] = doc["tables"]
    assert (table["rows"], table["columns"], table["header_row"]) == (4, 9, 0)
    assert table["header"] == [
        "ที่", "งานที่ซื้อหรือจ้าง", "วงเงินที่ซื้อหรือจ้าง (บาท)", "ราคากลาง (บาท)",
        "วิธีซื้อหรือจ้าง", "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
        "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", "เหตุผลที่คัดเลือกโดยสังเขป",
        "เลขที่และวันที่ของสัญญาหรือข้อตกลง",
    ]  # fmt: skip
    assert [row[0] for row in table["first_rows"]] == ["1", "2", "3"]
    assert table["first_rows"][0][8] == "สัญญาจ้างเลขที่ 3/2566 ลงวันที่ 14 ต.ค. 65"
    assert table["rows_per_month"] == {"2022-10": 3}
    # a summary signed by the head of finance, not an announcement: no announcement date
    assert doc["announcement"] == {
        "date": None,
        "signatures": [{"name": "นางสาวจิราพร สุขสมบูรณ์", "position": "หัวหน้าฝ่ายการคลัง",
                        "head": False, "acting": False}],
    }  # fmt: skip
    assert doc["text_head"][0] == "แบบ สขร.1"
    assert any("งานที่ซื้อหรือจ้าง" in line for line in doc["text_head"])
    assert len(doc["text_head"]) == 20
    assert doc["metadata"]["text_layer"] == "thai_text"


def test_text_pdf_summary():
    _needs(O20_OCT)
    proc = run_cli("inspect", str(O20_OCT), timeout=TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    for expected in ("pdf", "thai_text", "level 2", "2566", "แบบ สขร.1", "ตุลาคม"):
        assert expected in proc.stdout


def test_scanned_pdf_without_ocr():
    _needs(NO_GIFT)
    doc = _inspect_json(str(NO_GIFT), env={"OITCRAWL_OCR": "0"})
    mr = doc["machine_readable"]
    assert (mr["level"], mr["label"], mr["machine_readable"]) == (1, "image", False)
    assert doc["ocr"] == {"used": False, "engine": None}
    [page] = doc["pages"]
    assert page == {
        "number": 1,
        "chars": 0,
        "has_text_layer": False,
        "image_count": 1,
        "ocr": False,
        "text_layer_class": "no_text",
    }
    assert doc["text_layer"]["class"] == "no_text"
    assert doc["text_head"] == [] and doc["dates"] == []


@pytest.mark.skipif(not ocr_available(), reason="tesseract with Thai data is not installed")
def test_scanned_pdf_with_ocr():
    _needs(NO_GIFT)
    doc = _inspect_json(str(NO_GIFT), env={"OITCRAWL_OCR": "1"})
    assert doc["ocr"] == {"used": True, "engine": "tesseract tha+eng"}
    assert doc["extractor"] == "pdf/pypdfium2+tesseract"
    [page] = doc["pages"]
    assert page["ocr"] and page["chars"] > 0
    # the class and the verdict describe the PDF's own text layer, not the OCR text
    assert page["text_layer_class"] == "no_text" and not page["has_text_layer"]
    assert doc["machine_readable"]["level"] == 1
    assert any("ห้วยขวาง" in line for line in doc["text_head"])
    # issue 18: which text the page carries and why, and the OCR'd years with their originals
    meta = doc["metadata"]
    assert meta["text_source"].startswith("p1: ocr — text layer unusable (no_text)")
    assert "→ 2566 corrected" in meta["ocr_corrections"]
    assert "→ 2565 corrected" in meta["ocr_corrections"]
    assert 2566 in doc["fiscal_years"]


def _xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "สรุป"
    ws.append([])
    ws.append(["ลำดับ", "งานที่ซื้อหรือจ้าง", "วงเงิน (บาท)", "วันที่"])
    ws.append([1, "ซื้อวัสดุสำนักงาน", 28750, "18 ต.ค. 2565"])
    ws.append([2, "จ้างซ่อมแซมผิวจราจร", 485000, "14 พฤศจิกายน 2565"])
    wb.save(path)


def test_xlsx(tmp_path):
    path = tmp_path / "สรุปผล จัดซื้อ.xlsx"
    _xlsx(path)
    doc = _inspect_json(str(path))
    assert doc["sniffed"]["type"] == "xlsx"
    assert doc["page_count"] is None and doc["pages"] == [] and doc["text_layer"] is None
    mr = doc["machine_readable"]
    assert (mr["level"], mr["label"], mr["machine_readable"]) == (3, "structured", True)
    [table] = doc["tables"]
    assert table["header"] == ["ลำดับ", "งานที่ซื้อหรือจ้าง", "วงเงิน (บาท)", "วันที่"]
    assert table["columns"] == 4
    assert table["first_rows"][0][1] == "ซื้อวัสดุสำนักงาน"
    assert len(table["first_rows"]) == 2
    assert 2566 in doc["fiscal_years"]


@pytest.fixture
def http_dir(tmp_path) -> Iterator[tuple[str, Path]]:
    """A loopback HTTP server on a free port serving tmp_path; yields (base URL, folder)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(tmp_path))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", tmp_path
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_url(http_dir):
    _needs(O20_OCT)
    base, folder = http_dir
    (folder / "สรุปผล ตุลาคม.pdf").write_bytes(O20_OCT.read_bytes())
    url = base + "สรุปผล ตุลาคม.pdf"  # Thai and a space: IRI-encoded once by fetch_url
    doc = _inspect_json(url, "--timeout", "10", "--allow-private")
    assert doc["source"] == url
    assert doc["bytes"] == O20_OCT.stat().st_size
    assert doc["sniffed"]["type"] == "pdf"
    assert "content-type: application/pdf → pdf" in doc["sniffed"]["reasons"]
    assert doc["machine_readable"]["level"] == 2
    assert 2566 in doc["fiscal_years"]


def test_url_not_found(http_dir):
    base, _ = http_dir
    proc = run_cli("inspect", base + "missing.pdf", "--json", "--allow-private", timeout=TIMEOUT)
    assert proc.returncode == 2
    assert "HTTP 404" in proc.stderr and "missing.pdf" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_url_on_a_private_address_is_refused_by_default(http_dir):
    base, folder = http_dir
    (folder / "a.pdf").write_bytes(b"%PDF-1.4")
    proc = run_cli("inspect", base + "a.pdf", "--json", timeout=TIMEOUT)
    assert proc.returncode == 2 and proc.stdout == ""
    assert "private address" in proc.stderr and "--allow-private" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_file(tmp_path):
    path = tmp_path / "nope.pdf"
    proc = run_cli("inspect", str(path), "--json", timeout=TIMEOUT)
    assert proc.returncode == 2
    assert str(path) in proc.stderr.replace("\n", "")
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_other_scheme_is_refused():
    proc = run_cli("inspect", "javascript:alert(1)", "--json", timeout=TIMEOUT)
    assert proc.returncode == 2
    assert "javascript:alert(1)" in proc.stderr and "http" in proc.stderr
    assert "Traceback" not in proc.stderr and proc.stdout == ""


def test_the_announcement_of_a_long_pdf_is_read_in_the_pages_that_can_hold_it():
    """Issue 17: first, last and "ประกาศ ณ วันที่" pages (and the page after each) unless
    whole_announcement; a two-page PDF is read whole."""
    from oitcrawl.extract import DocumentExtract, PdfPage, Sniffed
    from oitcrawl.tools.inspect import _announcement_text

    texts = ["ปก", "บทนำ", "ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๕", "(นายสมชาย ใจดี)", "ภาคผนวก", "จบ"]
    pages = [PdfPage(i + 1, t, len(t), True, 0) for i, t in enumerate(texts)]
    sniffed = Sniffed("pdf")
    doc = DocumentExtract(sniffed=sniffed, text="\n".join(texts), pages=pages)
    assert _announcement_text(doc, whole=False).split("\n") == [texts[i] for i in (0, 2, 3, 5)]
    assert _announcement_text(doc, whole=True) == doc.text
    short = DocumentExtract(sniffed=sniffed, text="ก\nข", pages=pages[:2])
    assert _announcement_text(short, whole=False) == "ก\nข"
