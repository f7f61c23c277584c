"""Store integrity: WAL journal, atomic blobs checked by hash on read, disk full reported (not
silently truncated) with the run left resumable, and `kill -9` at random points of a real
`oitcrawl check` of the sample site leaving a store that opens, passes `PRAGMA
integrity_check` and resumes to exactly the report of an uninterrupted run.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from importlib import resources
from pathlib import Path

import pytest

from oitcrawl.sample_site.server import serve
from oitcrawl.store import Store, StoreError, utcnow

SUBMISSION = str(resources.files("oitcrawl.sample_site") / "submission.yaml")
KILLS = int(os.environ.get("OITCRAWL_KILL_LOOPS", "5"))


def _fetch_row(run_id: str, url: str, **extra) -> dict:
    return {
        "run_id": run_id, "url": url, "depth": 0, "final_url": url, "http_status": 200,
        "outcome": "ok", "error_kind": None, "error": None, "redirect_chain_json": "[]",
        "headers_json": "{}", "content_type": "text/html", "elapsed_s": 0.1, "retries": 0,
        "fetched_at": utcnow(), **extra,
    }  # fmt: skip


def _blob_files(blob_dir: Path) -> list[Path]:
    return sorted(p for p in blob_dir.rglob("*") if p.is_file()) if blob_dir.exists() else []


def test_the_store_uses_a_wal_journal(tmp_path):
    store = Store(tmp_path / "evidence.sqlite")
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert (tmp_path / "evidence.sqlite-wal").exists()


def test_blobs_are_renamed_into_place_and_checked_by_hash_on_read(tmp_path):
    store = Store(tmp_path / "evidence.sqlite")
    body = "ประกาศ สำนักงานเขต".encode() * 100
    sha = store.put_blob(body)
    assert sha == hashlib.sha256(body).hexdigest()
    assert [p.name for p in _blob_files(store.blob_dir)] == [sha]  # no temporary file left
    assert store.read_blob(sha) == body

    path = store.blob_path(sha)
    path.write_bytes(body[:-1] + b"!")  # the disk (or a person) changed one byte
    with pytest.raises(StoreError) as caught:
        store.read_blob(sha)
    message = str(caught.value)
    assert str(path) in message and "damaged blob" in message and "--fresh" in message

    path.unlink()
    with pytest.raises(StoreError, match=f"blob {sha} is missing"):
        store.read_blob(sha)


# A child process with a file-size limit: writes beyond it fail with EFBIG, as on a full disk.
_FULL_DISK_CHILD = textwrap.dedent(
    """
    import json, resource, signal, sys
    from oitcrawl.store import Store, StoreError
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
    store = Store(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_FSIZE, (200_000, resource.RLIM_INFINITY))
    try:
        store.put_blob(b"x" * 500_000)
    except StoreError as exc:
        print(json.dumps({"error": str(exc)}))
    else:
        print(json.dumps({"error": None}))
    """
)


def test_disk_full_while_writing_a_blob_is_a_clear_error_and_leaves_nothing(tmp_path):
    db = tmp_path / "evidence.sqlite"
    out = subprocess.run(
        [sys.executable, "-c", _FULL_DISK_CHILD, str(db)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    error = json.loads(out.stdout)["error"]
    assert (
        error is not None and "the disk is full" in error and "run the same command again" in error
    )
    assert _blob_files(tmp_path / "blobs") == []  # neither a partial blob nor a temporary file
    store = Store(db)
    assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    sha = store.put_blob(b"x" * 500_000)  # space again: the same write succeeds
    assert store.read_blob(sha) == b"x" * 500_000


def test_database_full_rolls_back_the_fetch_and_the_run_resumes(tmp_path):
    store = Store(tmp_path / "evidence.sqlite")
    run = store.create_run(
        agency="หน่วยงานทดสอบ", website="https://agency.test/", framework="bma-district-2566",
        fiscal_year=2566, as_of="2023-04-30", submission={"x": 1},
        submitted=[("O1", "https://agency.test/", "https://agency.test/")], settings={},
    )  # fmt: skip
    store.record_fetch(_fetch_row(run.id, "https://agency.test/"), b"<html>ok</html>", [])
    pages = store.db.execute("pragma page_count").fetchone()[0]
    store.db.execute(f"pragma max_page_count = {pages}")  # SQLite: "database or disk is full"
    big = _fetch_row(run.id, "https://agency.test/big", headers_json="h" * 200_000)
    links = [{"to_url": f"https://agency.test/{i}", "label": "x" * 500, "kind": "page",
              "followed": 0} for i in range(50)]  # fmt: skip
    with pytest.raises(StoreError, match="the disk is full"):
        store.record_fetch(big, b"body of the big page", links)
    # nothing of the failed fetch is in the database (one transaction), the run is intact
    assert sorted(store.fetches(run.id)) == ["https://agency.test/"]
    assert store.links(run.id) == []
    assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    store.db.execute("pragma max_page_count = 1073741823")
    store.record_fetch(big, b"body of the big page", links)  # resumed: the same fetch goes in
    assert sorted(store.fetches(run.id)) == ["https://agency.test/", "https://agency.test/big"]


# --------------------------------------------------------------------------------------------
# kill -9 loop against a real crawl


def _check_args(site, db: Path, out: Path) -> list[str]:
    args = [
        sys.executable, "-m", "oitcrawl", "check", SUBMISSION, "--quiet", "--db", str(db),
        "--out", str(out), "--delay", "0", "--concurrency", "4", "--retries", "0",
        "--timeout", "10", "--allow-private",
    ]  # fmt: skip
    for rule in site.rewrite_rules():
        args += ["--rewrite-host", rule]
    return args


def _env() -> dict[str, str]:
    return {**os.environ, "OITCRAWL_OCR": "0", "PYTHONUNBUFFERED": "1"}


def _report_table(out: Path) -> dict:
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    items = [
        (
            it["id"], it["status"], it["score"],
            [(e["id"], e["status"]) for e in it["elements"]],
            sorted((f["code"], f["element"] or "", f["url"] or "", f["detail"] or "")
                   for f in it["findings"]),
        )
        for it in report["items"]
    ]  # fmt: skip
    documents = sorted(
        (d["url"], d["outcome"], d["sniffed_type"], d["readability_label"], d["sha256"])
        for d in report["documents"]
    )
    return {"scores": report["scores"]["oit"], "items": items, "documents": documents}


def _assert_store_sound(db: Path) -> None:
    with sqlite3.connect(db, timeout=10) as conn:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        dupes = conn.execute(
            "select count(*) - count(distinct run_id || ' ' || url) from fetches"
        ).fetchone()[0]
        assert dupes == 0
        referenced = {
            r[0] for r in conn.execute("select sha256 from fetches where sha256 is not null")
        }
    for path in _blob_files(db.parent / "blobs"):
        if path.name.startswith(".tmp-"):
            continue  # a write cut short before its rename: never referenced
        assert hashlib.sha256(path.read_bytes()).hexdigest() == path.name, path
    blobs = {p.name for p in _blob_files(db.parent / "blobs")}
    assert referenced <= blobs  # every stored fetch has its complete blob
    Store(db)  # and it opens as a store


@pytest.mark.timeout(600)
def test_kill_9_at_random_points_then_resume_gives_the_uninterrupted_report(tmp_path):
    seed = int(os.environ.get("OITCRAWL_KILL_SEED", random.randrange(10**6)))
    rng = random.Random(seed)
    print(f"kill seed {seed} (OITCRAWL_KILL_SEED to replay)")
    with serve() as site:
        clean_db, clean_out = tmp_path / "clean" / "evidence.sqlite", tmp_path / "clean-out"
        started = time.monotonic()
        done = subprocess.run(
            _check_args(site, clean_db, clean_out), env=_env(), capture_output=True,
            text=True, timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        full = time.monotonic() - started

        db, out = tmp_path / "killed" / "evidence.sqlite", tmp_path / "killed-out"
        kills = 0
        for _ in range(KILLS):
            proc = subprocess.Popen(
                _check_args(site, db, out),
                env=_env(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
            )
            try:
                proc.wait(timeout=rng.uniform(1.5, max(full * 0.8, 3.0)))
            except subprocess.TimeoutExpired:
                proc.send_signal(signal.SIGKILL)
                kills += 1
            proc.communicate(timeout=60)
            if proc.returncode == 0:
                break  # it finished before the kill: nothing left to interrupt
            assert proc.returncode == -signal.SIGKILL
            if db.exists():
                _assert_store_sound(db)
        assert kills >= 1

        final = subprocess.run(
            _check_args(site, db, out), env=_env(), capture_output=True, text=True, timeout=300
        )
        assert final.returncode == 0, final.stderr
    _assert_store_sound(db)
    store = Store(db)
    runs = store.list_runs()  # newest first
    # every restart resumed the unfinished run; another run exists only when a kill landed
    # after the run was marked completed (then the same command starts a new one)
    assert {r["status"] for r in runs} == {"completed"} and len(runs) <= 1 + kills
    clean_run = Store(clean_db).list_runs()[0]
    assert runs[0]["fetches"] == clean_run["fetches"]
    assert sorted(store.fetches(runs[0]["id"])) == sorted(Store(clean_db).fetches(clean_run["id"]))
    assert _report_table(out) == _report_table(clean_out)


def test_crawl_on_a_full_disk_stops_with_a_clear_error_and_resumes(tmp_path):
    """RLIMIT_FSIZE makes every write beyond 256 KB of a file fail (EFBIG) as a full disk
    would: the first write that does not fit (a blob or the WAL) stops the crawl with a clear
    message (no run marked completed with evidence missing); with space again the same
    command finishes."""
    db, out = tmp_path / "data" / "evidence.sqlite", tmp_path / "out"

    def small_disk() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (256 * 1024, resource.RLIM_INFINITY))

    Store(db)  # an existing store (opening one creates its schema: writes too)
    with serve() as site:
        full = subprocess.run(
            _check_args(site, db, out), env=_env(), capture_output=True, text=True,
            timeout=300, preexec_fn=small_disk,
        )  # fmt: skip
        assert full.returncode == 2, full.stderr
        # SQLite calls EFBIG "disk I/O error"; a blob write names ENOSPC/EFBIG "disk is full"
        message = " ".join(full.stderr.split())
        assert "run the same command again to resume" in message, message
        assert "the disk is full" in message or "disk I/O error" in message, message
        _assert_store_sound(db)
        runs = Store(db).list_runs()
        assert len(runs) == 1 and runs[0]["status"] != "completed"

        again = subprocess.run(
            _check_args(site, db, out), env=_env(), capture_output=True, text=True, timeout=300
        )
        assert again.returncode == 0, again.stderr
    runs = Store(db).list_runs()
    assert [r["status"] for r in runs] == ["completed"]
    assert (out / "report.json").exists()


def test_processes_opening_one_new_store_at_once_all_get_it(tmp_path):
    # a worker creating its store while the command that watches it opens it too: SQLite
    # answers one of them "database is locked" at once, without waiting; both must get it
    import subprocess
    import sys
    import time

    db, go = tmp_path / "new" / "evidence.sqlite", tmp_path / "go"
    code = (
        "import os, sys, time\n"
        "from oitcrawl.store import Store\n"
        f"while not os.path.exists({str(go)!r}): time.sleep(0.001)\n"
        f"print(len(Store({str(db)!r}).list_runs()))\n"
    )
    for _ in range(3):  # a race: three rounds of six
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", code],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(6)
        ]
        time.sleep(1.5)  # every process imported and waiting
        go.touch()
        answers = [p.communicate(timeout=120) for p in procs]
        assert [
            (p.returncode, out.strip()) for p, (out, _) in zip(procs, answers, strict=True)
        ] == [(0, "0")] * 6, [err for _, err in answers]
        go.unlink()
        for f in db.parent.glob("*"):
            f.unlink()
