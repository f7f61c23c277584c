"""The submission file: an agency's URLs per OIT item (YAML or JSON), validated with clear errors.

Format (see README "Submission file")::

    agency: สำนักงานเขตห้วยขวาง
    website: https://webportal.bangkok.go.th/huaikhwang
    framework: bma-district-2566
    fiscal_year: 2566            # Buddhist Era
    as_of: 2023-04-30            # optional; the assessment date (default: today)
    also_main: [eservice.bangkok.go.th]   # optional; other hosts that count as the main website
    items:
      O1: [https://…, https://…]
      O6: {urls: [https://…], note: "…"}
      O5: {not_applicable: true, note: "…"}

Every problem is reported with the file, the line and the field, all at once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field

from oitcrawl.framework import FrameworkError, load_framework

FISCAL_YEAR_RANGE = (2550, 2600)  # Buddhist Era; issue 2 ("a fiscal year outside 2550–2600")
TOP_FIELDS = {"agency", "website", "framework", "fiscal_year", "as_of", "also_main", "items"}
ITEM_FIELDS = {"urls", "note", "not_applicable"}


class ItemSubmission(BaseModel):
    """What the agency submitted for one item: URLs in order, its explanation, or N/A."""

    model_config = ConfigDict(frozen=True)

    urls: tuple[str, ...] = ()
    note: str = ""
    not_applicable: bool = False


class Submission(BaseModel):
    """A validated submission. `fiscal_year` is Buddhist Era; `as_of` is a CE date."""

    model_config = ConfigDict(frozen=True)

    agency: str
    website: str
    framework: str = "bma-district-2566"
    fiscal_year: int = Field(ge=FISCAL_YEAR_RANGE[0], le=FISCAL_YEAR_RANGE[1])
    as_of: dt.date | None = None
    also_main: tuple[str, ...] = ()
    items: dict[str, ItemSubmission] = Field(default_factory=dict)

    def all_urls(self) -> list[tuple[str, str]]:
        """(item id, url) pairs in submission order, N/A items excluded."""
        return [(iid, u) for iid, it in self.items.items() for u in it.urls]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the file: where (line, field) and what."""

    line: int | None
    field: str
    message: str

    def render(self, path: str) -> str:
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.field}: {self.message}"


