"""Scores and rating labels (DOMAIN.md §2).

An item scores 100 (pass) or 0 (fail, and review in the provisional score); not-applicable
items are left out. Sub-indicator, indicator and OIT scores are weighted means of their items
(framework `weight`, default 1). ITA total = IIT × 0.3 + EIT × 0.3 + OIT × 0.4.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from oitcrawl.framework import Framework

ITA_WEIGHTS = {"iit": 0.3, "eit": 0.3, "oit": 0.4}


def weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    """Mean of (score, weight) pairs, skipping None scores; None when nothing is left or every
    weight is 0. Scores 0-100; rounded to 2 decimals."""
    kept = [(s, w) for s, w in pairs if s is not None]
    total = sum(w for _, w in kept)
    if not kept or total <= 0:
        return None
    return round(sum(s * w for s, w in kept) / total, 2)


@dataclass(frozen=True)
class Scores:
    """`oit` 0-100 (None: every item not applicable); `indicators` {"9": …}; `subindicators`
    {"9.1": …}; `rating` {"label_th", "label_en", "scheme", "of"} for the OIT score alone;
    `ita` the ITA total and its rating when IIT and EIT were given, else None."""

    oit: float | None
    indicators: dict[str, float | None]
    subindicators: dict[str, float | None]
    rating: dict[str, str] | None
    ita: dict[str, object] | None


def compute_scores(
    framework: Framework,
    item_scores: dict[str, float | None],
    iit: float | None = None,
    eit: float | None = None,
) -> Scores:
    """Scores of a framework from `item_scores` {item id: 0-100, or None = not applicable /
    not evaluated}. `iit`, `eit`: the other two ITA tools' scores (0-100), both or neither.

    Raises ValueError when only one of IIT/EIT is given or a score is outside 0-100.
    """
    if (iit is None) != (eit is None):
        raise ValueError("give both the IIT and the EIT score, or neither")
    for name, value in (("IIT", iit), ("EIT", eit)):
        if value is not None and not 0 <= value <= 100:
            raise ValueError(f"{name} score {value} is outside 0-100")
    indicators: dict[str, float | None] = {}
    subs: dict[str, float | None] = {}
    everything: list[tuple[float | None, float]] = []
    for ind in framework.indicators:
        in_ind: list[tuple[float | None, float]] = []
        for sub in ind.subindicators:
            pairs = [
                (item_scores.get(item.id), item.weight) for g in sub.groups for item in g.items
            ]
            subs[sub.id] = weighted_mean(pairs)
            in_ind += pairs
        indicators[ind.id] = weighted_mean(in_ind)
        everything += in_ind
    oit = weighted_mean(everything)
    rating = rating_label(oit, oit, oit, framework.rating_scheme) if oit is not None else None
    ita = None
    if oit is not None and iit is not None and eit is not None:
        parts = {"iit": iit, "eit": eit, "oit": oit}
        total = round(sum(ITA_WEIGHTS[k] * v for k, v in parts.items()), 2)
        ita = {
            "iit": iit,
            "eit": eit,
            "oit": oit,
            "total": total,
            "rating": rating_label(total, iit, eit, framework.rating_scheme, oit),
        }
    return Scores(oit, indicators, subs, rating, ita)


_BANDS_2566 = (  # (minimum total, minimum of every tool or None, Thai, English)
    (95.0, 95.0, "ผ่านดีเยี่ยม", "Excellent pass"),
    (85.0, 85.0, "ผ่านดี", "Good pass"),
    (85.0, None, "ผ่าน", "Pass"),
    (70.0, None, "ต้องปรับปรุง", "Needs improvement"),
    (0.0, None, "ต้องปรับปรุงโดยด่วน", "Needs urgent improvement"),
)
_BANDS_2565 = (
    (95.0, "AA"),
    (85.0, "A"),
    (75.0, "B"),
    (65.0, "C"),
    (55.0, "D"),
    (50.0, "E"),
    (0.0, "F"),
)


def rating_label(
    total: float, iit: float, eit: float, scheme: str = "2566", oit: float | None = None
) -> dict[str, str]:
    """Rating of a score 0-100 (DOMAIN.md §2).

    scheme "2566" (seed 001, since 2566): ผ่านดีเยี่ยม ≥ 95 with IIT, EIT and OIT each ≥ 95;
    ผ่านดี ≥ 85 with each ≥ 85; ผ่าน ≥ 85; ต้องปรับปรุง 70-84.99; ต้องปรับปรุงโดยด่วน < 70.
    For the OIT score alone pass it as all three (`total` = `iit` = `eit`, `oit` None).
    scheme "2565" (seed 002, up to 2565): AA ≥ 95, A ≥ 85, B ≥ 75, C ≥ 65, D ≥ 55, E ≥ 50, F.
    Returns {"label_th", "label_en", "scheme"}. Raises ValueError for another scheme.
    """
    if scheme == "2565":
        label = next(name for low, name in _BANDS_2565 if total >= low)
        return {"label_th": label, "label_en": label, "scheme": scheme}
    if scheme != "2566":
        raise ValueError(f"unknown rating scheme {scheme!r}")
    tools = [iit, eit, total if oit is None else oit]
    for low, each, th, en in _BANDS_2566:
        if total >= low and (each is None or min(tools) >= each):
            return {"label_th": th, "label_en": en, "scheme": scheme}
    raise AssertionError("unreachable: the last band starts at 0")  # pragma: no cover
