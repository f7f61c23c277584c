"""The extraction worker process of ``isolate``: its side of the socket (``_worker_main``,
started by ``_worker_entry`` in a new interpreter or called in a forked child), and the
handle a parent keeps on a forked one (``_Forked``).

The worker imports its target, lowers its own address-space limit, says "ready" and then
answers each document with ("sniffed", dict) and ("done", DocumentExtract dict) or
("memory", None); see ``isolate`` for the budgets and the parent side.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from typing import Any

EXTRACT_TARGET = "oitcrawl.extract:extract_document"
NEAR_LIMIT = 0.9  # share of the memory budget from which a failure is blamed on memory


def _resolve(target: str) -> Callable[..., Any]:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _limit_memory(memory_bytes: int | None) -> None:
    if not memory_bytes:
        return
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        memory_bytes = min(memory_bytes, hard)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, hard))


def _vm_peak() -> int:
    """Peak address space of this process in bytes (Linux ``VmPeak``), 0 when unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _worker_entry() -> None:
    """``python -c`` entry of a worker: argv = [fd, memory bytes or "", target, split pages
    "1" or "0", waited_for "1" or "0"]."""
    import sys
    from multiprocessing.connection import Connection

    fd, memory, target, split, waited_for = sys.argv[1:6]
    memory_bytes = int(memory) if memory else None
    _worker_main(Connection(int(fd)), memory_bytes, target, split == "1", waited_for == "1")


def _sniff_once(target: str) -> Callable[[bytes, str | None, str], Any]:
    """The worker's ``sniff``, remembering its last answer for the extractor.

    The worker sniffs every document before extracting it (so the parent knows its type
    even when the extractor then hangs or crashes), and ``extract_document`` begins by
    sniffing the same bytes: each document was classified twice (a ZIP's directory read
    twice). With the default target the module's ``sniff`` is replaced, in this worker
    process only, by one that answers the extractor's call from the first."""
    real = importlib.import_module(f"{__package__}.sniff").sniff
    if target != EXTRACT_TARGET:
        return real
    module = importlib.import_module(target.partition(":")[0])
    last: list[Any] = []

    def sniff(data: bytes, content_type: str | None, url: str) -> Any:
        if last and last[0] is data and last[1] == content_type and last[2] == url:
            result = last[3]
            last.clear()  # the extractor's call: answered once, then forgotten
            return result
        result = real(data, content_type, url)
        last[:] = [data, content_type, url, result]
        return result

    module.sniff = sniff  # type: ignore[attr-defined]
    return sniff


def _worker_main(
    conn: Any,
    memory_bytes: int | None,
    target: str,
    split_pages: bool = True,
    waited_for: bool = False,
    likely: Likely | None = None,
) -> None:
    """Worker loop: receive (data, content_type, url), answer ("sniffed", dict) then
    ("done", DocumentExtract dict) or ("memory", None); exit on None or a closed pipe.
    ``split_pages`` False: a long PDF is read by this process alone (``pdf.SPLIT_MIN_SECONDS``
    0), as in a pool whose workers keep every core busy already. ``waited_for``: the parent is
    a one-shot command that waits for the answer: after "ready", load what scoring a Thai page
    needs (``layer_damage.prepare``) while the first document is on its way, and do not count
    the parent against a free core (``cpu.WAITING_CALLER``). ``likely``: (read the bytes,
    content type, URL) of the job the parent will most likely send (a forked worker of
    ``oitcrawl inspect FILE``): the worker reads and answers it before it is asked
    (``_head_start``), and replays that answer when the job comes with those very bytes,
    type and URL; any other job is answered as usual."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the parent to handle
    extract = _resolve(target)
    if not split_pages:
        importlib.import_module(f"{__package__}.pdf").SPLIT_MIN_SECONDS = 0
    sniff = _sniff_once(target)
    _limit_memory(memory_bytes)
    conn.send(("ready", os.getpid()))
    if waited_for:
        importlib.import_module(f"{__package__}.cpu").WAITING_CALLER = os.getppid()
        with contextlib.suppress(Exception):  # only time is at stake: the first page loads it
            importlib.import_module(f"{__package__}.layer_damage").prepare()

    def work(send: Callable[[Any], None], job: list[Any]) -> bool:
        """Answer one job, [data, content type, url], through ``send``; True when the worker
        must exit after it. ``job`` is emptied: the document's bytes are freed before its
        answer is built."""
        data, content_type, url = job
        job.clear()
        try:
            send(("sniffed", sniff(data, content_type, url).to_dict()))
            doc = extract(data, content_type, url)
            del data
            # extract_document turns every exception into ``error``, MemoryError included;
            # C libraries report a failed allocation their own way (libxml2: "unknown
            # error"), so an error while the address space reached the limit counts too.
            near_limit = bool(memory_bytes) and _vm_peak() >= NEAR_LIMIT * memory_bytes
            if doc.error and ("MemoryError" in doc.error or near_limit):
                raise MemoryError(doc.error)
            send(("done", doc.to_dict()))
            return near_limit  # the heap is as large as allowed: a fresh worker starts clean
        except MemoryError:
            with contextlib.suppress(Exception):
                send(("memory", None))
            return True  # a fresh worker gets a clean heap

    ahead = _head_start(likely, work) if likely is not None else None
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        if ahead is not None and ahead[0] == job:  # the very job answered ahead of time
            for message in ahead[1]:
                conn.send(message)
            exit_after = ahead[2]
        else:
            job = list(job)  # work empties it (the received tuple is gone with this name)
            exit_after = work(conn.send, job)
        ahead = job = None
        if exit_after:
            return


#: (read the document's bytes, its content type, its URL): a job to answer before it is sent
Likely = tuple[Callable[[], bytes], "str | None", str]


def _head_start(
    likely: Likely, work: Callable[..., bool]
) -> tuple[tuple[bytes, str | None, str], list[Any], bool] | None:
    """(the job, the messages that answer it, exit after them) for the ``likely`` job, read
    and worked through now; None when its bytes cannot be read (the parent then reports
    that itself, and never sends it)."""
    read, content_type, url = likely
    try:
        data = read()
    except Exception:  # a guess that failed costs nothing more
        return None
    messages: list[Any] = []
    exit_after = work(messages.append, [data, content_type, url])
    return (data, content_type, url), messages, exit_after


class _Forked:
    """The ``subprocess.Popen`` calls ``ExtractionWorker`` makes (``pid``, ``poll``, ``wait``,
    ``kill``) for a worker started with ``os.fork``."""

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            with contextlib.suppress(ChildProcessError):
                pid, status = os.waitpid(self.pid, os.WNOHANG)
                if pid:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.0005
        while self.poll() is None:
            if deadline is not None and time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(f"worker {self.pid}", timeout or 0)
            time.sleep(delay)
            delay = min(delay * 2, 0.05)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        if self.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)


def _can_fork() -> bool:
    """``os.fork`` is safe here: it exists and this process runs one thread (a fork copies
    the locks other threads hold, PDFium's and the import system's included)."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1
