"""OCR of image-only PDF pages and images with Tesseract (Thai + English).

Scanned ประกาศ and คำสั่ง are common evidence in the OIT (DOMAIN.md §5: "scans with a garbage
OCR layer"; ``saiyoidenchai/images/file/IMG.pdf``; the sample site's "O23 No Gift Policy
Announcement 2566 _thai.pdf" is a Canon scan with no text layer at all). Without OCR their text
cannot be matched against the criteria.

How: PDF pages are rendered with PDFium (pypdfium2) at ``OCR_DPI`` in greyscale, the longest
side capped at ``MAX_SIDE_PX``, encoded as PNG and piped to the ``tesseract`` command
(``tesseract stdin stdout -l tha+eng --psm 3``) with ``OMP_THREAD_LIMIT=1``: on the 2-core
development machine Tesseract's OpenMP threads made one 200-dpi page 3-9× slower (IMG.pdf:
3.4 s with one thread, 30 s with the default). No Python wrapper (pytesseract) is needed.
Tesseract writes sara am as nikhahit + sara aa ("ตําบล"); ``ocr_*`` compose it back to ำ.

Bounds: at most ``MAX_OCR_PAGES`` pages per document; each Tesseract run is killed after
``PAGE_TIMEOUT_S`` seconds (or what is left of the budget, if less); no page is started after
``budget_s`` seconds. Measured on the 2-core machine at 200 dpi: 2.3-3.5 s per A4 page.

Switch: the environment variable ``OITCRAWL_OCR=0`` (also "false", "no", "off") disables OCR
in ``oitcrawl.extract`` (``ocr_enabled``); the rule engine's tests run with and without it.
System packages: ``tesseract-ocr`` and ``tesseract-ocr-tha`` (scripts/system-packages.txt).
Nothing here raises for bad input: errors are reported in ``OcrResult.error``.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from .digits import otsu_threshold, reread_years

__all__ = [
    "MAX_OCR_PAGES",
    "OCR_BUDGET_S",
    "OCR_DPI",
    "OCR_LANGS",
    "PAGE_TIMEOUT_S",
    "OcrResult",
    "ocr_available",
    "ocr_enabled",
    "ocr_image",
    "ocr_pdf",
]

OCR_LANGS = "tha+eng"
OCR_DPI = 200  # 300 dpi read IMG.pdf no better and took 5.4 s instead of 3.4 s per page
OCR_PREPROCESS = "none"  # see preprocess(); benchmarks/ocr_quality.py measures the choices
MAX_SIDE_PX = 4000  # longest rendered side; an A4 page at 200 dpi is 2339 px
MAX_OCR_PAGES = 10  # pages OCR'd per document at most
OCR_BUDGET_S = 60.0  # default seconds per document
PAGE_TIMEOUT_S = 30.0  # seconds one Tesseract run may take
MAX_IMAGE_PIXELS = 60_000_000  # larger images are refused (decompression bombs)
_TESSERACT = "tesseract"


@dataclass
class OcrResult:
    """Result of ``ocr_pdf`` / ``ocr_image``.

    ``pages``: {1-based page number: recognised text} for the pages OCR'd (an image is page
    1); text as Tesseract gives it (lines, form feed removed, ำ composed), not normalised.
    ``used``: Tesseract ran on at least one page. ``error``: why some or all pages were not
    OCR'd (unavailable, bad input, timeout, budget or page limit), else None. ``seconds``:
    wall time spent.
    """

    pages: dict[int, str] = field(default_factory=dict)
    corrections: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    used: bool = False
    error: str | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain-JSON form (``dataclasses.asdict``; page numbers stay ints)."""
        return asdict(self)


