"""The crawl against a real loopback HTTP server: every fetch outcome a real site produces.

One small agency site (two virtual hosts) is served by the sample-site server with test routes
for a flaky, a failing, a slow and an oversize URL; `oitcrawl check` crawls it in a subprocess
and the whole fetch table in the SQLite store is compared with what a user should see.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import yaml
from fpdf import FPDF

from oitcrawl.crawl.urls import request_url
from oitcrawl.extract import EXTRACTOR_VERSION
from oitcrawl.sample_site.server import serve
from oitcrawl.store import Store
from tests.conftest import run_cli

THAI_TITLE = "กฎหมายที่เกี่ยวข้อง สำนักงานเขต"
ENCODED_PRAKAT = "%E0%B8%9B%E0%B8%A3%E0%B8%B0%E0%B8%81%E0%B8%B2%E0%B8%A8"  # ประกาศ


def _pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=text)
    return bytes(pdf.output())


def _page(title: str, content: str, nav: str = "") -> str:
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title></head>"
        f"<body><nav>{nav}</nav><div class='content'>{content}</div></body></html>"
    )


def build_site(root: Path) -> None:
    """agency.test (the main website) and other.test (an outside host)."""
    main, other = root / "agency.test", root / "other.test"
    for d in (main / "docs", main / "private", other):
        d.mkdir(parents=True, exist_ok=True)
    (main / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    (main / "index.html").write_text(
        _page(
            "หน้าแรก",
            "<a href='/docs/แผน ปี 2566.pdf'>แผน ปี 2566</a>"
            f"<a href='/docs/{ENCODED_PRAKAT}.pdf'>ประกาศ</a>"
            "<a href='sub.html'>หน้าย่อย</a>"
            "<a href='https://other.test/page.html'>outside page</a>"
            "<a href='https://other.test/file.pdf'>outside file</a>"
            "<a href='/private/secret.pdf'>private</a>",
            nav="<a href='/nav-only.html'>menu</a>",
        ),
        encoding="utf-8",
    )
    (main / "sub.html").write_text(
        _page(
            "หน้าย่อย",
            "<a href='/docs/sub-doc.pdf'>doc</a><a href='/deeper.html'>deeper</a>"
            "<a href='/docs/ประกาศ.pdf'>ประกาศ (Thai href)</a>",
        ),
        encoding="utf-8",
    )
    for name in ("deeper.html", "nav-only.html", "final.html"):
        (main / name).write_text(_page(name, "<p>เนื้อหา</p>"), encoding="utf-8")
    (main / "login.html").write_text(
        _page("เข้าสู่ระบบ", "<form><input name=u><input type=password name=p></form>"),
        encoding="utf-8",
    )
    tis = (
        "<html><head><meta http-equiv='Content-Type' content='text/html; charset=tis-620'>"
        f"<title>{THAI_TITLE}</title></head><body><div class='content'>"
        "<p>พระราชบัญญัติระเบียบบริหารราชการกรุงเทพมหานคร พ.ศ. ๒๕๒๘</p>"
        "<a href='/docs/ตาราง.pdf'>ตารางกฎหมาย</a></div></body></html>"
    )
    (main / "tis620.html").write_bytes(tis.encode("cp874"))
    for name in ("แผน ปี 2566.pdf", "ประกาศ.pdf", "sub-doc.pdf", "ตาราง.pdf"):
        (main / "docs" / name).write_bytes(_pdf(name.encode("ascii", "replace").decode()))
    (main / "private" / "secret.pdf").write_bytes(_pdf("secret"))
    # an outside page is fetched as a leaf: its own links are not followed
    (other / "page.html").write_text(
        _page(
            "other", "<a href='/leaf.pdf'>leaf</a><a href='https://agency.test/sub.html'>back</a>"
        ),
        encoding="utf-8",
    )
    (other / "leaf.pdf").write_bytes(_pdf("leaf"))
    (other / "file.pdf").write_bytes(_pdf("outside"))
    (root / "_routes.yaml").write_text(
        yaml.safe_dump(
            {
                "redirects": [
                    {"host": "agency.test", "path": "/r1", "status": 301, "location": "/r2"},
                    {
                        "host": "agency.test",
                        "path": "/r2",
                        "status": 302,
                        "location": "https://agency.test/final.html",
                    },
                ],
                "headers": [
                    {
                        "host": "agency.test",
                        "path": "/tis620.html",
                        "content_type": "text/html; charset=tis-620",
                    }
                ],
                "status": [
                    {
                        "host": "agency.test",
                        "path": "/member",
                        "status": 401,
                        "file": "agency.test/login.html",
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )


class Behaviours:
    """Test routes: flaky (503 then 200), down (always 503), slow (3 s), gone (410), big."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        self.user_agents: set[str] = set()

    def count(self, handler) -> bool:
        with self.lock:
            self.hits[handler.path] += 1
        return False  # let the site answer

    def routes(self) -> dict:
        def send(handler, status: int, body: bytes, ctype: str = "text/html") -> bool:
            handler.send_response(status)
            handler.send_header("Content-Type", ctype)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)
            return True

        def flaky(h):
            self.count(h)
            self.user_agents.add(h.headers.get("User-Agent", ""))
            first = self.hits[h.path] == 1
            return send(h, 503, b"busy") if first else send(h, 200, _page("ok", "ok").encode())

        def slow(h):
            self.count(h)
            time.sleep(3)
            return send(h, 200, b"late")

        return {
            "/flaky": flaky,
            "/down": lambda h: self.count(h) or send(h, 503, b"down"),
            "/slow": slow,
            "/gone": lambda h: self.count(h) or send(h, 410, b"gone"),
            "/big.pdf": lambda h: (
                self.count(h) or send(h, 200, b"%PDF-1.4\n" + b"0" * 2_000_000, "application/pdf")
            ),
        }


