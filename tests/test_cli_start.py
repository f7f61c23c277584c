"""`oitcrawl` starts without the crawler (issue 17): `--help` imports typer and rich, not the
libraries the commands use when they run. A behaviour check, not a timed test."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

HEAVY = ("scrapy", "twisted", "sqlite_utils", "pydantic", "tldextract", "pythainlp", "openpyxl",
         "jinja2", "pdfplumber", "w3lib", "yaml")  # fmt: skip

# runs `oitcrawl ARGS…` as the entry point does, then lists the heavy packages it imported
RUN_AND_LIST = f"""
import atexit, sys
heavy = {HEAVY!r}
def loaded():
    found = sorted({{m.split(".")[0] for m in sys.modules}} & set(heavy))
    sys.__stderr__.write("LOADED " + ",".join(found) + "\\n")
atexit.register(loaded)
from oitcrawl.cli import main
sys.argv = ["oitcrawl", *sys.argv[1:]]
main()
"""


def _loaded(*args: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", RUN_AND_LIST, *args],
        capture_output=True, text=True, timeout=60, cwd=REPO,
        env={**os.environ, "COLUMNS": "120"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Usage: oitcrawl" in result.stdout
    line = next(x for x in result.stderr.splitlines() if x.startswith("LOADED "))
    return [m for m in line.removeprefix("LOADED ").split(",") if m]


def test_help_imports_no_heavy_library():
    assert _loaded("--help") == []
    assert _loaded("--lang", "en", "--help") == []


def test_command_help_imports_only_what_typer_does():
    """A command's --help: typer itself coerces the values of `oitcrawl`'s own options with
    pydantic before it shows the help; nothing else heavy."""
    for args in (("evaluate", "--help"), ("--lang", "en", "check", "--help"),
                 ("framework", "diff", "--help")):  # fmt: skip
        assert set(_loaded(*args)) <= {"pydantic"}, args


def test_commands_keep_their_order_in_help():
    """The command modules register in an order that keeps `oitcrawl --help` as it was: the
    panels by their first command, each panel's commands in order, the framework group last."""
    import typer

    from oitcrawl.cli import app

    group = typer.main.get_command(app)
    panels: dict[str, list[str]] = {}
    for name in group.list_commands(None):  # type: ignore[arg-type]
        panel = getattr(group.commands[name], "rich_help_panel", None) or ""
        panels.setdefault(panel.split(" / ")[-1], []).append(name)
    assert list(panels.items()) == [
        ("Check and report", ["check", "demo", "review", "evaluate"]),
        ("Tools", ["import-itap", "frameworks", "extract", "inspect", "discover", "framework"]),
        ("Auditor", ["runs", "archive", "replay", "batch", "diff", "summary", "serve"]),
        ("Distributed", ["enqueue", "worker", "merge"]),
    ]
