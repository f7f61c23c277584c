"""A long PDF read by two processes (``pdf._read_split``) and the forked extraction worker
(``isolate.ExtractionWorker(fork=True)``, what ``oitcrawl inspect`` uses) give exactly what
one process reading in order gives; a page reader that dies is replaced by the parent, a
worker over its time budget is killed (issue 17)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from oitcrawl.extract import cpu, extract_document, pdf, pdf_tables
from oitcrawl.extract.isolate import Budget, ExtractionWorker
from oitcrawl.extract.pdf import extract_pdf
from oitcrawl.extract.pdf_tables import TableSearch

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "oitcrawl" / "sample_site"
CORPUS = REPO.parent / "shared" / "corpus" / "real"
SITE = "https://agency.test/"


def _sample_pdfs() -> list[Path]:
    return sorted(SAMPLE.rglob("*.pdf"))


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    """The sample site's PDFs (tables among them) in one document."""
    big = pdfium.PdfDocument.new()
    for path in _sample_pdfs():
        src = pdfium.PdfDocument(path.read_bytes())
        big.import_pages(src)
        src.close()
    assert len(big) >= 12
    import io

    buf = io.BytesIO()
    big.save(buf)
    big.close()
    return buf.getvalue()


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Split every document after its first page, busy machine or not; the list grows by one
    per fork made by ``pdf`` and ``pdf_tables``. OCR off: the comparisons are about the text
    layer and the tables."""
    monkeypatch.setenv("OITCRAWL_OCR", "0")
    made: list[int] = []
    real = os.fork

    def fork() -> int:
        pid = real()
        if pid:
            made.append(pid)
        return pid

    monkeypatch.setattr(pdf.os, "fork", fork)
    monkeypatch.setattr(pdf, "SPLIT_MIN_SECONDS", 1e-9)
    monkeypatch.setattr(cpu, "idle_core", lambda: True)  # whatever the machine's load
    monkeypatch.setattr(pdf, "SPLIT_AFTER_PAGES", 1)
    return made


def _in_order(data: bytes, url: str, content_type: str | None = "application/pdf") -> dict:
    saved = pdf.SPLIT_MIN_SECONDS
    pdf.SPLIT_MIN_SECONDS = 0
    try:
        return extract_document(data, content_type, url).to_dict()
    finally:
        pdf.SPLIT_MIN_SECONDS = saved


def test_split_reading_equals_reading_in_order(long_pdf: bytes, forks: list[int]) -> None:
    want = _in_order(long_pdf, SITE + "long.pdf")
    got = extract_document(long_pdf, "application/pdf", SITE + "long.pdf").to_dict()
    assert forks, "the document was not split"
    assert got == want
    assert want["tables"]  # the comparison covers the table search's merge


@pytest.mark.parametrize("path", _sample_pdfs(), ids=lambda p: p.name)
def test_split_equals_in_order_on_the_sample_site(path: Path, forks: list[int]) -> None:
    data = path.read_bytes()
    assert extract_document(data, None, path.name).to_dict() == _in_order(data, path.name, None)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the real corpus is not beside the checkout")
def test_split_equals_in_order_on_the_real_corpus(forks: list[int]) -> None:
    differ = []
    for path in sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() == ".pdf"):
        data = path.read_bytes()
        if extract_document(data, None, path.name).to_dict() != _in_order(data, path.name, None):
            differ.append(path.name)
    assert differ == []


def test_a_page_reader_that_dies_is_replaced_by_the_parent(
    long_pdf: bytes, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Dying(TableSearch):
        def __call__(self, *args: object) -> None:
            os._exit(3)  # as a crash inside PDFium would end the child

    def split(self: TableSearch) -> TableSearch:
        return Dying()

    monkeypatch.setattr(TableSearch, "split", split)
    want = _in_order(long_pdf, SITE + "long.pdf")
    got = extract_document(long_pdf, "application/pdf", SITE + "long.pdf").to_dict()
    assert forks and got == want


def test_the_time_budget_stops_split_reading_as_in_order(
    long_pdf: bytes, forks: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    ticks = iter(range(10**6))  # a clock that advances one second per reading
    monkeypatch.setattr(pdf.time, "monotonic", lambda: float(next(ticks)))
    got = extract_pdf(long_pdf, time_budget=5.0)
    assert forks
    assert got.error and got.error.endswith("pages") and "time budget of 5 s" in got.error
    numbers = [p.number for p in got.pages]
    assert numbers == list(range(1, len(numbers) + 1))  # no page after the first not read
    assert got.truncated


def test_forked_worker_extracts_as_in_process(
    long_pdf: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OITCRAWL_OCR", "0")
    with ExtractionWorker(Budget(120, 2 * 1024**3), fork=True) as worker:
        worker.start()
        got = worker.extract(long_pdf, "application/pdf", SITE + "long.pdf")
        assert worker.started == 1 and isinstance(worker.pid, int)
    assert got.to_dict() == _in_order(long_pdf, SITE + "long.pdf")


def test_forked_worker_over_its_time_budget_is_killed() -> None:
    slow = "tests.test_pdf_split:_sleepy"
    with ExtractionWorker(Budget(seconds=1.0, memory_bytes=None), slow, fork=True) as worker:
        assert worker.extract(b"<title>a</title>", "text/html", SITE).title == "a"
        pid = worker.pid
        started = time.monotonic()
        doc = worker.extract(b"<title>sleep</title>", "text/html", SITE)
        assert time.monotonic() - started < 10
        assert doc.error and doc.error.startswith("timeout after 1 s")
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # killed and reaped
        assert worker.extract(b"<title>next</title>", "text/html", SITE).title == "next"
        assert worker.started == 2


def _sleepy(data: bytes, content_type: str | None, url: str) -> object:
    if b"sleep" in data:
        time.sleep(60)
    return extract_document(data, content_type, url)


@pytest.fixture
def all_to_pdfplumber(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every table page left to pdfplumber, as a page PDFium cannot settle is."""
    monkeypatch.setattr(pdf_tables, "page_tables", lambda *args: None)


