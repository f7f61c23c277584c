#!/usr/bin/env python3
"""Build the bundled sample district site: a static replica of a BMA district portal.

    .venv/bin/python scripts/build_sample_site.py            # regenerate everything
    .venv/bin/python scripts/build_sample_site.py --verify   # regenerate, then self-check

Writes (and owns) everything under ``oitcrawl/sample_site/``: ``site/**`` (the served files and
``site/_routes.yaml``), ``submission.yaml`` (what the demo checks) and ``expected.yaml`` (the
planted-defect table the rule-engine tests assert). The replica is สำนักงานเขตห้วยขวาง
(webportal.bangkok.go.th/huaikhwang), page ids, slugs and file names after the URLs the district
really submitted for ITA 2566 (seed 001); all people, phone numbers and amounts are fictional.

Every OIT item O1–O30 of ``bma-district-2566`` has good evidence except the planted defects in
``ITEMS`` (one per item, the only problem of that item). Content lives in the data tables below
(``PAGES``, ``DOCS``, ``ITEMS``), one entry per page/document/item; the code only renders them.

Deterministic: fixed dates, no randomness, fixed PDF creation dates; the output folder is wiped
and rebuilt on every run, so two runs give byte-identical files.

Needs the dev extras (fpdf2, uharfbuzz, Pillow) and the Debian package ``fonts-thai-tlwg``
(Laksaman, a TH Sarabun-style Thai TrueType font).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import html
import io
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from oitcrawl.periods import ENGLISH_MONTHS, THAI_MONTH_ABBRS, THAI_MONTHS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "oitcrawl" / "sample_site"
SITE = OUT / "site"

HOST = "webportal.bangkok.go.th"
BASE = f"https://{HOST}"
DISTRICT = "huaikhwang"
DRIVE_HOST = "drive.google.com"
ESERVICE_HOST = "eservice.bangkok.go.th"
DR = "/public/user_files_editor/59/Data Room HK"  # the district's "Data Room" folder
FY65 = "/public/user_files_editor/59/fiscal_year_65/Standard_Service"  # last year's folder

AS_OF = dt.date(2023, 4, 30)
FISCAL_YEAR = 2566
PDF_DATE = dt.datetime(2023, 4, 20, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=7)))

FONT_PACKAGE = "fonts-thai-tlwg"
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/tlwg"),
    Path("/usr/share/fonts/truetype/thai"),
    Path("/usr/local/share/fonts"),
)

# --------------------------------------------------------------------------------------------
# Thai text helpers
# --------------------------------------------------------------------------------------------

THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙"
# Month names come from the checker's own date reader, so the site writes what it reads.
MONTHS = THAI_MONTHS
MONTHS_ABBR = THAI_MONTH_ABBRS
MONTHS_EN = [name[:3] for name in ENGLISH_MONTHS]


def th(s: object) -> str:
    """Arabic digits → Thai digits ("2566" → "๒๕๖๖")."""
    return str(s).translate({ord(str(i)): d for i, d in enumerate(THAI_DIGITS)})


def be(year_ce: int) -> int:
    return year_ce + 543


def date_long(d: dt.date, thai_digits: bool = False) -> str:
    """ "3 ตุลาคม พ.ศ. 2565" (or with Thai digits)."""
    s = f"{d.day} {MONTHS[d.month - 1]} พ.ศ. {be(d.year)}"
    return th(s) if thai_digits else s


def date_short(d: dt.date, thai_digits: bool = True) -> str:
    """ "๓๐ มี.ค. ๖๖" — the short form with a two-digit Buddhist year."""
    s = f"{d.day} {MONTHS_ABBR[d.month - 1]} {be(d.year) % 100:02d}"
    return th(s) if thai_digits else s


def money(x: float) -> str:
    return f"{x:,.2f}"


D = dt.date  # short alias for the data tables


# --------------------------------------------------------------------------------------------
# Fonts and PDF rendering (fpdf2 + HarfBuzz shaping)
# --------------------------------------------------------------------------------------------


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


FONT_REGULAR = "Laksaman.ttf"
FONT_BOLD = "Laksaman-Bold.ttf"


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
    host: str = HOST
    rows: list = field(default_factory=list)  # csv / jpg data


class PdfRenderer:
    """Renders content blocks to a PDF with real, shaped Thai text (fpdf2 + HarfBuzz)."""

    def __init__(self) -> None:
        self.regular = find_font(FONT_REGULAR)
        self.bold = find_font(FONT_BOLD)
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
        pdf.set_author("สำนักงานเขตห้วยขวาง")
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


def render_map() -> bytes:
    """A simple location map (roads and a marker) as a palette PNG."""
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
    draw.text((300, 118), "สำนักงานเขตห้วยขวาง", font=font, fill=(40, 40, 40))
    draw.text((12, 96), "ถนนประชาราษฎร์บำเพ็ญ", font=_font(False, 16), fill=(90, 90, 90))
    buf = io.BytesIO()
    img.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(buf, "PNG", optimize=True)
    return buf.getvalue()


def render_csv(doc: Doc) -> bytes:
    """UTF-8 CSV with a BOM and CRLF line ends, as Excel saves it."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerows(doc.rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


# --------------------------------------------------------------------------------------------
# HTML: the portal layout shared by every page
# --------------------------------------------------------------------------------------------


def esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def pct(path: str) -> str:
    """A pre-percent-encoded href, as some CMS editors paste them."""
    return quote(path, safe="/-_.~")


def page_path(kind: str, pid: int, slug: str = "") -> str:
    return f"/{DISTRICT}/page/{kind}/{pid}" + (f"/{slug}" if slug else "")


def url(path: str, host: str = HOST) -> str:
    """The submitted/display form of a URL: Thai and spaces kept as written (IRI)."""
    return f"https://{host}{path}"


ITA_INDEX = page_path("main", 3655, "การประเมินคุณธรรมและความโปร่งใสการดำเนินงานฯ-ITA")  # seed slug
CONTACT_ENTRY = page_path("main", 120, "ติดต่อสำนักงานเขต")  # redirects 301 → 302 → CONTACT_FINAL
CONTACT_MIDDLE = f"/{DISTRICT}/contact"
CONTACT_FINAL = page_path("main", 4021, "contact-us")
TRACKING = f"/{DISTRICT}/member/tracking"  # answers 401 with a login form
ADDRESS = "เลขที่ 99 ถนนประชาราษฎร์บำเพ็ญ แขวงห้วยขวาง เขตห้วยขวาง กรุงเทพมหานคร 10310"
PHONE = "0 2276 4145"
EMAIL = "hk.district@bangkok.go.th"

NAV = [  # the site menu (inside <nav>; the crawler ignores these links)
    ("หน้าหลัก", f"/{DISTRICT}"),
    ("โครงสร้างหน่วยงาน", page_path("sub", 863, "โครงสร้างหน่วยงาน")),
    ("ผู้บริหาร", page_path("sub", 22365, "ผู้บริหารสำนักงานเขตห้วยขวาง")),
    ("อำนาจหน้าที่", page_path("sub", 7623, "อำนาจหน้าที่")),
    ("ข่าวประชาสัมพันธ์", page_path("sub", 21625, "ข่าวประชาสัมพันธ์-งานกิจกรรม")),
    ("กฎหมายที่เกี่ยวข้อง", page_path("sub", 16800, "กฎหมายที่เกี่ยวข้อง")),
    ("E-Service", page_path("sub", 24099, "E-Service")),
    ("ITA", ITA_INDEX),
    ("ถาม-ตอบ", page_path("top", 65, "QampA")),
    ("ติดต่อเรา", CONTACT_ENTRY),
]

CSS = """body{margin:0;font-family:Sarabun,Tahoma,sans-serif;background:#f4f6f9;color:#222}
header.site{background:#165496;color:#fff;padding:14px 28px}
header.site .org{font-size:1.6em;font-weight:bold}
nav.menu ul{list-style:none;margin:0;padding:0 20px;background:#0e3d6e;display:flex;flex-wrap:wrap}
nav.menu a{display:block;color:#fff;padding:10px 14px;text-decoration:none}
nav.crumb{padding:8px 28px;font-size:.9em}
div.content{background:#fff;margin:0 20px 20px;padding:18px 28px;min-height:300px}
div.content table{border-collapse:collapse}
div.content td,div.content th{border:1px solid #bbb;padding:4px 8px;vertical-align:top}
footer.site{padding:14px 28px;color:#555;font-size:.9em}
"""


def render_blocks(blocks: list) -> str:
    out: list[str] = []
    for b in blocks:
        kind = b[0]
        if kind == "p":
            out.append(f"<p>{esc(b[1])}</p>")
        elif kind == "h2":
            out.append(f"<h2>{esc(b[1])}</h2>")
        elif kind == "h3":
            out.append(f"<h3>{esc(b[1])}</h3>")
        elif kind == "ul":
            out.append("<ul>" + "".join(f"<li>{esc(t)}</li>" for t in b[1]) + "</ul>")
        elif kind == "links":
            items = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in b[1])
            out.append(f'<ul class="files">{items}</ul>')
        elif kind == "table":
            head = "".join(f"<th>{esc(h)}</th>" for h in b[1])
            body = "".join(
                "<tr>" + "".join(f"<td>{cell_html(c)}</td>" for c in row) + "</tr>" for row in b[2]
            )
            out.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif kind == "news":
            for date, title, text in b[1]:
                out.append(
                    f'<div class="news"><h3>{esc(title)}</h3>'
                    f'<p class="date">{esc(date)}</p><p>{esc(text)}</p></div>'
                )
        elif kind == "html":
            out.append(b[1])
        else:
            raise ValueError(f"unknown html block {kind!r}")
    return "\n".join(out)


def pdf_blocks_to_html(blocks: list) -> list:
    """A document's PDF blocks as HTML blocks (the text preview a file viewer page shows)."""
    out: list = []
    for b in blocks:
        if b[0] in ("title", "h"):
            out.append(("h2", b[1]))
        elif b[0] in ("center", "p", "photo"):
            out.append(("p", b[1]))
        elif b[0] == "list":
            out.append(("ul", b[1]))
        elif b[0] == "table":
            out.append(("table", [str(h).replace("\n", " ") for h in b[1]], b[2]))
        elif b[0] == "sign":
            out.append(("p", " ".join(b[1])))
    return out


def cell_html(c: object) -> str:
    if isinstance(c, tuple) and c[0] == "a":
        return f'<a href="{esc(c[2])}">{esc(c[1])}</a>'
    if isinstance(c, tuple) and c[0] == "img":
        return f'<img src="{esc(c[1])}" alt="{esc(c[2])}" width="120" height="150">'
    return esc(c)


def layout(title: str, body_html: str, charset: str = "utf-8") -> str:
    nav = "".join(f'<li><a href="{esc(h)}">{esc(t)}</a></li>' for t, h in NAV)
    return f"""<!DOCTYPE html>
<html lang="th">
<head>
<meta charset="{charset}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)} - สำนักงานเขตห้วยขวาง</title>
<link rel="stylesheet" href="/{DISTRICT}/assets/portal.css">
</head>
<body>
<header class="site"><div class="org">สำนักงานเขตห้วยขวาง</div><div>กรุงเทพมหานคร</div></header>
<nav class="menu"><ul>{nav}</ul></nav>
<nav class="crumb"><a href="/{DISTRICT}">หน้าหลัก</a> &gt; {esc(title)}</nav>
<div class="content">
<h1>{esc(title)}</h1>
{body_html}
</div>
<footer class="site">สำนักงานเขตห้วยขวาง กรุงเทพมหานคร</footer>
</body>
</html>
"""


@dataclass
class Page:
    """One HTML file. Portal pages set kind/pid/slug; other files set ``file`` directly."""

    title: str
    body: list
    kind: str = ""
    pid: int = 0
    slug: str = ""
    file: str = ""  # path below site/<host>/ for non-portal pages
    host: str = HOST
    charset: str = "utf-8"  # "tis-620": stored as windows-874 bytes (see _routes.yaml)
    raw: str = ""  # a complete document instead of the portal layout

    @property
    def path(self) -> str:
        return page_path(self.kind, self.pid, self.slug) if self.kind else "/" + self.file

    @property
    def url(self) -> str:
        return url(self.path, self.host)

    @property
    def out_file(self) -> str:
        if self.kind:
            return f"{self.host}/{DISTRICT}/page/{self.kind}/{self.pid}.html"
        return f"{self.host}/{self.file}"

    def render(self) -> bytes:
        text = self.raw or layout(self.title, render_blocks(self.body), self.charset)
        if self.charset == "tis-620":
            # strict TIS-620 (no windows-874 extras such as “ ” – …), so either codec decodes it
            data = text.encode("tis-620")
            assert data == text.encode("cp874")
            return data
        return text.encode("utf-8")


# --------------------------------------------------------------------------------------------
# Content: people (fictional), shared blocks
# --------------------------------------------------------------------------------------------

DIRECTOR = "นายธนากร ศรีสุวรรณ"
ASSISTANTS = ["นางสาวพิมพ์ชนก รัตนวงศ์", "นายวีระพงษ์ ทองประเสริฐ"]
UNITS = [  # (ฝ่าย, หัวหน้าฝ่าย, โทรศัพท์, อำนาจหน้าที่)
    (
        "ฝ่ายปกครอง",
        "นายสุรชัย บุญมาก",
        "0 2276 4146",
        "งานสารบรรณ งานบุคคล งานอำนวยการ งานเลือกตั้ง และประสานงานราชการทั่วไปของสำนักงานเขต",
    ),
    (
        "ฝ่ายทะเบียน",
        "นางวรรณา แก้วมณี",
        "0 2276 4147",
        "งานทะเบียนราษฎร บัตรประจำตัวประชาชน ทะเบียนครอบครัว และทะเบียนพินัยกรรม",
    ),
    (
        "ฝ่ายการคลัง",
        "นางสาวจิราพร สุขสมบูรณ์",
        "0 2276 4148",
        "งานการเงิน การบัญชี การจัดซื้อจัดจ้างและการบริหารพัสดุ และงบประมาณของสำนักงานเขต",
    ),
    (
        "ฝ่ายรายได้",
        "นายอนุชา พึ่งบุญ",
        "0 2276 4149",
        "งานจัดเก็บภาษีที่ดินและสิ่งปลูกสร้าง ภาษีป้าย และค่าธรรมเนียมต่าง ๆ",
    ),
    (
        "ฝ่ายโยธา",
        "นายกิตติศักดิ์ เจริญผล",
        "0 2276 4150",
        "งานควบคุมอาคาร การอนุญาตก่อสร้าง ดัดแปลง รื้อถอนอาคาร และงานบำรุงรักษาถนน ทางเท้า ท่อระบายน้ำ",
    ),
    (
        "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล",
        "นางสุภาพร ศรีวิไล",
        "0 2276 4151",
        "งานสุขาภิบาลอาหาร การอนุญาตสถานที่จำหน่ายอาหาร และกิจการที่เป็นอันตรายต่อสุขภาพ",
    ),
    (
        "ฝ่ายรักษาความสะอาดและสวนสาธารณะ",
        "นายไพโรจน์ ดวงแก้ว",
        "0 2276 4152",
        "งานเก็บขนมูลฝอย รักษาความสะอาดถนนและคลอง และดูแลสวนสาธารณะ",
    ),
    (
        "ฝ่ายเทศกิจ",
        "นายสมศักดิ์ มั่นคง",
        "0 2276 4153",
        "งานรักษาความเป็นระเบียบเรียบร้อย จัดระเบียบผู้ค้า และจัดเก็บของกลาง",
    ),
    (
        "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม",
        "นางรัชนี ทองดี",
        "0 2276 4154",
        "งานพัฒนาชุมชน สวัสดิการสังคม เบี้ยยังชีพผู้สูงอายุและคนพิการ และเงินอุดหนุนชุมชน",
    ),
    (
        "ฝ่ายการศึกษา",
        "นางสาวกนกวรรณ อินทร์แก้ว",
        "0 2276 4155",
        "งานการศึกษา กำกับดูแลโรงเรียนสังกัดกรุงเทพมหานคร และงานศาสนา วัฒนธรรม",
    ),
]
SCHOOLS = [  # (โรงเรียน, แขวง, ผู้อำนวยการโรงเรียน, โทรศัพท์, นักเรียน อนุบาล/ประถม/มัธยม, ครู)
    ("โรงเรียนวัดธรรมาวาส", "แขวงห้วยขวาง", "นางสาวสุนิสา พรหมมา", "0 2276 5501", (96, 512, 0), 31),
    ("โรงเรียนสามเสนนอกพัฒนา", "แขวงสามเสนนอก", "นายชัยวัฒน์ ศรีทอง", "0 2276 5502", (74, 438, 0), 27),
    ("โรงเรียนบางกะปิราษฎร์บำรุง", "แขวงบางกะปิ", "นางจันทร์เพ็ญ สายบุญ", "0 2276 5503", (88, 604, 245), 46),
    ("โรงเรียนห้วยขวางพิทยา", "แขวงห้วยขวาง", "นายอดิศักดิ์ มีสุข", "0 2276 5504", (0, 0, 812), 52),
    (
        "โรงเรียนชุมชนประชาสงเคราะห์",
        "แขวงห้วยขวาง",
        "นางสาวปรียา ทองมา",
        "0 2276 5505",
        (62, 377, 0),
        24,
    ),
]


def director_sign(date: dt.date | None = None, thai_digits: bool = True) -> list:
    lines = []
    if date:
        lines.append(("p", f"ประกาศ ณ วันที่ {date_long(date, thai_digits)}"))
    lines.append(("sign", [f"({DIRECTOR})", "ผู้อำนวยการเขตห้วยขวาง"]))
    return lines


def announcement(subject: str, paras: list[str], date: dt.date, extra: list | None = None) -> list:
    """An official announcement (ประกาศ) signed by the district director."""
    return [
        ("title", "ประกาศสำนักงานเขตห้วยขวาง"),
        ("center", f"เรื่อง {subject}"),
        ("center", "------------------------------"),
        *[("p", p) for p in paras],
        *(extra or []),
        *director_sign(date),
    ]


def doc(key: str, path: str, title: str, blocks: list, **kw: object) -> tuple[str, Doc]:
    return key, Doc(path=path, title=title, blocks=blocks, **kw)  # type: ignore[arg-type]


FY_MONTHS = [
    D(2022, 10, 1),
    D(2022, 11, 1),
    D(2022, 12, 1),
    D(2023, 1, 1),
    D(2023, 2, 1),
    D(2023, 3, 1),
]
FY_MONTH_LABELS = [date_short(m, False).split(" ", 1)[1] for m in FY_MONTHS]  # "ต.ค. 65" …
H1 = "รอบ 6 เดือน (1 ตุลาคม 2565 – 31 มีนาคม 2566)"

