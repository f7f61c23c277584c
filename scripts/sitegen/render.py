"""Renderers shared by the sample-site generators: PDFs with a real Thai text layer (fpdf2 +
HarfBuzz), the image-only "scan", JPEG/PNG pictures and CSV files.

Nothing here knows a site: the content comes from the data files under
``oitcrawl/sample_site/source/``. Needs the dev extras (fpdf2, uharfbuzz, Pillow) and the Debian
package ``fonts-thai-tlwg`` (Laksaman, a TH Sarabun-style Thai TrueType font).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

FONT_PACKAGE = "fonts-thai-tlwg"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/tlwg"),
    Path("/usr/share/fonts/truetype/thai"),
    Path("/usr/local/share/fonts"),
)
FONT_REGULAR = "Laksaman.ttf"
FONT_BOLD = "Laksaman-Bold.ttf"
THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# every PDF's creation date (fixed, so two runs give identical bytes)
PDF_DATE = dt.datetime(2023, 4, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def th(s: object) -> str:
    """Arabic digits → Thai digits ("2566" → "๒๕๖๖")."""
    return str(s).translate({ord(str(i)): d for i, d in enumerate(THAI_DIGITS)})


def find_font(file_name: str) -> Path:
    """Locate a TLWG TrueType font or stop with a message naming the Debian package."""
    extra = os.environ.get("OITCRAWL_THAI_FONT_DIR")
    dirs = ((Path(extra),) if extra else ()) + FONT_DIRS
    for d in dirs:
        for cand in (d / file_name, *d.rglob(file_name)) if d.is_dir() else ():
            if cand.is_file():
                return cand
    sys.exit(
        f"build_sample_site: Thai font {file_name} not found in "
        f"{', '.join(str(d) for d in dirs)}.\n"
        f"Install the Debian package {FONT_PACKAGE}:  apt-get install {FONT_PACKAGE}\n"
        "(or point OITCRAWL_THAI_FONT_DIR at a folder holding Laksaman.ttf and Laksaman-Bold.ttf)"
    )


@dataclass
class _Glyph:
    codepoint: int
    cluster: int


@dataclass
class _Pos:
    x_advance: int
    y_advance: int
    x_offset: int
    y_offset: int


def install_thai_text_layer_fix() -> None:
    """Make fpdf2's shaped Thai text extract back as the exact Unicode that was written.

    HarfBuzz's Thai shaper splits SARA AM (ำ) into NIKHAHIT + SARA AA and reorders the NIKHAHIT
    before a tone mark, merging clusters; fpdf2 then gives the extra glyph no Unicode mapping and
    PDF readers print it as a stray control character ("สำ\\tนักงาน"). Horizontal mark offsets
    also make PDFium re-order tone marks ("ทีซื่้อ"). This post-processes HarfBuzz's output:
    the pair is put back as the font's precomposed ำ glyph, merged clusters whose glyph count
    equals their character count are split 1:1 again, and marks keep only their vertical offset
    (TLWG marks are drawn to the left of a zero advance, so they still sit over their base).
    Stacked marks (ที่, ซื้อ, น้ำ) stay correctly raised and the text layer is real Unicode Thai.
    """
    import fpdf.fonts as ff

    if getattr(ff.TTFFont, "_oitcrawl_thai_fix", False):
        return
    original = ff.TTFFont.perform_harfbuzz_shaping

    def shaping(self, text: str, font_size_pt: float, params: object):
        infos, positions = original(self, text, font_size_pt, params)
        cmap = self.ttfont.getBestCmap()
        gid = self.ttfont.getGlyphID
        am, nikhahit, aa = (gid(cmap[c]) for c in (0x0E33, 0x0E4D, 0x0E32))
        drop: set[int] = set()
        recompose: set[int] = set()
        for i, g in enumerate(infos):
            if g.codepoint != nikhahit or "\u0e33" not in text[g.cluster :]:
                continue
            for j in range(i + 1, len(infos)):
                if infos[j].cluster == g.cluster and infos[j].codepoint == aa:
                    drop.add(i)
                    recompose.add(j)
                    break
        glyphs: list[_Glyph] = []
        out_pos: list[_Pos] = []
        for i, (g, p) in enumerate(zip(infos, positions, strict=True)):
            if i in drop:
                continue
            glyphs.append(_Glyph(am if i in recompose else g.codepoint, g.cluster))
            out_pos.append(_Pos(p.x_advance, p.y_advance, 0, p.y_offset))
        starts = sorted({g.cluster for g in glyphs})
        ends = {
            c: (starts[k + 1] if k + 1 < len(starts) else len(text)) for k, c in enumerate(starts)
        }
        i = 0
        while i < len(glyphs):
            c = glyphs[i].cluster
            j = i
            while j < len(glyphs) and glyphs[j].cluster == c:
                j += 1
            if j - i == ends[c] - c > 1:
                for k in range(i, j):
                    glyphs[k].cluster = c + (k - i)
            i = j
        return glyphs, out_pos

    ff.TTFFont.perform_harfbuzz_shaping = shaping
    ff.TTFFont._oitcrawl_thai_fix = True


# PDF content blocks (tuples, first element the kind):
#   ("title", text)                  bold, centred, large
#   ("center", text)                 centred line(s)
#   ("h", text)                      bold heading, left
#   ("p", text)                      paragraph
#   ("list", [text, ...])            numbered list
#   ("table", header, rows, widths)  widths in relative units (None → equal); first row bold
#   ("sign", [line, ...])            signature block on the right
#   ("space", mm)
#   ("photo", caption)               a grey photo placeholder box with a caption


@dataclass
class Doc:
    """One document file on a host. ``kind``: pdf | scan | csv | jpg (see the renderers)."""

    path: str  # decoded URL path, e.g. "/public/…/O20 summary procurement Oct 2565.pdf"
    title: str  # PDF /Title (not for scans)
    blocks: list = field(default_factory=list)
    landscape: bool = False
    kind: str = "pdf"
    host: str = ""
    rows: list = field(default_factory=list)  # csv / jpg data


class PdfRenderer:
    """Renders content blocks to a PDF with real, shaped Thai text (fpdf2 + HarfBuzz)."""

    def __init__(self, author: str = "สำนักงานเขตห้วยขวาง", creator: str = "Microsoft Word") -> None:
        self.regular = find_font(FONT_REGULAR)
        self.bold = find_font(FONT_BOLD)
        self.author, self.creator = author, creator
        install_thai_text_layer_fix()

    def new(self, landscape: bool = False):
        from fpdf import FPDF

        pdf = FPDF(orientation="L" if landscape else "P", unit="mm", format="A4")
        pdf.set_creation_date(PDF_DATE)
        pdf.set_margins(10 if landscape else 20, 12 if landscape else 15, 10 if landscape else 20)
        pdf.set_auto_page_break(True, margin=15)
        pdf.add_font("Sarabun", "", str(self.regular))
        pdf.add_font("Sarabun", "B", str(self.bold))
        pdf.set_text_shaping(True)
        return pdf

    def render(self, doc: Doc) -> bytes:
        pdf = self.new(doc.landscape)
        pdf.set_title(doc.title)
        pdf.set_author(self.author)
        pdf.set_creator(self.creator)
        pdf.set_creator("Microsoft Word")
        pdf.add_page()
        for block in doc.blocks:
            self._block(pdf, block)
        return bytes(pdf.output())

    def _block(self, pdf, block: tuple) -> None:
        kind = block[0]
        full = dict(new_x="LMARGIN", new_y="NEXT")
        if kind == "title":
            pdf.set_font("Sarabun", "B", 18)
            pdf.multi_cell(0, 9, block[1], align="C", **full)
            pdf.ln(1)
        elif kind == "center":
            pdf.set_font("Sarabun", "", 15)
            pdf.multi_cell(0, 7.5, block[1], align="C", **full)
        elif kind == "h":
            pdf.ln(1.5)
            pdf.set_font("Sarabun", "B", 15)
            pdf.multi_cell(0, 7.5, block[1], align="L", **full)
        elif kind == "p":
            pdf.set_font("Sarabun", "", 15)
            pdf.multi_cell(0, 7.5, block[1], align="L", **full)
            pdf.ln(1)
        elif kind == "list":
            pdf.set_font("Sarabun", "", 15)
            for n, text in enumerate(block[1], 1):
                pdf.set_x(pdf.l_margin + 6)
                pdf.multi_cell(0, 7.5, f"{th(n)}. {text}", align="L", **full)
            pdf.ln(1)
        elif kind == "table":
            self._table(pdf, *block[1:])
        elif kind == "sign":
            pdf.ln(4)
            pdf.set_font("Sarabun", "", 15)
            x = pdf.w / 2
            for line in block[1]:
                pdf.set_x(x)
                pdf.multi_cell(pdf.w - x - pdf.r_margin, 7.5, line, align="C", **full)
        elif kind == "space":
            pdf.ln(block[1])
        elif kind == "photo":
            w, h = 70, 42
            x, y = (pdf.w - w) / 2, pdf.get_y() + 2
            if y + h + 12 > pdf.h - pdf.b_margin:
                pdf.add_page()
                y = pdf.get_y() + 2
            pdf.set_fill_color(215, 215, 215)
            pdf.rect(x, y, w, h, style="F")
            pdf.set_y(y + h + 1)
            pdf.set_font("Sarabun", "", 12)
            pdf.multi_cell(0, 6, block[1], align="C", **full)
        else:
            raise ValueError(f"unknown block {kind!r}")

    def _table(self, pdf, header: list, rows: list, weights: list | None = None) -> None:
        from fpdf.fonts import FontFace

        usable = pdf.w - pdf.l_margin - pdf.r_margin
        n = len(header)
        weights = weights or [1] * n
        columns = [[str(r[i]) for r in rows] for i in range(n)]
        # Each header name stays on one line (matching is phrase-based and PDF readers read a
        # table row by row) and no cell word is split: pick the largest sizes that allow it.
        size = 13.0
        while True:
            body = min(14.0, size + 1)
            pdf.set_font("Sarabun", "B", size)
            need = [pdf.get_string_width(str(h).split("\n")[0]) + 2.5 for h in header]
            pdf.set_font("Sarabun", "", body)
            for i, cells in enumerate(columns):
                words = [w for c in cells for w in c.split()]
                if words:
                    need[i] = max(need[i], max(pdf.get_string_width(w) for w in words) + 2.5)
            if sum(need) <= usable:
                break
            size -= 0.5
            if size < (7.5 if pdf.w > pdf.h else 9.5):  # keep tables readable
                words = sorted({w for c in columns for x in c for w in x.split()}, key=len)
                raise ValueError(
                    f"table {header} does not fit at a readable size; add spaces (phrase "
                    f"breaks) to its longest words: {words[-3:]}"
                )
        spare = usable - sum(need)
        total = sum(weights)
        widths = [nd + spare * w / total for nd, w in zip(need, weights, strict=True)]
        pdf.ln(1)
        with pdf.table(
            col_widths=tuple(widths),
            width=usable,
            line_height=body * 0.48,
            text_align="LEFT",
            headings_style=FontFace(emphasis="BOLD", size_pt=size, fill_color=(230, 230, 230)),
            padding=1,
        ) as table:
            for r in [header, *rows]:
                row = table.row()
                for cell in r:
                    row.cell(str(cell))
        pdf.ln(2)


# --------------------------------------------------------------------------------------------
# Images (Pillow): the scanned announcement, the statistics infographic, photos, the map
# --------------------------------------------------------------------------------------------


def _font(bold: bool, size: int):
    from PIL import ImageFont

    path = find_font(FONT_BOLD if bold else FONT_REGULAR)
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def _wrap(draw, text: str, font, width: int) -> list[str]:
    """Greedy wrap at spaces (Thai text here separates phrases with spaces)."""
    lines: list[str] = []
    for para in text.split("\n"):
        line = ""
        for word in para.split(" "):
            cand = f"{line} {word}".strip()
            if line and draw.textlength(cand, font=font) > width:
                lines.append(line)
                line = word
            else:
                line = cand
        lines.append(line)
    if too_long := [ln for ln in lines if draw.textlength(ln, font=font) > width]:
        raise ValueError(f"scan text line too long, add a space: {too_long[0]!r}")
    return lines


def render_scan(doc: Doc) -> bytes:
    """An image-only PDF: the announcement rendered to a greyscale 'scan', no text layer."""
    from fpdf import FPDF
    from PIL import Image, ImageDraw

    w, h = 918, 1298  # A4 at ~111 dpi
    img = Image.new("L", (w, h), 247)
    draw = ImageDraw.Draw(img)
    # the BMA seal: two rings and a dot
    cx, cy = w // 2, 120
    draw.ellipse((cx - 48, cy - 48, cx + 48, cy + 48), outline=60, width=3)
    draw.ellipse((cx - 36, cy - 36, cx + 36, cy + 36), outline=90, width=2)
    draw.ellipse((cx - 8, cy - 8, cx + 8, cy + 8), fill=80)
    y = 190
    margin = 95
    for block in doc.blocks:
        kind, text = block[0], block[1]
        if kind in ("title", "center"):
            font = _font(kind == "title", 30 if kind == "title" else 27)
            for line in _wrap(draw, text, font, w - 2 * margin):
                lw = draw.textlength(line, font=font)
                draw.text(((w - lw) / 2, y), line, font=font, fill=25)
                y += 44
            y += 6
        elif kind == "p":
            font = _font(False, 26)
            for k, line in enumerate(_wrap(draw, text, font, w - 2 * margin - 50)):
                draw.text((margin + (50 if k == 0 else 0), y), line, font=font, fill=30)
                y += 40
            y += 10
        elif kind == "sign":
            font = _font(False, 26)
            y += 20
            # a signature scribble above the name
            sx, sy = w * 0.62, y + 48
            pts = [(sx + t * 9, sy + ((t * 37) % 23) - 11) for t in range(18)]
            draw.line(pts, fill=40, width=3, joint="curve")
            y += 70
            for line in text:
                lw = draw.textlength(line, font=font)
                draw.text((w * 0.68 - lw / 2, y), line, font=font, fill=30)
                y += 40
        elif kind == "space":
            y += int(text * 4)
    img = img.rotate(0.4, resample=Image.Resampling.BICUBIC, fillcolor=247)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=45, optimize=True)
    pdf = FPDF(unit="mm", format="A4")
    pdf.set_creation_date(PDF_DATE)
    pdf.set_producer("Canon iR-ADV C5535 PDF")
    pdf.set_creator("Canon iR-ADV C5535")
    pdf.add_page()
    pdf.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=210, h=297)
    return bytes(pdf.output())


def render_stats_jpg(doc: Doc) -> bytes:
    """An infographic (bar chart with numbers) as a JPEG, like the district's "INFO" images."""
    from PIL import Image, ImageDraw

    w, h = 900, 560
    img = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, w, 90), fill=(22, 84, 150))
    title, subtitle = doc.blocks[0][1], doc.blocks[1][1]
    for text, size, y in ((title, 30, 10), (subtitle, 24, 52)):
        font = _font(True, size)
        lw = draw.textlength(text, font=font)
        draw.text(((w - lw) / 2, y), text, font=font, fill=(255, 255, 255))
    rows = doc.rows  # [(label, value), …]
    top = max(v for _, v in rows)
    font, bold = _font(False, 22), _font(True, 22)
    base, left, bar_w, gap = 470, 70, 90, 40
    for k, (label, value) in enumerate(rows):
        x = left + k * (bar_w + gap)
        bh = int(320 * value / top)
        draw.rectangle((x, base - bh, x + bar_w, base), fill=(240, 150, 40))
        v = f"{value:,}"
        draw.text(
            (x + (bar_w - draw.textlength(v, font=bold)) / 2, base - bh - 30),
            v,
            font=bold,
            fill=(30, 30, 30),
        )
        draw.text(
            (x + (bar_w - draw.textlength(label, font=font)) / 2, base + 8),
            label,
            font=font,
            fill=(30, 30, 30),
        )
    total = f"{doc.blocks[2][1]} {sum(v for _, v in rows):,} ราย"
    draw.text((left, 515), total, font=bold, fill=(22, 84, 150))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70, optimize=True)
    return buf.getvalue()


