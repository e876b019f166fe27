"""Writing a planned import: every file or none, never over an existing file."""

from __future__ import annotations

import os
from pathlib import Path

from generator.paths import SCHEMAS_DIR
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
    """Write every planned file or none: temporary files first, then hard links that refuse to
    replace an existing file; any failure removes what this call made."""
    files = [(p, dump(r, _schema_ref(p, "unit", SCHEMA_UNIT))) for p, r in sorted(res.units.items())]
    files += [(p, dump(r, _schema_ref(p, "account", SCHEMA_ACCOUNT))) for p, r in sorted(res.accounts.items())]
    made_dirs: list[Path] = []
    temps: list[Path] = []
    placed: list[Path] = []
    done = False
    try:
        for path, _ in files:
            for parent in reversed(path.parents):
                if not parent.exists():
                    parent.mkdir()
                    made_dirs.append(parent)
        for path, text in files:
            tmp = path.with_name(f".{path.name}.import-{os.getpid()}.tmp")
            tmp.write_text(text, "utf-8")
            temps.append(tmp)
        for (path, _), tmp in zip(files, temps, strict=True):
            os.link(tmp, path)  # fails if the file appeared meanwhile: never clobber
            placed.append(path)
        done = True
    finally:
        for t in temps:
            t.unlink(missing_ok=True)
        if not done:
            for p in placed:
                p.unlink(missing_ok=True)
            for d in reversed(made_dirs):
                if d.exists() and not any(d.iterdir()):
                    d.rmdir()
    res.written = True
