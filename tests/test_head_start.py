"""``oitcrawl inspect``'s worker starts on the file the command line most likely names before
the command has parsed it (issue 17): the guess (``likely_file``), the worker's answer given
ahead of time only for the very job it guessed (same bytes, type and URL; any other job is
worked through as usual), and a waiting caller not counted against a free core.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from oitcrawl.extract import cpu
from oitcrawl.extract.isolate import Budget, ExtractionWorker
from oitcrawl.tools.inspect import likely_file, read_file
from tests.conftest import REPO, run_cli

PDF = (  # a real path of the sample site, spaces and all
    REPO / "oitcrawl/sample_site/site/webportal.bangkok.go.th/public/user_files_editor/59"
    "/Data Room HK/Human management new/O21 Human management Policy 2566 update.pdf"
)
# the extractions a worker made, one line each (a forked worker appends, the test reads)
LOG = "OITCRAWL_TEST_EXTRACTIONS"


def counted_extract(data: bytes, content_type: str | None, url: str):
    """``extract_document`` that first writes one line to the file named by $LOG."""
    from oitcrawl.extract import extract_document

    with open(os.environ[LOG], "a", encoding="utf-8") as log:
        log.write(f"{url} {len(data)}\n")
    return extract_document(data, content_type, url)


def test_the_likely_file_is_the_first_argument_that_names_one(tmp_path: Path):
    doc = tmp_path / "ประกาศ.pdf"
    doc.write_bytes(b"%PDF-1.4\n")
    folder = tmp_path / "folder"
    folder.mkdir()
    cases = {
        (str(doc),): str(doc),
        ("--json", str(doc)): str(doc),
        ("--timeout", "5", str(doc), "--json"): str(doc),
        ("--allow-private", "--", str(doc)): str(doc),
        ("--timeout", str(doc)): None,  # the file is --timeout's value (a mistake typer reports)
        (str(tmp_path / "missing.pdf"),): None,
        (str(folder),): None,
        ("https://a.go.th/o1.pdf",): None,
        ("--json",): None,
        (): None,
    }
    assert {args: likely_file(args) for args in cases} == cases


def _worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, likely
) -> tuple[ExtractionWorker, Path]:
    log = tmp_path / "extractions.log"
    log.write_text("")
    monkeypatch.setenv(LOG, str(log))
    monkeypatch.setenv("OITCRAWL_OCR", "0")
    target = f"{__name__}:counted_extract"
    worker = ExtractionWorker(Budget(60, None), target, fork=True, waited_for=True, likely=likely)
    return worker, log


def _lines(log: Path, count: int) -> list[str]:
    deadline = time.monotonic() + 30
    while len(lines := log.read_text().splitlines()) < count and time.monotonic() < deadline:
        time.sleep(0.02)
    return lines


def test_the_guessed_job_is_answered_from_the_head_start(tmp_path, monkeypatch):
    data = PDF.read_bytes()
    worker, log = _worker(tmp_path, monkeypatch, (lambda: read_file(PDF), None, str(PDF)))
    with worker:
        worker.start()
        assert _lines(log, 1) == [f"{PDF} {len(data)}"]  # worked through before it was asked
        doc = worker.extract(data, None, str(PDF))
        assert _lines(log, 1) == [f"{PDF} {len(data)}"]  # and not again
    from oitcrawl.extract import extract_document

    assert doc.to_dict() == extract_document(data, None, str(PDF)).to_dict()


@pytest.mark.parametrize(
    "change",
    ["other bytes", "other URL", "a content type"],
)
def test_any_other_job_is_worked_through_as_usual(tmp_path, monkeypatch, change):
    data = PDF.read_bytes()
    job = {
        "other bytes": (data + b"\n%%EOF\n", None, str(PDF)),  # the file changed meanwhile
        "other URL": (data, None, "https://a.go.th/o1-structure.pdf"),
        "a content type": (data, "application/pdf", str(PDF)),
    }[change]
    worker, log = _worker(tmp_path, monkeypatch, (lambda: read_file(PDF), None, str(PDF)))
    with worker:
        worker.start()
        assert len(_lines(log, 1)) == 1
        doc = worker.extract(*job)
        assert _lines(log, 2) == [f"{PDF} {len(data)}", f"{job[2]} {len(job[0])}"]
    from oitcrawl.extract import extract_document

    assert doc.to_dict() == extract_document(*job).to_dict()


def test_a_guess_that_cannot_be_read_costs_nothing(tmp_path, monkeypatch):
    missing = tmp_path / "gone.pdf"
    worker, log = _worker(tmp_path, monkeypatch, (lambda: read_file(missing), None, str(missing)))
    with worker:
        worker.start()
        doc = worker.extract(PDF.read_bytes(), None, str(PDF))
    assert _lines(log, 1) == [f"{PDF} {PDF.stat().st_size}"]
    assert doc.error is None and doc.page_count


def test_inspect_reports_the_same_with_and_without_a_head_start(tmp_path):
    env = {"OITCRAWL_OCR": "0", "OITCRAWL_CACHE_DIR": str(tmp_path / "cache")}
    guessed = run_cli("inspect", str(PDF), "--json", env=env)
    with_option = run_cli("inspect", "--timeout", "30", str(PDF), "--json", env=env)
    assert guessed.returncode == with_option.returncode == 0, guessed.stderr
    assert guessed.stdout == with_option.stdout
    from oitcrawl.tools.inspect import inspect_document

    # in this process no worker was started ahead: it gets the job when it is sent
    in_process = inspect_document(PDF.read_bytes(), str(PDF))

    assert json.loads(guessed.stdout) == json.loads(json.dumps(in_process, ensure_ascii=False))


@pytest.mark.parametrize(
    ("runnable", "caller", "caller_runs", "free"),
    [
        (1, None, False, True),  # this reader alone
        (2, None, False, False),  # and one more thread: both cores taken
        (2, 4242, True, True),  # the other one is the caller, about to wait
        (2, 4242, False, False),  # the caller sleeps: the other one is not it
        (3, 4242, True, False),  # the caller and one more
    ],
)
def test_a_waiting_caller_is_not_counted_against_a_free_core(
    tmp_path, monkeypatch, runnable, caller, caller_runs, free
):
    loadavg = tmp_path / "loadavg"
    loadavg.write_text(f"0.50 0.40 0.30 {runnable}/120 4321\n")
    monkeypatch.setattr(cpu, "LOADAVG", str(loadavg))
    monkeypatch.setattr(cpu, "cores", lambda: 2)
    monkeypatch.setattr(cpu.os, "getloadavg", lambda: (0.5, 0.4, 0.3))
    monkeypatch.setattr(cpu, "WAITING_CALLER", caller)
    monkeypatch.setattr(cpu, "running_now", lambda pid: pid == 4242 and caller_runs)
    assert cpu.idle_core() is free


def test_a_process_is_running_when_it_is_in_state_r():
    busy = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    idle = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:

        def settles(pid: int, running: bool) -> bool:  # after the interpreter's start
            deadline = time.monotonic() + 10
            while cpu.running_now(pid) is not running and time.monotonic() < deadline:
                time.sleep(0.01)
            return cpu.running_now(pid) is running

        assert settles(busy.pid, True)
        assert settles(idle.pid, False)
        assert not cpu.running_now(2**22 + 1)  # no such process
    finally:
        busy.kill()
        idle.kill()
        busy.wait()
        idle.wait()


def test_a_worker_busy_ahead_of_time_ends_with_its_command(tmp_path):
    # the command ends (a mistyped option, Ctrl-C) while its worker reads a document nobody
    # asked for yet: the worker must not go on alone
    script = tmp_path / "command.py"
    started = tmp_path / "reading"
    script.write_text(
        "import sys, time\n"
        "from pathlib import Path\n"
        "from oitcrawl.extract.isolate import ExtractionWorker\n"
        "def slow():\n"
        f"    Path({str(started)!r}).touch()\n"
        "    time.sleep(120)\n"
        "    return b''\n"
        "worker = ExtractionWorker(fork=True, waited_for=True, likely=(slow, None, 'x.pdf'))\n"
        "worker.start()\n"
        "deadline = time.monotonic() + 30\n"
        f"while not Path({str(started)!r}).exists() and time.monotonic() < deadline:\n"
        "    time.sleep(0.01)\n"
        "print(worker._proc.pid, flush=True)\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=60, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    pid = int(done.stdout.split()[0])
    assert started.exists()  # the worker was reading when its command ended
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
        if state == "Z":  # ended, not yet reaped by init
            break
        time.sleep(0.05)
    alive = Path(f"/proc/{pid}").exists() and (
        Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0] != "Z"
    )
    assert not alive
