"""Extraction of untrusted documents in a killable worker process with a time and memory budget.

Every file a crawl brings home is hostile until read: a PDF page that loops inside PDFium, an
XML bomb just under the ZIP limits, a spreadsheet that allocates gigabytes. In-process limits
(page caps, cell budgets, bomb guards in ``office``/``image``/``pdf``) stop the known cases;
this module is the backstop for everything else, so that one file can never stop a run:

* **Time**: the parent waits at most ``Budget.seconds`` (default 120 s, the PDF reader's own
  page budget, which also covers OCR's 60 s) for a document; then the worker is killed with
  SIGKILL and the document gets ``error`` "timeout after 120 s …".
* **Memory**: the worker lowers its own address-space limit (``resource.RLIMIT_AS``) to
  ``Budget.memory_bytes`` (default 2 GiB) before reading anything. An allocation beyond it
  fails with ``MemoryError`` inside the worker (or kills a C library); the document gets
  ``error`` "memory budget 2 GiB exceeded" (or "extraction worker crashed …") and the worker
  is replaced. The limit covers the whole worker (about 80 MB of it is Python and the
  libraries), and children it starts (Tesseract, antiword, the second reader of a long PDF,
  ``pdf._read_split``) inherit it; each process has the limit to itself.

One worker serves many documents (``ExtractionWorker``; a process start costs ~0.5 s with
the imports, see ``benchmarks/isolation.py``); ``WorkerPool`` runs several side by side. The
result is exactly what ``oitcrawl.extract.extract_document`` returns in-process (the
``DocumentExtract`` travels as its ``to_dict`` form). The worker is a plain ``python -c``
subprocess talking over a socket pair (multiprocessing's "spawn" would re-import the caller's
``__main__``; nothing is inherited from a crawl), ignores SIGINT (the parent decides) and
exits when the parent goes away (its socket closes); its side is ``isolate_worker``. A
one-shot command forks its worker instead (``ExtractionWorker(fork=True)``, ``oitcrawl
inspect``): no interpreter start, and the worker imports the extractors while the command
imports the rest; same budgets, same answers. A single worker (not a pool's) may read a long
PDF's pages in two processes (``pdf.SPLIT_MIN_SECONDS``).

Budgets come from ``Budget.from_env``: ``OITCRAWL_EXTRACT_TIMEOUT`` (seconds) and
``OITCRAWL_EXTRACT_MEMORY`` (bytes, or with a K/M/G suffix, powers of 1024; 0 = no limit).
"""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import socket
import subprocess
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING, Any, TypeVar

from .isolate_worker import EXTRACT_TARGET, Likely, _can_fork, _Forked, _worker_main

if TYPE_CHECKING:
    from .record import DocumentExtract

__all__ = [
    "DEFAULT_MEMORY_BUDGET",
    "DEFAULT_TIME_BUDGET",
    "Budget",
    "ExtractionWorker",
    "WorkerPool",
    "extract_isolated",
    "format_bytes",
]

DEFAULT_TIME_BUDGET = 120.0  # seconds per document
DEFAULT_MEMORY_BUDGET = 2 * 1024**3  # bytes of address space for the worker process
ENV_TIMEOUT = "OITCRAWL_EXTRACT_TIMEOUT"
ENV_MEMORY = "OITCRAWL_EXTRACT_MEMORY"
RECYCLE_AFTER = 500  # documents per worker before it is replaced (bounds heap fragmentation)
START_TIMEOUT = 120.0  # seconds for a new worker to import the extractors and say "ready"

_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3}


def format_bytes(n: int) -> str:
    """A byte count in binary units for messages: 2147483648 → "2 GiB", 1536 → "1.5 KiB"."""
    for unit, size in (("GiB", 1024**3), ("MiB", 1024**2), ("KiB", 1024)):
        if n >= size:
            return f"{n / size:.4g} {unit}"
    return f"{n} B"


def _parse_bytes(text: str) -> int:
    """ "2G" / "512M" / "1048576" → bytes. Raises ValueError naming the variable."""
    raw = text.strip().upper().removesuffix("IB").removesuffix("B")
    unit = raw[-1:] if raw[-1:] in ("K", "M", "G") else ""
    try:
        value = float(raw[: len(raw) - len(unit)]) * _UNITS[unit]
    except ValueError:
        raise ValueError(
            f"{ENV_MEMORY}={text!r}: expected bytes, e.g. 2147483648 or 2G (0 = no limit)"
        ) from None
    if value < 0:
        raise ValueError(f"{ENV_MEMORY}={text!r}: must not be negative")
    return int(value)


