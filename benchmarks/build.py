"""Build benchmark: cold `portal build` of synthetic registries (`portal synth N`), next to the naive way
(every account a Markdown page through mkdocs, out of the nav) measured at a smaller size in the same run.

    python benchmarks/build.py                     # 10,000 and 100,000 accounts, naive at 1,000
    python benchmarks/build.py --sizes 200 --naive 50

Prints, per size: cold build time, peak memory (the build and its workers together), output bytes and
the mean account page size; then the per-page ratio naive / ours. Targets: 100,000 accounts in <= 120 s
with <= 1.5 GB, an account page <= 12 KB."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PORTAL = [sys.executable, "-m", "generator"]
TODAY = "2026-11-27"


def _tree_pss_kb(root_pid: int) -> int:
    """Proportional memory (PSS) of a process and all its descendants: pages the forked workers
    share with the parent are counted once, not once per process as RSS would."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    parents[int(entry)] = int(fh.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    total, todo = 0, [root_pid]
    while todo:
        pid = todo.pop()
        try:
            with open(f"/proc/{pid}/smaps_rollup") as fh:
                total += sum(int(line.split()[1]) for line in fh if line.startswith("Pss:"))
        except OSError:
            pass
        todo += [c for c, p in parents.items() if p == pid]
    return total


def run_measured(cmd: list[str]) -> tuple[float, int]:
    """(wall seconds, peak KB of the process tree) of a command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _tree_pss_kb(proc.pid))
            done.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err.decode(errors='replace')[-2000:]}")
    return time.perf_counter() - t0, peak


def synth(n: int, dest: Path) -> None:
    subprocess.run([*PORTAL, "synth", str(n), "--out", str(dest), "--today", TODAY], cwd=PROJECT, check=True,
                   stdout=subprocess.DEVNULL)


def measure_ours(n: int, work: Path) -> dict[str, float]:
    reg, out = work / f"reg-{n}", work / f"out-{n}"
    synth(n, reg)
    seconds, peak_kb = run_measured([*PORTAL, "build", "--registry", str(reg), "--out", str(out), "--today", TODAY])
    total = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    pages = [p.stat().st_size for p in (out / "accounts").glob("*/index.html")]
    warm, _ = run_measured([*PORTAL, "build", "--registry", str(reg), "--out", str(out), "--today", TODAY])
    return {"n": n, "seconds": seconds, "warm": warm, "peak_mb": peak_kb / 1024, "bytes": total,
            "page": sum(pages) / len(pages), "max_page": max(pages)}


def measure_per_page(n: int, work: Path) -> tuple[float, float]:
    """Seconds per account page: ours (template into the shell) and naive (Markdown through mkdocs)."""
    sys.path.insert(0, str(PROJECT))
    from generator.site.build import build_site
    from generator.site.shell import mkdocs_build, stage_docs

    reg = work / f"naive-reg-{n}"
    synth(n, reg)
    stats = build_site(reg, work / f"naive-ours-{n}", TODAY, jobs=1)
    ours = stats.timings["accounts"] / n

    def mkdocs_time(with_accounts: bool) -> float:
        stage = work / f"naive-docs-{with_accounts}"
        shutil.rmtree(stage, ignore_errors=True)
        stage_docs(stage, "national")
        if with_accounts:
            for f in sorted((reg / "accounts").glob("*/*.yaml")):
                (stage / "accounts").mkdir(exist_ok=True)
                (stage / "accounts" / f"{f.stem}.md").write_text(_naive_markdown(f), "utf-8")
        t0 = time.perf_counter()
        mkdocs_build(stage, work / f"naive-site-{with_accounts}", "naive", "https://synth.example.org/")
        return time.perf_counter() - t0

    base = mkdocs_time(False)
    naive = (mkdocs_time(True) - base) / n
    return ours, naive


def _naive_markdown(path: Path) -> str:
    import yaml

    a = yaml.safe_load(path.read_text("utf-8"))
    lines = [f"# {a['name']}", "", "| 项目 | 内容 |", "|---|---|"]
    for key in ("platform", "platform_id", "handle", "url", "host_unit", "positioning", "verification_text", "status"):
        if a.get(key):
            lines.append(f"| {key} | {a[key]} |")
    lines += ["", "## 备案记录", ""]
    lines += [f"- **{f['filed_date']}** {f['type']} {f.get('reason', '')}" for f in a["filings"]]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated account counts")
    ap.add_argument("--naive", type=int, default=1000, help="accounts for the naive comparison")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the registries and outputs here")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="portal-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        print(f"{'accounts':>9} {'cold s':>8} {'warm s':>8} {'peak MB':>8} {'output MB':>10} {'page KB':>8} {'max KB':>7}")
        for n in (int(s) for s in args.sizes.split(",") if s.strip()):
            r = measure_ours(n, work)
            print(f"{r['n']:>9} {r['seconds']:>8.1f} {r['warm']:>8.1f} {r['peak_mb']:>8.0f} {r['bytes'] / 2**20:>10.1f} "
                  f"{r['page'] / 1024:>8.2f} {r['max_page'] / 1024:>7.2f}", flush=True)
        ours, naive = measure_per_page(args.naive, work)
        print(f"per account page at {args.naive}: ours {ours * 1000:.2f} ms, naive mkdocs Markdown {naive * 1000:.2f} ms, "
              f"ratio naive/ours {naive / ours:.1f}x"
              # the naive figure is a difference of two mkdocs builds: at a few pages, noise can outweigh it
              + (" (below this run's noise: use --naive 1000)" if naive <= 0 else ""))
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
