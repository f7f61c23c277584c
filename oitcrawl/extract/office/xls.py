"""XLS (Excel 97-2003) → ``DocumentExtract`` with xlrd (2.x reads only the old BIFF ``.xls``
format, which is all it is used for here)."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from .common import cell_value, failed, format_number, one_line, sheets_result, trim_row, trim_rows
from .limits import Budget

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed


def _xls_cell(cell: Any, datemode: int) -> str:
    import xlrd

    ctype, value = cell.ctype, cell.value
    if ctype == xlrd.XL_CELL_DATE:
        try:
            return cell_value(xlrd.xldate_as_datetime(value, datemode))
        except (xlrd.xldate.XLDateError, ValueError, OverflowError):
            return format_number(value)
    if ctype == xlrd.XL_CELL_NUMBER:
        return format_number(value)
    if ctype == xlrd.XL_CELL_BOOLEAN:
        return "TRUE" if value else "FALSE"
    if ctype == xlrd.XL_CELL_ERROR:
        return xlrd.error_text_from_code.get(value, "#ERROR")
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
        return ""
    return one_line(str(value))


def extract_xls(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Extract an Excel 97-2003 ``.xls`` (BIFF) with xlrd.

    Same result shape as ``extract_xlsx``: one table per sheet (dates ISO via the workbook's
    date mode, numbers without ``.0``, ``#DIV/0!``-style error texts), ``text`` the rows joined,
    ``metadata["sheets"]`` the sheet names. Sheets are loaded one at a time (``on_demand``);
    xlrd's warnings go to a discarded log. ``error``: corrupt/encrypted/not-BIFF file, or
    truncation after ``MAX_CELLS`` cells. Never raises.
    """
    extractor = "xls/xlrd"
    try:
        import xlrd

        book = xlrd.open_workbook(
            file_contents=data, on_demand=True, ragged_rows=True, logfile=io.StringIO()
        )
        budget = Budget()
        sheets: list[tuple[str, list[list[str]]]] = []
        try:
            for index in range(book.nsheets):
                if budget.truncated:
                    break
                sheet = book.sheet_by_index(index)
                rows: list[list[str]] = []
                for r in range(sheet.nrows):
                    cells = sheet.row(r)
                    if not budget.take(max(len(cells), 1)):
                        break
                    rows.append(trim_row([_xls_cell(c, book.datemode) for c in cells]))
                sheets.append((sheet.name, trim_rows(rows)))
                book.unload_sheet(index)
        finally:
            book.release_resources()
        return sheets_result(sniffed, extractor, sheets, budget, {})
    except Exception as exc:
        return failed(sniffed, extractor, exc)