@dataclass(frozen=True)
class Budget:
    """What one document may use: ``seconds`` of wall-clock time (> 0) and ``memory_bytes`` of
    worker address space (None = no limit)."""

    seconds: float = DEFAULT_TIME_BUDGET
    memory_bytes: int | None = DEFAULT_MEMORY_BUDGET

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Budget:
        """The defaults, overridden by ``OITCRAWL_EXTRACT_TIMEOUT`` (seconds) and
        ``OITCRAWL_EXTRACT_MEMORY`` (bytes, K/M/G suffixes, 0 = no limit).
        Raises ValueError naming the variable when a value is not a number."""
        env = os.environ if environ is None else environ
        seconds = DEFAULT_TIME_BUDGET
        if env.get(ENV_TIMEOUT, "").strip():
            try:
                seconds = float(env[ENV_TIMEOUT])
            except ValueError:
                raise ValueError(
                    f"{ENV_TIMEOUT}={env[ENV_TIMEOUT]!r}: expected seconds, e.g. 120"
                ) from None
            if seconds <= 0:
                raise ValueError(f"{ENV_TIMEOUT}={env[ENV_TIMEOUT]!r}: must be above 0")
        memory: int | None = DEFAULT_MEMORY_BUDGET
        if env.get(ENV_MEMORY, "").strip():
            memory = _parse_bytes(env[ENV_MEMORY]) or None
        return cls(seconds, memory)

    def timeout_reason(self) -> str:
        return (
            f"timeout after {self.seconds:g} s: extraction did not finish within the "
            "per-document time budget and its worker process was killed"
        )

    def memory_reason(self) -> str:
        limit = format_bytes(self.memory_bytes) if self.memory_bytes else "(none)"
        return f"memory budget {limit} exceeded: extraction stopped, its worker was replaced"


# ------------------------------------------------------------------------------------------
# The parent side


def _die_with(parent: int) -> None:
    """This (forked) process gets SIGKILL when ``parent`` ends (Linux), and ends now if it
    already has: a worker busy with work nobody asked for yet would not notice otherwise."""
    from .pdf import _die_with_parent

    _die_with_parent()
    if os.getppid() != parent:  # the parent ended before the signal was asked for
        os._exit(1)


