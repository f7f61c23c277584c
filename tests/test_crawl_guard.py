"""Not a weapon: by default the crawler refuses URLs that resolve to loopback, private,
link-local, CGNAT, multicast, reserved or cloud-metadata addresses — checked on the address
actually connected to (after --rewrite-host, on every redirect hop) — never sends credentials,
and clamps misconfigured limits to hard ceilings.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from oitcrawl.crawl.guard import forbidden_reason
from oitcrawl.crawl.settings import CEILINGS, CrawlSettings, scrapy_settings
from oitcrawl.crawl.urls import request_url
from oitcrawl.store import Store
from tests.conftest import REPO, run_cli
from tests.faultserver import serve_faults

ADDRESSES = {
    "127.0.0.1": "loopback",
    "127.8.9.10": "loopback",
    "::1": "loopback",
    "::ffff:127.0.0.1": "loopback",  # IPv4-mapped IPv6
    "10.1.2.3": "private",
    "172.16.0.1": "private",
    "192.168.1.1": "private",
    "fc00::1": "private",
    "64:ff9b::a00:1": "private",  # NAT64 of 10.0.0.1
    "2002:a00:1::": "private",  # 6to4 of 10.0.0.1
    "169.254.169.254": "metadata",
    "fd00:ec2::254": "metadata",
    "169.254.1.1": "link_local",
    "fe80::1": "link_local",
    "100.64.0.1": "cgnat",
    "224.0.0.1": "multicast",
    "ff02::1": "multicast",
    "0.0.0.0": "unspecified",
    "::": "unspecified",
    "240.0.0.1": "private",  # 240/4 "reserved", listed by Python as not globally reachable
    "255.255.255.255": "private",
    "not-an-address": "reserved",
    "8.8.8.8": None,
    "164.115.22.10": None,  # a public Thai government address
    "2001:4860:4860::8888": None,
}


def test_address_classes():
    assert {a: forbidden_reason(a) for a in ADDRESSES} == ADDRESSES


def _submission(tmp: Path, website: str, items: dict[str, list[str]]) -> Path:
    sub = tmp / "submission.yaml"
    tmp.mkdir(parents=True, exist_ok=True)
    sub.write_text(
        yaml.safe_dump(
            {"agency": "หน่วยงานทดสอบ", "website": website, "framework": "bma-district-2566",
             "fiscal_year": 2566, "as_of": "2023-04-30", "items": items},
            allow_unicode=True,
        ),
        encoding="utf-8",
    )  # fmt: skip
    return sub


def _fetches(db: Path) -> dict[str, dict]:
    store = Store(db)
    return store.fetches(store.list_runs()[0]["id"])


def test_private_addresses_are_refused_by_default_and_the_report_says_so(tmp_path):
    with serve_faults() as server:
        port = server.port
        items = {
            "O1": [server.url("/ok")],
            "O2": [f"http://localhost:{port}/ok"],
            "O3": [f"http://2130706433:{port}/ok"],  # 127.0.0.1 written as one number
            "O4": ["http://169.254.169.254/latest/meta-data/"],
            "O5": ["http://10.255.255.1/x.pdf"],  # would hang until the timeout if tried
            "O6": [f"http://[::1]:{port}/ok"],
            "O7": ["https://agency.test/ok"],  # a public-looking name rewritten to loopback
        }
        sub = _submission(tmp_path, "https://agency.test/", items)
        db = tmp_path / "data" / "evidence.sqlite"
        started = time.monotonic()
        result = run_cli(
            "check", str(sub), "--out", str(tmp_path / "out"), "--db", str(db), "--delay", "0",
            "--timeout", "20", "--retries", "0", "--rewrite-host", f"agency.test={server.address}",
        )  # fmt: skip
        elapsed = time.monotonic() - started
        assert result.returncode == 0, result.stderr[-3000:]
        assert server.hits.counts == {}, "no request may reach a private address"
    fetches = _fetches(db)
    expected_addresses = {
        "O1": "127.0.0.1", "O2": "127.0.0.1", "O3": "127.0.0.1", "O4": "169.254.169.254",
        "O5": "10.255.255.1", "O6": "::1", "O7": "127.0.0.1",
    }  # fmt: skip
    table = {
        item: (
            fetches[request_url(urls[0])]["outcome"],
            fetches[request_url(urls[0])]["error_kind"],
        )
        for item, urls in items.items()
    }
    assert table == {item: ("not_sure", "blocked_address") for item in items}
    for item, urls in items.items():
        error = fetches[request_url(urls[0])]["error"]
        assert f"→ {expected_addresses[item]}," in error and "refused" in error, error
    assert "metadata" in fetches[request_url(items["O4"][0])]["error"]
    assert elapsed < 30, "refusals are immediate: 10.255.255.1 was never connected to"
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    o7 = next(i for i in report["items"] if i["id"] == "O7")  # on the main website
    assert o7["status"] == "review"
    finding = o7["findings"][0]
    assert finding["code"] == "unreachable"
    assert "ที่อยู่ปลายทางเป็นเครือข่ายภายใน ไม่อนุญาตให้เข้าถึง" in finding["message_th"]
    assert "URL resolves to a private address" in finding["detail"]
    assert report["crawl"]["allow_private"] is False


# Runs the real CLI with one change: 127.0.0.1 counts as a public address, so a server on it
# can play a public site that redirects to a private one (127.0.0.2).
PUBLIC_LOOPBACK = """
import sys
import oitcrawl.crawl.guard as guard
real = guard.forbidden_reason
guard.forbidden_reason = lambda a: None if a == "127.0.0.1" else real(a)
from oitcrawl.cli import main
sys.argv = ["oitcrawl", *sys.argv[1:]]
main()
"""


def test_every_redirect_hop_is_checked(tmp_path):
    with serve_faults(host="127.0.0.2") as inside, serve_faults() as public:
        target = inside.url("/ok")
        items = {"O1": [public.url(f"/redirect?to={target}")], "O2": [public.url("/ok")]}
        sub = _submission(tmp_path, public.url("/"), items)
        db = tmp_path / "evidence.sqlite"
        result = subprocess.run(
            [sys.executable, "-c", PUBLIC_LOOPBACK, "check", str(sub), "--out",
             str(tmp_path / "out"), "--db", str(db), "--quiet", "--delay", "0", "--retries", "0"],
            capture_output=True, text=True, timeout=120, cwd=REPO,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        assert inside.hits.counts == {}, "the redirect to a private address was followed"
        assert public.hits.counts[f"/redirect?to={target}"] == 1
    fetches = _fetches(db)
    hop = fetches[request_url(items["O1"][0])]
    assert (hop["outcome"], hop["error_kind"]) == ("not_sure", "blocked_address")
    assert json.loads(hop["redirect_chain_json"]) == [request_url(items["O1"][0]), target]
    assert "127.0.0.2" in hop["error"]
    assert fetches[request_url(items["O2"][0])]["outcome"] == "ok"  # the guard let it through


def test_credentials_are_never_sent_or_stored(tmp_path):
    with serve_faults() as server:
        url = f"http://officer:secret@{server.address}/ok"
        sub = _submission(tmp_path, server.url("/"), {"O1": [url]})
        db = tmp_path / "evidence.sqlite"
        result = run_cli(
            "check", str(sub), "--out", str(tmp_path / "out"), "--db", str(db), "--quiet",
            "--allow-private", "--delay", "0", "--retries", "0",
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        heads = [h.decode("latin-1") for h in server.hits.heads]
    assert heads and all("GET " in h for h in heads)
    assert not [h for h in heads if "authorization" in h.lower() or "secret" in h]
    assert list(_fetches(db)) == [server.url("/ok")]
    assert "secret" not in (tmp_path / "out" / "report.json").read_text(encoding="utf-8")


def test_hard_ceilings_clamp_misconfigured_limits():
    wild = CrawlSettings(
        concurrency_per_host=500, concurrency_total=10_000, delay_s=-5.0, timeout_s=0.0,
        retries=99, backoff_s=-1.0, max_bytes=0, max_depth=1000, max_pages=0,
        max_total_bytes=-1, fresh_for_s=365 * 86400.0,
    )  # fmt: skip
    assert {name: getattr(wild, name) for name in CEILINGS} == {
        "concurrency_per_host": 8, "concurrency_total": 32, "delay_s": 0.0, "timeout_s": 1.0,
        "retries": 5, "backoff_s": 0.0, "max_bytes": 1024, "max_depth": 10, "max_pages": 1,
        "max_total_bytes": 1024**2, "fresh_for_s": 30 * 86400.0,
    }  # fmt: skip
    assert wild.clamped == tuple(sorted(CEILINGS))
    scrapy = scrapy_settings(wild, (), None)
    assert (scrapy["CONCURRENT_REQUESTS_PER_DOMAIN"], scrapy["DOWNLOAD_TIMEOUT"]) == (8, 1.0)
    assert scrapy["DOWNLOAD_MAXSIZE"] == 1024  # never 0 (= unlimited for Scrapy)
    assert CrawlSettings().clamped == ()
    polite = scrapy_settings(CrawlSettings(), (), None)
    assert polite["ROBOTSTXT_OBEY"] is True and polite["USER_AGENT"].startswith("oitcrawl/")
    assert polite["DOWNLOADER_MIDDLEWARES"][
        "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware"
    ] is None  # fmt: skip
    assert set(polite["DOWNLOAD_HANDLERS"]) >= {"file", "ftp", "s3", "data"}
    assert not any(polite["DOWNLOAD_HANDLERS"][s] for s in ("file", "ftp", "s3", "data"))


def test_the_cli_says_which_settings_were_clamped(tmp_path):
    sub = _submission(tmp_path, "https://agency.test/", {"O1": ["https://agency.test/x"]})
    result = run_cli(
        "check", str(sub), "--out", str(tmp_path / "out"), "--db", str(tmp_path / "e.sqlite"),
        "--quiet", "--concurrency", "64", "--timeout", "1", "--retries", "0",
        "--rewrite-host", "agency.test=127.0.0.1:9",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    assert "clamped to its hard limit" in result.stderr
    assert "concurrency_per_host = 8" in result.stderr
    store = Store(tmp_path / "e.sqlite")
    settings = store.get_run(store.list_runs()[0]["id"]).settings  # what the run really used
    assert (settings["concurrency_per_host"], settings["clamped"]) == (8, ["concurrency_per_host"])


@pytest.mark.parametrize("url", ["http://user:pw@a.org/x", "http://a.org/x"])
def test_request_urls_carry_no_userinfo(url):
    assert request_url(url) == "http://a.org/x"


def test_through_a_proxy_the_proxy_is_allowed_and_the_target_checked(tmp_path):
    # The fault server plays an HTTP proxy on loopback (it answers "GET http://host/ok" itself).
    with serve_faults() as proxy:
        items = {"O1": ["http://10.1.2.3/ok"], "O2": ["http://8.8.8.8/ok"]}
        sub = _submission(tmp_path, "http://8.8.8.8/", items)
        db = tmp_path / "evidence.sqlite"
        result = run_cli(
            "check", str(sub), "--out", str(tmp_path / "out"), "--db", str(db), "--quiet",
            "--delay", "0", "--retries", "0", "--timeout", "10",
            env={"http_proxy": proxy.url("/"), "HTTP_PROXY": proxy.url("/"), "no_proxy": ""},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr[-3000:]
        asked = [h.decode("latin-1").split("\r\n", 1)[0] for h in proxy.hits.heads]
    fetches = _fetches(db)
    assert {u: (f["outcome"], f["error_kind"]) for u, f in fetches.items()} == {
        "http://10.1.2.3/ok": ("not_sure", "blocked_address"),
        "http://8.8.8.8/ok": ("ok", None),
    }
    assert "GET http://8.8.8.8/ok HTTP/1.1" in asked
    assert not [line for line in asked if "10.1.2.3" in line]
