"""`oitcrawl summary`: the overview across agencies an auditor reads first — each agency's
latest completed run as one row of item statuses, with the OIT score and rating and the items
that fail, and the items that fail most often across the agencies.

Outputs: summary.html (sortable by any column: a 20-line inline script allowed by its CSP hash,
nothing else runs; everything escaped), summary.csv + summary-items.csv (UTF-8 with BOM for
Excel) and summary.xlsx (sheets "หน่วยงาน (Agencies)" and "ไม่ผ่านบ่อย (Failing items)").
Spreadsheet cells that would run as a formula are neutralised as in suggestions.py.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from oitcrawl import __version__
from oitcrawl.history import ensure_results
from oitcrawl.reports import templates
from oitcrawl.reports.report_html import safe_href, score_text, timestamp_text
from oitcrawl.reports.suggestions import neutralise
from oitcrawl.store import RUN_COMPLETED, Store

STATUS_LABEL = {
    "pass": ("ผ่าน", "pass", "✓"),
    "fail": ("ไม่ผ่าน", "fail", "✗"),
    "review": ("ต้องตรวจสอบ", "review", "!"),
    "not_applicable": ("ไม่เกี่ยวข้อง", "n/a", "–"),
    None: ("ไม่ได้ประเมิน", "not evaluated", "·"),
}
#: Sort order of a status column: what blocks the score first.
STATUS_ORDER = {"fail": 0, "review": 1, "pass": 2, "not_applicable": 3, None: 4}
FAILING = ("fail", "review")

#: Click a column header to sort by it (again: reverse). Cells carry data-v (number or text).
SORT_SCRIPT = """
document.querySelectorAll("table.sortable").forEach(function (table) {
  table.querySelectorAll("thead th").forEach(function (th, col) {
    th.tabIndex = 0;
    function sort() {
      var body = table.tBodies[0], asc = th.getAttribute("aria-sort") !== "ascending";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].dataset.v, y = b.cells[col].dataset.v;
        var nx = parseFloat(x), ny = parseFloat(y);
        var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : String(x).localeCompare(String(y), "th");
        return asc ? c : -c;
      });
      table.querySelectorAll("thead th").forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
  });
});
"""


def script_hash(script: str) -> str:
    """The CSP source for an inline script: "'sha256-<base64>'"."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


class SummaryError(ValueError):
    """Nothing to summarise as asked (no completed run, unknown agency)."""


