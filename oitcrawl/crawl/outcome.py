"""Classify every fetch outcome the way link checkers do: ok, broken, or not sure.

Peers (lychee, LinkChecker, CKAN archiver; DOMAIN.md §7): a link is *broken* only when the
server or DNS says the thing does not exist (404/410, the host name does not exist); timeouts,
403/429 bot blocks, 5xx after retries and connection failures are *not sure* and must never be
reported as broken.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)

OK = "ok"
BROKEN = "broken"
NOT_SURE = "not_sure"
HTTP_ERROR = "http_error"  # another 4xx (400, 401, 405 …): the page answered but not with content
BLOCKED = "blocked_by_robots"
TOO_LARGE = "too_large"

OUTCOMES = (OK, BROKEN, NOT_SURE, HTTP_ERROR, BLOCKED, TOO_LARGE)


@dataclass(frozen=True)
class Outcome:
    """`outcome` is one of OUTCOMES; `error_kind` a stable code; `error` human text."""

    outcome: str
    error_kind: str | None = None
    error: str | None = None


def classify_status(status: int) -> Outcome:
    """Outcome of a final HTTP status (after redirects and retries)."""
    if 200 <= status < 300:
        return Outcome(OK)
    if status in (404, 410):
        return Outcome(BROKEN, f"http_{status}", f"HTTP {status}: the page does not exist")
    if status in (403, 429) or status >= 500:
        return Outcome(NOT_SURE, f"http_{status}", f"HTTP {status} (blocked or server error)")
    if 300 <= status < 400:
        return Outcome(NOT_SURE, "redirect", f"HTTP {status} redirect that was not followed")
    return Outcome(HTTP_ERROR, f"http_{status}", f"HTTP {status}")


# getaddrinfo's EAI_NONAME/EAI_NODATA texts (glibc, BSD) and resolver NXDOMAIN; Twisted wraps
# every lookup failure as "address … not found", so that phrase alone proves nothing.
_DNS_MISSING = (
    "name or service not known",
    "no address associated",
    "nodename nor servname",
    "nxdomain",
    "domain name not found",
)
_EAI_MISSING = {
    code
    for code in (getattr(socket, "EAI_NONAME", None), getattr(socket, "EAI_NODATA", None))
    if code is not None
}


def name_does_not_exist(host: str) -> bool:
    """Ask the system resolver again whether `host` definitely does not exist (NXDOMAIN/NODATA).

    Twisted reports every failed lookup as "no results", so a DNS failure is re-checked with
    getaddrinfo to tell a missing name (broken) from a resolver problem (not sure). Blocking:
    call it from a thread.
    """
    try:
        socket.getaddrinfo(host, None)
    except socket.gaierror as exc:
        return exc.errno in _EAI_MISSING
    except (UnicodeError, OSError):
        return False
    return False


def is_dns_failure(exc: BaseException) -> bool:
    return isinstance(exc, CannotResolveHostError) or type(exc).__name__ == "DNSLookupError"


def classify_failure(exc: BaseException, name_missing: bool = False) -> Outcome:
    """Outcome of a download that produced no response (DNS, TCP, TLS, timeout, size, robots).

    `name_missing`: the caller re-checked a DNS failure with `name_does_not_exist`.
    """
    text = str(exc) or type(exc).__name__
    name = type(exc).__name__
    if (own := _own_failure(exc)) is not None:
        return own
    if is_dns_failure(exc):
        if name_missing or any(s in text.lower() for s in _DNS_MISSING):
            return Outcome(BROKEN, "dns_not_found", f"DNS: host name does not exist ({text})")
        return Outcome(NOT_SURE, "dns_error", f"DNS lookup failed ({text})")
    if isinstance(exc, DownloadTimeoutError) or "Timeout" in name or "TimedOut" in name:
        return Outcome(NOT_SURE, "timeout", f"timed out ({text})")
    if _is_size_overrun(exc, text):
        if text in ("", name):
            text = "the body (sent without Content-Length) grew larger than --max-bytes"
        return Outcome(TOO_LARGE, "too_large", text)
    if isinstance(exc, IgnoreRequest) and "robots.txt" in text:
        return Outcome(BLOCKED, "robots_txt", "forbidden by the site's robots.txt")
    if isinstance(exc, DownloadConnectionRefusedError) or "ConnectionRefused" in name:
        return Outcome(NOT_SURE, "connection_refused", f"connection refused ({text})")
    if "SSL" in text or "TLS" in text or "certificate" in text.lower():
        return Outcome(NOT_SURE, "tls_error", f"TLS/SSL error ({text})")
    if isinstance(exc, ResponseDataLossError) or "DataLoss" in name:
        # Twisted keeps why the body ended early: a clean close (truncated body, wrong
        # Content-Length) or a reset connection.
        reasons = "; ".join(
            f"{type(r.value).__name__}: {r.value}" for r in getattr(exc.__cause__, "reasons", [])
        )
        if "ConnectionLost" in reasons or "non-clean" in reasons:
            return Outcome(
                NOT_SURE,
                "connection_lost",
                f"connection lost in the middle of the body ({reasons})",
            )
        return Outcome(
            NOT_SURE,
            "truncated",
            f"body shorter than its Content-Length: truncated ({reasons or text})",
        )
    if "ConnectionLost" in name or "connection was closed" in text or "ConnectionDone" in text:
        return Outcome(NOT_SURE, "connection_lost", f"connection lost ({text})")
    if "ParseError" in text or "BadStatusLine" in text or "wrong number of parts" in text:
        return Outcome(NOT_SURE, "bad_response", f"the server's answer is not HTTP ({text})")
    return Outcome(NOT_SURE, "error", f"{name}: {text}")


def _is_size_overrun(exc: BaseException, text: str) -> bool:
    """Every way Scrapy stops a body over DOWNLOAD_MAXSIZE: a Content-Length over it (message
    "max size"), a body without Content-Length that grew over it (the handler cancels the
    transfer: a bare DownloadCancelledError or Twisted CancelledError), and a compressed body
    that decompresses over it (a gzip bomb: IgnoreRequest "during decompression")."""
    lower = text.lower()
    if isinstance(exc, DownloadCancelledError) or type(exc).__name__ == "CancelledError":
        bare = text in ("", type(exc).__name__)
        return bare or "max size" in lower
    if isinstance(exc, IgnoreRequest):
        return "download_maxsize" in lower or "during decompression" in lower
    return False


class RedirectLimitError(IgnoreRequest):
    """A redirect chain went past REDIRECT_MAX_TIMES. `loop`: some URL came back (a loop);
    `chain`: the URLs visited, first to last."""

    def __init__(self, chain: list[str], limit: int):
        self.chain, self.limit = chain, limit
        self.loop = len(set(chain)) < len(chain)
        what = "redirect loop" if self.loop else "too many redirects"
        super().__init__(f"{what}: more than {limit} redirects ({chain[0]} → … → {chain[-1]})")


def _own_failure(exc: BaseException) -> Outcome | None:
    """Failures raised by oitcrawl's own guard, budget and redirect limit (issue 7)."""
    from oitcrawl.crawl.budget import BudgetExceededError
    from oitcrawl.crawl.guard import BlockedAddressError

    if isinstance(exc, BlockedAddressError):
        return Outcome(NOT_SURE, "blocked_address", str(exc))
    if isinstance(exc, RedirectLimitError):
        return Outcome(NOT_SURE, "redirect_loop" if exc.loop else "too_many_redirects", str(exc))
    if isinstance(exc, BudgetExceededError):
        return Outcome(NOT_SURE, "budget_exceeded", str(exc))
    return None