class SubmissionError(ValueError):
    """The submission file is invalid. `problems` lists every problem found."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(p.render(path) for p in problems))


def check_url(url: object) -> str | None:
    """Return why `url` is not an absolute http(s) URL, or None when it is fine.

    Thai characters and spaces are allowed (they are IRI-encoded when fetched).
    """
    if not isinstance(url, str) or not url.strip():
        return "expected a URL string"
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        return f"malformed URL ({exc})"
    if parts.scheme not in ("http", "https"):
        return "must start with http:// or https://"
    host = parts.hostname or ""
    if not host or any(c.isspace() for c in host) or host.startswith(".") or ".." in host:
        return "has no valid host name"
    if port == 0:
        return "has an invalid port"
    return None


def _line_map(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict:
    """Map key paths ("items", "O1") to 1-based line numbers; record duplicate keys."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            sub = (*path, key)
            if sub in out:
                out.setdefault("__dups__", []).append((sub, key_node.start_mark.line + 1))
            else:
                out[sub] = key_node.start_mark.line + 1
            _line_map(value_node, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _line_map(child, (*path, i), out)
    return out


def parse_submission(text: str, path: str = "<submission>") -> Submission:
    """Parse and validate a submission given as YAML or JSON text.

    Raises SubmissionError listing every problem with its line and field: unknown or
    duplicate item ids, malformed URLs, a fiscal year outside 2550–2600 (BE), missing fields.
    """
    try:
        root = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise SubmissionError(path, [Problem(line, "file", f"not valid YAML/JSON: {exc}")]) from exc
    if not isinstance(data, dict) or root is None:
        raise SubmissionError(path, [Problem(1, "file", "expected a mapping (agency, website, …)")])
    lines = _line_map(root)
    problems: list[Problem] = []

    def add(keys: tuple, field: str, message: str) -> None:
        problems.append(Problem(lines.get(keys), field, message))

    for dup, line in lines.get("__dups__", []):
        field = ".".join(str(k) for k in dup)
        what = f"item {dup[-1]}" if dup[:1] == ("items",) else "field"
        problems.append(Problem(line, field, f"{what} appears more than once; merge the entries"))

    for key in data:
        if key not in TOP_FIELDS:
            add((key,), str(key), f"unknown field; expected one of {', '.join(sorted(TOP_FIELDS))}")
    for key in ("agency", "website", "fiscal_year"):
        if data.get(key) in (None, ""):
            problems.append(Problem(None, key, "is required"))
    agency = data.get("agency")
    if agency is not None and not isinstance(agency, str):
        add(("agency",), "agency", "must be text (the agency's name)")
    if data.get("website") is not None and (why := check_url(data["website"])):
        add(("website",), "website", f"{data['website']!r} {why}")

    fy = data.get("fiscal_year")
    if fy is not None:
        if isinstance(fy, bool) or not isinstance(fy, int):
            add(("fiscal_year",), "fiscal_year", f"{fy!r} is not a year; write e.g. 2566 (BE)")
        elif not FISCAL_YEAR_RANGE[0] <= fy <= FISCAL_YEAR_RANGE[1]:
            hint = f" (did you mean {fy + 543} BE?)" if 1990 <= fy <= 2060 else ""
            add(
                ("fiscal_year",),
                "fiscal_year",
                f"{fy} is outside {FISCAL_YEAR_RANGE[0]}–{FISCAL_YEAR_RANGE[1]} BE{hint}",
            )

    as_of = data.get("as_of")
    if isinstance(as_of, str):
        try:
            as_of = dt.date.fromisoformat(as_of)
        except ValueError:
            add(("as_of",), "as_of", f"{as_of!r} is not a date; write YYYY-MM-DD (CE)")
            as_of = None
    elif as_of is not None and not isinstance(as_of, dt.date):
        add(("as_of",), "as_of", "must be a date YYYY-MM-DD (CE)")
        as_of = None

    framework_id = data.get("framework") or "bma-district-2566"
    known = None
    if not isinstance(framework_id, str):
        add(("framework",), "framework", "must be a framework id such as bma-district-2566")
    else:
        try:
            known = load_framework(framework_id).items
        except FrameworkError as exc:
            add(("framework",), "framework", str(exc))

    also_main = data.get("also_main") or []
    if isinstance(also_main, str):
        also_main = [also_main]
    if not isinstance(also_main, list) or not all(isinstance(h, str) for h in also_main):
        add(("also_main",), "also_main", "must be a list of host names")
        also_main = []

    items: dict[str, ItemSubmission] = {}
    raw_items = data.get("items") or {}
    if not isinstance(raw_items, dict):
        add(("items",), "items", "must be a mapping of item id → URLs")
        raw_items = {}
    for iid, value in raw_items.items():
        iid_s = str(iid)
        keys = ("items", iid)
        if known is not None and iid_s not in known:
            add(
                keys,
                f"items.{iid_s}",
                f"unknown item for framework {framework_id}; expected one of {', '.join(known)}",
            )
            continue
        item = _parse_item(value, keys, iid_s, lines, problems)
        if item is not None:
            items[iid_s] = item

    if problems:
        raise SubmissionError(path, problems)
    if known is not None:  # framework order, whatever order the file used
        items = {iid: items[iid] for iid in known if iid in items}
    return Submission(
        agency=str(agency).strip(),
        website=str(data["website"]).strip(),
        framework=framework_id,
        fiscal_year=fy,
        as_of=as_of,
        also_main=tuple(h.strip().lower() for h in also_main),
        items=items,
    )


def _parse_item(
    value: object, keys: tuple, iid: str, lines: dict, problems: list[Problem]
) -> ItemSubmission | None:
    field = f"items.{iid}"
    if value is None:
        value = []
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        value = {"urls": value}
    if not isinstance(value, dict):
        problems.append(Problem(lines.get(keys), field, "expected a URL list or {urls, note}"))
        return None
    for k in value:
        if k not in ITEM_FIELDS:
            problems.append(
                Problem(
                    lines.get((*keys, k)),
                    f"{field}.{k}",
                    f"unknown field; expected {', '.join(sorted(ITEM_FIELDS))}",
                )
            )
    urls = value.get("urls") or []
    if isinstance(urls, str):
        urls = [urls]
    clean: list[str] = []
    for i, url in enumerate(urls):
        if why := check_url(url):
            line = lines.get((*keys, "urls", i), lines.get(keys))
            problems.append(Problem(line, f"{field}.urls[{i}]", f"{url!r} {why}"))
        elif url.strip() not in clean:
            clean.append(url.strip())
    note = value.get("note") or ""
    na = bool(value.get("not_applicable", False))
    if na and clean:
        problems.append(
            Problem(lines.get(keys), field, "is marked not_applicable but also lists URLs")
        )
    return ItemSubmission(urls=tuple(clean), note=str(note).strip(), not_applicable=na)


def load_submission(path: Path) -> Submission:
    """Read and validate a submission file (YAML or JSON).

    Raises SubmissionError (with every problem) or SubmissionError for an unreadable file.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise SubmissionError(str(path), [Problem(None, "file", exc.strerror or str(exc))]) from exc
    except UnicodeDecodeError as exc:
        raise SubmissionError(
            str(path), [Problem(None, "file", "is not UTF-8 text; save it as UTF-8")]
        ) from exc
    return parse_submission(text, str(path))


def submission_to_yaml(sub: Submission) -> str:
    """Serialise a submission in the documented format (Thai kept readable, short forms used)."""
    items: dict[str, object] = {}
    for iid, it in sub.items.items():
        if it.not_applicable:
            items[iid] = {"not_applicable": True, **({"note": it.note} if it.note else {})}
        elif it.note:
            items[iid] = {"urls": list(it.urls), "note": it.note}
        else:
            items[iid] = list(it.urls)
    doc: dict[str, object] = {
        "agency": sub.agency,
        "website": sub.website,
        "framework": sub.framework,
        "fiscal_year": sub.fiscal_year,
    }
    if sub.as_of:
        doc["as_of"] = sub.as_of
    if sub.also_main:
        doc["also_main"] = list(sub.also_main)
    doc["items"] = items
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1000)
