"""`oitcrawl check`: every bad submission file and every bad option → one clear message and
exit 2, no traceback, nothing written to the store (issue 13). Harness: test_cli_harness.py."""

from __future__ import annotations

import json

import pytest

from tests.test_cli_harness import Case, run_case

HEAD = "agency: a\nwebsite: https://agency.example.org/\nfiscal_year: 2566\n"
ITEMS = "items:\n  O1: [https://agency.example.org/o1]\n"
CHECK = ["check", "{tmp}/s.yaml", "--db", "{tmp}/data/evidence.sqlite", "--out", "{tmp}/out"]
BOMB = "\n".join(
    [f"a0: &a0 [{', '.join(['lol'] * 9)}]"]
    + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
)


def sub(text: str, name: str = "s.yaml") -> dict[str, str | bytes]:
    return {name: text}


# (id, file text, phrases expected on stderr)
FILES = [
    ("as-of-impossible-day", HEAD + "as_of: 2023-02-30\n" + ITEMS,
     ("s.yaml:4: as_of", "'2023-02-30' is not a date")),
    ("as-of-hour-25", HEAD + "as_of: 2023-04-30T25:00:00\n" + ITEMS,
     ("s.yaml:4: as_of", "is not a date")),
    ("as-of-with-time", HEAD + "as_of: 2023-04-30T10:00:00\n" + ITEMS,
     ("as_of", "write YYYY-MM-DD")),
    ("as-of-number", HEAD + "as_of: 20230430\n" + ITEMS, ("as_of", "must be a date")),
    ("as-of-before-fiscal-year", HEAD + "as_of: 2022-09-30\n" + ITEMS,
     ("s.yaml:4: as_of", "before fiscal year 2566 began (2022-10-01)")),
    ("urls-a-number", HEAD + "items:\n  O1: {urls: 5}\n",
     ("s.yaml:5: items.O1.urls", "must be a list")),
    ("url-a-number", HEAD + "items:\n  O1: [5]\n", ("items.O1.urls.0", "must be text")),
    ("url-lone-surrogate", HEAD + 'items:\n  O1: ["https://agency.example.org/\\ud800"]\n',
     ("s.yaml:5", "invalid character")),
    ("url-control-character", HEAD + 'items:\n  O1: ["https://agency.example.org/\\x07"]\n',
     ("items.O1.urls[0]", "control character")),
    ("url-200k-characters", HEAD + "items:\n  O1: [https://agency.example.org/" + "x" * 200_000
     + "]\n", ("items.O1.urls[0]", "longer than 16,384")),
    ("url-ftp", HEAD + "items:\n  O1: [ftp://agency.example.org/x]\n",
     ("s.yaml:5: items.O1.urls[0]", "must start with http")),
    ("url-no-host", HEAD + "items:\n  O1: ['https://']\n", ("has no valid host name",)),
    ("url-bad-port", HEAD + "items:\n  O1: ['https://agency.example.org:99999/']\n",
     ("items.O1.urls[0]", "malformed URL")),
    ("not-applicable-quoted-false", HEAD + 'items:\n  O1: [https://agency.example.org/o1]\n'
     '  O5: {not_applicable: "false"}\n',
     ("s.yaml:6: items.O5.not_applicable", "must be true or false, without quotes")),
    ("not-applicable-yes-string", HEAD + 'items:\n  O5: {not_applicable: "yes"}\n',
     ("items.O5.not_applicable",)),
    ("not-applicable-with-urls", HEAD + "items:\n  O5: {not_applicable: true, urls: "
     "[https://agency.example.org/x]}\n", ("items.O5", "not_applicable but also lists URLs")),
    ("also-main-com", HEAD + "also_main: [com]\n" + ITEMS,
     ("s.yaml:4: also_main[0]", "'com' is a public suffix")),
    ("also-main-go-th", HEAD + "also_main: [go.th]\n" + ITEMS, ("'go.th' is a public suffix",)),
    ("also-main-github-io", HEAD + "also_main: github.io\n" + ITEMS,
     ("'github.io' is a public suffix",)),
    ("also-main-a-url", HEAD + "also_main: ['https://eservice.example.org/']\n" + ITEMS,
     ("also_main[0]", "not a URL")),
    ("also-main-bad-host", HEAD + "also_main: ['two words']\n" + ITEMS,
     ("also_main[0]", "not a valid host name")),
    ("website-public-suffix", "agency: a\nwebsite: https://go.th/\nfiscal_year: 2566\n" + ITEMS,
     ("website", "public suffix")),
    ("website-not-a-url", "agency: a\nwebsite: agency.example.org\nfiscal_year: 2566\n" + ITEMS,
     ("s.yaml:2: website", "must start with http")),
    ("no-items-field", HEAD, ("items: is required",)),
    ("items-empty", HEAD + "items: {}\n", ("items", "lists no item")),
    ("items-only-comments", HEAD + "items:\n  # O1: nothing found by discover\n",
     ("items: is required",)),
    ("items-all-empty", HEAD + "items:\n  O1: []\n  O2:\n", ("no item has a URL",)),
    ("items-a-list", HEAD + "items: [https://agency.example.org/]\n",
     ("s.yaml:4: items", "must be a mapping")),
    ("item-a-number", HEAD + "items:\n  O4: 7\n", ("s.yaml:5: items.O4", "URL list")),
    ("item-numeric-key", HEAD + "items:\n  O1: [https://agency.example.org/o1]\n"
     "  1: [https://agency.example.org/x]\n", ("s.yaml:6: items.1", "unknown item")),
    ("item-unknown", HEAD + "items:\n  O31: [https://agency.example.org/x]\n",
     ("s.yaml:5: items.O31", "unknown item")),
    ("item-duplicate", HEAD + ITEMS + "  O1: [https://agency.example.org/again]\n",
     ("s.yaml:6: items.O1", "more than once")),
    ("item-unknown-field", HEAD + "items:\n  O1: {urls: [https://agency.example.org/],"
     " comment: x}\n", ("items.O1.comment", "unknown field")),
    ("note-a-list", HEAD + "items:\n  O1: {urls: [https://agency.example.org/], note: [a]}\n",
     ("items.O1.note", "must be text")),
    ("fiscal-year-quoted", "agency: a\nwebsite: https://agency.example.org/\n"
     "fiscal_year: '2566'\n" + ITEMS, ("s.yaml:3: fiscal_year", "is not a year")),
    ("fiscal-year-ce", "agency: a\nwebsite: https://agency.example.org/\nfiscal_year: 2023\n"
     + ITEMS, ("fiscal_year", "did you mean 2566 BE?")),
    ("fiscal-year-true", "agency: a\nwebsite: https://agency.example.org/\nfiscal_year: true\n"
     + ITEMS, ("fiscal_year", "is not a year")),
    ("agency-a-number", "agency: 123\nwebsite: https://agency.example.org/\nfiscal_year: 2566\n"
     + ITEMS, ("s.yaml:1: agency", "must be text")),
    ("agency-missing", "website: https://agency.example.org/\nfiscal_year: 2566\n" + ITEMS,
     ("agency: is required",)),
    ("framework-unknown", HEAD + "framework: nope\n" + ITEMS,
     ("s.yaml:4: framework", "unknown framework 'nope'")),
    ("framework-a-number", HEAD + "framework: 5\n" + ITEMS, ("framework",)),
    ("unknown-top-field", HEAD + "colour: blue\n" + ITEMS, ("s.yaml:4: colour", "unknown field")),
    ("yaml-alias-bomb", BOMB, ("expands to more than 100,000 values",)),
    ("yaml-recursive-alias", "a: &a [1, *a]\n", ("s.yaml: file",)),
    ("yaml-deep-nesting", "x: " + "[" * 5000 + "]" * 5000 + "\n", ("nested too deeply",)),
    ("yaml-invalid", "agency: [unclosed\n", ("not valid YAML/JSON",)),
    ("yaml-a-list", "- a\n- b\n", ("s.yaml:1: file", "expected a mapping")),
    ("empty-file", "", ("expected a mapping",)),
    ("json-not-applicable-string", json.dumps({"agency": "a", "website":
     "https://agency.example.org/", "fiscal_year": 2566, "items": {"O5": {"not_applicable":
     "false"}}}), ("items.O5.not_applicable",)),
]  # fmt: skip


