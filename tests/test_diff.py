"""`oitcrawl diff`: two real runs of the sample site, with one monthly procurement file deleted
and the broken O13 checklist link fixed in between (tests/_history_runs.py). The diff lists
exactly these changes and nothing else, as terminal text, JSON (diff@1) and HTML."""

from __future__ import annotations

import hashlib
import json

import jsonschema
import pytest

from oitcrawl.reports.diff import diff_json_schema
from oitcrawl.sample_site.server import sample_site_root
from tests._history_runs import (
    CHECKLIST,
    CHECKLIST_DIR,
    MARCH,
    OTHER_AGENCY,
    PROCUREMENT,
    history_runs,
)
from tests.conftest import run_cli

HOST = "https://webportal.bangkok.go.th"
MARCH_URL = f"{HOST}/public/user_files_editor/59/Data Room HK/Procurement new/{MARCH}"
CHECKLIST_URL = f"{HOST}/public/user_files_editor/59/ITA/ITA66/O13/สนย/{CHECKLIST}"
AGENCY = "สำนักงานเขตห้วยขวาง"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    return history_runs(tmp_path_factory)


@pytest.fixture(scope="module")
def diff_json(runs, tmp_path_factory):
    path = tmp_path_factory.mktemp("diff") / "diff.json"
    html = path.with_name("diff.html")
    result = run_cli("diff", runs.run_a, runs.run_b, "--db", str(runs.db), "--json", str(path),
                     "--html", str(html))  # fmt: skip
    assert result.returncode == 0, result.stderr
    return json.loads(path.read_text(encoding="utf-8")), result.stdout, html


def test_the_whole_diff_table(diff_json, runs):
    diff, _, _ = diff_json
    jsonschema.validate(diff, diff_json_schema())
    [entry] = diff["agencies"]
    assert entry["agency"]["name"] == AGENCY
    assert (entry["run_a"]["id"], entry["run_b"]["id"]) == (runs.run_a, runs.run_b)
    # O13 passes now: one more item of 30 passes
    assert entry["score"] == {"a": 73.33, "b": 76.67, "change": 3.34}
    assert entry["rating_changed"] is False
    assert [(i["item"], i["status_a"], i["status_b"], i["score_a"], i["score_b"])
            for i in entry["items"]] == [("O13", "fail", "pass", 0.0, 100.0)]  # fmt: skip
    assert [(c["item"], c["kind"], c["text_th"], c["text_en"]) for c in entry["changes"]] == [
        ("O13", "status", "O13 สถานะ ไม่ผ่าน → ผ่าน (คะแนน 0 → 100)",
         "O13 status fail → pass (score 0 → 100)"),
        ("O13", "finding_fixed", f"O13 ลิงก์ใช้ได้แล้ว: {CHECKLIST_URL}",
         f"O13 link works again: {CHECKLIST_URL}"),
        ("O20", "months_missing", "O20 เดือน 2566-03 หายไป", "O20 month 2566-03 disappeared"),
        ("O20", "finding_new", f"O20 หน้าเว็บตอบ 404: {MARCH_URL}",
         f"O20 page now 404: {MARCH_URL}"),
    ]  # fmt: skip
    f = entry["findings"]
    assert [(x["key"]) for x in f["new"]] == [f"O20|broken_link|-|{MARCH_URL}"]
    assert [(x["key"]) for x in f["fixed"]] == [f"O13|broken_link|O13.1|{CHECKLIST_URL}"]
    assert [(x["key"], x["months_added"], x["months_removed"]) for x in f["changed"]] == [
        ("O20|missing_period|O20.1|-", ["2023-03"], [])
    ]
    # documents: by URL and sha256; the unchanged ones (answered 304 on the re-crawl) are not listed
    march_sha = hashlib.sha256((sample_site_root() / PROCUREMENT / MARCH).read_bytes()).hexdigest()
    docx_sha = hashlib.sha256((runs.site / CHECKLIST_DIR / CHECKLIST).read_bytes()).hexdigest()
    docs = entry["documents"]
    assert docs["added"] == [] and docs["removed"] == []
    got = [(d["url"], d["items"], d["a"]["outcome"], d["a"]["http_status"], d["a"]["sha256"],
            d["b"]["outcome"], d["b"]["http_status"], d["b"]["sha256"]) for d in docs["changed"]]  # fmt: skip
    assert [g[:4] + g[5:7] for g in got] == [
        (MARCH_URL, ["O20"], "ok", 200, "broken", 404),
        (CHECKLIST_URL, ["O13"], "broken", 404, "ok", 200),
    ]
    assert got[0][4] == march_sha and got[1][7] == docx_sha


