"""`portal import`: take an office's spreadsheet of accounts (CSV or XLSX, Chinese headers) into records.

Reading: CSV in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or GB18030 (Excel on Chinese
Windows); XLSX through openpyxl, read-only. The header row is the first of the first ten rows naming at
least two known columns (a title row above it is fine). Row numbers are the sheet's own (as Excel shows).

Conventions (docs/import.md):
- a new host unit gets the id ``u-`` + the first 10 hex digits of BLAKE2b over its normalised full name,
  so the same name always gives the same id;
- an account gets ``<unit id>-<platform slug>`` (``-2``, ``-3`` … for a second account on one platform);
- the record gets one ``open`` filing marked ``imported: true``; with no open date in the sheet its dates
  are the import day and it is marked ``date_unknown: true`` too. The rules do not judge such filings and
  say so once per account (FIL009, info);
- nothing is overwritten, and nothing at all is written if any row is refused (unless ``skip_bad``).
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import functools
import hashlib
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.check import credit_code
from generator.check.naming import normalize, split_regions
from generator.load import schema as schema_check
from generator.model import platforms
from generator.paths import SCHEMAS_DIR
from generator.tools.yaml_emit import dump

SCHEMA_UNIT = "../../schemas/unit.schema.json"
SCHEMA_ACCOUNT = "../../../schemas/account.schema.json"

# Canonical column → header spellings (compared after NFKC, without spaces, brackets or asterisks).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("账号名称", "名称", "账号", "账号名", "政务新媒体名称", "新媒体名称", "公众号名称", "应用名称", "客户端名称"),
    "platform": ("平台", "平台类型", "平台名称", "所属平台", "账号类型", "新媒体类型", "类型", "渠道", "发布平台"),
    "host": ("主办单位", "开办主体", "开设主体", "主办单位名称", "开办单位", "开设单位", "运营主体", "主体", "单位名称", "单位"),
    "url": ("账号链接", "链接", "账号地址", "主页链接", "网址", "地址", "访问地址", "下载地址", "url", "链接地址"),
    "platform_id": ("账号id", "id", "原始id", "uid", "平台id", "appid", "包名", "应用包名", "账号标识", "平台标识"),
    "region": ("所属地区", "地区", "所在地区", "区域", "所属区域", "行政区划", "属地"),
    "opened": ("开设日期", "开设时间", "开通时间", "开通日期", "上线时间", "上线日期", "注册时间", "注册日期"),
    "status": ("状态", "运行状态", "账号状态", "运营状态"),
    "note": ("备注", "说明"),
    "handle": ("微信号", "抖音号", "快手号", "个性域名"),
    "supervisor": ("主管单位", "主管部门"),
    "verification": ("认证信息", "认证主体"),
    "positioning": ("功能定位", "内容定位", "发布内容及功能定位", "账号定位"),
    "operator": ("运维单位", "代运营单位", "运维机构", "委托运维单位"),
    "credit_code": ("统一社会信用代码", "信用代码"),
    "ipv6": ("ipv6", "是否支持ipv6", "支持ipv6", "ipv6支持"),
    "https": ("https", "是否支持https", "支持https"),
    "servers_abroad": ("服务器是否在境外", "境外服务器"),
}

YES = {"是", "有", "支持", "已支持", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "无", "不支持", "未支持", "n", "no", "false", "0", "×", "✗"}

STATUS: dict[str, str] = {
    **dict.fromkeys(("", "正常", "运行", "正常运行", "在用", "启用", "运营中", "运行中", "正常更新", "active"), "active"),
    **dict.fromkeys(("关停", "已关停", "停更", "停止更新", "暂停", "暂停更新", "closed"), "closed"),
    **dict.fromkeys(("注销", "已注销", "注销中", "拟注销", "deregistered"), "deregistered"),
}

PLATFORM_SLUG = {
    "wechat_subscription": "wx", "wechat_service": "wxfw", "wechat_channels": "sph", "weibo": "wb", "douyin": "dy",
    "toutiao": "tt", "kuaishou": "ks", "bilibili": "bili", "xiaohongshu": "xhs", "baijiahao": "bjh", "zhihu": "zh",
    "netease": "wy", "peoples_daily": "rmh", "thepaper": "pp", "wechat_miniprogram": "wxapp",
    "alipay_miniprogram": "alipay", "ios_app": "ios", "android_app": "android", "harmony_app": "harmony",
}

_URL = re.compile(r"^https?://\S+$")
_BRACKETS = re.compile(r"[(\[（【][^)\]）】]*[)\]）】]")
_HEADER_JUNK = re.compile(r"[\s*＊:：]+")


class SheetError(Exception):
    """The sheet cannot be read at all (file, encoding, no header). Message: Chinese / English."""


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

    @property
    def refused(self) -> list[RowProblem]:
        return [p for p in self.problems if p.severity == "error"]


# --- reading ------------------------------------------------------------------------------------


def _header_key(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text)).replace("\u3000", " ")
    t = _BRACKETS.sub("", t)
    return _HEADER_JUNK.sub("", t).lower()


_HEADER_INDEX = {_header_key(h): col for col, hs in COLUMNS.items() for h in hs}


def _cell(v: Any) -> Any:
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, float) and v.is_integer():
        return str(int(v))  # a Weibo UID typed as a number
    return unicodedata.normalize("NFKC", str(v)).replace("\u3000", " ").strip().strip("\u200b\ufeff")


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetError("无法识别文件编码（支持 UTF-8、UTF-16、GB18030）/ unknown text encoding "
                         "(UTF-8, UTF-16 and GB18030 are supported)") from None


def read_rows(path: Path, sheet: str | None = None) -> list[tuple[int, list[Any]]]:
    """Every row of the sheet with its row number (1-based)."""
    if not path.is_file():
        raise SheetError(f"找不到文件 {path} / no such file: {path}")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the user's file, not our bug
            raise SheetError(f"无法读取 Excel 文件：{exc} / cannot read the workbook: {exc}") from None
        try:
            if sheet is not None and sheet not in wb.sheetnames:
                raise SheetError(f"工作簿中没有工作表“{sheet}”（有：{'、'.join(wb.sheetnames)}）/ "
                                 f"no sheet named {sheet!r} (sheets: {', '.join(wb.sheetnames)})")
            candidates = [wb[sheet]] if sheet else list(wb.worksheets)
            for ws in candidates:
                rows = [(i, [_cell(v) for v in row]) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)]
                if _find_header(rows) is not None or ws is candidates[-1]:
                    return rows
            return []
        finally:
            wb.close()
    if suffix in (".csv", ".txt", ".tsv"):
        text = _decode(path.read_bytes())
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        return [(i, [_cell(v) for v in row]) for i, row in enumerate(reader, start=1)]
    raise SheetError(f"不支持的文件类型“{path.suffix}”，请使用 .csv 或 .xlsx / unsupported file type "
                     f"{path.suffix!r}; use .csv or .xlsx")


def _find_header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[int, str]] | None:
    for idx, (_, cells) in enumerate(rows[:10]):
        cols: dict[int, str] = {}
        for j, c in enumerate(cells):
            col = _HEADER_INDEX.get(_header_key(c)) if isinstance(c, str) else None
            if col and col not in cols.values():
                cols[j] = col
        if len(cols) >= 2:
            return idx, cols
    return None


# --- values -------------------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)


def parse_date(value: Any) -> dt.date | None:
    """A date as offices write it: 2020-03-05, 2020/3/5, 2020.3.5, 2020年3月5日, 20200305, an Excel date
    or an Excel serial number. Month-only values (2020年3月) are not a date: None."""
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    if not s:
        return None
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    if s.isdigit() and 20000 <= int(s) <= 80000:  # Excel serial (days since 1899-12-30)
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(s))
    return None


@functools.cache
def _platform_index() -> dict[str, str]:
    idx: dict[str, str] = {}
    for key, p in platforms.catalogue().items():
        for alias in (key, p.zh, p.en, *p.aliases):
            idx.setdefault(_platform_key(alias), key)
    return idx


def _platform_key(text: str) -> str:
    return _BRACKETS.sub("", normalize(text)) or normalize(text)


_GENERIC_APP = {"android_app"}  # "APP" / 移动客户端 without an OS: the link's store decides


def match_platform(value: str, url: str) -> str | None:
    idx = _platform_index()
    key = normalize(value)
    found = idx.get(key) or idx.get(_platform_key(value))
    if found is None:
        for suffix in ("账号", "平台", "号", "官方账号", "政务号"):
            if key.endswith(suffix) and (found := idx.get(key[: -len(suffix)])):
                break
    if found in _GENERIC_APP and url:
        host = _host(url)
        for p in platforms.catalogue().values():
            if p.kind == "app" and host in p.hosts and p.key != found:
                return p.key
    return found


def _host(url: str) -> str:
    from urllib.parse import urlsplit

    return (urlsplit(url).hostname or "").lower()


def unit_id_for(name: str) -> str:
    """The id a new unit gets: u- + 10 hex digits of BLAKE2b over the normalised full name."""
    return "u-" + hashlib.blake2b(normalize(name).encode("utf-8"), digest_size=5).hexdigest()


def _unit_kind(name: str) -> str:
    if name.endswith(("人民政府", "办事处", "管理委员会", "管委会")):
        return "government"
    if name.endswith(("中心", "院", "站", "馆", "所", "台")):
        return "institution"
    if name.endswith(("局", "委员会", "委", "办公室", "办", "厅", "署", "支队", "大队", "分局")):
        return "department"
    return "other"


def _unit_level(regions: list[str]) -> str | None:
    if not regions:
        return None
    last = regions[-1]
    if last.endswith(("镇", "乡", "街道")):
        return "town"
    if last.endswith(("县", "区", "旗")):
        return "county"
    if last.endswith(("市", "州", "盟")):
        return "city"
    if last.endswith(("省", "自治区")):
        return "province"
    return None


# --- the import -----------------------------------------------------------------------------------


class _Registry:
    """What the import needs from an existing registry folder (read straight from the files, so a
    registry with other problems can still take an import)."""

    def __init__(self, root: Path) -> None:
        from generator.load.registry import load_registry

        reg, _ = load_registry(root, use_cache=False)
        self.units: dict[str, dict[str, Any]] = {u.id: u.data for u in reg.units}
        self.by_name: dict[str, str] = {}
        for uid, u in sorted(self.units.items()):
            for n in (u.get("name", ""), *(u.get("short_names") or ())):
                self.by_name.setdefault(normalize(n), uid)
        self.account_ids = {a.id for a in reg.accounts}
        self.platform_ids: dict[tuple[str, str], str] = {}
        self.names: dict[tuple[str, str, str], str] = {}
        cat = platforms.catalogue()
        for a in reg.accounts:
            d = a.data
            p = cat.get(d.get("platform", ""))
            if p and d.get("platform_id"):
                self.platform_ids[(p.family, d["platform_id"])] = a.id
            self.names[(d.get("host_unit", ""), d.get("platform", ""), normalize(d.get("name", "")))] = a.id
        self.root_unit = reg.config.get("root_unit")


def plan_import(sheet: Path, registry: Path, *, today: dt.date, sheet_name: str | None = None) -> ImportResult:
    """Read the sheet and work out every record it gives; write nothing."""
    res = ImportResult()
    rows = read_rows(sheet, sheet_name)
    found = _find_header(rows)
    if found is None:
        raise SheetError("前 10 行中找不到表头（至少需要“账号名称”“平台”“主办单位”等两列）/ no header row in the first "
                         "10 rows (it needs at least two known columns such as 账号名称, 平台, 主办单位)")
    hidx, cols = found
    header_row, header_cells = rows[hidx]
    ignored = [str(c) for j, c in enumerate(header_cells) if c and j not in cols]
    if ignored:
        res.problems.append(RowProblem(header_row, "info", f"忽略未识别的列：{'、'.join(ignored)}",
                                       f"ignored unknown columns: {', '.join(ignored)}"))
    missing = [c for c in ("name", "platform", "host") if c not in cols.values()]
    if missing:
        zh = {"name": "账号名称", "platform": "平台", "host": "主办单位"}
        raise SheetError(f"缺少必需的列：{'、'.join(zh[m] for m in missing)} / missing required columns: {', '.join(missing)}")
    reg = _Registry(registry)
    new_units: dict[str, dict[str, Any]] = {}
    seen_pid: dict[tuple[str, str], int] = {}
    seen_name: dict[tuple[str, str, str], int] = {}
    used_ids = set(reg.account_ids)
    cat = platforms.catalogue()
    for rownum, cells in rows[hidx + 1 :]:
        v = {col: cells[j] if j < len(cells) else "" for j, col in cols.items()}
        if all(x == "" for x in v.values()):
            continue
        res.rows += 1

        def refuse(zh: str, en: str, row: int = rownum) -> None:
            res.problems.append(RowProblem(row, "error", zh, en))

        def warn(zh: str, en: str, row: int = rownum) -> None:
            res.problems.append(RowProblem(row, "warning", zh, en))

        name, plat_text, host_text = (str(v.get(k, "")) for k in ("name", "platform", "host"))
        if not name:
            refuse("缺少账号名称", "the account name is missing")
            continue
        if not host_text:
            refuse(f"“{name}”缺少主办单位", f"{name!r} has no host unit")
            continue
        if not plat_text:
            refuse(f"“{name}”缺少平台", f"{name!r} has no platform")
            continue
        url = str(v.get("url", ""))
        if url and not url.lower().startswith(("http://", "https://")) and "." in url.split("/")[0]:
            url = "https://" + url
        if url and not _URL.match(url):
            warn(f"链接“{url}”无效，未导入该链接", f"the link {url!r} is not valid and was left out")
            url = ""
        key = match_platform(plat_text, url)
        if key is None:
            options = sorted({a for p in cat.values() for a in (p.zh, *p.aliases)})
            close = difflib.get_close_matches(plat_text, options, n=3, cutoff=0.4)
            hint_zh = f"（相近：{'、'.join(close)}）" if close else ""
            hint_en = f" (close: {', '.join(close)})" if close else ""
            refuse(f"无法识别的平台“{plat_text}”{hint_zh}", f"unknown platform {plat_text!r}{hint_en}")
            continue
        p = cat[key]
        if url and p.hosts and not p.host_allowed(url):
            warn(f"链接不属于{p.zh}，未导入该链接", f"the link is not on {p.en} and was left out")
            url = ""
        # the immutable id: from the id column, else from the link
        pid = str(v.get("platform_id", ""))
        from_url = p.id_from_url(url) if url else None
        handle = str(v.get("handle", ""))
        if pid and not p.id_matches(pid):
            if p.handle_label and not handle:
                warn(f"“{pid}”不是有效的{p.id_label}，已作为{p.handle_label}记录",
                     f"{pid!r} is not a valid {p.id_label}; kept as the handle")
                handle = pid
            else:
                warn(f"“{pid}”不是有效的{p.id_label}，未导入", f"{pid!r} is not a valid {p.id_label} and was left out")
            pid = ""
        if pid and from_url and pid != from_url:
            refuse(f"账号ID“{pid}”与链接中的{p.id_label}“{from_url}”不一致",
                   f"the id {pid!r} differs from the {p.id_label} in the link ({from_url!r})")
            continue
        pid = pid or from_url or ""
        # the host unit: existing (full or short name, with the region column as prefix) or new
        region = str(v.get("region", ""))
        uid = reg.by_name.get(normalize(host_text))
        if uid is None and region:
            uid = reg.by_name.get(normalize(region + host_text))
        full_host = host_text
        if uid is None and region and not split_regions(normalize(host_text))[0]:
            full_host = region + host_text  # 公安局 in 所属地区 青山市 → 青山市公安局
        if uid is None:
            uid = unit_id_for(full_host)
            if uid in reg.units:
                refuse(f"单位“{full_host}”应得的标识 {uid} 已被“{reg.units[uid].get('name')}”使用",
                       f"the id {uid} for {full_host!r} is taken by another unit")
                continue
        # duplicates: the registry first, then earlier rows
        fam = p.family
        if pid and (fam, pid) in reg.platform_ids:
            refuse(f"{p.zh}{p.id_label}“{pid}”已登记为账号 {reg.platform_ids[(fam, pid)]}，未覆盖",
                   f"{p.en} {p.id_label} {pid!r} is already registered as {reg.platform_ids[(fam, pid)]}; not overwritten")
            continue
        nkey = (uid, key, normalize(name))
        if nkey in reg.names:
            refuse(f"“{name}”（{p.zh}）已登记为账号 {reg.names[nkey]}，未覆盖",
                   f"{name!r} ({p.en}) is already registered as {reg.names[nkey]}; not overwritten")
            continue
        if pid and (fam, pid) in seen_pid:
            refuse(f"与第 {seen_pid[(fam, pid)]} 行重复（同一{p.id_label}“{pid}”）",
                   f"duplicate of row {seen_pid[(fam, pid)]} (same {p.id_label} {pid!r})")
            continue
        if nkey in seen_name:
            refuse(f"与第 {seen_name[nkey]} 行重复（同一单位、平台和名称）",
                   f"duplicate of row {seen_name[nkey]} (same unit, platform and name)")
            continue
        status = STATUS.get(normalize(str(v.get("status", ""))))
        if status is None:
            refuse(f"无法识别的状态“{v.get('status')}”（可填：正常、关停、注销）",
                   f"unknown status {v.get('status')!r} (use 正常, 关停 or 注销)")
            continue
        if status == "deregistered":
            refuse("已注销的账号须连同注销公告（发布和生效日期）录入，请用 portal new filing 补录",
                   "a deregistered account needs its deregistration notice (publication and effective dates); "
                   "add it with portal new filing")
            continue
        opened_raw = v.get("opened", "")
        opened = parse_date(opened_raw)
        if opened_raw != "" and opened is None:
            warn(f"无法识别开设日期“{opened_raw}”，按日期不详导入", f"cannot read the open date {opened_raw!r}; "
                 "imported as unknown")
        if opened is not None and not dt.date(1990, 1, 1) <= opened <= today:
            warn(f"开设日期 {opened} 不合理（晚于导入日或早于 1990 年），按日期不详导入",
                 f"the open date {opened} is implausible; imported as unknown")
            opened = None
        # a new unit
        if uid not in reg.units and uid not in new_units:
            new_units[uid] = _new_unit(uid, full_host, region, str(v.get("supervisor", "")), str(v.get("credit_code", "")),
                                       reg, new_units, rownum, warn)
        # the account
        slug = PLATFORM_SLUG.get(key, key.replace("_", ""))
        aid = f"{uid}-{slug}"
        n = 2
        while aid in used_ids:
            aid = f"{uid}-{slug}-{n}"
            n += 1
        used_ids.add(aid)
        path = registry / "accounts" / uid / f"{aid}.yaml"
        if path.exists():
            refuse(f"文件 {path} 已存在，未覆盖", f"{path} already exists; not overwritten")
            continue
        record = _account(aid, key, name, pid, handle, url, uid, v, status, opened, today, sheet.name, rownum)
        if not schema_check.is_valid("account", record):
            refuse("生成的记录不符合账号格式，请检查各列内容（长度、字符）", "the record made from this row does not "
                   "fit the account format; check the cells (length, characters)")
            continue
        if pid:
            seen_pid[(fam, pid)] = rownum
        seen_name[nkey] = rownum
        res.accounts[path] = record
    used_units = {r["host_unit"] for r in res.accounts.values()}
    for uid, rec in new_units.items():
        if uid in used_units:
            res.units[registry / "units" / f"{uid}.yaml"] = rec
    return res


def _new_unit(uid: str, name: str, region: str, supervisor_text: str, code: str, reg: _Registry,
              new_units: dict[str, dict[str, Any]], rownum: int, warn: Any) -> dict[str, Any]:
    regions, _ = split_regions(normalize(name))
    rec: dict[str, Any] = {"id": uid, "name": name, "kind": _unit_kind(name)}
    level = _unit_level(regions)
    if level:
        rec["level"] = level
    region_text = region or "".join(regions)
    if region_text:
        rec["region"] = region_text
    if code:
        code = code.upper()
        if credit_code.is_valid(code):
            rec["credit_code"] = code
        else:
            warn(f"统一社会信用代码“{code}”校验不通过，未导入", f"the credit code {code!r} fails its checksum and was left out")
    sup = reg.by_name.get(normalize(supervisor_text)) if supervisor_text else None
    if sup is None:
        # the nearest government office: 青山市东湖区人民政府办公室, then 东湖区…, then 青山市…
        for i in range(len(regions), 0, -1):
            for prefix in ("".join(regions[:i]), regions[i - 1]):
                sup = reg.by_name.get(normalize(prefix + "人民政府办公室"))
                if sup:
                    break
            if sup:
                break
    if sup is None and reg.root_unit and reg.root_unit in reg.units:
        root = reg.units[reg.root_unit]
        sup = root.get("supervisor") or reg.root_unit
    if sup and sup != uid:
        rec["supervisor"] = sup
    return rec


def _account(aid: str, key: str, name: str, pid: str, handle: str, url: str, uid: str, v: dict[str, Any],
             status: str, opened: dt.date | None, today: dt.date, sheet: str, rownum: int) -> dict[str, Any]:
    r: dict[str, Any] = {"id": aid, "platform": key, "name": name}
    if pid:
        r["platform_id"] = pid
    if handle:
        r["handle"] = handle
    if url:
        r["url"] = url
    r["host_unit"] = uid
    if v.get("operator"):
        r["operator"] = {"name": str(v["operator"])}
    if v.get("positioning"):
        r["positioning"] = str(v["positioning"])
    if v.get("verification"):
        r["verification_text"] = str(v["verification"])
    r["status"] = status
    if opened:
        r["opened"] = opened.isoformat()
    if platforms.catalogue()[key].kind != "account":
        app = {}
        for col in ("ipv6", "https", "servers_abroad"):
            flag = normalize(str(v.get(col, "")))
            if flag in YES or flag in NO:
                app[col] = flag in YES
        if app:
            r["app"] = app
    day = (opened or today).isoformat()
    reason = f"由表格 {sheet} 第 {rownum} 行导入"
    if v.get("note"):
        reason += f"；备注：{v['note']}"
    opening: dict[str, Any] = {"type": "open", "event_date": day, "filed_date": day, "reason": reason[:2000],
                               "imported": True}
    if opened is None:
        opening["date_unknown"] = True
    filings = [opening]
    if status == "closed":
        filings.append({"type": "close", "event_date": today.isoformat(), "filed_date": today.isoformat(),
                        "reason": f"表格中状态为“{v.get('status')}”（关停日期不详）", "imported": True,
                        "date_unknown": True})
    r["filings"] = filings
    return r


def _schema_ref(path: Path, kind: str, default: str) -> str:
    """The schema line's target: relative to the project's schemas when the registry lies inside the
    project, else the usual layout (a registry folder next to a schemas folder)."""
    target = SCHEMAS_DIR / f"{kind}.schema.json"
    try:
        path.resolve().relative_to(SCHEMAS_DIR.parent)
    except ValueError:
        return default
    return Path(os.path.relpath(target, path.resolve().parent)).as_posix()


# --- writing --------------------------------------------------------------------------------------


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
