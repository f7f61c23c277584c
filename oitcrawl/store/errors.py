"""The store's one error (`StoreError`) and how a full disk becomes one."""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path


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
