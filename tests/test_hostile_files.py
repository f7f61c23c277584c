"""Hostile files: every one ends with a stored extract row and a report line that say what it is,
what oitcrawl made of it and why; none crashes or stops the run.

The files are built here (a few KB to ~1 MB each): decompression bombs in DOCX/XLSX/ODF (ratio,
absolute size, member count), a PDF with thousands of pages, encrypted, malformed and
self-referencing PDFs, a giant image header, wrong extensions, a zero-byte body, and a DOCX
just under the bomb limits whose extraction takes ~15 s and ~225 MB, which the per-document
worker budget (``oitcrawl.extract.isolate``) stops. They go into a real store as a crawl
would put them and through the real `oitcrawl extract` command.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import struct
import time
import zipfile
import zlib

import pytest
import yaml

from oitcrawl.crawl.urls import request_url
from oitcrawl.extract import extract_document
from oitcrawl.extract.isolate import Budget, ExtractionWorker, format_bytes
from oitcrawl.store import RUN_COMPLETED, Store, utcnow
from oitcrawl.submission import parse_submission
from tests.conftest import run_cli

SITE = "https://agency.test/"
DOCX_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MB = 1024 * 1024

# --------------------------------------------------------------------------------------------
# Builders


def docx_bytes(text: str = "ประกาศ เรื่อง ทดสอบ") -> bytes:
    import docx

    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph(text)
    d.save(buf)
    return buf.getvalue()


def replace_member(data: bytes, name: str, payload: bytes, level: int = 9) -> bytes:
    """A copy of the ZIP ``data`` with member ``name`` replaced by ``payload`` (deflated)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        for info in src.infolist():
            body = payload if info.filename == name else src.read(info.filename)
            z.writestr(info.filename, body)
    return out.getvalue()


def docx_ratio_bomb() -> bytes:
    """document.xml expands 11 MB from ~11 KB (1000:1)."""
    return replace_member(docx_bytes(), "word/document.xml", b" " * (11 * MB))


def xlsx_size_bomb() -> bytes:
    """An XLSX whose 22 extra members (each under the 10 MB ratio threshold) declare 218 MB."""
    from openpyxl import Workbook

    buf = io.BytesIO()
    wb = Workbook()
    wb.active["A1"] = "ลำดับ"
    wb.save(buf)
    out = io.BytesIO(buf.getvalue())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        zeros = b"\0" * 9_900_000
        for i in range(22):
            z.writestr(f"xl/media/image{i}.bin", zeros)
    return out.getvalue()


def odf_zip(mimetype: str, members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)  # stored first, as ODF requires
        for name, body in members.items():
            z.writestr(name, body)
    return out.getvalue()


def ods_ratio_bomb() -> bytes:
    return odf_zip(
        "application/vnd.oasis.opendocument.spreadsheet", {"content.xml": b" " * (11 * MB)}
    )


def odt_member_bomb() -> bytes:
    members = {f"Pictures/{i:05d}.png": b"" for i in range(20_001)}
    members["content.xml"] = b"<office:document-content/>"
    return odf_zip("application/vnd.oasis.opendocument.text", members)


def docx_heavy(paragraphs: int = 270_000) -> bytes:
    """Under every bomb limit (document.xml 9.7 MB < 10 MB, so no ratio check; 63 KB file),
    yet python-docx needs ~15 s and ~225 MB for it: the per-document budget must stop it."""
    data = docx_bytes("x")
    src = zipfile.ZipFile(io.BytesIO(data))
    xml = src.read("word/document.xml").decode()
    at = xml.index("<w:body>") + len("<w:body>")
    body = "<w:p><w:r><w:t>ก</w:t></w:r></w:p>" * paragraphs
    return replace_member(data, "word/document.xml", (xml[:at] + body + xml[at:]).encode())


def pdf_many_pages(n: int = 3000) -> bytes:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument.new()
    for _ in range(n):
        pdf.new_page(200, 200)
    buf = io.BytesIO()
    pdf.save(buf)
    pdf.close()
    return buf.getvalue()


