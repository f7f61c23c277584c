"""Multi-agency benchmark: N copies of the sample site on 127.0.0.1, crawled in ONE batch.

Each copy is its own virtual host (``d001.bench.test`` … served by one sample-site server that
routes by the Host header; ``--rewrite-host`` sends every copy to it), so the batch crawls N
hosts at once with the per-host limits of a real batch. For N = 10 and 50 it runs
``oitcrawl batch`` in a child process twice — the first run, then a second unchanged run
(batch's default ``--fresh-for 1h``: what HTTP caching calls fresh is taken from the store
without a request, the rest asked conditionally; nothing extracted again) — and prints
pages/s, documents/s, CPU seconds and peak RSS of the child, the ratio to ``scrapy bench``
run in the same benchmark run, and the growth from the smallest to the largest N.

    .venv/bin/python benchmarks/multi_agency.py            # N = 10 and 50
    .venv/bin/python benchmarks/multi_agency.py --n 5 20   # other sizes

Crawl settings: delay 0, 4 requests at a time per host, 32 in all, AutoThrottle off, no
retries: the machine's capacity, not the polite production rate (docs/capacity-plan.md turns
these figures into a national plan). Every copy's pages and PDFs get a few bytes of their own,
so each agency's documents are extracted (and the scanned one OCR'd) as in a real batch;
``--identical`` serves one byte-identical copy to every host instead (extraction then happens
once and is reused by sha256).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
from importlib import resources
from pathlib import Path

import yaml

from oitcrawl.sample_site.server import DEFAULT_HOST, sample_site_root, serve

REPO = Path(__file__).resolve().parents[1]


# Every copied file was last modified this long before the benchmark (its Last-Modified): a
# site edited a month ago, as agency sites are before an assessment, not one written a second
# before the crawl (HTTP caching's heuristic freshness, `batch --fresh-for`, reads this age).
SITE_AGE_S = 30 * 86400


def _distinct_copy(src: Path, dst: Path, host: str) -> None:
    """Copy the portal with every page and PDF made unique to `host` (a comment after the
    HTML, a line after the PDF's %%EOF), so each agency's documents are its own, as in life;
    each file's modification time `SITE_AGE_S` ago."""
    edited = time.time() - SITE_AGE_S
    for file in src.rglob("*"):
        target = dst / file.relative_to(src)
        if file.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        data = file.read_bytes()
        suffix = file.suffix.lower()
        if suffix == ".html":
            data += f"\n<!-- copy for {host} -->\n".encode()
        elif suffix == ".pdf":
            data += f"\n% copy for {host}\n".encode()
        target.write_bytes(data)
        os.utime(target, (edited, edited))


def build_sites(root: Path, n: int, distinct: bool = True) -> tuple[list[str], Path]:
    """Site folder with N host copies of the sample portal (distinct bytes, or symlinks to
    one copy) and the CSV batch."""
    site = root / "site"
    site.mkdir()
    src = sample_site_root()
    for entry in src.iterdir():
        if entry.is_dir():
            (site / entry.name).symlink_to(entry)
    routes = yaml.safe_load((src / "_routes.yaml").read_text(encoding="utf-8"))
    hosts = [f"d{i:03d}.bench.test" for i in range(1, n + 1)]
    for host in hosts:
        if distinct:
            _distinct_copy(src / DEFAULT_HOST, site / host, host)
        else:
            (site / host).symlink_to(src / DEFAULT_HOST)
    for table in ("redirects", "headers", "status"):
        extra = []
        for rule in routes.get(table) or []:
            if rule["host"] == DEFAULT_HOST:
                for host in hosts:
                    copy = {**rule, "host": host}
                    if "file" in copy:
                        copy["file"] = copy["file"].replace(DEFAULT_HOST, host, 1)
                    extra.append(copy)
        routes[table] = (routes.get(table) or []) + extra
    (site / "_routes.yaml").write_text(yaml.safe_dump(routes, allow_unicode=True), "utf-8")

    sub = yaml.safe_load(
        (resources.files("oitcrawl.sample_site") / "submission.yaml").read_text("utf-8")
    )
    items = list(sub["items"])
    batch = root / "agencies.csv"
    with batch.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["agency", "website", "framework", "fiscal_year", "as_of", "also_main", *items])
        for i, host in enumerate(hosts, 1):
            cells = []
            for item in items:
                value = sub["items"][item]
                urls = value if isinstance(value, list) else value.get("urls", [])
                cells.append("\n".join(u.replace(DEFAULT_HOST, host) for u in urls))
            w.writerow([f"สำนักงานเขตทดสอบ {i:03d}", sub["website"].replace(DEFAULT_HOST, host),
                        sub["framework"], sub["fiscal_year"], sub["as_of"],
                        " ".join(sub["also_main"]), *cells])  # fmt: skip
    return hosts, batch


