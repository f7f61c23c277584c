"""The addresses of a submission: a submitted URL (absolute http(s), no control characters,
within the length the crawler takes), the main website (not a public suffix), an extra
main-website host (``also_main``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_BAD_CHARS = re.compile(r"[\ud800-\udfff\x00]")


def check_url(url: object) -> str | None:
    """Return why `url` is not an absolute http(s) URL, or None when it is fine.

    Thai characters and spaces are allowed (they are IRI-encoded when fetched); control
    characters and lone surrogates (not text) are not.
    """
    if not isinstance(url, str) or not url.strip():
        return "expected a URL string"
    if _BAD_CHARS.search(url) or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url.strip()):
        return "contains a control character or an invalid (surrogate) character"
    from oitcrawl.crawl.settings import MAX_URL_LENGTH
    from oitcrawl.crawl.urls import request_url

    if len(url) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH:,} characters"
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        return f"malformed URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https://"
    host = parts.hostname or ""
    if not host or any(c.isspace() for c in host) or host.startswith(".") or ".." in host:
        return "has no valid host name"
    if port == 0:
        return "has an invalid port"
    try:
        if len(request_url(url.strip())) > MAX_URL_LENGTH:
            return f"is longer than {MAX_URL_LENGTH:,} characters once encoded"
    except ValueError as exc:
        return f"malformed URL ({exc})"
    return None


_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*"
                   r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?$")  # fmt: skip


def _website_is_suffix(url: str) -> bool:
    from oitcrawl.crawl.urls import host_of, is_public_suffix

    try:
        host = host_of(url.strip()).encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return is_public_suffix(host.removeprefix("www."))


def check_also_main(host: str) -> str | None:
    """Why `host` cannot be an extra main-website host, or None.

    A public suffix (``com``, ``go.th``, ``github.io`` …, from the Public Suffix List bundled
    with tldextract, no network) would make every site under it the agency's main website.
    """
    from oitcrawl.crawl.urls import is_public_suffix

    name = host.strip().lower().rstrip(".")
    if "://" in name or "/" in name:
        return "must be a host name such as eservice.bangkok.go.th, not a URL"
    try:
        ascii_name = name.encode("idna").decode("ascii") if name else ""
    except UnicodeError:
        ascii_name = ""
    if not _HOST.match(ascii_name):
        return "is not a valid host name"
    if is_public_suffix(ascii_name):
        return (
            "is a public suffix (every site under it would count as the main website); "
            "name the agency's own host, e.g. eservice.bangkok.go.th"
        )
    return None
