"""Ruled tables in PDFs, found in PDFium's own page objects; PDFium reads each cell's text.

The geometry is pdfplumber's default "lines" strategy (``TableFinder`` with snap, join and
intersection tolerances 3, edge_min_length 3), redone on the vector paths PDFium already
parsed for the text layer: pdfplumber would have pdfminer parse every object of the page again
(~50× PDFium's time per page, 345,000 ``logging.debug`` calls on 20 pages of a budget PDF).
The tables are the ones pdfplumber finds, cell for cell (``tests/test_pdf_tables_pdfium.py``
compares both on every PDF of the sample site and of the real corpus):

1. Edges, as pdfminer/pdfplumber make them: every painted path object (page and form
   XObjects, at most ``pdf._MAX_OBJECT_DEPTH`` deep, points through the objects' matrices) is
   split into subpaths at each move; a subpath "m l" / "m l h" is a line (one edge, "h" when
   both ends are at the same height, else "v"), "m l l l h" / "m l l l l" closed and
   axis-aligned is a rectangle (its four sides), anything else a curve (an edge between each
   pair of consecutive end points that share x or y). Coordinates are pdfplumber's: x from the
   left, ``top`` from the top of the MediaBox, the page turned by its /Rotate as pdfminer does.
2. Edges of at least 1 point, snapped (within 3 points to their cluster's mean position),
   joined (collinear pieces within 3 points), then those of at least 3 points kept.
3. Intersections (within 3 points) → the smallest cells whose four corners are joined by
   edges → tables: cells grouped by shared corners, tables of at least two cells; rows by cell
   top, one column per distinct cell left (a merged cell leaves ``None``, written "").

Each cell's text is PDFium's ``get_text_bounded`` inside the cell's box: pdfminer loses every
า of a split ำ on LibreOffice exports (``(cid:3)``) and reorders characters by x position
(issue 4), while PDFium honours /ActualText.

Only pages that can hold a ruled table are searched: a PDF text layer (not OCR) and at least
``MIN_PATHS`` top-level path objects; scanned pages have no cell text to read. A comparison
within ``BORDERLINE`` of its tolerance (PDFium keeps 32-bit coordinates, pdfminer doubles: an
edge exactly 3 points from the next could go either way) is tried both ways, up to
``MAX_TIES`` of them per page. pdfplumber remains the fallback for the pages PDFium cannot
settle: ways that give different tables (2 pages of the real corpus), more ties, a reversed
MediaBox, form XObjects nested deeper than the bound, a path whose segments cannot be read.
A page with more than ``MAX_EDGE_PAIRS`` vertical × horizontal edges or ``MAX_SEGMENTS``
path segments is skipped (noted in the error). The search stops after ``TIME_BUDGET_S``
seconds per document.
"""

from __future__ import annotations

import bisect
import ctypes
import io
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from oitcrawl.extract.pdf import _MAX_OBJECT_DEPTH, PDFIUM_LOCK, PdfPage
from oitcrawl.extract.thai import normalize_text

__all__ = [
    "MIN_PATHS",
    "TIME_BUDGET_S",
    "PdfTable",
    "TableSearch",
    "extract_pdf_tables",
    "page_tables",
]

MIN_PATHS = 6  # a ruled table has at least a few lines; text-only pages have none
TIME_BUDGET_S = 20.0  # seconds per document for table finding
MAX_ROWS = 2000  # rows kept per table
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
# vertical × horizontal edges paired on one page at the most (pdfplumber pairs all of them:
# a page of 5,000 × 5,000 hairlines would take minutes); a page with more is skipped
MAX_EDGE_PAIRS = 4_000_000
MAX_TIES = 4  # comparisons at a tolerance tried both ways on one page (16 ways at the most)
MAX_SEGMENTS = 200_000  # path segments read on one page at the most (~1 s); more: skipped


@dataclass(frozen=True)
class PdfTable:
    """A table found on PDF page ``page`` (1-based): ``rows`` of cell texts ("" for a cell
    merged into its neighbour), whitespace collapsed."""

    page: int
    rows: list[list[str]]


class Unsettled(Exception):
    """The page's geometry cannot be read the way pdfminer reads it (pdfplumber decides)."""


class TooComplex(Exception):
    """More ruling lines than a table search can pair in reasonable time: page skipped."""


# --------------------------------------------------------------------------- page objects


