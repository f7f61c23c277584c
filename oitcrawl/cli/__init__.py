"""The `oitcrawl` command line (typer).

Exit status: 0 the run completed, 1 internal failure, 2 bad input (nothing written),
3 the OIT score is below --fail-under, 4 the crawl was unhealthy (at least 90 % of the
fetches failed with network or server errors: the site was down, the score means nothing),
130 interrupted with Ctrl-C (run the same command again to resume).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import sqlite3
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from oitcrawl import __version__
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.crawl.urls import HostRewrite, RewriteError
from oitcrawl.framework import FrameworkError
from oitcrawl.i18n import LangError, set_lang, tr
from oitcrawl.store import Store, StoreError
from oitcrawl.submission import Submission, SubmissionError, load_submission

# the command groups of `oitcrawl --help` (issue 14)
PANEL_CHECK = "ตรวจและรายงาน / Check and report"
PANEL_AUDITOR = "ผู้ตรวจหลายหน่วยงาน / Auditor"
PANEL_DISTRIBUTED = "ตรวจแบบกระจาย / Distributed"
PANEL_TOOLS = "เครื่องมือ / Tools"

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
EXIT_UNHEALTHY = 4
EXIT_TERMINATED = 143  # SIGTERM (128 + 15)
DEFAULT_DB = Path("oitcrawl-data/evidence.sqlite")
DEMO_OUT = Path("oitcrawl-demo")  # where `oitcrawl demo` writes its outputs and store
ITAP_MAX_BYTES = 20 * 1024 * 1024  # an ITA result document is a few hundred KB


class BadInput(Exception):
    """A user mistake: printed without a traceback, exit status 2."""


# every exception that means "the user gave something wrong": one message, exit 2
BAD_INPUT_ERRORS: tuple[type[Exception], ...] = (
    SubmissionError, RewriteError, FrameworkError, StoreError, BadInput, LangError,
)  # fmt: skip


def _parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise BadInput(
            f"{option} {value!r}: "
            + tr(
                "ต้องเป็นวันที่ YYYY-MM-DD แบบ ค.ศ. เช่น 2023-04-30",
                "expected a date YYYY-MM-DD (CE), e.g. 2023-04-30",
            )
        ) from None


def _rewrites(values: list[str] | None) -> tuple[HostRewrite, ...]:
    """Parse `--rewrite-host FROM=TO` values; a target that cannot be connected to (no host,
    a port outside 1-65535, a path) is bad input, not a crawl of failed fetches."""
    rules = tuple(HostRewrite.parse(v) for v in values or [])
    for rule, spec in zip(rules, values or [], strict=True):
        if why := _rewrite_target_problem(rule.target):
            raise BadInput(
                f"--rewrite-host {spec!r}: "
                + tr(f"ปลายทางไม่ถูกต้อง ({why})", f"invalid target ({why})")
                + "; e.g. webportal.bangkok.go.th=127.0.0.1:8080"
            )
    return rules


def _rewrite_target_problem(target: str) -> str | None:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(f"http://{target}")
        port = parts.port
    except ValueError as exc:
        return str(exc)
    if not parts.hostname or any(c.isspace() for c in target) or parts.path or parts.query:
        return "expected HOST or HOST:PORT"
    if port is not None and not 1 <= port <= 65535:
        return "port out of range 1-65535"
    return None


def _check_out_dir(path: Path, option: str = "--out") -> None:
    """Make sure the output folder can be written before anything is crawled or stored,
    without creating it: the folder (or, when it does not exist yet, its nearest existing
    parent) must be a folder where a probe file can be created. Raises BadInput."""
    import os
    import tempfile

    if path.exists() and not path.is_dir():
        raise BadInput(
            f"{option} {path}: "
            + tr("เป็นไฟล์ ไม่ใช่โฟลเดอร์", "is a file, not a folder")
            + "; "
            + tr("ระบุโฟลเดอร์สำหรับผลลัพธ์", "give a folder for the outputs")
        )
    base = path.absolute()
    while not base.exists() and base != base.parent:
        base = base.parent
    try:
        if not base.is_dir():
            raise NotADirectoryError(20, "Not a directory", str(base))
        fd, probe = tempfile.mkstemp(prefix=".oitcrawl-probe-", dir=base)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise BadInput(
            f"{option} {path}: "
            + tr("เขียนไฟล์ในโฟลเดอร์นี้ไม่ได้", "cannot write in this folder")
            + f" ({exc.strerror or exc}); "
            + tr("ระบุโฟลเดอร์อื่น", "give another folder")
        ) from None


def _check_as_of(sub: Submission, as_of: dt.date | None) -> None:
    """The assessment date actually used (--as-of, else the file's, else today) must fall in
    or after the submission's fiscal year. Raises BadInput."""
    from oitcrawl.submission import check_as_of

    when = as_of or sub.as_of or dt.date.today()
    if why := check_as_of(when, sub.fiscal_year):
        source = "--as-of" if as_of else ("as_of" if sub.as_of else tr("วันนี้", "today"))
        raise BadInput(f"{source}: {why}")


def _warn_caps(sub: Submission) -> None:
    for message in sub.cap_warnings():
        err.print(f"[yellow]{tr('คำเตือน', 'warning')}[/]: {message}", highlight=False,
                  soft_wrap=True, markup=True)  # fmt: skip


DbOption = Annotated[
    Path, typer.Option("--db", help="ฐานข้อมูลหลักฐาน / evidence database (blobs are kept beside it).")
]
OutOption = Annotated[
    Path, typer.Option("--out", "-o", help="โฟลเดอร์ผลลัพธ์ / where to write the outputs.")
]
IitOption = Annotated[
    float | None,
    typer.Option("--iit", help="คะแนน IIT 0-100 / IIT score, for the ITA total (with --eit)."),
]
EitOption = Annotated[
    float | None,
    typer.Option("--eit", help="คะแนน EIT 0-100 / EIT score, for the ITA total (with --iit)."),
]
FailUnderOption = Annotated[
    float | None,
    typer.Option(
        "--fail-under",
        help="ออกด้วยรหัส 3 เมื่อคะแนน OIT ต่ำกว่านี้ / exit 3 when the OIT score is below this.",
    ),
]
RewriteHostOption = Annotated[
    list[str] | None,
    typer.Option(
        "--rewrite-host",
        help="ดึงโฮสต์ FROM จาก TO / FROM=TO: fetch host FROM from TO (host:port, plain "
        "HTTP) — replay a real submission against a local copy. Repeatable.",
    ),
]
DepthOption = Annotated[
    int, typer.Option(help="ความลึกของหน้าที่ตามลิงก์ / main-website pages followed from a page.")
]
DelayOption = Annotated[
    float, typer.Option(help="วินาทีระหว่างคำขอ / seconds between requests to one host.")
]
TimeoutOption = Annotated[
    float, typer.Option(help="วินาทีที่รอคำตอบ / seconds before a request times out.")
]
RetriesOption = Annotated[
    int, typer.Option(help="จำนวนครั้งที่ลองใหม่ / retries for timeouts, 5xx and 429.")
]
BackoffOption = Annotated[
    float, typer.Option(help="วินาทีก่อนลองใหม่ / first retry delay in seconds (doubles).")
]
IgnoreRobotsOption = Annotated[
    bool, typer.Option(help="ไม่ใช้ robots.txt / ignore robots.txt (an agency's own pre-check only).")
]
AllowPrivateOption = Annotated[
    bool,
    typer.Option(
        "--allow-private",
        help="อนุญาตที่อยู่เครือข่ายภายใน / allow URLs that resolve to loopback/private/"
        "link-local addresses (local testing only; refused by default).",
    ),
]
LegacyTlsOption = Annotated[
    bool,
    typer.Option(
        "--legacy-tls",
        help="ใช้ TLS รุ่นเก่า / also speak TLS 1.0/1.1 and weak ciphers to old servers (off "
        "by default; recorded in the run).",
    ),
]
MaxPagesOption = Annotated[
    int, typer.Option(help="จำนวนหน้าสูงสุด / page budget: fetches per agency.")
]
_SIZE_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12,
               "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40, "k": 10**3, "m": 10**6,
               "g": 10**9}  # fmt: skip


