"""The commands that read an evidence store (runs, evaluate, extract, archive, replay, diff,
summary, serve, merge): every bad store, run id or option → one clear message, exit 2, no
traceback, the store unchanged (issue 13)."""

from __future__ import annotations

import socket
import sqlite3

import pytest

from oitcrawl.store import Store
from tests.test_cli_harness import Case, run_case


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A store with one (empty) run, its id."""
    db = tmp_path_factory.mktemp("template") / "evidence.sqlite"
    store = Store(db)
    run = store.create_run(
        agency="สำนักงานเขตทดสอบ", website="https://agency.example.org/",
        framework="bma-district-2566", fiscal_year=2566, as_of="2023-04-30",
        submission={"agency": "สำนักงานเขตทดสอบ"},
        submitted=[("O1", "https://agency.example.org/o1", "https://agency.example.org/o1")],
        settings={},
    )  # fmt: skip
    store.db.conn.close()
    return db, run.id


def foreign_db(tmp):
    """Another application's SQLite database (a table `notes`)."""
    path = tmp / "foreign.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("create table notes (x text)")
    conn.commit()
    conn.close()
    return path


STORE = "{store}"
CASES = [
    Case("runs-no-store", ["runs", "--db", "{tmp}/none.sqlite"], ("no evidence database here",),
         store="{tmp}/none.sqlite"),
    Case("runs-corrupt", ["runs", "--db", "{tmp}/c.sqlite"], ("c.sqlite",),
         files={"c.sqlite": b"\x00garbage" * 2000}, store="{tmp}/c.sqlite"),
    Case("runs-corrupt-header", ["runs", "--db", "{tmp}/c.sqlite"], ("c.sqlite",),
         files={"c.sqlite": b"SQLite format 3\x00" + b"\xff" * 8000}, store="{tmp}/c.sqlite"),
    Case("runs-empty-file", ["runs", "--db", "{tmp}/e.sqlite"], ("not an oitcrawl evidence store",),
         files={"e.sqlite": b""}, store="{tmp}/e.sqlite"),
    Case("runs-a-folder", ["runs", "--db", "{tmp}"], ("no evidence database here",), store=None),
    Case("evaluate-unknown-run", ["evaluate", "nope", "--db", STORE, "--out", "{tmp}/o"],
         ("no run 'nope'", "oitcrawl runs"), store=STORE),
    Case("evaluate-iit-alone", ["evaluate", "nope", "--db", STORE, "--iit", "70"],
         ("--iit and --eit",), store=STORE),
    Case("extract-unknown-run", ["extract", "nope", "--db", STORE, "--out", "{tmp}/o"],
         ("no run 'nope'",), store=STORE),
    Case("archive-unknown-run", ["archive", "nope", "--db", STORE, "--out", "{tmp}/a.wacz"],
         ("no run 'nope'",), store=STORE),
    Case("archive-wrong-suffix", ["archive", "nope", "--db", STORE, "--out", "{tmp}/a.zip"],
         ("a.zip",), store=STORE),
    Case("diff-three-ids", ["diff", "a", "b", "c", "--db", STORE], ("give two run ids",),
         store=STORE),
    Case("diff-one-id", ["diff", "a", "--db", STORE], ("give two run ids",), store=STORE),
    Case("diff-nothing", ["diff", "--db", STORE], ("RUN_A RUN_B",), store=STORE),
    Case("diff-ids-and-last", ["diff", "a", "b", "--last", "2", "--db", STORE], ("not both",),
         store=STORE),
    Case("diff-unknown-runs", ["diff", "nope1", "nope2", "--db", STORE], ("nope1",), store=STORE),
    Case("evaluate-out-a-file", ["evaluate", "RUN", "--db", STORE, "--out", "{tmp}/f"],
         ("--out", "is a file"), files={"f": "x"}, store=STORE),
    Case("evaluate-items-empty", ["evaluate", "RUN", "--db", STORE, "--items", ",,"],
         ("--items", "no item given"), store=STORE),
    Case("evaluate-items-unknown", ["evaluate", "RUN", "--db", STORE, "--items", "O99",
         "--out", "{tmp}/o"], ("--items", "O99"), store=STORE),
    Case("summary-out-a-file", ["summary", "--db", STORE, "--out", "{tmp}/f"],
         ("--out", "is a file"), files={"f": "x"}, store=STORE),
    Case("summary-no-store", ["summary", "--db", "{tmp}/none.sqlite"],
         ("no evidence database here",), store="{tmp}/none.sqlite"),
    Case("serve-port-70000", ["serve", "--db", STORE, "--port", "70000"], ("0-65535",),
         store=None),
    Case("serve-bad-host", ["serve", "--db", STORE, "--host", "no such host!", "--port", "0"],
         ("--host",), store=None),
    Case("merge-missing-source", ["merge", "{tmp}/w1.sqlite", "--into", "{tmp}/m.sqlite"],
         ("w1.sqlite", "no evidence database here"), store="{tmp}/m.sqlite"),
    Case("merge-foreign-source", ["merge", "{tmp}/f.sqlite", "--into", "{tmp}/m.sqlite"],
         ("f.sqlite", "not an oitcrawl evidence store"), store="{tmp}/m.sqlite",
         files={"f.sqlite": b"\x00not sqlite" * 100}),
    Case("merge-into-itself", ["merge", STORE, "--into", STORE], ("--into database itself",),
         store=STORE),
    Case("replay-missing", ["replay", "{tmp}/none.wacz", "--out", "{tmp}/o"], ("none.wacz",),
         store="{tmp}/o/evidence.sqlite"),
    Case("replay-not-an-archive", ["replay", "{tmp}/x.wacz", "--out", "{tmp}/o"], ("x.wacz",),
         files={"x.wacz": "just text"}, store="{tmp}/o/evidence.sqlite"),
]  # fmt: skip


@pytest.mark.parametrize("case", [c.param() for c in CASES])
def test_bad_store_input(case, tmp_path, template):
    case.args = [template[1] if a == "RUN" else a for a in case.args]
    run_case(case, tmp_path, template[0])


def test_a_foreign_database_is_refused_and_left_alone(tmp_path):
    path = foreign_db(tmp_path)
    case = Case("foreign", ["runs", "--db", str(path)], ("not an oitcrawl evidence store",),
                store=str(path))  # fmt: skip
    run_case(case, tmp_path)
    for command in (["summary", "--db", str(path), "--out", str(tmp_path / "s")],
                    ["evaluate", "x", "--db", str(path)]):  # fmt: skip
        run_case(Case("foreign", command, ("not an oitcrawl",), store=str(path)), tmp_path)


def test_serve_on_a_busy_port_is_bad_input_not_fail_under(tmp_path, template):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        case = Case("busy", ["serve", "--db", "{store}", "--port", str(port)],
                    (f"--port {port}", "in use"), store=None)  # fmt: skip
        run_case(case, tmp_path, template[0])


def test_runs_lists_whole_ids_when_piped_and_as_json(tmp_path, template):
    import json

    result = run_case(Case("ok", ["runs", "--db", "{store}"], (), code=0), tmp_path, template[0])
    assert template[1] in result.stdout
    result = run_case(Case("ok", ["runs", "--db", "{store}", "--json"], (), code=0), tmp_path)
    assert [r["id"] for r in json.loads(result.stdout)] == [template[1]]
