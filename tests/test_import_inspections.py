"""`portal import inspections`: a supervisor's results sheet (CSV, XLSX) or a notice's name lists into a
batch of the sample registry: accounts matched by registry id, immutable id, or name and platform (and
host unit), problems mapped to rubric items, every unmatched row and unmapped problem listed, nothing
written then (unless --skip-bad), and what is written validates."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.check.pipeline import validate
from generator.check.rubrics import load_rubric
from generator.cli import main
from generator.load.registry import load_registry
from generator.tools.importer.findings import map_problem, split_problems
from generator.tools.importer.notice import parse_notice

SAMPLE = Path(__file__).resolve().parent.parent / "registry"
TODAY = "2026-11-27"
KS = load_rubric("kunshan-2019")


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    dst = tmp_path / "registry"
    shutil.copytree(SAMPLE, dst, ignore=shutil.ignore_patterns(".portal-cache"))
    return dst


def _import(registry: Path, file: Path, *more: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["import", "inspections", str(file), "--period", "2026-Q4", "--inspector", "qs-ban",
                                    "--registry", str(registry), "--today", TODAY, *more])
    return res.exit_code, res.output


def _batch(registry: Path, bid: str = "qs-ban-2026-q4") -> dict:
    reg, problems = load_registry(registry, use_cache=False)
    assert problems == []
    return reg.inspection_by_id[bid].data


HEADER = ["序号", "账号名称", "平台", "主办单位", "账号ID", "存在问题", "问题分类", "次数", "整改期限", "得分"]
ROWS = [
    [1, "平安东湖", "抖音", "青山市公安局东湖分局", "", "监测时间点前2周内无更新", "单项否决", "", "2026年12月10日", "0"],
    [2, "青山发布", "新浪微博", "青山市人民政府", "", "", "", "", "", "100"],
    [3, "青山发布", "微信", "", "", "未提供有效互动功能；名称不规范", "", "", "", ""],
    [4, "东湖融媒", "快手", "", "", "内容更新不及时", "扣分", "3", "", ""],
    [5, "不存在的账号", "抖音", "", "", "存在商业广告", "", "", "", ""],
    [6, "南溪教育", "抖音", "", "", "账号头像不清晰", "", "", "", ""],
    [7, "任意名称", "新浪微博", "", "5853229139", "功能无法使用", "", "", "", ""],
    [8, "青山发布", "抖音", "", "", "", "内容不更新", "", "", ""],
]


def _xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["青山市2026年第四季度政务新媒体检查结果"])  # a title row above the header
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_a_sheet_with_unmatched_rows_and_unmapped_problems_writes_nothing(registry: Path, tmp_path: Path) -> None:
    code, out = _import(registry, _xlsx(tmp_path / "q4.xlsx", ROWS))
    assert code == 1
    assert "第 7 行：未找到已备案的账号“不存在的账号”（抖音）" in out  # the sheet's own row numbers (title row, header)
    assert "第 8 行：问题“账号头像不清晰”无法对应到检查指标 kunshan-2019 的任何一项" in out
    assert "第 9 行" not in out  # found by its Weibo UID, whatever its name
    assert "得分、结果列未导入" in out
    assert out.count("[未导入 not imported]") == 2
    assert not (registry / "inspections/2026-Q4/qs-ban-2026-q4.yaml").exists()


def test_skip_bad_writes_the_rest_and_it_validates(registry: Path, tmp_path: Path) -> None:
    code, out = _import(registry, _xlsx(tmp_path / "q4.xlsx", ROWS), "--skip-bad", "--published", "2026-11-25")
    assert code == 1 and "已写入" in out
    batch = _batch(registry)
    results = {r["account"]: r for r in batch["results"]}
    # 南溪教育's problem maps to nothing: the account is left out, never recorded as passed
    assert sorted(results) == ["dh-gafj-dy", "dh-rmt-ks", "qs-gov-dy", "qs-gov-wb", "qs-gov-wx"]
    assert results["dh-gafj-dy"]["vetoes"] == [{"item": "no_update_2w", "note": "监测时间点前2周内无更新"}]
    assert results["dh-gafj-dy"]["rectify_by"] == "2026-12-10"
    assert results["dh-rmt-ks"]["deductions"] == [{"item": "update_delay", "count": 3, "note": "内容更新不及时"}]
    assert [f["item"] for f in results["qs-gov-wx"]["vetoes"]] == ["no_interaction"]
    assert [f["item"] for f in results["qs-gov-wx"]["deductions"]] == ["naming"]
    assert results["qs-gov-wb"] == {"account": "qs-gov-wb", "deductions": [{"item": "functions_broken", "note": "功能无法使用"}]}
    assert results["qs-gov-dy"]["vetoes"][0]["item"] == "no_update_2w"  # mapped by its category 内容不更新
    assert (batch["rubric"], batch["date"], batch["published"], batch["kind"]) == ("kunshan-2019", TODAY, "2026-11-25", "spot_check")
    assert "score" not in str(batch)
    problems = validate(registry, today=__import__("datetime").date(2026, 11, 27), use_cache=False).problems
    assert not [p for p in problems if p.severity.value == "error"]


def test_a_csv_in_gb18030_with_registry_ids_and_links(registry: Path, tmp_path: Path) -> None:
    f = tmp_path / "q4.csv"
    with f.open("w", encoding="gb18030", newline="") as out:
        w = csv.writer(out)
        w.writerow(["备案标识", "账号名称", "平台", "账号链接", "问题"])
        w.writerow(["nx-gov-wb", "", "", "", "存在商业广告"])
        w.writerow(["", "某名称", "微博", "weibo.com/u/5853229139", ""])  # the link gives the immutable id
        w.writerow(["nx-gov-wbx", "", "", "", ""])
    code, out = _import(registry, f, "--skip-bad", "--id", "qs-2026q4-sheet")
    assert code == 1 and "没有备案标识为“nx-gov-wbx”的账号" in out
    results = {r["account"]: r for r in _batch(registry, "qs-2026q4-sheet")["results"]}
    assert results == {"nx-gov-wb": {"account": "nx-gov-wb", "deductions": [{"item": "commercial_ads", "note": "存在商业广告"}]},
                       "qs-gov-wb": {"account": "qs-gov-wb"}}


def test_a_name_on_several_accounts_needs_its_host_unit(registry: Path, tmp_path: Path) -> None:
    twin = (registry / "accounts/dh-gov/dh-gov-dy.yaml").read_text("utf-8")
    (registry / "accounts/xl-gov").mkdir(exist_ok=True)
    (registry / "accounts/xl-gov/xl-gov-dy2.yaml").write_text(
        twin.replace("id: dh-gov-dy", "id: xl-gov-dy2").replace("host_unit: dh-gov", "host_unit: xl-gov")
        .replace("MS4wLjABAAAAoMTsl_qw7NEwd7AU98ulcv8wiUQs085FxHX", "MS4wLjABAAAAoMTsl_qw7NEwd7AU98ulcv8wiUQs085FxHY"), "utf-8")
    f = tmp_path / "notice.txt"
    f.write_text("一、存在商业广告\n东湖区人民政府发布（抖音）\n", "utf-8")
    code, out = _import(registry, f, "--dry-run")
    assert code == 1 and "对应多个账号（dh-gov-dy、xl-gov-dy2）" in out
    f.write_text("一、存在商业广告\n东湖区人民政府发布（抖音，青山市西岭区人民政府）\n", "utf-8")
    code, out = _import(registry, f)
    assert code == 0, out
    assert [r["account"] for r in _batch(registry)["results"]] == ["xl-gov-dy2"]


NOTICE = """青山市人民政府办公室关于2026年第四季度政务新媒体抽查情况的通报

