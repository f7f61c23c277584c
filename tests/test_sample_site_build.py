"""The sample sites are generated from data (oitcrawl/sample_site/source/): regenerating them into
a temporary folder gives exactly the committed files, byte for byte, so the data and the
generated site cannot drift apart (edit the data, regenerate, commit both)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

SAMPLE = REPO / "oitcrawl" / "sample_site"
SCRIPTS = REPO / "scripts"


def _missing_prerequisite() -> str:
    for module in ("fpdf", "uharfbuzz", "PIL"):
        if importlib.util.find_spec(module) is None:
            return f"{module} is not installed (the dev extras: pip install -e '.[dev]')"
    sys.path.insert(0, str(SCRIPTS))
    try:
        from sitegen.render import FONT_BOLD, FONT_REGULAR, find_font

        for name in (FONT_REGULAR, FONT_BOLD):
            find_font(name)
    except SystemExit:
        return "the Thai fonts are missing (apt-get install fonts-thai-tlwg)"
    finally:
        sys.path.remove(str(SCRIPTS))
    return ""


pytestmark = pytest.mark.skipif(bool(_missing_prerequisite()), reason=_missing_prerequisite())


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _build(script: str, out: Path) -> None:
    subprocess.run(
        [sys.executable, str(SCRIPTS / script), "--out", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )


def _assert_same(generated: dict[str, bytes], committed: dict[str, bytes], where: str) -> None:
    assert sorted(generated) == sorted(committed), f"{where}: the generated file list differs"
    differ = [rel for rel in sorted(generated) if generated[rel] != committed[rel]]
    assert not differ, f"{where}: regenerating changes {differ[:10]} (regenerate and commit)"


def test_district_site_regenerates_byte_identical(tmp_path: Path) -> None:
    _build("build_sample_site.py", tmp_path)
    _assert_same(_files(tmp_path / "site"), _files(SAMPLE / "site"), "site/")
    for name in ("submission.yaml", "expected.yaml", "README.md"):
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_municipality_site_regenerates_byte_identical(tmp_path: Path) -> None:
    _build("build_municipality_site.py", tmp_path)
    committed = SAMPLE / "municipality"
    _assert_same(_files(tmp_path / "site"), _files(committed / "site"), "municipality/site/")
    generated = (tmp_path / "submission.yaml").read_bytes()
    assert generated == (committed / "submission.yaml").read_bytes()
