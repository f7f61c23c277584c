"""The `Store` class: one SQLite database (sqlite-utils) with content-addressed blobs beside it;
its tables are described in the ``oitcrawl.store`` docstring."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import sqlite_utils

from oitcrawl import __version__
from oitcrawl.store.errors import _DISK_FULL, StoreError, _disk_full, _disk_full_is_store_error
from oitcrawl.store.merging import MergeMixin
from oitcrawl.store.records import (
    RUN_COMPLETED,
    RUN_FAILED,
    RUN_INTERRUPTED,
    RUN_RUNNING,
    Run,
    utcnow,
)
from oitcrawl.store.schema import create_schema

OPEN_WAIT_S = 30.0  # seconds a store being created by another process is waited for


def _cannot_open(path: Path, exc: Exception) -> str:
    return f"{path}: cannot open the evidence database ({exc})"


class Store(MergeMixin):
    """An evidence store at `db_path` (created on first use) with blobs in `<dir>/blobs/`."""

    def __init__(self, db_path: Path):
        self.path = Path(db_path)
        self.blob_dir = self.path.parent / "blobs"
        deadline = time.monotonic() + OPEN_WAIT_S
        while True:
            db = None
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite_utils.Database(self.path)
                db.execute("PRAGMA busy_timeout=10000")
                db.execute("PRAGMA journal_mode=WAL")
                # WAL + NORMAL: a commit is not fsynced (2.2 → 0.3 ms a fetch); a crash of
                # the process loses nothing committed, a power cut at most the last commits,
                # never the database's consistency (blobs are still fsynced before their rows)
                db.execute("PRAGMA synchronous=NORMAL")
                create_schema(db)
                self.db = db
                return
            except sqlite_utils.db.sqlite3.OperationalError as exc:
                # Two processes opening one new store at once (a worker and the command
                # watching its progress): SQLite answers one "locked" at once, without
                # waiting, where waiting could deadlock; it is to try again.
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise StoreError(_cannot_open(self.path, exc)) from exc
                if db is not None:
                    db.close()
                time.sleep(0.05)
            except (OSError, sqlite_utils.db.sqlite3.DatabaseError) as exc:
                raise StoreError(_cannot_open(self.path, exc)) from exc

    # -- runs ---------------------------------------------------------------------------------
    def agency_id(self, name: str, website: str) -> int:
        """Id of the agency (name, website), created if new."""
        row = self.db.execute(
            "select id from agencies where name = ? and website = ?", [name, website]
        ).fetchone()
        if row:
            return int(row[0])
        with _disk_full_is_store_error(self.path), self.db.conn:
            return int(self.db["agencies"].insert({"name": name, "website": website}).last_pk)

    def create_run(
        self,
        *,
        agency: str,
        website: str,
        framework: str,
        fiscal_year: int,
        as_of: str,
        submission: dict[str, Any],
        submitted: list[tuple[str, str, str]],
        settings: dict[str, Any],
    ) -> Run:
        """Start a new run. `submitted` is [(item id, url as written, request url)] in order."""
        run_id = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)
        body = json.dumps(submission, ensure_ascii=False, sort_keys=True)
        with _disk_full_is_store_error(self.path), self.db.conn:
            self.db["runs"].insert(
                {
                    "id": run_id,
                    "agency_id": self.agency_id(agency, website),
                    "framework": framework,
                    "fiscal_year": fiscal_year,
                    "as_of": as_of,
                    "submission_json": body,
                    "submission_sha256": hashlib.sha256(body.encode()).hexdigest(),
                    "settings_json": json.dumps(settings, sort_keys=True),
                    "status": RUN_RUNNING,
                    "started_at": utcnow(),
                    "finished_at": None,
                    "tool_version": __version__,
                }
            )
            positions: dict[str, int] = {}
            rows = []
            for item_id, url, request_url in submitted:
                positions[item_id] = positions.get(item_id, -1) + 1
                rows.append(
                    {
                        "run_id": run_id,
                        "item_id": item_id,
                        "position": positions[item_id],
                        "url": url,
                        "request_url": request_url,
                    }
                )
            self.db["submitted_urls"].insert_all(rows)  # one statement, not one per URL
        return self.get_run(run_id)

    def find_resumable_run(
        self, submission: dict[str, Any], settings: dict[str, Any]
    ) -> Run | None:
        """The latest unfinished run of this exact submission and settings, if any."""
        body = json.dumps(submission, ensure_ascii=False, sort_keys=True)
        row = self.db.execute(
            "select id from runs where submission_sha256 = ? and settings_json = ? "
            "and status in (?, ?, ?) order by started_at desc limit 1",
            [
                hashlib.sha256(body.encode()).hexdigest(),
                json.dumps(settings, sort_keys=True),
                RUN_RUNNING,
                RUN_INTERRUPTED,
                RUN_FAILED,
            ],
        ).fetchone()
        return self.get_run(row[0]) if row else None

    def get_run(self, run_id: str) -> Run:
        """Load a run; raises StoreError naming the id and the database when it is unknown."""
        r = next(
            self.db.query(
                "select r.*, a.name as agency, a.website as website from runs r "
                "join agencies a on a.id = r.agency_id where r.id = ?",
                [run_id],
            ),
            None,
        )
        if r is None:
            raise StoreError(f"{self.path}: no run {run_id!r}; `oitcrawl runs` lists them")
        return Run(
            id=r["id"],
            agency=r["agency"],
            website=r["website"],
            framework=r["framework"],
            fiscal_year=r["fiscal_year"],
            as_of=r["as_of"],
            status=r["status"],
            started_at=r["started_at"],
            finished_at=r["finished_at"],
            submission=json.loads(r["submission_json"]),
            settings=json.loads(r["settings_json"]),
        )

    def list_runs(self) -> list[dict[str, Any]]:
        """All runs, newest first, with agency name and fetch counts."""
        return list(
            self.db.query(
                "select r.id, a.name as agency, r.framework, r.fiscal_year, r.as_of, r.status, "
                "r.started_at, r.finished_at, "
                "(select count(*) from fetches f where f.run_id = r.id) as fetches "
                "from runs r join agencies a on a.id = r.agency_id order by r.started_at desc"
            )
        )

    def set_run_status(self, run_id: str, status: str) -> None:
        finished = utcnow() if status in (RUN_COMPLETED, RUN_FAILED, RUN_INTERRUPTED) else None
        with _disk_full_is_store_error(self.path), self.db.conn:
            self.db["runs"].update(run_id, {"status": status, "finished_at": finished})

    # -- collecting ---------------------------------------------------------------------------
    def put_blob(self, data: bytes) -> str:
        """Store raw bytes content-addressed; returns the sha256 (hex). Idempotent, atomic
        (temporary file, fsync, rename). Raises StoreError when the disk is full (ENOSPC,
        EDQUOT, EFBIG): nothing half-written is left and the run can be resumed."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.blob_path(sha)
        if not path.exists():
            tmp = None
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)
            except BaseException as exc:
                if tmp is not None:
                    Path(tmp).unlink(missing_ok=True)
                if isinstance(exc, OSError) and exc.errno in _DISK_FULL:
                    raise StoreError(_disk_full(path, exc)) from exc
                raise
        return sha

    def blob_path(self, sha256: str) -> Path:
        return self.blob_dir / sha256[:2] / sha256

    def read_blob(self, sha256: str) -> bytes:
        """Raw bytes of a stored body, checked against their sha256 (the file name).

        Raises StoreError naming the file when the blob is missing or its bytes do not hash
        to its name (damaged on disk): re-crawl the run (`oitcrawl check … --fresh`).
        """
        path = self.blob_path(sha256)
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise StoreError(f"{self.path}: blob {sha256} is missing from {self.blob_dir}") from exc
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha256:
            raise StoreError(
                f"{path}: damaged blob: its bytes hash to {actual}, not {sha256} (the disk or "
                "another program changed it). Delete the file and re-crawl the run with "
                "`oitcrawl check SUBMISSION --fresh` / ไฟล์หลักฐานเสียหาย ให้ลบไฟล์นี้แล้วตรวจใหม่"
            )
        return data

    def record_fetch(
        self, fetch: dict[str, Any], body: bytes | None, links: list[dict[str, Any]]
    ) -> str | None:
        """Store one fetch outcome (and its body and links) in one transaction; returns the
        fetch's sha256 (of `body`, else the one `fetch` names), None without a body.

        `fetch` has the `fetches` columns except sha256/bytes, which come from `body`.
        """
        if body is not None:
            fetch = {**fetch, "sha256": self.put_blob(body), "bytes": len(body)}
        with _disk_full_is_store_error(self.path), self.db.conn:
            if body is not None:
                self.db["documents"].insert(
                    {"sha256": fetch["sha256"], "bytes": len(body), "first_seen_at": utcnow()},
                    ignore=True,
                )
            self._upsert("fetches", ("run_id", "url"), [fetch])
            if links:
                rows = [{"run_id": fetch["run_id"], "from_url": fetch["url"], **lk} for lk in links]
                self._upsert("links", ("run_id", "from_url", "to_url"), rows)
        return fetch.get("sha256")

    def _upsert(self, table: str, pk: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        """sqlite-utils' ``upsert_all`` as one SQL statement: insert each row, or set its
        columns on the row with the same `pk` (the others keep their values). The rows share
        their keys, which are the store's own column names. sqlite-utils reads the table's
        schema on every call (~0.4 ms, most of a fetch's write in a re-run of 5,000 URLs)."""
        cols = list(rows[0])
        names = ", ".join(f'"{c}"' for c in cols)
        updates = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c not in pk)
        self.db.conn.executemany(
            f'insert into "{table}" ({names}) values ({", ".join("?" * len(cols))}) '
            f"on conflict ({', '.join(pk)}) do update set {updates}",
            [[row[c] for c in cols] for row in rows],
        )

    def fetches(self, run_id: str) -> dict[str, dict[str, Any]]:
        """All fetch rows of a run keyed by request URL."""
        return {
            row["url"]: row
            for row in self.db.query("select * from fetches where run_id = ?", [run_id])
        }

    def previous_fetches(self, run_id: str) -> dict[str, dict[str, Any]]:
        """The same agency's latest successful fetch of each URL in its *other* runs, keyed by
        request URL (rows with url, final_url, http_status, redirect_chain_json, sha256,
        bytes, content_type, headers_json, fetched_at, run_id): the validators (ETag /
        Last-Modified) of an incremental re-crawl, and what a fresh stored response
        (``--fresh-for``) stands for."""
        rows = self.db.query(
            "select f.url, f.final_url, f.http_status, f.redirect_chain_json, f.sha256, "
            "f.bytes, f.content_type, f.headers_json, f.fetched_at, f.run_id "
            "from fetches f join runs r on r.id = f.run_id "
            "where r.agency_id = (select agency_id from runs where id = ?) and f.run_id != ? "
            "and f.outcome = 'ok' and f.sha256 is not null order by f.fetched_at, r.started_at",
            [run_id, run_id],
        )
        return {row["url"]: row for row in rows}  # later rows win: the latest fetch

    def links(self, run_id: str) -> list[dict[str, Any]]:
        return list(self.db.query("select * from links where run_id = ?", [run_id]))

    def links_by_page(self, run_id: str) -> dict[str, list[dict[str, Any]]]:
        """The link rows (to_url, label, kind, followed) of a run by the URL of the fetch
        they were stored with (``from_url``), each list in stored order; one query for a whole
        re-crawl instead of one per unchanged page."""
        pages: dict[str, list[dict[str, Any]]] = {}
        rows = self.db.execute(
            "select from_url, to_url, label, kind, followed from links where run_id = ? "
            "order by rowid",
            [run_id],
        )
        for from_url, to_url, label, kind, followed in rows:
            pages.setdefault(from_url, []).append(
                {"to_url": to_url, "label": label, "kind": kind, "followed": followed}
            )
        return pages

    def submitted(self, run_id: str) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select * from submitted_urls where run_id = ? order by item_id, position",
                [run_id],
            )
        )

    # -- archives (oitcrawl/history/archive.py) -------------------------------------------
    def run_row(self, run_id: str) -> dict[str, Any]:
        """The `runs` row of a run with `agency` (name) and `website` instead of agency_id."""
        self.get_run(run_id)  # StoreError for an unknown id
        row = next(
            self.db.query(
                "select r.*, a.name as agency, a.website as website from runs r "
                "join agencies a on a.id = r.agency_id where r.id = ?",
                [run_id],
            )
        )
        row.pop("agency_id")
        return row

    def has_run(self, run_id: str) -> bool:
        return self.db.execute("select 1 from runs where id = ?", [run_id]).fetchone() is not None

    def restore_run(self, row: dict[str, Any], submitted: list[dict[str, Any]]) -> None:
        """Insert a run exactly as `run_row` gave it (same id, times, status) with its
        submitted URL rows: a run replayed from an archive."""
        columns = self.db["runs"].columns_dict
        run = {k: v for k, v in row.items() if k in columns}
        run["agency_id"] = self.agency_id(row["agency"], row["website"])
        with self.db.conn:
            self.db["runs"].insert(run)
            self.db["submitted_urls"].insert_all(
                [{**r, "run_id": run["id"]} for r in submitted],
                pk=("run_id", "item_id", "position"),
            )

    def set_archive_records(self, run_id: str, file: str, rows: list[dict[str, Any]]) -> None:
        """Replace the run's archive references: rows of {url, record_id, metadata_id} in the
        archive `file` (an absolute path)."""
        with self.db.conn:
            self.db.execute("delete from archive_records where run_id = ?", [run_id])
            self.db["archive_records"].insert_all(
                [{"run_id": run_id, "file": file, **r} for r in rows]
            )

    def archive_refs(self, run_id: str) -> dict[str, dict[str, str]]:
        """{request URL: {"file": archive path, "record_id": WARC-Record-ID}} of the run's
        latest archive; empty when it was never archived."""
        return {
            r["url"]: {"file": r["file"], "record_id": r["record_id"]}
            for r in self.db.query(
                "select url, file, record_id from archive_records where run_id = ?", [run_id]
            )
        }

    # -- extracting ---------------------------------------------------------------------------
    def get_extract(self, sha256: str, version: int) -> dict[str, Any] | None:
        row = next(
            self.db.query(
                "select * from extracts where sha256 = ? and extractor_version = ?",
                [sha256, version],
            ),
            None,
        )
        return row

    def extracted(self, shas: Iterable[str], version: int) -> set[str]:
        """Those of `shas` with an extract of `version` (without reading the extracts)."""
        shas = list(shas)
        found: set[str] = set()
        for i in range(0, len(shas), 500):  # SQLite's limit on query parameters
            chunk = shas[i : i + 500]
            found.update(
                row[0]
                for row in self.db.execute(
                    f"select sha256 from extracts where extractor_version = ? "
                    f"and sha256 in ({', '.join('?' * len(chunk))})",
                    [version, *chunk],
                ).fetchall()
            )
        return found

    def put_extract(self, row: dict[str, Any]) -> None:
        with _disk_full_is_store_error(self.path), self.db.conn:
            self.db["extracts"].upsert(row, pk="sha256")
