"""The human in the loop (issue 16), through the real CLI on a real crawl of the sample site:
`oitcrawl review` lists what needs a person with the agency's explanation; an accepted review
item scores 100 with the decision shown; a dismissed finding leaves the suggestion lists and
stays in report.json; a re-crawl with changed evidence makes a decision stale; decisions from
a reviewer file and from the command agree; bad decisions are refused with exit 2 and change
nothing.
"""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
import yaml

from oitcrawl.sample_site.server import sample_site_root, serve
from tests.conftest import run_cli

SAMPLE_SUBMISSION = sample_site_root().parent / "submission.yaml"
ITEMS = ("O8", "O13", "O23")
O23_NOTE = "ประกาศฉบับที่ 2 เป็นฉบับสแกนที่ผู้อำนวยการเขตลงนามแล้ว"
O23_SCAN = (
    "webportal.bangkok.go.th/public/user_files_editor/59/Data Room HK/fraud prevention new/"
    "O23 No Gift Policy Announcement 2566 _thai.pdf"
)
O8_OUTDATED = (
    "O8|outdated|O8.1|https://webportal.bangkok.go.th/public/user_files_editor/59/Data Room HK/"
    "Plan and Policy new/O8 Government action plan 2565.pdf"
)
NO_OCR = {"OITCRAWL_OCR": "0"}


def _check(site, sub: Path, db: Path, out: Path, *extra: str):
    rewrites = [a for rule in site.rewrite_rules() for a in ("--rewrite-host", rule)]
    return run_cli("check", str(sub), "--db", str(db), "--out", str(out), "--allow-private",
                   "--delay", "0", "--quiet", *rewrites, *extra, env=NO_OCR)  # fmt: skip


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """A copy of the sample site, a submission of O8/O13/O23 (with the agency's note on O23)
    and one checked run: (site folder, submission, store folder, run id)."""
    base = tmp_path_factory.mktemp("review")
    site_dir = base / "site"
    shutil.copytree(sample_site_root(), site_dir)
    data = yaml.safe_load(SAMPLE_SUBMISSION.read_text(encoding="utf-8"))
    data["items"] = {k: v for k, v in data["items"].items() if k in ITEMS}
    data["items"]["O23"] = {"urls": data["items"]["O23"], "note": O23_NOTE}
    sub = base / "submission.yaml"
    sub.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    store = base / "store"
    with serve(site_dir) as site:
        result = _check(site, sub, store / "evidence.sqlite", base / "out")
    assert result.returncode == 0, result.stderr
    run_id = json.loads(result.stdout.strip().splitlines()[-1])["run_id"]
    return site_dir, sub, store, run_id


@pytest.fixture
def store(crawled, tmp_path) -> Path:
    """A private copy of the checked store (database and blobs) for one test."""
    copy = tmp_path / "store"
    shutil.copytree(crawled[2], copy)
    return copy / "evidence.sqlite"


def _report(out: Path) -> dict:
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def _statuses(report: dict) -> dict[str, tuple]:
    return {
        i["id"]: (i["status"], i["machine"]["status"], (i["decision"] or {}).get("decision"))
        for i in report["items"]
        if i["id"] in ITEMS
    }


