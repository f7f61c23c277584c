"""A labelled set of Thai scans with known text, for `benchmarks/ocr_quality.py` (issue 18).

Each page is typeset with the Thai TrueType fonts Debian's fonts-thai-tlwg installs (Laksaman is
the free TH Sarabun clone government documents are written in; Garuda, Norasi, Loma), drawn
with Pillow + libraqm (real Thai shaping) at 300 dpi, then degraded the way office scanners and
phone photos degrade a page: a grey paper background, blur, noise, a small skew, JPEG at
scanner quality, downsampled to the scan's own resolution (150-300 dpi). The page image is
written as an image-only PDF (no text layer) with its resolution, like a scanner's PDF. The
text of every page, and every Buddhist-Era year on it, is the label.

Deterministic (a seeded `random.Random`); pure Pillow. `make_set(folder)` writes
`scan_NN.pdf` + `labels.json`; `damaged_layer_pdfs(folder)` writes PDFs whose text layer is
damaged like the exports issue 18 names (doubled consonants, split sara am) over a clean
rendering of the right text.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from oitcrawl.periods import THAI_MONTHS

FONT_DIR = Path("/usr/share/fonts/truetype/tlwg")
FONTS = ("Laksaman.ttf", "Garuda.ttf", "Norasi.ttf", "Loma.ttf")
A4_IN = (8.27, 11.69)
TH = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")

MONTHS = THAI_MONTHS  # มกราคม … ธันวาคม
AGENCIES = (
    "สำนักงานเขตห้วยขวาง",
    "องค์การบริหารส่วนตำบลไทรย้อย",
    "เทศบาลตำบลบ้านสวนหลวง",
    "สำนักงานสาธารณสุขอำเภอหนองใหญ่",
)


def _th(n: int | str, thai: bool) -> str:
    return str(n).translate(TH) if thai else str(n)


def _announcement(r: random.Random, year: int, thai: bool) -> list[str]:
    agency = r.choice(AGENCIES)
    day, month = r.randint(1, 28), r.randint(1, 12)
    return [
        f"ประกาศ{agency}",
        "เรื่อง เจตจำนงสุจริตในการบริหารงาน",
        f"ประจำปีงบประมาณ พ.ศ. {_th(year, thai)}",
        "ด้วยผู้บริหารมีความมุ่งมั่นที่จะบริหารงานด้วยความซื่อสัตย์สุจริต",
        "โปร่งใส ตรวจสอบได้ และยึดหลักธรรมาภิบาลในการปฏิบัติราชการ",
        "จึงประกาศเจตจำนงว่าจะปฏิบัติหน้าที่อย่างเปิดเผยและเป็นธรรม",
        "ไม่เรียกรับของขวัญหรือประโยชน์อื่นใดจากการปฏิบัติหน้าที่",
        f"ประกาศ ณ วันที่ {_th(day, thai)} {MONTHS[month - 1]} พ.ศ. {_th(year - (month >= 10), thai)}",
        "(นายสมชาย ใจดี)",
        f"ผู้อำนวยการ{agency}",
    ]


def _order(r: random.Random, year: int, thai: bool) -> list[str]:
    agency = r.choice(AGENCIES)
    num = r.randint(10, 450)
    day, month = r.randint(1, 28), r.randint(1, 12)
    return [
        f"คำสั่ง{agency}",
        f"ที่ {_th(num, thai)}/{_th(year, thai)}",
        "เรื่อง แต่งตั้งคณะทำงานการประเมินคุณธรรมและความโปร่งใส",
        "เพื่อให้การดำเนินงานเป็นไปด้วยความเรียบร้อย มีประสิทธิภาพ",
        "จึงแต่งตั้งคณะทำงาน ประกอบด้วยบุคคลดังต่อไปนี้",
        "๑. หัวหน้าฝ่ายปกครอง ประธานคณะทำงาน" if thai else "1. หัวหน้าฝ่ายปกครอง ประธานคณะทำงาน",
        "๒. หัวหน้าฝ่ายการคลัง คณะทำงาน" if thai else "2. หัวหน้าฝ่ายการคลัง คณะทำงาน",
        "ทั้งนี้ ตั้งแต่บัดนี้เป็นต้นไป",
        f"สั่ง ณ วันที่ {_th(day, thai)} {MONTHS[month - 1]} พ.ศ. {_th(year, thai)}",
    ]


def _report(r: random.Random, year: int, thai: bool) -> list[str]:
    lines = [
        f"รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. {_th(year, thai)}",
        f"รอบ ๖ เดือน (ตุลาคม {_th(year - 1, thai)} - มีนาคม {_th(year, thai)})",
        "ผลการดำเนินงานตามแผนปฏิบัติราชการ จำนวนโครงการทั้งหมด",
    ]
    for i, month in enumerate((10, 11, 12, 1, 2, 3)):
        y = year - 1 if month >= 10 else year
        amount = r.randint(10_000, 900_000)
        lines.append(
            f"{_th(i + 1, thai)}. เดือน{MONTHS[month - 1]} {_th(y, thai)} "
            f"จำนวน {_th(r.randint(1, 30), thai)} โครงการ งบประมาณ {_th(f'{amount:,}', thai)} บาท"
        )
    return lines


TEMPLATES = (_announcement, _order, _report)


@dataclass
class ScanPage:
    """One labelled scan: `text` (lines), `years` (BE years written on it), how it was made."""

    name: str
    text: str
    years: list[int]
    font: str
    scan_dpi: int
    skew: float
    blur: float
    noise: int
    jpeg: int


def _draw(lines: list[str], font_file: str, size_pt: int = 16, dpi: int = 300) -> Image.Image:
    w, h = int(A4_IN[0] * dpi), int(A4_IN[1] * dpi)
    img = Image.new("L", (w, h), 255)
    draw = ImageDraw.Draw(img)
    font = ImageFont.truetype(str(FONT_DIR / font_file), int(size_pt * dpi / 72))
    y = int(1.0 * dpi)
    for i, line in enumerate(lines):
        box = draw.textbbox((0, 0), line, font=font)
        x = (w - (box[2] - box[0])) // 2 if i < 3 else int(1.2 * dpi)
        draw.text((x, y), line, font=font, fill=0)
        y += int((box[3] - box[1]) * 1.9) + 10
    return img


def _degrade(img: Image.Image, r: random.Random, page: ScanPage) -> Image.Image:
    paper = r.randint(215, 245)
    img = img.point(lambda v: int(v / 255 * (paper - 25)) + 25)  # grey paper, grey ink
    img = img.rotate(page.skew, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=paper)
    if page.blur:
        img = img.filter(ImageFilter.GaussianBlur(page.blur))
    if page.noise:
        noise = Image.effect_noise(img.size, page.noise)
        img = Image.blend(img, noise, 0.12)
    scale = page.scan_dpi / 300
    img = img.resize((int(img.width * scale), int(img.height * scale)), Image.Resampling.BILINEAR)
    buf = io.BytesIO()
    img.save(buf, format="JPEG", quality=page.jpeg)
    return Image.open(io.BytesIO(buf.getvalue())).convert("L")


def make_set(folder: Path, count: int = 9, seed: int = 18) -> list[ScanPage]:
    """Write `count` labelled image-only PDFs into `folder` (+ labels.json); return them."""
    folder.mkdir(parents=True, exist_ok=True)
    r = random.Random(seed)
    pages: list[ScanPage] = []
    for n in range(count):
        year = (2566, 2567, 2568)[n % 3]
        thai = n % 4 != 3  # most real ประกาศ write Thai digits
        lines = TEMPLATES[n % len(TEMPLATES)](r, year, thai)
        page = ScanPage(
            name=f"scan_{n:02d}.pdf",
            text="\n".join(lines),
            years=[],
            font=FONTS[n % len(FONTS)],
            scan_dpi=(150, 200, 300)[r.randint(0, 2)],
            skew=round(r.uniform(-1.5, 1.5), 2),
            blur=round(r.uniform(0.0, 1.2), 2),
            noise=r.choice((0, 20, 40)),
            jpeg=r.choice((55, 70, 85)),
        )
        from oitcrawl.extract.ocr import be_years

        page.years = [y for y, _ in be_years(page.text)]
        img = _degrade(_draw(lines, page.font), r, page)
        img.save(folder / page.name, format="PDF", resolution=page.scan_dpi)
        pages.append(page)
    (folder / "labels.json").write_text(
        json.dumps([p.__dict__ for p in pages], ensure_ascii=False, indent=1), encoding="utf-8"
    )
    return pages
