"""Network faults a government site can serve, each against a real misbehaving server on
127.0.0.1 (tests/faultserver.py), crawled by the real `oitcrawl check` in a subprocess.

Every fault must end in one recorded fetch outcome (the stored `error_kind` names the fault)
within a stated time bound, and the report must say what a person should do — never "the
agency published nothing" for a fetch that broke.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
import yaml

from oitcrawl.crawl.urls import request_url
from oitcrawl.store import Store
from tests.conftest import run_cli
from tests.faultserver import serve_faults

TIMEOUT_S, RETRIES, BACKOFF_S, RETRY_AFTER_S = 2.0, 1, 0.1, 1.0
# Every fault ends within: all attempts timing out, plus the longest wait between them, plus
# scheduling slack. The slowloris trickle sends a byte every 0.2 s for 120 s, so only a total
# download timeout (not an idle one) can end it inside this bound.
BOUND_S = TIMEOUT_S * (RETRIES + 1) + max(BACKOFF_S, RETRY_AFTER_S) + 3.0
CRAWL_ARGS = (
    "--delay", "0", "--concurrency", "8", "--timeout", str(TIMEOUT_S), "--retries", str(RETRIES),
    "--backoff", str(BACKOFF_S), "--max-bytes", "1000000", "--allow-private", "--quiet",
)  # fmt: skip

# item → path on the plain-HTTP fault server
HTTP_FAULTS = {
    "O1": "/ok",
    "O2": "/trickle",
    "O3": "/stall",
    "O4": "/reset",
    "O5": "/truncated",
    "O6": "/garbage",
    "O7": "/loop/a",
    "O8": "/chain/15",
    "O9": "/chain/3",
    "O10": "/429",
    "O11": "/503",
    "O12": "/login",
    "O13": "/error-page",
    "O14": "/big",
}
# path → (outcome, http_status, error_kind, retries)
EXPECTED_HTTP = {
    "/ok": ("ok", 200, None, 0),
    "/trickle": ("not_sure", None, "timeout", 1),
    "/stall": ("not_sure", None, "timeout", 1),
    "/reset": ("not_sure", None, "connection_lost", 1),
    "/truncated": ("not_sure", None, "truncated", 1),
    "/garbage": ("not_sure", None, "bad_response", 1),
    "/loop/a": ("not_sure", None, "redirect_loop", 0),
    "/chain/15": ("not_sure", None, "too_many_redirects", 0),
    "/chain/3": ("ok", 200, None, 0),
    "/429": ("not_sure", 429, "http_429", 1),
    "/503": ("not_sure", 503, "http_503", 1),
    "/login": ("ok", 200, None, 0),
    "/error-page": ("ok", 200, None, 0),
    "/big": ("too_large", None, "too_large", 0),
}
# item → (status, first finding code, a phrase of its Thai reason) in report.json
EXPECTED_REPORT = {
    "O1": ("fail", "no_evidence", "ไม่พบข้อมูลของข้อ"),
    "O2": ("review", "unreachable", "เซิร์ฟเวอร์ไม่ตอบภายในเวลาที่กำหนด"),
    "O3": ("review", "unreachable", "เซิร์ฟเวอร์ไม่ตอบภายในเวลาที่กำหนด"),
    "O4": ("review", "unreachable", "การเชื่อมต่อขาดระหว่างรับข้อมูล"),
    "O5": ("review", "unreachable", "ได้รับข้อมูลไม่ครบตามขนาดที่เซิร์ฟเวอร์แจ้ง"),
    "O6": ("review", "unreachable", "เซิร์ฟเวอร์ตอบกลับไม่เป็นรูปแบบ HTTP"),
    "O7": ("review", "unreachable", "เปลี่ยนเส้นทางวนซ้ำไม่สิ้นสุด"),
    "O8": ("review", "unreachable", "เปลี่ยนเส้นทางต่อกันเกินจำนวนที่กำหนด"),
    "O9": ("fail", "no_evidence", "ไม่พบข้อมูลของข้อ"),
    "O10": ("review", "unreachable", "เซิร์ฟเวอร์ขอให้ลดความถี่ (HTTP 429)"),
    "O11": ("review", "unreachable", "HTTP 503"),
    "O12": ("fail", "login_required", "ต้องเข้าสู่ระบบก่อนจึงจะเปิดได้"),
    "O13": ("fail", "broken_link", "หน้าแจ้งว่าไม่พบหน้าที่ต้องการ"),
    "O14": ("review", "unverified_content", "larger than download max size"),
}


def _submission(path: Path, website: str, items: dict[str, list[str]]) -> Path:
    sub = {
        "agency": "หน่วยงานทดสอบความทนทาน",
        "website": website,
        "framework": "bma-district-2566",
        "fiscal_year": 2566,
        "as_of": "2023-04-30",
        "items": items,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(sub, allow_unicode=True), encoding="utf-8")
    return path


def _crawl(tmp: Path, website: str, items: dict[str, list[str]], *extra: str):
    """Run `oitcrawl check`; returns (wall seconds, {url: fetch row}, report, run settings)."""
    sub = _submission(tmp / "submission.yaml", website, items)
    db = tmp / "data" / "evidence.sqlite"
    started = time.monotonic()
    result = run_cli(
        "check", str(sub), "--out", str(tmp / "out"), "--db", str(db), *CRAWL_ARGS, *extra,
        timeout=120,
    )  # fmt: skip
    wall = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-3000:]
    store = Store(db)
    run = store.get_run(store.list_runs()[0]["id"])
    report = json.loads((tmp / "out" / "report.json").read_text(encoding="utf-8"))
    return wall, store.fetches(run.id), report, run.settings


@pytest.fixture(scope="module")
def http_faults(tmp_path_factory):
    with serve_faults() as server:
        items = {item: [server.url(path)] for item, path in HTTP_FAULTS.items()}
        crawl = _crawl(tmp_path_factory.mktemp("faults"), server.url("/"), items)
        yield server, crawl


def test_every_fault_ends_in_its_recorded_outcome_within_the_bound(http_faults):
    server, (wall, fetches, _, _) = http_faults
    table = {
        url: (f["outcome"], f["http_status"], f["error_kind"], f["retries"])
        for url, f in fetches.items()
    }
    assert table == {request_url(server.url(p)): row for p, row in EXPECTED_HTTP.items()}
    slow = {url: f["elapsed_s"] for url, f in fetches.items() if f["elapsed_s"] > BOUND_S}
    assert not slow, f"faults that took longer than {BOUND_S} s: {slow}"
    assert wall < 60, f"the whole crawl of {len(fetches)} faults took {wall:.1f} s"


def test_fault_details_are_recorded(http_faults):
    server, (_, fetches, _, _) = http_faults
    f = {url.removeprefix(f"http://{server.address}"): row for url, row in fetches.items()}
    # the trickle was cut by the total timeout while the server was still sending
    assert "took longer than 2.0 seconds" in f["/trickle"]["error"]
    assert "non-clean" in f["/reset"]["error"]  # a reset, not a clean close
    assert "ConnectionDone" in f["/truncated"]["error"]  # a clean close before Content-Length
    # the loop went round to the redirect limit (10) and the chain is kept
    assert server.hits.counts["/loop/a"] + server.hits.counts["/loop/b"] == 11
    loop_chain = json.loads(f["/loop/a"]["redirect_chain_json"])
    assert loop_chain[:3] == [server.url(p) for p in ("/loop/a", "/loop/b", "/loop/a")]
    chain = json.loads(f["/chain/15"]["redirect_chain_json"])
    assert chain == [server.url(f"/chain/{n}") for n in range(15, 3, -1)]  # 11 hops, then 1 more
    assert server.hits.matching("/chain/") == 11 + 4  # 15…5, then 3…0
    assert json.loads(f["/chain/3"]["redirect_chain_json"])[-1] == server.url("/chain/0")
    # 429: asked twice, the retry waited for Retry-After (1 s), not the 0.1 s backoff
    first, second = server.hits.times["/429"]
    assert second - first >= RETRY_AFTER_S - 0.05


def test_the_report_says_what_went_wrong_for_each_fault(http_faults):
    _, (_, _, report, _) = http_faults
    got = {}
    for item in report["items"]:
        if item["id"] in EXPECTED_REPORT:
            first = item["findings"][0]
            got[item["id"]] = (item["status"], first["code"], first["message_th"])
    assert {k: v[:2] for k, v in got.items()} == {k: v[:2] for k, v in EXPECTED_REPORT.items()}
    for item_id, (_, _, phrase) in EXPECTED_REPORT.items():
        assert phrase in got[item_id][2], (item_id, got[item_id][2])


def test_tls_errors_and_legacy_tls_only_with_the_option(tmp_path):
    with (
        serve_faults(tls="self_signed") as self_signed,
        serve_faults(tls="legacy") as legacy,
        serve_faults() as plain,
    ):
        items = {
            "O1": [self_signed.url("/ok")],
            "O2": [legacy.url("/ok")],
            "O3": [plain.url("/ok", scheme="https")],  # a plain-HTTP server on an https URL
        }
        _, fetches, report, settings = _crawl(tmp_path / "a", self_signed.url("/"), items)
        table = {u: (f["outcome"], f["error_kind"]) for u, f in fetches.items()}
        assert table == {
            # certificates are not verified (the evidence is public; browsers let people on)
            request_url(self_signed.url("/ok")): ("ok", None),
            request_url(legacy.url("/ok")): ("not_sure", "tls_error"),
            request_url(plain.url("/ok", scheme="https")): ("not_sure", "tls_error"),
        }
        assert all(f["elapsed_s"] <= BOUND_S for f in fetches.values())
        assert settings["legacy_tls"] is False and report["crawl"]["legacy_tls"] is False
        assert legacy.hits.counts == {}, "the TLS 1.0 handshake must fail without --legacy-tls"

        _, fetches, report, settings = _crawl(
            tmp_path / "b", legacy.url("/"), {"O2": [legacy.url("/ok")]}, "--legacy-tls"
        )
        assert {u: (f["outcome"], f["http_status"]) for u, f in fetches.items()} == {
            request_url(legacy.url("/ok")): ("ok", 200)
        }
        assert settings["legacy_tls"] is True and report["crawl"]["legacy_tls"] is True
