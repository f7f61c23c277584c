"""Read an ITA assessment result (PDF converted to text) back into the URLs an agency submitted.

Source of the format: seed ``001_56d11a479975f352.txt``, the ITA 2566 result of
สำนักงานเขตห้วยขวาง. Its section::

    ตารางที่ 2: รายละเอียดผลการประเมินการเปิดเผยข้อมูลสาธารณะ สำนักงานเขตห้วยขวาง กรุงเทพมหานคร
        ประจำปีงบประมาณ พ.ศ. 2566                               ← (one line in the text)
    ตัวชี้วัด/หัวข้อการประเมิน<TAB><TAB>คะแนน                      ← page header, repeated on every page
    ตัวชี้วัดที่ 9 การเปิดเผยข้อมูล<TAB><TAB>100.00                ← indicator / group lines
    O1<TAB>โครงสร้าง …<TAB>100.00                                   ← item line: id, title, score
    <p>URL ที่ส่ง:</p> <ul …> <li><a href="URL">URL</a></li> … </ul>
    <p>คำอธิบายของหน่วยงาน:สามารถดูข้อมูลทั้งหมดได้ที่</p> <p><a href="URL">URL</a></p>
    <p>ข้อเสนอแนะ:</p> <p>- ไม่มี</p>

lists, per OIT item, the submitted URLs ("URL ที่ส่ง"), the agency's explanation
("คำอธิบายของหน่วยงาน", whose URL is *not* a submitted URL) and the assessor's note
("ข้อเสนอแนะ"). The PDF-to-text conversion left artefacts that this module undoes:

* item ids with a zero instead of the letter O (``016``, ``07``, ``020``);
* bullets ``•``, HTML entities (``&ndash;``, ``&amp;``, ``&lt;ul&gt;``) and ``<b>`` tags;
* the page header inserted anywhere in a block, even inside a URL (``… government contact``
  + header + ``<p>manual v1.pdf</p>``; ``…%E0`` + header + ``%B8%A3…-ITA``), and, after a
  complete URL, a repeated tail of that URL at the top of the next page (``%84%E0…-ITA``);
* every URL printed twice (``href`` and anchor text), or once as plain ``<li>`` text;
* printed link texts that lost the underscores of their href (see `_choose_url`: the href wins).

URLs are returned in decoded IRI form (see `iri_decode`); the crawler IRI-encodes them once
with w3lib's ``safe_url_string``.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, NavigableString, Tag

from oitcrawl.extract.textfix import repair_name
from oitcrawl.submission import ItemSubmission, Submission, parse_submission, submission_to_yaml

SECTION_TITLE = "ตารางที่ 2: รายละเอียดผลการประเมินการเปิดเผยข้อมูลสาธารณะ"

_HEADING = re.compile(r"^\s*ตารางที่\s*2\s*:\s*รายละเอียดผลการประเมินการเปิดเผยข้อมูลสาธารณะ(.*)$", re.M)
# The section ends at the next markdown heading, table or figure caption (seed 001: "## ๓. …").
_SECTION_END = re.compile(r"^(?:#{1,6}\s|ตารางที่\s*\d|แผนภาพที่\s*\d)", re.M)
_PAGE_HEADER = re.compile(r"^\s*ตัวชี้วัด/หัวข้อการประเมิน\s+คะแนน\s*$")
# "O1<TAB>title<TAB>100.00"; the converter sometimes reads the letter O as a zero ("016", "07").
_ITEM_LINE = re.compile(r"^[O0](\d{1,2})\t+(.*?)(?:\t+(\d{1,3}(?:\.\d+)?))?\s*$")
# Indicator / sub-indicator / group lines: "ตัวชี้วัดที่ 9 …", "ตัวชี้วัดย่อย 9.1 …", "9.1.1 …",
# "<b>9.2.3 การให้บริการ</b>", each followed by a score.
_STRUCTURE_LINE = re.compile(
    r"^\s*(?:<b>\s*)?(?:ตัวชี้วัด(?:ที่|ย่อย)\s*\d|\d+\.\d+(?:\.\d+)*\.?\s).*\t\s*\d{1,3}(?:\.\d+)?\s*$"
)
_LABEL_URLS = re.compile(r"URL\s*ที่ส่ง\s*:")
_LABEL_EXPLANATION = re.compile(r"คำอธิบายของหน่วยงาน\s*:")
# "ข้อเสนอแนะ:" is the label; "ข้อเสนอแนะ - ด้านข้อมูล :" inside a note (O6, O20) is not.
_LABEL_NOTE = re.compile(r"ข้อเสนอแนะ\s*:")
_ANY_LABEL = re.compile(r"(?:URL\s*ที่ส่ง|คำอธิบายของหน่วยงาน|ข้อเสนอแนะ)\s*:")
_URL_START = re.compile(r"https?://", re.I)
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_BULLETS = "•·▪◦●-–* \t\u00a0"
_FILE_EXT = re.compile(r"\.[A-Za-z0-9]{2,5}$")


class ItapError(ValueError):
    """The text has no usable OIT detail section; the message says what is missing and where."""


@dataclass(frozen=True)
class ItapItem:
    """One OIT item of the detail table (seed 001, ตารางที่ 2).

    id: "O1" … "O30" (a zero read instead of the letter O is corrected).
    title: the Thai title as printed, entities decoded, tags removed ("E–Service").
    score: the printed score (100.0) or None when the line has none.
    urls: the submitted URLs ("URL ที่ส่ง") in order, each once, in decoded IRI form.
    explanation: the agency's explanation (คำอธิบายของหน่วยงาน), whitespace collapsed, its URL
        decoded; "" when the block has none.
    reviewer_note: the assessor's note (ข้อเสนอแนะ): "- ไม่มี" or the note; "" when absent.
    url_notes: one line per submitted link whose href and printed text differ (the href is
        used; the line names both), in order; () when they agree.
    """

    id: str
    title: str
    score: float | None
    urls: tuple[str, ...]
    explanation: str
    reviewer_note: str
    url_notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class ItapResult:
    """The OIT detail table of one agency's ITA result.

    agency: the agency from the section heading, " กรุงเทพมหานคร" dropped ("สำนักงานเขตห้วยขวาง").
    fiscal_year: Buddhist Era year from the heading (2566).
    website: the agency's main website: the most common "https://host/<first path segment>"
        among submitted page (non-file) URLs, e.g. "https://webportal.bangkok.go.th/huaikhwang";
        "" when no page URL was submitted.
    items: {"O1": ItapItem, …} in document order.
    """

    agency: str
    fiscal_year: int
    website: str
    items: dict[str, ItapItem]


# --------------------------------------------------------------------------------------------
# URL decoding


def _decode_escape_run(match: re.Match[str]) -> str:
    run = match.group(0)
    escapes = [run[i : i + 3] for i in range(0, len(run), 3)]
    raw = bytes(int(e[1:], 16) for e in escapes)
    out: list[str] = []
    i = 0
    while i < len(raw):
        b = raw[i]
        if b == 0x20:
            out.append(" ")
            i += 1
            continue
        size = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
        if size:
            try:
                char = raw[i : i + size].decode("utf-8")
            except UnicodeDecodeError:
                char = ""
            if char and char.isprintable() and not char.isspace():
                out.append(char)
                i += size
                continue
        # ASCII (reserved such as %2F %3F %23 %25 %26 %3D %2B, or anything else) and invalid
        # UTF-8 stay encoded: decoding them could change the URL or not round-trip.
        out.append(escapes[i])
        i += 1
    return "".join(out)


def iri_decode(url: str) -> str:
    """Return `url` in decoded IRI form: entities decoded, escapes of spaces and UTF-8 decoded.

    Only escapes that w3lib's ``safe_url_string`` would produce again are decoded (``%20`` and
    valid multi-byte UTF-8 such as Thai ``%E0%B8%81`` → ``ก``), so
    ``safe_url_string(iri_decode(u)) == safe_url_string(u)`` for upper-case escapes. ASCII escapes
    (``%2F %3F %23 %25 %26 %3D %2B`` …) and invalid UTF-8 stay encoded; a space at either end
    stays ``%20``.
    """
    text = html.unescape(url).strip()
    text = re.sub(r"(?:%[0-9A-Fa-f]{2})+", _decode_escape_run, text)
    lead = len(text) - len(text.lstrip(" "))
    trail = len(text) - len(text.rstrip(" "))
    if lead or trail:
        text = "%20" * lead + text.strip(" ") + "%20" * trail
    return text


def _looks_like_url(text: str) -> bool:
    return bool(re.match(r"https?://[^\s/]", text, re.I))


def _same_modulo_underscores(a: str, b: str) -> bool:
    return a.replace("_", " ") == b.replace("_", " ")


def _choose_url(href: str | None, text: str) -> tuple[str | None, str | None]:
    """Pick the real URL of an ``<a href=H>T</a>`` pair (both already entity-decoded); return
    (url, note): the note is set when H and T differ, so a person sees both.

    Rule (issue 18): the href wins whenever it is a whole URL: it is the address the assessor
    opened. The printed anchor text is the underlined text of an exported link, which loses
    its underscores (seed 001, O9 and O10: 20 of the 176 submitted URLs; href
    ``…/Standard_Service/O13_Work_manual/O13_Administrative_operating_manual.pdf``, text
    ``…/Standard_Service/O13 Work manual/O13 Administrative operating manual.pdf``, a file
    that does not exist). Once ``%20``/Thai escapes are decoded, H and T agree in every other
    pair. Two exceptions: the text is used when the href is not a URL ("คลิกที่นี่" links
    have no URL text, and a text that is no URL is not used either); and when a page header
    cut the href while the text got the continuation of the line (O10: href
    ``…/O14_Administrative_government_contact``, text ``…/O14 Administrative government
    contact manual v1.pdf``), the href is completed with the rest of the text, its spaces
    read as the underscores the text lost (``…_contact_manual_v1.pdf``).
    """
    text = text.strip().lstrip(_BULLETS).strip()
    text_url = text if _looks_like_url(text) and not text.endswith(("…", "...")) else None
    href_url = href.strip() if href and _looks_like_url(href.strip()) else None
    if href_url is None:
        return text_url, None
    if text_url is None:
        return href_url, None
    h, t = iri_decode(href_url), iri_decode(text_url)
    if h == t:
        return href_url, None
    url = href_url
    if not _same_modulo_underscores(h, t):
        th = t.replace("_", " ")
        hh = h.replace("_", " ")
        if th.startswith(hh) and len(th) > len(hh):  # the href was cut by a page break
            rest = t[len(h) :]
            url = h + (rest.replace(" ", "_") if "_" in h and " " not in h else rest)
    note = (
        f"URL จากที่อยู่ของลิงก์ (href) ซึ่งต่างจากข้อความที่พิมพ์ / "
        f"the link's address (href) differs from its printed text: "
        f"ใช้/used {iri_decode(url)} — ข้อความ/text {t}"
    )
    return url, note


# --------------------------------------------------------------------------------------------
# Section and block splitting


def _split_section(text: str, source: str) -> tuple[str, list[str]]:
    heading = _HEADING.search(text)
    if not heading:
        raise ItapError(f"no OIT detail section ({SECTION_TITLE}) found in {source}")
    rest = text[heading.end() :]
    end = _SECTION_END.search(rest)
    body = rest[: end.start()] if end else rest
    return heading.group(1), body.split("\n")


def _parse_heading(tail: str, source: str) -> tuple[str, int]:
    """Heading tail "สำนักงานเขตห้วยขวาง กรุงเทพมหานคร ประจำปีงบประมาณ พ.ศ. 2566" → (agency, 2566)."""
    tail = " ".join(tail.split())
    year = re.search(r"พ\.\s*ศ\.\s*([0-9๐-๙]{4})", tail)
    if not year:
        raise ItapError(
            f"{source}: the heading of {SECTION_TITLE} has no fiscal year (พ.ศ. ….): {tail!r}"
        )
    agency = re.split(r"\s*(?:ประจำปีงบประมาณ|ประจำปี|ปีงบประมาณ|พ\.\s*ศ\.)", tail)[0].strip()
    agency = re.sub(r"\s*กรุงเทพมหานคร$", "", agency).strip()
    if not agency:
        raise ItapError(f"{source}: the heading of {SECTION_TITLE} names no agency: {tail!r}")
    return agency, int(year.group(1).translate(_THAI_DIGITS))


_LAST_URL = re.compile(r"(https?://[^<>\"]*?)((?:\s*</(?:a|li|p|ul|ol|b)>)*\s*)$", re.I)
_LEADING_FRAGMENT = re.compile(
    r"^(?:<p>\s*)?(?P<frag>[^<\s][^<]*?)\s*(?:</p>|(?=<)|(?=\s(?:URL\s*ที่ส่ง|คำอธิบายของหน่วยงาน|ข้อเสนอแนะ)\s*:)|$)",
    re.I,
)


def _join_chunks(chunks: list[str]) -> str:
    """Join the lines of one item's block, repairing URLs cut by page breaks.

    When the text so far ends with a URL (only closing tags after it) and the next line starts
    with bare text (optionally in ``<p>``) that is not a label nor a new URL, that text is the
    rest of the URL pushed to the next page (seed 001: O7 ``…%E0`` + ``%B8%A3…-ITA``; O10
    ``… government contact`` + ``<p>manual v1.pdf</p>``), unless it is a tail the URL already
    ends with: then the PDF repeated the end of a long URL at the top of the page (O4
    ``<p>1%E0%B8%B4…-ITA</p>``, O12, O21, O28) and it is dropped. A cut inside a run of
    percent-escapes is joined directly; otherwise the line was wrapped at a space.
    """
    joined = ""
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        last = _LAST_URL.search(joined)
        frag = _LEADING_FRAGMENT.match(chunk)
        if (
            last
            and frag
            and frag.group("frag").strip(_BULLETS)
            and not frag.group("frag").startswith(("•", "-"))
            and not _ANY_LABEL.match(frag.group("frag"))
            and not _URL_START.match(frag.group("frag"))
            and not _ANY_LABEL.search(last.group(1))
        ):
            piece = html.unescape(frag.group("frag")).strip()
            url_so_far = html.unescape(last.group(1)).rstrip()
            rest = chunk[frag.end() :]
            if url_so_far.endswith(piece) and len(piece) < len(url_so_far):
                joined = f"{joined} {rest}"  # repeated tail of a complete URL
                continue
            glue = "" if piece.startswith("%") or re.search(r"%[0-9A-Fa-f]?$", url_so_far) else " "
            cut = last.start(1) + len(last.group(1).rstrip())
            joined = f"{joined[:cut]}{glue}{frag.group('frag')}{joined[cut:]} {rest}"
            continue
        joined = f"{joined} {chunk}" if joined else chunk
    return joined


def _item_blocks(lines: list[str]) -> list[tuple[str, str, float | None, list[str]]]:
    """(id, raw title, score, block lines) per item line, page headers and group lines removed."""
    blocks: list[tuple[str, str, float | None, list[str]]] = []
    current: list[str] | None = None
    for line in lines:
        if _PAGE_HEADER.match(line) or not line.strip():
            continue
        item = _ITEM_LINE.match(line)
        if item:
            score = float(item.group(3)) if item.group(3) else None
            current = []
            blocks.append((f"O{int(item.group(1))}", item.group(2), score, current))
        elif _STRUCTURE_LINE.match(line):
            current = None
        elif current is not None:
            current.append(line)
    return blocks


def _clean_title(raw: str) -> str:
    title = html.unescape(raw)
    if re.search(r"</?[A-Za-z][^>]*>", title):  # O18 prints "&lt;ul&gt;&lt;li&gt;…"
        title = BeautifulSoup(title, "html.parser").get_text(" ")
    return repair_name(title)  # one line, mojibake undone, no control characters


def _segments(block: str) -> tuple[str, str | None, str | None]:
    """Split a block at its labels: (URL part, explanation part or None, note part or None)."""
    start = _LABEL_URLS.search(block)
    pos = start.end() if start else 0
    expl = _LABEL_EXPLANATION.search(block, pos)
    note = _LABEL_NOTE.search(block, expl.end() if expl else pos)
    url_end = min(m.start() for m in (expl, note) if m) if (expl or note) else len(block)
    urls_part = block[pos:url_end]
    expl_part = block[expl.end() : note.start() if note else len(block)] if expl else None
    note_part = block[note.end() :] if note else None
    return urls_part, expl_part, note_part


def _urls_in(fragment: str, notes: list[str] | None = None) -> list[str]:
    """URLs of an HTML-ish fragment in document order: anchors and bare http(s) text. Where
    an anchor's href and text differ, a note saying so is appended to `notes`."""
    soup = BeautifulSoup(fragment, "html.parser")
    found: list[str] = []
    for node in soup.descendants:
        if isinstance(node, Tag) and node.name == "a":
            href = node.get("href")
            url, note = _choose_url(href if isinstance(href, str) else None, node.get_text())
            if url:
                found.append(url)
            if note and notes is not None and note not in notes:
                notes.append(note)
        elif isinstance(node, NavigableString) and node.find_parent("a") is None:
            for m in re.finditer(r"https?://.*?(?=\s+https?://|$)", str(node), re.I | re.S):
                found.append(m.group(0).strip())
    return [iri_decode(u) for u in found]


