"""The one Jinja2 environment of the HTML outputs, with compiled templates kept between runs.

Compiling ``report.html.j2`` and its checklist takes ~0.3 s, more than evaluating a whole run
(issue 17), and a template only changes with a new oitcrawl. So compiled templates go to
Jinja2's ``FileSystemBytecodeCache`` in the user's cache folder (``$XDG_CACHE_HOME/oitcrawl``
or ``~/.cache/oitcrawl``; ``OITCRAWL_CACHE_DIR`` overrides it). Jinja2 keys each entry by the
template's name and a checksum of its source, and refuses entries of another Python, so a
stale entry is never used. When no cache folder can be written, templates are compiled in
memory as before: the cache only saves time, it never changes output.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import jinja2

from oitcrawl.caches import cache_dir


@cache
def _bytecode_cache() -> jinja2.BytecodeCache | None:
    base = cache_dir()
    if base is None:
        return None
    folder = base / "templates"
    try:
        folder.mkdir(exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(
    filters: dict[str, Callable[..., Any]], keep_trailing_newline: bool = False
) -> jinja2.Environment:
    """A Jinja2 environment over the templates of ``oitcrawl.reports``: autoescaped, strict
    (a missing field raises ``jinja2.UndefinedError``), block whitespace trimmed, with
    ``filters`` added and the shared bytecode cache. Callers cache the environment."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("oitcrawl.reports", ""),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=keep_trailing_newline,
        bytecode_cache=_bytecode_cache(),
    )
    env.filters.update(filters)
    return env
