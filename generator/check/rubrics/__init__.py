"""Inspection rubrics as data (generator/check/rubrics/<id>.yaml, schemas/rubric.schema.json).

A rubric lists the veto items (any one fails an account, no score), the deduction items with their
points per case and caps, the pass mark, the update window ("监测时间点前 2 周内无更新") and, for a
jurisdiction that assesses its supervising units yearly, that assessment (`assessment`). Each item
names the phrases published notices use for it, so that imported findings map to items. A file is
checked against its schema when it is first read, like a profile; a jurisdiction adds its own file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

from generator.paths import RUBRICS_DIR, SCHEMAS_DIR

VETO, DEDUCTION = "veto", "deduction"
OBSERVATIONS = ("no_update", "unreachable", "functions_broken", "interaction_broken")
DEFAULT_WINDOW_DAYS = 14


class RubricError(Exception):
    """An unknown rubric (RUB001) or a rubric file that is not valid (RUB002)."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code, self.message_zh, self.message_en = code, message_zh, message_en


@dataclass(frozen=True)
class Item:
    key: str
    section: str  # veto | deduction
    group_zh: str
    group_en: str
    title_zh: str
    title_en: str
    rule_zh: str
    points: int  # deductions: per case; vetoes: 0
    cap: int  # deductions: the most the item costs; vetoes: 0
    serious: bool
    phrases: tuple[str, ...]
    observed: tuple[tuple[str, tuple[str, ...]], ...]  # (when, platform kinds or () for every kind)

    def observed_when(self, when: str, kind: str) -> bool:
        return any(w == when and (not kinds or kind in kinds) for w, kinds in self.observed)


@dataclass(frozen=True)
class Rubric:
    id: str
    title_zh: str
    title_en: str
    documents: tuple[dict[str, Any], ...]
    full_marks: int
    pass_mark: int | None
    window_days: int
    items: dict[str, Item]  # vetoes first, then deductions, in the file's order
    notes_zh: str = ""
    notes_en: str = ""
    assessment: dict[str, Any] | None = field(default=None, repr=False)

    @property
    def vetoes(self) -> list[Item]:
        return [i for i in self.items.values() if i.section == VETO]

    @property
    def deductions(self) -> list[Item]:
        return [i for i in self.items.values() if i.section == DEDUCTION]

    @property
    def reference(self) -> str:
        return str(self.documents[0].get("reference") or self.title_zh) if self.documents else self.title_zh


def list_rubrics() -> list[str]:
    return sorted(p.stem for p in RUBRICS_DIR.glob("*.yaml"))


@lru_cache(maxsize=1)
def _validator() -> Any:
    return jsonschema_rs.validator_for(json.loads((SCHEMAS_DIR / "rubric.schema.json").read_text("utf-8")))


def _invalid(path: Path, zh: str, en: str) -> RubricError:
    return RubricError("RUB002", f"检查指标文件 {path.name} 无效：{zh}", f"rubric file {path.name} is not valid: {en}")


def _item(raw: dict[str, Any], section: str, path: Path) -> Item:
    points, cap = int(raw.get("points") or 0), int(raw.get("cap") or 0)
    if section == DEDUCTION and (not points or not cap or points > cap):
        raise _invalid(path, f"扣分指标 {raw['key']} 须有 points 和 cap，且 points 不大于 cap",
                       f"deduction {raw['key']} needs points and cap, points at most cap")
    if section == VETO and (points or cap):
        raise _invalid(path, f"单项否决指标 {raw['key']} 不计分", f"veto item {raw['key']} has no points")
    return Item(key=raw["key"], section=section, group_zh=raw["group_zh"], group_en=raw.get("group_en") or raw["group_zh"],
                title_zh=raw["title_zh"], title_en=raw["title_en"], rule_zh=raw.get("rule_zh") or raw["title_zh"],
                points=points, cap=cap, serious=bool(raw.get("serious")), phrases=tuple(raw["phrases"]),
                observed=tuple((o["when"], tuple(o.get("kinds") or ())) for o in raw.get("observed") or ()))


@lru_cache(maxsize=32)
def load_rubric(rubric_id: str) -> Rubric:
    """The rubric with this id; raises RubricError (RUB001 unknown, RUB002 invalid file)."""
    path = RUBRICS_DIR / f"{rubric_id}.yaml"
    if not path.is_file() or "/" in rubric_id:
        known = "、".join(list_rubrics())
        raise RubricError("RUB001", f"未知的检查指标“{rubric_id}”，可选：{known}",
                          f"unknown rubric \"{rubric_id}\"; available: {known}")
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except yaml.YAMLError as exc:
        raise _invalid(path, str(exc), str(exc)) from exc
    errors = list(_validator().iter_errors(data))
    if errors:
        e = errors[0]
        where = "/".join(str(x) for x in e.instance_path)
        raise _invalid(path, f"{where}：{e.message}", f"{where}: {e.message}")
    if data["id"] != rubric_id:
        raise _invalid(path, f"id 应为 {rubric_id}", f"id must be {rubric_id}")
    items: dict[str, Item] = {}
    for section, key in ((VETO, "vetoes"), (DEDUCTION, "deductions")):
        for raw in data.get(key) or ():
            if raw["key"] in items:
                raise _invalid(path, f"指标 {raw['key']} 重复", f"item {raw['key']} appears twice")
            items[raw["key"]] = _item(raw, section, path)
    return Rubric(id=rubric_id, title_zh=data["title_zh"], title_en=data["title_en"],
                  documents=tuple(data["documents"]), full_marks=int(data.get("full_marks", 100)),
                  pass_mark=data.get("pass_mark"), window_days=int(data.get("update_window_days", DEFAULT_WINDOW_DAYS)),
                  items=items, notes_zh=data.get("notes_zh", ""), notes_en=data.get("notes_en", ""),
                  assessment=data.get("assessment"))


def find_rubric(rubric_id: str) -> Rubric | None:
    """The rubric, or None when it is unknown or broken (INSP002 reports it on the batch)."""
    try:
        return load_rubric(rubric_id)
    except RubricError:
        return None
