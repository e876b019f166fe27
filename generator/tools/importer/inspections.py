"""`portal import inspections FILE --period P --inspector UNIT`: a supervisor's results sheet (CSV/XLSX
with Chinese headers: 账号名称, 平台, 主办单位, 问题, 分类 …) or a published notice's name lists (a .txt
or .md file, notice.py) into one inspection batch.

Each row (or listed name) is matched to a registered account: by the registry id (备案标识), by the
platform's immutable id (账号ID, or read off the link), else by name on the platform (the platform's
family: 微信 finds a service account too), former names included, narrowed by the host unit when the
name is not unique. Each problem is mapped to an item of the batch's rubric (findings.py); a sheet's
row without a problem is an account that was checked and passed. Every row that matches no account,
or matches several, and every problem that maps to no item is reported; then nothing is written unless
`skip_bad`, and even then an account with an unmapped problem is left out (never recorded as passed). A typed score or result column is not imported: results are computed from the rubric."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check.naming import normalize
from generator.check.rubrics import Rubric
from generator.load import schema as schema_check
from generator.model import periods, platforms
from generator.model.records import Record, Registry
from generator.tools.importer import match
from generator.tools.importer.findings import map_problem, split_problems
from generator.tools.importer.notice import read_notice
from generator.tools.importer.plan import RowProblem
from generator.tools.importer.sheet import Layout, open_sheet

COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("账号名称", "名称", "账号", "账号名", "政务新媒体名称", "新媒体名称", "公众号名称", "应用名称", "客户端名称"),
    "platform": ("平台", "平台类型", "平台名称", "所属平台", "账号类型", "新媒体类型", "类型", "渠道"),
    "host": ("主办单位", "开办主体", "开设主体", "主办单位名称", "开办单位", "开设单位", "单位名称", "单位", "所属单位"),
    "registry_id": ("备案标识", "备案编号", "备案id"),
    "platform_id": ("账号id", "id", "原始id", "uid", "平台id", "appid", "账号标识", "平台标识"),
    "url": ("账号链接", "链接", "账号地址", "主页链接", "网址", "地址"),
    "problem": ("问题", "存在问题", "问题描述", "主要问题", "检查发现的问题", "具体问题", "发现问题", "问题情况", "检查情况"),
    "category": ("分类", "问题分类", "问题类别", "类别", "问题类型", "指标", "检查指标", "否决项扣分项"),
    "count": ("次数", "数量", "起数", "发现次数", "问题数量"),
    "rectify_by": ("整改期限", "整改时限", "整改截止日期"),
    "rectified": ("整改日期", "整改完成日期", "整改完成时间", "已整改日期"),
    "last_update": ("最近更新", "最近更新时间", "最近更新日期", "最后更新时间", "最后更新日期"),
    "typed": ("得分", "分数", "扣分", "检查结果", "结果", "是否合格"),
}
LAYOUT = Layout(COLUMNS, {"name": "账号名称", "platform": "平台"})
NOTICE_SUFFIXES = (".txt", ".md", ".text")
SCHEMA_LINE = "../../../schemas/inspection.schema.json"


@dataclass
class InspectionImport:
    batch: dict[str, Any]
    path: Path  # the batch file to write
    rows: int = 0  # sheet rows or listed names read
    problems: list[RowProblem] = field(default_factory=list)
    written: bool = False
    registry: Path | None = None

    @property
    def refused(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "error"]


class AccountIndex:
    """The registered accounts by registry id, immutable id and normalised name (former names too)."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.by_pid: dict[tuple[str, str], Record] = {}
        self.by_name: dict[str, list[Record]] = {}
        cat = platforms.catalogue()
        for a in registry.accounts:
            p = cat.get(a.data.get("platform", ""))
            if p and a.data.get("platform_id"):
                self.by_pid[(p.family, a.data["platform_id"])] = a
            for n in {a.data.get("name", ""), *(a.data.get("former_names") or ())}:
                self.by_name.setdefault(normalize(n), []).append(a)
        self.units_by_name: dict[str, str] = {}
        for u in registry.units:
            for n in (u.data.get("name", ""), *(u.data.get("short_names") or ())):
                self.units_by_name.setdefault(normalize(n), u.id)

    def find(self, *, registry_id: str, name: str, platform_text: str, host: str, pid: str,
             url: str) -> tuple[Record | None, str, str]:
        """(account, why not zh, en): the account a row names, or None with the reason."""
        if registry_id:
            a = self.registry.account_by_id.get(registry_id)
            if a is None:
                return None, f"没有备案标识为“{registry_id}”的账号", f"no account with the registry id {registry_id!r}"
            return a, "", ""
        key = match.match_platform(platform_text, url) if platform_text else None
        p = platforms.catalogue().get(key or "")
        if p is not None:
            ident = pid if pid and p.id_matches(pid) else (p.id_from_url(url) if url else None)
            if ident:
                a = self.by_pid.get((p.family, ident))
                if a is not None:
                    return a, "", ""
        if p is None and platform_text:
            return None, f"无法识别的平台“{platform_text}”", f"unknown platform {platform_text!r}"
        found = [a for a in self.by_name.get(normalize(name), []) if p is None or
                 platforms.catalogue().get(a.data.get("platform", ""), p).family == p.family]
        if len(found) > 1 and host:
            uid = self.units_by_name.get(normalize(host))
            narrowed = [a for a in found if a.data.get("host_unit") == uid or a.data.get("host_unit") == host]
            found = narrowed or found
        if len(found) > 1:
            exact = [a for a in found if p is not None and a.data.get("platform") == p.key]
            found = exact if len(exact) == 1 else found
        where_zh = f"（{p.zh}）" if p else ""
        where_en = f" ({p.en})" if p else ""
        if not found:
            return None, f"未找到已备案的账号“{name}”{where_zh}", f"no registered account {name!r}{where_en}"
        if len(found) > 1:
            ids = "、".join(sorted(a.id for a in found))
            return (None, f"“{name}”{where_zh}对应多个账号（{ids}），请写明主办单位或备案标识",
                    f"{name!r}{where_en} matches several accounts ({ids}); give the host unit or the registry id")
        return found[0], "", ""


