"""Three real runs for the history tests (diff, --since, summary, serve), made once per test
session: the sample site copied to a temporary folder and served on 127.0.0.1,

- run A: สำนักงานเขตห้วยขวาง on the sample site as shipped;
- then the site is changed: the March 2566 procurement summary (O20) is deleted, and the broken
  O13 checklist link is fixed (a DOCX checklist is put at its URL);
- run B: the same agency, `check --since A`;
- run C: the same submission without O2, under another agency name ("สำนักงานเขตทดสอบ"), on the
  changed site.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from oitcrawl.sample_site.server import sample_site_root, serve
from tests.conftest import run_cli

PROCUREMENT = "webportal.bangkok.go.th/public/user_files_editor/59/Data Room HK/Procurement new"
MARCH = "O20 summary procurement Mar 2566.pdf"
CHECKLIST_DIR = "webportal.bangkok.go.th/public/user_files_editor/59/ITA/ITA66/O13/สนย"
CHECKLIST = "check list บ้านไม่เกิน 3 ชั้น rev.1.pdf"
OTHER_AGENCY = "สำนักงานเขตทดสอบ"


@dataclass
class HistoryRuns:
    db: Path
    site: Path
    run_a: str
    run_b: str
    run_c: str
    report_a: dict
    report_b: dict
    out_b: Path


_CACHE: dict[str, HistoryRuns] = {}


def _checklist_docx(path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_heading("รายการตรวจ (Checklist) เอกสารประกอบการพิจารณาออกใบอนุญาตก่อสร้างอาคาร", 1)
    for line in ("สำเนาบัตรประจำตัวประชาชน", "แบบคำขออนุญาตก่อสร้างอาคาร (แบบ ข.1)",
                 "แบบแปลนอาคาร", "หนังสือยินยอมของเจ้าของที่ดิน"):  # fmt: skip
        doc.add_paragraph(line, style="List Bullet")
    doc.save(str(path))


def check(site_root: Path, submission: Path, db: Path, out: Path, *extra: str) -> dict:
    """Run `oitcrawl check` on the site served from `site_root`; returns report.json."""
    with serve(site_root) as site:
        args = ["check", str(submission), "--db", str(db), "--out", str(out), "--quiet",
                "--allow-private", "--delay", "0", "--concurrency", "4", "--timeout", "10",
                "--retries", "0", "--fresh"]  # fmt: skip
        for rule in site.rewrite_rules():
            args += ["--rewrite-host", rule]
        result = run_cli(*args, *extra, env={"OITCRAWL_OCR": "0"})
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def history_runs(tmp_path_factory) -> HistoryRuns:
    """The three runs (made on first use, then shared by every test module)."""
    if "runs" in _CACHE:
        return _CACHE["runs"]
    tmp = tmp_path_factory.mktemp("history")
    site = tmp / "site"
    shutil.copytree(sample_site_root(), site)
    submission = sample_site_root().parent / "submission.yaml"
    db = tmp / "data" / "evidence.sqlite"
    report_a = check(site, submission, db, tmp / "a")
    (site / PROCUREMENT / MARCH).unlink()
    (site / CHECKLIST_DIR).mkdir(parents=True, exist_ok=True)
    _checklist_docx(site / CHECKLIST_DIR / CHECKLIST)
    report_b = check(site, submission, db, tmp / "b", "--since", report_a["run"]["id"])
    other = yaml.safe_load(submission.read_text(encoding="utf-8"))
    other["agency"] = OTHER_AGENCY
    del other["items"]["O2"]  # this agency submitted nothing for O2: it fails
    other_path = tmp / "other.yaml"
    other_path.write_text(yaml.safe_dump(other, allow_unicode=True), encoding="utf-8")
    report_c = check(site, other_path, db, tmp / "c")
    runs = HistoryRuns(db, site, report_a["run"]["id"], report_b["run"]["id"],
                       report_c["run"]["id"], report_a, report_b, tmp / "b")  # fmt: skip
    _CACHE["runs"] = runs
    return runs