def build_summary(store: Store, agencies: list[str] | None = None) -> dict[str, Any]:
    """The summary of the latest completed run of every agency (or of `agencies`, by name),
    as a dict: {"generated_at", "tool", "frameworks": [{"id", "items": [{"id", "title_th",
    "title_en"}], "agencies": [{name, website, run_id, started_at, fiscal_year, oit,
    rating_th, rating_en, statuses {item: status}, failing [item ids]}], "most_failing":
    [{item, title_th, title_en, count, of, agencies}]}]}. Runs without stored results are
    evaluated first. Raises SummaryError when nothing matches."""
    runs = [r for r in store.list_runs() if r["status"] == RUN_COMPLETED]
    latest: dict[tuple[str, str], dict[str, Any]] = {}
    for r in sorted(runs, key=lambda r: (r["started_at"], r["id"])):
        run = store.get_run(r["id"])
        latest[(run.agency, run.website)] = r
    if agencies:
        unknown = [a for a in agencies if a not in {k[0] for k in latest}]
        if unknown:
            known = ", ".join(sorted({k[0] for k in latest})) or "none"
            raise SummaryError(
                f"--agency {', '.join(unknown)}: ไม่พบผลการตรวจที่เสร็จสมบูรณ์ของหน่วยงานนี้ / "
                f"no completed run of this agency; agencies in the store: {known}"
            )
        latest = {k: v for k, v in latest.items() if k[0] in agencies}
    if not latest:
        raise SummaryError(
            "ยังไม่มีผลการตรวจที่เสร็จสมบูรณ์ / no completed run in this store; run `oitcrawl check`"
        )
    frameworks: dict[str, dict[str, Any]] = {}
    for (name, website), r in sorted(latest.items()):
        run = store.get_run(r["id"])
        ensure_results(store, run)
        ev = next(store.db.query("select * from evaluations where run_id = ?", [run.id]))
        items = list(
            store.db.query(
                "select * from item_results where run_id = ? order by position", [run.id]
            )
        )
        fw = frameworks.setdefault(run.framework, {"id": run.framework, "items": {}, "rows": []})
        for it in items:
            fw["items"].setdefault(
                it["item_id"],
                {"id": it["item_id"], "title_th": it["title_th"], "title_en": it["title_en"]},
            )
        statuses = {it["item_id"]: it["status"] for it in items}
        fw["rows"].append(
            {
                "name": name,
                "website": website,
                "run_id": run.id,
                "started_at": run.started_at,
                "fiscal_year": run.fiscal_year,
                "oit": ev["oit"],
                "rating_th": ev["rating_th"],
                "rating_en": ev["rating_en"],
                "statuses": statuses,
                "failing": [i for i, s in statuses.items() if s in FAILING],
            }
        )
    out = []
    for fw in frameworks.values():
        items = list(fw["items"].values())
        rows = fw["rows"]
        counts = []
        for it in items:
            failing = [r["name"] for r in rows if r["statuses"].get(it["id"]) in FAILING]
            evaluated = sum(1 for r in rows if it["id"] in r["statuses"])
            if failing:
                counts.append({"item": it["id"], "title_th": it["title_th"],
                               "title_en": it["title_en"], "count": len(failing),
                               "of": evaluated, "agencies": failing})  # fmt: skip
        order = {it["id"]: n for n, it in enumerate(items)}
        counts.sort(key=lambda c: (-c["count"], order[c["item"]]))
        out.append({"id": fw["id"], "items": items, "agencies": rows, "most_failing": counts})
    return {
        "tool": {"name": "oitcrawl", "version": __version__},
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "frameworks": out,
    }


# -- tables (shared by CSV and XLSX) -----------------------------------------------------------
def agency_table(summary: dict[str, Any]) -> list[list[str]]:
    """Header + one row per agency (all frameworks; item columns of every framework in order):
    agency, website, framework, fiscal year, run, OIT score, rating, failing items, statuses."""
    item_ids = list(dict.fromkeys(it["id"] for fw in summary["frameworks"] for it in fw["items"]))
    header = ["หน่วยงาน (Agency)", "เว็บไซต์ (Website)", "กรอบการประเมิน (Framework)",
              "ปีงบประมาณ (Fiscal year)", "การตรวจ (Run)", "คะแนน OIT (OIT score)",
              "ระดับ (Rating)", "ข้อที่ไม่ผ่าน (Failing items)", *item_ids]  # fmt: skip
    rows = [header]
    for fw in summary["frameworks"]:
        for a in fw["agencies"]:
            rows.append([a["name"], a["website"], fw["id"], str(a["fiscal_year"]), a["run_id"],
                         score_text(a["oit"]), a["rating_th"] or "", ", ".join(a["failing"]),
                         *(STATUS_LABEL[a["statuses"].get(i)][0] if i in a["statuses"] else ""
                           for i in item_ids)])  # fmt: skip
    return rows


def items_table(summary: dict[str, Any]) -> list[list[str]]:
    """Header + the items failing most often: framework, item, title, agencies failing, of,
    which agencies."""
    rows = [["กรอบการประเมิน (Framework)", "ข้อ (Item)", "ชื่อข้อ (Title)",
             "จำนวนหน่วยงานที่ไม่ผ่าน (Agencies failing)", "จากทั้งหมด (Of)",
             "หน่วยงาน (Agencies)"]]  # fmt: skip
    for fw in summary["frameworks"]:
        for c in fw["most_failing"]:
            rows.append([fw["id"], c["item"], c["title_th"], str(c["count"]), str(c["of"]),
                         ", ".join(c["agencies"])])  # fmt: skip
    return rows


