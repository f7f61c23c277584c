"""Pipeline stage "report": an evaluation → report.json (report@3), report.html,
suggestions.csv / suggestions.xlsx, and the terminal summary. Everything is rendered from the
report.json dict, so the outputs always agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oitcrawl.evaluate import Evaluation


@dataclass(frozen=True)
class Outputs:
    """Where the outputs of one evaluation were written, and the report@3 dict itself."""

    report: dict[str, Any]
    report_json: Path
    report_html: Path
    suggestions_csv: Path
    suggestions_xlsx: Path

    def paths(self) -> list[Path]:
        return [self.report_json, self.report_html, self.suggestions_csv, self.suggestions_xlsx]


def write_outputs(
    ev: Evaluation, out_dir: Path, amend: Callable[[dict[str, Any]], None] | None = None
) -> Outputs:
    """Write every output of `ev` into `out_dir` (created if needed), each file atomically.
    `amend`: called with the report dict before anything is written (``check --since`` adds
    its new/open/fixed marks there).

    Raises OSError when the folder cannot be written; with OITCRAWL_VALIDATE_REPORTS=1,
    jsonschema.ValidationError if the report breaks its own schema (a bug, never user input).
    """
    from oitcrawl.reports.report_html import write_html
    from oitcrawl.reports.report_json import build_report, write_json
    from oitcrawl.reports.suggestions import write_csv, write_xlsx

    out_dir.mkdir(parents=True, exist_ok=True)
    report = build_report(ev)
    if amend is not None:
        amend(report)
    return Outputs(
        report=report,
        report_json=write_json(report, out_dir / "report.json"),
        report_html=write_html(report, out_dir / "report.html"),
        suggestions_csv=write_csv(report, out_dir / "suggestions.csv"),
        suggestions_xlsx=write_xlsx(report, out_dir / "suggestions.xlsx"),
    )


def record_outputs(
    store: Any,
    ev: Any,
    out_dir: Path,
    since: str | None = None,
) -> Any:
    """Write the outputs of evaluation `ev` (``write_outputs``) and keep its results in the
    store (``oitcrawl.history.results``). `since`: an earlier run id of the same agency; each
    finding of the report is then marked new / open (with the date first seen) and the fixed
    ones are listed (``oitcrawl.history.annotate_since``). Returns the Outputs."""
    from oitcrawl.history.results import save_results

    amend = None
    if since is not None:
        from oitcrawl.history import annotate_since, results_of

        base = results_of(store, since)

        def amend(report: dict[str, Any]) -> None:
            annotate_since(store, report, base)

    outputs = write_outputs(ev, out_dir, amend=amend)
    save_results(store, outputs.report)
    return outputs
