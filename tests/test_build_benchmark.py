"""Smoke run of benchmarks/build.py at a tiny size: it runs end to end and prints every column."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def test_build_benchmark_smoke(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "benchmarks/build.py", "--sizes", "25", "--naive", "15",
                          "--workdir", str(tmp_path)], cwd=PROJECT, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr[-2000:]
    lines = res.stdout.strip().splitlines()
    assert lines[0].split()[:3] == ["accounts", "cold", "s"]
    row = lines[1].split()
    assert row[0] == "25" and all(float(v) > 0 for v in row[1:])
    # the naive figure is a difference of two builds: at 15 pages it may fall below the noise
    assert re.search(r"per account page at 15: ours [\d.]+ ms, naive mkdocs Markdown -?[\d.]+ ms, "
                     r"ratio naive/ours -?[\d.]+x", lines[2])
    assert (tmp_path / "out-25" / "accounts").is_dir()