def _write_csv(rows: list[list[str]], path: Path) -> Path:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows:
            writer.writerow([neutralise(v) for v in row])
    tmp.replace(path)
    return path


_BOLD = Font(bold=True)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
_FILLS = {
    "ไม่ผ่าน": PatternFill("solid", fgColor="FDE3E1"),
    "ต้องตรวจสอบ": PatternFill("solid", fgColor="FFF0C2"),
    "ผ่าน": PatternFill("solid", fgColor="DCF5E3"),
}


def _sheet(ws: Any, rows: list[list[str]], widths: dict[int, int]) -> None:
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            cell = ws.cell(row=r, column=c)
            cell.value = value
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if r == 1:
                cell.font, cell.fill = _BOLD, _HEAD_FILL
            elif value in _FILLS:
                cell.fill = _FILLS[value]
    for c in range(1, len(rows[0]) + 1):
        ws.column_dimensions[get_column_letter(c)].width = widths.get(c, 12)
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(rows[0]))}{len(rows)}"


def write_xlsx(summary: dict[str, Any], path: Path) -> Path:
    """summary.xlsx: the agency table and the failing-items table, every cell text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "หน่วยงาน (Agencies)"
    _sheet(ws, agency_table(summary), {1: 30, 2: 36, 3: 18, 5: 24, 7: 18, 8: 30})
    _sheet(wb.create_sheet("ไม่ผ่านบ่อย (Failing items)"), items_table(summary),
           {1: 18, 2: 6, 3: 50, 4: 14, 5: 10, 6: 60})  # fmt: skip
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    wb.save(tmp)
    tmp.replace(path)
    return path


# -- HTML ----------------------------------------------------------------------------------------
def render_html(summary: dict[str, Any]) -> str:
    """summary.html: one self-contained page; only the sort script runs (CSP hash)."""
    env = templates.environment(
        dict(safe_href=safe_href, score=score_text, timestamp=timestamp_text)
    )
    return env.get_template("summary.html.j2").render(
        s=summary,
        labels=STATUS_LABEL,
        order=STATUS_ORDER,
        script=Markup(SORT_SCRIPT),  # a constant of this module, never data
        script_hash=Markup(script_hash(SORT_SCRIPT)),  # base64 and quotes only
    )


def write_all(summary: dict[str, Any], out_dir: Path) -> list[Path]:
    """Write summary.html, summary.csv, summary-items.csv and summary.xlsx into `out_dir`
    (created if needed), each atomically. Returns the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    html = out_dir / "summary.html"
    tmp = html.with_name(f".{html.name}.{os.getpid()}.tmp")
    tmp.write_text(render_html(summary), encoding="utf-8", newline="\n")
    tmp.replace(html)
    return [
        html,
        _write_csv(agency_table(summary), out_dir / "summary.csv"),
        _write_csv(items_table(summary), out_dir / "summary-items.csv"),
        write_xlsx(summary, out_dir / "summary.xlsx"),
    ]


def print_summary(summary: dict[str, Any], console: Console) -> None:
    """Terminal table: agency, OIT score, rating, failing items; then the most failing items."""
    for fw in summary["frameworks"]:
        table = Table(title=fw["id"])
        for col in ("หน่วยงาน / agency", "OIT", "ระดับ / rating", "ไม่ผ่าน / failing"):
            table.add_column(col)
        for a in fw["agencies"]:
            table.add_row(escape(a["name"]), score_text(a["oit"]), escape(a["rating_th"] or "—"),
                          ", ".join(a["failing"]) or "—")  # fmt: skip
        console.print(table)
        if fw["most_failing"]:
            console.print("ข้อที่ไม่ผ่านบ่อยที่สุด / items failing most often:", highlight=False)
            for c in fw["most_failing"][:10]:
                console.print(f"  {c['item']} {c['count']}/{c['of']} — {escape(c['title_th'])}",
                              highlight=False)  # fmt: skip
