"""The validated submission (``Submission``, ``ItemSubmission``) with its caps on URLs, and the
problems of an invalid file (``Problem``, ``SubmissionError``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from oitcrawl.submission.fiscal import FISCAL_YEAR_RANGE

# Bounds on what one file may ask for (issue 13): more URLs are left out with a warning
# (`Submission.dropped_urls`, kept in the run and in report.json); the bounds of the file
# itself are ``oitcrawl.submission.yamlfile``'s.
MAX_URLS_PER_ITEM = 100  # ITA items carry a handful; 100 is far above any real one
MAX_URLS_PER_SUBMISSION = 1_000  # 30-43 items × a handful
MAX_PROBLEMS_SHOWN = 50


class ItemSubmission(BaseModel):
    """What the agency submitted for one item: URLs in order, its explanation, or N/A."""

    model_config = ConfigDict(frozen=True, strict=True)

    urls: tuple[str, ...] = ()
    note: str = ""
    not_applicable: bool = False


class Submission(BaseModel):
    """A validated submission. `fiscal_year` is Buddhist Era; `as_of` is a CE date.

    `dropped_urls`: item id → how many of its submitted URLs were left out by the caps
    (MAX_URLS_PER_ITEM per item, MAX_URLS_PER_SUBMISSION in all); empty when none was.
    """

    model_config = ConfigDict(frozen=True, strict=True)

    agency: str
    website: str
    framework: str = "bma-district-2566"
    fiscal_year: int = Field(ge=FISCAL_YEAR_RANGE[0], le=FISCAL_YEAR_RANGE[1])
    as_of: dt.date | None = None
    also_main: tuple[str, ...] = ()
    items: dict[str, ItemSubmission] = Field(default_factory=dict)
    dropped_urls: dict[str, int] = Field(default_factory=dict)

    def all_urls(self) -> list[tuple[str, str]]:
        """(item id, url) pairs in submission order, N/A items excluded."""
        return [(iid, u) for iid, it in self.items.items() for u in it.urls]

    def cap_warnings(self) -> list[str]:
        """One message per item whose URLs were cut by the caps (Thai / English), and one when
        the framework is provisional or was written for another fiscal year (issue 19)."""
        from oitcrawl.framework import framework_warning
        from oitcrawl.i18n import tr

        notes = (
            [f"framework: {w}"]
            if (w := framework_warning(self.framework, self.fiscal_year))
            else []
        )
        return notes + [
            f"items.{iid}: "
            + tr(
                f"เกินจำนวน URL ที่ตรวจได้ ไม่ได้ตรวจ {n} URL ท้ายรายการ (ตรวจได้ไม่เกิน "
                f"{MAX_URLS_PER_ITEM} URL ต่อข้อ และ {MAX_URLS_PER_SUBMISSION} URL ต่อไฟล์)",
                f"{n} URL(s) left out (at most {MAX_URLS_PER_ITEM} per item and "
                f"{MAX_URLS_PER_SUBMISSION} per submission are checked)",
            )
            for iid, n in self.dropped_urls.items()
        ]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (line, field) and what."""

    line: int | None
    field: str
    message: str

    def render(self, path: str) -> str:
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.field}: {self.message}"


class SubmissionError(ValueError):
    """The submission file is invalid. `problems` lists every problem found (the message shows
    the first MAX_PROBLEMS_SHOWN)."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems
        lines = [p.render(path) for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            more = len(problems) - MAX_PROBLEMS_SHOWN
            lines.append(f"{path}: … อีก {more} ปัญหา / {more} more problems")
        super().__init__("\n".join(lines))
