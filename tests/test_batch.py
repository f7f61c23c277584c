"""`oitcrawl batch`: many agencies in one polite crawl, bad rows skipped, Ctrl-C and resume.

The sample site is checked under three agency names in one batch (the real case: 50 BMA
districts on webportal.bangkok.go.th). The server counts how many requests it answers at the
same moment: the per-host limit must hold across the agencies, not per agency.
"""

from __future__ import annotations

import csv
import json
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from urllib.parse import urlsplit

import pytest
import yaml

from oitcrawl.sample_site.server import sample_site_root, serve
from oitcrawl.store import Store
from oitcrawl.submission.batch import BatchError, load_batch, split_urls
from tests.conftest import run_cli
from tests.test_incremental import item_table

SAMPLE_SUB = yaml.safe_load((sample_site_root().parent / "submission.yaml").read_text("utf-8"))
AGENCIES = ["สำนักงานเขตหนึ่ง", "สำนักงานเขตสอง", "สำนักงานเขตสาม"]
PER_HOST = 2


def _item_urls(value) -> list[str]:
    return value if isinstance(value, list) else value.get("urls", [])


def write_csv(path, names, extra_rows=()):
    """The sample submission under each of `names`, one row each, item columns O1…O30."""
    items = list(SAMPLE_SUB["items"])
    with path.open("w", newline="", encoding="utf-8-sig") as fh:  # as Excel saves CSV UTF-8
        w = csv.writer(fh)
        w.writerow(["agency", "website", "framework", "fiscal_year", "as_of", "also_main", *items])
        for name in names:
            w.writerow([name, SAMPLE_SUB["website"], SAMPLE_SUB["framework"],
                        SAMPLE_SUB["fiscal_year"], SAMPLE_SUB["as_of"],
                        " ".join(SAMPLE_SUB["also_main"]),
                        *("\n".join(_item_urls(SAMPLE_SUB["items"][i])) for i in items)])  # fmt: skip
        for row in extra_rows:
            w.writerow(row)
    return path


# -- input ---------------------------------------------------------------------------------
def test_cells_with_several_urls_keep_thai_and_spaces():
    cell = ("https://a.go.th/Data Room/แผน 2566.pdf\nhttps://a.go.th/x?u=https://b.go.th/y ;"
            " https://a.go.th/z | https://a.go.th/w")  # fmt: skip
    assert split_urls(cell) == [
        "https://a.go.th/Data Room/แผน 2566.pdf",
        "https://a.go.th/x?u=https://b.go.th/y",
        "https://a.go.th/z",
        "https://a.go.th/w",
    ]
    assert split_urls("") == []


def test_csv_bad_rows_are_reported_with_row_and_field_and_skipped(tmp_path):
    sub_file = tmp_path / "subs" / "เขตสี่.yaml"
    sub_file.parent.mkdir()
    sub_file.write_text(
        yaml.safe_dump({"agency": "สำนักงานเขตสี่", "website": "https://d4.go.th/",
                        "fiscal_year": 2566, "items": {"O1": ["https://d4.go.th/o1"]}},
                       allow_unicode=True), encoding="utf-8")  # fmt: skip
    path = tmp_path / "agencies.csv"
    path.write_text(
        "agency,website,framework,fiscal_year,O1,O2,submission\n"
        'สำนักงานเขตหนึ่ง,https://d1.go.th/,,2566,"https://d1.go.th/a\nhttps://d1.go.th/b",,\n'
        ",,,,,,\n"
        "สำนักงานเขตสอง,ftp://d2.go.th/,,2023,htp://d2.go.th/a,,\n"
        "สำนักงานเขตสาม,https://d3.go.th/,no-such-framework,2566,,,\n"
        ",,,,,,subs/เขตสี่.yaml\n"
        "สำนักงานเขตหนึ่ง,https://d1.go.th/,,2566,https://d1.go.th/c,,\n"
        "สำนักงานเขตห้า,https://d5.go.th/,,2566,https://d5.go.th/a,,subs/เขตสี่.yaml\n",
        encoding="utf-8",
    )
    batch = load_batch(path)
    assert [(e.source, e.submission.agency, e.slug, dict(e.submission.all_urls()[:1]))
            for e in batch.entries] == [
        (f"{path}:2", "สำนักงานเขตหนึ่ง", "สำนักงานเขตหนึ่ง", {"O1": "https://d1.go.th/a"}),
        (f"{path}:6", "สำนักงานเขตสี่", "สำนักงานเขตสี่", {"O1": "https://d4.go.th/o1"}),
    ]  # fmt: skip
    assert batch.entries[0].submission.items["O1"].urls == (
        "https://d1.go.th/a",
        "https://d1.go.th/b",
    )
    got = [(p.row, p.field, p.message.split(";")[0]) for p in batch.problems]
    assert [(row, field) for row, field, _ in got] == [
        (4, "website"), (4, "fiscal_year"), (4, "O1"), (5, "framework"), (8, "submission"),
        (7, "agency"),
    ]  # fmt: skip
    assert all(p.source == str(path) for p in batch.problems)
    assert batch.problems[1].render() == (
        f"{path}:4: fiscal_year: 2023 is outside 2550–2600 BE (did you mean 2566 BE?)"
    )
    assert "already in the batch" in batch.problems[-1].message


