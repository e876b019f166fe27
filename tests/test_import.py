"""`portal import`: spreadsheets (CSV in UTF-8/GB18030, XLSX) into records, bad rows reported, nothing clobbered."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load.registry import load_registry
from generator.model import platforms
from generator.tools.importer import match_platform, parse_date, plan_import, unit_id_for
from generator.tools.synth import names

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "import" / "registry"
TODAY = "2026-11-27"
HEADERS = ["序号", "账号名称", "平台", "主办单位", "账号链接", "账号ID", "所属地区", "开设日期", "状态", "备注", "是否支持IPv6"]
# the same columns as another office writes them: variants, a space, a full-width bracket
XLSX_HEADERS = ["序号", "名称", "平台类型", "开办主体（全称）", "链接", "账号 ID", "所属地区", "开设时间", "运行状态", "备注",
                "IPv6"]

REGIONS = [("青山市", "青山"), ("南溪县", "南溪"), ("云台县", "云台"), ("青山市东湖区", "东湖"), ("青山市西岭区", "西岭")]
DATES = ["2020-03-05", "2021/6/18", "2019年11月4日", "", "2022.9.1", "20230215"]


def _platform_cells(k: int, n: int) -> tuple[str, str, str]:
    """(platform as written, link, id) for the k-th platform of a unit; n makes ids unique."""
    variants = [
        ("微信公众号", "", f"gh_{n:012x}"),
        ("新浪微博", f"https://weibo.com/u/{2000000000 + n}", ""),
        ("抖音", f"https://www.douyin.com/user/MS4wLjABAAAA{n:030d}", ""),
        ("今日头条", f"https://www.toutiao.com/c/user/{5000000000 + n}/", ""),
        ("快手", f"https://www.kuaishou.com/profile/3x{n:013d}", ""),
        ("微信视频号", "", f"sphQs{n:08d}"),
        ("移动客户端", f"https://apps.apple.com/cn/app/id{1400000000 + n}", ""),
        ("小程序", "", f"wx{n:016x}"),
        ("B站", f"https://space.bilibili.com/{300000 + n}", ""),
        ("小红书", "", ""),
        ("政务微博", "", str(2100000000 + n)),
        ("头条号", "", str(6000000000 + n)),
    ]
    return variants[(n * 7) % len(variants)] if k else variants[0]  # every unit has WeChat


def sheet_rows() -> list[list[str]]:
    """150 rows: 5 regions × 10 departments × 3 platforms, written the way offices write them."""
    rows: list[list[str]] = []
    n = 0
    for region, core in REGIONS:
        for dept in names.DEPARTMENTS[:10]:
            host = f"{region}{dept.name}"
            name = dept.accounts[0].format(r=core)
            used: set[str] = set()
            k = 0
            while len(used) < 3:
                n += 1
                plat, link, pid = _platform_cells(k, n)
                k += 1
                key = match_platform(plat, link)
                if key in used or (host == "青山市公安局" and key == "weibo"):  # registered already
                    continue
                used.add(key or plat)
                status = "关停" if n % 37 == 0 else ("运行" if n % 3 else "正常")
                rows.append([str(len(rows) + 1), name, plat, host, link, pid, region, DATES[n % len(DATES)], status,
                             "由县融媒体中心代运营" if n % 11 == 0 else "", "是" if plat in ("移动客户端", "小程序") else ""])
    assert len(rows) == 150
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str, headers: list[str] = HEADERS) -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        w = csv.writer(f)
        w.writerow(headers)
        w.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "政务新媒体"
    ws.append(["青山市政务新媒体账号统计表（2026年11月）"])  # a title row above the header
    ws.append(XLSX_HEADERS)
    for r in rows:
        cells: list[object] = list(r)
        cells[0] = int(r[0])
        if len(r[7]) == 10 and r[7][4] == "-":
            cells[7] = dt.datetime.fromisoformat(r[7])  # a real Excel date cell
        if r[5].isdigit():
            cells[5] = int(r[5])  # a UID typed as a number
        ws.append(cells)
    wb.save(path)
    return path


def _import(sheet: Path, registry: Path, *extra: str):
    return CliRunner().invoke(main, ["import", str(sheet), "--registry", str(registry), "--today", TODAY, *extra])


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    dst = tmp_path / "registry"
    shutil.copytree(FIXTURE, dst)
    return dst


@pytest.mark.parametrize("kind", ["utf-8-sig", "utf-8", "gb18030", "xlsx"])
def test_150_rows_import_and_load_clean(tmp_path: Path, registry: Path, kind: str) -> None:
    rows = sheet_rows()
    if kind == "xlsx":
        sheet = write_xlsx(tmp_path / "accounts.xlsx", rows)
    else:
        sheet = write_csv(tmp_path / "accounts.csv", rows, kind)
    result = _import(sheet, registry)
    assert result.exit_code == 0, result.output
    assert "共 150 行：已导入 150 个账号" in result.output
    reg, problems = load_registry(registry, use_cache=False)
    assert problems == []
    imported = [a for a in reg.accounts if a.data["filings"][0].get("imported")]
    assert len(imported) == 150
    by_name = {(a.data["name"], a.data["platform"]) for a in imported}
    assert ("青山公安", "weibo") not in by_name and ("平安青山", "wechat_subscription") in by_name
    # the host unit 青山市公安局 already existed: its accounts went there, no duplicate unit
    assert all(u.data["name"] != "青山市公安局" or u.id == "qs-gaj" for u in reg.units)
    assert any(a.data["host_unit"] == "qs-gaj" and a.data["platform"] == "wechat_subscription" for a in imported)
    # new units: deterministic ids, supervised by the nearest government office in the registry
    nanxi_edu = reg.unit_by_id[unit_id_for("南溪县教育局")]
    assert nanxi_edu.data["supervisor"] == "nx-ban" and nanxi_edu.data["level"] == "county"
    # the immutable id came from the link where the catalogue allows it; the app went to iOS by its link
    plats = {a.data["platform"] for a in imported}
    assert {"weibo", "douyin", "toutiao", "ios_app", "wechat_miniprogram", "wechat_channels"} <= plats
    cat = platforms.catalogue()
    for a in imported:
        if "platform_id" in a.data:
            assert cat[a.data["platform"]].id_matches(a.data["platform_id"])
        if "url" in a.data and cat[a.data["platform"]].id_from_url(a.data["url"]):
            assert a.data["platform_id"] == cat[a.data["platform"]].id_from_url(a.data["url"])
    unknown = [a for a in imported if a.data["filings"][0].get("date_unknown")]
    assert unknown and all("opened" not in a.data for a in unknown)
    assert any(a.data["status"] == "closed" for a in imported)
    if kind in ("xlsx", "gb18030"):
        v = CliRunner().invoke(main, ["validate", "--registry", str(registry), "--today", TODAY, "--no-cache"])
        assert v.exit_code == 0, v.output


def test_csv_and_xlsx_give_the_same_records(tmp_path: Path) -> None:
    rows = sheet_rows()
    outs = []
    for name, make in (("a.csv", lambda p: write_csv(p, rows, "gb18030")), ("a.xlsx", lambda p: write_xlsx(p, rows))):
        reg = tmp_path / name.replace(".", "_") / "registry"
        shutil.copytree(FIXTURE, reg)
        res = plan_import(make(tmp_path / name), reg, today=dt.date(2026, 11, 27))
        outs.append({p.relative_to(reg).as_posix(): {k: v for k, v in r.items() if k != "filings"}
                     for p, r in res.accounts.items()})
    assert outs[0] == outs[1]


BAD_ROWS = [
    ["1", "青山应急", "微信公众号", "青山市应急管理局", "", "gh_0000000000a1", "青山市", "2021-04-01", "正常", ""],
    ["2", "青山应急", "脸书", "青山市应急管理局", "", "", "青山市", "", "正常", ""],  # unknown platform
    ["3", "青山住建", "抖音", "", "", "", "青山市", "", "正常", ""],  # no host unit
    ["4", "青山应急", "微信", "青山市应急管理局", "", "gh_0000000000a1", "青山市", "", "正常", ""],  # duplicate of row 2
    ["5", "平安青山", "新浪微博", "青山市公安局", "https://weibo.com/u/1581050334", "", "青山市", "", "正常", ""],  # exists
    ["6", "南溪发布", "今日头条", "南溪县人民政府", "https://www.toutiao.com/c/user/51234567890/", "", "", "", "注销", ""],
    ["7", "青山人社", "抖音", "青山市人力资源和社会保障局", "https://www.douyin.com/user/MS4wLjABAAAAqs0000000000000000000001",
     "", "青山市", "2022年3月", "正常", ""],
]


def test_bad_rows_are_reported_and_nothing_is_written(tmp_path: Path, registry: Path) -> None:
    sheet = write_csv(tmp_path / "bad.csv", BAD_ROWS, "gb18030")
    before = {p: p.read_bytes() for p in registry.rglob("*") if p.is_file()}
    result = _import(sheet, registry)
    assert result.exit_code == 1
    out = result.output
    assert "第 3 行：无法识别的平台“脸书”" in out
    assert "第 4 行：“青山住建”缺少主办单位" in out
    assert "第 5 行：与第 2 行重复" in out
    assert "第 6 行：新浪微博UID“1581050334”已登记为账号 qs-gaj-wb，未覆盖" in out
    assert "第 7 行：已注销的账号" in out
    assert "第 8 行：无法识别开设日期“2022年3月”" in out  # a warning: the row is still taken
    assert "未写入任何文件" in out and "Traceback" not in out
    after = {p: p.read_bytes() for p in registry.rglob("*") if p.is_file()}
    assert after == before


def test_skip_bad_imports_the_rest_and_never_overwrites(tmp_path: Path, registry: Path) -> None:
    sheet = write_csv(tmp_path / "bad.csv", BAD_ROWS, "utf-8-sig")
    existing = registry / "accounts" / "qs-gaj" / "qs-gaj-wb.yaml"
    original = existing.read_bytes()
    result = _import(sheet, registry, "--skip-bad")
    assert result.exit_code == 1
    assert "已导入 2 个账号" in result.output
    assert existing.read_bytes() == original
    reg, problems = load_registry(registry, use_cache=False)
    assert problems == []
    # importing the same sheet again refuses every row: everything is already registered
    again = _import(sheet, registry, "--skip-bad")
    assert "已导入 0 个账号" in again.output or "可导入 0 个账号" in again.output
    assert existing.read_bytes() == original


def test_dry_run_writes_nothing(tmp_path: Path, registry: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", sheet_rows()[:20], "utf-8")
    before = sorted(p for p in registry.rglob("*"))
    result = _import(sheet, registry, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "可导入 20 个账号" in result.output and "试运行" in result.output
    assert sorted(p for p in registry.rglob("*")) == before


def test_unreadable_sheets_are_messages(tmp_path: Path, registry: Path) -> None:
    no_header = tmp_path / "x.csv"
    no_header.write_text("a,b\n1,2\n", "utf-8")
    result = _import(no_header, registry)
    assert result.exit_code == 2 and "表头" in result.output and "Traceback" not in result.output
    missing_col = write_csv(tmp_path / "y.csv", [["1", "x"]], "utf-8", headers=["序号", "账号名称", "状态"])
    result = _import(missing_col, registry)
    assert result.exit_code == 2 and "缺少必需的列" in result.output
    result = _import(tmp_path / "nope.xlsx", registry)
    assert result.exit_code == 2 and "找不到文件" in result.output


@pytest.mark.parametrize(("text", "link", "key"), [
    ("微信", "", "wechat_subscription"), ("微信公众号", "", "wechat_subscription"), ("政务微信", "", "wechat_subscription"),
    ("微信订阅号", "", "wechat_subscription"), ("微信服务号", "", "wechat_service"), ("新浪微博", "", "weibo"),
    ("政务微博", "", "weibo"), ("今日头条", "", "toutiao"), ("头条号", "", "toutiao"), ("抖音", "", "douyin"),
    ("抖音账号", "", "douyin"), ("快手", "", "kuaishou"), ("移动客户端", "", "android_app"), ("APP", "", "android_app"),
    ("APP", "https://apps.apple.com/cn/app/id1468213594", "ios_app"), ("小程序", "", "wechat_miniprogram"),
    ("微信公众号（订阅号）", "", "wechat_subscription"), ("ＷＥＩＢＯ", "", "weibo"), ("脸书", "", None),
])
def test_platform_spellings(text: str, link: str, key: str | None) -> None:
    assert match_platform(text, link) == key


@pytest.mark.parametrize(("text", "day"), [
    ("2020-03-05", dt.date(2020, 3, 5)), ("2020/3/5", dt.date(2020, 3, 5)), ("2020年3月5日", dt.date(2020, 3, 5)),
    ("20200305", dt.date(2020, 3, 5)), ("43895", dt.date(2020, 3, 5)), ("2020年3月", None), ("2020-02-30", None), ("", None),
])
def test_dates(text: str, day: dt.date | None) -> None:
    assert parse_date(text) == day


EDGE_HEADERS = ["序号", "账号名称*", "平台（类型）", "主办单位", "链接", "账号ID", "所属地区", "开设日期", "状态", "备注",
                "微信号", "主管单位", "统一社会信用代码", "联系人"]
EDGE_ROWS = [  # sheet row = index + 2; each row meets one step of the plan
    ["1", "", "微信", "青山市公安局"],
    ["2", "青山教育", "微信", ""],
    ["3", "青山教育", "", "青山市教育局"],
    ["4", "青山文旅", "抖音", "青山市文化广电旅游局", "http://exa mple.com/x"],
    ["5", "青山文旅", "快手", "青山市文化广电旅游局", "https://weibo.com/u/2000000002"],
    ["6", "青山文旅", "微信公众号", "青山市文化广电旅游局", "", "qingshan_wl"],
    ["7", "青山文旅", "今日头条", "青山市文化广电旅游局", "", "abc"],
    ["8", "青山卫健", "新浪微博", "青山市卫生健康委员会", "https://weibo.com/u/2000000003", "2000000004"],
    ["9", "青山卫健", "微信公众号", "青山市卫生健康委员会", "", "gh_0000000000c1"],
    ["10", "平安青山", "新浪微博", "公安局", "", "", "青山市"],
    ["11", "平安青山", "抖音", "公安局", "", "", "青山市", "2030-01-01"],
    ["12", "平安青山", "抖音", "青山公安", "", "", "", "2021-05-06"],
    ["13", "青山公安", "B站", "青山市公安局", "", "", "", "2022年3月", "乱写"],
    ["13b", "青山公安", "B站", "青山市公安局", "", "", "", "2022年3月"],
    ["14", "青山公安", "快手", "青山市公安局", "", "", "", "", "已注销"],
    ["15", "青山审计", "小红书", "青山市审计局", "", "", "", "", "", "", "", "", "11369900MB0000000X"],
    ["16", "青山" * 200, "抖音", "青山市大数据中心"],
    ["17", "青山应急", "微信公众号", "青山市应急管理局", "", "gh_0000000000b1"],
    ["18", "青山应急", "微信服务号", "青山市应急管理局", "", "gh_0000000000b1"],
    ["19", "青山教育", "脸书号", "青山市大数据中心"],
    ["20", "青山教育", "抖音", "青山市教育局"],
]
EDGE_PROBLEMS = [  # (sheet row, severity, a fragment of the Chinese text)
    (1, "info", "联系人"),
    (2, "error", "缺少账号名称"), (3, "error", "缺少主办单位"), (4, "error", "缺少平台"),
    (5, "warning", "链接“http://exa mple.com/x”无效"),
    (6, "warning", "链接不属于快手"),
    (7, "warning", "已作为微信号记录"),
    (8, "warning", "“abc”不是有效的用户ID"),
    (9, "error", "与链接中的UID“2000000003”不一致"),
    (10, "error", "文件"),
    (11, "error", "已登记为账号 qs-gaj-wb"),
    (12, "warning", "开设日期 2030-01-01 不合理"),
    (13, "error", "与第 12 行重复"),
    (14, "error", "无法识别的状态“乱写”"),  # before the open date is read
    (15, "warning", "无法识别开设日期“2022年3月”"),
    (16, "error", "已注销的账号"),
    (17, "warning", "统一社会信用代码“11369900MB0000000X”"),
    (18, "error", "不符合账号格式"),
    (20, "error", "与第 19 行重复"),
    (21, "error", "无法识别的平台“脸书号”"),
    (22, "error", "u-5e10c8a1b7 已被“别的单位”使用"),
]


def test_each_step_warns_or_refuses_on_its_row(tmp_path: Path, registry: Path) -> None:
    taken = unit_id_for("青山市教育局")  # a unit holds the id 青山市教育局 would get
    (registry / "units" / f"{taken}.yaml").write_text(f"id: {taken}\nname: 别的单位\nkind: other\n", "utf-8")
    health = unit_id_for("青山市卫生健康委员会")  # a file the loader cannot read where row 10's account would go
    (registry / "accounts" / health).mkdir()
    (registry / "accounts" / health / f"{health}-wx.yaml").write_text("id: [broken\n", "utf-8")
    sheet = write_csv(tmp_path / "edge.csv", EDGE_ROWS, "utf-8", EDGE_HEADERS)
    res = plan_import(sheet, registry, today=dt.date(2026, 11, 27))
    assert [(p.row, p.severity) for p in res.problems] == [(r, s) for r, s, _ in EDGE_PROBLEMS]
    for problem, (_, _, fragment) in zip(res.problems, EDGE_PROBLEMS, strict=True):
        assert fragment in problem.zh
    assert res.rows == 21
    records = {r["id"]: r for r in res.accounts.values()}
    culture = unit_id_for("青山市文化广电旅游局")
    audit, emergency = unit_id_for("青山市审计局"), unit_id_for("青山市应急管理局")
    assert sorted(records) == sorted([f"{culture}-{s}" for s in ("dy", "ks", "tt", "wx")] + [
        "qs-gaj-dy", "qs-gaj-bili", f"{audit}-xhs", f"{emergency}-wx"])
    assert records[f"{culture}-wx"]["handle"] == "qingshan_wl" and "platform_id" not in records[f"{culture}-wx"]
    assert "url" not in records[f"{culture}-dy"] and "url" not in records[f"{culture}-ks"]
    # rows 12 and 15 went to qs-gaj (公安局 in 青山市), their open dates unknown; row 13's 青山公安 is its short name
    for aid in ("qs-gaj-dy", "qs-gaj-bili"):
        assert "opened" not in records[aid] and records[aid]["filings"][0]["date_unknown"]
    new_units = {r["id"]: r for r in res.units.values()}
    assert sorted(new_units) == sorted({culture, audit, emergency})  # not 青山市大数据中心: its only row was refused
    assert "credit_code" not in new_units[audit] and new_units[audit]["supervisor"] == "qs-ban"


def _state(registry: Path) -> dict[str, bytes]:
    return {p.relative_to(registry).as_posix(): p.read_bytes() for p in sorted(registry.rglob("*"))
            if p.is_file() and ".portal-cache" not in p.parts}


def test_an_import_killed_at_any_moment_leaves_the_registry_whole(tmp_path: Path, registry: Path) -> None:
    """A real process, killed at several moments of its writing (counted from when its staging folder
    appears): the registry is afterwards exactly as it was or exactly as a finished import leaves it,
    with no temporary file inside."""
    import subprocess
    import sys
    import time

    sheet = write_csv(tmp_path / "a.csv", sheet_rows(), "utf-8")
    before = _state(registry)
    done = tmp_path / "done" / "registry"
    shutil.copytree(registry, done)
    cmd = [sys.executable, "-m", "generator", "import", str(sheet), "--today", TODAY, "--registry"]
    subprocess.run([*cmd, str(done)], check=True, capture_output=True)
    after = _state(done)
    assert len(after) > len(before) + 150
    killed_mid_run = 0
    for i, delay in enumerate((0.0, 0.002, 0.01, 0.03, 0.06, 0.1, 0.2)):
        reg = tmp_path / f"try{i}" / "registry"
        shutil.copytree(registry, reg)
        proc = subprocess.Popen([*cmd, str(reg)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline and not list(reg.parent.glob(".registry.stage-*")):
            time.sleep(0.0005)
        time.sleep(delay)
        killed_mid_run += proc.poll() is None
        proc.kill()
        proc.wait()
        state = _state(reg)
        assert state in (before, after), f"killed {delay} s into the writing: a half-written registry"
        assert not [p for p in reg.rglob(".*") if ".portal-cache" not in p.parts]  # no temporary file inside
    assert killed_mid_run >= 3  # the kills really fell inside the writing


def test_a_stray_cell_at_the_end_of_the_sheet_costs_nothing(tmp_path: Path, registry: Path) -> None:
    """A workbook whose used range reaches XFD1048576: only the header's columns are read, and the
    million empty rows below are passed over (before, every row was padded to 16,384 cells)."""
    sheet = write_xlsx(tmp_path / "a.xlsx", sheet_rows()[:5])
    wb = openpyxl.load_workbook(sheet)
    wb.active["XFD1048576"] = "x"
    wb.save(sheet)
    from generator.tools.importer.sheet import read_rows

    rows = read_rows(sheet)
    filled = [cells for _, cells in rows if any(c != "" for c in cells)]
    assert len(filled) == 7 and len(rows) <= 10  # title, header, 5 rows (and the blank rows of the top ten)
    assert max(len(cells) for _, cells in rows) == len(XLSX_HEADERS)
    assert _import(sheet, registry).exit_code == 0


def test_sheets_over_the_limits_are_refused_with_a_message(tmp_path: Path, registry: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.tools.importer import sheet as sheet_module

    csv_sheet = write_csv(tmp_path / "a.csv", sheet_rows()[:30], "utf-8")
    monkeypatch.setattr(sheet_module, "MAX_ROWS", 20)
    result = _import(csv_sheet, registry)
    assert result.exit_code == 2 and "表格太大" in result.output and "20" in result.output
    monkeypatch.setattr(sheet_module, "MAX_ROWS", 300_000)
    monkeypatch.setattr(sheet_module, "MAX_BYTES", 1000)
    result = _import(csv_sheet, registry)
    assert result.exit_code == 2 and "表格太大" in result.output and "Traceback" not in result.output