def _path_count(page: pdfium.PdfPage) -> int:
    """Top-level path objects of ``page`` (form XObjects not entered)."""
    raw = page.raw
    kind_path = pdfium_c.FPDF_PAGEOBJ_PATH
    return sum(
        1
        for i in range(pdfium_c.FPDFPage_CountObjects(raw))
        if pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, i)) == kind_path
    )


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(obj: object, fs: pdfium_c.FS_MATRIX) -> Matrix:
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, fs):
        raise Unsettled("object matrix unreadable")
    return (fs.a, fs.b, fs.c, fs.d, fs.e, fs.f)


def _then(m: Matrix, n: Matrix) -> Matrix:
    """``m`` followed by ``n`` (row vectors: p·m·n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _painted_paths(page: pdfium.PdfPage) -> list[tuple[object, Matrix]]:
    """(path object, its matrix to page space) of every filled or stroked path, in content
    order, form XObjects entered in place. Raises Unsettled past ``_MAX_OBJECT_DEPTH``."""
    path, form = pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM
    fs = pdfium_c.FS_MATRIX()
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    out: list[tuple[object, Matrix]] = []

    def walk(count: int, get: object, holder: object, parent: Matrix, depth: int) -> None:
        for i in range(count):
            obj = get(holder, i)  # type: ignore[operator]
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == path:
                if not pdfium_c.FPDFPath_GetDrawMode(obj, fill, stroke):
                    raise Unsettled("path draw mode unreadable")
                if fill.value != pdfium_c.FPDF_FILLMODE_NONE or stroke.value:
                    out.append((obj, _then(_matrix(obj, fs), parent)))
            elif kind == form:
                if depth >= _MAX_OBJECT_DEPTH:
                    raise Unsettled("form XObjects nested too deep")
                walk(
                    pdfium_c.FPDFFormObj_CountObjects(obj),
                    pdfium_c.FPDFFormObj_GetObject,
                    obj,
                    _then(_matrix(obj, fs), parent),
                    depth + 1,
                )

    raw = page.raw
    walk(pdfium_c.FPDFPage_CountObjects(raw), pdfium_c.FPDFPage_GetObject, raw, _IDENTITY, 0)
    return out


# An edge: (x0, top, x1, bottom, length); "v" edges have length = height, "h" = width.
Edge = tuple[float, float, float, float, float]


def _subpaths(obj: object, m: Matrix) -> list[tuple[str, list[tuple]]]:
    """The path's subpaths as pdfminer sees them: (operators such as "mlllh", the end point
    of each operator through ``m``, pdfminer's page space; "h" repeats the subpath's start)."""
    n = pdfium_c.FPDFPath_CountSegments(obj)
    if n < 0:
        raise Unsettled("path segments unreadable")
    a, b, c, d, e, f = m
    x, y = ctypes.c_float(), ctypes.c_float()
    line, bezier, move = (
        pdfium_c.FPDF_SEGMENT_LINETO,
        pdfium_c.FPDF_SEGMENT_BEZIERTO,
        pdfium_c.FPDF_SEGMENT_MOVETO,
    )
    subpaths: list[tuple[str, list[tuple]]] = []
    ops: list[str] = []
    pts: list[tuple] = []
    pending_bezier = 0
    for i in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            raise Unsettled("path segment unreadable")
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        px, py = x.value, y.value
        pt = (a * px + c * py + e, b * px + d * py + f)
        if kind == move:
            if ops:
                subpaths.append(("".join(ops), pts))
            ops, pts = ["m"], [pt]
            pending_bezier = 0
            continue
        if not ops:
            raise Unsettled("path does not start with a move")
        if kind == line:
            if pending_bezier:
                raise Unsettled("incomplete Bézier segment")
            ops.append("l")
            pts.append(pt)
        elif kind == bezier:
            pending_bezier += 1
            if pending_bezier < 3:  # two control points, then the end point
                continue
            pending_bezier = 0
            ops.append("c")
            pts.append(pt)
        else:
            raise Unsettled("unknown path segment type")
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            ops.append("h")
            pts.append(pts[0])
    if pending_bezier:
        raise Unsettled("incomplete Bézier segment")
    if ops:
        subpaths.append(("".join(ops), pts))
    return subpaths


class _Space:
    """pdfplumber's page coordinates of pdfminer's points (``Page.process_object``)."""

    def __init__(self, mediabox: tuple[float, float, float, float], rotation: int) -> None:
        x0, y0, x1, y1 = mediabox
        # pdfminer's page matrix (PDFPageInterpreter.process_page)
        self.ctm: Matrix = {
            90: (0, -1, 1, 0, -y0, x1),
            180: (-1, 0, 0, -1, x1, y1),
            270: (0, 1, -1, 0, y1, -x0),
        }.get(rotation, (1, 0, 0, 1, -x0, -y0))
        # pdfplumber's MediaBox: turned for 90/270, flipped to measure from the top
        nx0, ny0, _, ny1 = (y0, x0, y1, x1) if rotation in (90, 270) else (x0, y0, x1, y1)
        mb_height = ny1 - ny0
        self.mb_x0, self.mb_top = nx0, mb_height - ny1
        self.height = (mb_height - ny0) - self.mb_top

    def x(self, x: float) -> float:
        """x of a line or rectangle."""
        return x + self.mb_x0 if self.mb_x0 != 0 else x

    def top(self, y: float) -> float:
        """top of a line or rectangle from its pdfminer y."""
        return (self.height - y) + self.mb_top

    def curve_point(self, pt: tuple) -> tuple[float, float]:
        """a curve point (``Page.point2coord``)."""
        return (self.mb_x0 + pt[0], self.mb_top + self.height - pt[1])


def _subpath_edges(
    shape: str, pts: list[tuple], space: _Space, v: list[Edge], h: list[Edge]
) -> None:
    """pdfminer's ``paint_path`` for one subpath, then pdfplumber's edges of the result."""
    if shape.count("m") != 1 or len(shape) < 2:  # a lone move paints nothing
        return
    if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
        shape = shape[:-2] + "h"
        pts = pts[:-1]
    if shape in ("mlh", "ml"):  # LTLine: one edge of its bounding box
        (x0, y0), (x1, y1) = pts[0], pts[1]
        left, right = space.x(min(x0, x1)), space.x(max(x0, x1))
        top, bottom = space.top(max(y0, y1)), space.top(min(y0, y1))
        if top == bottom:
            h.append((left, top, right, bottom, right - left))
        else:
            v.append((left, top, right, bottom, bottom - top))
        return
    if shape in ("mlllh", "mllll"):
        (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
        if pts[0] == pts[4] and (
            (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0)
            or (y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
        ):  # LTRect: its four sides
            left, right = space.x(min(x0, x2)), space.x(max(x0, x2))
            top, bottom = space.top(max(y0, y2)), space.top(min(y0, y2))
            width, hgt = right - left, bottom - top
            h.append((left, top, right, top, width))
            h.append((left, bottom, right, bottom, width))
            v.append((left, top, left, bottom, hgt))
            v.append((right, top, right, bottom, hgt))
            return
    points = [space.curve_point(p) for p in pts]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):  # LTCurve: axis-aligned pairs
        if x0 == x1:
            v.append((x0, min(y0, y1), x1, max(y0, y1), abs(y0 - y1)))
        elif y0 == y1:
            h.append((min(x0, x1), y0, max(x0, x1), y1, abs(x0 - x1)))


def page_edges(page: pdfium.PdfPage) -> tuple[list[Edge], list[Edge]]:
    """(vertical, horizontal) edges of ``page`` as pdfplumber's ``Page.edges`` has them, before
    any filtering; coordinates in points, x from the left, top from the top of the MediaBox
    (pdfplumber's, turned with /Rotate). Raises ``Unsettled`` for a page PDFium's objects
    cannot describe that way, ``TooComplex`` past ``MAX_SEGMENTS`` path segments."""
    rotation = page.get_rotation() % 360
    box = [ctypes.c_float() for _ in range(4)]
    if pdfium_c.FPDFPage_GetMediaBox(page.raw, *box):
        left, bottom, right, top = (c.value for c in box)
    else:  # inherited from the page tree: PDFium's page box (MediaBox ∩ CropBox)
        left, bottom, right, top = page.get_bbox()
    if left > right or bottom > top:
        raise Unsettled("reversed MediaBox")
    space = _Space((left, bottom, right, top), rotation)
    v: list[Edge] = []
    h: list[Edge] = []
    segments = 0
    for obj, m in _painted_paths(page):
        segments += max(0, pdfium_c.FPDFPath_CountSegments(obj))
        if segments > MAX_SEGMENTS:
            raise TooComplex(f"more than {MAX_SEGMENTS:,} path segments")
        for shape, pts in _subpaths(obj, _then(m, space.ctm)):
            _subpath_edges(shape, pts, space, v, h)
    return v, h


# --------------------------------------------------------------------------- geometry


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


def _intersections(v: list[Edge], h: list[Edge], ties: _Ties) -> dict[Point, tuple[set, set]]:
    """pdfplumber ``edges_to_intersections``: point → (boxes of its v edges, of its h edges).
    A pair whose meeting hangs on a comparison too close to tell takes a decision from
    ``ties``. Raises ``TooComplex`` past ``MAX_EDGE_PAIRS``."""
    if len(v) * len(h) > MAX_EDGE_PAIRS:
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


def _table_cells(v: list[Edge], h: list[Edge], ties: _Ties) -> list[list[list[Cell | None]]]:
    v, h = _merged(v, h, ties)
    return [_rows(t) for t in _tables(_cells(_intersections(v, h, ties)))]


def table_cells(page: pdfium.PdfPage) -> list[list[list[Cell | None]]]:
    """The ruled tables of ``page`` as pdfplumber's default ``find_tables`` finds them: per
    table its rows of cell boxes ``(x0, top, x1, bottom)`` in points (x from the left, top
    from the top of the MediaBox), None for a slot covered by a merged cell. Raises
    ``Unsettled`` for a page to leave to pdfplumber: a comparison too close to tell (see
    ``page_tables``, which tries both ways)."""
    try:
        return _table_cells(*page_edges(page), _Ties())
    except _Tie:
        raise Unsettled("a comparison at its tolerance") from None


# --------------------------------------------------------------------------- cell text


def _cell_text(textpage: pdfium.PdfTextPage, height: float, box: tuple) -> str:
    x0, top, x1, bottom = box
    # pdfplumber measures from the top of the page, PDFium from the bottom.
    text = textpage.get_text_bounded(left=x0, bottom=height - bottom, right=x1, top=height - top)
    return " ".join(normalize_text(text).split())


def _read_tables(
    number: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, found: Sequence
) -> list[PdfTable]:
    """Cell texts of the tables ``found`` on ``page`` (row lists of boxes or None); tables
    of fewer than two rows dropped, at most ``MAX_ROWS`` rows kept."""
    height = page.get_height()
    out = []
    for rows in found:
        texts = [[_cell_text(textpage, height, c) if c else "" for c in r] for r in rows[:MAX_ROWS]]
        if len(texts) >= 2:
            out.append(PdfTable(number, texts))
    return out


def page_tables(
    number: int, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage
) -> list[PdfTable] | None:
    """The ruled tables of the open PDFium ``page`` (1-based ``number``) with their cell texts
    from ``textpage``; None when PDFium cannot settle the page (pdfplumber must). Raises
    ``TooComplex`` for a page with more than ``MAX_EDGE_PAIRS`` edge pairs. The caller holds
    ``pdf.PDFIUM_LOCK``."""
    try:
        v, h = page_edges(page)
    except Unsettled:
        return None
    # Each comparison too close to tell (PDFium's 32-bit coordinates against pdfminer's
    # doubles) is tried both ways, up to MAX_TIES of them: when every way gives the same
    # tables, pdfplumber would have found them too.
    results: list[list[PdfTable]] = []
    pending: list[list[bool]] = [[]]
    while pending:
        decisions = pending.pop()
        try:
            found = _table_cells(v, h, _Ties(decisions))
        except _Tie:
            if len(decisions) >= MAX_TIES:
                return None
            pending += [[*decisions, False], [*decisions, True]]
            continue
        results.append(_read_tables(number, page, textpage, found))
        if results[-1] != results[0]:
            return None
    return results[0]


# --------------------------------------------------------------------------- documents


@dataclass
class TableSearch:
    """The table search of one document, fed page by page while ``extract_pdf`` has each
    page open (its ``page_hook``), finished by ``finish`` once the text of every page is
    decided (OCR'd pages are dropped then). ``budget``: seconds the search may spend on the
    document, PDFium and pdfplumber pages together; ``spent``: seconds spent so far."""

    budget: float = TIME_BUDGET_S
    spent: float = 0.0
    found: dict[int, list[PdfTable]] = field(default_factory=dict)
    fallback: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    error: str | None = None

    def __call__(
        self, page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, p: PdfPage, paths: int
    ) -> None:
        """``extract_pdf``'s page hook: search ``page`` if it has a text layer and at least
        ``MIN_PATHS`` top-level paths (the caller holds the PDFium lock). Never raises."""
        if not p.has_text_layer or paths < MIN_PATHS or self.error:
            return
        if self.spent > self.budget:
            self.error = f"table search stopped: {self.budget:g} s budget used"
            return
        started = time.monotonic()
        try:
            tables = page_tables(p.number, page, textpage)
        except TooComplex as exc:
            self.skipped.append(f"p{p.number} ({exc})")
            tables = []
        except Exception:  # anything PDFium-specific: pdfplumber has a go at the page
            tables = None
        self.spent += time.monotonic() - started
        if tables is None:
            self.fallback.append(p.number)
        else:
            self.found[p.number] = tables

    def finish(self, data: bytes, pages: Sequence[PdfPage]) -> tuple[list[PdfTable], str | None]:
        """``(tables, error)`` in page order for the pages still carrying their text layer
        (not OCR'd); pages PDFium could not settle are given to pdfplumber now, within what
        is left of the budget. Never raises for bad input."""
        keep = {p.number for p in pages if p.has_text_layer and not p.ocr}
        tables = [t for n in sorted(self.found) if n in keep for t in self.found[n]]
        wanted = [n for n in self.fallback if n in keep]
        error = self.error
        if wanted and error is None:
            more, error = _plumber_tables(data, wanted, self.budget - self.spent)
            tables = sorted(tables + more, key=lambda t: t.page)  # stable within a page
        if self.skipped:
            note = "table search skipped " + ", ".join(self.skipped)
            error = f"{error}; {note}" if error else note
        return tables, error


def table_candidate_pages(pdf: pdfium.PdfDocument, pages: Sequence[PdfPage]) -> list[int]:
    """Numbers (1-based) of the pages worth a table search: a PDF text layer (not OCR) and at
    least ``MIN_PATHS`` path objects. The caller holds ``pdf.PDFIUM_LOCK``."""
    out: list[int] = []
    for p in pages:
        if not p.has_text_layer or p.ocr:
            continue
        page = pdf[p.number - 1]
        try:
            if _path_count(page) >= MIN_PATHS:
                out.append(p.number)
        finally:
            page.close()
    return out


def extract_pdf_tables(data: bytes, pages: Sequence[PdfPage]) -> tuple[list[PdfTable], str | None]:
    """Find the ruled tables of a PDF whose text layer ``pages`` were read by ``extract_pdf``
    (a document opened again; ``extract_document`` searches while the text is read instead).

    Returns ``(tables, error)``: tables in page order; ``error`` says why the search stopped
    early (time budget, a pdfplumber failure on a fallback page), else None. Never raises for
    bad input.
    """
    search = TableSearch()
    try:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(bytes(data))
    except pdfium.PdfiumError as exc:
        return [], f"table search failed: {exc}"
    try:
        by_number = {p.number: p for p in pages}
        with PDFIUM_LOCK:
            for number in table_candidate_pages(pdf, pages):
                page = pdf[number - 1]
                textpage = page.get_textpage()
                try:
                    search(page, textpage, by_number[number], MIN_PATHS)
                finally:
                    textpage.close()
                    page.close()
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return search.finish(data, pages)


def _plumber_tables(
    data: bytes, numbers: Sequence[int], budget: float = TIME_BUDGET_S
) -> tuple[list[PdfTable], str | None]:
    """The pdfplumber path: pdfplumber's ``find_tables`` on pages ``numbers`` (1-based), PDFium
    text per cell, no page started after ``budget`` seconds. Returns ``(tables, error)``;
    never raises for bad input."""
    import pdfplumber

    started = time.monotonic()
    tables: list[PdfTable] = []
    try:
        with PDFIUM_LOCK:
            pdf = pdfium.PdfDocument(bytes(data))
    except pdfium.PdfiumError as exc:
        return tables, f"table search failed: {exc}"
    try:
        with pdfplumber.open(io.BytesIO(data)) as plumber:
            for number in numbers:
                if time.monotonic() - started > budget:
                    return tables, f"table search stopped: {TIME_BUDGET_S:g} s budget used"
                found = plumber.pages[number - 1].find_tables()
                if not found:
                    continue
                with PDFIUM_LOCK:
                    page = pdf[number - 1]
                    textpage = page.get_textpage()
                    try:
                        tables += _read_tables(
                            number, page, textpage, [[r.cells for r in t.rows] for t in found]
                        )
                    finally:
                        textpage.close()
                        page.close()
    except Exception as exc:  # pdfminer on a damaged file: keep the text we have
        # the cause's class only: messages such as RecursionError's vary between runs
        why = type(exc.__cause__ or exc.__context__ or exc).__name__
        return tables, f"table search failed: pdfplumber could not parse the file ({why})"
    finally:
        with PDFIUM_LOCK:
            pdf.close()
    return tables, None
