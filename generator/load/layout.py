"""Registry layout discovery: which files are records of which kind, and which files do not fit.

    portal.yaml · units/<id>.yaml · accounts/<unit-id>/<id>.yaml · inspections/<period>/<id>.yaml

README files are ignored (documentation beside the records), and so are .gitkeep, .gitignore and
.gitattributes, and at the top .git, .github and the cache folder (which must be a plain folder:
LAY006). Every other file or folder that does not fit gets a LAY problem, hidden ones included: a
wrong extension (LAY001), a YAML file (or a folder named like one) in the wrong place (LAY002), a
stray file (LAY003, warning), a symbolic link or special file (LAY004; links are never followed, so
nothing outside the registry is read), a name that is not a valid id or period (LAY005), a file or
folder that cannot be read (LAY007). Uses os.scandir so that the stat the cache's shortcut needs
comes with the walk.

The walk is split in two so that the loader can spread it over processes: `plan(root)` walks the top
of the registry and lists the record folders as `FolderTask`s (units/ cut into slices), without
reading them; `run_task` reads one folder (or slice). `discover` runs the plan in order, here.
"""

from __future__ import annotations

import errno
import os
import re
from dataclasses import dataclass, field
from operator import attrgetter
from pathlib import Path
from typing import NamedTuple

from generator.load import texts as lp
from generator.load.cache import folder_problem
from generator.paths import ACCOUNTS_DIR, CACHE_DIR_NAME, INSPECTIONS_DIR, PORTAL_FILE, UNITS_DIR
from generator.problems import Problem

ID_RE = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")
PERIOD_RE = re.compile(r"[0-9]{4}(?:-Q[1-4]|-[0-9]{2}|-H[12])?")
_MAX_STRAY_DEPTH = 6
SLICE = 1000  # files of one big folder (units/) per task
_by_name = attrgetter("name")


class Entry(NamedTuple):
    """A record file. Kept small: a registry of 300,000 files holds 300,000 of these."""

    kind: str  # portal | unit | account | inspection
    rel: str  # display path, relative to the registry's parent: registry/accounts/u/a.yaml
    stat: tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode

    @property
    def stem(self) -> str:
        """The id the path gives."""
        return self.rel.rpartition("/")[2][:-5]

    def path(self, root: Path) -> str:
        """The absolute path, for the registry at root."""
        return os.path.join(root.parent, self.rel)


def _shown(name: str) -> str:
    """A file name as text even when it is not valid UTF-8."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _valid_utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# Hidden names a Git checkout or an editor legitimately leaves; every other hidden name is reported.
_QUIET_HIDDEN = frozenset({".gitkeep", ".gitignore", ".gitattributes"})
_QUIET_HIDDEN_TOP = _QUIET_HIDDEN | {".git", ".github", CACHE_DIR_NAME}  # the cache folder: checked apart


def ignored(name: str, top: bool) -> bool:
    """README files (documentation beside the records) and the hidden names above."""
    if name[:1] == ".":
        return name in (_QUIET_HIDDEN_TOP if top else _QUIET_HIDDEN)
    return name[:6].lower() == "readme"


_MAYBE_IGNORED = frozenset(".rR")  # first letters of ignored names: most names skip the full test
_UNREADABLE = {
    errno.EACCES: ("权限不足", "permission denied"),
    errno.EPERM: ("权限不足", "permission denied"),
    errno.ELOOP: ("是符号链接", "it is a symbolic link"),
    errno.ENOTDIR: ("不是文件夹", "not a folder"),
    errno.EISDIR: ("是文件夹", "it is a folder"),
}


def unreadable(rel: str, exc: OSError, *, folder: bool) -> Problem:
    """LAY007 for a file or folder that exists and cannot be read."""
    zh, en = _UNREADABLE.get(exc.errno or 0, (exc.strerror or "读取出错", exc.strerror or "read error"))
    return lp.make("LAY007", rel, 1, 1, what_zh="文件夹" if folder else "文件", what_en="the folder" if folder else "the file",
                   reason_zh=zh, reason_en=en)


class FolderTask(NamedTuple):
    """The record files of one folder, or of a slice [start, end) of the plan's scan of it."""

    parts: tuple[str, ...]  # the folder, relative to the registry
    kind: str
    sub_zh: str  # what a sub-folder here is told
    sub_en: str
    start: int = 0
    end: int = -1  # -1: scan the folder when the task runs


