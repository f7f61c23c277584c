"""Incremental re-crawls: a second run of the same agency asks conditionally (ETag /
Last-Modified), records each 304 as a fetch of its own pointing at the stored document, and
neither downloads nor extracts an unchanged document again; a changed one is fetched anew."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from oitcrawl.sample_site.server import sample_site_root, serve
from oitcrawl.store import Store
from tests.conftest import run_cli

SUBMISSION = sample_site_root().parent / "submission.yaml"
CHANGED = "webportal.bangkok.go.th/huaikhwang/page/sub/863.html"  # O1 โครงสร้างหน่วยงาน


def item_table(report: dict) -> dict:
    """What a reader compares between two reports: per item its status, score and findings."""
    return {
        i["id"]: (i["status"], i["score"],
                  [(f["code"], f["severity"], f["element"], f["url"], f["detail"],
                    tuple(f["months"])) for f in i["findings"]])
        for i in report["items"]
    }  # fmt: skip


def check_site(tmp_path, site, *extra):
    """`oitcrawl check` of the sample submission against `site` with options `extra`: (the
    report, body bytes the site sent, requests it answered)."""
    args = ["check", str(SUBMISSION), "--quiet", "--db", str(tmp_path / "data" / "e.sqlite"),
            "--out", str(tmp_path / "out"), "--delay", "0", "--concurrency", "4",
            "--retries", "0", "--timeout", "20", "--allow-private", *extra]  # fmt: skip
    for rule in site.rewrite_rules():
        args += ["--rewrite-host", rule]
    sent, asked = site.server.bytes_sent, site.server.requests_answered
    result = run_cli(*args, env={"OITCRAWL_OCR": "0"}, timeout=240)
    assert result.returncode == 0, result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    return report, site.server.bytes_sent - sent, site.server.requests_answered - asked


def _extracts(db) -> dict:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("select sha256, extracted_at from extracts"))


@pytest.fixture
def site_copy(tmp_path):
    root = tmp_path / "site"
    shutil.copytree(sample_site_root(), root)
    return root


def test_second_run_is_conditional_and_a_change_is_fetched_again(tmp_path, site_copy):
    db = tmp_path / "data" / "e.sqlite"
    with serve(site_copy) as site:
        first, sent_first, _ = check_site(tmp_path, site)
        extracts_first = _extracts(db)
        second, sent_second, _ = check_site(tmp_path, site)
        extracts_second = _extracts(db)
        page = site_copy / CHANGED
        page.write_text(page.read_text(encoding="utf-8").replace("</body>", "<p>แก้ไข</p></body>"),
                        encoding="utf-8")  # fmt: skip
        third, _, _ = check_site(tmp_path, site)

    store = Store(db)
    runs = [r["id"] for r in reversed(store.list_runs())]
    assert len(runs) == 3 and second["run"]["id"] == runs[1]
    f1, f2, f3 = (store.fetches(r) for r in runs)
    assert set(f2) == set(f1)  # the run still records every URL it saw
    # every document answered 200 the first time is a 304 now, pointing at the same body
    ok_first = {u for u, f in f1.items() if f["http_status"] == 200}
    assert ok_first and {u for u, f in f2.items() if f["http_status"] == 304} == ok_first
    for url in ok_first:
        assert (f2[url]["sha256"], f2[url]["bytes"], f2[url]["outcome"]) == (
            f1[url]["sha256"], f1[url]["bytes"], "ok")  # fmt: skip
        assert f2[url]["fetched_at"] >= f1[url]["fetched_at"]
        assert "etag" in json.loads(f2[url]["headers_json"])
    assert sent_second < sent_first / 50, (sent_first, sent_second)
    assert extracts_second == extracts_first  # nothing extracted again
    assert item_table(second) == item_table(first)
    health = second["health"]
    assert health["not_modified"] == len(ok_first) and health["bytes_downloaded"] < sent_first / 50

    # the changed page is downloaded again (new sha256); everything else stays 304
    changed = [u for u, f in f3.items() if f["http_status"] == 200]
    assert len(changed) == 1 and "/page/sub/863" in changed[0]
    assert f3[changed[0]]["sha256"] != f1[changed[0]]["sha256"]
    assert item_table(third) == item_table(first)


def test_without_validators_unchanged_bodies_are_deduplicated_by_checksum(tmp_path):
    root = tmp_path / "site" / "agency.test"
    (root / "docs").mkdir(parents=True)
    links = "".join(f"<a href='/docs/แผน {i}.pdf'>แผน {i}</a>" for i in range(6))
    (root / "index.html").write_text(
        f"<html><body><div class='content'>โครงสร้างหน่วยงาน {links}</div></body></html>",
        encoding="utf-8",
    )
    for i in range(6):
        (root / "docs" / f"แผน {i}.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n" + bytes([i]) * 5000)
    sub = tmp_path / "sub.yaml"
    sub.write_text(
        "agency: หน่วยงานทดสอบ\nwebsite: https://agency.test/\nfiscal_year: 2566\n"
        "as_of: 2023-04-30\nitems:\n  O1: [https://agency.test/index.html]\n",
        encoding="utf-8",
    )
    db = tmp_path / "data" / "e.sqlite"
    args = ["check", str(sub), "--quiet", "--db", str(db), "--out", str(tmp_path / "out"),
            "--delay", "0", "--retries", "0", "--allow-private"]  # fmt: skip
    reports, sent, blobs, extracts = [], [], [], []
    with serve(tmp_path / "site", validators=False) as site:
        for _ in range(2):
            before = site.server.bytes_sent
            result = run_cli(*args, "--rewrite-host", f"agency.test={site.address}", timeout=120)
            assert result.returncode == 0, result.stderr
            sent.append(site.server.bytes_sent - before)
            reports.append(json.loads((tmp_path / "out" / "report.json").read_text("utf-8")))
            blobs.append(sorted(p.name for p in (db.parent / "blobs").rglob("*") if p.is_file()))
            extracts.append(_extracts(db))
    store = Store(db)
    r1, r2 = (r["id"] for r in reversed(store.list_runs()))
    f1, f2 = store.fetches(r1), store.fetches(r2)
    assert len(f1) == 7 and not any(f["http_status"] == 304 for f in f2.values())
    assert sent[1] == sent[0] > 30000  # downloaded again: the server gives no validators …
    assert {u: f["sha256"] for u, f in f2.items()} == {u: f["sha256"] for u, f in f1.items()}
    assert blobs[1] == blobs[0] and len(blobs[0]) == 7  # … but no body is stored twice
    assert extracts[1] == extracts[0]  # … nor extracted again
    assert item_table(reports[1]) == item_table(reports[0])
