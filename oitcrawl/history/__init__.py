"""History: what changed between two evaluated runs (``oitcrawl diff``), and which findings of
a run are new, still open or fixed compared with an earlier run (``oitcrawl check --since``).

Finding identity
----------------
Two findings (of two runs of the same agency) are *the same finding* when they have the same

    item id | code | element id (or "-") | URL (display form, or "-")

(``finding_key`` in ``oitcrawl/evaluate/findings.py``). Deliberately left out:

- ``months`` — a monthly element that misses January and later also March is one open
  problem ("O20.1 is incomplete"), not a fixed one plus a new one; the months that appear or
  disappear are reported on their own ("O20 เดือน 2566-03 หายไป / month 2566-03 disappeared").
- ``severity``, ``detail`` and the message texts — a warning that becomes an error, or a
  missing-phrase list that shrinks, is still the same problem; wording changes of the rules
  must not turn every finding into "new".
- ``unit`` — moving an item to another ฝ่าย does not fix it.

The URL is part of the identity because a finding about a URL (broken link, login page,
outside host, scanned PDF) is about that URL: submitting a new URL that is broken too is a new
finding, and the old one is fixed. Should two findings of one item share a key (never with the
current rules), the later ones get "#2", "#3" so that keys stay unique within a run.

First seen
----------
The date a finding was first seen is the start date (UTC, ISO) of the earliest run of an
unbroken series of runs of the same agency, framework and fiscal year, ending with the run
compared against, in which the finding was present. A finding absent from one run in between
starts a new series (it was fixed, then came back).

Modules
-------
``results`` (a run's results kept in the store), ``since`` (the results of a run, first seen,
``--since``), ``diff`` (diff@1 of two runs) and ``archive`` (WACZ evidence archives).
"""

from oitcrawl.evaluate.findings import finding_key, finding_keys
from oitcrawl.history.diff import (
    DIFF_SCHEMA,
    describe_fixed,
    describe_months,
    describe_new,
    diff_last,
    diff_results,
    diff_runs,
    month_be,
    wrap_diff,
)
from oitcrawl.history.since import (
    HistoryError,
    annotate_since,
    check_since,
    ensure_results,
    first_seen_dates,
    map_results,
    results_of,
    run_date,
)
from oitcrawl.store import StoreError

__all__ = [
    "DIFF_SCHEMA",
    "HistoryError",
    "StoreError",
    "annotate_since",
    "check_since",
    "describe_fixed",
    "describe_months",
    "describe_new",
    "diff_last",
    "diff_results",
    "diff_runs",
    "ensure_results",
    "finding_key",
    "finding_keys",
    "first_seen_dates",
    "map_results",
    "month_be",
    "results_of",
    "run_date",
    "wrap_diff",
]
