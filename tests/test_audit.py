"""The build manifest and `portal audit`: the registry's commit (or why there is none), the generator's
version and fingerprint, `today`, the options and the SHA-256 of every output file; an audit that
rebuilds the registry as the manifest says and names every file that differs, is missing or is extra."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

import generator
from generator.cli import main
from generator.paths import SITE_SOURCES_DIR
from generator.site import shell
from generator.site.manifest import FILES_LIST, generator_info
from generator.site.output import MANIFEST
from tests.support.site import SMALL, TODAY, build, copy_registry, git


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small registry committed to a real Git repository."""
    reg = copy_registry(SMALL, tmp_path_factory.mktemp("audit"))
    git(reg, "init", "-q", "-b", "main")
    git(reg, "add", ".")
    git(reg, "commit", "-qm", "registry")
    return reg


@pytest.fixture(scope="module")
def published(repo: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build with .gz copies, as `portal build` writes it; tests copy it before changing anything."""
    out = tmp_path_factory.mktemp("published") / "public"
    res = CliRunner().invoke(main, ["build", "--registry", str(repo), "--out", str(out), "--today", TODAY,
                                    "--precompress"])
    assert res.exit_code == 0, res.output
    return out


def audit(site: Path, repo: Path, *args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["audit", str(site), "--registry", str(repo), *args])
    return res.exit_code, res.output


def manifest_of(out: Path) -> dict:
    return json.loads((out / MANIFEST).read_text("utf-8"))


def test_manifest_names_commit_generator_today_options(repo: Path, published: Path) -> None:
    m = manifest_of(published)
    assert m["registry"] == {"commit": git(repo, "rev-parse", "HEAD"), "state": "committed", "path": ""}
    assert m["generator"]["version"] == generator.__version__
    assert re.fullmatch(r"[0-9a-f]{64}", m["generator"]["fingerprint"])
    assert m["generator"]["libraries"]["mkdocs-material"]
    assert m["today"] == TODAY and m["options"] == {"precompress": True}


def test_file_list_covers_every_file_sorted(published: Path) -> None:
    listing = (published / FILES_LIST).read_bytes()
    rows = [line.split("  ", 1) for line in listing.decode("utf-8").splitlines()]
    paths = [p for _, p in rows]
    on_disk = sorted(p.relative_to(published).as_posix() for p in published.rglob("*") if p.is_file())
    assert paths == sorted(paths) == [p for p in on_disk if p not in (MANIFEST, FILES_LIST)]
    assert "api/accounts.json.gz" in paths and "accounts/qs-gov-wechat/qr.svg" in paths
    for digest, rel in rows:
        assert hashlib.sha256((published / rel).read_bytes()).hexdigest() == digest, rel
    m = manifest_of(published)
    assert m["files"] == {"list": FILES_LIST, "count": len(rows), "sha256": hashlib.sha256(listing).hexdigest()}
    # the list is what `sha256sum -c` reads, so a mirror can be checked without this program
    check = subprocess.run(["sha256sum", "--check", "--quiet", FILES_LIST], cwd=published, capture_output=True)
    assert check.returncode == 0, check.stdout


def test_commit_is_null_with_uncommitted_changes_or_without_git(tmp_path: Path, repo: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(repo, work)
    f = work / "accounts/qs-gov/qs-gov-weibo.yaml"
    f.write_text(f.read_text("utf-8").replace("name: 青山发布", "name: 青山发布微博"), "utf-8")
    build(work, tmp_path / "dirty")
    assert manifest_of(tmp_path / "dirty")["registry"] == {"commit": None, "state": "uncommitted_changes", "path": ""}
    shutil.rmtree(work / ".git")
    build(work, tmp_path / "plain")
    assert manifest_of(tmp_path / "plain")["registry"] == {"commit": None, "state": "not_a_git_repository",
                                                           "path": None}


def test_fingerprint_follows_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = generator_info()["fingerprint"]
    shutil.copytree(SITE_SOURCES_DIR, tmp_path / "site")
    monkeypatch.setattr(shell, "SITE_SOURCES_DIR", tmp_path / "site")
    assert generator_info()["fingerprint"] == before  # same files, same fingerprint
    (tmp_path / "site/about.md").write_text("# 关于\n", "utf-8")
    assert generator_info()["fingerprint"] != before


def test_audit_of_a_fresh_build_passes(repo: Path, published: Path) -> None:
    code, output = audit(published, repo)
    assert code == 0, output
    assert "结果：一致" in output and "identical" in output
    code, output = audit(published, repo, "--format", "json")
    report = json.loads(output)
    assert code == 0 and report["identical"] is True and report["today"] == TODAY
    assert report["differs"] == report["missing"] == report["extra"] == []
    assert report["files"] == manifest_of(published)["files"]["count"] + 2


def test_audit_names_a_changed_byte_a_missing_and_an_extra_file(tmp_path: Path, repo: Path, published: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(published, site)
    page = site / "accounts/qs-gov-wechat/index.html"
    data = bytearray(page.read_bytes())
    data[len(data) // 2] ^= 0x01  # one bit of one byte
    page.write_bytes(bytes(data))
    code, output = audit(site, repo)
    assert code == 1, output
    assert "内容不同 / differs: accounts/qs-gov-wechat/index.html" in output and "结果：不一致" in output
    (site / "feeds/notices.xml").unlink()
    (site / "api/extra.json").write_text("{}", "utf-8")
    (site / "units/qs-gov/index.html").unlink()
    (site / "units/qs-gov/index.html").symlink_to(site / "index.html")  # a link never matches a built file
    code, output = audit(site, repo, "--format", "json")
    report = json.loads(output)
    assert code == 1 and report["identical"] is False
    assert report["differs"] == ["accounts/qs-gov-wechat/index.html", "units/qs-gov/index.html"]
    assert report["missing"] == ["feeds/notices.xml"] and report["extra"] == ["api/extra.json"]
    assert report["notes"] == []  # same commit, same generator: the files were changed after the build


def test_audit_uses_the_manifest_today_and_options(tmp_path: Path, repo: Path, published: Path) -> None:
    """The published site was built for TODAY with --precompress; another day differs, and says where."""
    code, output = audit(published, repo, "--today", "2026-12-25", "--format", "json")
    report = json.loads(output)
    assert code == 1 and MANIFEST in report["differs"] and "notices/index.html" in report["differs"]
    site = tmp_path / "site"
    shutil.copytree(published, site)
    for gz in site.rglob("*.gz"):
        gz.unlink()
    report = json.loads(audit(site, repo, "--format", "json")[1])
    assert report["missing"] and all(p.endswith(".gz") for p in report["missing"])


def test_audit_explains_another_commit(tmp_path: Path, repo: Path, published: Path) -> None:
    work = tmp_path / "work"
    shutil.copytree(repo, work)
    f = work / "accounts/qs-gov/qs-gov-weibo.yaml"
    f.write_text(f.read_text("utf-8").replace("name: 青山发布", "name: 青山发布微博"), "utf-8")
    git(work, "commit", "-qam", "rename", date="2026-11-10T10:00:00+08:00")
    code, output = audit(published, work)
    assert code == 1 and "accounts/qs-gov-weibo/index.html" in output
    assert "网站生成自备案库提交" in output and git(repo, "rev-parse", "HEAD") in output


def test_audit_usage_errors(tmp_path: Path, repo: Path, published: Path) -> None:
    (tmp_path / "empty").mkdir()
    for args in ([str(tmp_path / "empty"), "--registry", str(repo)],  # no manifest
                 [str(tmp_path / "nowhere"), "--registry", str(repo)],
                 [str(published), "--registry", str(tmp_path / "nowhere")],
                 [str(published), "--registry", str(repo), "--today", "2026-02-30"],
                 [str(published), "--registry", str(repo), "--format", "yaml"]):
        res = CliRunner().invoke(main, ["audit", *args])
        assert res.exit_code == 2, (args, res.output)
        assert "Traceback" not in res.output and "内部错误" not in res.output
