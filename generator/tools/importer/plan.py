"""Planning an import: every record the sheet gives, worked out row by row; nothing is written.

A row goes through small steps in a fixed order (what it names, its link, its platform, its immutable id,
its host unit, whether it is registered already, its status, its open date, its file, its record). Each
step returns a value or the row's refusal; warnings (a cell left out, a date read as unknown) are kept
with the row and the row goes on. The first refusal ends the row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check import credit_code
from generator.check.naming import normalize, split_regions
from generator.load import schema as schema_check
from generator.model import platforms
from generator.model.platforms import Platform
from generator.tools.importer import match
from generator.tools.importer.known import KnownRegistry
from generator.tools.importer.records import account_record, unit_record
from generator.tools.importer.sheet import open_sheet

EARLIEST_OPENING = dt.date(1990, 1, 1)  # an open date before this is a typing error, read as unknown


ACCOUNT_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")  # the schema's id pattern


@dataclass(frozen=True)
class RowProblem:
    row: int  # the sheet's row number; 0 for the sheet as a whole
    severity: str  # error (row refused) | warning (row taken, something dropped) | info
    zh: str
    en: str

    def text(self) -> str:
        where_zh = f"第 {self.row} 行：" if self.row else ""
        where_en = f"row {self.row}: " if self.row else ""
        return f"{where_zh}{self.zh} / {where_en}{self.en}"


@dataclass
class ImportResult:
    rows: int = 0
    accounts: dict[Path, dict[str, Any]] = field(default_factory=dict)  # new file → record
    units: dict[Path, dict[str, Any]] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    written: bool = False
    registry: Path | None = None  # the registry the plan was made for

    @property
    def refused(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class Row:
    """One row of the sheet on its way through the steps."""

    number: int
    cells: dict[str, Any]  # canonical column → cell value
    warnings: list[RowProblem] = field(default_factory=list)

    def text(self, column: str) -> str:
        return str(self.cells.get(column, ""))

    def warn(self, zh: str, en: str) -> None:
        self.warnings.append(RowProblem(self.number, "warning", zh, en))

    def refuse(self, zh: str, en: str) -> RowProblem:
        return RowProblem(self.number, "error", zh, en)


@dataclass(frozen=True)
class Named:
    """The three cells every row must fill, as written."""

    name: str
    platform: str
    host: str


@dataclass(frozen=True)
class Ids:
    url: str  # "" when there is none or it was left out
    platform_id: str  # from the id column, else from the link; "" when neither gives one
    handle: str


@dataclass(frozen=True)
class Host:
    id: str
    name: str  # the full name: the region column put before a bare 公安局
    region: str  # the region column


# --- the steps that need only the row ------------------------------------------------------------


def _named(row: Row) -> Named | RowProblem:
    name, platform, host = row.text("name"), row.text("platform"), row.text("host")
    if not name:
        return row.refuse("缺少账号名称", "the account name is missing")
    if not host:
        return row.refuse(f"“{name}”缺少主办单位", f"{name!r} has no host unit")
    if not platform:
        return row.refuse(f"“{name}”缺少平台", f"{name!r} has no platform")
    return Named(name, platform, host)


def _link(row: Row) -> str:
    url = match.with_scheme(row.text("url"))
    if url and not match.is_link(url):
        row.warn(f"链接“{url}”无效，未导入该链接", f"the link {url!r} is not valid and was left out")
        return ""
    return url


def _platform(row: Row, written: str, url: str) -> Platform | RowProblem:
    key = match.match_platform(written, url)
    if key is None:
        close = match.close_platforms(written)
        hint_zh = f"（相近：{'、'.join(close)}）" if close else ""
        hint_en = f" (close: {', '.join(close)})" if close else ""
        return row.refuse(f"无法识别的平台“{written}”{hint_zh}", f"unknown platform {written!r}{hint_en}")
    return platforms.catalogue()[key]


def _ids(row: Row, p: Platform, url: str) -> Ids | RowProblem:
    """The link if it is on the platform, and the immutable id: from the id column, else from the link.
    An id column that holds no valid id is kept as the handle where the platform has one."""
    if url and p.hosts and not p.host_allowed(url):
        row.warn(f"链接不属于{p.zh}，未导入该链接", f"the link is not on {p.en} and was left out")
        url = ""
    pid = row.text("platform_id")
    from_url = p.id_from_url(url) if url else None
    handle = row.text("handle")
    if pid and not p.id_matches(pid):
        if p.handle_label and not handle:
            row.warn(f"“{pid}”不是有效的{p.id_label}，已作为{p.handle_label}记录",
                     f"{pid!r} is not a valid {p.id_label}; kept as the handle")
            handle = pid
        else:
            row.warn(f"“{pid}”不是有效的{p.id_label}，未导入", f"{pid!r} is not a valid {p.id_label} and was left out")
        pid = ""
    if pid and from_url and pid != from_url:
        return row.refuse(f"账号ID“{pid}”与链接中的{p.id_label}“{from_url}”不一致",
                          f"the id {pid!r} differs from the {p.id_label} in the link ({from_url!r})")
    return Ids(url, pid or from_url or "", handle)


def _status(row: Row) -> str | RowProblem:
    written = row.cells.get("status")
    status = match.status(row.cells.get("status", ""))
    if status is None:
        return row.refuse(f"无法识别的状态“{written}”（可填：正常、关停、注销）",
                          f"unknown status {written!r} (use 正常, 关停 or 注销)")
    if status == "deregistered":
        return row.refuse("已注销的账号须连同注销公告（发布和生效日期）录入，请用 portal new filing 补录",
                          "a deregistered account needs its deregistration notice (publication and effective dates); "
                          "add it with portal new filing")
    return status


def _opened(row: Row, today: dt.date) -> dt.date | None:
    """The open date, or None (unknown) when the cell is empty, unreadable or implausible."""
    written = row.cells.get("opened", "")
    opened = match.parse_date(written)
    if written != "" and opened is None:
        row.warn(f"无法识别开设日期“{written}”，按日期不详导入", f"cannot read the open date {written!r}; "
                 "imported as unknown")
    if opened is not None and not EARLIEST_OPENING <= opened <= today:
        row.warn(f"开设日期 {opened} 不合理（晚于导入日或早于 1990 年），按日期不详导入",
                 f"the open date {opened} is implausible; imported as unknown")
        return None
    return opened


def _credit_code(row: Row) -> str | None:
    code = row.text("credit_code").upper()
    if code and not credit_code.is_valid(code):
        row.warn(f"统一社会信用代码“{code}”校验不通过，未导入", f"the credit code {code!r} fails its checksum and was left out")
        return None
    return code or None


# --- the steps that need the registry and the rows before ------------------------------------------


class _Planner:
    """The registry as it stands plus what earlier rows of the sheet took."""

    def __init__(self, registry: Path, sheet_name: str, today: dt.date) -> None:
        self.registry = registry
        self.sheet_name = sheet_name
        self.today = today
        self.known = KnownRegistry(registry)
        self.new_units: dict[str, dict[str, Any]] = {}
        self.rows_by_pid: dict[tuple[str, str], int] = {}  # (platform family, platform id) → row number
        self.rows_by_name: dict[tuple[str, str, str], int] = {}  # (unit, platform, normalised name) → row number
        self.account_ids = set(self.known.account_ids)

    def row(self, row: Row) -> tuple[Path, dict[str, Any]] | RowProblem:
        """The row's account file and record, or its refusal."""
        named = _named(row)
        if isinstance(named, RowProblem):
            return named
        url = _link(row)
        p = _platform(row, named.platform, url)
        if isinstance(p, RowProblem):
            return p
        ids = _ids(row, p, url)
        if isinstance(ids, RowProblem):
            return ids
        host = self._host(row, named.host)
        if isinstance(host, RowProblem):
            return host
        taken = self._taken(row, p, ids.platform_id, host.id, named.name)
        if taken is not None:
            return taken
        status = _status(row)
        if isinstance(status, RowProblem):
            return status
        opened = _opened(row, self.today)
        self._add_unit(row, host)
        place = self._file(row, host.id, p.key, row.text("account_id"))
        if isinstance(place, RowProblem):
            return place
        aid, path = place
        record = account_record(aid, p, named.name, host.id, platform_id=ids.platform_id, handle=ids.handle,
                                url=ids.url, cells=row.cells, status=status, opened=opened, today=self.today,
                                sheet=self.sheet_name, row=row.number)
        if not schema_check.is_valid("account", record):
            return row.refuse("生成的记录不符合账号格式，请检查各列内容（长度、字符）", "the record made from this row does "
                              "not fit the account format; check the cells (length, characters)")
        if ids.platform_id:
            self.rows_by_pid[(p.family, ids.platform_id)] = row.number
        self.rows_by_name[(host.id, p.key, normalize(named.name))] = row.number
        return path, record

    def _host(self, row: Row, written: str) -> Host | RowProblem:
        """The host unit: one of the registry's by full or short name (the region column tried as a prefix),
        else a new one whose id comes from its full name."""
        by_name = self.known.by_name
        region = row.text("region")
        named_id = row.text("host_id")
        if named_id in self.known.units:  # the export names the unit by its id too
            return Host(named_id, str(self.known.units[named_id].get("name", written)), region)
        uid = by_name.get(normalize(written))
        if uid is None and region:
            uid = by_name.get(normalize(region + written))
        if uid is not None:
            return Host(uid, written, region)
        full = written
        if region and not split_regions(normalize(written))[0]:
            full = region + written  # 公安局 in 所属地区 青山市 → 青山市公安局
        uid = match.unit_id_for(full)
        if uid in self.known.units:
            return row.refuse(f"单位“{full}”应得的标识 {uid} 已被“{self.known.units[uid].get('name')}”使用",
                              f"the id {uid} for {full!r} is taken by another unit")
        return Host(uid, full, region)

    def _taken(self, row: Row, p: Platform, pid: str, uid: str, name: str) -> RowProblem | None:
        """The refusal of an account the registry has already, or an earlier row took."""
        known, fam = self.known, p.family
        if pid and (fam, pid) in known.platform_ids:
            aid = known.platform_ids[(fam, pid)]
            return row.refuse(f"{p.zh}{p.id_label}“{pid}”已登记为账号 {aid}，未覆盖",
                              f"{p.en} {p.id_label} {pid!r} is already registered as {aid}; not overwritten")
        nkey = (uid, p.key, normalize(name))
        if nkey in known.names:
            return row.refuse(f"“{name}”（{p.zh}）已登记为账号 {known.names[nkey]}，未覆盖",
                              f"{name!r} ({p.en}) is already registered as {known.names[nkey]}; not overwritten")
        if pid and (fam, pid) in self.rows_by_pid:
            earlier = self.rows_by_pid[(fam, pid)]
            return row.refuse(f"与第 {earlier} 行重复（同一{p.id_label}“{pid}”）",
                              f"duplicate of row {earlier} (same {p.id_label} {pid!r})")
        if nkey in self.rows_by_name:
            earlier = self.rows_by_name[nkey]
            return row.refuse(f"与第 {earlier} 行重复（同一单位、平台和名称）",
                              f"duplicate of row {earlier} (same unit, platform and name)")
        return None

    def _add_unit(self, row: Row, host: Host) -> None:
        """A host unit the registry does not have becomes a new unit record (kept if an account uses it)."""
        if host.id in self.known.units or host.id in self.new_units:
            return
        regions, _ = split_regions(normalize(host.name))
        supervisor = self.known.supervisor_for(regions, row.text("supervisor"))
        self.new_units[host.id] = unit_record(host.id, host.name, regions, host.region, _credit_code(row), supervisor)

    def _file(self, row: Row, uid: str, platform: str, given: str = "") -> tuple[str, Path] | RowProblem:
        """The account's id and its file, which must not exist: the id the sheet gives (the portal's export
        does), else <unit>-<platform slug>, then -2, -3 …"""
        if given:
            if not ACCOUNT_ID.fullmatch(given):
                return row.refuse(f"备案标识“{given}”不符合格式（小写字母、数字和连字符）",
                                  f"the account id {given!r} is not lower-case letters, digits and hyphens")
            if given in self.account_ids:
                return row.refuse(f"备案标识“{given}”已被使用，未覆盖", f"the account id {given!r} is taken; not overwritten")
            self.account_ids.add(given)
            path = self.registry / "accounts" / uid / f"{given}.yaml"
            if path.exists():
                return row.refuse(f"文件 {path} 已存在，未覆盖", f"{path} already exists; not overwritten")
            return given, path
        slug = match.account_slug(platform)
        aid, n = f"{uid}-{slug}", 2
        while aid in self.account_ids:
            aid, n = f"{uid}-{slug}-{n}", n + 1
        self.account_ids.add(aid)
        path = self.registry / "accounts" / uid / f"{aid}.yaml"
        if path.exists():
            return row.refuse(f"文件 {path} 已存在，未覆盖", f"{path} already exists; not overwritten")
        return aid, path

    def used_units(self, accounts: dict[Path, dict[str, Any]]) -> dict[Path, dict[str, Any]]:
        """The new units some planned account is hosted by, with their files."""
        hosts = {r["host_unit"] for r in accounts.values()}
        return {self.registry / "units" / f"{uid}.yaml": rec for uid, rec in self.new_units.items() if uid in hosts}


def plan_import(sheet: Path, registry: Path, *, today: dt.date, sheet_name: str | None = None) -> ImportResult:
    """Read the sheet and work out every record it gives; write nothing."""
    table = open_sheet(sheet, sheet_name)
    res = ImportResult(registry=registry)
    if table.ignored:
        res.problems.append(RowProblem(table.header_row, "info", f"忽略未识别的列：{'、'.join(table.ignored)}",
                                       f"ignored unknown columns: {', '.join(table.ignored)}"))
    planner = _Planner(registry, sheet.name, today)
    for number, cells in table.rows():
        res.rows += 1
        row = Row(number, cells)
        planned = planner.row(row)
        res.problems += row.warnings
        if isinstance(planned, RowProblem):
            res.problems.append(planned)
        else:
            res.accounts[planned[0]] = planned[1]
    res.units = planner.used_units(res.accounts)
    return res
