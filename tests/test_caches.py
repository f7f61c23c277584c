"""Data kept in oitcrawl's cache folder between processes (``oitcrawl.caches``): built once,
read back unchanged, rebuilt when damaged, stale or of other sources, never needed (an
unwritable folder only costs the rebuild); PyThaiNLP's word list read back from it is the
word list PyThaiNLP gives (issue 17)."""

from __future__ import annotations

import os
import subprocess
import sys
from itertools import accumulate
from pathlib import Path

import pytest

from oitcrawl import caches


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("OITCRAWL_CACHE_DIR", str(path))
    return path


def _counting(value: object) -> tuple[list[int], object]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def _is_dict(data: object) -> bool:
    return isinstance(data, dict)


def test_built_once_then_read_back(folder: Path) -> None:
    value = {"ก": True, "กา": True, "กข": False}
    calls, build = _counting(value)
    assert caches.built_once("words", "k1", build, _is_dict) == value
    assert caches.built_once("words", "k1", build, _is_dict) == value
    assert calls == [1]
    assert [p.name for p in folder.iterdir()] == ["words-k1.marshal"]


def test_a_damaged_or_foreign_entry_is_rebuilt(folder: Path) -> None:
    calls, build = _counting({"a": True})
    folder.mkdir()
    (folder / "words-k1.marshal").write_bytes(b"\x00not marshal")
    assert caches.built_once("words", "k1", build, _is_dict) == {"a": True}
    (folder / "words-k1.marshal").write_bytes(__import__("marshal").dumps([1, 2]))
    assert caches.built_once("words", "k1", build, _is_dict) == {"a": True}  # not valid
    assert calls == [1, 1]
    assert caches.built_once("words", "k1", build, _is_dict) == {"a": True}
    assert calls == [1, 1]


def test_a_new_key_replaces_the_older_entry(folder: Path) -> None:
    caches.built_once("words", "old", lambda: {"a": True}, _is_dict)
    caches.built_once("other", "x", lambda: {"b": True}, _is_dict)
    assert caches.built_once("words", "new", lambda: {"c": True}, _is_dict) == {"c": True}
    assert sorted(p.name for p in folder.iterdir()) == ["other-x.marshal", "words-new.marshal"]


def test_an_unwritable_folder_only_costs_the_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("OITCRAWL_CACHE_DIR", str(blocker / "cache"))
    calls, build = _counting({"a": True})
    assert caches.cache_dir() is None
    assert caches.built_once("words", "k", build, _is_dict) == {"a": True}
    assert caches.built_once("words", "k", build, _is_dict) == {"a": True}
    assert calls == [1, 1]


def test_the_key_follows_the_source_files(tmp_path: Path) -> None:
    source = tmp_path / "words.txt"
    source.write_text("ก\n")
    first = caches.source_key([source])
    assert caches.source_key([source]) == first
    source.write_text("ก\nข\n")
    os.utime(source, ns=(1, 1))
    assert caches.source_key([source]) != first
    assert caches.source_key([tmp_path / "missing"]) != first


_WORDS = """
import hashlib, json, sys
from oitcrawl.extract import thai
from oitcrawl.extract.newmm import _patterns
w = thai.thai_words()
print(json.dumps({
    "words": hashlib.sha256("\\n".join(sorted(w.words)).encode()).hexdigest(),
    "stems": hashlib.sha256(repr(sorted(w.stems.items())).encode()).hexdigest(),
    "patterns": [p.pattern for p in _patterns()],
    "pythainlp": "pythainlp" in sys.modules,
}))
"""


def _words_in_a_new_process(folder: Path) -> str:
    env = dict(os.environ, OITCRAWL_CACHE_DIR=str(folder))
    run = subprocess.run(
        [sys.executable, "-c", _WORDS], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_thai_words_read_back_are_pythainlps_and_spare_its_import(folder: Path) -> None:
    import json

    from oitcrawl.extract import thai

    built = json.loads(_words_in_a_new_process(folder))  # builds and keeps them
    kept = sorted(p.name.rsplit("-", 1)[0] for p in folder.iterdir())
    assert kept == ["newmm-patterns", "thai-word-stems", "thai-words"]
    read = json.loads(_words_in_a_new_process(folder))  # reads them back
    assert built["pythainlp"] is True
    assert read["pythainlp"] is False
    assert {k: v for k, v in read.items() if k != "pythainlp"} == {
        k: v for k, v in built.items() if k != "pythainlp"
    }
    import hashlib

    from pythainlp.corpus import thai_words

    want = sorted(w for w in (w.strip() for w in thai_words()) if w)
    assert read["words"] == hashlib.sha256("\n".join(want).encode()).hexdigest()
    assert (
        read["stems"]
        == hashlib.sha256(
            repr(sorted(thai.word_stems(frozenset(want)).items())).encode()
        ).hexdigest()
    )


_DICTIONARY = """
import hashlib, json
from oitcrawl.extract import newmm, thai
tokens = newmm.cut("ประกาศสำนักงานเขตห้วยขวาง กล้วย ๆ เรื่อง")
print(json.dumps({
    "sorted": hashlib.sha256(thai.sorted_words().encode()).hexdigest(),
    "spaced": [[k, [[a, sorted(b), n] for a, b, n in v]] for k, v in sorted(thai.spaced_words().items())],
    "tokens": tokens,
    "words read": thai.thai_words.cache_info().currsize,
}))
"""


def test_the_c_dictionary_is_read_back_as_built_and_rebuilt_when_damaged(folder: Path) -> None:
    import json

    from oitcrawl.extract import newmm, thai

    if newmm.C is None:
        pytest.skip("the C twins are not built")

    def run() -> dict:
        env = dict(os.environ, OITCRAWL_CACHE_DIR=str(folder))
        done = subprocess.run([sys.executable, "-c", _DICTIONARY], env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    built = run()  # builds the entries from the word list
    read = run()  # reads them back: the word set itself is not read
    import hashlib

    assert built["sorted"] == hashlib.sha256(thai.join_sorted().encode()).hexdigest()
    assert {**read, "words read": 1} == {**built, "words read": 1}
    assert (built["words read"], read["words read"]) == (1, 0)
    assert built["tokens"] == newmm.cut_python("ประกาศสำนักงานเขตห้วยขวาง กล้วย ๆ เรื่อง")
    [entry] = folder.glob("thai-dictionary-*.marshal")
    entry.write_bytes(__import__("marshal").dumps("ข\nก\n" * 1000))  # words out of order
    damaged = run()
    assert (damaged["tokens"], damaged["words read"]) == (built["tokens"], 1)  # built afresh


def test_cutting_an_excerpt_reads_the_words_but_not_their_beginnings(folder: Path) -> None:
    """An excerpt's edge is a short text: the word set answers it, and the table of every
    word beginning (~235,000 entries, what scoring a page needs) is not read."""
    script = (
        "from oitcrawl.extract import thai\n"
        "print(thai.word_starts('ประกาศสำนักงานเขตห้วยขวาง'))\n"
        "print('stems' in vars(thai.thai_words()))\n"
    )
    env = dict(os.environ, OITCRAWL_CACHE_DIR=str(folder))
    run = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    starts, stems_read = run.stdout.split("\n")[:2]
    from pythainlp.tokenize import word_tokenize

    tokens = word_tokenize("ประกาศสำนักงานเขตห้วยขวาง", engine="newmm", keep_whitespace=True)
    assert starts == str([0, *accumulate(map(len, tokens))])  # PyThaiNLP's own cut
    assert stems_read == "False"
