"""The evidence store: one SQLite database per project directory plus content-addressed blobs.

Tables (sqlite-utils): `agencies`, `runs`, `submitted_urls`, `fetches` (every outcome, failures
included), `links` (the evidence graph found on pages), `documents` (one row per distinct body,
by sha256) and `extracts` (text extracted from a document, cached by sha256 and extractor
version). Raw bytes live in `blobs/<sha[:2]>/<sha256>` beside the database.

Consistency under Ctrl-C or a crash: a blob is written to a temporary file and renamed into
place before the row that refers to it is committed, and each fetch is committed in its own
transaction (WAL journal), so an interrupted crawl leaves only complete rows behind.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from oitcrawl import __version__

RUN_RUNNING, RUN_INTERRUPTED, RUN_COMPLETED, RUN_FAILED = (
    "running",
    "interrupted",
    "completed",
    "failed",
)


def utcnow() -> str:
    """Current time as an ISO 8601 UTC string with seconds (e.g. 2026-11-21T05:43:00+00:00)."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class StoreError(RuntimeError):
    """The database cannot be opened or is not an oitcrawl store; the message names the file."""


@dataclass(frozen=True)
class Run:
    """One crawl of one submission. `fiscal_year` is Buddhist Era, `as_of` an ISO CE date."""

    id: str
    agency: str
    website: str
    framework: str
    fiscal_year: int
    as_of: str
    status: str
    started_at: str
    finished_at: str | None
    submission: dict[str, Any]
    settings: dict[str, Any]


class Store:
    """An evidence store at `db_path` (created on first use) with blobs in `<dir>/blobs/`."""

    def __init__(self, db_path: Path):
        self.path = Path(db_path)
        self.blob_dir = self.path.parent / "blobs"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite_utils.Database(self.path)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA busy_timeout=10000")
            self._create_schema()
        except (OSError, sqlite_utils.db.sqlite3.DatabaseError) as exc:
            raise StoreError(f"{self.path}: cannot open the evidence database ({exc})") from exc

    # -- schema -------------------------------------------------------------------------------
    def _create_schema(self) -> None:
        db = self.db
        if "agencies" not in db.table_names():
            db["agencies"].create(
                {"id": int, "name": str, "website": str}, pk="id", if_not_exists=True
            )
            db["agencies"].create_index(["name", "website"], unique=True, if_not_exists=True)
        db["runs"].create(
            {
                "id": str,
                "agency_id": int,
                "framework": str,
                "fiscal_year": int,
                "as_of": str,
                "submission_json": str,
                "submission_sha256": str,
                "settings_json": str,
                "status": str,
                "started_at": str,
                "finished_at": str,
                "tool_version": str,
            },
            pk="id",
            foreign_keys=[("agency_id", "agencies", "id")],
            if_not_exists=True,
        )
        db["submitted_urls"].create(
            {"run_id": str, "item_id": str, "position": int, "url": str, "request_url": str},
            pk=("run_id", "item_id", "position"),
            if_not_exists=True,
        )
        db["fetches"].create(
            {
                "run_id": str,
                "url": str,
                "depth": int,
                "final_url": str,
                "http_status": int,
                "outcome": str,
                "error_kind": str,
                "error": str,
                "redirect_chain_json": str,
                "headers_json": str,
                "content_type": str,
                "sha256": str,
                "bytes": int,
                "elapsed_s": float,
                "retries": int,
                "fetched_at": str,
            },
            pk=("run_id", "url"),
            if_not_exists=True,
        )
        db["links"].create(
            {
                "run_id": str,
                "from_url": str,
                "to_url": str,
                "label": str,
                "kind": str,
                "followed": int,
            },
            pk=("run_id", "from_url", "to_url"),
            if_not_exists=True,
        )
        db["documents"].create(
            {"sha256": str, "bytes": int, "first_seen_at": str}, pk="sha256", if_not_exists=True
        )
        db["extracts"].create(
            {
                "sha256": str,
                "extractor_version": int,
                "sniffed_type": str,
                "sniff_json": str,
                "extractor": str,
                "title": str,
                "text": str,
                "page_count": int,
                "pages_json": str,
                "links_json": str,
                "tables_json": str,
                "has_login_form": int,
                "error": str,
                "metadata_json": str,
                "extracted_at": str,
            },
            pk="sha256",
            if_not_exists=True,
        )
        if "metadata_json" not in db["extracts"].columns_dict:  # stores from before version 3
            db["extracts"].add_column("metadata_json", str)

    # -- runs ---------------------------------------------------------------------------------
    def agency_id(self, name: str, website: str) -> int:
        """Id of the agency (name, website), created if new."""
        row = self.db.execute(
            "select id from agencies where name = ? and website = ?", [name, website]
        ).fetchone()
        if row:
            return int(row[0])
        with self.db.conn:
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
        with self.db.conn:
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
            for item_id, url, request_url in submitted:
                positions[item_id] = positions.get(item_id, -1) + 1
                self.db["submitted_urls"].insert(
                    {
                        "run_id": run_id,
                        "item_id": item_id,
                        "position": positions[item_id],
                        "url": url,
                        "request_url": request_url,
                    }
                )
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
        with self.db.conn:
            self.db["runs"].update(run_id, {"status": status, "finished_at": finished})

    # -- collecting ---------------------------------------------------------------------------
    def put_blob(self, data: bytes) -> str:
        """Store raw bytes content-addressed; returns the sha256 (hex). Idempotent, atomic."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.blob_path(sha)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        return sha

    def blob_path(self, sha256: str) -> Path:
        return self.blob_dir / sha256[:2] / sha256

    def read_blob(self, sha256: str) -> bytes:
        """Raw bytes of a stored body; raises StoreError if the blob file is missing."""
        try:
            return self.blob_path(sha256).read_bytes()
        except FileNotFoundError as exc:
            raise StoreError(f"{self.path}: blob {sha256} is missing from {self.blob_dir}") from exc

    def record_fetch(
        self, fetch: dict[str, Any], body: bytes | None, links: list[dict[str, Any]]
    ) -> None:
        """Store one fetch outcome (and its body and links) in one transaction.

        `fetch` has the `fetches` columns except sha256/bytes, which come from `body`.
        """
        if body is not None:
            fetch = {**fetch, "sha256": self.put_blob(body), "bytes": len(body)}
        with self.db.conn:
            if body is not None:
                self.db["documents"].insert(
                    {"sha256": fetch["sha256"], "bytes": len(body), "first_seen_at": utcnow()},
                    ignore=True,
                )
            self.db["fetches"].upsert(fetch, pk=("run_id", "url"))
            if links:
                self.db["links"].upsert_all(
                    [{"run_id": fetch["run_id"], "from_url": fetch["url"], **lk} for lk in links],
                    pk=("run_id", "from_url", "to_url"),
                )

    def fetches(self, run_id: str) -> dict[str, dict[str, Any]]:
        """All fetch rows of a run keyed by request URL."""
        return {
            row["url"]: row
            for row in self.db.query("select * from fetches where run_id = ?", [run_id])
        }

    def links(self, run_id: str) -> list[dict[str, Any]]:
        return list(self.db.query("select * from links where run_id = ?", [run_id]))

    def submitted(self, run_id: str) -> list[dict[str, Any]]:
        return list(
            self.db.query(
                "select * from submitted_urls where run_id = ? order by item_id, position",
                [run_id],
            )
        )

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

    def put_extract(self, row: dict[str, Any]) -> None:
        with self.db.conn:
            self.db["extracts"].upsert(row, pk="sha256")
