"""The one guard that pauses Python's cyclic garbage collector around bulk work on records."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Records are acyclic dicts and lists, allocated by the million and kept: every full collection
    would walk all of them again for nothing. Reference counting still frees everything; the collector
    is switched back on afterwards (if it was on). Nesting is harmless."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
