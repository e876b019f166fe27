"""Validation speed at scale, as ratios to a bare PyYAML loop over the same files.

    .venv/bin/python benchmarks/validate.py                 # 10,000 and 100,000 accounts
    .venv/bin/python benchmarks/validate.py --sizes 500     # a quick run

For each size: a synthetic registry (`portal synth N --out DIR --seed S` when that command exists,
else this folder's synth_accounts.py), then
  bare    read and parse every file with PyYAML's CSafeLoader (one core): the yardstick;
  cold    `portal validate --registry DIR` with an empty cache;
  warm    the same again, cache full, nothing changed;
  loader  load_registry() alone, cold and warm (in a fresh process each).
Prints wall seconds, files/s, ratios to bare, CPU seconds (steadier on a busy machine: a cold run
spreads over every core, so its CPU time exceeds its wall time), peak memory; targets (wall time):
cold ≤ 0.3×, warm ≤ 0.05×, < 1 GiB.
`--check` exits 1 when a target is missed.
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

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent
TODAY = "2026-06-30"
TARGETS = {"cold": 0.3, "warm": 0.05}
MEMORY_LIMIT_MB = 1024


def portal_cmd() -> list[str]:
    exe = Path(sys.executable).with_name("portal")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "generator"]


def has_command(name: str) -> bool:
    try:
        out = subprocess.run([*portal_cmd(), "--help"], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return any(line.split()[:1] == [name] for line in out.stdout.splitlines())


def timed(cmd: list[str], ok_codes: tuple[int, ...] = (0,)) -> tuple[float, float, float]:
    """(wall seconds, peak resident MiB, CPU seconds) of a child process and the children it waited
    for. CPU time is the steadier figure on a shared machine; wall time is what a user waits."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=PROJECT)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
        raise SystemExit(f"{' '.join(cmd)} exited {code}\n{err[-2000:]}")
    if proc.stderr:
        proc.stderr.close()
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def make_registry(n: int, dst: Path, seed: int) -> str:
    if has_command("synth"):
        timed([*portal_cmd(), "synth", str(n), "--out", str(dst), "--seed", str(seed), "--today", TODAY])
        return "portal synth"
    sys.path.insert(0, str(HERE))
    import synth_accounts

    synth_accounts.write_registry(dst, n, seed)
    return "benchmarks/synth_accounts.py"


def bare_loop(root: Path) -> tuple[float, float, int]:
    """(wall, CPU seconds, files): read and parse every YAML file with PyYAML's libyaml loader."""
    import yaml

    files = sorted(root.rglob("*.yaml"))
    start, cpu = time.perf_counter(), time.process_time()
    for f in files:
        with open(f, "rb") as fh:
            yaml.load(fh.read(), Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, time.process_time() - cpu, len(files)


LOADER_SNIPPET = "import sys; from generator.load import load_registry; load_registry(sys.argv[1])"


def run_size(n: int, work: Path, seed: int, use_validate: bool) -> dict[str, float]:
    root = work / f"registry-{n}"
    if root.exists():
        shutil.rmtree(root)
    source = make_registry(n, root, seed)
    time.sleep(1.1)  # let the files age past the cache's racy window, as a checkout's files have
    bare, bare_cpu, files = bare_loop(root)
    out: dict[str, float] = {"files": files, "bare": bare, "bare_cpu": bare_cpu}
    cache = root / ".portal-cache"
    loader = [sys.executable, "-c", LOADER_SNIPPET, str(root)]
    shutil.rmtree(cache, ignore_errors=True)
    out["loader_cold"], out["loader_cold_mb"], out["loader_cold_cpu"] = timed(loader)
    out["loader_warm"], out["loader_warm_mb"], out["loader_warm_cpu"] = timed(loader)
    if use_validate:
        cmd = [*portal_cmd(), "validate", "--registry", str(root), "--format", "json", "--today", TODAY]
        shutil.rmtree(cache, ignore_errors=True)
        out["cold"], out["cold_mb"], out["cold_cpu"] = timed(cmd, ok_codes=(0, 1))
        out["warm"], out["warm_mb"], out["warm_cpu"] = timed(cmd, ok_codes=(0, 1))
    print(f"\n== {n:,} accounts ({files:,} files, made by {source}) ==")
    print(f"  bare PyYAML CSafeLoader loop  {bare:8.2f} s  {files / bare:10,.0f} files/s  "
          f"{'':12} cpu {bare_cpu:7.2f} s")
    rows = [("loader cold (load_registry)", "loader_cold"), ("loader warm (load_registry)", "loader_warm")]
    if use_validate:
        rows += [("portal validate cold", "cold"), ("portal validate warm", "warm")]
    for label, key in rows:
        t = out[key]
        target = TARGETS.get(key)
        mark = "" if target is None else ("  ok" if t / bare <= target else f"  MISSED (target ≤ {target}×)")
        print(f"  {label:29} {t:8.2f} s  {files / t:10,.0f} files/s  {t / bare:6.3f}× bare  "
              f"cpu {out[key + '_cpu']:7.2f} s  peak {out[key + '_mb']:6.0f} MiB{mark}")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated account counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, help="where to write registries (default: a temporary folder)")
    ap.add_argument("--keep", action="store_true", help="keep the generated registries")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="portal-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    use_validate = has_command("validate")
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}; "
          f"{'portal validate' if use_validate else 'load_registry only (portal validate not available)'}")
    missed = False
    try:
        for n in sizes:
            r = run_size(n, work, args.seed, use_validate)
            for key, target in TARGETS.items():
                k = key if use_validate else f"loader_{key}"
                missed |= r[k] / r["bare"] > target or r[k + "_mb"] > MEMORY_LIMIT_MB
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
