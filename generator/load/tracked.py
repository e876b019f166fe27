"""Whether the registry's cache folder is tracked by Git: a cache is made on each machine and must
never be committed (a cache from someone else is never trusted, and a committed one only hides what
the registry holds)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from generator.load import texts as lp
from generator.paths import CACHE_DIR_NAME
from generator.problems import Problem


def _work_tree(root: Path) -> Path | None:
    for folder in (root, *root.parents):
        if (folder / ".git").exists():
            return folder
    return None


def tracked_cache(root: Path) -> list[Problem]:
    """LAY006 when files under the cache folder are in the Git index (asked of git only when the
    registry lies in a work tree and the folder exists)."""
    cache = root / CACHE_DIR_NAME
    top = _work_tree(root)
    if top is None or not (cache.exists() or cache.is_symlink()):
        return []
    try:
        out = subprocess.run(["git", "ls-files", "-z", "--", str(cache)], cwd=top, capture_output=True,
                             timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return []
    if out.returncode != 0 or not out.stdout:
        return []
    rel = f"{root.name}/{CACHE_DIR_NAME}"
    return [lp.make("LAY006", rel, 1, 1, folder=rel, what_zh="已提交到版本库", what_en="is committed to the repository")]
