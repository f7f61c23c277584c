"""Announcements: the document date and the signing line, and the `unsigned` rule.

DOMAIN.md §3 rule 6: the No Gift and Anti-Bribery policies (FRAMEWORK-bma-district-2566 O23.1,
O23.2) must be an announcement signed by the district director; nacc-2565 O34.1 by the head of
the agency. Real signing blocks from `../shared/corpus/real/` are checked when it is present.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from oitcrawl.extract import extract_document
from oitcrawl.extract.announcement import (
    Signature,
    announcement_pages,
    document_date,
    find_signatures,
)
from oitcrawl.framework import load_framework
from tests.test_rules import NO_GIFT, O23_ANTIBRIBERY, PAGE, doc, judge

BMA_HEADS = load_framework("bma-district-2566").head_titles_th
NACC_HEADS = load_framework("nacc-2565").head_titles_th
REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"

ANNOUNCEMENT = """ประกาศสำนักงานเขตห้วยขวาง
เรื่อง นโยบายไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ (No Gift Policy)
ประจำปีงบประมาณ พ.ศ. ๒๕๖๖
ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป สั่ง ณ วันที่ ๑ ตุลาคม ๒๕๖๕ (หนังสือเดิม)
ประกาศ ณ วันที่ ๑๐ ตุลาคม พ.ศ. ๒๕๖๕
(ลงชื่อ) ..........................
( นายธนากร  ศรีสุวรรณ )
ผู้อํานวยการเขตห้วยขวาง"""


def test_the_announcement_date_is_the_one_above_the_signature():
    d = document_date(ANNOUNCEMENT)
    assert (d.text, d.year_be, d.month, d.day, d.fiscal_year) == (
        "๑๐ ตุลาคม พ.ศ. ๒๕๖๕", 2565, 10, 10, 2566,
    )  # fmt: skip
    assert document_date("ไม่มีวันที่ประกาศ 10 ตุลาคม 2565") is None


def test_the_date_is_read_near_its_anchor_with_offsets_in_the_whole_text():
    """document_date reads dates in the anchor's neighbourhood only (issue 17): the same
    mention, offsets into the text given, however much text comes before and after."""
    filler = "รายงานผลการดำเนินงาน ๑ มกราคม ๒๕๖๕ ถึง ๓๑ มีนาคม ๒๕๖๕\n" * 400
    text = filler + ANNOUNCEMENT + "\n" + filler
    d = document_date(text)
    assert (d.text, d.year_be, d.month, d.day) == ("๑๐ ตุลาคม พ.ศ. ๒๕๖๕", 2565, 10, 10)
    assert text[d.start : d.end] == d.text


def test_announcement_pages_are_the_ends_and_the_anchor_pages():
    pages = ["ปก", "สารบัญ", "ประกาศ ณ วันที่ ๑๐ ตุลาคม ๒๕๖๕", "(นายสมชาย ใจดี)", "ภาคผนวก", "จบ"]
    assert announcement_pages(pages) == [0, 2, 3, 5]
    assert announcement_pages(["หน้าเดียว"]) == [0]
    assert announcement_pages([]) == []
    # the anchor as damaged exports write it (a space before a mark, a zero-width space, a
    # line break) is still found; "ณ" elsewhere on a page is not an anchor
    damaged = ["ปก", "สั่ง  ณ\u200b ว ันที่ ๑ ต.ค. ๒๕๖๕", "ลงชื่อ", "คณะกรรมการ ประมาณ", "จบ", "x"]
    assert announcement_pages(damaged) == [0, 1, 2, 5]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (ANNOUNCEMENT, [Signature("นายธนากร ศรีสุวรรณ", "ผู้อำนวยการเขตห้วยขวาง", True, False, 0)]),
        (
            "ประกาศ ณ วันที่ 10 ตุลาคม 2565\n(นางสาวจิราพร สุขสมบูรณ์)\n"
            "ผู้ช่วยผู้อำนวยการเขต ปฏิบัติราชการแทน\nผู้อำนวยการเขตห้วยขวาง",
            [Signature("นางสาวจิราพร สุขสมบูรณ์",
                       "ผู้ช่วยผู้อำนวยการเขต ปฏิบัติราชการแทน ผู้อำนวยการเขตห้วยขวาง",
                       True, True, 0)],
        ),
        (
            "(นางสาวจิราพร สุขสมบูรณ์)\nหัวหน้าฝ่ายการคลัง",
            [Signature("นางสาวจิราพร สุขสมบูรณ์", "หัวหน้าฝ่ายการคลัง", False, False, 0)],
        ),
        (
            "(นายสมศักดิ์ ดีมาก)\nรองผู้อำนวยการเขตห้วยขวาง",
            [Signature("นายสมศักดิ์ ดีมาก", "รองผู้อำนวยการเขตห้วยขวาง", False, False, 0)],
        ),
        # a text layer that lost the name: the position right after the date line
        ("ประกาศ ณ วันที่ 10 ตุลาคม พ.ศ. 2565 ผู้อำนวยการเขตห้วยขวาง",
         [Signature(None, "ผู้อำนวยการเขตห้วยขวาง", True, False, 0)]),
        ("นโยบายไม่รับของขวัญ ผู้อำนวยการเขตห้วยขวาง เป็นประธาน", []),
    ],
)  # fmt: skip
def test_signing_lines(text, expected):
    found = [
        Signature(s.name, s.position, s.head, s.acting, 0) for s in find_signatures(text, BMA_HEADS)
    ]
    assert found == expected


REAL_SIGNERS = {
    # file → (name, position, head) of its last signing block; nysso: a district public-health
    # office (head สาธารณสุขอำเภอ); saiyoidenchai: a subdistrict administration (head นายก อบต.)
    "nysso/upload/ITA/EB2/2.2.pdf": ("นายวิโรจน์ มุมานะจิตต์", "สาธารณสุขอ", True),
    "saiyoidenchai/images/file/ประกาศจัดซื้อคอมพิวเตอร์.pdf": ("นายเน้ย สมบูรณ์เถกิง", "นายกองค์การบริหารส่วน", True),
    "saiyoidenchai/images/photo/รายงานการประชุมสภา อบต.ไทรย้อย(มอบหมายการทำหน้าที่กรรมการ สปสช.).pdf": (
        "นายประสิทธิ์ นวลสุภาภรณ์", "ประธานสภาองค์การบริหารส่วน", False,
    ),
}  # fmt: skip


@pytest.mark.skipif(not REAL.is_dir(), reason="../shared/corpus/real not present")
@pytest.mark.parametrize("path", sorted(REAL_SIGNERS))
def test_real_signing_blocks(path):
    data = (REAL / path).read_bytes()
    text = extract_document(data, "application/pdf", path).text
    last = find_signatures(text, NACC_HEADS)[-1]
    name, position, head = REAL_SIGNERS[path]
    assert (last.name, last.position.startswith(position), last.head) == (name, True, head)


# ---- the `unsigned` rule (O23) ------------------------------------------------------------


def findings(r):
    return [(f.code, f.severity, f.element, f.detail) for f in r.findings]


def test_announcements_signed_by_the_director_or_an_acting_signer_pass():
    acting = NO_GIFT.replace(
        "ผู้อำนวยการเขตห้วยขวาง",
        "\n(นางสาวจิราพร สุขสมบูรณ์)\nผู้ช่วยผู้อำนวยการเขต ปฏิบัติราชการแทน\nผู้อำนวยการเขตห้วยขวาง",
    )
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY + "\n" + acting)])
    assert (r.status, findings(r)) == ("pass", [])


def test_an_announcement_signed_by_a_section_head_is_unsigned_and_fails():
    by_section_head = NO_GIFT.replace(
        "ผู้อำนวยการเขตห้วยขวาง", "\n(นายสุรชัย บุญมาก)\nหัวหน้าฝ่ายปกครอง ผู้อำนวยการเขตห้วยขวางมอบหมาย"
    )
    pdf = "https://webportal.bangkok.go.th/public/user_files_editor/59/O23 No Gift 2566.pdf"
    r = judge("O23", [doc(PAGE, O23_ANTIBRIBERY), doc(pdf, by_section_head, depth=1, root=PAGE)],
              urls=[PAGE])  # fmt: skip
    assert r.status == "fail"
    assert findings(r) == [
        ("unsigned", "error", "O23.2",
         "signed by: นายสุรชัย บุญมาก หัวหน้าฝ่ายปกครอง ผู้อำนวยการเขตห้วยขวางมอบหมาย"),
    ]  # fmt: skip
    assert "ไม่พบการลงนามโดยผู้อำนวยการเขตใน" in r.findings[0].message_th
    assert "shows no signature of the district director" in r.findings[0].message_en


def test_a_web_page_restating_the_policy_without_a_signature_is_unsigned():
    text = (
        O23_ANTIBRIBERY + "\nประกาศนโยบายไม่รับของขวัญและของกำนัลทุกชนิด (No Gift Policy) ของผู้อำนวยการเขต"
    )
    r = judge(
        "O23",
        [
            doc(
                PAGE,
                text.replace(
                    "ประกาศ ณ วันที่ 10 ตุลาคม พ.ศ. 2565 ผู้อำนวยการเขตห้วยขวาง", "ปีงบประมาณ 2566"
                ),
            )
        ],
    )
    assert [(c, s, e) for c, s, e, _ in findings(r)] == [
        ("unsigned", "error", "O23.1"), ("unsigned", "error", "O23.2"),
    ]  # fmt: skip
    assert {d for *_, d in findings(r)} == {"no signing line found"}
