"""An interrupted crawl (Ctrl-C or a crash) leaves a consistent store; running again resumes."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
import yaml

from oitcrawl.sample_site.server import serve
from oitcrawl.store import Store

N_DOCS = 16


@pytest.fixture
def slow_site(tmp_path):
    root = tmp_path / "site" / "agency.test"
    (root / "docs").mkdir(parents=True)
    links = "".join(f"<a href='/docs/เอกสาร {i}.pdf'>เอกสาร {i}</a>" for i in range(N_DOCS))
    (root / "index.html").write_text(
        f"<html><body><div class='content'>{links}</div></body></html>", encoding="utf-8"
    )
    for i in range(N_DOCS):
        (root / "docs" / f"เอกสาร {i}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n" + bytes([i]) * 100)
    hits: Counter[str] = Counter()
    lock = threading.Lock()

    def slow(handler) -> bool:
        with lock:
            hits[handler.path] += 1
        time.sleep(0.3)
        return False  # the site answers after the delay

    class SlowRoutes(dict):
        def get(self, path, default=None):
            return slow if path.startswith("/docs/") else None

    with serve(tmp_path / "site", extra_routes=SlowRoutes()) as site:
        site.hits = hits
        yield site


def _start(tmp_path, site):
    sub = tmp_path / "submission.yaml"
    sub.write_text(
        yaml.safe_dump(
            {"agency": "หน่วยงานทดสอบ", "website": "https://agency.test/", "fiscal_year": 2566,
             "items": {"O1": ["https://agency.test/index.html"]}},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )  # fmt: skip
    args = [
        sys.executable, "-m", "oitcrawl", "check", str(sub), "--quiet", "--allow-private",
        "--db", str(tmp_path / "data" / "evidence.sqlite"), "--out", str(tmp_path / "out"),
        "--delay", "0", "--concurrency", "1", "--retries", "0",
        "--rewrite-host", f"agency.test={site.address}",
    ]  # fmt: skip
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _wait_for_fetches(db_path, n: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if db_path.exists():
            try:
                with sqlite3.connect(db_path, timeout=5) as conn:
                    if conn.execute("select count(*) from fetches").fetchone()[0] >= n:
                        return
            except sqlite3.OperationalError:
                pass
        time.sleep(0.05)
    raise AssertionError(f"fewer than {n} fetches stored after {timeout} s")


def _rows(db_path):
    store = Store(db_path)
    run = store.list_runs()[0]
    return run, {
        u: (f["fetched_at"], f["sha256"], f["outcome"]) for u, f in store.fetches(run["id"]).items()
    }


@pytest.mark.parametrize("how", ["ctrl-c", "crash"])
def test_interrupted_crawl_resumes_without_losing_or_repeating(tmp_path, slow_site, how):
    db = tmp_path / "data" / "evidence.sqlite"
    proc = _start(tmp_path, slow_site)
    try:
        _wait_for_fetches(db, 5)
        proc.send_signal(signal.SIGINT if how == "ctrl-c" else signal.SIGKILL)
        proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == (130 if how == "ctrl-c" else -signal.SIGKILL)

    with sqlite3.connect(db) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
    run, first = _rows(db)
    assert run["status"] == ("interrupted" if how == "ctrl-c" else "running")
    assert 5 <= len(first) < N_DOCS + 1
    hits_before = Counter(slow_site.hits)

    proc = _start(tmp_path, slow_site)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    run2, second = _rows(db)
    assert run2["id"] == run["id"] and run2["status"] == "completed"
    assert len(Store(db).list_runs()) == 1
    assert len(second) == N_DOCS + 1  # the page and every document, once
    assert {u: second[u] for u in first} == first  # nothing stored was lost or rewritten
    refetched = [p for p, n in slow_site.hits.items() if n > hits_before[p] and hits_before[p] > 0]
    stored_paths = {u.split("agency.test", 1)[1] for u in first}
    assert not set(refetched) & stored_paths, refetched
    assert (tmp_path / "out" / "report.json").exists()


def test_ctrl_c_message_tells_how_to_resume(tmp_path, slow_site):
    proc = _start(tmp_path, slow_site)
    try:
        _wait_for_fetches(tmp_path / "data" / "evidence.sqlite", 2)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
    assert proc.returncode == 130
    assert "run the same command again to resume" in err