class ExtractionWorker:
    """One reusable worker process; ``extract`` one document at a time (not thread-safe:
    use one worker per thread, as ``WorkerPool`` does). Use as a context manager or call
    ``close``.

    ``fork``: start the worker with ``os.fork`` rather than a new interpreter, when this
    process runs a single thread (else, and where there is no fork, the new interpreter): no
    interpreter start, and what this process has imported is there already; a one-shot
    command (``oitcrawl inspect``) forks before its own imports, and the worker imports the
    extractors while the command imports what it needs besides. The same budget, limits and
    answers; the worker then shares nothing with its parent but the copied memory.
    ``waited_for``: this process is a one-shot command that starts its worker early and then
    only waits for the answer: the worker loads what scoring a Thai page needs right after it
    is ready (``layer_damage.prepare``, ~0.05-0.1 s) while its first document is on its way,
    and does not count this process against a free core when it decides to read a long PDF
    with two processes (``cpu.WAITING_CALLER``). ``likely``: with ``fork``, (a function that
    reads the document's bytes, its content type, its URL) of the first job this process will
    most likely send (``oitcrawl inspect FILE``, guessed before the command line is parsed):
    the worker works on it as soon as it is ready, and its answer is used only if the job
    then sent has those very bytes, type and URL (``isolate_worker._head_start``)."""

    def __init__(
        self,
        budget: Budget | None = None,
        target: str = EXTRACT_TARGET,
        nice: int = 0,
        *,
        fork: bool = False,
        split_pages: bool = True,
        waited_for: bool = False,
        likely: Likely | None = None,
    ):
        self.budget = budget or Budget.from_env()
        self.target = target
        self.nice = nice  # added to the worker's niceness (it yields the CPU to a crawl)
        self.fork = fork
        self.split_pages = split_pages  # a long PDF's pages read by two processes
        self.waited_for = waited_for  # a one-shot command's worker (see above)
        self.likely = likely  # its first job, guessed (see above)
        self._proc: Any = None
        self._conn: Any = None
        self._served = 0
        self._starting = False  # started, its "ready" not read yet
        self.started = 0  # worker processes started so far (for tests and benchmarks)
        self.pid: int | None = None  # of the current worker process

    def __enter__(self) -> ExtractionWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> None:
        """Start the worker process now, without waiting for its imports (``extract`` starts
        it when needed, and waits): with ``fork``, call it before starting threads."""
        if not self._alive():
            self._kill()
            self._start()

    def _spawn(self, parent: socket.socket, child: socket.socket) -> Any:
        if self.fork and _can_fork():
            pid = os.fork()
            if pid == 0:  # the worker: never returns into the caller's code
                code = 1
                try:
                    parent.close()  # else the worker would not see its parent go away
                    if self.likely is not None:  # it works before it is asked: it must not
                        _die_with(os.getppid())  # outlive a command that ended meanwhile
                    _worker_main(
                        Connection(child.detach()),
                        self.budget.memory_bytes,
                        self.target,
                        self.split_pages,
                        self.waited_for,
                        self.likely,
                    )
                    code = 0
                finally:
                    os._exit(code)  # no atexit handlers, no flush of the parent's buffers
            return _Forked(pid)
        # A plain subprocess rather than multiprocessing's "spawn": spawn re-imports the
        # parent's __main__ (a test runner, a script), which may not be importable.
        code = (
            "import sys; sys.path[:0] = " + repr([p for p in sys.path if p]) + "; "
            "from oitcrawl.extract.isolate_worker import _worker_entry; _worker_entry()"
        )
        return subprocess.Popen(
            [sys.executable, "-c", code, str(child.fileno()),
             str(self.budget.memory_bytes or ""), self.target, str(int(self.split_pages)),
             str(int(self.waited_for))],
            pass_fds=(child.fileno(),),
            stdin=subprocess.DEVNULL,
        )  # fmt: skip

    def _start(self) -> None:
        parent, child = socket.socketpair()
        try:
            proc = self._spawn(parent, child)
        finally:
            child.close()
        self._proc, self._conn, self._served = proc, Connection(parent.detach()), 0
        if self.nice:  # before it reads anything; Tesseract inherits it
            self.renice(self.nice)
        self.started += 1
        self._starting = True

    def _await_ready(self) -> None:
        """Wait for the started worker's "ready" (its imports done)."""
        self._starting = False
        proc = self._proc
        if not self._conn.poll(START_TIMEOUT):
            self._kill()
            raise RuntimeError(f"extraction worker did not start within {START_TIMEOUT:g} s")
        try:
            _ready, self.pid = self._conn.recv()
        except (EOFError, OSError):
            code = proc.wait(10)
            self._kill()
            raise RuntimeError(f"extraction worker failed to start (exit code {code})") from None

    def renice(self, nice: int) -> None:
        """Run the worker (this one and those that replace it) `nice` steps below this
        process's CPU priority; back to 0 may be refused (no privilege): then it stays."""
        self.nice = nice
        if self._proc is not None:
            with contextlib.suppress(OSError):
                os.setpriority(
                    os.PRIO_PROCESS, self._proc.pid, os.getpriority(os.PRIO_PROCESS, 0) + nice
                )

    def _kill(self) -> None:
        proc, conn = self._proc, self._conn
        self._proc = self._conn = None
        self._starting = False
        if conn is not None:
            conn.close()
        if proc is not None:
            if proc.poll() is None:
                proc.kill()
            proc.wait()

    def _alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def close(self) -> None:
        """Stop the worker (asks it to exit, kills it after 5 s)."""
        if self._proc is None:
            return
        with contextlib.suppress(OSError):
            self._conn.send(None)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._proc.wait(5)
        self._kill()

    def extract(self, data: bytes, content_type: str | None, url: str) -> DocumentExtract:
        """``extract_document(data, content_type, url)`` in the worker, within the budget.

        Returns the same ``DocumentExtract`` as in-process; when the budget is exceeded or
        the worker dies, a ``DocumentExtract`` with the sniffed type (when the worker got
        that far, else "other"), ``extractor`` "none" and ``error`` saying why
        ("timeout after 120 s: …", "memory budget 2 GiB exceeded: …", "extraction worker
        crashed (SIGSEGV) …"). Raises RuntimeError only when no worker can be started.
        """
        from .record import DocumentExtract
        from .sniff import Sniffed

        if not self._alive() or self._served >= RECYCLE_AFTER:
            self._kill()
            self._start()
        if self._starting:
            self._await_ready()
        self._served += 1
        conn = self._conn
        sniffed: dict[str, Any] | None = None
        reason: str | None = None
        try:
            conn.send((bytes(data), content_type, url))
            deadline = time.monotonic() + self.budget.seconds
            while True:
                left = deadline - time.monotonic()
                if left <= 0 or not conn.poll(left):
                    reason = self.budget.timeout_reason()
                    break
                kind, payload = conn.recv()
                if kind == "sniffed":
                    sniffed = payload
                elif kind == "done":
                    return DocumentExtract.from_dict(payload)
                else:  # "memory"
                    reason = self.budget.memory_reason()
                    break
        except (EOFError, OSError):
            reason = self._death_reason()
        self._kill()
        sn = Sniffed(**sniffed) if sniffed else Sniffed("other", ["not sniffed: worker stopped"])
        return DocumentExtract(sniffed=sn, extractor="none", error=reason)

    def _death_reason(self) -> str:
        try:
            code = self._proc.wait(5)
        except subprocess.TimeoutExpired:
            code = None
        if code is not None and code < 0:
            sig = signal.Signals(-code)
            if sig == signal.SIGKILL:  # not ours: the kernel's OOM killer
                return f"{self.budget.memory_reason()} (worker killed by the system)"
            return (
                f"extraction worker crashed ({sig.name}) while reading this document; "
                f"memory budget {format_bytes(self.budget.memory_bytes or 0)}"
            )
        return f"extraction worker exited unexpectedly (exit code {code})"


