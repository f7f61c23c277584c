"""The `oitcrawl` command line (typer).

Exit status: 0 the run completed, 1 internal failure, 2 bad input (nothing written),
3 the OIT score is below --fail-under, 4 the crawl was unhealthy (at least 90 % of the
fetches failed with network or server errors: the site was down, the score means nothing),
130 interrupted with Ctrl-C (run the same command again to resume).

One module per command group (checking, tools, auditor, discovery, distributed), and what they
share: the app and its help panels (application), the options (options), the input checks
(checks), how a report ends (outputs) and the error path (errors); `main()` runs them. What a
command needs beyond typer and rich it imports when it runs, so that `oitcrawl --help` starts
fast (issue 17).
"""

from __future__ import annotations

# isort: off
# the command modules register their commands in this order, which is their order in
# `oitcrawl --help` (within a panel, and the panels by their first command)
from oitcrawl.cli import checking
from oitcrawl.cli import tools
from oitcrawl.cli import auditor
from oitcrawl.cli import discovery
from oitcrawl.cli import distributed

# isort: on
from oitcrawl.cli.application import app, thai_help
from oitcrawl.cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_BELOW,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_TERMINATED,
    EXIT_UNHEALTHY,
    BadInput,
    run_app,
)
from oitcrawl.cli.options import parse_size

thai_help()


def main() -> None:
    """The command line (called by ``oitcrawl.entry.main``, the ``oitcrawl`` command):
    every command, one error path (``errors.run_app``). Exits the process."""
    run_app(app)


__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_BELOW",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_TERMINATED",
    "EXIT_UNHEALTHY",
    "BadInput",
    "app",
    "auditor",
    "checking",
    "discovery",
    "distributed",
    "main",
    "parse_size",
    "tools",
]
