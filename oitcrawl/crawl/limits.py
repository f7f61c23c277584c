"""The crawl budget as the report states it: which limits a run was held to, and whether one
was hit (report@3 `crawl`).

Kept apart from `oitcrawl.crawl.budget` (the Scrapy middleware that enforces the budgets) so
that writing a report, offline, imports no Scrapy or Twisted (issue 17).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

PAGES = "pages"
BYTES = "bytes"

_BUDGET_TEXT = re.compile(r"\((\d+) (pages|bytes);")


def crawl_limits(fetches: Iterable[dict[str, Any]], settings: dict[str, Any]) -> dict[str, Any]:
    """report@3 `crawl`: the limits the run was held to and whether a budget was hit.

    `fetches`: the run's fetch rows; `settings`: the run's stored CrawlSettings dict (older runs
    may lack keys: they read as null / false). `budget_hit` is null, or {kind "pages"|"bytes",
    limit (fetches or bytes), skipped (URLs not fetched), message_th, message_en}.
    """
    skipped = [f for f in fetches if f.get("error_kind") == "budget_exceeded"]
    hit = None
    if skipped:
        m = _BUDGET_TEXT.search(skipped[0].get("error") or "")
        kind, limit = (m.group(2), int(m.group(1))) if m else (PAGES, 0)
        what_th = f"{limit:,} หน้า" if kind == PAGES else f"{limit:,} ไบต์"
        what_en = f"{limit:,} pages" if kind == PAGES else f"{limit:,} bytes"
        hit = {
            "kind": kind,
            "limit": limit,
            "skipped": len(skipped),
            "message_th": f"ถึงขีดจำกัดการตรวจของหน่วยงานนี้ ({what_th}) ไม่ได้เปิดอีก "
            f"{len(skipped):,} ลิงก์ ผลของข้อที่เกี่ยวข้องจึงยังไม่สมบูรณ์",
            "message_en": f"the crawl budget of this agency was hit ({what_en}): {len(skipped):,} "
            "linked URLs were not fetched, so the items they belong to are incomplete",
        }
    return {
        "budget_hit": hit,
        "max_pages": settings.get("max_pages"),
        "max_total_bytes": settings.get("max_total_bytes"),
        "legacy_tls": bool(settings.get("legacy_tls")),
        "allow_private": bool(settings.get("allow_private")),
        "clamped": list(settings.get("clamped") or []),
    }
