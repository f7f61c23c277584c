"""Crawler traps against a real server on 127.0.0.1 (tests/faultserver.py): an infinite
calendar, session ids in URLs, query-string permutations and ever deeper paths are held by the
depth limit and URL canonicalisation; per-agency page and byte budgets stop what is left, and
the report and the terminal say that a budget was hit.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import yaml

from oitcrawl.store import Store
from tests.conftest import run_cli
from tests.faultserver import serve_faults

ARGS = ("--allow-private", "--delay", "0", "--timeout", "5", "--retries", "0")


def _check(tmp: Path, server, items: dict[str, list[str]], *extra: str):
    """`oitcrawl check` → (completed process, {url: fetch row}, report.json)."""
    tmp.mkdir(parents=True, exist_ok=True)
    sub = tmp / "submission.yaml"
    sub.write_text(
        yaml.safe_dump(
            {"agency": "หน่วยงานทดสอบ", "website": server.url("/"), "framework": "bma-district-2566",
             "fiscal_year": 2566, "as_of": "2023-04-30", "items": items},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )  # fmt: skip
    db = tmp / "evidence.sqlite"
    result = run_cli("check", str(sub), "--out", str(tmp / "out"), "--db", str(db), *ARGS, *extra)
    assert result.returncode == 0, result.stderr[-3000:]
    store = Store(db)
    fetches = store.fetches(store.list_runs()[0]["id"])
    report = json.loads((tmp / "out" / "report.json").read_text(encoding="utf-8"))
    return result, fetches, report


def test_traps_are_held_by_depth_and_canonical_urls(tmp_path):
    with serve_faults() as server:
        items = {
            "O1": [server.url("/calendar?m=2566-01")],
            "O2": [server.url("/session?PHPSESSID=f00d")],
            "O3": [server.url("/perm?c=3&a=1&b=2")],
            "O4": [server.url("/deep/")],
        }
        _, fetches, report = _check(tmp_path, server, items, "--depth", "3", "--quiet")
        hits = dict(server.hits.counts)
    u = server.url
    assert {url: (f["depth"], f["outcome"]) for url, f in fetches.items()} == {
        u("/calendar?m=2566-01"): (0, "ok"),
        u("/calendar?m=2565-12"): (1, "ok"),
        u("/calendar?m=2566-02"): (1, "ok"),
        u("/calendar?m=2565-11"): (2, "ok"),
        u("/calendar?m=2566-03"): (2, "ok"),
        u("/calendar?m=2565-10"): (3, "ok"),
        u("/calendar?m=2566-04"): (3, "ok"),
        # PHPSESSID, sid and ;jsessionid= are dropped: one page, not one per session
        u("/session"): (0, "ok"),
        u("/session?page=1"): (1, "ok"),
        # the six orders of a=1&b=2&c=3 are one URL
        u("/perm?a=1&b=2&c=3"): (0, "ok"),
        u("/deep/"): (0, "ok"),
        u("/deep/a/"): (1, "ok"),
        u("/deep/a/a/"): (2, "ok"),
        u("/deep/a/a/a/"): (3, "ok"),
    }
    # the server saw each canonical URL once and no session id at all
    assert {p: n for p, n in hits.items() if p != "/robots.txt"} == {
        url.removeprefix(f"http://{server.address}"): 1 for url in fetches
    }
    assert report["crawl"]["budget_hit"] is None


def test_page_budget_stops_a_trap_and_the_report_says_so(tmp_path):
    with serve_faults() as server:
        items = {
            "O1": [server.url("/calendar?m=2566-01")],
            "O2": [server.url("/deep/")],
            "O3": [server.url("/docs")],
        }
        result, fetches, report = _check(
            tmp_path, server, items, "--depth", "10", "--max-pages", "30"
        )
        served = sum(n for p, n in server.hits.counts.items() if p != "/robots.txt")
    outcomes = Counter(f["error_kind"] == "budget_exceeded" for f in fetches.values())
    assert outcomes[False] == 30 == served  # exactly the budget was fetched …
    assert outcomes[True] > 0  # … and what was left is recorded, not silently dropped
    assert all(f["outcome"] == "not_sure" for f in fetches.values() if f["outcome"] != "ok")
    assert all(fetches[urls[0]]["outcome"] == "ok" for urls in items.values())
    hit = report["crawl"]["budget_hit"]
    assert (hit["kind"], hit["limit"], hit["skipped"]) == ("pages", 30, outcomes[True])
    assert hit["message_th"].startswith("ถึงขีดจำกัดการตรวจของหน่วยงานนี้ (30 หน้า)")
    assert hit["message_en"].startswith("the crawl budget of this agency was hit (30 pages)")
    terminal = " ".join(result.stdout.split())
    assert hit["message_th"] in terminal and hit["message_en"] in terminal
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert hit["message_th"] in html and hit["message_en"] in html
    skipped_doc = next(
        d for i in report["items"] for d in i["fetches"] if d["error_kind"] == "budget_exceeded"
    )
    assert "budget" in skipped_doc["error"]


def test_byte_budget_stops_downloading(tmp_path):
    budget = 1024**2  # the smallest byte budget the hard ceilings allow
    with serve_faults() as server:
        _, fetches, report = _check(
            tmp_path, server, {"O1": [server.url("/docs")]}, "--max-total-bytes", str(budget),
            "--concurrency", "2", "--quiet",
        )  # fmt: skip
    fetched = [f for f in fetches.values() if f["error_kind"] != "budget_exceeded"]
    skipped = [f for f in fetches.values() if f["error_kind"] == "budget_exceeded"]
    assert len(fetched) + len(skipped) == 201  # the page and its 200 documents, once each
    total = sum(f["bytes"] or 0 for f in fetched)
    # over by at most the requests already in the downloader (8 = CONCURRENT_REQUESTS)
    assert budget <= total <= budget + 8 * 100_009
    assert 10 <= len(fetched) <= 19
    hit = report["crawl"]["budget_hit"]
    assert (hit["kind"], hit["limit"], hit["skipped"]) == ("bytes", budget, len(skipped))
