"""Machine readability of one fetched document (DOMAIN.md §3 rule 7), on a published scale.

The scale follows the open-data "stars" of CKAN QA and the Open Data Index (DOMAIN.md §7):

===== ================= ==================================================================
level label             what
===== ================= ==================================================================
0     not_retrievable   the fetch did not return the document (broken, not sure, refused)
1     image             an image, an image-only PDF (no text layer), or a PDF whose text
                        layer is garbage (a bad OCR layer, fonts without a Unicode map)
1     no_text           a format with no text to read (ZIP, unknown) or a PDF that
                        could not be opened
2     text              a PDF with a text layer, DOCX/DOC/ODT/RTF, plain text, an HTML page
3     structured        a table a program can load: CSV, XLSX/XLS, ODS, an HTML table
===== ================= ==================================================================

Levels 2 and 3 are machine readable ("รองรับการเปิดใช้งานได้ด้วยเครื่อง", seed 001 §1).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

IMAGE_TYPES = frozenset({"jpeg", "png", "gif", "webp", "tiff"})
TABLE_TYPES = frozenset({"csv", "xlsx", "xls", "ods"})
TEXT_TYPES = frozenset({"pdf", "docx", "doc", "odt", "rtf", "text", "html", "pptx", "ppt", "odp"})


# Text layers that carry no readable text (oitcrawl.extract.quality classes): what a program
# reads from them is garbage, so for machines they are as good as a scan.
_GARBAGE_LAYERS = {
    "garbage_ocr": (
        "ที่เป็นภาพสแกน ชั้นข้อความ OCR อ่านไม่ได้",
        "scan whose OCR text layer is garbage",
    ),
    "unmapped_font": (
        "ที่ใช้ฟอนต์ไม่มีรหัส Unicode ข้อความที่ได้อ่านไม่ได้",
        "whose fonts have no Unicode map: the text read from it is garbage",
    ),
}


@dataclass(frozen=True)
class Readability:
    """`level` 0-3 (module table); `label`; `reason_th` / `reason_en`: one line for a person."""

    level: int
    label: str
    reason_th: str
    reason_en: str

    @property
    def machine_readable(self) -> bool:
        """Level 2 or 3."""
        return self.level >= 2


def assess(fetch: dict[str, Any] | None, extract: dict[str, Any] | None) -> Readability:
    """Readability of a stored fetch row and its extract row (``oitcrawl.store`` shapes).

    ``fetch`` None = never fetched; ``extract`` None = no body or not extracted yet.
    Never raises.
    """
    if fetch is None or fetch.get("outcome") != "ok" or extract is None:
        why = (fetch or {}).get("error") or "not fetched"
        return Readability(
            0, "not_retrievable", f"เปิดไฟล์ไม่ได้ ({why})", f"could not be retrieved ({why})"
        )
    kind = extract.get("sniffed_type") or "other"
    if kind in IMAGE_TYPES:
        if extract.get("error"):  # e.g. refused by the decompression-bomb guard
            why = extract["error"]
            return Readability(
                1,
                "image",
                f"เป็นไฟล์ภาพ ({kind.upper()}) ที่เปิดไม่ได้ ({why})",
                f"an image ({kind.upper()}) that could not be opened ({why})",
            )
        return Readability(
            1,
            "image",
            f"เป็นไฟล์ภาพ ({kind.upper()}) อ่านได้ด้วยตาเท่านั้น",
            f"an image ({kind.upper()}): readable by people only",
        )
    if kind == "pdf":
        pages = json.loads(extract.get("pages_json") or "null") or []
        with_text = sum(1 for p in pages if p.get("has_text_layer"))
        layer = json.loads(extract.get("metadata_json") or "{}").get("text_layer")
        if pages and layer in _GARBAGE_LAYERS:
            th, en = _GARBAGE_LAYERS[layer]
            return Readability(1, "image", f"PDF {th}", f"a PDF {en}")
        if pages and with_text == 0:
            return Readability(
                1,
                "image",
                f"PDF ที่เป็นภาพสแกน ไม่มีข้อความ ({len(pages)} หน้า)",
                f"an image-only (scanned) PDF with no text layer ({len(pages)} pages)",
            )
        if not pages:
            why = extract.get("error") or "no pages read"
            return Readability(
                1, "no_text", f"อ่าน PDF ไม่ได้ ({why})", f"the PDF could not be read ({why})"
            )
        return Readability(
            2,
            "text",
            f"PDF มีข้อความ {with_text} จาก {len(pages)} หน้า",
            f"a PDF with a text layer on {with_text} of {len(pages)} pages",
        )
    if extract.get("error") and not (extract.get("text") or "").strip():
        # refused (bomb guard), damaged, or over its time/memory budget: nothing was read
        why = extract["error"]
        return Readability(
            1,
            "no_text",
            f"อ่านไฟล์ {kind.upper()} ไม่ได้ ({why})",
            f"the {kind.upper()} file could not be read ({why})",
        )
    if kind in TABLE_TYPES:
        return Readability(
            3, "structured", f"ตารางข้อมูล ({kind.upper()})", f"a data table ({kind.upper()})"
        )
    if kind == "html":
        if json.loads(extract.get("tables_json") or "[]"):
            return Readability(3, "structured", "หน้าเว็บที่มีตาราง", "a web page with tables")
        return Readability(2, "text", "หน้าเว็บ (ข้อความ)", "a web page (text)")
    if kind in TEXT_TYPES:
        return Readability(
            2, "text", f"เอกสารข้อความ ({kind.upper()})", f"a text document ({kind.upper()})"
        )
    return Readability(
        1,
        "no_text",
        f"ไฟล์ชนิด {kind} ไม่มีข้อความให้อ่าน",
        f"a file of type {kind} with no text to read",
    )