class _Walker:
    def __init__(self, root: Path, *, defer: bool = False) -> None:
        self.root = root
        self.root_text = str(root)
        self.prefix = root.name
        self.defer = defer  # plan mode: record folders become tasks in self.plan
        self.entries: list[Entry] = []
        self.problems: list[Problem] = []
        self.rejected: list[tuple[str, str, str]] = []  # kind, id from the name, display path
        self.plan: list[Entry | FolderTask] = []  # plan mode: record files and folders, in walk order
        self.scans: dict[tuple[str, ...], list[os.DirEntry[str]]] = {}  # folders the plan cut into slices

    def rel(self, *parts: str) -> str:
        return "/".join((self.prefix, *(p if p.isascii() else _shown(p) for p in parts)))

    def scan(self, parts: tuple[str, ...]) -> list[os.DirEntry[str]]:
        top = not parts
        try:
            with os.scandir("/".join((self.root_text, *parts))) as it:
                items = [e for e in it if e.name[:1] not in _MAYBE_IGNORED or not ignored(e.name, top)]
        except FileNotFoundError:  # gone since the walk saw it
            return []
        except OSError as exc:
            self.problems.append(unreadable(self.rel(*parts) if parts else self.prefix, exc, folder=True))
            return []
        items.sort(key=_by_name)
        return items

    def special(self, e: os.DirEntry[str], parts: tuple[str, ...]) -> bool:
        """Symbolic links and anything but plain files and folders: LAY004."""
        if e.is_symlink():
            self.problems.append(lp.make("LAY004", self.rel(*parts, e.name), 1, 1,
                                         what_zh="符号链接", what_en="a symbolic link",
                                         hint_zh="备案库里只能放普通文件；请用真实文件代替符号链接",
                                         hint_en="the registry holds plain files only; replace the link with the real file"))
            return True
        if not (e.is_dir(follow_symlinks=False) or e.is_file(follow_symlinks=False)):
            self.problems.append(lp.make("LAY004", self.rel(*parts, e.name), 1, 1,
                                         what_zh="特殊文件（管道、设备或套接字）",
                                         what_en="a special file (a FIFO, device or socket)",
                                         hint_zh="备案库里只能放普通文件和文件夹；请删除这个管道或设备文件",
                                         hint_en="the registry holds plain files and folders only; delete this FIFO or device"))
            return True
        return False

    def record(self, e: os.DirEntry[str], parts: tuple[str, ...], kind: str) -> None:
        name = e.name
        rel = self.rel(*parts, name)
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        if ext != "yaml":
            if ext.lower() in ("yml", "yaml"):
                self.rejected.append((kind, _shown(stem), rel))
                self.problems.append(lp.make("LAY001", rel, 1, 1, ext="." + ext, suggest=_shown(stem) + ".yaml"))
            else:
                self.problems.append(lp.make("LAY003", rel, 1, 1))
            return
        if not _valid_utf8(name) or not ID_RE.fullmatch(stem):
            self.rejected.append((kind, _shown(stem), rel))
            self.problems.append(_bad_name(rel, _shown(stem), "id"))
            return
        s = e.stat(follow_symlinks=False)
        entry = Entry(kind, rel, (s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino))
        (self.plan if self.defer else self.entries).append(entry)

    def stray(self, e: os.DirEntry[str], parts: tuple[str, ...], where_zh: str, where_en: str, depth: int = 0) -> None:
        """A file or folder where none belongs: report every YAML file in it (error), other files
        as strays (warning)."""
        if self.special(e, parts):
            return
        if e.is_dir(follow_symlinks=False):
            if e.name.lower().endswith((".yaml", ".yml")):  # a record's name on a folder: never read
                self.problems.append(lp.make("LAY002", self.rel(*parts, e.name), 1, 1,
                                             where_zh="这是一个以 .yaml 结尾的文件夹，不是记录文件",
                                             where_en="this is a folder named like a record file, not a file"))
            if depth >= _MAX_STRAY_DEPTH:
                return
            for child in self.scan((*parts, e.name)):
                self.stray(child, (*parts, e.name), where_zh, where_en, depth + 1)
            return
        rel = self.rel(*parts, e.name)
        if e.name.lower().endswith((".yaml", ".yml")):
            self.problems.append(lp.make("LAY002", rel, 1, 1, where_zh=where_zh, where_en=where_en))
        else:
            self.problems.append(lp.make("LAY003", rel, 1, 1))

    def folder_of_records(self, top: str, kind: str, name_re: re.Pattern[str], what: str) -> None:
        """accounts/<unit-id>/*.yaml or inspections/<period>/*.yaml"""
        for e in self.scan((top,)):
            if self.special(e, (top,)):
                continue
            if not e.is_dir(follow_symlinks=False):
                self.stray(e, (top,), f"{top}/ 下只能放文件夹", f"{top}/ holds folders only")
                continue
            if not _valid_utf8(e.name) or not name_re.fullmatch(e.name):
                self.problems.append(_bad_name(self.rel(top, e.name), _shown(e.name), what))
                continue
            self.files_of((top, e.name), kind, "多了一层文件夹", "one folder level too deep")

    def files_of(self, parts: tuple[str, ...], kind: str, sub_zh: str, sub_en: str, *, big: bool = False) -> None:
        """The record files of one folder (in plan mode: a task for it; a big folder is scanned now
        and cut into slices)."""
        if not self.defer:
            self.files_in(parts, self.scan(parts), kind, sub_zh, sub_en)
        elif not big:
            self.plan.append(FolderTask(parts, kind, sub_zh, sub_en))
        else:
            items = self.scans[parts] = self.scan(parts)
            self.plan.extend(FolderTask(parts, kind, sub_zh, sub_en, i, min(i + SLICE, len(items)))
                             for i in range(0, len(items), SLICE))

    def files_in(self, parts: tuple[str, ...], items: list[os.DirEntry[str]], kind: str, sub_zh: str,
                 sub_en: str) -> None:
        """Record files among a folder's items; sub-folders are misplaced."""
        prefix = self.rel(*parts) + "/"
        fast = self.entries.append
        fullmatch = ID_RE.fullmatch
        for f in items:
            name = f.name
            # the common case, without the general checks below
            if (name.endswith(".yaml") and name.isascii() and fullmatch(name, 0, len(name) - 5)
                    and f.is_file(follow_symlinks=False)):  # False for a symbolic link
                s = f.stat(follow_symlinks=False)
                fast(Entry(kind, prefix + name, (s.st_size, s.st_mtime_ns, s.st_ctime_ns, s.st_ino)))
                continue
            if self.special(f, parts):
                continue
            if f.is_dir(follow_symlinks=False):
                self.stray(f, parts, sub_zh, sub_en)
            else:
                self.record(f, parts, kind)

    def walk(self) -> None:
        cache = folder_problem(self.root)
        if cache is not None:
            self.problems.append(lp.make("LAY006", self.rel(CACHE_DIR_NAME), 1, 1, folder=self.rel(CACHE_DIR_NAME), **cache))
        for e in self.scan(()):
            if self.special(e, ()):
                continue
            if e.name == PORTAL_FILE and e.is_file(follow_symlinks=False):
                self.record(e, (), "portal")
            elif e.name == UNITS_DIR and e.is_dir(follow_symlinks=False):
                self.files_of((UNITS_DIR,), "unit", "units/ 下不能再建文件夹", "units/ holds no folders", big=True)
            elif e.name == ACCOUNTS_DIR and e.is_dir(follow_symlinks=False):
                self.folder_of_records(ACCOUNTS_DIR, "account", ID_RE, "unit")
            elif e.name == INSPECTIONS_DIR and e.is_dir(follow_symlinks=False):
                self.folder_of_records(INSPECTIONS_DIR, "inspection", PERIOD_RE, "period")
            elif e.is_file(follow_symlinks=False) and e.name.lower() in ("portal.yml", "portal.yaml"):
                self.problems.append(lp.make("LAY001", self.rel(e.name), 1, 1, ext=e.name[6:], suggest="portal.yaml"))
            else:
                self.stray(e, (), "备案库顶层只有 portal.yaml 和 units、accounts、inspections 三个文件夹",
                           "the top level holds portal.yaml and the folders units, accounts, inspections")


