"""Thai normalisation: each rule on small strings, idempotence, and on real PDF text."""

from __future__ import annotations

import itertools
import random
import unicodedata
from pathlib import Path

import pytest

from oitcrawl.extract.pdf import extract_pdf
from oitcrawl.extract.thai import (
    normalize_for_matching,
    normalize_text,
    snap_to_word,
    thai_digits_to_arabic,
    word_starts,
)

CORPUS = (Path(__file__).parents[1] / "../shared/corpus/real").resolve()
needs_corpus = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"real corpus not found at {CORPUS} (shared/corpus/real)"
)
n = normalize_for_matching


# ---------------------------------------------------------------------------- normalize_text


def test_normalize_text_nfc_reorders_marks():
    # ป + mai ek + sara uu (non-canonical order) == ป + sara uu + mai ek
    assert normalize_text("\u0e1b\u0e48\u0e39") == "\u0e1b\u0e39\u0e48"


def test_normalize_text_spaces_and_zero_width():
    assert normalize_text("ประกาศ\u00a0\u00a0เรื่อง") == "ประกาศ เรื่อง"
    assert normalize_text("สำนัก\u200bงาน\ufeff") == "สำนักงาน"
    assert normalize_text("a\u00adb\u2060c") == "abc"


def test_normalize_text_lines():
    assert normalize_text("  หนึ่ง \t สอง \r\n\r\n\n  สาม  \f สี่ ") == "หนึ่ง สอง\nสาม\nสี่"
    assert normalize_text("") == ""
    assert normalize_text(" \n\t ") == ""


def test_normalize_text_drops_control_characters():
    # Ghostscript PDFs without a Unicode map give C0 controls in the text layer.
    assert normalize_text("ก\x07ข\x1cค\x08\x7f\x9f\ufffe\x0bง\tจ") == "กขค\nง จ"


def test_normalize_text_keeps_thai_digits_and_sara_am():
    assert normalize_text("ประจำปี พ.ศ. ๒๕๖๒") == "ประจำปี พ.ศ. ๒๕๖๒"


def test_normalize_text_maps_legacy_pua_glyphs():
    # nysso/upload/ITA/EB1/1.7.pdf: "ประจ าป\uf702" (U+F702 = sara ii)
    assert normalize_text("ป\uf702") == "ปี"
    assert normalize_text("\uf70f\uf718") == "ญุ"


# ---------------------------------------------------------------------- normalize_for_matching


def test_thai_digits_to_arabic():
    assert thai_digits_to_arabic("พ.ศ. ๒๕๖๒") == "พ.ศ. 2562"
    assert thai_digits_to_arabic("๐๑๒๓๔๕๖๗๘๙") == "0123456789"
    assert n("๓๐ มี.ค. ๖๖") == "30 มี.ค. 66"


def test_sara_am_and_sara_aa_are_one_character():
    canonical = n("ประจำปี")
    assert n("ประจาปี") == canonical  # Word 2007 export
    assert n("ประจ\u0e4d\u0e32ปี") == canonical  # decomposed nikhahit + sara aa
    assert n("ประจ\ufffdปี") == canonical  # U+FFFD where ำ was
    assert n("ประจ าปี") == canonical  # PDFium: nikhahit glyph became a space
    assert n("การ") == n("กำร")  # PowerPoint export
    assert n("ราคา") == n("รำคำ")


def test_nikhahit_before_tone_mark():
    # น้ำ written as น + nikhahit + mai tho + sara aa (marks in the other order)
    assert n("น\u0e4d\u0e49\u0e32") == n("น้ำ")


def test_space_before_combining_marks_removed():
    assert n("ต ัวชี้วัด") == n("ตัวชี้วัด")
    assert n("กำรพ ัฒนำ") == n("การพัฒนา")
    assert n("ส ำค ัญ") == n("สำคัญ")
    assert n("ประเด็\n็น") == n("ประเด็็น")  # newline before a mark too
    assert n("ส\u00a0ำนัก") == n("สำนัก")  # NBSP


def test_real_word_boundaries_kept():
    assert n("ประกาศ เรื่อง") == "ประกาศ เรื่อง"
    assert n("ที่ ๑๖๑/๒๕๖๒") == "ที่ 161/2562"
    assert n("ผู้ว่า  ราชการ\nจังหวัด") == "ผู้ว่า ราชการ จังหวัด"


