"""Frameworks as data: the OIT item tree (indicator → sub-indicator → group → item) from `rules/`.

A framework file is YAML in the `oitcrawl.rules` package (the repository's `rules/` folder, plus
the folders of ``$OITCRAWL_RULES``), validated on load by pydantic; errors name the file, the item
and the field.

Frameworks over the years (issue 19): a file may ``extends:`` another and list only what
changed (``changes:`` items removed, renumbered, added, patched); ``load_framework`` resolves
the chain into a plain, fully expanded ``Framework`` (the rule engine never sees a delta).
``{FY}``, ``{FY-1}`` and ``{FY+1}`` in any text stand for the framework's ``fiscal_year``, so
next year's framework is ``extends`` + ``fiscal_year`` and nothing else. A framework and an
element carry ``status`` (official | provisional) and ``source``; ``maps_from`` declares how
the items of another framework (another year) map onto this one (``item_mapping``).
"""

from __future__ import annotations

import copy
import os
import re
from collections import deque
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)


class FrameworkError(ValueError):
    """A framework file is missing or invalid; the message names the file, item and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


PERIODS = ("none", "FY", "FY|FY-1", "FY-1", "H1", "monthly")
Status = Literal["official", "provisional"]
AGENCY_TYPES = ("bma-district", "national")
Phrases = list[str | list[str]]  # each entry: a phrase, or a list of alternative phrases


class Match(_Strict):
    """How an element is recognised in normalised text (oitcrawl.extract.thai).

    `any`: at least `min_distinct` of these phrases occur (alternatives count once);
    `all`: every entry occurs (an entry may list alternatives: a required field and its
    synonyms); `regex`: Python regular expressions, any of which may match instead of `any`.
    `columns`: the `all` entries are column labels of one table (the แบบ สขร.1 fields,
    DOMAIN.md §3 rule 5): in a document with a table whose header names at least half of the
    item's column entries (all its `columns` elements together), each must label a column of
    that table; a document without such a table is read as text.
    """

    any: Phrases = Field(default_factory=list)
    all: Phrases = Field(default_factory=list)
    regex: list[str] = Field(default_factory=list)
    min_distinct: int = Field(default=1, ge=1)
    columns: bool = False

    @field_validator("regex")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"regex {pattern!r} does not compile: {exc}") from exc
        return patterns


class Source(_Strict):
    """Where a framework or an element comes from: the document, its URL and date.

    `date`: when the document was published or read (ISO date or a Thai date as written).
    """

    document: str = Field(min_length=1)
    url: str = ""
    date: str = ""
    note: str = ""


class Element(_Strict):
    """A required or advisory element of an item (องค์ประกอบด้านข้อมูล).

    `signed`: the element is an announcement (ประกาศ) that must carry the signing line of the
    agency's head (``Framework.head_titles_th``; DOMAIN.md §3 rule 6).
    `period` is the date rule (FRAMEWORK-*.md conventions). `evidence` (required, no default:
    every element states it) is what meets the element (DOMAIN.md §3a): `presence`, `document`
    or `data` (see the field). `combine`: the element's vocabulary may be gathered from several
    of the item's documents; otherwise one document carries all of it. `none_phrases` are the
    explicit "there were none" texts (DOMAIN.md §3 rule 4): for a `data` element they stand in
    for records — for a monthly rule, a month's entry — and are given only where "none" is a
    legitimate answer (never for budget or staff figures).
    The texts feed the reviewer note: reason ("ไม่พบ …") and suggestion ("ขอให้สำนักงานเขต …").
    """

    id: str = Field(pattern=r"^O\d{1,2}\.\d{1,2}$")
    kind: Literal["required", "advisory"]
    period: Literal["none", "FY", "FY|FY-1", "FY-1", "H1", "monthly"] = "none"
    title_th: str
    title_en: str = ""
    unit: str = ""
    match: Match
    none_phrases: list[str] = Field(default_factory=list)
    signed: bool = False  # an announcement signed by the head (DOMAIN.md §3 rule 6)
    # What kind of evidence meets the element (DOMAIN.md §3a): `presence` (a channel or system
    # exists: a reachable page that is that thing; its label/heading may do), `document` (the
    # document's own content carries the vocabulary), `data` (records are needed: table rows
    # or list entries, or an explicit none statement from `none_phrases`).
    evidence: Literal["presence", "document", "data"]
    # The element's facts may combine across the item's documents (O1.5: executives' names on
    # one page, their photos on another); otherwise one carrier document must hold them all.
    combine: bool = False
    missing_th: str
    missing_en: str
    suggestion_th: str
    suggestion_en: str
    # Where the element comes from (issue 19). `status` None: the framework's status applies.
    # `inferred`: the element was written from the item's title or from practice, not read
    # from a published element text (FRAMEWORK-*.md); it is provisional whatever the status.
    status: Status | None = None
    source: Source | None = None
    inferred: bool = False


def element_is_official(framework: Framework, element: Element) -> bool:
    """Whether an element rests on an official source: not inferred, and its status (else the
    framework's) is official. Reports say so where the finding of an element that is not is
    shown."""
    return not element.inferred and (element.status or framework.status) == "official"


class Item(_Strict):
    """One OIT item (e.g. O20) with its titles, responsible unit (ฝ่าย), weight and elements."""

    id: str = Field(pattern=r"^O\d{1,2}$")
    title_th: str
    title_en: str = ""
    unit: str = ""
    weight: float = Field(default=1.0, ge=0)
    elements: list[Element] = Field(min_length=1)

    @field_validator("elements")
    @classmethod
    def _element_ids(cls, elements: list[Element], info: ValidationInfo) -> list[Element]:
        item_id = info.data.get("id", "")
        seen: set[str] = set()
        for el in elements:
            if item_id and not el.id.startswith(item_id + "."):
                raise ValueError(f"element {el.id} does not belong to item {item_id}")
            if el.id in seen:
                raise ValueError(f"element {el.id} appears twice")
            seen.add(el.id)
        return elements


class Group(_Strict):
    id: str
    title_th: str
    title_en: str = ""
    items: list[Item]


class SubIndicator(_Strict):
    id: str
    title_th: str
    title_en: str = ""
    groups: list[Group]


class Indicator(_Strict):
    id: str
    title_th: str
    title_en: str = ""
    subindicators: list[SubIndicator]


class Framework(_Strict):
    """A whole framework. `items` gives the items in document order, keyed by id."""

    id: str
    title_th: str
    title_en: str = ""
    agency_term_th: str = "หน่วยงาน"
    agency_term_en: str = "the agency"
    # Titles of the agency's head as they open a signing line (DOMAIN.md §3 rule 6), for
    # elements with `signed: true` (oitcrawl.extract.announcement).
    head_titles_th: list[str] = Field(default_factory=lambda: ["หัวหน้าหน่วยงาน"])
    head_title_en: str = "the head of the agency"
    rating_scheme: Literal["2566", "2565"] = "2566"
    # Issue 19: the year, status and lineage of the framework.
    # `fiscal_year`: the fiscal year (BE) it was written for; `first_fiscal_year`: the first
    # year it applies to (default: fiscal_year); `agency_type`: who it assesses (the default
    # framework of a submission is the newest one of its agency type, see default_framework).
    fiscal_year: int | None = Field(default=None, ge=2550, le=2600)
    first_fiscal_year: int | None = Field(default=None, ge=2550, le=2600)
    agency_type: Literal["bma-district", "national"] = "national"
    status: Status = "official"
    source: Source | None = None
    # The framework this one was derived from (resolved: `items` are fully expanded).
    extends: str | None = None
    # Items of other frameworks (other years) mapped onto this one's: {framework id: {old item:
    # new item, or null when the item has no successor}}. Extends chains map by themselves.
    maps_from: dict[str, dict[str, str | None]] = Field(default_factory=dict)
    indicators: list[Indicator]

    @field_validator("indicators")
    @classmethod
    def _unique_item_ids(cls, indicators: list[Indicator]) -> list[Indicator]:
        seen: set[str] = set()
        for ind in indicators:
            for sub in ind.subindicators:
                for group in sub.groups:
                    for item in group.items:
                        if item.id in seen:
                            raise ValueError(f"item {item.id} appears twice")
                        seen.add(item.id)
        return indicators

    @property
    def items(self) -> dict[str, Item]:
        """All items in document order: {"O1": Item, …}."""
        return {
            item.id: item
            for ind in self.indicators
            for sub in ind.subindicators
            for group in sub.groups
            for item in group.items
        }


RULES_ENV = "OITCRAWL_RULES"  # further folders of framework files, separated by os.pathsep


def _framework_files() -> dict[str, Path]:
    """{id: file} of every framework: the shipped `rules/` first, then the folders named in
    ``$OITCRAWL_RULES`` (a coordinator's next-year file; a shipped id is never shadowed)."""
    files: dict[str, Path] = {}
    shipped = resources.files("oitcrawl.rules")
    for p in shipped.iterdir():
        if p.name.endswith(".yaml"):
            files[p.name.removesuffix(".yaml")] = Path(str(p))
    for folder in filter(None, os.environ.get(RULES_ENV, "").split(os.pathsep)):
        base = Path(folder)
        if base.is_dir():
            for p in sorted(base.glob("*.yaml")):
                files.setdefault(p.name.removesuffix(".yaml"), p)
    return files


def available_frameworks() -> list[str]:
    """Ids of the frameworks shipped in `rules/` (file names without `.yaml`), and of those in
    the folders of ``$OITCRAWL_RULES``."""
    return sorted(_framework_files())


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
    base_file = beside if beside.is_file() else _framework_files().get(base_id)
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
    files = _framework_files()
    if framework_id not in files:
        raise FrameworkError(
            f"unknown framework {framework_id!r}; available: {', '.join(available_frameworks())}"
        )
    return load_framework_file(files[framework_id])


# ---- across years: mappings and defaults -------------------------------------------------


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


def agency_type_of(agency: str, website: str) -> str:
    """The agency type of a submission: "bma-district" for a BMA district office (its website
    on bangkok.go.th, or a สำนักงานเขต), else "national"."""
    from urllib.parse import urlsplit

    host = (urlsplit(website).hostname or "").lower()
    if (
        host == "bangkok.go.th"
        or host.endswith(".bangkok.go.th")
        or agency.strip().startswith("สำนักงานเขต")
    ):
        return "bma-district"
    return "national"


# Before the national list's new shape (2568) a submission without `framework:` kept the
# default of earlier versions, bma-district-2566, whatever the agency: old files give the
# same result.
LEGACY_DEFAULT = "bma-district-2566"
NEW_SHAPE_FROM = 2568


def default_framework(fiscal_year: int, agency_type: str = "national") -> tuple[str, str | None]:
    """The framework of a submission that names none: the newest framework of its agency type
    that applies to `fiscal_year` (official before provisional for the same year), with a
    warning (Thai / English) when it is provisional or written for another year. Before 2568,
    the earlier default (bma-district-2566)."""
    if fiscal_year < NEW_SHAPE_FROM:
        return LEGACY_DEFAULT, None
    cands = []
    for fid in available_frameworks():
        try:
            fw = load_framework(fid)
        except FrameworkError:
            continue
        if fw.agency_type != agency_type or fw.fiscal_year is None:
            continue
        first = fw.first_fiscal_year or fw.fiscal_year
        if first <= fiscal_year:
            cands.append(
                (min(fw.fiscal_year, fiscal_year), fw.status == "official", fw.fiscal_year, fid)
            )
    if not cands:
        return LEGACY_DEFAULT, (
            f"ไม่มีแบบตรวจสำหรับปีงบประมาณ {fiscal_year} ใช้ {LEGACY_DEFAULT} / no framework for "
            f"fiscal year {fiscal_year}; using {LEGACY_DEFAULT}"
        )
    *_, fid = max(cands)
    return fid, framework_warning(fid, fiscal_year)


def framework_warning(framework_id: str, fiscal_year: int) -> str | None:
    """A warning (Thai / English) when the framework a submission uses is provisional or was
    written for another fiscal year; None otherwise (or when the id is unknown)."""
    try:
        fw = load_framework(framework_id)
    except FrameworkError:
        return None
    from oitcrawl.i18n import tr

    parts = []
    if fw.status == "provisional":
        parts.append(
            tr(
                f"แบบตรวจ {fw.id} เป็นฉบับชั่วคราว (ยังไม่ใช่คู่มือทางการ) ผลเป็นเพียงการประเมินเบื้องต้น",
                f"{fw.id} is a provisional framework (not the official manual): "
                "the results are indicative",
            )
        )
    if fw.fiscal_year is not None and fw.fiscal_year < fiscal_year:
        parts.append(
            tr(
                f"แบบตรวจ {fw.id} จัดทำสำหรับปีงบประมาณ {fw.fiscal_year} ไม่ใช่ {fiscal_year}",
                f"{fw.id} was written for fiscal year {fw.fiscal_year}, not {fiscal_year}",
            )
        )
    return "; ".join(parts) or None
