"""The human in the loop (issue 16): a person's decisions on a run's verdicts, kept across
runs and applied by every evaluation.

oitcrawl is a pre-check; the decision belongs to people (DOMAIN.md §6). A decision names the
item (and, to dismiss one finding, its stable key ``item|code|element|url``:
``oitcrawl.evaluate.findings.finding_key``), what the person decided and why:

* ``accept`` — the item passes (an item in `review` a person has read, a finding known wrong);
* ``reject`` — the item fails whatever the rules said;
* ``not_applicable`` — the item leaves the score (ไม่มีภารกิจนี้);
* ``dismiss`` — one finding is wrong: it leaves the notes and the suggestion lists and stays
  in report.json with the reason; an item whose every error finding is dismissed passes;
* ``done`` — the checklist's tick: the office says it has published the fix (no effect on
  the verdict; report.html's checklist shows the item ticked in every browser until the
  next check). ``oitcrawl review --import-ticks`` reads the checklist's CSV export.

Decisions live in the evidence store (table ``decisions``) and in a reviewer file (YAML,
versionable beside the submission; ``load_decisions_file``/``decisions_to_yaml``). A decision
is recorded against a run: it holds for that run only (``scope: run``) or for that run and
every later run of the same agency, website, framework and fiscal year (``scope: all``, the
default). It pins the evidence it was made on (``evidence``: a digest of the sha256 of every
document of the item, or of the finding's document): when a re-crawl brings other evidence,
or the dismissed finding is gone, the decision is **stale** — reported, never applied
silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from oitcrawl.evaluate.documents import EvidenceDoc
from oitcrawl.evaluate.findings import finding_keys
from oitcrawl.store import Run, Store, utcnow

DECISION_KINDS = ("accept", "reject", "not_applicable", "dismiss", "done")
SCOPES = ("all", "run")
MAX_DECISIONS = 5000  # in one reviewer file
FILE_KEYS = ("decisions",)
DECISION_FIELDS = ("item", "decision", "reason", "by", "at", "scope", "finding", "evidence")


class DecisionError(ValueError):
    """A reviewer file or a decision given on the command line is invalid; the message names
    the file, line and field (``FILE:LINE: FIELD: what is wrong``) and what to do."""


class DecisionIn(BaseModel):
    """One decision as a person writes it (reviewer file entry or `oitcrawl review` options).

    `item`: "O14"; `decision`: one of DECISION_KINDS; `reason`: why (required, the text the
    report shows); `by`: who decided; `at`: when (ISO 8601; default: when it is recorded);
    `scope`: "all" (this and later runs, default) or "run"; `finding`: the finding key to
    dismiss (required for, and only for, `dismiss`); `evidence`: the pinned evidence digest
    (written by ``decisions_to_yaml``; filled from the run when absent).
    """

    model_config = ConfigDict(extra="forbid", strict=True)

    item: str = Field(pattern=r"^O\d{1,2}$")
    decision: Literal["accept", "reject", "not_applicable", "dismiss", "done"]
    reason: str = Field(min_length=1, max_length=2000)
    by: str = Field(min_length=1, max_length=200)
    at: str | None = None
    scope: Literal["all", "run"] = "all"
    finding: str | None = Field(default=None, max_length=4000)
    evidence: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")

    @field_validator("reason", "by")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty: say why / who")
        return value.strip()

    @field_validator("at")
    @classmethod
    def _iso(cls, value: str | None) -> str | None:
        if value is None:
            return None
        try:
            dt.datetime.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not an ISO date-time, e.g. 2026-12-05T10:00") from exc
        return value

    def model_post_init(self, _context: Any) -> None:
        if (self.decision == "dismiss") != bool(self.finding):
            raise ValueError(
                "`finding` (the key shown by `oitcrawl review RUN_ID`) is required to dismiss "
                "a finding, and only then"
            )


@dataclass(frozen=True)
class Decision:
    """A recorded decision: the person's `DecisionIn` fields plus where it was recorded
    (`run_id`, and the agency/website/framework/fiscal year of that run, BE), `started_at` of
    that run (later runs are those started after it), `source` ("cli" or the file name) and
    the store row `id`."""

    id: int
    run_id: str
    started_at: str
    agency: str
    website: str
    framework: str
    fiscal_year: int
    item: str
    decision: str
    reason: str
    by: str
    at: str
    scope: str
    finding: str | None
    evidence: str | None
    source: str

    def to_dict(self) -> dict[str, Any]:
        """The report@3 form (`items[].decision`, `findings[].decision`, `decisions.*`)."""
        return {
            "decision": self.decision,
            "reason": self.reason,
            "by": self.by,
            "at": self.at,
            "scope": self.scope,
            "run": self.run_id,
            "finding": self.finding,
            "source": self.source,
        }


@dataclass
class Outcome:
    """What became of one decision in one evaluation: `applied`, or `stale` with `why`."""

    decision: Decision
    applied: bool
    why: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.decision.item, **self.decision.to_dict(), "why": self.why}


@dataclass
class Applied:
    """Every decision that concerned this run: `outcomes` in the order recorded."""

    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def applied(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.applied]

    @property
    def stale(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.applied]


# -- the reviewer file ---------------------------------------------------------------------


def load_decisions_file(path: Path, items: Collection[str] | None = None) -> list[DecisionIn]:
    """Read a reviewer file: ``decisions: [ {item, decision, reason, by, …}, … ]`` (YAML or
    JSON); `items`: the item ids of the run's framework, to refuse others. Raises
    DecisionError listing every problem as ``FILE:LINE: FIELD: message``."""
    from oitcrawl.submission import SubmissionError, _line, _line_map, load_yaml

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise DecisionError(f"{name}: not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise DecisionError(f"{name}: cannot read the reviewer file ({exc.strerror})") from None
    try:
        root, data = load_yaml(text, name)
    except SubmissionError as exc:
        raise DecisionError(str(exc)) from None
    lines = _line_map(root) if root is not None else {}
    if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
        raise DecisionError(
            f"{name}: expected `decisions:` followed by a list of decisions "
            "(item, decision, reason, by); `oitcrawl review RUN_ID --export FILE` writes one"
        )
    unknown = sorted(set(data) - set(FILE_KEYS))
    if unknown:
        raise DecisionError(f"{name}:{_line(lines, (unknown[0],))}: {unknown[0]}: unknown field")
    entries = data["decisions"]
    if len(entries) > MAX_DECISIONS:
        raise DecisionError(f"{name}: more than {MAX_DECISIONS} decisions; split the file")
    out, problems = [], []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"{name}:{_line(lines, ('decisions', i))}: decisions[{i}]: "
                            "must be a mapping with item, decision, reason, by")  # fmt: skip
            continue
        entry = {str(k): (v.isoformat() if isinstance(v, dt.date) else v) for k, v in entry.items()}
        try:
            decision = DecisionIn.model_validate(entry)
            if items is not None and decision.item not in items:
                line = _line(lines, ("decisions", i, "item"))
                problems.append(
                    f"{name}:{line}: decisions[{i}].item: {decision.item} is not an item of "
                    f"the run's framework ({', '.join(list(items)[:3])} …)"
                )
                continue
            out.append(decision)
        except ValidationError as exc:
            for e in exc.errors():
                loc = [k for k in e["loc"] if isinstance(k, str)]
                key = loc[0] if loc else None
                line = _line(lines, ("decisions", i, key) if key else ("decisions", i))
                what = (
                    f"unknown field; expected {', '.join(DECISION_FIELDS)}"
                    if e["type"] == "extra_forbidden"
                    else e["msg"].removeprefix("Value error, ")
                )
                problems.append(f"{name}:{line}: decisions[{i}].{key or '-'}: {what}")
    if problems:
        raise DecisionError("\n".join(problems[:20]))
    return out


def ticks_from_checklist_csv(path: Path, by: str) -> list[DecisionIn]:
    """The ticked rows of report.html's checklist export (``checklist-RUN_ID.csv``: run,
    item, title, unit, status, done, done_at) as `done` decisions by `by`. Raises
    DecisionError naming the file and line for a file of another shape."""
    import csv

    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DecisionError(f"{name}: cannot read the checklist export ({exc})") from None
    rows = list(csv.DictReader(text.splitlines()))
    need = {"item", "done", "done_at"}
    if not rows or not need <= set(rows[0]):
        raise DecisionError(
            f"{name}: not a checklist export (columns run, item, title, unit, status, done, "
            "done_at: report.html → Export ticks (CSV))"
        )
    out = []
    for line, row in enumerate(rows, 2):
        if row["done"].strip().lower() != "yes":
            continue
        at = row["done_at"].strip() or None
        try:
            out.append(DecisionIn(item=row["item"].strip(), decision="done", by=by,
                                  reason="ทำเครื่องหมายว่าแก้ไขแล้วในรายการตรวจ / ticked done "
                                  "in the checklist", at=at))  # fmt: skip
        except ValidationError as exc:
            what = exc.errors()[0]
            raise DecisionError(f"{name}:{line}: {what['loc'][0]}: {what['msg']}") from None
    return out


def decisions_to_yaml(decisions: list[Decision]) -> str:
    """A reviewer file holding `decisions` (with their pinned evidence), for version control."""
    rows = []
    for d in decisions:
        row: dict[str, Any] = {"item": d.item, "decision": d.decision, "reason": d.reason,
                               "by": d.by, "at": d.at, "scope": d.scope}  # fmt: skip
        if d.finding:
            row["finding"] = d.finding
        if d.evidence:
            row["evidence"] = d.evidence
        rows.append(row)
    head = (
        '# คำตัดสินของผู้ตรวจ / reviewer decisions (oitcrawl review; README "Review")\n'
        "# decision: accept | reject | not_applicable | dismiss (with finding: KEY)\n"
    )
    return head + yaml.safe_dump({"decisions": rows}, allow_unicode=True, sort_keys=False)


# -- the store -----------------------------------------------------------------------------


def create_decisions_table(store: Store) -> None:
    """Create the `decisions` table if missing (safe on every open)."""
    store.db["decisions"].create(
        {
            "id": int, "run_id": str, "started_at": str, "agency": str, "website": str,
            "framework": str, "fiscal_year": int, "item": str, "decision": str, "reason": str,
            "by": str, "at": str, "scope": str, "finding": str, "evidence": str, "source": str,
        },
        pk="id",
        if_not_exists=True,
    )  # fmt: skip


def evidence_digest(docs: list[EvidenceDoc], url: str | None = None) -> str:
    """sha256 over the documents a decision rests on: every fetch of the item (URL, outcome
    and body sha256), or only the document at `url` (display form) when given and found."""
    chosen = [d for d in docs if url and d.display_url == url] or docs
    lines = sorted(f"{d.url}\t{d.outcome}\t{(d.fetch or {}).get('sha256') or '-'}" for d in chosen)
    return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


def record_decisions(
    store: Store,
    run: Run,
    wanted: list[DecisionIn],
    docs_by_item: dict[str, list[EvidenceDoc]],
    source: str,
) -> list[Decision]:
    """Record `wanted` against `run` (one transaction), pinning each decision's evidence
    digest from the run's stored documents unless it carries one. Returns the recorded rows.
    Raises DecisionError for an item the run's framework does not have."""
    from oitcrawl.framework import load_framework

    items = load_framework(run.framework).items
    bad = sorted({d.item for d in wanted if d.item not in items})
    if bad:
        raise DecisionError(
            f"{', '.join(bad)}: not an item of framework {run.framework} "
            f"({next(iter(items))} … {list(items)[-1]})"
        )
    create_decisions_table(store)
    rows = []
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
    for d in wanted:
        docs = docs_by_item.get(d.item, [])
        url = d.finding.split("|", 3)[3] if d.finding and d.finding.count("|") >= 3 else None
        digest = d.evidence or evidence_digest(docs, url if url != "-" else None)
        rows.append(
            {
                "run_id": run.id, "started_at": run.started_at or utcnow(),
                "agency": run.agency, "website": run.website, "framework": run.framework,
                "fiscal_year": run.fiscal_year, "item": d.item, "decision": d.decision,
                "reason": d.reason, "by": d.by, "at": d.at or now, "scope": d.scope,
                "finding": d.finding, "evidence": digest, "source": source,
            }
        )  # fmt: skip
    with store.db.conn:
        for row in rows:
            row["id"] = store.db["decisions"].insert(row).last_pk
    return [Decision(**row) for row in rows]


