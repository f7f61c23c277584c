"""CSV → ``DocumentExtract``: ``decode_text`` then the ``csv`` module (``csv.Sniffer`` picks
the delimiter among ``, ; TAB |``, else comma) → one table."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from ..thai import normalize_text
from .common import failed, first_line, make_extract, one_line, table_lines, trim_row, trim_rows
from .limits import Budget

if TYPE_CHECKING:
    from ..record import DocumentExtract
    from ..sniff import Sniffed


_CSV_DELIMITERS = ",;\t|"  # the ones the sniffer may pick
_CSV_SNIFF_CHARS = 16_384


def _csv_delimiter(text: str) -> str:
    sample = text[:_CSV_SNIFF_CHARS]
    if len(text) > _CSV_SNIFF_CHARS and "\n" in sample:
        sample = sample.rsplit("\n", 1)[0]  # whole lines only
    try:
        return csv.Sniffer().sniff(sample, delimiters=_CSV_DELIMITERS).delimiter
    except csv.Error:
        return ","


def extract_csv(data: bytes, sniffed: Sniffed, content_type: str | None = None) -> DocumentExtract:
    """Extract a CSV file into one table.

    ``data`` is decoded with ``decode_text`` (BOM, the ``content_type`` charset, UTF-8,
    TIS-620/windows-874, ...); the delimiter is sniffed among ``, ; TAB |`` (comma when the
    sniffer cannot decide); standard double-quote quoting. ``tables``: ``[rows]`` with one-line
    cell strings, trailing empty cells/rows trimmed; ``text``: the rows with tab-separated
    cells through ``normalize_text``; ``encoding``: the codec used; ``metadata``:
    ``delimiter``. ``error``: a parse error (rows before it are kept) or truncation after
    ``MAX_CELLS`` cells. Never raises.
    """
    extractor = "csv/stdlib-csv"
    try:
        from ..html_decode import decode_text

        decoded, encoding = decode_text(data, content_type)
        delimiter = _csv_delimiter(decoded)
        budget = Budget()
        rows: list[list[str]] = []
        error = None
        reader = csv.reader(io.StringIO(decoded, newline=""), delimiter=delimiter)
        try:
            for record in reader:
                if not budget.take(max(len(record), 1)):
                    error = budget.message()
                    break
                rows.append(trim_row([one_line(c) for c in record]))
        except csv.Error as exc:
            error = f"CSV parse error at line {reader.line_num}: {exc}; earlier rows kept"
        rows = trim_rows(rows)
        text = normalize_text("\n".join(table_lines(rows)))
        return make_extract(
            sniffed,
            title=first_line(text),
            text=text,
            tables=[rows] if rows else [],
            extractor=extractor,
            encoding=encoding,
            metadata={"delimiter": delimiter},
            error=error,
        )
    except Exception as exc:
        return failed(sniffed, extractor, exc)
