"""Issue 14: the assessed fiscal year follows today's date when a submission does not say it
(today is in fiscal year 2570: 1 Oct 2569 – 30 Sep 2570), including at the 30 Sep / 1 Oct
boundary, through the parser and through the real CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml

from oitcrawl.sample_site.server import serve
from oitcrawl.submission import current_fiscal_year, parse_submission
from tests.conftest import run_cli

PAGE = "https://webportal.bangkok.go.th/huaikhwang/page/sub/863/โครงสร้างหน่วยงาน"


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        ("2026-09-30", 2569),
        ("2026-10-01", 2570),
        ("2026-12-05", 2570),
        ("2027-01-01", 2570),
        ("2027-09-30", 2570),
        ("2027-10-01", 2571),
        ("2022-10-01", 2566),
        ("2023-04-30", 2566),
    ],
)
def test_the_fiscal_year_of_a_day(day, fiscal_year):
    today = dt.date.fromisoformat(day)
    assert current_fiscal_year(today) == fiscal_year
    text = yaml.safe_dump({"agency": "ก", "website": "https://webportal.bangkok.go.th/huaikhwang",
                           "framework": "bma-district-2566", "as_of": day,
                           "items": {"O1": [PAGE]}}, allow_unicode=True)  # fmt: skip
    assert parse_submission(text, "s.yaml").fiscal_year == fiscal_year


def test_a_written_fiscal_year_wins():
    text = "agency: ก\nwebsite: https://a.go.th/\nfiscal_year: 2566\nas_of: 2026-12-05\n"
    assert (
        parse_submission(text + "items: {O1: [https://a.go.th/x]}\n", "s.yaml").fiscal_year == 2566
    )


def test_check_without_a_fiscal_year_assesses_the_current_one(tmp_path):
    today = dt.date.today()
    want = today.year + 543 + (today.month >= 10)  # written out, not the function under test
    sub = tmp_path / "s.yaml"
    sub.write_text(yaml.safe_dump({"agency": "สำนักงานเขตห้วยขวาง",
                                   "website": "https://webportal.bangkok.go.th/huaikhwang",
                                   "framework": "bma-district-2566", "items": {"O1": [PAGE]}},
                                  allow_unicode=True), encoding="utf-8")  # fmt: skip
    with serve() as site:
        rewrites = [a for rule in site.rewrite_rules() for a in ("--rewrite-host", rule)]
        result = run_cli("check", str(sub), "--db", str(tmp_path / "e.sqlite"), "--out",
                         str(tmp_path / "out"), "--allow-private", "--delay", "0", "--quiet",
                         *rewrites, env={"OITCRAWL_OCR": "0"})  # fmt: skip
    assert result.returncode in (0, 3), result.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert (report["fiscal_year"], report["run"]["as_of"]) == (want, today.isoformat())


@pytest.mark.parametrize(
    ("text", "size"),
    [("50MB", 50_000_000), ("2GiB", 2 * 2**30), ("1.5 GB", 1_500_000_000), ("500k", 500_000),
     ("1048576", 1048576), ("10 mib", 10 * 2**20)],
)  # fmt: skip
def test_sizes_accept_units(text, size):
    """Issue 14: --max-bytes / --max-total-bytes take 50MB, 2GiB … as well as bytes."""
    from oitcrawl.cli import parse_size

    assert parse_size(text) == size


def test_help_groups_the_commands_and_speaks_thai_first():
    """Issue 14: `--help` groups the commands and gives each a Thai line with English beside."""
    result = run_cli("--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    panels = ["ตรวจและรายงาน / Check and report", "ผู้ตรวจหลายหน่วยงาน / Auditor",
              "ตรวจแบบกระจาย / Distributed", "เครื่องมือ / Tools"]  # fmt: skip
    starts = sorted((text.index(p), p) for p in panels)

    def panel_of(command: str) -> str:
        at = text.index(f"│ {command} ")
        return [p for start, p in starts if start < at][-1]

    assert {c: panel_of(c) for c in ("check", "review", "runs", "batch", "worker", "inspect")} == {
        "check": panels[0], "review": panels[0], "runs": panels[1], "batch": panels[1],
        "worker": panels[2], "inspect": panels[3],
    }  # fmt: skip
    assert "ตรวจเว็บไซต์ตามไฟล์ที่ส่ง แล้วเขียนรายงาน / Crawl" in text


def test_after_the_demo_runs_says_which_database_to_open(tmp_path):
    """Issue 14: `runs`/`evaluate`/`serve` without --db after `oitcrawl demo` name the demo's
    store instead of only saying that there is none."""
    (tmp_path / "oitcrawl-demo").mkdir()
    (tmp_path / "oitcrawl-demo" / "evidence.sqlite").write_bytes(b"")
    result = run_cli("runs", cwd=tmp_path)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "--db oitcrawl-demo/evidence.sqlite" in result.stderr
    (tmp_path / "oitcrawl-demo" / "evidence.sqlite").unlink()
    result = run_cli("runs", cwd=tmp_path)
    assert result.returncode == 2 and "pass --db PATH" in result.stderr


def test_the_status_line_ends_stdout_and_the_report_path_ends_the_terminal(tmp_path):
    """Issue 14: the machine-readable status is the last line of stdout; the last line a
    person sees (stderr) says where report.html is."""
    result = run_cli("demo", "--out", str(tmp_path / "d"), env={"OITCRAWL_OCR": "0"})
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1])["schema"] == "oitcrawl/status@1"
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("เปิดรายงานที่ / open the report: ")
    assert last.endswith(str((tmp_path / "d" / "report.html").resolve()))