def run_child(args: list[str], env: dict[str, str] | None = None) -> dict:
    """Run a command; wall seconds, CPU seconds (user+sys, with the children it waited for:
    extraction workers, evaluating processes), peak RSS (MB) of the child and the wall-clock
    time it ended (epoch seconds)."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    out_text = proc.stdout.read()
    err_text = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)  # not proc.wait(): wait4 gives the CPU figures
    ended = time.time()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return {
        "wall_s": time.perf_counter() - start,
        "cpu_s": usage.ru_utime + usage.ru_stime,
        "peak_rss_mb": usage.ru_maxrss / 1024,
        "exit": proc.returncode,
        "ended": ended,
        "stdout": out_text,
        "stderr": err_text,
    }


def store_figures(db: Path, since: str) -> dict:
    """Fetches, documents (non-HTML bodies), bytes, crawl span and the time of the last
    fetch (epoch seconds, whole seconds as stored) of runs started after `since` (ISO). The
    span and the last fetch are of the requests made: a stored copy taken for a fetch
    (``from_cache``, `batch --fresh-for`) keeps the time of the earlier run's request."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "select f.http_status, f.bytes, f.fetched_at, coalesce(e.sniffed_type, ''), "
            "f.outcome, coalesce(f.from_cache, 0) from fetches f join runs r on r.id = f.run_id "
            "left join extracts e on e.sha256 = f.sha256 where r.started_at >= ?",
            [since],
        ).fetchall()
        runs = conn.execute("select count(*) from runs where started_at >= ?", [since]).fetchone()
    times = sorted(dt.datetime.fromisoformat(r[2]) for r in rows if not r[5])
    span = (times[-1] - times[0]).total_seconds() if times else 0.0
    return {
        "runs": runs[0],
        "fetches": len(rows),
        "requested": len(times),
        "from_cache": sum(1 for r in rows if r[5]),
        "documents": sum(1 for r in rows if r[3] and r[3] != "html"),
        "not_modified": sum(1 for r in rows if r[0] == 304),
        "ok": sum(1 for r in rows if r[4] == "ok"),
        "bytes_downloaded": sum(r[1] or 0 for r in rows if r[0] != 304),
        "crawl_span_s": max(span, 1.0),
        # stored to the second: its end at latest
        "last_fetch": times[-1].timestamp() + 1 if times else time.time(),
    }


def scrapy_bench(seconds: int = 10) -> float:
    """Pages/s of `scrapy bench` (Scrapy's own local benchmark) on this machine, now."""
    scrapy = Path(sys.executable).with_name("scrapy")
    proc = subprocess.run(
        [str(scrapy), "bench", "-s", f"CLOSESPIDER_TIMEOUT={seconds}", "-s", "LOG_LEVEL=INFO"],
        capture_output=True, text=True, timeout=seconds + 120, cwd=tempfile.gettempdir(),
    )  # fmt: skip
    log = proc.stderr
    count = re.search(r"'response_received_count': (\d+)", log)
    elapsed = re.search(r"'elapsed_time_seconds': ([\d.]+)", log)
    if not (count and elapsed):
        raise RuntimeError(f"scrapy bench printed no stats:\n{log[-2000:]}")
    return int(count.group(1)) / float(elapsed.group(1))


