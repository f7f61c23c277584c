"""Reading framework files: the YAML of `rules/` (the ``oitcrawl.rules`` package) and of the
folders of ``$OITCRAWL_RULES``, the ``extends:`` chain with its ``changes:`` resolved into a fully
expanded framework, ``{FY}`` tokens filled in, schema errors named by file, item and field.
"""

from __future__ import annotations

import copy
import re
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from oitcrawl.framework.files import framework_files
from oitcrawl.framework.model import Framework


class FrameworkError(ValueError):
    """A framework file is missing or invalid; the message names the file, item and field."""


def available_frameworks() -> list[str]:
    """Ids of the frameworks shipped in `rules/` (file names without `.yaml`), and of those in
    the folders of ``$OITCRAWL_RULES``."""
    return sorted(framework_files())


_KINDS = {
    "indicators": "indicator",
    "subindicators": "sub-indicator",
    "groups": "group",
    "items": "item",
    "elements": "element",
}


def _describe(err: ValidationError, data: dict) -> str:
    """Turn pydantic's locations into "item O20, element O20.1, field match.regex: …"."""
    lines = []
    for e in err.errors():
        where: list[str] = []
        fields: list[str] = []
        node: object = data
        parent = ""
        for part in e["loc"]:
            try:
                node = node[part]  # type: ignore[index]
            except (KeyError, IndexError, TypeError):
                node = None
            if isinstance(part, int) and parent in _KINDS:
                ident = node.get("id", f"#{part + 1}") if isinstance(node, dict) else f"#{part + 1}"
                where.append(f"{_KINDS[parent]} {ident}")
                fields = []
            elif isinstance(part, str) and part not in _KINDS:
                fields.append(part)
            parent = part if isinstance(part, str) else ""
        if parent in _KINDS:  # the error is about the list itself (e.g. a duplicate id)
            fields.append(parent)
        if fields:
            where.append(f"field {'.'.join(fields)}")
        lines.append(f"{', '.join(where) or 'top level'}: {e['msg']}")
    return "; ".join(lines)


# libyaml's loader when PyYAML was built with it: 10× faster on a framework file (13 ms vs
# 135 ms for nacc-2565.yaml), the same data (issue 17)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> dict:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read the framework file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise FrameworkError(f"{path}: expected a mapping with id, title_th and indicators")
    return data


# Fields a derived framework does not take from the one it extends: its own identity, year,
# status and sources (a roll-over is provisional until it says otherwise), its own mappings.
_NOT_INHERITED = ("id", "fiscal_year", "first_fiscal_year", "status", "source", "maps_from")
_CHANGE_KEYS = {"remove", "renumber", "items", "add"}


def _walk_items(data: dict) -> list[tuple[dict, list]]:
    """(group, its items list) of a raw framework mapping, in document order."""
    out = []
    for ind in data.get("indicators") or []:
        for sub in ind.get("subindicators") or []:
            for group in sub.get("groups") or []:
                out.append((group, group.setdefault("items", [])))
    return out


def _renumber_element_ids(item: dict, old: str, new: str) -> None:
    for el in item.get("elements") or []:
        if (
            isinstance(el, dict)
            and isinstance(el.get("id"), str)
            and el["id"].startswith(old + ".")
        ):
            el["id"] = new + el["id"][len(old) :]


def _apply_changes(base: dict, changes: dict, path: Path) -> tuple[dict, dict[str, str | None]]:
    """Apply a `changes:` block to a copy of the raw base mapping. Returns the new mapping and
    the item mapping base → derived (removed items → None)."""

    def bad(what: str) -> FrameworkError:
        return FrameworkError(f"{path}: changes: {what}")

    if not isinstance(changes, dict):
        raise bad("expected a mapping with remove, renumber, items, add")
    if unknown := set(changes) - _CHANGE_KEYS:
        raise bad(
            f"unknown key(s) {', '.join(sorted(unknown))}; "
            f"expected {', '.join(sorted(_CHANGE_KEYS))}"
        )
    data = copy.deepcopy(base)
    groups = _walk_items(data)
    ids = [i.get("id") for _, items in groups for i in items]
    mapping: dict[str, str | None] = {i: i for i in ids}
    remove = changes.get("remove") or []
    if not isinstance(remove, list):
        raise bad("remove: expected a list of item ids, e.g. [O7]")
    for iid in remove:
        if iid not in ids:
            raise bad(f"remove: item {iid} is not in the framework it extends")
        mapping[iid] = None
    for _, items in groups:
        items[:] = [i for i in items if i.get("id") not in remove]
    renumber = changes.get("renumber") or {}
    if not isinstance(renumber, dict):
        raise bad("renumber: expected a mapping old id → new id, e.g. {O13: O12}")
    for old, new in renumber.items():
        if old not in ids or old in remove:
            raise bad(f"renumber: item {old} is not in the framework it extends")
        if not isinstance(new, str) or not re.fullmatch(r"O\d{1,2}", new):
            raise bad(f"renumber: {old}: {new!r} is not an item id like O12")
        mapping[old] = new
    for _, items in groups:  # all at once: O9 → O8 and O10 → O9 do not collide
        for item in items:
            old = item.get("id")
            if old in renumber:
                item["id"] = renumber[old]
                _renumber_element_ids(item, old, renumber[old])
    for n, entry in enumerate(changes.get("add") or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("item"), dict):
            raise bad(f"add #{n + 1}: expected {{group: 9.1.1, after: O3, item: {{id: …}}}}")
        target = next((g for g, _ in groups if str(g.get("id")) == str(entry.get("group"))), None)
        if target is None:
            raise bad(f"add #{n + 1}: no group {entry.get('group')!r} to add item to")
        items = target["items"]
        at = len(items)
        if (after := entry.get("after")) is not None:
            pos = [i for i, it in enumerate(items) if it.get("id") == after]
            if not pos:
                raise bad(f"add #{n + 1}: item {after} is not in group {entry.get('group')}")
            at = pos[0] + 1
        items.insert(at, copy.deepcopy(entry["item"]))
    patches = changes.get("items") or {}
    if not isinstance(patches, dict):
        raise bad("items: expected a mapping item id → fields to change")
    by_id = {i.get("id"): i for _, items in groups for i in items}
    for iid, patch in patches.items():
        if iid not in by_id:
            raise bad(f"items: item {iid} is not in the framework (after remove/renumber/add)")
        if not isinstance(patch, dict):
            raise bad(f"items: {iid}: expected a mapping of fields")
        item = by_id[iid]
        for key, value in patch.items():
            if key != "elements":
                item[key] = copy.deepcopy(value)
                continue
            if not isinstance(value, dict):
                raise bad(f"items: {iid}: elements: expected {{element id: fields, or null}}")
            els = item.setdefault("elements", [])
            for el_id, el_patch in value.items():
                at = next((k for k, e in enumerate(els) if e.get("id") == el_id), None)
                if el_patch is None:
                    if at is None:
                        raise bad(f"items: {iid}: element {el_id} is not there to remove")
                    del els[at]
                elif not isinstance(el_patch, dict):
                    raise bad(f"items: {iid}: element {el_id}: expected a mapping of fields")
                elif at is None:
                    els.append({"id": el_id, **copy.deepcopy(el_patch)})
                else:
                    els[at] = {**els[at], **copy.deepcopy(el_patch)}
    return data, mapping