def parse_size(value: str | int) -> int:
    """A size in bytes from "50MB", "2 GiB", "1.5GB", "500k" or a plain number (issue 14:
    sizes accept units; KB/MB/GB are powers of 1000, KiB/MiB/GiB of 1024). Raises
    typer.BadParameter (exit 2) for anything else."""
    import re

    if isinstance(value, int):
        return value
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(value))
    unit = m.group(2).lower() if m else ""
    if not m or unit not in _SIZE_UNITS:
        raise typer.BadParameter(f"{value!r} is not a size; write e.g. 50MB, 2GiB or 1048576")
    return int(float(m.group(1)) * _SIZE_UNITS[unit])


MaxTotalBytesOption = Annotated[
    int,
    typer.Option(
        parser=parse_size,
        help="ขนาดข้อมูลสูงสุด / byte budget per agency (e.g. 2GiB).",
    ),
]
MaxBytesOption = Annotated[
    int, typer.Option(parser=parse_size, help="ขนาดไฟล์สูงสุด / largest response kept (e.g. 50MB).")
]


SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="เทียบกับการตรวจครั้งก่อน / an earlier run id of the same agency: mark each "
        "finding new / still open / fixed, with the date first seen.",
    ),
]


def _check_since(
    db: Path, run_id: str, agency: str, website: str, current: str | None = None
) -> None:
    from oitcrawl.history import HistoryError, check_since

    try:
        check_since(db, run_id, agency, website, current)
    except HistoryError as exc:
        raise BadInput(str(exc)) from None


# command-line option → CrawlSettings field, for the commands that crawl
_SETTING_OF_OPTION = {
    "depth": "max_depth", "delay": "delay_s", "concurrency": "concurrency_per_host",
    "total_concurrency": "concurrency_total", "timeout": "timeout_s", "retries": "retries",
    "backoff": "backoff_s", "max_bytes": "max_bytes", "allow_private": "allow_private",
    "legacy_tls": "legacy_tls", "max_pages": "max_pages", "max_total_bytes": "max_total_bytes",
    "autothrottle": "autothrottle",
}  # fmt: skip


def _crawl_settings(ignore_robots: bool = False, **options: Any) -> CrawlSettings:
    """CrawlSettings from a command's crawl options (named as on the command line), with the
    values the hard ceilings changed reported on stderr."""
    for name, value in options.items():
        _check_finite(f"--{name.replace('_', '-')}", value)
    fields = {_SETTING_OF_OPTION[name]: value for name, value in options.items()}
    settings = CrawlSettings(obey_robots=not ignore_robots, **fields)
    _warn_clamped(settings)
    return settings


def _check_finite(option: str, value: object) -> None:
    """`nan` and `inf` parse as floats but are no delay, timeout or budget. Raises BadInput."""
    import math

    if isinstance(value, float) and not math.isfinite(value):
        raise BadInput(f"{option} {value}: " + tr("ต้องเป็นตัวเลข", "must be a finite number"))


def _warn_clamped(settings: CrawlSettings) -> None:
    """Say which crawl settings the hard ceilings changed (CrawlSettings docstring)."""
    for name in settings.clamped:
        err.print(
            f"[yellow]{tr('ปรับค่าให้อยู่ในขอบเขตที่ปลอดภัย', 'clamped to its hard limit')}[/]: "
            f"{name} = {getattr(settings, name)}",
            highlight=False,
        )


def _check_scores(iit: float | None, eit: float | None, fail_under: float | None) -> None:
    if (iit is None) != (eit is None):
        raise BadInput(
            tr(
                "ต้องให้ --iit และ --eit คู่กัน หรือไม่ให้ทั้งสอง",
                "--iit and --eit go together: give both scores, or neither",
            )
        )
    for name, value in (("--iit", iit), ("--eit", eit), ("--fail-under", fail_under)):
        if value is not None and not 0 <= value <= 100:  # also false for nan
            raise BadInput(
                f"{name} {value}: " + tr("คะแนนอยู่ระหว่าง 0 ถึง 100", "a score is between 0 and 100")
            )


def _finish(report: dict, paths: list[Path], quiet: bool, fail_under: float | None) -> None:
    """Print the summary and where the outputs are, write status.json beside them and print
    it as the last stdout line; the last line on the terminal (stderr, unless `quiet`) says
    where report.html is; exit 4 for an unhealthy crawl, 3 below --fail-under."""
    from oitcrawl.crawl.health import run_state, status_line, write_status
    from oitcrawl.reports.terminal import print_summary

    if not quiet:
        print_summary(report, out)
        for path in paths:
            out.print(f"  {path}", highlight=False)
    _print_decision_counts(report.get("decisions"))
    state = run_state(report, fail_under)
    if paths:  # one machine-readable line for schedulers, also kept in status.json
        code = {"crawl_unhealthy": EXIT_UNHEALTHY, "below_threshold": EXIT_BELOW}.get(state, 0)
        line = write_status(status_line(report, state, code), paths[0].parent / "status.json")
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    html = next((p for p in paths if p.name == "report.html"), None)

    def where_the_report_is() -> None:
        """The human's last line (issue 14), after the status line of stdout."""
        if html is not None and not quiet:
            err.print(f"{tr('เปิดรายงานที่', 'open the report')}: {html.resolve()}", highlight=False)

    if state == "crawl_unhealthy":
        health = report["health"]
        err.print(
            f"[red]{tr('การดึงข้อมูลล้มเหลว', 'crawl unhealthy')}[/]: "
            f"{tr(health['reason_th'], health['reason_en'])}",
            highlight=False,
        )
        where_the_report_is()
        raise typer.Exit(EXIT_UNHEALTHY)
    oit = report["scores"]["oit"]
    if state == "below_threshold":
        err.print(
            f"[red]{tr(f'คะแนน OIT {oit} ต่ำกว่า', f'OIT score {oit} below')}[/] "
            f"--fail-under {fail_under}",
            highlight=False,
        )
        where_the_report_is()
        raise typer.Exit(EXIT_BELOW)
    where_the_report_is()


