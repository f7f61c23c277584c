"""What `oitcrawl frameworks` and `oitcrawl framework show|validate|diff` print (issue 19).

Kept apart from the CLI so that the rows are plain data (tests read them; the CLI draws them as
tables). A framework is named by its id (``nacc-2569``) or by the path of a YAML file (a
coordinator's draft of next year's framework, validated before it is copied into `rules/`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from oitcrawl.framework import (
    Element,
    Framework,
    FrameworkError,
    Item,
    available_frameworks,
    element_is_official,
    item_mapping,
    load_framework,
    load_framework_file,
)


def resolve(name: str) -> Framework:
    """A framework by id, or by the path of its YAML file. Raises FrameworkError."""
    path = Path(name)
    if name.endswith((".yaml", ".yml")) or path.is_file():
        if not path.is_file():
            raise FrameworkError(f"{name}: no such framework file")
        return load_framework_file(path)
    return load_framework(name)


def years(fw: Framework) -> str:
    if fw.fiscal_year is None:
        return "—"
    first = fw.first_fiscal_year
    return f"{first}–{fw.fiscal_year}" if first and first != fw.fiscal_year else str(fw.fiscal_year)


def listing() -> list[dict]:
    """One row per framework: id, years, status, extends, agency type, items, elements, how
    many elements have no official source, the source document; `error` when it does not load
    (the others are still listed)."""
    rows = []
    for fid in available_frameworks():
        try:
            fw = load_framework(fid)
        except FrameworkError as exc:
            rows.append({"id": fid, "error": str(exc)})
            continue
        elements = [e for item in fw.items.values() for e in item.elements]
        rows.append(
            {
                "id": fid,
                "fiscal_year": fw.fiscal_year,
                "years": years(fw),
                "status": fw.status,
                "extends": fw.extends,
                "agency_type": fw.agency_type,
                "items": len(fw.items),
                "elements": len(elements),
                "unofficial_elements": sum(1 for e in elements if not element_is_official(fw, e)),
                "source": fw.source.document if fw.source else "",
                "error": None,
            }
        )
    return rows


def _element_line(fw: Framework, el: Element) -> str:
    flags = [el.kind, el.period, el.evidence]
    if el.combine:
        flags.append("combine")
    if el.signed:
        flags.append("signed")
    if el.inferred:
        flags.append("inferred")
    elif not element_is_official(fw, el):
        flags.append("provisional")
    return f"{el.id} [{', '.join(flags)}] {el.title_th}"


def show_rows(fw: Framework) -> list[tuple[str, str, str, str]]:
    """(item, title, weight, elements) per item, elements one per line."""
    return [
        (
            item.id,
            item.title_th,
            f"{item.weight:g}",
            "\n".join(_element_line(fw, e) for e in item.elements),
        )
        for item in fw.items.values()
    ]


@dataclass(frozen=True)
class DiffRow:
    """One line of `framework diff A B`: the item in A and in B ("" when absent), the kind of
    change and what changed."""

    item_a: str
    item_b: str
    # added | removed | renumbered | merged | retitled | weight | element+ | element- | element
    change: str
    detail: str


def _element_changes(a: Element, b: Element) -> list[str]:
    out = []
    for field in ("kind", "period", "evidence", "combine", "signed"):
        va, vb = getattr(a, field), getattr(b, field)
        if va != vb:
            out.append(f"{field} {va} → {vb}")
    if a.match != b.match:
        out.append("match (vocabulary) changed")
    if a.none_phrases != b.none_phrases:
        out.append("none_phrases changed")
    if a.title_th != b.title_th:
        out.append(f"title: {b.title_th}")
    return out


def _suffix(el: Element) -> str:
    return el.id.partition(".")[2]


def _diff_items(a: Item | None, b: Item | None, merged: bool = False) -> list[DiffRow]:
    if a is None and b is not None:
        return [DiffRow("", b.id, "added", f"{b.title_th} ({len(b.elements)} elements)")]
    if b is None and a is not None:
        return [DiffRow(a.id, "", "removed", a.title_th)]
    assert a is not None and b is not None
    if merged:  # several items became one: their elements do not pair up by number
        elements = ", ".join(e.id for e in b.elements)
        return [DiffRow(a.id, b.id, "merged", f"{a.title_th} → {b.title_th} ({elements})")]
    rows = []
    if a.id != b.id:
        rows.append(DiffRow(a.id, b.id, "renumbered", f"{a.title_th} → {b.title_th}"))
    elif a.title_th != b.title_th:
        rows.append(DiffRow(a.id, b.id, "retitled", f"{a.title_th} → {b.title_th}"))
    if a.weight != b.weight:
        rows.append(DiffRow(a.id, b.id, "weight", f"{a.weight:g} → {b.weight:g}"))
    els_a = {_suffix(e): e for e in a.elements}
    els_b = {_suffix(e): e for e in b.elements}
    for suffix, ea in els_a.items():
        eb = els_b.get(suffix)
        if eb is None:
            rows.append(DiffRow(a.id, b.id, "element-", f"{ea.id} {ea.title_th}"))
        elif changes := _element_changes(ea, eb):
            arrow = ea.id if ea.id == eb.id else f"{ea.id} → {eb.id}"
            rows.append(DiffRow(a.id, b.id, "element", f"{arrow}: " + "; ".join(changes)))
    for suffix, eb in els_b.items():
        if suffix not in els_a:
            what = f"{eb.id} [{eb.kind}, {eb.period}, {eb.evidence}] {eb.title_th}"
            rows.append(DiffRow(a.id, b.id, "element+", what))
    return rows


def diff(a: Framework, b: Framework) -> tuple[list[DiffRow], str]:
    """Items and elements that differ from `a` to `b`, in b's order then a's removed items,
    and how items were paired: "declared mapping" (maps_from / extends) or "same item ids"."""
    mapping = (
        item_mapping(a.id, b.id)
        if a.id in available_frameworks() and b.id in available_frameworks()
        else None
    )
    if mapping is None and b.extends == a.id:
        mapping = b.maps_from.get(a.id)
    how = "declared mapping" if mapping is not None else "same item ids"
    if mapping is None:
        mapping = {i: i for i in a.items if i in b.items}
    pairs: dict[str, list[str]] = {}
    for old, new in mapping.items():
        if old in a.items and new is not None and new in b.items:
            pairs.setdefault(new, []).append(old)
    rows: list[DiffRow] = []
    for bid, bitem in b.items.items():
        olds = pairs.get(bid, [])
        if not olds:
            rows += _diff_items(None, bitem)
        for old in olds:
            rows += _diff_items(a.items[old], bitem, merged=len(olds) > 1)
    paired = {old for olds in pairs.values() for old in olds}
    for aid, aitem in a.items.items():
        if aid not in paired:
            rows += _diff_items(aitem, None)
    return rows, how
