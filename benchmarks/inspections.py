"""What inspections cost at scale: computed results, their pages and exports, and the yearly assessment,
as ratios to baselines measured in the same run on the same synthetic registry (`portal synth N
--profile kunshan`: each office spot-checks a quarter of its accounts in 2026-Q2 and 2026-Q3).

    python benchmarks/inspections.py                    # 10,000 and 100,000 accounts
    python benchmarks/inspections.py --sizes 2000       # a quick run

Per size:
  validate   warm `portal validate` (cache full): the baseline of the commands below, which validate first;
  assess     `portal assess --year 2026` (every supervising unit, rules re-run for the items they decide);
  export     `portal export inspections --period 2026-Q3` (XLSX and CSV);
  build      `portal build` of the registry, against the same registry without its inspections/ folder
             (both with a warm loader cache, fresh output folders, alternated, the faster of two runs each):
             what the inspection pages, exports and the assessment pages add to a build;
and the inspection output: files, MB, the largest batch page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PORTAL = [sys.executable, "-m", "generator"]
TODAY = "2026-11-27"


def run(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stderr.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - t0


def best(cmd: list[str], times: int = 2) -> float:
    return min(run(cmd) for _ in range(times))


def measure(n: int, work: Path) -> dict[str, float]:
    reg, bare = work / f"reg-{n}", work / f"bare-{n}"
    subprocess.run([*PORTAL, "synth", str(n), "--out", str(reg), "--profile", "kunshan", "--today", TODAY],
                   cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)
    shutil.copytree(reg, bare, ignore=shutil.ignore_patterns("inspections", ".portal-cache"), copy_function=os.link)
    for r in (reg, bare):
        run([*PORTAL, "validate", "--registry", str(r), "--today", TODAY])  # fills the loader's cache
    validate = best([*PORTAL, "validate", "--registry", str(reg), "--today", TODAY])
    assess = best([*PORTAL, "assess", "--year", "2026", "--registry", str(reg), "--today", TODAY])
    export = best([*PORTAL, "export", "inspections", "--period", "2026-Q3", "--registry", str(reg), "--today", TODAY,
                   "--out", str(work / f"export-{n}")])
    bare_times, times = [], []
    for i in range(2):  # alternated, the faster of two each: a busy neighbour slows one run, not a kind
        bare_times.append(run([*PORTAL, "build", "--registry", str(bare), "--out", str(work / f"out-bare-{n}-{i}"),
                               "--today", TODAY]))
        times.append(run([*PORTAL, "build", "--registry", str(reg), "--out", str(work / f"out-{n}-{i}"), "--today", TODAY]))
    build_bare, build = min(bare_times), min(times)
    out = work / f"out-{n}-1"
    files = [p for d in ("inspections", "assessments") for p in (out / d).rglob("*") if p.is_file()]
    batch_pages = [p.stat().st_size for p in (out / "inspections").glob("*/*/index.html")]
    batches = sum(1 for _ in (reg / "inspections").rglob("*.yaml"))
    return {"n": n, "batches": batches, "validate": validate, "assess": assess, "export": export,
            "build_bare": build_bare, "build": build, "files": len(files),
            "mb": sum(p.stat().st_size for p in files) / 2**20, "batch_kb": max(batch_pages, default=0) / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated account counts")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the registries and outputs here")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="portal-bench-insp-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"{'accounts':>9} {'batches':>7} {'validate s':>10} {'assess s':>9} {'ratio':>6} {'export s':>9} {'ratio':>6} "
              f"{'build bare s':>12} {'build s':>8} {'ratio':>6} {'files':>6} {'MB':>6} {'batch KB':>8}")
        for n in (int(s) for s in args.sizes.split(",") if s.strip()):
            r = measure(n, work)
            print(f"{r['n']:>9} {r['batches']:>7} {r['validate']:>10.2f} {r['assess']:>9.2f} {r['assess'] / r['validate']:>6.2f} "
                  f"{r['export']:>9.2f} {r['export'] / r['validate']:>6.2f} {r['build_bare']:>12.1f} {r['build']:>8.1f} "
                  f"{r['build'] / r['build_bare']:>6.3f} {r['files']:>6} {r['mb']:>6.1f} {r['batch_kb']:>8.1f}", flush=True)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
