"""The options shared by several commands, declared once, and what turns the crawl options into
CrawlSettings.

Only typer and pathlib are imported here: typer reads these annotations when `oitcrawl` starts,
also for `--help`, which must not import the crawler (issue 17).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from oitcrawl.cli.console import err
from oitcrawl.cli.errors import BadInput
from oitcrawl.crawl.settings import CrawlSettings
from oitcrawl.i18n import tr

if TYPE_CHECKING:
    from oitcrawl.crawl.urls import HostRewrite

DEFAULT_DB = Path("oitcrawl-data/evidence.sqlite")
DEMO_OUT = Path("oitcrawl-demo")  # where `oitcrawl demo` writes its outputs and store

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

_DURATION_UNITS = {"": 1, "s": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}


def parse_duration(value: str | float) -> float:
    """Seconds from "90", "90s", "15m", "1h", "1.5h", "2d" or a plain number. Raises
    typer.BadParameter (exit 2) for anything else, a negative value included."""
    import re

    if isinstance(value, int | float):
        return float(value)
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*", str(value))
    unit = m.group(2).lower() if m else ""
    if not m or unit not in _DURATION_UNITS:
        raise typer.BadParameter(f"{value!r} is not a duration; write e.g. 0, 90s, 15m, 1h or 2d")
    return float(m.group(1)) * _DURATION_UNITS[unit]


# `batch` (an auditor's many agencies) trusts an HTTP-fresh stored copy for an hour: a re-run
# soon after (resuming, another rule version, a second look) asks again only for what may have
# changed. `check` (a coordinator fixing their own site) asks again for everything by default.
BATCH_FRESH_FOR: Any = "1h"  # typed as on the command line: --help shows "1h"
NO_FRESH_FOR: Any = "0"

FreshForOption = Annotated[
    float,
    typer.Option(
        "--fresh-for",
        parser=parse_duration,
        metavar="DURATION",
        help="ไม่ถามเซิร์ฟเวอร์ซ้ำภายในเวลานี้ / a URL this agency fetched less than DURATION "
        "ago (e.g. 1h, 0 = never) is not requested again while HTTP caching calls its stored "
        "copy fresh (Cache-Control/Expires, or a tenth of its age since Last-Modified).",
    ),
]


SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="เทียบกับการตรวจครั้งก่อน / an earlier run id of the same agency: mark each "
        "finding new / still open / fixed, with the date first seen.",
    ),
]


RunIdArg = Annotated[str, typer.Argument(help="Run id (see `oitcrawl runs`).")]
AsOfOption = Annotated[
    str | None, typer.Option(help="Assessment date YYYY-MM-DD (default: the file's, or today).")
]
ConcurrencyOption = Annotated[int, typer.Option(help="Parallel requests per host.")]
FreshRunsOption = Annotated[bool, typer.Option(help="Start new runs instead of resuming.")]
QuietProgressOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")]
QuietSummaryOption = Annotated[bool, typer.Option("--quiet", "-q", help="No summary.")]
AutothrottleOption = Annotated[
    bool, typer.Option(help="Adapt each host's delay to its response times (AutoThrottle).")
]
RedisOption = Annotated[
    str, typer.Option("--redis", help="Redis server shared by the workers (redis://HOST:PORT/DB).")
]
NamespaceOption = Annotated[
    str, typer.Option("--namespace", help="Redis key prefix of this batch (one per batch).")
]


# command-line option → CrawlSettings field, for the commands that crawl
_SETTING_OF_OPTION = {
    "depth": "max_depth", "delay": "delay_s", "concurrency": "concurrency_per_host",
    "total_concurrency": "concurrency_total", "timeout": "timeout_s", "retries": "retries",
    "backoff": "backoff_s", "max_bytes": "max_bytes", "allow_private": "allow_private",
    "legacy_tls": "legacy_tls", "max_pages": "max_pages", "max_total_bytes": "max_total_bytes",
    "autothrottle": "autothrottle", "fresh_for": "fresh_for_s",
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


def _rewrites(values: list[str] | None) -> tuple[HostRewrite, ...]:
    """Parse `--rewrite-host FROM=TO` values; a target that cannot be connected to (no host,
    a port outside 1-65535, a path) is bad input, not a crawl of failed fetches."""
    from oitcrawl.crawl.urls import HostRewrite

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
