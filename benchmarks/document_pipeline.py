"""Document pipeline benchmark: what a crawl does per PDF against plain pdfplumber (issue 17).

Run from the repository root::

    .venv/bin/python benchmarks/document_pipeline.py [--corpus DIR] [--repeat N]
                                                     [--plumber-repeat N] [--keep PATH]
                                                     [--idle-core]

Two inputs:

``corpus``
    every PDF under ``--corpus`` (recursively; default ``../shared/corpus/real`` beside the
    checkout), read into memory first.
``large``
    one PDF of at least ``LARGE_MIN_PAGES`` (80) pages built from the corpus's own PDFs with
    pypdfium2 (``PdfDocument.import_pages``), deterministically: files with the most pages
    that hold ruled tables (≥ ``pdf_tables.MIN_PATHS`` vector paths) first, ties by path,
    whole files until 80 pages are reached. ``--keep PATH`` writes it there.

Rows, each in its own fresh child process (``multiprocessing`` "spawn"), one after the other:

``pipeline``
    per document what a crawl does with its bytes: ``extract.sniff``, ``extract_document``
    (PDFium text, quality class, tables; OCR off), the dates the rules read
    (``periods.dating_mentions`` of the text) and the announcement checks
    (``announcement.document_date``, ``announcement.find_signatures`` with every bundled
    framework's head titles). Stage times are shown beside the total, and
    ``extract_document``'s own split (PDFium text and tables against the text-layer quality
    decision) from one more pass.
``pdfplumber``
    ``pdfplumber.open(BytesIO(data))`` and ``page.extract_text()`` for every page.
``inspect``
    (large document only) the whole process ``.venv/bin/oitcrawl inspect FILE --json`` with
    ``OITCRAWL_OCR=0``, best of ``--repeat`` runs, peak RSS from ``wait4``.
``--help``
    ``.venv/bin/oitcrawl --help``: the CLI's start, best of 5 runs.

oitcrawl's bytecode is written first (``compileall``), as pip writes it for an installed
package: this machine sets PYTHONDONTWRITEBYTECODE=1, under which an editable install would
compile its modules again in every process (~0.05 s of a command's start).

Times are wall clock (``time.perf_counter``), best of ``--repeat`` runs (pdfplumber: of
``--plumber-repeat``, default 1): the time a user waits; "1st run s" is the first run alone.
The pipeline's child does a reading process's one-time set-up before the clock (PyThaiNLP's
word list and prefix table, on a text none of the inputs has), and every repetition starts
with the caches that hold document text emptied (the Thai score of text pieces, folded
texts): a crawl reads each document once, so no run may find its own text already scored.
The pipeline may use a second core
for one document (``extract.pdf``: a long PDF's pages read by two processes, pdfplumber's
parse of a table page PDFium cannot settle in a forked helper); "CPU s" is the row's CPU
time, user + system, of the child and of the processes it forked (so CPU s above seconds
means two cores were used), for the in-process rows; ``extract.pdf`` forks only when the
1-minute load average leaves a core idle, ``--idle-core`` forks whatever the load (what an
otherwise idle machine gets). pdfplumber uses one process. Peak RSS
is ``ru_maxrss`` of the child that ran the row (its forked readers not counted).

Exit status 1 when a gate is missed: the pipeline less than 20× pdfplumber's text on the
corpus or on the large document; ``oitcrawl inspect`` on the large document less than 10×
pdfplumber on it; ``oitcrawl --help`` 0.3 s or more. 2 when no PDF is found.
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from extraction import _fmt_table, machine_facts, measure  # a sibling script

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "real"
CLI = REPO / ".venv" / "bin" / "oitcrawl"
LARGE_MIN_PAGES = 80
MIN_PIPELINE_RATIO = 20.0  # pipeline throughput / pdfplumber text throughput
MIN_INSPECT_RATIO = 10.0  # pdfplumber seconds / whole-process inspect seconds
MAX_CLI_START_S = 0.3
PACKAGE_DIRS = ("oitcrawl", "spiders", "rules", "reports")  # oitcrawl's modules (pyproject)
HELP_RUNS = 5
STAGES = ("sniff", "extract_document", "dates", "announcement")
ENV_IDLE_CORE = "OITCRAWL_BENCH_IDLE_CORE"  # --idle-core, to the children


# --------------------------------------------------------------------------- child side


def _cpu() -> float:
    """CPU seconds of this process and of its children that have ended (the second reader
    of a long PDF, pdfplumber helpers), user and system."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _run_pipeline(blobs: list[tuple[str, bytes]], stages: dict[str, float]) -> dict[str, Any]:
    from oitcrawl.extract import extract_document, sniff
    from oitcrawl.extract.announcement import document_date, find_signatures
    from oitcrawl.periods import dating_mentions
    from oitcrawl.tools.inspect import _head_titles

    heads = _head_titles()
    pages = tables = dates = signatures = 0
    clock = time.perf_counter
    for name, data in blobs:
        url = f"file:///{name}"
        t0 = clock()
        sniff(data, "application/pdf", url)
        t1 = clock()
        doc = extract_document(data, "application/pdf", url)
        t2 = clock()
        dates += len(dating_mentions(doc.text))
        t3 = clock()
        document_date(doc.text)
        signatures += len(find_signatures(doc.text, heads))
        t4 = clock()
        for stage, spent in zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            stages[stage] += spent
        pages += len(doc.pages or [])
        tables += len(doc.tables)
    return {"pages": pages, "tables": tables, "dates": dates, "signatures": signatures}


