"""Thai digits re-read by their shape, where Tesseract's Thai model misreads them (issue 18).

Measured (``benchmarks/ocr_quality.py``, scans typeset with the Thai fonts): Tesseract 5's
``tha`` and ``Thai`` LSTM models read ๖ as ๒ in 83 % of cases and as ๐ in 10 %, ๗ as ๕/๐,
with 94 % confidence: not one of 160 years ๒๕๖๐-๒๕๖๙ was read right, at 150-400 dpi, with or
without binarisation. Its character boxes are right, though. So every Thai digit of a
year-like run ("๒๕xx") is cut out of the page image by its box and compared with the ten
digits drawn in the Thai fonts Debian's fonts-thai-tlwg installs (Laksaman is the free TH
Sarabun clone that government documents are typed in; Garuda, Kinnari, Loma, Norasi, Waree,
Umpush, Sawasdee): the best match by pixel agreement on a 20×28 binarised cell decides, when
it beats Tesseract's reading by ``MARGIN``. Pure Pillow; a font that is not installed is
skipped (no templates: nothing is re-read).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
TEMPLATE_FONTS = (
    "Laksaman.ttf",
    "Laksaman-Bold.ttf",
    "Garuda.ttf",
    "Kinnari.ttf",
    "Loma.ttf",
    "Norasi.ttf",
    "Waree.ttf",
    "Umpush.ttf",
    "Sawasdee.ttf",
)
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
CELL = (20, 28)
MARGIN = 0.03  # agreement the shape's best digit needs over Tesseract's digit to replace it
MIN_SHAPE = 0.5  # below this agreement a digit is uncertain: its year is flagged


def otsu_threshold(gray: Any) -> int:
    """Otsu's threshold (0-255) of a greyscale Pillow image, from its histogram: the grey level
    that best separates ink from paper. Used by OCR binarisation and the digit re-reader."""
    hist = gray.histogram()[:256]
    total = sum(hist)
    sum_all = sum(i * h for i, h in enumerate(hist))
    best, best_t, w_b, sum_b = -1.0, 128, 0, 0.0
    for t in range(256):
        w_b += hist[t]
        if w_b == 0:
            continue
        w_f = total - w_b
        if w_f == 0:
            break
        sum_b += t * hist[t]
        m_b, m_f = sum_b / w_b, (sum_all - sum_b) / w_f
        between = w_b * w_f * (m_b - m_f) ** 2
        if between > best:
            best, best_t = between, t
    return best_t


def _ink_box(img: Any, threshold: int = 128) -> tuple[int, int, int, int] | None:
    mask = img.point(lambda v: 255 if v < threshold else 0)
    return mask.getbbox()


def _cell(img: Any) -> tuple[int, ...] | None:
    """A greyscale glyph image → its ink cropped, scaled to CELL, as 0/1 pixels."""
    from PIL import Image

    box = _ink_box(img)
    if box is None:
        return None
    glyph = img.crop(box).resize(CELL, Image.Resampling.BILINEAR)
    flat = glyph.get_flattened_data() if hasattr(glyph, "get_flattened_data") else glyph.getdata()
    return tuple(1 if v < 128 else 0 for v in flat)


@lru_cache(maxsize=4)
def templates(exclude: tuple[str, ...] = ()) -> tuple[tuple[str, str, tuple[int, ...]], ...]:
    """(digit, font, cell) for every Thai digit in every installed template font, fonts in
    ``exclude`` left out (the benchmark's leave-one-font-out check)."""
    from PIL import Image, ImageDraw, ImageFont

    out = []
    for name in TEMPLATE_FONTS:
        path = FONT_DIR / name
        if name in exclude or not path.exists():
            continue
        font = ImageFont.truetype(str(path), 96)
        for d in THAI_DIGITS:
            img = Image.new("L", (160, 160), 255)
            ImageDraw.Draw(img).text((20, 10), d, font=font, fill=0)
            cell = _cell(img)
            if cell is not None:
                out.append((d, name, cell))
    return tuple(out)


def _agreement(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Intersection over union of the ink of two cells."""
    inter = sum(x & y for x, y in zip(a, b, strict=True))
    union = sum(x | y for x, y in zip(a, b, strict=True))
    return inter / union if union else 0.0


def classify(glyph: Any, exclude: tuple[str, ...] = ()) -> dict[str, float]:
    """{digit: best agreement over the template fonts} for a greyscale glyph image."""

    t = otsu_threshold(glyph)
    cell = _cell(glyph.point(lambda v: 0 if v <= t else 255))
    scores: dict[str, float] = {}
    if cell is None:
        return scores
    for d, _font, tmpl in templates(exclude):
        s = _agreement(cell, tmpl)
        if s > scores.get(d, -1.0):
            scores[d] = s
    return scores


_BBOX_RE = re.compile(r"x_bboxes (\d+) (\d+) (\d+) (\d+)")
_CHAR_RE = re.compile(
    r"<span class='ocrx_cinfo' title='x_bboxes ([\d ]+); x_conf [\d.]+'>([^<]*)</span>"
)
_LINE_RE = re.compile(r"<span class='ocr_line'")
# "๒๕xx", or five digits where Tesseract split one glyph in two ("๒๕๖๖" read "๒๕๒๐๒")
YEAR_RUN = re.compile("๒๕[๐-๙]{2,3}(?![๐-๙])")


def hocr_chars(hocr: str) -> list[list[tuple[str, tuple[int, int, int, int]]]]:
    """Per hOCR line, its characters with their boxes (``hocr_char_boxes=1`` output)."""
    import html

    lines = []
    for chunk in _LINE_RE.split(hocr)[1:]:
        chars = []
        for m in _CHAR_RE.finditer(chunk):
            x0, y0, x1, y1 = (int(v) for v in m.group(1).split())
            chars.append((html.unescape(m.group(2)), (x0, y0, x1, y1)))
        lines.append(chars)
    return lines


def _segments(binary: Any) -> list[tuple[int, int]]:
    """Column runs with ink in a binarised (0 = ink) image: the glyphs of a digit run."""
    w, h = binary.size
    px = binary.load()
    ink = [sum(1 for y in range(h) if px[x, y] == 0) for x in range(w)]
    runs: list[tuple[int, int]] = []
    start = None
    for x, n in enumerate([*ink, 0]):
        if n and start is None:
            start = x
        elif not n and start is not None:
            runs.append((start, x))
            start = None
    # specks (a few columns of noise) are not glyphs
    return [r for r in runs if r[1] - r[0] >= max(2, h // 10)]


def _glyphs(image: Any, boxes: list[tuple[int, int, int, int]]) -> list[Any] | None:
    """The four glyphs of a year run, cut by the ink gaps inside the run's box (Tesseract's
    per-character boxes overlap and cut the last digit short); None unless exactly the
    expected glyphs are found. For a 5-character run (one glyph read as two) the box is
    not widened and exactly four ink runs must be found."""

    x0 = min(b[0] for b in boxes)
    y0 = min(b[1] for b in boxes)
    y1 = max(b[3] for b in boxes)
    split = len(boxes) == 5
    width = (max(b[2] for b in boxes) - x0) / (4 if split else len(boxes))
    x1 = int(max(b[2] for b in boxes) + (0.1 if split else 1.0) * width)
    pad = max(2, (y1 - y0) // 8)
    region = image.crop((int(x0 - 0.3 * width), y0 - pad, x1, y1 + pad))
    t = otsu_threshold(region)
    binary = region.point(lambda v: 0 if v <= t else 255)
    segs = []
    for a, b in _segments(binary):  # glyphs touching on a blurred scan: split by the width
        parts = max(1, round((b - a) / width))
        step = (b - a) / parts
        segs += [(int(a + k * step), int(a + (k + 1) * step)) for k in range(parts)]
    if len(segs) < 4 or (split and len(segs) != 4):
        return None
    return [region.crop((a, 0, b, region.height)) for a, b in segs[:4]]


def reread_years(
    image: Any, hocr: str, exclude: tuple[str, ...] = ()
) -> list[tuple[str, str, list[str]]]:
    """Every year-like run of Thai digits ("๒๕xx") Tesseract read, in reading order, as
    (as read, as re-read by shape, notes on the digits changed; a note starting "uncertain"
    or "not re-read" means the year could not be confirmed). The run is cut into its
    glyphs at the ink gaps; the century glyphs must look like ๒ and ๕ (else the run is left
    as read); the last two digits are replaced by the best-matching template digit when it
    beats Tesseract's digit by ``MARGIN``."""
    out = []
    for chars in hocr_chars(hocr):
        text = "".join(c for c, _ in chars)
        if len(text) != len(chars):  # a box held several characters: offsets would not align
            continue
        for m in YEAR_RUN.finditer(text):
            read = m.group(0)
            digits = list(read[:4])
            notes: list[str] = []
            glyphs = _glyphs(image, [chars[m.start() + i][1] for i in range(len(read))])
            if glyphs is None:
                out.append((read, read, ["not re-read: the run's glyphs could not be cut"]))
                continue
            # the glyphs were cut right if the second one is the ๕ Tesseract reads reliably
            sc = classify(glyphs[1], exclude)
            if not sc or sc.get("๕", 0.0) < 0.9 * max(sc.values()):
                out.append((read, read, ["not re-read: the glyphs are not ๒๕…"]))
                continue
            for i in (2, 3):
                scores = classify(glyphs[i], exclude)
                if not scores:
                    notes.append(f"digit {i + 1}: no ink found")
                    continue
                best = max(scores, key=lambda d: scores[d])
                if len(read) == 5 and best != digits[i]:  # digits 3-5 were misread anyway
                    notes.append(f"{read[2:]}: digit {i + 1} read {best} by shape")
                    digits[i] = best
                elif best != digits[i] and scores[best] >= scores.get(digits[i], 0.0) + MARGIN:
                    notes.append(
                        f"{digits[i]}→{best} (shape {scores[best]:.2f} vs "
                        f"{scores.get(digits[i], 0.0):.2f})"
                    )
                    digits[i] = best
                if scores.get(digits[i], 0.0) < MIN_SHAPE:
                    notes.append(
                        f"uncertain: digit {i + 1} looks like no Thai digit "
                        f"(best {best} {scores[best]:.2f})"
                    )
            out.append((read, "".join(digits), notes))
    return out