T = TypeVar("T")


class WorkerPool:
    """``workers`` ExtractionWorkers side by side (threads wait on their pipes; the work is in
    the processes). ``map`` keeps the input order; ``submit`` hands one job over as soon as
    it is known (a batch's documents while its crawl goes on)."""

    def __init__(
        self,
        workers: int = 1,
        budget: Budget | None = None,
        target: str = EXTRACT_TARGET,
        nice: int = 0,
    ):
        self.budget = budget or Budget.from_env()
        size = max(1, workers)  # several: each worker reads a long PDF alone
        self._workers = [
            ExtractionWorker(self.budget, target, nice, split_pages=size == 1) for _ in range(size)
        ]
        self._idle: queue.Queue[ExtractionWorker] = queue.Queue()
        for w in self._workers:
            self._idle.put(w)
        self._executor: ThreadPoolExecutor | None = None
        self._stopping = False

    @property
    def size(self) -> int:
        """Worker processes side by side."""
        return len(self._workers)

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def started(self) -> int:
        """Worker processes started so far, over all workers."""
        return sum(w.started for w in self._workers)

    def _run(self, job: tuple[T, Callable[[], bytes], str | None, str]) -> DocumentExtract:
        _key, load, content_type, url = job
        worker = self._idle.get()
        try:
            if self._stopping:
                raise CancelledError("the extraction pool is stopping")
            return worker.extract(load(), content_type, url)
        finally:
            self._idle.put(worker)

    def map(
        self, jobs: Iterable[tuple[T, Callable[[], bytes], str | None, str]]
    ) -> Iterator[tuple[T, DocumentExtract]]:
        """Extract each job ``(key, load, content_type, url)`` (``load()`` returns the bytes,
        called in the worker thread so only a few bodies are in memory at a time); yields
        ``(key, DocumentExtract)`` in input order. Exceptions of ``load`` propagate."""
        size = len(self._workers)
        if size == 1:  # no threads needed
            for job in jobs:
                yield job[0], self._run(job)
            return
        with ThreadPoolExecutor(size, thread_name_prefix="oitcrawl-extract") as pool:
            window: deque[tuple[T, Future[DocumentExtract]]] = deque()
            for job in jobs:
                window.append((job[0], pool.submit(self._run, job)))
                if len(window) >= 2 * size:
                    key, fut = window.popleft()
                    yield key, fut.result()
            while window:
                key, fut = window.popleft()
                yield key, fut.result()

    def renice(self, nice: int) -> None:
        """``ExtractionWorker.renice`` of every worker."""
        for w in self._workers:
            w.renice(nice)

    def submit(
        self, job: tuple[T, Callable[[], bytes], str | None, str]
    ) -> Future[DocumentExtract]:
        """Extract one job ``(key, load, content_type, url)`` in the background: at most
        ``size`` at a time, the others wait their turn (``load`` is called when a worker is
        free, so only the bodies being read are in memory). The future's result is the
        ``DocumentExtract``; its exception that of ``load``."""
        if self._executor is None:
            self._executor = ThreadPoolExecutor(self.size, thread_name_prefix="oitcrawl-extract")
        return self._executor.submit(self._run, job)

    def terminate(self) -> None:
        """Stop at once (Ctrl-C): submitted jobs not yet started are cancelled, the ones being
        read are killed (their futures end with an error extract or an exception, which
        the caller must not keep), then every worker is closed."""
        self._stopping = True
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
        for w in self._workers:
            proc = w._proc
            if proc is not None and proc.poll() is None:
                proc.kill()
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True)
        for w in self._workers:
            w.close()


def extract_isolated(
    data: bytes, content_type: str | None, url: str, budget: Budget | None = None
) -> DocumentExtract:
    """One document in a fresh worker (a process start, ~0.5 s): for single files such as
    ``oitcrawl inspect``. Same result and errors as ``ExtractionWorker.extract``."""
    with ExtractionWorker(budget) as worker:
        return worker.extract(data, content_type, url)
