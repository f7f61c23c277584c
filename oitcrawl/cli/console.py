"""The CLI's two consoles: results on stdout, messages on stderr."""

from __future__ import annotations

from rich.console import Console

out = Console()
err = Console(stderr=True)


def escape_markup(text: str) -> str:
    """`text` with rich markup escaped (messages quote user input)."""
    from rich.markup import escape

    return escape(text)


def wide_out() -> Console:
    """`out` on a terminal; piped (`runs | cat`), a console as wide as a table needs rather
    than the 80 columns rich assumes."""
    return out if out.is_terminal else Console(width=200)