# O20: the monthly procurement summaries (แบบ สขร.1). January 2566 is missing (planted defect);
# November says explicitly that there was no procurement (counts as present).
SKR1_HEADER = [
    "ที่",
    "งานที่ซื้อหรือจ้าง",
    "วงเงินที่ซื้อหรือจ้าง\n(บาท)",
    "ราคากลาง\n(บาท)",
    "วิธีซื้อหรือจ้าง",
    "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
    "ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง",
    "เหตุผลที่คัดเลือกโดยสังเขป",
    "เลขที่และวันที่ของสัญญาหรือข้อตกลง",
]
SKR1_REASON = "เป็นผู้มีคุณสมบัติ ครบถ้วน และเสนอราคา ไม่เกินวงเงิน งบประมาณ"
# month → (file month label, heading month text, rows);
# a row: (งาน, วงเงิน, ราคากลาง, วิธี, [(ผู้เสนอ, ราคาที่เสนอ), …], เลขที่และวันที่ของสัญญา)
PROCUREMENT = {
    D(2022, 10, 1): (
        "Oct 2565",
        "ตุลาคม พ.ศ. 2565",
        [
            (
                "จ้างซ่อมแซม ผิวจราจรและทางเท้า ซอยประชาราษฎร์บำเพ็ญ 20",
                485000,
                485000,
                "เฉพาะเจาะจง",
                [("ห้างหุ้นส่วนจำกัด ทองเจริญการโยธา", 483500)],
                "สัญญาจ้างเลขที่ 3/2566 ลงวันที่ 14 ต.ค. 65",
            ),
            (
                "ซื้อวัสดุสำนักงาน ฝ่ายปกครอง",
                28750,
                28750,
                "เฉพาะเจาะจง",
                [("บริษัท ออฟฟิศพลัส ซัพพลาย จำกัด", 28750)],
                "ใบสั่งซื้อเลขที่ 5/2566 ลงวันที่ 18 ต.ค. 65",
            ),
            (
                "จ้างเหมาขุดลอก ท่อระบายน้ำ ถนนวัฒนธรรม",
                1450000,
                1462300,
                "ประกวดราคา อิเล็กทรอนิกส์ (e-bidding)",
                [("บริษัท ศิวะวิศวกรรม จำกัด", 1398000), ("ห้างหุ้นส่วนจำกัด รุ่งเรืองคลองเตย", 1425000)],
                "สัญญาจ้างเลขที่ 4/2566 ลงวันที่ 27 ต.ค. 65",
            ),
        ],
    ),
    D(2022, 11, 1): ("Nov 2565", "พฤศจิกายน 2565", []),  # ไม่มีการจัดซื้อจัดจ้าง
    D(2022, 12, 1): (
        "Dec 2565",
        "ธันวาคม ๒๕๖๕",
        [
            (
                "ซื้อน้ำมันเชื้อเพลิง สำหรับรถเก็บขนมูลฝอย",
                96400,
                96400,
                "เฉพาะเจาะจง",
                [("บริษัท ห้วยขวางปิโตรเลียม จำกัด", 96400)],
                "ใบสั่งซื้อเลขที่ 21/2566 ลงวันที่ ๑ ธ.ค. ๖๕",
            ),
            (
                "จ้างซ่อมเครื่องปรับอากาศ ฝ่ายทะเบียน",
                18500,
                18900,
                "เฉพาะเจาะจง",
                [("ร้าน เย็นฉ่ำแอร์เซอร์วิส", 18500)],
                "ใบสั่งจ้างเลขที่ 22/2566 ลงวันที่ ๑๒ ธ.ค. ๖๕",
            ),
        ],
    ),
    D(2023, 2, 1): (
        "Feb 2566",
        "กุมภาพันธ์ ๒๕๖๖",
        [
            (
                "จ้างปรับปรุงสวนหย่อม หน้าสำนักงานเขต",
                265000,
                268500,
                "เฉพาะเจาะจง",
                [("ห้างหุ้นส่วนจำกัด กรีนการ์เด้นท์ ดีไซน์", 262000)],
                "สัญญาจ้างเลขที่ 9/2566 ลงวันที่ ๗ ก.พ. ๖๖",
            ),
            (
                "ซื้อวัสดุงานบ้านงานครัว",
                15320,
                15320,
                "เฉพาะเจาะจง",
                [("ร้าน ประชาพาณิชย์", 15320)],
                "ใบสั่งซื้อเลขที่ 41/2566 ลงวันที่ ๒๐ ก.พ. ๖๖",
            ),
        ],
    ),
    D(2023, 3, 1): (
        "Mar 2566",
        "มีนาคม 2566",
        [
            (
                "จ้างเหมาซ่อมแซม ฝาท่อระบายน้ำ ถนนประชาอุทิศ",
                498000,
                500000,
                "เฉพาะเจาะจง",
                [("ห้างหุ้นส่วนจำกัด ทองเจริญการโยธา", 495000), ("บริษัท บางกะปิก่อสร้าง จำกัด", 498000)],
                "สัญญาจ้างเลขที่ 12/2566 ลงวันที่ 8 มี.ค. 66",
            ),
            (
                "ซื้อหมึกพิมพ์ สำหรับเครื่องพิมพ์ ฝ่ายการคลัง",
                24600,
                24600,
                "เฉพาะเจาะจง",
                [("บริษัท ออฟฟิศพลัส ซัพพลาย จำกัด", 24600)],
                "ใบสั่งซื้อเลขที่ 57/2566 ลงวันที่ 15 มี.ค. 66",
            ),
            (
                "จ้างเหมาบริการ รักษาความปลอดภัย อาคารสำนักงานเขต",
                312000,
                312000,
                "คัดเลือก",
                [("บริษัท การ์ดเซฟ ซีเคียวริตี้ จำกัด", 309600), ("บริษัท ไทยพิทักษ์ เซอร์วิส จำกัด", 311000)],
                "สัญญาจ้างเลขที่ 13/2566 ลงวันที่ 24 มี.ค. 66",
            ),
        ],
    ),
}


def o20_doc(month: dt.date) -> tuple[str, Doc]:
    file_label, heading, rows = PROCUREMENT[month]
    top = [
        ("center", "แบบ สขร.1"),
        ("title", f"สรุปผลการดำเนินการจัดซื้อจัดจ้างในรอบเดือน {heading}"),
        ("center", "สำนักงานเขตห้วยขวาง กรุงเทพมหานคร"),
    ]
    if not rows:
        body = [
            ("space", 6),
            ("p", f"ในรอบเดือน {heading} สำนักงานเขตห้วยขวาง ไม่มีการจัดซื้อจัดจ้าง"),
            ("p", "จึงเรียนมาเพื่อโปรดทราบ"),
        ]
    else:
        table_rows = []
        for n, (work, budget, mid, method, bids, contract) in enumerate(rows, 1):
            bidders = "\n".join(f"{name} ราคาที่เสนอ {money(p)} บาท" for name, p in bids)
            winner, price = min(bids, key=lambda b: b[1])
            table_rows.append(
                [
                    n,
                    work,
                    money(budget),
                    money(mid),
                    method,
                    bidders,
                    f"{winner} ราคาที่ตกลง {money(price)} บาท",
                    SKR1_REASON,
                    contract,
                ]
            )
        body = [
            ("p", "รายละเอียดงานที่จัดซื้อจัดจ้างของสำนักงานเขตห้วยขวาง ดังนี้"),
            ("table", SKR1_HEADER, table_rows, [3, 17, 9, 8, 10, 17, 17, 11, 11]),
        ]
    sign = [("sign", ["(นางสาวจิราพร สุขสมบูรณ์)", "หัวหน้าฝ่ายการคลัง"])]
    path = f"{DR}/Procurement new/O20 summary procurement {file_label}.pdf"
    key = f"o20_{month:%Y_%m}"
    return doc(key, path, f"สรุปผลการจัดซื้อจัดจ้าง {heading}", top + body + sign, landscape=True)


# O12 statistics (also the CSV and the JPG infographic)
SERVICE_STATS = [  # (งานบริการ, ฝ่าย, ต.ค.–มี.ค.)
    ("การแจ้งเกิด", "ฝ่ายทะเบียน", [38, 41, 35, 44, 39, 42]),
    ("การแจ้งตาย", "ฝ่ายทะเบียน", [52, 47, 55, 61, 49, 50]),
    ("การแจ้งย้ายที่อยู่", "ฝ่ายทะเบียน", [610, 575, 498, 702, 655, 688]),
    ("การทำบัตรประจำตัวประชาชน", "ฝ่ายทะเบียน", [1245, 1180, 1092, 1310, 1276, 1334]),
    ("บัตรประจำตัวคนซึ่งไม่มีสัญชาติไทย (แรงงานต่างด้าว)", "ฝ่ายทะเบียน", [320, 295, 410, 388, 452, 470]),
    ("การจดทะเบียนสมรส", "ฝ่ายทะเบียน", [45, 60, 38, 72, 88, 51]),
    ("ใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร", "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล", [12, 9, 11, 15, 14, 10]),
    ("การรับชำระภาษีที่ดินและสิ่งปลูกสร้าง (ราย)", "ฝ่ายรายได้", [140, 162, 118, 155, 171, 204]),
    ("การจัดระเบียบผู้ค้าหาบเร่แผงลอย (ครั้ง)", "ฝ่ายเทศกิจ", [62, 58, 66, 71, 69, 74]),
]


def _stats_rows() -> list[list]:
    rows = []
    for name, unit, values in SERVICE_STATS:
        rows.append([name, unit, *[f"{v:,}" for v in values], f"{sum(values):,}"])
    return rows


GDRIVE_ID = "1hK7vQ2mZxP0aB3cD4eF5gH6iJ7kL8mN9"
GDRIVE_VIEW = f"/file/d/{GDRIVE_ID}/view"
GDRIVE_DOWNLOAD = "/uc"  # ?id=…&export=download; served as application/pdf (_routes.yaml)

DOCS: dict[str, Doc] = dict(
    [
        # ---- O2 อำนาจหน้าที่ พื้นที่ นโยบายผู้ว่าฯ แผน 20 ปี -------------------------------------
        doc(
            "o2_duties",
            "/upload/user/00000059/ITA/District history/Assign duties hk.PDF",
            "คำสั่งมอบหมายหน้าที่ความรับผิดชอบ",
            [
                ("title", "คำสั่งสำนักงานเขตห้วยขวาง"),
                ("center", "ที่ ๑/๒๕๖๖"),
                ("center", "เรื่อง มอบหมายอำนาจหน้าที่ความรับผิดชอบ ของผู้ช่วยผู้อำนวยการเขตและหัวหน้าฝ่าย"),
                (
                    "p",
                    "เพื่อให้การปฏิบัติราชการตามอำนาจหน้าที่ ของสำนักงานเขตห้วยขวาง เป็นไปด้วยความเรียบร้อย "
                    "มีประสิทธิภาพ และเกิดประโยชน์สูงสุดแก่ประชาชน จึงมอบหมายอำนาจหน้าที่ ดังนี้",
                ),
                (
                    "list",
                    [
                        f"{ASSISTANTS[0]} ผู้ช่วยผู้อำนวยการเขต กำกับดูแลฝ่ายปกครอง ฝ่ายทะเบียน ฝ่ายการคลัง "
                        "ฝ่ายรายได้ และฝ่ายพัฒนาชุมชนและสวัสดิการสังคม",
                        f"{ASSISTANTS[1]} ผู้ช่วยผู้อำนวยการเขต กำกับดูแลฝ่ายโยธา ฝ่ายสิ่งแวดล้อมและสุขาภิบาล "
                        "ฝ่ายรักษาความสะอาดและสวนสาธารณะ ฝ่ายเทศกิจ และฝ่ายการศึกษา",
                        "หัวหน้าฝ่ายมีหน้าที่บังคับบัญชา และรับผิดชอบงานของฝ่ายตามที่ได้รับมอบหมาย",
                    ],
                ),
                ("p", "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป"),
                ("p", f"สั่ง ณ วันที่ {date_long(D(2022, 10, 3), True)}"),
                ("sign", [f"({DIRECTOR})", "ผู้อำนวยการเขตห้วยขวาง"]),
            ],
        ),
        doc(
            "o2_area",
            f"{DR}/District area new/O2 administrative area and population.pdf",
            "พื้นที่การปกครองและประชากร เขตห้วยขวาง",
            [
                ("title", "พื้นที่การปกครองและประชากร เขตห้วยขวาง"),
                (
                    "p",
                    "เขตห้วยขวางมีพื้นที่ทั้งหมด 13.126 ตารางกิโลเมตร แบ่งพื้นที่การปกครองออกเป็น 3 แขวง "
                    "ได้แก่ แขวงห้วยขวาง แขวงบางกะปิ และแขวงสามเสนนอก "
                    "มีชุมชนที่จดทะเบียนกับกรุงเทพมหานคร 36 ชุมชน",
                ),
                (
                    "table",
                    ["แขวง", "พื้นที่ (ตารางกิโลเมตร)", "ชุมชน", "ครัวเรือน", "ประชากร (คน)"],
                    [
                        ["แขวงห้วยขวาง", "4.713", "15", "14,902", "28,540"],
                        ["แขวงบางกะปิ", "5.208", "12", "13,377", "24,915"],
                        ["แขวงสามเสนนอก", "3.205", "9", "11,864", "22,371"],
                        ["รวม", "13.126", "36", "40,143", "75,826"],
                    ],
                    [3, 3, 2, 2, 2],
                ),
                (
                    "p",
                    "อาณาเขต ทิศเหนือ ติดต่อเขตจตุจักรและเขตลาดพร้าว ทิศตะวันออก ติดต่อเขตวังทองหลาง "
                    "ทิศใต้ ติดต่อเขตดินแดง ทิศตะวันตก ติดต่อเขตดินแดงและเขตจตุจักร",
                ),
                ("p", "ที่มา: สถิติประชากรจากการทะเบียนราษฎร ข้อมูล ณ เดือนธันวาคม 2565"),
            ],
        ),
        doc(
            "o2_policy",
            f"{DR}/Plan and Policy new/O2 Governor policies 2566.pdf",
            "นโยบายผู้ว่าราชการกรุงเทพมหานคร",
            [
                ("title", "นโยบายผู้ว่าราชการกรุงเทพมหานคร"),
                ("center", "การขับเคลื่อนนโยบายในพื้นที่เขตห้วยขวาง ปีงบประมาณ พ.ศ. ๒๕๖๖"),
                (
                    "p",
                    "ผู้ว่าราชการกรุงเทพมหานครได้แถลงนโยบาย 9 ด้าน (นโยบาย 9 ดี) เพื่อเป็นกรอบการบริหารราชการ "
                    "ให้กรุงเทพมหานครเป็นเมืองน่าอยู่สำหรับทุกคน สำนักงานเขตห้วยขวางนำมาปฏิบัติ ดังนี้",
                ),
                (
                    "list",
                    [
                        "ปลอดภัยดี: ติดตั้งไฟฟ้าส่องสว่างและกล้องวงจรปิดในจุดเสี่ยง",
                        "เดินทางดี: ปรับปรุงทางเท้าและจุดเชื่อมต่อระบบขนส่งสาธารณะ",
                        "สิ่งแวดล้อมดี: เพิ่มพื้นที่สีเขียวและปลูกต้นไม้ล้านต้น",
                        "สุขภาพดี: ส่งเสริมบริการสาธารณสุขใกล้บ้าน",
                        "เรียนดี: พัฒนาคุณภาพโรงเรียนสังกัดกรุงเทพมหานคร",
                        "เศรษฐกิจดี: จัดพื้นที่ค้าขายที่เป็นระเบียบสำหรับผู้ค้ารายย่อย",
                        "สังคมดี: ดูแลกลุ่มเปราะบาง ผู้สูงอายุ และคนพิการ",
                        "บริหารจัดการดี: เปิดเผยข้อมูลและให้บริการด้วยระบบดิจิทัล",
                        "โครงสร้างดี: แก้ไขปัญหาน้ำท่วมและบำรุงรักษาท่อระบายน้ำ",
                    ],
                ),
            ],
        ),
        doc(
            "o2_plan20",
            f"{DR}/District area new/O2 Executive Summary 20-year Development Plan for BMA.pdf",
            "บทสรุปผู้บริหาร แผนพัฒนากรุงเทพมหานครระยะ 20 ปี",
            [
                ("title", "บทสรุปผู้บริหาร แผนพัฒนากรุงเทพมหานครระยะ 20 ปี (พ.ศ. 2561 – 2580)"),
                (
                    "p",
                    'วิสัยทัศน์ "กรุงเทพฯ มหานครแห่งเอเชีย" แผนพัฒนากรุงเทพมหานครระยะ 20 ปี '
                    "กำหนดยุทธศาสตร์การพัฒนา 7 มิติ ดังนี้",
                ),
                (
                    "list",
                    [
                        "มหานครปลอดภัย",
                        "มหานครสีเขียว สะดวกสบาย",
                        "มหานครสำหรับทุกคน",
                        "มหานครกะทัดรัด",
                        "มหานครแห่งประชาธิปไตย",
                        "มหานครแห่งเศรษฐกิจและการเรียนรู้",
                        "การบริหารจัดการเมืองมหานคร",
                    ],
                ),
                (
                    "p",
                    "แผนพัฒนากรุงเทพมหานครระยะ 20 ปี แบ่งการดำเนินงานเป็น 4 ระยะ ระยะละ 5 ปี "
                    "และสำนักงานเขตนำไปจัดทำแผนปฏิบัติราชการประจำปีในระดับพื้นที่",
                ),
            ],
        ),
        # ---- O3 แผนพัฒนาเชิงพื้นที่ (on Google Drive: planted defect "not main website") --------
        doc(
            "o3_plan",
            GDRIVE_DOWNLOAD,
            "แผนพัฒนาเชิงพื้นที่ สำนักงานเขตห้วยขวาง 2566",
            [
                ("title", "แผนพัฒนาเชิงพื้นที่ สำนักงานเขตห้วยขวาง"),
                ("center", "ประจำปีงบประมาณ พ.ศ. 2566"),
                (
                    "p",
                    "สำนักงานเขตห้วยขวางจัดทำแผนพัฒนาเชิงพื้นที่ โดยรับฟังความคิดเห็นจากชุมชนในพื้นที่ 3 แขวง "
                    "เพื่อพัฒนาพื้นที่ให้สอดคล้องกับแผนพัฒนากรุงเทพมหานครระยะ "
                    "20 ปี และนโยบายผู้ว่าราชการกรุงเทพมหานคร",
                ),
                (
                    "table",
                    ["โครงการ", "พื้นที่ดำเนินการ", "งบประมาณ (บาท)", "ระยะเวลา", "ผู้รับผิดชอบ"],
                    [
                        [
                            "ปรับปรุงภูมิทัศน์ ริมคลองห้วยขวาง",
                            "แขวงห้วยขวาง",
                            "1,850,000",
                            "ม.ค. – ก.ย. 2566",
                            "ฝ่ายโยธา",
                        ],
                        [
                            "พื้นที่สีเขียว และต้นไม้ล้านต้น",
                            "ทั้ง 3 แขวง",
                            "420,000",
                            "ต.ค. 2565 – ก.ย. 2566",
                            "ฝ่ายรักษาความสะอาด และสวนสาธารณะ",
                        ],
                        [
                            "ชุมชนต้นแบบ (Sandbox) ด้านการจัดการขยะ",
                            "แขวงสามเสนนอก",
                            "150,000",
                            "พ.ย. 2565 – ส.ค. 2566",
                            "ฝ่ายพัฒนาชุมชน และสวัสดิการสังคม",
                        ],
                    ],
                    [5, 3, 3, 3, 4],
                ),
                *director_sign(),
            ],
            host=DRIVE_HOST,
        ),
        # ---- O5 โรงเรียนสังกัดกรุงเทพมหานคร -----------------------------------------------------
        doc(
            "o5_students",
            f"{DR}/School new/O5 student BMA' school 2566.pdf",
            "จำนวนนักเรียนโรงเรียนสังกัดกรุงเทพมหานคร เขตห้วยขวาง",
            [
                ("title", "จำนวนนักเรียนโรงเรียนสังกัดกรุงเทพมหานคร สำนักงานเขตห้วยขวาง"),
                ("center", "ปีการศึกษา 2565 (ข้อมูล ณ วันที่ 10 พฤศจิกายน 2565)"),
                (
                    "table",
                    ["โรงเรียน", "อนุบาล", "ประถมศึกษา", "มัธยมศึกษา", "รวม (คน)"],
                    [
                        [s[0], f"{s[4][0]:,}", f"{s[4][1]:,}", f"{s[4][2]:,}", f"{sum(s[4]):,}"]
                        for s in SCHOOLS
                    ]
                    + [
                        [
                            "รวมทั้งสิ้น",
                            *[f"{sum(s[4][k] for s in SCHOOLS):,}" for k in range(3)],
                            f"{sum(sum(s[4]) for s in SCHOOLS):,}",
                        ]
                    ],
                    [5, 2, 2, 2, 2],
                ),
                ("p", "ที่มา: ฝ่ายการศึกษา สำนักงานเขตห้วยขวาง"),
            ],
        ),
        doc(
            "o5_teachers",
            f"{DR}/School new/O5 teacher BMA' school 2566.pdf",
            "จำนวนครูโรงเรียนสังกัดกรุงเทพมหานคร เขตห้วยขวาง",
            [
                ("title", "จำนวนข้าราชการครูและบุคลากรทางการศึกษา โรงเรียนสังกัดกรุงเทพมหานคร เขตห้วยขวาง"),
                ("center", "ข้อมูล ณ วันที่ ๑๐ พฤศจิกายน ๒๕๖๕"),
                (
                    "table",
                    ["โรงเรียน", "ผู้บริหาร", "ครู", "บุคลากรทางการศึกษา", "รวม (คน)"],
                    [[s[0], "2", f"{s[5]}", "3", f"{s[5] + 5}"] for s in SCHOOLS],
                    [5, 2, 2, 3, 2],
                ),
            ],
        ),
        doc(
            "o5_offbudget",
            f"{DR}/School new/O5 off-budget money school_hk 2566.pdf",
            "เงินนอกงบประมาณของโรงเรียน",
            [
                ("title", "รายงานเงินนอกงบประมาณของโรงเรียนสังกัดกรุงเทพมหานคร เขตห้วยขวาง"),
                ("center", f"ปีงบประมาณ พ.ศ. 2566 {H1}"),
                (
                    "table",
                    ["โรงเรียน", "ยอดยกมา (บาท)", "รับ (บาท)", "จ่าย (บาท)", "คงเหลือ (บาท)"],
                    [
                        [SCHOOLS[0][0], "152,300.00", "48,000.00", "36,450.00", "163,850.00"],
                        [SCHOOLS[1][0], "98,120.00", "35,500.00", "41,200.00", "92,420.00"],
                        [SCHOOLS[2][0], "210,480.00", "76,000.00", "58,930.00", "227,550.00"],
                        [SCHOOLS[3][0], "305,700.00", "120,000.00", "97,300.00", "328,400.00"],
                        [SCHOOLS[4][0], "64,900.00", "22,000.00", "18,750.00", "68,150.00"],
                    ],
                    [5, 3, 3, 3, 3],
                ),
            ],
        ),
        doc(
            "o5_donation",
            f"{DR}/School new/O5 donation hk'school 2566.pdf",
            "การรับบริจาคของโรงเรียน",
            [
                ("title", "รายการรับบริจาคของโรงเรียนสังกัดกรุงเทพมหานคร เขตห้วยขวาง"),
                ("center", "ปีงบประมาณ พ.ศ. ๒๕๖๖ (ตุลาคม ๒๕๖๕ – มีนาคม ๒๕๖๖)"),
                (
                    "table",
                    ["วันที่", "โรงเรียน", "ผู้บริจาค", "รายการ", "มูลค่า (บาท)"],
                    [
                        [
                            date_short(D(2022, 11, 16)),
                            SCHOOLS[2][0],
                            "บริษัท ห้วยขวางพัฒนา จำกัด",
                            "คอมพิวเตอร์ 5 เครื่อง",
                            "85,000.00",
                        ],
                        [
                            date_short(D(2023, 1, 13)),
                            SCHOOLS[0][0],
                            "ชมรมผู้ปกครอง",
                            "ทุนการศึกษา",
                            "30,000.00",
                        ],
                        [
                            date_short(D(2023, 3, 2)),
                            SCHOOLS[3][0],
                            "มูลนิธิเพื่อการศึกษา",
                            "หนังสือห้องสมุด",
                            "12,500.00",
                        ],
                    ],
                    [2, 4, 4, 3, 2],
                ),
            ],
        ),
        # ---- O8 แผนปฏิบัติราชการ: the plan is last year's (planted defect "outdated") -----------
        doc(
            "o8_plan",
            f"{DR}/Plan and Policy new/O8 Government action plan 2565.pdf",
            "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2565",
            [
                ("title", "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2565"),
                ("center", "สำนักงานเขตห้วยขวาง กรุงเทพมหานคร"),
                (
                    "p",
                    "แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2565 จัดทำขึ้นเพื่อแปลงแผนพัฒนากรุงเทพมหานคร "
                    "สู่การปฏิบัติในพื้นที่ ระยะเวลาดำเนินการ 1 ตุลาคม 2564 ถึง 30 กันยายน 2565",
                ),
                (
                    "table",
                    ["โครงการ", "งบประมาณ (บาท)", "ระยะเวลาดำเนินการ", "ผู้รับผิดชอบ"],
                    [
                        [
                            "โครงการปรับปรุงทางเท้า ถนนประชาราษฎร์บำเพ็ญ",
                            "2,400,000",
                            "ม.ค. – มิ.ย. 2565",
                            "ฝ่ายโยธา",
                        ],
                        [
                            "โครงการคัดแยกขยะต้นทาง ในชุมชน",
                            "180,000",
                            "ต.ค. 2564 – ก.ย. 2565",
                            "ฝ่ายรักษาความสะอาด และสวนสาธารณะ",
                        ],
                        [
                            "โครงการตรวจสุขาภิบาล สถานที่จำหน่ายอาหาร",
                            "95,000",
                            "พ.ย. 2564 – ส.ค. 2565",
                            "ฝ่ายสิ่งแวดล้อม และสุขาภิบาล",
                        ],
                        [
                            "โครงการส่งเสริมอาชีพ ผู้สูงอายุ",
                            "120,000",
                            "ก.พ. – ก.ค. 2565",
                            "ฝ่ายพัฒนาชุมชน และสวัสดิการสังคม",
                        ],
                    ],
                    [6, 3, 4, 5],
                ),
                ("p", f"ประกาศ ณ วันที่ {date_long(D(2021, 10, 15), True)}"),
                ("sign", [f"({DIRECTOR})", "ผู้อำนวยการเขตห้วยขวาง"]),
            ],
        ),
        doc(
            "o8_report",
            f"{DR}/Plan and Policy new/O8 performance report 6 months 2566.pdf",
            "รายงานผลการปฏิบัติราชการ รอบ 6 เดือน",
            [
                ("title", "รายงานผลการปฏิบัติราชการประจำปี สำนักงานเขตห้วยขวาง"),
                ("center", f"ประจำปี พ.ศ. 2566 {H1}"),
                (
                    "table",
                    ["ตัวชี้วัด", "ค่าเป้าหมาย", "ผลการดำเนินงาน", "ความก้าวหน้า (ร้อยละ)"],
                    [
                        ["ร้อยละของทางเท้าที่ได้รับการปรับปรุง", "ร้อยละ 80", "ร้อยละ 46", "57.50"],
                        ["ร้อยละของขยะที่คัดแยกจากต้นทาง", "ร้อยละ 25", "ร้อยละ 17", "68.00"],
                        ["จำนวนสถานที่จำหน่ายอาหารที่ผ่านเกณฑ์", "420 แห่ง", "236 แห่ง", "56.19"],
                        ["ความพึงพอใจของผู้รับบริการ", "ร้อยละ 85", "ร้อยละ 88", "100.00"],
                    ],
                    [6, 3, 3, 3],
                ),
                ("p", "ผลการดำเนินงานเป็นไปตามเป้าหมาย ความก้าวหน้าเฉลี่ยร้อยละ 70.42"),
                ("sign", [f"({UNITS[0][1]})", "หัวหน้าฝ่ายปกครอง"]),
            ],
        ),
        # ---- O9 คู่มือการปฏิบัติงาน ----------------------------------------------------------------
        doc(
            "o9_admin",
            f"{FY65}/O13_Work_manual/O13_Administrative_operating_manual.pdf",
            "คู่มือการปฏิบัติงาน งานสารบรรณ ฝ่ายปกครอง",
            [
                ("title", "คู่มือการปฏิบัติงาน งานรับ–ส่งหนังสือราชการ (งานสารบรรณ)"),
                ("center", "ฝ่ายปกครอง สำนักงานเขตห้วยขวาง"),
                ("h", "ขั้นตอนการปฏิบัติงาน"),
                (
                    "list",
                    [
                        "รับหนังสือ ตรวจสอบความถูกต้อง "
                        "และลงทะเบียนรับในระบบสารบรรณอิเล็กทรอนิกส์ (ระยะเวลา 10 นาที)",
                        "เสนอหัวหน้าฝ่ายพิจารณาสั่งการ (ระยะเวลา 1 วันทำการ)",
                        "ส่งเรื่องให้ฝ่ายที่เกี่ยวข้องดำเนินการ และติดตามผล",
                        "จัดเก็บหนังสือตามระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ",
                    ],
                ),
                ("p", "มาตรฐานงาน: หนังสือทุกฉบับได้รับการลงทะเบียนภายในวันที่ได้รับ"),
            ],
        ),
        doc(
            "o9_registration",
            f"{FY65}/O13_Work_manual/O13_Registration_operating_manual.pdf",
            "คู่มือการปฏิบัติงาน งานทะเบียนราษฎร",
            [
                ("title", "คู่มือการปฏิบัติงาน การรับแจ้งการเกิด"),
                ("center", "ฝ่ายทะเบียน สำนักงานเขตห้วยขวาง"),
                ("h", "ขั้นตอนการปฏิบัติงานของเจ้าหน้าที่"),
                (
                    "list",
                    [
                        "ตรวจสอบหนังสือรับรองการเกิด (ท.ร.1/1) และบัตรประจำตัวประชาชนของผู้แจ้ง",
                        "บันทึกข้อมูลในระบบทะเบียนราษฎรและออกสูติบัตร (ท.ร.1 ตอนหน้า)",
                        "เพิ่มชื่อเด็กในทะเบียนบ้าน และส่งมอบเอกสารแก่ผู้แจ้ง",
                    ],
                ),
                ("p", "ระยะเวลาปฏิบัติงาน 15 นาทีต่อราย"),
            ],
        ),
        doc(
            "o9_finance",
            f"{DR}/Work manual new/คู่มือการปฏิบัติงาน ฝ่ายการคลัง 2566.pdf",
            "คู่มือการปฏิบัติงาน ฝ่ายการคลัง",
            [
                ("title", "คู่มือการปฏิบัติงาน การเบิกจ่ายเงินงบประมาณ"),
                ("center", "ฝ่ายการคลัง สำนักงานเขตห้วยขวาง"),
                ("h", "ขั้นตอนการปฏิบัติงาน"),
                (
                    "list",
                    [
                        "ตรวจสอบเอกสารขอเบิกและหลักฐานการจ่ายให้ครบถ้วนถูกต้อง",
                        "บันทึกรายการขอเบิกในระบบบริหารการเงินการคลัง (ระยะเวลา 1 วันทำการ)",
                        "เสนอผู้มีอำนาจอนุมัติ และจ่ายเงินเข้าบัญชีเจ้าหนี้ภายใน 5 วันทำการ",
                    ],
                ),
            ],
        ),
        # ---- O10 คู่มือสำหรับประชาชน ----------------------------------------------------------------
        doc(
            "o10_registration",
            f"{FY65}/O14 Manual people/O14 registration dept.pdf",
            "คู่มือสำหรับประชาชน การทำบัตรประจำตัวประชาชน",
            [
                ("title", "คู่มือสำหรับประชาชน"),
                ("center", "งานบริการ: การขอมีบัตรประจำตัวประชาชน (ฝ่ายทะเบียน)"),
                ("h", "ขั้นตอน ระยะเวลา และส่วนงานที่รับผิดชอบ"),
                (
                    "table",
                    ["ขั้นตอน", "ระยะเวลา", "ส่วนงานที่รับผิดชอบ"],
                    [
                        ["ยื่นคำขอและตรวจสอบหลักฐาน", "5 นาที", "ฝ่ายทะเบียน"],
                        ["ถ่ายภาพ พิมพ์ลายนิ้วมือ และบันทึกข้อมูล", "5 นาที", "ฝ่ายทะเบียน"],
                        ["ออกบัตรและส่งมอบบัตร", "5 นาที", "ฝ่ายทะเบียน"],
                    ],
                    [5, 2, 3],
                ),
                ("p", "ระยะเวลาดำเนินการรวม 15 นาที"),
                ("h", "รายการเอกสาร หลักฐานประกอบ"),
                ("list", ["บัตรประจำตัวประชาชนใบเดิม (กรณีบัตรหมดอายุ)", "สำเนาทะเบียนบ้าน (ฉบับเจ้าบ้าน)"]),
                ("p", "ค่าธรรมเนียม 100 บาท (ยกเว้นกรณีบัตรหมดอายุ)"),
            ],
        ),
        doc(
            "o10_building",
            f"{FY65}/O14 Manual people/O14 civil dept.pdf",
            "คู่มือสำหรับประชาชน การขออนุญาตก่อสร้างอาคาร",
            [
                ("title", "คู่มือสำหรับประชาชน"),
                ("center", "งานบริการ: การขออนุญาตก่อสร้างอาคาร ตามมาตรา 21 (ฝ่ายโยธา)"),
                (
                    "table",
                    ["ขั้นตอน", "ระยะเวลา"],
                    [
                        ["ยื่นคำขอ (แบบ ข.1) และตรวจสอบเอกสาร", "1 วัน"],
                        ["ตรวจสอบสถานที่และพิจารณาแบบแปลน", "25 วัน"],
                        ["พิจารณาออกใบอนุญาต (แบบ อ.1)", "19 วัน"],
                    ],
                    [6, 2],
                ),
                ("p", "ระยะเวลาดำเนินการรวม 45 วัน"),
                ("h", "เอกสาร หลักฐานประกอบ"),
                (
                    "list",
                    [
                        "แบบคำขออนุญาตก่อสร้างอาคาร (แบบ ข.1)",
                        "สำเนาโฉนดที่ดิน",
                        "แบบแปลนและรายการคำนวณ 5 ชุด",
                    ],
                ),
            ],
        ),
        doc(
            "o10_income",
            f"{DR}/Standard service new/O10 service Income dept.pdf",
            "คู่มือสำหรับประชาชน การชำระภาษีที่ดินและสิ่งปลูกสร้าง",
            [
                ("title", "คู่มือสำหรับประชาชน"),
                ("center", "งานบริการ: การชำระภาษีที่ดินและสิ่งปลูกสร้าง (ฝ่ายรายได้)"),
                (
                    "table",
                    ["ขั้นตอน", "ระยะเวลา"],
                    [
                        ["ยื่นใบแจ้งการประเมินภาษีและตรวจสอบยอด", "5 นาที"],
                        ["ชำระเงินและรับใบเสร็จรับเงิน", "5 นาที"],
                    ],
                    [6, 2],
                ),
                ("h", "เอกสาร หลักฐานประกอบ"),
                ("list", ["หนังสือแจ้งการประเมินภาษี", "บัตรประจำตัวประชาชนของผู้ชำระ"]),
            ],
        ),
        # ---- O12 สถิติการให้บริการ (text PDF + CSV + an infographic JPG) -----------------------------
        doc(
            "o12_pdf",
            f"{DR}/statistics new/O12 service statistics Oct2565-Mar2566.pdf",
            "สถิติการให้บริการ ต.ค. 2565 – มี.ค. 2566",
            [
                ("title", "ข้อมูลผลการดำเนินงานในเชิงสถิติ สำนักงานเขตห้วยขวาง"),
                ("center", "สถิติการให้บริการประชาชน ปีงบประมาณ พ.ศ. 2566 (ตุลาคม 2565 – มีนาคม 2566)"),
                (
                    "table",
                    ["งานบริการ", "ฝ่าย", *FY_MONTH_LABELS, "รวม"],
                    _stats_rows(),
                    [9, 6, 2, 2, 2, 2, 2, 2, 2],
                ),
                ("p", "จำนวนผู้รับบริการ หน่วย: ราย ยกเว้นที่ระบุไว้ ข้อมูลสถิติจากระบบงานของแต่ละฝ่าย"),
            ],
            landscape=True,
        ),
        (
            "o12_csv",
            Doc(
                path=f"{DR}/statistics new/O12 service statistics Oct2565-Mar2566.csv",
                title="",
                kind="csv",
                rows=[
                    ["งานบริการ", "ฝ่าย", *FY_MONTH_LABELS, "รวม"],
                    *[[n, u, *v, sum(v)] for n, u, v in SERVICE_STATS],
                ],
            ),
        ),
        (
            "o12_jpg",
            Doc(
                path=f"{DR}/statistics new/O12 INFO operation statistics foreign workers.jpg",
                title="",
                kind="jpg",
                blocks=[
                    ("title", "สถิติการจัดทำบัตรประจำตัวคนซึ่งไม่มีสัญชาติไทย (แรงงานต่างด้าว)"),
                    ("center", "ฝ่ายทะเบียน สำนักงานเขตห้วยขวาง ตุลาคม 2565 – มีนาคม 2566"),
                    ("p", "รวมทั้งสิ้น"),
                ],
                rows=list(zip(FY_MONTH_LABELS, SERVICE_STATS[4][2], strict=True)),
            ),
        ),
    ]
)