def bench_n(n: int, work: Path, distinct: bool = True, serial: bool = True) -> dict:
    """The batch of N agencies with the default workers (the cores): a first run and an
    unchanged second run; then, in a store of its own, a first run on the serial path
    (``OITCRAWL_WORKERS=1``) unless `serial` is False."""
    hosts, batch = build_sites(work, n, distinct)
    results = {}
    with serve(work / "site") as site:
        passes = [("first", "pool", {}), ("second", "pool", {})]
        if serial:
            passes.append(("serial", "serial", {"OITCRAWL_WORKERS": "1"}))
        for label, folder, env in passes:
            db = work / folder / "data" / "evidence.sqlite"
            args = [sys.executable, "-m", "oitcrawl", "batch", str(batch),
                    "--out", str(work / folder / "out"), "--db", str(db), "--delay", "0",
                    "--concurrency", "4", "--total-concurrency", "32", "--retries", "0",
                    "--timeout", "20", "--allow-private", "--quiet",
                    "--no-autothrottle"]  # fmt: skip
            for h in [*hosts, DEFAULT_HOST, "eservice.bangkok.go.th", "drive.google.com"]:
                args += ["--rewrite-host", f"{h}={site.address}"]
            since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
            sent_before = site.server.bytes_sent
            child = run_child(args, env)
            if child["exit"] not in (0, 3):
                index = json.loads((work / folder / "out" / "batch.json").read_text("utf-8"))
                errors = {a.get("error") for a in index["agencies"]} - {None}
                raise RuntimeError(
                    f"batch exited {child['exit']}: {child['stderr'][-3000:]}"
                    f"{child['stdout'][-1000:]}{errors or ''}"
                )
            figures = store_figures(db, since)
            figures["server_bytes_sent"] = site.server.bytes_sent - sent_before
            # after the crawl: extraction left over, evaluation, outputs
            figures["post_crawl_s"] = max(child["ended"] - figures["last_fetch"], 0.0)
            with sqlite3.connect(db) as conn:  # fold the WAL in: measure the database itself
                conn.execute("pragma wal_checkpoint(truncate)")
            figures["db_bytes"] = sum(p.stat().st_size for p in db.parent.glob("evidence.sqlite*"))
            figures["blob_bytes"] = sum(
                p.stat().st_size for p in (db.parent / "blobs").rglob("*") if p.is_file()
            )
            results[label] = {**child, **figures}
            del results[label]["stdout"], results[label]["stderr"]
    return results


