"""The evidence archive: a run's fetches as a WARC (ISO 28500) file, packaged as a WACZ.

Written from the evidence store after the crawl (the store already holds every body and every
outcome), with webrecorder's maintained libraries: `warcio` writes and reads the WARC records,
`wacz` (py-wacz) packages them with their CDXJ index, a page list and a hashed datapackage, so
any WACZ viewer (ReplayWeb.page) shows a page as it was on the day it was checked.

One archive holds one run:

- a `warcinfo` record whose `oitcrawl-run` field is the run as JSON (agency, framework, fiscal
  year BE, as_of, the submission, the crawl settings, the oitcrawl version, the submitted URLs);
- per fetch with an HTTP answer: a `request` record and a `response` record (the stored status
  line, the headers the crawl keeps — spiders/evidence.py KEPT_HEADERS — and the body from the
  blob store; the original Content-Length is kept as X-Archive-Orig-Content-Length);
- per fetch, answered or not: a `metadata` record (application/json, target = the request
  URL) with the whole stored fetch row — outcome, error kind, redirect chain, retries — and
  the evidence links found on the page, so replay rebuilds "unreachable" as unreachable, never
  as "missing".

`replay_archive` loads such a file into a fresh store; extract + evaluate then run on it with
no network. Every finding of a report points at the record that supports it: the response
record, or the metadata record when nothing answered (see `Store.archive_refs`).
"""

from __future__ import annotations

import contextlib
import http
import io
import json
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from oitcrawl import __version__
from oitcrawl.store import Store, StoreError

RUN_FIELD = "oitcrawl-run"
FETCH_CONTENT_TYPE = "application/json"
RUN_SCHEMA = "oitcrawl/archive-run@1"
FETCH_SCHEMA = "oitcrawl/archive-fetch@1"
SUFFIXES = (".wacz", ".warc.gz")
_WARC_MEMBER = "archive/data.warc.gz"
NOT_MODIFIED = 304
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


class ArchiveError(ValueError):
    """The file is not a readable oitcrawl archive; the message names the file and why."""


@dataclass(frozen=True)
class ArchiveSummary:
    """What `write_archive` wrote: `path`, `format` ("wacz" | "warc"), `records` (WARC
    records), `fetches` (fetch rows archived), `responses` (of which answered over HTTP),
    `bytes` (archive file size)."""

    path: Path
    format: str
    records: int
    fetches: int
    responses: int
    bytes: int


@dataclass(frozen=True)
class ReplaySummary:
    """What `replay_archive` loaded: the run id, fetches, bodies (responses) and links."""

    run_id: str
    fetches: int
    bodies: int
    links: int


def archive_format(path: Path) -> str:
    """ "wacz" or "warc" from the file name; raises ArchiveError for another suffix."""
    name = path.name.lower()
    if name.endswith(".wacz"):
        return "wacz"
    if name.endswith(".warc.gz"):
        return "warc"
    raise ArchiveError(
        f"{path}: ใช้นามสกุล .wacz หรือ .warc.gz / the archive file must end in .wacz or .warc.gz"
    )


# -- writing ---------------------------------------------------------------------------------
def write_archive(store: Store, run_id: str, path: Path) -> ArchiveSummary:
    """Write every fetch of `run_id` to `path` (.wacz or .warc.gz) and record in the store
    which WARC record supports each fetched URL (`archive_records`).

    The file is written to a temporary name beside `path` and renamed into place, so a failed
    write never leaves a half archive. Raises ArchiveError for a bad suffix, StoreError for an
    unknown run or a missing blob, OSError when the folder cannot be written.
    """
    fmt = archive_format(path)
    run = store.get_run(run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent, prefix=".oitcrawl-archive-") as tmp:
        warc = Path(tmp) / "data.warc.gz"
        with warc.open("wb") as fh:
            refs, pages, n_records, n_responses = _write_warc(store, run_id, fh)
        if fmt == "wacz":
            built = Path(tmp) / "archive.wacz"
            _package_wacz(warc, built, pages, f"oitcrawl {run.agency} {run.id}")
        else:
            built = warc
        built.replace(path)
    store.set_archive_records(run_id, str(path.resolve()), refs)
    return ArchiveSummary(path, fmt, n_records, len(refs), n_responses, path.stat().st_size)