def test_a_header_with_unknown_columns_is_a_file_error(tmp_path):
    path = tmp_path / "agencies.csv"
    path.write_text("agency,website,fiscal_year,O1,budget\n", encoding="utf-8")
    with pytest.raises(BatchError, match=r"agencies.csv:1: unknown columns 'budget'"):
        load_batch(path)
    with pytest.raises(BatchError, match="no such file"):
        load_batch(tmp_path / "missing.csv")


def test_a_folder_of_submission_files(tmp_path):
    (tmp_path / "a.yaml").write_text(
        yaml.safe_dump({"agency": "ก", "website": "https://a.go.th/", "fiscal_year": 2566,
                        "items": {"O1": ["https://a.go.th/x"]}},
                       allow_unicode=True), encoding="utf-8")  # fmt: skip
    (tmp_path / "b.json").write_text('{"agency": "ข", "website": "https://b.go.th/"}', "utf-8")
    (tmp_path / "notes.txt").write_text("not a submission", "utf-8")
    batch = load_batch(tmp_path)
    assert [e.submission.agency for e in batch.entries] == ["ก"]
    # b.json lists no items (its fiscal year defaults to the current one since issue 14)
    assert [(p.source, p.field) for p in batch.problems] == [(str(tmp_path / "b.json"), "items")]


# -- one polite crawl, interrupted and resumed --------------------------------------------------
@pytest.fixture(scope="module")
def counted_site():
    """The sample site; every request waits 30 ms inside a counter of requests in flight."""
    lock = threading.Lock()
    state = {"now": 0, "max": 0}
    hits: Counter[str] = Counter()

    def counting(handler) -> bool:
        with lock:
            state["now"] += 1
            state["max"] = max(state["max"], state["now"])
            hits[urlsplit(handler.path).path] += 1
        time.sleep(0.03)
        with lock:
            state["now"] -= 1
        return False

    class Every(dict):
        def get(self, path, default=None):
            return counting

    with serve(extra_routes=Every()) as site:
        site.in_flight, site.hits = state, hits
        yield site


def _batch_args(tmp_path, site, csv_path):
    args = [sys.executable, "-m", "oitcrawl", "batch", str(csv_path), "--quiet",
            "--db", str(tmp_path / "data" / "e.sqlite"), "--out", str(tmp_path / "out"),
            "--delay", "0", "--concurrency", str(PER_HOST), "--total-concurrency", "16",
            "--retries", "0", "--timeout", "20", "--allow-private"]  # fmt: skip
    for rule in site.rewrite_rules():
        args += ["--rewrite-host", rule]
    return args


def _run(args, timeout=300, workers=2):
    """The batch in a child process; `workers`: OITCRAWL_WORKERS (2: the extraction pool and
    parallel evaluation on any machine; 1: the serial path)."""
    import os

    env = {**os.environ, "OITCRAWL_OCR": "0", "PYTHONUNBUFFERED": "1",
           "OITCRAWL_WORKERS": str(workers)}  # fmt: skip
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env)


