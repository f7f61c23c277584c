"""Which stored fetches are evidence for which item: the submitted URLs and what they link to.

An item's evidence is every URL reachable from its submitted URLs over the followed links the
crawl stored (FRAMEWORK-bma-district-2566.md: "an item's evidence may be spread across several
submitted URLs and the documents they link to").
"""

from __future__ import annotations

from collections import defaultdict, deque
from dataclasses import dataclass

from oitcrawl.store import Store


@dataclass(frozen=True)
class EvidenceRef:
    """A URL reached for an item: `depth` 0 = submitted; `via` = the page that linked it;
    `label` = the link text; `root` = the submitted URL it was reached from (itself at 0)."""

    url: str
    depth: int
    via: str | None
    label: str = ""
    root: str = ""


def item_evidence(store: Store, run_id: str) -> dict[str, list[EvidenceRef]]:
    """{item id: [EvidenceRef …]} in breadth-first order, each URL once per item."""
    children: dict[str, list[dict]] = defaultdict(list)
    for link in store.links(run_id):
        if link["followed"]:
            children[link["from_url"]].append(link)
    out: dict[str, list[EvidenceRef]] = {}
    by_item: dict[str, list[str]] = defaultdict(list)
    for row in store.submitted(run_id):
        by_item[row["item_id"]].append(row["request_url"])
    for item_id, roots in by_item.items():
        seen: set[str] = set()
        refs: list[EvidenceRef] = []
        queue = deque((url, 0, None, "", url) for url in roots)
        while queue:
            url, depth, via, label, root = queue.popleft()
            if url in seen:
                continue
            seen.add(url)
            refs.append(EvidenceRef(url, depth, via, label, root))
            for link in children.get(url, []):
                queue.append((link["to_url"], depth + 1, url, link["label"] or "", root))
        out[item_id] = refs
    return out
