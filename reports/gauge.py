"""The OIT score gauge of report.html: the rating bands of the score's scheme, the band the
score is in (``gauge``) and the fewest items whose pass reaches the next band
(``next_band``), read from the report@3 dict.
"""

from __future__ import annotations

import itertools
from typing import Any

from oitcrawl.evaluate.scores import rating_label

#: Lowest score of each rating band above the bottom one, per rating scheme (scores.py).
BAND_LIMITS = {"2566": (70.0, 85.0, 95.0), "2565": (50.0, 55.0, 65.0, 75.0, 85.0, 95.0)}
#: Band colours, worst first (as many as the scheme has bands).
BAND_COLOURS = {
    4: ("#c62828", "#e0a100", "#5aa84f", "#1b7f3b"),
    7: ("#8e1b1b", "#c62828", "#e65100", "#e0a100", "#b5b82c", "#5aa84f", "#1b7f3b"),
}


def _passes(item: dict[str, Any]) -> bool:
    return item["status"] == "pass" or (item.get("score") or 0) >= 100


def gauge(report: dict[str, Any]) -> dict[str, Any] | None:
    """The OIT score gauge: {"score", "bands": [{"low", "high", "label_th", "label_en",
    "colour", "current"}], "limits": band limits, "colour" of the score's band, "next": see
    `next_band`}; None when there is no OIT score (every item not applicable)."""
    score = report["scores"].get("oit")
    if not isinstance(score, int | float):
        return None
    scheme = (report["scores"].get("rating") or {}).get("scheme") or "2566"
    limits = BAND_LIMITS.get(scheme, BAND_LIMITS["2566"])
    edges = (0.0, *limits, 100.0)
    colours = BAND_COLOURS.get(len(edges) - 1) or BAND_COLOURS[4]
    bands = []
    for i, (low, high) in enumerate(itertools.pairwise(edges)):
        label = rating_label(low, low, low, scheme if scheme in BAND_LIMITS else "2566")
        current = low <= score < high or (high == 100.0 and score >= 100.0)
        bands.append({"low": low, "high": high, "label_th": label["label_th"],
                      "label_en": label["label_en"], "colour": colours[i % len(colours)],
                      "current": current})  # fmt: skip
    colour = next((b["colour"] for b in bands if b["current"]), colours[0])
    return {"score": score, "bands": bands, "limits": limits, "colour": colour,
            "next": next_band(report, limits, scheme)}  # fmt: skip


def next_band(
    report: dict[str, Any], limits: tuple[float, ...], scheme: str = "2566"
) -> dict[str, Any] | None:
    """What it takes to reach the next rating band: the fewest failing or review items whose
    pass lifts the OIT score to the next band limit (items score 100 or 0, so the heaviest
    first; among equals, failing before review, then the checklist's order).

    Returns None at the top band, else {"limit", "label_th", "label_en", "items": the item
    dicts to fix, "score_after": the OIT score once they pass, "reachable": whether fixing every
    failing and review item is enough}."""
    score = report["scores"].get("oit")
    if not isinstance(score, int | float):
        return None
    limit = next((x for x in limits if x > score), None)
    if limit is None:
        return None
    applicable = [i for i in report["items"] if i["status"] != "not_applicable"]
    total = sum(i["weight"] for i in applicable)
    if total <= 0:
        return None
    gained = sum(i["weight"] for i in applicable if _passes(i))
    candidates = [i for i in applicable if not _passes(i) and i["status"] in ("fail", "review")]
    order = {id(i): n for n, i in enumerate(candidates)}
    candidates.sort(key=lambda i: (-i["weight"], i["status"] != "fail", order[id(i)]))
    chosen: list[dict[str, Any]] = []
    for item in candidates:
        if round(100.0 * gained / total, 2) >= limit:
            break
        chosen.append(item)
        gained += item["weight"]
    after = round(100.0 * gained / total, 2)
    label = rating_label(limit, limit, limit, scheme if scheme in BAND_LIMITS else "2566")
    return {"limit": limit, "label_th": label["label_th"], "label_en": label["label_en"],
            "items": chosen, "score_after": after, "reachable": after >= limit}  # fmt: skip