def _text_of(fragment: str) -> str:
    """Visible text of a fragment, anchors replaced by their URL, URLs decoded, spaces collapsed."""
    soup = BeautifulSoup(fragment, "html.parser")
    for a in soup.find_all("a"):
        href = a.get("href")
        url, _note = _choose_url(href if isinstance(href, str) else None, a.get_text())
        a.replace_with(f" {iri_decode(url)} " if url else a.get_text())
    text = " ".join(soup.get_text(" ").split())
    return re.sub(r"https?://\S+", lambda m: iri_decode(m.group(0)), text)


def _main_website(items: dict[str, ItapItem]) -> str:
    counts: Counter[str] = Counter()
    for item in items.values():
        for url in item.urls:
            parts = urlsplit(url)
            segments = [s for s in parts.path.split("/") if s]
            if not parts.netloc or (segments and _FILE_EXT.search(segments[-1])):
                continue  # a document (….pdf, ….jpg), not a page of the site
            first = f"/{segments[0]}" if segments else ""
            counts[f"{parts.scheme.lower()}://{parts.netloc.lower()}{first}"] += 1
    return counts.most_common(1)[0][0] if counts else ""


# --------------------------------------------------------------------------------------------
# Public API


def parse_itap(text: str, source: str = "<text>") -> ItapResult:
    """Parse the OIT detail table of an ITA result converted from PDF to text.

    `text` is the whole document (format of seed 001, see the module docstring); `source` names
    it in error messages. Returns an ItapResult whose items are in document order.

    Raises ItapError when the section "ตารางที่ 2: รายละเอียดผลการประเมินการเปิดเผยข้อมูลสาธารณะ"
    is missing, its heading has no agency or fiscal year, it lists no item, or an item id
    appears twice.
    """
    heading_tail, lines = _split_section(text, source)
    agency, fiscal_year = _parse_heading(heading_tail, source)
    items: dict[str, ItapItem] = {}
    for iid, raw_title, score, chunks in _item_blocks(lines):
        if iid in items:
            raise ItapError(f"{source}: item {iid} appears twice in {SECTION_TITLE}")
        urls_part, expl_part, note_part = _segments(_join_chunks(chunks))
        url_notes: list[str] = []
        urls = tuple(dict.fromkeys(_urls_in(urls_part, url_notes)))  # O8, O29 list a URL twice
        items[iid] = ItapItem(
            id=iid,
            title=_clean_title(raw_title),
            score=score,
            urls=urls,
            explanation=_text_of(expl_part) if expl_part is not None else "",
            reviewer_note=_text_of(note_part) if note_part is not None else "",
            url_notes=tuple(url_notes),
        )
    if not items:
        raise ItapError(
            f"{source}: the section {SECTION_TITLE} lists no OIT item "
            "(lines such as 'O1<TAB>title<TAB>100.00')"
        )
    return ItapResult(
        agency=agency, fiscal_year=fiscal_year, website=_main_website(items), items=items
    )