_NAME_TEXT = {
    "id": ("记录 id（文件名）", "record id (file name)",
           "文件名只能用小写字母、数字和连字符，例如 qs-gaj-wechat.yaml", "file names use lower-case letters, digits and hyphens, e.g. qs-gaj-wechat.yaml"),
    "unit": ("单位 id（文件夹名）", "unit id (folder name)",
             "文件夹名应为主办单位的 id，只用小写字母、数字和连字符，例如 qs-gaj", "the folder is named after the host unit id, e.g. qs-gaj"),
    "period": ("检查期间（文件夹名）", "inspection period (folder name)",
               "文件夹名写成 2025-Q3、2025-07、2025-H1 或 2025", "name the folder 2025-Q3, 2025-07, 2025-H1 or 2025"),
}


def _bad_name(rel: str, name: str, what: str) -> Problem:
    zh, en, hzh, hen = _NAME_TEXT[what]
    return lp.make("LAY005", rel, 1, 1, name=name, what_zh=zh, what_en=en, hint_zh=hzh, hint_en=hen)


@dataclass
class Layout:
    entries: list[Entry]  # record files, in a stable order
    problems: list[Problem]
    rejected: list[tuple[str, str, str]]  # record files not read: kind, id from the name, display path

    def extend(self, other: Layout) -> None:
        """Append another part of the walk (in walk order)."""
        self.entries += other.entries
        self.problems += other.problems
        self.rejected += other.rejected


