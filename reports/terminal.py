"""The short terminal summary of a report@3 dict: score, rating, and every item that does not
pass with its first reason (Thai first with English beside it; English only with --lang en)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from oitcrawl.i18n import get_lang, pick, term, tr

STATUS_TEXT = {
    "pass": "[green]ผ่าน / pass[/]",
    "fail": "[red]ไม่ผ่าน / fail[/]",
    "review": "[yellow]ต้องตรวจสอบ / review[/]",
    "not_applicable": "[dim]ไม่เกี่ยวข้อง / n/a[/]",
}
STATUS_TEXT_EN = {
    "pass": "[green]pass[/]",
    "fail": "[red]fail[/]",
    "review": "[yellow]review[/]",
    "not_applicable": "[dim]n/a[/]",
}


def _score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}"


def print_summary(report: dict[str, Any], console: Console, lang: str | None = None) -> None:
    """Print the summary of `report` (report@3) on `console` in `lang` ("th"/"en"; default:
    the chosen language, see oitcrawl.i18n)."""
    lang = lang or get_lang()
    scores, summary = report["scores"], report["summary"]
    rating = scores["rating"] or {"label_th": "—", "label_en": "—"}
    fw = report["framework"]
    console.print(
        f"[bold]{report['agency']['name']}[/] — "
        + pick(
            f"{fw['title']} ปีงบประมาณ พ.ศ. {report['fiscal_year']}",
            f"{fw.get('title_en') or fw['title']}, fiscal year {report['fiscal_year']} BE",
            lang,
        )
        + f" (run {report['run']['id']})",
        highlight=False,
    )
    if fw.get("status") == "provisional":  # issue 19: a provisional framework says so
        notice = tr(fw.get("notice_th", ""), fw.get("notice_en", ""), lang)
        console.print(f"[yellow]{notice} ({fw['id']})[/]", highlight=False)
    console.print(
        f"{tr('คะแนน OIT เบื้องต้น', 'provisional OIT score', lang)}: "
        f"[bold]{_score(scores['oit'])}[/] — {term(rating['label_th'], rating['label_en'], lang)}",
        highlight=False,
    )
    if scores["ita"]:
        ita = scores["ita"]
        console.print(
            f"ITA = IIT {_score(ita['iit'])} × 0.3 + EIT {_score(ita['eit'])} × 0.3 + "
            f"OIT {_score(ita['oit'])} × 0.4 = [bold]{_score(ita['total'])}[/] — "
            f"{term(ita['rating']['label_th'], ita['rating']['label_en'], lang)}",
            highlight=False,
        )
    console.print(
        f"{tr('ผ่าน', 'pass', lang)} {summary['pass']} · {tr('ไม่ผ่าน', 'fail', lang)} "
        f"{summary['fail']} · {tr('ต้องตรวจสอบ', 'review', lang)} {summary['review']} · "
        f"{tr('ไม่เกี่ยวข้อง', 'n/a', lang)} {summary['not_applicable']} "
        f"({tr('จาก', 'of', lang)} {summary['items']})",
        highlight=False,
    )
    if hit := (report.get("crawl") or {}).get("budget_hit"):  # a trap or a huge site
        console.print(f"[yellow]{tr(hit['message_th'], hit['message_en'], lang)}[/]")
    open_items = [i for i in report["items"] if i["status"] != "pass" or i["findings"]]
    if not open_items:
        return
    table = Table(show_lines=False)
    table.add_column(tr("ข้อ", "item", lang))
    table.add_column(tr("สถานะ", "status", lang))
    table.add_column(tr("เหตุผลแรก", "first reason", lang), overflow="fold")
    status_text = STATUS_TEXT_EN if lang == "en" else STATUS_TEXT
    for item in open_items:
        first = item["findings"][0] if item["findings"] else None
        reason = ""
        if first:
            advisory = tr("คำแนะนำ", "advisory", lang)
            mark = "" if first["severity"] == "error" else f"[dim]({advisory})[/] "
            reason = f"{mark}{pick(first['message_th'], first['message_en'], lang)}"
            unofficial = {e["id"] for e in item["elements"] if e.get("official_source") is False}
            if first.get("element") in unofficial:  # issue 19: the element has no official source
                reason += (
                    " [dim]"
                    + tr("(องค์ประกอบนี้ยังไม่มีแหล่งอ้างอิงทางการ)", "(no official source)", lang)
                    + "[/]"
                )
        table.add_row(item["id"], status_text[item["status"]], reason)
    console.print(table)