def load_itap(path: Path) -> ItapResult:
    """Read a UTF-8 text file and parse it with `parse_itap`; ItapError names the file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise ItapError(f"{path}: cannot read the file ({exc.strerror or exc})") from exc
    except UnicodeDecodeError as exc:
        raise ItapError(f"{path}: is not UTF-8 text") from exc
    return parse_itap(text, str(path))


def _submission_note(item: ItapItem) -> str:
    """The agency's explanation, then one line per link whose href and text differed."""
    return "\n".join(part for part in (item.explanation, *item.url_notes) if part)


def map_items(result: ItapResult, mapping: dict[str, str | None]) -> tuple[ItapResult, list[str]]:
    """The result's items renumbered into another framework's (another year's) ids through a
    declared mapping (oitcrawl.framework.item_mapping): {"O24": "O12", …}. Items that become
    one item (2565 O5 and O8 → 2569 O3) pool their URLs and notes in document order; items
    without a counterpart are left out. Returns the mapped result and one message per item
    left out."""
    items: dict[str, ItapItem] = {}
    dropped = []
    for iid, item in result.items.items():
        new = mapping.get(iid)
        if new is None:
            why = "removed" if iid in mapping else "no declared counterpart"
            dropped.append(f"{iid} ({why})")
            continue
        if new in items:
            old = items[new]
            items[new] = ItapItem(
                id=new,
                title=old.title,
                score=None,
                urls=tuple(dict.fromkeys((*old.urls, *item.urls))),
                explanation="\n".join(p for p in (old.explanation, item.explanation) if p),
                reviewer_note=old.reviewer_note,
                url_notes=(*old.url_notes, *item.url_notes),
            )
        else:
            items[new] = ItapItem(
                id=new,
                title=item.title,
                score=item.score,
                urls=item.urls,
                explanation=item.explanation,
                reviewer_note=item.reviewer_note,
                url_notes=item.url_notes,
            )
    mapped = ItapResult(result.agency, result.fiscal_year, result.website, items)
    return mapped, dropped


def itap_to_submission(
    result: ItapResult, framework: str = "bma-district-2566", fiscal_year: int | None = None
) -> Submission:
    """Turn a parsed result into a validated Submission (the agency's URLs per item).

    Each item becomes ``ItemSubmission(urls=item.urls, note=…)``, the note being the
    explanation followed by the item's ``url_notes`` (href and printed text differed);
    fiscal_year (unless given: the year of the framework the items were mapped to, see
    `map_items`) and agency come from the result, `as_of` is None. The submission is built
    through its YAML form and `parse_submission`, so the result is guaranteed to round-trip.

    Raises ItapError when the result has no website, and SubmissionError (from
    oitcrawl.submission) when an item id is unknown to `framework` or a URL is malformed.
    """
    if not result.website:
        raise ItapError(f"cannot build a submission for {result.agency}: no main website found")
    draft = Submission.model_construct(
        agency=result.agency,
        website=result.website,
        framework=framework,
        fiscal_year=fiscal_year or result.fiscal_year,
        as_of=None,
        also_main=(),
        items={
            iid: ItemSubmission(urls=item.urls, note=_submission_note(item))
            for iid, item in result.items.items()
        },
    )
    return parse_submission(submission_to_yaml(draft), f"<ITA result of {result.agency}>")
