"""PyThaiNLP's ``newmm`` word cut, the same tokens in a fraction of the time (issue 17).

``cut(text)`` returns exactly ``pythainlp.tokenize.newmm.segment(text, custom_dict=
thai.thai_words())``: the same Thai character clusters (PyThaiNLP's own TCC pattern), the same
dictionary, the same graph search (candidate ends in a heap, a cut when one candidate is left,
the first breadth-first path, the graph-size cut-off, the same out-of-dictionary skips). It
differs only in work: the dictionary is walked at cluster ends only (a word ending inside a
cluster is never used), each position's words are looked up once, and the clusters come from
one regex scan instead of one match per slice. ``tests/test_layer_quality_identity.py``
compares it with PyThaiNLP on every page of the real corpus.

``pieces(text)`` splits a text normalised by ``thai.normalize_text`` (whitespace: single
spaces and newlines) at the whitespace no dictionary word spans ("กล้วย ๆ" is one word): there
the cut starts afresh (no word, cluster or skip crosses a whitespace character, and the
candidates all meet at it), so cutting each piece alone gives the text's own tokens. Pieces
repeat across pages (headers, form labels), so their scores can be cached.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from heapq import heappop, heappush
from itertools import accumulate

from .speedups import C
from .thai import join_sorted, sorted_words, spaced_words, thai_words

_fast_cut = C.cut if C is not None else None  # the graph search in C (else cut_python)

__all__ = ["cut", "cut_python", "pieces"]

MAX_GRAPH_SIZE = 50  # pythainlp.tokenize.newmm._MAX_GRAPH_SIZE
_SPACE_OR_NEWLINE_RE = re.compile("[ \n]")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    # PyThaiNLP's own patterns, so a change there changes both cuts alike (the identity test
    # would show it): clusters (one match per cluster, any other character alone), non-Thai
    # tokens, and the two-consonant words a skip does not stop at. Their sources are kept in
    # the cache folder, keyed by PyThaiNLP's two modules and this one (which derives them):
    # importing PyThaiNLP takes ~0.07 s.
    from oitcrawl.caches import built_once, source_key

    from .thai import pythainlp_file

    modules = [
        pythainlp_file("tokenize", "newmm.py"),
        pythainlp_file("tokenize", "tcc_p.py"),
        __file__,
    ]
    sources = built_once("newmm-patterns", source_key(modules), _pattern_sources, _are_sources)
    (plain, _), (nonthai, nonthai_flags), (two, two_flags) = sources
    clusters = re.compile(f"(?:{plain})|.", re.DOTALL)
    return clusters, re.compile(nonthai, nonthai_flags), re.compile(two, two_flags)


def _pattern_sources() -> tuple[tuple[str, int], ...]:
    from pythainlp.tokenize.newmm import _PAT_NONTHAI, _PAT_THAI_TWOCHARS
    from pythainlp.tokenize.tcc_p import _PAT_TCC

    # the cluster pattern's groups made non-capturing, so findall gives the clusters themselves
    plain = re.sub(r"\((?!\?)", "(?:", _PAT_TCC.pattern)
    return tuple(
        (p, f)
        for p, f in (
            (plain, 0),
            *((x.pattern, x.flags) for x in (_PAT_NONTHAI, _PAT_THAI_TWOCHARS)),
        )
    )


def _are_sources(data: object) -> bool:
    return (
        isinstance(data, tuple)
        and len(data) == 3
        and all(isinstance(p, str) and isinstance(f, int) for p, f in data)
    )


def prepare() -> None:
    """Load what ``cut`` and ``pieces`` need once per process (the dictionary, in C or with
    every beginning of a word, the words holding a space, the cluster patterns), ahead of
    the first text: ~0.01 s read from the cache folder with the C twin, ~0.1 s without."""
    if _fast_cut is None:
        thai_words().stems  # noqa: B018  (built or read on first need)
    else:
        dictionary()
    spaced_words()
    _patterns()


@lru_cache(maxsize=1)
def dictionary() -> object:
    """``thai_words()`` for the C twins of ``cut`` and ``layer_damage``'s token score (a
    capsule of ``_speedups.dictionary``): built from ``thai.sorted_words`` in ~2 ms, no table
    of their beginnings needed. Only where the C module is built."""
    assert C is not None
    try:
        return C.dictionary(sorted_words())
    except ValueError:  # a cache entry that is not the sorted words after all: build them
        return C.dictionary(join_sorted())


def cut(text: str) -> list[str]:
    """``text`` cut into words as ``pythainlp.tokenize.newmm.segment(text, custom_dict=
    thai_words())`` cuts it (whitespace runs are tokens too; "".join gives ``text``).
    The graph search runs in C (``_speedups.cut``) where that module is built, else in
    Python (``cut_python``); the two give the same tokens (``tests/test_speedups.py``)."""
    if not text:
        return []
    if _fast_cut is None:
        return cut_python(text)
    clusters, nonthai, two_chars = _patterns()
    bounds = list(accumulate(map(len, clusters.findall(text))))
    return _fast_cut(text, bounds, dictionary(), nonthai.match, two_chars.match)


def cut_python(text: str) -> list[str]:
    """``cut`` in Python alone: the reference the C twin is measured against."""
    if not text:
        return []
    clusters, nonthai, two_chars = _patterns()
    dictionary = thai_words()
    stems = dictionary.stems
    n = len(text)
    bounds = list(accumulate(map(len, clusters.findall(text))))
    valid = bytearray(n + 1)
    after: dict[int, int] = {0: 0}  # cluster end → index of the next cluster end in bounds
    for i, e in enumerate(bounds):
        valid[e] = 1
        after[e] = i + 1
    known: dict[int, list[int]] = {}

    def ends(b: int) -> list[int]:
        """Ends (cluster ends only, shortest first) of the dictionary words at ``b``."""
        found = known.get(b)
        if found is None:
            found = known[b] = []
            for i in range(after[b], len(bounds)):
                is_word = stems.get(text[b : bounds[i]])
                if is_word is None:  # no longer word starts so
                    break
                if is_word:
                    found.append(bounds[i])
        return found

    tokens: list[str] = []
    graph: dict[int, list[int]] = {}
    size = 0
    heap = [0]
    done = 0  # end of the tokens given out
    while heap[0] < n:
        b = heappop(heap)
        found = known.get(b)
        if found is None:
            found = ends(b)
        if found:
            edges = graph[b] = []
            for e in found:
                edges.append(e)
                size += 1
                if e not in heap:
                    heappush(heap, e)
                if size > MAX_GRAPH_SIZE:
                    break
        if len(heap) == 1 and b == done and len(graph) == 1:  # one word, nothing else seen
            tokens.append(text[done : heap[0]])
            done, size = heap[0], 0
            graph.clear()
        elif len(heap) == 1:  # one candidate left: the first breadth-first path to it
            goal = heap[0]
            parent = {done: done}
            queue, qi = [done], 0
            while goal not in parent:
                v = queue[qi]
                qi += 1
                for q in graph.get(v, ()):
                    if q == goal or q not in parent:
                        parent[q] = v
                        if q == goal:
                            break
                        queue.append(q)
            path = [goal]
            while path[-1] != done:
                path.append(parent[path[-1]])
            tokens.extend(text[path[i] : path[i - 1]] for i in range(len(path) - 1, 0, -1))
            done, size = goal, 0
            graph.clear()
        elif not heap:  # no word here: skip to where one starts, or past non-Thai text
            m = nonthai.match(text, b)
            done = m.end() if m else b + 1
            while not m and done < n:  # to the first cluster end where a word (not two
                if valid[done]:  # consonants alone) or non-Thai text starts
                    found = known.get(done)
                    if found is None:
                        found = ends(done)
                    if found and (
                        found[-1] - done > 2
                        or any(not two_chars.match(text, done, e) for e in found)
                    ):
                        break
                    if nonthai.match(text, done):
                        break
                done += 1
            size = 0
            graph.clear()
            tokens.append(text[b:done])
            heappush(heap, done)
    return tokens


def pieces(text: str) -> Iterator[tuple[str, bool]]:
    """``(piece, last)`` pairs of ``text`` (``thai.normalize_text`` output, maybe cut short)
    split at each space or newline that no dictionary word spans, the whitespace itself left
    out; ``last`` is True for the final piece (the rest of ``text``, whitespace and all).
    ``cut(piece + " ")`` less its final " " (``cut(piece)`` for the last) are ``cut(text)``'s
    tokens of that piece (a space after it even where the text has a newline: the cluster
    pattern's ``$`` would match before a final newline, never before a space)."""
    spanned = spaced_words()
    start = 0
    last = len(text) - 1
    for m in _SPACE_OR_NEWLINE_RE.finditer(text):
        s = m.start()
        if s == last:
            break
        if text[s] == " ":
            near = spanned.get(text[s + 1 : s + 3], ()) + spanned.get(text[s + 1], ())
            if any(
                text.startswith(after, s + 1)
                and any(k <= s and text[s - k : s] in before for k in lengths)
                for after, before, lengths in near
            ):
                continue
        yield text[start:s], False
        start = s + 1
    yield text[start:], True
