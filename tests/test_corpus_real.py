"""Whole-corpus sweep: every file of ``../shared/corpus/real`` is extracted and assessed.

Issue 4 "Done means".

Each file runs ``extract_document`` and ``evaluate.readability.assess`` in its own worker
process (``python -c`` with ``OITCRAWL_OCR=0``: OCR off, to stay fast), two workers at a
time. Bounds per file, enforced from outside the extraction code:

* time: ``FILE_TIMEOUT_S`` = 60 s wall clock for the whole worker (interpreter start, imports,
  extraction, assessment); the parent kills the worker after that and the file fails;
* memory: ``MEMORY_LIMIT`` = 2 GiB of address space (``RLIMIT_AS``, set by the worker as its
  first statement, before the extraction libraries are imported), so a runaway allocation
  fails with MemoryError / a dead worker instead of taking the machine; the worker's peak RSS
  is reported per file too (here 54-69 MiB).

Skipped as corpus metadata (written by whoever assembled the corpus, not by an agency):
``README.md``, ``PDF_ANALYSIS.tsv`` and every ``*MANIFEST.txt``. Everything else is swept,
including ``bangkok-district-portals.csv`` (a real agency list) and the ``agencies/*.json.gz``
registers.

The table (file, type, pages, text-layer class, readability level/label, reason, seconds,
peak RSS) is printed and written to ``$OITCRAWL_ARTEFACTS/corpus-real.tsv`` (default
``test-artefacts/corpus-real.tsv`` in the repository), so it is there without ``-s``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from oitcrawl.extract import TYPES
from oitcrawl.extract.quality import CLASSES

REPO = Path(__file__).resolve().parents[1]
FILE_TIMEOUT_S = 60.0
MEMORY_LIMIT = 2 * 1024**3  # bytes of address space per worker
WORKERS = 2
METADATA_NAMES = {"README.md", "PDF_ANALYSIS.tsv"}

TRUNCATED = "saiyoidenchai/images/file/IMG_0001.pdf"
UNMAPPED_FONT = "saiyoidenchai/images/file/ยุทธศาสตร์ 2551-2555.pdf"
GARBAGE_OCR = "saiyoidenchai/images/file/IMG.pdf"

# What the file name says the bytes are, for the files whose type is not in doubt.
EXPECTED_TYPE = {
    ".pdf": "pdf",
    ".html": "html",
    ".doc": "doc",
    ".docx": "docx",
    ".xls": "xls",
    ".csv": "csv",
}

# Runs in the worker: extract one file, build the store-shaped rows, assess, print JSON.
_WORKER = r"""
import resource, sys
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))  # before anything big is imported

import json, time
from dataclasses import asdict
from pathlib import Path

t0 = time.perf_counter()
from oitcrawl.evaluate.readability import assess
from oitcrawl.extract import extract_document
from oitcrawl.extract.run import extract_row