@app.command(rich_help_panel=PANEL_CHECK)
def check(
    submission: Annotated[Path, typer.Argument(help="Submission file (YAML or JSON).")],
    out_dir: OutOption = Path("oitcrawl-out"),
    db: DbOption = DEFAULT_DB,
    as_of: Annotated[
        str | None, typer.Option(help="Assessment date YYYY-MM-DD (default: the file's, or today).")
    ] = None,
    rewrite_host: RewriteHostOption = None,
    depth: DepthOption = 1,
    delay: DelayOption = 1.0,
    concurrency: Annotated[int, typer.Option(help="Parallel requests per host.")] = 2,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 2,
    backoff: BackoffOption = 2.0,
    max_bytes: MaxBytesOption = 50 * 1024 * 1024,
    ignore_robots: IgnoreRobotsOption = False,
    fresh: Annotated[bool, typer.Option(help="Start a new run instead of resuming.")] = False,
    allow_private: AllowPrivateOption = False,
    legacy_tls: LegacyTlsOption = False,
    max_pages: MaxPagesOption = CrawlSettings.max_pages,
    max_total_bytes: MaxTotalBytesOption = CrawlSettings.max_total_bytes,
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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Crawl a submission's URLs, store and extract the evidence, apply the OIT rules, and
    write report.json, report.html and suggestions.csv/.xlsx."""
    _check_scores(iit, eit, fail_under)
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
    from oitcrawl.check import run_check
    from oitcrawl.history import HistoryError

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
            out.print(f"{tr('เว็บไซต์ตัวอย่าง', 'sample site')}: {site.base_url}")
        settings = CrawlSettings(delay_s=0.0, concurrency_per_host=4, timeout_s=10.0, retries=1,
                                 backoff_s=0.2, autothrottle=False, allow_private=True)  # fmt: skip
        rewrites = _rewrites(site.rewrite_rules())
        _run(sub, out_dir, out_dir / "evidence.sqlite", settings, rewrites, None, quiet, True)


@app.command("import-itap", rich_help_panel=PANEL_TOOLS)
def import_itap(
    file: Annotated[Path, typer.Argument(help="ITA result document as text (seed 001 format).")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")
    ] = None,
    framework: Annotated[
        str | None,
        typer.Option(help="Framework of the submission (e.g. next year's); items are mapped."),
    ] = None,
    from_framework: Annotated[
        str | None,
        typer.Option("--from", help="Framework of the result (default: from its year)."),
    ] = None,
) -> None:
    """Turn the OIT section of an ITA result document into a submission file; with
    --framework of another year, its items are mapped through the declared mapping."""
    from oitcrawl.itap import ItapError, itap_to_submission, parse_itap
    from oitcrawl.submission import submission_to_yaml

    if output is not None and output.is_dir():  # checked first: nothing is read for nothing
        raise BadInput(
            f"-o {output}: "
            + tr("เป็นโฟลเดอร์ ระบุชื่อไฟล์ เช่น", "is a folder; give a file name, e.g.")
            + f" {output / 'submission.yaml'}"
        )
    if not file.is_file():
        raise BadInput(f"{file}: " + tr("ไม่มีไฟล์นี้หรือไม่ใช่ไฟล์ปกติ", "no such regular file"))
    try:
        with file.open("rb") as fh:
            raw = fh.read(ITAP_MAX_BYTES + 1)
        if len(raw) > ITAP_MAX_BYTES:
            raise BadInput(f"{file}: " + tr("ไฟล์ใหญ่เกิน 20 MB", "larger than 20 MB"))
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadInput(f"{file}: cannot read it as UTF-8 text ({exc})") from exc
    try:
        result = parse_itap(text)
    except ItapError as exc:
        raise BadInput(f"{file}: {exc}") from exc
    target, fiscal_year = _itap_target(result, framework, from_framework)
    try:
        yaml_text = submission_to_yaml(itap_to_submission(result, target, fiscal_year))
    except ItapError as exc:
        raise BadInput(f"{file}: {exc}") from exc
    if output:
        try:
            output.write_text(yaml_text, encoding="utf-8")
        except OSError as exc:
            raise BadInput(
                f"-o {output}: "
                + tr("เขียนไฟล์ไม่ได้", "cannot write it")
                + f" ({exc.strerror or exc})"
            ) from None
        n = sum(len(i.urls) for i in result.items.values())
        err.print(f"{output}: {len(result.items)} items, {n} URLs")
    else:
        sys.stdout.write(yaml_text)


def _itap_target(result: Any, framework: str | None, source: str | None) -> tuple[str, int | None]:
    """import-itap across years (issue 19): the framework of the submission and its fiscal year
    (None: the result's); the result's items are mapped in place when the frameworks differ."""
    from oitcrawl.framework import (
        agency_type_of,
        default_framework,
        item_mapping,
        load_framework,
    )
    from oitcrawl.itap import map_items

    source = (
        source
        or default_framework(result.fiscal_year, agency_type_of(result.agency, result.website))[0]
    )
    target = framework or source
    if target == source:
        return target, None
    fw = load_framework(target)
    mapping = item_mapping(source, target)
    if mapping is None:
        raise BadInput(
            f"--framework {target}: "
            + tr(f"ไม่มีการเทียบข้อระหว่าง {source} กับ {target}", f"no mapping from {source}")
            + " (maps_from / extends; `oitcrawl framework diff`)"
        )
    mapped, dropped = map_items(result, mapping)
    for what in dropped:
        err.print(f"[yellow]{tr('คำเตือน', 'warning')}[/]: {source} {what}: "
                  + tr(f"ไม่มีข้อที่ตรงกันใน {target} ไม่ได้นำเข้า", f"no item in {target}; left out"),
                  highlight=False)  # fmt: skip
    result.items.clear()
    result.items.update(mapped.items)
    return target, fw.fiscal_year


@app.command(rich_help_panel=PANEL_CHECK)
def review(
    run_id: Annotated[str, typer.Argument(help="Run id (see `oitcrawl runs`).")],
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
        from oitcrawl.results import record_outputs

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


def _print_decision_counts(decisions: dict[str, Any] | None) -> None:
    """One line on people's decisions for this run, when there are any (issue 16):
    `decisions` is report.json's ``decisions`` ({applied, stale: [...]})."""
    if not decisions:
        return
    applied, stale = decisions["applied"], decisions["stale"]
    if not applied and not stale:
        return
    err.print(
        tr(
            f"คำตัดสินของผู้ตรวจ: ใช้ {applied} รายการ, ล้าสมัย {len(stale)} รายการ",
            f"reviewer decisions: {applied} applied, {len(stale)} stale",
        )
    )
    for o in stale:
        what = o["finding"] or o["item"]
        err.print(f"  [yellow]{tr('ล้าสมัย', 'stale')}[/] {o['decision']} {what}: {o['why']}")


def _print_review(ev: Any, as_json: bool) -> None:
    from oitcrawl.i18n import pick
    from oitcrawl.review import review_rows

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
    # piped (`runs | cat`): as wide as needed rather than the 80 columns rich assumes
    (out if out.is_terminal else Console(width=200)).print(table)


@app.command(rich_help_panel=PANEL_TOOLS)
def frameworks() -> None:
    """List every framework with its year, status and what it extends (issue 19)."""
    from oitcrawl.framework_tools import listing

    table = Table()
    for th, en in (("แบบตรวจ", "id"), ("ปีงบประมาณ", "fiscal year"), ("สถานะ", "status"),
                   ("ต่อยอดจาก", "extends"), ("ประเภทหน่วยงาน", "agency type"), ("ข้อ", "items"),
                   ("องค์ประกอบ", "elements"), ("ไม่มีแหล่งทางการ", "no official source")):  # fmt: skip
        table.add_column(tr(th, en))
    table.columns[0].no_wrap = True
    for r in listing():
        if r["error"]:
            table.add_row(
                r["id"], "—", f"[red]{tr('ผิดพลาด', 'error')}[/]", escape_markup(r["error"])
            )
            continue
        status = r["status"] if r["status"] == "official" else f"[yellow]{r['status']}[/]"
        counts = (str(r["items"]), str(r["elements"]), str(r["unofficial_elements"]))
        table.add_row(r["id"], r["years"], status, r["extends"] or "—", r["agency_type"], *counts)
    (out if out.is_terminal else Console(width=200)).print(table)


framework_app = typer.Typer(
    help="แสดง ตรวจ และเทียบแบบตรวจ / show, validate and compare frameworks (rules/*.yaml).",
    no_args_is_help=True,
)
app.add_typer(framework_app, name="framework", rich_help_panel=PANEL_TOOLS)
FrameworkArg = Annotated[str, typer.Argument(help="A framework id (nacc-2569) or a YAML file.")]


@framework_app.command("show")
def framework_show(name: FrameworkArg) -> None:
    """The framework's items and elements (kind, period, evidence; inferred or provisional)."""
    from oitcrawl.framework_tools import resolve, show_rows, years

    fw = resolve(name)
    console = out if out.is_terminal else Console(width=200)
    source = fw.source.document if fw.source else "—"
    console.print(
        f"[bold]{escape_markup(fw.id)}[/] — {escape_markup(fw.title_th)}", highlight=False
    )
    console.print(
        f"{tr('ปีงบประมาณ', 'fiscal year')} {years(fw)} · {tr('สถานะ', 'status')} {fw.status}"
        f" · extends {fw.extends or '—'} · {tr('ที่มา', 'source')}: {escape_markup(source)}",
        highlight=False,
    )
    table = Table(show_lines=True)
    for th, en in (("ข้อ", "item"), ("หัวข้อ", "title"), ("น้ำหนัก", "weight"),
                   ("องค์ประกอบ", "elements")):  # fmt: skip
        table.add_column(tr(th, en))
    for row in show_rows(fw):
        table.add_row(*(escape_markup(c) for c in row))
    console.print(table)


@framework_app.command("validate")
def framework_validate(
    names: Annotated[
        list[str] | None, typer.Argument(help="Framework ids or YAML files (default: all).")
    ] = None,
) -> None:
    """Load and validate frameworks (their extends chains resolved); exit 2 naming the file,
    item, element and field of the first error."""
    from oitcrawl.framework import available_frameworks
    from oitcrawl.framework_tools import resolve

    for name in names or available_frameworks():
        fw = resolve(name)
        n = sum(len(i.elements) for i in fw.items.values())
        out.print(f"{tr('ถูกต้อง', 'valid')}: {fw.id} ({len(fw.items)} items, {n} elements, "
                  f"{fw.status})", highlight=False)  # fmt: skip


@framework_app.command("diff")
def framework_diff(a: FrameworkArg, b: FrameworkArg) -> None:
    """A table of the items and elements that differ from A to B (items paired through the
    declared mapping across years, else by id)."""
    from oitcrawl.framework_tools import diff as diff_frameworks
    from oitcrawl.framework_tools import resolve

    fa, fb = resolve(a), resolve(b)
    rows, how = diff_frameworks(fa, fb)
    console = out if out.is_terminal else Console(width=200)
    console.print(f"{fa.id} → {fb.id}: {len(rows)} {tr('รายการที่ต่างกัน', 'differences')} "
                  f"({tr('จับคู่ข้อด้วย', 'items paired by')} {how})", highlight=False)  # fmt: skip
    if not rows:
        return
    table = Table()
    for th, en in ((fa.id, fa.id), (fb.id, fb.id), ("การเปลี่ยนแปลง", "change"),
                   ("รายละเอียด", "detail")):  # fmt: skip
        table.add_column(tr(th, en))
    table.columns[2].no_wrap = True
    for r in rows:
        table.add_row(r.item_a or "—", r.item_b or "—", r.change, escape_markup(r.detail))
    console.print(table)


@app.command(rich_help_panel=PANEL_TOOLS)
def extract(
    run_id: Annotated[str, typer.Argument(help="Run id (see `oitcrawl runs`).")],
    db: DbOption = DEFAULT_DB,
    out_dir: OutOption = Path("oitcrawl-out"),
    force: Annotated[bool, typer.Option(help="Re-extract cached documents too.")] = False,
) -> None:
    """Re-extract a stored run offline (no network), then evaluate it and rewrite the outputs."""
    from oitcrawl.evaluate import evaluate_run
    from oitcrawl.extraction import extract_run
    from oitcrawl.results import record_outputs

    store = _open_store(db)
    run = store.get_run(run_id)
    _check_out_dir(out_dir)
    stats = extract_run(store, run.id, force=force)
    outputs = record_outputs(store, evaluate_run(store, run), out_dir)
    out.print(f"{stats.extracted} extracted, {stats.cached} cached, {stats.failed} failed")
    _finish(outputs.report, outputs.paths(), False, None)


@app.command(rich_help_panel=PANEL_CHECK)
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
    since: SinceOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Re-run the OIT rules on a stored run (no network) and rewrite the outputs: check a
    corrected rules file in seconds."""
    from oitcrawl.evaluate import EvaluationError, evaluate_run
    from oitcrawl.results import record_outputs

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


@app.command(rich_help_panel=PANEL_TOOLS)
def inspect(
    target: Annotated[str, typer.Argument(help="A local file, or an http(s) URL to fetch.")],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the oitcrawl/inspect@1 JSON instead.")
    ] = False,
    timeout: Annotated[float, typer.Option(help="Seconds before a fetch times out.")] = 30.0,
    allow_private: AllowPrivateOption = False,
) -> None:
    """Show everything oitcrawl knows about one document (type, pages, text layer, machine
    readability, OCR, dates and fiscal years, tables, first lines): check it before publishing."""
    import json
    import re

    from rich.markup import escape

    from oitcrawl.inspect import FetchError, fetch_url, inspect_document, read_file

    path = Path(target)
    scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]+):", target)
    if scheme and not path.exists():
        if scheme.group(1).lower() not in ("http", "https"):
            raise BadInput(
                f"{target}: " + tr("ไม่ใช่ไฟล์หรือ URL แบบ http/https", "not a file or an http(s) URL")
            )
        try:
            data, content_type, final_url = fetch_url(target, timeout, allow_private)
        except FetchError as exc:
            what = tr("ดึงเอกสารไม่ได้", "could not fetch the document")
            raise BadInput(f"{what}:\n{exc}") from exc
        report = inspect_document(data, final_url, content_type)
        report["source"] = target
    else:
        if not path.exists() and not path.is_symlink():
            what = tr("ไม่มีไฟล์นี้", "no such file")
            hint = tr("ระบุไฟล์เอกสารหรือ URL แบบ http(s)", "give a document file or an http(s) URL")
            raise BadInput(f"{target}: {what}; {hint}")
        try:  # bounded: at most 50 MB, in chunks; devices, pipes and folders refused
            data = read_file(path)
        except FetchError as exc:
            raise BadInput(str(exc)) from None
        report = inspect_document(data, target)
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False, indent=2) + "\n")
        return
    r = report
    e = escape
    out.print(f"[bold]{e(r['source'])}[/]", highlight=False)
    out.print(f"  {r['bytes']:,} bytes  sha256 {r['sha256'][:16]}…", highlight=False)
    sn = r["sniffed"]
    out.print(
        f"{tr('ชนิดไฟล์', 'type')}: [bold]{sn['type']}[/] ({e(r['extractor'])})", highlight=False
    )
    for reason in sn["reasons"]:
        out.print(f"  [dim]{e(reason)}[/]", highlight=False)
    if sn["mismatch"]:
        out.print(f"  [yellow]{tr('ชนิดไฟล์ไม่ตรงกับที่ประกาศ', 'type mismatch')}[/]")
    if r["error"]:
        out.print(f"[red]{tr('ข้อผิดพลาด', 'error')}:[/] {e(r['error'])}", highlight=False)
    if r["title"]:
        out.print(f"{tr('ชื่อเรื่อง', 'title')}: {e(r['title'])}", highlight=False)
    if r["page_count"] is not None:
        out.print(f"{tr('จำนวนหน้า', 'pages')}: {r['page_count']}", highlight=False)
    if r["pages"]:
        table = Table(tr("หน้า", "page"), tr("อักขระ", "chars"), tr("ชั้นข้อความ", "text layer"),
                      tr("ภาพ", "images"), "OCR", tr("ชนิด", "class"))  # fmt: skip
        for p in r["pages"]:
            table.add_row(str(p["number"]), str(p["chars"]), "✓" if p["has_text_layer"] else "-",
                          str(p["image_count"]), "✓" if p["ocr"] else "-",
                          p["text_layer_class"])  # fmt: skip
        out.print(table)
    meta = {k: v for k, v in r["metadata"].items() if k not in ("text_layer", "ocr", "ocr_error")}
    if meta:
        pairs = "; ".join(f"{k}: {v}" for k, v in meta.items())
        out.print(f"{tr('ข้อมูลกำกับ', 'metadata')}: {e(pairs)}", highlight=False)
    if r["text_layer"]:
        tl = r["text_layer"]
        out.print(f"{tr('ชั้นข้อความ', 'text layer')}: [bold]{tl['class']}[/] — "
                  f"{e(tr(tl['reason_th'], tl['reason_en']))}", highlight=False)  # fmt: skip
    mr = r["machine_readable"]
    yes = (
        f"[green]{tr('ได้', 'yes')}[/]" if mr["machine_readable"] else f"[red]{tr('ไม่ได้', 'no')}[/]"
    )
    why = e(tr(mr["reason_th"], mr["reason_en"]))
    out.print(f"{tr('อ่านด้วยเครื่องได้', 'machine readable')}: {yes} (level {mr['level']} "
              f"{mr['label']}) — {why}", highlight=False)  # fmt: skip
    ocr = r["ocr"]
    used = (
        f"{tr('ใช้', 'used')} ({e(ocr['engine'] or '')})"
        if ocr["used"]
        else tr("ไม่ได้ใช้", "not used")
    )
    out.print(f"OCR: {used}", highlight=False)
    if r["metadata"].get("ocr_error"):
        out.print(f"  [yellow]{e(r['metadata']['ocr_error'])}[/]", highlight=False)
    years = ", ".join(map(str, r["fiscal_years"])) or "-"
    out.print(f"{tr('ปีงบประมาณ', 'fiscal years')}: {years}", highlight=False)
    for d in r["dates"][:10]:
        fy = f" → {tr('ปีงบ', 'FY')} {d['fiscal_year']}" if d["fiscal_year"] else ""
        out.print(f"  {e(d['text'])} [dim]({d['kind']}){fy}[/]", highlight=False)
    if len(r["dates"]) > 10:
        more = len(r["dates"]) - 10
        out.print(f"  … {tr(f'อีก {more} รายการ', f'{more} more')}")
    for i, t in enumerate(r["tables"], 1):
        out.print(f"{tr('ตาราง', 'table')} {i}: {t['rows']} × {t['columns']}", highlight=False)
        header = " | ".join(t["header"]) or tr("(ไม่พบแถวหัวตาราง)", "(no header row found)")
        out.print(f"  {e(header)}", highlight=False)
        if t["rows_per_month"]:
            months = ", ".join(f"{k}: {n}" for k, n in t["rows_per_month"].items())
            out.print(f"  [dim]{tr('แถวต่อเดือน', 'rows per month')}: {months}[/]", highlight=False)
    ann = r["announcement"]
    if ann["date"]:
        out.print(
            f"{tr('ประกาศ ณ วันที่', 'announced on')}: {e(ann['date']['text'])}", highlight=False
        )
    for s in ann["signatures"]:
        role = tr("หัวหน้าหน่วยงาน", "head of agency") if s["head"] else tr("ผู้ลงนาม", "signer")
        acting = tr(" (ปฏิบัติราชการแทน)", " (acting)") if s["acting"] else ""
        who = e(" ".join(x for x in (s["name"], s["position"]) if x))
        out.print(f"{tr('ลงนาม', 'signed')}: {who} [dim]({role}{acting})[/]", highlight=False)
    out.print(f"{tr('ข้อความช่วงแรก', 'first lines')}:")
    for line in r["text_head"]:
        out.print(f"  {e(line)}", highlight=False)
    if not r["text_head"]:
        out.print(f"  [dim]({tr('ไม่มีข้อความ', 'no text')})[/]")


def _archive_path(path: Path | None) -> Path | None:
    """`path` when it names a .wacz or .warc.gz file (checked before any crawl), else exit 2."""
    from oitcrawl.archive import ArchiveError, archive_format

    if path is not None:
        try:
            archive_format(path)
        except ArchiveError as exc:
            raise BadInput(str(exc)) from exc
    return path


@app.command("archive", rich_help_panel=PANEL_AUDITOR)
def archive_cmd(
    run_id: Annotated[str, typer.Argument(help="Run id (see `oitcrawl runs`).")],
    db: DbOption = DEFAULT_DB,
    out_file: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Archive file, .wacz or .warc.gz (default RUN_ID.wacz)."),
    ] = None,
) -> None:
    """Write the evidence archive (WACZ/WARC) of a stored run: every fetch with its status,
    headers, body and outcome; later reports of the run point at its records."""
    from oitcrawl.archive import write_archive

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
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")] = False,
) -> None:
    """Load an evidence archive into a fresh store and extract, evaluate and report it with no
    network: the report as it was on the day of the crawl."""
    from oitcrawl.archive import ArchiveError, check_archive, replay_archive
    from oitcrawl.evaluate import evaluate_run
    from oitcrawl.extraction import extract_run
    from oitcrawl.results import record_outputs

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


@app.command(rich_help_panel=PANEL_TOOLS)
def discover(
    homepage: Annotated[str, typer.Argument(help="The agency's homepage (http/https URL).")],
    framework: Annotated[str, typer.Option(help="Framework id (a file in rules/).")] = (
        "bma-district-2566"
    ),
    fiscal_year: Annotated[int, typer.Option(help="Assessed fiscal year, Buddhist Era.")] = 2566,
    proposal: Annotated[
        Path, typer.Option("--out", "-o", help="The proposed submission file to write (YAML).")
    ] = Path("proposal.yaml"),
    db: Annotated[
        Path, typer.Option("--db", help="Evidence database of the discovery crawl.")
    ] = Path("oitcrawl-data/discover.sqlite"),
    agency: Annotated[
        str | None, typer.Option(help="Agency name (default: from the homepage title).")
    ] = None,
    as_of: Annotated[
        str | None, typer.Option(help="Assessment date YYYY-MM-DD, written into the proposal.")
    ] = None,
    max_depth: Annotated[int, typer.Option(help="Link steps from the homepage.")] = 3,
    max_pages: Annotated[int, typer.Option(help="Fetches in all (pages and documents).")] = 400,
    time_budget: Annotated[float, typer.Option(help="Seconds for the whole crawl.")] = 600.0,
    rewrite_host: RewriteHostOption = None,
    delay: DelayOption = 1.0,
    concurrency: Annotated[int, typer.Option(help="Parallel requests per host.")] = 2,
    timeout: TimeoutOption = 30.0,
    ignore_robots: IgnoreRobotsOption = False,
    allow_private: AllowPrivateOption = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No summary table.")] = False,
) -> None:
    """Walk the website from its homepage and propose a submission: per item the best
    candidate URLs with their reasons, and the items for which nothing was found."""
    from oitcrawl.discover import DiscoverBounds, DiscoverError, run_discover
    from oitcrawl.discover.summary import print_summary

    if not homepage.startswith(("http://", "https://")):
        raise BadInput(f"{homepage!r}: the homepage must be an http:// or https:// URL")
    _check_finite("--time-budget", time_budget)
    if max_depth < 0 or max_pages < 1 or time_budget <= 0:
        raise BadInput("--max-depth ≥ 0, --max-pages ≥ 1 and --time-budget > 0 are required")
    from oitcrawl.submission import FISCAL_YEAR_RANGE, check_as_of, check_url

    lo, hi = FISCAL_YEAR_RANGE
    if not lo <= fiscal_year <= hi:
        hint = f" (did you mean {fiscal_year + 543}?)" if 1990 <= fiscal_year <= 2060 else ""
        raise BadInput(
            f"--fiscal-year {fiscal_year}: "
            + tr(f"ต้องเป็นปี พ.ศ. {lo}–{hi}", f"must be a Buddhist Era year {lo}–{hi}")
            + hint
        )
    if why := check_url(homepage):
        raise BadInput(f"{homepage!r}: {why}")
    discover_as_of = _parse_date(as_of, "--as-of")
    if discover_as_of and (why := check_as_of(discover_as_of, fiscal_year)):
        raise BadInput(f"--as-of: {why}")
    _check_out_dir(proposal.parent if str(proposal.parent) else Path("."), "--out")
    if proposal.is_dir():
        raise BadInput(f"--out {proposal}: " + tr("เป็นโฟลเดอร์", "is a folder; give a file name"))
    settings = _crawl_settings(
        delay=delay,
        concurrency=concurrency,
        timeout=timeout,
        ignore_robots=ignore_robots,
        allow_private=allow_private,
    )
    try:
        result = run_discover(
            homepage,
            framework,
            fiscal_year,
            proposal,
            db,
            settings,
            DiscoverBounds(max_depth, max_pages, time_budget),
            _rewrites(rewrite_host),
            discover_as_of,
            agency,
        )
    except DiscoverError as exc:
        raise BadInput(str(exc)) from None
    if not quiet:
        print_summary(result, out)


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
    depth: DepthOption = 1,
    delay: DelayOption = 1.0,
    concurrency: Annotated[int, typer.Option(help="Parallel requests per host.")] = 2,
    total_concurrency: Annotated[
        int, typer.Option(help="Parallel requests in all (many hosts at once; at most 32).")
    ] = 32,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 2,
    backoff: BackoffOption = 2.0,
    ignore_robots: IgnoreRobotsOption = False,
    autothrottle: Annotated[
        bool, typer.Option(help="Adapt each host's delay to its response times (AutoThrottle).")
    ] = True,
    fresh: Annotated[bool, typer.Option(help="Start new runs instead of resuming.")] = False,
    allow_private: AllowPrivateOption = False,
    fail_under: FailUnderOption = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Check many agencies in one polite crawl (agencies on one host share its limits), write
    each agency's outputs to OUT/<agency>/ and the index OUT/batch.json. A bad row is reported
    and skipped; Ctrl-C keeps everything and the same command resumes."""
    from rich.markup import escape

    from oitcrawl.batch import BatchError, load_batch
    from oitcrawl.check import run_batch
    from oitcrawl.crawl.health import write_status

    _check_scores(None, None, fail_under)
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
    from oitcrawl.serve import ServeError, serve_store

    store = _open_store(db)
    try:
        code = serve_store(store, host=host, port=port)
    except ServeError as exc:
        raise BadInput(str(exc)) from None
    raise typer.Exit(code)


RedisOption = Annotated[
    str, typer.Option("--redis", help="Redis server shared by the workers (redis://HOST:PORT/DB).")
]
NamespaceOption = Annotated[
    str, typer.Option("--namespace", help="Redis key prefix of this batch (one per batch).")
]


@app.command(rich_help_panel=PANEL_DISTRIBUTED)
def enqueue(
    submissions: Annotated[list[Path], typer.Argument(help="Submission files (YAML or JSON).")],
    redis_url: RedisOption = "redis://127.0.0.1:6379/0",
    namespace: NamespaceOption = "oitcrawl",
    db: DbOption = DEFAULT_DB,
    as_of: Annotated[
        str | None, typer.Option(help="Assessment date YYYY-MM-DD (default: the file's, or today).")
    ] = None,
    rewrite_host: RewriteHostOption = None,
    depth: DepthOption = 1,
    delay: DelayOption = 1.0,
    concurrency: Annotated[
        int, typer.Option(help="Parallel requests per host, per worker (divide by workers).")
    ] = 2,
    timeout: TimeoutOption = 30.0,
    retries: RetriesOption = 2,
    backoff: BackoffOption = 2.0,
    ignore_robots: IgnoreRobotsOption = False,
    max_bytes: MaxBytesOption = (CrawlSettings.max_bytes),
    allow_private: AllowPrivateOption = False,
    legacy_tls: LegacyTlsOption = False,
    max_pages: MaxPagesOption = CrawlSettings.max_pages,
    max_total_bytes: MaxTotalBytesOption = CrawlSettings.max_total_bytes,
    fresh: Annotated[bool, typer.Option(help="Start new runs instead of resuming.")] = False,
) -> None:
    """Queue submissions for a distributed crawl (docs/distributed.md): create each run in
    --db and push its plan and submitted URLs to Redis for `oitcrawl worker`s."""
    from oitcrawl.crawl.distributed import DistributedError, connect
    from oitcrawl.crawl.distributed import enqueue as push

    subs = [load_submission(path) for path in submissions]  # all validated before any is queued
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
    )
    rewrites, when = _rewrites(rewrite_host), _parse_date(as_of, "--as-of")
    _check_db_target(db)
    for sub, path in zip(subs, submissions, strict=True):
        try:
            _check_as_of(sub, when)
        except BadInput as exc:
            raise BadInput(f"{path}: {exc}") from None
        _warn_caps(sub)
    try:
        client, store = connect(redis_url), Store(db)
        for sub in subs:
            run, seeds = push(client, store, sub, settings, rewrites, when, namespace, fresh)
            out.print(f"{run.id}  {sub.agency}  " + tr(f"URL ที่ส่ง {seeds} รายการเข้าคิว",
                      f"{seeds} submitted URLs queued"), highlight=False)  # fmt: skip
    except DistributedError as exc:
        raise BadInput(str(exc)) from None


@app.command(rich_help_panel=PANEL_DISTRIBUTED)
def worker(
    redis_url: RedisOption = "redis://127.0.0.1:6379/0",
    namespace: NamespaceOption = "oitcrawl",
    db: Annotated[
        Path, typer.Option("--db", help="This worker's own evidence database (merge it later).")
    ] = Path("oitcrawl-data/worker.sqlite"),
    allow_private: AllowPrivateOption = False,
    rewrite_host: RewriteHostOption = None,
    idle: Annotated[
        float, typer.Option(help="Exit after this many seconds with nothing to do.")
    ] = 10.0,
    log: Annotated[Path | None, typer.Option(help="Write Scrapy's log here.")] = None,
    extract: Annotated[
        bool, typer.Option("--extract/--no-extract", help="Extract text (else `merge` does).")
    ] = True,
) -> None:
    """Crawl the runs queued in Redis into this worker's own store, with other workers
    (on this or other machines) sharing the queue and the duplicate filter."""
    from oitcrawl.crawl.distributed import DistributedError, redact, run_worker

    _check_finite("--idle", idle)
    if idle <= 0:
        raise BadInput("--idle: " + tr("ต้องมากกว่า 0 วินาที", "must be more than 0 seconds"))
    try:
        report = run_worker(redis_url, db, namespace, allow_private, _rewrites(rewrite_host),
                            idle, log, extract)  # fmt: skip
    except DistributedError as exc:
        raise BadInput(str(exc)) from None
    for run_id, n in report.fetches.items():
        out.print(f"{run_id}  " + tr(f"ดึงข้อมูล {n} รายการ", f"{n} fetches"), highlight=False)
    if report.reason == "idle":
        out.print(tr("ไม่มีงานในคิว", "nothing queued") + f" ({redact(redis_url)} {namespace})")
    if report.reason == "shutdown":
        raise typer.Exit(EXIT_INTERRUPTED)


@app.command(rich_help_panel=PANEL_DISTRIBUTED)
def merge(
    stores: Annotated[list[Path], typer.Argument(help="The workers' evidence databases.")],
    into: Annotated[Path, typer.Option("--into", help="The main evidence database.")],
) -> None:
    """Merge worker stores into the main store (idempotent), extract, and mark each run
    completed, or interrupted with the URLs still missing (finish it with `check`)."""
    from oitcrawl.crawl.distributed import merge_worker_stores

    for src in stores:  # each a readable oitcrawl store, checked before --into is created
        _check_is_store(src)
    created = not into.exists()
    try:
        runs_merged, added = merge_worker_stores(stores, into)
    except BaseException:
        if created:  # a failed merge leaves no half-made database behind
            for leftover in (into, *(into.with_name(into.name + s) for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        raise
    out.print(", ".join(f"{table} +{n}" for table, n in added.items()), highlight=False)
    for r in runs_merged:
        out.print(f"{r.run_id}  {r.agency}  {r.status}  " + tr(f"ดึงข้อมูล {r.fetches} รายการ",
                  f"{r.fetches} fetches"), highlight=False)  # fmt: skip
        for url in r.missing:
            out.print("  " + tr("ยังไม่ได้ดึง", "not fetched") + f": {url}", highlight=False)


# Thai first, English beside it (issue 14): each command's line in `oitcrawl --help`.
COMMAND_HELP_TH = {
    "check": "ตรวจเว็บไซต์ตามไฟล์ที่ส่ง แล้วเขียนรายงาน",
    "demo": "ตรวจเว็บไซต์ตัวอย่างที่มากับโปรแกรม",
    "review": "รายการที่ต้องให้คนตรวจ และบันทึกคำตัดสินของผู้ตรวจ",
    "evaluate": "ประเมินผลการตรวจที่เก็บไว้ใหม่ (ไม่ใช้เครือข่าย)",
    "import-itap": "แปลงผลการประเมิน ITA เป็นไฟล์ที่ส่ง",
    "runs": "รายการการตรวจในฐานข้อมูล",
    "frameworks": "แบบตรวจที่มีให้ใช้",
    "extract": "อ่านเอกสารของการตรวจที่เก็บไว้ใหม่",
    "inspect": "ดูสิ่งที่โปรแกรมอ่านได้จากเอกสารหนึ่งไฟล์",
    "archive": "เขียนไฟล์เก็บหลักฐาน (WACZ/WARC)",
    "replay": "สร้างรายงานจากไฟล์เก็บหลักฐานโดยไม่ใช้เครือข่าย",
    "discover": "ค้นเว็บไซต์แล้วเสนอ URL ของแต่ละข้อ",
    "batch": "ตรวจหลายหน่วยงานในครั้งเดียว",
    "diff": "เทียบการตรวจสองครั้ง",
    "summary": "ภาพรวมหลายหน่วยงาน",
    "serve": "เปิดดูฐานข้อมูลหลักฐานด้วย Datasette",
    "enqueue": "ส่งงานเข้าคิวสำหรับการตรวจแบบกระจาย",
    "worker": "ตัวทำงานของการตรวจแบบกระจาย",
    "merge": "รวมฐานข้อมูลจากตัวทำงาน",
}


def _thai_help() -> None:
    """Put each command's Thai line before its English docstring in `--help`."""
    for cmd in app.registered_commands:
        name = cmd.name or (cmd.callback.__name__.replace("_", "-") if cmd.callback else "")
        name = "archive" if name == "archive-cmd" else name
        english = cmd.help or (cmd.callback.__doc__ if cmd.callback else "") or ""
        if name in COMMAND_HELP_TH and not english.startswith(COMMAND_HELP_TH[name]):
            cmd.help = f"{COMMAND_HELP_TH[name]} / {english.strip()}"


_thai_help()


def _check_is_store(path: Path) -> None:
    """Raise StoreError unless `path` is an SQLite database with oitcrawl's `runs` table
    (only read: nothing is written to it)."""
    if not path.is_file():
        raise StoreError(f"{path}: " + tr("ไม่มีฐานข้อมูลหลักฐานที่นี่", "no evidence database here"))
    try:
        # read only by what is asked (a read-only connection would leave -wal/-shm behind)
        conn = sqlite3.connect(path)
        try:
            names = {r[0] for r in conn.execute("select name from sqlite_master")}
        finally:
            conn.close()
    except OSError as exc:
        _exit_os_error(exc)
    except sqlite3.DatabaseError as exc:
        raise StoreError(
            f"{path}: "
            + tr("ไม่ใช่ฐานข้อมูลหลักฐานของ oitcrawl", "not an oitcrawl evidence store")
            + f" ({exc})"
        ) from None
    if "runs" not in names:
        raise StoreError(
            f"{path}: " + tr("ไม่ใช่ฐานข้อมูลหลักฐานของ oitcrawl", "not an oitcrawl evidence store")
        )


def _check_db_target(db: Path) -> None:
    """A `--db` that a crawl may create or add to: absent, or an oitcrawl store (never
    somebody else's database or a folder). Raises StoreError/BadInput."""
    if db.is_dir():
        raise BadInput(
            f"--db {db}: "
            + tr("เป็นโฟลเดอร์ ระบุไฟล์ฐานข้อมูล", "is a folder; give the database file")
            + f", e.g. {db / 'evidence.sqlite'}"
        )
    if db.exists():
        _check_is_store(db)


def _open_store(db: Path) -> Store:
    from oitcrawl.store import Store

    if not db.exists():
        demo_db = DEMO_OUT / "evidence.sqlite"
        if db == DEFAULT_DB and demo_db.exists():  # after `oitcrawl demo` (issue 14)
            raise BadInput(
                f"{db}: "
                + tr(
                    f"ไม่มีฐานข้อมูลหลักฐานที่นี่ ผลของ `oitcrawl demo` อยู่ที่ --db {demo_db}",
                    f"no evidence database here; the demo's is --db {demo_db}",
                )
            )
        raise BadInput(
            f"{db}: "
            + tr("ไม่มีฐานข้อมูลหลักฐานที่นี่ ระบุ --db PATH", "no evidence database here; pass --db PATH")
        )
    _check_is_store(db)  # never add oitcrawl's tables to somebody else's database
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
    debug: Annotated[
        bool,
        typer.Option(
            "--debug", help="Print the traceback of an internal error on the terminal too."
        ),
    ] = False,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang",
            help="th (default) or en: the language of messages, of report.html's first view and "
            "of the spreadsheet headers (default: $OITCRAWL_LANG, else th).",
        ),
    ] = None,
) -> None:
    try:
        set_lang(lang)  # read by every message and output of this process
    except LangError as exc:
        raise BadInput(str(exc)) from None


