"""Tools: `import-itap`, `frameworks`, `framework show|validate|diff`, `extract`, `inspect`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from oitcrawl.cli.application import PANEL_TOOLS, app
from oitcrawl.cli.checks import _check_out_dir, _open_store
from oitcrawl.cli.console import err, escape_markup, out, wide_out
from oitcrawl.cli.errors import BadInput
from oitcrawl.cli.options import (
    DEFAULT_DB,
    AllowPrivateOption,
    DbOption,
    OutOption,
    RunIdArg,
)
from oitcrawl.cli.outputs import _finish
from oitcrawl.i18n import tr

ITAP_MAX_BYTES = 20 * 1024 * 1024  # an ITA result document is a few hundred KB


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
    from oitcrawl.submission import submission_to_yaml
    from oitcrawl.submission.itap import ItapError, itap_to_submission, parse_itap

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
    from oitcrawl.submission.itap import map_items

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


@app.command(rich_help_panel=PANEL_TOOLS)
def frameworks() -> None:
    """List every framework with its year, status and what it extends (issue 19)."""
    from rich.table import Table

    from oitcrawl.framework.tools import listing

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
    wide_out().print(table)


framework_app = typer.Typer(
    help="แสดง ตรวจ และเทียบแบบตรวจ / show, validate and compare frameworks (rules/*.yaml).",
    no_args_is_help=True,
)
app.add_typer(framework_app, name="framework", rich_help_panel=PANEL_TOOLS)
FrameworkArg = Annotated[str, typer.Argument(help="A framework id (nacc-2569) or a YAML file.")]


@framework_app.command("show")
def framework_show(name: FrameworkArg) -> None:
    """The framework's items and elements (kind, period, evidence; inferred or provisional)."""
    from rich.table import Table

    from oitcrawl.framework.tools import resolve, show_rows, years

    fw = resolve(name)
    console = wide_out()
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
    from oitcrawl.framework.tools import resolve

    for name in names or available_frameworks():
        fw = resolve(name)
        n = sum(len(i.elements) for i in fw.items.values())
        out.print(f"{tr('ถูกต้อง', 'valid')}: {fw.id} ({len(fw.items)} items, {n} elements, "
                  f"{fw.status})", highlight=False)  # fmt: skip


@framework_app.command("diff")
def framework_diff(a: FrameworkArg, b: FrameworkArg) -> None:
    """A table of the items and elements that differ from A to B (items paired through the
    declared mapping across years, else by id)."""
    from rich.table import Table

    from oitcrawl.framework.tools import diff as diff_frameworks
    from oitcrawl.framework.tools import resolve

    fa, fb = resolve(a), resolve(b)
    rows, how = diff_frameworks(fa, fb)
    console = wide_out()
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
    run_id: RunIdArg,
    db: DbOption = DEFAULT_DB,
    out_dir: OutOption = Path("oitcrawl-out"),
    force: Annotated[bool, typer.Option(help="Re-extract cached documents too.")] = False,
) -> None:
    """Re-extract a stored run offline (no network), then evaluate it and rewrite the outputs."""
    from oitcrawl.evaluate import evaluate_run
    from oitcrawl.extract.run import extract_run
    from oitcrawl.reports import record_outputs

    store = _open_store(db)
    run = store.get_run(run_id)
    _check_out_dir(out_dir)
    stats = extract_run(store, run.id, force=force)
    outputs = record_outputs(store, evaluate_run(store, run), out_dir)
    out.print(f"{stats.extracted} extracted, {stats.cached} cached, {stats.failed} failed")
    _finish(outputs.report, outputs.paths(), False, None)


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
    from rich.table import Table

    from oitcrawl.tools.inspect import FetchError, fetch_url, inspect_document, read_file

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
