"""OCR quality on Thai scans with known text, before/after (issue 18).

```sh
.venv/bin/python benchmarks/ocr_quality.py                  # the default grid, ~4-6 min
.venv/bin/python benchmarks/ocr_quality.py --quick          # 3 pages, 2 settings, ~40 s
.venv/bin/python benchmarks/ocr_quality.py --dpi 200 300 --prep none binarize
```

The labelled set is made by `benchmarks/ocr_scans.py` (seeded: the same pages every run) in a
temporary folder: ประกาศ, คำสั่ง and a monthly report typeset with the Thai fonts, Thai and
Arabic digits, years 2565-2568, degraded like office scans (150-300 dpi, blur, noise, skew,
JPEG). Per setting (render dpi × preprocessing) it prints:

* `CER`: character error rate of the OCR text against the label (Levenshtein distance over
  the label length, whitespace removed on both sides, sara am composed);
* `years right`: the share of the label's Buddhist-Era year mentions found in the final text
  (multiset match); `wrong`: years in the text that are not on the page, `unflagged`: of
  those, the ones no `flagged` note covers (the figure that must be 0); `missed`: label
  mentions not read as their year (misread, or lost);
* `s/page`: wall time per page (render, Tesseract, re-read).

`before` is the setting oitcrawl used before issue 18 (200 dpi, `none`: Tesseract alone);
`oitcrawl` is what extraction does now (`ocr.OCR_DPI`, years re-read by shape and checked). It
also prints the text-layer decision (`extract.choose_page_text`) for every page of the real
corpus (`../shared/corpus/real`) and for the damaged-layer PDFs of `ocr_scans.py`.
Exit status 1 when the chosen setting reads a year wrong without flagging it.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.ocr_scans import make_set  # noqa: E402
from oitcrawl.extract import ocr  # noqa: E402


def _levenshtein(a: str, b: str) -> int:
    if len(a) < len(b):
        a, b = b, a
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def _squash(text: str) -> str:
    return "".join(text.replace("\u0e4d\u0e32", "\u0e33").split())


def cer(ocr_text: str, label: str) -> float:
    """Character error rate of `ocr_text` against `label` (whitespace ignored)."""
    truth = _squash(label)
    return _levenshtein(_squash(ocr_text), truth) / max(len(truth), 1)


def year_figures(text: str, notes: list[dict], label_years: list[int]) -> dict[str, int]:
    """Year mentions of a page's final OCR text against its label: `right` (multiset match),
    `wrong` (years in the text that are not on the page), `wrong_unflagged` (of those, more
    than the flagged notes cover), `missed` (label mentions not read as that year)."""
    got = Counter(y for y, _ in ocr.be_years(text))
    want = Counter(label_years)
    right = sum(min(n, got[y]) for y, n in want.items())
    wrong = sum(max(0, n - want[y]) for y, n in got.items())
    flagged = sum(1 for n in notes if n["action"] == "flagged" and n.get("value"))
    return {
        "right": right,
        "wrong": wrong,
        "wrong_unflagged": max(0, wrong - flagged),
        "missed": len(label_years) - right,
        "mentions": len(label_years),
    }


def run_grid(folder: Path, dpis: list[int], preps: list[str], limit: int | None) -> list[dict]:
    """One row per (dpi, preprocessing): "none"/"binarize"/"autocontrast" are Tesseract alone
    (then `check_years`, which only flags); "oitcrawl" is `ocr.ocr_pdf` as extraction runs it
    (years re-read by shape, then checked)."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))[:limit]
    rows = []
    for dpi in dpis:
        for prep in preps:
            c, secs = 0.0, 0.0
            totals: Counter[str] = Counter()
            raw_right = 0
            for lab in labels:
                data = (folder / lab["name"]).read_bytes()
                raw = prep != "oitcrawl"
                t0 = time.monotonic()
                res = ocr.ocr_pdf(
                    data, [1], budget_s=120, dpi=dpi, prep=prep if raw else None, reference=2568
                )
                secs += time.monotonic() - t0
                text = res.pages.get(1, "")
                notes = res.corrections.get(1, [])
                if raw:
                    raw_right += year_figures(text, [], lab["years"])["right"]
                    text, notes = ocr.check_years(text, 2568)
                c += cer(text, lab["text"])
                totals.update(year_figures(text, notes, lab["years"]))
            n, m = len(labels), totals["mentions"]
            row = {
                "dpi": dpi,
                "prep": prep,
                "cer": round(c / n, 4),
                "years_right": round(totals["right"] / m, 3),
                "years_wrong": totals["wrong"],
                "years_wrong_unflagged": totals["wrong_unflagged"],
                "years_missed": totals["missed"],
                "year_mentions": m,
                "s_per_page": round(secs / n, 2),
                "pages": n,
            }
            rows.append(row)
            print(
                f"  {dpi:>4} dpi  {prep:<12} CER {row['cer']:.3f}  years right "
                f"{row['years_right']:.2f} ({totals['right']}/{m})  wrong {row['years_wrong']}"
                f" (unflagged {row['years_wrong_unflagged']})  missed {row['years_missed']}"
                f"  {row['s_per_page']:.1f} s/page",
                flush=True,
            )
    return rows


def layer_decisions() -> list[dict]:
    """choose_page_text on every page of the real corpus PDFs (OCR on)."""
    from oitcrawl.extract import extract_document

    corpus = (ROOT / "../shared/corpus/real").resolve()
    out = []
    for path in sorted(corpus.rglob("*.pdf")):
        doc = extract_document(path.read_bytes(), "application/pdf", path.name)
        for page in doc.pages or []:
            out.append(
                {
                    "file": str(path.relative_to(corpus)),
                    "page": page.number,
                    "class": page.text_class,
                    "source": page.source,
                    "why": page.source_reason,
                }
            )
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--dpi", type=int, nargs="+", default=[200, 300, 400])
    ap.add_argument("--prep", nargs="+", default=["none", "binarize", "oitcrawl"])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--layers", action="store_true", help="also the corpus text-layer decisions")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args(argv)
    if not ocr.ocr_available():
        print("tesseract with the tha language is not installed", file=sys.stderr)
        return 2
    limit = 3 if args.quick else None
    dpis = [200, 300] if args.quick else args.dpi
    preps = ["none", "oitcrawl"] if args.quick else args.prep
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        make_set(folder)
        print(f"OCR of {limit or 9} labelled scans (tesseract {ocr.OCR_LANGS}):", flush=True)
        rows = run_grid(folder, dpis, preps, limit)
    result: dict = {"grid": rows}
    if args.layers:
        result["layers"] = layer_decisions()
        counts = Counter((d["class"], d["source"]) for d in result["layers"])
        print("text-layer decisions on the real corpus (class, source): pages")
        for (cls, src), n in sorted(counts.items()):
            print(f"  {cls:<15} {src:<10} {n}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    chosen = [r for r in rows if r["dpi"] == ocr.OCR_DPI and r["prep"] == "oitcrawl"]
    return 0 if not chosen or chosen[0]["years_wrong_unflagged"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
