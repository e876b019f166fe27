"""The build copies only plain files from the project into the site: a symlink or a special file among the
hand-written pages (and their theme overrides) or the portal's static files stops the build, which names
the file and writes nothing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.paths import SITE_SOURCES_DIR, STATIC_DIR
from generator.site import shell
from tests.support.site import SMALL, TODAY, copy_registry

RECORD = "accounts/qs-gov/qs-gov-wechat.yaml"  # has a private block


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the project's pages and static folder that the build reads instead, and a registry."""
    shutil.copytree(SITE_SOURCES_DIR, tmp_path / "pages")
    shutil.copytree(STATIC_DIR, tmp_path / "static")
    monkeypatch.setattr(shell, "SITE_SOURCES_DIR", tmp_path / "pages")
    monkeypatch.setattr(shell, "STATIC_DIR", tmp_path / "static")
    copy_registry(SMALL, tmp_path)
    return tmp_path


def _build(work: Path) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["build", "--registry", str(work / "registry"), "--out", str(work / "public"),
                                    "--today", TODAY])
    return res.exit_code, res.output


def _link_record(work: Path) -> str:
    (work / "pages/leak.md").symlink_to(work / "registry" / RECORD)
    return "leak.md"


def _link_environ(work: Path) -> str:
    (work / "pages/about-env.md").symlink_to("/proc/self/environ")
    return "about-env.md"


def _link_folder(work: Path) -> str:
    (work / "pages/records").symlink_to(work / "registry/accounts", target_is_directory=True)
    return "records"


def _link_override(work: Path) -> str:
    (work / "pages/overrides/partials/footer.html").symlink_to(work / "registry" / RECORD)
    return "footer.html"


def _fifo(work: Path) -> str:
    os.mkfifo(work / "pages/notes.md")
    return "notes.md"


def _link_static(work: Path) -> str:
    (work / "static/extra.css").symlink_to(work / "registry" / RECORD)
    return "extra.css"


def _fifo_static(work: Path) -> str:
    os.mkfifo(work / "static/feed.js")
    return "feed.js"


@pytest.mark.parametrize("plant", [_link_record, _link_environ, _link_folder, _link_override, _fifo, _link_static,
                                   _fifo_static], ids=lambda f: f.__name__.strip("_"))
def test_symlink_or_special_file_refused(work: Path, plant: Callable[[Path], str]) -> None:
    name = plant(work)
    code, output = _build(work)
    assert code == 2, output
    assert name in output and "未生成网站" in output and "nothing was built" in output
    assert "内部错误" not in output
    assert sorted(p.name for p in work.iterdir()) == ["pages", "registry", "static"]  # no output, no temporary folder


def test_device_file_refused(work: Path) -> None:
    try:
        os.mknod(work / "pages/null.md", 0o600 | 0o020000, os.makedev(1, 3))  # a character device, like /dev/null
    except PermissionError:
        pytest.skip("creating a device file needs CAP_MKNOD")
    code, output = _build(work)
    assert code == 2 and "null.md" in output and "设备文件" in output
    assert not (work / "public").exists()


def test_refusal_leaves_the_previous_site(work: Path) -> None:
    assert _build(work)[0] == 0
    before = sorted(p.relative_to(work / "public") for p in (work / "public").rglob("*"))
    _link_environ(work)
    code, output = _build(work)
    assert code == 2 and "about-env.md" in output
    assert sorted(p.relative_to(work / "public") for p in (work / "public").rglob("*")) == before


def test_plain_sources_build(work: Path) -> None:
    """The same copy without a planted entry builds, and the overrides come from the copy."""
    palette = work / "pages/overrides/partials/palette.html"
    palette.write_text(palette.read_text("utf-8").replace(">大字<", ">大字（副本）<"), "utf-8")
    code, output = _build(work)
    assert code == 0, output
    assert "大字（副本）" in (work / "public/index.html").read_text("utf-8")
    assert "大字（副本）" in (work / "public/accounts/qs-gov-wechat/index.html").read_text("utf-8")
