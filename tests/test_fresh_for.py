"""`--fresh-for`: a stored response still fresh under HTTP caching (RFC 9111) stands for a new
fetch without a request; everything else is asked again (conditionally).

The decision table first (oitcrawl/crawl/freshness.py, Scrapy's RFC2616Policy fed the stored
headers), then real crawls of the sample site: which URLs reach the server, what the store and
the report say of the copies taken from the store, and that nothing else changes."""

from __future__ import annotations

import email.utils
import json
import os
import shutil
import time

import pytest
import yaml

from oitcrawl.crawl.freshness import fresh_in_store
from oitcrawl.sample_site.server import DEFAULT_HOST, sample_site_root, serve
from oitcrawl.store import Store
from tests.conftest import run_cli
from tests.test_batch import _batch_args, _reports, _run, write_csv
from tests.test_incremental import check_site, item_table

HOUR = 3600.0
DAY = 86400.0


def _http_date(seconds_ago: float) -> str:
    return email.utils.formatdate(time.time() - seconds_ago, usegmt=True)


def _row(**headers: str) -> dict:
    return {"url": "https://agency.test/doc.pdf", "headers_json": json.dumps(headers)}


# (case, headers of the stored response, fresh_for seconds, fresh?)
CASES = [
    ("unchanged for a month, answered a minute ago",
     {"date": _http_date(60), "last-modified": _http_date(30 * DAY), "etag": '"a"'}, HOUR, True),
    ("same, --fresh-for 0: always ask",
     {"date": _http_date(60), "last-modified": _http_date(30 * DAY), "etag": '"a"'}, 0.0, False),
    ("answered longer ago than --fresh-for",
     {"date": _http_date(2 * HOUR), "last-modified": _http_date(300 * DAY)}, HOUR, False),
    ("modified 10 minutes before it was fetched: fresh for a tenth, 1 minute",
     {"date": _http_date(120), "last-modified": _http_date(720)}, HOUR, False),
    ("modified 10 hours before: fresh for an hour, fetched 2 minutes ago",
     {"date": _http_date(120), "last-modified": _http_date(10 * HOUR + 120)}, HOUR, True),
    ("server's max-age=600, answered 5 minutes ago",
     {"date": _http_date(300), "cache-control": "max-age=600", "etag": '"a"'}, HOUR, True),
    ("server's max-age=600, answered 15 minutes ago",
     {"date": _http_date(900), "cache-control": "max-age=600", "etag": '"a"'}, HOUR, False),
    ("server's max-age of a year is capped by --fresh-for",
     {"date": _http_date(2 * HOUR), "cache-control": "max-age=31536000"}, HOUR, False),
    ("Expires in the future",
     {"date": _http_date(60), "expires": _http_date(-DAY)}, HOUR, True),
    ("Expires unreadable: already expired (RFC 9111 §5.3)",
     {"date": _http_date(60), "expires": "0", "last-modified": _http_date(30 * DAY)}, HOUR, False),
    ("no-cache: always revalidate",
     {"date": _http_date(60), "cache-control": "no-cache",
      "last-modified": _http_date(30 * DAY)}, HOUR, False),
    ("no-store: never reused",
     {"date": _http_date(60), "cache-control": "no-store",
      "last-modified": _http_date(30 * DAY)}, HOUR, False),
    ("an ETag alone gives no lifetime",
     {"date": _http_date(60), "etag": '"a"'}, HOUR, False),
    ("no validator, no expiry: nothing says it is stable",
     {"date": _http_date(60)}, HOUR, False),
]  # fmt: skip


def test_freshness_decisions_follow_http_caching():
    got = [
        (case, fresh_in_store(_row(**headers), fresh_for)) for case, headers, fresh_for, _ in CASES
    ]
    assert got == [(case, expected) for case, _, _, expected in CASES]


@pytest.mark.parametrize("headers_json", ["not json", "[1, 2]", None])
def test_unreadable_stored_headers_are_not_fresh(headers_json):
    assert fresh_in_store({"url": "https://a.test/", "headers_json": headers_json}, HOUR) is False


# -- real crawls -------------------------------------------------------------------------------

NO_CACHE_DOC = "/public/user_files_editor/59/Data Room HK/Budget new/O18 budget provisions 2566.pdf"
RECENT_PAGE = "webportal.bangkok.go.th/huaikhwang/page/sub/863.html"  # modified just now


@pytest.fixture
def aged_site(tmp_path):
    """The sample site with every file last modified 30 days ago (as on a real site), one page
    modified just now and one document sent with ``Cache-Control: no-cache``."""
    root = tmp_path / "site"
    shutil.copytree(sample_site_root(), root)
    month_ago = time.time() - 30 * DAY
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, (month_ago, month_ago))
    os.utime(root / RECENT_PAGE)  # now
    routes_file = root / "_routes.yaml"
    routes = yaml.safe_load(routes_file.read_text(encoding="utf-8")) or {}
    routes.setdefault("headers", []).append(
        {"host": DEFAULT_HOST, "path": NO_CACHE_DOC, "cache_control": "no-cache"}
    )
    routes_file.write_text(yaml.safe_dump(routes, allow_unicode=True), encoding="utf-8")
    return root


