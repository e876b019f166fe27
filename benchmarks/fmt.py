"""`portal fmt --check` over a whole registry, as ratios to a bare PyYAML loop over the same files.

    .venv/bin/python benchmarks/fmt.py                  # 10,000 accounts
    .venv/bin/python benchmarks/fmt.py --sizes 1000     # a quick run

For each size: a synthetic registry (`portal synth N`), then
  bare      read and parse every file with PyYAML's CSafeLoader (one core): the yardstick;
  check     `portal fmt --check DIR`: nearly every file is known canonical without a round trip;
  full      the round trip (ruamel.yaml) on every file, as for files the quick check cannot vouch for.
Prints wall seconds and each figure's ratio to bare measured in the same run.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.validate import bare_loop, make_registry, portal_cmd, timed  # noqa: E402
from generator.tools.fmt import format_bytes, kind_of  # noqa: E402


def full_round_trip(root: Path) -> tuple[float, int]:
    start = time.perf_counter()
    n = 0
    for p in sorted(root.rglob("*.yaml")):
        kind = kind_of(p)
        if kind is not None and ".portal-cache" not in p.parts:
            format_bytes(p.read_bytes(), kind)
            n += 1
    return time.perf_counter() - start, n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000", help="comma-separated account counts")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-round-trip", action="store_true", help="skip the round trip on every file (slow)")
    args = ap.parse_args(argv)
    for n in (int(s) for s in args.sizes.split(",")):
        with tempfile.TemporaryDirectory(prefix="bench-fmt-") as tmp:
            root = Path(tmp) / "registry"
            make_registry(n, root, args.seed)
            bare, _cpu, files = bare_loop(root)
            check, _mb, _check_cpu = timed([*portal_cmd(), "fmt", "--check", str(root)])
            print(f"{n:,} accounts, {files:,} files")
            print(f"  bare PyYAML CSafeLoader loop  {bare:8.2f} s  1")
            print(f"  portal fmt --check            {check:8.2f} s  {check / bare:6.3f}× bare")
            if not args.no_round_trip:
                full, formatted = full_round_trip(root)
                print(f"  round trip on every file      {full:8.2f} s  {full / bare:6.3f}× bare  ({formatted:,} files)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
