"""Distributed re-run benchmark: an unchanged batch checked again by `oitcrawl worker`s.

N copies of the sample site (``multi_agency.build_sites``: each its own virtual host, its own
bytes, last modified 30 days ago) on 127.0.0.1, one ``redis-server`` on a free loopback port,
and three passes in namespaces of their own — the first run, then the same submissions twice
again on the unchanged site, with ``--fresh-for 0`` (every URL asked, conditionally) and
``--fresh-for 1h`` (what HTTP caching calls fresh not asked at all, as ``batch`` does by
default) — each the whole distributed path as an auditor runs it: ``oitcrawl enqueue`` of the
N submissions into one main store, ``--workers`` ``oitcrawl worker`` processes at once (each
with its own store), ``oitcrawl merge`` of their stores into the main one. Printed per pass:
the seconds of each step and in all, fetches, 304 answers, fresh copies, the bytes the site
sent, and the documents the workers extracted; then each re-run's share of the first's wall
time.

Before the run's plan carried the agency's earlier fetches (issue 17's re-runs, distributed),
a re-run did what the first does: every body downloaded and extracted again by the workers,
~100 % of the first pass.

    .venv/bin/python benchmarks/distributed_rerun.py [--n 10] [--workers 2]

Crawl settings: delay 0, 4 requests at a time per host and worker, AutoThrottle off, no
retries (the machine's capacity, as ``multi_agency.py``; AutoThrottle never shortens a delay
after a 304, so with it on a re-run keeps the first run's pace). Needs ``redis-server``
(Debian package redis-server): exit status 2 when it is missing; a failed command raises.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from multi_agency import build_sites, run_child  # a sibling script

from oitcrawl.sample_site.server import DEFAULT_HOST, serve

CRAWL = ["--delay", "0", "--concurrency", "4", "--retries", "0", "--timeout", "20",
         "--no-autothrottle", "--allow-private"]  # fmt: skip


@contextlib.contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """A redis-server on a free 127.0.0.1 port without persistence; yields its URL."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(folder)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        for _ in range(200):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.1):
                break
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def submissions(folder: Path, hosts: list[str]) -> list[Path]:
    """One YAML submission per host: the sample district's, its URLs on that host."""
    text = (resources.files("oitcrawl.sample_site") / "submission.yaml").read_text("utf-8")
    sub = yaml.safe_load(text)
    paths = []
    for i, host in enumerate(hosts, 1):
        mine = yaml.safe_load(text.replace(DEFAULT_HOST, host))
        mine["agency"] = f"{sub['agency']} {i:03d}"
        path = folder / f"{host}.yaml"
        path.write_text(yaml.safe_dump(mine, allow_unicode=True), encoding="utf-8")
        paths.append(path)
    return paths


def one_pass(
    label: str,
    work: Path,
    subs: list[Path],
    redis_url: str,
    rewrites: list[str],
    workers: int,
    fresh_for: str = "0",
) -> dict:
    """enqueue (`--fresh-for`) → workers at once → merge, in namespace `label`; seconds and
    figures."""
    cli = [sys.executable, "-m", "oitcrawl"]
    main_db = work / "main" / "evidence.sqlite"
    env = {"OITCRAWL_OCR": "0"}
    started = time.perf_counter()
    since = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime())
    queued = run_child([*cli, "enqueue", *map(str, subs), "--redis", redis_url, "--namespace",
                        label, "--db", str(main_db), *rewrites, *CRAWL, "--fresh-for", fresh_for],
                       env)  # fmt: skip
    if queued["exit"]:
        raise RuntimeError(f"enqueue: {queued['stderr'][-2000:]}")
    stores = [work / label / f"worker-{i}" / "evidence.sqlite" for i in range(1, workers + 1)]
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [
                *cli,
                "worker",
                "--redis",
                redis_url,
                "--namespace",
                label,
                "--db",
                str(db),
                "--allow-private",
                "--idle",
                "2",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **env},
        )
        for db in stores
    ]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode:
            raise RuntimeError(f"worker: {err[-2000:]}")
    crawled = time.perf_counter() - t0
    merged = run_child([*cli, "merge", *map(str, stores), "--into", str(main_db)], env)
    if merged["exit"]:
        raise RuntimeError(f"merge: {merged['stderr'][-2000:]}")
    with sqlite3.connect(main_db) as conn:
        fetches, not_modified, from_cache = conn.execute(
            "select count(*), sum(f.http_status = 304), sum(coalesce(f.from_cache, 0)) "
            "from fetches f "
            "join runs r on r.id = f.run_id where r.started_at >= ?",
            [since],
        ).fetchone()
    extracted = 0
    for db in stores:
        with sqlite3.connect(db) as conn:
            extracted += conn.execute("select count(*) from extracts").fetchone()[0]
    return {
        "enqueue_s": queued["wall_s"],
        "workers_s": crawled,
        "merge_s": merged["wall_s"],
        "total_s": time.perf_counter() - started,
        "fetches": fetches,
        "not_modified": not_modified or 0,
        "from_cache": from_cache or 0,
        "worker_extracts": extracted,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=10, help="agencies (default 10)")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    args = parser.parse_args()
    if not os.access(shutil.which("redis-server") or "/usr/bin/redis-server", os.X_OK):
        print("redis-server is not installed (Debian package redis-server)", file=sys.stderr)
        return 2
    print(f"# {args.n} agencies, {args.workers} workers, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at start")  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="oitcrawl-distributed-") as tmp:
        work = Path(tmp)
        hosts, _ = build_sites(work, args.n)
        subs = submissions(work, hosts)
        rows = {}
        with redis_server(work) as redis_url, serve(work / "site") as site:
            rewrites = []
            for h in [*hosts, DEFAULT_HOST, "eservice.bangkok.go.th", "drive.google.com"]:
                rewrites += ["--rewrite-host", f"{h}={site.address}"]
            for label, fresh_for in (("first", "0"), ("second", "0"), ("third", "1h")):
                sent = site.server.bytes_sent
                rows[label] = one_pass(label, work, subs, redis_url, rewrites, args.workers,
                                       fresh_for)  # fmt: skip
                rows[label]["sent_bytes"] = site.server.bytes_sent - sent
    print("\n| pass | --fresh-for | enqueue s | workers s | merge s | total s | fetches | 304 "
          "| fresh copies | bytes sent | extracted by workers |\n"
          "|---|---|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    for (label, r), fresh_for in zip(rows.items(), ("0", "0", "1h"), strict=True):
        print(f"| {label} | {fresh_for} | {r['enqueue_s']:.2f} | {r['workers_s']:.2f} "
              f"| {r['merge_s']:.2f} | {r['total_s']:.2f} | {r['fetches']} | {r['not_modified']} "
              f"| {r['from_cache']} | {r['sent_bytes']:,} | {r['worker_extracts']} |")  # fmt: skip
    for label in ("second", "third"):
        share = rows[label]["total_s"] / rows["first"]["total_s"]
        print(f"{label} pass / first pass (wall): {share:.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
