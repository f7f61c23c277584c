"""`oitcrawl check --since RUN_ID` (issue 6 item 4): each finding is new, still open or fixed
against the earlier run; the suggestion lists keep only open findings, with the date first
seen. Runs from tests/_history_runs.py (March procurement file deleted, O13 link fixed)."""

from __future__ import annotations

import csv
import json
import shutil
import sqlite3

import jsonschema
import pytest

from oitcrawl.reports.report_json import json_schema
from tests._history_runs import CHECKLIST, MARCH, history_runs
from tests.conftest import run_cli

HOST = "https://webportal.bangkok.go.th"
MARCH_URL = f"{HOST}/public/user_files_editor/59/Data Room HK/Procurement new/{MARCH}"
CHECKLIST_URL = f"{HOST}/public/user_files_editor/59/ITA/ITA66/O13/สนย/{CHECKLIST}"


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    return history_runs(tmp_path_factory)


def _marks(report):
    return [(f["item"], f["code"], f["since"]["status"], f["since"].get("new_months"))
            for it in report["items"] for f in it["findings"]]  # fmt: skip


def test_every_finding_is_new_or_still_open_and_the_fixed_are_listed(runs):
    report = runs.report_b
    jsonschema.validate(report, json_schema())
    day_a = runs.report_a["run"]["started_at"][:10]
    day_b = report["run"]["started_at"][:10]
    assert _marks(report) == [
        ("O1", "missing_element", "open", None),
        ("O3", "not_main_website", "open", None),
        ("O8", "outdated", "open", None),
        ("O14", "login_required", "open", None),
        ("O16", "no_url", "open", None),
        ("O20", "missing_period", "open", ["2023-03"]),
        ("O20", "broken_link", "new", None),
        ("O23", "not_machine_readable", "open", None),
        ("O28", "missing_element", "open", None),
    ]
    for it in report["items"]:
        for f in it["findings"]:
            assert f["since"]["first_seen"] == (day_b if f["since"]["status"] == "new" else day_a)
    since = report["since"]
    assert since["run_id"] == runs.run_a
    assert since["counts"] == {"new": 1, "open": 8, "fixed": 1}
    assert [(f["item"], f["code"], f["element"], f["url"], f["since"]["status"])
            for f in since["fixed"]] == [("O13", "broken_link", "O13.1", CHECKLIST_URL, "fixed")]  # fmt: skip


def test_suggestions_list_only_open_findings_with_the_date_first_seen(runs):
    with (runs.out_b / "suggestions.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 9  # the fixed O13 finding is not a row
    status_col, seen_col = "สถานะเทียบครั้งก่อน (Since the earlier run)", "พบครั้งแรก (First seen)"
    got = sorted((r["ข้อ (Item)"], r["รหัส (Code)"], r[status_col]) for r in rows)
    assert got == sorted([
        ("O1", "missing_element", "ยังไม่แก้"), ("O3", "not_main_website", "ยังไม่แก้"),
        ("O8", "outdated", "ยังไม่แก้"), ("O14", "login_required", "ยังไม่แก้"),
        ("O16", "no_url", "ยังไม่แก้"), ("O20", "missing_period", "ยังไม่แก้"),
        ("O20", "broken_link", "ใหม่"), ("O23", "not_machine_readable", "ยังไม่แก้"),
        ("O28", "missing_element", "ยังไม่แก้"),
    ])  # fmt: skip
    assert all(r[seen_col] for r in rows)
    html = (runs.out_b / "report.html").read_text(encoding="utf-8")
    assert "เทียบกับการตรวจครั้งก่อน" in html and "since-new" in html and "since-fixed" in html


def test_first_seen_follows_the_unbroken_series_of_runs(runs, tmp_path):
    """Move run A a month back: open findings were first seen then, new ones on run B's day;
    re-evaluating B --since A offline gives the same marks."""
    data = tmp_path / "data"
    shutil.copytree(runs.db.parent, data)
    db = data / runs.db.name
    with sqlite3.connect(db) as conn:
        conn.execute("update runs set started_at = '2026-10-01T03:00:00+00:00' where id = ?",
                     [runs.run_a])  # fmt: skip
    result = run_cli("evaluate", runs.run_b, "--db", str(db), "--since", runs.run_a, "--out",
                     str(tmp_path / "out"), "--quiet")  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert _marks(report) == _marks(runs.report_b)
    seen = {(f["item"], f["code"]): f["since"]["first_seen"]
            for it in report["items"] for f in it["findings"]}  # fmt: skip
    assert seen[("O20", "missing_period")] == "2026-10-01"
    assert seen[("O20", "broken_link")] == report["run"]["started_at"][:10]
    assert report["since"]["fixed"][0]["since"]["first_seen"] == "2026-10-01"


def test_since_a_run_of_another_agency_or_unknown_is_refused_before_crawling(runs, tmp_path):
    sub = tmp_path / "sub.yaml"
    shutil.copy(runs.site.parent / "other.yaml", sub)  # the other agency's submission
    for since, message in ((runs.run_a, "a run of another agency"), ("nope", "no run 'nope'")):
        result = run_cli("check", str(sub), "--db", str(runs.db), "--since", since, "--out",
                         str(tmp_path / "out"), "--allow-private")  # fmt: skip
        assert result.returncode == 2, result.stderr
        assert message in " ".join(result.stderr.split())
        assert not (tmp_path / "out" / "report.json").exists()


def test_since_the_same_run_is_refused(runs, tmp_path):
    result = run_cli("evaluate", runs.run_b, "--db", str(runs.db), "--since", runs.run_b,
                     "--out", str(tmp_path / "out"))  # fmt: skip
    assert result.returncode == 2
    assert "that is this run" in result.stderr
    assert not (tmp_path / "out").exists()