def _run_pdfplumber(blobs: list[tuple[str, bytes]], stages: dict[str, float]) -> dict[str, Any]:
    import pdfplumber

    pages = errors = 0
    for _, data in blobs:
        try:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for page in pdf.pages:
                    page.extract_text()
                    page.close()
                    pages += 1
        except Exception:  # pdfminer raises on the truncated IMG_0001.pdf
            errors += 1
    return {"pages": pages, "errors": errors}


def _extract_split(blobs: list[tuple[str, bytes]]) -> dict[str, float]:
    """Seconds of ``extract_document``'s PDF steps, timed apart on one more pass: the PDFium
    pass (``extract_pdf`` with its page hooks: text, image counts, tables with
    ``TableSearch``, each page's text-layer statistics and Thai score with
    ``quality.LayerReading``) and what follows it (``classify_document`` of the whole layer,
    ``choose_page_text``, the tables finished)."""
    from oitcrawl.extract import choose_page_text
    from oitcrawl.extract.pdf import extract_pdf
    from oitcrawl.extract.pdf_hooks import PageHooks
    from oitcrawl.extract.pdf_tables import TableSearch
    from oitcrawl.extract.quality import LayerReading, classify_document

    split = {"PDFium pass (text, tables, layer judged)": 0.0, "after it": 0.0}
    for _, data in blobs:
        t0 = time.perf_counter()
        search, reading = TableSearch(), LayerReading()
        p = extract_pdf(data, page_hook=PageHooks(search, reading))
        t1 = time.perf_counter()
        layer = classify_document(p.pages, reading)
        if p.pages:
            choose_page_text(data, p.pages, layer.per_page, reading)
        search.finish(data, p.pages)
        split["PDFium pass (text, tables, layer judged)"] += t1 - t0
        split["after it"] += time.perf_counter() - t1
    return split


def _run_pdfium_text(blobs: list[tuple[str, bytes]], stages: dict[str, float]) -> dict[str, Any]:
    """PDFium's text of every page and nothing else (open, load the page, its text page, the
    text): the floor under any pipeline that reads PDFium's text in one process."""
    import pypdfium2 as pdfium

    pages = errors = 0
    for _, data in blobs:
        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError:  # the truncated IMG_0001.pdf
            errors += 1
            continue
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
            pages += 1
        pdf.close()
    return {"pages": pages, "errors": errors}


