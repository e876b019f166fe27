"""Writing a planned import: every file or none, never over an existing file, in one step."""

from __future__ import annotations

import os
from pathlib import Path

from generator.paths import SCHEMAS_DIR
from generator.support.staging import staged
from generator.tools.importer.plan import ImportResult
from generator.tools.yaml_emit import dump

# The schema lines of a registry laid out as usual (a registry folder next to a schemas folder).
SCHEMA_UNIT = "../../schemas/unit.schema.json"
SCHEMA_ACCOUNT = "../../../schemas/account.schema.json"


def _schema_ref(path: Path, kind: str, default: str) -> str:
    """The schema line's target: relative to the project's schemas when the registry lies inside the
    project, else the usual layout."""
    target = SCHEMAS_DIR / f"{kind}.schema.json"
    try:
        path.resolve().relative_to(SCHEMAS_DIR.parent)
    except ValueError:
        return default
    return Path(os.path.relpath(target, path.resolve().parent)).as_posix()


def write_all(res: ImportResult) -> None:
    """Write every planned file or none: into a staging copy of the registry (never over an existing
    file), which then takes the registry's place in one step. A run killed at any moment leaves the
    registry as it was or with the whole import, and no temporary file inside it."""
    if res.registry is None:
        raise ValueError("the plan names no registry")
    root = res.registry.resolve()
    files = [(p, dump(r, _schema_ref(p, "unit", SCHEMA_UNIT))) for p, r in sorted(res.units.items())]
    files += [(p, dump(r, _schema_ref(p, "account", SCHEMA_ACCOUNT))) for p, r in sorted(res.accounts.items())]
    with staged(root) as stage:
        for path, text in files:
            target = stage / path.resolve().relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "x", encoding="utf-8") as f:  # "x": an existing file is never replaced
                f.write(text)
    res.written = True
