"""Thai fiscal years (Buddhist Era) for a submission: the range a file may name, the year a
date falls in (the default when a file names none), its first day, and whether an assessment
date can belong to it.
"""

from __future__ import annotations

import datetime as dt

FISCAL_YEAR_RANGE = (2550, 2600)  # Buddhist Era; issue 2 ("a fiscal year outside 2550–2600")


def current_fiscal_year(today: dt.date | None = None) -> int:
    """The Thai fiscal year (BE) that `today` (CE; default the machine's date) falls in:
    1 October starts the next one (2026-09-30 → 2569, 2026-10-01 → 2570; DOMAIN.md §3)."""
    today = today or dt.date.today()
    return today.year + 543 + (1 if today.month >= 10 else 0)


def default_fiscal_year(as_of: object = None) -> int:
    """The fiscal year (BE) a submission without one is assessed for: that of its `as_of`
    when it is a valid ISO date, else the current one (``current_fiscal_year``)."""
    if isinstance(as_of, dt.date):
        return current_fiscal_year(as_of)
    if isinstance(as_of, str):
        try:
            return current_fiscal_year(dt.date.fromisoformat(as_of.strip()[:10]))
        except ValueError:
            pass
    return current_fiscal_year()


def fiscal_year_start(fiscal_year_be: int) -> dt.date:
    """First day (CE) of the Thai fiscal year `fiscal_year_be` (Buddhist Era): 1 October of
    the year before, e.g. 2566 → 2022-10-01."""
    return dt.date(fiscal_year_be - 543 - 1, 10, 1)


def check_as_of(as_of: dt.date, fiscal_year_be: int) -> str | None:
    """Why `as_of` cannot be the assessment date of fiscal year `fiscal_year_be`, or None.

    An assessment date before the fiscal year began would make every period rule count
    months that have not happened yet as "not due" (a monthly item would pass on nothing).
    """
    start = fiscal_year_start(fiscal_year_be)
    if as_of < start:
        return (
            f"{as_of.isoformat()} is before fiscal year {fiscal_year_be} began "
            f"({start.isoformat()}); the assessment date must fall in or after the fiscal year"
        )
    return None
