"""`discover`: walk an agency's website from its homepage and propose a submission."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from oitcrawl.cli.application import PANEL_TOOLS, app
from oitcrawl.cli.checks import _check_out_dir, _parse_date
from oitcrawl.cli.console import out
from oitcrawl.cli.errors import BadInput
from oitcrawl.cli.options import (
    AllowPrivateOption,
    ConcurrencyOption,
    DelayOption,
    IgnoreRobotsOption,
    RewriteHostOption,
    TimeoutOption,
    _check_finite,
    _crawl_settings,
    _rewrites,
)
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.i18n import tr


@app.command(rich_help_panel=PANEL_TOOLS)
def discover(
    homepage: Annotated[str, typer.Argument(help="The agency's homepage (http/https URL).")],
    framework: Annotated[str, typer.Option(help="Framework id (a file in rules/).")] = (
        "bma-district-2566"
    ),
    fiscal_year: Annotated[int, typer.Option(help="Assessed fiscal year, Buddhist Era.")] = 2566,
    proposal: Annotated[
        Path, typer.Option("--out", "-o", help="The proposed submission file to write (YAML).")
    ] = Path("proposal.yaml"),
    db: Annotated[
        Path, typer.Option("--db", help="Evidence database of the discovery crawl.")
    ] = Path("oitcrawl-data/discover.sqlite"),
    agency: Annotated[
        str | None, typer.Option(help="Agency name (default: from the homepage title).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Assessment date YYYY-MM-DD, written into the proposal.")
    ] = None,
    max_depth: Annotated[int, typer.Option(help="Link steps from the homepage.")] = 3,
    max_pages: Annotated[int, typer.Option(help="Fetches in all (pages and documents).")] = 400,
    time_budget: Annotated[float, typer.Option(help="Seconds for the whole crawl.")] = 600.0,
    rewrite_host: RewriteHostOption = None,
    delay: DelayOption = CrawlSettings.delay_s,
    concurrency: ConcurrencyOption = CrawlSettings.concurrency_per_host,
    timeout: TimeoutOption = CrawlSettings.timeout_s,
    ignore_robots: IgnoreRobotsOption = False,
    allow_private: AllowPrivateOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
) -> None:
    """Walk the website from its homepage and propose a submission: per item the best
    candidate URLs with their reasons, and the items for which nothing was found."""
    from oitcrawl.discover import DiscoverBounds, DiscoverError, run_discover
    from oitcrawl.discover.summary import print_summary

    if not homepage.startswith(("http://", "https://")):
        raise BadInput(f"{homepage!r}: the homepage must be an http:// or https:// URL")
    _check_finite("--time-budget", time_budget)
    if max_depth < 0 or max_pages < 1 or time_budget <= 0:
        raise BadInput("--max-depth ≥ 0, --max-pages ≥ 1 and --time-budget > 0 are required")
    from oitcrawl.submission import FISCAL_YEAR_RANGE, check_as_of, check_url

    lo, hi = FISCAL_YEAR_RANGE
    if not lo <= fiscal_year <= hi:
        hint = f" (did you mean {fiscal_year + 543}?)" if 1990 <= fiscal_year <= 2060 else ""
        raise BadInput(
            f"--fiscal-year {fiscal_year}: "
            + tr(f"ต้องเป็นปี พ.ศ. {lo}–{hi}", f"must be a Buddhist Era year {lo}–{hi}")
            + hint
        )
    if why := check_url(homepage):
        raise BadInput(f"{homepage!r}: {why}")
    discover_as_of = _parse_date(as_of, "--as-of")
    if discover_as_of and (why := check_as_of(discover_as_of, fiscal_year)):
        raise BadInput(f"--as-of: {why}")
    _check_out_dir(proposal.parent if str(proposal.parent) else Path("."), "--out")
    if proposal.is_dir():
        raise BadInput(f"--out {proposal}: " + tr("เป็นโฟลเดอร์", "is a folder; give a file name"))
    settings = _crawl_settings(
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        ignore_robots=ignore_robots,
        allow_private=allow_private,
    )
    try:
        result = run_discover(
            homepage,
            framework,
            fiscal_year,
            proposal,
            db,
            settings,
            DiscoverBounds(max_depth, max_pages, time_budget),
            _rewrites(rewrite_host),
            discover_as_of,
            agency,
        )
    except DiscoverError as exc:
        raise BadInput(str(exc)) from None
    if not quiet:
        print_summary(result, out)
