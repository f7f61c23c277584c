"""The auditor's commands, over many runs and agencies: `runs`, `archive`, `replay`, `batch`,
`diff`, `summary`, `serve`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from oitcrawl.cli.application import PANEL_AUDITOR, app
from oitcrawl.cli.checks import (
    _archive_path,
    _check_as_of,
    _check_db_target,
    _check_out_dir,
    _check_scores,
    _check_workers,
    _open_store,
    _parse_date,
    _warn_caps,
)
from oitcrawl.cli.console import err, out, wide_out
from oitcrawl.cli.errors import (
    EXIT_BAD_INPUT,
    EXIT_BELOW,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_UNHEALTHY,
    BadInput,
)
from oitcrawl.cli.options import (
    BATCH_FRESH_FOR,
    DEFAULT_DB,
    AllowPrivateOption,
    AutothrottleOption,
    BackoffOption,
    ConcurrencyOption,
    DbOption,
    DelayOption,
    DepthOption,
    FailUnderOption,
    FreshForOption,
    FreshRunsOption,
    IgnoreRobotsOption,
    OutOption,
    QuietProgressOption,
    QuietSummaryOption,
    RetriesOption,
    RewriteHostOption,
    RunIdArg,
    TimeoutOption,
    _crawl_settings,
    _rewrites,
)
from oitcrawl.cli.outputs import _finish
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.i18n import tr


@app.command(rich_help_panel=PANEL_AUDITOR)
def runs(
    db: DbOption = DEFAULT_DB,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the runs as one JSON array instead.")
    ] = False,
) -> None:
    """List the runs in an evidence database."""
    store = _open_store(db)
    rows = store.list_runs()
    if as_json:
        import json

        sys.stdout.write(json.dumps(rows, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    from oitcrawl.i18n import pick
    from oitcrawl.thaidate import parse_iso_date, short_en, short_th

    table = Table()
    for th, en in (("รหัสการตรวจ", "id"), ("หน่วยงาน", "agency"), ("ปีงบประมาณ", "fiscal year"),
                   ("ข้อมูล ณ", "as of"), ("สถานะ", "status"), ("จำนวนที่เปิด", "fetches")):  # fmt: skip
        table.add_column(tr(th, en))
    # a run id is never cut or wrapped, whatever the width (`runs | cat` is 80 columns)
    for column in (table.columns[0], table.columns[4]):
        column.no_wrap = True
    table.columns[0].min_width = max((len(r["id"]) for r in rows), default=0)
    for r in rows:
        day = parse_iso_date(r["as_of"])
        as_of = pick(short_th(day), short_en(day)) if day else str(r["as_of"])
        table.add_row(
            r["id"], r["agency"], str(r["fiscal_year"]), as_of, r["status"], str(r["fetches"])
        )
    wide_out().print(table)


@app.command("archive", rich_help_panel=PANEL_AUDITOR)
def archive_cmd(
    run_id: RunIdArg,
    db: DbOption = DEFAULT_DB,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Archive file, .wacz or .warc.gz (default RUN_ID.wacz)."),
    ] = None,
) -> None:
    """Write the evidence archive (WACZ/WARC) of a stored run: every fetch with its status,
    headers, body and outcome; later reports of the run point at its records."""
    from oitcrawl.history.archive import write_archive

    path = _archive_path(out_file or Path(f"{run_id}.wacz"))
    store = _open_store(db)
    run = store.get_run(run_id)
    if run.status != "completed":
        err.print(
            f"[yellow]run {run.id}: {run.status}[/] — "
            + tr("เก็บเฉพาะส่วนที่ดึงมาแล้ว", "archiving what was stored so far")
        )
    summary = write_archive(store, run_id, path)  # type: ignore[arg-type]
    out.print(
        f"{tr('เก็บหลักฐาน', 'archived')}: {summary.fetches} fetches ({summary.responses} "
        "responses), "
        f"{summary.records} WARC records, {summary.bytes:,} bytes → {summary.path}",
        highlight=False,
    )


@app.command(rich_help_panel=PANEL_AUDITOR)
def replay(
    archive: Annotated[
        Path, typer.Argument(help="An archive written by oitcrawl (.wacz/.warc.gz).")
    ],
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write the outputs.")
    ] = Path("oitcrawl-replay"),
    db: Annotated[
        Path | None,
        typer.Option("--db", help="A new evidence database (default OUT/evidence.sqlite)."),
    ] = None,
    quiet: QuietSummaryOption = False,
) -> None:
    """Load an evidence archive into a fresh store and extract, evaluate and report it with no
    network: the report as it was on the day of the crawl."""
    from oitcrawl.evaluate import evaluate_run
    from oitcrawl.extract.run import extract_run
    from oitcrawl.history.archive import ArchiveError, check_archive, replay_archive
    from oitcrawl.reports import record_outputs
    from oitcrawl.store import Store

    try:
        check_archive(archive)  # before anything is written
        _check_out_dir(out_dir)
        store = Store(db or out_dir / "evidence.sqlite")
        loaded = replay_archive(archive, store)
    except ArchiveError as exc:
        raise BadInput(str(exc)) from exc
    extract_run(store, loaded.run_id)
    outputs = record_outputs(store, evaluate_run(store, store.get_run(loaded.run_id)), out_dir)
    if not quiet:
        out.print(
            f"{tr('เล่นซ้ำจากไฟล์เก็บหลักฐาน', 'replayed from')} {archive}: run {loaded.run_id}, "
            f"{loaded.fetches} fetches, {loaded.bodies} bodies (no network)",
            highlight=False,
        )
    _finish(outputs.report, outputs.paths(), quiet, None)


@app.command(rich_help_panel=PANEL_AUDITOR)
def batch(
    agencies: Annotated[
        Path,
        typer.Argument(
            help="AGENCIES.csv (agency, website, framework, fiscal_year and a column per item "
            "or a 'submission' column with a file path) or a folder of submission files."
        ),
    ],
    out_dir: OutOption = Path("oitcrawl-batch"),
    db: DbOption = DEFAULT_DB,
    as_of: Annotated[
        str | None,
        typer.Option(help="Assessment date YYYY-MM-DD (default: each file's, or today)."),
    ] = None,
    rewrite_host: RewriteHostOption = None,
    depth: DepthOption = CrawlSettings.max_depth,
    delay: DelayOption = CrawlSettings.delay_s,
    concurrency: ConcurrencyOption = CrawlSettings.concurrency_per_host,
    total_concurrency: Annotated[
        int, typer.Option(help="Parallel requests in all (many hosts at once; at most 32).")
    ] = 32,
    timeout: TimeoutOption = CrawlSettings.timeout_s,
    retries: RetriesOption = CrawlSettings.retries,
    backoff: BackoffOption = CrawlSettings.backoff_s,
    ignore_robots: IgnoreRobotsOption = False,
    autothrottle: AutothrottleOption = True,
    fresh: FreshRunsOption = False,
    allow_private: AllowPrivateOption = False,
    fresh_for: FreshForOption = BATCH_FRESH_FOR,
    fail_under: FailUnderOption = None,
    quiet: QuietProgressOption = False,
) -> None:
    """Check many agencies in one polite crawl (agencies on one host share its limits), write
    each agency's outputs to OUT/<agency>/ and the index OUT/batch.json. A bad row is reported
    and skipped; Ctrl-C keeps everything and the same command resumes."""
    from rich.markup import escape
    from rich.table import Table

    from oitcrawl.crawl.health import write_status
    from oitcrawl.jobs.batch import run_batch
    from oitcrawl.submission.batch import BatchError, load_batch

    _check_scores(None, None, fail_under)
    _check_workers()
    try:
        loaded = load_batch(agencies)
    except BatchError as exc:
        raise BadInput(str(exc)) from exc
    for problem in loaded.problems:
        err.print(
            f"[yellow]{tr('ข้ามแถวที่ไม่ถูกต้อง', 'skipped')}[/]: {escape(problem.render())}",
            highlight=False,
            soft_wrap=True,  # one problem per line, whatever the terminal width
        )
    if not loaded.entries:
        raise BadInput(f"{agencies}: ไม่มีแถวที่ใช้ได้ / no valid row to check")
    batch_as_of = _parse_date(as_of, "--as-of")
    batch_rewrites = _rewrites(rewrite_host)
    for entry in loaded.entries:
        try:
            _check_as_of(entry.submission, batch_as_of)
        except BadInput as exc:
            raise BadInput(f"{entry.source}: {exc}") from None
        _warn_caps(entry.submission)
    _check_out_dir(out_dir)
    _check_db_target(db)
    settings = _crawl_settings(
        depth=depth,
        delay=delay,
        concurrency=concurrency,
        total_concurrency=total_concurrency,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        ignore_robots=ignore_robots,
        autothrottle=autothrottle,
        allow_private=allow_private,
        fresh_for=fresh_for,
    )
    result = run_batch(
        loaded.entries,
        loaded.problems,
        out_dir,
        db,
        settings,
        batch_rewrites,
        batch_as_of,
        quiet,
        fresh,
        str(agencies),
        fail_under,
    )
    index = result.index
    if result.interrupted:
        err.print(
            f"[yellow]{tr('หยุดกลางคัน', 'interrupted')}[/]: "
            f"{len(index['agencies'])} run(s) kept in {db}; run the same command again to resume.",
            soft_wrap=True,
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    rows = index["agencies"]
    unhealthy = [a["slug"] for a in rows if a.get("unhealthy")]
    below = [a["slug"] for a in rows if a.get("state") == "below_threshold"]
    failed = [a["slug"] for a in rows if a["status"] == "failed"]
    if not quiet:
        table = Table()
        for col in ("agency", "run", "OIT", "rating", "state"):
            table.add_column(col)
        for a in rows:
            oit = "—" if a.get("oit") is None else f"{a['oit']:.2f}"
            table.add_row(a["agency"], a["run_id"], oit, a.get("rating") or "—",
                          a.get("state") or a["status"])  # fmt: skip
        out.print(table)
        if reused := sum(a.get("from_cache") or 0 for a in rows):
            out.print(
                tr(
                    f"  {reused:,} URL ไม่ได้ขอใหม่: ใช้สำเนาที่เก็บไว้ซึ่งยังใหม่ตาม HTTP caching "
                    "(--fresh-for 0 ขอใหม่ทุก URL)",
                    f"  {reused:,} URLs not requested again: stored copies still fresh under "
                    "HTTP caching (--fresh-for 0 asks for every URL)",
                ),
                highlight=False,
            )
        out.print(f"  {out_dir / 'batch.json'}", highlight=False)
    code = EXIT_OK
    state = "ok"
    if failed:
        code, state = EXIT_INTERNAL, "failed"
    elif unhealthy:
        code, state = EXIT_UNHEALTHY, "crawl_unhealthy"
    elif below:
        code, state = EXIT_BELOW, "below_threshold"
    elif loaded.problems:
        code, state = EXIT_BAD_INPUT, "rows_skipped"
    status = {
        "schema": "oitcrawl/batch-status@1",
        "state": state,
        "exit_code": code,
        "agencies": len(rows),
        "completed": sum(1 for a in rows if a["status"] == "completed"),
        "failed": failed,
        "unhealthy": unhealthy,
        "below_threshold": below,
        "rows_skipped": len({(p.source, p.row) for p in loaded.problems}),
        "index": str(out_dir / "batch.json"),
    }
    sys.stdout.write(write_status(status, out_dir / "status.json") + "\n")
    sys.stdout.flush()
    if code != EXIT_OK:
        raise typer.Exit(code)


@app.command(rich_help_panel=PANEL_AUDITOR)
def diff(
    runs_: Annotated[
        list[str] | None, typer.Argument(metavar="[RUN_A RUN_B]", help="Two run ids, older first.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    agency: Annotated[
        str | None, typer.Option(help="With --last 2: only this agency (its name).")
    ] = None,
    last: Annotated[
        int | None, typer.Option(help="2: compare each agency's two latest evaluated runs.")
    ] = None,
    json_path: Annotated[
        Path | None, typer.Option("--json", help="Also write the diff@1 JSON here.")
    ] = None,
    html_path: Annotated[
        Path | None, typer.Option("--html", help="Also write the HTML page here.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No terminal text.")] = False,
) -> None:
    """What changed between two runs, per agency and item: status and score changes, new or
    vanished findings, documents added/removed/changed."""
    from oitcrawl.history import HistoryError, diff_last, diff_runs
    from oitcrawl.reports.diff import print_diff, write_diff_html, write_diff_json

    store = _open_store(db)
    try:
        if runs_ and (last is not None or agency is not None):
            raise HistoryError("give either two run ids, or --last 2 [--agency NAME], not both")
        if runs_:
            if len(runs_) != 2:
                raise HistoryError(
                    f"ต้องระบุ 2 รหัสการตรวจ / give two run ids (got {len(runs_)}); "
                    "`oitcrawl runs` lists them"
                )
            result = diff_runs(store, runs_[0], runs_[1])
        elif last is not None:
            result = diff_last(store, agency, last)
        else:
            raise HistoryError("give two run ids (RUN_A RUN_B), or --last 2 [--agency NAME]")
    except HistoryError as exc:
        raise BadInput(str(exc)) from None
    if not quiet:
        print_diff(result, out)
    for path, write in ((json_path, write_diff_json), (html_path, write_diff_html)):
        if path is not None:
            write(result, path)
            out.print(f"  {path}", highlight=False)


@app.command(rich_help_panel=PANEL_AUDITOR)
def summary(
    db: DbOption = DEFAULT_DB,
    out_dir: Annotated[
        Path, typer.Option("--out", "-o", help="Where to write summary.html/.csv/.xlsx.")
    ] = Path("oitcrawl-summary"),
    agency: Annotated[
        list[str] | None, typer.Option(help="Only this agency (repeatable); default all.")
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No terminal table.")] = False,
) -> None:
    """Overview across agencies (each agency's latest evaluated run): items × status, OIT
    score and rating, failing items per agency, items failing most often."""
    from oitcrawl.reports.summary import SummaryError, build_summary, print_summary, write_all

    store = _open_store(db)
    _check_out_dir(out_dir)
    try:
        data = build_summary(store, agency or None)
    except SummaryError as exc:
        raise BadInput(str(exc)) from None
    paths = write_all(data, out_dir)
    if not quiet:
        print_summary(data, out)
    for path in paths:
        out.print(f"  {path}", highlight=False)


@app.command(rich_help_panel=PANEL_AUDITOR)
def serve(
    db: DbOption = DEFAULT_DB,
    port: Annotated[int, typer.Option(help="TCP port on 127.0.0.1 (0: any free port).")] = 8001,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """Browse the evidence store in Datasette, read-only (immutable), with canned queries:
    failing items by agency, documents not machine readable, changes since the last run."""
    from oitcrawl.tools.serve import ServeError, serve_store

    store = _open_store(db)
    try:
        code = serve_store(store, host=host, port=port)
    except ServeError as exc:
        raise BadInput(str(exc)) from None
    raise typer.Exit(code)