DOCS.update(
    [
        # ---- O15 ใบอนุญาตก่อสร้างอาคาร -------------------------------------------------------
        doc(
            "o15_permits",
            f"{DR}/License new/O15 license building housing Oct65-Mar66.pdf",
            "การออกใบอนุญาตก่อสร้างอาคาร ต.ค. 65 – มี.ค. 66",
            [
                ("title", "ข้อมูลการออกใบอนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร ของภาคเอกชน"),
                ("center", "ฝ่ายโยธา สำนักงานเขตห้วยขวาง ตุลาคม 2565 – มีนาคม 2566"),
                (
                    "table",
                    ["เลขที่ใบอนุญาต", "วันที่ออก", "ประเภท", "ชนิดอาคาร", "แขวง"],
                    [
                        [
                            "ข.1 ที่ 41/2565",
                            date_short(D(2022, 10, 12)),
                            "ก่อสร้างอาคาร",
                            "บ้านพักอาศัย 2 ชั้น",
                            "ห้วยขวาง",
                        ],
                        [
                            "ข.1 ที่ 44/2565",
                            date_short(D(2022, 10, 28)),
                            "ดัดแปลงอาคาร",
                            "อาคารพาณิชย์ 4 ชั้น",
                            "สามเสนนอก",
                        ],
                        [
                            "ข.1 ที่ 47/2565",
                            date_short(D(2022, 11, 21)),
                            "ก่อสร้างอาคาร",
                            "อาคารสำนักงาน 8 ชั้น",
                            "บางกะปิ",
                        ],
                        [
                            "ข.1 ที่ 52/2565",
                            date_short(D(2022, 12, 19)),
                            "รื้อถอนอาคาร",
                            "โกดังเก็บสินค้า",
                            "ห้วยขวาง",
                        ],
                        [
                            "ข.1 ที่ 3/2566",
                            date_short(D(2023, 1, 17)),
                            "ก่อสร้างอาคาร",
                            "บ้านพักอาศัย 3 ชั้น",
                            "สามเสนนอก",
                        ],
                        [
                            "ข.1 ที่ 8/2566",
                            date_short(D(2023, 2, 9)),
                            "ก่อสร้างอาคาร",
                            "หอพัก 5 ชั้น",
                            "ห้วยขวาง",
                        ],
                        [
                            "ข.1 ที่ 12/2566",
                            date_short(D(2023, 3, 14)),
                            "ดัดแปลงอาคาร",
                            "ร้านอาหาร 2 ชั้น",
                            "บางกะปิ",
                        ],
                    ],
                    [3, 2, 3, 4, 2],
                ),
                (
                    "p",
                    "รวมการออกใบอนุญาต 7 ราย (ก่อสร้างอาคาร 4 ราย ดัดแปลงอาคาร 2 ราย รื้อถอนอาคาร 1 ราย)",
                ),
            ],
        ),
        # ---- O16 ป้ายและภาษีป้าย (not submitted: planted defect "no URL") ---------------------------
        doc(
            "o16_signs",
            f"{DR}/Sign tax new/O16 INFO sign and signboard tax Oct65-Mar66.pdf",
            "การติดตั้งป้ายและการจัดเก็บภาษีป้าย",
            [
                ("title", "ข้อมูลการติดตั้งป้ายขนาดใหญ่และการจัดเก็บภาษีป้าย"),
                ("center", "ฝ่ายรายได้ สำนักงานเขตห้วยขวาง ตุลาคม 2565 – มีนาคม 2566"),
                (
                    "table",
                    [
                        "เดือน",
                        "ป้ายขนาดใหญ่ที่ได้รับอนุญาต (ป้าย)",
                        "ผู้ชำระภาษีป้าย (ราย)",
                        "ภาษีป้ายที่จัดเก็บ (บาท)",
                    ],
                    [
                        [m, n, k, money(v)]
                        for m, n, k, v in zip(
                            FY_MONTH_LABELS,
                            [2, 1, 0, 3, 1, 2],
                            [58, 64, 41, 212, 305, 187],
                            [412500, 389200, 233100, 1650400, 2108300, 1204700],
                            strict=True,
                        )
                    ],
                    [2, 4, 3, 3],
                ),
            ],
        ),
        # ---- O17 แผนการใช้จ่ายงบประมาณ -------------------------------------------------------
        doc(
            "o17_plan",
            f"{DR}/Plan and Policy new/O17 plan budget hk 2566.pdf",
            "แผนการใช้จ่ายงบประมาณประจำปี 2566",
            [
                ("title", "แผนการใช้จ่ายงบประมาณประจำปีงบประมาณ พ.ศ. 2566"),
                ("center", "สำนักงานเขตห้วยขวาง"),
                (
                    "table",
                    ["งบรายจ่าย", "ไตรมาส 1", "ไตรมาส 2", "ไตรมาส 3", "ไตรมาส 4", "รวม (บาท)"],
                    [
                        [
                            "งบดำเนินงาน",
                            "6,250,000",
                            "7,100,000",
                            "6,900,000",
                            "5,750,000",
                            "26,000,000",
                        ],
                        [
                            "งบลงทุน",
                            "1,200,000",
                            "4,800,000",
                            "6,500,000",
                            "3,500,000",
                            "16,000,000",
                        ],
                        ["งบรายจ่ายอื่น", "300,000", "450,000", "450,000", "300,000", "1,500,000"],
                        ["รวม", "7,750,000", "12,350,000", "13,850,000", "9,550,000", "43,500,000"],
                    ],
                    [4, 3, 3, 3, 3, 3],
                ),
                ("sign", [f"({UNITS[2][1]})", "หัวหน้าฝ่ายการคลัง"]),
            ],
        ),
        doc(
            "o17_report",
            f"{DR}/Plan and Policy new/O17 budget expenditure summary first 6 months 2566.pdf",
            "รายงานผลการใช้จ่ายงบประมาณ รอบ 6 เดือน 2566",
            [
                ("title", "รายงานผลการใช้จ่ายงบประมาณ ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"),
                ("center", "รอบ 6 เดือน (ไตรมาสที่ 1 – 2) ตุลาคม ๒๕๖๕ – มีนาคม ๒๕๖๖"),
                (
                    "table",
                    ["งบรายจ่าย", "งบประมาณที่ได้รับ", "เบิกจ่าย", "ร้อยละของการเบิกจ่าย"],
                    [
                        ["งบดำเนินงาน", "26,000,000", "12,874,300", "49.52"],
                        ["งบลงทุน", "16,000,000", "5,462,000", "34.14"],
                        ["งบรายจ่ายอื่น", "1,500,000", "702,150", "46.81"],
                        ["รวม", "43,500,000", "19,038,450", "43.77"],
                    ],
                    [4, 4, 3, 4],
                ),
                ("sign", [f"({UNITS[2][1]})", "หัวหน้าฝ่ายการคลัง"]),
            ],
        ),
        # ---- O18 ข้อบัญญัติงบประมาณ เงินอุดหนุนชุมชน ----------------------------------------------------
        doc(
            "o18_ordinance",
            f"{DR}/Budget new/O18 budget provisions 2566.pdf",
            "ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2566",
            [
                ("title", "ข้อบัญญัติกรุงเทพมหานคร เรื่อง งบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2566"),
                ("center", "ส่วนที่เป็นงบประมาณรายจ่ายของสำนักงานเขตห้วยขวาง"),
                (
                    "table",
                    ["แผนงาน", "งบประมาณรายจ่าย (บาท)"],
                    [
                        ["แผนงานบริหารทั่วไป", "18,420,000"],
                        ["แผนงานรักษาความสะอาด", "11,380,000"],
                        ["แผนงานโยธาและระบายน้ำ", "9,650,000"],
                        ["แผนงานพัฒนาชุมชนและสวัสดิการสังคม", "4,050,000"],
                        ["รวมทั้งสิ้น", "43,500,000"],
                    ],
                    [6, 3],
                ),
            ],
        ),
        doc(
            "o18_subsidies",
            f"{DR}/Budget new/O18 community subsidies 2566.pdf",
            "เงินอุดหนุนชุมชน ปีงบประมาณ พ.ศ. 2566",
            [
                ("title", "ข้อมูลเงินอุดหนุนชุมชน ปีงบประมาณ พ.ศ. 2566"),
                ("center", "ฝ่ายพัฒนาชุมชนและสวัสดิการสังคม สำนักงานเขตห้วยขวาง"),
                (
                    "table",
                    ["ชุมชน", "แขวง", "เงินอุดหนุน (บาท)", "วันที่โอนเงิน"],
                    [
                        ["ชุมชนหลังวัดธรรมาวาส", "ห้วยขวาง", "50,000.00", date_short(D(2022, 12, 15))],
                        [
                            "ชุมชนประชาสงเคราะห์ 1",
                            "ห้วยขวาง",
                            "50,000.00",
                            date_short(D(2022, 12, 15)),
                        ],
                        ["ชุมชนบางกะปิร่วมใจ", "บางกะปิ", "50,000.00", date_short(D(2023, 1, 20))],
                        ["ชุมชนสามเสนนอกพัฒนา", "สามเสนนอก", "50,000.00", date_short(D(2023, 1, 20))],
                    ],
                    [5, 3, 3, 3],
                ),
                ("p", "เงินอุดหนุนชุมชนละ 50,000 บาท ตามระเบียบกรุงเทพมหานครว่าด้วยกองทุนชุมชน"),
            ],
        ),
        # ---- O19 ประกาศจัดซื้อจัดจ้าง --------------------------------------------------------
        doc(
            "o19_winner",
            f"{DR}/Procurement new/ประกาศผู้ชนะการเสนอราคา "
            "จ้างซ่อมแซมผิวจราจร ซอยประชาราษฎร์บำเพ็ญ 20.pdf",
            "ประกาศผู้ชนะการเสนอราคา",
            announcement(
                "ประกาศผู้ชนะการเสนอราคา จ้างซ่อมแซมผิวจราจรและทางเท้า "
                "ซอยประชาราษฎร์บำเพ็ญ 20 โดยวิธีเฉพาะเจาะจง",
                [
                    "ตามที่สำนักงานเขตห้วยขวางได้มีโครงการจ้างซ่อมแซมผิวจราจรและทางเท้า "
                    "ซอยประชาราษฎร์บำเพ็ญ 20 "
                    "โดยวิธีเฉพาะเจาะจง นั้น ผู้ได้รับการคัดเลือก ได้แก่ ห้างหุ้นส่วนจำกัด ทองเจริญการโยธา "
                    "โดยเสนอราคาเป็นเงินทั้งสิ้น 483,500.00 บาท (สี่แสนแปดหมื่นสามพันห้าร้อยบาทถ้วน) "
                    "ซึ่งรวมภาษีมูลค่าเพิ่มและภาษีอื่น ค่าขนส่ง ค่าจดทะเบียน และค่าใช้จ่ายอื่น ๆ ทั้งปวง"
                ],
                D(2022, 10, 10),
            ),
        ),
        doc(
            "o19_invite",
            f"{DR}/Procurement new/O19 invitation e-bidding 2566-03.pdf",
            "ประกาศเชิญชวน ประกวดราคาจ้างด้วยวิธีประกวดราคาอิเล็กทรอนิกส์",
            announcement(
                "ประกวดราคาจ้างปรับปรุงภูมิทัศน์ริมคลองห้วยขวาง ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding)",
                [
                    "สำนักงานเขตห้วยขวาง มีความประสงค์จะประกวดราคาจ้างปรับปรุงภูมิทัศน์ริมคลองห้วยขวาง "
                    "ด้วยวิธีประกวดราคาอิเล็กทรอนิกส์ (e-bidding) ราคากลางของงานในการประกวดราคาครั้งนี้ "
                    "เป็นเงินทั้งสิ้น 1,850,000.00 บาท",
                    "ผู้สนใจสามารถขอรับเอกสารประกวดราคาอิเล็กทรอนิกส์ ผ่านทางระบบจัดซื้อจัดจ้างภาครัฐ (e-GP) "
                    "ได้ตั้งแต่วันที่ 20 มีนาคม 2566 ถึงวันที่ 28 มีนาคม 2566",
                ],
                D(2023, 3, 20),
            ),
        ),
        # ---- O21 การบริหารทรัพยากรบุคคล ------------------------------------------------------
        doc(
            "o21_policy",
            f"{DR}/Human management new/O21 Human management Policy 2566 update.pdf",
            "นโยบายและหลักเกณฑ์การบริหารทรัพยากรบุคคล 2566",
            announcement(
                "นโยบายและหลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
                [
                    "สำนักงานเขตห้วยขวางกำหนดนโยบายและหลักเกณฑ์การบริหารทรัพยากรบุคคล "
                    "เพื่อให้การบริหารงานบุคคล "
                    "เป็นไปตามหลักคุณธรรม โปร่งใส และตรวจสอบได้ ดังนี้"
                ],
                D(2022, 10, 4),
                [
                    (
                        "list",
                        [
                            "การสรรหาและเลือกสรร: ดำเนินการอย่างเปิดเผย เป็นธรรม และประกาศผลให้ทราบทั่วกัน",
                            "การแต่งตั้งโยกย้าย: พิจารณาจากความรู้ ความสามารถ และผลการปฏิบัติงาน",
                            "การพัฒนาบุคลากร: จัดทำแผนพัฒนารายบุคคลและส่งเสริมการฝึกอบรมทุกระดับ",
                            "การประเมินผลการปฏิบัติงาน: ประเมินปีละ 2 รอบ ตามตัวชี้วัดที่ตกลงไว้ล่วงหน้า",
                            "การให้คุณให้โทษ: ยกย่องผู้มีผลงานดีเด่น และดำเนินการทางวินัยอย่างเป็นธรรม",
                        ],
                    )
                ],
            ),
        ),
        doc(
            "o21_report",
            f"{DR}/Human management new/O21 Human management report 2565.pdf",
            "รายงานผลการบริหารและพัฒนาทรัพยากรบุคคล 2565",
            [
                ("title", "รายงานผลการบริหารทรัพยากรบุคคล และการพัฒนาบุคลากร"),
                ("center", "สำนักงานเขตห้วยขวาง ประจำปีงบประมาณ พ.ศ. 2565"),
                (
                    "table",
                    ["ด้าน", "ผลการดำเนินงาน"],
                    [
                        ["การสรรหาและเลือกสรร", "บรรจุแต่งตั้ง 12 ราย ตามประกาศรับสมัคร"],
                        ["การพัฒนาบุคลากร", "ฝึกอบรม 18 หลักสูตร ผู้เข้าร่วม 214 ราย"],
                        ["การประเมินผลการปฏิบัติงาน", "ประเมินครบ 2 รอบ ร้อยละ 100"],
                        ["การส่งเสริมคุณธรรมจริยธรรม", "ยกย่องข้าราชการดีเด่น 5 ราย"],
                    ],
                    [4, 7],
                ),
                ("p", f"รายงาน ณ วันที่ {date_long(D(2022, 10, 20))}"),
            ],
        ),
        # ---- O22 สถิติเรื่องร้องเรียนการทุจริต ----------------------------------------------------------
        doc(
            "o22_stats",
            f"{DR}/Transparency new/O22 statistics complaint 2566 Oct65 - Mar66.pdf",
            "สถิติเรื่องร้องเรียนการทุจริต ต.ค. 65 – มี.ค. 66",
            [
                ("title", "สถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"),
                ("center", f"สำนักงานเขตห้วยขวาง ปีงบประมาณ พ.ศ. 2566 {H1}"),
                (
                    "table",
                    ["เดือน", "เรื่องร้องเรียน (เรื่อง)", "ดำเนินการแล้วเสร็จ", "อยู่ระหว่างดำเนินการ"],
                    [
                        [m, a, b, c]
                        for m, a, b, c in zip(
                            FY_MONTH_LABELS,
                            [1, 0, 2, 0, 1, 1],
                            [1, 0, 2, 0, 1, 0],
                            [0, 0, 0, 0, 0, 1],
                            strict=True,
                        )
                    ]
                    + [["รวม", 5, 4, 1]],
                    [2, 3, 3, 3],
                ),
                ("p", "เดือนพฤศจิกายน 2565 และเดือนมกราคม 2566 ไม่มีเรื่องร้องเรียน"),
                ("sign", [f"({UNITS[0][1]})", "หัวหน้าฝ่ายปกครอง"]),
            ],
        ),
        # ---- O23 Anti-Bribery (text) and No Gift (image-only scan: planted defect) -----------
        doc(
            "o23_antibribery",
            f"{DR}/fraud prevention new/O23 Anti-Bribery Policy 2566 _thai.pdf",
            "ประกาศนโยบายต่อต้านการรับสินบน",
            announcement(
                "นโยบายต่อต้านการรับสินบน (Anti-Bribery Policy) ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
                [
                    "สำนักงานเขตห้วยขวางมุ่งมั่นบริหารงานด้วยความซื่อสัตย์สุจริต โปร่งใส และตรวจสอบได้ "
                    "จึงประกาศนโยบายต่อต้านการรับสินบน (Anti-Bribery Policy) ดังนี้",
                    "๑. ห้ามบุคลากรทุกระดับเรียก รับ หรือยอมจะรับสินบน หรือประโยชน์อื่นใด เพื่อกระทำหรือไม่กระทำการ"
                    "ในหน้าที่ ไม่ว่าโดยทางตรงหรือทางอ้อม",
                    "๒. ผู้บังคับบัญชาทุกระดับต้องกำกับดูแล และเป็นแบบอย่างที่ดีในการต่อต้านการรับสินบน",
                    "๓. ผู้พบเห็นการรับสินบน สามารถแจ้งเบาะแสได้ที่ช่องทางร้องเรียนการทุจริตของสำนักงานเขต "
                    "โดยผู้แจ้งจะได้รับความคุ้มครอง",
                ],
                D(2022, 10, 3),
            ),
        ),
        (
            "o23_nogift",
            Doc(
                path=f"{DR}/fraud prevention new/O23 No Gift Policy Announcement 2566 _thai.pdf",
                title="",
                kind="scan",
                blocks=announcement(
                    "นโยบายไม่รับของขวัญและของกำนัลทุกชนิด จากการปฏิบัติหน้าที่ (No Gift Policy) "
                    "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
                    [
                        "เพื่อเสริมสร้างวัฒนธรรมองค์กรที่ยึดมั่นในความซื่อสัตย์สุจริต สำนักงานเขตห้วยขวาง "
                        "จึงประกาศนโยบายไม่รับของขวัญและของกำนัลทุกชนิด จากการปฏิบัติหน้าที่ (No Gift Policy) "
                        "ให้ผู้บริหารและบุคลากรทุกคนถือปฏิบัติ ดังนี้",
                        "๑. ไม่รับของขวัญและของกำนัลทุกชนิดจากการปฏิบัติหน้าที่ ทั้งในโอกาสเทศกาลและโอกาสอื่นใด",
                        "๒. ไม่ให้ของขวัญหรือของกำนัลแก่ผู้บังคับบัญชา หรือบุคคลในครอบครัวของผู้บังคับบัญชา",
                        "๓. ใช้วิธีแสดงความยินดีด้วยการลงนามในสมุดอวยพร หรือการ์ดอวยพรแทน",
                    ],
                    D(2022, 10, 3),
                ),
            ),
        ),
        # ---- O24 การมีส่วนร่วมของผู้อำนวยการเขต ----------------------------------------------
        *[
            doc(
                f"o24_{k}",
                f"{DR}/Participation new/O24 {name}.pdf",
                title,
                [
                    ("title", title),
                    ("center", f"วันที่ {date_long(day)}"),
                    ("p", text),
                    ("photo", "ภาพกิจกรรม"),
                    ("p", f"ฝ่ายปกครอง รายงาน ณ วันที่ {date_long(day)}"),
                ],
            )
            for k, (name, title, day, text) in enumerate(
                [
                    (
                        "9 Dec 2565 anti-corruption day",
                        "กิจกรรมวันต่อต้านคอร์รัปชันสากล",
                        D(2022, 12, 9),
                        f"{DIRECTOR} ผู้อำนวยการเขตห้วยขวาง "
                        "เป็นประธานกิจกรรมวันต่อต้านคอร์รัปชันสากล นำผู้บริหาร "
                        "และบุคลากรร่วมประกาศเจตนารมณ์ต่อต้านการทุจริต ณ ห้องประชุมสำนักงานเขตห้วยขวาง",
                    ),
                    (
                        "21 Dec 2565 Hybrid",
                        "ประชุมชี้แจงแนวทางการประเมินคุณธรรมและความโปร่งใส (ITA)",
                        D(2022, 12, 21),
                        "ผู้อำนวยการเขตห้วยขวางเป็นประธานการประชุม "
                        "คณะทำงานขับเคลื่อนการประเมินคุณธรรมและความโปร่งใส"
                        "ในการดำเนินงาน ปีงบประมาณ พ.ศ. 2566 ในรูปแบบไฮบริด "
                        "(Hybrid) มอบหมายผู้รับผิดชอบข้อมูลรายข้อ",
                    ),
                    (
                        "9 Mar 2566 Action integrity and transparency",
                        "กิจกรรมส่งเสริมคุณธรรมและความโปร่งใส",
                        D(2023, 3, 9),
                        "ผู้อำนวยการเขตห้วยขวางร่วมกิจกรรมส่งเสริมคุณธรรมและความโปร่งใส "
                        "พร้อมมอบนโยบายการป้องกันการทุจริต "
                        "แก่หัวหน้าฝ่ายทุกฝ่าย และติดตามความก้าวหน้าการดำเนินการตามมาตรการ",
                    ),
                    (
                        "30 Mar 2566 Role Model-Good Governance",
                        "การประชุมผู้บริหารต้นแบบธรรมาภิบาล",
                        D(2023, 3, 30),
                        "ผู้อำนวยการเขตห้วยขวางเป็นประธานการประชุมประจำเดือน "
                        "และยกย่องบุคลากรต้นแบบด้านคุณธรรม "
                        "จริยธรรม และการปฏิบัติงานอย่างโปร่งใส",
                    ),
                ],
                1,
            )
        ],
        # ---- O25 ความเสี่ยงการทุจริต ---------------------------------------------------------
        doc(
            "o25_assessment",
            f"{DR}/Corruption risk new/O25 analysis and Fraud Risk-Assessments 2566.pdf",
            "การประเมินความเสี่ยงการทุจริต 2566",
            [
                ("title", "การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. 2566"),
                ("center", "สำนักงานเขตห้วยขวาง"),
                (
                    "table",
                    ["กระบวนงาน", "ความเสี่ยงการทุจริต", "ระดับความเสี่ยง", "มาตรการป้องกัน"],
                    [
                        [
                            "การอนุญาตก่อสร้างอาคาร",
                            "เจ้าหน้าที่ เรียกรับผลประโยชน์ เพื่อเร่งรัดการพิจารณา",
                            "สูง",
                            "กำหนดระยะเวลาพิจารณา และเปิดให้ติดตามสถานะคำขอ",
                        ],
                        [
                            "การจัดซื้อจัดจ้าง",
                            "กำหนดคุณลักษณะ เอื้อประโยชน์ แก่ผู้เสนอราคาบางราย",
                            "สูง",
                            "เผยแพร่ราคากลาง และสรุปผลการจัดซื้อจัดจ้าง ทุกเดือน",
                        ],
                        [
                            "การจัดระเบียบผู้ค้า",
                            "เรียกรับเงินจากผู้ค้า เพื่อผ่อนผัน",
                            "ปานกลาง",
                            "ตรวจสอบร่วมกับชุมชน และหมุนเวียนเจ้าหน้าที่",
                        ],
                    ],
                    [4, 6, 3, 6],
                ),
                *director_sign(D(2022, 11, 15)),
            ],
        ),
        doc(
            "o25_report",
            f"{DR}/Corruption risk new/O25 Risk management report 6 months 2566.pdf",
            "รายงานผลการจัดการความเสี่ยงการทุจริต รอบ 6 เดือน",
            [
                ("title", "รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริต"),
                ("center", f"ปีงบประมาณ พ.ศ. 2566 {H1}"),
                (
                    "table",
                    ["ความเสี่ยง", "การดำเนินการ", "ผล"],
                    [
                        [
                            "การอนุญาตก่อสร้างอาคาร",
                            "เผยแพร่ขั้นตอนและระยะเวลา ตรวจสอบคำขอที่เกินกำหนด",
                            "ไม่พบการร้องเรียน",
                        ],
                        ["การจัดซื้อจัดจ้าง", "เผยแพร่ราคากลางและประกาศผลการจัดซื้อจัดจ้าง", "ดำเนินการครบถ้วน"],
                        ["การจัดระเบียบผู้ค้า", "ตรวจร่วมกับคณะกรรมการชุมชน 12 ครั้ง", "ความเสี่ยงลดลง"],
                    ],
                    [4, 7, 3],
                ),
            ],
        ),
        # ---- O26 แผนพัฒนาประสิทธิภาพการให้บริการ ---------------------------------------------
        doc(
            "o26_plan",
            f"{DR}/Service new/O26 service development_building construction 2566.pdf",
            "แผนพัฒนาประสิทธิภาพการให้บริการ 2566",
            [
                ("title", "แผนพัฒนาประสิทธิภาพการให้บริการ ประจำปีงบประมาณ พ.ศ. 2566"),
                ("center", "งานบริการ: การขออนุญาตก่อสร้างอาคาร (ฝ่ายโยธา)"),
                (
                    "table",
                    ["ประเด็นปัญหา", "แนวทางการพัฒนา", "ตัวชี้วัด", "ระยะเวลา"],
                    [
                        [
                            "ผู้ขออนุญาตไม่ทราบ เอกสารที่ต้องใช้",
                            "เผยแพร่รายการตรวจเอกสาร ทางเว็บไซต์",
                            "ร้อยละ 90 ยื่นเอกสารครบ",
                            "ต.ค. – ธ.ค. 2565",
                        ],
                        [
                            "ระยะเวลาพิจารณานาน",
                            "ลดขั้นตอน การตรวจสอบภายใน",
                            "พิจารณาแล้วเสร็จภายใน 40 วัน",
                            "ม.ค. – มิ.ย. 2566",
                        ],
                        [
                            "ติดตามสถานะคำขอได้ยาก",
                            "แจ้งสถานะคำขอ ผ่านระบบออนไลน์",
                            "ความพึงพอใจร้อยละ 85",
                            "ต.ค. 2565 – ก.ย. 2566",
                        ],
                    ],
                    [5, 5, 4, 3],
                ),
            ],
        ),
        doc(
            "o26_report",
            f"{DR}/Service new/O26 report service development 6 months 2566.pdf",
            "รายงานผลตามแผนพัฒนาประสิทธิภาพการให้บริการ รอบ 6 เดือน",
            [
                ("title", "รายงานผลการดำเนินการ ตามแผนพัฒนาประสิทธิภาพการให้บริการ"),
                ("center", f"ปีงบประมาณ พ.ศ. 2566 {H1}"),
                (
                    "list",
                    [
                        "เผยแพร่รายการตรวจเอกสารการขออนุญาตก่อสร้างอาคารแล้ว ผู้ยื่นเอกสารครบร้อยละ 92",
                        "ระยะเวลาพิจารณาเฉลี่ยลดลงจาก 45 วัน เหลือ 41 วัน",
                        "ผลสำรวจความพึงพอใจของผู้รับบริการ ร้อยละ 87.6",
                    ],
                ),
            ],
        ),
        # ---- O27 การใช้ดุลยพินิจ -------------------------------------------------------------
        doc(
            "o27_announcement",
            f"{DR}/fraud prevention new/O27 discretion measure Announcement 2566.pdf",
            "มาตรการตรวจสอบการใช้ดุลยพินิจ",
            announcement(
                "มาตรการตรวจสอบการใช้ดุลยพินิจของเจ้าหน้าที่",
                [
                    "เพื่อป้องกันการใช้ดุลยพินิจโดยมิชอบ "
                    "สำนักงานเขตห้วยขวางกำหนดแนวทางการปฏิบัติในการใช้ดุลยพินิจ ดังนี้",
                    "๑. การใช้ดุลยพินิจต้องเป็นไปตามกฎหมาย ระเบียบ และคู่มือการปฏิบัติงาน โดยบันทึกเหตุผลไว้ทุกครั้ง",
                    "๒. หัวหน้าฝ่ายตรวจสอบการใช้ดุลยพินิจของเจ้าหน้าที่ในการพิจารณาอนุมัติ อนุญาต เป็นประจำทุกเดือน",
                    "๓. ผู้รับบริการที่เห็นว่าการใช้ดุลยพินิจไม่เป็นธรรม สามารถร้องเรียนต่อผู้อำนวยการเขตได้โดยตรง",
                ],
                D(2022, 10, 7),
            ),
        ),
        doc(
            "o27_building",
            f"{DR}/fraud prevention new/แนวทางการใช้ดุลยพินิจ ฝ่ายโยธา 2566.pdf",
            "แนวทางการใช้ดุลยพินิจ การอนุญาตก่อสร้างอาคาร",
            [
                ("title", "แนวทางการปฏิบัติในการใช้ดุลยพินิจของเจ้าหน้าที่"),
                ("center", "การพิจารณาอนุญาตก่อสร้างอาคาร ฝ่ายโยธา สำนักงานเขตห้วยขวาง"),
                (
                    "table",
                    ["ขั้นตอน", "ประเด็นที่ต้องใช้ดุลยพินิจ", "แนวทางปฏิบัติ"],
                    [
                        [
                            "ตรวจสอบเอกสาร",
                            "ความครบถ้วนของเอกสาร",
                            "ใช้รายการตรวจ (Checklist) ฉบับเดียวกันทุกราย",
                        ],
                        ["ตรวจสอบสถานที่", "ระยะร่นและที่ว่างรอบอาคาร", "ตรวจร่วมกัน 2 คน และถ่ายภาพประกอบ"],
                        ["พิจารณาแบบแปลน", "การตีความข้อบัญญัติ", "เสนอคณะทำงานพิจารณากรณีไม่ชัดเจน"],
                    ],
                    [3, 4, 6],
                ),
            ],
        ),
        # ---- O28 แผนป้องกันการทุจริต: no CPI activity (planted advisory note) ----------------
        doc(
            "o28_plan",
            f"{DR}/fraud prevention new/O28 Anti-Corruption 2566 Plan.pdf",
            "แผนปฏิบัติการป้องกันการทุจริต 2566",
            [
                ("title", "แผนปฏิบัติการป้องกันและต่อต้านการทุจริตและประพฤติมิชอบ"),
                ("center", "สำนักงานเขตห้วยขวาง ประจำปีงบประมาณ พ.ศ. 2566"),
                (
                    "table",
                    ["โครงการ/กิจกรรม", "ตัวชี้วัด", "งบประมาณ (บาท)", "ระยะเวลา", "ผู้รับผิดชอบ"],
                    [
                        [
                            "กิจกรรมวันต่อต้าน คอร์รัปชันสากล",
                            "บุคลากรเข้าร่วม ร้อยละ 80",
                            "-",
                            "ธ.ค. 2565",
                            "ฝ่ายปกครอง",
                        ],
                        [
                            "อบรมเสริมสร้างคุณธรรมจริยธรรม และการป้องกันผลประโยชน์ทับซ้อน",
                            "ผู้เข้าอบรม 120 คน",
                            "35,000",
                            "ก.พ. 2566",
                            "ฝ่ายปกครอง",
                        ],
                        [
                            "เผยแพร่ข้อมูลสาธารณะ ตามแนวทางการประเมิน ITA",
                            "เผยแพร่ครบทุกข้อ",
                            "-",
                            "ต.ค. 2565 – ก.ย. 2566",
                            "ทุกฝ่าย",
                        ],
                        [
                            "ตรวจสอบการใช้ดุลยพินิจ ในงานอนุญาต",
                            "รายงานผลทุกเดือน",
                            "-",
                            "ต.ค. 2565 – ก.ย. 2566",
                            "ฝ่ายโยธา",
                        ],
                    ],
                    [7, 4, 3, 4, 3],
                ),
                *director_sign(D(2022, 10, 12)),
            ],
        ),
        doc(
            "o28_report",
            f"{DR}/fraud prevention new/O28 performance "
            "report Anti-Corruption Plan fiscal half.pdf",
            "รายงานผลตามแผนปฏิบัติการป้องกันการทุจริต รอบ 6 เดือน",
            [
                ("title", "รายงานผลการดำเนินการตามแผนปฏิบัติการป้องกันการทุจริต"),
                ("center", f"สำนักงานเขตห้วยขวาง ปีงบประมาณ พ.ศ. 2566 {H1}"),
                (
                    "table",
                    ["โครงการ/กิจกรรม", "ผลการดำเนินการ"],
                    [
                        [
                            "กิจกรรมวันต่อต้านคอร์รัปชันสากล",
                            "ดำเนินการแล้ว เมื่อวันที่ 9 ธันวาคม 2565 ผู้เข้าร่วม 186 คน",
                        ],
                        [
                            "อบรมเสริมสร้างคุณธรรมจริยธรรม",
                            "ดำเนินการแล้ว เมื่อวันที่ 16 กุมภาพันธ์ 2566 ผู้เข้าอบรม 131 คน",
                        ],
                        ["เผยแพร่ข้อมูลสาธารณะ", "อยู่ระหว่างดำเนินการ เผยแพร่แล้ว 28 ข้อ"],
                        ["ตรวจสอบการใช้ดุลยพินิจ", "รายงานผลครบ 6 เดือน ไม่พบการใช้ดุลยพินิจโดยมิชอบ"],
                    ],
                    [5, 8],
                ),
            ],
        ),
        # ---- O29 ทรัพย์สินของราชการ ของบริจาค ของกลาง ----------------------------------------
        doc(
            "o29_property",
            f"{DR}/fraud prevention new/O29 government property guidelines 2566.pdf",
            "แนวทางการใช้และการยืมทรัพย์สินของราชการ",
            announcement(
                "แนวทางปฏิบัติการใช้และการยืมทรัพย์สินของราชการ",
                [
                    "๑. ห้ามนำทรัพย์สินของราชการไปใช้เพื่อประโยชน์ส่วนตัว",
                    "๒. การยืมทรัพย์สินของราชการต้องยื่นแบบขอยืมต่อหัวหน้าฝ่ายการคลัง ระบุวัตถุประสงค์และกำหนดส่งคืน",
                    "๓. ผู้ยืมต้องส่งคืนในสภาพเรียบร้อยภายในกำหนด หากชำรุดเสียหายต้องรับผิดชอบซ่อมแซม",
                    "๔. ฝ่ายการคลังบันทึกการยืมและการคืนในทะเบียนคุมทรัพย์สินทุกครั้ง",
                ],
                D(2022, 10, 14),
            ),
        ),
        doc(
            "o29_donation",
            f"{DR}/fraud prevention new/O29 donation guidelines 2566.pdf",
            "แนวทางปฏิบัติเกี่ยวกับการรับของบริจาค",
            [
                ("title", "แนวทางปฏิบัติเกี่ยวกับการรับของบริจาค"),
                ("center", "สำนักงานเขตห้วยขวาง"),
                (
                    "list",
                    [
                        "การรับบริจาคเงินหรือทรัพย์สิน ต้องออกใบเสร็จรับเงินหรือหนังสือตอบรับการบริจาคทุกครั้ง",
                        "ของบริจาคต้องลงทะเบียนคุมและรายงานผู้อำนวยการเขตทราบภายใน 7 วัน",
                        "ไม่รับบริจาคจากผู้ที่อยู่ระหว่างยื่นคำขออนุญาต หรือเป็นคู่สัญญากับสำนักงานเขต",
                        "เผยแพร่รายการของบริจาคบนเว็บไซต์ของสำนักงานเขตทุกไตรมาส",
                    ],
                ),
            ],
        ),
        doc(
            "o29_seized",
            f"{DR}/fraud prevention new/O29 central storage measures.pdf",
            "มาตรการการจัดเก็บของกลาง",
            [
                ("title", "มาตรการการจัดเก็บและดูแลรักษาของกลาง"),
                ("center", "ฝ่ายเทศกิจ สำนักงานเขตห้วยขวาง"),
                (
                    "list",
                    [
                        "ของกลางที่ยึดได้ต้องบันทึกรายการ ถ่ายภาพ และให้ผู้ต้องหาลงลายมือชื่อรับรอง",
                        "จัดเก็บของกลางในห้องเก็บของกลางที่มีกล้องวงจรปิดและกุญแจ 2 ชั้น",
                        "การคืนหรือทำลายของกลาง ต้องได้รับอนุมัติจากผู้อำนวยการเขต และบันทึกในทะเบียนของกลาง",
                    ],
                ),
            ],
        ),
        # ---- O30 มาตรการส่งเสริมคุณธรรมและความโปร่งใส ----------------------------------------
        doc(
            "o30_measures",
            f"{DR}/Transparency new/O30 Moral measure 2566.pdf",
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใส 2566",
            [
                ("title", "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"),
                ("center", "สำนักงานเขตห้วยขวาง ประจำปีงบประมาณ พ.ศ. 2566"),
                (
                    "p",
                    "จากการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA) ประจำปี 2565 "
                    "สำนักงานเขตห้วยขวางกำหนดมาตรการส่งเสริมคุณธรรมและความโปร่งใส ดังนี้",
                ),
                (
                    "table",
                    ["ประเด็นที่ต้องพัฒนา", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลา"],
                    [
                        [
                            "การเปิดเผยข้อมูลจัดซื้อจัดจ้าง",
                            "เผยแพร่สรุปผลการจัดซื้อจัดจ้างภายในวันที่ 10 ของเดือนถัดไป",
                            "ฝ่ายการคลัง",
                            "ทุกเดือน",
                        ],
                        [
                            "การใช้ทรัพย์สินของราชการ",
                            "ชี้แจงแนวทางการยืมทรัพย์สินแก่บุคลากร",
                            "ฝ่ายการคลัง",
                            "ธ.ค. 2565",
                        ],
                        [
                            "การรับฟังความคิดเห็น",
                            "ตอบกลับคำถามผู้รับบริการภายใน 3 วันทำการ",
                            "ฝ่ายปกครอง",
                            "ต.ค. 2565 – ก.ย. 2566",
                        ],
                    ],
                    [5, 7, 3, 3],
                ),
                *director_sign(D(2022, 11, 1)),
            ],
        ),
        doc(
            "o30_report",
            f"{DR}/Transparency new/O30 Moral measure report 2566.pdf",
            "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            [
                ("title", "รายงานผลการดำเนินการตามมาตรการ ส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"),
                ("center", f"ปีงบประมาณ พ.ศ. 2566 {H1}"),
                (
                    "table",
                    ["มาตรการ", "ผลการดำเนินการ"],
                    [
                        ["เผยแพร่สรุปผลการจัดซื้อจัดจ้างรายเดือน", "ดำเนินการแล้ว"],
                        ["ชี้แจงแนวทางการยืมทรัพย์สินของราชการ", "ดำเนินการแล้ว เมื่อวันที่ 14 ธันวาคม 2565"],
                        ["ตอบกลับคำถามผู้รับบริการภายใน 3 วันทำการ", "ตอบกลับภายในกำหนดร้อยละ 94"],
                    ],
                    [6, 6],
                ),
            ],
        ),
    ]
)
DOCS.update(o20_doc(m) for m in PROCUREMENT)


