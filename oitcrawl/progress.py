"""The crawl progress bar: URLs done / queued overall and per item (rich)."""

from __future__ import annotations

from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from oitcrawl.i18n import tr


class CrawlProgress:
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

    def __enter__(self) -> CrawlProgress:
        self.progress.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.__exit__(exc_type, exc, tb)

    def hook(self, items: frozenset[str], event: str) -> None:
        """Count one URL as "queued" or "done" for the overall row and for each of `items`."""
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
                self.items[item] = self.progress.add_task(item, total=queued)
            self.progress.update(
                self.items[item], completed=done, total=queued, visible=done < queued
            )
