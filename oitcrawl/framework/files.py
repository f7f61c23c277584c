"""Where the framework files are: the shipped `rules/` (the ``oitcrawl.rules`` package) and
the folders of ``$OITCRAWL_RULES``. Apart from ``loading`` so that finding them imports
neither YAML nor pydantic (a cache key of the files, ``oitcrawl inspect``).
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

RULES_ENV = "OITCRAWL_RULES"  # further folders of framework files, separated by os.pathsep


def framework_files() -> dict[str, Path]:
    """{id: file} of every framework: the shipped `rules/` first, then the folders named in
    ``$OITCRAWL_RULES`` (a coordinator's next-year file; a shipped id is never shadowed)."""
    files: dict[str, Path] = {}
    shipped = resources.files("oitcrawl.rules")
    for p in shipped.iterdir():
        if p.name.endswith(".yaml"):
            files[p.name.removesuffix(".yaml")] = Path(str(p))
    for folder in filter(None, os.environ.get(RULES_ENV, "").split(os.pathsep)):
        base = Path(folder)
        if base.is_dir():
            for p in sorted(base.glob("*.yaml")):
                files.setdefault(p.name.removesuffix(".yaml"), p)
    return files
