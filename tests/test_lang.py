"""Thai by default, English with `--lang en` / OITCRAWL_LANG=en: the CLI summary and messages,
the spreadsheet headers and dates, and the language report.html opens in — on the real demo run
(evaluated offline again in each language)."""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from oitcrawl import i18n
from oitcrawl.store import Store
from tests.conftest import run_cli

THAI = re.compile(r"[\u0e01-\u0e5b]")
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS_TH = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน",
             "กรกฎาคม", "สิงหาคม", "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"]  # fmt: skip

HEADERS_TH = [
    "ฝ่ายที่รับผิดชอบ (Unit)", "ข้อ (Item)", "ชื่อข้อ (Item title)", "องค์ประกอบ (Element)",
    "ระดับ (Severity)", "รหัส (Code)", "สิ่งที่ขาดหรือไม่ถูกต้อง (What is missing)",
    "ข้อเสนอแนะ (Suggestion)", "URL", "เดือนที่ขาด (Missing months)", "ข้อมูล ณ (As of)",
    "What is missing (English)", "Suggestion (English)",
]  # fmt: skip
HEADERS_EN = [
    "Unit", "Item", "Item title", "Element", "Severity", "Code", "What is missing",
    "Suggestion", "URL", "Missing months", "As of", "What is missing (Thai)", "Suggestion (Thai)",
]  # fmt: skip


# ---------------------------------------------------------------------------- i18n helper


def test_language_names_and_message_forms(monkeypatch):
    assert [i18n.resolve(v) for v in ("th", " EN ", "Th", None, "")] == [
        "th",
        "en",
        "th",
        "th",
        "th",
    ]
    with pytest.raises(i18n.LangError, match=r"--lang 'fr': .*expected th .* or en"):
        i18n.resolve("fr")
    assert i18n.tr("ข้อมูลไม่ถูกต้อง", "bad input", "th") == "ข้อมูลไม่ถูกต้อง / bad input"
    assert i18n.tr("ข้อมูลไม่ถูกต้อง", "bad input", "en") == "bad input"
    assert i18n.tr("URL", "URL", "th") == "URL"
    assert i18n.pick("ข้อ", "item", "th") == "ข้อ" and i18n.pick("ข้อ", "item", "en") == "item"
    assert i18n.term("ผ่าน", "Pass", "en") == "Pass (ผ่าน)"
    assert i18n.term("ผ่าน", "Pass", "th") == "ผ่าน / Pass"
    monkeypatch.setattr(i18n, "_chosen", None)
    monkeypatch.setenv("OITCRAWL_LANG", "en")
    assert i18n.get_lang() == "en"
    assert i18n.set_lang("th") == "th" and i18n.get_lang() == "th"  # the option wins
    assert i18n.set_lang(None) == "en"  # no option: the environment
    monkeypatch.setenv("OITCRAWL_LANG", "xx")
    with pytest.raises(i18n.LangError, match="OITCRAWL_LANG 'xx'"):
        i18n.set_lang(None)