@pytest.mark.parametrize("case", [Case(i, CHECK, e, files=sub(t)).param() for i, t, e in FILES])
def test_bad_submission_file(case, tmp_path):
    run_case(case, tmp_path)
    assert not (tmp_path / "data").exists() and not (tmp_path / "out").exists()


OTHER = [
    Case("file-missing", ["check", "{tmp}/missing.yaml", "--db", "{tmp}/data/evidence.sqlite"],
         ("missing.yaml", "No such file")),
    Case("file-a-folder", ["check", "{tmp}", "--db", "{tmp}/data/evidence.sqlite"],
         ("is a folder",)),
    Case("file-dev-zero", ["check", "/dev/zero", "--db", "{tmp}/data/evidence.sqlite"],
         ("/dev/zero", "not a regular file")),
    Case("file-not-utf8", CHECK, ("not UTF-8",), files={"s.yaml": "agency: สำนักงาน"
         .encode("cp874")}),
    Case("file-binary", CHECK, ("s.yaml",), files={"s.yaml": bytes(range(256)) * 4}),
    Case("file-over-5-mb", CHECK, ("larger than 5 MB",),
         files={"s.yaml": HEAD + ITEMS + "#" * (6 * 1024 * 1024)}),
    Case("as-of-option-bad", [*CHECK[:2], "--as-of", "2023-13-01", "--db", "{tmp}/d/e.sqlite"],
         ("--as-of '2023-13-01'",), files=sub(HEAD + ITEMS)),
    Case("as-of-option-before-fy", [*CHECK, "--as-of", "2020-01-01"],
         ("--as-of", "before fiscal year 2566"), files=sub(HEAD + ITEMS)),
    Case("depth-not-a-number", [*CHECK, "--depth", "abc"], ("--depth", "usage error"),
         files=sub(HEAD + ITEMS)),
    Case("concurrency-float", [*CHECK, "--concurrency", "1.5"], ("--concurrency",),
         files=sub(HEAD + ITEMS)),
    # sizes take units since issue 14 ("50MB" is fine); an unknown unit is not
    Case("max-bytes-unit", [*CHECK, "--max-bytes", "50XB"], ("--max-bytes", "not a size"),
         files=sub(HEAD + ITEMS)),
    Case("max-total-bytes-text", [*CHECK, "--max-total-bytes", "lots"],
         ("--max-total-bytes", "not a size"), files=sub(HEAD + ITEMS)),
    Case("delay-nan", [*CHECK, "--delay", "nan"], ("--delay nan", "finite"),
         files=sub(HEAD + ITEMS)),
    Case("timeout-inf", [*CHECK, "--timeout", "inf"], ("--timeout inf",),
         files=sub(HEAD + ITEMS)),
    Case("fail-under-nan", [*CHECK, "--fail-under", "nan"], ("--fail-under nan",),
         files=sub(HEAD + ITEMS)),
    Case("unknown-option", [*CHECK, "--depht", "2"], ("No such option: --depht",),
         files=sub(HEAD + ITEMS)),
    Case("iit-without-eit", [*CHECK, "--iit", "80"], ("--iit and --eit",),
         files=sub(HEAD + ITEMS)),
    Case("score-over-100", [*CHECK, "--iit", "180", "--eit", "80"], ("--iit 180.0",),
         files=sub(HEAD + ITEMS)),
    Case("fail-under-negative", [*CHECK, "--fail-under", "-1"], ("--fail-under -1.0",),
         files=sub(HEAD + ITEMS)),
    Case("rewrite-no-equals", [*CHECK, "--rewrite-host", "agency.example.org"],
         ("expected FROM=TO",), files=sub(HEAD + ITEMS)),
    Case("rewrite-port-99999", [*CHECK, "--rewrite-host", "agency.example.org=127.0.0.1:99999"],
         ("--rewrite-host", "invalid target"), files=sub(HEAD + ITEMS)),
    Case("rewrite-port-zero", [*CHECK, "--rewrite-host", "agency.example.org=127.0.0.1:0"],
         ("port out of range",), files=sub(HEAD + ITEMS)),
    Case("rewrite-path", [*CHECK, "--rewrite-host", "agency.example.org=127.0.0.1:80/x"],
         ("expected FROM=TO",), files=sub(HEAD + ITEMS)),
    Case("out-is-a-file", [*CHECK[:4], "--out", "{tmp}/afile"], ("--out", "is a file"),
         files={**sub(HEAD + ITEMS), "afile": "x"}),
    Case("out-not-writable", [*CHECK[:4], "--out", "/proc/oitcrawl-out"],
         ("--out /proc/oitcrawl-out", "cannot write"), files=sub(HEAD + ITEMS)),
    Case("archive-wrong-suffix", [*CHECK, "--archive-to", "{tmp}/a.zip"], ("a.zip",),
         files=sub(HEAD + ITEMS)),
    Case("store-corrupt", ["check", "{good}", "--db", "{tmp}/data/evidence.sqlite", "--out",
         "{tmp}/out"], ("not an oitcrawl evidence store", "file is not a database"),
         files={"data/evidence.sqlite": b"\x13garbage" * 1000}),
    Case("store-is-a-folder", ["check", "{good}", "--db", "{tmp}/data", "--out", "{tmp}/out"],
         ("--db", "is a folder"), files={"data/keep": "x"}, store=None),
    Case("store-foreign-sqlite", ["check", "{good}", "--db", "{tmp}/data/evidence.sqlite",
         "--out", "{tmp}/out"], ("not an oitcrawl evidence store",),
         files={"data/evidence.sqlite": b""}),
    Case("since-unknown-run", [*CHECK, "--since", "nope"], ("nope",), files=sub(HEAD + ITEMS)),
    Case("lang-en-english-only", ["--lang", "en", *CHECK], ("bad input:", "s.yaml:4: colour"),
         files=sub(HEAD + "colour: x\n" + ITEMS)),
]  # fmt: skip


@pytest.mark.parametrize("case", [c.param() for c in OTHER])
def test_bad_check_input(case, tmp_path):
    result = run_case(case, tmp_path)
    if case.id == "lang-en-english-only":
        assert not any("\u0e00" <= ch <= "\u0e7f" for ch in result.stderr), result.stderr
