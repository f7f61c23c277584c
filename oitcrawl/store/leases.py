"""The crawl lease: one oitcrawl at a time crawls an agency into a store (`run_lease`)."""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from oitcrawl.store.errors import StoreError
from oitcrawl.store.records import utcnow


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
