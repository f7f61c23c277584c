"""Shared fixtures: real loopback HTTP servers and the real `oitcrawl` CLI in a subprocess.

Scrapy's Twisted reactor cannot be restarted inside one process, so every crawl runs through
`python -m oitcrawl` exactly as a user would run it; the servers run in the test process on
127.0.0.1 and count the requests they answer.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

# Every report.json the suite writes (in-process or by the CLI in a subprocess, which inherits
# this) is validated against report@3; users' runs skip that cost (reports.report_json).
os.environ["OITCRAWL_VALIDATE_REPORTS"] = "1"


# Debian's chromium for the report page tests, headless, started as root in a closed network
# (without the background-networking flags it tries Google's hosts at every start)
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PW_TIMEOUT_MS = 15_000


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module (skipped when the package is missing)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (Debian's chromium package); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, timeout=PW_TIMEOUT_MS
        )
        try:
            yield b
        finally:
            b.close()


def run_cli(
    *args: str, timeout: float = 180, cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run `oitcrawl ARGS…` in a subprocess; returns the completed process (text output).
    `env`: extra environment variables (e.g. {"OITCRAWL_OCR": "0"})."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "oitcrawl", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=cwd,
        env=env,
    )


def slow_documents_site(folder: Path, documents: int = 12) -> dict:
    """Write an ``agency.test`` site into ``folder`` (a home page linking ``documents`` small
    PDFs) and return the ``serve(..., extra_routes=...)`` routes that answer each PDF after
    0.5 s: a crawl long enough to be stopped while it runs."""
    import time

    root = folder / "agency.test"
    (root / "docs").mkdir(parents=True)
    links = "".join(f"<a href='/docs/{i}.pdf'>{i}</a>" for i in range(documents))
    (root / "index.html").write_text(f"<html><body><div class='content'>{links}</div>"
                                     "</body></html>", encoding="utf-8")  # fmt: skip
    for i in range(documents):
        (root / "docs" / f"{i}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n" + bytes([i]) * 100)

    class Slow(dict):
        def get(self, path: str, default: object = None) -> object:
            if path.startswith("/docs/"):
                return lambda handler: time.sleep(0.5) or False
            return None

    return Slow()


def stop_after_fetches(proc: subprocess.Popen, db: Path, sig: int, fetches: int = 2) -> str:
    """Send ``sig`` to ``proc`` (a crawl writing to the store ``db``) once the store holds
    ``fetches`` fetches, or after 60 s; return its stderr. ``proc`` is killed if it outlives
    that by 60 s."""
    import time

    from oitcrawl.store import Store

    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:  # the crawl holds the write lock now and then: just look again
                stored = sum(r["fetches"] for r in Store(db).list_runs()) if db.exists() else 0
            except Exception:
                stored = 0
            if stored >= fetches:
                break
            time.sleep(0.1)
        proc.send_signal(sig)
        return proc.communicate(timeout=60)[1]
    finally:
        if proc.poll() is None:
            proc.kill()


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (domain corpus and seeds) is not beside the checkout")
    return SHARED


@pytest.fixture
def figures(request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]):
    """``with figures(): print(...)``: what is printed inside is a measured figure of the test
    (a table, a ratio), shown in the "measured figures" section at the end of the run, also
    when pytest-xdist runs the test in a worker process."""

    @contextlib.contextmanager
    def section():
        capsys.readouterr()
        yield
        text = capsys.readouterr().out.strip("\n")
        if text:
            request.node.user_properties.append(("figure", text))

    return section


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    shown = False
    for outcome in ("passed", "failed"):
        for report in terminalreporter.stats.get(outcome, []):
            figures = [v for k, v in getattr(report, "user_properties", ()) if k == "figure"]
            if report.when != "call" or not figures:
                continue
            if not shown:
                terminalreporter.section("measured figures")
                shown = True
            terminalreporter.write_line(f"{report.nodeid}:")
            for text in figures:
                for line in text.splitlines():
                    terminalreporter.write_line(f"  {line}")
