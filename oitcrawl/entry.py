"""The `oitcrawl` command's entry point (pyproject ``[project.scripts]``, ``python -m
oitcrawl``): ``oitcrawl.cli.main`` after what must come before the command line is even
imported. For ``oitcrawl inspect``, that is its extraction worker: forked here, ~0.18 s before
the CLI's imports and typer have parsed the arguments, it imports the readers, loads the Thai
scoring's data and reads the file the arguments most likely name meanwhile
(``tools.inspect.prestart_worker``, issue 17).
"""

from __future__ import annotations

import sys

#: Commands that end without the interpreter's teardown (``exit_now``): one-shot readers
#: that hold no store, whose every output is written through a closed file or stdout.
QUICK_EXIT = frozenset({"inspect"})


def main() -> None:
    """Run the `oitcrawl` command line with ``sys.argv``; exits the process."""
    argv = sys.argv[1:]
    command = command_of(argv)
    if command == "inspect" and not {"--help", "-h"} & set(argv):
        from oitcrawl.tools.inspect import prestart_worker

        prestart_worker(argv[argv.index("inspect") + 1 :])
    from oitcrawl.cli import main as cli_main

    if command not in QUICK_EXIT:
        cli_main()
        return
    try:
        cli_main()
    except SystemExit as done:
        exit_now(done.code)


def exit_now(code: object) -> None:
    """Exit as ``sys.exit(code)`` would (None → 0, an int → itself, anything else printed to
    stderr → 1), with the ``atexit`` handlers run and stdout/stderr flushed, but without the
    interpreter's teardown: freeing every module and object took ~0.045 s of the ~0.47 s
    ``oitcrawl inspect`` of an 80-page PDF (issue 17). Threads still running are not waited
    for. Never returns."""
    import atexit
    import contextlib
    import os

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:
        with contextlib.suppress(Exception):
            print(code, file=sys.stderr)
        status = 1
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a reader gone (``| head``) loses nothing more
            stream.flush()
    os._exit(status)


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
