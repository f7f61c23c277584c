"""The one error path of the CLI: `main()`, exit statuses, bad input, usage errors, internal
errors (a log file holding the traceback)."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import logging
import sys
import traceback
from pathlib import Path
from typing import NoReturn

import typer

from oitcrawl import __version__
from oitcrawl.cli.console import err, escape_markup
from oitcrawl.i18n import LangError, set_lang, tr

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT, EXIT_BELOW, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
EXIT_UNHEALTHY = 4
EXIT_TERMINATED = 143  # SIGTERM (128 + 15)


class BadInput(Exception):
    """A user mistake: printed without a traceback, exit status 2."""


# every exception that means "the user gave something wrong": one message, exit 2, by the
# module that defines it. The modules are imported on first use (a short start, issue 17): an
# exception cannot be of a class whose module was never imported, so only the imported ones
# are asked, and only for what they hold already (a lazily loaded package would import its
# modules to answer a getattr: ~0.15 s of YAML and pydantic at the exit of `inspect`).
BAD_INPUT_ERRORS = {
    "oitcrawl.submission.model": "SubmissionError",
    "oitcrawl.crawl.urls": "RewriteError",
    "oitcrawl.framework.loading": "FrameworkError",
    "oitcrawl.store.errors": "StoreError",
    "oitcrawl.extract.run": "WorkersError",
}


def _database_errors() -> tuple[type[BaseException], ...]:
    """sqlite3.DatabaseError once sqlite3 is imported (before, nothing can raise it)."""
    sqlite3 = sys.modules.get("sqlite3")
    return (sqlite3.DatabaseError,) if sqlite3 is not None else ()


def _bad_input_classes() -> tuple[type[BaseException], ...]:
    """BadInput, LangError and the bad-input classes of the modules imported so far."""
    classes: list[type[BaseException]] = [BadInput, LangError]
    for module_name, class_name in BAD_INPUT_ERRORS.items():
        module = sys.modules.get(module_name)
        if module is not None and (cls := vars(module).get(class_name)) is not None:
            classes.append(cls)
    return tuple(classes)


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


def run_app(app: typer.Typer) -> None:
    """Run `app` (every command registered) with one error path; exits the process.

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
    except _bad_input_classes() as exc:
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
    except _database_errors() as exc:
        if isinstance(exc, sys.modules["sqlite3"].OperationalError) and "locked" in str(exc):
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