# --------------------------------------------------------------------------------------------
# Content: HTML pages. Links to documents mix root-relative hrefs with Thai/spaces as written,
# absolute https://webportal.bangkok.go.th/… hrefs and pre-percent-encoded hrefs (pct()).
# --------------------------------------------------------------------------------------------


def P(key: str) -> str:
    """Root-relative href of a document, Thai and spaces unencoded (what CMS editors paste)."""
    return DOCS[key].path


def A(key: str) -> str:
    """Absolute href of a document."""
    return url(DOCS[key].path, DOCS[key].host)


O12_JPG_QUERY = "?_t=1680251400"  # the CMS cache-buster the seed's image URLs carry

PAGE_LIST: list[Page] = [
    # ---- O1: structure, executives, BMA executives, council member — no manpower (planted) ----
    Page(
        "โครงสร้างหน่วยงาน",
        kind="sub",
        pid=863,
        slug="โครงสร้างหน่วยงาน",
        body=[
            (
                "p",
                "สำนักงานเขตห้วยขวาง เป็นหน่วยงานสังกัดกรุงเทพมหานคร "
                "แบ่งส่วนราชการภายในตามประกาศกรุงเทพมหานคร "
                "เรื่อง การแบ่งส่วนราชการภายในสำนักงานเขต มีผู้อำนวยการเขตเป็นผู้บังคับบัญชา "
                "และผู้ช่วยผู้อำนวยการเขตกำกับดูแลฝ่ายต่าง ๆ ดังแผนผังโครงสร้างองค์กรต่อไปนี้",
            ),
            ("h2", "แผนผังโครงสร้างสำนักงานเขตห้วยขวาง"),
            (
                "html",
                '<ul class="org-chart"><li>ผู้อำนวยการเขตห้วยขวาง<ul>'
                + "".join(
                    "<li>ผู้ช่วยผู้อำนวยการเขต<ul>"
                    + "".join(f"<li>{esc(u[0])}</li>" for u in part)
                    + "</ul></li>"
                    for part in (UNITS[:5], UNITS[5:])
                )
                + "</ul></li></ul>",
            ),
            ("h2", "หัวหน้าฝ่าย"),
            ("table", ["ฝ่าย", "หัวหน้าฝ่าย", "โทรศัพท์"], [[u[0], u[1], u[2]] for u in UNITS]),
        ],
    ),
    Page(
        "ผู้บริหารสำนักงานเขตห้วยขวาง",
        kind="sub",
        pid=22365,
        slug="ผู้บริหารสำนักงานเขตห้วยขวาง",
        body=[
            ("h2", "ผู้บริหารสำนักงานเขตห้วยขวาง"),
            (
                "table",
                ["รูปภาพ", "ชื่อ-สกุล", "ตำแหน่ง", "โทรศัพท์", "อีเมล"],
                [
                    [
                        ("img", "/public/user_files_editor/59/executives/director.jpg", DIRECTOR),
                        DIRECTOR,
                        "ผู้อำนวยการเขตห้วยขวาง",
                        "0 2276 4140, 08 1234 5601",
                        "director.hk@bangkok.go.th",
                    ],
                    [
                        (
                            "img",
                            "/public/user_files_editor/59/executives/assistant1.jpg",
                            ASSISTANTS[0],
                        ),
                        ASSISTANTS[0],
                        "ผู้ช่วยผู้อำนวยการเขตห้วยขวาง",
                        "0 2276 4141, 08 1234 5602",
                        "assistant1.hk@bangkok.go.th",
                    ],
                    [
                        (
                            "img",
                            "/public/user_files_editor/59/executives/assistant2.jpg",
                            ASSISTANTS[1],
                        ),
                        ASSISTANTS[1],
                        "ผู้ช่วยผู้อำนวยการเขตห้วยขวาง",
                        "0 2276 4142, 08 1234 5603",
                        "assistant2.hk@bangkok.go.th",
                    ],
                ],
            ),
            ("h2", "ผู้บริหารโรงเรียนสังกัดกรุงเทพมหานครในพื้นที่เขตห้วยขวาง"),
            (
                "table",
                ["โรงเรียน", "ผู้อำนวยการโรงเรียน", "โทรศัพท์"],
                [[s[0], s[2], s[3]] for s in SCHOOLS],
            ),
        ],
    ),
    Page(
        "ผู้บริหารกรุงเทพมหานคร",
        kind="sub",
        pid=26889,
        slug="ผู้บริหารกรุงเทพมหานคร",
        body=[
            (
                "table",
                ["ชื่อ-สกุล", "ตำแหน่ง"],
                [
                    ["นายวรวุฒิ ชัยมงคล", "ผู้ว่าราชการกรุงเทพมหานคร"],
                    ["นายศักดิ์ชัย พงษ์ไพบูลย์", "รองผู้ว่าราชการกรุงเทพมหานคร"],
                    ["นางสาวอรพรรณ เลิศวิริยะ", "รองผู้ว่าราชการกรุงเทพมหานคร"],
                    ["นายพีระพล สุวรรณรัตน์", "รองผู้ว่าราชการกรุงเทพมหานคร"],
                    ["นายณัฐวุฒิ แสงทอง", "รองผู้ว่าราชการกรุงเทพมหานคร"],
                    ["นายสมพงษ์ อุดมทรัพย์", "ปลัดกรุงเทพมหานคร"],
                ],
            ),
        ],
    ),
    Page(
        "สมาชิกสภากรุงเทพมหานคร เขตห้วยขวาง",
        kind="sub",
        pid=866,
        slug="สมาชิกสภากรุงเทพมหานคร-เขตห้วยขวาง",
        body=[
            ("p", "สมาชิกสภากรุงเทพมหานคร (ส.ก.) เขตห้วยขวาง ซึ่งได้รับเลือกตั้งจากประชาชนในพื้นที่เขตห้วยขวาง"),
            (
                "table",
                ["ชื่อ-สกุล", "ตำแหน่ง", "โทรศัพท์"],
                [
                    ["นางสาวชนิดา วงศ์ไทย", "สมาชิกสภากรุงเทพมหานคร เขตห้วยขวาง", "0 2276 4160"],
                ],
            ),
        ],
    ),
    # ---- O2 ------------------------------------------------------------------------------------
    Page(
        "อำนาจหน้าที่",
        kind="sub",
        pid=7623,
        slug="อำนาจหน้าที่",
        body=[
            (
                "p",
                "สำนักงานเขตห้วยขวางมีอำนาจหน้าที่ตามพระราชบัญญัติระเบียบบริหารราชการกรุงเทพมหานคร พ.ศ. 2528 "
                "และตามที่ผู้ว่าราชการกรุงเทพมหานครมอบหมาย ในการให้บริการประชาชนในพื้นที่เขต ดังนี้",
            ),
            (
                "ul",
                [
                    "ดูแลรักษาความสะอาดและความเป็นระเบียบเรียบร้อยในพื้นที่เขต",
                    "ให้บริการงานทะเบียนราษฎรและบัตรประจำตัวประชาชน",
                    "จัดเก็บภาษีและรายได้ของกรุงเทพมหานครในพื้นที่เขต",
                    "ควบคุมอาคารและอนุญาตการก่อสร้างตามกฎหมาย",
                    "ส่งเสริมการศึกษา พัฒนาชุมชน และสวัสดิการสังคม",
                ],
            ),
            ("h2", "อำนาจหน้าที่ของฝ่ายต่าง ๆ"),
            ("table", ["ฝ่าย", "อำนาจหน้าที่"], [[u[0], u[3]] for u in UNITS]),
            ("h2", "เอกสารประกอบ"),
            (
                "links",
                [
                    ("คำสั่งมอบหมายอำนาจหน้าที่ความรับผิดชอบ", A("o2_duties")),
                    ("พื้นที่การปกครองและประชากร", P("o2_area")),
                    ("นโยบายผู้ว่าราชการกรุงเทพมหานคร", P("o2_policy")),
                    ("บทสรุปผู้บริหาร แผนพัฒนากรุงเทพมหานครระยะ 20 ปี", P("o2_plan20")),
                ],
            ),
        ],
    ),
    # ---- O3: the plan is only on Google Drive (planted defect); this page has no dates ----------
    Page(
        "แผนยุทธศาสตร์หรือแผนพัฒนาสำนักงานเขต",
        kind="sub",
        pid=15916,
        slug="แผนยุทธศาสตร์หรือแผนพัฒนาสำนักงานเขต",
        body=[
            ("p", "ฝ่ายปกครองจัดเก็บเอกสารแผนของสำนักงานเขตไว้ใน Google Drive เปิดดูได้จากลิงก์ด้านล่าง"),
            ("links", [("เปิดเอกสารใน Google Drive", url(GDRIVE_VIEW, DRIVE_HOST))]),
        ],
    ),
    # ---- O4: a TIS-620 page (good content: 10 laws) ----------------------------------------------
    Page(
        "กฎหมายที่เกี่ยวข้อง",
        kind="sub",
        pid=16800,
        slug="กฎหมายที่เกี่ยวข้อง",
        charset="tis-620",
        body=[
            ("p", "กฎหมาย ระเบียบ และข้อบัญญัติที่สำนักงานเขตห้วยขวางใช้ในการปฏิบัติงาน"),
            (
                "table",
                ["ลำดับ", "กฎหมาย", "ฝ่ายที่ใช้"],
                [
                    [n, law, unit]
                    for n, (law, unit) in enumerate(
                        [
                            ("พระราชบัญญัติระเบียบบริหารราชการกรุงเทพมหานคร พ.ศ. 2528", "ทุกฝ่าย"),
                            ("พระราชบัญญัติการทะเบียนราษฎร พ.ศ. 2534", "ฝ่ายทะเบียน"),
                            ("พระราชบัญญัติบัตรประจำตัวประชาชน พ.ศ. 2526", "ฝ่ายทะเบียน"),
                            ("พระราชบัญญัติควบคุมอาคาร พ.ศ. 2522", "ฝ่ายโยธา"),
                            ("พระราชบัญญัติการสาธารณสุข พ.ศ. 2535", "ฝ่ายสิ่งแวดล้อมและสุขาภิบาล"),
                            (
                                "พระราชบัญญัติรักษาความสะอาดและความเป็นระเบียบเรียบร้อยของบ้านเมือง "
                                "พ.ศ. 2535",
                                "ฝ่ายเทศกิจ",
                            ),
                            ("พระราชบัญญัติภาษีที่ดินและสิ่งปลูกสร้าง พ.ศ. 2562", "ฝ่ายรายได้"),
                            ("พระราชบัญญัติภาษีป้าย พ.ศ. 2510", "ฝ่ายรายได้"),
                            ("พระราชบัญญัติการจัดซื้อจัดจ้างและการบริหารพัสดุภาครัฐ พ.ศ. 2560", "ฝ่ายการคลัง"),
                            (
                                "กฎกระทรวง ฉบับที่ 55 (พ.ศ. 2543) "
                                "ออกตามความในพระราชบัญญัติควบคุมอาคาร พ.ศ. 2522",
                                "ฝ่ายโยธา",
                            ),
                            ("ข้อบัญญัติกรุงเทพมหานคร เรื่อง ควบคุมอาคาร พ.ศ. 2544", "ฝ่ายโยธา"),
                        ],
                        1,
                    )
                ],
            ),
        ],
    ),
    # ---- O5 --------------------------------------------------------------------------------------
    Page(
        "โรงเรียนสังกัดกรุงเทพมหานครในพื้นที่เขต",
        kind="sub",
        pid=26890,
        slug="โรงเรียนสังกัดกรุงเทพมหานครในพื้นที่เขต",
        body=[
            ("p", "โรงเรียนสังกัดกรุงเทพมหานครในพื้นที่เขตห้วยขวาง มี 5 โรงเรียน อยู่ในความดูแลของฝ่ายการศึกษา"),
            (
                "table",
                ["โรงเรียน", "แขวง", "ผู้อำนวยการโรงเรียน", "โทรศัพท์"],
                [[s[0], s[1], s[2], s[3]] for s in SCHOOLS],
            ),
            ("h2", "ข้อมูลนักเรียน ครู เงินนอกงบประมาณ และการรับบริจาค"),
            (
                "links",
                [
                    ("จำนวนนักเรียน ปีการศึกษา 2565", P("o5_students")),
                    ("จำนวนครูและบุคลากรทางการศึกษา", P("o5_teachers")),
                    ("เงินนอกงบประมาณของโรงเรียน", A("o5_offbudget")),
                    ("การรับบริจาคของโรงเรียน", P("o5_donation")),
                ],
            ),
        ],
    ),
    # ---- O6: contact (reached through 301 → 302), Q&A with a named responder, opinions -----------
    Page(
        "ติดต่อเรา",
        kind="main",
        pid=4021,
        slug="contact-us",
        body=[
            ("h2", "สำนักงานเขตห้วยขวาง"),
            ("p", f"ที่อยู่: {ADDRESS}"),
            ("p", f"โทรศัพท์: {PHONE}  โทรสาร: 0 2276 4144"),
            ("p", f"อีเมล: {EMAIL}"),
            (
                "p",
                "เวลาทำการ: วันจันทร์ – วันศุกร์ เวลา 08.00 – 16.00 "
                "น. (ฝ่ายทะเบียนเปิดบริการวันเสาร์ 08.00 – 12.00 น.)",
            ),
            ("h2", "แผนที่สำนักงานเขตห้วยขวาง"),
            (
                "html",
                '<img src="/public/user_files_editor/59/map/huaikhwang-map.png" '
                'alt="แผนที่สำนักงานเขตห้วยขวาง" width="480" height="300">',
            ),
            ("h2", "หมายเลขโทรศัพท์ของฝ่าย"),
            ("table", ["ฝ่าย", "โทรศัพท์"], [[u[0], u[2]] for u in UNITS]),
        ],
    ),
    Page(
        "ถาม-ตอบ (Q&A)",
        kind="top",
        pid=65,
        slug="QampA",
        body=[
            ("p", "กระดานถามตอบ (Q&A) สำหรับประชาชนสอบถามข้อมูลการให้บริการของสำนักงานเขตห้วยขวาง"),
            (
                "p",
                "ผู้รับผิดชอบการตอบกลับ: นางสาวศิริพร ใจงาม เจ้าพนักงานธุรการชำนาญงาน ฝ่ายปกครอง "
                f"โทร {UNITS[0][2]} ตอบกลับภายใน 3 วันทำการ",
            ),
            (
                "html",
                '<form class="qa" method="post" action="/huaikhwang/page/top/65/QampA">'
                '<label>ชื่อผู้ถาม <input type="text" name="name"></label>'
                '<label>อีเมล <input type="email" name="email"></label>'
                '<label>คำถาม <textarea name="question"></textarea></label>'
                '<button type="submit">ส่งคำถาม</button></form>',
            ),
            ("h2", "คำถามล่าสุด"),
            (
                "news",
                [
                    (
                        date_short(D(2023, 3, 27)),
                        "ถาม: ต้องการย้ายทะเบียนบ้านออก ใช้เอกสารอะไรบ้าง",
                        "ตอบ: ใช้บัตรประจำตัวประชาชนของผู้ย้าย "
                        "และทะเบียนบ้านฉบับเจ้าบ้าน ยื่นได้ที่ฝ่ายทะเบียน (ฝ่ายทะเบียน)",
                    ),
                    (
                        date_short(D(2023, 2, 14)),
                        "ถาม: ขออนุญาตต่อเติมบ้านต้องยื่นที่ไหน",
                        "ตอบ: ยื่นคำขอที่ฝ่ายโยธา หรือยื่นผ่านระบบ BMA OSS ได้ (ฝ่ายโยธา)",
                    ),
                    (
                        date_short(D(2023, 1, 9)),
                        "ถาม: ไฟส่องสว่างในซอยดับหลายวัน",
                        "ตอบ: ฝ่ายโยธาได้ส่งเจ้าหน้าที่ซ่อมแซมแล้วเสร็จเมื่อวันที่ 10 ม.ค. 66 (ฝ่ายโยธา)",
                    ),
                ],
            ),
        ],
    ),
    Page(
        "ช่องทางการรับฟังความคิดเห็น",
        kind="sub",
        pid=27334,
        slug="ช่องทางการรับฟังความคิดเห็น",
        body=[
            ("p", "สำนักงานเขตห้วยขวางเปิดช่องทางการรับฟังความคิดเห็นและข้อเสนอแนะจากประชาชน ดังนี้"),
            (
                "ul",
                [
                    "กล่องรับฟังความคิดเห็น ณ ศูนย์บริการประชาชน ชั้น 1 สำนักงานเขตห้วยขวาง",
                    "แบบฟอร์มแสดงความคิดเห็นออนไลน์ด้านล่างนี้",
                    f"โทรศัพท์ {PHONE} และอีเมล {EMAIL}",
                    "Facebook: สำนักงานเขตห้วยขวาง",
                ],
            ),
            ("p", "ผู้รับผิดชอบ: ฝ่ายปกครอง จะตอบกลับผู้แสดงความคิดเห็นภายใน 3 วันทำการ"),
            (
                "html",
                '<form class="opinion" method="post" action="/huaikhwang/page/sub/27334">'
                '<label>ความคิดเห็น/ข้อเสนอแนะ <textarea name="opinion"></textarea></label>'
                '<button type="submit">ส่งความคิดเห็น</button></form>',
            ),
        ],
    ),
    # ---- O7 --------------------------------------------------------------------------------------
    Page(
        "ข่าวกิจกรรม ITA",
        kind="sub",
        pid=23214,
        slug="ข่าวกิจกรรม-ITA",
        body=[
            (
                "news",
                [
                    (
                        date_short(D(2022, 12, 21)),
                        "ประชุมคณะทำงานขับเคลื่อนการประเมิน ITA ประจำปี 2566",
                        "สำนักงานเขตห้วยขวางจัดประชุมคณะทำงานเพื่อชี้แจงแนวทางการเปิดเผยข้อมูลสาธารณะและมอบหมายผู้รับผิดชอบ",
                    ),
                    (
                        date_short(D(2023, 3, 9)),
                        "กิจกรรมส่งเสริมคุณธรรมและความโปร่งใส",
                        "ผู้บริหารและบุคลากรร่วมกิจกรรมส่งเสริมคุณธรรม และประชาสัมพันธ์ช่องทางแจ้งเบาะแสการทุจริต",
                    ),
                ],
            ),
        ],
    ),
    Page(
        "ข่าวประชาสัมพันธ์ งานกิจกรรม",
        kind="sub",
        pid=21625,
        slug="ข่าวประชาสัมพันธ์-งานกิจกรรม",
        body=[
            (
                "news",
                [
                    (
                        date_long(D(2022, 10, 18)),
                        "ลอกท่อระบายน้ำถนนวัฒนธรรม ป้องกันน้ำท่วมขัง",
                        "ฝ่ายโยธาดำเนินการลอกท่อระบายน้ำ ความยาว 1.2 กิโลเมตร "
                        "เพื่อเพิ่มประสิทธิภาพการระบายน้ำในช่วงฤดูฝน",
                    ),
                    (
                        date_long(D(2022, 12, 5)),
                        "กิจกรรมปลูกต้นไม้ ถนนประชาราษฎร์บำเพ็ญ",
                        "สำนักงานเขตห้วยขวางร่วมกับชุมชนปลูกต้นไม้ 300 ต้น ตามโครงการต้นไม้ล้านต้น",
                    ),
                    (
                        date_long(D(2023, 1, 14)),
                        "งานวันเด็กแห่งชาติ เขตห้วยขวาง",
                        "จัดกิจกรรมวันเด็กแห่งชาติ ณ ลานหน้าสำนักงานเขต มีเด็กและผู้ปกครองร่วมงานกว่า 1,500 คน",
                    ),
                    (
                        date_long(D(2023, 3, 24), True),
                        "ประชาสัมพันธ์การชำระภาษีที่ดินและสิ่งปลูกสร้าง ประจำปี 2566",
                        "ฝ่ายรายได้ขอเชิญชวนผู้มีหน้าที่เสียภาษีชำระภาษีภายในเดือนเมษายน "
                        "2566 ณ สำนักงานเขตหรือช่องทางออนไลน์",
                    ),
                    (
                        date_long(D(2023, 4, 11)),
                        "ตรวจความปลอดภัยสถานบันเทิงก่อนเทศกาลสงกรานต์",
                        "ฝ่ายโยธาและฝ่ายเทศกิจร่วมตรวจความปลอดภัยอาคารสถานบันเทิงในพื้นที่ 24 แห่ง",
                    ),
                ],
            ),
        ],
    ),
    # ---- O8: last year's plan (planted defect); the page carries no current dates ----------------
    Page(
        "แผนปฏิบัติราชการประจำปี",
        kind="sub",
        pid=16283,
        slug="แผนปฏิบัติราชการประจำปี",
        body=[
            ("p", "แผนปฏิบัติราชการประจำปีของสำนักงานเขตห้วยขวาง และรายงานผลการปฏิบัติราชการ"),
            (
                "links",
                [
                    ("แผนปฏิบัติราชการประจำปีงบประมาณ พ.ศ. 2565", P("o8_plan")),
                    ("รายงานผลการปฏิบัติราชการ รอบ 6 เดือน", P("o8_report")),
                ],
            ),
        ],
    ),
    # ---- O9 / O10 ----------------------------------------------------------------------------
    Page(
        "คู่มือ มาตรฐานการปฏิบัติงาน ของเจ้าหน้าที่ผู้ปฏิบัติงาน",
        kind="sub",
        pid=16285,
        slug="คู่มือ-มาตรฐานการปฏิบัติงาน-ของเจ้าหน้าที่ผู้ปฏิบัติงาน",
        body=[
            ("p", "คู่มือการปฏิบัติงานสำหรับเจ้าหน้าที่ของฝ่ายต่าง ๆ ในสำนักงานเขตห้วยขวาง"),
            (
                "links",
                [
                    ("คู่มือการปฏิบัติงาน ฝ่ายปกครอง (งานสารบรรณ)", A("o9_admin")),
                    ("คู่มือการปฏิบัติงาน ฝ่ายทะเบียน (การรับแจ้งการเกิด)", P("o9_registration")),
                    ("คู่มือการปฏิบัติงาน ฝ่ายการคลัง (การเบิกจ่ายเงิน)", P("o9_finance")),
                ],
            ),
        ],
    ),
    Page(
        "มาตรฐานการให้บริการ ของประชาชนผู้มารับบริการ",
        kind="sub",
        pid=16286,
        slug="มาตรฐานการให้บริการ-ของประชาชนผู้มารับบริการ",
        body=[
            ("p", "คู่มือสำหรับประชาชน แสดงขั้นตอน ระยะเวลา และเอกสารที่ใช้ในการขอรับบริการ"),
            (
                "links",
                [
                    ("การขอมีบัตรประจำตัวประชาชน (ฝ่ายทะเบียน)", P("o10_registration")),
                    ("การขออนุญาตก่อสร้างอาคาร (ฝ่ายโยธา)", P("o10_building")),
                    ("การชำระภาษีที่ดินและสิ่งปลูกสร้าง (ฝ่ายรายได้)", pct(P("o10_income"))),
                ],
            ),
        ],
    ),
    # ---- O11 ---------------------------------------------------------------------------------
    Page(
        "E-Service",
        kind="sub",
        pid=24099,
        slug="E-Service",
        body=[
            ("p", "บริการออนไลน์ (e-Service) ของสำนักงานเขตห้วยขวาง ประชาชนยื่นคำขอได้ตลอด 24 ชั่วโมง"),
            (
                "links",
                [
                    ("ยื่นคำขออนุญาตก่อสร้างอาคาร ผ่านระบบ BMA OSS", url("/index", ESERVICE_HOST)),
                    ("จองคิวออนไลน์ ทำบัตรประจำตัวประชาชน", url("/queue", ESERVICE_HOST)),
                    (
                        "แบบฟอร์มคำร้องออนไลน์ของสำนักงานเขต",
                        page_path("sub", 24100, "แบบฟอร์มคำร้องออนไลน์"),
                    ),
                ],
            ),
        ],
    ),
    Page(
        "แบบฟอร์มคำร้องออนไลน์",
        kind="sub",
        pid=24100,
        slug="แบบฟอร์มคำร้องออนไลน์",
        body=[
            ("p", "ยื่นคำร้องขอรับบริการออนไลน์ เจ้าหน้าที่จะติดต่อกลับภายใน 1 วันทำการ"),
            (
                "html",
                '<form method="post" action="/huaikhwang/page/sub/24100">'
                '<label>ชื่อ-สกุล <input type="text" name="name"></label>'
                '<label>โทรศัพท์ <input type="tel" name="phone"></label>'
                '<label>เรื่องที่ขอรับบริการ <textarea name="request"></textarea></label>'
                '<button type="submit">ยื่นคำร้อง</button></form>',
            ),
        ],
    ),
    # ---- O12 ---------------------------------------------------------------------------------
    Page(
        "ข้อมูลเชิงสถิติการให้บริการ",
        kind="sub",
        pid=16287,
        slug="ข้อมูลเชิงสถิติการให้บริการ",
        body=[
            ("p", "สถิติการให้บริการประชาชนของสำนักงานเขตห้วยขวาง ปีงบประมาณ พ.ศ. 2566"),
            (
                "links",
                [
                    ("สถิติการให้บริการ ต.ค. 2565 – มี.ค. 2566 (PDF)", P("o12_pdf")),
                    ("สถิติการให้บริการ ต.ค. 2565 – มี.ค. 2566 (CSV)", P("o12_csv")),
                    ("อินโฟกราฟิก สถิติบัตรประจำตัวคนซึ่งไม่มีสัญชาติไทย", P("o12_jpg") + O12_JPG_QUERY),
                ],
            ),
        ],
    ),
    # ---- O13: the only checklist link is broken (planted defect) -----------------------------
    Page(
        "รายการการตรวจ (Checklist) ในการพิจารณาการออกใบอนุญาต",
        kind="sub",
        pid=27080,
        slug="รายการการตรวจ-Checklist-ในการพิจารณาการออกใบอนุญาต",
        body=[
            (
                "p",
                "รายการตรวจ (Check list) เอกสารประกอบการพิจารณาออกใบอนุญาตของฝ่ายโยธา "
                "ดาวน์โหลดได้จากลิงก์ด้านล่าง",
            ),
            (
                "links",
                [
                    (
                        "Check list บ้านพักอาศัยไม่เกิน 3 ชั้น",
                        "/public/user_files_editor/59/ITA/ITA66/O13/สนย/"
                        "check list บ้านไม่เกิน 3 ชั้น rev.1.pdf",
                    )
                ],
            ),
        ],
    ),
    # ---- O14: the tracking system asks for a login (planted defect) --------------------------
    Page(
        "ระบบติดตาม (Tracking System) สถานะการขอใบอนุญาต",
        kind="sub",
        pid=26892,
        slug="ระบบติดตาม-Tracking-System-สถานะการขอใบอนุญาต",
        body=[
            (
                "p",
                "ผู้ยื่นคำขออนุญาตติดตามสถานะคำขอได้ที่ระบบติดตามสถานะ "
                "(Tracking System) ของสำนักงานเขตห้วยขวาง",
            ),
            ("links", [("เข้าสู่ระบบติดตามสถานะคำขอ", url(TRACKING))]),
        ],
    ),
    # ---- O15 / O16 ---------------------------------------------------------------------------
    Page(
        "การออกใบอนุญาตก่อสร้างอาคารของภาคเอกชน ผู้ประกอบการธุรกิจ",
        kind="sub",
        pid=26893,
        slug="การออกใบอนุญาตก่อสร้างอาคารของภาคเอกชน-ผู้ประกอบการธุรกิจ",
        body=[
            ("p", "ข้อมูลการออกใบอนุญาตก่อสร้าง ดัดแปลง หรือรื้อถอนอาคาร ของภาคเอกชนและผู้ประกอบการธุรกิจ"),
            ("links", [("ข้อมูลการออกใบอนุญาต ต.ค. 2565 – มี.ค. 2566", P("o15_permits"))]),
        ],
    ),
    Page(
        "การติดตั้งป้ายและการจัดเก็บภาษีป้ายขนาดใหญ่",
        kind="sub",
        pid=26894,
        slug="การติดตั้งป้ายและการจัดเก็บภาษีป้ายขนาดใหญ่",
        body=[
            ("p", "ข้อมูลการติดตั้งป้ายขนาดใหญ่และการจัดเก็บภาษีป้าย ฝ่ายรายได้"),
            ("links", [("ข้อมูลป้ายและภาษีป้าย ต.ค. 2565 – มี.ค. 2566", P("o16_signs"))]),
        ],
    ),
    # ---- O17 / O18 ---------------------------------------------------------------------------
    Page(
        "แผนการใช้จ่ายงบประมาณประจำปี",
        kind="sub",
        pid=16290,
        slug="แผนการใช้จ่ายงบประมาณประจำปี",
        body=[
            (
                "links",
                [
                    ("แผนการใช้จ่ายงบประมาณประจำปีงบประมาณ พ.ศ. 2566", P("o17_plan")),
                    ("รายงานผลการใช้จ่ายงบประมาณ รอบ 6 เดือน", A("o17_report")),
                ],
            ),
        ],
    ),
    Page(
        "ข้อมูลงบประมาณ",
        kind="sub",
        pid=27268,
        slug="ข้อมูลงบประมาณ",
        body=[
            (
                "p",
                "สำนักงานเขตห้วยขวางได้รับจัดสรรงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2566 "
                "ตามข้อบัญญัติงบประมาณรายจ่าย จำนวน 43,500,000 บาท",
            ),
            (
                "links",
                [
                    ("ข้อบัญญัติงบประมาณรายจ่ายประจำปีงบประมาณ พ.ศ. 2566", P("o18_ordinance")),
                    ("ข้อมูลเงินอุดหนุนชุมชน", P("o18_subsidies")),
                ],
            ),
        ],
    ),
    # ---- O19 ---------------------------------------------------------------------------------
    Page(
        "ประกาศเกี่ยวกับการจัดซื้อจัดจ้าง",
        kind="sub",
        pid=19972,
        slug="ประกาศเกี่ยวกับการจัดซื้อจัดจ้าง",
        body=[
            ("p", "ประกาศจัดซื้อจัดจ้างของสำนักงานเขตห้วยขวาง (เผยแพร่ในระบบ e-GP และบนเว็บไซต์)"),
            (
                "table",
                ["วันที่ประกาศ", "เรื่อง", "ประเภท"],
                [
                    [
                        date_short(D(2022, 10, 10)),
                        (
                            "a",
                            "ประกาศผู้ชนะการเสนอราคา จ้างซ่อมแซมผิวจราจร ซอยประชาราษฎร์บำเพ็ญ 20",
                            P("o19_winner"),
                        ),
                        "ประกาศผู้ชนะ",
                    ],
                    [
                        date_short(D(2023, 3, 20)),
                        (
                            "a",
                            "ประกาศเชิญชวน ประกวดราคาจ้างปรับปรุงภูมิทัศน์ริมคลองห้วยขวาง",
                            P("o19_invite"),
                        ),
                        "ประกาศเชิญชวน",
                    ],
                ],
            ),
        ],
    ),
    Page(
        "ประกาศเผยแพร่การจัดซื้อจัดจ้าง กรณีไม่ผ่านระบบ e-GP",
        kind="sub",
        pid=20605,
        slug="ประกาศเผยแพร่การจัดซื้อจัดจ้าง-กรณีไม่ผ่านระบบ-e-GP",
        body=[
            ("p", "ประกาศผลการจัดซื้อจัดจ้างกรณีวงเงินเล็กน้อยที่ไม่ต้องดำเนินการในระบบ e-GP"),
            (
                "table",
                ["วันที่", "รายการ", "ผู้ได้รับการคัดเลือก", "วงเงิน (บาท)"],
                [
                    [
                        date_short(D(2022, 12, 12)),
                        "จ้างซ่อมเครื่องปรับอากาศ ฝ่ายทะเบียน",
                        "ร้าน เย็นฉ่ำแอร์เซอร์วิส",
                        "18,500.00",
                    ],
                    [
                        date_short(D(2023, 2, 20)),
                        "ซื้อวัสดุงานบ้านงานครัว",
                        "ร้าน ประชาพาณิชย์",
                        "15,320.00",
                    ],
                ],
            ),
        ],
    ),
    # ---- O20: monthly summaries, January missing (planted defect) ----------------------------
    Page(
        "สรุปผลการจัดซื้อจัดจ้างหรือการจัดการพัสดุรายเดือน",
        kind="sub",
        pid=22003,
        slug="สรุปผลการจัดซื้อจัดจ้างหรือการจัดการพัสดุรายเดือน",
        body=[
            ("p", "สรุปผลการดำเนินการจัดซื้อจัดจ้าง (แบบ สขร.1) ประจำปีงบประมาณ พ.ศ. 2566"),
            (
                "links",
                [
                    ("ประจำเดือน ตุลาคม 2565", pct(P("o20_2022_10"))),
                    ("ประจำเดือน พฤศจิกายน 2565", P("o20_2022_11")),
                    ("ประจำเดือน ธันวาคม 2565", A("o20_2022_12")),
                    ("ประจำเดือน กุมภาพันธ์ 2566", P("o20_2023_02")),
                    ("ประจำเดือน มีนาคม 2566", P("o20_2023_03")),
                ],
            ),
        ],
    ),
    # ---- O21 / O22 ---------------------------------------------------------------------------
    Page(
        "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล",
        kind="sub",
        pid=16294,
        slug="หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล",
        body=[
            (
                "links",
                [
                    (
                        "นโยบายและหลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล ปีงบประมาณ พ.ศ. 2566",
                        P("o21_policy"),
                    ),
                    ("รายงานผลการบริหารทรัพยากรบุคคล ปีงบประมาณ พ.ศ. 2565", P("o21_report")),
                ],
            ),
        ],
    ),
    Page(
        "ช่องทางแจ้งเรื่องร้องเรียนการทุจริต",
        kind="sub",
        pid=19976,
        slug="ช่องทางแจ้งเรื่องร้องเรียนการทุจริต",
        body=[
            (
                "p",
                "ประชาชนร้องเรียนการทุจริตและประพฤติมิชอบของเจ้าหน้าที่ หรือแจ้งเบาะแสได้ทางช่องทางต่อไปนี้ "
                "โดยผู้ร้องเรียนจะได้รับการคุ้มครองและเก็บข้อมูลเป็นความลับ",
            ),
            (
                "ul",
                [
                    f"ด้วยตนเอง ณ ฝ่ายปกครอง สำนักงานเขตห้วยขวาง {ADDRESS}",
                    "ทางไปรษณีย์ จ่าหน้าซอง ผู้อำนวยการเขตห้วยขวาง (ร้องเรียนการทุจริต)",
                    f"โทรศัพท์ {UNITS[0][2]} และอีเมล {EMAIL}",
                    "กล่องรับเรื่องร้องเรียนการทุจริต ชั้น 1 สำนักงานเขตห้วยขวาง",
                ],
            ),
            ("h2", "สถิติเรื่องร้องเรียนการทุจริต"),
            ("links", [("สถิติเรื่องร้องเรียนการทุจริต ต.ค. 2565 – มี.ค. 2566", P("o22_stats"))]),
        ],
    ),
    # ---- O23: Anti-Bribery as text, No Gift only as a scanned image (planted defect) ---------
    Page(
        "เจตจำนงสุจริตผู้บริหาร",
        kind="sub",
        pid=16265,
        slug="เจตจำนงสุจริตผู้บริหาร",
        body=[
            ("p", "ผู้อำนวยการเขตห้วยขวางแสดงเจตจำนงสุจริตในการบริหารงาน และประกาศนโยบายของผู้บริหาร ดังนี้"),
            (
                "links",
                [
                    ("ประกาศสำนักงานเขตห้วยขวาง ฉบับที่ 1", P("o23_antibribery")),
                    ("ประกาศสำนักงานเขตห้วยขวาง ฉบับที่ 2 (ฉบับสแกน)", P("o23_nogift")),
                ],
            ),
        ],
    ),
    # ---- O24 – O30 ---------------------------------------------------------------------------
    Page(
        "การมีส่วนร่วมของผู้บริหาร",
        kind="sub",
        pid=16863,
        slug="การมีส่วนร่วมของผู้บริหาร",
        body=[
            ("p", "กิจกรรมที่ผู้อำนวยการเขตห้วยขวางมีส่วนร่วมในการส่งเสริมคุณธรรมและป้องกันการทุจริต"),
            (
                "links",
                [
                    (DOCS[f"o24_{k}"].title + " " + DOCS[f"o24_{k}"].blocks[1][1], P(f"o24_{k}"))
                    for k in range(1, 5)
                ],
            ),
        ],
    ),
    Page(
        "การประเมินความเสี่ยงการทุจริตประจำปี",
        kind="sub",
        pid=16268,
        slug="การประเมินความเสี่ยงการทุจริตประจำปี",
        body=[
            (
                "links",
                [
                    ("การประเมินความเสี่ยงการทุจริต ประจำปีงบประมาณ พ.ศ. 2566", P("o25_assessment")),
                    ("รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการทุจริต รอบ 6 เดือน", P("o25_report")),
                ],
            ),
        ],
    ),
    Page(
        "แผนพัฒนาประสิทธิภาพการให้บริการและการรายงานผลการดำเนินการ",
        kind="sub",
        pid=27312,
        slug="แผนพัฒนาประสิทธิภาพการให้บริการและการรายงานผลการดำเนินการ",
        body=[
            (
                "links",
                [
                    ("แผนพัฒนาประสิทธิภาพการให้บริการ ประจำปีงบประมาณ พ.ศ. 2566", P("o26_plan")),
                    ("รายงานผลการดำเนินการตามแผน รอบ 6 เดือน", P("o26_report")),
                ],
            ),
        ],
    ),
    Page(
        "แนวทางการปฏิบัติในการใช้ดุลยพินิจของเจ้าหน้าที่",
        kind="sub",
        pid=26897,
        slug="แนวทางการปฏิบัติในการใช้ดุลยพินิจของเจ้าหน้าที่",
        body=[
            (
                "links",
                [
                    ("ประกาศ มาตรการตรวจสอบการใช้ดุลยพินิจของเจ้าหน้าที่", P("o27_announcement")),
                    ("แนวทางการใช้ดุลยพินิจ การพิจารณาอนุญาตก่อสร้างอาคาร", P("o27_building")),
                ],
            ),
        ],
    ),
    Page(
        "แผนปฏิบัติการป้องกันการทุจริตประจำปี",
        kind="sub",
        pid=16271,
        slug="แผนปฏิบัติการป้องกันการทุจริตประจำปี",
        body=[
            (
                "links",
                [
                    ("แผนปฏิบัติการป้องกันและต่อต้านการทุจริต ประจำปีงบประมาณ พ.ศ. 2566", P("o28_plan")),
                    ("รายงานผลการดำเนินการตามแผน รอบ 6 เดือน", P("o28_report")),
                ],
            ),
        ],
    ),
    Page(
        "การจัดการทรัพย์สินของราชการและของบริจาคและการจัดเก็บของกลาง",
        kind="sub",
        pid=26895,
        slug="การจัดการทรัพย์สินของราชการและของบริจาคและการจัดเก็บของกลาง",
        body=[
            (
                "links",
                [
                    ("แนวทางปฏิบัติการใช้และการยืมทรัพย์สินของราชการ", P("o29_property")),
                    ("แนวทางปฏิบัติเกี่ยวกับการรับของบริจาค", P("o29_donation")),
                    ("มาตรการการจัดเก็บและดูแลรักษาของกลาง", P("o29_seized")),
                ],
            ),
        ],
    ),
    Page(
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        kind="sub",
        pid=16275,
        slug="มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
        body=[
            (
                "links",
                [
                    (
                        "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2566",
                        P("o30_measures"),
                    ),
                    ("รายงานผลการดำเนินการตามมาตรการ รอบ 6 เดือน", P("o30_report")),
                ],
            ),
        ],
    ),
]
PAGES: dict[str, Page] = {f"{p.kind}/{p.pid}": p for p in PAGE_LIST}


