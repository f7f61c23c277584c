"""Extraction benchmark on the real corpus: the chosen PDF path against pdfplumber (issue 4).

Run from the repository root::

    .venv/bin/python benchmarks/extraction.py [--corpus DIR] [--repeat N] [--plumber-repeat N]
                                              [--quick]

Every PDF under ``--corpus`` (recursively; default ``../shared/corpus/real`` beside the
checkout) is read into memory, then each path is measured in its own fresh child process
(``multiprocessing`` "spawn"), one after the other, never two at once:

``pypdfium2``
    the chosen path, ``oitcrawl.extract.pdf.extract_pdf`` (PDFium text layer of every page
    plus its image count), exactly as oitcrawl calls it.
``pdfplumber``
    ``pdfplumber.open(BytesIO(data))`` and ``page.extract_text()`` for every page.
``extract_document``
    the whole ``oitcrawl.extract.extract_document`` PDF path: sniffing, ``extract_pdf``,
    the text-layer quality class, ``normalize_text``; OCR off (``OITCRAWL_OCR=0``).
``detection``
    deciding "this page has no usable text layer": ``quality.classify_page`` on every page
    (its ``page_stats`` included) given the text ``extract_pdf`` already produced, plus the
    image count it needs (``pdf._count_images``, timed alone on every page); the gate is on
    their sum, in ms per page. ``classify_document`` over every document is shown too.

Times are wall-clock (``time.perf_counter``), the best of ``--repeat`` runs (pdfplumber: of
``--plumber-repeat`` runs, default 1, as it takes ~30 s per pass). Memory is the child's
peak resident set size, ``resource.getrusage(RUSAGE_SELF).ru_maxrss`` read in the child at
the end (the same figure the parent would get from ``RUSAGE_CHILDREN`` for that one child),
and the growth of that peak over the child's baseline after imports and reading the files.

Exit status 1 if the chosen path or the whole ``extract_document`` path (tables included) is
less than 20× pdfplumber's throughput (MB/s over the same files) or detection costs 5 ms per
page or more: the benchmark can gate a release.
"""

from __future__ import annotations

import argparse
import csv
import io
import multiprocessing
import os
import platform
import re
import resource
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"
MIN_RATIO = 20.0  # chosen path throughput / pdfplumber throughput
MAX_DETECTION_MS = 5.0  # per page
QUICK_FILES = 5
_CID_RE = re.compile(r"\(cid:\d+\)")  # pdfminer's placeholder for a glyph without Unicode