def render_photo(label: str) -> bytes:
    """A small grey portrait placeholder (head and shoulders)."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (120, 150), (214, 222, 232))
    draw = ImageDraw.Draw(img)
    draw.ellipse((38, 22, 82, 70), fill=(120, 130, 145))
    draw.rounded_rectangle((18, 78, 102, 160), radius=30, fill=(120, 130, 145))
    draw.text((4, 2), label, fill=(90, 90, 90))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=60, optimize=True)
    return buf.getvalue()


def render_map(label: str, road: str) -> bytes:
    """A simple location map (roads, a marker, the office's name) as a palette PNG."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 300), (242, 239, 233))
    draw = ImageDraw.Draw(img)
    for line, wdt in (
        (((0, 120), (480, 150)), 14),
        (((200, 0), (230, 300)), 12),
        (((0, 260), (480, 230)), 8),
        (((360, 0), (330, 300)), 6),
    ):
        draw.line(line, fill=(255, 255, 255), width=wdt)
    draw.rectangle((250, 70, 320, 115), fill=(205, 220, 205))
    draw.ellipse((272, 78, 292, 98), fill=(210, 40, 40))
    draw.polygon(((274, 94), (290, 94), (282, 112)), fill=(210, 40, 40))
    font = _font(True, 18)
    draw.text((300, 118), label, font=font, fill=(40, 40, 40))
    draw.text((12, 96), road, font=_font(False, 16), fill=(90, 90, 90))
    buf = io.BytesIO()
    img.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def render_csv(doc: Doc) -> bytes:
    """UTF-8 CSV with a BOM and CRLF line ends, as Excel saves it."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(doc.rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
