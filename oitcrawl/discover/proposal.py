"""The proposed submission: per item the URLs to submit, chosen from the ranked candidates,
written in the normal submission format with the reasons as YAML comments (so `oitcrawl check`
runs on it directly and a coordinator edits it), plus discovery.json with the whole ranking.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from oitcrawl.discover.score import MIN_CONFIDENCE, Candidate, Scored, reason
from oitcrawl.extract.textfix import printable, yaml_quote
from oitcrawl.framework import Framework

MAX_URLS = 5  # proposed per item; the rest stay as commented-out candidates
SHOWN = 5  # ranked candidates listed per item (proposed or not)
RELATIVE_FLOOR = 0.5  # a further URL is proposed only at ≥ half the top confidence


@dataclass(frozen=True)
class Proposal:
    """What discovery proposes. `items`: {item id: proposed Scored, in order} for the items
    with something found; `ranked`: {item id: every candidate, best first}; `nothing`: the
    item ids with no candidate."""

    homepage: str
    agency: str
    framework: Framework
    fiscal_year: int
    as_of: dt.date | None
    items: dict[str, list[Scored]]
    ranked: dict[str, list[Scored]]
    nothing: tuple[str, ...]


def choose(ranked: list[Scored], cands: dict[str, Candidate]) -> list[Scored]:
    """The URLs to propose for one item: the best candidate, then — best first — each further
    candidate that meets an element the chosen ones do not (a greedy cover of the item's
    elements), skipping documents a chosen page already links (checking the page reads them)."""
    if not ranked:
        return []
    top = ranked[0]
    chosen = [top]
    covered = set(top.met)
    brought = set(cands[top.url].documents) if top.url in cands else set()
    floor = max(MIN_CONFIDENCE, RELATIVE_FLOOR * top.confidence)
    for s in ranked[1:]:
        if len(chosen) >= MAX_URLS:
            break
        if s.url in brought or cands[s.url].hub or s.label < 0:
            continue  # hubs list every item; a URL labelled for another item belongs there
        labelled = s.label >= 1 and top.label >= 1  # the site lists it under the same item
        adds = bool(s.met - covered)  # meets an element nothing chosen meets
        if not (
            (s.confidence >= floor and (labelled or adds or _raises(s, chosen)))
            or (adds and not s.is_document)  # a complementing page, even if weaker
        ):
            continue
        chosen.append(s)
        covered |= s.met
        brought |= set(cands[s.url].documents) if s.url in cands else set()
    return chosen


def _raises(s: Scored, chosen: list[Scored]) -> bool:
    """`s` matches more of an element not met yet than every chosen URL (O1.5: BMA
    executives on one page, the council member on another)."""
    met = {e for c in chosen for e in c.met}
    best = {}
    for c in chosen:
        for e in c.elements:
            best[e.element] = max(best.get(e.element, 0.0), e.value)
    return any(e.value > best.get(e.element, 0.0) for e in s.elements if e.element not in met)


def build(
    homepage: str,
    agency: str,
    framework: Framework,
    fiscal_year: int,
    as_of: dt.date | None,
    ranked: dict[str, list[Scored]],
    cands: dict[str, Candidate],
) -> Proposal:
    """Choose the proposed URLs of every item of `framework` from `ranked`."""
    items = {i: choose(r, cands) for i, r in ranked.items() if r}
    nothing = tuple(i for i in framework.items if not ranked.get(i))
    return Proposal(homepage, agency, framework, fiscal_year, as_of, items, ranked, nothing)


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML) with control characters
    escaped: a URL a site wrote with a C1 character (a double-encoded file name) reads back
    as written instead of making PyYAML refuse the file."""
    return yaml_quote(text)