def pdf_encrypted() -> bytes:
    import fpdf

    p = fpdf.FPDF()
    p.add_page()
    p.set_font("helvetica", size=12)
    p.cell(text="secret")
    p.set_encryption(owner_password="owner", user_password="user")
    return bytes(p.output())


def _pdf(objects: list[str], trailer: str, xref_offsets: list[int] | None = None) -> bytes:
    """A classic PDF from object bodies; ``xref_offsets`` overrides the real offsets (to lie)."""
    out = b"%PDF-1.4\n"
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n{body}\nendobj\n".encode()
    xref_at = len(out)
    table = xref_offsets if xref_offsets is not None else offsets
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in table)
    trailer = trailer.replace("XREF", str(xref_at))
    out += f"trailer\n{trailer}\nstartxref\n{xref_at}\n%%EOF\n".encode()
    return out


def pdf_recursive_xref() -> bytes:
    """/Prev points at the same xref table (an infinite chain) and the page tree contains
    itself with a huge /Count."""
    return _pdf(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1000000000 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ],
        "<< /Size 4 /Root 1 0 R /Prev XREF >>",
    )


def pdf_broken_xref() -> bytes:
    """Every xref offset points into the middle of nowhere; startxref is right."""
    return _pdf(
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        ],
        "<< /Size 4 /Root 1 0 R >>",
        xref_offsets=[999_999, 3, 77],
    )


def pdf_garbage() -> bytes:
    return b"%PDF-1.7\n" + bytes(range(256)) * 40