def _write_warc(
    store: Store, run_id: str, fh: IO[bytes]
) -> tuple[list[dict[str, Any]], list[dict[str, str]], int, int]:
    """Write the run's WARC records; returns (archive_records rows, pages, records, responses)."""
    writer = WARCWriter(fh, gzip=True)
    run_row = store.run_row(run_id)
    submitted = store.submitted(run_id)
    settings = json.loads(run_row["settings_json"] or "{}")
    info = writer.create_warcinfo_record(
        "data.warc.gz",
        {
            "software": f"oitcrawl/{__version__} (warcio)",
            "format": "WARC File Format 1.1",
            "isPartOf": run_row["agency"],
            "description": f"oitcrawl run {run_id}: evidence fetched for the OIT items of "
            f"{run_row['agency']}, fiscal year {run_row['fiscal_year']} BE",
            RUN_FIELD: json.dumps(
                {"schema": RUN_SCHEMA, "run": run_row, "submitted": submitted},
                ensure_ascii=False,
                sort_keys=True,
            ),
        },
    )
    writer.write_record(info)
    info_id = info.rec_headers.get_header("WARC-Record-ID")
    n_records, n_responses = 1, 0
    items_of: dict[str, list[str]] = {}
    for row in submitted:
        items_of.setdefault(row["request_url"], []).append(row["item_id"])
    refs: list[dict[str, Any]] = []
    pages: list[dict[str, str]] = []
    links_of: dict[str, list[dict[str, Any]]] = {}
    for link in store.links(run_id):
        links_of.setdefault(link["from_url"], []).append(
            {k: link[k] for k in ("to_url", "label", "kind", "followed")}
        )
    fetches = sorted(
        store.fetches(run_id).values(), key=lambda f: (f["fetched_at"] or "", f["url"])
    )
    for fetch in fetches:
        date = _warc_date(fetch["fetched_at"])
        base = {"WARC-Date": date, "WARC-Warcinfo-ID": info_id}
        response_id = None
        if fetch["http_status"] is not None:
            target = fetch["final_url"] or fetch["url"]
            body = store.read_blob(fetch["sha256"]) if fetch["sha256"] else b""
            response_id, written = _write_exchange(writer, fetch, target, body, base, settings)
            n_records += written
            n_responses += 1
            if fetch["url"] in items_of:
                pages.append({"url": target, "title": _page_title(fetch, items_of)})
        meta_body = json.dumps(
            {
                "schema": FETCH_SCHEMA,
                "fetch": {k: v for k, v in fetch.items() if k != "run_id"},
                "links": links_of.get(fetch["url"], []),
            },
            ensure_ascii=False,
            sort_keys=True,
        ).encode()
        meta_headers = dict(base)
        if response_id:
            meta_headers["WARC-Concurrent-To"] = response_id
        metadata = writer.create_warc_record(
            fetch["url"],
            "metadata",
            payload=io.BytesIO(meta_body),
            length=len(meta_body),
            warc_content_type=FETCH_CONTENT_TYPE,
            warc_headers_dict=meta_headers,
        )
        writer.write_record(metadata)
        n_records += 1
        metadata_id = metadata.rec_headers.get_header("WARC-Record-ID")
        refs.append(
            {
                "url": fetch["url"],
                "record_id": response_id or metadata_id,
                "metadata_id": metadata_id,
            }
        )
    return refs, pages, n_records, n_responses


