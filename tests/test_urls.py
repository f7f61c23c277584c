"""URL handling: encode Thai and spaces exactly once, main-website rule, host rewrites."""

from __future__ import annotations

import pytest

from oitcrawl.crawl.outcome import classify_failure, classify_status
from oitcrawl.crawl.urls import (
    HostRewrite,
    RewriteError,
    display_url,
    is_document_url,
    is_main_website,
    request_url,
    wire_url,
)

SPACED = (
    "https://webportal.bangkok.go.th/public/user_files_editor/59/Data Room HK/O20 ต.ค. 2565.pdf"
)
ENCODED = (
    "https://webportal.bangkok.go.th/public/user_files_editor/59/Data%20Room%20HK/"
    "O20%20%E0%B8%95.%E0%B8%84.%202565.pdf"
)


def test_thai_and_spaces_are_encoded_exactly_once():
    assert request_url(SPACED) == ENCODED
    assert request_url(ENCODED) == ENCODED  # already encoded: unchanged, never %25E0
    assert request_url(request_url(SPACED)) == ENCODED
    assert display_url(ENCODED) == SPACED


def test_request_url_drops_fragment_and_lowercases_host():
    assert request_url("HTTPS://WebPortal.Bangkok.go.th/huaikhwang#top") == (
        "https://webportal.bangkok.go.th/huaikhwang"
    )
    assert request_url("https://a.example.org") == "https://a.example.org/"


@pytest.mark.parametrize(
    ("url", "main"),
    [
        ("https://webportal.bangkok.go.th/huaikhwang/page/sub/1", True),
        ("https://www.webportal.bangkok.go.th/x", True),
        ("https://sub.webportal.bangkok.go.th/x", True),
        ("https://eservice.bangkok.go.th/index", True),  # listed under also_main
        ("https://drive.google.com/file/d/1/view", False),
        ("https://www.facebook.com/HKbangkok", False),
        ("https://notwebportal.bangkok.go.th/x", False),
    ],
)
def test_main_website(url, main):
    website = "https://webportal.bangkok.go.th/huaikhwang"
    assert is_main_website(url, website, ("eservice.bangkok.go.th",)) is main


def test_document_urls():
    assert is_document_url(ENCODED)
    assert is_document_url("https://a.org/O12 stats.JPG?_t=1684705020")
    assert not is_document_url("https://a.org/page/sub/863/โครงสร้างหน่วยงาน")


def test_host_rewrite():
    rw = HostRewrite.parse("webportal.bangkok.go.th=127.0.0.1:8080")
    assert wire_url(ENCODED, (rw,)) == (
        "http://127.0.0.1:8080/public/user_files_editor/59/Data%20Room%20HK/"
        "O20%20%E0%B8%95.%E0%B8%84.%202565.pdf"
    )
    assert wire_url("https://other.org/x", (rw,)) is None
    for bad in ("webportal.bangkok.go.th", "=127.0.0.1:1", "a.org=", "http://a.org=b:1"):
        with pytest.raises(RewriteError, match="expected FROM=TO"):
            HostRewrite.parse(bad)


@pytest.mark.parametrize(
    ("status", "outcome"),
    [(200, "ok"), (204, "ok"), (404, "broken"), (410, "broken"), (403, "not_sure"),
     (429, "not_sure"), (500, "not_sure"), (503, "not_sure"), (401, "http_error"),
     (400, "http_error")],
)  # fmt: skip
def test_status_classes(status, outcome):
    assert classify_status(status).outcome == outcome


def test_dns_failures_broken_only_when_the_name_does_not_exist():
    from scrapy.exceptions import CannotResolveHostError

    missing = CannotResolveHostError(
        "address 'x.invalid' not found: [Errno -2] Name or service not known."
    )
    flaky = CannotResolveHostError(
        "address 'x.th' not found: [Errno -3] Temporary failure in name resolution."
    )
    assert (classify_failure(missing).outcome, classify_failure(missing).error_kind) == (
        "broken", "dns_not_found")  # fmt: skip
    assert (classify_failure(flaky).outcome, classify_failure(flaky).error_kind) == (
        "not_sure", "dns_error")  # fmt: skip
