"""Where `portal build` may write: a new folder, an empty one, or an earlier build's output. Everything
else (the registry, a folder above it, a Git repository, the project's pages, a folder with other
files) is refused with exit status 2 before anything is renamed; leftovers of a killed build are
cleaned up by the next one. Real folders, a real `git init` repository, the real CLI."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.paths import SITE_SOURCES_DIR
from generator.site import shell
from generator.site.output import MANIFEST
from tests.support.site import SMALL, TODAY, copy_registry, git


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under root (the folder itself included), .git too: type and content digest."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath, name)
            rel = p.relative_to(root).as_posix()
            if p.is_symlink():
                out[rel] = "link:" + os.readlink(p)
            elif p.is_dir():
                out[rel] = "dir"
            else:
                out[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """tmp/work/registry: the small registry in a real Git repository, in a folder with other files."""
    work = tmp_path / "work"
    work.mkdir()
    reg = copy_registry(SMALL, work)
    (work / "notes.txt").write_text("工作记录\n", "utf-8")
    git(reg, "init", "-q", "-b", "main")
    git(reg, "add", ".")
    git(reg, "commit", "-qm", "registry")
    return reg


def run_build(reg: Path, out: Path | str, cwd: Path | None = None) -> tuple[int, str]:
    args = ["build", "--registry", str(reg), "--out", str(out), "--today", TODAY]
    if cwd is None:
        res = CliRunner().invoke(main, args)
        return res.exit_code, res.output
    old = Path.cwd()
    os.chdir(cwd)
    try:
        res = CliRunner().invoke(main, args)
    finally:
        os.chdir(old)
    return res.exit_code, res.output


def assert_refused(code: int, output: str) -> None:
    assert code == 2, output
    assert "拒绝写入输出目录" in output and "Refusing the output folder" in output, output
    assert "内部错误" not in output and "Traceback" not in output


@pytest.mark.parametrize("target", ["registry", "registry-dot", "above", "above-above", "inside-registry"])
def test_registry_and_folders_around_it_refused(repo: Path, target: str) -> None:
    work = repo.parent
    before = snapshot(work.parent)
    if target == "registry-dot":
        code, output = run_build(repo, ".", cwd=repo)
    else:
        out = {"registry": repo, "above": work, "above-above": work.parent,
               "inside-registry": repo / "public"}[target]
        code, output = run_build(repo, out)
    assert_refused(code, output)
    assert snapshot(work.parent) == before  # not one file renamed, written or deleted, .git included


def test_git_repository_refused_even_with_a_mark(tmp_path: Path, repo: Path) -> None:
    """A folder holding .git is refused, though an earlier build's mark sits in it (a pages checkout)."""
    pages = tmp_path / "pages"
    pages.mkdir()
    git(pages, "init", "-q", "-b", "main")
    (pages / MANIFEST).write_text('{"format": 1}\n', "utf-8")
    (pages / "index.html").write_text("<p>old</p>", "utf-8")
    before = snapshot(pages)
    assert_refused(*run_build(repo, pages))
    assert snapshot(pages) == before


def test_folder_with_other_files_refused(tmp_path: Path, repo: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "report.docx").write_bytes(b"PK\x03\x04")
    before = snapshot(docs)
    code, output = run_build(repo, docs)
    assert_refused(code, output)
    assert MANIFEST in output and snapshot(docs) == before


def test_mark_must_be_a_real_file(tmp_path: Path, repo: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / MANIFEST).write_text('{"format": 1}\n', "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("x", "utf-8")
    (out / MANIFEST).symlink_to(elsewhere / MANIFEST)
    before = snapshot(out)
    assert_refused(*run_build(repo, out))
    assert snapshot(out) == before
    (out / MANIFEST).unlink()
    (out / MANIFEST).write_text("not json", "utf-8")
    assert_refused(*run_build(repo, out))


def test_output_symlink_refused(tmp_path: Path, repo: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "public").symlink_to(real, target_is_directory=True)
    assert_refused(*run_build(repo, tmp_path / "public"))
    assert (tmp_path / "public").is_symlink() and list(real.iterdir()) == []


def test_project_pages_refused(tmp_path: Path, repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The project's site/ (here a copy the build takes as its pages) and any folder inside it."""
    pages = tmp_path / "site"
    shutil.copytree(SITE_SOURCES_DIR, pages)
    monkeypatch.setattr(shell, "SITE_SOURCES_DIR", pages)
    before = snapshot(pages)
    assert_refused(*run_build(repo, pages))
    code, output = run_build(repo, pages / "public")
    assert_refused(code, output)
    assert "源文件" in output
    assert snapshot(pages) == before


def test_registry_inside_a_marked_output_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_build(copy_registry(SMALL, tmp_path), out)[0] == 0
    reg = out / "registry"
    shutil.copytree(SMALL, reg)
    before = snapshot(out)
    code, output = run_build(reg, out)
    assert_refused(code, output)
    assert "备案库在输出目录之内" in output and snapshot(out) == before


def test_new_empty_and_own_folders_accepted(tmp_path: Path, repo: Path) -> None:
    for out in (tmp_path / "new/public", tmp_path / "empty"):
        if out.name == "empty":
            out.mkdir()
        assert run_build(repo, out)[0] == 0
        assert (out / MANIFEST).is_file() and (out / "accounts/qs-gov-wechat/index.html").is_file()
        code, output = run_build(repo, out)  # its own output, rebuilt in place
        assert code == 0, output


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_leftovers_of_a_killed_build_cleaned(tmp_path: Path, repo: Path) -> None:
    base = tmp_path / "deploy"
    base.mkdir()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep", "utf-8")
    dead = _dead_pid()
    leftovers = [f".public.build-{dead}-a1b2c3", f".public.stage-{dead}-d4e5f6", f".public.old-{dead}-12345",
                 ".public.build-x7y8z9"]  # the last: a name without a pid, from an older version
    for name in leftovers:
        (base / name / "accounts").mkdir(parents=True)
        (base / name / "accounts/page.html").write_text("<p>x</p>", "utf-8")
    (base / f".public.old-{dead}-999" / "link").parent.mkdir()
    (base / f".public.old-{dead}-999" / "link").symlink_to(precious, target_is_directory=True)
    (base / f".public.stage-{dead}-link").symlink_to(precious, target_is_directory=True)
    leftovers += [f".public.old-{dead}-999", f".public.stage-{dead}-link"]
    running = base / f".public.build-{os.getpid()}-running"  # a build still under way (this process)
    running.mkdir()
    others = [".publicity.build-1", ".other.old-1", "public.build-1", ".public.build", ".public.cache-1"]
    for name in others:
        (base / name).mkdir()

    assert run_build(repo, base / "public")[0] == 0
    deadline = time.monotonic() + 20
    while any(os.path.lexists(base / n) for n in leftovers) and time.monotonic() < deadline:
        time.sleep(0.1)  # old trees go in a detached `rm -rf`
    assert [n for n in leftovers if os.path.lexists(base / n)] == []
    assert (precious / "keep.txt").read_text("utf-8") == "keep"  # never deleted through a symlink
    assert running.is_dir() and all((base / n).is_dir() for n in others)
    assert sorted(p.name for p in base.iterdir()) == sorted([*others, running.name, "public"])