@lru_cache(maxsize=1)
def ocr_available() -> bool:
    """True if the ``tesseract`` binary runs and lists the ``tha`` and ``eng`` languages.

    Cached for the process. Never raises.
    """
    exe = shutil.which(_TESSERACT)
    if not exe:
        return False
    try:
        out = subprocess.run(
            [exe, "--list-langs"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return False
    langs = set((out.stdout + out.stderr).split())
    return {"tha", "eng"} <= langs


def ocr_enabled() -> bool:
    """OCR is available and not switched off with ``OITCRAWL_OCR=0`` (or false/no/off)."""
    flag = os.environ.get("OITCRAWL_OCR", "1").strip().lower()
    return flag not in ("0", "false", "no", "off") and ocr_available()


_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
# A Buddhist-Era year as written: 4 digits (Thai or Arabic) 24xx-26xx, not part of a longer
# number; a 5-digit run starting with 25 (OCR's "๒๕๒๐๑") is caught as malformed.
_YEAR_RE = re.compile(r"(?<![0-9๐-๙])([2๒][4-6๔-๖][0-9๐-๙]{2,3})(?![0-9๐-๙])")


def be_years(text: str) -> list[tuple[int, tuple[int, int]]]:
    """The Buddhist-Era years written in ``text`` (4-digit 2400-2699, Thai or Arabic digits)
    with their (start, end) offsets; 5-digit runs that start like a year are left out."""
    out = []
    for m in _YEAR_RE.finditer(text):
        digits = m.group(1).translate(_THAI_DIGITS)
        if len(digits) == 4:
            out.append((int(digits), m.span(1)))
    return out


def _clean(text: str) -> str:
    text = text.replace("\x0c", "").replace("\u0e4d\u0e32", "\u0e33")
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def _tesseract(png: bytes, timeout: float) -> str:
    """Run Tesseract on PNG bytes; raises subprocess.TimeoutExpired / RuntimeError."""
    return _tesseract_hocr(png, timeout, hocr=False)[0]


def _tesseract_hocr(png: bytes, timeout: float, hocr: bool = True) -> tuple[str, str]:
    """Run Tesseract once on PNG bytes for its text and (``hocr``) its hOCR with character
    boxes; raises subprocess.TimeoutExpired / RuntimeError."""
    import tempfile

    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    with tempfile.TemporaryDirectory(prefix="oitcrawl-ocr-") as tmp:
        base = os.path.join(tmp, "page")
        args = [_TESSERACT, "stdin", base, "-l", OCR_LANGS, "--psm", "3"]
        if hocr:
            args += ["-c", "hocr_char_boxes=1", "txt", "hocr"]
        proc = subprocess.run(
            args, input=png, capture_output=True, timeout=max(timeout, 1.0), env=env, check=False
        )
        if proc.returncode != 0:
            why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(f"tesseract exit {proc.returncode}: {why[-1] if why else ''}")
        with open(base + ".txt", "rb") as f:
            text = _clean(f.read().decode("utf-8", "replace"))
        markup = ""
        if hocr and os.path.exists(base + ".hocr"):
            with open(base + ".hocr", "rb") as f:
                markup = f.read().decode("utf-8", "replace")
    return text, markup


def read_page(image: Any, timeout: float, reference: int | None = None) -> tuple[str, list]:
    """OCR one greyscale page image: Tesseract's text with the Thai-digit years re-read by
    shape (``digits.reread_years``) and checked for plausibility (``check_years``); returns
    (text, corrections), each correction a ``check_years``-style note."""
    png = _png(preprocess(image, OCR_PREPROCESS))
    text, hocr = _tesseract_hocr(png, timeout)
    corrections: list[dict[str, Any]] = []
    if hocr and _YEAR_RUN_RE.search(text):
        text, corrections = _apply_reread(image, text, hocr, reference)
    done = {n["original"] for n in corrections}
    text, notes = check_years(text, reference)
    # a year the shape check already flagged is not noted twice
    notes = [n for n in notes if not (n["original"] in done and n["action"] == "flagged")]
    return text, corrections + notes


_YEAR_RUN_RE = re.compile("๒๕[๐-๙]{2,3}(?![๐-๙])")  # = digits.YEAR_RUN


def _apply_reread(
    image: Any, text: str, hocr: str, reference: int | None = None
) -> tuple[str, list[dict[str, Any]]]:

    try:
        reread = reread_years(image, hocr)
    except Exception as exc:  # a bad box or image: the text stays as Tesseract read it
        return text, [
            {
                "action": "flagged",
                "original": "",
                "value": None,
                "corrected": None,
                "reason": f"years not re-read: {type(exc).__name__}: {exc}",
            }
        ]
    runs = list(_YEAR_RUN_RE.finditer(text))
    if [m.group(0) for m in runs] != [r[0] for r in reread]:
        return text, []  # text and boxes disagree: nothing is changed
    notes: list[dict[str, Any]] = []
    out = text
    lo, hi = _window(reference)
    for m, (read, fixed, why) in reversed(list(zip(runs, reread, strict=True))):
        value = int(fixed.translate(_THAI_DIGITS)) if len(fixed) == 4 else 0
        doubt = [w for w in why if w.startswith(("uncertain", "not re-read", "digit"))]
        changed = [w for w in why if w not in doubt]
        if fixed != read and lo <= value <= hi:
            out = out[: m.start()] + fixed + out[m.end() :]
        elif fixed != read:
            doubt.append(f"re-read as {value}, outside {lo}-{hi}: left as read")
            fixed, value = read, 0
        if fixed == read and not doubt:
            continue
        action = "corrected" if not doubt and lo <= value <= hi else "flagged"
        notes.append(
            {
                "original": read,
                "value": int(read.translate(_THAI_DIGITS)) if len(read) == 4 else None,
                "corrected": value if fixed != read else None,
                "action": action,
                "reason": "; ".join(
                    (
                        ["Thai digits re-read by their shape: " + ", ".join(changed)]
                        if changed
                        else []
                    )
                    + doubt
                ),
                "checked": True,
            }
        )
    notes.reverse()
    return out, notes


def _window(reference: int | None) -> tuple[int, int]:
    ref = reference or reference_year_be()
    return ref - YEARS_BACK, ref + YEARS_AHEAD


def _png(image: Any) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def preprocess(gray: Any, how: str) -> Any:
    """``how``: "none"; "autocontrast" (stretch the grey levels, 1 % cut); "binarize"
    (autocontrast, then Otsu's threshold: black ink on white)."""
    from PIL import ImageOps

    if how == "none":
        return gray
    gray = ImageOps.autocontrast(gray, cutoff=1)
    if how == "autocontrast":
        return gray
    t = otsu_threshold(gray)
    return gray.point(lambda v: 255 if v > t else 0)


def ocr_pdf(
    data: bytes,
    pages: list[int],
    budget_s: float = OCR_BUDGET_S,
    dpi: int | None = None,
    prep: str | None = None,
    reference: int | None = None,
) -> OcrResult:
    """OCR the given pages of a PDF.

    ``data``: the PDF bytes. ``pages``: 1-based page numbers (duplicates and numbers outside
    the document are ignored; only the first ``MAX_OCR_PAGES`` are done). ``budget_s``:
    seconds for the whole call; no page is started after it, and a Tesseract run is killed at
    ``min(PAGE_TIMEOUT_S, time left)``. Returns ``OcrResult``; a PDF PDFium cannot open,
    Tesseract missing, a timeout or the limits give ``error`` (with the pages done so far).
    Never raises for bad input.
    """
    started = time.monotonic()
    result = OcrResult()
    errors: list[str] = []
    if not ocr_available():
        result.error = "OCR unavailable: tesseract with the tha language is not installed"
        return result
    try:
        import pypdfium2 as pdfium

        from .pdf import _LOCK
    except ImportError as exc:  # pragma: no cover - pypdfium2 is a dependency
        result.error = f"OCR unavailable: {exc}"
        return result
    wanted = list(dict.fromkeys(int(n) for n in pages))
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(bytes(data))
        except Exception as exc:  # PdfiumError, or a type error for bad input
            result.error = f"could not open PDF for OCR: {exc}"
            result.seconds = time.monotonic() - started
            return result
        try:
            count = len(pdf)
        except Exception:  # pragma: no cover - defensive
            count = 0
    try:
        todo = [n for n in wanted if 1 <= n <= count]
        if len(todo) > MAX_OCR_PAGES:
            errors.append(f"only the first {MAX_OCR_PAGES} of {len(todo)} pages OCR'd")
            todo = todo[:MAX_OCR_PAGES]
        for number in todo:
            left = budget_s - (time.monotonic() - started)
            if left <= 0:
                errors.append(f"OCR budget of {budget_s:g} s used up before page {number}")
                break
            try:
                with _LOCK:
                    page = pdf[number - 1]
                    try:
                        w, h = page.get_size()
                        scale = min((dpi or OCR_DPI) / 72, MAX_SIDE_PX / max(w, h, 1.0))
                        bitmap = page.render(scale=scale, grayscale=True)
                        image = bitmap.to_pil().convert("L")  # a copy: the bitmap may go
                    finally:
                        page.close()
                if prep is None:
                    text, notes = read_page(image, min(PAGE_TIMEOUT_S, left), reference)
                    if notes:
                        result.corrections[number] = notes
                else:  # the benchmark's raw settings: Tesseract alone
                    text = _tesseract(_png(preprocess(image, prep)), min(PAGE_TIMEOUT_S, left))
                result.used = True
                result.pages[number] = text
            except subprocess.TimeoutExpired:
                result.used = True
                errors.append(f"page {number}: OCR timed out")
            except Exception as exc:  # render or Tesseract failure: go on with the next page
                errors.append(f"page {number}: {type(exc).__name__}: {exc}")
    finally:
        with _LOCK:
            pdf.close()
    result.error = "; ".join(errors) or None
    result.seconds = time.monotonic() - started
    return result


def ocr_image(data: bytes, budget_s: float = OCR_BUDGET_S) -> OcrResult:
    """OCR an image file (PNG, JPEG, GIF, TIFF, BMP, WebP: whatever Pillow opens; first frame).

    ``data``: the image bytes; ``budget_s``: seconds for the Tesseract run (capped at
    ``PAGE_TIMEOUT_S``). Images over ``MAX_IMAGE_PIXELS`` are refused; the longest side is
    scaled down to ``MAX_SIDE_PX``. Returns ``OcrResult`` with the text as page 1, or
    ``error`` set. Never raises for bad input.
    """
    started = time.monotonic()
    result = OcrResult()
    if not ocr_available():
        result.error = "OCR unavailable: tesseract with the tha language is not installed"
        return result
    try:
        from PIL import Image

        with Image.open(io.BytesIO(bytes(data))) as img:
            if img.width * img.height > MAX_IMAGE_PIXELS:
                raise ValueError(f"image too large: {img.width}×{img.height} pixels")
            gray = img.convert("L")
        side = max(gray.size)
        if side > MAX_SIDE_PX:
            ratio = MAX_SIDE_PX / side
            gray = gray.resize((max(1, int(gray.width * ratio)), max(1, int(gray.height * ratio))))
        text, notes = read_page(gray, min(PAGE_TIMEOUT_S, budget_s))
        result.pages[1] = text
        if notes:
            result.corrections[1] = notes
        result.used = True
    except subprocess.TimeoutExpired:
        result.used = True
        result.error = "OCR timed out"
    except Exception as exc:  # not an image, truncated, decompression bomb, Tesseract failure
        result.error = f"could not OCR image: {type(exc).__name__}: {exc}"
    result.seconds = time.monotonic() - started
    return result


# --------------------------------------------------------------------------------------------
# Plausibility of OCR'd years

#: Digits Tesseract's Thai model reads for one another on scans (measured by
#: ``benchmarks/ocr_quality.py``; ๖ read as ๒ or ๐ is the common one), by digit value.
DIGIT_CONFUSIONS: dict[str, str] = {
    "6": "208",
    "2": "6",
    "0": "68",
    "8": "0693",
    "3": "18",
    "1": "37",
    "4": "9",
    "9": "48",
    "7": "1",
    "5": "4",
}
YEARS_BACK = 12  # a BE year more than this before the reference year is implausible on OCR
YEARS_AHEAD = 1


def reference_year_be(today: Any = None) -> int:
    """The Buddhist-Era fiscal year of ``today`` (default: the current date): October starts
    the next fiscal year."""
    import datetime as dt

    d = today or dt.date.today()
    return d.year + 543 + (1 if d.month >= 10 else 0)


def _candidates(digits: str) -> set[str]:
    """Strings one or two confusions away from ``digits`` (only the last two digits: the
    century "25" is read right on every measured scan)."""
    out: set[str] = set()
    for i in (2, 3):
        for a in DIGIT_CONFUSIONS.get(digits[i], ""):
            one = digits[:i] + a + digits[i + 1 :]
            out.add(one)
            for j in (2, 3):
                if j != i:
                    for b in DIGIT_CONFUSIONS.get(one[j], ""):
                        out.add(one[:j] + b + one[j + 1 :])
    out.discard(digits)
    return out


def check_years(text: str, reference: int | None = None) -> tuple[str, list[dict[str, Any]]]:
    """Check the Buddhist-Era years of OCR'd ``text`` for plausibility; return the text with
    the corrections made and a note per implausible year (never a silent change).

    ``reference``: the assessed fiscal year (BE), else ``reference_year_be()``. A year outside
    [reference - YEARS_BACK, reference + YEARS_AHEAD] is implausible for evidence read by OCR
    ("2520" for a ๒๕๖๗ scan). It is flagged, left as read, with its plausible readings one
    or two digit confusions away (``DIGIT_CONFUSIONS``) named. It is never guessed: measured,
    the last digit is misread as often as the third, and a reading the rest of the page
    confirms was wrong on 1 of 3 scans (the page had 2567 and 2568). Corrections come only
    from the shape re-read (``digits.reread_years``, applied by ``read_page``). A 5-digit run
    that starts like a year ("๒๕๒๐๑") is flagged. Notes:
    ``{"original": "๒๕๒๐", "value": 2520, "corrected": 2560 | None, "action": "corrected" |
    "flagged", "reason": "…"}``; corrected digits keep the script they were written in.
    """
    ref = reference or reference_year_be()
    lo, hi = ref - YEARS_BACK, ref + YEARS_AHEAD
    found = be_years(text)
    notes: list[dict[str, Any]] = []
    out = text
    for year, (start, end) in reversed(found):
        if lo <= year <= hi:
            continue
        original = text[start:end]
        digits = original.translate(_THAI_DIGITS)
        plausible = sorted(int(c) for c in _candidates(digits) if lo <= int(c) <= hi)
        # Measured: the last digit is misread as often as the third, so a single plausible
        # reading is no proof; only a reading the page itself confirms (the same year read
        # plausibly elsewhere on it) is taken.
        pick = None  # flagged, never guessed: see the docstring
        note: dict[str, Any] = {
            "at": start,
            "original": original,
            "value": year,
            "corrected": pick,
        }
        if pick is not None:
            thai = original[0] in "๐๑๒๓๔๕๖๗๘๙"
            written = str(pick).translate(_TO_THAI) if thai else str(pick)
            out = out[:start] + written + out[end:]
            note["action"] = "corrected"
            note["reason"] = (
                f"{year} is outside {lo}-{hi}; {pick} is the plausible reading of the digits "
                "Tesseract confuses"
            )
        else:
            note["action"] = "flagged"
            why = f"candidates {plausible}" if plausible else "no plausible reading"
            note["reason"] = f"{year} is outside {lo}-{hi}; {why}: left as read"
        notes.append(note)
    notes.reverse()
    for m in _MALFORMED_YEAR_RE.finditer(text):
        notes.append(
            {
                "at": m.start(),
                "original": m.group(0),
                "value": None,
                "corrected": None,
                "action": "flagged",
                "reason": "a 5-digit number that starts like a year: left as read",
            }
        )
    notes.sort(key=lambda n: n.pop("at"))
    return out, notes


_TO_THAI = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_MALFORMED_YEAR_RE = re.compile(r"(?<![0-9๐-๙])[2๒][5๕][0-9๐-๙]{3}(?![0-9๐-๙])")
