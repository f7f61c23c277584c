"""The terminal summary of `oitcrawl discover` (rich): per item the top candidate."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from oitcrawl.crawl.urls import display_url

if TYPE_CHECKING:
    from oitcrawl.discover import DiscoverResult


def print_summary(result: DiscoverResult, console: Console) -> None:
    """Print the proposal's items (top URL, confidence, element) and where it was written."""
    p = result.proposal
    table = Table(title="ร่างรายการที่เสนอ / proposed submission", show_lines=False)
    for col in ("ข้อ/item", "ความมั่นใจ/conf.", "URL", "องค์ประกอบ/element"):
        table.add_column(col, overflow="fold")
    for item_id in p.framework.items:
        ranked = p.ranked.get(item_id) or []
        if not ranked:
            table.add_row(item_id, "—", "ไม่พบ / nothing found", "")
            continue
        top = ranked[0]
        best = top.best
        table.add_row(
            item_id,
            f"{top.confidence:.2f}",
            display_url(top.url),
            f"{best.element}{' ✓' if best.met else ''}" if best else "",
        )
    console.print(table)
    c = result.crawl
    console.print(
        f"สำรวจ / crawled: {c['fetched']} URLs ({c['pages']} pages, {c['documents']} documents), "
        f"{c['finish_reason']}; run {result.run_id}\n"
        f"พบ / found: {len(p.items)} items, ไม่พบ / nothing found: {len(p.nothing)}"
        f"{' (' + ', '.join(p.nothing) + ')' if p.nothing else ''}\n"
        f"→ {result.yaml_path}  ·  {result.json_path}",
        highlight=False,
    )
