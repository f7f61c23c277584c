"""The `oitcrawl` command's entry point (pyproject ``[project.scripts]``, ``python -m
oitcrawl``): ``oitcrawl.cli.main`` after what must come before the command line is even
imported. For ``oitcrawl inspect``, that is its extraction worker: forked here, ~0.18 s before
the CLI's imports and typer have parsed the arguments, it imports the readers, loads the Thai
scoring's data and reads the file the arguments most likely name meanwhile
(``tools.inspect.prestart_worker``, issue 17).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run the `oitcrawl` command line with ``sys.argv``; exits the process."""
    argv = sys.argv[1:]
    if command_of(argv) == "inspect" and not {"--help", "-h"} & set(argv):
        from oitcrawl.tools.inspect import prestart_worker

        prestart_worker(argv[argv.index("inspect") + 1 :])
    from oitcrawl.cli import main as cli_main

    cli_main()


def command_of(argv: list[str]) -> str | None:
    """The command named in ``argv`` (the arguments after ``oitcrawl``) past the global
    options (``--debug``, ``--version``, ``--lang X``), None if there is none."""
    args = iter(argv)
    for arg in args:
        if arg == "--lang":
            next(args, None)
        elif not arg.startswith("-"):
            return arg
    return None
