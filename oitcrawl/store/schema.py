"""The store's tables (``oitcrawl.store`` docstring), created when missing and brought up to
date in a store made by an older version."""

from __future__ import annotations

import sqlite_utils


def create_schema(db: sqlite_utils.Database) -> None:
    """Create the store's tables and indexes in `db` when they are missing; add the columns
    newer versions use to an older store's tables."""
    if "agencies" not in db.table_names():
        db["agencies"].create({"id": int, "name": str, "website": str}, pk="id", if_not_exists=True)
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
            # 1: not requested, a stored response still fresh under HTTP caching stands for
            # it (``--fresh-for``, oitcrawl/crawl/freshness.py); fetched_at is then the time
            # the server last answered
            "from_cache": int,
        },
        pk=("run_id", "url"),
        if_not_exists=True,
    )
    if "from_cache" not in db["fetches"].columns_dict:  # stores from before issue 17
        db["fetches"].add_column("from_cache", int)
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
