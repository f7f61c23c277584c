"""report.json, schema ``oitcrawl/report@3`` (README "report.json"; JSON Schema in
``report.schema.json`` beside this file). Every other output is rendered from this dict, so
the HTML page, the suggestion lists and the terminal summary always agree with it.
"""

from __future__ import annotations

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from oitcrawl import __version__
from oitcrawl.crawl.health import crawl_health
from oitcrawl.crawl.limits import crawl_limits
from oitcrawl.crawl.urls import display_url
from oitcrawl.evaluate import Evaluation
from oitcrawl.evaluate.documents import EvidenceDoc
from oitcrawl.evaluate.findings import finding_keys
from oitcrawl.evaluate.readability import assess
from oitcrawl.evaluate.rules import STATUSES, ElementResult, ItemResult

# 2: element evidence kind, carriers, role, deciding date
SCHEMA = "oitcrawl/report@3"  # 3: people's decisions beside the rules' verdicts


@cache
def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of report@3."""
    text = resources.files("oitcrawl.reports").joinpath("report.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_report(report: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` when `report` does not follow report@3."""
    import jsonschema

    jsonschema.validate(report, json_schema())


def build_report(ev: Evaluation) -> dict[str, Any]:
    """The report@3 dict of an evaluation (see the README for every field)."""
    run, fw = ev.run, ev.framework
    place = {
        item.id: (ind.id, sub.id, group.id)
        for ind in fw.indicators
        for sub in ind.subindicators
        for group in sub.groups
        for item in group.items
    }
    evaluated = {r.item.id for r in ev.items}
    counts = {s: sum(1 for r in ev.items if r.status == s) for s in STATUSES}
    findings = [f for r in ev.items for f in r.live_findings()]
    return {
        "schema": SCHEMA,
        "tool": {"name": "oitcrawl", "version": __version__},
        "run": {
            "id": run.id,
            "status": run.status,
            "started_at": run.started_at,
            "finished_at": run.finished_at,
            "as_of": ev.context.as_of.isoformat(),
            "partial": ev.partial,
        },
        "agency": {
            "name": run.agency,
            "website": run.website,
            "also_main": list(run.submission.get("also_main", [])),
        },
        "submission": _submission_caps(run.submission),
        "framework": _framework(fw),
        "fiscal_year": run.fiscal_year,
        "scores": _scores(ev.scores),
        # the rules' own scores, without people's decisions (issue 16)
        "scores_machine": _scores(ev.machine_scores or ev.scores),
        "decisions": {
            "applied": len(ev.decisions.applied),
            "stale": [o.to_dict() for o in ev.decisions.stale],
        },
        "summary": {
            "items": len(ev.items),
            **counts,
            "errors": sum(1 for f in findings if f.severity == "error"),
            "warnings": sum(1 for f in findings if f.severity == "warning"),
        },
        "tree": [
            {
                "id": ind.id,
                "title_th": ind.title_th,
                "title_en": ind.title_en,
                "score": ev.scores.indicators.get(ind.id),
                "subindicators": [
                    {
                        "id": sub.id,
                        "title_th": sub.title_th,
                        "title_en": sub.title_en,
                        "score": ev.scores.subindicators.get(sub.id),
                        "items": [i.id for g in sub.groups for i in g.items if i.id in evaluated],
                    }
                    for sub in ind.subindicators
                ],
            }
            for ind in fw.indicators
        ],
        "items": [_item(r, ev, place[r.item.id]) for r in ev.items],
        "documents": _documents(ev),
        # fetches, errors by class, bytes, time: a site that was down is not an empty site
        "health": crawl_health(ev.documents.fetches.values()),
        # the limits the crawl was held to; whether a page/byte budget cut it short
        "crawl": crawl_limits(ev.documents.fetches.values(), ev.run.settings),
    }


def _item(r: ItemResult, ev: Evaluation, place: tuple[str, str, str]) -> dict[str, Any]:
    note_th, note_en = ev.notes[r.item.id]
    arch = _archive_index(ev)
    docs = ev.documents.by_item.get(r.item.id, [])
    return {
        "id": r.item.id,
        "title": r.item.title_th,
        "title_en": r.item.title_en,
        "indicator": place[0],
        "subindicator": place[1],
        "unit": r.item.unit,
        "weight": r.item.weight,
        "status": r.status,
        "score": r.score,
        "machine": {"status": r.machine_status, "score": r.machine_score},
        "decision": r.decision.to_dict() if r.decision else None,
        "done": {"by": r.done.by, "at": r.done.at} if r.done else None,
        "urls": r.urls,
        "explanation": r.explanation,
        "elements": [_sourced(_element(e, arch, docs), e, ev) for e in r.elements],
        "findings": _findings(r, arch),
        "note_th": note_th,
        "note_en": note_en,
        "fetches": [_fetch(d, arch) for d in ev.documents.by_item.get(r.item.id, [])],
    }