# --------------------------------------------------------------------------- child side


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _run_pdfium(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    from oitcrawl.extract.pdf import extract_pdf

    pages = errors = cid = chars = 0
    per_file: dict[str, int] = {}
    for name, data in blobs:
        p = extract_pdf(data)
        pages += len(p.pages)
        errors += p.error is not None
        text = p.text
        per_file[name] = text.count("(cid:")
        cid += per_file[name]
        chars += sum(1 for c in text if not c.isspace())
    return {"pages": pages, "errors": errors, "cid": cid, "cid_per_file": per_file, "chars": chars}


def _run_pdfplumber(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    import pdfplumber

    pages = errors = cid = chars = 0
    per_file: dict[str, int] = {}
    for name, data in blobs:
        texts: list[str] = []
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    texts.append(page.extract_text() or "")
                    page.close()
        except Exception:  # pdfminer raises on the truncated IMG_0001.pdf
            errors += 1
        pages += len(texts)
        text = "\n".join(texts)
        per_file[name] = text.count("(cid:")
        cid += per_file[name]
        chars += sum(1 for c in _CID_RE.sub("", text) if not c.isspace())
    return {"pages": pages, "errors": errors, "cid": cid, "cid_per_file": per_file, "chars": chars}


def _run_extract_document(blobs: list[tuple[str, bytes]]) -> dict[str, Any]:
    from oitcrawl.extract import extract_document

    pages = errors = 0
    for name, data in blobs:
        doc = extract_document(data, "application/pdf", f"file:///{name}")
        pages += len(doc.pages or [])
        errors += doc.error is not None
    return {"pages": pages, "errors": errors}


def _run_detection(blobs: list[tuple[str, bytes]], repeat: int) -> dict[str, Any]:
    """Extraction is done once and untimed; only the classification is timed."""
    from oitcrawl.extract.pdf import extract_pdf
    from oitcrawl.extract.quality import classify_document, classify_page

    docs = [extract_pdf(data).pages for _, data in blobs]
    n_pages = sum(len(d) for d in docs)
    page_times, doc_times = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        for pages in docs:
            for p in pages:
                classify_page(p.text, p.image_count)
        page_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        for pages in docs:
            classify_document(pages)
        doc_times.append(time.perf_counter() - t0)
    image_times = []
    for _ in range(repeat):
        image_times.append(_time_image_counts(blobs))
    worst_page_ms = 0.0
    for pages in docs:
        for p in pages:
            t0 = time.perf_counter()
            classify_page(p.text, p.image_count)
            worst_page_ms = max(worst_page_ms, (time.perf_counter() - t0) * 1000)
    return {
        "pages": n_pages,
        "errors": 0,
        "page_s": min(page_times),
        "doc_s": min(doc_times),
        "image_s": min(image_times),
        "worst_page_ms": worst_page_ms,
    }


def _time_image_counts(blobs: list[tuple[str, bytes]]) -> float:
    """Seconds spent in ``pdf._count_images`` (the image count ``classify_page`` needs)."""
    import pypdfium2 as pdfium

    from oitcrawl.extract.pdf import _count_images

    spent = 0.0
    for _, data in blobs:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:
            continue
        try:
            for i in range(len(pdf)):
                page = pdf[i]
                t0 = time.perf_counter()
                _count_images(page)
                spent += time.perf_counter() - t0
                page.close()
        finally:
            pdf.close()
    return spent


_RUNNERS = {
    "pypdfium2": _run_pdfium,
    "pdfplumber": _run_pdfplumber,
    "extract_document": _run_extract_document,
}


def _child(conn: Any, path: str, files: list[str], repeat: int) -> None:
    os.environ["OITCRAWL_OCR"] = "0"
    # Import everything the path needs before the baseline, so the peak growth is the work.
    import pdfplumber  # noqa: F401

    import oitcrawl.extract.document  # the readers (the package itself loads them on use)
    import oitcrawl.extract.quality  # noqa: F401

    blobs = [(f, Path(f).read_bytes()) for f in files]
    baseline = _rss_mib()
    try:
        if path == "detection":
            out = _run_detection(blobs, repeat)
            out["seconds"] = out["page_s"]
        else:
            times = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                out = _RUNNERS[path](blobs)
                times.append(time.perf_counter() - t0)
            out["seconds"] = min(times)
            out["seconds_all"] = times
        out["bytes"] = sum(len(d) for _, d in blobs)
        out["rss_baseline_mib"] = baseline
        out["rss_peak_mib"] = _rss_mib()
        conn.send(out)
    finally:
        conn.close()


# --------------------------------------------------------------------------- parent side


def measure(
    path: str, files: list[Path], repeat: int, target: Callable[..., None] | None = None
) -> dict[str, Any]:
    """Run one path in a fresh spawned child and return its figures.

    ``target(conn, path, files, repeat)`` runs in the child and sends one dict on ``conn``
    (default: this benchmark's ``_child``). Raises SystemExit when the child dies."""
    ctx = multiprocessing.get_context("spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=target or _child, args=(child, path, [str(f) for f in files], repeat))
    proc.start()
    child.close()
    try:
        out = parent.recv()
    except EOFError:
        raise SystemExit(f"benchmark child for {path} died (exit code {proc.exitcode})") from None
    finally:
        proc.join()
    return out


def producers(corpus: Path) -> dict[str, str]:
    """Relative path → "creator|producer" from the corpus's PDF_ANALYSIS.tsv (if present)."""
    tsv = corpus / "PDF_ANALYSIS.tsv"
    if not tsv.is_file():
        return {}
    with tsv.open(encoding="utf-8", newline="") as fh:
        return {
            r["path"]: r.get("creator|producer") or ""
            for r in csv.DictReader(fh, dialect="excel-tab")
        }


def machine_facts() -> list[tuple[str, str]]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    import pypdfium2

    def ver(dist: str) -> str:
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            return "not installed"

    pdfium_build = getattr(getattr(pypdfium2, "PDFIUM_INFO", None), "version", "")
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("cpu", f"{cpu}; os.cpu_count()={os.cpu_count()}"),
        ("memory", mem),
        ("os", platform.platform()),
        ("python", sys.version.split()[0] + f" ({platform.python_implementation()})"),
        ("pypdfium2", f"{ver('pypdfium2')} (PDFium {pdfium_build})"),
        ("pdfplumber", f"{ver('pdfplumber')} (pdfminer.six {ver('pdfminer.six')})"),
    ]


def _fmt_table(rows: list[list[str]], right: set[int]) -> str:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = []
    for n, r in enumerate(rows):
        cells = [
            c.rjust(w) if i in right else c.ljust(w)
            for i, (c, w) in enumerate(zip(r, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder searched for PDFs")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the oitcrawl paths (best)")
    ap.add_argument("--plumber-repeat", type=int, default=1, help="runs of pdfplumber (best)")
    ap.add_argument("--quick", action="store_true", help=f"only the first {QUICK_FILES} PDFs")
    args = ap.parse_args(argv)
    os.environ["OITCRAWL_OCR"] = "0"
    corpus = args.corpus.resolve()
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    if args.quick:
        files = files[:QUICK_FILES]
    if not files:
        print(f"no PDF under {corpus}", file=sys.stderr)
        return 2
    total_mb = sum(f.stat().st_size for f in files) / 1e6
    print("Extraction benchmark (issue 4), OCR off")
    for k, v in machine_facts():
        print(f"  {k:<11} {v}")
    print(f"  corpus      {corpus}: {len(files)} PDFs, {total_mb:.2f} MB")
    print(
        f"  repeat      oitcrawl paths best of {args.repeat},"
        f" pdfplumber best of {args.plumber_repeat}"
    )
    print(
        "  memory      peak RSS = getrusage(RUSAGE_SELF).ru_maxrss of a fresh spawned child"
        " per path;"
    )
    print("              growth = peak minus the child's RSS after imports and reading the files")
    print()

    results: dict[str, dict[str, Any]] = {}
    for path, rep in (
        ("pypdfium2", args.repeat),
        ("pdfplumber", args.plumber_repeat),
        ("extract_document", args.repeat),
        ("detection", args.repeat),
    ):
        t0 = time.perf_counter()
        results[path] = measure(path, files, max(1, rep))
        print(
            f"  measured {path:<17} ({time.perf_counter() - t0:5.1f} s incl. process start)",
            flush=True,
        )
    print()

    header = [
        "path",
        "pages",
        "errors",
        "seconds",
        "pages/s",
        "MB/s",
        "ms/page",
        "peak RSS MiB",
        "growth MiB",
    ]
    rows = [header]
    labels = {
        "pypdfium2": "chosen: extract_pdf (pypdfium2)",
        "pdfplumber": "pdfplumber extract_text",
        "extract_document": "extract_document (pdf, OCR off)",
        "detection": "detection: classify_page",
    }
    for path, r in results.items():
        s = r["seconds"]
        rows.append(
            [
                labels[path],
                str(r["pages"]),
                str(r["errors"]),
                f"{s:.3f}",
                f"{r['pages'] / s:,.1f}",
                f"{r['bytes'] / 1e6 / s:,.2f}" if path != "detection" else "-",
                f"{s * 1000 / max(1, r['pages']):.3f}",
                f"{r['rss_peak_mib']:.0f}",
                f"{r['rss_peak_mib'] - r['rss_baseline_mib']:.0f}",
            ]
        )
    print(_fmt_table(rows, right=set(range(1, len(header)))))
    print()

    chosen, plumber, det = results["pypdfium2"], results["pdfplumber"], results["detection"]
    ratio = plumber["seconds"] / chosen["seconds"]  # same bytes in: MB/s ratio = time ratio
    ratio_doc = plumber["seconds"] / results["extract_document"]["seconds"]
    page_ms = det["page_s"] * 1000 / max(1, det["pages"])
    doc_ms = det["doc_s"] * 1000 / max(1, det["pages"])
    image_ms = det["image_s"] * 1000 / max(1, det["pages"])
    detect_ms = page_ms + image_ms
    print(f"throughput ratio chosen/pdfplumber (MB/s): {ratio:.1f}x (gate >= {MIN_RATIO:g}x)")
    print(
        f"throughput ratio extract_document/pdfplumber: {ratio_doc:.1f}x (gate >= {MIN_RATIO:g}x)"
    )
    print(
        f"scanned-page detection: {detect_ms:.3f} ms/page (gate < {MAX_DETECTION_MS:g}) ="
        f" classify_page {page_ms:.3f} + image count {image_ms:.3f};"
        f" worst single classify_page {det['worst_page_ms']:.2f} ms;"
        f" classify_document {doc_ms:.3f} ms/page"
    )
    print(
        f"non-space characters out: pypdfium2 {chosen['chars']:,},"
        f" pdfplumber {plumber['chars']:,} (without its (cid:N) placeholders);"
        f" pdfplumber errors (files it could not open): {plumber['errors']}"
    )

    prod = producers(corpus)
    lo = [f for f in files if "libreoffice" in prod.get(str(f.relative_to(corpus)), "").lower()]
    print()
    print("characters lost, '(cid:' placeholders in the output:")
    print(f"  LibreOffice-exported PDFs in the corpus (PDF_ANALYSIS.tsv producer): {len(lo)}")
    for f in lo:
        k = str(f)
        n_plumber, n_pdfium = plumber["cid_per_file"][k], chosen["cid_per_file"][k]
        print(f"    {f.relative_to(corpus)}: pdfplumber {n_plumber}, pypdfium2 {n_pdfium}")
    print(f"  all PDFs: pdfplumber {plumber['cid']}, pypdfium2 {chosen['cid']}")
    for k, n in plumber["cid_per_file"].items():
        if n or chosen["cid_per_file"][k]:
            rel = Path(k).relative_to(corpus)
            print(f"    {rel}: pdfplumber {n}, pypdfium2 {chosen['cid_per_file'][k]}")

    failed = []
    if ratio < MIN_RATIO:
        failed.append(f"chosen path only {ratio:.1f}x pdfplumber (< {MIN_RATIO:g}x)")
    if ratio_doc < MIN_RATIO:
        failed.append(f"extract_document only {ratio_doc:.1f}x pdfplumber (< {MIN_RATIO:g}x)")
    if detect_ms >= MAX_DETECTION_MS:
        failed.append(f"detection {detect_ms:.3f} ms/page (>= {MAX_DETECTION_MS:g})")
    print()
    print("RESULT: " + ("FAIL: " + "; ".join(failed) if failed else "PASS (all three gates met)"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