def _write_exchange(
    writer: WARCWriter,
    fetch: dict[str, Any],
    target: str,
    body: bytes,
    base: dict[str, str],
    settings: dict[str, Any],
) -> tuple[str, int]:
    """Write the request and the answer of one fetch; returns (id of the record holding the
    body, records written). A 304 of an incremental re-crawl is a `revisit` record (profile
    server-not-modified) plus a `resource` record with the stored document it stands for, so
    the archive shows the page even without the earlier run's archive."""
    if fetch["http_status"] == NOT_MODIFIED and fetch["sha256"]:
        answer = writer.create_warc_record(
            target,
            "revisit",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=_response_headers(fetch, 0),
            warc_headers_dict={**base, "WARC-Profile": SERVER_NOT_MODIFIED},
        )
        answer_id = answer.rec_headers.get_header("WARC-Record-ID")
        document = writer.create_warc_record(
            target,
            "resource",
            payload=io.BytesIO(body),
            length=len(body),
            warc_content_type=fetch["content_type"] or "application/octet-stream",
            warc_headers_dict={**base, "WARC-Concurrent-To": answer_id},
        )
        records = [answer, document]
        body_id = document.rec_headers.get_header("WARC-Record-ID")
    else:
        answer = writer.create_warc_record(
            target,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=_response_headers(fetch, len(body)),
            warc_headers_dict=dict(base),
        )
        answer_id = body_id = answer.rec_headers.get_header("WARC-Record-ID")
        records = [answer]
    records.append(
        writer.create_warc_record(
            target,
            "request",
            payload=io.BytesIO(b""),
            length=0,
            http_headers=_request_headers(target, settings),
            warc_headers_dict={**base, "WARC-Concurrent-To": answer_id},
        )
    )
    for record in records:
        writer.write_record(record)
    return body_id, len(records)


def _warc_date(fetched_at: str | None) -> str:
    """The store's ISO time (…+00:00) as a WARC-Date (…Z)."""
    if not fetched_at:
        return "1970-01-01T00:00:00Z"
    return fetched_at.replace("+00:00", "Z")


def _response_headers(fetch: dict[str, Any], body_len: int) -> StatusAndHeaders:
    """Status line and the kept headers; Content-Length is the archived body's length (bodies
    are stored decoded) and the server's value stays as X-Archive-Orig-Content-Length."""
    status = int(fetch["http_status"])
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    headers: list[tuple[str, str]] = []
    for name, value in json.loads(fetch["headers_json"] or "{}").items():
        if name.lower() == "content-length":
            headers.append(("X-Archive-Orig-Content-Length", value))
        elif name.lower() not in ("content-encoding", "transfer-encoding"):
            headers.append((name, value))
    headers.append(("Content-Length", str(body_len)))
    return StatusAndHeaders(f"{status} {phrase}", headers, protocol="HTTP/1.1")


def _request_headers(target: str, settings: dict[str, Any]) -> StatusAndHeaders:
    """The GET the crawler sent, as far as the store knows it (path, Host, User-Agent)."""
    parts = urlsplit(target)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = [("Host", parts.netloc)]
    if settings.get("user_agent"):
        headers.append(("User-Agent", str(settings["user_agent"])))
    return StatusAndHeaders(f"GET {path} HTTP/1.1", headers, is_http_request=True)


def _page_title(fetch: dict[str, Any], items_of: dict[str, list[str]]) -> str:
    from oitcrawl.crawl.urls import display_url

    return f"{', '.join(items_of[fetch['url']])}: {display_url(fetch['url'])}"


def _package_wacz(warc: Path, out: Path, pages: list[dict[str, str]], title: str) -> None:
    """Package `warc` as a WACZ with py-wacz (index, pages list, datapackage with hashes)."""
    from wacz.main import main as wacz_main

    pages_file = warc.with_name("pages.jsonl")
    with pages_file.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"format": "json-pages-1.0", "id": "pages", "title": title}) + "\n")
        seen = set()
        for page in pages:
            if page["url"] not in seen:
                seen.add(page["url"])
                fh.write(json.dumps(page, ensure_ascii=False) + "\n")
    log = io.StringIO()
    args = ["create", str(warc), "-o", str(out), "--hash-type", "sha256", "--title", title]
    if pages:
        args += ["-p", str(pages_file)]
    with contextlib.redirect_stdout(log):
        rc = wacz_main(args)
    if rc:
        raise OSError(f"{out}: py-wacz could not package the archive:\n{log.getvalue()}")


