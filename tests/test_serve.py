"""`oitcrawl serve`: real Datasette on 127.0.0.1 (ephemeral port) over the store of
tests/_history_runs.py; the canned queries answer with the expected rows, and nothing can be
written (immutable mode: the database file is byte-for-byte unchanged)."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests._history_runs import CHECKLIST, MARCH, OTHER_AGENCY, history_runs

HOST = "https://webportal.bangkok.go.th"
MARCH_URL = f"{HOST}/public/user_files_editor/59/Data Room HK/Procurement new/{MARCH}"
CHECKLIST_URL = f"{HOST}/public/user_files_editor/59/ITA/ITA66/O13/สนย/{CHECKLIST}"
AGENCY = "สำนักงานเขตห้วยขวาง"


@pytest.fixture(scope="module")
def datasette(tmp_path_factory):
    runs = history_runs(tmp_path_factory)
    proc = subprocess.Popen(
        [sys.executable, "-m", "oitcrawl", "serve", "--db", str(runs.db), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    base, seen = None, []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and base is None:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            break
        seen.append(line)
        if m := re.search(r"running on (http://127\.0\.0\.1:\d+)", line):
            base = m.group(1)
    if base is None:
        proc.kill()
        pytest.fail("datasette did not start:\n" + "".join(seen))
    digest = hashlib.sha256(runs.db.read_bytes()).hexdigest()
    yield base, runs, digest
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=20) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")


def _query(base, name, **params):
    qs = urllib.parse.urlencode({"_shape": "array", **params})
    status, rows = _get(f"{base}/evidence/{name}.json?{qs}")
    assert status == 200, rows
    return rows


def test_failing_items_by_agency(datasette):
    base, runs, _ = datasette
    rows = _query(base, "failing_items", agency=AGENCY)
    assert [(r["item"], r["status"], r["findings"], r["run_id"]) for r in rows] == [
        ("O1", "fail", "missing_element O1.2", runs.run_b),
        ("O3", "fail", "not_main_website O3.1", runs.run_b),
        ("O8", "fail", "outdated O8.1", runs.run_b),
        ("O14", "fail", "login_required", runs.run_b),
        ("O16", "fail", "no_url", runs.run_b),
        ("O20", "fail", "missing_period O20.1; broken_link", runs.run_b),
        ("O23", "review", "not_machine_readable O23.2", runs.run_b),
    ]
    everyone = _query(base, "failing_items")
    assert sorted({r["agency"] for r in everyone}) == sorted([AGENCY, OTHER_AGENCY])
    assert len(everyone) == 7 + 8  # the other agency also fails O2


def test_documents_not_machine_readable(datasette):
    base, _, _ = datasette
    rows = _query(base, "documents_not_machine_readable", agency=AGENCY)
    got = [(r["url"].rsplit("/", 1)[-1], r["items"], r["readability_label"]) for r in rows]
    assert [r["url"] for r in rows] == sorted(r["url"] for r in rows)
    assert sorted(got) == [
        ("O12 INFO operation statistics foreign workers.jpg?_t=1680251400", "O12", "image"),
        ("O23 No Gift Policy Announcement 2566 _thai.pdf", "O23", "image"),
        ("assistant1.jpg", "O1", "image"),
        ("assistant2.jpg", "O1", "image"),
        ("director.jpg", "O1", "image"),
        ("huaikhwang-map.png", "O6", "image"),
    ]


def test_changes_since_the_last_run(datasette):
    base, runs, _ = datasette
    rows = _query(base, "changes_since_last_run")
    assert [(r["agency"], r["item"], r["change"], r["detail"], r["run_a"], r["run_b"])
            for r in rows] == [
        (AGENCY, "O13", "fixed finding", f"broken_link O13.1 {CHECKLIST_URL}", runs.run_a, runs.run_b),
        (AGENCY, "O13", "status", "fail → pass", runs.run_a, runs.run_b),
        (AGENCY, "O20", "months", 'missing_period O20.1: ["2023-01"] → ["2023-01", "2023-03"]',
         runs.run_a, runs.run_b),
        (AGENCY, "O20", "new finding", f"broken_link {MARCH_URL}", runs.run_a, runs.run_b),
    ]  # fmt: skip


def test_writes_are_refused_and_the_store_is_unchanged(datasette):
    base, runs, digest = datasette
    status, body = _get(f"{base}/evidence.json?" + urllib.parse.urlencode(
        {"sql": "delete from runs"}))  # fmt: skip
    assert status == 400 and "SELECT" in body["error"]
    req = urllib.request.Request(f"{base}/evidence/runs/-/insert", method="POST",
                                 data=b'{"row": {"id": "x"}}',
                                 headers={"Content-Type": "application/json"})  # fmt: skip
    with pytest.raises(urllib.error.HTTPError) as exc:
        urllib.request.urlopen(req, timeout=20)
    assert exc.value.code >= 400  # 0.65 has no write API: the POST is refused
    status, db_info = _get(f"{base}/-/databases.json")
    assert [(d["name"], d["is_mutable"]) for d in db_info] == [("evidence", False)]
    assert hashlib.sha256(runs.db.read_bytes()).hexdigest() == digest
    assert _query(base, "failing_items", agency=AGENCY)  # still answering


def test_bad_port_is_a_clear_error(tmp_path_factory):
    runs = history_runs(tmp_path_factory)
    result = subprocess.run(
        [sys.executable, "-m", "oitcrawl", "serve", "--db", str(runs.db), "--port", "70000"],
        capture_output=True, text=True, timeout=60, env={**os.environ, "COLUMNS": "200"},
    )  # fmt: skip
    assert result.returncode == 2 and "a TCP port is 0-65535" in result.stderr
