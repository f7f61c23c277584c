"""Crawl health: was the site really there? Counts of one run's fetches by outcome class, bytes
and time, and the one-line machine-readable status a scheduled job reads.

Why: when a site is down every submitted URL ends "unreachable", and the rules then score the
agency as if it published nothing. A run where at least `UNHEALTHY_RATIO` of the fetches failed
with network or server errors is flagged ``crawl_unhealthy`` so a scheduler (and a person) can
tell "the crawl failed" from "the agency failed".
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

STATUS_SCHEMA = "oitcrawl/status@1"
UNHEALTHY_RATIO = 0.9
# The exit status of each run state (the CLI's codes; README "Exit status").
STATE_EXIT_CODES = {"ok": 0, "below_threshold": 3, "crawl_unhealthy": 4}

# error_kind → class. Network: the host never answered usefully (DNS, TCP, TLS, timeout).
NETWORK_KINDS = frozenset(
    {
        "timeout",
        "connection_refused",
        "connection_lost",
        "tls_error",
        "dns_error",
        "dns_not_found",
        "truncated",
        "bad_response",
    }  # a site that only resets or truncates is down too
)
# Local: the fetch failed for a reason on this machine, not the agency's (an unclassified
# client-side error: a bad socket, too many open files, an unusable connection target).
LOCAL_KINDS = frozenset({"error", "unknown", ""})
# The classes that say "the site (or the path to it) was down", not "the agency's page is bad".
DOWN_CLASSES = ("network", "server", "local")
# Half the fetches failing for a local reason already makes the score meaningless.
LOCAL_UNHEALTHY_RATIO = 0.5


def error_class(fetch: dict[str, Any]) -> str | None:
    """The class of a failed fetch row: "network", "server" (5xx after retries), "not_found"
    (404/410), "client" (other 4xx: 401, 403, 429 …), "robots", "too_large", "local" (an
    unclassified failure on this machine), "other" (blocked address, budget, redirects);
    None for a fetch that succeeded (including a 304 Not Modified)."""
    if fetch.get("outcome") == "ok":
        return None
    kind = fetch.get("error_kind") or ""
    status = fetch.get("http_status") or 0
    if kind in NETWORK_KINDS:
        return "network"
    if status >= 500 or kind.startswith("http_5"):
        return "server"
    if status in (404, 410):
        return "not_found"
    if 400 <= status < 500:
        return "client"
    if kind == "robots_txt":
        return "robots"
    if kind == "too_large":
        return "too_large"
    if kind in LOCAL_KINDS:
        return "local"
    return "other"


def _seconds_between(first: str | None, last: str | None) -> float:
    if not first or not last:
        return 0.0
    delta = dt.datetime.fromisoformat(last) - dt.datetime.fromisoformat(first)
    return max(delta.total_seconds(), 0.0)


def crawl_health(fetches: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The health summary of one run from its `fetches` rows (store columns).

    Returns {"fetches", "ok", "not_modified", "from_cache" (not requested: a stored response
    still fresh under HTTP caching, ``--fresh-for``), "errors", "errors_by_class": {class: n},
    "errors_by_kind": {error_kind: n}, "bytes_downloaded" (bodies received, bytes),
    "bytes_not_modified" (bytes of stored documents confirmed by 304), "crawl_seconds"
    (first to last fetch, s), "fetch_seconds" (sum of request times, s), "down_ratio" (0-1),
    "unhealthy" (bool), "reason_th", "reason_en" (null when healthy)}.
    """
    rows = list(fetches)
    by_class: Counter[str] = Counter()
    by_kind: Counter[str] = Counter()
    downloaded = reused = not_modified = from_cache = ok = 0
    fetch_seconds = 0.0
    for f in rows:
        fetch_seconds += f.get("elapsed_s") or 0.0
        if f.get("from_cache"):
            from_cache += 1
        elif f.get("http_status") == 304:
            not_modified += 1
            reused += f.get("bytes") or 0
        else:
            downloaded += f.get("bytes") or 0
        cls = error_class(f)
        if cls is None:
            ok += 1
        else:
            by_class[cls] += 1
            by_kind[f.get("error_kind") or "unknown"] += 1
    # a stored copy's fetched_at is an earlier run's: not part of this crawl's span
    times = sorted(f["fetched_at"] for f in rows if f.get("fetched_at") and not f.get("from_cache"))
    down = sum(by_class[c] for c in DOWN_CLASSES)
    ratio = down / len(rows) if rows else 0.0
    local_ratio = by_class["local"] / len(rows) if rows else 0.0
    unhealthy = bool(rows) and (ratio >= UNHEALTHY_RATIO or local_ratio >= LOCAL_UNHEALTHY_RATIO)
    local = bool(rows) and local_ratio >= LOCAL_UNHEALTHY_RATIO
    return {
        "fetches": len(rows),
        "ok": ok,
        "not_modified": not_modified,
        "from_cache": from_cache,
        "errors": len(rows) - ok,
        "errors_by_class": dict(sorted(by_class.items())),
        "errors_by_kind": dict(sorted(by_kind.items())),
        "bytes_downloaded": downloaded,
        "bytes_not_modified": reused,
        "crawl_seconds": round(_seconds_between(*(times[:1] + times[-1:]) or (None, None)), 1),
        "fetch_seconds": round(fetch_seconds, 3),
        "down_ratio": round(ratio, 4),
        "unhealthy": unhealthy,
        "reason_th": (
            f"ดึงข้อมูลไม่สำเร็จเพราะปัญหาที่เครื่องนี้ {by_class['local']} จาก {len(rows)} ครั้ง "
            "(ดู crawl.log) ผลคะแนนนี้ไม่ได้สะท้อนสิ่งที่หน่วยงานเผยแพร่"
            if local
            else f"ดึงข้อมูลไม่สำเร็จเพราะเครือข่ายหรือเซิร์ฟเวอร์ {down} จาก {len(rows)} ครั้ง "
            "(เว็บไซต์อาจล่ม) ผลคะแนนนี้ไม่ได้สะท้อนสิ่งที่หน่วยงานเผยแพร่"
            if unhealthy
            else None
        ),
        "reason_en": (
            f"{by_class['local']} of {len(rows)} fetches failed for a reason on this machine "
            "(see crawl.log); this score does not reflect what the agency published"
            if local
            else f"{down} of {len(rows)} fetches failed with network or server errors (the "
            "site may be down); this score does not reflect what the agency published"
            if unhealthy
            else None
        ),
    }


