"""The typer app of `oitcrawl`: its help panels, the Thai line of each command in `--help`,
and the options of `oitcrawl` itself (--version, --debug, --lang).

The commands register themselves on `app` from their modules; `oitcrawl.cli` imports them in
the order they are listed in `--help` and then calls `thai_help()`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from oitcrawl import __version__
from oitcrawl.cli.console import out
from oitcrawl.cli.errors import BadInput
from oitcrawl.i18n import LangError, set_lang

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


def thai_help() -> None:
    """Put each command's Thai line before its English docstring in `--help`."""
    for cmd in app.registered_commands:
        name = cmd.name or (cmd.callback.__name__.replace("_", "-") if cmd.callback else "")
        name = "archive" if name == "archive-cmd" else name
        english = cmd.help or (cmd.callback.__doc__ if cmd.callback else "") or ""
        if name in COMMAND_HELP_TH and not english.startswith(COMMAND_HELP_TH[name]):
            cmd.help = f"{COMMAND_HELP_TH[name]} / {english.strip()}"


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
