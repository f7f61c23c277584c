"""pdfplumber's "lines" table strategy on a page's edges: snap, join, intersections, cells, tables.

The geometry of pdfplumber's default ``TableFinder`` (snap, join and intersection tolerances
3, edge_min_length 3) over the edges ``pdf_paths`` reads:

1. Edges of at least 1 point, snapped (within 3 points to their cluster's mean position),
   joined (collinear pieces within 3 points), then those of at least 3 points kept.
2. Intersections (within 3 points) → the smallest cells whose four corners are joined by
   edges → tables: cells grouped by shared corners, tables of at least two cells; rows by cell
   top, one column per distinct cell left (a merged cell leaves ``None``).

A comparison within ``BORDERLINE`` of its tolerance (PDFium keeps 32-bit coordinates,
pdfminer doubles) takes a decision from ``_Ties``; the caller tries the ways.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence

from oitcrawl.extract.pdf_paths import Edge, TooComplex

# pdfplumber's TableSettings defaults (the "lines" strategy)
SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
EDGE_MIN_LENGTH_PREFILTER = 1.0
INTERSECTION_TOLERANCE = 3.0
# PDFium keeps coordinates as 32-bit floats, pdfminer as doubles: they differ by ~1e-4 point.
# A comparison with a tolerance closer than this to its threshold could go either way: the
# page is left to pdfplumber.
BORDERLINE = 1e-3


class _Tie(Exception):
    """A comparison too close to tell was met with no decision given for it."""


class _Ties:
    """Decisions for the comparisons too close to tell (within ``BORDERLINE``), in the order
    they come up: ``decide`` returns the next one, raises ``_Tie`` when none is left."""

    def __init__(self, decisions: Sequence[bool] = ()) -> None:
        self.decisions = list(decisions)
        self.used = 0

    def decide(self) -> bool:
        if self.used >= len(self.decisions):
            raise _Tie
        self.used += 1
        return self.decisions[self.used - 1]

    def le(self, a: float, b: float) -> bool:
        """``a <= b``, a decision when they are too close to tell."""
        return self.decide() if abs(a - b) < BORDERLINE else a <= b


def _snap(edges: list[Edge], axis: int, ties: _Ties) -> list[Edge]:
    """pdfplumber ``snap_objects``: positions (x0 for "v", top for "h") within the tolerance
    of their neighbour form a cluster; each edge moves to its cluster's mean."""
    if not edges:
        return []
    values = sorted({e[axis] for e in edges})
    cluster_of: dict[float, int] = {}
    index, last = 0, values[0]
    for value in values:
        if not ties.le(value, last + SNAP_TOLERANCE):
            index += 1
        cluster_of[value] = index
        last = value
    clusters: dict[int, list[Edge]] = {}
    for e in sorted(edges, key=lambda e: cluster_of[e[axis]]):
        clusters.setdefault(cluster_of[e[axis]], []).append(e)
    out: list[Edge] = []
    for members in clusters.values():
        mean = sum(e[axis] for e in members) / len(members)
        for x0, top, x1, bottom, length in members:
            if axis == 0:
                delta = mean - x0
                out.append((x0 + delta, top, x1 + delta, bottom, length))
            else:
                delta = mean - top
                out.append((x0, top + delta, x1, bottom + delta, length))
    return out


def _join(edges: list[Edge], vertical: bool, ties: _Ties) -> list[Edge]:
    """pdfplumber ``join_edge_group`` on each line: pieces along the same line within the
    tolerance become one."""
    key = 0 if vertical else 1  # the line's position
    lo, hi = (1, 3) if vertical else (0, 2)  # where a piece starts and ends along it
    out: list[Edge] = []
    for _, group in itertools.groupby(sorted(edges, key=lambda e: e[key]), key=lambda e: e[key]):
        joined: list[list[float]] = []
        for e in sorted(group, key=lambda e: e[lo]):
            if joined and ties.le(e[lo], joined[-1][hi] + JOIN_TOLERANCE):
                last = joined[-1]
                if e[hi] > last[hi]:
                    last[4] = last[4] + (e[hi] - last[hi])
                    last[hi] = e[hi]
            else:
                joined.append(list(e))
        out.extend(tuple(j) for j in joined)  # type: ignore[misc]
    return out


def _merged(v: list[Edge], h: list[Edge], ties: _Ties) -> tuple[list[Edge], list[Edge]]:
    """pdfplumber ``TableFinder.get_edges`` for the "lines" strategy."""
    v = _longer(v, EDGE_MIN_LENGTH_PREFILTER, ties)
    h = _longer(h, EDGE_MIN_LENGTH_PREFILTER, ties)
    v = _join(_snap(v, 0, ties), True, ties)
    h = _join(_snap(h, 1, ties), False, ties)
    return _longer(v, EDGE_MIN_LENGTH, ties), _longer(h, EDGE_MIN_LENGTH, ties)


def _longer(edges: list[Edge], minimum: float, ties: _Ties) -> list[Edge]:
    return [e for e in edges if ties.le(minimum, e[4])]


