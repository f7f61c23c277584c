"""A batch evaluates an agency as soon as its own crawl is over, while the crawl goes on for
the others: the fast agency's report is written before the slow agency's last fetch ends,
and both reports are what evaluating after the crawl gives (the serial path)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
import time

from oitcrawl.sample_site.server import serve
from tests.test_batch import _run
from tests.test_incremental import item_table

SLOW_S = 12.0  # the slow agency's one slow document (room for a loaded machine)


def _site(root):
    for host in ("fast.test", "slow.test"):
        (root / host / "docs").mkdir(parents=True)
        (root / host / "index.html").write_text(
            "<html><body><div class='content'><h1>โครงสร้างหน่วยงาน</h1>"
            "<a href='/docs/แผนภูมิ.pdf'>แผนภูมิโครงสร้าง</a> <a href='/docs/slow.pdf'>คำสั่ง</a>"
            "</div></body></html>",
            encoding="utf-8",
        )
        for name in ("แผนภูมิ.pdf", "slow.pdf"):
            (root / host / "docs" / name).write_bytes(b"%PDF-1.4\n%%EOF\n" + host.encode())


def _csv(path):
    rows = ["agency,website,framework,fiscal_year,as_of,O1"]
    for n, host in enumerate(("fast.test", "slow.test")):
        rows.append(f"หน่วยงาน {n},https://{host}/,bma-district-2566,2566,2023-04-30,"
                    f"https://{host}/index.html")  # fmt: skip
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _args(site, csv_path, out):
    args = [sys.executable, "-m", "oitcrawl", "batch", str(csv_path), "--quiet", "--db",
            str(out / "e.sqlite"), "--out", str(out), "--delay", "0", "--retries", "0",
            "--timeout", "30", "--allow-private"]  # fmt: skip
    for host in ("fast.test", "slow.test"):
        args += ["--rewrite-host", f"{host}={site.address}"]
    return args


def test_an_agency_is_evaluated_while_the_crawl_goes_on(tmp_path):
    _site(tmp_path / "site")
    csv_path = _csv(tmp_path / "agencies.csv")

    def slow(handler) -> bool:
        if handler.headers.get("Host", "").startswith("slow.test"):
            time.sleep(SLOW_S)
        return False  # then served as usual

    reports = {}
    with serve(tmp_path / "site", extra_routes={"/docs/slow.pdf": slow}) as site:
        for label, workers in (("pool", 2), ("serial", 1)):
            out = tmp_path / label
            args = _args(site, csv_path, out)
            result = _run(args, workers=workers)
            assert result.returncode == 0, result.stderr
            index = json.loads((out / "batch.json").read_text(encoding="utf-8"))
            reports[label] = {
                a["agency"]: json.loads((out / a["slug"] / "report.json").read_text("utf-8"))
                for a in index["agencies"]
            }
            if label == "pool":
                fast_written = (out / index["agencies"][0]["slug"] / "report.json").stat().st_mtime
                with sqlite3.connect(out / "e.sqlite") as conn:
                    (slow_fetched,) = conn.execute(
                        "select max(fetched_at) from fetches where url like '%slow.test/docs/slow%'"
                    ).fetchone()
    # the fast agency's report was written while the slow document was still being fetched
    slow_done = dt.datetime.fromisoformat(slow_fetched).timestamp()
    assert fast_written < slow_done - 1, (fast_written, slow_done)
    for agency, report in reports["pool"].items():
        assert item_table(report) == item_table(reports["serial"][agency])
        assert report["scores"] == reports["serial"][agency]["scores"]
