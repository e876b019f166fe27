"""Loads a registry folder: layout → bytes → strict YAML → schema, cached by content.

API (stable, used by validate, build and the other commands):
    load_registry(root: Path, *, use_cache: bool = True, defer_save: Callable | None = None)
        -> tuple[Registry, list[Problem]]
    locate(file: Path, json_path: str) -> tuple[int, int] | None   # 1-based line, column
    state_digest(root: Path, options: Mapping | None = None) -> str  # key for caching a whole run
    last_digest(root: Path) -> str | None        # state digest of what the last load read
    load_file(path, kind, rel) -> tuple[dict | None, list[Problem]]  # one file, no cache
    last_load_stats: dict                        # files, by_stat, read, parsed of the last load

Registry.broken: kind ("portal", "unit", "account", "inspection") → ids (from the file name and,
when readable, the record's id) of files that failed to load or validate, or were not read for
their layout; "files" → their display paths. A broken portal.yaml gives broken["portal"] = {"portal"}.

Codes: ENC001 SIZE001 YAML001–YAML009 (yaml_text, yaml_exact), SCH000–SCH006 (schema_check),
LAY000–LAY005 (layout); texts in load_problems.

Each file goes through the fast path (yaml-rs + jsonschema-rs); only when that path declines or finds
a problem is the file read again on the exact path (libyaml events, positions of every node), which
decides and says where. Both mean the same by a document (tests/test_differential.py).

A big registry is loaded on every core: the parent walks the top of the registry (layout.plan), cuts
the record folders into ordered chunks of about CHUNK files, and parallel.fork_map spreads them over
itself and forked children, each listing its folders, taking stats, reading and parsing. The result
does not depend on timing. The same walk, without parsing, gives the warm state digest.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import orjson
import yaml

from generator import load_problems as lp
from generator import schema_check, trace
from generator.cache import RACY_NS, Cache, git_blob_id, valid_entry, version_key
from generator.layout import Entry, FolderTask, Layout, Plan, discover, plan, run_items
from generator.parallel import cores, fork_map
from generator.problems import Problem
from generator.records import Record, Registry
from generator.yaml_exact import ExactDoc, load_exact
from generator.yaml_fast import load_fast
from generator.yaml_text import YamlIssue, decode

KIB = 1024
SIZE_LIMITS = {"portal": 256 * KIB, "unit": 256 * KIB, "account": 256 * KIB, "inspection": 8 * 1024 * KIB}
PARALLEL_MIN = 1500  # files (estimated) before it pays to start worker processes
CHUNK = 1000  # files per task: bigger chunks share more strings (pickle keeps identity)
FOLDER_FILES = 3  # a guess at the files of a folder not yet listed (a unit's accounts)

T = TypeVar("T")
Result = dict[str, Any]  # {"d": data} or {"p": [problem dicts], "id": str | None}


# --- one file ------------------------------------------------------------------------------------


def _issue(i: YamlIssue) -> Problem:
    return lp.make(i.code, "", i.line, i.column, **i.params)


def _locator(doc: ExactDoc) -> Any:
    def where(path: tuple[str | int, ...], how: str) -> tuple[int, int]:
        if how == "key":
            return doc.locate_key(path)
        if how == "container":
            return doc.locate_container(path) if path else doc.values.get((), (1, 1))
        return doc.locate(path)

    return where


def analyse(raw: bytes, kind: str) -> Result:
    """Load and schema-check one file's bytes: the record's data, or its problems (no file set)."""
    try:
        text = decode(raw, SIZE_LIMITS[kind])
    except YamlIssue as i:
        return {"p": [lp.to_dict(_issue(i))], "id": None}
    data = load_fast(text, raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw)
    if data is not None and schema_check.is_valid(kind, data):
        return {"d": data}
    try:
        doc = load_exact(text)
    except YamlIssue as i:
        return {"p": [lp.to_dict(_issue(i))], "id": None}
    problems = schema_check.check(kind, doc.value, "", _locator(doc))
    if not problems:
        return {"d": doc.value}
    rid = doc.value.get("id")
    return {"p": [lp.to_dict(p) for p in problems], "id": rid if isinstance(rid, str) else None}


def load_file(path: Path, kind: str, rel: str = "") -> tuple[dict[str, Any] | None, list[Problem]]:
    """One file, without the cache: (data, []) or (None, problems)."""
    res = analyse(Path(path).read_bytes(), kind)
    if "d" in res:
        return res["d"], []
    return None, [lp.from_dict(d, rel or str(path)) for d in res["p"]]


# --- many files: the walk of the record folders and the reading, in worker processes too -------

# Set before forking, read by the workers (fork shares them without copying or pickling):
_PLAN: Plan | None = None  # the walked top of the registry
_INDEX: dict[str, Any] = {}  # the stat index: display path → (size, mtime_ns, ctime_ns, inode, blob id)
_KNOWN: Any = ()  # cache keys the parent holds: a file with that content is not parsed again
_BASE = ""  # the registry's parent folder, with a trailing separator
_DIGEST_ONLY = False  # True: only the content ids are wanted (state_digest), no parsing

# What became of one record file: (cache key, result, read). Key None: too large to read (result
# holds SIZE001), or vanished (result None). Result None with a key: the parent's cache has it.
Outcome = tuple[str | None, Result | None, bool]


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def _read(path: str, limit: int, size: int = -1) -> bytes | None:
    """At most limit + 1 bytes of the file (one more than allowed says "too large"), or None.
    `size` (from the walk's stat) sizes the one read a file usually takes: half the cost of
    open().read(). Never follows a link or blocks on a pipe swapped in since the walk."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError:
        return None
    try:
        want = limit + 1 if size < 0 else min(size, limit) + 1
        data = os.read(fd, want)
        if len(data) == want and want <= limit:  # the file grew since its stat: read on
            parts, total = [data], len(data)
            while total <= limit and (more := os.read(fd, limit + 1 - total)):
                parts.append(more)
                total += len(more)
            data = b"".join(parts)
        return data
    except OSError:
        return None
    finally:
        os.close(fd)


def _outcome(e: Entry) -> Outcome:
    ix = _INDEX.get(e.rel)
    # unchanged by its stat, and (unless only the id is wanted) in the cache?
    if type(ix) is tuple and len(ix) == 5 and ix[:4] == e.stat:
        key = f"{e.kind}:{ix[4]}"
        if _DIGEST_ONLY or key in _KNOWN:
            return key, None, False
    limit = SIZE_LIMITS[e.kind]
    raw = _read(_BASE + e.rel, limit, e.stat[0])
    if raw is None:
        return None, None, True
    if len(raw) > limit:
        size = os.path.getsize(_BASE + e.rel)
        p = lp.make("SIZE001", "", 1, 1, size_kib=(size + 1023) // 1024, limit_kib=limit // KIB)
        return None, {"p": [lp.to_dict(p)], "id": None}, True
    key = f"{e.kind}:{git_blob_id(raw)}"
    if _DIGEST_ONLY or key in _KNOWN:
        return key, None, True
    return key, analyse(raw, e.kind), True


def _walk_chunk(items: list[Entry | FolderTask]) -> tuple[Layout, list[Outcome]]:
    """List the folders of a chunk of the plan, then read their record files."""
    assert _PLAN is not None
    part = run_items(_PLAN, items)
    return part, [_outcome(e) for e in part.entries]


def _chunks(items: list[Entry | FolderTask]) -> tuple[list[list[Entry | FolderTask]], int]:
    """Consecutive pieces of the plan of about CHUNK files each (a folder not yet listed counts as
    FOLDER_FILES), and the estimated number of files."""
    out: list[list[Entry | FolderTask]] = []
    cur: list[Entry | FolderTask] = []
    weight = total = 0
    for item in items:
        w = (item.end - item.start if item.end >= 0 else FOLDER_FILES) if isinstance(item, FolderTask) else 1
        cur.append(item)
        weight += w
        total += w
        if weight >= CHUNK:
            out.append(cur)
            cur, weight = [], 0
    if cur:
        out.append(cur)
    return out, total


def _spread(root: Path, index: dict[str, Any], known: Any, chunk_fn: Callable[[list[Entry | FolderTask]], T],
            *, digest_only: bool = False) -> tuple[Plan, list[T]]:
    """Plan the walk of the registry at root, then run chunk_fn over ordered chunks of the plan, on
    every core when the registry is large (the result does not depend on timing)."""
    global _PLAN, _INDEX, _KNOWN, _BASE, _DIGEST_ONLY
    p = plan(root)
    _PLAN, _INDEX, _KNOWN, _BASE, _DIGEST_ONLY = p, index, known, os.path.join(root.parent, ""), digest_only
    try:
        chunks, files = _chunks(p.items)
        workers = cores() if files >= PARALLEL_MIN else 1
        if workers > 1 and not digest_only:
            schema_check.validators()  # build once, before forking
        return p, fork_map(lambda i: chunk_fn(chunks[i]), len(chunks), workers=workers)
    finally:
        _PLAN, _INDEX, _KNOWN, _DIGEST_ONLY = None, {}, (), False


def _walk(root: Path, index: dict[str, Any], known: Any) -> tuple[Layout, list[Outcome]]:
    """The layout of the registry at root and what became of each record file."""
    p, parts = _spread(root, index, known, _walk_chunk)
    layout = Layout([], list(p.problems), list(p.rejected))
    outcomes: list[Outcome] = []
    for part, outs in parts:
        layout.extend(part)
        outcomes += outs
    return layout, outcomes


def _digest_chunk(items: list[Entry | FolderTask]) -> tuple[list[str], list[Problem]]:
    """A chunk's lines of the state digest, and its layout problems: all a worker needs to send."""
    part, outs = _walk_chunk(items)
    lines = [_Digest.line(e, key) for e, (key, res, _) in zip(part.entries, outs, strict=True)
             if key is not None or res is not None]  # else it vanished
    return lines, part.problems


# --- the registry --------------------------------------------------------------------------------

_DIGESTS: dict[str, str] = {}
# What the last load did, for tests and benchmarks: files found, known by stat alone, read, parsed.
last_load_stats: dict[str, int] = {}


@functools.cache
def _version() -> str:
    return version_key()


SaveJob = Callable[[], None]


def load_registry(root: Path, *, use_cache: bool = True,
                  defer_save: Callable[[SaveJob], None] | None = None) -> tuple[Registry, list[Problem]]:
    """The registry at root and its loading problems. Writing the cache (about a second at 100,000
    accounts) is handed to `defer_save` when given, so that a caller can run it beside other work;
    the cache stays correct whether the job runs or not."""
    # Loading allocates millions of small objects and frees none: the cyclic collector would only
    # walk them again and again (a third of a warm load's time).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _load(Path(root).resolve(), use_cache, defer_save)
    finally:
        if was_enabled:
            gc.enable()


def _load(root: Path, use_cache: bool, defer_save: Callable[[SaveJob], None] | None) -> tuple[Registry, list[Problem]]:
    scan_start = time.time_ns()
    version = _version()
    cache = Cache(root, version)
    if use_cache:
        cache.load_index()
        cache.load_entries()
    cached = cache.entries
    known = {k for k, v in cached.items() if valid_entry(v)}
    layout, outcomes = _walk(root, cache.index, known)
    trace.mark(f"walk and parse {len(outcomes)} files")
    entries = layout.entries
    problems = list(layout.problems)
    read = sum(o[2] for o in outcomes)
    changed = False
    parsed = 0

    reg = Registry(root=root)
    lists = {"unit": reg.units, "account": reg.accounts, "inspection": reg.inspections}
    broken: dict[str, set[str]] = {}
    new_entries: dict[str, Any] = {}
    new_index: dict[str, tuple[Any, ...]] = {}
    racy_after = scan_start - RACY_NS
    # every file known by its stat and nothing else in the index: the index stays as it is
    index_changed = bool(read) or len(cache.index) != len(entries)
    digest = _Digest(version)
    digest_lines, digest_line = digest.lines, _Digest.line
    for e, (key, res, _) in zip(entries, outcomes, strict=True):
        if res is None:
            if key is None:  # vanished between the walk and the read
                continue
            res = cached[key]
        else:  # read and analysed just now
            changed = True
            parsed += 1
        digest_lines.append(digest_line(e, key))
        blob = key.partition(":")[2] if key else ""
        data = res.get("d")
        if data is not None:
            rec = Record(e.kind, e.rel, data, blob)  # type: ignore[arg-type]
            if e.kind == "portal":
                reg.portal = rec
            else:
                lists[e.kind].append(rec)
        else:
            problems.extend(lp.from_dict(d, e.rel) for d in res["p"])
            _mark_broken(broken, e.kind, e.stem, e.rel, res.get("id"))
        if key is not None:
            new_entries[key] = res
            if index_changed and e.stat[1] < racy_after and e.stat[2] < racy_after:
                new_index[e.rel] = (*e.stat, blob)
    last_load_stats.clear()
    last_load_stats.update(files=len(entries), by_stat=len(entries) - read, read=read, parsed=parsed)
    for kind, stem, rel in layout.rejected:
        _mark_broken(broken, kind, stem, rel, None)
    digest.layout(layout.problems)
    reg.broken = broken
    reg.reindex()
    trace.mark("records and indexes")
    _DIGESTS[str(root)] = digest.hexdigest()
    if use_cache:
        save_index = index_changed and new_index != cache.index
        save_entries = changed or new_entries.keys() != cached.keys()

        def save() -> None:
            if save_index:
                cache.save_index(new_index)
            if save_entries:
                cache.save_entries(new_entries)
            trace.mark("cache written")

        if defer_save is not None and (save_index or save_entries):
            defer_save(save)
        else:
            save()
    return reg, problems


def _mark_broken(broken: dict[str, set[str]], kind: str, stem: str, rel: str, rid: str | None) -> None:
    ids = broken.setdefault(kind, set())
    ids.add("portal" if kind == "portal" else stem)
    if rid:
        ids.add(rid)
    broken.setdefault("files", set()).add(rel)


class _Digest:
    """The registry's state: every record file's path and content id, the layout problems, the
    loader's version."""

    def __init__(self, version: str) -> None:
        self.lines = [version]

    @staticmethod
    def line(e: Entry, key: str | None) -> str:
        # key None: a file too large to be read, known by its stat
        return f"{e.rel}\0{key or e.stat}"

    def add(self, e: Entry, key: str | None) -> None:
        self.lines.append(self.line(e, key))

    def layout(self, problems: list[Problem]) -> None:
        self.lines.extend(f"{p.file}\0{p.code}" for p in problems)

    def hexdigest(self) -> str:
        return hashlib.sha256("\n".join(self.lines).encode("utf-8", "surrogateescape")).hexdigest()


def _fresh_digest(root: Path) -> str:
    """The state digest from the stat index and, for files changed since, their content; no
    parsing, no records."""
    version = _version()
    cache = Cache(root, version)
    cache.load_index()
    trace.mark("stat index read")
    p, parts = _spread(root, cache.index, (), _digest_chunk, digest_only=True)
    trace.mark(f"walk of {sum(len(lines) for lines, _ in parts)} files")
    digest = _Digest(version)
    for lines, _ in parts:
        digest.lines += lines
    digest.layout([*p.problems, *(x for _, problems in parts for x in problems)])
    return digest.hexdigest()


def state_digest(root: Path, options: Mapping[str, Any] | None = None, *, state: str | None = None) -> str:
    """A stable digest of the registry's state as it is now on disk, and of options: the key for
    caching a whole validation run. Reads only the stat index and the files changed since it was
    written (no parsing): about a second for 100,000 files when warm. `last_digest(root)` is the
    digest of what the last load_registry(root) in this process read; pass it as `state` to key a
    result computed from that load."""
    state = state or _fresh_digest(Path(root).resolve())
    if options is None:
        return state
    h = hashlib.sha256(state.encode())
    h.update(orjson.dumps(dict(options or {}), option=orjson.OPT_SORT_KEYS, default=str))
    return h.hexdigest()


def last_digest(root: Path) -> str | None:
    """The state digest of the files the last load_registry(root) in this process read (they may
    have changed since; state_digest looks again)."""
    return _DIGESTS.get(str(Path(root).resolve()))


# --- locating a JSON path in a file --------------------------------------------------------------

_SEGMENT = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def parse_json_path(json_path: str) -> tuple[str | int, ...]:
    """`filings[2].filed_date` → ("filings", 2, "filed_date")"""
    return tuple(int(m.group(1)) if m.group(1) is not None else m.group(2) for m in _SEGMENT.finditer(json_path))


@functools.lru_cache(maxsize=32)
def _exact(path: str, size: int, mtime_ns: int) -> ExactDoc | None:
    try:
        with open(path, "rb") as f:
            raw = f.read(SIZE_LIMITS["inspection"] + 1)
        return load_exact(decode(raw, SIZE_LIMITS["inspection"]))
    except (OSError, YamlIssue):
        return None


@functools.lru_cache(maxsize=32)
def _composed(path: str, size: int, mtime_ns: int) -> yaml.Node | None:
    """The node tree libyaml composes in C, with marks: five times cheaper than the exact path's
    tree, and enough to place a problem in a file that loaded (tests/test_locate.py proves both
    place every node alike)."""
    try:
        with open(path, "rb") as f:
            raw = f.read(SIZE_LIMITS["inspection"] + 1)
        return yaml.compose(decode(raw, SIZE_LIMITS["inspection"]), Loader=yaml.CSafeLoader)
    except (OSError, YamlIssue, yaml.YAMLError, RecursionError):
        return None


def locate_composed(root: yaml.Node, path: tuple[str | int, ...]) -> tuple[int, int]:
    """As ExactDoc.locate: the node at path or its nearest existing parent; a collection under a key
    is placed at its key."""
    node, key_mark = root, None
    for seg in path:
        if isinstance(node, yaml.MappingNode) and isinstance(seg, str):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == seg:
                    node, key_mark = v, k.start_mark
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(seg, int) and 0 <= seg < len(node.value):
            node, key_mark = node.value[seg], None
        else:
            break
    mark = key_mark if key_mark is not None and isinstance(node, yaml.CollectionNode) else node.start_mark
    return mark.line + 1, mark.column + 1


def locate(file: Path, json_path: str) -> tuple[int, int] | None:
    """(line, column) of the node at json_path in file; the nearest existing parent when the key is
    missing; None when the file cannot be read or is not valid YAML."""
    try:
        st = os.stat(file)
    except OSError:
        return None
    tree = _composed(str(file), st.st_size, st.st_mtime_ns)
    if tree is not None:
        return locate_composed(tree, parse_json_path(json_path))
    doc = _exact(str(file), st.st_size, st.st_mtime_ns)
    if doc is None:
        return None
    return doc.locate(parse_json_path(json_path))


def iter_record_files(root: Path) -> Iterable[Entry]:
    """The record files of a registry (for tools that read raw files)."""
    return discover(Path(root).resolve()).entries
