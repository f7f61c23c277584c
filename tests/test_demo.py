"""`oitcrawl demo` on the bundled sample site, and seed 001's real submission replayed on it."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
import yaml

from oitcrawl.crawl.urls import request_url
from oitcrawl.extract import EXTRACTOR_VERSION
from oitcrawl.sample_site.server import sample_site_root, serve
from oitcrawl.store import Store
from oitcrawl.submission import load_submission
from tests.conftest import run_cli

SAMPLE = sample_site_root().parent


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo") / "oitcrawl-demo"
    result = run_cli("demo", "--out", str(out))
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return out, result, report


def test_demo_writes_its_outputs_and_says_where(demo):
    out, result, report = demo
    assert str(out.resolve()) in result.stdout.replace("\n", "")
    assert (out / "evidence.sqlite").exists() and (out / "crawl.log").exists()
    for name in ("report.json", "report.html", "suggestions.csv", "suggestions.xlsx"):
        assert (out / name).stat().st_size > 0, name
    assert report["schema"] == "oitcrawl/report@3"
    assert report["agency"] == {
        "name": "สำนักงานเขตห้วยขวาง",
        "website": "https://webportal.bangkok.go.th/huaikhwang",
        "also_main": ["eservice.bangkok.go.th"],
    }
    assert report["run"]["status"] == "completed"
    assert [i["id"] for i in report["items"]] == [f"O{n}" for n in range(1, 31)]


def test_every_submitted_url_is_fetched_with_the_planted_crawl_outcomes(demo):
    _, _, report = demo
    submission = load_submission(SAMPLE / "submission.yaml")
    expected = yaml.safe_load((SAMPLE / "expected.yaml").read_text(encoding="utf-8"))["items"]
    planted = {  # the crawl-level defects of expected.yaml and their fetch outcome
        "broken_link": ("broken", 404),
        "login_required": ("http_error", 401),
    }
    for item in report["items"]:
        submitted = {f["url"]: f for f in item["fetches"] if f["depth"] == 0}
        want_urls = submission.items[item["id"]].urls if item["id"] in submission.items else ()
        assert len(submitted) == len(want_urls), item["id"]
        bad_urls = {
            f["url"]: planted[f["code"]]
            for f in expected[item["id"]]["findings"]
            if f["code"] in planted
        }
        for url, fetch in submitted.items():
            want = bad_urls.get(url, ("ok", 200))
            assert (fetch["outcome"], fetch["http_status"]) == want, (item["id"], url)
    o16 = next(i for i in report["items"] if i["id"] == "O16")
    assert o16["urls"] == [] and o16["fetches"] == []  # no URL submitted


def test_outside_host_redirects_tis620_and_scans_are_seen(demo):
    out, _, report = demo
    items = {i["id"]: i for i in report["items"]}
    drive = [f for f in items["O3"]["fetches"] if "drive.google.com" in f["url"]]
    assert drive and all(not f["main_website"] for f in drive)
    assert all(f["main_website"] for f in items["O4"]["fetches"])
    assert any(len(f["redirect_chain"]) >= 3 for f in items["O6"]["fetches"])
    scanned = [
        d for d in report["documents"] if d["sniffed_type"] == "pdf" and d["pages_with_text"] == 0
    ]
    assert [urlsplit(d["url"]).path.rsplit("/", 1)[1] for d in scanned] == [
        "O23 No Gift Policy Announcement 2566 _thai.pdf"
    ]
    # the TIS-620 laws page decodes to real Thai (no mojibake, no U+FFFD)
    store = Store(out / "evidence.sqlite")
    run_id = report["run"]["id"]
    o4_url = request_url(load_submission(SAMPLE / "submission.yaml").items["O4"].urls[0])
    fetch = store.fetches(run_id)[o4_url]
    assert "tis-620" in fetch["content_type"].lower()
    text = store.get_extract(fetch["sha256"], EXTRACTOR_VERSION)["text"]
    assert "พระราชบัญญัติ" in text and "\ufffd" not in text


def test_demo_never_leaves_the_sample_site(demo):
    out, _, report = demo
    hosts = {p.name for p in (SAMPLE / "site").iterdir() if p.is_dir()}
    store = Store(out / "evidence.sqlite")
    fetched_hosts = {urlsplit(u).hostname for u in store.fetches(report["run"]["id"])}
    assert fetched_hosts <= hosts


def test_seed_001_submission_replays_against_the_sample_site(tmp_path, shared_dir):
    seed = shared_dir / "seeds" / "001_56d11a479975f352.txt"
    sub_path = tmp_path / "huaikhwang-2566.yaml"
    result = run_cli("import-itap", str(seed), "-o", str(sub_path))
    assert result.returncode == 0, result.stderr
    submission = load_submission(sub_path)
    assert len(submission.items) == 30
    hosts = sorted({urlsplit(u).hostname for _, u in submission.all_urls()})
    with serve() as site:  # every host of the submission goes to the local replica
        rewrites = [a for h in hosts for a in ("--rewrite-host", f"{h}={site.address}")]
        result = run_cli(
            "check", str(sub_path), "--out", str(tmp_path / "out"), "--quiet", "--allow-private",
            "--db", str(tmp_path / "evidence.sqlite"), "--delay", "0", "--concurrency", "4",
            "--timeout", "10", "--retries", "0", "--as-of", "2023-04-30", *rewrites,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr
    store = Store(tmp_path / "evidence.sqlite")
    run_id = store.list_runs()[0]["id"]
    fetches = store.fetches(run_id)
    submitted = {request_url(u) for _, u in submission.all_urls()}
    assert submitted <= set(fetches)  # every submitted URL was fetched
    outcomes = {u: (fetches[u]["outcome"], fetches[u]["http_status"]) for u in submitted}
    # pages the replica lacks answer 404 (broken), never a crash or a "not sure"
    assert set(outcomes.values()) <= {("ok", 200), ("broken", 404)}
    ok = [u for u, o in outcomes.items() if o == ("ok", 200)]
    assert len(ok) >= 30, "the replica reuses seed 001's page ids and file names"
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert sum(len(i["urls"]) for i in report["items"]) == len(submission.all_urls())
