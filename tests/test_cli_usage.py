"""Usage errors of every command (typer's own, vendored click): one line naming the command,
option or argument and what to do, exit 2, never "internal error" (issue 13)."""

from __future__ import annotations

import pytest

from tests.test_cli_harness import Case, run_case

THAI = ("\u0e00", "\u0e7f")

CASES = [
    Case("no-arguments", [], ("no command or argument given", "oitcrawl --help")),
    Case("typo-command", ["chek"], ("No such command 'chek'", "check")),
    Case("check-no-file", ["check"], ("Missing argument", "oitcrawl check --help")),
    Case("check-depth-abc", ["check", "{good}", "--depth", "abc"], ("--depth",)),
    Case("check-two-files", ["check", "{good}", "{good}"], ("unexpected extra argument",)),
    Case("runs-unknown-option", ["runs", "--bogus"], ("No such option: --bogus",)),
    Case("lang-unknown", ["--lang", "xx", "runs"], ("--lang 'xx'", "th", "en")),
    Case("lang-env-unknown", ["runs"], ("OITCRAWL_LANG", "'klingon'"),
         env={"OITCRAWL_LANG": "klingon"}),
    Case("evaluate-no-run", ["evaluate"], ("Missing argument",)),
    Case("extract-no-run", ["extract"], ("Missing argument",)),
    Case("archive-no-run", ["archive"], ("Missing argument",)),
    Case("replay-no-archive", ["replay"], ("Missing argument",)),
    Case("inspect-no-target", ["inspect"], ("Missing argument",)),
    Case("inspect-timeout-text", ["inspect", "{good}", "--timeout", "soon"], ("--timeout",)),
    Case("serve-port-text", ["serve", "--port", "eighty"], ("--port",)),
    Case("batch-no-file", ["batch"], ("Missing argument",)),
    Case("merge-no-into", ["merge", "{tmp}/a.sqlite"], ("--into",)),
    Case("discover-no-homepage", ["discover"], ("Missing argument",)),
    Case("discover-depth-text", ["discover", "https://a.example.org/", "--max-depth", "x"],
         ("--max-depth",)),
    Case("diff-last-text", ["diff", "--last", "two"], ("--last",)),
    Case("worker-idle-text", ["worker", "--idle", "x"], ("--idle",)),
    Case("enqueue-no-file", ["enqueue"], ("Missing argument",)),
    Case("option-without-value", ["check", "{good}", "--out"], ("--out",)),
]  # fmt: skip


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_usage_error(case, tmp_path):
    result = run_case(case, tmp_path)
    assert "ข้อผิดพลาดภายใน" not in result.stderr and "internal error" not in result.stderr


def test_usage_error_in_english_is_english_only(tmp_path):
    result = run_case(Case("en", ["--lang", "en", "chek"], ("usage error", "check")), tmp_path)
    assert not any(THAI[0] <= ch <= THAI[1] for ch in result.stderr), result.stderr


def test_help_and_version_exit_0(tmp_path):
    for args in (["--help"], ["check", "--help"], ["--version"]):
        run_case(Case("ok", args, (), code=0), tmp_path)


def test_internal_error_points_at_a_log_file_without_a_traceback(tmp_path):
    """An internal failure (a bug, injected here with sitecustomize: `runs` raises
    RuntimeError): exit 1, one line naming the log file that holds the traceback, no traceback
    on the terminal; `--debug` prints it too."""
    from oitcrawl.store import Store

    Store(tmp_path / "store" / "evidence.sqlite")
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(
        "import oitcrawl.store\n"
        "def boom(self):\n    raise RuntimeError('injected bug')\n"
        "oitcrawl.store.Store.list_runs = boom\n",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": str(inject), "OITCRAWL_LANG": "en"}
    args = ["runs", "--db", "{store}"]
    result = run_case(Case("internal", args, ("internal error", "RuntimeError: injected bug",
                                              "details are in"), code=1, store=None, env=env),
                      tmp_path)  # fmt: skip
    logs = list((tmp_path / "logs").glob("oitcrawl-error-*.log"))
    assert len(logs) == 1 and "Traceback" in logs[0].read_text(encoding="utf-8")
    assert str(logs[0]) in result.stderr
    import os
    import subprocess

    from tests.test_cli_harness import OITCRAWL

    debug = subprocess.run([str(OITCRAWL), "--debug", *args[:2], str(tmp_path / "store" /
                           "evidence.sqlite")], capture_output=True, text=True, timeout=60,
                           env={**os.environ, **env, "OITCRAWL_LOG_DIR": str(tmp_path / "l2")})  # fmt: skip
    assert debug.returncode == 1 and "Traceback" in debug.stderr