def test_terminal_text_lists_the_changes(diff_json):
    _, stdout, _ = diff_json
    lines = [line.strip() for line in stdout.splitlines()]
    assert "+ O20 เดือน 2566-03 หายไป / O20 month 2566-03 disappeared" in lines
    assert f"+ O20 หน้าเว็บตอบ 404: {MARCH_URL} / O20 page now 404: {MARCH_URL}" in lines
    assert (
        "● O13 สถานะ ไม่ผ่าน → ผ่าน (คะแนน 0 → 100) / O13 status fail → pass (score 0 → 100)" in lines
    )
    assert sum(1 for line in lines if line.startswith("~ เอกสารเปลี่ยน")) == 2


def test_html_is_self_contained_and_escaped(diff_json):
    _, _, html_path = diff_json
    html = html_path.read_text(encoding="utf-8")
    assert "default-src 'none'" in html and "<script" not in html
    assert "O20 เดือน 2566-03 หายไป" in html and "O20 month 2566-03 disappeared" in html
    assert (
        'href="https://webportal.bangkok.go.th/public/user_files_editor/59/ITA/ITA66/O13/' in html
    )


def test_last_two_runs_of_an_agency_give_the_same_diff(diff_json, runs):
    diff, _, _ = diff_json
    result = run_cli("diff", "--agency", AGENCY, "--last", "2", "--db", str(runs.db), "--json",
                     str(runs.db.parent / "last.json"), "--quiet")  # fmt: skip
    assert result.returncode == 0, result.stderr
    last = json.loads((runs.db.parent / "last.json").read_text(encoding="utf-8"))
    assert last["agencies"] == diff["agencies"]
    # without --agency: every agency with two evaluated runs (the other agency has one)
    result = run_cli("diff", "--last", "2", "--db", str(runs.db), "--quiet", "--json",
                     str(runs.db.parent / "all.json"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    every = json.loads((runs.db.parent / "all.json").read_text(encoding="utf-8"))
    assert [e["agency"]["name"] for e in every["agencies"]] == [AGENCY]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["RUN_A"], "give two run ids"),
        (["--agency", OTHER_AGENCY, "--last", "2"], "need at least two evaluated runs"),
        (["--agency", "ไม่มีหน่วยงานนี้", "--last", "2"], "no evaluated runs of this agency"),
        (["--last", "3"], "only --last 2"),
        ([], "give two run ids (RUN_A RUN_B), or --last 2"),
    ],
)
def test_bad_requests_exit_2_with_the_reason(runs, args, message):
    args = [runs.run_a if a == "RUN_A" else a for a in args]
    result = run_cli("diff", *args, "--db", str(runs.db))
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in " ".join(result.stderr.split()), result.stderr
    assert "Traceback" not in result.stderr


def test_runs_of_two_agencies_are_not_compared(runs):
    result = run_cli("diff", runs.run_a, runs.run_c, "--db", str(runs.db))
    assert result.returncode == 2
    assert "are runs of two agencies" in " ".join(result.stderr.split())


def test_a_run_from_before_results_were_kept_is_evaluated_offline(diff_json, runs, tmp_path):
    """A store whose run A has no stored results (made before they were kept): `diff --last 2`
    evaluates it from the stored evidence and gives the same changes."""
    import shutil
    import sqlite3

    diff, _, _ = diff_json
    data = tmp_path / "data"
    shutil.copytree(runs.db.parent, data)
    with sqlite3.connect(data / runs.db.name) as conn:
        for table in ("evaluations", "item_results", "findings", "document_results"):
            conn.execute(f"delete from {table} where run_id = ?", [runs.run_a])
    result = run_cli("diff", "--last", "2", "--agency", AGENCY, "--db", str(data / runs.db.name),
                     "--quiet", "--json", str(tmp_path / "d.json"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    again = json.loads((tmp_path / "d.json").read_text(encoding="utf-8"))
    assert again["agencies"][0]["changes"] == diff["agencies"][0]["changes"]
    assert again["agencies"][0]["documents"] == diff["agencies"][0]["documents"]