path, rel = sys.argv[1], sys.argv[2]
data = Path(path).read_bytes()
t1 = time.perf_counter()
doc = extract_document(data, None, "http://corpus.invalid/" + rel)
r = assess({"outcome": "ok"}, extract_row("0" * 64, doc))
t2 = time.perf_counter()
print(json.dumps({
    "type": doc.sniffed.type,
    "extractor": doc.extractor,
    "page_count": doc.page_count,
    "pages_read": len(doc.pages) if doc.pages is not None else None,
    "text_layer": doc.metadata.get("text_layer"),
    "chars": sum(1 for c in doc.text if not c.isspace()),
    "error": doc.error,
    "level": r.level,
    "label": r.label,
    "reason": r.reason_en,
    "extract_s": t2 - t1,
    "startup_s": t1 - t0,
    "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}, ensure_ascii=False))
"""


def _is_metadata(rel: Path) -> bool:
    return rel.name in METADATA_NAMES or rel.name.endswith("MANIFEST.txt")


def _run_one(corpus: Path, path: Path) -> dict[str, Any]:
    rel = path.relative_to(corpus).as_posix()
    env = {**os.environ, "OITCRAWL_OCR": "0", "PYTHONPATH": str(REPO)}
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", _WORKER, str(path), rel, str(MEMORY_LIMIT)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=env,
    )
    row: dict[str, Any] = {"file": rel, "bytes": path.stat().st_size}
    try:
        out, err = proc.communicate(timeout=FILE_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        row.update(seconds=time.monotonic() - start, crash=f"timeout after {FILE_TIMEOUT_S:g} s")
        return row
    row["seconds"] = time.monotonic() - start
    if proc.returncode != 0:
        row["crash"] = f"exit {proc.returncode}: {err.strip()[-2000:]}"
        return row
    try:
        row.update(json.loads(out.strip().splitlines()[-1]))
    except (ValueError, IndexError):
        row["crash"] = f"no result: stdout {out[-500:]!r} stderr {err[-1000:]!r}"
    return row


COLUMNS = (
    "file",
    "type",
    "pages",
    "class",
    "level",
    "label",
    "reason",
    "error",
    "seconds",
    "rss_mib",
)


def _cells(r: dict[str, Any]) -> list[str]:
    if "crash" in r:
        return [r["file"], "CRASH", "", "", "", "", r["crash"], "", f"{r['seconds']:.2f}", ""]
    return [
        r["file"],
        r["type"],
        "" if r["page_count"] is None else str(r["page_count"]),
        r["text_layer"] or "",
        str(r["level"]),
        r["label"],
        r["reason"],
        (r["error"] or "")[:80],
        f"{r['seconds']:.2f}",
        f"{r['rss_mib']:.0f}",
    ]


_SWEEP: dict[str, dict[str, Any]] = {}  # results of the one sweep per session


@pytest.fixture
def sweep(shared_dir: Path) -> dict[str, dict[str, Any]]:
    """Run the sweep once (``shared_dir`` is function-scoped, so cache it here)."""
    if not _SWEEP:
        _SWEEP.update(_run_sweep(shared_dir / "corpus" / "real"))
    return _SWEEP


def _run_sweep(corpus: Path) -> dict[str, dict[str, Any]]:
    if not corpus.is_dir():
        pytest.skip(f"{corpus} is missing")
    files = sorted(
        p for p in corpus.rglob("*") if p.is_file() and not _is_metadata(p.relative_to(corpus))
    )
    # Largest first, so the pool is not left waiting on one big file at the end.
    order = sorted(files, key=lambda p: -p.stat().st_size)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        rows = list(pool.map(lambda p: _run_one(corpus, p), order))
    elapsed = time.monotonic() - started
    by_file = {r["file"]: r for r in sorted(rows, key=lambda r: r["file"])}

    table = [list(COLUMNS)] + [_cells(r) for r in by_file.values()]
    artefacts = Path(os.environ.get("OITCRAWL_ARTEFACTS") or REPO / "test-artefacts")
    artefacts.mkdir(parents=True, exist_ok=True)
    tsv = artefacts / "corpus-real.tsv"
    tsv.write_text(
        "\n".join("\t".join(c.replace("\t", " ").replace("\n", " ") for c in row) for row in table)
        + "\n",
        encoding="utf-8",
    )
    widths = [
        min(80 if i == 0 else 60, max(len(row[i]) for row in table)) for i in range(len(COLUMNS))
    ]
    print(f"\ncorpus/real sweep: {len(rows)} files in {elapsed:.1f} s ({WORKERS} workers) → {tsv}")
    for row in table:
        print("  ".join(c[:w].ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return by_file


def test_every_file_is_processed_within_bounds(sweep: dict[str, dict[str, Any]]) -> None:
    assert len(sweep) >= 40, f"expected the whole corpus, got {len(sweep)} files"
    problems = []
    for rel, r in sweep.items():
        if "crash" in r:
            problems.append(f"{rel}: {r['crash']}")
            continue
        why = []
        if r["seconds"] >= FILE_TIMEOUT_S:
            why.append(f"took {r['seconds']:.1f} s")
        if r["type"] not in TYPES:
            why.append(f"type {r['type']!r} not a sniff type")
        expected = EXPECTED_TYPE.get(Path(rel).suffix.lower())
        if expected and r["type"] != expected:
            why.append(f"sniffed {r['type']!r}, the file is a {expected}")
        if not (isinstance(r["level"], int) and 0 <= r["level"] <= 3 and r["label"]):
            why.append(f"no readability verdict ({r['level']!r}, {r['label']!r})")
        if not r["reason"]:
            why.append("no readability reason")
        if r["type"] == "pdf":
            if not isinstance(r["page_count"], int):
                why.append(f"no page count ({r['page_count']!r})")
            if r["text_layer"] not in CLASSES:
                why.append(f"no text-layer class ({r['text_layer']!r})")
        if why:
            problems.append(f"{rel}: " + "; ".join(why))
    assert not problems, "\n".join(problems)


def test_pdfs_match_the_corpus_page_counts(
    sweep: dict[str, dict[str, Any]], shared_dir: Path
) -> None:
    """Page counts agree with poppler's in PDF_ANALYSIS.tsv (0 for the truncated file)."""
    tsv = shared_dir / "corpus" / "real" / "PDF_ANALYSIS.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines()[1:]
    expected = {line.split("\t")[0]: int(line.split("\t")[2]) for line in lines if line.strip()}
    got = {rel: sweep[rel].get("page_count") for rel in expected if rel in sweep}
    assert set(got) == set(expected)
    assert got == expected


def test_truncated_pdf_is_not_readable_with_an_error(sweep: dict[str, dict[str, Any]]) -> None:
    r = sweep[TRUNCATED]
    assert r["type"] == "pdf"
    assert r["page_count"] == 0
    assert r["error"] and "could not open PDF" in r["error"]
    assert r["text_layer"] == "no_text"
    assert r["level"] == 1 and r["label"] == "no_text"
    assert "could not be read" in r["reason"] and "damaged/truncated" in r["reason"]


def test_unmapped_font_pdf(sweep: dict[str, dict[str, Any]]) -> None:
    r = sweep[UNMAPPED_FONT]
    assert r["page_count"] == 31
    assert r["text_layer"] == "unmapped_font"


def test_scan_with_garbage_ocr_layer(sweep: dict[str, dict[str, Any]]) -> None:
    r = sweep[GARBAGE_OCR]
    assert r["page_count"] == 1
    assert r["text_layer"] == "garbage_ocr"


@pytest.mark.parametrize("rel", [UNMAPPED_FONT, GARBAGE_OCR])
def test_garbage_text_layer_is_not_machine_readable(
    sweep: dict[str, dict[str, Any]], rel: str
) -> None:
    r = sweep[rel]
    assert r["level"] < 2, f"{rel}: level {r['level']} {r['label']} ({r['reason']})"
