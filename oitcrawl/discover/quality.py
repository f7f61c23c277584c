"""Discovery quality against a site author's own submission (issue 6, item 2).

Per item that has evidence (the author would submit something): precision@1 — the top-ranked
candidate is one of the author's URLs; recall@3 — one of the top three is. URLs are compared
in request form (IRI-encoded once), so Thai written either way matches.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from oitcrawl.crawl.urls import request_url


@dataclass(frozen=True)
class ItemQuality:
    """One row: `item`; `top`: the top candidate (display URL) or None; `hit1`, `hit3`."""

    item: str
    top: str | None
    hit1: bool
    hit3: bool
    rank: int | None  # 1-based rank of the first author URL among the candidates, or None


@dataclass(frozen=True)
class Quality:
    """Rows per item with evidence, and the two rates (0-1)."""

    rows: tuple[ItemQuality, ...]

    @property
    def precision_at_1(self) -> float:
        return sum(r.hit1 for r in self.rows) / len(self.rows) if self.rows else 0.0

    @property
    def recall_at_3(self) -> float:
        return sum(r.hit3 for r in self.rows) / len(self.rows) if self.rows else 0.0

    def table(self, title: str) -> str:
        """A plain-text table (one line per item, then the rates)."""
        lines = [title, f"{'item':<5} {'p@1':<4} {'r@3':<4} {'rank':<5} top candidate"]
        for r in self.rows:
            lines.append(
                f"{r.item:<5} {'✓' if r.hit1 else '✗':<4} {'✓' if r.hit3 else '✗':<4} "
                f"{r.rank or '-'!s:<5} {r.top or '(nothing found)'}"
            )
        lines.append(
            f"precision@1 = {self.precision_at_1:.2f}   recall@3 = {self.recall_at_3:.2f}   "
            f"over {len(self.rows)} items with evidence"
        )
        return "\n".join(lines)


def measure(discovery: dict[str, Any], truth: dict[str, list[str]]) -> Quality:
    """Compare discovery.json (`discovery`) with `truth` {item id: the author's URLs}; items
    whose truth list is empty are left out (no evidence on the site)."""
    rows = []
    for item, urls in truth.items():
        if not urls:
            continue
        wanted = {request_url(u) for u in urls}
        cands = [c["url"] for c in discovery["items"].get(item, {}).get("candidates", [])]
        ranks = [i for i, u in enumerate(cands, 1) if request_url(u) in wanted]
        first = ranks[0] if ranks else None
        rows.append(
            ItemQuality(
                item, cands[0] if cands else None, first == 1, bool(first and first <= 3), first
            )
        )
    return Quality(tuple(rows))
