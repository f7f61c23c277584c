"""Dates in Thai and English text → Buddhist-era years, fiscal years and months; period rules.

Every year is a **Buddhist-era (BE, พ.ศ.) year** unless its name says otherwise; month keys
("YYYY-MM") use the CE year (``fiscal``). The package in reading order, each module one job:

* ``fiscal`` — the units: BE years, Thai fiscal years, month keys, Thai/English month names.
* ``mention`` — ``DateMention``, one date-like mention, and the fiscal years it names.
* ``formats`` — the date formats read: patterns, year rules, what is deliberately no date.
* ``parse`` — ``find_dates``: folding the text (cells, lines, OCR damage), matching the formats
  in priority order, giving quarters and halves the year on their line.
* ``exclusions`` — the mentions that date nothing (update stamps, copyright lines, later
  years): ``classify_mentions``, ``classify_mention``, ``dating_mentions``.
* ``rules`` — the framework's period rules: ``check_period`` → ``PeriodVerdict``.

Parsing (``fiscal`` … ``exclusions``) never imports the rules; the rules use only ``fiscal``
and ``mention``. Every name importers use is re-exported here.
"""

from __future__ import annotations

from .exclusions import (
    EXCLUSION_REASONS,
    ExclusionReason,
    classify_mention,
    classify_mentions,
    dating_mentions,
)
from .fiscal import (
    BE_OFFSET,
    ENGLISH_MONTHS,
    THAI_MONTH_ABBRS,
    THAI_MONTHS,
    fiscal_months,
    fiscal_year_bounds,
    fiscal_year_of,
    format_month_en,
    format_month_th,
    h1_months,
    month_key,
    required_months,
    thai_month_name,
    to_be,
)
from .mention import DateMention, MentionKind, implied_fiscal_years
from .mention import implied_fiscal_years as _implied_fiscal_years  # noqa: F401 - inspect's name
from .parse import find_dates
from .rules import PERIOD_RULES, PeriodVerdict, check_period

__all__ = [
    "BE_OFFSET",
    "ENGLISH_MONTHS",
    "EXCLUSION_REASONS",
    "PERIOD_RULES",
    "THAI_MONTHS",
    "THAI_MONTH_ABBRS",
    "DateMention",
    "ExclusionReason",
    "MentionKind",
    "PeriodVerdict",
    "check_period",
    "classify_mention",
    "classify_mentions",
    "dating_mentions",
    "find_dates",
    "fiscal_months",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "format_month_en",
    "format_month_th",
    "h1_months",
    "implied_fiscal_years",
    "month_key",
    "required_months",
    "thai_month_name",
    "to_be",
]
