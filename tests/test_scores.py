"""Weighted means and rating bands (DOMAIN.md §2)."""

from __future__ import annotations

import pytest

from oitcrawl.evaluate.scores import compute_scores, rating_label, weighted_mean
from oitcrawl.framework import load_framework

BMA = load_framework("bma-district-2566")


def test_weighted_mean_skips_not_applicable_and_zero_weights():
    assert weighted_mean([(100, 1), (0, 1), (None, 1)]) == 50.0
    assert weighted_mean([(100, 3), (0, 1)]) == 75.0
    assert weighted_mean([(None, 1)]) is None
    assert weighted_mean([(100, 0)]) is None
    assert weighted_mean([(100, 1), (0, 1), (0, 1)]) == 33.33


def test_indicator_subindicator_and_oit_scores_of_the_bma_tree():
    # 7 of 8 items of indicator 10 pass: the seed's observed 87.5
    scores = {i: 100.0 for i in BMA.items}
    scores["O28"] = 0.0
    scores["O5"] = None  # not applicable: left out of 9.1
    s = compute_scores(BMA, scores)
    assert s.indicators == {"9": 100.0, "10": 87.5}
    assert s.subindicators == {
        "9.1": 100.0, "9.2": 100.0, "9.3": 100.0, "9.4": 100.0, "9.5": 100.0,
        "10.1": 85.71, "10.2": 100.0,
    }  # fmt: skip
    assert s.oit == round(28 / 29 * 100, 2)
    assert s.rating == {"label_th": "ผ่านดีเยี่ยม", "label_en": "Excellent pass", "scheme": "2566"}
    assert s.ita is None


def test_item_weights_from_the_framework_change_the_means():
    heavy = BMA.model_copy(deep=True)
    item = heavy.items["O20"]
    object.__setattr__(item, "weight", 3.0)  # a coordinator's edit of the YAML
    scores = {i: 100.0 for i in heavy.items}
    scores["O20"] = 0.0
    s = compute_scores(heavy, scores)
    assert s.subindicators["9.3"] == round(100 * 3 / 6, 2)  # O17, O18, O19 weight 1; O20 weight 3


@pytest.mark.parametrize(
    "total, iit, eit, oit, label",
    [
        (96.0, 96.0, 96.0, 96.0, "ผ่านดีเยี่ยม"),
        (95.0, 99.0, 99.0, 90.0, "ผ่านดี"),  # every tool ≥ 85 but OIT < 95
        (90.0, 99.0, 84.99, 90.0, "ผ่าน"),  # EIT below 85
        (85.0, 85.0, 85.0, 85.0, "ผ่านดี"),
        (84.99, 90.0, 90.0, 90.0, "ต้องปรับปรุง"),
        (70.0, 70.0, 70.0, 70.0, "ต้องปรับปรุง"),
        (69.99, 70.0, 70.0, 70.0, "ต้องปรับปรุงโดยด่วน"),
        (0.0, 0.0, 0.0, 0.0, "ต้องปรับปรุงโดยด่วน"),
    ],
)
def test_rating_bands_since_2566(total, iit, eit, oit, label):
    assert rating_label(total, iit, eit, "2566", oit)["label_th"] == label


@pytest.mark.parametrize(
    "score, label",
    [(100, "AA"), (95, "AA"), (94.99, "A"), (85, "A"), (84.99, "B"), (75, "B"), (74.99, "C"),
     (65, "C"), (64.99, "D"), (55, "D"), (54.99, "E"), (50, "E"), (49.99, "F"), (0, "F")],
)  # fmt: skip
def test_rating_bands_up_to_2565(score, label):
    assert rating_label(score, score, score, "2565")["label_th"] == label


def test_ita_total_and_its_rating_with_iit_and_eit():
    s = compute_scores(BMA, {i: 100.0 for i in BMA.items}, iit=90.0, eit=80.0)
    assert s.ita == {
        "iit": 90.0, "eit": 80.0, "oit": 100.0, "total": 91.0,
        "rating": {"label_th": "ผ่าน", "label_en": "Pass", "scheme": "2566"},
    }  # fmt: skip
    nacc = load_framework("nacc-2565")
    s = compute_scores(nacc, {i: 100.0 for i in nacc.items}, iit=90.0, eit=80.0)
    assert s.rating["label_th"] == "AA" and s.ita["rating"]["label_th"] == "A"


@pytest.mark.parametrize("iit, eit", [(90.0, None), (None, 80.0), (101.0, 80.0), (90.0, -1.0)])
def test_bad_iit_eit(iit, eit):
    with pytest.raises(ValueError):
        compute_scores(BMA, {}, iit=iit, eit=eit)
