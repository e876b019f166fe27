"""Changing a folder in one step: build the new state beside it, then exchange the two.

A command that writes many files (an import of a sheet) must leave either the old folder or the
new one, never half of each, whenever it is killed. `staged(folder)` gives a staging folder next to
it that starts as a copy made of hard links (cheap: no file content is copied); the caller writes
into it; `commit` exchanges it with the folder in one rename (Linux `renameat2(RENAME_EXCHANGE)`;
elsewhere two renames, the window between them as short as a rename) and removes the old state.
Leftovers of a killed run (`.<name>.stage-*`) are removed by the next `staged` on that folder.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import secrets
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _prefix(folder: Path) -> str:
    return f".{folder.name}.stage-"


def remove_leftovers(folder: Path) -> None:
    """Staging folders a killed run left next to folder (never following a link)."""
    for p in folder.parent.glob(_prefix(folder) + "*"):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)


def _mirror(src: Path, dest: Path) -> None:
    """dest: src's tree, folders made anew, files hard-linked (copied where a link cannot be made),
    symbolic links recreated as links (the validator reports them; a copy must not hide them)."""
    os.mkdir(dest, stat.S_IMODE(os.lstat(src).st_mode))
    for entry in os.scandir(src):
        s, d = Path(entry.path), dest / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(s), d)
        elif entry.is_dir(follow_symlinks=False):
            _mirror(s, d)
        elif entry.is_file(follow_symlinks=False):
            try:
                os.link(s, d, follow_symlinks=False)
            except OSError:
                shutil.copy2(s, d, follow_symlinks=False)
        # FIFOs, devices and sockets are not carried over: nothing of the registry's is one


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    return fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0


@contextlib.contextmanager
def staged(folder: Path) -> Iterator[Path]:
    """A staging copy of folder to write into; committed into folder's place when the block ends
    without an exception, removed otherwise."""
    folder = Path(folder).resolve()
    remove_leftovers(folder)
    stage = folder.parent / f"{_prefix(folder)}{os.getpid()}-{secrets.token_hex(4)}"
    try:
        _mirror(folder, stage)
        yield stage
        if not _exchange(stage, folder):
            old = folder.parent / f"{_prefix(folder)}old-{secrets.token_hex(4)}"
            os.rename(folder, old)
            os.rename(stage, folder)
            stage = old
    finally:
        shutil.rmtree(stage, ignore_errors=True)
