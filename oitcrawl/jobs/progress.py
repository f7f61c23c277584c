"""The crawl progress bar: URLs done / queued overall and per item (rich)."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from oitcrawl.i18n import tr


class _LiveDisplay:
    """A rich live display on stderr, entered and left with the stage it shows."""

    progress: Progress

    def __enter__(self) -> Self:
        self.progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.__exit__(exc_type, exc, tb)


class CrawlProgress(_LiveDisplay):
    """A live display while crawling; `hook(items, event)` is the spider's progress callback.

    One row for the whole crawl and one per item still in progress (finished items disappear).
    Disabled (a no-op) with --quiet or when stderr is not a terminal.
    """

    def __init__(self, disabled: bool = False):
        console = Console(stderr=True)
        self.enabled = not disabled and console.is_terminal
        self.progress = Progress(
            TextColumn("{task.description:<12}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("URLs"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=not self.enabled,
        )
        self.total = self.progress.add_task(tr("ทั้งหมด", "all"), total=0)
        self.items: dict[str, int] = {}
        self.counts: dict[str, list[int]] = {}

    def hook(self, items: frozenset[str], event: str) -> None:
        """Count one URL as "queued" or "done" for the overall row and for each of `items`;
        nothing when the display is off (a batch's re-run calls this 10,000 times)."""
        if not self.enabled:
            return
        if event == "queued":
            self.progress.update(self.total, total=(self.progress.tasks[self.total].total or 0) + 1)
        else:
            self.progress.advance(self.total)
        for item in items:
            done, queued = self.counts.setdefault(item, [0, 0])
            if event == "queued":
                queued += 1
            else:
                done += 1
            self.counts[item] = [done, queued]
            if item not in self.items:
                self.items[item] = self.progress.add_task(item, total=queued, visible=False)
            self.progress.update(self.items[item], completed=done, total=queued)
        self._show_rows()

    def _show_rows(self) -> None:
        """Show the unfinished items' rows, only as many as the terminal has room for (issue
        14: no 30 bars on a small terminal); the overall row always shows."""
        room = max(0, min(MAX_ITEM_ROWS, self.progress.console.height - 4))
        shown = 0
        for item, task_id in self.items.items():
            done, queued = self.counts[item]
            visible = done < queued and shown < room
            shown += visible
            self.progress.update(task_id, visible=visible)


MAX_ITEM_ROWS = 8  # per-item rows at most, whatever the terminal's height


class StageProgress(_LiveDisplay):
    """One line for the stages after the crawl (issue 14): "กำลังอ่านเอกสาร / reading
    documents 12/40 · OCR", then evaluating and writing. Disabled (a no-op) with --quiet or
    when stderr is not a terminal."""

    def __init__(self, disabled: bool = False):
        console = Console(stderr=True)
        self.enabled = not disabled and console.is_terminal
        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[note]}"),
            console=console,
            transient=True,
            disable=not self.enabled,
        )
        self.task = self.progress.add_task(
            tr("กำลังอ่านเอกสาร", "reading documents"), total=None, note=""
        )

    def documents(self, done: int, total: int, note: str = "") -> None:
        """`extraction.extract_run`'s progress callback: `done` of `total` documents read;
        `note` "OCR" while a scan was just read by OCR."""
        self.progress.update(self.task, completed=done, total=total, note=note)

    def stage(self, th: str, en: str) -> None:
        """Name the next stage ("กำลังประเมิน / evaluating")."""
        self.progress.update(self.task, description=tr(th, en), completed=0, total=None, note="")
