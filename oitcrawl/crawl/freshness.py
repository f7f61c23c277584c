"""Whether a URL the agency fetched before may be taken from the store without asking the
server again: HTTP caching's freshness (RFC 9111 §4.2), as a browser's private cache decides it.

A re-check of an unchanged site is mostly conditional requests (If-None-Match /
If-Modified-Since, answered 304); each still costs a request. With ``--fresh-for DURATION``
(CrawlSettings.fresh_for_s) a stored response that HTTP caching calls fresh is used as it is:

* its freshness lifetime is the server's ``Cache-Control: max-age`` or ``Expires`` when it
  gave one, else the usual heuristic of a tenth of its age since ``Last-Modified`` (a file
  unchanged for a year stays fresh for five weeks); no lifetime without either;
* never longer than ``fresh_for_s`` since the server last answered (the stored ``Date``,
  which a 304 refreshes): the cap is sent as the request directive ``Cache-Control:
  max-age``, which RFC 9111 §5.2.1.1 defines as exactly that;
* never a response marked ``no-store`` or ``no-cache``, nor one without a validator or an
  expiry (nothing says it is stable).

The decision is Scrapy's own ``RFC2616Policy`` (``HTTPCACHE_POLICY``), fed the stored headers:
the crawler's library, not a second implementation. Scrapy is imported: the spider's module.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Request, Response
from scrapy.settings import Settings

#: headers the store keeps for the decision (with etag, last-modified, date:
#: spiders/evidence.py KEPT_HEADERS)
CACHE_HEADERS = ("cache-control", "expires", "age")

_policy = RFC2616Policy(Settings())


def fresh_in_store(fetch: dict[str, Any], fresh_for_s: float) -> bool:
    """True when `fetch` (a stored ``fetches`` row with ``url`` and ``headers_json``: the
    agency's latest successful fetch of the URL) may stand for a new fetch without a request:
    fresh by its HTTP headers and answered by the server less than `fresh_for_s` seconds ago.
    False for ``fresh_for_s <= 0`` (always ask again) and for headers that cannot be read."""
    if fresh_for_s <= 0:
        return False
    try:
        stored = json.loads(fetch.get("headers_json") or "{}")
    except ValueError:
        return False
    if not isinstance(stored, dict):
        return False
    # the stored representation: its status is the 200 a 304 confirmed
    response = Response(fetch["url"], status=200, headers={k: str(v) for k, v in stored.items()})
    request = Request(fetch["url"], headers={"Cache-Control": f"max-age={int(fresh_for_s)}"})
    return _policy.should_cache_response(response, request) and _policy.is_cached_response_fresh(
        response, request
    )