def png_header(width: int, height: int) -> bytes:
    """A PNG signature, IHDR and IEND (valid CRCs): declares width×height, has no pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IEND", b"")


ERROR_PAGE = (
    "<html><head><title>404 ไม่พบหน้า</title></head><body><h1>ไม่พบไฟล์ที่ต้องการ</h1></body></html>"
).encode()

# --------------------------------------------------------------------------------------------
# The run: (name, content type, body builder) → what the store and the report must say:
# (sniffed type, readability label, a phrase of the extract error or None)

HOSTILE = {
    "docx-ratio-bomb.docx": (DOCX_CT, docx_ratio_bomb),
    "xlsx-size-bomb.xlsx": (XLSX_CT, xlsx_size_bomb),
    "ods-ratio-bomb.ods": (None, ods_ratio_bomb),
    "odt-member-bomb.odt": (None, odt_member_bomb),
    "docx-heavy.docx": (DOCX_CT, docx_heavy),
    "pages-3000.pdf": ("application/pdf", pdf_many_pages),
    "encrypted.pdf": ("application/pdf", pdf_encrypted),
    "garbage.pdf": ("application/pdf", pdf_garbage),
    "recursive-xref.pdf": ("application/pdf", pdf_recursive_xref),
    "broken-xref.pdf": ("application/pdf", pdf_broken_xref),
    "giant.png": ("image/png", lambda: png_header(100_000, 100_000)),
    "error-page.pdf": ("application/pdf", lambda: ERROR_PAGE),
    "really-a-pdf.docx": ("application/octet-stream", pdf_encrypted),
    "empty.pdf": ("application/pdf", lambda: b""),
}

TIMEOUT_S = 3.0  # per-document budget of the run below: docx-heavy needs ~7 s, the rest < 0.2 s

EXPECTED = {
    "docx-ratio-bomb.docx": ("docx", "no_text", "refused (zip bomb guard): member"),
    "xlsx-size-bomb.xlsx": ("xlsx", "no_text", "refused (zip bomb guard): members declare"),
    "ods-ratio-bomb.ods": ("ods", "no_text", "refused (zip bomb guard): member"),
    "odt-member-bomb.odt": ("odt", "no_text", "refused: 20,003 ZIP members"),
    "docx-heavy.docx": ("docx", "no_text", f"timeout after {TIMEOUT_S:g} s"),
    "pages-3000.pdf": ("pdf", "image", "only the first 2000 of 3000 pages were read"),
    "encrypted.pdf": ("pdf", "no_text", "encrypted: a password is required"),
    "garbage.pdf": ("pdf", "no_text", "could not open PDF"),
    "recursive-xref.pdf": ("pdf", "image", None),
    "broken-xref.pdf": ("pdf", "image", None),
    "giant.png": ("png", "image", "refused (decompression bomb guard)"),
    "error-page.pdf": ("html", "text", None),
    "really-a-pdf.docx": ("pdf", "no_text", "encrypted: a password is required"),
    "empty.pdf": ("other", "no_text", None),
}


def make_run(tmp_path, bodies: dict[str, tuple[str | None, bytes]]) -> tuple[Store, str]:
    """A completed run whose item O1 submitted every URL of ``bodies`` ({file name:
    (content type, body)}), each stored as a fetch with HTTP 200 the way the crawler does."""
    urls = [SITE + "files/" + name for name in bodies]
    sub = parse_submission(
        yaml.safe_dump(
            {"agency": "หน่วยงานทดสอบ", "website": SITE, "fiscal_year": 2566,
             "as_of": "2023-04-30", "items": {"O1": urls}},
            allow_unicode=True,
        )
    )  # fmt: skip
    store = Store(tmp_path / "data" / "evidence.sqlite")
    sub_dict = sub.model_dump(mode="json")
    run = store.create_run(
        agency=sub.agency,
        website=sub.website,
        framework=sub.framework,
        fiscal_year=sub.fiscal_year,
        as_of="2023-04-30",
        submission=sub_dict,
        submitted=[(i, u, request_url(u)) for i, u in sub.all_urls()],
        settings={},
    )
    for url, (content_type, body) in zip(urls, bodies.values(), strict=True):
        url = request_url(url)
        store.record_fetch(
            {"run_id": run.id, "url": url, "depth": 0, "final_url": url, "http_status": 200,
             "outcome": "ok", "error_kind": None, "error": None, "redirect_chain_json": "[]",
             "headers_json": json.dumps({"Content-Type": content_type}),
             "content_type": content_type, "elapsed_s": 0.1, "retries": 0,
             "fetched_at": utcnow()},
            body,
            [],
        )  # fmt: skip
    store.set_run_status(run.id, RUN_COMPLETED)
    return store, run.id


def test_every_hostile_file_is_stored_and_reported_with_its_reason(tmp_path):
    bodies = {name: (ct, build()) for name, (ct, build) in HOSTILE.items()}
    assert max(len(b) for _, b in bodies.values()) < 3 * MB  # small on disk
    store, run_id = make_run(tmp_path, bodies)
    started = time.monotonic()
    result = run_cli(
        "extract", run_id, "--db", str(store.path), "--out", str(tmp_path / "out"),
        env={"OITCRAWL_EXTRACT_TIMEOUT": str(TIMEOUT_S), "OITCRAWL_EXTRACT_MEMORY": "2G",
             "OITCRAWL_OCR": "0"},
        timeout=300,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    # the heavy DOCX alone would take ~15 s: the run went on after its budget
    assert elapsed < 120

    with sqlite3.connect(store.path) as conn:
        conn.row_factory = sqlite3.Row
        rows = {
            r["url"].rsplit("/", 1)[1]: r
            for r in conn.execute(
                "select f.url, e.sniffed_type, e.error, e.page_count, e.pages_json "
                "from fetches f join extracts e on e.sha256 = f.sha256 where f.run_id = ?",
                [run_id],
            )
        }
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    documents = {d["url"].rsplit("/", 1)[1]: d for d in report["documents"]}

    got, want = {}, {}
    for name, (kind, label, phrase) in EXPECTED.items():
        row, doc = rows[name], documents[name]
        error = row["error"] or ""
        got[name] = (
            row["sniffed_type"],
            doc["sniffed_type"],
            doc["readability_label"],
            phrase in error if phrase else error == "",
            # a cut-short PDF is still a scan to a reader; its error is kept on the extract
            phrase in doc["reason"] if phrase and name != "pages-3000.pdf" else True,
        )
        want[name] = (kind, kind, label, True, True)
    assert got == want

    # the page cap: 3000 pages declared, the first 2000 read
    pages = rows["pages-3000.pdf"]
    assert (pages["page_count"], len(json.loads(pages["pages_json"]))) == (3000, 2000)
    # the HTML error page behind a .pdf URL is recorded as a mismatch
    assert documents["error-page.pdf"]["title"] == "404 ไม่พบหน้า"


def test_memory_budget_stops_a_document_and_the_worker_recovers():
    heavy = docx_heavy()
    budget = Budget(seconds=120, memory_bytes=200 * MB)
    with ExtractionWorker(budget) as worker:
        doc = worker.extract(heavy, DOCX_CT, SITE + "heavy.docx")
        assert doc.sniffed.type == "docx"
        assert doc.error is not None
        assert doc.error.startswith(f"memory budget {format_bytes(200 * MB)} exceeded")
        assert format_bytes(200 * MB) == "200 MiB"
        after = worker.extract(docx_bytes("ประกาศ ฉบับที่ 2"), DOCX_CT, SITE + "ok.docx")
        assert (after.error, after.text) == (None, "ประกาศ ฉบับที่ 2")
        assert worker.started == 2  # a fresh worker for the next document


def test_timeout_kills_the_worker_process():
    with ExtractionWorker(Budget(seconds=1.0, memory_bytes=None)) as worker:
        worker.extract(b"<html><title>warm</title></html>", "text/html", SITE)
        pid = worker.pid
        started = time.monotonic()
        doc = worker.extract(docx_heavy(), DOCX_CT, SITE + "heavy.docx")
        assert time.monotonic() - started < 10
        assert doc.error.startswith("timeout after 1 s")
        assert doc.sniffed.type == "docx"
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # killed and reaped
        assert worker.extract(b"<title>next</title>", "text/html", SITE).title == "next"


@pytest.mark.parametrize("name", sorted(set(HOSTILE) - {"docx-heavy.docx"}))
def test_isolated_extract_equals_in_process(name):
    content_type, build = HOSTILE[name]
    data = build()
    url = SITE + "files/" + name
    with ExtractionWorker(Budget(120, 2 * 1024**3)) as worker:
        assert worker.extract(data, content_type, url) == extract_document(data, content_type, url)


@pytest.mark.parametrize(
    ("name", "kind", "label", "phrase"),
    [
        ("bomb.docx", "docx", "no_text", "refused (zip bomb guard)"),
        ("encrypted.pdf", "pdf", "no_text", "encrypted: a password is required"),
        ("giant.png", "png", "image", "refused (decompression bomb guard)"),
        ("recursive-xref.pdf", "pdf", "image", None),
    ],
)
def test_inspect_json_names_type_verdict_and_reason(tmp_path, name, kind, label, phrase):
    build = {
        "bomb.docx": docx_ratio_bomb,
        "encrypted.pdf": pdf_encrypted,
        "giant.png": lambda: png_header(100_000, 100_000),
        "recursive-xref.pdf": pdf_recursive_xref,
    }[name]
    path = tmp_path / name
    path.write_bytes(build())
    result = run_cli("inspect", str(path), "--json", env={"OITCRAWL_OCR": "0"}, timeout=120)
    assert result.returncode == 0, result.stderr
    info = json.loads(result.stdout)
    verdict = info["machine_readable"]
    assert (info["sniffed"]["type"], verdict["label"], verdict["machine_readable"]) == (
        kind,
        label,
        False,
    )
    if phrase:
        assert phrase in info["error"] and phrase in verdict["reason_en"]


def test_budget_from_environment():
    assert Budget.from_env({}) == Budget(120.0, 2 * 1024**3)
    assert Budget.from_env(
        {"OITCRAWL_EXTRACT_TIMEOUT": "7.5", "OITCRAWL_EXTRACT_MEMORY": "512M"}
    ) == Budget(7.5, 512 * MB)
    assert Budget.from_env({"OITCRAWL_EXTRACT_MEMORY": "0"}).memory_bytes is None
    with pytest.raises(ValueError, match="OITCRAWL_EXTRACT_TIMEOUT='soon'"):
        Budget.from_env({"OITCRAWL_EXTRACT_TIMEOUT": "soon"})
    with pytest.raises(ValueError, match="OITCRAWL_EXTRACT_MEMORY='lots'"):
        Budget.from_env({"OITCRAWL_EXTRACT_MEMORY": "lots"})
