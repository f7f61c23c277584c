"""`oitcrawl diff` outputs: the diff@1 dict (``oitcrawl.history``) as terminal text, as JSON
validated against ``diff.schema.json``, and as one self-contained HTML page (``diff.html.j2``:
no scripts, no external resources, a strict Content-Security-Policy, everything escaped).
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from rich.console import Console
from rich.markup import escape

from oitcrawl.reports import templates
from oitcrawl.reports.report_html import safe_href, score_text, timestamp_text

SCHEMA = "oitcrawl/diff@1"

#: change kind → (symbol, rich style) in the terminal
_KIND_STYLE = {
    "status": ("●", "bold"),
    "finding_new": ("+", "red"),
    "months_missing": ("+", "red"),
    "severity": ("~", "yellow"),
    "finding_fixed": ("−", "green"),
    "months_published": ("−", "green"),
}


@cache
def diff_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of diff@1."""
    text = resources.files("oitcrawl.reports").joinpath("diff.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_diff(diff: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when `diff` does not follow diff@1."""
    import jsonschema

    jsonschema.validate(diff, diff_json_schema())


def _atomic_write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8", newline="\n")
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_diff_json(diff: dict[str, Any], path: Path) -> Path:
    """Validate `diff` and write it to `path` atomically as UTF-8 JSON. Returns `path`."""
    validate_diff(diff)
    return _atomic_write(path, json.dumps(diff, ensure_ascii=False, indent=2) + "\n")


def print_diff(diff: dict[str, Any], console: Console) -> None:
    """Print the changes per agency: score, item statuses, findings, documents (Thai / English
    on one line each)."""
    for entry in diff["agencies"]:
        a, b = entry["run_a"], entry["run_b"]
        console.print(
            f"[bold]{escape(entry['agency']['name'])}[/] — {escape(a['id'])} → {escape(b['id'])}",
            highlight=False,
            soft_wrap=True,
        )
        change = entry["score"]["change"]
        sign = "" if change is None or change < 0 else "+"
        console.print(
            f"  คะแนน OIT / OIT score: {score_text(a['oit'])} → {score_text(b['oit'])} "
            f"({sign}{score_text(change)})"
            + (
                f"; ระดับ / rating {escape(a['rating_th'] or '—')} → {escape(b['rating_th'] or '—')}"
                if entry["rating_changed"]
                else ""
            ),
            highlight=False,
            soft_wrap=True,
        )
        if entry["unchanged"]:
            console.print("  ไม่มีการเปลี่ยนแปลง / no changes", highlight=False)
            continue
        for c in entry["changes"]:
            symbol, style = _KIND_STYLE.get(c["kind"], ("·", ""))
            console.print(
                f"  [{style}]{symbol}[/] {escape(c['text_th'])} / {escape(c['text_en'])}"
                if style
                else f"  {symbol} {escape(c['text_th'])} / {escape(c['text_en'])}",
                highlight=False,
                soft_wrap=True,
            )
        docs = entry["documents"]
        for d in docs["added"]:
            console.print(
                f"  [cyan]+[/] เอกสารใหม่ / new document: {escape(d['url'])} "
                f"({_sha(d['sha256'])}, {d['outcome']})",
                highlight=False,
                soft_wrap=True,
            )
        for d in docs["removed"]:
            console.print(
                f"  [cyan]−[/] เอกสารไม่พบแล้ว / document gone: {escape(d['url'])}",
                highlight=False,
                soft_wrap=True,
            )
        for d in docs["changed"]:
            console.print(
                f"  [cyan]~[/] เอกสารเปลี่ยน / document changed: {escape(d['url'])} "
                f"({_state(d['a'])} → {_state(d['b'])})",
                highlight=False,
                soft_wrap=True,
            )


def _sha(sha: str | None) -> str:
    return f"sha256 {sha[:12]}" if sha else "no body"


def _state(s: dict[str, Any]) -> str:
    status = f" HTTP {s['http_status']}" if s["http_status"] else ""
    return f"{s['outcome']}{status}, {_sha(s['sha256'])}"


@cache
def _environment() -> jinja2.Environment:
    env = templates.environment(
        dict(safe_href=safe_href, score=score_text, timestamp=timestamp_text)
    )
    env.globals.update(state=_state)
    return env


def render_diff_html(diff: dict[str, Any]) -> str:
    """The diff page (one self-contained HTML document) of a diff@1 dict."""
    if diff.get("schema") != SCHEMA:
        raise ValueError(f"not a {SCHEMA} document (schema: {diff.get('schema')!r})")
    return _environment().get_template("diff.html.j2").render(d=diff)


def write_diff_html(diff: dict[str, Any], path: Path) -> Path:
    """Render `diff` and write it to `path` atomically (UTF-8). Returns `path`."""
    return _atomic_write(path, render_diff_html(diff))