RERUN_GATE = 0.15  # an unchanged re-run: at most this share of the first run's wall time
POST_CRAWL_GATE = 0.5  # the first run's post-crawl wall: at most this share of the serial path's


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--identical",
        action="store_true",
        help="byte-identical copies: each document is extracted once for all agencies",
    )
    parser.add_argument(
        "--no-serial",
        action="store_true",
        help="skip the serial path (OITCRAWL_WORKERS=1) and its gate",
    )
    opts = parser.parse_args()
    table = {}
    bench = {}
    for n in opts.n:
        # scrapy bench right before each size: the machine's load changes (shared CI hosts)
        bench[n] = bench_pps = scrapy_bench()
        print(f"scrapy bench: {bench_pps:.1f} pages/s (same machine, just before N={n})")
        with tempfile.TemporaryDirectory(prefix=f"oitcrawl-bench-{n}-") as tmp:
            table[n] = bench_n(n, Path(tmp), distinct=not opts.identical, serial=not opts.no_serial)
        f, s = table[n]["first"], table[n]["second"]
        print(
            f"N={n:3d} first : {f['runs']} runs, {f['fetches']} fetches "
            f"({f['documents']} documents), "
            f"wall {f['wall_s']:.1f} s, crawl {f['crawl_span_s']:.1f} s, "
            f"after the crawl {f['post_crawl_s']:.1f} s, "
            f"{f['fetches'] / f['crawl_span_s']:.1f} pages/s, "
            f"{f['documents'] / f['crawl_span_s']:.1f} documents/s, "
            f"{f['fetches'] / f['wall_s']:.1f} pages/s end-to-end, CPU {f['cpu_s']:.1f} s "
            f"(CPU ÷ wall {f['cpu_s'] / f['wall_s']:.2f}), "
            f"peak RSS {f['peak_rss_mb']:.0f} MB, served {f['server_bytes_sent'] / 1e6:.1f} MB, "
            f"store {f['db_bytes'] / 1e6:.1f} MB SQLite + {f['blob_bytes'] / 1e6:.1f} MB blobs; "
            f"ratio to scrapy bench {f['fetches'] / f['crawl_span_s'] / bench_pps:.2f}"
        )
        print(
            f"N={n:3d} second: wall {s['wall_s']:.1f} s ({s['wall_s'] / f['wall_s']:.0%} of the "
            f"first), crawl {s['crawl_span_s']:.1f} s "
            f"({s['crawl_span_s'] / f['crawl_span_s']:.0%}), "
            f"after the crawl {s['post_crawl_s']:.1f} s, "
            f"{s['fetches']} fetches: {s['from_cache']} fresh copies from the store "
            f"(not requested), {s['requested']} requested, {s['not_modified']} of them 304, "
            f"served {s['server_bytes_sent'] / 1e6:.2f} MB, store now "
            f"{s['db_bytes'] / 1e6:.1f} MB + {s['blob_bytes'] / 1e6:.1f} MB, "
            f"CPU {s['cpu_s']:.1f} s (CPU ÷ wall {s['cpu_s'] / s['wall_s']:.2f}), "
            f"peak RSS {s['peak_rss_mb']:.0f} MB"
        )
        if "serial" in table[n]:
            z = table[n]["serial"]
            print(
                f"N={n:3d} serial: OITCRAWL_WORKERS=1, first run wall {z['wall_s']:.1f} s, "
                f"crawl {z['crawl_span_s']:.1f} s, after the crawl {z['post_crawl_s']:.1f} s, "
                f"CPU {z['cpu_s']:.1f} s (CPU ÷ wall {z['cpu_s'] / z['wall_s']:.2f}); "
                f"with the workers ({_workers()}): after the crawl "
                f"{f['post_crawl_s'] / z['post_crawl_s']:.0%} of serial, wall "
                f"{f['wall_s'] / z['wall_s']:.0%}"
            )
    if len(table) > 1:
        lo, hi = min(table), max(table)
        a, b = table[lo]["first"], table[hi]["first"]
        print(
            f"growth N={lo}→{hi} (×{hi / lo:.1f} agencies): wall ×{b['wall_s'] / a['wall_s']:.2f}, "
            f"CPU ×{b['cpu_s'] / a['cpu_s']:.2f}, "
            f"peak RSS ×{b['peak_rss_mb'] / a['peak_rss_mb']:.2f}, "
            f"per agency wall {a['wall_s'] / lo:.2f} s → {b['wall_s'] / hi:.2f} s, "
            f"CPU {a['cpu_s'] / lo:.2f} s → {b['cpu_s'] / hi:.2f} s"
        )
    if opts.json:
        opts.json.write_text(json.dumps({"scrapy_bench_pps": bench, "runs": table}, indent=2))
    # the gates, on the largest N (at a few agencies process starts dominate)
    top = table[max(table)]
    misses = []
    rerun = top["second"]["wall_s"] / top["first"]["wall_s"]
    if rerun > RERUN_GATE:
        misses.append(f"unchanged re-run {rerun:.0%} of the first run > {RERUN_GATE:.0%}")
    if "serial" in top:
        post = top["first"]["post_crawl_s"] / top["serial"]["post_crawl_s"]
        if post > POST_CRAWL_GATE:
            misses.append(f"after the crawl {post:.0%} of the serial path > {POST_CRAWL_GATE:.0%}")
    if misses:
        print(f"RESULT: FAIL (N={max(table)}): " + "; ".join(misses))
        sys.exit(1)
    print(f"RESULT: PASS (N={max(table)})")


def _workers() -> str:
    from oitcrawl.extract.run import worker_count

    return f"{worker_count()} processes"


if __name__ == "__main__":
    main()
