"""Fixture registries for the validator: a clean base, and invalid cases that overlay files on it.

Every file of a case may declare what it must produce, on a comment line:
    # expect: ACC012@14, REF005@20
(code @ line in that same file). The test asserts the exact set of (file, code, line).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "fixtures" / "validate"
BASE = ROOT / "base"
INVALID = ROOT / "invalid"
EXPECT = re.compile(r"^#\s*expect:\s*(.+)$", re.MULTILINE)


def case_names() -> list[str]:
    return sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def build_case(name: str, dst: Path) -> Path:
    """Copy the base registry to dst/registry and lay the case's files over it."""
    reg = dst / "registry"
    shutil.copytree(BASE, reg)
    case = INVALID / name
    for src in sorted(case.rglob("*")):
        if src.is_file():
            target = reg / src.relative_to(case)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, target)
    return reg


def expectations(reg: Path) -> set[tuple[str, str, int]]:
    out: set[tuple[str, str, int]] = set()
    for f in sorted(reg.rglob("*.yaml")):
        text = f.read_bytes().decode("utf-8", errors="replace")
        rel = f"registry/{f.relative_to(reg).as_posix()}"
        for m in EXPECT.finditer(text):
            for item in m.group(1).split(","):
                code, _, line = item.strip().partition("@")
                out.add((rel, code, int(line)))
    return out