各区县人民政府，市各部门：现将抽查情况通报如下。
一、监测时间点前2周内无更新（2个）
平安东湖（抖音）、南溪融媒（APP）。
二、存在商业广告：东湖融媒（快手，青山市东湖区融媒体中心）
（三）功能无法使用
青山发布（微博）、不存在的账号（微信公众号）
四、其他问题
青山交通（微信）
"""


def test_a_notice_name_list(registry: Path, tmp_path: Path) -> None:
    listed = parse_notice(NOTICE)
    assert [(x.line, x.heading, x.name, x.platform, x.host) for x in listed] == [
        (5, "监测时间点前2周内无更新", "平安东湖", "抖音", ""), (5, "监测时间点前2周内无更新", "南溪融媒", "APP", ""),
        (6, "存在商业广告", "东湖融媒", "快手", "青山市东湖区融媒体中心"),
        (8, "功能无法使用", "青山发布", "微博", ""), (8, "功能无法使用", "不存在的账号", "微信公众号", ""),
        (10, "其他问题", "青山交通", "微信", "")]
    f = tmp_path / "notice.txt"
    f.write_text(NOTICE, "utf-8")
    code, out = _import(registry, f, "--dry-run")
    assert code == 1
    assert "第 8 行：未找到已备案的账号“不存在的账号”" in out and "第 10 行：问题“其他问题”无法对应" in out
    code, out = _import(registry, f, "--skip-bad", "--checked-all", "--date", "2026-11-20")
    results = {r["account"]: r for r in _batch(registry)["results"]}
    assert results["dh-gafj-dy"]["vetoes"][0]["item"] == "no_update_2w"
    assert results["dh-rmt-ks"]["deductions"][0]["item"] == "commercial_ads"
    assert results["qs-gov-wb"]["deductions"][0]["item"] == "functions_broken"
    assert "qs-jtj-wx" not in results  # its problem maps to nothing: left out, not passed
    assert results["qs-gov-wx"] == {"account": "qs-gov-wx"}  # named by no heading: passed (--checked-all)
    assert len(results) > 50 and all(r.get("account") for r in results.values())


def test_nothing_is_overwritten(registry: Path, tmp_path: Path) -> None:
    f = tmp_path / "notice.txt"
    f.write_text("一、存在商业广告\n东湖融媒（快手）\n", "utf-8")
    assert _import(registry, f)[0] == 0
    before = (registry / "inspections/2026-Q4/qs-ban-2026-q4.yaml").read_bytes()
    code, out = _import(registry, f)
    assert code == 1 and "已存在" in out
    assert (registry / "inspections/2026-Q4/qs-ban-2026-q4.yaml").read_bytes() == before


def test_usage_errors(registry: Path, tmp_path: Path) -> None:
    f = tmp_path / "notice.txt"
    f.write_text("一、存在商业广告\n东湖融媒（快手）\n", "utf-8")
    assert _import(registry, f, "--rubric", "kunshan-2018")[0] == 2
    res = CliRunner().invoke(main, ["import", "inspections", str(f), "--period", "2026-Q5", "--inspector", "qs-ban",
                                    "--registry", str(registry)])
    assert res.exit_code == 2 and "2026-Q3" in res.output
    res = CliRunner().invoke(main, ["import", "inspections", str(f), "--period", "2026-Q4", "--inspector", "qs-bann",
                                    "--registry", str(registry)])
    assert res.exit_code == 2 and "qs-bann" in res.output
    code, out = _import(registry, tmp_path / "missing.xlsx")
    assert code == 2 and "找不到文件" in out


def test_the_accounts_import_keeps_its_command() -> None:
    """`portal import SHEET` is still the accounts import (a kind of import is optional)."""
    res = CliRunner().invoke(main, ["import", "--help"])
    assert res.exit_code == 0 and "accounts" in res.output and "inspections" in res.output
    res = CliRunner().invoke(main, ["import", "no-such-sheet.csv", "--registry", str(SAMPLE), "--dry-run"])
    assert res.exit_code == 2 and "找不到文件" in res.output


@pytest.mark.parametrize(("text", "category", "item"), [
    ("检查前两周内无更新，最近一次更新距检查日23天", "", "no_update_2w"),
    ("“办事”栏目功能无法正常使用", "", "functions_broken"),
    ("页面存在商业广告链接", "", "commercial_ads"),
    ("留言区出现不当言论3条", "", "comment_moderation"),
    ("未按规定处理", "内容更新不及时", "update_delay"),
    ("客户端无法下载", "", "app_unusable"),
])
def test_problems_map_by_their_longest_phrase(text: str, category: str, item: str) -> None:
    got = map_problem(text, category, KS)
    assert got.item is not None and got.item.key == item


def test_an_ambiguous_problem_maps_to_nothing_and_names_both() -> None:
    got = map_problem("功能无法使用，存在商业广告", "", KS)
    assert got.item is None and got.ties == ("commercial_ads", "functions_broken")
    assert split_problems("名称不规范；认证信息不规范\n存在商业广告。") == ["名称不规范", "认证信息不规范", "存在商业广告"]
