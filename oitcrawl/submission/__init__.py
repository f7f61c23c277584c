"""The submission file: an agency's URLs per OIT item (YAML or JSON), validated with clear errors.

Format (see README "Submission file")::

    agency: สำนักงานเขตห้วยขวาง
    website: https://webportal.bangkok.go.th/huaikhwang
    framework: bma-district-2566
    fiscal_year: 2566            # Buddhist Era
    as_of: 2023-04-30            # optional; the assessment date (default: today)
    also_main: [eservice.bangkok.go.th]   # optional; other hosts that count as the main website
    items:
      O1: [https://…, https://…]
      O6: {urls: [https://…], note: "…"}
      O5: {not_applicable: true, note: "…"}

Every problem is reported with the file, the line and the field, all at once.

The package: ``model`` (Submission, Problem, SubmissionError), ``fiscal`` (fiscal years),
``yamlfile`` (safe YAML with line numbers), ``urls`` (URL and host checks), ``parsing`` (the
file validated into a Submission, and written back). Every name is importable from
``oitcrawl.submission``.
"""

from __future__ import annotations

from oitcrawl.submission.fiscal import (
    FISCAL_YEAR_RANGE,
    check_as_of,
    current_fiscal_year,
    default_fiscal_year,
    fiscal_year_start,
)
from oitcrawl.submission.model import (
    MAX_PROBLEMS_SHOWN,
    MAX_URLS_PER_ITEM,
    MAX_URLS_PER_SUBMISSION,
    ItemSubmission,
    Problem,
    Submission,
    SubmissionError,
)
from oitcrawl.submission.parsing import (
    ITEM_FIELDS,
    TOP_FIELDS,
    load_submission,
    parse_submission,
    submission_to_yaml,
)
from oitcrawl.submission.urls import check_also_main, check_url
from oitcrawl.submission.yamlfile import (
    MAX_FILE_BYTES,
    MAX_YAML_ALIASES,
    MAX_YAML_NODES,
    load_yaml,
)
from oitcrawl.submission.yamlfile import _line as _line
from oitcrawl.submission.yamlfile import _line_map as _line_map

__all__ = [
    "FISCAL_YEAR_RANGE",
    "ITEM_FIELDS",
    "MAX_FILE_BYTES",
    "MAX_PROBLEMS_SHOWN",
    "MAX_URLS_PER_ITEM",
    "MAX_URLS_PER_SUBMISSION",
    "MAX_YAML_ALIASES",
    "MAX_YAML_NODES",
    "TOP_FIELDS",
    "ItemSubmission",
    "Problem",
    "Submission",
    "SubmissionError",
    "check_also_main",
    "check_as_of",
    "check_url",
    "current_fiscal_year",
    "default_fiscal_year",
    "fiscal_year_start",
    "load_submission",
    "load_yaml",
    "parse_submission",
    "submission_to_yaml",
]