@pytest.fixture(scope="module")
def reference(counted_site, tmp_path_factory):
    """An uninterrupted batch of the sample site under three agency names (two workers)."""
    tmp = tmp_path_factory.mktemp("batch-reference")
    counted_site.in_flight["max"] = 0
    result = _run(_batch_args(tmp, counted_site, write_csv(tmp / "agencies.csv", AGENCIES)))
    assert result.returncode == 0, result.stderr
    return tmp, result, counted_site.in_flight["max"]


def _reports(out):
    index = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    return index, {
        a["agency"]: json.loads((out / a["slug"] / "report.json").read_text(encoding="utf-8"))
        for a in index["agencies"]
    }


def test_agencies_on_one_host_are_one_polite_stream(reference):
    tmp, result, max_in_flight = reference
    assert max_in_flight <= PER_HOST  # 3 agencies × 2 would be 6 if each had its own limit
    index, reports = _reports(tmp / "out")
    assert index["status"] == "completed" and index["problems"] == []
    assert [(a["agency"], a["status"], a["state"]) for a in index["agencies"]] == [
        (name, "completed", "ok") for name in AGENCIES
    ]
    tables = [item_table(r) for r in reports.values()]
    assert tables[0] == tables[1] == tables[2]  # the same site judged the same for each agency
    assert {r["agency"]["name"] for r in reports.values()} == set(AGENCIES)
    for a in index["agencies"]:
        status = json.loads((tmp / "out" / a["slug"] / "status.json").read_text("utf-8"))
        assert (status["run_id"], status["state"]) == (a["run_id"], "ok")
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert (line["schema"], line["state"], line["agencies"], line["completed"]) == (
        "oitcrawl/batch-status@1", "ok", 3, 3)  # fmt: skip


def _comparable(text: str, run_ids: list[str], folder) -> object:
    """A report.json / batch.json without what differs between two runs of the same batch:
    run ids, times, durations, the folder of the input."""
    text = text.replace(str(folder), "<folder>")
    for n, run_id in enumerate(run_ids):
        text = text.replace(run_id, f"run-{n}")
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(\+00:00|Z)?", "<time>", text)
    data = json.loads(text)

    def strip(value):
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()
                    if not k.endswith(("seconds", "elapsed_s", "_at"))}  # fmt: skip
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(data)


def test_the_serial_path_gives_the_same_batch(reference, counted_site, tmp_path):
    """OITCRAWL_WORKERS=1 (one document, then one agency, at a time) and the reference's two
    workers (extraction while crawling, agencies evaluated in parallel processes) write the
    same batch.json and the same report.json, suggestions.csv and status.json files."""
    ref_tmp, _, _ = reference
    args = _batch_args(tmp_path, counted_site, write_csv(tmp_path / "agencies.csv", AGENCIES))
    result = _run(args, workers=1)
    assert result.returncode == 0, result.stderr
    pool, serial = (json.loads((d / "out" / "batch.json").read_text("utf-8"))
                    for d in (ref_tmp, tmp_path))  # fmt: skip
    pool_ids, serial_ids = ([a["run_id"] for a in i["agencies"]] for i in (pool, serial))
    compared = {}
    for name in ("batch.json", *(f"{a['slug']}/{f}" for a in pool["agencies"]
                                 for f in ("report.json", "status.json", "suggestions.csv"))):  # fmt: skip
        texts = [(d / "out" / name).read_text("utf-8") for d in (ref_tmp, tmp_path)]
        if name.endswith(".csv"):
            assert texts[0] == texts[1], name
            continue
        compared[name] = (_comparable(texts[0], pool_ids, ref_tmp),
                          _comparable(texts[1], serial_ids, tmp_path))  # fmt: skip
        assert compared[name][0] == compared[name][1], name
    assert [(a["status"], a["state"], a["oit"]) for a in pool["agencies"]] == [
        (a["status"], a["state"], a["oit"]) for a in serial["agencies"]
    ]
    assert len(compared) == 7


