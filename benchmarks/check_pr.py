"""Speed of `portal check-pr` on a one-record pull request, beside a full validation of the same registry.

    .venv/bin/python benchmarks/check_pr.py                 # 100,000 accounts
    .venv/bin/python benchmarks/check_pr.py --size 1000     # a quick run

A synthetic registry (`portal synth N`) committed to a real Git repository as `main`; then, measured
in the same run:
  cold      `portal validate` with an empty cache (the baseline);
  warm      `portal validate` again, nothing changed (the run cache answers);
  check-pr  a branch whose one commit changes one account (a positioning change with its change
            filing), checked with `portal check-pr --base main` on the cache the validations left
            (the loader's records and the snapshot of main's full validation), as CI restores it.
Prints wall seconds, each as a ratio to cold and to warm, CPU seconds, peak memory, and check-pr's
phases (PORTAL_TRACE) so that the time can be placed. Target: check-pr ≤ 1 s at 100,000 accounts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from validate import portal_cmd, timed  # noqa: E402

TODAY = "2026-12-31"  # after every synthetic filing: a clean registry
TARGET_SECONDS = 1.0


def git(top: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org",
           "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    return subprocess.run(["git", *args], cwd=top, env=env, check=True, capture_output=True, text=True).stdout


def change_one_account(registry: Path, skip: int) -> Path:
    """Append a positioning change (with its change filing) to an active account (the first after
    `skip` others)."""
    sys.path.insert(0, str(HERE.parent))
    import yaml_rs

    from generator.tools.yaml_emit import dump

    for path in sorted((registry / "accounts").glob("*/*.yaml")):
        doc = yaml_rs.loads(path.read_text("utf-8"), parse_datetime=False)
        if doc.get("status") == "active":
            if skip:
                skip -= 1
                continue
            doc["positioning"] = str(doc.get("positioning", "")) + "，提供便民服务"
            doc["filings"].append({"type": "change", "event_date": "2026-12-28", "filed_date": "2026-12-29",
                                   "reason": "调整功能定位", "changes": [{"field": "positioning"}]})
            path.write_text(dump(doc), "utf-8")
            return path
    raise SystemExit("no active account to change")


def run(n: int, work: Path, seed: int) -> dict[str, float]:
    top = work / f"repo-{n}"
    if top.exists():
        shutil.rmtree(top)
    top.mkdir(parents=True)
    registry = top / "registry"
    timed([*portal_cmd(), "synth", str(n), "--out", str(registry), "--seed", str(seed)])
    (top / ".gitignore").write_text(".portal-cache/\n", "utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "registry")
    validate = [*portal_cmd(), "validate", "--registry", str(registry), "--format", "json", "--today", TODAY]
    out: dict[str, float] = {}
    out["cold"], out["cold_mb"], out["cold_cpu"] = timed(validate, ok_codes=(0, 1))
    out["warm"], out["warm_mb"], out["warm_cpu"] = timed(validate, ok_codes=(0, 1))
    check = [*portal_cmd(), "check-pr", "--registry", str(registry), "--base", "main", "--today", TODAY,
             "--format", "json"]

    def pull_request(i: int) -> Path:
        git(top, "checkout", "-q", "-b", f"change-{i}", "main")
        path = change_one_account(registry, i)
        git(top, "commit", "-qam", "one filing")
        return path

    changed = pull_request(0)
    out["check"], out["check_mb"], out["check_cpu"] = timed(check, ok_codes=(0, 1))
    pull_request(1)  # another record, for the phases of a run just like the timed one
    trace = subprocess.run(check, cwd=top, capture_output=True, text=True, env={**os.environ, "PORTAL_TRACE": "1"})
    print(f"\n== {n:,} accounts; one changed: {changed.relative_to(top)} ==")
    for label, key in (("portal validate cold (baseline)", "cold"), ("portal validate warm", "warm"),
                       ("portal check-pr, one record", "check")):
        t = out[key]
        print(f"  {label:32} {t:7.2f} s  {t / out['cold']:6.3f}× cold  {t / out['warm']:6.2f}× warm  "
              f"cpu {out[key + '_cpu']:6.2f} s  peak {out[key + '_mb']:6.0f} MiB")
    verdict = "met" if out["check"] <= TARGET_SECONDS else "MISSED"
    print(f"  target: check-pr ≤ {TARGET_SECONDS:.0f} s: {verdict}")
    print("  where check-pr's time goes (PORTAL_TRACE, seconds since start):")
    for line in trace.stderr.splitlines():
        if line.startswith("[trace]"):
            print("   ", line[len("[trace]"):].strip())
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=100_000, help="accounts in the synthetic registry")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, help="where to write the repository (default: a temporary folder)")
    args = ap.parse_args(argv)
    work = args.workdir or Path(tempfile.mkdtemp(prefix="portal-bench-pr-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; load {os.getloadavg()[0]:.2f}")
    try:
        run(args.size, work, args.seed)
    finally:
        if args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