def decisions_for(store: Store, run: Run) -> list[Decision]:
    """The decisions that concern `run`: recorded on it, or with scope "all" on an earlier
    run of the same agency, website, framework and fiscal year; in the order recorded."""
    if "decisions" not in store.db.table_names():
        return []
    rows = store.db.query(
        "select * from decisions where agency = ? and website = ? and framework = ? "
        "and fiscal_year = ? and (run_id = ? or (scope = 'all' and started_at <= ?)) "
        "order by id",
        [run.agency, run.website, run.framework, run.fiscal_year, run.id, run.started_at or ""],
    )
    return [Decision(**row) for row in rows]


def all_decisions(store: Store, run: Run) -> list[Decision]:
    """Every decision of the run's agency, website, framework and fiscal year (any run)."""
    if "decisions" not in store.db.table_names():
        return []
    rows = store.db.query(
        "select * from decisions where agency = ? and website = ? and framework = ? "
        "and fiscal_year = ? order by id",
        [run.agency, run.website, run.framework, run.fiscal_year],
    )
    return [Decision(**row) for row in rows]


# -- applying ------------------------------------------------------------------------------


def apply_decisions(
    results: list[Any], decisions: list[Decision], docs_by_item: dict[str, list[EvidenceDoc]]
) -> Applied:
    """Apply `decisions` (``decisions_for``) to the `results` (``rules.ItemResult``, changed
    in place: `decision`, `dismissed`, `status` and `score`; the rules' verdict stays in
    `machine_status`/`machine_score`). A later decision on the same item or finding wins.
    Dismissals are applied before item decisions. Returns what was applied and what is stale
    (evidence changed since the decision, or the finding is gone)."""
    by_item = {r.item.id: r for r in results}
    out = Applied()
    latest: dict[tuple[str, str | None], Decision] = {}
    for d in decisions:
        if d.decision == "done":  # a tick: shown, never a verdict
            if d.item in by_item:
                by_item[d.item].done = d
            continue
        latest[(d.item, d.finding if d.decision == "dismiss" else None)] = d
    for d in sorted(latest.values(), key=lambda d: (d.decision != "dismiss", d.id)):
        result = by_item.get(d.item)
        if result is None:
            continue  # an item not evaluated in this run (--items)
        docs = docs_by_item.get(d.item, [])
        if d.decision == "dismiss":
            keys = dict(zip(finding_keys([f.to_dict() for f in result.findings]),
                            result.findings, strict=True))  # fmt: skip
            if d.finding not in keys:
                out.outcomes.append(
                    Outcome(d, False, "finding gone: the rules no longer report it")
                )
                continue
            url = d.finding.split("|", 3)[3]
            if d.evidence and d.evidence != evidence_digest(docs, url if url != "-" else None):
                out.outcomes.append(Outcome(d, False, "evidence changed since the decision"))
                continue
            result.dismissed[d.finding] = d
            out.outcomes.append(Outcome(d, True))
            continue
        if d.evidence and d.evidence != evidence_digest(docs):
            out.outcomes.append(Outcome(d, False, "evidence changed since the decision"))
            continue
        result.decision = d
        out.outcomes.append(Outcome(d, True))
    for result in results:
        _settle(result)
    return out


def _settle(result: Any) -> None:
    """The item's status and score after its decisions."""
    if result.dismissed:
        keys = finding_keys([f.to_dict() for f in result.findings])
        live = [f for k, f in zip(keys, result.findings, strict=True) if k not in result.dismissed]
        if result.machine_status in ("fail", "review") and not any(
            f.severity == "error" for f in live
        ):
            result.status, result.score = "pass", 100.0
    d = result.decision
    if d is None:
        return
    result.status, result.score = {
        "accept": ("pass", 100.0),
        "reject": ("fail", 0.0),
        "not_applicable": ("not_applicable", None),
    }[d.decision]
