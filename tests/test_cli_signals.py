"""Ctrl-C and SIGTERM stop `check` in any stage — also after the crawl, when Scrapy's handlers
used to swallow them — with the run kept resumable and exit 130 / 143; a second `check` of the
same agency on the same store is refused while the first runs (issue 13)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from oitcrawl.sample_site.server import serve
from oitcrawl.store import Store, run_lease
from tests.conftest import slow_documents_site, stop_after_fetches
from tests.test_cli_harness import OITCRAWL, Case, run_case

AGENCY, WEBSITE = "หน่วยงานทดสอบ", "https://agency.test/"


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site" / "agency.test"
    root.mkdir(parents=True)
    (root / "index.html").write_text(
        "<html><head><title>หน้าแรก</title></head><body><div class='content'>"
        "<a href='/a.html'>ก</a></div></body></html>", encoding="utf-8")  # fmt: skip
    (root / "a.html").write_text("<html><body>ข้อมูล</body></html>", encoding="utf-8")
    with serve(tmp_path / "site") as s:
        yield s


def _submission(tmp_path: Path) -> Path:
    sub = tmp_path / "s.yaml"
    sub.write_text(yaml.safe_dump(
        {"agency": AGENCY, "website": WEBSITE, "fiscal_year": 2566, "as_of": "2023-04-30",
         "items": {"O1": [WEBSITE + "index.html"]}}, allow_unicode=True), encoding="utf-8")  # fmt: skip
    return sub


def _args(tmp_path: Path, site) -> list[str]:
    return ["check", str(_submission(tmp_path)), "--quiet", "--allow-private", "--delay", "0",
            "--retries", "0", "--db", str(tmp_path / "data" / "evidence.sqlite"),
            "--out", str(tmp_path / "out"), "--rewrite-host", f"agency.test={site.address}"]  # fmt: skip


def _slow_extraction(tmp_path: Path) -> dict[str, str]:
    """Environment that makes extraction (after the crawl) announce itself and hang."""
    inject = tmp_path / "inject"
    inject.mkdir()
    marker = tmp_path / "extracting"
    (inject / "sitecustomize.py").write_text(
        "import time, pathlib, oitcrawl.extract.run\n"
        "def slow(store, run_id, **kw):\n"
        f"    pathlib.Path({str(marker)!r}).write_text('x')\n"
        "    time.sleep(60)\n"
        "oitcrawl.extract.run.extract_run = slow\n", encoding="utf-8")  # fmt: skip
    return {**os.environ, "PYTHONPATH": str(inject), "OITCRAWL_OCR": "0"}


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_after_the_crawl_stops_the_run_and_it_resumes(tmp_path, site, sig, code):
    proc = subprocess.Popen([str(OITCRAWL), *_args(tmp_path, site)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=_slow_extraction(tmp_path))  # fmt: skip
    try:
        deadline = time.monotonic() + 90
        while not (tmp_path / "extracting").exists():
            assert proc.poll() is None and time.monotonic() < deadline, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(sig)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == code, err
    assert "Traceback" not in err
    assert "run the same command again to resume" in err
    db = tmp_path / "data" / "evidence.sqlite"
    [run] = Store(db).list_runs()
    assert run["status"] == "interrupted" and run["fetches"] >= 1
    # the same command resumes the same run: nothing fetched again, completed
    env = {**os.environ, "OITCRAWL_OCR": "0"}
    done = subprocess.run([str(OITCRAWL), *_args(tmp_path, site)], capture_output=True,
                          text=True, timeout=120, env=env)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    [again] = Store(db).list_runs()
    assert again["id"] == run["id"] and again["status"] == "completed"
    assert again["fetches"] == run["fetches"]


def test_a_second_check_of_the_same_agency_is_refused_while_one_runs(tmp_path, site):
    db = tmp_path / "data" / "evidence.sqlite"
    Store(db).db.conn.close()
    with run_lease(db, AGENCY, WEBSITE):  # what a running `check` holds
        case = Case("lease", _args(tmp_path, site), ("being crawled by another oitcrawl",
                    f"pid {os.getpid()}"), store=str(db))  # fmt: skip
        run_case(case, tmp_path)
    assert Store(db).list_runs() == []


def test_the_lease_is_released_when_its_holder_is_killed(tmp_path):
    db = tmp_path / "data" / "evidence.sqlite"
    code = ("import sys, time; from pathlib import Path; from oitcrawl.store import run_lease\n"
            f"with run_lease(Path({str(db)!r}), 'a', 'https://a.example.org/'):\n"
            "    print('held', flush=True); time.sleep(60)\n")  # fmt: skip
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with (
            pytest.raises(Exception, match="another oitcrawl"),
            run_lease(db, "a", "https://a.example.org/"),
        ):
            pass
        holder.kill()  # kill -9: the kernel drops the lock
        holder.wait(timeout=10)
        with run_lease(db, "a", "https://a.example.org/"):
            pass
    finally:
        if holder.poll() is None:
            holder.kill()


def test_sigterm_during_the_crawl_exits_143_and_keeps_the_run(tmp_path):
    slow = slow_documents_site(tmp_path / "site")
    db = tmp_path / "data" / "evidence.sqlite"
    with serve(tmp_path / "site", extra_routes=slow) as slow_site:
        args = [*_args(tmp_path, slow_site), "--concurrency", "1"]
        proc = subprocess.Popen([str(OITCRAWL), *args], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)  # fmt: skip
        err = stop_after_fetches(proc, db, signal.SIGTERM)
    assert proc.returncode == 143, err
    assert "SIGTERM" in err and "Traceback" not in err
    [run] = Store(db).list_runs()
    assert run["status"] == "interrupted" and 2 <= run["fetches"] < 13
