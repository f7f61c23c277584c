"""Check and report: `check`, `demo`, `review`, `evaluate`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from oitcrawl.cli.application import PANEL_CHECK, app
from oitcrawl.cli.checks import (
    _archive_path,
    _check_as_of,
    _check_db_target,
    _check_out_dir,
    _check_scores,
    _check_since,
    _check_workers,
    _open_store,
    _parse_date,
    _warn_caps,
)
from oitcrawl.cli.console import err, escape_markup, out
from oitcrawl.cli.errors import EXIT_INTERRUPTED, BadInput
from oitcrawl.cli.options import (
    DEFAULT_DB,
    DEMO_OUT,
    NO_FRESH_FOR,
    AllowPrivateOption,
    AsOfOption,
    BackoffOption,
    ConcurrencyOption,
    DbOption,
    DelayOption,
    DepthOption,
    EitOption,
    FailUnderOption,
    FreshForOption,
    IgnoreRobotsOption,
    IitOption,
    LegacyTlsOption,
    MaxBytesOption,
    MaxPagesOption,
    MaxTotalBytesOption,
    OutOption,
    QuietProgressOption,
    QuietSummaryOption,
    RetriesOption,
    RewriteHostOption,
    RunIdArg,
    SinceOption,
    TimeoutOption,
    _crawl_settings,
    _rewrites,
)
from oitcrawl.cli.outputs import _finish, _print_decision_counts
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.i18n import tr

if TYPE_CHECKING:
    from oitcrawl.crawl.urls import HostRewrite
    from oitcrawl.submission import Submission


@app.command(rich_help_panel=PANEL_CHECK)
def check(
    submission: Annotated[Path, typer.Argument(help="Submission file (YAML or JSON).")],
    out_dir: OutOption = Path("oitcrawl-out"),
    db: DbOption = DEFAULT_DB,
    as_of: AsOfOption = None,
    rewrite_host: RewriteHostOption = None,
    depth: DepthOption = CrawlSettings.max_depth,
    delay: DelayOption = CrawlSettings.delay_s,
    concurrency: ConcurrencyOption = CrawlSettings.concurrency_per_host,
    timeout: TimeoutOption = CrawlSettings.timeout_s,
    retries: RetriesOption = CrawlSettings.retries,
    backoff: BackoffOption = CrawlSettings.backoff_s,
    max_bytes: MaxBytesOption = CrawlSettings.max_bytes,
    ignore_robots: IgnoreRobotsOption = False,
    fresh: Annotated[bool, typer.Option(help="Start a new run instead of resuming.")] = False,
    allow_private: AllowPrivateOption = False,
    legacy_tls: LegacyTlsOption = False,
    max_pages: MaxPagesOption = CrawlSettings.max_pages,
    max_total_bytes: MaxTotalBytesOption = CrawlSettings.max_total_bytes,
    fresh_for: FreshForOption = NO_FRESH_FOR,
    iit: IitOption = None,
    eit: EitOption = None,
    fail_under: FailUnderOption = None,
    since: SinceOption = None,
    archive: Annotated[
        bool,
        typer.Option(
            "--archive",
            help="Also write the evidence archive OUT/evidence.wacz (WARC records of every "
            "fetch; findings point at them; `oitcrawl replay` evaluates it offline).",
        ),
    ] = False,
    archive_to: Annotated[
        Path | None,
        typer.Option("--archive-to", help="Write the evidence archive here (.wacz or .warc.gz)."),
    ] = None,
    quiet: QuietProgressOption = False,
) -> None:
    """Crawl a submission's URLs, store and extract the evidence, apply the OIT rules, and
    write report.json, report.html and suggestions.csv/.xlsx."""
    from oitcrawl.submission import load_submission

    _check_scores(iit, eit, fail_under)
    _check_workers()
    archive_path = _archive_path(archive_to or (out_dir / "evidence.wacz" if archive else None))
    sub = load_submission(submission)
    when = _parse_date(as_of, "--as-of")
    _check_as_of(sub, when)
    rewrites = _rewrites(rewrite_host)
    if since:
        _check_since(db, since, sub.agency, sub.website)
    settings = _crawl_settings(
        depth=depth,
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        retries=retries,
        backoff=backoff,
        max_bytes=max_bytes,
        ignore_robots=ignore_robots,
        allow_private=allow_private,
        legacy_tls=legacy_tls,
        max_pages=max_pages,
        max_total_bytes=max_total_bytes,
        fresh_for=fresh_for,
    )
    _check_out_dir(out_dir)
    if archive_path is not None:
        _check_out_dir(archive_path.parent, "--archive-to")
    _check_db_target(db)
    _warn_caps(sub)
    _run(
        sub,
        out_dir,
        db,
        settings,
        rewrites,
        when,
        quiet,
        fresh,
        (iit, eit),
        fail_under,
        since,
        archive_path,
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
    since: str | None = None,
    archive: Path | None = None,
) -> None:
    from oitcrawl.history import HistoryError
    from oitcrawl.jobs.check import run_check

    try:
        result = run_check(
            sub, out_dir, db, settings, rewrites, as_of, quiet, fresh, *ita, since=since,
            archive=archive,
        )  # fmt: skip
    except HistoryError as exc:  # --since names the run being resumed: the crawl is kept
        raise BadInput(str(exc)) from None
    run = result.run
    if result.outputs is None:
        err.print(
            f"[yellow]{tr('หยุดกลางคัน', 'interrupted')}[/]: "
            + tr(
                f"เก็บการตรวจ {run.id} ไว้ใน {db} แล้ว สั่งคำสั่งเดิมอีกครั้งเพื่อทำต่อ",
                f"run {run.id} kept in {db}; run the same command again to resume.",
            )
        )
        raise typer.Exit(EXIT_INTERRUPTED)
    _finish(result.outputs.report, result.outputs.paths(), quiet, fail_under)


@app.command(rich_help_panel=PANEL_CHECK)
def demo(
    out_dir: OutOption = DEMO_OUT,
    quiet: QuietProgressOption = False,
) -> None:
    """Serve the bundled sample district site on 127.0.0.1 and check it."""
    from importlib import resources

    from oitcrawl.sample_site.server import serve
    from oitcrawl.submission import load_submission

    _check_workers()
    sub_ref = resources.files("oitcrawl.sample_site") / "submission.yaml"
    with resources.as_file(sub_ref) as sub_path:
        sub = load_submission(sub_path)
    with serve() as site:
        if not quiet:
            out.print(f"{tr('เว็บไซต์ตัวอย่าง', 'sample site')}: {site.base_url}")
        settings = CrawlSettings(delay_s=0.0, concurrency_per_host=4, timeout_s=10.0, retries=1,
                                 backoff_s=0.2, autothrottle=False, allow_private=True)  # fmt: skip
        rewrites = _rewrites(site.rewrite_rules())
        _run(sub, out_dir, out_dir / "evidence.sqlite", settings, rewrites, None, quiet, True)


@app.command(rich_help_panel=PANEL_CHECK)
def review(
    run_id: RunIdArg,
    db: DbOption = DEFAULT_DB,
    item: Annotated[
        str | None, typer.Option("--item", help="The item decided on, e.g. O14.")
    ] = None,
    accept: Annotated[bool, typer.Option("--accept", help="The item passes.")] = False,
    reject: Annotated[bool, typer.Option("--reject", help="The item fails.")] = False,
    not_applicable: Annotated[
        bool, typer.Option("--not-applicable", help="The item leaves the score.")
    ] = False,
    dismiss: Annotated[
        str | None,
        typer.Option("--dismiss", metavar="KEY", help="Dismiss one finding (its key as listed)."),
    ] = None,
    reason: Annotated[str | None, typer.Option("--reason", help="Why (required).")] = None,
    by: Annotated[
        str | None,
        typer.Option("--by", help="Who decides (default $OITCRAWL_REVIEWER, else your login)."),
    ] = None,
    this_run_only: Annotated[
        bool, typer.Option("--this-run-only", help="Only for this run, not later runs.")
    ] = False,
    import_file: Annotated[
        Path | None, typer.Option("--import", help="Record the decisions of a reviewer file.")
    ] = None,
    export_file: Annotated[
        Path | None,
        typer.Option("--export", help="Write this agency's decisions as a reviewer file."),
    ] = None,
    ticks_file: Annotated[
        Path | None,
        typer.Option(
            "--import-ticks",
            help="Keep the ticks of report.html's checklist export (checklist-RUN_ID.csv).",
        ),
    ] = None,
    out_dir: Annotated[
        Path | None, typer.Option("--out", "-o", help="Rewrite the run's outputs here after.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the list as JSON.")] = False,
) -> None:
    """What needs a person in a run (items in review, failing items, unsure passes, with the
    agency's explanation), and recording decisions: --item O14 --accept --reason "…"."""
    from oitcrawl.evaluate import decisions as D
    from oitcrawl.evaluate import evaluate_run
    from oitcrawl.evaluate.documents import load_documents
    from oitcrawl.framework import load_framework

    store = _open_store(db)
    run = store.get_run(run_id)
    flags = (("accept", accept), ("reject", reject), ("not_applicable", not_applicable),
             ("dismiss", dismiss is not None))  # fmt: skip
    chosen = [flag for flag, on in flags if on]
    if len(chosen) > 1:
        raise BadInput("--accept, --reject, --not-applicable, --dismiss: choose one")
    if out_dir is not None:
        _check_out_dir(out_dir)
    wanted: list[D.DecisionIn] = []
    source = "cli"
    if chosen:
        if not item:
            raise BadInput(f"--{chosen[0].replace('_', '-')}: say which item with --item O14")
        if not reason or not reason.strip():
            raise BadInput("--reason is required: say why, the report shows it to the assessor")
        who = by or _reviewer()
        try:
            wanted.append(
                D.DecisionIn(
                    item=item.strip().upper(), decision=chosen[0], reason=reason, by=who,
                    scope="run" if this_run_only else "all", finding=dismiss,
                )
            )  # fmt: skip
        except ValueError as exc:
            raise BadInput(f"--item/--reason/--by: {_first_error(exc)}") from None
    elif item or reason:
        raise BadInput(
            "--item and --reason go with --accept, --reject, --not-applicable or --dismiss"
        )
    if import_file is not None:
        try:
            wanted += D.load_decisions_file(import_file, load_framework(run.framework).items)
        except D.DecisionError as exc:
            raise BadInput(str(exc)) from None
        source = import_file.name
    if ticks_file is not None:
        try:
            wanted += D.ticks_from_checklist_csv(ticks_file, by or _reviewer())
        except D.DecisionError as exc:
            raise BadInput(str(exc)) from None
        source = ticks_file.name
    if wanted:
        docs = load_documents(store, run).by_item
        try:
            recorded = D.record_decisions(store, run, wanted, docs, source)
        except D.DecisionError as exc:
            raise BadInput(str(exc)) from None
        for d in recorded:
            what = d.finding if d.decision == "dismiss" else d.item
            err.print(tr(f"บันทึกคำตัดสิน {d.decision} {what} โดย {d.by}",
                         f"recorded {d.decision} {what} by {d.by}"))  # fmt: skip
    if export_file is not None:
        export_file.write_text(D.decisions_to_yaml(D.all_decisions(store, run)), encoding="utf-8")
        err.print(tr(f"เขียนไฟล์คำตัดสินที่ {export_file}", f"reviewer file written: {export_file}"))
    ev = evaluate_run(store, run)
    if out_dir is not None:
        from oitcrawl.reports import record_outputs

        outputs = record_outputs(store, ev, out_dir, None)
        _finish(outputs.report, outputs.paths(), True, None)
        return
    _print_decision_counts(
        {"applied": len(ev.decisions.applied), "stale": [o.to_dict() for o in ev.decisions.stale]}
    )
    if wanted or export_file is not None:
        return
    _print_review(ev, as_json)


def _reviewer() -> str:
    import getpass
    import os

    try:
        return os.environ.get("OITCRAWL_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        raise BadInput("--by: say who decides (no login name found)") from None


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        e = errors()[0]
        field = ".".join(str(k) for k in e["loc"]) or "decision"
        return f"{field}: {e['msg'].removeprefix('Value error, ')}"
    return str(exc)


def _print_review(ev: Any, as_json: bool) -> None:
    from oitcrawl.evaluate.review import review_rows
    from oitcrawl.i18n import pick

    rows = review_rows(ev)
    if as_json:
        import json

        sys.stdout.write(json.dumps([r.to_dict() for r in rows], ensure_ascii=False) + "\n")
        return
    why_th = {"review": "ต้องตรวจสอบ", "fail": "ไม่ผ่าน", "low_confidence": "ผ่านแบบไม่แน่ใจ"}
    if not rows:
        out.print(tr("ไม่มีข้อที่ต้องให้คนตรวจ", "nothing needs a person"))
    for r in rows:
        out.print(f"[bold]{r.item}[/] {pick(r.title_th, r.title_en)} — "
                  f"{tr(why_th[r.why], r.why.replace('_', ' '))} ({r.unit})")  # fmt: skip
        if r.decision:
            d = r.decision
            out.print(f"  {tr('คำตัดสิน', 'decision')}: {d['decision']} — {d['reason']} ({d['by']})")
        if r.note:
            out.print(f"  {tr('คำอธิบายของหน่วยงาน', 'agency explanation')}: {escape_markup(r.note)}")
        for f in r.findings:
            mark = tr(" (ยกเลิกแล้ว)", " (dismissed)") if f["dismissed"] else ""
            out.print(f"  • {f['code']} {f['severity']}{mark}: "
                      f"{escape_markup(pick(f['message_th'], f['message_en']))}")  # fmt: skip
            out.print(f"    key: {escape_markup(f['key'])}", soft_wrap=True)
        for w in r.weak:
            how = tr("อ่านด้วย OCR", "read by OCR") if w["ocr"] else w["role"]
            out.print(f"  ? {w['element']} ({how}): {escape_markup(w['excerpt'])} {w['url']}")
    out.print(tr(
        f'ตัดสิน: oitcrawl review {ev.run.id} --item O14 --accept --reason "…"',
        f'decide: oitcrawl review {ev.run.id} --item O14 --accept --reason "…"',
    ))  # fmt: skip


@app.command(rich_help_panel=PANEL_CHECK)
def evaluate(
    run_id: RunIdArg,
    db: DbOption = DEFAULT_DB,
    out_dir: OutOption = Path("oitcrawl-out"),
    items: Annotated[
        str | None,
        typer.Option(help="Only these items, comma-separated (e.g. O6,O20): contested items."),
    ] = None,
    iit: IitOption = None,
    eit: EitOption = None,
    fail_under: FailUnderOption = None,
    since: SinceOption = None,
    quiet: QuietSummaryOption = False,
) -> None:
    """Re-run the OIT rules on a stored run (no network) and rewrite the outputs: check a
    corrected rules file in seconds."""
    from oitcrawl.evaluate import EvaluationError, evaluate_run
    from oitcrawl.reports import record_outputs

    _check_scores(iit, eit, fail_under)
    store = _open_store(db)
    run = store.get_run(run_id)
    _check_out_dir(out_dir)
    if since:
        _check_since(db, since, run.agency, run.website, run.id)
    if run.status not in ("completed",):
        err.print(
            f"[yellow]run {run.id}: {run.status}[/] — "
            + tr(
                "ประเมินเฉพาะที่เก็บไว้แล้ว สั่ง `check` คำสั่งเดิมให้เสร็จเพื่อผลที่ครบ",
                "evaluating what was stored so far; finish it with the same `check` command "
                "for a complete result.",
            )
        )
    wanted = None
    if items is not None:
        wanted = [i.strip().upper() for i in items.split(",") if i.strip()]
    if wanted == []:  # `--items ""` must not silently mean "every item"
        raise BadInput(
            "--items: " + tr("ไม่ได้ระบุข้อ เช่น --items O6,O20", "no item given, e.g. --items O6,O20")
        )
    try:
        ev = evaluate_run(store, run, wanted, iit, eit)
    except EvaluationError as exc:
        raise BadInput(str(exc)) from exc
    outputs = record_outputs(store, ev, out_dir, since)
    _finish(outputs.report, outputs.paths(), quiet, fail_under)
