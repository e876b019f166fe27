"""INTERIM loader (to be replaced by the fast/exact loader): loads a registry folder.

API (stable, used by validate, build and the other commands):
    load_registry(root: Path, *, use_cache: bool = True) -> tuple[Registry, list[Problem]]
    locate(file: Path, json_path: str) -> tuple[int, int] | None   # 1-based line, column
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml_rs

from generator.paths import ACCOUNTS_DIR, INSPECTIONS_DIR, PORTAL_FILE, SCHEMAS_DIR, UNITS_DIR
from generator.problems import Problem, Severity
from generator.records import Record, Registry


def _validators() -> dict[str, Any]:
    resources = []
    schemas = {}
    for p in sorted(SCHEMAS_DIR.glob("*.schema.json")):
        s = json.loads(p.read_text("utf-8"))
        schemas[p.name.split(".")[0]] = s
        resources.append((s["$id"], s))
    reg = jsonschema_rs.Registry(resources)
    return {k: jsonschema_rs.validator_for(v, registry=reg, validate_formats=True) for k, v in schemas.items()}


def _plain(v: Any) -> Any:
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def load_registry(root: Path, *, use_cache: bool = True) -> tuple[Registry, list[Problem]]:
    root = Path(root)
    validators = _validators()
    problems: list[Problem] = []
    reg = Registry(root=root)
    base = root.parent

    def load(path: Path, kind: str) -> Record | None:
        rel = path.relative_to(base).as_posix()
        try:
            data = _plain(yaml_rs.loads(path.read_bytes().decode("utf-8-sig")))
        except Exception as exc:
            problems.append(Problem("YAML001", Severity.ERROR, rel, f"YAML 无法解析：{exc}", f"YAML parse error: {exc}"))
            return None
        errs = list(validators[kind].iter_errors(data))
        for e in errs:
            problems.append(Problem("SCH001", Severity.ERROR, rel, f"不符合模式：{e.message}", f"schema: {e.message}",
                                    path=".".join(str(x) for x in e.instance_path)))
        if errs:
            return None
        return Record(kind=kind, file=rel, data=data)  # type: ignore[arg-type]

    if (root / PORTAL_FILE).exists():
        reg.portal = load(root / PORTAL_FILE, "portal")
    for p in sorted((root / UNITS_DIR).glob("*.yaml")):
        if r := load(p, "unit"):
            reg.units.append(r)
    for p in sorted((root / ACCOUNTS_DIR).glob("*/*.yaml")):
        if r := load(p, "account"):
            reg.accounts.append(r)
    for p in sorted((root / INSPECTIONS_DIR).glob("*/*.yaml")):
        if r := load(p, "inspection"):
            reg.inspections.append(r)
    reg.reindex()
    return reg, problems


def locate(file: Path, json_path: str) -> tuple[int, int] | None:
    return None