_RUNNERS = {
    "pipeline": _run_pipeline,
    "pdfplumber": _run_pdfplumber,
    "PDFium text alone": _run_pdfium_text,
}

# Thai text of none of the inputs, for the set-up a reading process does once
_WARM_UP_TEXT = "ประกาศ เรื่อง การจัดซื้อจัดจ้าง ประจำปีงบประมาณ พ.ศ. ๒๕๖๖ วันที่ 1 ตุลาคม 2565"


def _warm_up() -> tuple[Any, ...]:
    """Do the once-per-process set-up of the pipeline before the clock (PyThaiNLP's word
    list and its prefix table, the folding tables), as a crawl's reading process does once for
    hundreds of documents; return the caches that hold document text (pieces scored, texts
    folded), which every repetition starts without: repetitions over the same files must not
    find their own text already scored."""
    from oitcrawl.extract import layer_damage, thai
    from oitcrawl.periods import dating_mentions

    layer_damage.prepare()  # what inspect's worker loads while its document is on its way
    layer_damage.thai_quality(_WARM_UP_TEXT)
    dating_mentions(_WARM_UP_TEXT)
    return (layer_damage._piece_score, thai._fold_cached)


def _child(conn: Any, row: str, files: list[str], repeat: int) -> None:
    os.environ["OITCRAWL_OCR"] = "0"
    if os.environ.get(ENV_IDLE_CORE) == "1":  # --idle-core: the second core counts as idle
        from oitcrawl.extract import cpu

        cpu.idle_core = lambda: True
    import pdfplumber  # noqa: F401  (imports before the clock: the work is timed, not them)

    import oitcrawl.extract.announcement
    import oitcrawl.extract.document  # the readers (the package itself loads them on use)
    import oitcrawl.framework
    import oitcrawl.periods  # noqa: F401

    blobs = [(f, Path(f).read_bytes()) for f in files]
    caches = _warm_up() if row == "pipeline" else ()
    try:
        best: dict[str, Any] | None = None
        first = 0.0
        for run in range(repeat):
            for cache in caches:  # a crawl reads each document once: no text seen before
                cache.cache_clear()
            stages = dict.fromkeys(STAGES, 0.0)
            c0 = _cpu()
            t0 = time.perf_counter()
            out = _RUNNERS[row](blobs, stages)
            out["seconds"] = time.perf_counter() - t0
            out["cpu"] = _cpu() - c0
            out["stages"] = stages
            if run == 0:
                first = out["seconds"]
            if best is None or out["seconds"] < best["seconds"]:
                best = out
        assert best is not None
        best["first"] = first
        best["rss_peak_mib"] = _rss_mib()
        if row == "pipeline":
            for cache in caches:
                cache.cache_clear()
            best["split"] = _extract_split(blobs)
        conn.send(best)
    finally:
        conn.close()


# --------------------------------------------------------------------------- parent side


def build_large(files: list[Path], out: Path) -> tuple[int, list[str]]:
    """Concatenate whole corpus PDFs into ``out`` until it has ``LARGE_MIN_PAGES`` pages.

    Order: most pages with ≥ ``MIN_PATHS`` path objects first, then by path. Returns
    (pages, the files used). Raises SystemExit when the corpus has too few pages.
    """
    import pypdfium2 as pdfium

    from oitcrawl.extract.pdf_tables import MIN_PATHS, _path_count

    ranked: list[tuple[int, str, Path]] = []
    for f in files:
        try:
            pdf = pdfium.PdfDocument(f.read_bytes())
        except pdfium.PdfiumError:
            continue
        with_paths = 0
        for i in range(len(pdf)):
            page = pdf[i]
            with_paths += _path_count(page) >= MIN_PATHS
            page.close()
        pdf.close()
        ranked.append((-with_paths, str(f), f))
    ranked.sort()
    big = pdfium.PdfDocument.new()
    used: list[str] = []
    for _, _, f in ranked:
        if len(big) >= LARGE_MIN_PAGES:
            break
        src = pdfium.PdfDocument(f.read_bytes())
        big.import_pages(src)
        src.close()
        used.append(f.name)
    pages = len(big)
    if pages < LARGE_MIN_PAGES:
        raise SystemExit(f"the corpus has only {pages} readable pages (< {LARGE_MIN_PAGES})")
    big.save(str(out))
    big.close()
    return pages, used


