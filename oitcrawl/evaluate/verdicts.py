"""What the rules of an item work with and give: the ``Context`` every item is judged against,
the element and item statuses, ``ElementResult`` / ``ItemResult`` (with the date that decided a
period), and the builder of an item's findings (``_Findings``: severity from the element's
kind, the unit responsible, the URLs already named).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from oitcrawl.evaluate.carrier import Carried
from oitcrawl.evaluate.findings import ERROR, WARNING, Finding, finding_keys
from oitcrawl.evaluate.matching import Hit
from oitcrawl.framework import Element, Framework, Item
from oitcrawl.periods import PeriodVerdict

MET, UNMET, UNVERIFIED = "met", "unmet", "unverified"
PASS, FAIL, REVIEW, NOT_APPLICABLE = "pass", "fail", "review", "not_applicable"
STATUSES = (PASS, FAIL, REVIEW, NOT_APPLICABLE)


@dataclass(frozen=True)
class Context:
    """What every item is judged against: the framework, the assessed `fiscal_year` (BE) and
    the check date `as_of` (CE)."""

    framework: Framework
    fiscal_year: int
    as_of: dt.date


@dataclass(frozen=True)
class DecidingDate:
    """The date mention that decided an element's period: its `text` as written, the `url`
    (display form) and PDF `page` (1-based, None for a web page) of the document it is in,
    an `excerpt` around it, and its `kind` (periods.DateMention.kind)."""

    text: str
    url: str
    page: int | None
    excerpt: str
    kind: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "url": self.url,
            "page": self.page,
            "excerpt": self.excerpt,
            "kind": self.kind,
        }


@dataclass
class ElementResult:
    """`status`: met | unmet | unverified. `evidence`: the hits that support the decision.
    `period`: the period verdict when the rule is not "none" and the vocabulary was found."""

    element: Element
    status: str
    evidence: tuple[Hit, ...] = ()
    period: PeriodVerdict | None = None
    # the documents that carry the element (display URLs), the role of the text that met it
    # (documents.Segment.role) and the date mention that decided its period
    carriers: tuple[str, ...] = ()
    role: str | None = None
    date: DecidingDate | None = None

    @property
    def required(self) -> bool:
        return self.element.kind == "required"


@dataclass
class ItemResult:
    """One item's verdict. `score` 100 / 0, None when not applicable."""

    item: Item
    status: str
    score: float | None
    urls: list[str]
    explanation: str
    elements: list[ElementResult] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    # the rules' own verdict, kept when a person's decision changes `status`/`score`
    # (``evaluate.decisions``): the item decision, and the dismissed findings by key
    machine_status: str = ""
    machine_score: float | None = None
    decision: Any = None
    dismissed: dict[str, Any] = field(default_factory=dict)
    done: Any = None  # the checklist's tick kept in the reviewer file (a `done` decision)

    def __post_init__(self) -> None:
        if not self.machine_status:
            self.machine_status, self.machine_score = self.status, self.score

    def live_findings(self) -> list[Finding]:
        """The findings a person has not dismissed (what notes and suggestions show)."""
        if not self.dismissed:
            return self.findings
        keys = finding_keys([f.to_dict() for f in self.findings])
        return [f for k, f in zip(keys, self.findings, strict=True) if k not in self.dismissed]


class _Findings:
    """Builds the findings of one item with the item's texts at hand."""

    def __init__(self, item: Item, ctx: Context):
        self.item, self.ctx, self.out = item, ctx, []  # type: ignore[var-annotated]
        self.cited: set[str] = set()  # display URLs already named by an error/warning

    def add(
        self,
        code: str,
        element: Element | None,
        th: str,
        en: str,
        sug_th: str,
        sug_en: str,
        url: str | None = None,
        detail: str = "",
        months: tuple[str, ...] = (),
        advisory: bool = False,
    ) -> None:
        required = element is None or element.kind == "required"
        severity = ERROR if required and not advisory else WARNING
        self._append(code, severity, element, th, en, sug_th, sug_en, url, detail, months)

    def warning(self, code: str, th: str, en: str, sug_th: str, sug_en: str, url: str) -> None:
        """An item-level finding that does not decide the score."""
        self._append(code, WARNING, None, th, en, sug_th, sug_en, url, "", ())

    def item_error(self, code: str, th: str, en: str, sug_th: str, sug_en: str, url: str) -> None:
        """An item-level finding that decides the score (a general rule broken)."""
        self._append(code, ERROR, None, th, en, sug_th, sug_en, url, "", ())

    def _append(self, code, severity, element, th, en, sug_th, sug_en, url, detail, months):  # noqa: ANN001, ANN202
        if url:
            self.cited.add(url)
        unit = (element.unit if element else "") or self.item.unit
        self.out.append(
            Finding(
                code=code,
                severity=severity,
                item=self.item.id,
                element=element.id if element else None,
                url=url,
                detail=detail,
                message_th=th,
                message_en=en,
                suggestion_th=sug_th,
                suggestion_en=sug_en,
                unit=unit,
                months=months,
            )
        )


def _result(el: Element, status: str, c: Carried) -> ElementResult:
    return ElementResult(
        el, status, c.match.hits, None, tuple(d.display_url for d in c.carriers), c.role
    )