def test_fresh_copies_stand_for_fetches_and_the_rest_is_asked_again(tmp_path, aged_site):
    with serve(aged_site) as site:
        first, _, asked_first = check_site(tmp_path, site)
        second, _, asked_second = check_site(tmp_path, site, "--fresh-for", "1h")
        html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
        page = aged_site / RECENT_PAGE
        page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<p>แก้ไข</p></body>"),
                        encoding="utf-8")  # fmt: skip
        check_site(tmp_path, site, "--fresh-for", "0")

    store = Store(tmp_path / "data" / "e.sqlite")
    r1, r2, r3 = (r["id"] for r in reversed(store.list_runs()))
    f1, f2, f3 = store.fetches(r1), store.fetches(r2), store.fetches(r3)
    assert set(f2) == set(f1)  # the run still records every URL it reached
    stored_ok = {u for u, f in f1.items() if f["outcome"] == "ok" and f["sha256"]}
    recent = next(u for u in stored_ok if "/page/sub/863" in u)
    no_cache = next(u for u in stored_ok if u.endswith(NO_CACHE_DOC.replace(" ", "%20")))
    # every stored response but the two HTTP caching does not allow comes from the store …
    from_cache = {u for u, f in f2.items() if f["from_cache"]}
    assert from_cache == stored_ok - {recent, no_cache}
    for url in from_cache:
        assert (f2[url]["sha256"], f2[url]["outcome"], f2[url]["fetched_at"]) == (
            f1[url]["sha256"], "ok", f1[url]["fetched_at"])  # fmt: skip
        assert f2[url]["http_status"] == 200 and f2[url]["elapsed_s"] == 0
    # … the two are asked again and answer 304; failures are asked again as they were
    assert {u for u, f in f2.items() if f["http_status"] == 304} == {recent, no_cache}
    # the server answered only the URLs not taken from the store (and robots.txt per host)
    asked_again = len(f2) - len(from_cache)
    hosts = len(site.rewrite_rules())
    assert asked_again <= asked_second <= asked_again + hosts < asked_first / 10
    assert item_table(second) == item_table(first)
    # the report says which documents are the stored copies, with the time they were fetched
    first_times = {d["url"]: d["fetched_at"] for d in first["documents"]}
    cached = [d for d in second["documents"] if d["from_cache"]]
    assert cached and all(d["fetched_at"] == first_times[d["url"]] for d in cached)
    assert all(
        d["fetched_at"] > first_times[d["url"]] for d in second["documents"] if not d["from_cache"]
    )
    assert second["health"]["from_cache"] == len(from_cache)
    # report.html says it in the run details and on every such document
    assert (f"{len(from_cache)} จาก {len(f2)} URL ไม่ได้ขอจากเว็บไซต์ใหม่" in html
            and f"{len(from_cache)} of {len(f2)} URLs not requested again" in html)  # fmt: skip
    assert html.count("not requested again: the copy fetched on") == len(cached)
    assert second["health"]["not_modified"] == 2
    assert first["health"]["from_cache"] == 0

    # --fresh-for 0 asks for everything again: the changed page is downloaded anew
    assert not any(f["from_cache"] for f in f3.values())
    assert f3[recent]["http_status"] == 200 and f3[recent]["sha256"] != f1[recent]["sha256"]
    assert {u for u, f in f3.items() if f["http_status"] == 304} == stored_ok - {recent}


def test_batch_takes_fresh_copies_by_default(tmp_path, aged_site):
    """An auditor's batch re-run within the hour asks the server only for what may have
    changed; every agency's report says which fetches are stored copies."""
    agencies = ["สำนักงานเขตหนึ่ง", "สำนักงานเขตสอง"]
    with serve(aged_site) as site:
        args = _batch_args(tmp_path, site, write_csv(tmp_path / "agencies.csv", agencies))
        reports, indexes = [], []
        for _ in range(2):
            result = _run(args)
            assert result.returncode == 0, result.stderr
            index, by_agency = _reports(tmp_path / "out")
            reports.append(by_agency)
            indexes.append({a["agency"]: a["from_cache"] for a in index["agencies"]})
    first, second = reports
    for name in agencies:
        health = second[name]["health"]
        cached = [d for d in second[name]["documents"] if d["from_cache"]]
        assert health["from_cache"] == len(cached) > 0
        assert health["not_modified"] == 2  # the page edited just now and the no-cache file
        assert first[name]["health"]["from_cache"] == 0
        assert item_table(second[name]) == item_table(first[name])
    # batch.json says it per agency
    assert indexes == [dict.fromkeys(agencies, 0),
                       {n: second[n]["health"]["from_cache"] for n in agencies}]  # fmt: skip


@pytest.mark.parametrize("value", ["abc", "-1h", "1y", ""])
def test_a_bad_fresh_for_is_a_usage_error(tmp_path, value):
    result = run_cli("batch", str(tmp_path / "agencies.csv"), "--fresh-for", value)
    assert result.returncode == 2
    assert "--fresh-for" in result.stderr and "is not a duration" in result.stderr
    assert "Traceback" not in result.stderr