# ------------------------------------------------------------------ the demo run, twice


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The demo (Thai by default), then `evaluate` of its run in English (option and
    environment) and in Thai with the option overriding OITCRAWL_LANG=en."""
    base = tmp_path_factory.mktemp("lang")
    demo = run_cli("demo", "--out", str(base / "demo"), "--quiet",
                   env={"OITCRAWL_OCR": "0", "OITCRAWL_LANG": ""}, timeout=110)  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    db = base / "demo" / "evidence.sqlite"
    run_id = Store(db).list_runs()[0]["id"]
    results = {}
    for name, args, env in [
        ("th", [], {"OITCRAWL_LANG": ""}),
        ("en", ["--lang", "en"], {"OITCRAWL_LANG": ""}),
        ("en_env", [], {"OITCRAWL_LANG": "en"}),
        ("th_option", ["--lang", "th"], {"OITCRAWL_LANG": "en"}),
    ]:
        out = base / name
        result = run_cli(*args, "evaluate", run_id, "--db", str(db), "--out", str(out),
                         env={"OITCRAWL_OCR": "0", **env}, timeout=60)  # fmt: skip
        assert result.returncode == 0, result.stderr
        results[name] = (out, result)
    return results


def _csv(out: Path) -> tuple[list[str], list[dict[str, str]]]:
    with (out / "suggestions.csv").open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _thai_time(iso: str) -> dt.datetime:
    return dt.datetime.fromisoformat(iso).astimezone(dt.timezone(dt.timedelta(hours=7)))


@pytest.mark.parametrize(
    ("name", "lang"), [("th", "th"), ("en", "en"), ("en_env", "en"), ("th_option", "th")]
)
def test_spreadsheets_in_the_chosen_language(runs, name, lang):
    out, _ = runs[name]
    report = _report(out)
    headers, rows = _csv(out)
    assert headers == (HEADERS_EN if lang == "en" else HEADERS_TH)
    findings = [(i, f) for i in report["items"] for f in i["findings"]]
    assert len(rows) == len(findings) > 0
    key = dict(zip(["unit", "item", "title", "severity", "months", "as_of", "missing"],
                   [headers[k] for k in (0, 1, 2, 4, 9, 10, 6)], strict=True))  # fmt: skip
    # the as-of date of every row, and the O20 missing month, as the reader writes dates
    assert {r[key["as_of"]] for r in rows} == {"30 Apr 2023" if lang == "en" else "30 เม.ย. 2566"}
    o20 = next(r for r in rows if r[key["item"]] == "O20")
    assert o20[key["months"]] == ("Jan 2023" if lang == "en" else "ม.ค. 2566")
    item = next(i for i in report["items"] if i["id"] == "O20")
    assert o20[key["title"]] == (item["title_en"] if lang == "en" else item["title"])
    assert o20[key["missing"]] == item["findings"][0]["message_" + lang]
    severities = {r[key["severity"]] for r in rows}
    assert severities <= (
        {"error (must fix)", "warning (should fix)"}
        if lang == "en"
        else {"ต้องแก้ไข (error)", "ควรแก้ไข (warning)"}
    )
    wb = load_workbook(out / "suggestions.xlsx")
    everything = wb["All" if lang == "en" else "ทั้งหมด (All)"]
    assert wb.sheetnames[0] == everything.title
    sheet = [list(r) for r in everything.iter_rows(values_only=True)]
    header = int(everything.print_title_rows.split(":")[0].strip("$"))  # below the title block
    assert set(headers) <= set(sheet[header - 1])  # reordered, with the fill-in columns
    units = [r[key["unit"]] for r in rows]
    first = units[0]
    word = "rows" if lang == "en" else "รายการ"
    # the per-unit counts are above the table (outside its autofilter)
    assert f"{first} — {units.count(first)} {word}" in [r[0] for r in sheet[: header - 1]]


@pytest.mark.parametrize(("name", "lang"), [("th", "th"), ("en", "en"), ("th_option", "th")])
def test_report_html_opens_in_the_chosen_language_with_thai_dates(runs, name, lang):
    out, _ = runs[name]
    report = _report(out)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    checked = re.findall(r'<input type="radio" name="lang" id="lang-(th|en)"[^>]*\bchecked\b', html)
    assert checked == [lang]
    title = re.search(r"<title>(.*?)</title>", html).group(1)
    assert title.startswith("OIT pre-check report" if lang == "en" else "ผลตรวจ OIT เบื้องต้น")
    # header dates: the formal Thai forms (Thai digits, BE, Thai time) beside the English
    start, end = _thai_time(report["run"]["started_at"]), _thai_time(report["run"]["finished_at"])
    assert start.date() == end.date()  # the demo takes seconds (unless run at midnight)
    crawl_th = (f"วันที่ {start.day} {MONTHS_TH[start.month - 1]} {start.year + 543} เวลา "
                f"{start:%H.%M}–{end:%H.%M} น.")  # fmt: skip
    s_utc = dt.datetime.fromisoformat(report["run"]["started_at"]).astimezone(dt.UTC)
    e_utc = dt.datetime.fromisoformat(report["run"]["finished_at"]).astimezone(dt.UTC)
    crawl_en = f"{s_utc.day} {s_utc:%B %Y}, {s_utc:%H:%M}–{e_utc:%H:%M} UTC"
    for th, en in [
        ("วันที่ 30 เมษายน 2566", "30 April 2023"),  # report.html: Arabic digits throughout
        ("พ.ศ. 2566 (1 ตุลาคม 2565 – 30 กันยายน 2566)",
         "2566 BE (1 October 2022 – 30 September 2023)"),
        (crawl_th, crawl_en),
    ]:  # fmt: skip
        assert f'<span class="th" lang="th">{th}</span><span class="en" lang="en">{en}</span>' in (
            html
        ), th


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def test_terminal_summary_in_english(runs):
    _, result = runs["en"]
    report = _report(runs["en"][0])
    s, r = report["summary"], report["scores"]["rating"]
    text = result.stdout
    assert f"provisional OIT score: {report['scores']['oit']:.2f} — " in text
    assert f"{r['label_en']} ({r['label_th']})" in text
    assert (
        f"pass {s['pass']} · fail {s['fail']} · review {s['review']} · "
        f"n/a {s['not_applicable']} (of {s['items']})"
    ) in text
    header = next(line for line in _lines(text) if "first reason" in line)
    assert [c.strip() for c in header.strip("┃ ").split("┃")] == [
        "item", "status", "unit", "first reason"
    ]  # fmt: skip
    failing = [i["id"] for i in report["items"] if i["status"] == "fail"]
    for item_id in failing:
        assert re.search(rf"│ {item_id} +│ fail +│", text), item_id

    # English only, except the agency's name, the Thai term beside the rating, the documents'
    # own Thai names inside reasons (URLs, form names) and the documents' own words quoted as
    # the date that decided ("ประจำปีงบประมาณ พ.ศ. 2565", issue 12)
    # … and the ฝ่าย column: the units' own names, which an English reader needs as written
    def without_unit(line: str) -> str:
        cells = line.split("│")
        return "│".join(cells[:3] + cells[4:]) if len(cells) > 4 else line

    thai_lines = [line for line in map(without_unit, _lines(text)) if THAI.search(line)]
    assert all(
        report["agency"]["name"] in line
        or r["label_th"] in line
        or "/" in line
        or "สขร" in line
        or re.search(r'"[^"]*[\u0e00-\u0e7f][^"]*"', line)
        for line in thai_lines
    ), thai_lines


def test_terminal_summary_in_thai(runs):
    for name in ("th", "th_option"):
        out, result = runs[name]
        report = _report(out)
        s, r = report["summary"], report["scores"]["rating"]
        text = result.stdout
        assert f"คะแนน OIT เบื้องต้น / provisional OIT score: {report['scores']['oit']:.2f}" in text
        assert f"{r['label_th']} / {r['label_en']}" in text
        assert (
            f"ผ่าน / pass {s['pass']} · ไม่ผ่าน / fail {s['fail']} · "
            f"ต้องตรวจสอบ / review {s['review']} · ไม่เกี่ยวข้อง / n/a {s['not_applicable']} "
            f"(จาก / of {s['items']})"
        ) in text
        # Thai above English in the header (issue 14: room for the reason at 80 columns)
        lines = _lines(text)
        at = next(i for i, line in enumerate(lines) if "first reason" in line)
        heads = [[c.strip() for c in lines[i].strip("┃ ").split("┃")] for i in (at - 1, at)]
        assert heads == [
            ["ข้อ", "สถานะ", "ฝ่าย", "เหตุผลแรก"],
            ["item", "status", "unit", "first reason"],
        ]


@pytest.mark.parametrize(
    ("args", "env", "lang", "message"),
    [
        (["--lang", "fr"], {}, "th", "--lang 'fr': ใช้ th หรือ en / expected th"),
        ([], {"OITCRAWL_LANG": "de"}, "th", "OITCRAWL_LANG 'de'"),
        (["--lang", "en"], {}, "en", "--iit and --eit go together"),
        ([], {}, "th", "ต้องให้ --iit และ --eit คู่กัน หรือไม่ให้ทั้งสอง / --iit and --eit"),
    ],
)
def test_bad_input_messages_in_each_language(tmp_path, args, env, lang, message):
    result = run_cli(*args, "evaluate", "nope", "--db", str(tmp_path / "x.sqlite"), "--iit",
                     "90", env={"OITCRAWL_LANG": "", **env}, timeout=60)  # fmt: skip
    err = result.stderr.replace("\n", " ")
    assert result.returncode == 2, result.stderr
    assert message in err
    assert err.startswith("bad input:" if lang == "en" else "ข้อมูลไม่ถูกต้อง / bad input:")
    assert "Traceback" not in result.stderr


O20_OCT = (
    Path(__file__).resolve().parents[1] / "oitcrawl/sample_site/site/webportal.bangkok.go.th"
    / "public/user_files_editor/59/Data Room HK/Procurement new/O20 summary procurement Oct 2565.pdf"
)  # fmt: skip


@pytest.mark.parametrize("lang", ["th", "en"])
def test_inspect_labels_in_each_language(lang):
    result = run_cli("--lang", lang, "inspect", str(O20_OCT), env={"OITCRAWL_OCR": "0"},
                     timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = _lines(result.stdout)
    labels = [line.split(":")[0] for line in lines if re.match(r"^[^\s│┃┏┡└].*: ", line)]
    pairs = [("ชนิดไฟล์", "type"), ("ชื่อเรื่อง", "title"), ("จำนวนหน้า", "pages"),
             ("ข้อมูลกำกับ", "metadata"), ("ชั้นข้อความ", "text layer"),
             ("อ่านด้วยเครื่องได้", "machine readable"), ("OCR", "OCR"),
             ("ปีงบประมาณ", "fiscal years")]  # fmt: skip
    columns = [("หน้า", "page"), ("อักขระ", "chars"), ("ชั้นข้อความ", "text layer"),
               ("ภาพ", "images"), ("OCR", "OCR"), ("ชนิด", "class")]  # fmt: skip
    wanted = [i18n.tr(th, en, lang) for th, en in pairs]
    assert [x for x in labels if x in wanted] == wanted  # all there, in this order
    # every label (also those other features add) in the chosen language's form
    if lang == "en":
        assert not [x for x in labels if THAI.search(x)], labels
    else:
        assert all(re.match(r"^[\u0e01-\u0e5b].* / [A-Za-z]", x) for x in labels if x != "OCR")
    assert f"{i18n.tr('ข้อความช่วงแรก', 'first lines', lang)}:" in lines
    first = i18n.tr("หน้า", "page", lang)
    row = next(line for line in lines if line.startswith(f"┃ {first} "))
    assert [c.strip() for c in row.strip("┃ ").split("┃")] == [
        i18n.tr(th, en, lang) for th, en in columns
    ]
