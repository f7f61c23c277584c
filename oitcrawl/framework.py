"""Frameworks as data: the OIT item tree (indicator → sub-indicator → group → item) from `rules/`.

A framework file is YAML in the `oitcrawl.rules` package (the repository's `rules/` folder),
validated on load by pydantic; errors name the file, the item and the field.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class FrameworkError(ValueError):
    """A framework file is missing or invalid; the message names the file, item and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Strict):
    """One OIT item (e.g. O20) with its Thai/English title and the responsible unit (ฝ่าย)."""

    id: str = Field(pattern=r"^O\d{1,2}$")
    title_th: str
    title_en: str = ""
    unit: str = ""
    weight: float = Field(default=1.0, ge=0)


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


def _describe(err: ValidationError, data: dict) -> str:
    """Turn pydantic's locations into 'item O20, field title_th: …' lines."""
    lines = []
    for e in err.errors():
        loc = list(e["loc"])
        where, node = [], data
        for part in loc:
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                node = None
            if isinstance(node, dict) and "id" in node and isinstance(part, int):
                kind = {3: "indicator", 5: "sub-indicator", 7: "group", 9: "item"}.get(
                    len(where) + 1, "entry"
                )
                where.append(f"{kind} {node['id']}")
            elif isinstance(part, str):
                where.append(f"field {part}")
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
