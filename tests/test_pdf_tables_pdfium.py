"""Ruled tables from PDFium's page objects equal pdfplumber's, cell for cell (issue 17).

Every PDF of the sample site (always) and of the real corpus (``../shared/corpus/real``,
skipped where it is not beside the checkout) is searched both ways on the same candidate
pages: ``pdf_tables.page_tables`` (PDFium geometry) against ``pdf_tables._plumber_tables``
(pdfplumber's ``find_tables``, the path before issue 17); PDFium text per cell in both. The
few pages PDFium leaves to pdfplumber (a comparison exactly at a tolerance) are listed in the
assertion message when anything differs. Small hand-written PDFs cover what the corpus lacks:
form XObjects with their own matrix, curves, rotated pages.
"""

from __future__ import annotations

import zlib
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from oitcrawl.extract import extract_document
from oitcrawl.extract.pdf import extract_pdf
from oitcrawl.extract.pdf_tables import (
    _draw_no_text,
    _plumber_page,
    _plumber_tables,
    extract_pdf_tables,
    page_tables,
    table_candidate_pages,
)

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "oitcrawl" / "sample_site"
CORPUS = REPO.parent / "shared" / "corpus" / "real"


def _pdfs(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")


def _compare(data: bytes) -> tuple[list, list, list[int]]:
    """(PDFium tables, pdfplumber tables, pages PDFium left to pdfplumber) over the candidate
    pages, as (page, rows) pairs; PDFium's unsettled pages are left out of both."""
    pages = extract_pdf(data).pages
    if not pages:
        return [], [], []
    pdf = pdfium.PdfDocument(data)
    try:
        wanted = table_candidate_pages(pdf, pages)
        mine, unsettled = [], []
        for number in wanted:
            page = pdf[number - 1]
            textpage = page.get_textpage()
            try:
                found = page_tables(number, page, textpage)
            finally:
                textpage.close()
                page.close()
            if found is None:
                unsettled.append(number)
            else:
                mine += [(t.page, t.rows) for t in found]
    finally:
        pdf.close()
    ref, error = _plumber_tables(data, wanted, budget=1e9)
    assert error is None
    return mine, [(t.page, t.rows) for t in ref if t.page not in unsettled], unsettled


@pytest.mark.parametrize("path", _pdfs(SAMPLE), ids=lambda p: p.name)
def test_sample_site_tables_equal_pdfplumber(path: Path) -> None:
    mine, ref, unsettled = _compare(path.read_bytes())
    assert mine == ref, f"pages left to pdfplumber: {unsettled}"


_CORPUS_PDFS = _pdfs(CORPUS)


@pytest.mark.skipif(not _CORPUS_PDFS, reason="../shared/corpus/real is not beside the checkout")
@pytest.mark.parametrize("path", _CORPUS_PDFS or [None], ids=lambda p: p.name if p else "no-corpus")
def test_corpus_tables_equal_pdfplumber(path: Path) -> None:
    data = path.read_bytes()
    mine, ref, unsettled = _compare(data)
    assert mine == ref, f"pages left to pdfplumber: {unsettled}"
    # the whole document path (PDFium, pdfplumber for the pages PDFium leaves) as before
    pages = extract_pdf(data).pages
    if pages:
        pdf = pdfium.PdfDocument(data)
        wanted = table_candidate_pages(pdf, pages)
        pdf.close()
        tables, error = extract_pdf_tables(data, pages)
        before, _ = _plumber_tables(data, wanted, budget=1e9)
        assert error is None
        assert [(t.page, t.rows) for t in tables] == [(t.page, t.rows) for t in before]


def test_a_helper_that_draws_no_text_finds_the_same_cells(monkeypatch: pytest.MonkeyPatch):
    # the forked pdfplumber helper of a page PDFium cannot settle skips pdfminer's characters
    # (_draw_no_text): on every candidate page of the sample site and the corpus, the cell
    # boxes pdfplumber finds must be those it finds with the characters drawn
    pages = []
    for path in _pdfs(SAMPLE) + _CORPUS_PDFS:
        data = path.read_bytes()
        read = extract_pdf(data).pages
        if read:
            pdf = pdfium.PdfDocument(data)
            pages += [(path.name, data, n) for n in table_candidate_pages(pdf, read)]
            pdf.close()
    drawn = [_plumber_page(data, n) for _, data, n in pages]
    from pdfminer.pdfdevice import PDFTextDevice

    monkeypatch.setattr(PDFTextDevice, "render_string", PDFTextDevice.render_string)  # restored
    _draw_no_text()
    undrawn = [_plumber_page(data, n) for _, data, n in pages]
    differ = [(name, n) for (name, _, n), a, b in zip(pages, drawn, undrawn, strict=True) if a != b]
    assert differ == []
    assert sum(len(boxes) for kind, boxes in drawn if kind == "boxes") >= 10  # tables found


# --------------------------------------------------------------------------- hand-made PDFs


def _pdf(content: bytes, *, rotate: int = 0, form: bytes | None = None) -> bytes:
    """A one-page A4 PDF with Helvetica as /F1 and, with ``form``, a form XObject /X1 whose
    content it is (``/Matrix [0.5 0 0 0.5 20 30]``)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 595 842] >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Rotate %d /Resources << /Font << /F1"
        b" 5 0 R >> /XObject << /X1 6 0 R >> >> >>" % rotate,
        None,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        None,
    ]
    body = zlib.compress(content)
    objects[3] = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (
        len(body),
        body,
    )
    inner = form or b""
    objects[5] = (
        b"<< /Type /XObject /Subtype /Form /BBox [0 0 1000 1000] /Matrix [0.5 0 0 0.5 20 30]"
        b" /Resources << /Font << /F1 5 0 R >> >> /Length %d >>\nstream\n%s\nendstream"
        % (len(inner), inner)
    )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, obj in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, obj)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _grid(x0: float, y0: float, cols: int, rows: int, w: float, h: float, how: str) -> bytes:
    """A ruled grid with a word in every cell; ``how``: "re" (one stroked rectangle per
    cell), "lines" (one path per ruling line) or "rounded" (lines drawn as curves' sides)."""
    ops = [b"0.5 w"]
    if how == "re":
        for r in range(rows):
            for c in range(cols):
                ops.append(b"%g %g %g %g re S" % (x0 + c * w, y0 + r * h, w, h))
    else:
        for r in range(rows + 1):
            y = y0 + r * h
            ops.append(b"%g %g m %g %g l S" % (x0, y, x0 + cols * w, y))
        for c in range(cols + 1):
            x = x0 + c * w
            if how == "rounded":  # a vertical side with a curl at its end: a curve
                ops.append(
                    b"%g %g m %g %g l %g %g %g %g %g %g c S"
                    % (x, y0, x, y0 + rows * h, x, y0 + rows * h + 2, x + 2, y0 + rows * h + 2,
                       x + 4, y0 + rows * h + 4)
                )  # fmt: skip
            else:
                ops.append(b"%g %g m %g %g l S" % (x, y0, x, y0 + rows * h))
    for r in range(rows):
        for c in range(cols):
            ops.append(
                b"BT /F1 9 Tf %g %g Td (r%dc%d) Tj ET"
                % (x0 + c * w + 4, y0 + (rows - 1 - r) * h + 6, r, c)
            )
    return b"\n".join(ops)


@pytest.mark.parametrize(
    "name,data",
    [
        ("rectangles", _pdf(_grid(60, 500, 3, 4, 120, 22, "re"))),
        ("lines", _pdf(_grid(60, 500, 4, 3, 100, 20, "lines"))),
        ("curves", _pdf(_grid(60, 500, 3, 3, 100, 20, "rounded"))),
        ("rotated 90", _pdf(_grid(60, 500, 3, 3, 100, 20, "re"), rotate=90)),
        ("rotated 270", _pdf(_grid(60, 500, 3, 3, 100, 20, "lines"), rotate=270)),
        (
            "form xobject",
            _pdf(
                _grid(60, 650, 3, 3, 100, 20, "lines") + b"\nq 1 0 0 1 10 5 cm /X1 Do Q",
                form=_grid(100, 900, 3, 3, 160, 36, "re"),
            ),
        ),
        (
            "scaled and translated",
            _pdf(b"q 0.75 0 0 0.75 30 40 cm\n" + _grid(60, 600, 3, 3, 140, 30, "lines") + b"\nQ"),
        ),
    ],
)
def test_made_pdfs_equal_pdfplumber(name: str, data: bytes) -> None:
    mine, ref, unsettled = _compare(data)
    assert not unsettled
    assert ref, "pdfplumber finds the table"
    assert mine == ref
    if name == "form xobject":
        assert len(ref) == 2, "the grid inside the form is found too"


def test_extract_document_tables_in_one_pass() -> None:
    """extract_document finds the tables while the text is read (no second open needed)."""
    data = _pdf(_grid(60, 500, 3, 4, 120, 22, "re"))
    doc = extract_document(data, "application/pdf", "http://a.go.th/t.pdf")
    assert doc.tables == [
        [["r0c0", "r0c1", "r0c2"], ["r1c0", "r1c1", "r1c2"], ["r2c0", "r2c1", "r2c2"],
         ["r3c0", "r3c1", "r3c2"]]
    ]  # fmt: skip
    assert "table_error" not in doc.metadata


def test_page_with_too_many_ruling_lines_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose edges would take too long to pair is skipped and said so, not searched
    for minutes (pdfplumber pairs every vertical with every horizontal edge)."""
    import oitcrawl.extract.pdf_tables as pdf_tables

    monkeypatch.setattr(pdf_tables, "MAX_EDGE_PAIRS", 10)
    data = _pdf(_grid(60, 500, 3, 4, 120, 22, "lines"))
    doc = extract_document(data, "application/pdf", "http://a.go.th/t.pdf")
    assert doc.tables == []
    assert "table search skipped p1" in doc.metadata["table_error"]