def test_latin_lowercase_and_one_line():
    assert n("ITA  O12\nReport") == "ita o12 report"


def test_empty_and_whitespace():
    assert n("") == ""
    assert n(" \n ") == ""
    assert n(" ั") == "ั"


@pytest.mark.parametrize(
    "s",
    [
        "ประจำปี ๒๕๖๒",
        "ส ำนกั งำน\n ัด",
        "\u0e1b \u0e48 \u0e39",  # removing spaces puts tone mark before sara uu
        "ป\uf702 \ufffd \u0e4d\u0e32",
        "İSTANBUL ẞ ﬁ",
        "",
    ],
)
def test_idempotent_examples(s):
    once = n(s)
    assert n(once) == once
    assert normalize_text(normalize_text(s)) == normalize_text(s)


def test_idempotent_random_thai():
    rng = random.Random(20240601)
    alphabet = [chr(c) for c in range(0x0E01, 0x0E5C)] + list(
        " \n\t\r\x07\x0c\u00a0\u200b\ufffd\uf702\uf70aAbZ1"
    )
    for _ in range(3000):
        s = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        once = n(s)
        assert n(once) == once, repr(s)
        assert unicodedata.is_normalized("NFC", once)
        shown = normalize_text(s)
        assert normalize_text(shown) == shown, repr(s)


# ---------------------------------------------------------------------- on real exported text


def _pdf_text(rel: str) -> str:
    return extract_pdf((CORPUS / rel).read_bytes()).text


@needs_corpus
@pytest.mark.parametrize(
    "rel",
    [
        "nysso/upload/ITA/EB2/2.2.pdf",
        "nysso/upload/ITA/EB2/2.5.pdf",
        "nysso/upload/ITA/EB1/1.2.pdf",
        "nysso/upload/ITA/EB1/1.6.pdf",
    ],
)
def test_word_export_matches_agency_name(rel):
    text = _pdf_text(rel)
    # The raw text layer really has the defect (sara am lost) ...
    assert "สำนักงานสาธารณสุขอำเภอหนองใหญ่" not in text
    # ... and matching sees through it.
    assert n("สำนักงานสาธารณสุขอำเภอหนองใหญ่") in n(text)


@needs_corpus
def test_word_export_thai_digits():
    text = _pdf_text("nysso/upload/ITA/EB2/2.5.pdf")
    assert "๒๕๖๒" in text
    assert "ที่ 161/2562" in n(text)


@needs_corpus
def test_powerpoint_export():
    text = _pdf_text("nysso/upload/ITA/EB2/2.7.pdf")
    assert "กำรพ ัฒนำ" in text  # sara am inserted, a space before mai han-akat
    matching = n(text)
    assert n("ยุทธศาสตร์") in matching
    assert n("ตัวชี้วัด") in matching
    assert n("การพัฒนาคุณภาพ") in matching  # "กำรพ ัฒนำคุณภำพ" in the text layer
    assert n("ประจำปี") in matching
    assert n(matching) == matching


# ---- word boundaries (PyThaiNLP newmm) -------------------------------------------------------


RUN = "สำนักงานเขตห้วยขวางประกาศนโยบายไม่รับของขวัญและของกำนัลทุกชนิด"


def test_word_starts_segments_a_thai_run_without_spaces():
    starts = word_starts(RUN)
    words = [RUN[a:b] for a, b in itertools.pairwise(starts)]
    assert words == ["สำนักงานเขต", "ห้วยขวาง", "ประกาศ", "นโยบาย", "ไม่", "รับ", "ของขวัญ",
                     "และ", "ของกำนัล", "ทุกชนิด"]  # fmt: skip
    assert word_starts("") == [0]


def test_snap_to_word_never_cuts_a_word():
    # offset 14 is inside ห้วยขวาง (11-19); offset 50 inside ของกำนัล (47-55)
    assert (snap_to_word(RUN, 14, 20, False), snap_to_word(RUN, 14, 20, True)) == (11, 19)
    assert (snap_to_word(RUN, 50, 20, False), snap_to_word(RUN, 50, 20, True)) == (47, 55)
    assert snap_to_word(RUN, 19, 20, True) == 19  # already on a boundary
    assert snap_to_word(RUN, 0, 5, False) == 0
