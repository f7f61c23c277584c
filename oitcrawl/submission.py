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
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from oitcrawl.framework import FrameworkError, load_framework

FISCAL_YEAR_RANGE = (2550, 2600)  # Buddhist Era; issue 2 ("a fiscal year outside 2550–2600")
TOP_FIELDS = {"agency", "website", "framework", "fiscal_year", "as_of", "also_main", "items"}
ITEM_FIELDS = {"urls", "note", "not_applicable"}

# Bounds on what one file may ask for (issue 13): a larger file is refused, more URLs are
# left out with a warning (`Submission.dropped_urls`, kept in the run and in report.json).
MAX_FILE_BYTES = 5 * 1024 * 1024  # a submission of 1,000 URLs is ~150 KB
MAX_YAML_NODES = 100_000  # scalars, lists and mappings after expanding YAML aliases
MAX_YAML_ALIASES = 100  # `*alias` references: a submission needs none
MAX_URLS_PER_ITEM = 100  # ITA items carry a handful; 100 is far above any real one
MAX_URLS_PER_SUBMISSION = 1_000  # 30-43 items × a handful
MAX_PROBLEMS_SHOWN = 50


class ItemSubmission(BaseModel):
    """What the agency submitted for one item: URLs in order, its explanation, or N/A."""

    model_config = ConfigDict(frozen=True, strict=True)

    urls: tuple[str, ...] = ()
    note: str = ""
    not_applicable: bool = False


class Submission(BaseModel):
    """A validated submission. `fiscal_year` is Buddhist Era; `as_of` is a CE date.

    `dropped_urls`: item id → how many of its submitted URLs were left out by the caps
    (MAX_URLS_PER_ITEM per item, MAX_URLS_PER_SUBMISSION in all); empty when none was.
    """

    model_config = ConfigDict(frozen=True, strict=True)

    agency: str
    website: str
    framework: str = "bma-district-2566"
    fiscal_year: int = Field(ge=FISCAL_YEAR_RANGE[0], le=FISCAL_YEAR_RANGE[1])
    as_of: dt.date | None = None
    also_main: tuple[str, ...] = ()
    items: dict[str, ItemSubmission] = Field(default_factory=dict)
    dropped_urls: dict[str, int] = Field(default_factory=dict)

    def all_urls(self) -> list[tuple[str, str]]:
        """(item id, url) pairs in submission order, N/A items excluded."""
        return [(iid, u) for iid, it in self.items.items() for u in it.urls]

    def cap_warnings(self) -> list[str]:
        """One message per item whose URLs were cut by the caps (Thai / English), and one when
        the framework is provisional or was written for another fiscal year (issue 19)."""
        from oitcrawl.framework import framework_warning
        from oitcrawl.i18n import tr

        notes = (
            [f"framework: {w}"]
            if (w := framework_warning(self.framework, self.fiscal_year))
            else []
        )
        return notes + [
            f"items.{iid}: "
            + tr(
                f"เกินจำนวน URL ที่ตรวจได้ ไม่ได้ตรวจ {n} URL ท้ายรายการ (ตรวจได้ไม่เกิน "
                f"{MAX_URLS_PER_ITEM} URL ต่อข้อ และ {MAX_URLS_PER_SUBMISSION} URL ต่อไฟล์)",
                f"{n} URL(s) left out (at most {MAX_URLS_PER_ITEM} per item and "
                f"{MAX_URLS_PER_SUBMISSION} per submission are checked)",
            )
            for iid, n in self.dropped_urls.items()
        ]


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


def current_fiscal_year(today: dt.date | None = None) -> int:
    """The Thai fiscal year (BE) that `today` (CE; default the machine's date) falls in:
    1 October starts the next one (2026-09-30 → 2569, 2026-10-01 → 2570; DOMAIN.md §3)."""
    today = today or dt.date.today()
    return today.year + 543 + (1 if today.month >= 10 else 0)