PROVISIONAL_NOTICE = (
    "แบบตรวจฉบับชั่วคราว: จัดทำจากข้อมูลที่หน่วยงานเผยแพร่ ยังไม่ใช่คู่มือการประเมินทางการ "
    "ผลนี้เป็นเพียงการประเมินเบื้องต้น ตรวจสอบกับคู่มือ ITA อีกครั้ง",
    "Provisional framework: built from what agencies published, not from the official "
    "manual; the results are indicative, check them against the ITA manual.",
)


def _framework(fw: Any) -> dict[str, Any]:
    """The framework block: id, titles, and (issue 19) its status, year, lineage and source;
    a provisional framework carries the notice report.html and the terminal show."""
    out: dict[str, Any] = {
        "id": fw.id,
        "title": fw.title_th,
        "title_en": fw.title_en,
        "status": fw.status,
        "fiscal_year": fw.fiscal_year,
        "extends": fw.extends,
        "source": fw.source.model_dump() if fw.source else None,
    }
    if fw.status == "provisional":
        out["notice_th"], out["notice_en"] = PROVISIONAL_NOTICE
    return out


def _sourced(element: dict[str, Any], e: ElementResult, ev: Evaluation) -> dict[str, Any]:
    """An element with (issue 19) whether it rests on an official source, and its source."""
    from oitcrawl.framework import element_is_official

    el = e.element
    element["official_source"] = element_is_official(ev.framework, el)
    source = el.source or ev.framework.source
    element["source"] = source.model_dump() if source else None
    return element


def _submission_caps(submission: dict[str, Any]) -> dict[str, Any]:
    """The URL caps the submission was held to and how many URLs each item lost to them
    (issue 13: `capped` says the check did not see every submitted URL)."""
    from oitcrawl.submission import MAX_URLS_PER_ITEM, MAX_URLS_PER_SUBMISSION

    dropped = {k: int(v) for k, v in (submission.get("dropped_urls") or {}).items()}
    return {
        "url_caps": {"per_item": MAX_URLS_PER_ITEM, "per_submission": MAX_URLS_PER_SUBMISSION},
        "dropped_urls": dropped,
        "capped": bool(dropped),
    }


def _scores(scores: Any) -> dict[str, Any]:
    return {
        "oit": scores.oit,
        "indicators": scores.indicators,
        "subindicators": scores.subindicators,
        "rating": scores.rating,
        "ita": scores.ita,
    }


