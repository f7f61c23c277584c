"""Fixed cost of the commands a user types: `oitcrawl --help` and `oitcrawl evaluate` (issue 17).

    .venv/bin/python benchmarks/commands.py [--repeat 5]

Crawls the bundled sample district site once (`oitcrawl demo`, real loopback server, into a
temporary folder), then runs, each as a fresh process exactly as a user starts it:

* `oitcrawl --help` and `oitcrawl evaluate --help` (start-up: imports and typer's help);
* `oitcrawl evaluate RUN --db … --out … -q` of the stored run (no network): load the run,
  judge 30 items, write report.json, report.html, suggestions.csv and suggestions.xlsx.

Prints the best and the median wall time of ``--repeat`` runs (seconds) and the peak RSS
(MiB, ``wait4`` of each run), then the modules of the heavy libraries that
`--help` imported (there should be none). Gates (exit 1 on a miss): `--help` < 0.3 s and
`evaluate` < 1 s whole process, best of the runs. `evaluate --help` is shown, not gated:
typer imports pydantic to build a command's parameters (~80 ms).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from document_pipeline import run_process  # noqa: E402  (a sibling script)

OITCRAWL = [sys.executable, "-m", "oitcrawl"]
EXE = Path(sys.executable).with_name("oitcrawl")
HEAVY = ("scrapy", "twisted", "sqlite_utils", "pydantic", "tldextract", "pythainlp",
         "openpyxl", "jinja2", "pdfplumber", "pypdfium2", "bs4", "html5lib")  # fmt: skip
HELP_GATE_S = 0.3
EVALUATE_GATE_S = 1.0


def timed(cmd: list[str], repeat: int, env: dict[str, str]) -> tuple[list[float], float]:
    """Wall seconds of each of `repeat` runs of `cmd`, and the largest peak RSS (MiB)."""
    walls, peak = [], 0.0
    for _ in range(repeat):
        seconds, rss, status = run_process(cmd, env)
        if status != 0:
            sys.exit(f"{' '.join(cmd)}: exit {status}")
        walls.append(seconds)
        peak = max(peak, rss)
    return walls, peak


def heavy_imports(env: dict[str, str]) -> list[str]:
    """The heavy libraries a `--help` process has imported when it exits."""
    probe = (
        "import sys, contextlib\nfrom oitcrawl.cli import app\n"
        "with contextlib.suppress(SystemExit):\n    app(['--help'])\n"
        f"print(sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r})))"
    )
    out = (
        subprocess.run(
            [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=True
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    return json.loads(out.replace("'", '"'))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    env = {**os.environ, "OITCRAWL_OCR": "0", "COLUMNS": "100"}
    env.pop("OITCRAWL_VALIDATE_REPORTS", None)  # what a user runs, not the test suite
    print(f"# {platform.platform()}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print(f"# load average {os.getloadavg()[0]:.2f} at start")
    failed = []
    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        subprocess.run([*OITCRAWL, "demo", "--out", str(demo), "-q"], env=env, check=True,
                       capture_output=True)  # fmt: skip
        run_id = json.loads((demo / "report.json").read_text("utf-8"))["run"]["id"]
        cli = [str(EXE)] if EXE.exists() else OITCRAWL
        rows = [
            ("oitcrawl --help", [*cli, "--help"], HELP_GATE_S),
            ("oitcrawl evaluate --help", [*cli, "evaluate", "--help"], None),
            (
                "oitcrawl evaluate RUN (30 items, 4 outputs)",
                [*cli, "evaluate", run_id, "--db", str(demo / "evidence.sqlite"),
                 "--out", str(Path(tmp) / "ev"), "-q"],
                EVALUATE_GATE_S,
            ),
        ]  # fmt: skip
        print("\n| command | best s | median s | peak RSS MiB | gate |\n|---|---|---|---|---|")
        for name, cmd, gate in rows:
            walls, rss = timed(cmd, args.repeat, env)
            best = min(walls)
            ok = gate is None or best < gate
            if not ok:
                failed.append(f"{name}: {best:.3f} s ≥ {gate} s")
            verdict = f"< {gate} s {'ok' if ok else 'MISSED'}" if gate else "(shown)"
            print(f"| `{name}` | {best:.3f} | {statistics.median(walls):.3f} | {rss:.0f} | "
                  f"{verdict} |")  # fmt: skip
    heavy = heavy_imports(env)
    print(f"\nheavy libraries imported by `--help`: {', '.join(heavy) or 'none'}")
    print("RESULT: " + ("FAIL: " + "; ".join(failed) if failed else "PASS"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
