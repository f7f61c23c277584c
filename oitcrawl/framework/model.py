"""The framework as data: the pydantic model of the OIT item tree (Framework → Indicator →
SubIndicator → Group → Item → Element, with each element's Match and Source), validated strictly
(unknown fields refused, ids checked). Reading the files is ``oitcrawl.framework.loading``.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator


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
