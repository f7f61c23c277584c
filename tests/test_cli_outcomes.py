"""Every size overrun is `too_large` (a body without Content-Length, a gzip bomb), a crawl whose
fetches fail for a local reason is unhealthy, and submitted URLs over the caps are left out
with a warning (issue 13)."""

from __future__ import annotations

import gzip
import http.server
import os
import subprocess
import threading

import pytest
import yaml

from oitcrawl.crawl.health import crawl_health
from oitcrawl.crawl.outcome import classify_failure
from oitcrawl.store import Store
from oitcrawl.submission import MAX_URLS_PER_ITEM, MAX_URLS_PER_SUBMISSION, parse_submission
from tests.test_cli_harness import OITCRAWL

BOMB = gzip.compress(b"\0" * (8 * 1024 * 1024))  # 8 MB of zeros in ~8 KB


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        if self.path.startswith("/chunked"):  # 4 MB, no Content-Length
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            chunk = b"x" * 65536
            try:
                for _ in range(64):
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass
            return
        if self.path.startswith("/bomb"):
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB)))
            self.end_headers()
            self.wfile.write(BOMB)
            return
        body = b"<html><head><title>ok</title></head><body>ok</body></html>"
        self.send_response(404 if self.path.startswith("/robots") else 200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def server():
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield f"127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_every_size_overrun_is_too_large(tmp_path, server):
    sub = tmp_path / "s.yaml"
    sub.write_text(yaml.safe_dump({
        "agency": "a", "website": "http://agency.test/", "fiscal_year": 2566,
        "as_of": "2023-04-30", "items": {"O1": ["http://agency.test/chunked"],
                                         "O2": ["http://agency.test/bomb"],
                                         "O3": ["http://agency.test/ok"]}}), encoding="utf-8")  # fmt: skip
    db = tmp_path / "data" / "evidence.sqlite"
    result = subprocess.run(
        [str(OITCRAWL), "check", str(sub), "--db", str(db), "--out", str(tmp_path / "out"),
         "--allow-private", "--rewrite-host", f"agency.test={server}", "--max-bytes",
         str(1024 * 1024), "--delay", "0", "--retries", "0", "--quiet"],
        capture_output=True, text=True, timeout=120, env={**os.environ, "OITCRAWL_OCR": "0"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    store = Store(db)
    fetches = store.fetches(store.list_runs()[0]["id"])
    table = {u.rsplit("/", 1)[1]: (f["outcome"], f["error_kind"]) for u, f in fetches.items()}
    assert table == {"chunked": ("too_large", "too_large"), "bomb": ("too_large", "too_large"),
                     "ok": ("ok", None)}  # fmt: skip
    assert "Content-Length" in fetches["http://agency.test/chunked"]["error"]
    log = (tmp_path / "out" / "crawl.log").read_text(encoding="utf-8")
    assert "RemoteControl" not in log and "TelnetConsole" not in log  # no listener in a crawl


def test_a_bare_cancel_and_a_decompression_overrun_are_too_large():
    from scrapy.exceptions import DownloadCancelledError, IgnoreRequest

    assert classify_failure(DownloadCancelledError()).outcome == "too_large"
    bomb = IgnoreRequest("Ignored response <200 x> because its body (1 B compressed, 9 B "
                         "decompressed so far) exceeded DOWNLOAD_MAXSIZE (8 B) during "
                         "decompression.")  # fmt: skip
    assert classify_failure(bomb).error_kind == "too_large"
    assert classify_failure(IgnoreRequest("Forbidden by robots.txt")).outcome != "too_large"


def test_fetches_failing_for_a_local_reason_make_the_crawl_unhealthy():
    rows = [{"outcome": "not_sure", "error_kind": "error"}] * 6 + [{"outcome": "ok"}] * 4
    health = crawl_health(rows)
    assert health["unhealthy"] and health["errors_by_class"] == {"local": 6}
    assert "this machine" in health["reason_en"]
    healthy = crawl_health(
        [{"outcome": "not_sure", "error_kind": "error"}] + [{"outcome": "ok"}] * 9
    )
    assert not healthy["unhealthy"]


def test_urls_over_the_caps_are_left_out_with_a_warning():
    head = "agency: a\nwebsite: https://a.example.org/\nfiscal_year: 2566\nitems:\n"
    many = "".join(f"  - https://a.example.org/{i}\n" for i in range(MAX_URLS_PER_ITEM + 50))
    sub = parse_submission(head + "  O1:\n" + many)
    assert len(sub.items["O1"].urls) == MAX_URLS_PER_ITEM
    assert sub.dropped_urls == {"O1": 50}
    assert "50 URL(s) left out" in sub.cap_warnings()[0]
    per_item = MAX_URLS_PER_ITEM
    items = "".join(
        f"  O{n}: [{', '.join(f'https://a.example.org/{n}/{i}' for i in range(per_item))}]\n"
        for n in range(1, 12)
    )
    sub = parse_submission(head + items)
    assert len(sub.all_urls()) == MAX_URLS_PER_SUBMISSION
    assert sum(sub.dropped_urls.values()) == 11 * per_item - MAX_URLS_PER_SUBMISSION
