"""Frameworks across years: how the items of one framework map onto another's (declared
``maps_from`` mappings and ``extends`` chains, composed and, when one-to-one, reversed), and an
element id carried through such a mapping.
"""

from __future__ import annotations

from collections import deque

from oitcrawl.framework.loading import FrameworkError, available_frameworks, load_framework


def _compose(a: dict[str, str | None], b: dict[str, str | None]) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for old, mid in a.items():
        if mid is None:
            out[old] = None
        elif mid in b:
            out[old] = b[mid]
    return out


def _inverse(m: dict[str, str | None]) -> dict[str, str | None] | None:
    targets = [v for v in m.values() if v is not None]
    if len(targets) != len(set(targets)):
        return None  # two items merged into one: no way back
    return {v: k for k, v in m.items() if v is not None}


def item_mapping(src: str, dst: str) -> dict[str, str | None] | None:
    """How the items of framework `src` map onto those of `dst` ({"O13": "O12", "O7": None,
    …}; an item absent from the mapping has no declared counterpart; None: removed), through
    the declared mappings (``maps_from``, extends chains; a one-to-one mapping also runs
    backwards), shortest chain first. None when no mapping connects them."""
    if src == dst:
        return {i: i for i in load_framework(src).items} if src in available_frameworks() else {}
    edges: dict[str, list[tuple[str, dict[str, str | None]]]] = {}
    for fid in available_frameworks():
        try:
            fw = load_framework(fid)
        except FrameworkError:
            continue
        for other, m in fw.maps_from.items():
            edges.setdefault(other, []).append((fid, m))
            if (inv := _inverse(m)) is not None:
                edges.setdefault(fid, []).append((other, inv))
    queue: deque[tuple[str, dict[str, str | None] | None]] = deque([(src, None)])
    seen = {src}
    while queue:
        node, acc = queue.popleft()
        for nxt, m in edges.get(node, []):
            if nxt in seen:
                continue
            step = dict(m) if acc is None else _compose(acc, m)
            if nxt == dst:
                return step
            seen.add(nxt)
            queue.append((nxt, step))
    return None


def map_element_id(element_id: str | None, mapping: dict[str, str | None]) -> str | None:
    """ "O13.2" under {"O13": "O12"} → "O12.2"; None when its item has no counterpart."""
    if not element_id:
        return element_id
    item, _, rest = element_id.partition(".")
    new = mapping.get(item)
    return None if new is None else f"{new}.{rest}" if rest else new
