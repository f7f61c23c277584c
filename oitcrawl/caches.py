"""oitcrawl's cache folder, and data a process would otherwise rebuild on every start.

The folder is ``$OITCRAWL_CACHE_DIR``, else ``$XDG_CACHE_HOME/oitcrawl``, else
``~/.cache/oitcrawl``. What is kept there only saves time and never changes a result: every
entry is keyed by what it was built from, an entry that cannot be read is rebuilt, and when
no folder can be written the data is simply built in memory (issue 17).
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

#: Raise when what ``built_once`` stores changes shape, so older entries are not read.
FORMAT = 1


def cache_dir() -> Path | None:
    """The folder for oitcrawl's caches (created), or None when none can be written."""
    base = os.environ.get("OITCRAWL_CACHE_DIR")
    if base:
        path = Path(base)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        path = Path(xdg) / "oitcrawl"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if os.access(path, os.W_OK) else None


def source_key(files: Iterable[str | os.PathLike[str]]) -> str:
    """A key for data built from ``files``: their paths, sizes and modification times (ns),
    with this Python's version and ``FORMAT``; a missing file counts as such. 16 hex digits."""
    parts = [f"{FORMAT}", sys.version]
    for f in files:
        try:
            st = os.stat(f)
            parts.append(f"{os.fspath(f)}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{os.fspath(f)}:missing")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def built_once(name: str, key: str, build: Callable[[], T], valid: Callable[[object], bool]) -> T:
    """``build()``'s result, kept in the cache folder as ``NAME-KEY.marshal`` between
    processes. ``build`` must return what ``marshal`` can store (str, int, float, bytes,
    tuple, list, dict, set, frozenset, None); ``valid`` checks what was read back (a damaged or
    foreign file is rebuilt). The entry is written atomically and replaces the same name's
    older entries; a folder that cannot be written only costs the rebuild. Never raises
    beyond what ``build`` raises."""
    folder = cache_dir()
    path = folder / f"{name}-{key}.marshal" if folder else None
    if path is not None:
        try:
            data = marshal.loads(path.read_bytes())
            if valid(data):
                return data  # type: ignore[return-value]
        except (OSError, EOFError, ValueError, TypeError):
            pass
    value = build()
    if path is not None:
        _write(path, marshal.dumps(value))
    return value


def _write(path: Path, blob: bytes) -> None:
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.")
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.replace(tmp, path)  # a reader sees the old file or the whole new one
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    name = path.name.rsplit("-", 1)[0]
    for old in path.parent.glob(f"{name}-*.marshal"):
        if old != path:
            with contextlib.suppress(OSError):
                old.unlink()
