"""The evidence archive (oitcrawl/history/archive.py): `check --archive-to` writes a WACZ of every fetch,
each finding of report.json points at a WARC record in it, `wacz validate` accepts it, and
`oitcrawl replay` rebuilds the same report from it with the site gone (no network).

The bundled sample site is crawled once (module fixture) with eservice.bangkok.go.th sent to
a closed port, so the archive also holds fetches that never got an answer.
"""

from __future__ import annotations

import gzip
import json
import socket
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from oitcrawl.sample_site.server import sample_site_root, serve
from tests.conftest import run_cli

SUBMISSION = sample_site_root().parent / "submission.yaml"
FETCH_COLUMNS = (
    "url, depth, final_url, http_status, outcome, error_kind, error, redirect_chain_json, "
    "headers_json, content_type, sha256, bytes, retries, fetched_at"
)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def original(tmp_path_factory):
    """`oitcrawl check --archive-to` on the sample site; the server is stopped on return."""
    tmp = tmp_path_factory.mktemp("archive")
    archive = tmp / "evidence.wacz"
    with serve() as site:
        rules = [r for r in site.rewrite_rules() if not r.startswith("eservice.")]
        rules.append(f"eservice.bangkok.go.th=127.0.0.1:{_closed_port()}")
        args = ["check", str(SUBMISSION), "--out", str(tmp / "out"), "--db",
                str(tmp / "db" / "evidence.sqlite"), "--allow-private", "--quiet",
                "--delay", "0", "--concurrency", "4", "--retries", "0", "--timeout", "10",
                "--archive-to", str(archive)]  # fmt: skip
        for rule in rules:
            args += ["--rewrite-host", rule]
        result = run_cli(*args, env={"OITCRAWL_OCR": "0"})
        assert result.returncode == 0, result.stderr
        # a second, incremental run of the same agency: unchanged documents answer 304
        args[args.index("--out") + 1] = str(tmp / "out2")
        args[args.index("--archive-to") + 1] = str(tmp / "second.wacz")
        second = run_cli(*args, "--fresh", env={"OITCRAWL_OCR": "0"})
        assert second.returncode == 0, second.stderr
    report = json.loads((tmp / "out" / "report.json").read_text(encoding="utf-8"))
    return {"tmp": tmp, "archive": archive, "db": tmp / "db" / "evidence.sqlite", "report": report}


