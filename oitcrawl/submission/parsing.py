"""The submission file read and validated: strict field types, short forms normalised, every
problem with its line and field at once (``parse_submission``, ``load_submission``); URLs
beyond the caps left out; and a submission written back in the documented format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from oitcrawl.framework import FrameworkError, load_framework
from oitcrawl.submission.fiscal import FISCAL_YEAR_RANGE, check_as_of, default_fiscal_year
from oitcrawl.submission.model import (
    MAX_URLS_PER_ITEM,
    MAX_URLS_PER_SUBMISSION,
    ItemSubmission,
    Problem,
    Submission,
    SubmissionError,
)
from oitcrawl.submission.urls import _BAD_CHARS, _website_is_suffix, check_also_main, check_url
from oitcrawl.submission.yamlfile import MAX_FILE_BYTES, _line, _line_map, load_yaml

TOP_FIELDS = {"agency", "website", "framework", "fiscal_year", "as_of", "also_main", "items"}
ITEM_FIELDS = {"urls", "note", "not_applicable"}


class _RawItem(BaseModel):
    """The shape of one item in the file (strict: no "false" for false, no 5 for a list)."""

    model_config = ConfigDict(strict=True, extra="forbid")

    urls: list[str] = Field(default_factory=list)
    note: str = ""
    not_applicable: bool = False


# The strict type of each top-level field (strict: no "2566" for 2566, no "false" for false)
_FIELD_TYPES: dict[str, TypeAdapter] = {
    "agency": TypeAdapter(str, config=ConfigDict(strict=True)),
    "website": TypeAdapter(str, config=ConfigDict(strict=True)),
    "framework": TypeAdapter(str, config=ConfigDict(strict=True)),
    "fiscal_year": TypeAdapter(int, config=ConfigDict(strict=True)),
    "as_of": TypeAdapter(str, config=ConfigDict(strict=True)),
    "also_main": TypeAdapter(list[str], config=ConfigDict(strict=True)),
    "items": TypeAdapter(dict[str, object], config=ConfigDict(strict=True)),
}
_FIELD_HINTS = {
    "fiscal_year": "is not a year; write e.g. 2566 (BE)",
    "as_of": "must be a date YYYY-MM-DD (CE)",
    "also_main": "must be a list of host names",
    "items": "must be a mapping of item id → URLs, e.g. O1: [https://…]",
    "agency": "must be text (the agency's name)",
}


@dataclass
class _Raw:
    """The file's fields after the strict type checks (None: missing or wrong type)."""

    agency: str | None
    website: str | None
    framework: str | None
    fiscal_year: int | None
    as_of: str | None
    also_main: list[str] | None
    items: dict[str, object] | None
    item_values: dict[str, _RawItem | list[Problem]]


_HINTS = {
    "bool_type": "must be true or false, without quotes",
    "int_type": "must be a whole number without quotes, e.g. 2566",
    "string_type": "must be text",
    "list_type": "must be a list, e.g. [https://…, https://…]",
    "dict_type": "must be a mapping of item id → URLs, e.g. O1: [https://…]",
    "model_type": "expected a URL list or {urls, note}",
    "model_attributes_type": "expected a URL list or {urls, note}",
    "missing": "is required",
}


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _pydantic_problems(exc: ValidationError, prefix: tuple, lines: dict) -> list[Problem]:
    """Problems from a strict validation of the value at `prefix`, each with its line."""
    problems = []
    for e in exc.errors():
        loc = (*prefix, *(k for k in e["loc"] if k != "[key]"))
        field = ".".join(str(k) for k in loc)
        if e["type"] == "extra_forbidden":
            msg = f"unknown field; expected {', '.join(sorted(ITEM_FIELDS))}"
        elif len(loc) == 1 and loc[0] in _FIELD_HINTS:
            msg = f"{_short(e.get('input'))} {_FIELD_HINTS[loc[0]]}"
        else:
            msg = f"{_short(e.get('input'))} {_HINTS.get(e['type'], e['msg'])}"
        problems.append(Problem(_line(lines, loc), field, msg))
    return problems


def _normalise(data: dict) -> dict:
    """Short forms → the full form, so the strict schema sees one shape: an item given as a
    URL list, one URL or nothing → {urls: …}; a single URL or host → a list; note null → ""."""
    data = dict(data)
    if isinstance(data.get("also_main"), str):
        data["also_main"] = [data["also_main"]]
    if data.get("also_main") is None:
        data.pop("also_main", None)
    for key in ("as_of", "items"):  # `items:` with only comments under it (a proposal that
        if key in data and data[key] is None:  # found nothing) is no items at all
            data.pop(key)
    if isinstance(data.get("items"), dict):
        items = {}
        for iid, value in data["items"].items():
            if value is None:
                value = []
            if isinstance(value, str):
                value = [value]
            if isinstance(value, list):
                value = {"urls": value}
            if isinstance(value, dict):
                value = dict(value)
                if isinstance(value.get("urls"), str):
                    value["urls"] = [value["urls"]]
                for key, empty in (("urls", []), ("note", "")):
                    if key in value and value[key] is None:
                        value[key] = empty
            items[str(iid) if isinstance(iid, int | float | bool) else iid] = value
        data["items"] = items
    return data


