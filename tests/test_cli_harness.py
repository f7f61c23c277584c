"""The bad-input table harness shared by the `tests/test_cli_*.py` files (issue 13).

Every case runs the *installed* `oitcrawl` console script (``.venv/bin/oitcrawl``, the entry
point users run, so `main()`'s error path is what is tested) in a subprocess and asserts: the
exit status, no Python traceback on stderr, every expected phrase on stderr (the message names
the file/field/option and what is wrong), and — when the case names a store — that the store's
files are byte-for-byte unchanged (or still absent).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

OITCRAWL = Path(sys.executable).parent / "oitcrawl"
GOOD = """\
agency: สำนักงานเขตทดสอบ
website: https://agency.example.org/
framework: bma-district-2566
fiscal_year: 2566
as_of: 2023-04-30
items:
  O1: [https://agency.example.org/o1]
"""


@dataclass
class Case:
    """One bad input: `args` after `oitcrawl` ({tmp}, {store}, {good} … are filled in),
    `files` written into the test folder first (name → text or bytes), `expect` phrases that
    must all be on stderr, `code` the exit status, `store` the store that must not change."""

    id: str
    args: list[str]
    expect: tuple[str, ...]
    code: int = 2
    files: dict[str, str | bytes] = field(default_factory=dict)
    store: str | None = "{tmp}/data/evidence.sqlite"
    env: dict[str, str] = field(default_factory=dict)

    def param(self) -> object:
        return pytest.param(self, id=self.id)


def _digest(db: Path) -> dict[str, str | None]:
    """sha256 of the store's database files (None: absent) and the names under blobs/."""
    out: dict[str, str | None] = {}
    for suffix in ("", "-wal", "-shm"):
        p = db.with_name(db.name + suffix)
        out[p.name] = hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else None
    blobs = db.parent / "blobs"
    out["blobs"] = ",".join(sorted(str(p) for p in blobs.rglob("*"))) if blobs.exists() else None
    return out


def run_case(
    case: Case, tmp: Path, template_store: Path | None = None
) -> subprocess.CompletedProcess:
    """Run `case` in `tmp` and check it (see the module docstring). `template_store`: a store
    copied to {tmp}/store/evidence.sqlite first, for the cases that need runs."""
    values = {"tmp": str(tmp), "good": str(tmp / "good.yaml"),
              "store": str(tmp / "store" / "evidence.sqlite")}  # fmt: skip
    (tmp / "good.yaml").write_text(GOOD, encoding="utf-8")
    if template_store is not None:
        shutil.copytree(template_store.parent, tmp / "store")
    for name, content in case.files.items():
        path = tmp / name.format(**values)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            for key, value in values.items():  # not str.format: YAML has braces
                content = content.replace("{" + key + "}", value)
            path.write_text(content, encoding="utf-8")
    args = [a.format(**values) for a in case.args]
    store = Path(case.store.format(**values)) if case.store else None
    before = _digest(store) if store else None
    # a case that wrongly got past validation must not reach the internet: a dead local proxy
    dead = "http://127.0.0.1:9"
    env = {**os.environ, "COLUMNS": "200", "OITCRAWL_LOG_DIR": str(tmp / "logs"),
           "OITCRAWL_OCR": "0", "http_proxy": dead, "https_proxy": dead, "HTTP_PROXY": dead,
           "HTTPS_PROXY": dead, "no_proxy": ""}  # fmt: skip
    env.pop("OITCRAWL_LANG", None)
    env.pop("OITCRAWL_DEBUG", None)
    env.update(case.env)
    result = subprocess.run([str(OITCRAWL), *args], capture_output=True, text=True,
                            timeout=60, cwd=tmp, env=env, stdin=subprocess.DEVNULL)  # fmt: skip
    shown = f"args={args}\nexit={result.returncode}\nstderr:\n{result.stderr[-3000:]}"
    assert result.returncode == case.code, shown
    assert "Traceback" not in result.stderr, shown
    assert "Traceback" not in result.stdout, shown
    for phrase in case.expect:
        assert phrase in result.stderr, f"{phrase!r} not on stderr\n{shown}"
    if store is not None:
        assert _digest(store) == before, f"the store changed\n{shown}"
    if case.code == 2:
        assert not (tmp / "logs").exists(), "a user mistake must not be logged as internal"
    return result


def test_the_harness_sees_a_traceback_and_a_changed_store(tmp_path):
    """The harness itself: a case whose message is wrong fails, so a passing table means
    something."""
    case = Case("typo", ["chek"], ("this phrase is not there",))
    with pytest.raises(AssertionError, match="not on stderr"):
        run_case(case, tmp_path)