def test_pdfplumber_helpers_give_what_pdfplumber_gives_here(
    long_pdf: bytes, forks: list[int], all_to_pdfplumber: None
) -> None:
    want = _in_order(long_pdf, SITE + "long.pdf")
    got = extract_document(long_pdf, "application/pdf", SITE + "long.pdf").to_dict()
    assert len(forks) > 2  # a page reader and helpers
    assert got == want and want["tables"]


def test_a_helper_that_dies_leaves_its_page_to_this_process(
    long_pdf: bytes, forks: list[int], all_to_pdfplumber: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    want = _in_order(long_pdf, SITE + "long.pdf")
    monkeypatch.setattr(pdf_tables, "_plumber_page", lambda data, number: os._exit(3))
    got = extract_document(long_pdf, "application/pdf", SITE + "long.pdf").to_dict()
    assert len(forks) > 2 and got == want


def test_a_helper_that_meets_an_error_reports_it_as_this_process_would(
    long_pdf: bytes, forks: list[int], all_to_pdfplumber: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail(plumber: object, number: int) -> list:
        raise RecursionError("deep")

    monkeypatch.setattr(pdf_tables, "_plumber_boxes", fail)
    want = _in_order(long_pdf, SITE + "long.pdf")
    got = extract_document(long_pdf, "application/pdf", SITE + "long.pdf").to_dict()
    assert len(forks) > 2 and got == want
    assert "pdfplumber could not parse the file (RecursionError)" in want["metadata"]["table_error"]


def test_forked_worker_keeps_the_memory_budget() -> None:
    """In a fresh interpreter (a fork starts with its parent's address space; pytest's is
    large and already holds freed memory the heavy DOCX could reuse)."""
    import subprocess
    import sys

    code = """
from oitcrawl.extract.isolate import Budget, ExtractionWorker
from tests.test_hostile_files import DOCX_CT, MB, SITE, docx_bytes, docx_heavy

with ExtractionWorker(Budget(seconds=120, memory_bytes=200 * MB), fork=True) as worker:
    doc = worker.extract(docx_heavy(), DOCX_CT, SITE + "heavy.docx")  # needs ~225 MB
    print(doc.sniffed.type, doc.extractor, doc.error)
    after = worker.extract(docx_bytes("ok"), DOCX_CT, SITE + "ok.docx")
    print(after.error, after.text, worker.started)
"""
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.splitlines()
    assert first.startswith("docx none memory budget 200 MiB exceeded")
    assert second == "None ok 2"
