"""Shared fixtures: real loopback HTTP servers and the real `oitcrawl` CLI in a subprocess.

Scrapy's Twisted reactor cannot be restarted inside one process, so every crawl runs through
`python -m oitcrawl` exactly as a user would run it; the servers run in the test process on
127.0.0.1 and count the requests they answer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


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


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (domain corpus and seeds) is not beside the checkout")
    return SHARED
