"""The `oitcrawl` command line (typer).

Exit status: 0 the run completed, 1 internal failure, 2 bad input (nothing written),
3 the OIT score is below --fail-under, 130 interrupted with Ctrl-C (run the same command
again to resume).
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from oitcrawl import __version__
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.crawl.urls import HostRewrite, RewriteError
from oitcrawl.framework import FrameworkError
from oitcrawl.store import Store, StoreError
from oitcrawl.submission import Submission, SubmissionError, load_submission

app = typer.Typer(
    help="oitcrawl — ตรวจเว็บไซต์หน่วยงานล่วงหน้าตามแบบ OIT ของ ITA / pre-check an agency's "
    "website for the OIT part of the ITA.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_BELOW, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
DEFAULT_DB = Path("oitcrawl-data/evidence.sqlite")


class BadInput(Exception):
    """A user mistake: printed without a traceback, exit status 2."""


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(
            f"{option} {value!r}: expected a date YYYY-MM-DD (CE), e.g. 2023-04-30"
        ) from None


def _rewrites(values: list[str] | None) -> tuple[HostRewrite, ...]:
    return tuple(HostRewrite.parse(v) for v in values or [])


DbOption = Annotated[
    Path, typer.Option("--db", help="Evidence database (blobs are kept beside it).")
]
OutOption = Annotated[Path, typer.Option("--out", help="Where to write the outputs.")]
IitOption = Annotated[
    float | None, typer.Option("--iit", help="IIT score 0-100, for the ITA total (with --eit).")
]
EitOption = Annotated[
    float | None, typer.Option("--eit", help="EIT score 0-100, for the ITA total (with --iit).")
]
FailUnderOption = Annotated[
    float | None,
    typer.Option(
        "--fail-under", help="Exit with status 3 when the OIT score is below this (0-100)."
    ),
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="Allow URLs that resolve to loopback/private/link-local addresses "
        "(local testing only; refused by default).",
    ),
]


def _check_scores(iit: float | None, eit: float | None, fail_under: float | None) -> None:
    if (iit is None) != (eit is None):
        raise BadInput("--iit and --eit go together: give both scores, or neither")
    for name, value in (("--iit", iit), ("--eit", eit), ("--fail-under", fail_under)):
        if value is not None and not 0 <= value <= 100:
            raise BadInput(f"{name} {value}: a score is between 0 and 100")


def _finish(report: dict, paths: list[Path], quiet: bool, fail_under: float | None) -> None:
    """Print the summary and where the outputs are; exit 3 below --fail-under."""
    from oitcrawl.reports.terminal import print_summary

    if not quiet:
        print_summary(report, out)
        for path in paths:
            out.print(f"  {path}", highlight=False)
    oit = report["scores"]["oit"]
    if fail_under is not None and (oit is None or oit < fail_under):
        err.print(
            f"[red]คะแนน OIT {oit} ต่ำกว่า / OIT score below[/] --fail-under {fail_under}",
            highlight=False,
        )
        raise typer.Exit(EXIT_BELOW)


@app.command()
def check(
    submission: Annotated[Path, typer.Argument(help="Submission file (YAML or JSON).")],
    out_dir: OutOption = Path("oitcrawl-out"),
    db: DbOption = DEFAULT_DB,
    as_of: Annotated[
        str | None, typer.Option(help="Assessment date YYYY-MM-DD (default: the file's, or today).")
    ] = None,
    rewrite_host: Annotated[
        list[str] | None,
        typer.Option(
            "--rewrite-host",
            help="FROM=TO: fetch host FROM from TO (host:port, plain HTTP) — replay a real "
            "submission against a local copy. Repeatable.",
        ),
    ] = None,
    depth: Annotated[int, typer.Option(help="Main-website pages followed from a page.")] = 1,
    delay: Annotated[float, typer.Option(help="Seconds between requests to one host.")] = 1.0,
    concurrency: Annotated[int, typer.Option(help="Parallel requests per host.")] = 2,
    timeout: Annotated[float, typer.Option(help="Seconds before a request times out.")] = 30.0,
    retries: Annotated[int, typer.Option(help="Retries for timeouts, 5xx and 429.")] = 2,
    backoff: Annotated[float, typer.Option(help="First retry delay in seconds (doubles).")] = 2.0,
    max_bytes: Annotated[int, typer.Option(help="Largest response kept, in bytes.")] = 50
    * 1024
    * 1024,
    ignore_robots: Annotated[
        bool, typer.Option(help="Ignore robots.txt (only for an agency's own pre-check).")
    ] = False,
    fresh: Annotated[bool, typer.Option(help="Start a new run instead of resuming.")] = False,
    allow_private: AllowPrivateOption = False,
    iit: IitOption = None,
    eit: EitOption = None,
    fail_under: FailUnderOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Crawl a submission's URLs, store and extract the evidence, apply the OIT rules, and
    write report.json, report.html and suggestions.csv/.xlsx."""
    _check_scores(iit, eit, fail_under)
    sub = load_submission(submission)
    settings = CrawlSettings(
        max_depth=depth,
        delay_s=delay,
        concurrency_per_host=concurrency,
        timeout_s=timeout,
        retries=retries,
        backoff_s=backoff,
        max_bytes=max_bytes,
        obey_robots=not ignore_robots,
        allow_private=allow_private,
    )
    _run(
        sub,
        out_dir,
        db,
        settings,
        _rewrites(rewrite_host),
        _parse_date(as_of, "--as-of"),
        quiet,
        fresh,
        (iit, eit),
        fail_under,
    )