def run_state(report: dict[str, Any], fail_under: float | None = None) -> str:
    """ "crawl_unhealthy" (checked first: the score means nothing), "below_threshold" (the OIT
    score is missing or below `fail_under`, 0-100) or "ok"."""
    if (report.get("health") or {}).get("unhealthy"):
        return "crawl_unhealthy"
    oit = report["scores"]["oit"]
    if fail_under is not None and (oit is None or oit < fail_under):
        return "below_threshold"
    return "ok"


def status_line(report: dict[str, Any], state: str, exit_code: int) -> dict[str, Any]:
    """The one-line status of a finished run (schema oitcrawl/status@1) from its report@3 dict.

    `state`: "ok", "crawl_unhealthy", "below_threshold" (under --fail-under); `exit_code`: the
    process exit status it goes with.
    """
    health = report.get("health") or {}
    return {
        "schema": STATUS_SCHEMA,
        "state": state,
        "exit_code": exit_code,
        "run_id": report["run"]["id"],
        "run_status": report["run"]["status"],
        "agency": report["agency"]["name"],
        "website": report["agency"]["website"],
        "oit": report["scores"]["oit"],
        "rating": (report["scores"].get("rating") or {}).get("label_en"),
        "items": {k: report["summary"][k] for k in ("pass", "fail", "review", "not_applicable")},
        "fetches": health.get("fetches"),
        "errors": health.get("errors"),
        "errors_by_class": health.get("errors_by_class"),
        "bytes_downloaded": health.get("bytes_downloaded"),
        "crawl_seconds": health.get("crawl_seconds"),
        "unhealthy": health.get("unhealthy", False),
    }


def write_status(status: dict[str, Any], path: Path) -> str:
    """Write `status` to `path` atomically and return it as one JSON line (no newline)."""
    line = json.dumps(status, ensure_ascii=False, separators=(",", ":"))
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(line + "\n", encoding="utf-8")
    tmp.replace(path)
    return line