def _findings(r: ItemResult, arch: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """The item's findings, each with its stable `key` and, when a person dismissed it, the
    `decision` (it then leaves notes and suggestion lists, issue 16)."""
    out = []
    for key, f in zip(finding_keys([f.to_dict() for f in r.findings]), r.findings, strict=True):
        d = r.dismissed.get(key)
        out.append({**_cite(f.to_dict(), arch), "decision": d.to_dict() if d else None})
    return out


def _archive_index(ev: Evaluation) -> dict[str, dict[str, str]]:
    """{display URL (requested and final): {"file", "record_id"}} of the run's archive."""
    index: dict[str, dict[str, str]] = {}
    for url, ref in ev.archive.items():
        index[display_url(url)] = ref
    for url, fetch in ev.documents.fetches.items():
        if fetch.get("final_url") and url in ev.archive:
            index.setdefault(display_url(fetch["final_url"]), ev.archive[url])
    return index


def _cite(entry: dict[str, Any], arch: dict[str, dict[str, str]]) -> dict[str, Any]:
    """`entry` with `archive` {file, record_id} when its URL is in the run's archive."""
    ref = arch.get(entry.get("url") or "")
    return {**entry, "archive": dict(ref)} if ref else entry


def _none_months(e: ElementResult, docs: list[EvidenceDoc]) -> list[str]:
    """The covered months of a monthly element that only a "nothing to report" carrier covers
    (framework `none_phrases`, e.g. "ไม่มีการจัดซื้อจัดจ้าง"): the months its carriers that say
    so mention, less the months its other carriers mention. Read from the same documents and
    with the same helpers the rules used (``carrier._none_docs``, ``EvidenceDoc.date_mentions``);
    nothing is judged again. A document holding both rows and a "none" line counts as "none"
    for every month it names."""
    from oitcrawl.evaluate.carrier import _none_docs

    if e.period is None or e.period.rule != "monthly" or not e.element.none_phrases:
        return []
    urls = set(e.carriers)
    carriers = [d for d in docs if d.display_url in urls]
    says_none = {id(d) for d in _none_docs(e.element, carriers)}
    if not says_none:
        return []
    none, rows = set(), set()
    for d in carriers:
        keys = {m.month_key for m, _ in d.date_mentions if m.kind == "month"}
        (none if id(d) in says_none else rows).update(keys)
    return sorted((none - rows) & set(e.period.covered_months))


def _element(
    e: ElementResult, arch: dict[str, dict[str, str]], docs: list[EvidenceDoc] | None = None
) -> dict[str, Any]:
    el = e.element
    period = None
    if e.period is not None:
        period = {
            "rule": e.period.rule,
            "met": e.period.met,
            "found_fiscal_years": list(e.period.found_fiscal_years),
            "covered_months": list(e.period.covered_months),
            "missing_months": list(e.period.missing_months),
            "reason_th": e.period.reason_th,
            "reason_en": e.period.reason_en,
        }
        if e.period.rule == "monthly":
            period["none_months"] = _none_months(e, docs or [])
    return {
        "id": el.id,
        "required": e.required,
        "title_th": el.title_th,
        "title_en": el.title_en,
        "period_rule": el.period,
        "evidence_kind": el.evidence,
        "status": e.status,
        "carriers": [_cite({"url": u}, arch) for u in e.carriers],
        "role": e.role,
        "evidence": [
            _cite(
                {
                    "url": h.url,
                    "page": h.page,
                    "excerpt": h.excerpt,
                    "phrase": h.phrase,
                    "ocr": h.ocr,
                    "role": h.role,
                },
                arch,
            )
            for h in e.evidence
        ],
        "period": period,
        "date": e.date.to_dict() if e.date else None,
    }


def _fetch(d: EvidenceDoc, arch: dict[str, dict[str, str]]) -> dict[str, Any]:
    fetch = d.fetch or {}
    return _cite(
        {
            "url": d.display_url,
            "depth": d.depth,
            "via": display_url(d.via) if d.via else None,
            "label": d.label,
            "main_website": d.counts,
            "outcome": d.outcome or "not_fetched",
            "http_status": d.http_status,
            "final_url": display_url(final) if (final := fetch.get("final_url")) else None,
            "redirect_chain": [
                display_url(u) for u in json.loads(fetch.get("redirect_chain_json") or "[]")
            ],
            "error_kind": fetch.get("error_kind"),
            "error": fetch.get("error"),
        },
        arch,
    )


def _documents(ev: Evaluation) -> list[dict[str, Any]]:
    items_of: dict[str, list[str]] = {}
    for item_id, docs in ev.documents.by_item.items():
        for d in docs:
            items_of.setdefault(d.url, []).append(item_id)
    out = []
    for url, fetch in sorted(ev.documents.fetches.items()):
        extract = ev.documents.extracts.get(fetch["sha256"] or "")
        readability = assess(fetch, extract)
        pages = json.loads(extract["pages_json"] or "null") if extract else None
        meta = json.loads((extract or {}).get("metadata_json") or "{}")
        out.append(
            {
                "url": display_url(url),
                "final_url": display_url(fetch["final_url"]) if fetch["final_url"] else None,
                "http_status": fetch["http_status"],
                "outcome": fetch["outcome"],
                "error": fetch["error"],
                "content_type": fetch["content_type"],
                "sniffed_type": extract["sniffed_type"] if extract else None,
                "bytes": fetch["bytes"],
                "sha256": fetch["sha256"],
                "title": (extract or {}).get("title") or None,
                "pages": extract["page_count"] if extract else None,
                "pages_with_text": (
                    sum(1 for p in pages if p["has_text_layer"]) if pages else None
                ),
                "text_layer": meta.get("text_layer"),
                "ocr": bool(meta.get("ocr")),
                "machine_readable": readability.machine_readable,
                "readability": readability.level,
                "readability_label": readability.label,
                "reason": readability.reason_en,
                "reason_th": readability.reason_th,
                "items": sorted(set(items_of.get(url, [])), key=lambda i: int(i[1:])),
                "fetched_at": fetch["fetched_at"],
                "from_cache": bool(fetch.get("from_cache")),
                **({"archive": dict(ev.archive[url])} if url in ev.archive else {}),
            }
        )
    return out


def write_json(report: dict[str, Any], path: Path) -> Path:
    """Write `report` atomically (temp file + rename) as UTF-8 JSON.

    With ``OITCRAWL_VALIDATE_REPORTS=1`` (the test suite sets it) the report is first
    validated against report@3 and ``jsonschema.ValidationError`` raised on a mismatch.
    Otherwise not: validating a district's report costs ~0.3 s, more than evaluating it, and
    the schema is a contract the tests hold the code to, not a check of user input (issue 17).
    """
    if os.environ.get("OITCRAWL_VALIDATE_REPORTS", "") not in ("", "0"):
        validate_report(report)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path
