"""A PDF's text layer judged while its pages are read (``quality.LayerReading``, a page hook
beside the table search) gives exactly what judging the pages after reading gives, in one
process or two; an entry whose page text has changed since is not used (issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest

from oitcrawl.extract import choose_page_text, cpu, extract_document, pdf
from oitcrawl.extract.pdf import PdfPage, extract_pdf
from oitcrawl.extract.pdf_hooks import PageHooks
from oitcrawl.extract.pdf_tables import TableSearch
from oitcrawl.extract.quality import LayerReading, classify_document, page_stats, thai_quality

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "real"
SAMPLE_PDFS = sorted((REPO / "oitcrawl" / "sample_site").rglob("*.pdf"))


def _judged_after_reading(data: bytes) -> tuple[str, list[dict]]:
    """The text-layer class and the pages as extract_document decided them before
    ``LayerReading``: every page's statistics and Thai score taken after the PDFium pass."""
    p = extract_pdf(data, page_hook=TableSearch())
    layer = classify_document(p.pages)
    if p.pages:
        choose_page_text(data, p.pages, layer.per_page)
    return layer.label, [page.to_dict() for page in p.pages]


def _judged_while_reading(data: bytes) -> tuple[str, list[dict]]:
    doc = extract_document(data, "application/pdf", "https://agency.test/a.pdf").to_dict()
    return doc["metadata"].get("text_layer", "no_text"), doc["pages"] or []


def _pdfs() -> list[Path]:
    corpus = sorted(p for p in CORPUS.rglob("*") if p.suffix.lower() == ".pdf")
    return SAMPLE_PDFS + corpus


@pytest.fixture
def ocr_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OITCRAWL_OCR", "0")  # the comparison is about the text layer


@pytest.mark.parametrize("split", [False, True], ids=["one process", "two processes"])
def test_judging_while_reading_equals_judging_after(
    split: bool, ocr_off: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    if split:  # every document split after its first page, whatever the machine's load
        monkeypatch.setattr(pdf, "SPLIT_MIN_SECONDS", 1e-9)
        monkeypatch.setattr(pdf, "SPLIT_AFTER_PAGES", 1)
        monkeypatch.setattr(cpu, "idle_core", lambda: True)
    else:
        monkeypatch.setattr(pdf, "SPLIT_MIN_SECONDS", 0)
    differ = []
    scored = 0
    for path in _pdfs():
        data = path.read_bytes()
        while_reading = _judged_while_reading(data)
        monkeypatch.setattr(pdf, "SPLIT_MIN_SECONDS", 0)
        after = _judged_after_reading(data)
        if split:
            monkeypatch.setattr(pdf, "SPLIT_MIN_SECONDS", 1e-9)
        if while_reading != after:
            differ.append(path.name)
        scored += sum(1 for page in after[1] if page["layer_score"] is not None)
    assert differ == []
    assert scored >= len(SAMPLE_PDFS)  # the comparison covers scored pages


def _page(number: int, text: str) -> PdfPage:
    chars = len("".join(text.split()))
    return PdfPage(number, text, chars, has_text_layer=chars > 0, image_count=0)


def test_an_entry_is_used_only_for_the_text_it_was_taken_of() -> None:
    reading = LayerReading()
    page = _page(1, "ประกาศ สำนักงานเขต เรื่อง แผนการจัดซื้อจัดจ้าง ประจำปีงบประมาณ")
    reading(None, None, page, 0)
    assert reading.stats_of(page) == page_stats(page.text)
    assert reading.score_of(1, page.text) == thai_quality(page.text)
    changed = _page(1, "another text read by OCR")
    assert reading.stats_of(changed) is None
    assert reading.score_of(1, changed.text) is None
    assert reading.score_of(2, page.text) is None  # another page


def test_a_latin_or_empty_page_gets_statistics_but_no_score() -> None:
    reading = LayerReading()
    latin, empty = _page(1, "Annual report of the district office " * 3), _page(2, "")
    reading(None, None, latin, 0)
    reading(None, None, empty, 0)
    assert set(reading.stats) == {1, 2}
    assert reading.scores == {}


def test_page_hooks_pass_every_page_to_each_hook_and_split_and_merge_them() -> None:
    seen: list[tuple[str, int]] = []

    class Hook:
        def __init__(self, name: str) -> None:
            self.name, self.merged = name, []

        def __call__(self, page: object, textpage: object, p: PdfPage, paths: int) -> None:
            seen.append((self.name, p.number))

        def split(self) -> Hook:
            return Hook(self.name + "'")

        def merge(self, other: Hook) -> None:
            self.merged.append(other.name)

    first, second = Hook("a"), Hook("b")
    hooks = PageHooks(first, second)
    hooks(None, None, _page(1, "x"), 0)
    hooks(None, None, _page(2, "y"), 0)
    assert seen == [("a", 1), ("b", 1), ("a", 2), ("b", 2)]
    other = hooks.split()
    assert [h.name for h in other.hooks] == ["a'", "b'"]
    hooks.merge(other)
    assert (first.merged, second.merged) == (["a'"], ["b'"])
