"""When each inspection batch reached the registry: the commit that first added its file, from ONE pass
over the Git log (the registry is the 备案系统: a quarterly check report has arrived when its batch is
committed). A registry outside Git, or a file not yet committed, has no arrival; the assessment then
says so and counts the batch by its recorded dates."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Arrival:
    sha: str
    date: str  # committer date, YYYY-MM-DD


def batch_arrivals(root: Path) -> dict[str, Arrival]:
    """registry-relative path (inspections/<period>/<id>.yaml) → the commit that first added it."""
    try:
        proc = subprocess.run(["git", "-C", str(root), "log", "--reverse", "--no-renames", "--relative",
                               "--diff-filter=A", "--format=@%H %cs", "--name-only", "--", "inspections"],
                              capture_output=True, check=False)
    except OSError:
        return {}
    if proc.returncode != 0:
        return {}
    out: dict[str, Arrival] = {}
    current: Arrival | None = None
    for line in proc.stdout.decode("utf-8", "surrogateescape").splitlines():
        if line.startswith("@"):
            sha, _, date = line[1:].partition(" ")
            current = Arrival(sha, date)
        elif line.endswith(".yaml") and current is not None:
            out.setdefault(line, current)
    return out