@dataclass
class Plan:
    """The top of a registry walked: its record folders still to read, in walk order."""

    root: Path
    items: list[Entry | FolderTask]  # record files met on the way (portal.yaml) and folder tasks
    problems: list[Problem]
    rejected: list[tuple[str, str, str]]
    scans: dict[tuple[str, ...], list[os.DirEntry[str]]] = field(default_factory=dict)


def plan(root: Path) -> Plan:
    """Walk the top of the registry at root, leaving its record folders as tasks."""
    if not root.is_dir():
        return Plan(root, [], [lp.make("LAY000", root.name, None, None, folder=str(root))], [])
    w = _Walker(root, defer=True)
    w.walk()
    return Plan(root, w.plan, w.problems, w.rejected, w.scans)


def run_task(p: Plan, task: FolderTask) -> Layout:
    """Read one folder task of a plan (in any process that holds the plan)."""
    w = _Walker(p.root)
    items = p.scans[task.parts][task.start:task.end] if task.end >= 0 else w.scan(task.parts)
    w.files_in(task.parts, items, task.kind, task.sub_zh, task.sub_en)
    return Layout(w.entries, w.problems, w.rejected)


def run_items(p: Plan, items: list[Entry | FolderTask]) -> Layout:
    """Read the folder tasks among a run of the plan's items, in order (a record file the plan met
    stands for itself)."""
    out = Layout([], [], [])
    for item in items:
        if isinstance(item, FolderTask):
            out.extend(run_task(p, item))
        else:
            out.entries.append(item)
    return out


def discover(root: Path) -> Layout:
    """Every record file of the registry at root, and the layout problems (the plan's first, then
    each folder's, in walk order)."""
    p = plan(root)
    part = run_items(p, p.items)
    return Layout(part.entries, [*p.problems, *part.problems], [*p.rejected, *part.rejected])
