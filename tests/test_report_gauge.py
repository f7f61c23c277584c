"""report.html's score helpers (issue 14), without a browser: the gauge's rating bands, what it
takes to reach the next band, the ฝ่าย of an item and the checklist's filter, the 12-month
strip of a monthly element, and the state of each link the checklist shows."""

from __future__ import annotations

import copy

import pytest

from oitcrawl.reports.report_html import (
    checklist_rows,
    gauge,
    link_states,
    month_strip,
    next_band,
    render_html,
    unit_filter,
    units_of,
)
from tests.test_report_html import hostile_report


def _scored(statuses: list[str], weights: list[float] | None = None, scheme: str = "2566"):
    """A report of items O1… with these statuses and weights, its OIT score computed."""
    rep = hostile_report()
    template = rep["items"][1]
    weights = weights or [1.0] * len(statuses)
    items = []
    for n, (status, weight) in enumerate(zip(statuses, weights, strict=True), 1):
        item = copy.deepcopy(template) | {"id": f"O{n}", "status": status, "weight": weight}
        item["score"] = {"pass": 100.0, "not_applicable": None}.get(status, 0.0)
        items.append(item)
    rep["items"] = items
    applicable = [i for i in items if i["status"] != "not_applicable"]
    total = sum(i["weight"] for i in applicable)
    oit = (
        round(sum(i["weight"] * (i["score"] or 0) for i in applicable) / total, 2)
        if total
        else None
    )
    rep["scores"]["oit"] = oit
    rep["scores"]["rating"] = {"label_th": "x", "label_en": "x", "scheme": scheme}
    return rep


def test_demo_like_score_needs_four_items_for_85():
    rep = _scored(["pass"] * 22 + ["fail"] * 7 + ["review"])  # 73.33
    g = gauge(rep)
    assert [(b["low"], b["high"]) for b in g["bands"]] == [(0, 70), (70, 85), (85, 95), (95, 100)]
    assert [b["current"] for b in g["bands"]] == [False, True, False, False]
    assert [b["label_th"] for b in g["bands"]] == [
        "ต้องปรับปรุงโดยด่วน", "ต้องปรับปรุง", "ผ่านดี", "ผ่านดีเยี่ยม"]  # fmt: skip
    nb = g["next"]
    assert nb["limit"] == 85 and nb["label_th"] == "ผ่านดี" and nb["reachable"]
    assert [i["id"] for i in nb["items"]] == ["O23", "O24", "O25", "O26"]  # failing first
    assert nb["score_after"] == 86.67


def test_heaviest_items_first_and_review_when_failing_ones_are_not_enough():
    # pass 5 (w1 each), fail O6 w1, fail O7 w3, review O8 w2: total 11, score 45.45
    rep = _scored(["pass"] * 5 + ["fail", "fail", "review"], [1.0] * 5 + [1.0, 3.0, 2.0])
    nb = next_band(rep, (70.0, 85.0, 95.0))
    # 70 needs 7.7 of 11: +3 (O7) = 8 → 72.73
    assert [i["id"] for i in nb["items"]] == ["O7"] and nb["score_after"] == 72.73
    rep["scores"]["oit"] = 72.73
    for i in rep["items"]:
        if i["id"] == "O7":
            i["status"], i["score"] = "pass", 100.0
    nb = next_band(rep, (70.0, 85.0, 95.0))
    # 85 needs 9.35: +2 (O8, review) = 10 → 90.91
    assert nb["limit"] == 85 and [i["id"] for i in nb["items"]] == ["O8"]


def test_last_band_and_top_band():
    rep = _scored(["pass"] * 8 + ["fail"] + ["not_applicable"] * 3)  # 88.89: 95 needs all 9
    nb = gauge(rep)["next"]
    assert nb["limit"] == 95 and nb["label_th"] == "ผ่านดีเยี่ยม" and nb["reachable"]
    assert [i["id"] for i in nb["items"]] == ["O9"] and nb["score_after"] == 100
    rep = _scored(["pass"] * 20)
    assert gauge(rep)["next"] is None  # already in the top band
    assert "อยู่ในระดับสูงสุดแล้ว" in render_html(rep)
    rep = _scored(["not_applicable"] * 3)
    rep["scores"]["oit"] = None
    assert gauge(rep) is None and 'id="next-band"' not in render_html(rep)


