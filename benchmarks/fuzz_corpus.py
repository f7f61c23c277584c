"""Long fuzz run, on demand: mutated real files from ../shared/corpus/real through the
extraction entry points, each in the budgeted worker (oitcrawl.extract.isolate).

    .venv/bin/python benchmarks/fuzz_corpus.py [--seconds 600] [--seed 2566] [--timeout 30]

Prints the number of mutated documents read, per sniffed type, how many ended with an
extractor error, a budget (timeout / memory) or a worker crash, the slowest document, and
exits 1 if any mutation crashed the worker (a C library died); each such input is saved under
``fuzz-crashes/`` to become a regression test. "library exception (reported)" counts damaged
files on which a library raised (xlrd IndexError, zipfile BadZipFile …): ``extract_document``
reports those in ``error`` as its contract says, the run goes on.
"""

from __future__ import annotations

import argparse
import collections
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from oitcrawl.extract.isolate import Budget, ExtractionWorker  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "real"
SUFFIXES = {".pdf": "application/pdf", ".html": "text/html", ".htm": "text/html",
            ".docx": None, ".xls": None, ".csv": "text/csv", ".doc": None}  # fmt: skip


def mutate(data: bytes, rng: random.Random, n: int = 8) -> bytes:
    """Flip bytes, cut, duplicate or splice chunks (same operators as tests/test_fuzz.py)."""
    buf = bytearray(data)
    for _ in range(rng.randint(1, n)):
        if not buf:
            break
        op, at = rng.randrange(5), rng.randrange(len(buf))
        if op == 0:
            buf[at] = rng.randrange(256)
        elif op == 1:
            del buf[at : at + rng.randint(1, 4096)]
        elif op == 2:
            buf[at:at] = buf[at : at + rng.randint(1, 512)] * rng.randint(1, 8)
        elif op == 3:
            buf = buf[:at]
        else:
            buf[at:at] = rng.choice([b"obj", b"endobj", b"xref", b"<<", b">>", b"R", b"<", b"/"])
    return bytes(buf)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--seconds", type=float, default=600.0)
    ap.add_argument("--seed", type=int, default=2566)
    ap.add_argument("--timeout", type=float, default=30.0, help="per-document budget, s")
    args = ap.parse_args()
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
    if not files:
        print(f"no corpus at {CORPUS}")
        return 0
    rng = random.Random(args.seed)
    kinds: collections.Counter[str] = collections.Counter()
    ends: collections.Counter[str] = collections.Counter()
    crashes = 0
    slowest = (0.0, "")
    stop = time.monotonic() + args.seconds
    with ExtractionWorker(Budget(args.timeout, 2 * 1024**3)) as worker:
        n = 0
        while time.monotonic() < stop:
            path = files[n % len(files)]
            data = mutate(path.read_bytes(), rng)
            t = time.monotonic()
            doc = worker.extract(
                data, SUFFIXES[path.suffix.lower()], "http://fuzz.invalid/" + path.name
            )
            took = time.monotonic() - t
            slowest = max(slowest, (took, path.name))
            kinds[doc.sniffed.type] += 1
            err = doc.error or ""
            end = (
                "timeout" if err.startswith("timeout")
                else "memory" if err.startswith("memory")
                else "worker crash" if "worker" in err
                else "library exception (reported)" if " extraction failed: " in err
                else "error" if err
                else "ok"
            )  # fmt: skip
            ends[end] += 1
            if end == "worker crash":
                crashes += 1
                out = ROOT / "fuzz-crashes" / f"{n:06d}-{path.name}"
                out.parent.mkdir(exist_ok=True)
                out.write_bytes(data)
                print(f"CRASH {out}: {err}")
            n += 1
    print(f"documents: {n} in {args.seconds:g} s ({n / args.seconds:.1f}/s), seed {args.seed}")
    print("sniffed:", dict(kinds.most_common()))
    print("outcomes:", dict(ends.most_common()))
    print(f"slowest: {slowest[0]:.2f} s ({slowest[1]}); worker processes started: {worker.started}")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
