"""The evidence store: one SQLite database per project directory plus content-addressed blobs.

Tables (sqlite-utils): `agencies`, `runs`, `submitted_urls`, `fetches` (every outcome, failures
included), `links` (the evidence graph found on pages), `documents` (one row per distinct body,
by sha256) and `extracts` (text extracted from a document, cached by sha256 and extractor
version). Raw bytes live in `blobs/<sha[:2]>/<sha256>` beside the database.

Consistency under Ctrl-C or a crash: a blob is written to a temporary file and renamed into
place before the row that refers to it is committed, and each fetch is committed in its own
transaction (WAL journal, synchronous=NORMAL: a power cut may lose the last commits, not the
database's consistency), so an interrupted crawl leaves only complete rows behind.

The modules: `database` (the `Store` class), `schema` (its tables), `merging` (a worker's
store merged into another), `records` (`Run`, the run statuses, `utcnow`), `errors`
(`StoreError`, a full disk) and `leases` (`run_lease`: one crawl of an agency at a time).
"""

from oitcrawl.store.database import Store
from oitcrawl.store.errors import StoreError
from oitcrawl.store.leases import LeaseError, run_lease
from oitcrawl.store.records import (
    RUN_COMPLETED,
    RUN_FAILED,
    RUN_INTERRUPTED,
    RUN_RUNNING,
    Run,
    utcnow,
)

__all__ = [
    "RUN_COMPLETED",
    "RUN_FAILED",
    "RUN_INTERRUPTED",
    "RUN_RUNNING",
    "LeaseError",
    "Run",
    "Store",
    "StoreError",
    "run_lease",
    "utcnow",
]