def default_fiscal_year(as_of: object = None) -> int:
    """The fiscal year (BE) a submission without one is assessed for: that of its `as_of`
    when it is a valid ISO date, else the current one (``current_fiscal_year``)."""
    if isinstance(as_of, dt.date):
        return current_fiscal_year(as_of)
    if isinstance(as_of, str):
        try:
            return current_fiscal_year(dt.date.fromisoformat(as_of.strip()[:10]))
        except ValueError:
            pass
    return current_fiscal_year()


def fiscal_year_start(fiscal_year_be: int) -> dt.date:
    """First day (CE) of the Thai fiscal year `fiscal_year_be` (Buddhist Era): 1 October of
    the year before, e.g. 2566 → 2022-10-01."""
    return dt.date(fiscal_year_be - 543 - 1, 10, 1)


def check_as_of(as_of: dt.date, fiscal_year_be: int) -> str | None:
    """Why `as_of` cannot be the assessment date of fiscal year `fiscal_year_be`, or None.

    An assessment date before the fiscal year began would make every period rule count
    months that have not happened yet as "not due" (a monthly item would pass on nothing).
    """
    start = fiscal_year_start(fiscal_year_be)
    if as_of < start:
        return (
            f"{as_of.isoformat()} is before fiscal year {fiscal_year_be} began "
            f"({start.isoformat()}); the assessment date must fall in or after the fiscal year"
        )
    return None


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
    """The submission file is invalid. `problems` lists every problem found (the message shows
    the first MAX_PROBLEMS_SHOWN)."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems
        lines = [p.render(path) for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            more = len(problems) - MAX_PROBLEMS_SHOWN
            lines.append(f"{path}: … อีก {more} ปัญหา / {more} more problems")
        super().__init__("\n".join(lines))


_BAD_CHARS = re.compile(r"[\ud800-\udfff\x00]")


def check_url(url: object) -> str | None:
    """Return why `url` is not an absolute http(s) URL, or None when it is fine.

    Thai characters and spaces are allowed (they are IRI-encoded when fetched); control
    characters and lone surrogates (not text) are not.
    """
    if not isinstance(url, str) or not url.strip():
        return "expected a URL string"
    if _BAD_CHARS.search(url) or any(ord(c) < 0x20 or ord(c) == 0x7F for c in url.strip()):
        return "contains a control character or an invalid (surrogate) character"
    from oitcrawl.crawl.settings import MAX_URL_LENGTH
    from oitcrawl.crawl.urls import request_url

    if len(url) > MAX_URL_LENGTH:
        return f"is longer than {MAX_URL_LENGTH:,} characters"
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
    try:
        if len(request_url(url.strip())) > MAX_URL_LENGTH:
            return f"is longer than {MAX_URL_LENGTH:,} characters once encoded"
    except ValueError as exc:
        return f"malformed URL ({exc})"
    return None


_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)*"
                   r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?$")  # fmt: skip


def _website_is_suffix(url: str) -> bool:
    from oitcrawl.crawl.urls import host_of, is_public_suffix

    try:
        host = host_of(url.strip()).encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return is_public_suffix(host.removeprefix("www."))


def check_also_main(host: str) -> str | None:
    """Why `host` cannot be an extra main-website host, or None.

    A public suffix (``com``, ``go.th``, ``github.io`` …, from the Public Suffix List bundled
    with tldextract, no network) would make every site under it the agency's main website.
    """
    from oitcrawl.crawl.urls import is_public_suffix

    name = host.strip().lower().rstrip(".")
    if "://" in name or "/" in name:
        return "must be a host name such as eservice.bangkok.go.th, not a URL"
    try:
        ascii_name = name.encode("idna").decode("ascii") if name else ""
    except UnicodeError:
        ascii_name = ""
    if not _HOST.match(ascii_name):
        return "is not a valid host name"
    if is_public_suffix(ascii_name):
        return (
            "is a public suffix (every site under it would count as the main website); "
            "name the agency's own host, e.g. eservice.bangkok.go.th"
        )
    return None


class _SafeLoader(yaml.SafeLoader):
    """PyYAML's safe loader that keeps timestamps as the text written (an impossible date
    such as 2023-02-30 is then reported as a field problem, not a crash) and counts aliases."""

    aliases = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            self.aliases += 1
            if self.aliases > MAX_YAML_ALIASES:
                mark = self.peek_event().start_mark
                raise yaml.YAMLError(
                    f"more than {MAX_YAML_ALIASES} YAML aliases (*name) at line {mark.line + 1};"
                    " a submission needs none"
                )
        return super().compose_node(parent, index)  # type: ignore[misc]


_SafeLoader.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
)


def _expanded_size(node: yaml.Node, limit: int) -> int:
    """Number of nodes of `node` with aliases expanded, stopping once over `limit` (an alias
    bomb of 10 lines expands to billions)."""
    memo: dict[int, int] = {}

    def size(n: yaml.Node) -> int:
        if id(n) in memo:
            return memo[id(n)]
        memo[id(n)] = limit + 1  # a node inside itself (recursive alias) is over any limit
        total = 1
        if isinstance(n, yaml.MappingNode):
            children = [c for pair in n.value for c in pair]
        elif isinstance(n, yaml.SequenceNode):
            children = list(n.value)
        else:
            children = []
        for child in children:
            total += size(child)
            if total > limit:
                break
        memo[id(n)] = total
        return total

    return size(node)


def _yaml_error(path: str, exc: yaml.YAMLError) -> SubmissionError:
    """A YAML syntax error as one problem of the file, with its line when known."""
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark else None
    text_exc = " ".join(str(exc).split())
    return SubmissionError(path, [Problem(line, "file", f"not valid YAML/JSON: {text_exc}")])


def load_yaml(text: str, path: str = "<yaml>") -> tuple[yaml.Node | None, object]:
    """Parse YAML (or JSON) safely within limits: at most MAX_FILE_BYTES, MAX_YAML_ALIASES
    alias references and MAX_YAML_NODES nodes after expansion; timestamps stay text.

    Returns (root node, data). Raises SubmissionError (field "file") for invalid YAML, a file
    over the limits or nested too deeply.
    """
    if len(text) > MAX_FILE_BYTES:
        raise SubmissionError(
            path, [Problem(None, "file", f"is larger than {MAX_FILE_BYTES // 1024 // 1024} MB")]
        )
    try:  # the reader already refuses control characters when the loader is made
        loader = _SafeLoader(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from None
    try:
        root = loader.get_single_node()
        if root is not None and _expanded_size(root, MAX_YAML_NODES) > MAX_YAML_NODES:
            raise SubmissionError(
                path,
                [
                    Problem(
                        None,
                        "file",
                        f"expands to more than {MAX_YAML_NODES:,} values (YAML aliases?); "
                        "write the submission out plainly",
                    )
                ],
            )
        data = loader.construct_document(root) if root is not None else None
    except yaml.YAMLError as exc:
        raise _yaml_error(path, exc) from exc
    except RecursionError:
        raise SubmissionError(path, [Problem(None, "file", "is nested too deeply")]) from None
    finally:
        loader.dispose()
    return root, data


def _line_map(node: yaml.Node, path: tuple = (), out: dict | None = None) -> dict:
    """Map key paths ("items", "O1") to 1-based line numbers; record duplicate keys. Keys are
    compared as text (a key written 1 is "1"); aliases are not followed."""
    out = {} if out is None else out
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            sub = (*path, key)
            if sub in out:
                out.setdefault("__dups__", []).append((sub, key_node.start_mark.line + 1))
            else:
                out[sub] = key_node.start_mark.line + 1
            if len(out) < MAX_YAML_NODES:
                _line_map(value_node, sub, out)
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            _line_map(child, (*path, i), out)
    return out


def _line(lines: dict, keys: tuple) -> int | None:
    """The line of the deepest known prefix of `keys` (keys compared as text)."""
    keys = tuple(k if isinstance(k, int) else str(k) for k in keys)
    while keys:
        if keys in lines:
            return lines[keys]
        keys = keys[:-1]
    return None


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
    lines = _line_map(root)
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
