"""Fingerprints of the code and data a cached result depends on.

A cache key hashes whole folders of the package (every file in them, by relative path and content),
never a hand-kept list of modules: a helper module added to a stage can never serve a result computed
by the old code."""

from __future__ import annotations

import hashlib
from pathlib import Path

_SKIPPED_DIRS = {"__pycache__"}


def folder_files(folder: Path) -> list[Path]:
    """Every file under folder, in a stable order (compiled-bytecode folders left out)."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and not _SKIPPED_DIRS.intersection(p.parts))


def fingerprint(*paths: Path, extra: bytes = b"") -> str:
    """SHA-256 over the files of the given folders (or single files) and `extra`."""
    h = hashlib.sha256()
    for root in paths:
        files = folder_files(root) if root.is_dir() else [root]
        for f in files:
            rel = f.relative_to(root.parent).as_posix()
            h.update(rel.encode() + b"\0" + f.read_bytes() + b"\0")
    h.update(extra)
    return h.hexdigest()
