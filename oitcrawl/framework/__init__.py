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

The package: ``model`` (the pydantic model), ``loading`` (files, ``extends`` and ``changes``,
``load_framework``), ``mapping`` (items across years), ``defaults`` (the framework of a
submission that names none). Every name is importable from ``oitcrawl.framework``.
"""

from __future__ import annotations

from oitcrawl.framework.defaults import (
    LEGACY_DEFAULT,
    NEW_SHAPE_FROM,
    agency_type_of,
    default_framework,
    framework_warning,
)
from oitcrawl.framework.loading import (
    RULES_ENV,
    FrameworkError,
    available_frameworks,
    load_framework,
    load_framework_file,
)
from oitcrawl.framework.loading import _raw_resolved as _raw_resolved
from oitcrawl.framework.mapping import item_mapping, map_element_id
from oitcrawl.framework.model import (
    AGENCY_TYPES,
    PERIODS,
    Element,
    Framework,
    Group,
    Indicator,
    Item,
    Match,
    Phrases,
    Source,
    Status,
    SubIndicator,
    element_is_official,
)

__all__ = [
    "AGENCY_TYPES",
    "LEGACY_DEFAULT",
    "NEW_SHAPE_FROM",
    "PERIODS",
    "RULES_ENV",
    "Element",
    "Framework",
    "FrameworkError",
    "Group",
    "Indicator",
    "Item",
    "Match",
    "Phrases",
    "Source",
    "Status",
    "SubIndicator",
    "agency_type_of",
    "available_frameworks",
    "default_framework",
    "element_is_official",
    "framework_warning",
    "item_mapping",
    "load_framework",
    "load_framework_file",
    "map_element_id",
]
