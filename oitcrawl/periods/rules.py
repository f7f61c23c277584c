"""The period rules: does an element's evidence cover the period the framework asks for?

Period rules (``check_period``; the framework's ``period`` field, FRAMEWORK-*.md
"Conventions"; DOMAIN.md §3 rules 3-4): "none", "FY", "FY|FY-1", "FY-1", "H1", "monthly". See
``check_period``; ``PeriodVerdict.deciding`` holds the mentions a verdict rests on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from .fiscal import fiscal_months, format_month_en, format_month_th, h1_months, required_months
from .mention import DateMention, implied_fiscal_years

#: The period rules of the framework files (FRAMEWORK-*.md "Conventions").
PERIOD_RULES = ("none", "FY", "FY|FY-1", "FY-1", "H1", "monthly")


@dataclass(frozen=True)
class PeriodVerdict:
    """The outcome of one period rule for one element's evidence.

    ``met``: the rule is satisfied. ``rule``: the rule checked ("none", "FY", "FY|FY-1", "FY-1",
    "H1", "monthly"). ``found_fiscal_years``: every fiscal year (BE, ascending) the mentions name or
    fall in — dates/months by their fiscal year, fiscal-year/quarter/half mentions by their
    stated or attached year, bare years as themselves, year ranges as every year they span.
    ``covered_months``: month keys ("YYYY-MM", CE, ascending) of the assessed fiscal year named
    by ``month`` mentions. ``missing_months``: for "monthly", the required month keys not
    covered, in order; empty for the other rules. ``reason_th`` / ``reason_en``: one-line
    explanation for the report (Thai with BE years; English with BE fiscal years and CE months).
    ``deciding``: the mentions the verdict rests on, for the report to quote with their text
    (see ``check_period``); empty for "none" and when nothing relevant was found.
    """

    met: bool
    rule: str
    found_fiscal_years: tuple[int, ...]
    missing_months: tuple[str, ...]
    covered_months: tuple[str, ...]
    reason_th: str
    reason_en: str
    deciding: tuple[DateMention, ...] = ()


def _years_th(years: Sequence[int]) -> str:
    return ", ".join(map(str, years))


def _only_found(found: Sequence[int], wanted: Sequence[int]) -> tuple[str, str]:
    want_th = " หรือ ".join(map(str, wanted))
    want_en = " or ".join(map(str, wanted))
    if not found:
        return (
            f"ไม่พบวันที่หรือปีงบประมาณ (ต้องเป็นข้อมูลปีงบประมาณ พ.ศ. {want_th})",
            f"no date or fiscal year found (fiscal year {want_en} required)",
        )
    plural = "s" if len(found) > 1 else ""
    return (
        f"พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. {_years_th(found)} ไม่พบข้อมูลปีงบประมาณ พ.ศ. {want_th}",
        f"only fiscal year{plural} {', '.join(map(str, found))} found, not fiscal year {want_en}",
    )


def check_period(
    rule: str, mentions: Sequence[DateMention], fiscal_year: int, as_of: date
) -> PeriodVerdict:
    """Check the date mentions of one element's evidence against a framework period rule.

    ``rule``: "none" | "FY" | "FY|FY-1" | "FY-1" | "H1" | "monthly" (FRAMEWORK-*.md "Conventions";
    ValueError otherwise). ``mentions``: from ``find_dates`` over the evidence (text, title,
    file name, link label), possibly several documents together. ``fiscal_year``: the assessed
    fiscal year (BE). ``as_of``: the check date (CE), used by "monthly" only.

    * "none": always met.
    * "FY" (DOMAIN.md §3 rule 3): met when a mention falls in or names ``fiscal_year`` — a date
      or month inside it, a fiscal-year/quarter/half mention of it, a year range covering it
      ("2566-2570"), or a bare BE year equal to it. Otherwise not met, and the reason names the
      fiscal years found ("พบเฉพาะข้อมูลปีงบประมาณ พ.ศ. 2565 …" / "only fiscal year 2565
      found, …"): the *outdated* case.
    * "FY|FY-1": the same, accepting ``fiscal_year`` or ``fiscal_year - 1`` (annual reports of
      the previous year).
    * "FY-1" (the national list since 2568: "รายงาน … ประจำปี (2568)" assessed in 2569): the
      same, accepting ``fiscal_year - 1`` only — a mention of fiscal year N−1 meets it (a report
      of 2568 published in December 2568 names both years and is met); one naming only the
      assessed year is not the previous year's report.
    * "H1" (DOMAIN.md §3 rule 3, "6 เดือนแรกของปีงบประมาณ" or later progress): met by a half
      mention of the fiscal year; a quarter mention of it numbered 2-4; a half/quarter without
      a year when the mentions also contain a fiscal-year or year mention of ``fiscal_year``
      (the file name "… fiscal half.pdf" with "ปีงบประมาณ พ.ศ. 2566" in the text); a month
      mention of March-September of the fiscal year ("Oct2565-Mar2566"); or a date in the
      fiscal year from April on (a report dated after the half-year closes).
    * "monthly" (DOMAIN.md §3 rule 4): every month of ``required_months(fiscal_year, as_of)``
      needs a ``month`` mention (dates do not count: a date inside a monthly summary is a
      contract date, not the month reported). ``missing_months`` lists the gaps; the reason is
      "ขาดเดือน มกราคม 2566, …" / "missing: January 2023, …". Whether a month whose document
      only says "ไม่มีการจัดซื้อจัดจ้าง" counts is the caller's decision: it passes that
      document's month mentions in when its explicit "nothing this month" phrase is present
      (framework ``none_phrases``) and leaves them out for a silent or empty document.

    ``deciding`` (the mentions to quote, in the order given, each a ``DateMention`` of
    ``mentions``):

    * "FY" / "FY|FY-1" / "FY-1" met: the first mention naming or falling in the accepted fiscal
      year (``fiscal_year`` first, then ``fiscal_year - 1``). Not met: every mention of the latest
      fiscal year found, one per span (the months of one range share theirs) — the mentions
      behind "พบเฉพาะ … 2565"; empty when nothing names a fiscal year.
    * "H1" met: the mention that met it. Not met: the latest date/month of ``fiscal_year``
      (latest month, then day; first of equals), else the first mention naming
      ``fiscal_year``, else as for "FY" not met.
    * "monthly": the first ``month`` mention of each covered month, in month order (as
      ``covered_months``), met or not.
    * "none": empty.

    Pass ``dating_mentions(text)`` rather than ``find_dates(text)`` to ignore update stamps,
    copyright lines and sentences about a later year. Raises ValueError for an unknown rule
    only.
    """
    rule = rule.strip()
    if rule not in PERIOD_RULES:
        raise ValueError(f"unknown period rule {rule!r}; expected one of {PERIOD_RULES}")
    fy = fiscal_year
    found = tuple(sorted({y for d in mentions for y in implied_fiscal_years(d)}))
    in_fy = set(fiscal_months(fy))
    covered = tuple(
        sorted({d.month_key for d in mentions if d.kind == "month" and d.month_key in in_fy})
    )

    def verdict(
        met: bool,
        th: str,
        en: str,
        missing: tuple[str, ...] = (),
        deciding: Iterable[DateMention] = (),
    ) -> PeriodVerdict:
        return PeriodVerdict(met, rule, found, missing, covered, th, en, tuple(deciding))

    if rule == "none":
        return verdict(True, "ไม่มีเงื่อนไขด้านช่วงเวลา", "no period rule")
    if rule in ("FY", "FY|FY-1", "FY-1"):
        wanted = {"FY": (fy,), "FY|FY-1": (fy, fy - 1), "FY-1": (fy - 1,)}[rule]
        for y in wanted:
            if y in found:
                return verdict(
                    True,
                    f"พบข้อมูลปีงบประมาณ พ.ศ. {y}",
                    f"fiscal year {y} found",
                    deciding=_naming(mentions, y)[:1],
                )
        return verdict(False, *_only_found(found, wanted), deciding=_latest_naming(mentions))
    if rule == "H1":
        return _check_h1(mentions, fy, found, verdict)
    # monthly
    required = required_months(fy, as_of)
    missing = tuple(k for k in required if k not in covered)
    firsts: dict[str, DateMention] = {}
    for d in mentions:
        if d.kind == "month" and d.month_key in in_fy:
            firsts.setdefault(d.month_key, d)  # type: ignore[arg-type]
    per_month = tuple(firsts[k] for k in covered)
    if not required:
        return verdict(
            True,
            f"ยังไม่มีเดือนที่ครบกำหนดรายงานของปีงบประมาณ พ.ศ. {fy}",
            f"no full month of fiscal year {fy} has ended yet",
            deciding=per_month,
        )
    if missing:
        return verdict(
            False,
            "ขาดเดือน " + ", ".join(map(format_month_th, missing)),
            "missing: " + ", ".join(map(format_month_en, missing)),
            missing,
            per_month,
        )
    first, last = required[0], required[-1]
    return verdict(
        True,
        f"ครบทุกเดือน {format_month_th(first)} – {format_month_th(last)}",
        f"every month present: {format_month_en(first)} – {format_month_en(last)}",
        deciding=per_month,
    )


def _check_h1(
    mentions: Sequence[DateMention],
    fy: int,
    found: tuple[int, ...],
    verdict: Callable[..., PeriodVerdict],
) -> PeriodVerdict:
    names_fy = any(
        (d.kind == "fiscal_year" and d.fiscal_year == fy) or (d.kind == "year" and d.year_be == fy)
        for d in mentions
    )
    h1 = h1_months(fy)
    span = f"{format_month_th(h1[0])} – {format_month_th(h1[-1])}"
    span_en = f"{format_month_en(h1[0])} – {format_month_en(h1[-1])}"
    for d in mentions:
        ok = False
        if d.kind == "half" or (d.kind == "quarter" and (d.quarter or 0) >= 2):
            ok = d.fiscal_year == fy or (d.fiscal_year is None and names_fy)
        elif d.kind == "month" and d.fiscal_year == fy:
            ok = d.month is not None and 3 <= d.month <= 9
        elif d.kind == "date" and d.fiscal_year == fy:
            ok = d.month is not None and 4 <= d.month <= 9
        if ok:
            return verdict(
                True,
                f'พบข้อมูลครอบคลุม 6 เดือนแรกของปีงบประมาณ พ.ศ. {fy} ({span}): "{d.text}"',
                f'first half of fiscal year {fy} ({span_en}) covered: "{d.text}"',
                deciding=(d,),
            )
    dated = [d for d in mentions if d.kind in ("date", "month") and d.fiscal_year == fy]
    if dated:
        latest = max(dated, key=lambda d: (d.month_key or "", d.day or 0))
        key = latest.month_key or ""
        return verdict(
            False,
            f"ข้อมูลปีงบประมาณ พ.ศ. {fy} ถึงเดือน {format_month_th(key)} เท่านั้น "
            f"ยังไม่ครอบคลุม 6 เดือนแรก ({span})",
            f"fiscal year {fy} data only up to {format_month_en(key)}; "
            f"the first half ({span_en}) is not covered",
            deciding=(latest,),
        )
    if fy in found:
        return verdict(
            False,
            f"พบข้อมูลปีงบประมาณ พ.ศ. {fy} แต่ไม่พบรายงานรอบ 6 เดือนแรก ({span})",
            f"fiscal year {fy} found but no first-half report ({span_en})",
            deciding=_naming(mentions, fy)[:1],
        )
    th, en = _only_found(found, (fy,))
    return verdict(
        False,
        f"{th} (ต้องมีรายงานรอบ 6 เดือนแรก {span})",
        f"{en} (a first-half report {span_en} is required)",
        deciding=_latest_naming(mentions),
    )


def _naming(mentions: Iterable[DateMention], fy: int) -> tuple[DateMention, ...]:
    """The mentions that name or fall in fiscal year ``fy`` (BE), in order."""
    return tuple(d for d in mentions if fy in implied_fiscal_years(d))


def _latest_naming(mentions: Sequence[DateMention]) -> tuple[DateMention, ...]:
    """The mentions of the latest fiscal year any mention names, in order, one per span (the
    months of one range share their text); empty when no mention names a fiscal year."""
    latest = max((y for d in mentions for y in implied_fiscal_years(d)), default=None)
    if latest is None:
        return ()
    seen: set[tuple[int, int]] = set()
    out = []
    for d in _naming(mentions, latest):
        if (d.start, d.end) not in seen:
            seen.add((d.start, d.end))
            out.append(d)
    return tuple(out)
