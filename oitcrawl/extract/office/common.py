"""What every office extractor shares: building the result, and cells as one-line strings.

Cells are rendered as one-line strings: numbers without a spurious ``.0``, dates and times in
ISO 8601 (``2024-01-31``, ``2024-01-31T10:30:00``; Excel stores Gregorian dates even when a
Thai locale displays them as พ.ศ.), booleans ``TRUE``/``FALSE``; trailing empty cells and rows
are trimmed. ``text`` is always ``normalize_text`` of the document in order (for tables each
row on a line with its cells tab-separated, which ``normalize_text`` turns into single spaces).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..thai import normalize_text
from .limits import Budget, Refused

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed

MAX_TITLE = 200  # characters of a title


def make_extract(sniffed: Sniffed, **kwargs: Any) -> DocumentExtract:
    """A ``DocumentExtract`` of ``sniffed`` with the given fields."""
    # Imported here: oitcrawl.extract imports this package before defining DocumentExtract.
    from ..record import DocumentExtract

    return DocumentExtract(sniffed=sniffed, **kwargs)


def failed(sniffed: Sniffed, extractor: str, exc: BaseException) -> DocumentExtract:
    """The extract of a file that could not be read: ``error`` says why (a ``Refused`` file
    in its own words, any other exception with its type)."""
    if isinstance(exc, Refused):
        error = str(exc)
    else:
        error = f"{sniffed.type} extraction failed: {type(exc).__name__}: {exc}"
    return make_extract(sniffed, extractor=extractor, error=error)


def one_line(s: str) -> str:
    """A cell's display text on one line (``normalize_text`` lines joined with spaces)."""
    return " ".join(normalize_text(s).split("\n"))


def format_number(v: float) -> str:
    if math.isfinite(v) and v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def cell_value(v: Any) -> str:
    """One spreadsheet value as a display string (see the module docstring)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return format_number(v)
    if isinstance(v, dt.datetime):
        if v.time() == dt.time(0) and v.tzinfo is None:
            return v.date().isoformat()
        return v.isoformat()
    if isinstance(v, (dt.date, dt.time)):
        return v.isoformat()
    return one_line(str(v))


def trim_row(row: list[str]) -> list[str]:
    end = len(row)
    while end and not row[end - 1]:
        end -= 1
    return row[:end]


def trim_rows(rows: list[list[str]]) -> list[list[str]]:
    end = len(rows)
    while end and not rows[end - 1]:
        end -= 1
    return rows[:end]


def table_lines(rows: Iterable[list[str]]) -> list[str]:
    return ["\t".join(row) for row in rows]


def first_line(text: str) -> str:
    return text.split("\n", 1)[0][:MAX_TITLE]


def properties(**values: object) -> dict[str, str]:
    """Document properties as strings (datetimes ISO), leaving out the empty ones."""
    return {
        key: value.isoformat() if isinstance(value, dt.datetime) else str(value)
        for key, value in values.items()
        if value
    }


def sheets_result(
    sniffed: Sniffed,
    extractor: str,
    sheets: list[tuple[str, list[list[str]]]],
    budget: Budget,
    metadata: dict[str, str],
) -> DocumentExtract:
    """The extract of a workbook (XLSX, XLS): one table per sheet, ``text`` their rows,
    ``title`` its first line, ``metadata["sheets"]`` the sheet names one per line."""
    lines: list[str] = []
    for _, rows in sheets:
        lines.extend(table_lines(rows))
    text = normalize_text("\n".join(lines))
    metadata = {"sheets": "\n".join(name for name, _ in sheets), **metadata}
    return make_extract(
        sniffed,
        title=first_line(text),
        text=text,
        tables=[rows for _, rows in sheets],
        extractor=extractor,
        metadata=metadata,
        error=budget.message() if budget.truncated else None,
    )
