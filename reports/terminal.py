"""The short terminal summary of a report@3 dict: score, rating, and every item that does not
pass (and passing items with an advisory note, marked so) with its ฝ่าย and first reason,
wrapped between Thai words (Thai first with English beside it; English only with --lang en)."""

from __future__ import annotations

import itertools
import re
import unicodedata
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

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
    open_items = [i for i in report["items"] if i["status"] != "pass" or _live(i)]
    if not open_items:
        return
    # Thai above English in each cell, so a narrow terminal keeps room for the reason
    status_text = {k: v.replace(" / ", "\n") for k, v in STATUS_TEXT.items()}
    if lang == "en":
        status_text = STATUS_TEXT_EN
    units = [_unit(item) for item in open_items]
    widths = {
        "item": max(4, *(len(i["id"]) for i in open_items)),
        "status": max(
            cell_len(line)
            for t in status_text.values()
            for line in Text.from_markup(t).plain.split("\n")
        ),
        "unit": min(max((cell_len(u) for u in units), default=4), 16),
    }  # fmt: skip
    # the reason takes what is left (borders and padding: 13 cells); every width is fixed so
    # rich never narrows a column below what the text was wrapped for
    widths["reason"] = max(24, console.width - sum(widths.values()) - 13)
    table = Table(show_lines=False)
    for key, (th, en) in {
        "item": ("ข้อ", "item"),
        "status": ("สถานะ", "status"),
        "unit": ("ฝ่าย", "unit"),
        "reason": ("เหตุผลแรก", "first reason"),
    }.items():
        head = en if lang == "en" else f"{th}\n{en}"
        # cells arrive wrapped between words (wrap_thai); only a URL longer than the whole
        # column is folded, never cut
        table.add_column(head, width=widths[key], overflow="fold")  # fmt: skip
    reason_width = widths["reason"]
    unit_width = widths["unit"]
    for item, unit in zip(open_items, units, strict=True):
        live = _live(item)
        first = live[0] if live else None
        reason = Text()
        if first:
            if first["severity"] != "error":
                reason.append(f"({tr('คำแนะนำ', 'advisory', lang)}) ", style="dim")
            text = pick(first["message_th"], first["message_en"], lang)
            unofficial = {e["id"] for e in item["elements"] if e.get("official_source") is False}
            if first.get("element") in unofficial:  # issue 19: the element has no official source
                text += " " + tr("(องค์ประกอบนี้ยังไม่มีแหล่งอ้างอิงทางการ)", "(no official source)", lang)
            keep = [first["url"]] if first.get("url") else []
            reason.append("\n".join(wrap_thai(text, reason_width, reason.cell_len, keep)))
        unit_text = "\n".join(wrap_thai(unit, unit_width))
        table.add_row(item["id"], status_text[item["status"]], unit_text, reason)
    console.print(table)


def _live(item: dict[str, Any]) -> list[dict[str, Any]]:
    """The findings a person has not dismissed (issue 16)."""
    return [f for f in item["findings"] if not f.get("decision")]


def _unit(item: dict[str, Any]) -> str:
    live = _live(item)
    return (live[0].get("unit") if live else "") or item.get("unit") or "—"


# a URL, or a host name written alone ("drive.google.com"): never broken inside
_URL_RE = re.compile(r"https?://\S+|\b[\w-]+(?:\.[\w-]+)+\.[a-z]{2,}\b")


def wrap_thai(text: str, width: int, first: int = 0, keep: list[str] | None = None) -> list[str]:
    """`text` as lines of at most `width` terminal cells, broken only between words: Thai
    words by PyThaiNLP's segmenter (a syllable is never split, sara am never left alone) and
    at spaces; a URL is never broken (one longer than a line gets lines of its own). `first`:
    cells already used on the first line; `keep`: strings to keep whole (a URL with spaces,
    as documents' URLs are shown decoded). Issue 14."""
    from oitcrawl.extract.thai import word_starts

    spans = []
    for k in keep or []:
        at = text.find(k)
        while k and at >= 0:
            spans.append((at, at + len(k)))
            at = text.find(k, at + len(k))
    spans += [m.span() for m in _URL_RE.finditer(text)]
    tokens: list[str] = []
    at = 0
    for a, b in sorted(spans, key=lambda s: (s[0], -s[1])):  # the longest span first
        if a < at:
            continue  # inside a span already kept
        tokens += _words(text[at:a], word_starts)
        tokens.append(text[a:b])
        at = b
    tokens += _words(text[at:], word_starts)
    lines: list[str] = []
    line, used = "", first
    for token in tokens:
        size = cell_len(token)
        if line and used + size > width:
            lines.append(line.rstrip())
            line, used = "", 0
            token = token.lstrip()
            size = cell_len(token)
        if not line and not token:
            continue
        while size > width and " " not in token and "/" not in token and not line:  # huge word
            cut = _cut(token, width)
            lines.append(token[:cut])
            token = token[cut:]
            size = cell_len(token)
        line += token
        used += size
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


def _words(text: str, word_starts: Any) -> list[str]:
    if not text:
        return []
    bounds = word_starts(text)
    return [text[a:b] for a, b in itertools.pairwise(bounds) if b > a]


def _cut(token: str, width: int) -> int:
    """The longest prefix of `token` within `width` cells, never before a combining mark."""
    cut = 0
    while cut < len(token) and cell_len(token[: cut + 1]) <= width:
        cut += 1
    while 0 < cut < len(token) and unicodedata.combining(token[cut]):
        cut -= 1
    return max(cut, 1)
