"""The validation benchmark runs end to end at a small size and prints its figures."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_benchmark_runs_at_500(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, str(PROJECT / "benchmarks" / "validate.py"), "--sizes", "500", "--workdir", str(tmp_path)],
        capture_output=True, text=True, timeout=600, cwd=PROJECT,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    text = out.stdout
    assert "== 500 accounts" in text and "bare PyYAML CSafeLoader loop" in text
    ratios = re.findall(r"([0-9.]+)× bare", text)
    assert len(ratios) >= 2 and all(float(r) > 0 for r in ratios)
    assert re.search(r"loader warm \(load_registry\).*files/s", text)
    assert (tmp_path / "registry-500" / ".portal-cache").is_dir()
