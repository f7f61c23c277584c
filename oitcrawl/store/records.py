"""What the store keeps of a run: the `Run` record, the run statuses, and the UTC timestamps
every row is stamped with."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

RUN_RUNNING, RUN_INTERRUPTED, RUN_COMPLETED, RUN_FAILED = (
    "running",
    "interrupted",
    "completed",
    "failed",
)


def utcnow() -> str:
    """Current time as an ISO 8601 UTC string with seconds (e.g. 2026-11-21T05:43:00+00:00)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Run:
    """One crawl of one submission. `fiscal_year` is Buddhist Era, `as_of` an ISO CE date."""

    id: str
    agency: str
    website: str
    framework: str
    fiscal_year: int
    as_of: str
    status: str
    started_at: str
    finished_at: str | None
    submission: dict[str, Any]
    settings: dict[str, Any]
