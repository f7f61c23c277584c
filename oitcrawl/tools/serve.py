"""`oitcrawl serve`: browse the evidence store in Datasette, read-only, with canned queries.

Datasette opens the database in immutable mode (``-i``: SQLite's ``immutable=1``, no writes,
no locks), so nothing a browser sends can change the store. Immutable mode does not read a WAL
journal, so the store's WAL is checkpointed into the database file first. The canned queries
(``CANNED_QUERIES``) read the evaluation results kept by ``oitcrawl.history.results``; the
metadata is written beside the database as ``datasette-metadata.json`` and the process
becomes Datasette.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from typing import Any

from oitcrawl.history.results import create_results_schema
from oitcrawl.store import Store

#: Each agency's evaluated runs, newest first (n = 1 latest, 2 the one before).
_RANKED = """with ranked as (
  select r.id as run_id, r.agency_id, a.name as agency, r.started_at,
         row_number() over (partition by r.agency_id order by r.started_at desc, r.id desc) as n
  from runs r join agencies a on a.id = r.agency_id join evaluations e on e.run_id = r.id
)"""

CANNED_QUERIES: dict[str, dict[str, Any]] = {
    "failing_items": {
        "title": "ข้อที่ไม่ผ่านหรือต้องตรวจสอบ แยกตามหน่วยงาน / Failing items by agency",
        "description": "The latest evaluated run of each agency: items that fail or need "
        "review, with their findings. Leave agency empty for every agency.",
        "sql": _RANKED
        + """
select l.agency, i.item_id as item, i.title_th as title, i.status, i.unit,
  (select group_concat(f.code || coalesce(' ' || f.element, ''), '; ') from findings f
   where f.run_id = i.run_id and f.item_id = i.item_id) as findings,
  l.run_id
from ranked l join item_results i on i.run_id = l.run_id
where l.n = 1 and i.status in ('fail', 'review') and (:agency = '' or l.agency = :agency)
order by l.agency, i.position""",
    },
    "documents_not_machine_readable": {
        "title": "เอกสารที่เครื่องอ่านไม่ได้ / Documents not machine readable",
        "description": "The latest evaluated run of each agency: documents fetched (ok) whose "
        "machine readability is below 2 (images, scans, no text).",
        "sql": _RANKED
        + """
select l.agency, d.url, d.items, d.sniffed_type, d.readability, d.readability_label,
  d.reason_th, d.reason_en, l.run_id
from ranked l join document_results d on d.run_id = l.run_id
where l.n = 1 and d.outcome = 'ok' and d.machine_readable = 0
  and (:agency = '' or l.agency = :agency)
order by l.agency, d.url""",
    },
    "changes_since_last_run": {
        "title": "การเปลี่ยนแปลงจากการตรวจครั้งก่อน / Changes since the last run",
        "description": "Each agency's latest evaluated run against the one before: item "
        "status changes, new and fixed findings (identity item|code|element|URL), and changed "
        "missing months. `oitcrawl diff --last 2` gives the same with documents.",
        "sql": _RANKED
        + """,
pairs as (
  select b.agency, a.run_id as run_a, b.run_id as run_b from ranked b
  join ranked a on a.agency_id = b.agency_id and a.n = 2 where b.n = 1
)
select agency, item, change, detail, run_a, run_b from (
  select p.agency, ib.item_id as item, 'status' as change,
    ia.status || ' → ' || ib.status as detail, p.run_a, p.run_b
  from pairs p join item_results ib on ib.run_id = p.run_b
  join item_results ia on ia.run_id = p.run_a and ia.item_id = ib.item_id
  where ia.status != ib.status
  union all
  select p.agency, fb.item_id, 'new finding',
    fb.code || coalesce(' ' || fb.element, '') || coalesce(' ' || fb.url, ''), p.run_a, p.run_b
  from pairs p join findings fb on fb.run_id = p.run_b
  where not exists (select 1 from findings fa
                    where fa.run_id = p.run_a and fa.finding_key = fb.finding_key)
  union all
  select p.agency, fa.item_id, 'fixed finding',
    fa.code || coalesce(' ' || fa.element, '') || coalesce(' ' || fa.url, ''), p.run_a, p.run_b
  from pairs p join findings fa on fa.run_id = p.run_a
  where not exists (select 1 from findings fb
                    where fb.run_id = p.run_b and fb.finding_key = fa.finding_key)
  union all
  select p.agency, fb.item_id, 'months',
    fb.code || coalesce(' ' || fb.element, '') || ': ' || fa.months_json || ' → '
      || fb.months_json, p.run_a, p.run_b
  from pairs p join findings fb on fb.run_id = p.run_b
  join findings fa on fa.run_id = p.run_a and fa.finding_key = fb.finding_key
  where fa.months_json != fb.months_json
)
order by agency, cast(substr(item, 2) as integer), change, detail""",
    },
}


class ServeError(ValueError):
    """Datasette cannot be started (not installed, bad port); the message says what to do."""


def metadata(db_name: str) -> dict[str, Any]:
    """Datasette metadata: title, the canned queries of database `db_name`."""
    return {
        "title": "oitcrawl — หลักฐานการตรวจ OIT / OIT evidence store",
        "description": "Read-only (immutable). Tables: runs, agencies, fetches, links, "
        "documents, extracts; evaluation results: evaluations, item_results, findings, "
        "document_results.",
        "databases": {db_name: {"queries": CANNED_QUERIES}},
    }


def datasette_command(store: Store, host: str, port: int) -> list[str]:
    """Prepare the store for immutable serving (result tables present, WAL checkpointed),
    write the metadata beside it, and return the Datasette command line. Raises ServeError
    when Datasette is not installed or the port is out of range."""
    if not 0 <= port <= 65535:
        raise ServeError(f"--port {port}: a TCP port is 0-65535 (0: any free port)")
    if shutil.which("datasette") is None and not _has_module("datasette"):
        raise ServeError("Datasette is not installed: pip install 'datasette>=0.65,<1'")
    _check_port_free(host, port)
    create_results_schema(store)  # the canned queries need the result tables, even empty
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # immutable mode ignores the WAL
    meta_path = store.path.parent / "datasette-metadata.json"
    meta_path.write_text(
        json.dumps(metadata(store.path.stem), ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return [sys.executable, "-m", "datasette", "serve", "-i", str(store.path),
            "--metadata", str(meta_path), "--host", host, "--port", str(port),
            "--setting", "sql_time_limit_ms", "5000"]  # fmt: skip


def _check_port_free(host: str, port: int) -> None:
    """Raise ServeError when Datasette could not listen on host:port (in use, no such
    address), before anything is started: Datasette's own failure exits with a status that
    would read as another oitcrawl code."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise ServeError(f"--host {host!r}: not an address to listen on ({exc})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        try:
            sock.bind(address)
        except OSError as exc:
            raise ServeError(
                f"--host {host} --port {port}: cannot listen there ({exc.strerror or exc}); "
                "the port is probably in use: give another --port (0: any free port) / "
                "พอร์ตนี้ถูกใช้อยู่ ระบุ --port อื่น"
            ) from None


def _has_module(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None


def serve_store(store: Store, host: str = "127.0.0.1", port: int = 8001) -> int:
    """Replace this process with Datasette serving `store` read-only on host:port (never
    returns on success). Raises ServeError (see ``datasette_command``)."""
    cmd = datasette_command(store, host, port)
    store.db.conn.close()
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(cmd[0], cmd)
    return 1  # not reached
