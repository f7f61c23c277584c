"""``DateMention``: one date-like mention found in a text, and the fiscal years it names."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from .fiscal import BE_OFFSET, month_key

MentionKind = Literal["date", "month", "fiscal_year", "year", "year_range", "quarter", "half"]


@dataclass(frozen=True)
class DateMention:
    """One date-like mention found by ``find_dates``.

    ``kind``: "date" | "month" | "fiscal_year" | "year" | "year_range" | "quarter" | "half".
    ``text``: the original slice ``input[start:end]`` (offsets in the string given to
    ``find_dates``, not in any normalised form). Which fields are set, by kind (all years BE):

    ============ =========================================================================
    date         ``year_be``, ``month``, ``day``, ``fiscal_year`` (computed: Oct-Dec → +1)
    month        ``year_be``, ``month``, ``fiscal_year`` (computed)
    fiscal_year  ``fiscal_year`` (the stated year; ``year_be`` stays None: it is no
                 calendar year)
    year         ``year_be`` (``fiscal_year`` None: a bare year names no fiscal year by
                 itself; ``check_period`` still accepts a year equal to the assessed one)
    year_range   ``year_be`` (first), ``year_end_be`` (last, inclusive)
    quarter      ``quarter`` (1-4, fiscal), ``fiscal_year`` (stated or attached, else None)
    half         ``half`` (1 = Oct-Mar, 2 = Apr-Sep), ``fiscal_year`` (as for quarter)
    ============ =========================================================================
    """

    kind: MentionKind
    text: str
    start: int
    end: int
    year_be: int | None = None
    month: int | None = None
    day: int | None = None
    fiscal_year: int | None = None
    quarter: int | None = None
    year_end_be: int | None = None
    half: int | None = None

    @property
    def month_key(self) -> str | None:
        """ "YYYY-MM" with the **CE** year for date and month mentions, else None."""
        if self.kind in ("date", "month") and self.year_be is not None and self.month:
            return month_key(self.year_be, self.month)
        return None

    @property
    def as_date(self) -> date | None:
        """The CE ``datetime.date`` of a date mention, else None."""
        if self.kind == "date" and self.year_be and self.month and self.day:
            return date(self.year_be - BE_OFFSET, self.month, self.day)
        return None


def implied_fiscal_years(d: DateMention) -> Iterable[int]:
    """The fiscal years (BE) ``d`` names or falls in: a year as itself, a year range every year
    it spans, any other mention its ``fiscal_year`` (none when it has none)."""
    if d.kind == "year":
        return (d.year_be,) if d.year_be else ()
    if d.kind == "year_range":
        return range(d.year_be, d.year_end_be + 1) if d.year_be and d.year_end_be else ()
    return (d.fiscal_year,) if d.fiscal_year else ()
