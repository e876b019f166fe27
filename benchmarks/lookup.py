"""Verification lookup benchmark: the sharded index of synthetic registries (`portal synth N`).

    python benchmarks/lookup.py                    # 10,000 and 100,000 accounts
    python benchmarks/lookup.py --sizes 300000     # national scale (a few minutes to synthesise)

Prints, per size: the time to build and write the index next to a baseline measured in the same run
(one orjson dump of every account's row to a file, which is what the old single `search.json` cost),
the shard count and sizes (mean, 99th percentile, largest; the target is <= 20 KB each), the meta file
(fetched once per visit), and the bytes a query fetches (its shards, at most two), for registered names,
lookalikes made from them, platform ids and account links, against the old search.json's size."""

from __future__ import annotations

import argparse
import gzip
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orjson

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from generator.lookup.answer import plan  # noqa: E402
from generator.lookup.index import build_index  # noqa: E402
from generator.lookup.query import read_query  # noqa: E402
from generator.model.status import display_status  # noqa: E402
from generator.site.build import load_valid  # noqa: E402
from generator.site.public import public_data  # noqa: E402
from tests.support.lookalikes import variants  # noqa: E402

TODAY = "2026-11-27"
SHARD_MAX = 20 * 1024


def synth(n: int, dest: Path) -> None:
    if (dest / "portal.yaml").is_file():  # kept from an earlier run with the same --workdir
        return
    subprocess.run([sys.executable, "-m", "generator", "synth", str(n), "--out", str(dest), "--today", TODAY],
                   cwd=PROJECT, check=True, stdout=subprocess.DEVNULL)


def baseline(accounts: list[dict], units: dict[str, str], out: Path) -> tuple[float, int]:
    """The old way: one file of every account (id, name, platform, handle, platform id, status, unit)."""
    t0 = time.perf_counter()
    rows = [[a["id"], a["name"], a["platform"], a.get("handle") or "", a.get("platform_id") or "",
             display_status(a, TODAY), units.get(a["host_unit"], "")] for a in accounts]
    data = orjson.dumps({"accounts": rows}) + b"\n"
    (out / "search.json").write_bytes(data)
    return time.perf_counter() - t0, len(data)


def measure(n: int, work: Path) -> None:
    reg = work / f"reg-{n}"
    synth(n, reg)
    data = public_data(load_valid(reg, TODAY))
    units = {u["id"]: u["name"] for u in data.units}
    out = Path(tempfile.mkdtemp(prefix=f"out-{n}-", dir=work))
    base_s, base_bytes = baseline(data.accounts, units, out)
    t0 = time.perf_counter()
    index = build_index(data.config, data.units, data.accounts, TODAY)
    built = time.perf_counter() - t0
    sizes: dict[str, int] = {}
    for rel, content in index.files():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
        sizes[rel] = len(content)
    total = time.perf_counter() - t0
    meta = sizes.pop("api/lookup/meta.json")
    packed = {rel: len(gzip.compress((out / rel).read_bytes(), 9, mtime=0)) for rel in sizes}
    print(f"\n{n:,} accounts ({len(data.units):,} units)")
    print(f"  baseline (one search.json of every account): {base_s:.2f} s, {base_bytes / 2**20:.1f} MB")
    print(f"  index build {built:.2f} s + write = {total:.2f} s   ratio to baseline {total / base_s:.1f}x")
    for space in ("n", "i"):
        mine = sorted(size for rel, size in sizes.items() if rel.startswith(f"api/lookup/{space}/"))
        p99 = mine[max(0, int(len(mine) * 0.99) - 1)]
        print(f"  {space}/ {len(mine):,} shards: mean {statistics.mean(mine) / 1024:.1f} KB, p99 {p99 / 1024:.1f} KB, "
              f"largest {mine[-1] / 1024:.1f} KB (target <= 20 KB: {'met' if mine[-1] <= SHARD_MAX else 'NOT met'})")
    print(f"  meta {meta / 1024:.1f} KB ({len(gzip.compress((out / 'api/lookup/meta.json').read_bytes(), 9)) / 1024:.1f} KB "
          f"gzipped), fetched once per visit")
    rng = random.Random(n)
    sample = rng.sample(data.accounts, min(300, len(data.accounts)))
    queries = {
        "registered name": [a["name"] for a in sample],
        "lookalike": [rng.choice(variants(a["name"]))[0] for a in sample],
        "platform id": [a["platform_id"] for a in sample if a.get("platform_id")],
        "account link": [a["url"] for a in sample if a.get("url")],
    }
    host = index.meta["site"]["host"]
    print(f"  bytes a query fetches (its shards; the old box fetched {base_bytes / 1024:,.0f} KB), raw / gzipped:")
    for kind, texts in queries.items():
        raw, gz = [], []
        for text in texts:
            paths = plan(read_query(text, index.tables, index.catalogue, host), index.meta["shards"])
            raw.append(sum(sizes[p] for p in paths))
            gz.append(sum(packed[p] for p in paths))
        print(f"    {kind:16} mean {statistics.mean(raw) / 1024:5.1f} / {statistics.mean(gz) / 1024:4.1f} KB, "
              f"largest {max(raw) / 1024:5.1f} / {max(gz) / 1024:4.1f} KB, over 20 KB raw: {sum(r > SHARD_MAX for r in raw)} "
              f"of {len(texts)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated account counts")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the registries and indexes here")
    args = ap.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="portal-lookup-"))
    work.mkdir(parents=True, exist_ok=True)
    for n in (int(s) for s in args.sizes.split(",") if s.strip()):
        measure(n, work)


if __name__ == "__main__":
    main()