# -- reading ---------------------------------------------------------------------------------
@contextlib.contextmanager
def _open_warc(path: Path) -> Iterator[IO[bytes]]:
    """The WARC stream of a .warc(.gz) file or of the `archive/` member of a WACZ."""
    if not path.is_file():
        raise ArchiveError(f"{path}: ไม่มีไฟล์นี้ / no such archive file")
    if zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as zf:
                members = [n for n in zf.namelist() if n.startswith("archive/")]
                if not members:
                    raise ArchiveError(
                        f"{path}: ไม่ใช่ไฟล์ WACZ (ไม่มีโฟลเดอร์ archive/) / "
                        "not a WACZ: it has no archive/ folder"
                    )
                with zf.open(_WARC_MEMBER if _WARC_MEMBER in members else members[0]) as fh:
                    yield fh
        except (zipfile.BadZipFile, zlib.error) as exc:
            raise ArchiveError(f"{path}: ไฟล์ WACZ เสีย / a damaged WACZ file ({exc})") from exc
    else:
        with path.open("rb") as fh:
            yield fh


def iter_records(path: Path) -> Iterator[tuple[str, str, dict[str, str], bytes]]:
    """Every WARC record of an archive as (record type, record id, WARC headers, content
    bytes — the HTTP payload for request/response records).

    Raises ArchiveError naming the file when it is not a WARC/WACZ or is damaged."""
    try:
        with _open_warc(path) as fh:
            for record in ArchiveIterator(fh, check_digests=True):
                headers = dict(record.rec_headers.headers)
                content = record.content_stream().read()
                if record.digest_checker.passed is False:
                    raise ArchiveError(
                        f"{path}: record {headers.get('WARC-Record-ID')} does not match its "
                        "digest / เนื้อหาไม่ตรงกับค่า digest: the archive was altered or damaged"
                    )
                yield record.rec_type, headers.get("WARC-Record-ID", ""), headers, content
    except ArchiveError:
        raise
    except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as exc:
        raise ArchiveError(
            f"{path}: อ่านเป็นไฟล์ WARC/WACZ ไม่ได้ / not a readable WARC or WACZ archive ({exc})"
        ) from exc


@dataclass
class _Loaded:
    run: dict[str, Any]
    submitted: list[dict[str, Any]]
    fetches: list[tuple[dict[str, Any], list[dict[str, Any]], str, str]]  # row, links, rec, meta


def _load(path: Path, store: Store) -> _Loaded:
    """Read and check the whole archive; bodies go to the blob store (content-addressed, so a
    failure half way leaves no row behind, only unreferenced blobs)."""
    run_info: dict[str, Any] | None = None
    bodies: dict[str, str] = {}  # response record id → sha256
    fetches = []
    for rec_type, rec_id, headers, content in iter_records(path):
        if rec_type == "warcinfo" and run_info is None:
            run_info = _parse_warcinfo(path, content)
        elif rec_type in ("response", "resource"):
            bodies[rec_id] = store.put_blob(content)
        elif rec_type == "metadata" and headers.get("Content-Type") == FETCH_CONTENT_TYPE:
            try:
                data = json.loads(content)
            except ValueError as exc:
                raise ArchiveError(f"{path}: record {rec_id}: damaged fetch JSON ({exc})") from exc
            if data.get("schema") != FETCH_SCHEMA:
                continue
            fetches.append((data["fetch"], data.get("links", []), headers, rec_id))
    if run_info is None:
        raise ArchiveError(
            f"{path}: ไม่ใช่ไฟล์เก็บหลักฐานของ oitcrawl (ไม่มีข้อมูลการตรวจใน warcinfo) / "
            "not an oitcrawl archive: no warcinfo record with the run"
        )
    out = []
    for fetch, links, headers, meta_id in fetches:
        response_id = headers.get("WARC-Concurrent-To")
        sha = bodies.get(response_id) if response_id else None
        if fetch.get("sha256") and sha != fetch["sha256"]:
            raise ArchiveError(
                f"{path}: the body of {fetch['url']} is missing or differs from its sha256 / "
                "เนื้อหาของ URL นี้ไม่ตรงกับที่บันทึกไว้"
            )
        out.append((fetch, links, response_id or meta_id, meta_id))
    return _Loaded(run_info["run"], run_info["submitted"], out)


