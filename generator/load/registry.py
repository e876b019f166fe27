"""Loads a registry folder: layout → bytes → strict YAML → schema, cached by content.

`load_registry(root)` gives the `Registry` of every record that loaded and passed its schema, and the
problems of the rest. `Registry.broken`: kind ("portal", "unit", "account", "inspection") → ids (from
the file name and, when readable, the record's id) of files that failed to load or validate, or were
not read for their layout; "files" → their display paths. A broken portal.yaml gives
broken["portal"] = {"portal"}. `Registry.state` is the state digest of what the load read
(`digest.state_digest`), `Registry.load_stats` what it did (files, by_stat, read, parsed).

Codes: ENC001 SIZE001 YAML001–YAML010 (yaml/text, yaml/exact), YAML011–YAML013 (mistakes), SCH000–SCH007
(schema), LAY000–LAY005 (layout); texts in `texts`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from generator.load import texts as lp
from generator.load.cache import RACY_NS, Cache, valid_entry
from generator.load.digest import StateDigest, loader_version
from generator.load.walk import walk
from generator.model.records import Record, Registry
from generator.problems import Problem
from generator.support import trace
from generator.support.nogc import no_cyclic_gc

SaveJob = Callable[[], None]


def load_registry(root: Path, *, use_cache: bool = True,
                  defer_save: Callable[[SaveJob], None] | None = None) -> tuple[Registry, list[Problem]]:
    """The registry at root and its loading problems. Writing the cache (about a second for a
    national registry) is handed to `defer_save` when given, so that a caller can run it beside other
    work; the cache stays correct whether the job runs or not."""
    with no_cyclic_gc():
        return _load(Path(root).resolve(), use_cache, defer_save)


def _load(root: Path, use_cache: bool, defer_save: Callable[[SaveJob], None] | None) -> tuple[Registry, list[Problem]]:
    scan_start = time.time_ns()
    version = loader_version()
    cache = Cache(root, version)
    if use_cache:
        cache.load_index()
        cache.load_entries()
    cached = cache.entries
    known = {k for k, v in cached.items() if valid_entry(v)}
    layout, outcomes = walk(root, cache.index, known)
    trace.mark(f"walk and parse {len(outcomes)} files")
    entries = layout.entries
    problems = list(layout.problems)
    read = sum(o.read for o in outcomes)
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
    digest = StateDigest(version)
    digest_lines, digest_line = digest.lines, StateDigest.line
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
        if blob:
            reg.blobs[e.rel] = blob
        data, found, rid = res
        if data is not None:
            rec = Record(e.kind, e.rel, data, blob)  # type: ignore[arg-type]
            if e.kind == "portal":
                reg.portal = rec
            else:
                lists[e.kind].append(rec)
        else:
            problems.extend(lp.from_dict(d, e.rel) for d in found)
            _mark_broken(reg, broken, e.kind, e.stem, e.rel, rid)
        if key is not None:
            new_entries[key] = tuple(res)  # a plain tuple: marshal stores no classes
            if index_changed and e.stat[1] < racy_after and e.stat[2] < racy_after:
                new_index[e.rel] = (*e.stat, blob)
    reg.load_stats = {"files": len(entries), "by_stat": len(entries) - read, "read": read, "parsed": parsed}
    for kind, stem, rel in layout.rejected:
        _mark_broken(reg, broken, kind, stem, rel, None)
    digest.layout(layout.problems)
    reg.broken = broken
    reg.reindex()
    trace.mark("records and indexes")
    reg.state = digest.hexdigest()
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


def _mark_broken(reg: Registry, broken: dict[str, set[str]], kind: str, stem: str, rel: str,
                 rid: str | None) -> None:
    stands_for = ("portal" if kind == "portal" else stem, *((rid,) if rid else ()))
    broken.setdefault(kind, set()).update(stands_for)
    broken.setdefault("files", set()).add(rel)
    reg.broken_files[rel] = (kind, stands_for)
