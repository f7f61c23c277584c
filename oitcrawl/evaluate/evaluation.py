"""``evaluate_run``: the framework's rules applied to one run's stored evidence, with no
network → an ``Evaluation`` (element verdicts, findings, item statuses, scores, reviewer
notes)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from oitcrawl.evaluate.decisions import Applied, apply_decisions, decisions_for
from oitcrawl.evaluate.documents import RunDocuments, load_documents
from oitcrawl.evaluate.notes import reviewer_note
from oitcrawl.evaluate.rules import Context, ItemResult, evaluate_item
from oitcrawl.evaluate.scores import Scores, compute_scores
from oitcrawl.framework import Framework, load_framework
from oitcrawl.store import Run, Store


class EvaluationError(ValueError):
    """A run cannot be evaluated as asked (unknown item id, run without a framework…)."""


@dataclass
class Evaluation:
    """The result of the rules on one run: `items` in framework order (only those asked for),
    `notes` {item id: (Thai, English)}, `scores`, and the `documents` they were judged on.
    `partial`: only some items were evaluated (``--items``). `decisions`: what people decided
    on this run (applied or stale, ``evaluate.decisions``); `scores` count them, and
    `machine_scores` are the rules' own scores beside them."""

    run: Run
    framework: Framework
    context: Context
    items: list[ItemResult]
    notes: dict[str, tuple[str, str]]
    scores: Scores
    documents: RunDocuments
    partial: bool
    # {request URL: {"file", "record_id"}}: the WARC record behind each fetch
    # (oitcrawl/history/archive.py)
    archive: dict[str, dict[str, str]] = field(default_factory=dict)
    # people's decisions on this run (issue 16) and the scores without them
    decisions: Applied = field(default_factory=Applied)
    machine_scores: Scores | None = None


def evaluate_run(
    store: Store,
    run: Run,
    items: list[str] | None = None,
    iit: float | None = None,
    eit: float | None = None,
) -> Evaluation:
    """Apply the framework of `run` to its stored evidence.

    `items`: item ids to evaluate (default all). `iit`, `eit`: scores 0-100 of the other ITA
    tools, for the ITA total. Raises EvaluationError for an item id the framework lacks,
    ValueError for bad IIT/EIT, FrameworkError when the framework file is invalid.
    """
    framework = load_framework(run.framework)
    wanted = items or list(framework.items)
    unknown = [i for i in wanted if i not in framework.items]
    if unknown:
        raise EvaluationError(
            f"--items: {', '.join(unknown)} not in framework {framework.id} "
            f"(it has {next(iter(framework.items))} … {list(framework.items)[-1]})"
        )
    as_of = dt.date.fromisoformat(run.as_of) if run.as_of else dt.date.today()
    ctx = Context(framework, run.fiscal_year, as_of)
    docs = load_documents(store, run)
    submitted = run.submission.get("items", {})
    results = [
        evaluate_item(framework.items[i], submitted.get(i), docs.by_item.get(i, []), ctx)
        for i in framework.items
        if i in wanted
    ]
    applied = apply_decisions(results, decisions_for(store, run), docs.by_item)
    notes = {
        r.item.id: reviewer_note(r.live_findings(), framework, r.status == "not_applicable")
        for r in results
    }
    scores = compute_scores(framework, {r.item.id: r.score for r in results}, iit, eit)
    machine = compute_scores(framework, {r.item.id: r.machine_score for r in results}, iit, eit)
    return Evaluation(
        run,
        framework,
        ctx,
        results,
        notes,
        scores,
        docs,
        bool(items),
        store.archive_refs(run.id),
        applied,
        machine,
    )
