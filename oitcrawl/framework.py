"""Frameworks as data: the OIT item tree (indicator → sub-indicator → group → item) from `rules/`.

A framework file is YAML in the `oitcrawl.rules` package (the repository's `rules/` folder),
validated on load by pydantic; errors name the file, the item and the field.
"""

from __future__ import annotations

import re
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


PERIODS = ("none", "FY", "FY|FY-1", "H1", "monthly")
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
    period: Literal["none", "FY", "FY|FY-1", "H1", "monthly"] = "none"
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


def available_frameworks() -> list[str]:
    """Ids of the frameworks shipped in `rules/` (file names without `.yaml`)."""
    return sorted(
        p.name.removesuffix(".yaml")
        for p in resources.files("oitcrawl.rules").iterdir()
        if p.name.endswith(".yaml")
    )


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


def load_framework_file(path: Path) -> Framework:
    """Load and validate a framework YAML file.

    Raises FrameworkError naming the file and, for schema errors, the item and field.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise FrameworkError(f"{path}: cannot read the framework file ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise FrameworkError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise FrameworkError(f"{path}: expected a mapping with id, title_th and indicators")
    try:
        return Framework.model_validate(data)
    except ValidationError as exc:
        raise FrameworkError(f"{path}: {_describe(exc, data)}") from exc


@cache
def load_framework(framework_id: str) -> Framework:
    """Load a shipped framework by id (e.g. "bma-district-2566").

    Raises FrameworkError listing the available ids when the id is unknown.
    """
    if framework_id not in available_frameworks():
        raise FrameworkError(
            f"unknown framework {framework_id!r}; available: {', '.join(available_frameworks())}"
        )
    ref = resources.files("oitcrawl.rules") / f"{framework_id}.yaml"
    with resources.as_file(ref) as path:
        return load_framework_file(path)