def _usage_error_classes() -> tuple[type[BaseException], ...]:
    """The usage-error base classes of the installed typer (which vendors click as
    ``typer._click`` since 0.20) and of a stand-alone click, whichever are importable: a
    mistyped command, an unknown option or `--depth abc` raise one of them."""
    classes: list[type[BaseException]] = [typer.TyperException]
    try:
        import click

        classes.append(click.ClickException)
    except ImportError:  # pragma: no cover - click is optional with typer >= 0.20
        pass
    return tuple(classes)


def _abort_classes() -> tuple[type[BaseException], ...]:
    classes: list[type[BaseException]] = [typer.Abort]
    try:
        import click

        classes.append(click.exceptions.Abort)
    except ImportError:  # pragma: no cover
        pass
    return tuple(classes)


def _show_usage_error(exc: BaseException) -> int:
    """Print a usage error of typer/click as one clear line (plus the help when no argument
    was given at all); returns the exit status (2)."""
    message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
    ctx = getattr(exc, "ctx", None)
    command = getattr(ctx, "command_path", None) or "oitcrawl"
    if type(exc).__name__ == "NoArgsIsHelpError":
        err.print(message, highlight=False, markup=False)
        what = tr("ไม่ได้ระบุคำสั่งหรืออาร์กิวเมนต์", "no command or argument given")
    else:
        what = " ".join(str(message).split())
    hint = tr(f"ดูวิธีใช้ด้วย `{command} --help`", f"see `{command} --help`")
    err.print(
        f"[red]{tr('ใช้คำสั่งไม่ถูกต้อง', 'usage error')}:[/] {escape_markup(what)} — {hint}",
        highlight=False,
        soft_wrap=True,
    )
    return EXIT_BAD_INPUT


