"""Cost of reading every document in a budgeted worker (oitcrawl.extract.isolate).

    .venv/bin/python benchmarks/isolation.py [--repeat 1]

Extracts every file of the bundled sample site (HTML, PDF, DOCX, XLSX, CSV, images …; OCR
off) four ways and prints seconds and documents/s for each: in-process
``extract_document``; one reused ``ExtractionWorker`` (start included); a fresh worker
process per document (``extract_isolated``); a ``WorkerPool`` of 2. Also checks that the
worker results equal the in-process ones and exits 1 if not.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["OITCRAWL_OCR"] = "0"

from oitcrawl.extract import extract_document  # noqa: E402
from oitcrawl.extract.isolate import (  # noqa: E402
    Budget,
    ExtractionWorker,
    WorkerPool,
    extract_isolated,
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    files = sorted(
        p for p in (ROOT / "oitcrawl" / "sample_site" / "site").rglob("*") if p.is_file()
    )
    docs = [(p.read_bytes(), "http://sample.invalid/" + p.name) for p in files] * args.repeat
    budget = Budget(120, 2 * 1024**3)
    results = {}

    t = time.perf_counter()
    direct = [extract_document(d, None, u) for d, u in docs]
    results["in-process"] = time.perf_counter() - t

    t = time.perf_counter()
    with ExtractionWorker(budget) as worker:
        reused = [worker.extract(d, None, u) for d, u in docs]
    results["one reused worker"] = time.perf_counter() - t

    t = time.perf_counter()
    with WorkerPool(2, budget) as pool:
        pooled = [
            doc for _, doc in pool.map((i, lambda d=d: d, None, u) for i, (d, u) in enumerate(docs))
        ]
    results["pool of 2 workers"] = time.perf_counter() - t

    sample = docs[: min(len(docs), 20)]
    t = time.perf_counter()
    fresh = [extract_isolated(d, None, u, budget) for d, u in sample]
    per_doc = (time.perf_counter() - t) / len(sample)
    results["process per document"] = per_doc * len(docs)

    print(f"{len(docs)} documents of the sample site, OCR off, {os.cpu_count()} CPUs")
    for name, seconds in results.items():
        note = (
            f" (measured on {len(sample)}, {per_doc:.2f} s each)" if "per document" in name else ""
        )
        print(f"  {name:22} {seconds:7.2f} s  {len(docs) / seconds:7.1f} docs/s{note}")
    same = reused == direct and pooled == direct and fresh == direct[: len(sample)]
    print(f"worker results identical to in-process: {same}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
