"""Running a rule's documented examples against the examples registry.

The examples registry (`generator/check/examples/`) is a small fictional district, 青山市东湖区: its
government, the government's office as supervising unit, a few departments and an internal sub-unit,
accounts on several platforms with correct filings and approvals, and one inspection batch. It has no
problem at error level under any profile on `rule_docs.DEFAULT_TODAY`, so an example's verdict comes
from its own files only.

An example is materialised by copying that registry into a fresh folder, setting the example's profile
in portal.yaml and merging each of its files onto the record at that path: mappings merge key by key,
any other value (lists too) replaces, `null` removes the key. A path the registry does not hold starts
from a template of its kind (see `template`); `deleted` removes the file. The real pipeline then
validates the folder on the example's day.
"""

from __future__ import annotations

import copy
import hashlib
import shutil
from pathlib import Path
from typing import Any

from generator.check.pipeline import validate
from generator.check.rule_docs import Example
from generator.load.yaml.exact import load_exact
from generator.paths import EXAMPLES_DIR, PORTAL_FILE
from generator.problems import Problem
from generator.tools.yaml_emit import dump

_ORDER = {"portal": 0, "unit": 1, "account": 2, "inspection": 3}  # a template reads the records before it
_OPENED = {"type": "open", "event_date": "2025-06-03", "filed_date": "2025-06-04"}
_APPROVED = "2025-05-27"


class ExampleError(Exception):
    """An example that cannot be applied to the examples registry (deleting a file it lacks)."""


def run(example: Example, workdir: Path) -> list[Problem]:
    """Every problem `validate` reports for the example, materialised under `workdir` (a new folder)."""
    root = materialise(example, workdir / "registry")
    return validate(root, today=example.today, use_cache=False).problems


def materialise(example: Example, dest: Path) -> Path:
    """The examples registry with the example applied, written to `dest` (which must not exist)."""
    shutil.copytree(EXAMPLES_DIR, dest, ignore=shutil.ignore_patterns("__pycache__"))
    portal = _read(dest / PORTAL_FILE)
    if portal is not None:
        _write(dest / PORTAL_FILE, {**portal, "profile": example.profile})
    for f in sorted(example.files, key=lambda f: _ORDER[f.kind]):
        target = dest / f.path
        if f.overlay is None:
            if not target.is_file():
                raise ExampleError(f"{f.path}: deleted, but the examples registry has no such file")
            target.unlink()
            continue
        base = _read(target)
        if base is None:
            base = template(dest, f.kind, f.path, example.today.isoformat())
        target.parent.mkdir(parents=True, exist_ok=True)
        _write(target, merge(base, f.overlay))
    return dest


def merge(base: dict[str, Any], overlay: dict[str, Any]) -> dict[str, Any]:
    """`overlay` deep-merged onto a copy of `base`: mappings key by key, other values replace, None
    removes the key (also inside a replacing value)."""
    out = copy.deepcopy(base)
    for key, value in overlay.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = _without_nulls(value)
    return out


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_nulls(v) for v in value]
    return value


def template(root: Path, kind: str, path: str, today: str) -> dict[str, Any]:
    """A new record for `path`, complete enough to validate on its own: an account of the unit named by
    its folder (on Kuaishou, opened with the unit's supervisor's approval), a department under the root
    unit, or an inspection batch of the folder's period by the root unit's supervisor, dated `today`."""
    parts = path.removesuffix(".yaml").split("/")
    config = _read(root / PORTAL_FILE) or {}
    top = _read(root / "units" / f"{config.get('root_unit')}.yaml") or {}
    office = top.get("supervisor") or config.get("root_unit")
    if kind == "account":
        unit_id, account_id = parts[1], parts[2]
        unit = _read(root / "units" / f"{unit_id}.yaml") or {}
        opening: dict[str, Any] = dict(_OPENED)
        if unit.get("supervisor"):
            opening["approval"] = {"by": unit["supervisor"], "date": _APPROVED}
        record = {"id": account_id, "platform": "kuaishou", "name": (unit.get("short_names") or [unit_id])[0],
                  "platform_id": "3x" + hashlib.sha256(account_id.encode()).hexdigest()[:14], "host_unit": unit_id,
                  "verification_text": unit.get("name"), "status": "active", "filings": [opening]}
        return _without_nulls(record)
    if kind == "unit":
        return _without_nulls({"id": parts[1], "name": parts[1], "kind": "department", "level": top.get("level"),
                               "region": top.get("region"), "parent": config.get("root_unit"), "supervisor": office})
    if kind == "inspection":
        first = sorted((root / "accounts" / str(config.get("root_unit"))).glob("*.yaml"))
        return {"id": parts[2], "period": parts[1], "inspector": office, "kind": "spot_check",
                "rubric": "national-2019", "date": today, "results": [{"account": p.stem} for p in first[:1]]}
    raise ExampleError(f"{path}: a {kind} record has no template")


def _read(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    return load_exact(path.read_text("utf-8")).value


def _write(path: Path, record: dict[str, Any]) -> None:
    path.write_text(dump(record), "utf-8")
