"""Contributor files: the pre-commit hooks run the real commands, there is a pull-request template per
filing type, and the issue forms (counterfeit account, 纠错) offer the catalogue's platforms and send
the public to the registry's own report page."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from generator.model import labels
from generator.model.platforms import entries
from generator.paths import PROJECT_DIR, SAMPLE_REGISTRY_DIR
from tests.support.site import git

HOOKS = yaml.safe_load((PROJECT_DIR / ".pre-commit-hooks.yaml").read_text("utf-8"))
ISSUES = PROJECT_DIR / ".github" / "ISSUE_TEMPLATE"


def test_hooks_are_well_formed_and_name_portal_commands() -> None:
    assert [h["id"] for h in HOOKS] == ["portal-validate", "portal-fmt", "portal-check-pr"]
    for h in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(h) and h["language"] == "python"
        assert h["entry"].split()[0] == "portal"
    assert "--check" in next(h for h in HOOKS if h["id"] == "portal-fmt")["entry"]


def test_validate_and_check_pr_hooks_run_as_pre_commit_runs_them(tmp_path: Path) -> None:
    top = tmp_path / "registry-repo"
    shutil.copytree(SAMPLE_REGISTRY_DIR, top / "registry", ignore=shutil.ignore_patterns(".portal-cache"))
    (top / ".gitignore").write_text(".portal-cache/\n", "utf-8")
    unit = top / "registry" / "units" / "qs-jtj.yaml"  # the clerk's commit e-mail among the maintainers
    unit.write_text(unit.read_text("utf-8").replace("[qs-jtj-admin]", "[qs-jtj-admin, qs-jtj-admin@example.org]"))
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-qm", "registry", date="2026-11-20T10:00:00+08:00")
    git(top, "update-ref", "refs/remotes/origin/main", "HEAD")
    path = top / "registry" / "accounts" / "qs-jtj" / "qs-jtj-wb.yaml"
    path.write_text(path.read_text("utf-8").replace("update_frequency: weekly", "update_frequency: daily"), "utf-8")
    git(top, "commit", "-qam", "daily", date="2026-11-20T11:00:00+08:00", who=("Jtj", "qs-jtj-admin@example.org"))
    portal = str(Path(sys.executable).with_name("portal"))

    def run(hook_id: str) -> subprocess.CompletedProcess[str]:
        hook = next(h for h in HOOKS if h["id"] == hook_id)
        cmd = [portal, *shlex.split(hook["entry"])[1:], *hook.get("args", [])]
        return subprocess.run(cmd, cwd=top, capture_output=True, text=True, timeout=300, check=False)

    for hook_id in ("portal-validate", "portal-check-pr"):
        res = run(hook_id)
        assert res.returncode == 0, (hook_id, res.stdout[-2000:], res.stderr[-2000:])
    # the same change committed under an e-mail no unit lists is refused before it is pushed
    git(top, "commit", "-q", "--amend", "--no-edit", "--reset-author", who=("Someone", "someone@example.org"))
    res = run("portal-check-pr")
    assert res.returncode == 1 and "PR010" in res.stdout


def test_a_pull_request_template_per_filing_type() -> None:
    folder = PROJECT_DIR / ".github" / "PULL_REQUEST_TEMPLATE"
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(labels.FILING_TYPES)
    default = (PROJECT_DIR / ".github" / "pull_request_template.md").read_text("utf-8")
    for kind in labels.FILING_TYPES:
        body = (folder / f"{kind}.md").read_text("utf-8")
        assert f"type: {kind}" in body and labels.filing_type(kind) in body
        assert f"{kind}.md" in default


def _form(name: str) -> dict:
    return yaml.safe_load((ISSUES / name).read_text("utf-8"))


def test_counterfeit_form_offers_the_catalogues_platforms() -> None:
    form = _form("counterfeit.yml")
    assert {"name", "description", "body"} <= set(form)
    dropdown = next(b for b in form["body"] if b.get("id") == "platform")
    assert dropdown["attributes"]["options"][:-1] == [p["zh"] for p in entries().values()]
    required = {b["id"] for b in form["body"] if b.get("validations", {}).get("required")}
    assert required == {"name", "platform", "link"}


def test_correction_form_and_the_registrys_report_page() -> None:
    form = _form("correction.yml")
    required = {b["id"] for b in form["body"] if b.get("validations", {}).get("required")}
    assert required == {"page", "field", "correct"}
    config = _form("config.yml")
    portal = yaml.safe_load((SAMPLE_REGISTRY_DIR / "portal.yaml").read_text("utf-8"))
    assert config["blank_issues_enabled"] is False
    assert [c["url"] for c in config["contact_links"]] == [portal["report"]["url"]]
