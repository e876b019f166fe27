"""The Chinese summary of a checked change, in Markdown: for a pull request's comment or GitHub's
`$GITHUB_STEP_SUMMARY`. What the change files (accounts opened, changed, closed, deregistered, moved;
units; inspection batches) and every problem, those in the files the change touches first.

Record text comes from the change's author: it is escaped so that it cannot form links, tables,
HTML or mentions in the comment.
"""

from __future__ import annotations

import re
from typing import Any

from generator.check.pr.diff import RecordChange
from generator.check.pr.history import appended
from generator.check.pr.run import PrResult
from generator.model import labels
from generator.model.status import CLOSED, DEREGISTERED
from generator.problems import Problem, Severity
from generator.report import summary as count_line

# Markup, links, HTML, tables, mentions and issue references; the text never starts a line here, so
# list and heading markers need no escape.
_SPECIAL = re.compile(r"([\\`*_\[\]()#+!|<>~@&])")


def md(text: object) -> str:
    """Plain text made inert in Markdown (one line, every markup character escaped)."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(text).split()))


def _name(r: RecordChange) -> str:
    data: dict[str, Any] = r.new or r.old or {}
    name = data.get("name") if isinstance(data.get("name"), str) else ""
    platform = data.get("platform") if isinstance(data.get("platform"), str) else ""
    shown = f"{md(name)}（{md(labels.platform(platform))}）" if name and platform else md(name or r.id)
    return f"{shown} `{r.id}`" if re.fullmatch(r"[a-z0-9-]{1,64}", r.id) else shown


def _account_event(r: RecordChange) -> str:
    """opened | closed | deregistered | moved | changed"""
    if r.status == "added":
        return "opened"
    new_status = (r.new or {}).get("status")
    if new_status != (r.old or {}).get("status"):
        if new_status == DEREGISTERED:
            return "deregistered"
        if new_status == CLOSED:
            return "closed"
    return "moved" if r.status == "moved" else "changed"


_EVENTS = (("opened", "开设"), ("changed", "变更"), ("moved", "移交其他单位"), ("closed", "关停"),
           ("deregistered", "注销"), ("deleted", "删除（不允许）"))


def _changed_fields(r: RecordChange) -> str:
    old = (r.old or {}).get("filings") or []
    new = (r.new or {}).get("filings") or []
    fields = [c.get("field") for f in appended(old, new) if isinstance(f, dict)
              for c in (f.get("changes") or ()) if isinstance(c, dict) and isinstance(c.get("field"), str)]
    return "、".join(labels.label(labels.CHANGE_FIELDS, f) for f in dict.fromkeys(fields))


def _problem_line(p: Problem) -> str:
    where = f"{p.file}:{p.line}" if p.line else p.file
    hint = f"（{md(p.hint_zh)}）" if p.hint_zh else ""
    return f"- {p.severity.zh} **{p.code}** {md(where)}：{md(p.message_zh)}{hint}"


def render(result: PrResult) -> str:
    errors = sum(1 for p in result.problems if p.severity is Severity.ERROR)
    verdict = "❌ 未通过" if errors else "✅ 通过"
    out = [f"## 备案变更检查：{verdict}", "",
           f"基准 `{result.base[:12]}` → 变更 `{result.head[:12]}`，变更日期 {result.change_date.isoformat()}，"
           f"检查日期 {result.today.isoformat()}，提交人 {'、'.join(md(a) for a in result.actors) or '（无）'}", ""]
    accounts = [r for r in result.records if r.kind == "account"]
    groups: dict[str, list[RecordChange]] = {}
    for r in accounts:
        groups.setdefault("deleted" if r.status == "deleted" else _account_event(r), []).append(r)
    rows = []
    for key, zh in _EVENTS:
        for r in groups.get(key, []):
            extra = _changed_fields(r) if key in ("changed", "moved") else ""
            rows.append(f"- {zh}：{_name(r)}" + (f"，变更 {extra}" if extra else ""))
    for r in (r for r in result.records if r.kind == "unit"):
        verb = {"added": "新增单位", "deleted": "删除单位（不允许）"}.get(r.status, "修改单位")
        rows.append(f"- {verb}：{_name(r)}")
    for r in (r for r in result.records if r.kind == "inspection"):
        verb = {"added": "新增检查批次", "deleted": "删除检查批次（不允许）"}.get(r.status, "修改检查批次")
        count = len((r.new or {}).get("results") or [])
        rows.append(f"- {verb}：{_name(r)}" + (f"，{count} 个账号" if count else ""))
    others = [r.file for r in result.records if r.kind in ("portal", "other")] + result.diff.outside
    if others:
        rows.append(f"- 其他文件：{len(others)} 个（{'、'.join(md(f) for f in others[:10])}"
                    f"{' 等' if len(others) > 10 else ''}）")
    out += ["### 本次备案", "", *(rows or ["- （没有改动备案库）"]), ""]
    mine = [p for p in result.problems if p.file in result.touched]
    rest = [p for p in result.problems if p.file not in result.touched]
    out += ["### 问题", "", count_line(result.problems, "zh"), ""]
    if mine:
        out += ["本次改动的文件：", "", *map(_problem_line, mine), ""]
    if rest:
        out += ["备案库中其他文件（本次变更可能影响的规则）：", "", *map(_problem_line, rest), ""]
    return "\n".join(out)
