"""Batch input: many submissions at once, for an auditor checking many agencies.

Two forms:

- ``AGENCIES.csv`` (UTF-8, with or without BOM, as Excel saves it): a header row with the
  columns ``agency``, ``website``, ``fiscal_year`` (Buddhist Era), optional ``framework``,
  ``as_of`` (YYYY-MM-DD, CE) and ``also_main`` (host names), then EITHER one column per item
  (``O1`` … ``O43``; a cell holds one or more URLs, one per line or separated by ``;`` / ``|``
  / spaces before ``http``) OR a ``submission`` column with the path of a submission file
  (relative to the CSV). One row = one submission; an empty row is ignored.
- ``DIR``: every ``*.yaml``, ``*.yml`` and ``*.json`` file in it is one submission file.

A bad row (or file) is reported with the file, the row (line for a file) and the field, and
skipped; the other rows still run. A header naming unknown columns is a problem of the whole
file (BatchError), since every row would be read wrongly.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from oitcrawl.submission import Problem, Submission, SubmissionError, load_submission
from oitcrawl.submission.parsing import submission_from_data

FIELD_COLUMNS = ("agency", "website", "framework", "fiscal_year", "as_of", "also_main")
SUBMISSION_COLUMN = "submission"
ITEM_COLUMN = re.compile(r"^O\d{1,2}$")
SUBMISSION_SUFFIXES = (".yaml", ".yml", ".json")
# A new URL starts at the cell start or after a separator (newline, space, ; , |), so Thai and
# spaces inside a URL stay (the submission file allows them too).
_URL_SPLIT = re.compile(r"(?:^|[\s;,|]+)(?=https?://)", re.IGNORECASE)
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|\s]+')


class BatchError(ValueError):
    """The batch input as a whole cannot be read (missing, unreadable, bad header)."""


@dataclass(frozen=True)
class BatchProblem:
    """One skipped row or file: `source` file, `row` (CSV row, header = 1; or file line),
    `field` (column or submission field) and what is wrong."""

    source: str
    row: int | None
    field: str
    message: str

    def render(self) -> str:
        where = self.source if self.row is None else f"{self.source}:{self.row}"
        return f"{where}: {self.field}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "row": self.row,
            "field": self.field,
            "message": self.message,
        }


@dataclass(frozen=True)
class BatchEntry:
    """One valid submission of the batch; `slug` names its output folder (OUT/<slug>/)."""

    source: str
    submission: Submission
    slug: str


@dataclass
class BatchInput:
    """What a batch file or folder holds: valid entries in order, and the skipped ones."""

    entries: list[BatchEntry] = field(default_factory=list)
    problems: list[BatchProblem] = field(default_factory=list)


def split_urls(cell: str) -> list[str]:
    """The URLs of one CSV cell, in order ("https://a x.pdf; https://b" → two URLs)."""
    parts = (p.strip().strip(";,|").strip() for p in _URL_SPLIT.split(cell or ""))
    return [p for p in parts if p]


def agency_slug(name: str) -> str:
    """A folder name for an agency: the name with path separators, control characters and
    spaces replaced by "-" (Thai kept, so a person finds the folder)."""
    slug = _UNSAFE_NAME.sub("-", name.strip()).strip("-.")
    return slug[:120] or "agency"


def load_batch(path: Path) -> BatchInput:
    """Read a batch: a CSV file (see the module docstring) or a folder of submission files.

    Raises BatchError when `path` does not exist, cannot be read, or its header has unknown
    columns; bad rows/files are returned in `problems`, never raised.
    """
    if path.is_dir():
        batch = _load_dir(path)
    elif path.is_file():
        batch = _load_csv(path)
    else:
        raise BatchError(f"{path}: ไม่มีไฟล์หรือโฟลเดอร์นี้ / no such file or folder")
    _dedupe(batch)
    return batch


def _load_dir(path: Path) -> BatchInput:
    batch = BatchInput()
    files = sorted(p for p in path.iterdir() if p.suffix.lower() in SUBMISSION_SUFFIXES)
    if not files:
        raise BatchError(f"{path}: no submission files (*.yaml, *.yml, *.json) in this folder")
    for file in files:
        try:
            sub = load_submission(file)
        except SubmissionError as exc:
            batch.problems += [
                BatchProblem(str(file), p.line, p.field, p.message) for p in exc.problems
            ]
            continue
        batch.entries.append(BatchEntry(str(file), sub, agency_slug(sub.agency)))
    return batch


def _load_csv(path: Path) -> BatchInput:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BatchError(f"{path}: is not UTF-8 text; save it as CSV UTF-8") from None
    except OSError as exc:
        raise BatchError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    reader = csv.reader(text.splitlines(keepends=True))
    header = [h.strip() for h in next(reader, [])]
    columns = [h.upper() if ITEM_COLUMN.match(h.upper()) else h.lower() for h in header]
    unknown = [
        h
        for h, c in zip(header, columns, strict=True)
        if c and c not in (*FIELD_COLUMNS, SUBMISSION_COLUMN) and not ITEM_COLUMN.match(c)
    ]
    if unknown:
        raise BatchError(
            f"{path}:1: unknown columns {', '.join(map(repr, unknown))}; expected "
            f"{', '.join(FIELD_COLUMNS)}, {SUBMISSION_COLUMN} and item columns O1, O2, …"
        )
    has_items = any(ITEM_COLUMN.match(c) for c in columns)
    if SUBMISSION_COLUMN not in columns and not has_items:
        raise BatchError(
            f"{path}:1: needs a '{SUBMISSION_COLUMN}' column or item columns (O1, O2, …)"
        )
    batch = BatchInput()
    for row_no, cells in enumerate(reader, start=2):  # spreadsheet rows: the header is row 1
        row = {c: v.strip() for c, v in zip(columns, cells, strict=False) if c}
        if not any(row.values()):
            continue
        try:
            sub = _row_submission(path, row_no, row)
        except SubmissionError as exc:
            batch.problems += [_row_problem(path, row_no, p) for p in exc.problems]
            continue
        batch.entries.append(BatchEntry(f"{path}:{row_no}", sub, agency_slug(sub.agency)))
    return batch


def _row_submission(path: Path, row_no: int, row: dict[str, str]) -> Submission:
    """The submission of one CSV row; raises SubmissionError (fields named by column)."""
    items = {c: split_urls(v) for c, v in row.items() if ITEM_COLUMN.match(c) and v}
    sub_file = row.get(SUBMISSION_COLUMN, "")
    if sub_file:
        if items:
            raise SubmissionError(
                str(path),
                [
                    Problem(
                        None,
                        SUBMISSION_COLUMN,
                        "give the URLs in the item columns or in the submission file, not both",
                    )
                ],
            )
        file = (path.parent / sub_file).resolve()
        sub = load_submission(file)
        for key in ("agency", "website"):  # the row, when filled in, must name the same agency
            if row.get(key) and row[key] != getattr(sub, key):
                raise SubmissionError(
                    str(path),
                    [
                        Problem(
                            None,
                            key,
                            f"{row[key]!r} differs from {getattr(sub, key)!r} in {sub_file}",
                        )
                    ],
                )
        return sub
    data: dict[str, object] = {
        k: row[k] for k in ("agency", "website", "framework", "as_of") if row.get(k)
    }
    fy = row.get("fiscal_year", "")
    data["fiscal_year"] = int(fy) if fy.isdigit() else (fy or None)
    if row.get("also_main"):
        data["also_main"] = [h for h in re.split(r"[\s,;|]+", row["also_main"]) if h]
    data["items"] = items
    # validated as it is: a YAML text of it (written, then read again with line numbers)
    # took ~35 ms a row, and a row's problems are named by column, not line
    return submission_from_data(data, str(path))


def _row_problem(path: Path, row_no: int, problem: Problem) -> BatchProblem:
    """A submission problem of a CSV row, with the field named by its column
    ("items.O1.urls[0]" → "O1")."""
    parts = problem.field.split(".")
    column = parts[1].split("[")[0] if parts[0] == "items" and len(parts) > 1 else parts[0]
    return BatchProblem(str(path), row_no, column, problem.message)


def _dedupe(batch: BatchInput) -> None:
    """Skip a second row of the same agency and website; give equal slugs a suffix."""
    seen: dict[tuple[str, str], str] = {}
    slugs: set[str] = set()
    kept: list[BatchEntry] = []
    for e in batch.entries:
        key = (e.submission.agency, e.submission.website)
        if key in seen:
            source, _, row = e.source.rpartition(":")
            batch.problems.append(
                BatchProblem(
                    source if row.isdigit() else e.source,
                    int(row) if row.isdigit() else None,
                    "agency",
                    f"{e.submission.agency} ({e.submission.website}) is already "
                    f"in the batch at {seen[key]}; each agency once",
                )
            )
            continue
        seen[key] = e.source
        slug, n = e.slug, 2
        while slug in slugs:
            slug, n = f"{e.slug}-{n}", n + 1
        slugs.add(slug)
        kept.append(BatchEntry(e.source, e.submission, slug))
    batch.entries = kept
