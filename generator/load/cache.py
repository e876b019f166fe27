"""Content-addressed cache of loaded, schema-checked records, in `<registry>/.portal-cache/`.

Entries are keyed by `<kind>:<git blob id>` (the same content at another path is a hit; the kind
matters because it decides the schema): the file's `read.Analysis` as a plain tuple (data, problems,
rid), the problems without their file, which the caller adds. A stat index like git's (display path → (size, mtime_ns, ctime_ns, inode, blob id)) lets a warm
run skip reading unchanged files. Entries whose timestamps are too close to the scan are left out of
the index ("racy" files, as git calls them), so an edit within the clock's granularity is never
missed.

Two files (index, records), each written atomically (temporary file, rename). Format: marshal,
which keeps the sharing of repeated strings (dates, enum values) and so needs half the memory of
JSON, and loads faster. The header holds the version key (schemas, the load and model stages' code, parser versions); a
keyed MAC (HMAC-SHA-256) over the body uses a key kept outside the repository
(`~/.cache/gov-newmedia-portal/cache.key`, or the file named by PORTAL_CACHE_KEY_FILE). So a
damaged file, a file of another version, and a cache folder that arrives with a checkout or a pull
request (whose entries would otherwise pass off unchecked data as checked) are all ignored and
rebuilt, never trusted.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import marshal
import os
import secrets
import stat
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.paths import CACHE_DIR_NAME, LOAD_DIR, MODEL_DIR, PACKAGE_DIR
from generator.support.fingerprint import fingerprint

INDEX_FILE = "index.bin"
RECORDS_FILE = "records.bin"
MAGIC = b"PORTAL-LOADER-CACHE/4 "
MARSHAL_VERSION = 4
RACY_NS = 1_000_000_000  # files changed less than this before the scan are not trusted by stat


def git_blob_id(raw: bytes) -> str:
    """The id git gives this content (`git hash-object`)."""
    return hashlib.sha1(b"blob %d\0" % len(raw) + raw).hexdigest()


def version_key() -> str:
    """Changes whenever the schemas, the code of the load and model stages or the parsers change."""
    from generator.load import schema as schema_check

    extra = [schema_check.version_material()]
    for dist in ("yaml-rs", "PyYAML", "jsonschema-rs"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            extra.append(f"{dist}={metadata.version(dist)};".encode())
    extra.append(f"py{sys.version_info[0]}.{sys.version_info[1]}".encode())
    return fingerprint(LOAD_DIR, MODEL_DIR, PACKAGE_DIR / "problems.py", extra=b"".join(extra))


def valid_entry(e: Any) -> bool:
    """Whether a stored entry has the shape of a `read.Analysis` (data, problems, rid)."""
    if type(e) is not tuple or len(e) != 3:
        return False
    data, problems, rid = e
    if data is not None:
        return isinstance(data, dict)
    return (isinstance(problems, tuple) and bool(problems) and all(isinstance(p, dict) for p in problems)
            and (rid is None or isinstance(rid, str)))


_KEY: bytes | None = None


def _key() -> bytes:
    """The MAC key: made once per user, kept outside every repository."""
    global _KEY
    if _KEY is None:
        path = os.environ.get("PORTAL_CACHE_KEY_FILE") or os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "gov-newmedia-portal", "cache.key")
        try:
            key = Path(path).read_bytes()
            if len(key) < 32:
                raise OSError("short key")
        except OSError:
            key = secrets.token_bytes(32)
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(key)
            except FileExistsError:  # another process made it first: use theirs
                with contextlib.suppress(OSError):
                    key = Path(path).read_bytes() or key
            except OSError:
                pass  # a key for this process only: the cache then lasts one run
        _KEY = key
    return _KEY


def _mac(version: str, body: bytes | memoryview) -> str:
    # HMAC-SHA-256: the CPU's SHA instructions make it faster than keyed BLAKE2b over a records
    # file of a national registry
    h = hmac.new(_key(), version.encode() + b"\0", hashlib.sha256)
    h.update(body)
    return h.hexdigest()


_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
MAX_FILE = 2 * 1024**3  # a cache file larger than this is not ours: never read (memory)


def _open_dir(folder: Path, *, create: bool) -> int | None:
    """A descriptor of the cache folder, only if it is a plain folder (never a symbolic link to one,
    which could send the cache, private fields and all, into a published folder); None otherwise."""
    if create:
        with contextlib.suppress(FileExistsError, OSError):
            os.mkdir(folder, 0o700)
    try:
        return os.open(folder, _DIR_FLAGS)
    except OSError:
        return None


def read_signed(path: Path, version: str) -> Any:
    """The object stored at path, or None if it is missing, of another version, damaged, not ours,
    not a regular file (a FIFO, a device, a symbolic link), too large, or in a folder that is not a
    plain folder."""
    dfd = _open_dir(path.parent, create=False)
    if dfd is None:
        return None
    try:
        fd = os.open(path.name, _READ_FLAGS, dir_fd=dfd)
    except OSError:
        return None
    finally:
        os.close(dfd)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE:
            return None
        parts, total = [], 0
        while total <= st.st_size and (chunk := os.read(fd, st.st_size + 1 - total)):
            parts.append(chunk)
            total += len(chunk)
        raw = b"".join(parts)
    except OSError:
        return None
    finally:
        os.close(fd)
    end = raw.find(b"\n")
    if end == -1 or not raw.startswith(MAGIC):
        return None
    head, body = raw[:end], memoryview(raw)[end + 1:]  # no copy of a large body
    fields = head[len(MAGIC):].split(b" ")
    if len(fields) != 3 or fields[0].decode("ascii", "replace") != version:
        return None
    try:
        if int(fields[1]) != len(body):
            return None
    except ValueError:
        return None
    if not hmac.compare_digest(fields[2], _mac(version, body).encode()):
        return None
    try:
        return marshal.loads(body)
    except (ValueError, EOFError, TypeError):
        return None


def write_signed(path: Path, version: str, obj: Any) -> bool:
    """Replace path atomically (temporary file, then rename), inside the cache folder only if it is a
    plain folder. False on any error: the cache only ever saves time."""
    try:
        body = marshal.dumps(obj, MARSHAL_VERSION)
    except ValueError:
        return False
    head = MAGIC + f"{version} {len(body)} {_mac(version, body)}\n".encode()
    dfd = _open_dir(path.parent, create=True)
    if dfd is None:
        return False
    tmp = f".tmp-{os.getpid()}-{secrets.token_hex(6)}.bin"
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600, dir_fd=dfd)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(head)
                f.write(body)
            os.replace(tmp, path.name, src_dir_fd=dfd, dst_dir_fd=dfd)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dfd)
            raise
    except OSError:
        return False
    finally:
        os.close(dfd)
    return True


def folder_problem(root: Path) -> dict[str, str] | None:
    """What is wrong with the registry's cache folder, if anything: it must be a plain folder (or
    not exist). Texts for LAY006."""
    try:
        st = os.lstat(root / CACHE_DIR_NAME)
    except OSError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return {"what_zh": "是符号链接，不会被使用", "what_en": "is a symbolic link and is not used"}
    if not stat.S_ISDIR(st.st_mode):
        return {"what_zh": "不是文件夹，不会被使用", "what_en": "is not a folder and is not used"}
    return None


class Cache:
    """Two files: the stat index (small, read alone when only the registry's state is asked for)
    and the records."""

    def __init__(self, root: Path, version: str) -> None:
        self.dir = root / CACHE_DIR_NAME
        self.version = version
        self.entries: dict[str, Any] = {}
        self.index: dict[str, tuple[Any, ...]] = {}

    def load_index(self) -> None:
        index = read_signed(self.dir / INDEX_FILE, self.version)
        self.index = index if isinstance(index, dict) else {}

    def load_entries(self) -> None:
        entries = read_signed(self.dir / RECORDS_FILE, self.version)
        self.entries = entries if isinstance(entries, dict) else {}


    def save_index(self, index: dict[str, tuple[Any, ...]]) -> None:
        if write_signed(self.dir / INDEX_FILE, self.version, index):
            self.index = index

    def save_entries(self, entries: dict[str, Any]) -> None:
        if write_signed(self.dir / RECORDS_FILE, self.version, entries):
            self.entries = entries