@pytest.fixture(scope="module")
def replayed(original):
    out = original["tmp"] / "replay"
    result = run_cli("replay", str(original["archive"]), "--out", str(out), "--quiet",
                     env={"OITCRAWL_OCR": "0"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return {"out": out, "db": out / "evidence.sqlite", "report": report}


def _warc_records(path: Path) -> dict[str, dict]:
    """{WARC-Record-ID: {type, uri, headers, status, payload}} read with warcio directly."""
    records = {}
    with zipfile.ZipFile(path) as zf, zf.open("archive/data.warc.gz") as fh:
        for rec in ArchiveIterator(fh):
            records[rec.rec_headers.get_header("WARC-Record-ID")] = {
                "type": rec.rec_type,
                "uri": rec.rec_headers.get_header("WARC-Target-URI"),
                "concurrent": rec.rec_headers.get_header("WARC-Concurrent-To"),
                "status": rec.http_headers.get_statuscode() if rec.http_headers else None,
                "payload": rec.content_stream().read(),
            }
    return records


def _item_table(report: dict) -> dict:
    return {
        "scores": report["scores"],
        "summary": report["summary"],
        "items": [
            {
                "id": i["id"],
                "status": i["status"],
                "score": i["score"],
                "findings": [
                    (f["code"], f["severity"], f["element"], f["url"], f["detail"], f["months"])
                    for f in i["findings"]
                ],
                "elements": [(e["id"], e["status"]) for e in i["elements"]],
                "fetches": [
                    (f["url"], f["outcome"], f["http_status"], f["error_kind"])
                    for f in i["fetches"]
                ],
                "note_th": i["note_th"],
            }
            for i in report["items"]
        ],
        "documents": [
            {k: d[k] for k in ("url", "outcome", "http_status", "sha256", "readability")}
            for d in report["documents"]
        ],
    }


def _fetch_table(db: Path, run_id: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            f"select {FETCH_COLUMNS} from fetches where run_id = ? order by url", [run_id]
        ).fetchall()


def test_replay_gives_the_same_report_with_the_site_gone(original, replayed):
    """The server is stopped: the replayed item table (status, codes, scores, notes,
    documents) and the whole fetch table equal the original's; the connection that was refused
    is still `unreachable` (review), not a missing element."""
    assert _item_table(replayed["report"]) == _item_table(original["report"])
    assert replayed["report"]["run"]["id"] == original["report"]["run"]["id"]
    run_id = original["report"]["run"]["id"]
    assert _fetch_table(replayed["db"], run_id) == _fetch_table(original["db"], run_id)
    o11 = next(i for i in replayed["report"]["items"] if i["id"] == "O11")
    assert {f["code"] for f in o11["findings"]} == {"unreachable"}
    assert o11["status"] == "review"
    eservice = [f for f in o11["fetches"] if "//eservice." in f["url"]]
    assert [f["error_kind"] for f in eservice] == ["connection_refused"] * len(eservice)
    assert eservice and all(f["outcome"] == "not_sure" for f in eservice)


def test_every_finding_with_a_url_points_at_its_record_in_the_archive(original, replayed):
    records = _warc_records(original["archive"])
    for report in (original["report"], replayed["report"]):
        cited = []
        for item in report["items"]:
            entries = [*item["findings"], *item["fetches"]]
            entries += [ev for el in item["elements"] for ev in el["evidence"]]
            for entry in entries:
                if entry["url"] is None:
                    assert "archive" not in entry
                    continue
                ref = entry["archive"]
                assert Path(ref["file"]) == original["archive"].resolve()
                assert ref["record_id"] in records, entry
                cited.append((item["id"], entry.get("code"), ref["record_id"]))
        assert len(cited) > 50
    by_code = {
        (item["id"], f["code"]): records[f["archive"]["record_id"]]
        for item in original["report"]["items"]
        for f in item["findings"]
        if f["url"]
    }
    # a 404 is shown by its response record, with the status the site answered
    broken = by_code[("O13", "broken_link")]
    assert (broken["type"], broken["status"]) == ("response", "404")
    # nothing answered: the metadata record holds the outcome
    refused = by_code[("O11", "unreachable")]
    assert refused["type"] == "metadata"
    assert json.loads(refused["payload"])["fetch"]["error_kind"] == "connection_refused"
    # report.html names the record beside each page and file opened
    html = (original["tmp"] / "out" / "report.html").read_text(encoding="utf-8")
    fetch_ids = {
        f["archive"]["record_id"] for i in original["report"]["items"] for f in i["fetches"]
    }
    assert fetch_ids and all(r.replace("<", "&lt;").replace(">", "&gt;") in html for r in fetch_ids)
    login = by_code[("O14", "login_required")]
    assert (login["type"], login["status"]) == ("response", "401")
    assert b"password" in login["payload"]


def test_the_archive_holds_every_fetch_and_validates_as_wacz(original):
    records = _warc_records(original["archive"])
    fetches = _fetch_table(original["db"], original["report"]["run"]["id"])
    types = [r["type"] for r in records.values()]
    answered = [f for f in fetches if f[3] is not None]
    assert types.count("warcinfo") == 1
    assert types.count("metadata") == len(fetches)
    assert types.count("response") == types.count("request") == len(answered)
    # each response carries the stored body byte for byte
    bodies = {r["uri"]: r["payload"] for r in records.values() if r["type"] == "response"}
    db_dir = original["db"].parent
    for f in answered:
        body = (db_dir / "blobs" / f[10][:2] / f[10]).read_bytes() if f[10] else b""
        assert bodies[f[2] or f[0]] == body
    with zipfile.ZipFile(original["archive"]) as zf:
        names = set(zf.namelist())
        pages = [json.loads(line) for line in zf.read("pages/pages.jsonl").splitlines()]
    assert {"datapackage.json", "indexes/index.cdx.gz", "pages/pages.jsonl"} <= names
    assert len(pages) > 20 and pages[0]["format"] == "json-pages-1.0"
    result = subprocess.run(
        [sys.executable, "-m", "wacz", "validate", "-f", str(original["archive"])],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "passed WACZ is valid" in result.stdout


def test_an_incremental_run_archives_304s_as_revisits_with_the_document_and_replays(
    original, tmp_path
):
    """Run 2 got 304 Not Modified for unchanged documents: each is a revisit record
    (server-not-modified) beside a resource record holding the stored document, and the
    replayed report equals run 2's."""
    tmp = original["tmp"]
    second = json.loads((tmp / "out2" / "report.json").read_text(encoding="utf-8"))
    run_id = second["run"]["id"]
    with sqlite3.connect(original["db"]) as conn:
        not_modified = conn.execute(
            "select url, sha256 from fetches where run_id = ? and http_status = 304", [run_id]
        ).fetchall()
    assert len(not_modified) > 20
    records = _warc_records(tmp / "second.wacz")
    revisits = {i: r for i, r in records.items() if r["type"] == "revisit"}
    assert len(revisits) == len(not_modified)
    assert {r["status"] for r in revisits.values()} == {"304"}
    blobs = original["db"].parent / "blobs"
    documents = {r["concurrent"]: r["payload"] for r in records.values() if r["type"] == "resource"}
    for _, sha in not_modified:
        assert (blobs / sha[:2] / sha).read_bytes() in documents.values()
    assert set(documents) == set(revisits)
    out = tmp_path / "replay2"
    result = run_cli("replay", str(tmp / "second.wacz"), "--out", str(out), "-q",
                     env={"OITCRAWL_OCR": "0"})  # fmt: skip
    assert result.returncode == 0, result.stderr
    replayed = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert _item_table(replayed) == _item_table(second)
    verdicts = [(i["id"], i["status"], i["findings"]) for i in _item_table(second)["items"]]
    assert verdicts == [
        (i["id"], i["status"], i["findings"]) for i in _item_table(original["report"])["items"]
    ]


def test_archive_command_writes_a_warc_gz_that_evaluate_then_cites(original, tmp_path):
    run_id = original["report"]["run"]["id"]
    warc = tmp_path / "again.warc.gz"
    result = run_cli("archive", run_id, "--db", str(original["db"]), "--out", str(warc))
    assert result.returncode == 0, result.stderr
    with warc.open("rb") as fh:
        records = {}
        for rec in ArchiveIterator(fh):
            records[rec.rec_headers.get_header("WARC-Record-ID")] = rec.rec_type
            if rec.rec_type == "warcinfo":
                info = rec.content_stream().read().decode()
    assert f'"id": "{run_id}"' in info
    out = tmp_path / "eval"
    result = run_cli("evaluate", run_id, "--db", str(original["db"]), "--out", str(out), "-q")
    assert result.returncode == 0, result.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    refs = [f["archive"] for i in report["items"] for f in i["fetches"]]
    assert refs and all(Path(r["file"]) == warc.resolve() for r in refs)
    assert all(r["record_id"] in records for r in refs)


def test_replay_refuses_bad_archives_with_the_file_named(original, tmp_path):
    text = tmp_path / "notes.warc.gz"
    text.write_text("not an archive at all\n")
    damaged = tmp_path / "damaged.wacz"
    data = original["archive"].read_bytes()
    damaged.write_bytes(data[: len(data) // 2])
    empty_zip = tmp_path / "empty.wacz"
    with zipfile.ZipFile(empty_zip, "w") as zf:
        zf.writestr("datapackage.json", "{}")
    for bad in (text, damaged, empty_zip, tmp_path / "missing.wacz"):
        result = run_cli("replay", str(bad), "--out", str(tmp_path / "out"))
        assert result.returncode == 2, (bad, result.stderr)
        assert str(bad) in result.stderr.replace("\n", "")
        assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()  # nothing written for a file that is not an archive
    # one byte of a stored page changed: the record's digest no longer matches
    with zipfile.ZipFile(original["archive"]) as zf:
        warc = gzip.decompress(zf.read("archive/data.warc.gz"))
    tampered = tmp_path / "tampered.warc"  # uncompressed WARC: readable too
    tampered.write_bytes(warc.replace(b"<html", b"<HTML", 1))
    result = run_cli("replay", str(tampered), "--out", str(tmp_path / "out-tampered"))
    assert result.returncode == 2
    assert "does not match its digest" in " ".join(result.stderr.split())
    assert str(tampered) in result.stderr.replace("\n", "")
    # replaying into a store that already holds the run is refused, nothing overwritten
    result = run_cli("replay", str(original["archive"]), "--db", str(original["db"]))
    assert result.returncode == 2
    assert "already in this store" in result.stderr


def test_check_refuses_an_archive_name_it_cannot_write_before_crawling(tmp_path):
    result = run_cli("check", str(SUBMISSION), "--archive-to", str(tmp_path / "x.zip"),
                     "--db", str(tmp_path / "e.sqlite"))  # fmt: skip
    assert result.returncode == 2
    assert ".wacz" in result.stderr and "x.zip" in result.stderr
    assert not (tmp_path / "e.sqlite").exists()