def pg(key: str) -> str:
    """Submitted URL of a portal page, e.g. pg("sub/863")."""
    return PAGES[key].url


def du(key: str) -> str:
    """Submitted URL of a document (Thai and spaces as written)."""
    return url(DOCS[key].path, DOCS[key].host)


# --------------------------------------------------------------------------------------------
# Items: what the district submits per item, and what a correct checker must report
# --------------------------------------------------------------------------------------------


@dataclass
class Item:
    id: str
    urls: list[str]  # the submitted URLs, in order
    index: list[str]  # page keys the ITA index page links for this item
    status: str = "pass"
    findings: list[dict] = field(default_factory=list)
    defect: str = ""  # the planted defect, for the README
    submitted: bool = True
    note: str = ""


ITA_INDEX_PCT = url(pct(ITA_INDEX))
NOTE_ALL = f"สามารถดูข้อมูลทั้งหมดได้ที่ {ITA_INDEX_PCT}"
NO_GIFT_URL = du("o23_nogift")
BROKEN_CHECKLIST = url(
    "/public/user_files_editor/59/ITA/ITA66/O13/สนย/check list บ้านไม่เกิน 3 ชั้น rev.1.pdf"
)

ITEMS: list[Item] = [
    Item(
        "O1",
        [pg("sub/863"), pg("sub/22365"), pg("sub/26889"), pg("sub/866")],
        ["sub/863", "sub/22365", "sub/26889", "sub/866"],
        "fail",
        [{"code": "missing_element", "element": "O1.2"}],
        "missing required element: structure, executives (with photos and phones), school "
        "directors, BMA executives and the council member are there, but no manpower "
        "(อัตรากำลัง: numbers of ข้าราชการ/ลูกจ้าง) anywhere",
    ),
    Item(
        "O2",
        [pg("sub/7623"), du("o2_duties"), du("o2_area"), du("o2_policy"), du("o2_plan20")],
        ["sub/7623"],
        note=NOTE_ALL,
    ),
    Item(
        "O3",
        [pg("sub/15916"), url(GDRIVE_VIEW, DRIVE_HOST)],
        ["sub/15916"],
        "fail",
        [{"code": "not_main_website", "url": url(GDRIVE_VIEW, DRIVE_HOST)}],
        "file on an outside host: the (good, current) area development plan is only on Google "
        "Drive (viewer page with the text, PDF behind it); the portal page only links there "
        "and carries no dated content",
    ),
    Item(
        "O4",
        [pg("sub/16800")],
        ["sub/16800"],
        defect="(not a defect) the page is served as TIS-620 (windows-874 bytes, "
        "`charset=tis-620`); it lists 11 laws and regulations, so O4 passes once decoded",
    ),
    Item(
        "O5",
        [
            pg("sub/26890"),
            du("o5_students"),
            du("o5_teachers"),
            du("o5_offbudget"),
            du("o5_donation"),
        ],
        ["sub/26890"],
    ),
    Item(
        "O6",
        [url(CONTACT_ENTRY), pg("top/65"), pg("sub/27334")],
        ["top/65", "sub/27334"],
        defect="(not a defect) the contact URL redirects 301 → 302 → the contact page; the Q&A "
        "page names the person responsible for answering, so advisory O6.4 is met",
    ),
    Item("O7", [pg("sub/23214"), pg("sub/21625")], ["sub/23214", "sub/21625"]),
    Item(
        "O8",
        [pg("sub/16283"), du("o8_plan"), du("o8_report")],
        ["sub/16283"],
        "fail",
        [{"code": "outdated", "element": "O8.1"}],
        "last year's plan: the action plan is for ปีงบประมาณ พ.ศ. 2565 (Oct 2021 – Sep 2022); "
        "the progress report is current (รอบ 6 เดือน 2566)",
    ),
    Item(
        "O9",
        [pg("sub/16285"), du("o9_admin"), du("o9_registration"), du("o9_finance")],
        ["sub/16285"],
    ),
    Item(
        "O10",
        [pg("sub/16286"), du("o10_registration"), du("o10_building"), du("o10_income")],
        ["sub/16286"],
    ),
    Item(
        "O11",
        [pg("sub/24099"), url("/index", ESERVICE_HOST)],
        ["sub/24099"],
        note="ระบบ BMA e-Service ของกรุงเทพมหานคร (eservice.bangkok.go.th) เป็นระบบกลางของหน่วยงาน",
    ),
    Item(
        "O12",
        [pg("sub/16287"), du("o12_pdf"), du("o12_csv"), du("o12_jpg") + O12_JPG_QUERY],
        ["sub/16287"],
        defect="(not a defect) a JPG infographic sits next to a text PDF and a CSV holding the "
        "same numbers: nothing is only in an image",
    ),
    Item(
        "O13",
        [pg("sub/27080"), BROKEN_CHECKLIST],
        ["sub/27080"],
        "fail",
        [{"code": "broken_link", "url": BROKEN_CHECKLIST}],
        "broken link: the only checklist document (Thai file name) answers 404",
    ),
    Item(
        "O14",
        [pg("sub/26892"), url(TRACKING)],
        ["sub/26892"],
        "fail",
        [{"code": "login_required", "url": url(TRACKING)}],
        "page behind a login: the tracking system answers 401 with a login form "
        "(input type=password)",
    ),
    Item("O15", [pg("sub/26893"), du("o15_permits")], ["sub/26893"]),
    Item(
        "O16",
        [],
        ["sub/26894"],
        "fail",
        [{"code": "no_url"}],
        "no URL submitted: the page and its PDF exist on the site, but O16 is left out of "
        "submission.yaml",
        submitted=False,
    ),
    Item("O17", [pg("sub/16290"), du("o17_plan"), du("o17_report")], ["sub/16290"]),
    Item("O18", [pg("sub/27268"), du("o18_ordinance"), du("o18_subsidies")], ["sub/27268"]),
    Item("O19", [pg("sub/19972"), pg("sub/20605")], ["sub/19972", "sub/20605"]),
    Item(
        "O20",
        [pg("sub/22003"), *[du(f"o20_{m:%Y_%m}") for m in PROCUREMENT]],
        ["sub/22003"],
        "fail",
        [{"code": "missing_period", "element": "O20.1", "months": ["2023-01"]}],
        "a missing month: แบบ สขร.1 summaries (all 8 fields) for Oct, Dec 2565, Feb, Mar 2566; "
        "Nov 2565 says ไม่มีการจัดซื้อจัดจ้าง (counts as present); January 2566 is missing",
    ),
    Item(
        "O21", [pg("sub/16294"), du("o21_policy"), du("o21_report")], ["sub/16294"], note=NOTE_ALL
    ),
    Item("O22", [pg("sub/19976"), du("o22_stats")], ["sub/19976"]),
    Item(
        "O23",
        [pg("sub/16265"), du("o23_antibribery"), NO_GIFT_URL],
        ["sub/16265"],
        "review",
        [{"code": "not_machine_readable", "element": "O23.2", "url": NO_GIFT_URL}],
        "a scanned PDF: the No Gift Policy announcement is an image-only PDF (no text layer); "
        "the Anti-Bribery announcement is a text PDF",
    ),
    Item("O24", [pg("sub/16863"), *[du(f"o24_{k}") for k in range(1, 5)]], ["sub/16863"]),
    Item("O25", [pg("sub/16268"), du("o25_assessment"), du("o25_report")], ["sub/16268"]),
    Item("O26", [pg("sub/27312"), du("o26_plan"), du("o26_report")], ["sub/27312"]),
    Item("O27", [pg("sub/26897"), du("o27_announcement"), du("o27_building")], ["sub/26897"]),
    Item(
        "O28",
        [pg("sub/16271"), du("o28_plan"), du("o28_report")],
        ["sub/16271"],
        "pass",
        [{"code": "missing_element", "element": "O28.3", "severity": "warning"}],
        "advisory only: the anti-corruption plan has no CPI (ดัชนีการรับรู้การทุจริต) "
        "activity; O28 passes with a warning (the real seed-001 note)",
    ),
    Item(
        "O29",
        [pg("sub/26895"), du("o29_property"), du("o29_donation"), du("o29_seized")],
        ["sub/26895"],
    ),
    Item(
        "O30", [pg("sub/16275"), du("o30_measures"), du("o30_report")], ["sub/16275"], note=NOTE_ALL
    ),
]
ITEM_TITLES = {  # short Thai titles for the ITA index page
    "O1": "โครงสร้าง อัตรากำลัง ข้อมูลผู้บริหาร",
    "O2": "อำนาจหน้าที่และพื้นที่การปกครอง",
    "O3": "แผนพัฒนาเชิงพื้นที่",
    "O4": "กฎหมายที่เกี่ยวข้อง",
    "O5": "โรงเรียนสังกัดกรุงเทพมหานคร",
    "O6": "ข้อมูลการติดต่อ Q&A และช่องทางการรับฟังความคิดเห็น",
    "O7": "การประชาสัมพันธ์ข้อมูลผลการดำเนินงาน",
    "O8": "แผนปฏิบัติราชการประจำปี",
    "O9": "คู่มือการปฏิบัติงานสำหรับเจ้าหน้าที่",
    "O10": "คู่มือการให้บริการประชาชน",
    "O11": "E-Service",
    "O12": "ข้อมูลผลการดำเนินงานในเชิงสถิติ",
    "O13": "รายการการตรวจ (Checklist)",
    "O14": "ระบบติดตาม (Tracking System)",
    "O15": "การออกใบอนุญาตก่อสร้างอาคาร",
    "O16": "การติดตั้งป้ายและภาษีป้าย",
    "O17": "แผนการใช้จ่ายงบประมาณประจำปี",
    "O18": "ข้อมูลงบประมาณ",
    "O19": "ประกาศเกี่ยวกับการจัดซื้อจัดจ้าง",
    "O20": "สรุปผลการจัดซื้อจัดจ้างรายเดือน",
    "O21": "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล",
    "O22": "ช่องทางการร้องเรียนการทุจริต",
    "O23": "เจตจำนงสุจริตของผู้บริหาร",
    "O24": "การมีส่วนร่วมของผู้อำนวยการเขต",
    "O25": "การประเมินความเสี่ยงการทุจริต",
    "O26": "แผนพัฒนาประสิทธิภาพการให้บริการ",
    "O27": "แนวทางการใช้ดุลยพินิจ",
    "O28": "แผนปฏิบัติการป้องกันการทุจริต",
    "O29": "การจัดการทรัพย์สินของราชการ",
    "O30": "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
}


