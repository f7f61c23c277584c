"""The framework of a submission that names none: its agency type, the newest framework of
that type for its fiscal year, and the warning when a framework is provisional or was written
for another year.
"""

from __future__ import annotations

from oitcrawl.framework.loading import FrameworkError, available_frameworks, load_framework


def agency_type_of(agency: str, website: str) -> str:
    """The agency type of a submission: "bma-district" for a BMA district office (its website
    on bangkok.go.th, or a สำนักงานเขต), else "national"."""
    from urllib.parse import urlsplit

    host = (urlsplit(website).hostname or "").lower()
    if (
        host == "bangkok.go.th"
        or host.endswith(".bangkok.go.th")
        or agency.strip().startswith("สำนักงานเขต")
    ):
        return "bma-district"
    return "national"


# Before the national list's new shape (2568) a submission without `framework:` kept the
# default of earlier versions, bma-district-2566, whatever the agency: old files give the
# same result.
LEGACY_DEFAULT = "bma-district-2566"
NEW_SHAPE_FROM = 2568


def default_framework(fiscal_year: int, agency_type: str = "national") -> tuple[str, str | None]:
    """The framework of a submission that names none: the newest framework of its agency type
    that applies to `fiscal_year` (official before provisional for the same year), with a
    warning (Thai / English) when it is provisional or written for another year. Before 2568,
    the earlier default (bma-district-2566)."""
    if fiscal_year < NEW_SHAPE_FROM:
        return LEGACY_DEFAULT, None
    cands = []
    for fid in available_frameworks():
        try:
            fw = load_framework(fid)
        except FrameworkError:
            continue
        if fw.agency_type != agency_type or fw.fiscal_year is None:
            continue
        first = fw.first_fiscal_year or fw.fiscal_year
        if first <= fiscal_year:
            cands.append(
                (min(fw.fiscal_year, fiscal_year), fw.status == "official", fw.fiscal_year, fid)
            )
    if not cands:
        return LEGACY_DEFAULT, (
            f"ไม่มีแบบตรวจสำหรับปีงบประมาณ {fiscal_year} ใช้ {LEGACY_DEFAULT} / no framework for "
            f"fiscal year {fiscal_year}; using {LEGACY_DEFAULT}"
        )
    *_, fid = max(cands)
    return fid, framework_warning(fid, fiscal_year)


def framework_warning(framework_id: str, fiscal_year: int) -> str | None:
    """A warning (Thai / English) when the framework a submission uses is provisional or was
    written for another fiscal year; None otherwise (or when the id is unknown)."""
    try:
        fw = load_framework(framework_id)
    except FrameworkError:
        return None
    from oitcrawl.i18n import tr

    parts = []
    if fw.status == "provisional":
        parts.append(
            tr(
                f"แบบตรวจ {fw.id} เป็นฉบับชั่วคราว (ยังไม่ใช่คู่มือทางการ) ผลเป็นเพียงการประเมินเบื้องต้น",
                f"{fw.id} is a provisional framework (not the official manual): "
                "the results are indicative",
            )
        )
    if fw.fiscal_year is not None and fw.fiscal_year < fiscal_year:
        parts.append(
            tr(
                f"แบบตรวจ {fw.id} จัดทำสำหรับปีงบประมาณ {fw.fiscal_year} ไม่ใช่ {fiscal_year}",
                f"{fw.id} was written for fiscal year {fw.fiscal_year}, not {fiscal_year}",
            )
        )
    return "; ".join(parts) or None