def _bad_text(data: object, keys: tuple = ()) -> list[tuple[tuple, str]]:
    """Every text value or key holding a lone surrogate or NUL (not text; SQLite and JSON
    refuse it), as (key path, field)."""
    found: list[tuple[tuple, str]] = []
    if isinstance(data, str):
        if _BAD_CHARS.search(data):
            found.append((keys, ".".join(str(k) for k in keys) or "file"))
    elif isinstance(data, dict):
        for k, v in data.items():
            if isinstance(k, str) and _BAD_CHARS.search(k):
                found.append(((*keys, k), ".".join(str(x) for x in (*keys, "?"))))
            found += _bad_text(v, (*keys, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _bad_text(v, (*keys, i))
    return found


def parse_submission(text: str, path: str = "<submission>") -> Submission:
    """Parse and validate a submission given as YAML or JSON text.

    Types are strict (``not_applicable: "false"`` is an error, not true; ``urls: 5`` is an
    error). Raises SubmissionError listing every problem with its line and field: unknown or
    duplicate item ids, malformed URLs, a fiscal year outside 2550–2600 (BE), an impossible
    date or one before the fiscal year, a public suffix in ``also_main``, missing fields, no
    item at all, a file over the size/alias limits. URLs beyond the caps are left out and
    counted in ``dropped_urls`` (not an error).
    """
    root, data = load_yaml(text, path)
    if not isinstance(data, dict) or root is None:
        raise SubmissionError(path, [Problem(1, "file", "expected a mapping (agency, website, …)")])
    return submission_from_data(data, path, _line_map(root))


def submission_from_data(
    data: dict[str, Any], path: str = "<submission>", lines: dict | None = None
) -> Submission:
    """`parse_submission` of data already read (a CSV row of a batch: str, int, lists and
    dicts as YAML would give them); `lines` maps key paths to the lines problems name
    (``yamlfile._line_map``), none by default. Raises SubmissionError as parse_submission."""
    lines = lines or {}
    problems: list[Problem] = []

    def add(keys: tuple, field: str, message: str) -> None:
        problems.append(Problem(_line(lines, keys), field, message))

    for dup, line in lines.get("__dups__", []):
        field = ".".join(str(k) for k in dup)
        what = f"item {dup[-1]}" if dup[:1] == ("items",) else "field"
        problems.append(Problem(line, field, f"{what} appears more than once; merge the entries"))

    bad_text = _bad_text(data)
    for keys, field in bad_text:
        add(keys, field, "contains an invalid character (a lone surrogate or NUL); retype it")
    if bad_text:
        raise SubmissionError(path, problems)

    data = _normalise(data)
    for key in data:
        if key not in TOP_FIELDS:
            add((key,), str(key), f"unknown field; expected one of {', '.join(sorted(TOP_FIELDS))}")
    values: dict[str, object] = {"framework": "bma-district-2566", "also_main": [], "as_of": None}
    missing_items: list[Problem] = []  # reported only when nothing else is wrong (less noise)
    for key, adapter in _FIELD_TYPES.items():
        if key not in data:
            if key == "fiscal_year":  # issue 14: the fiscal year being assessed now
                values[key] = default_fiscal_year(data.get("as_of"))
                continue
            if key in ("agency", "website"):
                problems.append(Problem(None, key, "is required"))
            elif key == "items":
                missing_items.append(
                    Problem(
                        None,
                        key,
                        "is required: list the items with their URLs, e.g. O1: [https://…]",
                    )
                )
            values.setdefault(key, None)
            continue
        try:
            values[key] = adapter.validate_python(data[key])
        except ValidationError as exc:
            problems.extend(_pydantic_problems(exc, (key,), lines))
            values[key] = None
    raw_items: dict[str, _RawItem | list[Problem]] = {}  # the item, or its type problems
    for iid, value in (values["items"] or {}).items():  # type: ignore[union-attr]
        try:
            raw_items[iid] = _RawItem.model_validate(value)
        except ValidationError as exc:
            if isinstance(value, dict):
                raw_items[iid] = _pydantic_problems(exc, ("items", iid), lines)
            else:
                where = _line(lines, ("items", iid))
                raw_items[iid] = [
                    Problem(where, f"items.{iid}", "expected a URL list or {urls, note}")
                ]
    fy_value = values.get("fiscal_year")
    if "framework" not in data and isinstance(fy_value, int):  # issue 19: newest of its type
        from oitcrawl.framework import agency_type_of, default_framework

        agency_type = agency_type_of(
            str(values.get("agency") or ""), str(values.get("website") or "")
        )
        values["framework"] = default_framework(fy_value, agency_type)[0]
    raw = _Raw(**values, item_values=raw_items)  # type: ignore[arg-type]

    if raw.agency is not None and not raw.agency.strip():
        add(("agency",), "agency", "is required (the agency's name)")
    if raw.website is None:
        pass
    elif why := check_url(raw.website):
        add(("website",), "website", f"{raw.website!r} {why}")
    elif _website_is_suffix(raw.website):
        add(("website",), "website", f"{raw.website!r} is a public suffix, not a website")

    fy = raw.fiscal_year
    fy_ok = fy is not None and FISCAL_YEAR_RANGE[0] <= fy <= FISCAL_YEAR_RANGE[1]
    if fy is not None and not fy_ok:
        hint = f" (did you mean {fy + 543} BE?)" if 1990 <= fy <= 2060 else ""
        add(
            ("fiscal_year",),
            "fiscal_year",
            f"{fy} is outside {FISCAL_YEAR_RANGE[0]}–{FISCAL_YEAR_RANGE[1]} BE{hint}",
        )
    as_of = None
    if raw.as_of is not None:
        try:
            as_of = dt.date.fromisoformat(raw.as_of.strip())
            if len(raw.as_of.strip()) != 10:
                raise ValueError(raw.as_of)
        except ValueError:
            add(("as_of",), "as_of", f"{raw.as_of!r} is not a date; write YYYY-MM-DD (CE)")
            as_of = None
        if as_of is not None and fy_ok and (why := check_as_of(as_of, fy)):
            add(("as_of",), "as_of", why)

    framework_id = raw.framework
    known = None
    if framework_id is not None:
        try:
            known = load_framework(framework_id).items
        except FrameworkError as exc:
            add(("framework",), "framework", str(exc))

    also_main: list[str] = []
    for i, host in enumerate(raw.also_main or []):
        if why := check_also_main(host):
            add(("also_main", i), f"also_main[{i}]", f"{host!r} {why}")
        else:
            also_main.append(host.strip().lower().rstrip("."))

    items: dict[str, ItemSubmission] = {}
    for iid, value in raw.item_values.items():
        keys = ("items", iid)
        if known is not None and iid not in known:
            add(
                keys,
                f"items.{iid}",
                f"unknown item for framework {framework_id}; expected one of {', '.join(known)}",
            )
            continue
        if isinstance(value, list):
            problems.extend(value)
            continue
        clean: list[str] = []
        for i, url in enumerate(value.urls):
            if why := check_url(url):
                add((*keys, "urls", i), f"items.{iid}.urls[{i}]", f"{_short(url)} {why}")
            elif url.strip() not in clean:
                clean.append(url.strip())
        if value.not_applicable and clean:
            add(keys, f"items.{iid}", "is marked not_applicable but also lists URLs")
        items[iid] = ItemSubmission(
            urls=tuple(clean), note=value.note.strip(), not_applicable=value.not_applicable
        )
    # a file that submits nothing is a mistake, not 30 × "no URL submitted" without a word
    if problems:
        pass
    elif missing_items:
        problems.extend(missing_items)
    elif raw.items is not None and not raw.items:
        add(("items",), "items", "lists no item; give the URLs per item, e.g. O1: [https://…]")
    elif not any(it.urls or it.not_applicable for it in items.values()):
        add(("items",), "items", "no item has a URL or not_applicable: true; nothing to check")

    if problems:
        raise SubmissionError(path, problems)
    if known is not None:  # framework order, whatever order the file used
        items = {iid: items[iid] for iid in known if iid in items}
    items, dropped = _cap_urls(items)
    assert raw.agency is not None and raw.website is not None and fy is not None
    assert framework_id is not None
    return Submission(
        agency=raw.agency.strip(),
        website=raw.website.strip(),
        framework=framework_id,
        fiscal_year=fy,
        as_of=as_of,
        also_main=tuple(also_main),
        items=items,
        dropped_urls=dropped,
    )


def _cap_urls(
    items: dict[str, ItemSubmission],
) -> tuple[dict[str, ItemSubmission], dict[str, int]]:
    """Keep at most MAX_URLS_PER_ITEM URLs per item and MAX_URLS_PER_SUBMISSION in all (in
    framework order); returns the items and, per item, how many URLs were left out."""
    kept: dict[str, ItemSubmission] = {}
    dropped: dict[str, int] = {}
    room = MAX_URLS_PER_SUBMISSION
    for iid, item in items.items():
        n = min(len(item.urls), MAX_URLS_PER_ITEM, room)
        room -= n
        if n < len(item.urls):
            dropped[iid] = len(item.urls) - n
            item = item.model_copy(update={"urls": item.urls[:n]})
        kept[iid] = item
    return kept, dropped


def load_submission(path: Path) -> Submission:
    """Read and validate a submission file (YAML or JSON).

    Raises SubmissionError (with every problem) or SubmissionError for an unreadable file.
    """
    try:
        if path.is_dir():
            raise SubmissionError(
                str(path), [Problem(None, "file", "is a folder; give a submission file")]
            )
        if path.exists() and not path.is_file():
            raise SubmissionError(
                str(path), [Problem(None, "file", "is not a regular file (a device or pipe?)")]
            )
        with path.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            limit = MAX_FILE_BYTES // 1024 // 1024
            raise SubmissionError(str(path), [Problem(None, "file", f"is larger than {limit} MB")])
        text = raw.decode("utf-8-sig")
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
