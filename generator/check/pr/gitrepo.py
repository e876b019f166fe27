"""The Git repository a pull request is checked in, read with git's plumbing commands.

Plumbing (`rev-parse`, `merge-base`, `diff-tree`, `cat-file --batch`, `log`) rather than GitPython:
importing GitPython runs `git version` and costs a fifth of a second, more than the rest of a
one-record check put together. Only blob ids and the blobs of changed paths are read: the size of the
registry does not matter, only the size of the change.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from dataclasses import dataclass
from pathlib import Path

CHINA = dt.timezone(dt.timedelta(hours=8))  # the registry's offices file in China Standard Time


class GitError(Exception):
    """A ref that does not resolve, a folder outside a repository, git missing: a usage error."""


@dataclass(frozen=True, slots=True)
class Changed:
    """One path that differs between two trees (renames are not paired by git: a move is a deletion
    and an addition, paired by record id later)."""

    status: str  # A added, D deleted, M modified, T type changed
    old_blob: str  # "" when added
    new_blob: str  # "" when deleted
    path: str  # relative to the repository's top


@dataclass(frozen=True, slots=True)
class CommitInfo:
    sha: str
    author_email: str
    author_date: dt.date  # in China Standard Time
    committer_date: dt.date


class Repo:
    def __init__(self, folder: Path) -> None:
        out = self._run(["rev-parse", "--show-toplevel"], cwd=folder)
        self.top = Path(out.decode().strip())

    @staticmethod
    def _run(args: list[str], *, cwd: Path, data: bytes | None = None, ok: tuple[int, ...] = (0,)) -> bytes:
        try:
            proc = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
        except OSError as exc:
            raise GitError(f"git: {exc}") from None
        if proc.returncode not in ok:
            raise GitError(proc.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")
        return proc.stdout

    def git(self, *args: str, data: bytes | None = None, ok: tuple[int, ...] = (0,)) -> bytes:
        return self._run(list(args), cwd=self.top, data=data, ok=ok)

    def commit(self, ref: str) -> str:
        """The commit id `ref` names (GitError when it names none)."""
        try:
            return self.git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}").decode().strip()
        except GitError:
            raise GitError(f"no commit named {ref!r}") from None

    def is_ancestor(self, older: str, newer: str) -> bool:
        try:
            self.git("merge-base", "--is-ancestor", older, newer)
        except GitError:
            return False
        return True

    def tree(self, commit: str, prefix: str) -> str:
        """The id of the tree of folder `prefix` ("" for the top) in a commit."""
        spec = f"{commit}^{{tree}}" if not prefix else f"{commit}:{prefix}"
        return self.git("rev-parse", "--verify", "--quiet", "--end-of-options", spec).decode().strip()

    def changed(self, base: str, head: str) -> list[Changed]:
        """Every file that differs between two commits' (or two trees') trees, paths relative to them."""
        out = self.git("diff-tree", "-r", "-z", "--no-renames", "--raw", "--no-abbrev", base, head)
        parts = out.split(b"\0")
        found: list[Changed] = []
        for meta, path in zip(parts[0::2], parts[1::2], strict=False):
            fields = meta.decode().lstrip(":").split()
            if len(fields) < 5:
                continue
            old_blob = "" if fields[2].strip("0") == "" else fields[2]
            new_blob = "" if fields[3].strip("0") == "" else fields[3]
            found.append(Changed(fields[4][0], old_blob, new_blob, path.decode("utf-8", "surrogateescape")))
        return found

    def objects(self, names: list[str]) -> dict[str, bytes]:
        """The content of each object named (a blob id, or `<commit>:<path>`), read by one
        `git cat-file --batch`; a name that names nothing is left out."""
        wanted = sorted({n for n in names if n})
        if not wanted:
            return {}
        out = self.git("cat-file", "--batch", data="".join(b + "\n" for b in wanted).encode())
        found: dict[str, bytes] = {}
        pos = 0
        for blob in wanted:
            end = out.index(b"\n", pos)
            header = out[pos:end].split()
            pos = end + 1
            if len(header) < 3:  # "<id> missing"
                continue
            size = int(header[2])
            found[blob] = out[pos:pos + size]
            pos += size + 1
        return found

    def commits(self, base: str, head: str) -> list[CommitInfo]:
        """The commits of the change (reachable from head, not from base), oldest first."""
        out = self.git("log", "--reverse", "--format=%H%x00%ae%x00%at%x00%ct", f"{base}..{head}", "--")
        found = []
        for line in out.decode("utf-8", "surrogateescape").splitlines():
            sha, email, at, ct = line.split("\0")
            found.append(CommitInfo(sha, email, _day(at), _day(ct)))
        return found

    def head(self) -> str | None:
        """The commit checked out in the work tree (None on an unborn branch)."""
        try:
            return self.commit("HEAD")
        except GitError:
            return None

    def commit_date(self, ref: str) -> dt.date:
        return _day(self.git("log", "-1", "--format=%ct", ref, "--").decode().strip())

    def export(self, commit: str, prefix: str, dest: Path) -> None:
        """Write the tree of `prefix` at `commit` under dest (as `git archive | tar -x` would)."""
        import io
        import tarfile

        data = self.git("archive", "--format=tar", commit, "--", prefix or ".")
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(dest, filter="data")


def _day(epoch: str) -> dt.date:
    return dt.datetime.fromtimestamp(int(epoch), CHINA).date()