def special_pages() -> list[Page]:
    """Home pages, the ITA index, error/login pages and the outside hosts' pages."""
    index_rows = []
    for it in ITEMS:
        links = "<br>".join(
            f'<a href="{esc(PAGES[k].path)}">{esc(PAGES[k].title)}</a>' for k in it.index
        )
        index_rows.append(
            f"<tr><td>{it.id}</td><td>{esc(ITEM_TITLES[it.id])}</td><td>{links}</td></tr>"
        )
    ita = Page(
        "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานฯ ITA",
        kind="main",
        pid=3655,
        slug=ITA_INDEX.rsplit("/", 1)[1],
        body=[
            ("p", "การเปิดเผยข้อมูลสาธารณะ (OIT) ของสำนักงานเขตห้วยขวาง ตามแบบตรวจการเปิดเผยข้อมูลสาธารณะ"),
            (
                "html",
                "<table><thead><tr><th>ข้อ</th><th>หัวข้อ</th><th>ข้อมูล</th></tr></thead><tbody>"
                + "".join(index_rows)
                + "</tbody></table>",
            ),
        ],
    )
    home = Page(
        "หน้าหลัก",
        file=f"{DISTRICT}/index.html",
        body=[
            ("p", "ยินดีต้อนรับสู่เว็บไซต์สำนักงานเขตห้วยขวาง กรุงเทพมหานคร"),
            ("h2", "ข่าวล่าสุด"),
            (
                "links",
                [
                    ("ข่าวประชาสัมพันธ์ งานกิจกรรม", PAGES["sub/21625"].path),
                    ("ข่าวกิจกรรม ITA", PAGES["sub/23214"].path),
                ],
            ),
            ("h2", "การประเมินคุณธรรมและความโปร่งใส (ITA)"),
            ("links", [("ข้อมูลการเปิดเผยข้อมูลสาธารณะ (OIT)", ITA_INDEX_PCT)]),
        ],
    )
    portal_root = Page(
        "ระบบเว็บไซต์สำนักงานเขต",
        file="index.html",
        raw=f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>ระบบเว็บไซต์สำนักงานเขต กรุงเทพมหานคร</title></head>
<body><h1>ระบบเว็บไซต์สำนักงานเขต กรุงเทพมหานคร</h1>
<ul><li><a href="/{DISTRICT}">สำนักงานเขตห้วยขวาง</a></li></ul></body></html>
""",
        body=[],
    )
    not_found = Page(
        "ไม่พบหน้า",
        file="404.html",
        raw="""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>404 ไม่พบหน้าที่ต้องการ</title></head>
<body><h1>404</h1><p>ขออภัย ไม่พบหน้าหรือไฟล์ที่ท่านต้องการ</p></body></html>
""",
        body=[],
    )
    login = Page(
        "เข้าสู่ระบบ",
        file="login.html",
        raw=f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>เข้าสู่ระบบสมาชิก - สำนักงานเขตห้วยขวาง</title></head>
<body><h1>เข้าสู่ระบบสมาชิก</h1>
<p>กรุณาเข้าสู่ระบบเพื่อใช้งานระบบติดตามสถานะคำขอ</p>
<form method="post" action="/{DISTRICT}/member/login">
<label>ชื่อผู้ใช้ <input type="text" name="username"></label>
<label>รหัสผ่าน <input type="password" name="password"></label>
<button type="submit">เข้าสู่ระบบ</button>
</form></body></html>
""",
        body=[],
    )
    drive = Page(
        "Google Drive",
        host=DRIVE_HOST,
        file=GDRIVE_VIEW.lstrip("/") + ".html",
        raw=f"""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8">
<title>O3 area development plan 2566.pdf - Google ไดรฟ์</title></head>
<body><div class="drive-viewer"><h1>O3 area development plan 2566.pdf</h1>
<p><a href="https://{DRIVE_HOST}{GDRIVE_DOWNLOAD}?id={GDRIVE_ID}&amp;export=download">ดาวน์โหลด</a></p>
<div class="drive-preview">
{render_blocks(pdf_blocks_to_html(DOCS["o3_plan"].blocks))}
</div></div></body></html>
""",
        body=[],
    )
    eservice = Page(
        "BMA e-Service",
        host=ESERVICE_HOST,
        file="index.html",
        raw="""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8">
<title>BMA e-Service ระบบบริการอิเล็กทรอนิกส์ กรุงเทพมหานคร</title></head>
<body><h1>BMA e-Service ระบบบริการอิเล็กทรอนิกส์ กรุงเทพมหานคร</h1>
<p>ยื่นคำขอและชำระค่าธรรมเนียมออนไลน์ได้ตลอด 24 ชั่วโมง (BMA OSS)</p>
<ul>
<li>ยื่นคำขออนุญาตก่อสร้าง ดัดแปลง รื้อถอนอาคาร</li>
<li>ยื่นคำขอใบอนุญาตจัดตั้งสถานที่จำหน่ายอาหาร</li>
<li>ชำระภาษีที่ดินและสิ่งปลูกสร้าง และภาษีป้าย</li>
<li><a href="/queue">จองคิวออนไลน์</a></li>
</ul>
<form method="get" action="/search"><label>ค้นหาบริการ <input type="text" name="q"></label>
<button type="submit">ค้นหา</button></form>
</body></html>
""",
        body=[],
    )
    queue = Page(
        "จองคิว",
        host=ESERVICE_HOST,
        file="queue.html",
        raw="""<!DOCTYPE html>
<html lang="th"><head><meta charset="utf-8"><title>จองคิวออนไลน์ - BMA e-Service</title></head>
<body><h1>จองคิวออนไลน์</h1><p>เลือกสำนักงานเขต วันที่ และเวลาที่ต้องการรับบริการ</p>
<form method="post" action="/queue"><label>สำนักงานเขต <select name="district">
<option>สำนักงานเขตห้วยขวาง</option></select></label>
<label>วันที่ <input type="date" name="date"></label><button type="submit">จองคิว</button></form>
</body></html>
""",
        body=[],
    )
    return [ita, home, portal_root, not_found, login, drive, eservice, queue]


