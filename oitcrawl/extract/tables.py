"""Tables in evidence: find a table's header row and the columns an element asks for.

Rows come from every reader: HTML ``<table>``, spreadsheet sheets, CSV, Word/ODF tables, and
PDF tables (``pdf_tables``: pdfplumber's ruling-line geometry, PDFium's text in each cell).
A rule that needs fields such as the แบบ สขร.1 columns (FRAMEWORK-bma-district-2566.md O20.2-
O20.4; DOMAIN.md §3.5) checks them in the **header** of one table rather than anywhere in the
text, so a summary that names a field in its title but lacks the column is caught, and the
finding can name the missing column.

Header recognition: the header is the first row among the first ``HEADER_SCAN_ROWS`` with at
least two filled cells none of which is a number, amount or date (title rows above a table
are usually one merged cell; data rows carry a number, an amount or a date). A second such
row directly below with an empty cell where the first has a label is a split header (merged
cells, "ผู้เสนอราคา / ราคาที่เสนอ"): the two are joined per column. Labels are compared on
``normalize_for_matching`` text, so the Thai damage the text matcher tolerates (split ำ,
stray spaces, Thai digits) is tolerated here too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from oitcrawl.extract.thai import normalize_for_matching

HEADER_SCAN_ROWS = 6  # rows at the top of a table where the header may sit (titles above it)
MAX_LABEL_CHARS = 80  # a longer cell is content, not a column label

# A cell that is data, not a label: a row number, an amount ("12,500.00", "๑๒,๕๐๐ บาท"), a
# date ("1 ต.ค. 65", "01/10/2565") or a percentage.
_DATA_CELL_RE = re.compile(
    r"^[\s(]*[-+]?[\d.,/:%\s-]+(บาท|baht)?[\s)]*$"
    r"|^\d{1,2}\s*[ก-ฮ]{1,3}\.?\s?[ก-ฮ]{1,2}\.?\s*\d{2,4}$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RecognisedTable:
    """A table with its header found.

    ``rows``: every row as cell strings (as the reader gave them). ``header_row``: index in
    ``rows`` of the (last) header row, None when no row looks like a header. ``header``: one
    label per column (empty strings for unlabelled columns; a split header's two rows joined
    with a space), () when there is no header. ``data_rows``: the rows below the header (all
    rows when there is none), empty rows dropped.
    """

    rows: tuple[tuple[str, ...], ...]
    header_row: int | None
    header: tuple[str, ...]

    @property
    def data_rows(self) -> list[tuple[str, ...]]:
        start = 0 if self.header_row is None else self.header_row + 1
        return [r for r in self.rows[start:] if any(c.strip() for c in r)]


def _is_data_cell(cell: str) -> bool:
    folded = normalize_for_matching(cell)
    return bool(folded) and bool(_DATA_CELL_RE.match(folded))


def _is_label_row(row: Sequence[str]) -> bool:
    filled = [c for c in row if c and c.strip()]
    if len(filled) < 2:
        return False
    return all(len(c) <= MAX_LABEL_CHARS and not _is_data_cell(c) for c in filled)


def recognise(rows: Sequence[Sequence[str | None]]) -> RecognisedTable:
    """Find the header of a table given as rows of cells (None cells read as "").

    Returns a ``RecognisedTable`` (see the module docstring for the rule). Never raises.
    """
    clean = tuple(tuple((c or "").strip() for c in r) for r in rows)
    for i, row in enumerate(clean[:HEADER_SCAN_ROWS]):
        if not _is_label_row(row):
            continue
        header = list(row)
        below = clean[i + 1] if i + 1 < len(clean) else ()
        if (
            below
            and _is_label_row(below)
            and any(not c for c in row)
            and i + 2 < len(clean)
            and not _is_label_row(clean[i + 2])
        ):
            width = max(len(row), len(below))
            header = [" ".join(x for x in (_at(row, k), _at(below, k)) if x) for k in range(width)]
            return RecognisedTable(clean, i + 1, tuple(header))
        return RecognisedTable(clean, i, tuple(header))
    return RecognisedTable(clean, None, ())


def _at(row: Sequence[str], k: int) -> str:
    return row[k] if k < len(row) else ""


@dataclass(frozen=True)
class ColumnCheck:
    """The columns of one table against an element's column groups.

    ``found``: group head (first alternative, as written in the framework) → column index;
    ``missing``: heads of the groups with no matching column label, in framework order.
    """

    table: RecognisedTable
    found: dict[str, int]
    missing: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.missing


def _squeeze(label: str) -> str:
    return "".join(label.split())


def check_columns(table: RecognisedTable, groups: Sequence[str | Sequence[str]]) -> ColumnCheck:
    """Which of ``groups`` (each a phrase or a list of alternative phrases) label a column.

    A group matches the first column whose normalised label contains one of its normalised
    phrases. Spaces are ignored on both sides: a header cell wrapped inside a word by a PDF
    export ("รา คาที่เสนอ", issue 12) is the same label. Returns a ``ColumnCheck``; with no
    header every group is missing.
    """
    labels = [_squeeze(normalize_for_matching(h)) for h in table.header]
    found: dict[str, int] = {}
    missing: list[str] = []
    for group in groups:
        alternatives = [group] if isinstance(group, str) else list(group)
        needles = [_squeeze(normalize_for_matching(a)) for a in alternatives]
        col = next(
            (k for k, label in enumerate(labels) if any(n and n in label for n in needles)),
            None,
        )
        if col is None:
            missing.append(alternatives[0])
        else:
            found[alternatives[0]] = col
    return ColumnCheck(table, found, tuple(missing))


def best_column_check(
    tables: Sequence[RecognisedTable],
    groups: Sequence[str | Sequence[str]],
    kind: Sequence[str | Sequence[str]] | None = None,
) -> ColumnCheck | None:
    """The column check of ``groups`` on the table of this kind with the most of them (ties:
    the first), or None when no table is of this kind (a rule should then read the text).

    A table is of this kind when its header names at least half of ``kind`` (default
    ``groups``): pass all the column groups of an item (e.g. every แบบ สขร.1 field of O20.2-
    O20.4) so a สขร.1 table lacking one element's columns altogether is still judged by them.
    """
    kind = groups if kind is None else kind
    best: ColumnCheck | None = None
    for table in tables:
        if table.header_row is None:
            continue
        if 2 * len(check_columns(table, kind).found) < len(kind):
            continue
        check = check_columns(table, groups)
        if best is None or len(check.found) > len(best.found):
            best = check
    return best


def rows_per_month(table: RecognisedTable) -> dict[str, int]:
    """Data rows per month ("YYYY-MM", CE) from the first full date in each row (e.g. the
    contract date of a สขร.1 or e-GP "ข้อมูลสาระสำคัญในสัญญา" row). Rows without a date are
    not counted. Sorted by month."""
    from oitcrawl.periods import find_dates

    counts: Counter[str] = Counter()
    for row in table.data_rows:
        for mention in find_dates("\t".join(row)):  # never a date across cells
            if mention.kind == "date" and mention.month_key:
                counts[mention.month_key] += 1
                break
    return dict(sorted(counts.items()))
