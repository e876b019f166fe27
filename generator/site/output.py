"""Where a build may write, and what it may delete.

A build replaces its output folder whole (two renames, then the old tree is deleted), so the folder
must be one nobody keeps anything else in: a folder that does not exist yet, an empty folder, or a
folder an earlier build marked as its own with the manifest file at its top (a regular file, not a
link). Anything else is refused before anything is renamed or written: the registry, a folder above
it, a folder holding `.git`, the project's hand-written pages. Nor may the output lie inside the
registry or the build's sources (the next validation or build would read it), or contain them.

Temporary folders a killed build left next to the output (`.<out>.build-*`, `.<out>.stage-*`,
`.<out>.old-*`) are deleted by the next build; only those names, only next to the output, never
through a symlink, never one a running build is still writing (their names carry the builder's pid)."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path

import orjson

from generator.paths import PACKAGE_DIR, PROJECT_DIR, SCHEMAS_DIR
from generator.site import shell

MANIFEST = ".portal-build.json"  # the mark of a build's output, and what the next build and `portal audit` read
LEFTOVER_KINDS = ("build", "stage", "old")


class OutputRefused(Exception):
    """The output folder is not one a build may replace."""

    def __init__(self, out: Path, reason_zh: str, reason_en: str) -> None:
        super().__init__(f"{out}: {reason_en}")
        self.out, self.reason_zh, self.reason_en = out, reason_zh, reason_en


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def is_build_output(folder: Path) -> bool:
    """Whether `folder` carries an earlier build's mark: the manifest, a regular file holding a JSON object
    with the manifest's `format`."""
    mark = folder / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(mark).st_mode):
            return False
        data = orjson.loads(mark.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return False
    return isinstance(data, dict) and isinstance(data.get("format"), int)


def check_output(out: Path, registry: Path) -> Path:
    """The absolute output folder, if a build may replace it; else OutputRefused."""
    out = Path(os.path.abspath(out))
    if out.parent == out:
        raise OutputRefused(out, "不能把文件系统的根目录作为输出目录", "the filesystem root cannot be the output folder")
    try:
        st: os.stat_result | None = os.lstat(out)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISLNK(st.st_mode):
        raise OutputRefused(out, "输出目录是符号链接；请直接指定真实目录",
                            "the output folder is a symlink; name the real folder")
    if st is not None and not stat.S_ISDIR(st.st_mode):
        raise OutputRefused(out, "输出路径已存在且不是目录", "the output path exists and is not a folder")
    real, reg = out.resolve(), Path(registry).resolve()
    if _inside(real, reg):
        raise OutputRefused(out, "输出目录在备案库之内（或就是备案库）", "the output folder is the registry or inside it")
    if _inside(reg, real):
        raise OutputRefused(out, "备案库在输出目录之内：生成会删除备案库",
                            "the registry is inside the output folder: a build would delete it")
    for source in (*shell.source_roots(), PACKAGE_DIR, SCHEMAS_DIR):
        source = source.resolve()
        if _inside(real, source):
            raise OutputRefused(out, f"输出目录在本程序的源文件目录 {source} 之内",
                                f"the output folder is inside the program's sources ({source})")
    if _inside(PROJECT_DIR.resolve(), real):
        raise OutputRefused(out, "输出目录包含本程序的项目目录", "the output folder contains the program's project folder")
    if st is None:
        return out
    if os.path.lexists(out / ".git"):
        raise OutputRefused(out, "输出目录中有 .git（是一个 Git 仓库）：生成会删除它",
                            "the output folder holds .git (a Git repository): a build would delete it")
    with os.scandir(out) as entries:
        empty = next(entries, None) is None
    if not empty and not is_build_output(out):
        raise OutputRefused(out, f"输出目录不是空目录，也不是以前生成的网站（没有 {MANIFEST} 标记）；"
                                 "生成会整体替换它，请指定新的或空的目录",
                            f"the output folder is neither empty nor an earlier build's output (no {MANIFEST} mark);"
                            " a build replaces it whole: name a new or empty folder")
    return out


def leftover_prefix(out: Path, kind: str) -> str:
    """Name prefix of this process's temporary folder of `kind` next to `out`."""
    return f".{out.name}.{kind}-{os.getpid()}-"


_LEFTOVER = re.compile(r"\.(?P<name>.+)\.(?P<kind>build|stage|old)-(?:(?P<pid>[0-9]+)-)?.*", re.S)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def clean_leftovers(out: Path) -> list[Path]:
    """Delete the temporary folders earlier builds left next to `out`; returns what was removed."""
    removed = []
    with os.scandir(out.parent) as entries:
        names = sorted(e.name for e in entries)
    for name in names:
        m = _LEFTOVER.fullmatch(name)
        if not m or m.group("name") != out.name:
            continue
        if m.group("pid") and m.group("kind") != "old" and _running(int(m.group("pid"))):
            continue  # a build that is still running
        path = out.parent / name
        try:
            mode = os.lstat(path).st_mode
        except FileNotFoundError:
            continue
        if stat.S_ISDIR(mode):
            remove_later(path)
        else:
            with contextlib.suppress(FileNotFoundError):
                path.unlink()  # a symlink or a stray file: the entry itself, never what it points to
        removed.append(path)
    return removed


def remove_later(path: Path) -> None:
    """Delete a folder (not following symlinks) in a detached `rm -rf`: on disks mounted with `discard`,
    unlinking a national site's files takes minutes and need not hold the build."""
    try:
        subprocess.Popen(["rm", "-rf", "--", str(path)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    except OSError:
        shutil.rmtree(path, ignore_errors=True)
