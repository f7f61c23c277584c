"""Merging a distributed-crawl worker's store into another (`Store.merge_from`)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import sqlite_utils

from oitcrawl.store.errors import StoreError


class MergeMixin:
    """`merge_from` and its helpers, part of `Store` (oitcrawl/store/database.py), whose
    `path`, `db` and `blob_path` they use."""

    path: Path
    db: sqlite_utils.Database

    # -- merging (distributed crawls: oitcrawl/crawl/distributed.py) -------------------------
    def merge_from(self, other: MergeMixin) -> dict[str, int]:
        """Copy everything of another store (a distributed-crawl worker's) into this one:
        agencies (matched by name and website), runs, submitted URLs, fetches, links,
        documents, extracts (a newer extractor version wins) and their blobs.

        Idempotent: a row whose key is already here is kept as it is (a run's status, the
        fetch another worker made of the same URL), so merging twice adds nothing. Blobs are
        copied in place before the rows that refer to them are committed, in one transaction.
        Returns {table: rows added}. Raises StoreError when `other` is this database.
        """
        if other.path.resolve() == self.path.resolve():
            raise StoreError(f"{other.path}: cannot merge a store into itself")
        for (sha,) in other.db.execute("select sha256 from documents").fetchall():
            if not self.blob_path(sha).exists() and other.blob_path(sha).exists():
                self._copy_blob(other.blob_path(sha), sha)
        added: dict[str, int] = {}
        conn = self.db.conn
        conn.execute("attach database ? as src", [str(other.path)])
        try:
            with conn:
                added["agencies"] = conn.execute(
                    "insert or ignore into agencies (name, website) "
                    "select name, website from src.agencies"
                ).rowcount
                cols = [c for c in self._shared_columns(other, "runs") if c != "agency_id"]
                names = ", ".join(cols)
                added["runs"] = conn.execute(
                    f"insert or ignore into runs ({names}, agency_id) "
                    f"select {', '.join('r.' + c for c in cols)}, a.id from src.runs r "
                    "join src.agencies s on s.id = r.agency_id "
                    "join main.agencies a on a.name = s.name and a.website = s.website"
                ).rowcount
                for table in ("submitted_urls", "fetches", "links", "documents"):
                    names = ", ".join(self._shared_columns(other, table))
                    added[table] = conn.execute(
                        f"insert or ignore into {table} ({names}) select {names} from src.{table}"
                    ).rowcount
                names = ", ".join(self._shared_columns(other, "extracts"))
                added["extracts"] = conn.execute(
                    f"insert or replace into extracts ({names}) select {names} "
                    "from src.extracts s where not exists (select 1 from main.extracts m "
                    "where m.sha256 = s.sha256 and m.extractor_version >= s.extractor_version)"
                ).rowcount
        finally:
            conn.execute("detach database src")
        return added

    def _shared_columns(self, other: MergeMixin, table: str) -> list[str]:
        """Columns of `table` present in both stores (an older store may lack newer ones)."""
        theirs = set(other.db[table].columns_dict)
        return [c for c in self.db[table].columns_dict if c in theirs]

    def _copy_blob(self, source: Path, sha256: str) -> None:
        """Copy a blob file into place atomically (temporary file, then rename)."""
        path = self.blob_path(sha256)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh, source.open("rb") as src:
                shutil.copyfileobj(src, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
