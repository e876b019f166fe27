"""The load stage: a registry folder → records that passed their schema, and located problems.

    load_registry(root, *, use_cache=True, defer_save=None) -> (Registry, [Problem])
    load_file(path, kind, rel="") -> (data | None, [Problem])      one file, no cache
    locate(file, json_path) -> (line, column) | None
    state_digest(root, options=None, *, state=None) -> str         key for caching a whole run

Modules, in the order data flows: layout (which files are records) → walk (reading them on every core)
→ read (one file: yaml/text, yaml/fast or yaml/exact, then schema) → registry (records, cache write);
cache, digest and locate serve them; texts holds the wording of every load problem.
"""

from generator.load.digest import state_digest
from generator.load.locate import locate
from generator.load.read import load_file
from generator.load.registry import load_registry

__all__ = ["load_file", "load_registry", "locate", "state_digest"]
