"""Edges of a PDF page read from PDFium's path objects, as pdfminer/pdfplumber make them.

Every painted path object (page and form XObjects, at most ``pdf._MAX_OBJECT_DEPTH`` deep,
points through the objects' matrices) is split into subpaths at each move; a subpath "m l" /
"m l h" is a line (one edge, "h" when both ends are at the same height, else "v"),
"m l l l h" / "m l l l l" closed and axis-aligned is a rectangle (its four sides), anything
else a curve (an edge between each pair of consecutive end points that share x or y).
Coordinates are pdfplumber's: x from the left, ``top`` from the top of the MediaBox, the page
turned by its /Rotate as pdfminer does. A page PDFium's objects cannot describe that way
(a reversed MediaBox, form XObjects nested deeper than the bound, a path whose segments
cannot be read) raises ``Unsettled``; one with more than ``MAX_SEGMENTS`` path segments
``TooComplex``.
"""

from __future__ import annotations

import ctypes
import itertools

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from oitcrawl.extract.pdf import _MAX_OBJECT_DEPTH
from oitcrawl.extract.speedups import address, pdfium_walks

MAX_SEGMENTS = 200_000  # path segments read on one page at the most (~1 s); more: skipped


class Unsettled(Exception):
    """The page's geometry cannot be read the way pdfminer reads it (pdfplumber decides)."""


class TooComplex(Exception):
    """More ruling lines than a table search can pair in reasonable time: page skipped."""


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


def _subpaths_python(obj: object, m: Matrix) -> list[tuple[str, list[tuple]]]:
    """The path's subpaths as pdfminer sees them: (operators such as "mlllh", the end point
    of each operator through ``m``, pdfminer's page space; "h" repeats the subpath's start).
    Raises ``Unsettled`` for a path whose segments cannot be read."""
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
    for shape, pts in page_subpaths(page, space.ctm):
        _subpath_edges(shape, pts, space, v, h)
    return v, h


def page_subpaths(page: pdfium.PdfPage, ctm: Matrix) -> list[tuple[str, list[tuple]]]:
    """Every painted path's subpaths (``_subpaths_python``), in content order, through its
    matrix and then ``ctm``: read in C, one call per page (``speedups.pdfium_walks``), else by
    ``page_subpaths_python``; the two agree (``tests/test_speedups.py``). Raises
    ``Unsettled``, or ``TooComplex`` past ``MAX_SEGMENTS`` path segments."""
    walks = pdfium_walks()
    if walks is None:  # pragma: no cover - installed without a C compiler
        return page_subpaths_python(page, ctm)
    kind, found = walks.page_subpaths(address(page.raw), _MAX_OBJECT_DEPTH, MAX_SEGMENTS, ctm)
    if kind == 1:
        raise Unsettled(found)
    if kind == 2:
        raise TooComplex(f"more than {MAX_SEGMENTS:,} path segments")
    return found


def page_subpaths_python(page: pdfium.PdfPage, ctm: Matrix) -> list[tuple[str, list[tuple]]]:
    """``page_subpaths`` in Python alone: ctypes calls per object and segment."""
    found: list[tuple[str, list[tuple]]] = []
    segments = 0
    for obj, m in _painted_paths(page):
        segments += max(0, pdfium_c.FPDFPath_CountSegments(obj))
        if segments > MAX_SEGMENTS:
            raise TooComplex(f"more than {MAX_SEGMENTS:,} path segments")
        found.extend(_subpaths_python(obj, _then(m, ctm)))
    return found
