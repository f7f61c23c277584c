"""How `oitcrawl inspect` starts (issue 17): its extraction worker forked before the
arguments are parsed, the Thai word list and the frameworks' head titles read from the cache
folder. The real CLI gives the same report with a cache folder empty or filled, with a
global option before the command, and as the in-process call that starts its own worker."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from oitcrawl.entry import command_of
from oitcrawl.extract import newmm
from tests.conftest import REPO, run_cli

PDF = (
    REPO / "oitcrawl/sample_site/site/webportal.bangkok.go.th/public/user_files_editor/59"
    "/Data Room HK/Human management new/O21 Human management Policy 2566 update.pdf"
)
TIMEOUT = 60


@pytest.mark.parametrize(
    ("argv", "command"),
    [
        (["inspect", "a.pdf"], "inspect"),
        (["--lang", "en", "inspect", "a.pdf"], "inspect"),
        (["--lang=en", "--debug", "inspect"], "inspect"),
        (["--version"], None),
        ([], None),
        (["check", "inspect"], "check"),
        (["--lang", "inspect", "check"], "check"),  # "inspect" is --lang's value here
    ],
)
def test_the_command_is_found_past_the_global_options(argv: list[str], command: str | None):
    assert command_of(argv) == command


def _report(*args: str, cache: Path) -> dict:
    env = {"OITCRAWL_OCR": "0", "OITCRAWL_CACHE_DIR": str(cache)}
    proc = run_cli(*args, "--json", timeout=TIMEOUT, env=env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_the_report_is_the_same_however_inspect_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not PDF.is_file():
        pytest.skip("sample site file missing")
    cache = tmp_path / "cache"
    first = _report("inspect", str(PDF), cache=cache)  # builds the cached data
    kept = sorted(p.name.rsplit("-", 1)[0] for p in cache.glob("*.marshal"))
    # the table of word beginnings only where the word cut runs in Python (no C twin)
    stems = ["thai-word-stems"] if newmm._fast_cut is None else []
    kept_words = ["thai-dictionary", "thai-spaced-words", *stems, "thai-words"]
    assert kept == ["head-titles", "newmm-patterns", *kept_words]
    again = _report("inspect", str(PDF), cache=cache)  # reads it back
    with_option = _report("--lang", "en", "inspect", str(PDF), cache=cache)
    assert again == first
    assert with_option == first
    [signature] = first["announcement"]["signatures"]
    assert signature["head"] is True  # read with the frameworks' head titles

    from oitcrawl.tools.inspect import inspect_document

    monkeypatch.setenv("OITCRAWL_OCR", "0")
    monkeypatch.setenv("OITCRAWL_CACHE_DIR", str(tmp_path / "other-cache"))
    in_process = inspect_document(PDF.read_bytes(), str(PDF))
    assert json.loads(json.dumps(in_process)) == first


_EXIT_PATH = """
import sys
import oitcrawl.framework  # the lazily loaded package, its modules not imported
from oitcrawl.cli.errors import _bad_input_classes
classes = _bad_input_classes()
print("oitcrawl.framework.loading" in sys.modules, "yaml" in sys.modules)
"""


def test_the_error_path_imports_nothing_to_tell_a_bad_input() -> None:
    """Deciding whether an exception is a user's mistake (at every exit, a clean one too)
    asks only the modules imported already: it once loaded YAML and pydantic at the end of
    every `inspect` (~0.15 s) through the lazily loaded framework package."""
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-c", _EXIT_PATH], capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "False"]


def test_a_bad_framework_is_still_a_bad_input(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "broken-2570.yaml").write_text("id: broken-2570\nitems: [", encoding="utf-8")
    proc = run_cli(
        "framework", "show", "broken-2570", env={"OITCRAWL_RULES": str(rules)}, timeout=60
    )
    assert proc.returncode == 2, proc.stderr
    assert "broken-2570" in proc.stderr and "Traceback" not in proc.stderr


_EXIT_NOW = """
import atexit, sys
from oitcrawl.entry import exit_now
atexit.register(lambda: sys.stderr.write("atexit ran\\n"))
sys.stdout.write("a buffered line, never flushed by hand")
exit_now({code})
"""


@pytest.mark.parametrize(
    ("code", "status", "stderr"),
    [
        ("None", 0, "atexit ran\n"),
        ("3", 3, "atexit ran\n"),
        ("'a message'", 1, "a message\natexit ran\n"),
    ],
)
def test_inspect_ends_as_sys_exit_would(code: str, status: int, stderr: str):
    # `inspect` skips the interpreter's teardown (entry.exit_now): what it printed, its
    # atexit handlers and its exit status must be what sys.exit would have given
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", _EXIT_NOW.format(code=code)],
                         capture_output=True, text=True, cwd=REPO, timeout=TIMEOUT)  # fmt: skip
    assert (run.returncode, run.stdout, run.stderr) == (
        status,
        "a buffered line, never flushed by hand",
        stderr,
    )
