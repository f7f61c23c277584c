"""XLSX (Excel 2007+) → ``DocumentExtract`` with openpyxl (``read_only=True, data_only=True``:
cached formula results, no styles)."""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

from .common import cell_value, failed, properties, sheets_result, trim_row, trim_rows
from .limits import Budget, guard_zip

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed


def extract_xlsx(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract an Excel 2007+ ``.xlsx`` with openpyxl (read-only, cached values).

    Every worksheet (chart sheets skipped) becomes one entry of ``tables`` in workbook order:
    rows of cell strings (see the module docstring for numbers/dates), trailing empty cells and
    rows trimmed; the sheet's declared dimension is ignored (often wrong in generated files).
    ``text``: all rows, tab-separated cells, through ``normalize_text``; ``title``: its first
    line; ``metadata``: ``sheets`` (names, one per line) and non-empty workbook properties
    (title, creator, created, modified). ``error``: corrupt/encrypted/refused file, or
    truncation after ``MAX_CELLS`` cells. Never raises.
    """
    extractor = "xlsx/openpyxl"
    try:
        guard_zip(data)
        import openpyxl

        budget = Budget()
        sheets: list[tuple[str, list[list[str]]]] = []
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "extension is not supported" and the like
            wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for ws in wb.worksheets:
                    if budget.truncated:
                        break
                    if hasattr(ws, "reset_dimensions"):
                        ws.reset_dimensions()
                    rows: list[list[str]] = []
                    for values in ws.iter_rows(values_only=True):
                        if not budget.take(max(len(values), 1)):
                            break
                        rows.append(trim_row([cell_value(v) for v in values]))
                    sheets.append((ws.title, trim_rows(rows)))
                props = wb.properties
                metadata = properties(
                    title=props.title,
                    creator=props.creator,
                    created=props.created,
                    modified=props.modified,
                )
            finally:
                wb.close()
        return sheets_result(sniffed, extractor, sheets, budget, metadata)
    except Exception as exc:
        return failed(sniffed, extractor, exc)