def _comment(text: str, limit: int = 160) -> str:
    # comments cannot escape: mojibake repaired, control and bidi characters dropped
    one = " ".join(printable(str(text)).split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def _why(s: Scored) -> str:
    r = reason(s)
    parts = [f"{s.confidence:.2f}", r["kind"]]
    if r["element"]:
        state = "ครบ/met" if r["element_met"] else "บางส่วน/partial"
        parts.append(f"{r['element']} {state} «{r['phrase']}»")
    if r["label"]:
        parts.append(f"ลิงก์/link «{_comment(r['label'], 60)}»")
    if r["period"]:
        parts.append(_comment(r["period"], 80))
    return " · ".join(parts)


def render_yaml(p: Proposal, generated_at: dt.datetime) -> str:
    """The proposal as a submission file (YAML text, UTF-8)."""
    lines = [
        f"# Proposed by `oitcrawl discover` from {p.homepage}"
        f" on {generated_at:%Y-%m-%d %H:%M} UTC.",
        "# ร่างรายการ URL ที่เสนอให้ส่งสำหรับแต่ละข้อ (OIT) จากการสำรวจเว็บไซต์อัตโนมัติ — ตรวจทุกข้อก่อนส่ง",
        "# A draft: check every item before submitting. Each URL is followed by its confidence",
        "# (0-1), the element matched, the link that names the item and the period found;",
        "# further candidates are commented out (remove the '#' to add one).",
        f"agency: {_q(p.agency)}",
        f"website: {_q(p.homepage)}",
        f"framework: {p.framework.id}",
        f"fiscal_year: {p.fiscal_year}",
    ]
    if p.as_of:
        lines.append(f"as_of: {p.as_of.isoformat()}")
    lines.append("items:")
    for item_id, item in p.framework.items.items():
        chosen = p.items.get(item_id)
        if not chosen:
            lines.append(f"  # {item_id} ({_comment(item.title_th, 80)}): ไม่พบหลักฐานบนเว็บไซต์ /")
            lines.append("  #   nothing found on the website — publish it, then add its URL here")
            continue
        lines.append(f"  {item_id}:  # {_comment(item.title_th, 100)}")
        lines.append("    urls:")
        for s in chosen:
            lines.append(f"      - {_q(s.shown)}")
            lines.append(f"        # {_comment(_why(s), 200)}")
        chosen_urls = {s.url for s in chosen}
        rest = [s for s in p.ranked[item_id][:SHOWN] if s.url not in chosen_urls]
        if rest:
            lines.append("    # other candidates / ตัวเลือกอื่น:")
            for s in rest:
                lines.append(f"    #   - {_q(s.shown)}")
                lines.append(f"    #     {_comment(_why(s), 200)}")
    return "\n".join(lines) + "\n"


def to_json(p: Proposal, crawl: dict[str, Any], top: int = 10) -> dict[str, Any]:
    """discovery.json (schema "oitcrawl/discovery@1"): the whole ranking with reasons."""
    return {
        "schema": "oitcrawl/discovery@1",
        "homepage": p.homepage,
        "agency": p.agency,
        "framework": p.framework.id,
        "fiscal_year": p.fiscal_year,
        "as_of": p.as_of.isoformat() if p.as_of else None,
        "crawl": crawl,
        "items": {
            item_id: {
                "title_th": item.title_th,
                "found": bool(p.ranked.get(item_id)),
                "proposed": [s.shown for s in p.items.get(item_id, [])],
                "candidates": [reason(s) for s in p.ranked.get(item_id, [])[:top]],
            }
            for item_id, item in p.framework.items.items()
        },
        "nothing_found": list(p.nothing),
    }


def write(p: Proposal, out: Path, crawl: dict[str, Any]) -> Path:
    """Write the proposal YAML to `out` and discovery.json beside it; returns the JSON path."""
    now = dt.datetime.now(dt.UTC)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_yaml(p, now), encoding="utf-8")
    side = out.with_name(out.stem + ".discovery.json")
    side.write_text(json.dumps(to_json(p, crawl), ensure_ascii=False, indent=1), encoding="utf-8")
    return side