@dataclass
class _Result:
    account: str
    vetoes: list[dict[str, Any]] = field(default_factory=list)
    deductions: list[dict[str, Any]] = field(default_factory=list)
    rectify_by: str = ""
    rectified: str = ""
    last_update: str = ""
    first_row: int = 0
    unmapped: bool = False  # a problem of it maps to no item: left out of the batch (it is reported)

    def record(self) -> dict[str, Any]:
        out: dict[str, Any] = {"account": self.account}
        if self.vetoes:
            out["vetoes"] = self.vetoes
        if self.deductions:
            out["deductions"] = self.deductions
        if self.last_update:
            out["observations"] = {"last_update": self.last_update}
        if self.rectify_by:
            out["rectify_by"] = self.rectify_by
        if self.rectified:
            out["rectified"] = self.rectified
        return out


class _Planner:
    def __init__(self, registry: Registry, rubric: Rubric, source: str) -> None:
        self.index = AccountIndex(registry)
        self.rubric = rubric
        self.source = source
        self.results: dict[str, _Result] = {}
        self.problems: list[RowProblem] = []

    def refuse(self, row: int, zh: str, en: str) -> None:
        self.problems.append(RowProblem(row, "error", zh, en))

    def warn(self, row: int, zh: str, en: str) -> None:
        self.problems.append(RowProblem(row, "warning", zh, en))

    def account(self, row: int, *, name: str, platform: str, host: str = "", registry_id: str = "", pid: str = "",
                url: str = "") -> _Result | None:
        a, why_zh, why_en = self.index.find(registry_id=registry_id, name=name, platform_text=platform, host=host,
                                            pid=pid, url=url)
        if a is None:
            self.refuse(row, why_zh, why_en)
            return None
        res = self.results.get(a.id)
        if res is None:
            res = self.results[a.id] = _Result(a.id, first_row=row)
        return res

    def problem(self, row: int, res: _Result, text: str, category: str = "", count: int = 1) -> None:
        got = map_problem(text, category, self.rubric)
        if got.item is None:
            close = f"（可能是：{'、'.join(got.ties)}）" if got.ties else ""
            close_en = f" (could be: {', '.join(got.ties)})" if got.ties else ""
            self.refuse(row, f"问题“{text}”无法对应到检查指标 {self.rubric.id} 的任何一项{close}",
                        f"the problem {text!r} maps to no item of the rubric {self.rubric.id}{close_en}")
            res.unmapped = True
            return
        finding: dict[str, Any] = {"item": got.item.key}
        if count > 1:
            finding["count"] = count
        finding["note"] = text[:2000]
        (res.vetoes if got.item.section == "veto" else res.deductions).append(finding)


def _date_cell(value: Any) -> str:
    d = match.parse_date(value) if value not in ("", None) else None
    return d.isoformat() if d else ""


def _count(value: Any) -> int:
    try:
        n = int(str(value).strip() or 1)
    except ValueError:
        return 1
    return n if 1 <= n <= 1000 else 1


