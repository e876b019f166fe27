"""`check_pr`: a change to the registry (the commits from a base to a head) checked as a pull request.

1. The base's history is kept: the base is an ancestor of head (PR001).
2. The records the change touches, base version against head version (`history`): append-only
   filings and notices, immutable fields, change filings, lifecycle, no deletion, no silent move.
3. Who may change what (`ownership`), read from the base.
4. The validation of the whole registry at head, so that every rule the change can affect runs:
   judged from the last full validation's snapshot when the change is one of account records and
   the snapshot is of this day (`check.change`: only the records the change can affect are read),
   else by `pipeline.validate`, standing on the loader's content-addressed cache (unchanged files
   cost a stat, a changed one a parse).

Dates: the change's date is the day its first commit was authored (China Standard Time); a notice
the change adds may not be dated before it (PR009). The rules judge the registry at head as of
`today`, by default the day of head's commit: filings added in the change are judged against the
change's date, not against the day someone happens to re-run the check.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.check import snapshot
from generator.check.change import check_change
from generator.check.pipeline import place, validate
from generator.check.pr import texts
from generator.check.pr.diff import RecordChange, TreeDiff, tree_diff
from generator.check.pr.gitrepo import GitError, Repo
from generator.check.pr.history import record_checks
from generator.check.pr.ownership import BaseUnits, administrators, ownership_checks
from generator.paths import PORTAL_FILE
from generator.problems import Problem, has_errors
from generator.support import trace


@dataclass
class PrResult:
    base: str
    head: str
    actors: list[str]
    change_date: dt.date
    today: dt.date
    diff: TreeDiff
    problems: list[Problem] = field(default_factory=list)  # the change's and head's validation, sorted
    touched: set[str] = field(default_factory=set)  # display paths the change adds, modifies or deletes
    on_snapshot: bool = False  # head judged from the last full validation's snapshot (`check.change`)

    @property
    def ok(self) -> bool:
        return not has_errors(self.problems)

    @property
    def records(self) -> list[RecordChange]:
        return self.diff.records


def _prefix(repo: Repo, root: Path) -> str:
    rel = root.resolve().relative_to(repo.top.resolve()).as_posix()
    return "" if rel == "." else rel


def _placed(root: Path, problems: list[Problem]) -> list[Problem]:
    """Lines and columns for the problems that name a place in a record of head."""
    return [*place(root, [p for p in problems if p.path]), *(p for p in problems if not p.path)]


def _on_snapshot(root: Path, repo: Repo, head: str, prefix: str, today: dt.date) -> list[Problem] | None:
    """Head's problems judged from the last full validation's snapshot and the change since it, when
    there is one of this day and the change is one `check_change` judges exactly; else None."""
    snap = snapshot.load(root, today)
    trace.mark("snapshot " + ("read" if snap is not None else "missing"))
    if snap is None:
        return None
    try:
        changes = repo.changed(snap.tree, repo.tree(head, prefix))
    except GitError:
        return None  # the snapshot's tree is not in this repository
    found = check_change(root, repo, snap, changes, today)
    trace.mark("head judged from the snapshot" if found is not None else "change needs a full validation")
    return found


def check_pr(root: Path, base_ref: str, head_ref: str = "HEAD", *, actor: str | None = None,
             today: dt.date | None = None, use_cache: bool = True) -> PrResult:
    """Check the change from base_ref to head_ref of the registry folder `root` (inside a Git work
    tree). Raises GitError for a ref that names no commit or a folder outside a repository."""
    root = Path(root).resolve()
    repo = Repo(root)
    base, head = repo.commit(base_ref), repo.commit(head_ref)
    prefix = _prefix(repo, root)
    portal_file = f"{root.name}/{PORTAL_FILE}"
    problems: list[Problem] = []
    if not repo.is_ancestor(base, head):
        problems.append(texts.make("PR001", portal_file, base=base[:12], head=head[:12]))
    commits = repo.commits(base, head)
    today = today or repo.commit_date(head)
    change_date = min((c.author_date for c in commits), default=today)
    actors = [actor] if actor else sorted({c.author_email for c in commits if c.author_email})
    trace.mark("refs and commits")
    diff = tree_diff(repo, base, head, prefix, root.name)
    trace.mark(f"diff of {len(diff.records) + len(diff.outside)} files")
    problems += record_checks(diff.records, change_date)
    problems += ownership_checks(diff, actors, administrators(repo, base, prefix), BaseUnits(repo, base, prefix))
    trace.mark("history and ownership")
    if head == repo.head():
        problems = _placed(root, problems)
        found = _on_snapshot(root, repo, head, prefix, today) if use_cache else None
        on_snapshot = found is not None
        if found is None:
            found = validate(root, today=today, use_cache=use_cache).problems
    else:  # head is not checked out: validate an export of its registry folder (no cache to stand on)
        on_snapshot = False
        with tempfile.TemporaryDirectory(prefix="portal-check-pr-") as tmp:
            dest = Path(tmp) if prefix else Path(tmp) / root.name
            repo.export(head, prefix, dest)
            head_root = Path(tmp) / prefix if prefix else dest
            problems = _placed(head_root, problems)
            found = validate(head_root, today=today, use_cache=False).problems
    problems = sorted([*problems, *found], key=Problem.sort_key)
    touched = {f for r in diff.records for f in (r.old_file, r.new_file) if f} | set(diff.outside)
    return PrResult(base=base, head=head, actors=actors, change_date=change_date, today=today, diff=diff,
                    problems=problems, touched=touched, on_snapshot=on_snapshot)
