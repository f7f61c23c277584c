"""Text repair of names, labels and titles (issue 18): Thai UTF-8 read as windows-874
("เน€เธญเธ…"), UTF-8 read as windows-1252 (ftfy), control characters never written to YAML."""

from __future__ import annotations

import datetime as dt

import yaml

from oitcrawl.discover.proposal import Proposal, render_yaml
from oitcrawl.discover.score import Scored
from oitcrawl.extract.html import extract_html
from oitcrawl.extract.textfix import has_mojibake, printable, repair_name, repair_text, yaml_quote
from oitcrawl.framework import load_framework
from oitcrawl.submission import parse_submission

NAME = "เอกสาร ประจำปี 2567.pdf"
# What a browser shows for the UTF-8 name read as windows-874 (WHATWG: undefined bytes are
# C1 controls), and what Python's decoder makes of it (U+FFFD).
_UNDEFINED = {*range(0x81, 0x85), *range(0x86, 0x91), *range(0x98, 0xA0)}
BROWSER = "".join(
    chr(b) if b < 0x80 or b in _UNDEFINED else bytes([b]).decode("cp874") for b in NAME.encode()
)
PYTHON = NAME.encode().decode("cp874", errors="replace")


def test_mojibake_shapes():
    assert BROWSER.startswith("เน€เธญเธ\x81")
    assert has_mojibake(BROWSER) and has_mojibake(PYTHON)
    assert not has_mojibake(NAME)


def test_thai_read_as_windows_874_is_undone_exactly():
    assert repair_text(BROWSER) == NAME


def test_lost_bytes_become_one_replacement_character_each():
    fixed = repair_text(PYTHON)
    assert fixed == "เอ\ufffdสาร \ufffdระ\ufffdำ\ufffdี 2567.pdf"
    dropped = PYTHON.replace("\ufffd", "")  # a reader that drops undefined bytes
    assert repair_text(dropped) == fixed


def test_western_mojibake_by_ftfy():
    assert repair_text(NAME.encode().decode("cp1252", errors="replace")).startswith("เอ")
    assert repair_text(NAME.encode().decode("latin-1")) == NAME


def test_real_thai_is_left_alone():
    for text in (
        "เธอเธอ ไปไหน",
        "เธอเป็นคนดี เธอเนี่ยนะ",
        "ประกาศ “ราคากลาง” – ๒๕๖๗",
        "คำสั่งสำนักงานเขตห้วยขวาง ที่ ๑๖๑/๒๕๖๒",
        "แบบ สขร.1",
    ):
        assert repair_text(text) == text


def test_controls_removed_and_names_on_one_line():
    assert repair_name("  a\x00b\x85c\n d\u0081 ") == "ab…c d"
    assert printable("x\u202ey\x81") == "xy"


def test_yaml_quote_round_trips_every_control_character():
    for text in ("https://x.go.th/เน€เธญเธ\x81.pdf", "a\u2028b\u202ec\x7fd\x00e", NAME):
        quoted = yaml_quote(text)
        assert not any(0x7F <= ord(c) <= 0x9F or ord(c) < 0x20 for c in quoted)
        assert yaml.safe_load(quoted) == text


def test_html_title_and_link_label_are_repaired_href_kept():
    page = (
        f"<html><head><title>{BROWSER}</title></head><body>"
        f'<p><a href="/files/{BROWSER}">{BROWSER}</a></p></body></html>'
    ).encode()
    h = extract_html(page, "https://www.example.go.th/ita.php")
    assert h.title == NAME
    assert h.links[0].label == NAME
    assert h.links[0].url == f"https://www.example.go.th/files/{BROWSER}"  # the address as written
    assert [b.text for b in h.blocks] == [NAME]


def test_proposal_with_a_mojibake_url_loads_and_has_no_control_character():
    fw = load_framework("bma-district-2566")
    url = f"https://www.example.go.th/files/{BROWSER}"
    s = Scored(
        item="O1",
        url=url,
        shown=url,
        is_document=True,
        confidence=0.9,
        content=0.9,
        label=1.0,
        period=0.0,
        elements=(),
        met=frozenset(),
        period_text="",
        label_text=BROWSER,
    )
    p = Proposal(
        "https://www.example.go.th/", "อบต.\x81ทดสอบ", fw, 2567, None, {"O1": [s]}, {"O1": [s]}, ()
    )
    text = render_yaml(p, dt.datetime(2026, 12, 5, tzinfo=dt.UTC))
    assert not any(0x7F <= ord(c) <= 0x9F or (ord(c) < 0x20 and c != "\n") for c in text)
    sub = parse_submission(text, "proposal.yaml")
    assert sub.items["O1"].urls[0].endswith(".pdf")


def test_ftfy_is_skipped_only_where_it_would_change_nothing():
    # repair_text does not import ftfy for text of Thai letters, printable ASCII but "&",
    # tab and newline; ftfy itself must give such text back unchanged, and text outside that
    # alphabet must still reach it (an HTML entity, UTF-8 read as windows-1252)
    import random

    import ftfy

    from oitcrawl.extract.textfix import _FTFY_NOTHING_TO_DO

    flags = dict(uncurl_quotes=False, fix_latin_ligatures=False, fix_character_width=False,
                 fix_line_breaks=False, normalization=None, explain=False)  # fmt: skip
    alphabet = [
        chr(c)
        for c in [9, 10, *range(0x20, 0x7F), *range(0xE01, 0xE3B), *range(0xE3F, 0xE5C)]
        if chr(c) != "&"
    ]
    rnd = random.Random(2570)
    texts = [NAME, "ประกาศ ณ วันที่ ๑ ตุลาคม ๒๕๖๘", "<b>O1</b> 'โครงสร้าง' (pdf) 100%"]
    texts += ["".join(rnd.choices(alphabet, k=rnd.randint(1, 40))) for _ in range(20_000)]
    for text in texts:
        assert _FTFY_NOTHING_TO_DO.fullmatch(text), text
        assert ftfy.fix_text(text, **flags) == text, text
    for text in ("ราคา &amp; งบ", "cafÃ© ไทย", "ข\x1b[31mแดง", "ก\u00a0ข", "ก\x85ข"):
        assert not _FTFY_NOTHING_TO_DO.fullmatch(text), text
    assert repair_text("ราคา &amp; งบ") == "ราคา & งบ"
    assert repair_text("cafÃ© ไทย") == "café ไทย"
