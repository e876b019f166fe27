"""Which commit recorded each filing: ONE pass over the Git log (one `git log` process), plus one
`git cat-file --batch` process for files with more than one version.

Filings are append-only, so filing k was recorded by the oldest version of the file that has more
than k filings. A registry outside a Git repository yields no history (pages show no commit links).
Only the commit id and its date are used: author identities are unit maintainers, never published."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml_rs


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    date: str  # committer date, YYYY-MM-DD


class FilingCommits:
    """registry-relative path -> the commit that recorded filing k."""

    def __init__(self) -> None:
        self._by_path: dict[str, list[Commit]] = {}
        self._single: set[str] = set()  # files with one version: it recorded every filing

    def add(self, path: str, commits: list[Commit], single: bool) -> None:
        self._by_path[path] = commits
        if single:
            self._single.add(path)

    def commit(self, path: str, k: int) -> Commit | None:
        commits = self._by_path.get(path)
        if not commits:
            return None
        if path in self._single:
            return commits[0]
        return commits[k] if k < len(commits) else None

    def __len__(self) -> int:
        return len(self._by_path)


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        proc = subprocess.run(["git", "-C", str(root), *args], input=data, capture_output=True, check=False)
    except OSError:
        return None
    return proc.stdout if proc.returncode == 0 else None


def _versions(root: Path) -> dict[str, list[tuple[Commit, str]]]:
    """path -> [(commit, blob id)] oldest first, for every account file version in the history."""
    out = _git(root, "log", "--reverse", "--no-renames", "--relative", "--raw", "--no-abbrev",
               "--format=@%H %cs", "--", "accounts")
    versions: dict[str, list[tuple[Commit, str]]] = {}
    if not out:
        return versions
    commit: Commit | None = None
    for line in out.decode("utf-8", "surrogateescape").splitlines():
        if line.startswith("@"):
            sha, _, date = line[1:].partition(" ")
            commit = Commit(sha, date)
        elif line.startswith(":") and commit is not None:
            meta, _, path = line.partition("\t")
            fields = meta.split()
            if len(fields) >= 5 and fields[4][:1] in ("A", "M", "T") and path.endswith(".yaml"):
                versions.setdefault(path, []).append((commit, fields[3]))
    return versions


def _filing_counts(root: Path, blobs: list[str]) -> dict[str, int]:
    out = _git(root, "cat-file", "--batch", data="".join(b + "\n" for b in blobs).encode())
    counts: dict[str, int] = {}
    if out is None:
        return counts
    pos = 0
    for blob in blobs:
        end = out.index(b"\n", pos)
        header = out[pos:end].split()
        pos = end + 1
        if len(header) < 3:  # "<blob> missing"
            continue
        size = int(header[2])
        body = out[pos:pos + size]
        pos += size + 1
        try:
            doc = yaml_rs.loads(body.decode("utf-8-sig"))
            filings = doc.get("filings") if isinstance(doc, dict) else None
            counts[blob] = len(filings) if isinstance(filings, list) else 0
        except Exception:  # an old malformed version: it recorded nothing we can attribute
            counts[blob] = 0
    return counts


def filing_commits(root: Path) -> FilingCommits:
    versions = _versions(root)
    multi = sorted({blob for vs in versions.values() if len(vs) > 1 for _, blob in vs})
    counts = _filing_counts(root, multi) if multi else {}
    result = FilingCommits()
    for path, vs in versions.items():
        if len(vs) == 1:
            result.add(path, [vs[0][0]], single=True)
            continue
        commits: list[Commit] = []
        for commit, blob in vs:
            n = counts.get(blob, 0)
            while len(commits) < n:
                commits.append(commit)
        result.add(path, commits, single=False)
    return result


def head_date(root: Path) -> str | None:
    out = _git(root, "log", "-1", "--format=%cs", "--", ".")
    return out.decode().strip() or None if out else None
