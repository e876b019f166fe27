"""The assessment's inputs file (schemas/assessment-inputs.schema.json): the facts the registry cannot
hold — performance review, commendations, falsification — for each supervising unit. Read with the
exact YAML path, so that a problem names its line."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from generator.load.locate import locate
from generator.load.schema import json_path
from generator.load.yaml.exact import load_exact
from generator.paths import SCHEMAS_DIR


class InputsError(Exception):
    """The inputs file cannot be used; the message names the file and line (Chinese / English)."""


@dataclass(frozen=True)
class UnitInputs:
    performance_review: bool | None = None
    falsification: bool | None = None
    falsification_note: str = ""
    commendations: tuple[dict[str, Any], ...] = ()
    has_commendations: bool = False  # the entry lists commendations (an empty list means none)


@dataclass(frozen=True)
class Inputs:
    file: str
    year: int
    units: dict[str, UnitInputs] = field(default_factory=dict)


@lru_cache(maxsize=1)
def _validator() -> Any:
    return jsonschema_rs.validator_for(json.loads((SCHEMAS_DIR / "assessment-inputs.schema.json").read_text("utf-8")))


def read_inputs(path: Path) -> Inputs:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputsError(f"无法读取考核补充材料 {path}：{exc} / cannot read the inputs file {path}: {exc}") from None
    try:
        data = load_exact(text).value
    except Exception as exc:  # noqa: BLE001 - any YAML problem is the file's, reported with its text
        raise InputsError(f"{path}：YAML 格式错误：{exc} / {path}: not valid YAML: {exc}") from None
    errors = sorted(_validator().iter_errors(data), key=lambda e: [str(x) for x in e.instance_path])
    if errors:
        e = errors[0]
        where = json_path(tuple(e.instance_path))
        line, col = locate(path, where) or (None, None)
        at = f"{path}:{line}:{col}" if line else str(path)
        raise InputsError(f"{at}：{where or '（文件顶层）'} 不符合格式：{e.message} / {at}: {where or '(top level)'}: {e.message}")
    units = {uid: UnitInputs(performance_review=u.get("performance_review"), falsification=u.get("falsification"),
                             falsification_note=u.get("falsification_note", ""),
                             commendations=tuple(u.get("commendations") or ()), has_commendations="commendations" in u)
             for uid, u in data["units"].items()}
    return Inputs(str(path), int(data["year"]), units)