def test_sigterm_while_agencies_are_evaluated_stops_the_batch_and_it_resumes(
    counted_site, tmp_path
):
    """SIGTERM after the crawl, while the evaluating processes work: exit 143 at once, the
    processes gone, every run and batch.json `interrupted`; the same command then completes
    the same runs."""
    import os

    inject = tmp_path / "inject"
    inject.mkdir()
    marker = tmp_path / "evaluating"
    (inject / "sitecustomize.py").write_text(
        "import os, time, pathlib, oitcrawl.jobs.batch as c\n"
        "def slow(*args, **kw):\n"
        f"    pathlib.Path({str(marker)!r}).write_text(str(os.getpid()))\n"
        "    time.sleep(60)\n"
        "if os.environ.get('SLOW_REPORT'):\n"
        "    c._report_agency = slow\n", encoding="utf-8")  # fmt: skip
    args = _batch_args(tmp_path, counted_site, write_csv(tmp_path / "a.csv", AGENCIES[:2]))
    env = {**os.environ, "OITCRAWL_OCR": "0", "OITCRAWL_WORKERS": "2",
           "PYTHONPATH": os.pathsep.join([str(inject), *sys.path])}  # fmt: skip
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**env, "SLOW_REPORT": "1"})  # fmt: skip
    err = _signal_when(proc, marker.exists, signal.SIGTERM)
    child = int(marker.read_text())
    assert proc.returncode == 143, err
    assert "Traceback" not in err
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)  # the evaluating process was stopped with the batch
    db = tmp_path / "data" / "e.sqlite"
    runs = Store(db).list_runs()
    assert [r["status"] for r in runs] == ["interrupted"] * 2
    index = json.loads((tmp_path / "out" / "batch.json").read_text(encoding="utf-8"))
    assert index["status"] == "interrupted"
    done = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    assert sorted(r["id"] for r in Store(db).list_runs()) == sorted(r["id"] for r in runs)
    index = json.loads((tmp_path / "out" / "batch.json").read_text(encoding="utf-8"))
    assert [a["status"] for a in index["agencies"]] == ["completed"] * 2


def _signal_when(proc, ready, sig, timeout=120) -> str:
    """Send `sig` to the running `proc` once `ready()` is true; its stderr once it exited."""
    try:
        deadline = time.monotonic() + timeout
        while not ready():
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(sig)
        return proc.communicate(timeout=timeout)[1]
    finally:
        if proc.poll() is None:
            proc.kill()


