"""Ctrl-C and SIGTERM in every stage of a run.

Scrapy's CrawlerProcess installs its own SIGINT/SIGTERM handlers (a graceful shutdown of the
crawl) and leaves them installed when the reactor stops, so after the crawl a Ctrl-C during
extraction, evaluation or reporting would be swallowed. `restore_handlers` puts ours back;
`install_terminate_handler` makes SIGTERM raise `Terminated` like SIGINT raises
KeyboardInterrupt, so every stage stops, marks the run interrupted (resumable) and the CLI
exits 130 (Ctrl-C) or 143 (SIGTERM).
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


class Terminated(BaseException):
    """Raised in the main thread on SIGTERM (a BaseException, like KeyboardInterrupt, so
    `except Exception` clauses do not swallow it)."""


# the signals that stopped this process's work (SIGINT/SIGTERM numbers, in order): typer turns
# KeyboardInterrupt into a bare exit status 130, so the CLI reads this to say what happened
received: list[int] = []


def _on_sigint(signum: int, frame: FrameType | None) -> None:
    received.append(signum)
    raise KeyboardInterrupt()


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    received.append(signum)
    raise Terminated()


def install_terminate_handler() -> None:
    """SIGINT → KeyboardInterrupt, SIGTERM → Terminated (main thread only; no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        return
    signal.signal(signal.SIGINT, _on_sigint)
    signal.signal(signal.SIGTERM, _on_sigterm)


restore_handlers = install_terminate_handler


@contextlib.contextmanager
def handlers_restored() -> Iterator[None]:
    """Run the block (a Scrapy crawl), then put our SIGINT/SIGTERM handlers back, whatever
    Scrapy left installed."""
    try:
        yield
    finally:
        install_terminate_handler()


def raise_for_signal(signum: int) -> None:
    """Raise what the signal `signum` means for a stage: KeyboardInterrupt for SIGINT,
    Terminated for SIGTERM (and anything else)."""
    received.append(signum)
    if signum == signal.SIGINT:
        raise KeyboardInterrupt()
    raise Terminated()