def _from_sheet(planner: _Planner, sheet: Path, sheet_name: str | None) -> int:
    table = open_sheet(sheet, sheet_name, LAYOUT)
    if table.ignored:
        planner.problems.append(RowProblem(table.header_row, "info", f"忽略未识别的列：{'、'.join(table.ignored)}",
                                           f"ignored unknown columns: {', '.join(table.ignored)}"))
    if "typed" in table.columns.values():
        planner.warn(table.header_row, "表中的得分、结果列未导入：结果由检查指标计算",
                     "the score or result column was not imported: results are computed from the rubric")
    rows = 0
    for number, cells in table.rows():
        rows += 1
        text = {k: str(v) if not isinstance(v, dt.date) else v.isoformat() for k, v in cells.items()}
        if not text.get("name") and not text.get("registry_id"):
            planner.refuse(number, "缺少账号名称", "the account name is missing")
            continue
        res = planner.account(number, name=text.get("name", ""), platform=text.get("platform", ""),
                              host=text.get("host", ""), registry_id=text.get("registry_id", ""),
                              pid=text.get("platform_id", ""), url=match.with_scheme(text.get("url", "")))
        if res is None:
            continue
        for problem in split_problems(text.get("problem", "")):
            planner.problem(number, res, problem, text.get("category", ""), _count(text.get("count", "")))
        if not text.get("problem") and text.get("category"):
            planner.problem(number, res, text["category"], "", _count(text.get("count", "")))
        res.rectify_by = res.rectify_by or _date_cell(cells.get("rectify_by", ""))
        res.rectified = res.rectified or _date_cell(cells.get("rectified", ""))
        res.last_update = res.last_update or _date_cell(cells.get("last_update", ""))
    return rows


def _from_notice(planner: _Planner, path: Path) -> int:
    listed = read_notice(path)
    if not listed:
        planner.refuse(0, "通报中没有找到“名称（平台）、名称（平台）”形式的名单", "the notice lists no “名称（平台）” names")
    for x in listed:
        res = planner.account(x.line, name=x.name, platform=x.platform, host=x.host)
        if res is None:
            continue
        if not x.heading:
            planner.refuse(x.line, f"“{x.name}”之前没有问题标题", f"no problem heading before {x.name!r}")
            res.unmapped = True
            continue
        planner.problem(x.line, res, x.heading)
    return len(listed)


def plan_inspections(source: Path, registry: Registry, *, period: str, inspector: str, rubric: Rubric,
                     date: dt.date, batch_id: str, title: str | None = None, kind: str = "spot_check",
                     level: str | None = None, published: dt.date | None = None, checked_all: bool = False,
                     sheet_name: str | None = None) -> InspectionImport:
    """The batch `source` gives (a sheet, or a notice when its suffix is .txt/.md); nothing is written."""
    planner = _Planner(registry, rubric, source.name)
    if source.suffix.lower() in NOTICE_SUFFIXES:
        rows = _from_notice(planner, source)
    else:
        rows = _from_sheet(planner, source, sheet_name)
    results = {k: r for k, r in planner.results.items() if not r.unmapped}  # never half an account's findings
    if checked_all:  # a notice names the failures: every other running account the inspector supervises passed
        supervised = {u.id for u in registry.units if u.data.get("supervisor") == inspector} | {inspector}
        for a in registry.accounts:
            if a.data.get("host_unit") in supervised and a.data.get("status") == "active" and a.id not in planner.results:
                results[a.id] = _Result(a.id)
    batch: dict[str, Any] = {"id": batch_id, "period": period,
                             "title": title or f"{periods.label(period)}政务新媒体检查", "inspector": inspector,
                             "kind": kind}
    if level:
        batch["level"] = level
    batch["rubric"] = rubric.id
    batch["date"] = date.isoformat()
    if published:
        batch["published"] = published.isoformat()
    batch["results"] = [results[k].record() for k in sorted(results)]
    out = InspectionImport(batch, registry.root / "inspections" / period / f"{batch_id}.yaml", rows,
                           planner.problems, registry=registry.root)
    if not batch["results"]:
        out.problems.append(RowProblem(0, "error", "没有可导入的检查结果", "no result to import"))
    elif not schema_check.is_valid("inspection", batch):
        out.problems.append(RowProblem(0, "error", "生成的检查批次不符合格式，请检查各列内容（长度、字符）",
                                       "the batch made from the file does not fit the inspection format"))
    if out.path.exists():
        out.problems.append(RowProblem(0, "error", f"文件 {out.path} 已存在，未覆盖；请用 --id 另起标识",
                                       f"{out.path} exists and is not overwritten; choose another --id"))
    return out


def write_inspections(res: InspectionImport) -> None:
    """Write the batch file, never over an existing one, in one step (support.staging)."""
    from generator.support.staging import staged
    from generator.tools.yaml_emit import dump

    if res.registry is None:
        raise ValueError("the plan names no registry")
    root = res.registry.resolve()
    text = dump(res.batch, SCHEMA_LINE)
    with staged(root) as stage:
        target = stage / res.path.resolve().relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "x", encoding="utf-8") as f:
            f.write(text)
    res.written = True
