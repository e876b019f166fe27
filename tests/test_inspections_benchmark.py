"""Smoke run of benchmarks/inspections.py at a tiny size: it runs end to end and prints every column."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def test_inspections_benchmark_smoke(tmp_path: Path) -> None:
    res = subprocess.run([sys.executable, "benchmarks/inspections.py", "--sizes", "120", "--workdir", str(tmp_path)],
                         cwd=PROJECT, capture_output=True, text=True, timeout=600)
    assert res.returncode == 0, res.stderr[-2000:]
    header, row = res.stdout.strip().splitlines()
    assert header.split()[:4] == ["accounts", "batches", "validate", "s"]
    cells = row.split()
    assert cells[0] == "120" and int(cells[1]) > 0 and all(float(v) > 0 for v in cells[2:])
    assert (tmp_path / "export-120" / "inspections-2026-Q3.xlsx").is_file()