@pytest.fixture
def agency_site(tmp_path):
    root = tmp_path / "site"
    build_site(root)
    behaviours = Behaviours()
    routes = behaviours.routes()

    class CountingRoutes(dict):
        def get(self, path, default=None):
            behaviours.count_all(path)
            return super().get(path, default)

    all_hits: Counter[str] = Counter()
    behaviours.count_all = lambda path: all_hits.update([path])
    with serve(root, extra_routes=CountingRoutes(routes)) as site:
        site.all_hits = all_hits
        site.behaviours = behaviours
        yield site


SUBMISSION = {
    "agency": "หน่วยงานทดสอบ",
    "website": "https://agency.test/",
    "framework": "bma-district-2566",
    "fiscal_year": 2566,
    "as_of": "2023-04-30",
    "items": {
        "O1": ["https://agency.test/index.html"],
        "O2": ["https://agency.test/missing.pdf", "https://agency.test/gone"],
        "O3": ["https://agency.test/flaky", "https://agency.test/down"],
        "O4": ["https://agency.test/slow"],
        "O5": ["https://agency.test/big.pdf"],
        "O6": ["http://nonexistent-host.invalid/x.pdf"],
        "O7": ["https://agency.test/r1"],
        "O8": ["https://agency.test/tis620.html"],
        "O9": ["https://agency.test/member"],
    },
}


def _check(tmp_path: Path, site, *extra: str, submission: dict = SUBMISSION):
    tmp_path.mkdir(parents=True, exist_ok=True)
    sub = tmp_path / "submission.yaml"
    sub.write_text(yaml.safe_dump(submission, allow_unicode=True), encoding="utf-8")
    db = tmp_path / "data" / "evidence.sqlite"
    rewrites = [a for r in site.rewrite_rules() for a in ("--rewrite-host", r)]
    result = run_cli(
        "check", str(sub), "--out", str(tmp_path / "out"), "--db", str(db), "--quiet",
        "--allow-private",
        "--delay", "0", "--timeout", "1", "--retries", "1", "--backoff", "0.1",
        "--max-bytes", "1000000", *rewrites, *extra,
    )  # fmt: skip
    return result, db


def _table(db: Path) -> dict[str, tuple]:
    store = Store(db)
    run_id = store.list_runs()[0]["id"]
    return {
        url: (f["outcome"], f["http_status"], f["error_kind"], f["retries"], f["depth"])
        for url, f in store.fetches(run_id).items()
    }