def _parse_warcinfo(path: Path, content: bytes) -> dict[str, Any] | None:
    for line in content.decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(":")
        if name.strip() == RUN_FIELD:
            try:
                info = json.loads(value)
            except ValueError as exc:
                raise ArchiveError(f"{path}: warcinfo {RUN_FIELD}: damaged JSON ({exc})") from exc
            if info.get("schema") != RUN_SCHEMA:
                raise ArchiveError(
                    f"{path}: warcinfo {RUN_FIELD}: unknown schema {info.get('schema')!r} "
                    f"(this oitcrawl reads {RUN_SCHEMA})"
                )
            return info
    return None


def check_archive(path: Path) -> str:
    """The run id of the oitcrawl archive at `path`, reading only up to its warcinfo record
    (a quick check before anything is written). Raises ArchiveError naming the file."""
    for rec_type, _, _, content in iter_records(path):
        if rec_type == "warcinfo":
            info = _parse_warcinfo(path, content)
            if info is not None and isinstance(info.get("run"), dict) and info["run"].get("id"):
                return str(info["run"]["id"])
        break
    raise ArchiveError(
        f"{path}: ไม่ใช่ไฟล์เก็บหลักฐานของ oitcrawl (ไม่มีข้อมูลการตรวจใน warcinfo) / "
        "not an oitcrawl archive: no warcinfo record with the run"
    )


def replay_archive(path: Path, store: Store) -> ReplaySummary:
    """Load the run in the archive at `path` into `store`: the run (same id), its submitted
    URLs, every fetch with its outcome, headers, redirect chain and error, the bodies, and the
    evidence links. Then `extract_run` / `evaluate_run` work on it with no network.

    Raises ArchiveError when the file is not an oitcrawl WARC/WACZ or is damaged (nothing is
    stored then but content-addressed blobs), StoreError when the store already holds that run.
    """
    try:
        loaded = _load(path, store)
        run_id = loaded.run["id"]
    except (KeyError, TypeError) as exc:  # hand-edited or foreign JSON in an oitcrawl record
        raise ArchiveError(f"{path}: an oitcrawl record lacks the field {exc}") from exc
    if store.has_run(run_id):
        raise StoreError(
            f"{store.path}: run {run_id} is already in this store; replay into another --db, "
            f"or use `oitcrawl evaluate {run_id}`"
        )
    store.restore_run(loaded.run, loaded.submitted)
    n_links = n_bodies = 0
    refs = []
    # an archive from another oitcrawl version may have columns this store lacks
    columns = set(store.db["fetches"].columns_dict) - {"sha256", "bytes"}
    for fetch, links, record_id, meta_id in loaded.fetches:
        row = {k: v for k, v in fetch.items() if k in columns}
        row["run_id"] = run_id
        body = store.read_blob(fetch["sha256"]) if fetch.get("sha256") else None
        store.record_fetch(row, body, links)
        n_bodies += body is not None
        n_links += len(links)
        refs.append({"url": fetch["url"], "record_id": record_id, "metadata_id": meta_id})
    store.set_archive_records(run_id, str(path.resolve()), refs)
    return ReplaySummary(run_id, len(loaded.fetches), n_bodies, n_links)


def record_ids(path: Path) -> dict[str, tuple[str, str]]:
    """{WARC-Record-ID: (record type, WARC-Target-URI)} of every record in the archive."""
    return {
        rec_id: (rec_type, headers.get("WARC-Target-URI", ""))
        for rec_type, rec_id, headers, _ in iter_records(path)
    }
