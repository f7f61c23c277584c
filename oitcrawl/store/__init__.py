"""The evidence store: one SQLite database per project directory plus content-addressed blobs.

Tables (sqlite-utils): `agencies`, `runs`, `submitted_urls`, `fetches` (every outcome, failures
included), `links` (the evidence graph found on pages), `documents` (one row per distinct body,
by sha256) and `extracts` (text extracted from a document, cached by sha256 and extractor
version). Raw bytes live in `blobs/<sha[:2]>/<sha256>` beside the database.

Consistency under Ctrl-C or a crash: a blob is written to a temporary file and renamed into
place before the row that refers to it is committed, and each fetch is committed in its own
transaction (WAL journal, synchronous=NORMAL: a power cut may lose the last commits, not the
database's consistency), so an interrupted crawl leaves only complete rows behind.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable, Iterator
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
    """The database cannot be opened or is not an oitcrawl store, a blob is missing or damaged,
    or the disk is full; the message names the file and what to do."""


_DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def _disk_full(path: Path, exc: BaseException) -> str:
    from oitcrawl.i18n import tr

    return f"{path}: " + tr(
        f"ดิสก์เต็ม ({exc}) ไม่มีข้อมูลที่เขียนค้างครึ่งเดียว ให้เพิ่มพื้นที่ว่างแล้วสั่งคำสั่งเดิมอีกครั้งเพื่อทำต่อ",
        f"the disk is full ({exc}); nothing half-written was kept. Free some space, "
        "then run the same command again to resume",
    )


@contextlib.contextmanager
def _disk_full_is_store_error(path: Path) -> Iterator[None]:
    """SQLite's "database or disk is full" (and a disk-full OSError) → StoreError; the
    transaction inside is rolled back by ``with db.conn``."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        if "full" in str(exc).lower():
            raise StoreError(_disk_full(path, exc)) from exc
        if "disk i/o error" in str(exc).lower():  # SQLite's word for EFBIG, EIO, …
            from oitcrawl.i18n import tr

            raise StoreError(
                f"{path}: "
                + tr(
                    "เขียนฐานข้อมูลไม่ได้ (ดิสก์อาจเต็มหรือเสีย) ตรวจดิสก์แล้วสั่งคำสั่งเดิมอีกครั้งเพื่อทำต่อ",
                    "could not write the evidence database (disk I/O error: the disk may be "
                    "full or failing); nothing half-written was kept. Check the disk, then run "
                    "the same command again to resume",
                )
            ) from exc
        raise
    except OSError as exc:
        if exc.errno in _DISK_FULL:
            raise StoreError(_disk_full(path, exc)) from exc
        raise


class LeaseError(StoreError):
    """Another oitcrawl process holds the lease on this agency's crawl in this store."""


@contextlib.contextmanager
def run_lease(db_path: Path, agency: str, website: str) -> Iterator[Path]:
    """Hold the crawl lease of one agency (name + website) in the store at `db_path` for the
    block: a second `check`/`batch` of the same agency on the same store is refused instead
    of crawling the site twice at once.

    The lease is an exclusive `flock` on ``<db dir>/leases/<db name>-<sha>.lock`` (released by
    the kernel even after kill -9, so a crashed run never blocks the next). The file names the
    holder (pid, start time). Raises LeaseError (a StoreError: exit 2) naming the holder.
    """
    import fcntl

    key = hashlib.sha256(f"{agency}\n{website}".encode()).hexdigest()[:16]
    folder = Path(db_path).parent / "leases"
    path = folder / f"{Path(db_path).name}-{key}.lock"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the run lease ({exc.strerror or exc})") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "?"
            from oitcrawl.i18n import tr

            raise LeaseError(
                f"{db_path}: {agency} ({website}): "
                + tr(
                    f"กำลังถูกตรวจโดย oitcrawl อีกตัวหนึ่งในฐานข้อมูลเดียวกัน ({holder}) รอให้เสร็จแล้วสั่งใหม่",
                    f"is being crawled by another oitcrawl ({holder}); wait for it to finish, "
                    "then run this command again",
                )
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()} since {utcnow()}".encode(), 0)
        yield path
    finally:
        os.close(fd)  # releases the lock


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
            # WAL + NORMAL: a commit is not fsynced (2.2 → 0.3 ms a fetch); a crash of the
            # process loses nothing committed, a power cut at most the last commits, never
            # the database's consistency (blobs are still fsynced before their rows)
            self.db.execute("PRAGMA synchronous=NORMAL")
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
                "blocks_json": str,
                "extracted_at": str,
            },
            pk="sha256",
            if_not_exists=True,
        )
        if "metadata_json" not in db["extracts"].columns_dict:  # stores from before version 3
            db["extracts"].add_column("metadata_json", str)
        if "blocks_json" not in db["extracts"].columns_dict:  # stores from before version 5
            db["extracts"].add_column("blocks_json", str)
        # which WARC record of which archive file supports each fetched URL
        # (oitcrawl/history/archive.py)
        db["archive_records"].create(
            {"run_id": str, "url": str, "file": str, "record_id": str, "metadata_id": str},
            pk=("run_id", "url"),
            if_not_exists=True,
        )

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
            self.db["fetches"].upsert(fetch, pk=("run_id", "url"))
            if links:
                self.db["links"].upsert_all(
                    [{"run_id": fetch["run_id"], "from_url": fetch["url"], **lk} for lk in links],
                    pk=("run_id", "from_url", "to_url"),
                )
        return fetch.get("sha256")

    def fetches(self, run_id: str) -> dict[str, dict[str, Any]]:
        """All fetch rows of a run keyed by request URL."""
        return {
            row["url"]: row
            for row in self.db.query("select * from fetches where run_id = ?", [run_id])
        }

    def previous_fetches(self, run_id: str) -> dict[str, dict[str, Any]]:
        """The same agency's latest successful fetch of each URL in its *other* runs, keyed by
        request URL (rows with url, final_url, sha256, bytes, content_type, headers_json,
        fetched_at, run_id):
        the validators (ETag / Last-Modified) of an incremental re-crawl."""
        rows = self.db.query(
            "select f.url, f.final_url, f.sha256, f.bytes, f.content_type, f.headers_json, "
            "f.fetched_at, f.run_id from fetches f join runs r on r.id = f.run_id "
            "where r.agency_id = (select agency_id from runs where id = ?) and f.run_id != ? "
            "and f.outcome = 'ok' and f.sha256 is not null order by f.fetched_at",
            [run_id, run_id],
        )
        return {row["url"]: row for row in rows}  # later rows win: the latest fetch

    def links(self, run_id: str) -> list[dict[str, Any]]:
        return list(self.db.query("select * from links where run_id = ?", [run_id]))

    def links_from(self, run_id: str, from_url: str) -> list[dict[str, Any]]:
        """The link rows (to_url, label, kind, followed) stored with one fetch, in order."""
        return list(
            self.db.query(
                "select to_url, label, kind, followed from links where run_id = ? "
                "and from_url = ? order by rowid",
                [run_id, from_url],
            )
        )

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

    # -- merging (distributed crawls: oitcrawl/crawl/distributed.py) -------------------------
    def merge_from(self, other: Store) -> dict[str, int]:
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

    def _shared_columns(self, other: Store, table: str) -> list[str]:
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
