"""`portal codeowners`: CODEOWNERS from the units' maintainers (with the units above them) and the
administrators, deterministic, and `--check` fails when it is stale."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.paths import PROJECT_DIR, SAMPLE_REGISTRY_DIR
from tests.support.site import edit_record, git


def run(*args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["codeowners", *args])
    return res.exit_code, res.output


def owners_of(text: str, pattern: str) -> set[str]:
    return next(set(line.split()[1:]) for line in text.splitlines() if line.split()[:1] == [pattern])


def test_the_projects_codeowners_is_current() -> None:
    code, out = run("--registry", str(SAMPLE_REGISTRY_DIR), "--check")
    assert code == 0, out


def test_owners_follow_maintainers_and_supervisors(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    shutil.copytree(SAMPLE_REGISTRY_DIR, top / "registry", ignore=shutil.ignore_patterns(".portal-cache"))
    git(top, "init", "-q", "-b", "main")
    reg = top / "registry"
    assert run("--registry", str(reg))[0] == 0
    text = (top / ".github" / "CODEOWNERS").read_text("utf-8")
    assert owners_of(text, "*") == {"@qs-portal-admin"}
    # a department: its own maintainers and its supervising office's
    assert owners_of(text, "/registry/accounts/qs-jtj/") == {"@qs-jtj-admin", "@qs-ban-admin"}
    assert owners_of(text, "/registry/units/qs-jtj.yaml") == {"@qs-jtj-admin", "@qs-ban-admin"}
    # inspection batches: the inspecting unit only; portal.yaml and the code: the administrators, last
    assert owners_of(text, "/registry/inspections/2026-Q3/qs-2026q3-spot.yaml") == {"@qs-ban-admin"}
    assert owners_of(text, "/registry/portal.yaml") == owners_of(text, "/.github/") == {"@qs-portal-admin"}
    assert text.rstrip().splitlines()[-1].split()[1:] == ["@qs-portal-admin"]
    assert run("--registry", str(reg), "--check")[0] == 0
    assert run("--registry", str(reg))[0] == 0 and (top / ".github" / "CODEOWNERS").read_text("utf-8") == text

    edit_record(reg / "units" / "qs-jtj.yaml", lambda d: d["maintainers"].append("clerk@jtj.qingshan.gov.cn"))
    code, out = run("--registry", str(reg), "--check")
    assert code == 1 and "+/registry/accounts/qs-jtj/ @qs-ban-admin @qs-jtj-admin clerk@jtj.qingshan.gov.cn" in out
    assert run("--registry", str(reg))[0] == 0
    assert owners_of((top / ".github" / "CODEOWNERS").read_text("utf-8"), "/registry/accounts/qs-jtj/") == {
        "@qs-jtj-admin", "@qs-ban-admin", "clerk@jtj.qingshan.gov.cn"}


def test_gitlab_location(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    shutil.copytree(SAMPLE_REGISTRY_DIR, top / "registry", ignore=shutil.ignore_patterns(".portal-cache"))
    git(top, "init", "-q", "-b", "main")
    assert run("--registry", str(top / "registry"), "--out", ".gitlab/CODEOWNERS")[0] == 0
    assert (top / ".gitlab" / "CODEOWNERS").read_text("utf-8") == (PROJECT_DIR / ".github" / "CODEOWNERS").read_text("utf-8")
