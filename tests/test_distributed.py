"""A distributed crawl on scrapy-redis with a real Redis server (issue 5 item 9).

One `redis-server` on 127.0.0.1, the sample site, two submissions (the sample district and a
second agency on the same host, as 50 BMA districts share one portal) enqueued in one batch,
TWO `oitcrawl worker` processes at once, `merge`, then `evaluate` — compared with a
single-process `oitcrawl check` of the same submission.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from oitcrawl.sample_site.server import sample_site_root, serve
from oitcrawl.store import Store
from tests.conftest import run_cli, slow_documents_site, stop_after_fetches

pytestmark = pytest.mark.timeout(480)

SUBMISSION = sample_site_root().parent / "submission.yaml"
# The same crawl settings for enqueue and check, so `check` can resume a distributed run.
CRAWL = ["--delay", "0.05", "--concurrency", "2", "--timeout", "10", "--retries", "1",
         "--backoff", "0.2", "--allow-private"]  # fmt: skip
ENV = {"OITCRAWL_OCR": "0"}  # both sides read scans the same way; OCR is tested elsewhere


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A real redis-server on a free loopback port, no persistence; stopped at the end."""
    binary = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.access(binary, os.X_OK):
        pytest.skip("redis-server is not installed (Debian package redis-server)")
    import redis

    workdir = tmp_path_factory.mktemp("redis")
    for _ in range(3):  # the port may be taken between probing and binding
        port = _free_port()
        proc = subprocess.Popen(
            [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        client = redis.Redis(port=port, socket_timeout=1)
        for _ in range(100):
            if proc.poll() is not None:
                break
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        if proc.poll() is None:
            break
    else:
        pytest.fail("redis-server did not start on a free port three times")
    yield f"redis://127.0.0.1:{port}/0"
    proc.terminate()
    proc.wait(timeout=10)


def _start_worker(redis_url: str, db: Path, namespace: str = "oitcrawl") -> subprocess.Popen:
    """`oitcrawl worker` in the background; it exits 3 s after the batch has no work left."""
    args = ["worker", "--redis", redis_url, "--namespace", namespace, "--db", str(db),
            "--allow-private", "--idle", "3", "--log", str(db.parent / "crawl.log")]  # fmt: skip
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "200", **ENV}
    return subprocess.Popen([sys.executable, "-m", "oitcrawl", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)  # fmt: skip


@pytest.fixture(scope="module")
def batch(redis_url, tmp_path_factory):
    """Enqueue two agencies, run two workers at once, merge; plus a single-process check."""
    tmp = tmp_path_factory.mktemp("distributed")
    second = tmp / "second-agency.yaml"
    text = SUBMISSION.read_text(encoding="utf-8")
    second.write_text(
        text.replace("agency: สำนักงานเขตห้วยขวาง", "agency: สำนักงานเขตทดสอบ"), encoding="utf-8"
    )
    main_db = tmp / "main" / "evidence.sqlite"
    workers = [tmp / f"worker-{i}" / "evidence.sqlite" for i in (1, 2)]
    with serve() as site:
        rewrites = [a for rule in site.rewrite_rules() for a in ("--rewrite-host", rule)]
        queued = run_cli("enqueue", str(SUBMISSION), str(second), "--redis", redis_url,
                         "--db", str(main_db), *rewrites, *CRAWL, env=ENV)  # fmt: skip
        assert queued.returncode == 0, queued.stderr
        procs = [_start_worker(redis_url, db) for db in workers]  # both at once
        for p in procs:
            _, stderr = p.communicate(timeout=300)
            assert p.returncode == 0, stderr
        # before merging: a copy of the main store, to merge only one worker into later
        partial_db = tmp / "partial" / "evidence.sqlite"
        partial_db.parent.mkdir()
        shutil.copy(main_db, partial_db)
        merged = run_cli("merge", *map(str, workers), "--into", str(main_db), env=ENV)
        assert merged.returncode == 0, merged.stderr
        single = run_cli("check", str(SUBMISSION), "--db", str(tmp / "single" / "evidence.sqlite"),
                         "--out", str(tmp / "single-out"), *rewrites, *CRAWL, "--quiet",
                         env=ENV)  # fmt: skip
        assert single.returncode == 0, single.stderr
    runs = {r["agency"]: r["id"] for r in Store(main_db).list_runs()}
    reports = {}
    for agency, run_id in runs.items():
        out = tmp / f"out-{run_id}"
        ev = run_cli("evaluate", run_id, "--db", str(main_db), "--out", str(out), "--quiet",
                     env=ENV)  # fmt: skip
        assert ev.returncode == 0, ev.stderr
        reports[agency] = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {
        "tmp": tmp,
        "main_db": main_db,
        "partial_db": partial_db,
        "workers": workers,
        "runs": runs,
        "reports": reports,
        "single_db": tmp / "single" / "evidence.sqlite",
        "single": json.loads((tmp / "single-out" / "report.json").read_text(encoding="utf-8")),
        "merge_output": merged.stdout,
        "rewrites": rewrites,
    }


def _fetched(db: Path, run_id: str) -> list[str]:
    return list(Store(db).fetches(run_id))


@pytest.fixture(scope="module")
def rerun(batch, redis_url, tmp_path_factory):
    """The same two agencies checked again on the unchanged site, in a batch of their own,
    from a copy of the merged main store (blobs and all): enqueue, two workers, merge."""
    tmp = tmp_path_factory.mktemp("rerun")
    shutil.copytree(batch["main_db"].parent, tmp / "main")
    main_db = tmp / "main" / "evidence.sqlite"
    workers = [tmp / f"worker-{i}" / "evidence.sqlite" for i in (1, 2)]
    second = batch["tmp"] / "second-agency.yaml"
    with serve() as site:
        rewrites = [a for rule in site.rewrite_rules() for a in ("--rewrite-host", rule)]
        queued = run_cli("enqueue", str(SUBMISSION), str(second), "--redis", redis_url,
                         "--namespace", "rerun", "--db", str(main_db), *rewrites, *CRAWL,
                         env=ENV)  # fmt: skip
        assert queued.returncode == 0, queued.stderr
        procs = [_start_worker(redis_url, db, "rerun") for db in workers]
        for p in procs:
            _, stderr = p.communicate(timeout=300)
            assert p.returncode == 0, stderr
        merged = run_cli("merge", *map(str, workers), "--into", str(main_db), env=ENV)
        assert merged.returncode == 0, merged.stderr
    first = set(batch["runs"].values())
    runs = {r["agency"]: r["id"] for r in Store(main_db).list_runs() if r["id"] not in first}
    assert set(runs) == set(batch["runs"])  # a new run of each agency
    return {"main_db": main_db, "workers": workers, "runs": runs, "tmp": tmp}


def test_an_unchanged_site_checked_again_is_asked_conditionally(batch, rerun):
    """A distributed re-run asks for every URL with the validators of the main store's earlier
    fetch (carried in the run's plan): each one that had any answers 304, no worker downloads
    or extracts those bodies, and the merged runs are judged as the first ones."""
    store = Store(rerun["main_db"])
    downloaded = set()  # the bodies of the answers other than 304 (errors, no validators)
    for agency, run_id in rerun["runs"].items():
        first = Store(batch["main_db"]).fetches(batch["runs"][agency])
        validated = {u for u, f in first.items() if f["outcome"] == "ok" and
                     {"etag", "last-modified"} & set(json.loads(f["headers_json"] or "{}"))}  # fmt: skip
        again = store.fetches(run_id)
        assert set(again) == set(first), agency
        assert {u for u, f in again.items() if f["http_status"] == 304} == validated, agency
        assert all(again[u]["sha256"] == first[u]["sha256"] for u in validated), agency
        assert validated, agency
        assert store.get_run(run_id).status == "completed"
        downloaded |= {f["sha256"] for f in again.values() if f["http_status"] != 304} - {None}
    held = set()
    for db in rerun["workers"]:
        worker = Store(db)
        held |= {p.name for p in worker.blob_dir.rglob("*") if p.is_file()}
        assert worker.db["extracts"].count == worker.db["documents"].count  # what it holds
    assert held == downloaded
    out = rerun["tmp"] / "out"
    for agency, run_id in rerun["runs"].items():
        ev = run_cli("evaluate", run_id, "--db", str(rerun["main_db"]), "--out", str(out / run_id),
                     "--quiet", env=ENV)  # fmt: skip
        assert ev.returncode == 0, ev.stderr
        report = json.loads((out / run_id / "report.json").read_text(encoding="utf-8"))
        first = batch["reports"][agency]
        assert _answered_200(report["items"]) == first["items"], agency
        assert report["scores"] == first["scores"], agency
        assert report["summary"] == first["summary"], agency


def _answered_200(items: list[dict]) -> list[dict]:
    """`items` with each fetch that answered 304 shown as the 200 it stands for."""
    return [
        {**item, "fetches": [{**f, "http_status": 200 if f["http_status"] == 304 else f["http_status"]}
                             for f in item["fetches"]]}
        for item in items
    ]  # fmt: skip


def test_every_url_is_fetched_exactly_once_across_the_workers(batch):
    """The shared dupefilter: per run, no URL is in both worker stores, and together they
    fetched exactly the URLs one process fetches (every submitted URL among them)."""
    single_run = Store(batch["single_db"]).list_runs()[0]["id"]
    single_urls = set(_fetched(batch["single_db"], single_run))
    submitted = {r["request_url"] for r in Store(batch["single_db"]).submitted(single_run)}
    assert submitted <= single_urls
    for agency, run_id in batch["runs"].items():
        counts = Counter(u for db in batch["workers"] for u in _fetched(db, run_id))
        twice = sorted(u for u, n in counts.items() if n > 1)
        assert twice == [], f"{agency}: fetched by both workers: {twice}"
        assert set(counts) == single_urls, agency
        assert set(_fetched(batch["main_db"], run_id)) == single_urls, agency


def test_both_workers_did_part_of_the_work(batch):
    per_worker = [
        sum(len(_fetched(db, run_id)) for run_id in batch["runs"].values())
        for db in batch["workers"]
    ]
    total = sum(per_worker)
    # The queue is shared: each worker takes requests as it has free slots. Both must have
    # fetched a real share (not one stray request), whatever the exact split.
    assert all(n >= total // 20 for n in per_worker), per_worker


def test_the_merged_runs_report_equals_a_single_process_check(batch):
    """Every item (status, score, elements, evidence, findings, notes, fetches), the scores and
    the summary: the same as one `oitcrawl check` of the same submission; the second agency
    (same site, another name) gets the same judgement."""
    single = batch["single"]
    for agency, report in batch["reports"].items():
        assert report["run"]["status"] == "completed", agency
        assert report["items"] == single["items"], agency
        assert report["scores"] == single["scores"], agency
        assert report["summary"] == single["summary"], agency
        strip = [{k: v for k, v in d.items() if k != "fetched_at"} for d in report["documents"]]
        want = [{k: v for k, v in d.items() if k != "fetched_at"} for d in single["documents"]]
        assert strip == want, agency


def test_merging_again_adds_nothing(batch):
    before = {t: Store(batch["main_db"]).db[t].count for t in ("runs", "fetches", "links")}
    again = run_cli("merge", *map(str, batch["workers"]), "--into", str(batch["main_db"]))
    assert again.returncode == 0, again.stderr
    added = again.stdout.splitlines()[0]
    assert added == ("agencies +0, runs +0, submitted_urls +0, fetches +0, links +0, "
                     "documents +0, extracts +0")  # fmt: skip
    after = {t: Store(batch["main_db"]).db[t].count for t in ("runs", "fetches", "links")}
    assert after == before
    statuses = {r["status"] for r in Store(batch["main_db"]).list_runs()}
    assert statuses == {"completed"}


def test_a_missing_worker_leaves_the_run_interrupted_and_check_finishes_it(batch):
    """Merging one worker only: the runs are `interrupted` and the URLs the other fetched are
    listed; `oitcrawl check` with the same submission and settings resumes the run (same id),
    fetches only those, and gives the single-process report."""
    partial = batch["partial_db"]
    merged = run_cli("merge", str(batch["workers"][0]), "--into", str(partial))
    assert merged.returncode == 0, merged.stderr
    run_id = batch["runs"]["สำนักงานเขตห้วยขวาง"]
    store = Store(partial)
    assert store.get_run(run_id).status == "interrupted"
    other = set(_fetched(batch["workers"][1], run_id))
    from oitcrawl.jobs.distributed import missing_urls

    missing = missing_urls(store, run_id)
    assert missing and set(missing) <= other
    with serve() as site:
        rewrites = [a for rule in site.rewrite_rules() for a in ("--rewrite-host", rule)]
        out = batch["tmp"] / "resumed-out"
        done = run_cli("check", str(SUBMISSION), "--db", str(partial), "--out", str(out),
                       *rewrites, *CRAWL, "--quiet", env=ENV)  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["run"]["id"] == run_id
    assert report["items"] == batch["single"]["items"]
    assert missing_urls(Store(partial), run_id) == []


def test_a_worker_with_nothing_queued_exits_after_the_idle_time(redis_url, tmp_path):
    started = time.monotonic()
    result = run_cli("worker", "--redis", redis_url, "--namespace", "empty-batch",
                     "--db", str(tmp_path / "w.sqlite"), "--idle", "1")  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "nothing queued" in result.stdout
    assert time.monotonic() - started < 60


def test_unreachable_redis_and_mixed_settings_are_bad_input(redis_url, tmp_path):
    port = _free_port()  # nothing listens there
    down = run_cli("worker", "--redis", f"redis://127.0.0.1:{port}/0", "--db",
                   str(tmp_path / "w.sqlite"))  # fmt: skip
    assert down.returncode == 2
    assert f"redis://127.0.0.1:{port}/0" in down.stderr and "cannot reach Redis" in down.stderr
    args = ["enqueue", str(SUBMISSION), "--redis", redis_url, "--namespace", "mixed",
            "--db", str(tmp_path / "main.sqlite"), "--allow-private"]  # fmt: skip
    assert run_cli(*args, "--delay", "1").returncode == 0
    mixed = run_cli(*args, "--delay", "2")
    assert mixed.returncode == 2
    assert "other crawl settings" in mixed.stderr and "--namespace mixed" in mixed.stderr
    assert len(Store(tmp_path / "main.sqlite").list_runs()) == 1  # the refused run was not made


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_worker_says_which_signal_stopped_it(redis_url, tmp_path, sig, code):
    """Ctrl-C exits 130, SIGTERM (systemd's stop) 143, both after a graceful stop that keeps
    what was stored; a SIGTERM used to be reported as a Ctrl-C."""
    import yaml

    slow = slow_documents_site(tmp_path / "site")
    submission = tmp_path / "s.yaml"
    submission.write_text(yaml.safe_dump(
        {"agency": "หน่วยงานทดสอบ", "website": "https://agency.test/", "fiscal_year": 2566,
         "as_of": "2023-04-30", "items": {"O1": ["https://agency.test/index.html"]}},
        allow_unicode=True), encoding="utf-8")  # fmt: skip

    namespace, db = f"stop-{code}", tmp_path / "worker.sqlite"
    with serve(tmp_path / "site", extra_routes=slow) as site:
        queued = run_cli("enqueue", str(submission), "--redis", redis_url, "--namespace",
                         namespace, "--db", str(tmp_path / "main.sqlite"), "--allow-private",
                         "--delay", "0", "--concurrency", "1", "--rewrite-host",
                         f"agency.test={site.address}")  # fmt: skip
        assert queued.returncode == 0, queued.stderr
        proc = subprocess.Popen(
            [sys.executable, "-m", "oitcrawl", "worker", "--redis", redis_url, "--namespace",
             namespace, "--db", str(db), "--allow-private", "--idle", "30"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env={**os.environ, **ENV},
        )  # fmt: skip
        err = stop_after_fetches(proc, db, sig)
    assert proc.returncode == code, err
    assert ("SIGTERM" if sig == signal.SIGTERM else "Ctrl-C") in err and "Traceback" not in err
    assert 2 <= sum(r["fetches"] for r in Store(db).list_runs()) < 13


def _agency_test_submission(folder: Path, url: str) -> Path:
    """A one-item submission of the agency.test site with `url` submitted."""
    import yaml

    submission = folder / "s.yaml"
    submission.write_text(yaml.safe_dump(
        {"agency": "หน่วยงานทดสอบ", "website": "https://agency.test/", "fiscal_year": 2566,
         "as_of": "2023-04-30", "items": {"O1": [url]}}, allow_unicode=True), encoding="utf-8")  # fmt: skip
    return submission


def _one_worker_batch(redis_url: str, submission: Path, main_db: Path, address: str,
                      batch: str, *options: str) -> Path:  # fmt: skip
    """enqueue `submission` (agency.test served at `address`) in namespace `batch`, one worker
    in a store of its own under main_db's folder's parent, merge; returns the worker's store."""
    rewrite = ["--rewrite-host", f"agency.test={address}"]
    queued = run_cli("enqueue", str(submission), "--redis", redis_url, "--namespace", batch,
                     "--db", str(main_db), *rewrite, *CRAWL, *options, env=ENV)  # fmt: skip
    assert queued.returncode == 0, queued.stderr
    worker = main_db.parent.parent / batch / "evidence.sqlite"
    proc = _start_worker(redis_url, worker, batch)
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 0, stderr
    merged = run_cli("merge", str(worker), "--into", str(main_db), env=ENV)
    assert merged.returncode == 0, merged.stderr
    return worker


def test_a_304_reached_through_another_redirect_is_asked_again(redis_url, tmp_path):
    """The plan's links of an earlier fetch hold only for the same final URL: when a URL that
    redirected to a.pdf now redirects to b.pdf (the same file, the same validators) and that
    answers 304, the worker has no body to read links from (the main store has it), so it asks
    again without validators and stores what that 200 brings."""

    root = tmp_path / "site" / "agency.test"
    root.mkdir(parents=True)
    for name in ("a.pdf", "b.pdf"):
        (root / name).write_bytes(b"%PDF-1.4\n%%EOF\n" + b"x" * 200)
        os.utime(root / name, ns=(1_700_000_000 * 10**9,) * 2)  # one ETag for both
    target = ["/a.pdf"]
    routes = {"/doc.pdf": lambda h: (h._send(302, b"", {"Location": target[0]}, True), True)[1]}
    submission = _agency_test_submission(tmp_path, "https://agency.test/doc.pdf")
    main_db = tmp_path / "main" / "evidence.sqlite"
    with serve(tmp_path / "site", extra_routes=routes) as site:
        for batch, where in (("redirect-1", "/a.pdf"), ("redirect-2", "/b.pdf")):
            target[0] = where
            worker = _one_worker_batch(redis_url, submission, main_db, site.address, batch)
    store = Store(main_db)
    first, second = sorted(store.list_runs(), key=lambda r: r["started_at"])
    [before] = store.fetches(first["id"]).values()
    [after] = store.fetches(second["id"]).values()
    assert (before["http_status"], before["final_url"]) == (200, "https://agency.test/a.pdf")
    assert (after["http_status"], after["final_url"]) == (200, "https://agency.test/b.pdf")
    assert after["sha256"] == before["sha256"]
    assert store.get_run(second["id"]).status == "completed"
    assert Store(worker).blob_path(after["sha256"]).exists()  # the body came again


def test_enqueue_passes_autothrottle_off_to_the_workers(redis_url, tmp_path):
    import redis

    from oitcrawl.crawl.distributed import Keys

    args = ["enqueue", str(SUBMISSION), "--redis", redis_url, "--db", str(tmp_path / "m.sqlite"),
            "--allow-private"]  # fmt: skip
    assert run_cli(*args, "--namespace", "throttled").returncode == 0
    assert run_cli(*args, "--namespace", "unthrottled", "--no-autothrottle").returncode == 0
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    queued = {ns: json.loads(client.get(Keys(ns).settings)) for ns in ("throttled", "unthrottled")}
    assert (queued["throttled"]["autothrottle"], queued["unthrottled"]["autothrottle"]) == (
        True,
        False,
    )


def test_a_fresh_copy_is_taken_from_the_plan_without_a_request(redis_url, tmp_path):
    """`enqueue --fresh-for 1h` (default 0, as `check`): a linked URL fetched less than that ago
    whose stored copy HTTP caching calls fresh (files last modified long ago) is not requested
    again; the worker stores the earlier fetch (``from_cache``), follows the plan's links, and
    holds no body. A submitted URL (a seed) is asked conditionally."""

    root = tmp_path / "site" / "agency.test"
    root.mkdir(parents=True)
    (root / "index.html").write_text("<html><body><div class='content'><a href='/a.pdf'>a</a> "
                                     "<a href='/b.pdf'>b</a></div></body></html>", "utf-8")  # fmt: skip
    for name in ("a.pdf", "b.pdf"):
        (root / name).write_bytes(b"%PDF-1.4\n%%EOF\n" + name.encode() * 100)
    for file in root.iterdir():
        os.utime(file, ns=(1_700_000_000 * 10**9,) * 2)  # edited long ago: fresh for a while
    submission = _agency_test_submission(tmp_path, "https://agency.test/index.html")
    main_db = tmp_path / "main" / "evidence.sqlite"
    with serve(tmp_path / "site") as site:
        for batch in ("fresh-1", "fresh-2"):
            worker = _one_worker_batch(redis_url, submission, main_db, site.address, batch,
                                       "--fresh-for", "1h")  # fmt: skip
    store = Store(main_db)
    first, second = sorted(store.list_runs(), key=lambda r: r["started_at"])
    before, after = store.fetches(first["id"]), store.fetches(second["id"])
    assert sorted(after) == sorted(before) == [
        "https://agency.test/a.pdf", "https://agency.test/b.pdf", "https://agency.test/index.html"
    ]  # fmt: skip
    # the submitted page is asked (a seed is always requested), the documents it links are not
    assert {u: (bool(f["from_cache"]), f["http_status"]) for u, f in after.items()} == {
        "https://agency.test/index.html": (False, 304),
        "https://agency.test/a.pdf": (True, 200),
        "https://agency.test/b.pdf": (True, 200),
    }
    assert {u: f["sha256"] for u, f in after.items()} == {u: f["sha256"] for u, f in before.items()}
    assert store.get_run(second["id"]).status == "completed"
    assert [p for p in Store(worker).blob_dir.rglob("*") if p.is_file()] == []
