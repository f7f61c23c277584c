"""Crawl health and the one-line status: a site that is down is flagged, not scored as empty."""

from __future__ import annotations

import json
import socket

import yaml

from oitcrawl.crawl.health import crawl_health, error_class
from oitcrawl.sample_site.server import serve
from tests.conftest import run_cli


def _fetch(
    outcome="ok", status=200, kind=None, nbytes=100, elapsed=0.5, at="2026-11-21T01:00:00+00:00"
):
    return {"outcome": outcome, "http_status": status, "error_kind": kind, "bytes": nbytes,
            "elapsed_s": elapsed, "fetched_at": at}  # fmt: skip


def test_error_classes_of_every_outcome():
    rows = {
        "ok": _fetch(),
        "not modified": _fetch(status=304),
        "timeout": _fetch("not_sure", None, "timeout"),
        "refused": _fetch("not_sure", None, "connection_refused"),
        "no such host": _fetch("broken", None, "dns_not_found"),
        "503": _fetch("not_sure", 503, "http_503"),
        "404": _fetch("broken", 404, "http_404"),
        "401": _fetch("http_error", 401, "http_401"),
        "403": _fetch("not_sure", 403, "http_403"),
        "robots": _fetch("blocked_by_robots", None, "robots_txt"),
        "too large": _fetch("too_large", 200, "too_large"),
    }
    assert {name: error_class(f) for name, f in rows.items()} == {
        "ok": None, "not modified": None, "timeout": "network", "refused": "network",
        "no such host": "network", "503": "server", "404": "not_found", "401": "client",
        "403": "client", "robots": "robots", "too large": "too_large",
    }  # fmt: skip


def test_health_summary_counts_bytes_and_time():
    rows = [
        _fetch(nbytes=1000, at="2026-11-21T01:00:00+00:00"),
        _fetch(status=304, nbytes=5000, elapsed=0.1, at="2026-11-21T01:00:03+00:00"),
        _fetch("broken", 404, "http_404", nbytes=50, at="2026-11-21T01:00:10+00:00"),
        _fetch(
            "not_sure", None, "timeout", nbytes=None, elapsed=30.0, at="2026-11-21T01:00:40+00:00"
        ),
        # a stored copy taken without a request (--fresh-for): fetched by an earlier run, so
        # neither downloaded now nor part of this crawl's span
        {**_fetch(nbytes=7000, elapsed=0.0, at="2026-11-20T23:00:00+00:00"), "from_cache": 1},
    ]
    assert crawl_health(rows) == {
        "fetches": 5, "ok": 3, "not_modified": 1, "from_cache": 1, "errors": 2,
        "errors_by_class": {"network": 1, "not_found": 1},
        "errors_by_kind": {"http_404": 1, "timeout": 1},
        "bytes_downloaded": 1050, "bytes_not_modified": 5000,
        "crawl_seconds": 40.0, "fetch_seconds": 31.1, "down_ratio": 0.2,
        "unhealthy": False, "reason_th": None, "reason_en": None,
    }  # fmt: skip


def test_unhealthy_at_ninety_percent_network_or_server_failures():
    down = [_fetch("not_sure", None, "timeout")] * 9
    assert crawl_health([*down, _fetch()])["unhealthy"] is True
    assert crawl_health([*down[:8], _fetch(), _fetch()])["unhealthy"] is False
    # 404s are the agency's broken links, not a site that is down
    assert crawl_health([_fetch("broken", 404, "http_404")] * 10)["unhealthy"] is False
    assert crawl_health([])["unhealthy"] is False  # nothing submitted is not a crawl failure


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _submission(tmp_path, website, urls):
    path = tmp_path / "sub.yaml"
    path.write_text(
        yaml.safe_dump({"agency": "หน่วยงานทดสอบ", "website": website, "fiscal_year": 2566,
                        "as_of": "2023-04-30", "items": {"O1": urls[:1], "O2": urls[1:]}},
                       allow_unicode=True),
        encoding="utf-8",
    )  # fmt: skip
    return path


def _check(tmp_path, sub, *extra):
    return run_cli(
        "check", str(sub), "--quiet", "--db", str(tmp_path / "data" / "e.sqlite"),
        "--out", str(tmp_path / "out"), "--delay", "0", "--retries", "0", "--timeout", "5",
        "--allow-private", *extra, env={"OITCRAWL_OCR": "0"}, timeout=120,
    )  # fmt: skip


def test_a_site_that_is_down_is_flagged_with_exit_4_and_a_status_line(tmp_path):
    port = _free_port()  # nothing listens there: every fetch is refused
    sub = _submission(tmp_path, "https://agency.test/",
                      ["https://agency.test/a.html", "https://agency.test/b.pdf",
                       "https://agency.test/c.pdf"])  # fmt: skip
    result = _check(tmp_path, sub, "--rewrite-host", f"agency.test=127.0.0.1:{port}")
    assert result.returncode == 4, result.stderr
    assert "crawl unhealthy" in result.stderr and "Traceback" not in result.stderr
    status = json.loads(result.stdout.strip().splitlines()[-1])
    assert json.loads((tmp_path / "out" / "status.json").read_text(encoding="utf-8")) == status
    assert {k: status[k] for k in ("schema", "state", "exit_code", "unhealthy", "fetches",
                                   "errors", "errors_by_class", "bytes_downloaded")} == {
        "schema": "oitcrawl/status@1", "state": "crawl_unhealthy", "exit_code": 4,
        "unhealthy": True, "fetches": 3, "errors": 3, "errors_by_class": {"network": 3},
        "bytes_downloaded": 0,
    }  # fmt: skip
    health = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))["health"]
    assert health["unhealthy"] is True and health["errors_by_kind"] == {"connection_refused": 3}
    assert "3 of 3 fetches failed" in health["reason_en"]


def test_a_healthy_site_exits_0_and_fail_under_still_gives_3(tmp_path):
    root = tmp_path / "site" / "agency.test"
    root.mkdir(parents=True)
    (root / "a.html").write_text("<html><body><div class='content'>โครงสร้าง</div></body></html>",
                                 encoding="utf-8")  # fmt: skip
    with serve(tmp_path / "site") as site:
        sub = _submission(tmp_path, "https://agency.test/",
                          ["https://agency.test/a.html", "https://agency.test/missing.pdf"])  # fmt: skip
        rewrite = ("--rewrite-host", f"agency.test={site.address}")
        ok = _check(tmp_path, sub, *rewrite, "--fresh")
        below = _check(tmp_path, sub, *rewrite, "--fresh", "--fail-under", "100")
    assert ok.returncode == 0, ok.stderr
    status = json.loads(ok.stdout.strip().splitlines()[-1])
    assert (status["state"], status["exit_code"], status["fetches"], status["errors"],
            status["errors_by_class"]) == ("ok", 0, 2, 1, {"not_found": 1})  # fmt: skip
    assert below.returncode == 3, below.stderr
    status = json.loads(below.stdout.strip().splitlines()[-1])
    assert (status["state"], status["exit_code"]) == ("below_threshold", 3)
