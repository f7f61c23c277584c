"""The submission file: every kind of mistake is named with file, line and field (exit 2)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from oitcrawl.submission import (
    ItemSubmission,
    SubmissionError,
    load_submission,
    parse_submission,
    submission_to_yaml,
)
from tests.conftest import run_cli

GOOD = """\
agency: สำนักงานเขตห้วยขวาง
website: https://webportal.bangkok.go.th/huaikhwang   # the main website
framework: bma-district-2566
fiscal_year: 2566
as_of: 2023-04-30
items:
  O1: [https://webportal.bangkok.go.th/huaikhwang/page/sub/863/โครงสร้างหน่วยงาน, "https://webportal.bangkok.go.th/public/user_files_editor/59/Data Room HK/O1 chart.pdf"]
  O6:
    urls: [https://webportal.bangkok.go.th/huaikhwang/page/main/120/ติดต่อสำนักงานเขต]
    note: "สามารถดูข้อมูลทั้งหมดได้ที่ …"
  O5: {not_applicable: true, note: "ไม่มีโรงเรียนสังกัด กทม. ในพื้นที่"}
"""


def test_the_documented_example_loads_in_framework_order():
    sub = parse_submission(GOOD)
    assert sub.agency == "สำนักงานเขตห้วยขวาง"
    assert sub.fiscal_year == 2566
    assert sub.as_of == dt.date(2023, 4, 30)
    assert list(sub.items) == ["O1", "O5", "O6"]
    assert sub.items["O5"] == ItemSubmission(
        urls=(), note="ไม่มีโรงเรียนสังกัด กทม. ในพื้นที่", not_applicable=True
    )
    assert sub.items["O1"].urls[1].endswith("Data Room HK/O1 chart.pdf")
    assert sub.items["O6"].note == "สามารถดูข้อมูลทั้งหมดได้ที่ …"
    # serialising and reading back gives the same submission
    assert parse_submission(submission_to_yaml(sub)) == sub


def test_json_submissions_are_accepted():
    data = {"agency": "x", "website": "https://a.example.org", "fiscal_year": 2567,
            "items": {"O20": {"urls": ["https://a.example.org/o20"]}}}  # fmt: skip
    sub = parse_submission(json.dumps(data, ensure_ascii=False), "s.json")
    assert sub.items["O20"].urls == ("https://a.example.org/o20",)
    assert sub.as_of is None


BAD = """\
agency: สำนักงานเขตทดสอบ
website: webportal.bangkok.go.th/test
fiscal_year: 2023
as_of: 30/04/2023
colour: blue
items:
  O1: [https://ok.example.org/a]
  O31: [https://ok.example.org/b]
  O2: [htp://typo.example.org/x, "https://", https://ok.example.org/c]
  O3: {urls: [https://ok.example.org/d], comment: x}
  O1: [https://ok.example.org/e]
  O5: {not_applicable: true, urls: [https://ok.example.org/f]}
"""


def test_every_problem_is_reported_with_line_and_field():
    with pytest.raises(SubmissionError) as info:
        parse_submission(BAD, "bad.yaml")
    assert str(info.value).splitlines() == [
        "bad.yaml:11: items.O1: item O1 appears more than once; merge the entries",
        "bad.yaml:5: colour: unknown field; expected one of agency, also_main, as_of, "
        "fiscal_year, framework, items, website",
        "bad.yaml:2: website: 'webportal.bangkok.go.th/test' must start with http:// or https://",
        "bad.yaml:3: fiscal_year: 2023 is outside 2550–2600 BE (did you mean 2566 BE?)",
        "bad.yaml:4: as_of: '30/04/2023' is not a date; write YYYY-MM-DD (CE)",
        "bad.yaml:8: items.O31: unknown item for framework bma-district-2566; expected one of "
        + ", ".join(f"O{n}" for n in range(1, 31)),
        "bad.yaml:9: items.O2.urls[0]: 'htp://typo.example.org/x' must start with http:// or "
        "https://",
        "bad.yaml:9: items.O2.urls[1]: 'https://' has no valid host name",
        "bad.yaml:10: items.O3.comment: unknown field; expected not_applicable, note, urls",
        "bad.yaml:12: items.O5: is marked not_applicable but also lists URLs",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "<s>:1: file: expected a mapping (agency, website, …)"),
        ("agency: [unclosed", "not valid YAML/JSON"),
        ("website: https://a.example.org\nfiscal_year: 2566\n", "<s>: agency: is required"),
        ("agency: a\nwebsite: https://a.example.org\nfiscal_year: 2601\n",
         "<s>:3: fiscal_year: 2601 is outside 2550–2600 BE"),
        ("agency: a\nwebsite: https://a.example.org\nfiscal_year: 2549\n",
         "<s>:3: fiscal_year: 2549 is outside 2550–2600 BE"),
        ("agency: a\nwebsite: https://a.example.org\nfiscal_year: สองห้าหกหก\n",
         "<s>:3: fiscal_year: 'สองห้าหกหก' is not a year"),
        ("agency: a\nwebsite: https://a.example.org\nfiscal_year: 2566\nframework: nope\n",
         "<s>:4: framework: unknown framework 'nope'"),
        ("agency: a\nwebsite: https://a.example.org\nfiscal_year: 2566\n"
         "items:\n  O1: [https://exa mple.org/x]\n",
         "<s>:5: items.O1.urls[0]: 'https://exa mple.org/x' has no valid host name"),
    ],
)  # fmt: skip
def test_single_mistakes(text, expected):
    with pytest.raises(SubmissionError) as info:
        parse_submission(text, "<s>")
    assert expected in str(info.value)


def test_boundary_fiscal_years_are_accepted():
    for year in (2550, 2600):
        assert parse_submission(
            f"agency: a\nwebsite: https://a.org\nfiscal_year: {year}\nitems: {{O1: [https://a.org/x]}}\n"
        )


def test_unreadable_files(tmp_path):
    with pytest.raises(SubmissionError, match="No such file"):
        load_submission(tmp_path / "missing.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("agency: สำนักงาน".encode("cp874"))
    with pytest.raises(SubmissionError, match="not UTF-8"):
        load_submission(latin)


def test_cli_bad_submission_exits_2_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    db = tmp_path / "data" / "evidence.sqlite"
    result = run_cli("check", str(bad), "--db", str(db), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{bad}:9: items.O2.urls[0]" in result.stderr
    assert "Traceback" not in result.stderr
    assert not db.exists() and not (tmp_path / "out").exists()


def test_cli_bad_options_exit_2(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD, encoding="utf-8")
    for args, message in [
        (["--as-of", "2023-13-01"], "--as-of '2023-13-01': ต้องเป็นวันที่ YYYY-MM-DD"),
        (["--rewrite-host", "webportal.bangkok.go.th"], "expected FROM=TO"),
    ]:
        result = run_cli("check", str(good), "--out", str(tmp_path / "o"), *args)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr
        assert "Traceback" not in result.stderr


def test_report_json_says_when_submitted_urls_were_left_out_by_the_caps():
    """Issue 13: a capped submission is flagged in report.json (`submission.capped`)."""
    from oitcrawl.reports.report_json import _submission_caps
    from oitcrawl.submission import MAX_URLS_PER_ITEM, MAX_URLS_PER_SUBMISSION

    caps = {"per_item": MAX_URLS_PER_ITEM, "per_submission": MAX_URLS_PER_SUBMISSION}
    assert _submission_caps({"dropped_urls": {"O20": 12}}) == {
        "url_caps": caps, "dropped_urls": {"O20": 12}, "capped": True,
    }  # fmt: skip
    assert _submission_caps({}) == {"url_caps": caps, "dropped_urls": {}, "capped": False}
