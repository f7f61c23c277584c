"""Frameworks as data: the OIT item tree (indicator → sub-indicator → group → item) from `rules/`.

A framework file is YAML in the `oitcrawl.rules` package (the repository's `rules/` folder, plus
the folders of ``$OITCRAWL_RULES``), validated on load by pydantic; errors name the file, the item
and the field.

Frameworks over the years (issue 19): a file may ``extends:`` another and list only what
changed (``changes:`` items removed, renumbered, added, patched); ``load_framework`` resolves
the chain into a plain, fully expanded ``Framework`` (the rule engine never sees a delta).
``{FY}``, ``{FY-1}`` and ``{FY+1}`` in any text stand for the framework's ``fiscal_year``, so
next year's framework is ``extends`` + ``fiscal_year`` and nothing else. A framework and an
element carry ``status`` (official | provisional) and ``source``; ``maps_from`` declares how
the items of another framework (another year) map onto this one (``item_mapping``).

The package: ``model`` (the pydantic model), ``files`` (where the framework files are),
``loading`` (YAML, ``extends`` and ``changes``, ``load_framework``), ``mapping`` (items across
years), ``defaults`` (the framework of a submission that names none). Every name is
importable from ``oitcrawl.framework``, loaded on first use (``lazy_loader``, as
``oitcrawl.extract``): finding the files costs no YAML or pydantic (issue 17).
"""

from __future__ import annotations

import lazy_loader

# module of this package → the names it defines, loaded on first use (lazy_loader)
_NAMES = {
    "defaults": ["LEGACY_DEFAULT", "NEW_SHAPE_FROM", "agency_type_of", "default_framework",
                 "framework_warning"],
    "files": ["RULES_ENV", "framework_files"],
    "loading": ["FrameworkError", "available_frameworks", "load_framework",
                "load_framework_file", "_raw_resolved"],
    "mapping": ["item_mapping", "map_element_id"],
    "model": ["AGENCY_TYPES", "PERIODS", "Element", "Framework", "Group", "Indicator", "Item",
              "Match", "Phrases", "Source", "Status", "SubIndicator", "element_is_official"],
}  # fmt: skip

__getattr__, __dir__, _names = lazy_loader.attach(__name__, submod_attrs=_NAMES)
__all__ = [n for n in _names if not n.startswith("_")]