def test_2565_scheme_has_seven_bands():
    rep = _scored(["pass"] * 6 + ["fail"] * 4, scheme="2565")  # 60 → D, next C at 65
    g = gauge(rep)
    assert [b["label_th"] for b in g["bands"]] == ["F", "E", "D", "C", "B", "A", "AA"]
    assert len({b["colour"] for b in g["bands"]}) == 7
    assert g["next"]["limit"] == 65 and len(g["next"]["items"]) == 1


def test_units_of_an_item_and_the_filter():
    rep = hostile_report()
    o1 = rep["items"][0]
    o1["unit"] = "ฝ่ายโยธา, ฝ่ายสิ่งแวดล้อมและสุขาภิบาล"
    for f in o1["findings"]:
        f["unit"] = "ฝ่ายโยธา"
    assert units_of(o1) == ["ฝ่ายโยธา", "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล"]
    o3 = rep["items"][2]
    o3["unit"] = "ทุกฝ่าย"
    rows = checklist_rows(rep)
    units = unit_filter(rows)
    assert [(u["name"], u["count"]) for u in units] == [
        ("ฝ่ายโยธา", 2), ("ฝ่ายสิ่งแวดล้อมและสุขาภิบาล", 2)]  # fmt: skip
    by_item = {r["item"]["id"]: r["units"] for r in rows}
    assert by_item == {"O1": "u1 u2", "O3": "u1 u2"}  # ทุกฝ่าย is under every unit
    html = render_html(rep)
    assert '#unit-u2:checked ~ table.checklist tr[data-units]:not([data-units~="u2"])' in html
    assert 'data-units="u1 u2"' in html


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [
        ("2023-04-30", "PNPMPP" + "------"),
        ("2023-10-15", "PNPMPP" + "MMMMMM"),  # after the year: every month is due
        ("2022-10-15", "PNPMPP" + "------"),  # October: nothing due yet, covered months shown
    ],
)
def test_month_strip_states(as_of, expected):
    period = {"rule": "monthly", "covered_months": ["2022-10", "2022-11", "2022-12", "2023-02",
              "2023-03"], "missing_months": ["2023-01"], "none_months": ["2022-11"]}  # fmt: skip
    strip = month_strip(period, 2566, as_of)
    code = {"present": "P", "none": "N", "missing": "M", "not_due": "-"}
    assert "".join(code[m["state"]] for m in strip) == expected
    assert [m["key"] for m in strip][:3] == ["2022-10", "2022-11", "2022-12"]
    assert (strip[0]["short_th"], strip[0]["short_en"]) == ("ต.ค. 65", "Oct 22")
    assert month_strip({"rule": "FY"}, 2566, as_of) == [] and month_strip(None, 2566, as_of) == []


def test_link_states():
    item = {
        "urls": ["https://a.go.th/ok", "https://a.go.th/gone", "https://a.go.th/login",
                 "https://a.go.th/slow"],
        "fetches": [
            {"url": "https://a.go.th/ok", "depth": 0, "outcome": "ok", "http_status": 200},
            {"url": "https://a.go.th/gone", "depth": 0, "outcome": "broken", "http_status": 404},
            {"url": "https://a.go.th/login", "depth": 0, "outcome": "http_error",
             "http_status": 401},
            {"url": "https://a.go.th/slow", "depth": 0, "outcome": "not_sure",
             "http_status": None},
        ],
        "findings": [{"code": "login_required", "url": "https://a.go.th/file.pdf"},
                     {"code": "broken_link", "url": "https://a.go.th/x.pdf",
                      "decision": {"decision": "dismiss"}}],
    }  # fmt: skip
    assert link_states(item) == [
        ("https://a.go.th/ok", None), ("https://a.go.th/gone", "broken"),
        ("https://a.go.th/login", "login"), ("https://a.go.th/slow", "unsure"),
        ("https://a.go.th/file.pdf", "login"),  # a linked file behind a login; dismissed: gone
    ]  # fmt: skip