def _run(
    sub: Submission,
    out_dir: Path,
    db: Path,
    settings: CrawlSettings,
    rewrites: tuple[HostRewrite, ...],
    as_of: dt.date | None,
    quiet: bool,
    fresh: bool = False,
    ita: tuple[float | None, float | None] = (None, None),
    fail_under: float | None = None,
) -> None:
    from oitcrawl.check import run_check

    result = run_check(sub, out_dir, db, settings, rewrites, as_of, quiet, fresh, *ita)
    run = result.run
    if result.outputs is None:
        err.print(
            f"[yellow]หยุดกลางคัน / interrupted[/]: run {run.id} kept in {db}; "
            "run the same command again to resume."
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    _finish(result.outputs.report, result.outputs.paths(), quiet, fail_under)


@app.command()
def demo(
    out_dir: Annotated[Path, typer.Option("--out", help="Where to write the outputs.")] = Path(
        "oitcrawl-demo"
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Serve the bundled sample district site on 127.0.0.1 and check it."""
    from importlib import resources

    from oitcrawl.sample_site.server import serve

    sub_ref = resources.files("oitcrawl.sample_site") / "submission.yaml"
    with resources.as_file(sub_ref) as sub_path:
        sub = load_submission(sub_path)
    with serve() as site:
        if not quiet:
            out.print(f"sample site / เว็บไซต์ตัวอย่าง: {site.base_url}")
        settings = CrawlSettings(delay_s=0.0, concurrency_per_host=4, timeout_s=10.0, retries=1,
                                 backoff_s=0.2, autothrottle=False, allow_private=True)  # fmt: skip
        rewrites = _rewrites(site.rewrite_rules())
        _run(sub, out_dir, out_dir / "evidence.sqlite", settings, rewrites, None, quiet, True)
    out.print(f"ผลลัพธ์อยู่ที่ / outputs are in: {out_dir.resolve()}")


@app.command("import-itap")
def import_itap(
    file: Annotated[Path, typer.Argument(help="ITA result document as text (seed 001 format).")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
) -> None:
    """Turn the OIT section of an ITA result document into a submission file."""
    from oitcrawl.itap import ItapError, itap_to_submission, parse_itap
    from oitcrawl.submission import submission_to_yaml

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{file}: cannot read it as UTF-8 text ({exc})") from exc
    try:
        result = parse_itap(text)
    except ItapError as exc:
        raise BadInput(f"{file}: {exc}") from exc
    yaml_text = submission_to_yaml(itap_to_submission(result))
    if output:
        output.write_text(yaml_text, encoding="utf-8")
        n = sum(len(i.urls) for i in result.items.values())
        err.print(f"{output}: {len(result.items)} items, {n} URLs")
    else:
        sys.stdout.write(yaml_text)


@app.command()
def runs(db: DbOption = DEFAULT_DB) -> None:
    """List the runs in an evidence database."""
    from oitcrawl.store import Store

    if not db.exists():
        raise BadInput(f"{db}: no evidence database here; pass --db PATH")
    table = Table()
    for col in ("id", "agency", "fiscal year", "as of", "status", "fetches"):
        table.add_column(col)
    for r in Store(db).list_runs():
        table.add_row(
            r["id"], r["agency"], str(r["fiscal_year"]), r["as_of"], r["status"], str(r["fetches"])
        )
    out.print(table)


@app.command()
def extract(
    run_id: Annotated[str, typer.Argument(help="Run id (see `oitcrawl runs`).")],
    db: DbOption = DEFAULT_DB,
    out_dir: OutOption = Path("oitcrawl-out"),
    force: Annotated[bool, typer.Option(help="Re-extract cached documents too.")] = False,
) -> None:
    """Re-extract a stored run offline (no network), then evaluate it and rewrite the outputs."""
    from oitcrawl.evaluate import evaluate_run
    from oitcrawl.extraction import extract_run
    from oitcrawl.reports import write_outputs

    store = _open_store(db)
    run = store.get_run(run_id)
    stats = extract_run(store, run.id, force=force)
    outputs = write_outputs(evaluate_run(store, run), out_dir)
    out.print(f"{stats.extracted} extracted, {stats.cached} cached, {stats.failed} failed")
    _finish(outputs.report, outputs.paths(), False, None)


@app.command()
def evaluate(
    run_id: Annotated[str, typer.Argument(help="Run id (see `oitcrawl runs`).")],
    db: DbOption = DEFAULT_DB,
    out_dir: OutOption = Path("oitcrawl-out"),
    items: Annotated[
        str | None,
        typer.Option(help="Only these items, comma-separated (e.g. O6,O20): contested items."),
    ] = None,
    iit: IitOption = None,
    eit: EitOption = None,
    fail_under: FailUnderOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Re-run the OIT rules on a stored run (no network) and rewrite the outputs: check a
    corrected rules file in seconds."""
    from oitcrawl.evaluate import EvaluationError, evaluate_run
    from oitcrawl.reports import write_outputs

    _check_scores(iit, eit, fail_under)
    store = _open_store(db)
    run = store.get_run(run_id)
    if run.status not in ("completed",):
        err.print(
            f"[yellow]run {run.id} is {run.status}[/]: evaluating what was stored so far; "
            "finish it with the same `check` command for a complete result."
        )
    wanted = [i.strip().upper() for i in items.split(",") if i.strip()] if items else None
    try:
        ev = evaluate_run(store, run, wanted, iit, eit)
    except EvaluationError as exc:
        raise BadInput(str(exc)) from exc
    outputs = write_outputs(ev, out_dir)
    _finish(outputs.report, outputs.paths(), quiet, fail_under)


@app.command()
def inspect(
    target: Annotated[str, typer.Argument(help="A local file, or an http(s) URL to fetch.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the oitcrawl/inspect@1 JSON instead.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds before a fetch times out.")] = 30.0,
) -> None:
    """Show everything oitcrawl knows about one document (type, pages, text layer, machine
    readability, OCR, dates and fiscal years, tables, first lines): check it before publishing."""
    import json
    import re

    from rich.markup import escape

    from oitcrawl.inspect import FetchError, fetch_url, inspect_document

    path = Path(target)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]+):", target)
    if scheme and not path.exists():
        if scheme.group(1).lower() not in ("http", "https"):
            raise BadInput(
                f"{target}: ไม่ใช่ไฟล์หรือ URL แบบ http/https / not a file or an http(s) URL"
            )
        try:
            data, content_type, final_url = fetch_url(target, timeout)
        except FetchError as exc:
            raise BadInput(f"ดึงเอกสารไม่ได้ / could not fetch the document:\n{exc}") from exc
        report = inspect_document(data, final_url, content_type)
        report["source"] = target
    else:
        if not path.is_file():
            what = "เป็นโฟลเดอร์ / is a folder" if path.is_dir() else "ไม่มีไฟล์นี้ / no such file"
            raise BadInput(
                f"{target}: {what}; ระบุไฟล์เอกสารหรือ URL แบบ http(s) / "
                "give a document file or an http(s) URL"
            )
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BadInput(f"{target}: อ่านไฟล์ไม่ได้ / cannot read it ({exc})") from exc
        report = inspect_document(data, target)
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    r = report
    e = escape
    out.print(f"[bold]{e(r['source'])}[/]", highlight=False)
    out.print(f"  {r['bytes']:,} bytes  sha256 {r['sha256'][:16]}…", highlight=False)
    sn = r["sniffed"]
    out.print(f"ชนิดไฟล์ / type: [bold]{sn['type']}[/] ({e(r['extractor'])})", highlight=False)
    for reason in sn["reasons"]:
        out.print(f"  [dim]{e(reason)}[/]", highlight=False)
    if sn["mismatch"]:
        out.print("  [yellow]ชนิดไฟล์ไม่ตรงกับที่ประกาศ / type mismatch[/]")
    if r["error"]:
        out.print(f"[red]ข้อผิดพลาด / error:[/] {e(r['error'])}", highlight=False)
    if r["title"]:
        out.print(f"ชื่อเรื่อง / title: {e(r['title'])}", highlight=False)
    if r["page_count"] is not None:
        out.print(f"จำนวนหน้า / pages: {r['page_count']}", highlight=False)
    if r["pages"]:
        table = Table("หน้า / page", "อักขระ / chars", "ชั้นข้อความ / text layer",
                      "ภาพ / images", "OCR", "ชนิด / class")  # fmt: skip
        for p in r["pages"]:
            table.add_row(str(p["number"]), str(p["chars"]), "✓" if p["has_text_layer"] else "-",
                          str(p["image_count"]), "✓" if p["ocr"] else "-",
                          p["text_layer_class"])  # fmt: skip
        out.print(table)
    meta = {k: v for k, v in r["metadata"].items() if k not in ("text_layer", "ocr", "ocr_error")}
    if meta:
        out.print(f"ข้อมูลกำกับ / metadata: {e('; '.join(f'{k}: {v}' for k, v in meta.items()))}",
                  highlight=False)  # fmt: skip
    if r["text_layer"]:
        tl = r["text_layer"]
        out.print(f"ชั้นข้อความ / text layer: [bold]{tl['class']}[/] — {e(tl['reason_th'])} / "
                  f"{e(tl['reason_en'])}", highlight=False)  # fmt: skip
    mr = r["machine_readable"]
    yes = "[green]ได้ / yes[/]" if mr["machine_readable"] else "[red]ไม่ได้ / no[/]"
    out.print(f"อ่านด้วยเครื่องได้ / machine readable: {yes} (level {mr['level']} {mr['label']})"
              f" — {e(mr['reason_th'])} / {e(mr['reason_en'])}", highlight=False)  # fmt: skip
    ocr = r["ocr"]
    used = f"ใช้ / used ({e(ocr['engine'] or '')})" if ocr["used"] else "ไม่ได้ใช้ / not used"
    out.print(f"OCR: {used}", highlight=False)
    if r["metadata"].get("ocr_error"):
        out.print(f"  [yellow]{e(r['metadata']['ocr_error'])}[/]", highlight=False)
    years = ", ".join(map(str, r["fiscal_years"])) or "-"
    out.print(f"ปีงบประมาณ / fiscal years: {years}", highlight=False)
    for d in r["dates"][:10]:
        fy = f" → ปีงบ / FY {d['fiscal_year']}" if d["fiscal_year"] else ""
        out.print(f"  {e(d['text'])} [dim]({d['kind']}){fy}[/]", highlight=False)
    if len(r["dates"]) > 10:
        out.print(f"  … {len(r['dates']) - 10} more / อีก {len(r['dates']) - 10} รายการ")
    for i, t in enumerate(r["tables"], 1):
        out.print(f"ตาราง / table {i}: {t['rows']} × {t['columns']}", highlight=False)
        out.print(f"  {e(' | '.join(t['header']))}", highlight=False)
    out.print("ข้อความช่วงแรก / first lines:")
    for line in r["text_head"]:
        out.print(f"  {e(line)}", highlight=False)
    if not r["text_head"]:
        out.print("  [dim](ไม่มีข้อความ / no text)[/]")


def _open_store(db: Path) -> Store:
    from oitcrawl.store import Store

    if not db.exists():
        raise BadInput(f"{db}: no evidence database here; pass --db PATH")
    return Store(db)


def _version(value: bool) -> None:
    if value:
        out.print(f"oitcrawl {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    pass


def main() -> None:
    """Entry point: run the app, turning user mistakes into exit status 2 without a traceback."""
    logging.getLogger("pypdfium2").setLevel(logging.ERROR)
    try:
        # standalone_mode=False: click returns typer.Exit's code instead of exiting
        sys.exit(app(standalone_mode=False) or EXIT_OK)
    except (SubmissionError, RewriteError, FrameworkError, StoreError, BadInput) as exc:
        err.print(f"[red]ข้อมูลไม่ถูกต้อง / bad input:[/]\n{exc}", highlight=False)
        sys.exit(EXIT_BAD_INPUT)
    except KeyboardInterrupt:
        err.print("[yellow]หยุดกลางคัน / interrupted[/]")
        sys.exit(EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except Exception as exc:
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        if isinstance(exc, click.exceptions.Abort):
            sys.exit(EXIT_INTERRUPTED)
        err.print(f"[red]ข้อผิดพลาดภายใน / internal error:[/] {type(exc).__name__}: {exc}")
        traceback.print_exc()
        sys.exit(EXIT_INTERNAL)