ROUTES_YAML = f"""# Special behaviours of the sample site, read by oitcrawl/sample_site/server.py.
# Generated by scripts/build_sample_site.py; paths are URL paths, percent-DECODED.
redirects:   # exact decoded path match
  - {{host: {HOST}, path: "{CONTACT_ENTRY}", status: 301, location: "{CONTACT_MIDDLE}"}}
  - {{host: {HOST}, path: "{CONTACT_MIDDLE}", status: 302, location: "{CONTACT_FINAL}"}}
headers:     # response header overrides; a portal-page path covers any slug after it
  - {{host: {HOST}, path: "{page_path("sub", 16800)}", content_type: "text/html; charset=tis-620"}}
  - {{host: {DRIVE_HOST}, path: "{GDRIVE_DOWNLOAD}", content_type: "application/pdf",
     content_disposition: 'inline; filename="O3 area development plan 2566.pdf"'}}
status:      # serve a file with a given status
  - {{host: {HOST}, path: "{TRACKING}", status: 401, file: "{HOST}/login.html"}}
"""

ROBOTS = {
    HOST: f"User-agent: *\nDisallow: /{DISTRICT}/admin/\n",
    DRIVE_HOST: "User-agent: *\nAllow: /\n",
    ESERVICE_HOST: "User-agent: *\nDisallow: /admin/\n",
}


