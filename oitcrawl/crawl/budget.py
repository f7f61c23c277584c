"""Per-agency crawl budgets: a page budget and a byte budget stop crawler traps.

An infinite calendar, session ids in URLs, query-string permutations or ever deeper paths make a
site look endless; the depth limit and URL canonicalisation catch most of it, and these budgets
bound the rest. `BudgetMiddleware` (a Scrapy downloader middleware) counts, per run (one run =
one agency), the fetches it lets through and the bytes of the bodies that came back. Once either
budget is spent, every further *followed* URL fails with `BudgetExceededError` before it is
downloaded and is stored with the outcome `not_sure` / `budget_exceeded`, so the report can say
that a budget was hit and which URLs were not checked. Submitted URLs (depth 0) are always
fetched. Requests in flight when the budget runs out still finish, so the byte total can pass
the budget by at most CONCURRENT_REQUESTS × DOWNLOAD_MAXSIZE.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Self

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from oitcrawl.crawl.limits import BYTES, PAGES, crawl_limits

__all__ = ["BYTES", "PAGES", "BudgetExceededError", "BudgetMiddleware", "crawl_limits"]

ADMITTED = "oitcrawl_budget_admitted"  # request.meta flag: counted once (retries, redirects)


class BudgetExceededError(IgnoreRequest):
    """A followed URL was not fetched because the run's page or byte budget was spent.

    `kind`: "pages" | "bytes"; `limit`: the budget (fetches, or bytes).
    """

    def __init__(self, kind: str, limit: int):
        self.kind, self.limit = kind, limit
        what = f"{limit} pages" if kind == PAGES else f"{limit} bytes"
        super().__init__(
            f"not fetched: the crawl budget of the run was reached ({what}; "
            f"--max-pages / --max-total-bytes)"
        )


@dataclass
class Spent:
    """What one run has used: fetches let through and body bytes received."""

    pages: int = 0
    bytes: int = 0


class BudgetMiddleware:
    """Enforces OITCRAWL_MAX_PAGES and OITCRAWL_MAX_TOTAL_BYTES per run (see the module doc).

    The run is `request.meta["oitcrawl_run_id"]`, else the spider's `plan.run_id`. Requests
    without `oitcrawl_depth` in meta (robots.txt) are neither counted nor refused.
    """

    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.max_pages = crawler.settings.getint("OITCRAWL_MAX_PAGES")
        self.max_bytes = crawler.settings.getint("OITCRAWL_MAX_TOTAL_BYTES")
        self.spent: dict[str, Spent] = defaultdict(Spent)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _run(self, request: Request) -> str:
        run = request.meta.get("oitcrawl_run_id")
        if run is None:
            plan = getattr(self.crawler.spider, "plan", None)
            run = getattr(plan, "run_id", "")
        return str(run)

    def process_request(self, request: Request, spider: Any = None) -> None:
        depth = request.meta.get("oitcrawl_depth")
        if depth is None or request.meta.get(ADMITTED):
            return
        spent = self.spent[self._run(request)]
        if depth > 0:
            if self.max_pages and spent.pages >= self.max_pages:
                self._stat(PAGES)
                raise BudgetExceededError(PAGES, self.max_pages)
            if self.max_bytes and spent.bytes >= self.max_bytes:
                self._stat(BYTES)
                raise BudgetExceededError(BYTES, self.max_bytes)
        spent.pages += 1
        request.meta[ADMITTED] = True

    def process_response(
        self, request: Request, response: Response, spider: Any = None
    ) -> Response:
        if request.meta.get("oitcrawl_depth") is not None:
            self.spent[self._run(request)].bytes += len(response.body)
        return response

    def _stat(self, kind: str) -> None:
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"oitcrawl/budget_exceeded/{kind}")
