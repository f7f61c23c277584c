"""How a command that wrote a report ends: the summary, status.json and its stdout line, the
reviewer decisions line, and the exit status of the result."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from oitcrawl.cli.console import err, out
from oitcrawl.cli.errors import EXIT_BELOW, EXIT_UNHEALTHY
from oitcrawl.i18n import tr


def _finish(report: dict, paths: list[Path], quiet: bool, fail_under: float | None) -> None:
    """Print the summary and where the outputs are, write status.json beside them and print
    it as the last stdout line; the last line on the terminal (stderr, unless `quiet`) says
    where report.html is; exit 4 for an unhealthy crawl, 3 below --fail-under."""
    from oitcrawl.crawl.health import run_state, status_line, write_status
    from oitcrawl.reports.terminal import print_summary

    if not quiet:
        print_summary(report, out)
        for path in paths:
            out.print(f"  {path}", highlight=False)
    _print_decision_counts(report.get("decisions"))
    state = run_state(report, fail_under)
    if paths:  # one machine-readable line for schedulers, also kept in status.json
        code = {"crawl_unhealthy": EXIT_UNHEALTHY, "below_threshold": EXIT_BELOW}.get(state, 0)
        line = write_status(status_line(report, state, code), paths[0].parent / "status.json")
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    html = next((p for p in paths if p.name == "report.html"), None)

    def where_the_report_is() -> None:
        """The human's last line (issue 14), after the status line of stdout."""
        if html is not None and not quiet:
            err.print(f"{tr('เปิดรายงานที่', 'open the report')}: {html.resolve()}", highlight=False)

    if state == "crawl_unhealthy":
        health = report["health"]
        err.print(
            f"[red]{tr('การดึงข้อมูลล้มเหลว', 'crawl unhealthy')}[/]: "
            f"{tr(health['reason_th'], health['reason_en'])}",
            highlight=False,
        )
        where_the_report_is()
        raise typer.Exit(EXIT_UNHEALTHY)
    oit = report["scores"]["oit"]
    if state == "below_threshold":
        err.print(
            f"[red]{tr(f'คะแนน OIT {oit} ต่ำกว่า', f'OIT score {oit} below')}[/] "
            f"--fail-under {fail_under}",
            highlight=False,
        )
        where_the_report_is()
        raise typer.Exit(EXIT_BELOW)
    where_the_report_is()


def _print_decision_counts(decisions: dict[str, Any] | None) -> None:
    """One line on people's decisions for this run, when there are any (issue 16):
    `decisions` is report.json's ``decisions`` ({applied, stale: [...]})."""
    if not decisions:
        return
    applied, stale = decisions["applied"], decisions["stale"]
    if not applied and not stale:
        return
    err.print(
        tr(
            f"คำตัดสินของผู้ตรวจ: ใช้ {applied} รายการ, ล้าสมัย {len(stale)} รายการ",
            f"reviewer decisions: {applied} applied, {len(stale)} stale",
        )
    )
    for o in stale:
        what = o["finding"] or o["item"]
        err.print(f"  [yellow]{tr('ล้าสมัย', 'stale')}[/] {o['decision']} {what}: {o['why']}")
