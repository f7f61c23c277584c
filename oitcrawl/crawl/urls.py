"""URLs as the crawler sees them: canonical request form, host rewriting, what is a document.

Thai URLs and spaces are IRI-encoded exactly once by w3lib's `safe_url_string` (what Scrapy
itself uses): already-encoded `%XX` escapes are kept, so a URL submitted encoded and the same
URL submitted in Thai give the same request URL (DOMAIN.md §5).
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

from w3lib.url import safe_url_string, url_query_cleaner

if TYPE_CHECKING:
    import tldextract

# Evidence files an OIT page links to (issue 2, "Crawl"); judged by the URL path's extension.
DOCUMENT_EXTENSIONS = frozenset(
    {
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".csv", ".odt", ".ods", ".ppt", ".pptx",
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".tif", ".tiff", ".zip", ".rar", ".txt",
    }
)  # fmt: skip


# Session ids in URLs make one page look like endless pages (a crawler trap): dropped.
SESSION_PARAMS = (
    "PHPSESSID", "phpsessid", "jsessionid", "JSESSIONID", "sid", "SID", "sessionid",
    "SessionID", "session_id", "sessid", "ASPSESSIONID", "CFID", "CFTOKEN", "zenid", "osCsid",
)  # fmt: skip
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sid)=[^/?#]*", re.IGNORECASE)


def request_url(url: str) -> str:
    """The canonical request URL: IRI-encoded once (UTF-8), fragment dropped, host lowercased,
    no user:password@, session ids (SESSION_PARAMS, ";jsessionid=") removed and the query's
    parameters sorted (as Scrapy's fingerprints do), each kept exactly as encoded.

    >>> request_url("https://Example.org/ก ข.pdf#p2")
    'https://example.org/%E0%B8%81%20%E0%B8%82.pdf'
    >>> request_url("http://a.org/x;jsessionid=1F?b=2&PHPSESSID=9&a=1")
    'http://a.org/x?a=1&b=2'
    """
    parts = urlsplit(url.strip())
    netloc = parts.netloc.lower().rsplit("@", 1)[-1]
    path = _PATH_SESSION.sub("", parts.path) or "/"
    query = urlsplit(url_query_cleaner("?" + parts.query, SESSION_PARAMS, remove=True,
                                       unique=False)).query if parts.query else ""  # fmt: skip
    query = "&".join(sorted(q for q in query.split("&") if q))
    return safe_url_string(urlunsplit((parts.scheme.lower(), netloc, path, query, "")),
                           encoding="utf-8")  # fmt: skip


@functools.lru_cache(maxsize=8192)  # a report shows each URL in several places
def display_url(url: str) -> str:
    """The URL as a person reads it: percent-escapes of UTF-8 text and spaces decoded."""
    parts = urlsplit(url)
    path = unquote(parts.path, errors="strict") if "%" in parts.path else parts.path
    try:
        return urlunsplit(parts._replace(path=path))
    except ValueError:
        return url


def host_of(url: str) -> str:
    """Lowercase host name of a URL without port ('' when there is none)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def is_document_url(url: str) -> bool:
    """True when the URL path ends in a document/image extension (pdf, docx, xlsx, jpg, …)."""
    path = unquote(urlsplit(url).path).lower()
    return posixpath.splitext(path)[1] in DOCUMENT_EXTENSIONS


def is_main_website(url: str, website: str, also_main: tuple[str, ...] = ()) -> bool:
    """Whether `url` is on the agency's main website (DOMAIN.md §3 rule 1).

    Main = the host of `website`, its `www.` form and its subdomains, plus hosts listed in the
    submission's `also_main`.
    """
    host = host_of(url).removeprefix("www.")
    main = host_of(website).removeprefix("www.")
    hosts = {main, *(h.lower().removeprefix("www.") for h in also_main)}
    return any(host == h or host.endswith("." + h) for h in hosts if h)


@functools.cache
def _suffix_extractor() -> tldextract.TLDExtract:
    # the Public Suffix List snapshot bundled with tldextract: no download, no cache files;
    # imported here, on first use (~70 ms that most commands never need, issue 17)
    import tldextract

    return tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True
    )


def is_public_suffix(host: str) -> bool:
    """Whether `host` (a host name, any case, IDNA or Unicode) is a public suffix of the
    Public Suffix List — ``com``, ``go.th``, ``co.uk``, ``github.io`` — under which anyone can
    register a site, so it can never be "the agency's own" host. Offline (bundled snapshot)."""
    name = host.strip().lower().rstrip(".")
    if not name:
        return False
    result = _suffix_extractor()(name)
    return bool(result.suffix) and not result.domain


class RewriteError(ValueError):
    """A `--rewrite-host FROM=TO` value is malformed."""


@dataclass(frozen=True)
class HostRewrite:
    """Send requests for `source` host to `target` (host:port over plain HTTP), like curl's
    --connect-to: URLs, the Host header, redirects and the store keep the real host."""

    source: str
    target: str

    @classmethod
    def parse(cls, spec: str) -> HostRewrite:
        """Parse "webportal.bangkok.go.th=127.0.0.1:8080"; raises RewriteError with a hint."""
        source, sep, target = spec.partition("=")
        source, target = source.strip().lower(), target.strip()
        if not sep or not source or not target or "/" in source or "/" in target:
            raise RewriteError(
                f"--rewrite-host {spec!r}: expected FROM=TO, e.g. "
                "webportal.bangkok.go.th=127.0.0.1:8080"
            )
        return cls(source, target)


def wire_url(url: str, rewrites: tuple[HostRewrite, ...]) -> str | None:
    """The URL actually connected to when a rewrite applies to `url`'s host, else None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for rw in rewrites:
        if host == rw.source:
            return urlunsplit(("http", rw.target, parts.path, parts.query, ""))
    return None