def test_every_fetch_outcome_is_stored_and_classified(tmp_path, agency_site):
    result, db = _check(tmp_path, agency_site)
    assert result.returncode == 0, result.stderr
    u = request_url
    expected = {
        u("https://agency.test/index.html"): ("ok", 200, None, 0, 0),
        u("https://agency.test/docs/แผน ปี 2566.pdf"): ("ok", 200, None, 0, 1),
        u(f"https://agency.test/docs/{ENCODED_PRAKAT}.pdf"): ("ok", 200, None, 0, 1),
        u("https://agency.test/sub.html"): ("ok", 200, None, 0, 1),
        u("https://agency.test/docs/sub-doc.pdf"): ("ok", 200, None, 0, 2),
        u("https://other.test/file.pdf"): ("ok", 200, None, 0, 1),
        u("https://other.test/page.html"): ("ok", 200, None, 0, 1),
        u("https://agency.test/private/secret.pdf"): (
            "blocked_by_robots", None, "robots_txt", 0, 1),
        u("https://agency.test/missing.pdf"): ("broken", 404, "http_404", 0, 0),
        u("https://agency.test/gone"): ("broken", 410, "http_410", 0, 0),
        u("https://agency.test/flaky"): ("ok", 200, None, 1, 0),
        u("https://agency.test/down"): ("not_sure", 503, "http_503", 1, 0),
        u("https://agency.test/slow"): ("not_sure", None, "timeout", 1, 0),
        u("https://agency.test/big.pdf"): ("too_large", None, "too_large", 0, 0),
        u("http://nonexistent-host.invalid/x.pdf"): ("broken", None, "dns_not_found", 1, 0),
        u("https://agency.test/r1"): ("ok", 200, None, 0, 0),
        u("https://agency.test/tis620.html"): ("ok", 200, None, 0, 0),
        u("https://agency.test/docs/ตาราง.pdf"): ("ok", 200, None, 0, 1),
        u("https://agency.test/member"): ("http_error", 401, "http_401", 0, 0),
    }  # fmt: skip
    assert _table(db) == expected

    store = Store(db)
    run_id = store.list_runs()[0]["id"]
    fetches = store.fetches(run_id)
    # redirect chain recorded: requested URL, every hop, final URL
    r1 = fetches[u("https://agency.test/r1")]
    assert json.loads(r1["redirect_chain_json"]) == [
        "https://agency.test/r1",
        "https://agency.test/r2",
        "https://agency.test/final.html",
    ]
    assert r1["final_url"] == "https://agency.test/final.html"
    # the outside page is fetched (issue 12: the rules must see what the agency points at,
    # a Drive viewer, a Facebook page) as a leaf: nothing it links to is followed; nav links
    # are not evidence
    links = {(lk["from_url"], lk["to_url"]): lk for lk in store.links(run_id)}
    outside = links[(u("https://agency.test/index.html"), u("https://other.test/page.html"))]
    assert (outside["kind"], outside["followed"]) == ("outside", 1)
    from_outside = [
        lk for (src, _), lk in links.items() if src == u("https://other.test/page.html")
    ]
    assert from_outside and not any(lk["followed"] for lk in from_outside)
    assert not any("nav-only" in to for _, to in links)
    # Thai + space URLs are encoded exactly once; the Thai and the pre-encoded href are one file
    hits = agency_site.all_hits
    assert hits[f"/docs/{ENCODED_PRAKAT}.pdf"] == 1
    assert not [p for p in hits if "%25" in p], hits
    assert hits["/docs/%E0%B9%81%E0%B8%9C%E0%B8%99%20%E0%B8%9B%E0%B8%B5%202566.pdf"] == 1
    # retries really happened, with the flaky URL asked twice and the failing one twice
    assert agency_site.behaviours.hits["/flaky"] == 2
    assert agency_site.behaviours.hits["/down"] == 2
    # a clear User-Agent naming the tool
    [agent] = agency_site.behaviours.user_agents
    assert agent.startswith("oitcrawl/") and "ITA OIT" in agent
    # the TIS-620 page is decoded (title) and the 401 page is known to hold a login form
    tis = fetches[u("https://agency.test/tis620.html")]
    extract = store.get_extract(tis["sha256"], EXTRACTOR_VERSION)
    assert extract["title"] == THAI_TITLE
    assert "พระราชบัญญัติ" in extract["text"]
    login = store.get_extract(fetches[u("https://agency.test/member")]["sha256"], EXTRACTOR_VERSION)
    assert login["has_login_form"] == 1
    # bodies are content-addressed on disk and match their hash
    for f in fetches.values():
        if f["sha256"]:
            assert store.blob_path(f["sha256"]).stat().st_size == f["bytes"]
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in report["items"]] == [f"O{n}" for n in range(1, 31)]
    o2 = next(i for i in report["items"] if i["id"] == "O2")
    assert [(f["outcome"], f["http_status"]) for f in o2["fetches"]] == [
        ("broken", 404),
        ("broken", 410),
    ]


def test_robots_txt_can_be_ignored_for_an_own_precheck(tmp_path, agency_site):
    submission = {**SUBMISSION, "items": {"O1": ["https://agency.test/private/secret.pdf"]}}
    result, db = _check(tmp_path, agency_site, submission=submission)
    assert result.returncode == 0, result.stderr
    assert _table(db)[request_url("https://agency.test/private/secret.pdf")][0] == (
        "blocked_by_robots"
    )
    result, db2 = _check(tmp_path / "again", agency_site, "--ignore-robots", submission=submission)
    assert result.returncode == 0, result.stderr
    assert _table(db2)[request_url("https://agency.test/private/secret.pdf")][:2] == ("ok", 200)