Point = tuple[float, float]
Cell = tuple[float, float, float, float]


def _le(a: float, b: float) -> bool | None:
    """``a <= b``, or None when they are too close to tell (``BORDERLINE``)."""
    return None if abs(a - b) < BORDERLINE else a <= b


def _intersections(
    v: list[Edge], h: list[Edge], ties: _Ties, max_pairs: int
) -> dict[Point, tuple[set, set]]:
    """pdfplumber ``edges_to_intersections``: point → (boxes of its v edges, of its h edges).
    A pair whose meeting hangs on a comparison too close to tell takes a decision from
    ``ties``. Raises ``TooComplex`` past ``max_pairs`` vertical × horizontal edges."""
    if len(v) * len(h) > max_pairs:
        raise TooComplex(f"{len(v)} × {len(h)} ruling lines")
    tol = INTERSECTION_TOLERANCE
    out: dict[Point, tuple[set, set]] = {}
    hs = sorted(h, key=lambda e: (e[1], e[0]))
    tops = [e[1] for e in hs]
    for ve in sorted(v, key=lambda e: (e[0], e[1])):
        vx, vtop, vbottom = ve[0], ve[1], ve[3]
        # the h edges whose top can be within the tolerance of the v edge's span
        lo = bisect.bisect_left(tops, vtop - tol - BORDERLINE)
        hi = bisect.bisect_right(tops, vbottom + tol + BORDERLINE)
        for he in hs[lo:hi]:
            htop = he[1]
            meets = (
                _le(vtop, htop + tol),
                _le(htop - tol, vbottom),
                _le(he[0] - tol, vx),
                _le(vx, he[2] + tol),
            )
            if False in meets or (None in meets and not ties.decide()):
                continue
            sets = out.get((vx, htop))
            if sets is None:
                sets = out[(vx, htop)] = (set(), set())
            sets[0].add(ve[:4])
            sets[1].add(he[:4])
    return out


def _cells(points: dict[Point, tuple[set, set]]) -> list[Cell]:
    """pdfplumber ``intersections_to_cells``: for each intersection, the smallest cell it is
    the top-left corner of."""

    def connects(p1: Point, p2: Point) -> bool:
        if p1[0] == p2[0] and not points[p1][0].isdisjoint(points[p2][0]):
            return True
        return p1[1] == p2[1] and not points[p1][1].isdisjoint(points[p2][1])

    below: dict[float, list[Point]] = {}
    right: dict[float, list[Point]] = {}
    ordered = sorted(points)
    for p in ordered:
        below.setdefault(p[0], []).append(p)
        right.setdefault(p[1], []).append(p)
    cells: list[Cell] = []
    for pt in ordered:
        column, row = below[pt[0]], right[pt[1]]
        found = None
        for below_pt in column[column.index(pt) + 1 :]:
            if not connects(pt, below_pt):
                continue
            for right_pt in row[row.index(pt) + 1 :]:
                if not connects(pt, right_pt):
                    continue
                corner = (right_pt[0], below_pt[1])
                if corner in points and connects(corner, right_pt) and connects(corner, below_pt):
                    found = (pt[0], pt[1], corner[0], corner[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _tables(cells: list[Cell]) -> list[list[Cell]]:
    """pdfplumber ``cells_to_tables``: cells grouped by shared corners, top-left first;
    groups of one cell dropped."""
    remaining = list(cells)
    corners: set[Point] = set()
    current: list[Cell] = []
    tables: list[list[Cell]] = []
    while remaining:
        before = len(current)
        for cell in list(remaining):
            x0, top, x1, bottom = cell
            cell_corners = ((x0, top), (x0, bottom), (x1, top), (x1, bottom))
            if not current or any(c in corners for c in cell_corners):
                corners.update(cell_corners)
                current.append(cell)
                remaining.remove(cell)
        if len(current) == before:
            tables.append(current)
            corners, current = set(), []
    if current:
        tables.append(current)
    tables.sort(key=lambda t: min((c[1], c[0]) for c in t))
    return [t for t in tables if len(t) > 1]


def _rows(cells: list[Cell]) -> list[list[Cell | None]]:
    """pdfplumber ``Table.rows``: cells by top, one slot per distinct cell left."""
    xs = sorted({c[0] for c in cells})
    rows = []
    for _, row_cells in itertools.groupby(
        sorted(cells, key=lambda c: (c[1], c[0])), lambda c: c[1]
    ):
        by_x = {c[0]: c for c in row_cells}
        rows.append([by_x.get(x) for x in xs])
    return rows


def _table_cells(
    v: list[Edge], h: list[Edge], ties: _Ties, max_pairs: int
) -> list[list[list[Cell | None]]]:
    """The tables of edges ``v`` and ``h``: per table its rows of cell boxes, None for a
    slot covered by a merged cell. Raises ``_Tie`` for a comparison too close to tell that
    ``ties`` has no decision for, ``TooComplex`` past ``max_pairs`` edge pairs."""
    v, h = _merged(v, h, ties)
    return [_rows(t) for t in _tables(_cells(_intersections(v, h, ties, max_pairs)))]