_YEAR_TOKEN = re.compile(r"\{FY(?:([+-])(\d))?\}")


def _fill_years(value: object, fy: int) -> object:
    """{FY}, {FY-1}, {FY+1} … in every string → the fiscal year (BE) they stand for."""
    if isinstance(value, str):
        return _YEAR_TOKEN.sub(
            lambda m: str(
                fy + (int(m.group(2)) * (1 if m.group(1) == "+" else -1) if m.group(1) else 0)
            ),
            value,
        )
    if isinstance(value, list):
        return [_fill_years(v, fy) for v in value]
    if isinstance(value, dict):
        return {k: _fill_years(v, fy) for k, v in value.items()}
    return value


def _raw_resolved(path: Path, chain: tuple[str, ...] = ()) -> dict:
    """The raw mapping of a framework file with its `extends` chain applied (years not yet
    filled in). Raises FrameworkError naming the file."""
    data = _read_yaml(path)
    base_id = data.get("extends")
    if base_id is None:
        return data
    if not isinstance(base_id, str):
        raise FrameworkError(f"{path}: field extends: expected a framework id, e.g. nacc-2569")
    if "indicators" in data:
        raise FrameworkError(
            f"{path}: a framework that extends {base_id} lists only what changed "
            "(changes: remove, renumber, items, add), not indicators"
        )
    own = str(data.get("id") or path.stem)
    if base_id in chain or base_id == own:
        raise FrameworkError(
            f"{path}: extends {base_id}: a cycle ({' → '.join((*chain, own, base_id))})"
        )
    beside = path.parent / f"{base_id}.yaml"
    base_file = beside if beside.is_file() else framework_files().get(base_id)
    if base_file is None:
        raise FrameworkError(
            f"{path}: extends {base_id!r}: no such framework; "
            f"available: {', '.join(available_frameworks())}"
        )
    base = _raw_resolved(base_file, (*chain, own))
    merged, mapping = _apply_changes(base, data.get("changes") or {}, path)
    for key in _NOT_INHERITED:
        merged.pop(key, None)
    merged.update({k: v for k, v in data.items() if k != "changes"})
    merged.setdefault("status", "provisional")  # a roll-over is provisional until it says so
    maps = dict(merged.get("maps_from") or {})
    maps.setdefault(base_id, mapping)
    merged["maps_from"] = maps
    return merged


def load_framework_file(path: Path) -> Framework:
    """Load and validate a framework YAML file (its `extends` chain resolved: the result is a
    plain framework with every item written out).

    Raises FrameworkError naming the file and, for schema errors, the item and field.
    """
    data = _raw_resolved(path)
    if isinstance(data.get("fiscal_year"), int) and not isinstance(data["fiscal_year"], bool):
        data = _fill_years(data, data["fiscal_year"])  # type: ignore[assignment]
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(f"{path}: {_describe(exc, data)}") from exc


@cache
def load_framework(framework_id: str) -> Framework:
    """Load a framework by id (e.g. "bma-district-2566"), its `extends` chain resolved.

    Raises FrameworkError listing the available ids when the id is unknown.
    """
    files = framework_files()
    if framework_id not in files:
        raise FrameworkError(
            f"unknown framework {framework_id!r}; available: {', '.join(available_frameworks())}"
        )
    return load_framework_file(files[framework_id])
