"""Image files (JPEG, PNG, GIF, WebP, TIFF) → ``DocumentExtract`` with header metadata only.

Pillow's ``Image.open`` is lazy: it parses the header (and, for ``n_frames``, walks the frame
headers of GIF/TIFF/APNG) but decodes no pixels, which stays so here. Text is left empty; OCR
is a separate step.

Decompression bombs: an image declaring more than ``MAX_IMAGE_PIXELS`` pixels (Pillow's own
default, 89,478,485 ≈ 9,459 × 9,459; a scanned A4 page at 600 dpi is ~35 M) is reported in
``error``. Pillow's ``DecompressionBombWarning`` is turned into an error inside this module
only (``warnings.catch_warnings``), and the size is also checked here, so the guard holds even
when other code in the process raised or disabled ``PIL.Image.MAX_IMAGE_PIXELS``; the global
is not modified.
"""

from __future__ import annotations

import io
import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .record import DocumentExtract
    from .sniff import Sniffed

__all__ = ["IMAGE_TYPES", "MAX_IMAGE_PIXELS", "extract_image"]

MAX_IMAGE_PIXELS = 89_478_485  # width × height; Pillow's default limit

#: Sniffed type → the Pillow formats allowed to open it (no other plugin is tried).
IMAGE_TYPES: dict[str, tuple[str, ...]] = {
    "jpeg": ("JPEG", "MPO"),
    "png": ("PNG",),
    "gif": ("GIF",),
    "webp": ("WEBP",),
    "tiff": ("TIFF",),
}


def extract_image(data: bytes, sniffed: Sniffed) -> DocumentExtract:
    """Read an image's header with Pillow; no pixel data is decoded.

    ``sniffed.type`` must be one of ``IMAGE_TYPES`` (only the matching Pillow plugin is used).
    ``metadata``: ``format`` (Pillow's name, e.g. "PNG"), ``width`` and ``height`` (pixels),
    ``mode`` (e.g. "RGB"), ``frames`` (1 for a still image) and ``dpi`` ("300x300") when the
    file declares it. ``text`` and ``title`` stay "". ``error``: a truncated/corrupt header,
    an unsupported format, or a decompression bomb (more than ``MAX_IMAGE_PIXELS`` pixels; the
    message gives the pixel count, ``metadata`` is then empty). Never raises.
    """
    from .record import DocumentExtract

    extractor = "image/pillow"
    try:
        from PIL import Image

        formats = IMAGE_TYPES.get(sniffed.type)
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=formats) as im:
                width, height = im.size
                metadata = {
                    "format": str(im.format),
                    "width": str(width),
                    "height": str(height),
                    "mode": str(im.mode),
                }
                if width * height > MAX_IMAGE_PIXELS:  # Pillow's own limit was disabled
                    return DocumentExtract(
                        sniffed=sniffed, extractor=extractor, error=_bomb_message(width, height)
                    )
                metadata["frames"] = str(getattr(im, "n_frames", 1))
                dpi = im.info.get("dpi")
                if isinstance(dpi, tuple) and len(dpi) == 2:
                    metadata["dpi"] = f"{round(float(dpi[0]))}x{round(float(dpi[1]))}"
        return DocumentExtract(sniffed=sniffed, extractor=extractor, metadata=metadata)
    except Exception as exc:  # UnidentifiedImageError, DecompressionBomb*, OSError, ...
        name = type(exc).__name__
        if "DecompressionBomb" in name:
            error = f"refused (decompression bomb guard): {exc}"
        else:
            error = f"{sniffed.type} extraction failed: {name}: {exc}"
        return DocumentExtract(sniffed=sniffed, extractor=extractor, error=error)


def _bomb_message(width: int, height: int) -> str:
    return (
        f"refused (decompression bomb guard): {width}×{height} = {width * height:,} pixels "
        f"(limit {MAX_IMAGE_PIXELS:,})"
    )
