"""Bad input to the commands that read a file or a URL besides `check`: inspect, import-itap,
discover, batch, enqueue, worker — one clear message, exit 2, no traceback, nothing written
(issue 13). Harness: test_cli_harness.py."""

from __future__ import annotations

import os

import pytest

from tests.test_cli_harness import Case, run_case

HEAD = "agency: a\nwebsite: https://agency.example.org/\nfiscal_year: 2566\n"
ITEMS = "items:\n  O1: [https://agency.example.org/o1]\n"
DB = ["--db", "{tmp}/data/evidence.sqlite"]

CASES = [
    # inspect
    Case("inspect-dev-zero", ["inspect", "/dev/zero"], ("/dev/zero", "not a regular file")),
    Case("inspect-folder", ["inspect", "{tmp}"], ("is a folder",)),
    Case("inspect-missing", ["inspect", "{tmp}/none.pdf"], ("none.pdf", "no such file")),
    Case("inspect-ftp", ["inspect", "ftp://agency.example.org/a.pdf"], ("not a file or an http",)),
    Case("inspect-javascript", ["inspect", "javascript:alert(1)"], ("not a file or an http",)),
    Case("inspect-private-address", ["inspect", "http://127.0.0.1:9/a.pdf"],
         ("could not fetch",)),
    # import-itap
    Case("itap-output-a-folder", ["import-itap", "{tmp}/r.txt", "-o", "{tmp}"],
         ("-o", "is a folder"), files={"r.txt": "x"}),
    Case("itap-missing", ["import-itap", "{tmp}/none.txt"], ("none.txt",)),
    Case("itap-dev-zero", ["import-itap", "/dev/zero"], ("/dev/zero",)),
    Case("itap-not-utf8", ["import-itap", "{tmp}/r.txt"], ("UTF-8",),
         files={"r.txt": "สำนักงาน".encode("cp874")}),
    Case("itap-not-an-ita-result", ["import-itap", "{tmp}/r.txt"], ("r.txt",),
         files={"r.txt": "hello, this is no ITA result\n"}),
    # discover
    Case("discover-fiscal-year-ce", ["discover", "https://agency.example.org/", "--fiscal-year",
         "2023", *DB], ("--fiscal-year 2023", "did you mean 2566")),
    Case("discover-not-http", ["discover", "ftp://agency.example.org/", *DB], ("http",)),
    Case("discover-depth-negative", ["discover", "https://agency.example.org/", "--max-depth",
         "-1", *DB], ("--max-depth",)),
    Case("discover-as-of-before-fy", ["discover", "https://agency.example.org/", "--as-of",
         "2021-01-01", *DB], ("--as-of", "before fiscal year 2566")),
    Case("discover-out-a-folder", ["discover", "https://agency.example.org/", "--out", "{tmp}",
         *DB], ("--out", "folder")),
    Case("discover-framework-unknown", ["discover", "https://agency.example.org/",
         "--framework", "nope", *DB], ("nope",)),
    # batch
    Case("batch-missing", ["batch", "{tmp}/none.csv", *DB], ("none.csv", "no such file")),
    Case("batch-empty-folder", ["batch", "{tmp}/empty", *DB], ("no submission files",),
         files={"empty/readme.txt": "x"}),
    Case("batch-unknown-columns", ["batch", "{tmp}/a.csv", *DB], ("unknown columns",),
         files={"a.csv": "agency,website,colour\na,https://a.example.org/,blue\n"}),
    Case("batch-no-valid-row", ["batch", "{tmp}/a.csv", *DB, "--out", "{tmp}/o"],
         ("no valid row",), files={"a.csv": "agency,website,framework,fiscal_year,O1\n"
                                   "a,https://a.example.org/,,2023,https://a.example.org/x\n"}),
    Case("batch-as-of-before-fy", ["batch", "{tmp}/subs", *DB, "--as-of", "2020-01-01",
         "--out", "{tmp}/o"], ("s.yaml", "before fiscal year"),
         files={"subs/s.yaml": HEAD + ITEMS}),
    Case("batch-rewrite-bad", ["batch", "{tmp}/subs", *DB, "--rewrite-host", "a=b:0",
         "--out", "{tmp}/o"], ("--rewrite-host",), files={"subs/s.yaml": HEAD + ITEMS}),
    Case("batch-out-a-file", ["batch", "{tmp}/subs", *DB, "--out", "{tmp}/subs/s.yaml"],
         ("is a file",), files={"subs/s.yaml": HEAD + ITEMS}),
    # enqueue / worker: refused before Redis is contacted
    Case("enqueue-bad-submission", ["enqueue", "{tmp}/s.yaml", *DB], ("s.yaml:4: colour",),
         files={"s.yaml": HEAD + "colour: x\n" + ITEMS}),
    Case("enqueue-as-of-before-fy", ["enqueue", "{tmp}/s.yaml", *DB, "--as-of", "2020-01-01"],
         ("before fiscal year",), files={"s.yaml": HEAD + ITEMS}),
    Case("worker-idle-zero", ["worker", "--idle", "0", *DB], ("--idle",)),
    Case("worker-idle-nan", ["worker", "--idle", "nan", *DB], ("--idle nan",)),
    Case("discover-time-budget-nan", ["discover", "https://agency.example.org/",
         "--time-budget", "nan", *DB], ("--time-budget nan",)),
    # OITCRAWL_WORKERS (issue 17): refused before anything is crawled or stored
    Case("check-workers-not-a-number", ["check", "{good}", *DB, "--out", "{tmp}/o"],
         ("OITCRAWL_WORKERS='abc'", "≥ 1"), env={"OITCRAWL_WORKERS": "abc"}),
    Case("batch-workers-zero", ["batch", "{tmp}/subs", *DB, "--out", "{tmp}/o"],
         ("OITCRAWL_WORKERS='0'",), files={"subs/s.yaml": HEAD + ITEMS},
         env={"OITCRAWL_WORKERS": "0"}),
    Case("batch-delay-nan", ["batch", "{tmp}/subs", *DB, "--delay", "nan", "--out", "{tmp}/o"],
         ("--delay nan",), files={"subs/s.yaml": HEAD + ITEMS}),
]  # fmt: skip


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_bad_input(case, tmp_path):
    run_case(case, tmp_path)
    assert not (tmp_path / "data").exists()
    assert not (tmp_path / "o").exists()


def test_inspect_refuses_a_file_over_50_mb_without_reading_it(tmp_path):
    big = tmp_path / "big.pdf"
    with big.open("wb") as fh:  # sparse: 6 GB on disk would take nothing
        fh.truncate(6 * 1024**3)
    result = run_case(Case("big", ["inspect", str(big)], ("over the", "byte limit")), tmp_path)
    assert "6,442,450,944" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_import_itap_into_a_read_only_folder(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    run_case(Case("ro", ["import-itap", "{tmp}/r.txt", "-o", str(folder / "s.yaml")], ("-o",),
                  files={"r.txt": "x"}), tmp_path)  # fmt: skip


def test_import_itap_to_an_unwritable_place_is_bad_input(tmp_path, shared_dir):
    seed = shared_dir / "seeds" / "001_56d11a479975f352.txt"
    if not seed.exists():
        pytest.skip("seed 001 is not in ../shared")
    run_case(Case("unwritable", ["import-itap", str(seed), "-o", "/proc/oitcrawl.yaml"],
                  ("-o /proc/oitcrawl.yaml", "cannot write")), tmp_path)  # fmt: skip
