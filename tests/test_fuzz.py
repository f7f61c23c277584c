"""Property-based tests (Hypothesis) of the parsers that read what agencies write, and a bounded
fuzz of the PDF/HTML extraction entry points on mutated real files.

Example counts are bounded for CI: ``OITCRAWL_FUZZ_EXAMPLES`` (default 60 per property;
``benchmarks/fuzz_corpus.py`` runs the long fuzz on demand). Any crash found is kept below as
an explicit regression example (``@example``).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from oitcrawl.extract import extract_document
from oitcrawl.extract.thai import fold_with_offsets, normalize_for_matching, normalize_text
from oitcrawl.periods import check_period, find_dates
from oitcrawl.submission import SubmissionError, parse_submission
from oitcrawl.submission.itap import ItapError, parse_itap

EXAMPLES = int(os.environ.get("OITCRAWL_FUZZ_EXAMPLES", "60"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"

# Thai letters, vowels, tone marks, Thai digits, legacy PUA glyphs, zero-width and control
# characters, U+FFFD, Latin, whitespace of every kind.
THAI_ALPHABET = st.one_of(
    st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
    st.characters(min_codepoint=0xF700, max_codepoint=0xF71F),
    st.sampled_from(list("\u200b\u200c\u200d\ufeff\ufffd\u00a0\t\r\n\x0b\x0c\u2028 ำา่้")),
    st.characters(codec="utf-8"),
)
THAI_TEXT = st.text(THAI_ALPHABET, max_size=300)

# Words the date parser looks for, so examples reach its branches, mixed with noise.
DATE_WORDS = st.sampled_from(
    [
        "มกราคม",
        "ก.พ.",
        "มีนาคม",
        "เม.ย.",
        "ตุลาคม",
        "ธ.ค.",
        "พ.ศ.",
        "ค.ศ.",
        "ปีงบประมาณ",
        "งบประมาณ",
        "ไตรมาส",
        "รอบ",
        "6",
        "เดือน",
        "ครึ่งปี",
        "ประจำเดือน",
        "ถึง",
        "-",
        "/",
        ".",
        "2565",
        "2566",
        "๒๕๖๖",
        "66",
        "2023",
        "1",
        "31",
        "0",
        "99999",
        "January",
        "Oct",
        "FY",
        "ต.ค.",
        "65",
        "ระหว่าง",
    ]
)
DATE_TEXT = st.lists(st.one_of(DATE_WORDS, st.text(THAI_ALPHABET, max_size=5)), max_size=30).map(
    " ".join
)


@FUZZ
@given(THAI_TEXT)
@example("ํา\u0e33\ufffd ๑๒๓")
def test_thai_normalisers_are_idempotent_and_never_raise(text):
    once = normalize_text(text)
    assert normalize_text(once) == once
    matching = normalize_for_matching(text)
    assert normalize_for_matching(matching) == matching


@FUZZ
@given(THAI_TEXT)
def test_fold_with_offsets_maps_every_character_back(text):
    folded, where = fold_with_offsets(text)
    assert len(folded) == len(where)
    assert where == sorted(where)  # in order, so a match maps to one original slice
    assert all(0 <= i < len(text) for i in where)
    for ch, i in zip(folded, where, strict=True):
        if ch in " \n":
            assert text[i].isspace()
        else:  # the character came from the original one at that offset
            assert not text[i].isspace()


@FUZZ
@given(DATE_TEXT)
@example("ประจำเดือน ตุลาคม พ.ศ. ๒๕๖๕ ถึง ธ.ค. 65")
@example("ไตรมาส 99999 ปีงบประมาณ 0")
def test_find_dates_never_raises_and_mentions_lie_in_the_text(text):
    mentions = find_dates(text)
    for m in mentions:
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text
        for year in (m.year_be, m.fiscal_year, getattr(m, "year_end_be", None)):
            assert year is None or 2400 <= year <= 2700, (m, year)
        assert m.month is None or 1 <= m.month <= 12
        assert m.day is None or 1 <= m.day <= 31
    for rule in ("none", "FY", "FY|FY-1", "H1", "monthly"):
        verdict = check_period(rule, mentions, 2566, dt.date(2023, 4, 30))
        assert isinstance(verdict.met, bool)


ITAP_LINES = st.sampled_from(
    [
        "O1 โครงสร้าง", "ข้อ O20 สรุปผลการจัดซื้อจัดจ้างรายเดือน", "URL ที่ส่ง",
        "คำอธิบายของหน่วยงาน", "ข้อเสนอแนะ", "https://webportal.bangkok.go.th/huaikhwang",
        "http://a.go.th/%E0%B8%81 ไฟล์.pdf", "คะแนน 100", "ตัวชี้วัดที่ 9", "- ไม่มี",
        "<a href='javascript:x'>x</a>", "\x00", "O999", "", "   ",
    ]
)  # fmt: skip
ITAP_TEXT = st.lists(st.one_of(ITAP_LINES, st.text(max_size=40)), max_size=40).map("\n".join)


@FUZZ
@given(st.one_of(ITAP_TEXT, st.binary(max_size=400).map(lambda b: b.decode("utf-8", "replace"))))
def test_itap_parser_gives_a_result_or_its_error(text):
    try:
        result = parse_itap(text, "fuzz.txt")
    except ItapError as exc:
        assert "fuzz.txt" in str(exc)
    else:
        assert result is not None


SUB_KEYS = st.sampled_from(
    ["agency", "website", "framework", "fiscal_year", "as_of", "items", "also_main", "O1",
     "O20", "urls", "note", "not_applicable", "x"]
)  # fmt: skip
SUB_VALUES = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(-10, 3000), st.floats(allow_nan=True),
        st.text(max_size=30), st.sampled_from(["https://a.go.th/x", "javascript:alert(1)",
                                               "2566", "2023-02-30", "http://[::1"]),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(SUB_KEYS, inner, max_size=5)
    ),
    max_leaves=20,
)  # fmt: skip


@FUZZ
@given(st.one_of(st.dictionaries(SUB_KEYS, SUB_VALUES, max_size=7), st.text(max_size=200)))
@example("items: {O1: [https://a.go.th/]}\n")
@example("agency: [\n")
def test_submission_parser_gives_a_submission_or_its_error(doc):
    import json

    text = doc if isinstance(doc, str) else json.dumps(doc, ensure_ascii=False)
    try:
        parse_submission(text, "fuzz.yaml")
    except SubmissionError as exc:
        assert "fuzz.yaml" in str(exc)


def test_submission_framework_not_a_string():
    # regression: found by fuzzing (a list passed to load_framework raised TypeError)
    with pytest.raises(SubmissionError, match="framework"):
        parse_submission('{"framework": [null]}', "fuzz.yaml")


# --------------------------------------------------------------------------------------------
# Mutated real files through the extraction entry points


def corpus_files(suffixes: tuple[str, ...]) -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


def mutate(data: bytes, rng: random.Random, n: int = 8) -> bytes:
    """Flip bytes, cut, duplicate or splice chunks: the damage real servers and disks do."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, n)):
        if not buf:
            break
        op = rng.randrange(5)
        at = rng.randrange(len(buf))
        if op == 0:
            buf[at] = rng.randrange(256)
        elif op == 1:
            del buf[at : at + rng.randint(1, 4096)]
        elif op == 2:
            chunk = buf[at : at + rng.randint(1, 512)]
            buf[at:at] = chunk * rng.randint(1, 8)
        elif op == 3:
            buf = buf[:at]  # truncated download
        else:
            buf[at:at] = rng.choice([b"obj", b"endobj", b"xref", b"<<", b">>", b"R", b"<", b"/"])
    return bytes(buf)


def _fuzz_files(suffixes, content_type):
    files = corpus_files(suffixes)
    if not files:
        pytest.skip(f"no {suffixes} files in {CORPUS}")
    rng = random.Random(int(os.environ.get("OITCRAWL_FUZZ_SEED", "2566")))
    for i in range(EXAMPLES):
        path = files[i % len(files)]
        data = mutate(path.read_bytes(), rng)
        doc = extract_document(data, content_type, "http://fuzz.invalid/" + path.name)
        assert doc.sniffed.type  # a result, never an exception
        assert isinstance(doc.text, str)


@pytest.mark.timeout(300)
def test_mutated_real_pdfs_never_crash_extraction(monkeypatch):
    monkeypatch.setenv("OITCRAWL_OCR", "0")
    _fuzz_files((".pdf",), "application/pdf")


@pytest.mark.timeout(300)
def test_mutated_real_pages_never_crash_extraction():
    _fuzz_files((".html", ".htm"), "text/html")