def _decision_rows(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        names = {r[0] for r in conn.execute("select name from sqlite_master where type='table'")}
        return (
            conn.execute("select count(*) from decisions").fetchone()[0]
            if "decisions" in names
            else 0
        )


def test_review_lists_what_needs_a_person_with_the_agency_explanation(crawled, store):
    result = run_cli("review", crawled[3], "--db", str(store), "--json", env=NO_OCR)
    assert result.returncode == 0, result.stderr
    rows = {r["item"]: r for r in json.loads(result.stdout)}
    assert {i: (r["why"], r["status"]) for i, r in rows.items()} == {
        "O8": ("fail", "fail"),
        "O13": ("fail", "fail"),
        "O23": ("review", "review"),
    }
    assert rows["O23"]["note"] == O23_NOTE  # the agency's explanation beside the finding
    assert [f["code"] for f in rows["O23"]["findings"]] == ["not_machine_readable"]
    assert O8_OUTDATED in [f["key"] for f in rows["O8"]["findings"]]
    text = run_cli("review", crawled[3], "--db", str(store), env=NO_OCR).stdout
    assert "คำอธิบายของหน่วยงาน" in text and O23_NOTE in text and "--accept" in text


def test_an_accepted_review_item_scores_100_with_the_decision_shown(crawled, store, tmp_path):
    reason = "ผู้ตรวจเปิดไฟล์สแกนแล้ว: ลงนามโดยผู้อำนวยการเขต ลงวันที่ 3 ตุลาคม 2565"
    out = tmp_path / "out"
    result = run_cli("review", crawled[3], "--db", str(store), "--item", "O23", "--accept",
                     "--reason", reason, "--by", "สมศรี ผู้ตรวจ", "--out", str(out), env=NO_OCR)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 applied, 0 stale" in result.stderr
    report = _report(out)
    assert _statuses(report) == {
        "O8": ("fail", "fail", None),
        "O13": ("fail", "fail", None),
        "O23": ("pass", "review", "accept"),
    }
    o23 = next(i for i in report["items"] if i["id"] == "O23")
    assert (o23["score"], o23["machine"]["score"]) == (100.0, 0.0)
    assert (o23["decision"]["reason"], o23["decision"]["by"]) == (reason, "สมศรี ผู้ตรวจ")
    assert report["scores"]["oit"] > report["scores_machine"]["oit"]
    assert report["decisions"] == {"applied": 1, "stale": []}
    # the page marks the decided item and shows the rules' own score beside
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "ยืนยันโดย สมศรี ผู้ตรวจ" in html and reason in html
    from oitcrawl.reports.report_html import score_text

    assert f"ตามกฎอย่างเดียว {score_text(report['scores_machine']['oit'])}" in html
    # the suggestion lists carry the decision beside what the rules still found
    with (out / "suggestions.csv").open(encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r["ข้อ (Item)"] == "O23"]
    assert [
        (r["คำตัดสินของผู้ตรวจ (Reviewer decision)"], r["เหตุผลของผู้ตรวจ (Reviewer's reason)"])
        for r in rows
    ] == [("ยอมรับ (ผ่าน) — สมศรี ผู้ตรวจ", reason)]


def test_a_dismissed_finding_leaves_the_suggestions_and_stays_in_report_json(
    crawled, store, tmp_path
):
    out = tmp_path / "out"
    reason = "แผนปี 2566 อยู่ระหว่างอนุมัติ ผู้ตรวจยอมรับแผนปี 2565 ตามหนังสือสั่งการ"
    result = run_cli("review", crawled[3], "--db", str(store), "--item", "O8", "--dismiss",
                     O8_OUTDATED, "--reason", reason, "--by", "ก", "--out", str(out), env=NO_OCR)  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = _report(out)
    o8 = next(i for i in report["items"] if i["id"] == "O8")
    dismissed = [f for f in o8["findings"] if f["decision"]]
    assert [(f["code"], f["decision"]["decision"], f["decision"]["reason"]) for f in dismissed] == [
        ("outdated", "dismiss", reason)
    ]
    assert _statuses(report)["O8"] == ("pass", "fail", None)  # its only error was dismissed
    assert o8["note_th"] == "- ไม่มี"
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "ยกเลิกโดย ก: " in html and reason in html
    with (out / "suggestions.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and not any(r[next(iter(r))] and "O8" in r.values() for r in rows)


def test_a_recrawl_with_changed_evidence_makes_the_decision_stale(crawled, store, tmp_path):
    site_dir, sub, _, run_id = crawled
    result = run_cli("review", run_id, "--db", str(store), "--item", "O23", "--accept",
                     "--reason", "อ่านจากไฟล์สแกน", "--by", "ข", env=NO_OCR)  # fmt: skip
    assert result.returncode == 0, result.stderr
    result = run_cli("review", run_id, "--db", str(store), "--item", "O8", "--dismiss",
                     O8_OUTDATED, "--reason", "ยอมรับแผนเดิม", "--by", "ข", env=NO_OCR)  # fmt: skip
    assert result.returncode == 0, result.stderr
    changed = tmp_path / "site"
    shutil.copytree(site_dir, changed)
    scan = changed / O23_SCAN
    scan.write_bytes(scan.read_bytes() + b"\n% re-uploaded\n")  # another file at the same URL
    with serve(changed) as site:
        result = _check(site, sub, store, tmp_path / "out", "--fresh")
    assert result.returncode == 0, result.stderr
    report = _report(tmp_path / "out")
    assert report["run"]["id"] != run_id
    # the accept saw other evidence: stale and not applied; the O8 dismissal still holds
    assert _statuses(report) == {
        "O8": ("pass", "fail", None),
        "O13": ("fail", "fail", None),
        "O23": ("review", "review", None),
    }
    assert [(s["item"], s["decision"], s["why"]) for s in report["decisions"]["stale"]] == [
        ("O23", "accept", "evidence changed since the decision")
    ]
    assert report["decisions"]["applied"] == 1
    assert "1 applied, 1 stale" in result.stderr


def test_decisions_from_a_reviewer_file_and_from_the_command_agree(crawled, store, tmp_path):
    run_id = crawled[3]
    pristine = tmp_path / "pristine"
    shutil.copytree(store.parent, pristine)
    by_cli = tmp_path / "cli"
    for args in (("--item", "O23", "--accept", "--reason", "อ่านแล้ว"),
                 ("--item", "O8", "--dismiss", O8_OUTDATED, "--reason", "ยอมรับ")):  # fmt: skip
        assert run_cli("review", run_id, "--db", str(store), *args, "--by", "ค",
                       env=NO_OCR).returncode == 0  # fmt: skip
    reviewer = tmp_path / "reviewer.yaml"
    result = run_cli("review", run_id, "--db", str(store), "--export", str(reviewer),
                     "--out", str(by_cli), env=NO_OCR)  # fmt: skip
    assert result.returncode == 0, result.stderr
    exported = yaml.safe_load(reviewer.read_text(encoding="utf-8"))["decisions"]
    assert [(d["item"], d["decision"], d["by"]) for d in exported] == [
        ("O23", "accept", "ค"), ("O8", "dismiss", "ค"),
    ]  # fmt: skip
    by_file = tmp_path / "file"
    db2 = pristine / "evidence.sqlite"
    result = run_cli("review", run_id, "--db", str(db2), "--import", str(reviewer),
                     "--out", str(by_file), env=NO_OCR)  # fmt: skip
    assert result.returncode == 0, result.stderr
    a, b = _report(by_cli), _report(by_file)
    assert (
        _statuses(a)
        == _statuses(b)
        == {
            "O8": ("pass", "fail", None),
            "O13": ("fail", "fail", None),
            "O23": ("pass", "review", "accept"),
        }
    )
    assert a["scores"] == b["scores"]


BAD_FILES = [
    ("no-list", "decisions: O23\n", ":", "expected `decisions:`"),
    ("no-reason", "decisions:\n  - item: O23\n    decision: accept\n    by: ก\n", ":2:", "reason"),
    ("blank-reason", "decisions:\n  - {item: O23, decision: accept, by: ก, reason: '  '}\n",
     ":2:", "must not be empty"),
    ("bad-kind", "decisions:\n  - {item: O23, decision: approve, reason: r, by: ก}\n", ":2:",
     "decision"),
    ("dismiss-without-key", "decisions:\n  - {item: O8, decision: dismiss, reason: r, by: ก}\n",
     ":2:", "`finding`"),
    ("unknown-field", "decisions:\n  - item: O23\n    decision: accept\n    reason: r\n"
     "    by: ก\n    who: x\n", ":6:", "unknown field"),
    ("bad-item", "decisions:\n  - {item: O99, decision: accept, reason: r, by: ก}\n", "O99",
     "not an item of the run's framework"),
    ("bad-at", "decisions:\n  - {item: O23, decision: accept, reason: r, by: ก, at: yesterday}\n",
     ":2:", "ISO date-time"),
    ("bad-yaml", "decisions: [\n", ":", "not valid YAML"),
    ("item-as-number", "decisions:\n  - {item: 23, decision: accept, reason: r, by: ก}\n", ":2:",
     "item"),
]  # fmt: skip

BAD_ARGS = [
    (("--accept", "--reason", "r", "--by", "ก"), "--item"),
    (("--item", "O23", "--accept", "--by", "ก"), "--reason"),
    (("--item", "O23", "--accept", "--reject", "--reason", "r"), "choose one"),
    (("--item", "O23", "--reason", "r"), "--accept"),
    (("--item", "X1", "--accept", "--reason", "r", "--by", "ก"), "item"),
    (("--item", "O23", "--accept", "--reason", "   ", "--by", "ก"), "--reason"),
    (("--import", "/nonexistent/reviewer.yaml"), "cannot read"),
]


@pytest.mark.parametrize(
    ("name", "text", "where", "what"), BAD_FILES, ids=[c[0] for c in BAD_FILES]
)
def test_a_bad_reviewer_file_is_refused_with_its_line_and_changes_nothing(
    crawled, store, tmp_path, name, text, where, what
):
    path = tmp_path / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    before = _decision_rows(store)
    result = run_cli("review", crawled[3], "--db", str(store), "--import", str(path), env=NO_OCR)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr and where in result.stderr and what in result.stderr
    assert _decision_rows(store) == before


@pytest.mark.parametrize(("args", "what"), BAD_ARGS, ids=[" ".join(a) for a, _ in BAD_ARGS])
def test_a_bad_decision_on_the_command_line_is_refused(crawled, store, args, what):
    before = _decision_rows(store)
    result = run_cli("review", crawled[3], "--db", str(store), *args, env=NO_OCR)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and what in result.stderr
    assert _decision_rows(store) == before


def test_checklist_ticks_are_kept_in_the_reviewer_file_and_shown_in_every_browser(
    crawled, store, tmp_path
):
    """Issue 16: the checklist's "done" ticks leave the browser: imported from its CSV export,
    kept (and exported) with the decisions, shown ticked in report.html; never a verdict."""
    run_id = crawled[3]
    ticks = tmp_path / f"checklist-{run_id}.csv"
    ticks.write_text(
        "\ufeffrun,item,title,unit,status,done,done_at\r\n"
        f'"{run_id}","O8","แผน","ฝ่ายปกครอง","fail","yes","2026-12-05T03:00:00.000Z"\r\n'
        f'"{run_id}","O13","รายการ","ฝ่ายโยธา","fail","no",""\r\n',
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run_cli("review", run_id, "--db", str(store), "--import-ticks", str(ticks),
                     "--by", "ผู้ประสานงาน", "--out", str(out), env=NO_OCR)  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = _report(out)
    done = {i["id"]: i["done"] for i in report["items"] if i["id"] in ITEMS}
    assert done == {"O8": {"by": "ผู้ประสานงาน", "at": "2026-12-05T03:00:00.000Z"},
                    "O13": None, "O23": None}  # fmt: skip
    assert _statuses(report)["O8"] == ("fail", "fail", None)  # a tick is no verdict
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'data-item="O8"' in html and 'data-done-at="2026-12-05T03:00:00.000Z"' in html
    reviewer = tmp_path / "reviewer.yaml"
    assert run_cli("review", run_id, "--db", str(store), "--export", str(reviewer),
                   env=NO_OCR).returncode == 0  # fmt: skip
    kept = yaml.safe_load(reviewer.read_text(encoding="utf-8"))["decisions"]
    assert [(d["item"], d["decision"], d["at"]) for d in kept] == [
        ("O8", "done", "2026-12-05T03:00:00.000Z")
    ]
    bad = tmp_path / "not-ticks.csv"
    bad.write_text("a,b\n1,2\n", encoding="utf-8")
    result = run_cli("review", run_id, "--db", str(store), "--import-ticks", str(bad), env=NO_OCR)
    assert result.returncode == 2 and "not a checklist export" in result.stderr