def escape_markup(text: str) -> str:
    """`text` with rich markup escaped (messages quote user input)."""
    from rich.markup import escape

    return escape(text)


def _log_internal_error(exc: BaseException) -> Path | None:
    """Write the traceback of an internal error to a log file; returns its path (None when
    nothing could be written). The folder is $OITCRAWL_LOG_DIR, else the temp folder."""
    import os
    import tempfile

    folder = Path(os.environ.get("OITCRAWL_LOG_DIR") or tempfile.gettempdir())
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    path = folder / f"oitcrawl-error-{stamp}-{os.getpid()}.log"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        text = "".join(traceback.format_exception(exc))
        path.write_text(f"oitcrawl {__version__}\nargv: {sys.argv!r}\n\n{text}", "utf-8")
    except OSError:
        return None
    return path


def _early_lang(argv: list[str]) -> None:
    """Choose the language from `--lang X` before typer parses anything, so that usage errors
    are already in the reader's language (a bad name is reported later, by the callback)."""
    value = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            value = argv[i + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
    with contextlib.suppress(LangError):
        set_lang(value)


def _debug_requested() -> bool:
    import os

    return "--debug" in sys.argv[1:] or os.environ.get("OITCRAWL_DEBUG", "") not in ("", "0")


def main() -> None:
    """Entry point: run the app with one error path.

    Exit status: user mistakes (usage errors of typer/click, bad files, bad options) → one
    clear line on stderr and 2; Ctrl-C → 130, SIGTERM → 143 (the run stays resumable);
    anything else is an internal error → 1, with the traceback in a log file whose path is
    printed (on the terminal too with ``--debug`` or OITCRAWL_DEBUG=1).
    """
    from oitcrawl.crawl import signals
    from oitcrawl.crawl.signals import Terminated, install_terminate_handler

    logging.getLogger("pypdfium2").setLevel(logging.ERROR)
    install_terminate_handler()
    _early_lang(sys.argv[1:])
    try:
        # standalone_mode=False: click returns typer.Exit's code instead of exiting
        code = app(standalone_mode=False)
        if code == EXIT_INTERRUPTED and signals.received:  # typer's Exit(130) for Ctrl-C
            raise KeyboardInterrupt
        sys.exit(code if isinstance(code, int) else EXIT_OK)
    except BAD_INPUT_ERRORS as exc:
        err.print(
            f"[red]{tr('ข้อมูลไม่ถูกต้อง', 'bad input')}:[/]\n{escape_markup(str(exc))}",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    except (KeyboardInterrupt, Terminated) as exc:
        sigterm = isinstance(exc, Terminated)
        err.print(
            f"[yellow]{tr('หยุดกลางคัน', 'interrupted')}[/] ({'SIGTERM' if sigterm else 'Ctrl-C'}): "
            + tr(
                "เก็บสิ่งที่ดึงมาแล้วไว้ สั่งคำสั่งเดิมอีกครั้งเพื่อทำต่อ",
                "everything fetched is kept; run the same command again to resume",
            ),
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(EXIT_TERMINATED if sigterm else EXIT_INTERRUPTED)
    except SystemExit:
        raise
    except OSError as exc:
        _exit_os_error(exc)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            what = tr(
                "ฐานข้อมูลหลักฐานถูกใช้งานโดยโปรแกรมอื่นอยู่ ลองใหม่ภายหลัง",
                "the evidence database is busy (another oitcrawl?); try again later",
            )
        else:
            what = tr(
                "ฐานข้อมูลหลักฐานเสียหาย กู้คืนจากสำรองหรือระบุ --db อื่น",
                "the evidence database is damaged; restore it from a backup or give another --db",
            )
        err.print(
            f"[red]{tr('ข้อมูลไม่ถูกต้อง', 'bad input')}:[/] {what} ({escape_markup(str(exc))})",
            highlight=False,
            soft_wrap=True,
        )
        sys.exit(EXIT_BAD_INPUT)
    except Exception as exc:
        if isinstance(exc, _usage_error_classes()):
            sys.exit(_show_usage_error(exc))
        if isinstance(exc, _abort_classes()):
            sys.exit(EXIT_INTERRUPTED)
        _internal(exc)


def _exit_os_error(exc: OSError) -> NoReturn:
    """An environment problem the user fixes (permissions, a full disk…): one line naming the
    file, exit 2; any other OSError is an internal error (exit 1 and a log file)."""
    if exc.errno not in _USER_FIXABLE_ERRNOS:
        _internal(exc)
    where = exc.filename or ""
    err.print(
        f"[red]{tr('ข้อมูลไม่ถูกต้อง', 'bad input')}:[/] {escape_markup(str(where))}: "
        + tr("เขียนหรืออ่านไม่ได้", "cannot write or read it")
        + f" ({escape_markup(exc.strerror or str(exc))}); "
        + tr(
            "ตรวจสิทธิ์และพื้นที่ว่างของดิสก์ แล้วสั่งคำสั่งเดิมอีกครั้ง",
            "check the permissions and the free disk space, then run the same command again",
        ),
        highlight=False,
        soft_wrap=True,
    )
    sys.exit(EXIT_BAD_INPUT)


# an environment problem the user fixes (permissions, a full disk, a file for a folder)
_USER_FIXABLE_ERRNOS = {
    errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT, errno.ENOTDIR,
    errno.EISDIR, errno.ENAMETOOLONG, errno.EFBIG,
}  # fmt: skip


def _internal(exc: BaseException) -> NoReturn:
    """Report an internal error: one line and the log file holding the traceback; exit 1."""
    log = _log_internal_error(exc)
    err.print(
        f"[red]{tr('ข้อผิดพลาดภายใน', 'internal error')}:[/] "
        f"{escape_markup(f'{type(exc).__name__}: {exc}')}",
        highlight=False,
        soft_wrap=True,
    )
    if log is not None:
        err.print(
            tr(
                f"รายละเอียดอยู่ในไฟล์ {log} (แจ้งผู้ดูแลพร้อมไฟล์นี้)",
                f"details are in {log} (send it with your report)",
            ),
            highlight=False,
            soft_wrap=True,
        )
    if _debug_requested():
        traceback.print_exception(exc)
    sys.exit(EXIT_INTERNAL)
