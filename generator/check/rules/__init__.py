"""The rules, one module per concern: `structure/` holds the rules every jurisdiction enforces (the
path is the identity, references resolve, ids are unique, the history is consistent), and
`jurisdiction/` the rules whose severity and parameters come from a policy profile. A rule is a
function registered with `check.engine.rule`; importing a module registers its rules.
"""

from __future__ import annotations

import importlib
import pkgutil


def load_all() -> None:
    """Import every rule module so that its @rule decorators run (helpers named `common` hold none)."""
    for sub in ("structure", "jurisdiction"):
        pkg = importlib.import_module(f"{__name__}.{sub}")
        for mod in sorted(pkgutil.iter_modules(pkg.__path__), key=lambda m: m.name):
            if mod.name != "common":
                importlib.import_module(f"{pkg.__name__}.{mod.name}")
