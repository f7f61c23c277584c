"""The short terminal summary of a report@1 dict: score, rating, and every item that does not
pass with its first reason (Thai first, English beside it)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

STATUS_TEXT = {
    "pass": "[green]ผ่าน / pass[/]",
    "fail": "[red]ไม่ผ่าน / fail[/]",
    "review": "[yellow]ต้องตรวจสอบ / review[/]",
    "not_applicable": "[dim]ไม่เกี่ยวข้อง / n/a[/]",
}


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def print_summary(report: dict[str, Any], console: Console) -> None:
    """Print the summary of `report` (report@1) on `console`."""
    scores, summary = report["scores"], report["summary"]
    rating = scores["rating"] or {"label_th": "—", "label_en": "—"}
    console.print(
        f"[bold]{report['agency']['name']}[/] — {report['framework']['title']} "
        f"ปีงบประมาณ พ.ศ. {report['fiscal_year']} (run {report['run']['id']})",
        highlight=False,
    )
    console.print(
        f"คะแนน OIT เบื้องต้น / provisional OIT score: [bold]{_score(scores['oit'])}[/] "
        f"— {rating['label_th']} / {rating['label_en']}",
        highlight=False,
    )
    if scores["ita"]:
        ita = scores["ita"]
        console.print(
            f"ITA = IIT {_score(ita['iit'])} × 0.3 + EIT {_score(ita['eit'])} × 0.3 + "
            f"OIT {_score(ita['oit'])} × 0.4 = [bold]{_score(ita['total'])}[/] — "
            f"{ita['rating']['label_th']} / {ita['rating']['label_en']}",
            highlight=False,
        )
    console.print(
        f"ผ่าน / pass {summary['pass']} · ไม่ผ่าน / fail {summary['fail']} · "
        f"ต้องตรวจสอบ / review {summary['review']} · ไม่เกี่ยวข้อง / n/a "
        f"{summary['not_applicable']} (จาก / of {summary['items']})",
        highlight=False,
    )
    open_items = [i for i in report["items"] if i["status"] != "pass" or i["findings"]]
    if not open_items:
        return
    table = Table(show_lines=False)
    table.add_column("ข้อ / item")
    table.add_column("สถานะ / status")
    table.add_column("เหตุผลแรก / first reason", overflow="fold")
    for item in open_items:
        first = item["findings"][0] if item["findings"] else None
        reason = ""
        if first:
            mark = "" if first["severity"] == "error" else "[dim](คำแนะนำ / advisory)[/] "
            reason = f"{mark}{first['message_th']}"
        table.add_row(item["id"], STATUS_TEXT[item["status"]], reason)
    console.print(table)
