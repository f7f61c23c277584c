"""`oitcrawl discover`: walk an agency's website from its homepage, score every page and
document against every item of a framework, and propose a submission (issue 6).

crawl (spiders/discover.py) → store → extract (oitcrawl.extract.run) → score (score.py) →
proposal (proposal.py: the submission YAML with reasons + discovery.json).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.crawl.signals import Terminated
from oitcrawl.crawl.urls import HostRewrite, request_url
from oitcrawl.discover import proposal as proposal_mod
from oitcrawl.discover.score import load_candidates, not_proposed, rank
from oitcrawl.extract.run import extract_run
from oitcrawl.framework import load_framework
from oitcrawl.store import RUN_COMPLETED, RUN_FAILED, RUN_INTERRUPTED, Store


class DiscoverError(ValueError):
    """Discovery cannot start or found nothing to read (the homepage did not answer)."""


@dataclass(frozen=True)
class DiscoverBounds:
    """How far to walk: link steps from the homepage, fetches in all, seconds in all."""

    max_depth: int = 3
    max_pages: int = 400
    time_budget_s: float = 600.0


@dataclass(frozen=True)
class DiscoverResult:
    """What `run_discover` produced: the run id, the proposal, its files and crawl figures."""

    run_id: str
    proposal: proposal_mod.Proposal
    yaml_path: Path
    json_path: Path
    crawl: dict


def run_discover(
    homepage: str,
    framework_id: str,
    fiscal_year: int,
    out: Path,
    db_path: Path,
    settings: CrawlSettings,
    bounds: DiscoverBounds,
    rewrites: tuple[HostRewrite, ...] = (),
    as_of: dt.date | None = None,
    agency: str | None = None,
) -> DiscoverResult:
    """Crawl from `homepage` into the store at `db_path`, extract, score against
    `framework_id` for `fiscal_year` (BE) and write the proposal to `out` (YAML) and
    `<out stem>.discovery.json`. `as_of` (CE) is written into the proposal and used by the
    monthly period rule (default today). Raises FrameworkError for an unknown framework,
    StoreError when the database cannot be opened, DiscoverError when the homepage could not
    be fetched, KeyboardInterrupt when the crawl was stopped (the run is kept, interrupted).
    Call once per process (Scrapy's reactor)."""
    from oitcrawl.discover.crawl import run_discover_crawl  # imports Scrapy

    framework = load_framework(framework_id)
    # fetches are counted at download time, homepage included (oitcrawl/crawl/budget.py)
    settings = dataclasses.replace(settings, max_pages=bounds.max_pages)
    store = Store(db_path)
    home = request_url(homepage)
    run = store.create_run(
        agency=agency or homepage,
        website=homepage,
        framework=framework.id,
        fiscal_year=fiscal_year,
        as_of=(as_of or dt.date.today()).isoformat(),
        submission={"discover": homepage, "framework": framework.id, "fiscal_year": fiscal_year},
        submitted=[],
        settings={**settings.to_dict(), "discover": bounds.__dict__},
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    log = out.with_name(out.stem + ".crawl.log")
    try:
        reason = run_discover_crawl(store, run.id, home, settings, bounds, rewrites, log)
        extract_run(store, run.id)
        cands = load_candidates(store, run.id)
    except (KeyboardInterrupt, Terminated):  # any stage: kept, the same command runs anew
        store.set_run_status(run.id, RUN_INTERRUPTED)
        raise
    except Exception:
        store.set_run_status(run.id, RUN_FAILED)
        raise
    if reason == "shutdown":
        store.set_run_status(run.id, RUN_INTERRUPTED)
        raise KeyboardInterrupt
    home_fetch = store.fetches(run.id).get(home)
    if not home_fetch or home_fetch["outcome"] != "ok":
        store.set_run_status(run.id, RUN_FAILED)
        why = (home_fetch or {}).get("error") or (
            f"HTTP {home_fetch['http_status']}" if home_fetch else f"crawl ended: {reason}"
        )
        raise DiscoverError(
            f"{homepage}: เปิดหน้าแรกไม่ได้ / the homepage could not be fetched ({why}); "
            "check the URL (and --allow-private for a local copy)"
        )
    store.set_run_status(run.id, RUN_COMPLETED)
    real_home = next((c for c in cands.values() if c.home_target), None)  # a splash's target
    name = agency or _site_name(real_home) or _site_name(cands.get(home)) or homepage
    ranked = rank(framework, cands, fiscal_year, as_of or dt.date.today())
    prop = proposal_mod.build(homepage, name, framework, fiscal_year, as_of, ranked, cands)
    fetches = store.fetches(run.id)
    crawl = {
        "run_id": run.id,
        "finish_reason": reason,
        "fetched": len(fetches),
        "ok": sum(1 for f in fetches.values() if f["outcome"] == "ok"),
        "documents": sum(1 for c in cands.values() if c.is_document),
        "pages": sum(1 for c in cands.values() if not c.is_document),
        "bounds": bounds.__dict__,
        # never proposed, and why (issue 18: hubs, listings, duplicates)
        "not_proposed": not_proposed(cands),
    }
    json_path = proposal_mod.write(prop, out, crawl)
    return DiscoverResult(run.id, prop, out, json_path, crawl)


def _site_name(home: object) -> str:
    """The agency name from the homepage title ("หน้าหลัก - สำนักงานเขตห้วยขวาง" → the part
    naming the agency: the longest of the title's parts)."""
    title = getattr(getattr(home, "doc", None), "title", "") or ""
    parts = [p.strip() for p in title.replace("|", "-").replace("–", "-").split(" - ") if p.strip()]
    return max(parts, key=len) if parts else ""
