"""Whether a second process would find a core free now (issue 17): ``pdf`` reads a long PDF
with two processes only then (on a machine kept busy by other work a second process only adds
its start), and ``pdf_tables`` starts its pdfplumber helper beside the reading only then.
Linux's ``/proc`` answers; elsewhere the load average alone.
"""

from __future__ import annotations

import os

#: The process this one reads a document for, when that process does nothing but wait for
#: the answer (the worker of a one-shot command, ``isolate.ExtractionWorker(waited_for=
#: True)``): while it runs it is finishing its imports and about to block, so ``idle_core``
#: does not count it against a free core (issue 17: ``inspect`` read long PDFs in one process
#: because its own command was still importing when the reading began).
WAITING_CALLER: int | None = None

LOADAVG = "/proc/loadavg"  # Linux: load averages, then runnable/total threads


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def idle_core() -> bool:
    """A core is free now: the threads running or ready to run at this moment (this one
    included: Linux ``/proc/loadavg``) are fewer than the cores this process may use, and
    the 1-minute load average is below them (without ``/proc/loadavg``: more than half a core
    below). On a machine kept busy by other work a second process only adds its start to the
    time (its fork, the document's fonts read again); the average alone lags a minute behind
    (a command run just after another would read in one process on an idle machine). A
    running ``WAITING_CALLER`` is not counted."""
    usable = cores()
    try:
        average = os.getloadavg()[0]
    except OSError:  # no load average: no second process
        return False
    try:
        with open(LOADAVG, encoding="ascii") as fh:
            running = int(fh.read().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return average < usable - 0.5
    if WAITING_CALLER is not None and running_now(WAITING_CALLER):
        running -= 1
    return running < usable and average < usable


def running_now(pid: int) -> bool:
    """Process ``pid`` is running or ready to run now (state R in ``/proc/PID/stat``)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rpartition(")")[2].split()[0] == "R"
    except (OSError, IndexError):
        return False
