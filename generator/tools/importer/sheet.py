"""Reading an office's sheet: the rows of a CSV or XLSX file, its header row and the cells under it.

CSV in UTF-8 (with or without BOM), UTF-16 (Excel's "Unicode text") or GB18030 (Excel on Chinese Windows);
XLSX through openpyxl, read-only. The header row is the first of the first ten rows naming at least two
known columns (a title row above it is fine). Row numbers are the sheet's own (as Excel shows).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Canonical column → header spellings (compared after NFKC, without spaces, brackets or asterisks).
# The portal's own export (api/accounts.csv and .xlsx) names its columns by the schema's field names: those
# are spellings too, so that the export imports back (its `id` is the account's id when a `platform_id`
# column is there as well: see _find_header).
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("账号名称", "名称", "账号", "账号名", "政务新媒体名称", "新媒体名称", "公众号名称", "应用名称", "客户端名称", "name"),
    "platform": ("平台", "平台类型", "平台名称", "所属平台", "账号类型", "新媒体类型", "类型", "渠道", "发布平台", "platform"),
    "host": ("主办单位", "开办主体", "开设主体", "主办单位名称", "开办单位", "开设单位", "运营主体", "主体", "单位名称", "单位",
             "host_unit_name"),
    "host_id": ("主办单位标识", "主办单位id", "host_unit"),
    "account_id": ("备案标识", "账号备案标识"),
    "url": ("账号链接", "链接", "账号地址", "主页链接", "网址", "地址", "访问地址", "下载地址", "url", "链接地址"),
    "platform_id": ("账号id", "id", "原始id", "uid", "平台id", "appid", "包名", "应用包名", "账号标识", "平台标识", "platform_id"),
    "region": ("所属地区", "地区", "所在地区", "区域", "所属区域", "行政区划", "属地", "region"),
    "opened": ("开设日期", "开设时间", "开通时间", "开通日期", "上线时间", "上线日期", "注册时间", "注册日期", "opened"),
    "status": ("状态", "运行状态", "账号状态", "运营状态", "status"),
    "note": ("备注", "说明"),
    "handle": ("微信号", "抖音号", "快手号", "个性域名", "handle"),
    "supervisor": ("主管单位", "主管部门"),
    "verification": ("认证信息", "认证主体", "verification_text"),
    "positioning": ("功能定位", "内容定位", "发布内容及功能定位", "账号定位", "positioning"),
    "operator": ("运维单位", "代运营单位", "运维机构", "委托运维单位", "operator"),
    "former_names": ("曾用名", "former_names"),
    "credit_code": ("统一社会信用代码", "信用代码"),
    "ipv6": ("ipv6", "是否支持ipv6", "支持ipv6", "ipv6支持"),
    "https": ("https", "是否支持https", "支持https"),
    "servers_abroad": ("服务器是否在境外", "境外服务器"),
}
REQUIRED = {"name": "账号名称", "platform": "平台", "host": "主办单位"}  # column → its name in messages

BRACKETS = re.compile(r"[(\[（【][^)\]）】]*[)\]）】]")
_HEADER_JUNK = re.compile(r"[\s*＊:：]+")
_HEADER_ROWS = 10  # the header is looked for in this many rows at the top

Cells = list[Any]  # one row's cell values: str (normalised), dt.date, or "" for an empty cell


class SheetError(Exception):
    """The sheet cannot be read at all (file, encoding, no header). Message: Chinese / English."""


def _header_key(text: str) -> str:
    t = unicodedata.normalize("NFKC", str(text)).replace("\u3000", " ")
    t = BRACKETS.sub("", t)
    return _HEADER_JUNK.sub("", t).lower()


@dataclass(frozen=True, eq=False)
class Layout:
    """The columns a kind of sheet has: canonical column → header spellings, and the required ones."""

    columns: dict[str, tuple[str, ...]]
    required: dict[str, str]  # column → its name in messages
    index: dict[str, str] = field(init=False)  # header key → canonical column

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", {_header_key(h): col for col, hs in self.columns.items() for h in hs})


ACCOUNTS = Layout(COLUMNS, REQUIRED)


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


MAX_BYTES = 64 * 1024**2  # a sheet file larger than this is refused (an office sheet is a few MB)
MAX_ROWS = 300_000  # rows with content; a national registry's import stays under this
_HEADER_COLS = 256  # the header row is looked for in this many columns


def _too_large(what_zh: str, what_en: str) -> SheetError:
    return SheetError(f"表格太大：{what_zh}；请拆分后分批导入 / the sheet is too large: {what_en}; split it and import "
                      "the parts one after another")


def read_rows(path: Path, sheet: str | None = None, layout: Layout = ACCOUNTS) -> list[tuple[int, Cells]]:
    """The rows of the sheet with their row numbers (1-based): every row up to the header, then the
    rows below it that hold something (only the header's columns are read)."""
    if not path.is_file():
        raise SheetError(f"找不到文件 {path} / no such file: {path}")
    if path.stat().st_size > MAX_BYTES:
        raise _too_large(f"文件超过 {MAX_BYTES // 1024**2} MB", f"the file exceeds {MAX_BYTES // 1024**2} MB")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _workbook_rows(path, sheet, layout)
    if suffix in (".csv", ".txt", ".tsv"):
        return _text_rows(path)
    raise SheetError(f"不支持的文件类型“{path.suffix}”，请使用 .csv 或 .xlsx / unsupported file type "
                     f"{path.suffix!r}; use .csv or .xlsx")


def _kept(rows: Iterator[tuple[int, Cells]]) -> list[tuple[int, Cells]]:
    """The rows up to the header and every later row with content, at most MAX_ROWS of them."""
    out: list[tuple[int, Cells]] = []
    for number, cells in rows:
        if number <= _HEADER_ROWS or any(c != "" for c in cells):
            out.append((number, cells))
            if len(out) > MAX_ROWS + _HEADER_ROWS:
                raise _too_large(f"超过 {MAX_ROWS} 行", f"more than {MAX_ROWS} rows")
    return out


def _workbook_rows(path: Path, sheet: str | None, layout: Layout) -> list[tuple[int, Cells]]:
    """The named worksheet's rows, else those of the first worksheet with a header row (else the last's).
    Only the columns up to the header's last are read: a stray cell far to the right or far below (a
    sheet whose used range reaches XFD1048576) costs nothing."""
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
            head = [(i, [_cell(v) for v in row]) for i, row in
                    enumerate(ws.iter_rows(max_row=_HEADER_ROWS, max_col=_HEADER_COLS, values_only=True), start=1)]
            found = _find_header(head, layout)
            if found is None:
                if ws is candidates[-1]:
                    return head
                continue
            header = head[found[0]][1]
            width = max(j for j, c in enumerate(header) if c != "") + 1
            return _kept((i, [_cell(v) for v in row]) for i, row in
                         enumerate(ws.iter_rows(max_col=width, values_only=True), start=1))
        return []
    finally:
        wb.close()


def _text_rows(path: Path) -> list[tuple[int, Cells]]:
    text = _decode(path.read_bytes())
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    return _kept((i, [_cell(v) for v in row]) for i, row in enumerate(reader, start=1))


def _find_header(rows: list[tuple[int, Cells]], layout: Layout = ACCOUNTS) -> tuple[int, dict[int, str]] | None:
    """(index of the header row, cell position → canonical column), or None."""
    for idx, (_, cells) in enumerate(rows[:_HEADER_ROWS]):
        cols: dict[int, str] = {}
        keys = [_header_key(c) if isinstance(c, str) else "" for c in cells]
        export = "platform_id" in keys and "account_id" in layout.columns  # the portal's own export
        for j in range(len(cells)):
            col = "account_id" if export and keys[j] == "id" else layout.index.get(keys[j]) if keys[j] else None
            if col and col not in cols.values():
                cols[j] = col
        if len(cols) >= 2:
            return idx, cols
    return None


@dataclass(frozen=True)
class Sheet:
    """A sheet with its header found: which cell holds which column, and the rows below the header."""

    header_row: int  # the sheet's row number of the header
    columns: dict[int, str]  # cell position → canonical column
    ignored: list[str]  # header cells naming no known column
    body: list[tuple[int, Cells]]

    def rows(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(row number, canonical column → cell value) for every row that is not blank."""
        for number, cells in self.body:
            values = {col: cells[j] if j < len(cells) else "" for j, col in self.columns.items()}
            if any(x != "" for x in values.values()):
                yield number, values


def open_sheet(path: Path, sheet_name: str | None = None, layout: Layout = ACCOUNTS) -> Sheet:
    """The sheet's rows under its header; SheetError when there is no header or a required column is missing."""
    rows = read_rows(path, sheet_name, layout)
    found = _find_header(rows, layout)
    if found is None:
        raise SheetError(f"前 10 行中找不到表头（至少需要“{'”“'.join(layout.required.values())}”等两列）/ no header row in the first "
                         "10 rows (it needs at least two known columns such as 账号名称, 平台, 主办单位)")
    hidx, cols = found
    header_row, header_cells = rows[hidx]
    ignored = [str(c) for j, c in enumerate(header_cells) if c and j not in cols]
    missing = [c for c in layout.required if c not in cols.values()]
    if missing:
        raise SheetError(f"缺少必需的列：{'、'.join(layout.required[m] for m in missing)} / missing required columns: "
                         f"{', '.join(missing)}")
    return Sheet(header_row, cols, ignored, rows[hidx + 1 :])