def run_process(argv: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """(seconds, peak RSS MiB, exit status) of one whole process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024, proc.returncode


def best_process(argv: list[str], runs: int) -> tuple[float, float, int]:
    """Best (seconds, its peak RSS MiB, exit status) of ``runs`` runs of ``argv``, OCR off."""
    env = dict(os.environ, OITCRAWL_OCR="0")
    return min(run_process(argv, env) for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="folder searched for PDFs")
    ap.add_argument("--repeat", type=int, default=3, help="runs of the oitcrawl rows (best)")
    ap.add_argument("--plumber-repeat", type=int, default=1, help="runs of pdfplumber (best)")
    ap.add_argument("--keep", type=Path, help="also write the large document here")
    ap.add_argument(
        "--idle-core",
        action="store_true",
        help="pipeline rows: use a second process whatever the load average says (what an "
        "otherwise idle machine gets; extract.cpu.idle_core)",
    )
    args = ap.parse_args(argv)
    os.environ["OITCRAWL_OCR"] = "0"
    os.environ[ENV_IDLE_CORE] = "1" if args.idle_core else "0"
    corpus = args.corpus.resolve()
    files = sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf")
    if not files:
        print(f"no PDF under {corpus}", file=sys.stderr)
        return 2
    # oitcrawl's bytecode written first, as pip writes it for an installed package (this
    # machine sets PYTHONDONTWRITEBYTECODE=1: an editable install would compile on every run)
    compiled = subprocess.run(
        [sys.executable, "-m", "compileall", "-q", *(str(REPO / d) for d in PACKAGE_DIRS)],
        stdout=subprocess.DEVNULL,
        check=False,
    )
    tmp = tempfile.TemporaryDirectory(prefix="oitcrawl-bench-")
    large = args.keep or Path(tmp.name) / "large.pdf"
    large_pages, used = build_large(files, large)

    print("Document pipeline benchmark (issue 17), OCR off")
    for k, v in machine_facts():
        print(f"  {k:<11} {v}")
    total_mb = sum(f.stat().st_size for f in files) / 1e6
    print(f"  corpus      {corpus}: {len(files)} PDFs, {total_mb:.2f} MB")
    print(
        f"  large       {large_pages} pages, {large.stat().st_size / 1e6:.2f} MB, from"
        f" {len(used)} corpus PDFs: {', '.join(used)}"
    )
    print(f"  repeat      oitcrawl best of {args.repeat}, pdfplumber best of {args.plumber_repeat}")
    bytecode = "compiled first (compileall)" if compiled.returncode == 0 else "NOT compiled"
    print(f"  bytecode    oitcrawl's modules {bytecode}, as an installed package has them")
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg())
    idle = "forced on (--idle-core)" if args.idle_core else "when a core is idle"
    print(f"  load avg    {load} (1, 5, 15 min); second process per document: {idle}")
    print()

    results: dict[tuple[str, str], dict[str, Any]] = {}
    for label, inputs in (("corpus", files), ("large", [large])):
        for row, rep in (
            ("pipeline", args.repeat),
            ("pdfplumber", args.plumber_repeat),
            ("PDFium text alone", args.repeat),
        ):
            results[(label, row)] = measure(row, inputs, max(1, rep), _child)
            print(f"  measured {label} {row}", flush=True)
    inspect_s, inspect_rss, inspect_rc = best_process(
        [str(CLI), "inspect", str(large), "--json"], max(1, args.repeat)
    )
    help_s, help_rss, _ = best_process([str(CLI), "--help"], HELP_RUNS)
    print()

    rows = [["input", "row", "pages", "seconds", "1st run s", "CPU s", "pages/s", "ms/page",
             "peak RSS MiB"]]  # fmt: skip
    for (label, row), r in results.items():
        s = r["seconds"]
        rows.append(
            [label, row, str(r["pages"]), f"{s:.3f}", f"{r['first']:.3f}", f"{r['cpu']:.3f}",
             f"{r['pages'] / s:,.1f}", f"{s * 1000 / max(1, r['pages']):.2f}",
             f"{r['rss_peak_mib']:.0f}"]
        )  # fmt: skip
    rows.append(
        ["large", "oitcrawl inspect --json (process)", str(large_pages), f"{inspect_s:.3f}",
         "-", "-", f"{large_pages / inspect_s:,.1f}",
         f"{inspect_s * 1000 / large_pages:.2f}", f"{inspect_rss:.0f}"]
    )  # fmt: skip
    rows.append(
        ["-", "oitcrawl --help (process)", "-", f"{help_s:.3f}", "-", "-", "-", "-",
         f"{help_rss:.0f}"]
    )  # fmt: skip
    print(_fmt_table(rows, right={2, 3, 4, 5, 6, 7, 8}))
    print()
    for label in ("corpus", "large"):
        st = results[(label, "pipeline")]["stages"]
        r = results[(label, "pipeline")]
        print(
            f"{label} pipeline stages (s): "
            + ", ".join(f"{k} {v:.3f}" for k, v in st.items())
            + f"; {r['tables']} tables, {r['dates']} dates, {r['signatures']} signatures"
        )
        print(
            f"{label} extract_document split (s, one more pass): "
            + ", ".join(f"{k} {v:.3f}" for k, v in r["split"].items())
        )
    print()

    failures: list[str] = []
    for label in ("corpus", "large"):
        ratio = results[(label, "pdfplumber")]["seconds"] / results[(label, "pipeline")]["seconds"]
        print(
            f"{label}: pipeline / pdfplumber text: {ratio:.1f}x (gate >= {MIN_PIPELINE_RATIO:g}x)"
        )
        if ratio < MIN_PIPELINE_RATIO:
            failures.append(f"{label} pipeline {ratio:.1f}x < {MIN_PIPELINE_RATIO:g}x")
        floor = results[(label, "PDFium text alone")]["seconds"]
        print(
            f"{label}: PDFium text alone / pdfplumber text: "
            f"{results[(label, 'pdfplumber')]['seconds'] / floor:.1f}x (not gated: the most any"
            f" one-process pipeline on PDFium's text can reach; it takes"
            f" {floor / results[(label, 'pipeline')]['seconds']:.0%} of the pipeline's time)"
        )
    ratio = results[("large", "pdfplumber")]["seconds"] / inspect_s
    print(
        f"large: whole-process inspect / pdfplumber text: {ratio:.1f}x"
        f" (gate >= {MIN_INSPECT_RATIO:g}x; inspect exit status {inspect_rc})"
    )
    if ratio < MIN_INSPECT_RATIO or inspect_rc != 0:
        failures.append(f"inspect {ratio:.1f}x < {MIN_INSPECT_RATIO:g}x (exit {inspect_rc})")
    print(
        f"CLI start (oitcrawl --help, best of {HELP_RUNS}): {help_s:.3f} s"
        f" (gate < {MAX_CLI_START_S:g} s)"
    )
    if help_s >= MAX_CLI_START_S:
        failures.append(f"CLI start {help_s:.3f} s >= {MAX_CLI_START_S:g} s")
    tmp.cleanup()
    print()
    if failures:
        print("RESULT: FAIL: " + "; ".join(failures))
        return 1
    print("RESULT: PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
