"""`oitcrawl review`: what needs a person in a run, and recording their decisions (issue 16).

The list a reviewer works through, from one evaluation of the stored run (no network):
items in `review` (the rules could not decide), failing items that were submitted, and passes
the rules are least
sure of (an element met only by a link label or a page title, or by text read by
OCR). Each comes with its findings (stable key, code, message, URL), the agency's own
explanation from the submission (คำอธิบายของหน่วยงาน, the per-item `note`) beside them, and
any decision already taken. Decisions themselves are ``oitcrawl.evaluate.decisions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from oitcrawl.evaluate import Evaluation
from oitcrawl.evaluate.findings import finding_keys

# an element met only by these (a channel named by a link's label or a page title, not by a
# page of its own) is a pass the rules are least sure of
LOW_CONFIDENCE_ROLES = frozenset({"link_label", "label", "title", "file_name"})


@dataclass
class ReviewRow:
    """One item a person should look at: `why` (review | fail | low_confidence), the item's
    status now and the rules' own, its findings as dicts with their `key`, the agency's
    `note`, the current `decision` (dict or None) and, for a low-confidence pass, `weak`:
    the elements met only by a link label / page title or by OCR, with their evidence."""

    item: str
    title_th: str
    title_en: str
    unit: str
    why: str
    status: str
    machine_status: str
    findings: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""
    decision: dict[str, Any] | None = None
    weak: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def review_rows(ev: Evaluation) -> list[ReviewRow]:
    """The items of `ev` that need a person, in framework order (module docstring)."""
    notes = {
        item: (entry or {}).get("note", "")
        for item, entry in (ev.run.submission.get("items") or {}).items()
    }
    rows = []
    for r in ev.items:
        weak = [
            {"element": e.element.id, "role": e.role or "", "ocr": any(h.ocr for h in e.evidence),
             "excerpt": e.evidence[0].excerpt if e.evidence else "",
             "url": e.evidence[0].url if e.evidence else ""}
            for e in r.elements
            if e.status == "met" and e.evidence
            and (
                all(h.role in LOW_CONFIDENCE_ROLES for h in e.evidence)
                or any(h.ocr for h in e.evidence)
            )
        ]  # fmt: skip
        if not r.urls:
            continue  # not submitted: the agency has to act, there is nothing to read
        if r.machine_status == "review":
            why = "review"
        elif r.machine_status == "fail":
            why = "fail"
        elif r.machine_status == "pass" and weak:
            why = "low_confidence"
        else:
            continue
        keys = finding_keys([f.to_dict() for f in r.findings])
        findings = [
            {"key": k, **f.to_dict(), "dismissed": k in r.dismissed}
            for k, f in zip(keys, r.findings, strict=True)
        ]
        rows.append(
            ReviewRow(
                r.item.id, r.item.title_th, r.item.title_en, r.item.unit, why, r.status,
                r.machine_status, findings, notes.get(r.item.id, "") or "",
                r.decision.to_dict() if r.decision else None,
                weak if why == "low_confidence" else [],
            )
        )  # fmt: skip
    return rows
