"""Input checks shared by the commands: each raises BadInput (or StoreError) before anything is
crawled or written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from oitcrawl.cli.console import err
from oitcrawl.cli.errors import BadInput, _exit_os_error
from oitcrawl.cli.options import DEFAULT_DB, DEMO_OUT
from oitcrawl.i18n import tr

if TYPE_CHECKING:
    from oitcrawl.store import Store
    from oitcrawl.submission import Submission


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(
            f"{option} {value!r}: "
            + tr(
                "ต้องเป็นวันที่ YYYY-MM-DD แบบ ค.ศ. เช่น 2023-04-30",
                "expected a date YYYY-MM-DD (CE), e.g. 2023-04-30",
            )
        ) from None


def _check_out_dir(path: Path, option: str = "--out") -> None:
    """Make sure the output folder can be written before anything is crawled or stored,
    without creating it: the folder (or, when it does not exist yet, its nearest existing
    parent) must be a folder where a probe file can be created. Raises BadInput."""
    import os
    import tempfile

    if path.exists() and not path.is_dir():
        raise BadInput(
            f"{option} {path}: "
            + tr("เป็นไฟล์ ไม่ใช่โฟลเดอร์", "is a file, not a folder")
            + "; "
            + tr("ระบุโฟลเดอร์สำหรับผลลัพธ์", "give a folder for the outputs")
        )
    base = path.absolute()
    while not base.exists() and base != base.parent:
        base = base.parent
    try:
        if not base.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(base))
        fd, probe = tempfile.mkstemp(prefix=".oitcrawl-probe-", dir=base)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise BadInput(
            f"{option} {path}: "
            + tr("เขียนไฟล์ในโฟลเดอร์นี้ไม่ได้", "cannot write in this folder")
            + f" ({exc.strerror or exc}); "
            + tr("ระบุโฟลเดอร์อื่น", "give another folder")
        ) from None


def _check_as_of(sub: Submission, as_of: dt.date | None) -> None:
    """The assessment date actually used (--as-of, else the file's, else today) must fall in
    or after the submission's fiscal year. Raises BadInput."""
    from oitcrawl.submission import check_as_of

    when = as_of or sub.as_of or dt.date.today()
    if why := check_as_of(when, sub.fiscal_year):
        source = "--as-of" if as_of else ("as_of" if sub.as_of else tr("วันนี้", "today"))
        raise BadInput(f"{source}: {why}")


def _warn_caps(sub: Submission) -> None:
    for message in sub.cap_warnings():
        err.print(f"[yellow]{tr('คำเตือน', 'warning')}[/]: {message}", highlight=False,
                  soft_wrap=True, markup=True)  # fmt: skip


def _check_since(
    db: Path, run_id: str, agency: str, website: str, current: str | None = None
) -> None:
    from oitcrawl.history import HistoryError, check_since

    try:
        check_since(db, run_id, agency, website, current)
    except HistoryError as exc:
        raise BadInput(str(exc)) from None


def _check_scores(iit: float | None, eit: float | None, fail_under: float | None) -> None:
    if (iit is None) != (eit is None):
        raise BadInput(
            tr(
                "ต้องให้ --iit และ --eit คู่กัน หรือไม่ให้ทั้งสอง",
                "--iit and --eit go together: give both scores, or neither",
            )
        )
    for name, value in (("--iit", iit), ("--eit", eit), ("--fail-under", fail_under)):
        if value is not None and not 0 <= value <= 100:  # also false for nan
            raise BadInput(
                f"{name} {value}: " + tr("คะแนนอยู่ระหว่าง 0 ถึง 100", "a score is between 0 and 100")
            )


def _check_workers() -> None:
    """OITCRAWL_WORKERS, read before anything is crawled or stored: a bad value is exit 2,
    not a failure after the crawl (``extract.run.WorkersError``)."""
    from oitcrawl.extract.run import worker_count

    worker_count()


def _check_is_store(path: Path) -> None:
    """Raise StoreError unless `path` is an SQLite database with oitcrawl's `runs` table
    (only read: nothing is written to it)."""
    import sqlite3

    from oitcrawl.store import StoreError

    if not path.is_file():
        raise StoreError(f"{path}: " + tr("ไม่มีฐานข้อมูลหลักฐานที่นี่", "no evidence database here"))
    try:
        # read only by what is asked (a read-only connection would leave -wal/-shm behind)
        conn = sqlite3.connect(path)
        try:
            names = {r[0] for r in conn.execute("select name from sqlite_master")}
        finally:
            conn.close()
    except OSError as exc:
        _exit_os_error(exc)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path}: "
            + tr("ไม่ใช่ฐานข้อมูลหลักฐานของ oitcrawl", "not an oitcrawl evidence store")
            + f" ({exc})"
        ) from None
    if "runs" not in names:
        raise StoreError(
            f"{path}: " + tr("ไม่ใช่ฐานข้อมูลหลักฐานของ oitcrawl", "not an oitcrawl evidence store")
        )


def _check_db_target(db: Path) -> None:
    """A `--db` that a crawl may create or add to: absent, or an oitcrawl store (never
    somebody else's database or a folder). Raises StoreError/BadInput."""
    if db.is_dir():
        raise BadInput(
            f"--db {db}: "
            + tr("เป็นโฟลเดอร์ ระบุไฟล์ฐานข้อมูล", "is a folder; give the database file")
            + f", e.g. {db / 'evidence.sqlite'}"
        )
    if db.exists():
        _check_is_store(db)


def _open_store(db: Path) -> Store:
    from oitcrawl.store import Store

    if not db.exists():
        demo_db = DEMO_OUT / "evidence.sqlite"
        if db == DEFAULT_DB and demo_db.exists():  # after `oitcrawl demo` (issue 14)
            raise BadInput(
                f"{db}: "
                + tr(
                    f"ไม่มีฐานข้อมูลหลักฐานที่นี่ ผลของ `oitcrawl demo` อยู่ที่ --db {demo_db}",
                    f"no evidence database here; the demo's is --db {demo_db}",
                )
            )
        raise BadInput(
            f"{db}: "
            + tr("ไม่มีฐานข้อมูลหลักฐานที่นี่ ระบุ --db PATH", "no evidence database here; pass --db PATH")
        )
    _check_is_store(db)  # never add oitcrawl's tables to somebody else's database
    return Store(db)


def _archive_path(path: Path | None) -> Path | None:
    """`path` when it names a .wacz or .warc.gz file (checked before any crawl), else exit 2."""
    from oitcrawl.history.archive import ArchiveError, archive_format

    if path is not None:
        try:
            archive_format(path)
        except ArchiveError as exc:
            raise BadInput(str(exc)) from exc
    return path