def _fetch_count(db) -> int:
    try:
        with sqlite3.connect(db, timeout=5) as conn:
            return conn.execute("select count(*) from fetches").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_interrupted_batch_resumes_without_losing_or_repeating(reference, counted_site, tmp_path):
    ref_tmp, _, _ = reference
    _, ref_reports = _reports(ref_tmp / "out")
    ref_store = Store(ref_tmp / "data" / "e.sqlite")
    ref_counts = sorted(len(ref_store.fetches(r["id"])) for r in ref_store.list_runs())

    csv_path = write_csv(tmp_path / "agencies.csv", AGENCIES,
                         [["bad", "https://x.go.th/", "", "2566", "", "", "htp://x"]])  # fmt: skip
    args = _batch_args(tmp_path, counted_site, csv_path)
    db = tmp_path / "data" / "e.sqlite"
    import os

    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "OITCRAWL_OCR": "0", "OITCRAWL_WORKERS": "2"})  # fmt: skip
    err = _signal_when(proc, lambda: _fetch_count(db) >= 60, signal.SIGINT)
    assert proc.returncode == 130, err
    assert "run the same command again to resume" in err
    store = Store(db)
    runs = store.list_runs()
    assert [r["status"] for r in runs] == ["interrupted"] * 3
    index = json.loads((tmp_path / "out" / "batch.json").read_text(encoding="utf-8"))
    assert index["status"] == "interrupted"
    before = {r["id"]: {u: (f["fetched_at"], f["sha256"], f["outcome"])
                        for u, f in store.fetches(r["id"]).items()} for r in runs}  # fmt: skip
    assert 60 <= sum(map(len, before.values())) < sum(ref_counts)
    hits_before = Counter(counted_site.hits)

    result = _run(args)
    assert result.returncode == 2, result.stderr  # done, but a row was skipped
    assert "agencies.csv:5: O1: 'htp://x' must start with http:// or https://" in result.stderr
    store = Store(db)
    runs = store.list_runs()
    assert sorted(r["id"] for r in runs) == sorted(before)  # resumed, no new runs
    assert [r["status"] for r in runs] == ["completed"] * 3
    after = {r["id"]: store.fetches(r["id"]) for r in runs}
    assert sorted(len(f) for f in after.values()) == ref_counts  # every URL once per run
    for run_id, rows in before.items():  # nothing stored was lost or rewritten …
        assert {u: (after[run_id][u]["fetched_at"], after[run_id][u]["sha256"],
                    after[run_id][u]["outcome"]) for u in rows} == rows  # fmt: skip
    for url in {u for rows in before.values() for u in rows}:  # … or fetched again
        stored_in = sum(url in rows for rows in before.values())
        path = urlsplit(url).path
        assert counted_site.hits[path] - hits_before[path] <= 3 - stored_in, url
    index, reports = _reports(tmp_path / "out")
    assert index["status"] == "completed"
    assert [(p["row"], p["field"]) for p in index["problems"]] == [(5, "O1")]
    assert {n: item_table(r) for n, r in reports.items()} == {
        n: item_table(r) for n, r in ref_reports.items()
    }


def test_a_folder_batch_flags_the_agency_whose_site_is_down(tmp_path):
    """Two agencies, one site up and one down: the down one is `crawl_unhealthy` (exit 4), not
    an agency that published nothing; the other is judged as usual."""
    import socket

    root = tmp_path / "site" / "up.test"
    root.mkdir(parents=True)
    (root / "a.html").write_text("<html><body><div class='content'>โครงสร้าง</div></body></html>",
                                 encoding="utf-8")  # fmt: skip
    subs = tmp_path / "subs"
    subs.mkdir()
    for name, host in (("หน่วยงานปกติ", "up.test"), ("หน่วยงานเว็บล่ม", "down.test")):
        (subs / f"{host}.yaml").write_text(
            yaml.safe_dump({"agency": name, "website": f"https://{host}/", "fiscal_year": 2566,
                            "as_of": "2023-04-30",
                            "items": {"O1": [f"https://{host}/a.html", f"https://{host}/b.pdf"]}},
                           allow_unicode=True), encoding="utf-8")  # fmt: skip
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    with serve(tmp_path / "site") as site:
        result = run_cli(
            "batch", str(subs), "--quiet", "--db", str(tmp_path / "data" / "e.sqlite"),
            "--out", str(tmp_path / "out"), "--delay", "0", "--retries", "0", "--timeout", "5",
            "--allow-private", "--rewrite-host", f"up.test={site.address}",
            "--rewrite-host", f"down.test=127.0.0.1:{closed_port}", "--fail-under", "0",
            env={"OITCRAWL_OCR": "0"}, timeout=120,
        )  # fmt: skip
    assert result.returncode == 4, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert (line["state"], line["unhealthy"], line["completed"]) == (
        "crawl_unhealthy", ["หน่วยงานเว็บล่ม"], 2)  # fmt: skip
    index = json.loads((tmp_path / "out" / "batch.json").read_text(encoding="utf-8"))
    assert [(a["agency"], a["state"], a["unhealthy"]) for a in index["agencies"]] == [
        ("หน่วยงานเว็บล่ม", "crawl_unhealthy", True), ("หน่วยงานปกติ", "ok", False),
    ]  # fmt: skip
    down = json.loads((tmp_path / "out" / "หน่วยงานเว็บล่ม" / "status.json").read_text("utf-8"))
    assert (down["state"], down["exit_code"], down["errors_by_class"]) == (
        "crawl_unhealthy", 4, {"network": 2})  # fmt: skip
