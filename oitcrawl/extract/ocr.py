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
import shutil
import subprocess
import time
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

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


def _clean(text: str) -> str:
    text = text.replace("\x0c", "").replace("\u0e4d\u0e32", "\u0e33")
    return "\n".join(line.rstrip() for line in text.splitlines()).strip()


def _tesseract(png: bytes, timeout: float) -> str:
    """Run Tesseract on PNG bytes; raises subprocess.TimeoutExpired / RuntimeError."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    proc = subprocess.run(
        [_TESSERACT, "stdin", "stdout", "-l", OCR_LANGS, "--psm", "3"],
        input=png,
        capture_output=True,
        timeout=max(timeout, 1.0),
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        why = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RuntimeError(f"tesseract exit {proc.returncode}: {why[-1] if why else ''}")
    return _clean(proc.stdout.decode("utf-8", "replace"))


def _png(image: Any) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def ocr_pdf(data: bytes, pages: list[int], budget_s: float = OCR_BUDGET_S) -> OcrResult:
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
                        scale = min(OCR_DPI / 72, MAX_SIDE_PX / max(w, h, 1.0))
                        bitmap = page.render(scale=scale, grayscale=True)
                        png = _png(bitmap.to_pil())
                    finally:
                        page.close()
                text = _tesseract(png, min(PAGE_TIMEOUT_S, left))
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
        png = _png(gray)
        result.pages[1] = _tesseract(png, min(PAGE_TIMEOUT_S, budget_s))
        result.used = True
    except subprocess.TimeoutExpired:
        result.used = True
        result.error = "OCR timed out"
    except Exception as exc:  # not an image, truncated, decompression bomb, Tesseract failure
        result.error = f"could not OCR image: {type(exc).__name__}: {exc}"
    result.seconds = time.monotonic() - started
    return result