# --------------------------------------------------------------------------------------------
# Output files
# --------------------------------------------------------------------------------------------


def _yaml_scalar(v: object) -> str:
    if isinstance(v, str) and v and all(c.isalnum() or c in "_." for c in v) and not v[0].isdigit():
        return v
    if isinstance(v, list):
        return "[" + ", ".join(_yaml_scalar(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {_yaml_scalar(x)}" for k, x in v.items()) + "}"
    return json.dumps(v, ensure_ascii=False)


def submission_yaml() -> str:
    lines = [
        "# The submission the demo checks: what สำนักงานเขตห้วยขวาง would send for ITA 2566,",
        "# modelled on the URLs the district really submitted (seed 001), on the sample site.",
        "# Generated by scripts/build_sample_site.py — edit the script, not this file.",
        "agency: สำนักงานเขตห้วยขวาง",
        f"website: {BASE}/{DISTRICT}",
        "framework: bma-district-2566",
        f"fiscal_year: {FISCAL_YEAR}",
        f"as_of: {AS_OF.isoformat()}",
        f"also_main: [{ESERVICE_HOST}]",
        "items:",
    ]
    for it in ITEMS:
        if not it.submitted:
            lines.append(f"  # {it.id}: not submitted (planted defect: no URL)")
            continue
        if it.note:
            lines.append(f"  {it.id}:")
            lines.append("    urls:")
            lines += [f"      - {json.dumps(u, ensure_ascii=False)}" for u in it.urls]
            lines.append(f"    note: {json.dumps(it.note, ensure_ascii=False)}")
        else:
            lines.append(f"  {it.id}:")
            lines += [f"    - {json.dumps(u, ensure_ascii=False)}" for u in it.urls]
    return "\n".join(lines) + "\n"


def expected_data() -> dict:
    return {
        "as_of": AS_OF,
        "fiscal_year": FISCAL_YEAR,
        "items": {it.id: {"status": it.status, "findings": it.findings} for it in ITEMS},
    }


def expected_yaml() -> str:
    lines = [
        "# Planted defects of the sample site: the result a correct checker must give for",
        "# submission.yaml as of as_of. One defect per item and nothing else wrong with that item;",
        "# `findings` lists what the item must report (the rule-engine tests assert it).",
        "# status: pass | fail | review (review = content only in an image that was not read).",
        "# Generated by scripts/build_sample_site.py — edit the script, not this file.",
        f"as_of: {AS_OF.isoformat()}",
        f"fiscal_year: {FISCAL_YEAR}",
        "items:",
    ]
    for it in ITEMS:
        entry = _yaml_scalar({"status": it.status, "findings": it.findings})
        comment = (
            f"   # {it.defect.split(':')[0]}" if it.defect and not it.defect.startswith("(") else ""
        )
        lines.append(f"  {it.id}: {entry}{comment}")
    return "\n".join(lines) + "\n"


def readme() -> str:
    rows = []
    for it in ITEMS:
        expect = it.status + (
            " — "
            + ", ".join(
                f["code"]
                + (f" {f['element']}" if "element" in f else "")
                + (f" {f['months']}" if "months" in f else "")
                + (f" ({f['severity']})" if "severity" in f else "")
                for f in it.findings
            )
            if it.findings
            else ""
        )
        rows.append(f"| {it.id} | {len(it.urls)} | {it.defect or '—'} | {expect} |")
    return f"""# The sample district site

A static replica of a Bangkok district-office portal — สำนักงานเขตห้วยขวาง on
`webportal.bangkok.go.th/huaikhwang` — with evidence for all 30 OIT items of
`bma-district-2566` (fiscal year 2566, checked as of {AS_OF.isoformat()}). Page ids, slugs and
file names follow the URLs the district really submitted for ITA 2566 (seed 001); all people,
phone numbers and amounts are fictional. It is the demo (`oitcrawl demo` serves it on
127.0.0.1 and checks it) and the main test fixture.

- `site/<host>/<decoded URL path>`: the served files (Thai and spaces literally in file names);
  portal pages `/<district>/page/<kind>/<id>/<slug>` live in `<district>/page/<kind>/<id>.html`.
  Hosts: `{HOST}` (the portal), `{DRIVE_HOST}` (an outside host),
  `{ESERVICE_HOST}` (the BMA e-Service system, declared `also_main` in the submission).
- `site/_routes.yaml`: the redirect chain, the TIS-620 and PDF content types, the 401 login page.
- `submission.yaml`: the URLs the demo checks (O16 deliberately left out).
- `expected.yaml`: what a correct checker must report per item (the rule-engine tests assert it).

PDFs carry a real Unicode Thai text layer (fpdf2 with HarfBuzz shaping, TLWG Laksaman font);
the one scanned announcement is image-only. Document links mix root-relative hrefs with Thai and
spaces unencoded, absolute hrefs and pre-percent-encoded hrefs, as real CMS pages do.

## Regenerate

    apt-get install {FONT_PACKAGE}        # the Thai TrueType fonts (Laksaman)
    .venv/bin/python scripts/build_sample_site.py --verify

The script owns everything in this folder except `server.py`; it wipes `site/` and rebuilds it.
Output is deterministic (fixed dates, no randomness): two runs give byte-identical files.
`--verify` re-reads every PDF's text with pypdfium2 (exactly the Thai written, no word split
across lines, table headers on one line; the scan has no text), checks the TIS-620 page, checks
that each planted defect is the only problem of its item (no manpower words in O1, no CPI in
O28, no January in O20, no No Gift text outside the scan, no current date on the O3/O8 pages),
serves the site and fetches every submitted URL and every link, and loads `submission.yaml`.

Every item not listed with a defect below has evidence for each element of
`FRAMEWORK-bma-district-2566.md`, in its hint vocabulary and dated in fiscal year 2566
(monthly and H1 items cover October 2565 – March 2566).

## Planted defects (one per item, the only problem of that item)

| item | URLs submitted | planted defect | expected |
|---|---|---|---|
{chr(10).join(rows)}
"""


def build_files(renderer: PdfRenderer) -> dict[str, bytes]:
    """Every site file: {{path below site/: bytes}}."""
    files: dict[str, bytes] = {}

    def put(rel: str, data: bytes) -> None:
        assert rel not in files, rel
        files[rel] = data

    for d in DOCS.values():
        rel = f"{d.host}{d.path}"
        if d.kind == "pdf":
            put(rel, renderer.render(d))
        elif d.kind == "scan":
            put(rel, render_scan(d))
        elif d.kind == "csv":
            put(rel, render_csv(d))
        elif d.kind == "jpg":
            put(rel, render_stats_jpg(d))
        else:
            raise ValueError(d.kind)
    for p in [*PAGE_LIST, *special_pages()]:
        put(p.out_file, p.render())
    for n, name in enumerate(["director", "assistant1", "assistant2"], 1):
        put(f"{HOST}/public/user_files_editor/59/executives/{name}.jpg", render_photo(f"{n}"))
    put(f"{HOST}/public/user_files_editor/59/map/huaikhwang-map.png", render_map())
    put(f"{HOST}/{DISTRICT}/assets/portal.css", CSS.encode())
    for host, text in ROBOTS.items():
        put(f"{host}/robots.txt", text.encode())
    put("_routes.yaml", ROUTES_YAML.encode())
    return files


def write_all() -> dict[str, bytes]:
    files = build_files(PdfRenderer())
    if SITE.exists():
        shutil.rmtree(SITE)
    for rel, data in sorted(files.items()):
        target = SITE / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (OUT / "submission.yaml").write_text(submission_yaml(), encoding="utf-8")
    (OUT / "expected.yaml").write_text(expected_yaml(), encoding="utf-8")
    (OUT / "README.md").write_text(readme(), encoding="utf-8")
    return files


# --------------------------------------------------------------------------------------------
# --verify: the self-check
# --------------------------------------------------------------------------------------------


def _block_strings(blocks: list) -> tuple[list[str], list[str]]:
    """(texts that must appear whole, table header names that must stay on one line)."""
    whole: list[str] = []
    headers: list[str] = []
    for b in blocks:
        kind = b[0]
        if kind in ("title", "center", "h", "p", "photo"):
            whole.append(b[1])
        elif kind == "list":
            whole += [f"{th(n)}. {t}" for n, t in enumerate(b[1], 1)]
        elif kind == "sign":
            whole += b[1]
        elif kind == "table":
            headers += [str(h).split("\n")[0] for h in b[1]]
            whole += [str(h) for h in b[1]]
            whole += [str(c) for row in b[2] for c in row]
    return whole, headers


def _pdf_text(data: bytes) -> tuple[str, int]:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    pdf = pdfium.PdfDocument(data)
    texts, images = [], 0
    for page in pdf:
        texts.append(page.get_textpage().get_text_range())
        images += sum(1 for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]))
    return "\n".join(texts), images


def _squash(s: str) -> str:
    return "".join(s.split())


def verify(files: dict[str, bytes]) -> list[str]:
    from collections import Counter

    problems: list[str] = []
    texts: dict[str, str] = {}  # submitted-URL-ish key → extracted text, for the content checks

    # 1. PDFs: the text layer is exactly the Thai that was written; the scan has none
    for key, d in DOCS.items():
        data = files[f"{d.host}{d.path}"]
        if d.kind not in ("pdf", "scan"):
            continue
        text, images = _pdf_text(data)
        texts[key] = text
        if d.kind == "scan":
            if text.strip() or images < 1:
                problems.append(f"{key}: scan has text {text[:40]!r} or no image ({images})")
            continue
        whole, headers = _block_strings(d.blocks)
        got = _squash(text)
        if Counter(got) != Counter(_squash("".join(whole))):
            diff = (Counter(got) - Counter(_squash("".join(whole)))) + (
                Counter(_squash("".join(whole))) - Counter(got)
            )
            problems.append(f"{key}: text layer differs from the source: {dict(diff)}")
        if bad := [
            c
            for c in text
            if c == "\ufffd" or "\ue000" <= c <= "\uf8ff" or (ord(c) < 32 and c not in "\r\n")
        ]:
            problems.append(f"{key}: stray characters {bad[:5]!r}")
        flat = " ".join(text.split())
        for s in whole:
            if len(s) > 1 and _squash(s) not in got and "\n" not in s:
                problems.append(f"{key}: text {s[:50]!r} not found whole")
        lines = [" ".join(line.split()) for line in text.splitlines()]
        for s in whole:
            for word in s.split():
                if not any(word in line for line in lines):
                    problems.append(f"{key}: word {word!r} is broken across lines")
        for h in headers:
            if h not in flat:
                problems.append(f"{key}: table header {h!r} is split across lines")

    # 2. the TIS-620 page
    tis = PAGES["sub/16800"]
    raw = files[tis.out_file]
    decoded = raw.decode("cp874")
    if raw.decode("tis-620") != decoded or '<meta charset="tis-620">' not in decoded:
        problems.append("O4 page: not a clean TIS-620 page")
    if decoded.count("พระราชบัญญัติ") < 5:
        problems.append("O4 page: fewer than 5 laws")
    try:
        raw.decode("utf-8")
        problems.append("O4 page: bytes are valid UTF-8, so they do not test decoding")
    except UnicodeDecodeError:
        pass

    # 3. crispness: each planted defect is the only problem of its item
    import re

    def page_text(key: str) -> str:
        body = PAGES[key].render().decode(PAGES[key].charset.replace("tis-620", "cp874"))
        body = body.split('<div class="content">', 1)[1].split("</div>\n<footer", 1)[0]
        return html.unescape(re.sub(r"<[^>]+>", " ", body))

    o1 = " ".join(page_text(k) for k in ITEMS[0].index)
    for word in ("อัตรากำลัง", "ข้าราชการ", "ลูกจ้าง", "จำนวน"):
        if word in o1:
            problems.append(f"O1: {word!r} appears in the evidence (O1.2 must be missing)")
    o28 = texts["o28_plan"] + texts["o28_report"] + page_text("sub/16271")
    if "CPI" in o28 or "ดัชนีการรับรู้" in o28:
        problems.append("O28: a CPI activity appears")
    o23 = texts["o23_antibribery"] + page_text("sub/16265")
    if "ของขวัญ" in o23 or "No Gift" in o23:
        problems.append("O23: No Gift content is machine readable somewhere")
    o20 = page_text("sub/22003") + "".join(texts[k] for k in DOCS if k.startswith("o20_"))
    if any(w in o20 for w in ("มกราคม", "ม.ค.", "Jan")):
        problems.append("O20: January is mentioned")
    for key, words in (
        ("sub/16283", ("2566", "๒๕๖๖", "66")),
        ("sub/15916", ("2566", "๒๕๖๖", "66")),
    ):
        if any(w in page_text(key) for w in words):
            problems.append(f"{key}: the page of a defect item carries a current date")
    o8_report = texts["o8_report"]
    if any(w in o8_report for w in ("แผนปฏิบัติราชการ", "โครงการ", "งบประมาณ")):
        problems.append("O8: the report names the plan (it would satisfy O8.1)")

    # 4. serve the site: every submitted URL and every link answers as intended
    problems += _check_http(files)

    # 5. the submission file loads
    sys.path.insert(0, str(ROOT))
    from oitcrawl.submission import load_submission

    sub = load_submission(OUT / "submission.yaml")
    if len(sub.items) != 29 or "O16" in sub.items:
        problems.append(f"submission: {len(sub.items)} items")
    import yaml

    if yaml.safe_load((OUT / "expected.yaml").read_text(encoding="utf-8")) != expected_data():
        problems.append("expected.yaml does not round-trip")
    return problems


def _iri_to_uri(path: str) -> str:
    return quote(path, safe="/%:@!$&'()*+,;=-._~?")


def _fetch(port: int, link: str) -> list[tuple[int, dict[str, str]]]:
    """GET link via the local server (Host header = the link's host), following redirects."""
    import http.client

    chain = []
    for _ in range(6):
        parts = urlsplit(link)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        target = _iri_to_uri(parts.path + (f"?{parts.query}" if parts.query else ""))
        conn.request("GET", target, headers={"Host": parts.hostname or HOST})
        resp = conn.getresponse()
        resp.read()
        headers = {k.lower(): v for k, v in resp.getheaders()}
        conn.close()
        chain.append((resp.status, headers))
        if resp.status in (301, 302, 303, 307, 308):
            link = f"https://{parts.hostname}{headers['location']}"
            continue
        break
    return chain


class _LinkParser:
    def __init__(self) -> None:
        from html.parser import HTMLParser

        self.links: list[str] = []
        outer = self

        class P(HTMLParser):
            def handle_starttag(self, tag, attrs) -> None:
                a = dict(attrs)
                for name in ("href", "src"):
                    if a.get(name) and tag in ("a", "img", "link", "iframe"):
                        outer.links.append(a[name])

        self.parser = P()


def _check_http(files: dict[str, bytes]) -> list[str]:
    from urllib.parse import urljoin

    sys.path.insert(0, str(ROOT))
    from oitcrawl.sample_site.server import serve

    problems: list[str] = []
    special = {
        BROKEN_CHECKLIST: [404],
        url(TRACKING): [401],
        url(CONTACT_ENTRY): [301, 302, 200],
    }
    targets: dict[str, str] = {}
    for it in ITEMS:
        for u in it.urls:
            targets[u] = f"submitted by {it.id}"
    for p in [*PAGE_LIST, *special_pages()]:
        parser = _LinkParser()
        parser.parser.feed(p.render().decode("cp874" if p.charset == "tis-620" else "utf-8"))
        for link in parser.links:
            absolute = urljoin(p.url, link)
            if absolute.startswith("http"):
                targets.setdefault(unquote(absolute), f"linked from {p.url}")
    with serve(SITE) as site:
        for link, why in sorted(targets.items()):
            chain = _fetch(site.port, link)
            statuses = [s for s, _ in chain]
            want = special.get(link, [200])
            if statuses != want:
                problems.append(f"{link} ({why}): {statuses}, expected {want}")
        ct = _fetch(site.port, pg("sub/16800"))[-1][1].get("content-type", "")
        if ct != "text/html; charset=tis-620":
            problems.append(f"O4 page content type {ct!r}")
        ct = _fetch(site.port, f"https://{DRIVE_HOST}{GDRIVE_DOWNLOAD}?id={GDRIVE_ID}")[-1][1]
        if ct.get("content-type") != "application/pdf":
            problems.append(f"drive download content type {ct!r}")
        login = _fetch(site.port, url(TRACKING))
        if login[-1][0] != 401 or b'type="password"' not in files[f"{HOST}/login.html"]:
            problems.append("tracking: no 401 login form")
    print(f"verify: fetched {len(targets)} URLs (submitted and linked)")
    return problems


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--verify", action="store_true", help="self-check the output after building")
    args = ap.parse_args(argv)
    files = write_all()
    size = sum(len(b) for b in files.values())
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode() + b"\0" + hashlib.sha256(files[rel]).digest())
    kinds = {}
    for rel in files:
        ext = rel.rsplit(".", 1)[-1].lower() if "." in rel.rsplit("/", 1)[-1] else "(none)"
        kinds[ext] = kinds.get(ext, 0) + 1
    by_kind = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items()))
    print(
        f"wrote {len(files)} files, {size / 1024:.0f} KiB under {SITE.relative_to(ROOT)} "
        f"({by_kind}); sha256 {digest.hexdigest()[:16]}"
    )
    if args.verify:
        problems = verify(files)
        for p in problems:
            print("PROBLEM:", p)
        print("verify: OK" if not problems else f"verify: {len(problems)} problem(s)")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
