"""`portal new`: records written from options (`--no-input`) and from prompts into a copy of the sample
registry, validated by the real pipeline; filings and notices appended without touching the rest of
the file; nothing ever overwritten."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.load.read import load_file
from generator.tools.fmt import format_bytes
from tests.conftest import SAMPLE_REGISTRY

TODAY = "2026-12-01"
KS = "accounts/qs-gaj/qs-gaj-ks.yaml"
XHS = ["--host-unit", "qs-gaj", "--platform", "小红书", "--name", "平安青山",
       "--platform-id", "5f3a9c0e1b2d4e6f7a8b9c0d", "--url", "https://www.xiaohongshu.com/user/profile/5f3a9c0e1b2d4e6f7a8b9c0d",
       "--positioning", "发布公安工作动态", "--verification-text", "青山市公安局", "--opened", "2026-11-30",
       "--approval-date", "2026-11-20"]


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    reg = tmp_path / "registry"
    shutil.copytree(SAMPLE_REGISTRY, reg, ignore=shutil.ignore_patterns(".portal-cache"))
    (tmp_path / "schemas").mkdir()
    return reg


def _new(registry: Path, *args: str, stdin: str | None = None) -> Result:
    extra = [] if stdin is not None else ["--no-input"]
    return CliRunner().invoke(main, ["new", *args, "--registry", str(registry), "--today", TODAY, *extra], input=stdin)


def test_an_account_from_options_is_correct_and_canonical(registry: Path) -> None:
    res = _new(registry, "account", *XHS)
    assert res.exit_code == 0, res.output
    path = registry / "accounts/qs-gaj/qs-gaj-xhs.yaml"  # the id follows the host unit and platform
    raw = path.read_bytes()
    assert raw.startswith(b"# yaml-language-server: $schema=../../../schemas/account.schema.json\n")
    data, problems = load_file(path, "account")
    assert problems == [] and data is not None
    assert data["platform"] == "xiaohongshu" and data["status"] == "active" and data["opened"] == "2026-11-30"
    assert data["filings"] == [{"type": "open", "event_date": "2026-11-30", "filed_date": TODAY, "filed_with": ["qs-ban"],
                                "approval": {"by": "qs-ban", "date": "2026-11-20"}, "reason": "新开设政务新媒体账号"}]
    assert not format_bytes(raw, "account").changed
    check = CliRunner().invoke(main, ["validate", "--registry", str(registry), "--today", TODAY])
    assert check.exit_code == 0, check.output


def test_an_account_from_prompts(registry: Path) -> None:
    answers = ["qs-gaj", "微博", "", "平安青山", "2803301701", "", "https://weibo.com/u/2803301701", "发布警情通报",
               "青山市公安局", "", "2026-11-30", "", "", "", "", "2026-11-25", "", ""]
    res = _new(registry, "account", stdin="\n".join(answers) + "\n")
    assert res.exit_code == 0, res.output
    assert "主办单位 id" in res.output and "平台" in res.output  # Chinese first
    assert "[qs-gaj-wb-2]" in res.output  # qs-gaj-wb is taken: the id offered is free
    data, problems = load_file(registry / "accounts/qs-gaj/qs-gaj-wb-2.yaml", "account")
    assert problems == [] and data is not None and data["platform"] == "weibo"
    assert data["platform_id"] == "2803301701" and data["filings"][0]["approval"]["date"] == "2026-11-25"


def test_nothing_is_overwritten(registry: Path) -> None:
    path = registry / KS
    before = path.read_bytes()
    res = _new(registry, "account", *XHS[:-2], "--id", "qs-gaj-ks", "--platform", "kuaishou")
    assert res.exit_code == 2
    assert path.read_bytes() == before


def test_missing_fields_and_unknown_units_write_nothing(registry: Path) -> None:
    res = _new(registry, "account", "--host-unit", "qs-gaj")
    assert res.exit_code == 2 and "--name" in res.output and "--platform" in res.output
    res = _new(registry, "account", *XHS[2:], "--host-unit", "qs-nope")
    assert res.exit_code == 2 and "qs-nope" in res.output
    assert not (registry / "accounts/qs-nope").exists()


def test_a_change_filing_is_appended_and_sets_the_fields(registry: Path) -> None:
    path = registry / KS
    text = path.read_text("utf-8").replace("status: active", "status: active  # 正常运行").replace(
        "host_unit: qs-gaj", "# 主办单位\nhost_unit: 'qs-gaj'")
    path.write_text(text, "utf-8")
    res = _new(registry, "filing", "--account", "qs-gaj-ks", "--type", "变更", "--change", "name=青山公安快手",
               "--reason", "名称调整")
    assert res.exit_code == 0, res.output
    after = path.read_text("utf-8")
    assert "status: active  # 正常运行" in after and "# 主办单位\nhost_unit: 'qs-gaj'" in after  # the rest as it was
    ops = difflib.SequenceMatcher(None, text.split("\n"), after.split("\n"), autojunk=False).get_opcodes()
    changed = [(tag, text.split("\n")[i1:i2]) for tag, i1, i2, _j1, _j2 in ops if tag != "equal"]
    assert all(tag == "insert" or old == ["name: 平安青山"] for tag, old in changed), changed  # nothing else touched
    data, problems = load_file(path, "account")
    assert problems == [] and data is not None
    assert data["name"] == "青山公安快手" and data["former_names"] == ["平安青山"]
    assert data["filings"][-1] == {"type": "change", "event_date": TODAY, "filed_date": TODAY, "filed_with": ["qs-ban"],
                                   "reason": "名称调整", "changes": [{"field": "name", "from": "平安青山", "to": "青山公安快手"}]}


def test_a_closure_with_its_notice(registry: Path) -> None:
    path = registry / KS
    res = _new(registry, "filing", "--account", "qs-gaj-ks", "--type", "close", "--reason", "整合到市局抖音号")
    assert res.exit_code in (0, 1), res.output
    res = _new(registry, "notice", "--account", "qs-gaj-ks", "--kind", "停更公告", "--effective", "2026-12-31",
               "--reason", "整合到市局抖音号")
    assert res.exit_code == 0, res.output
    data, problems = load_file(path, "account")
    assert problems == [] and data is not None
    assert data["status"] == "closed" and data["filings"][-1]["type"] == "close"
    assert data["notices"] == [{"kind": "stop_update", "published": TODAY, "effective": "2026-12-31", "reason": "整合到市局抖音号"}]
    assert list(data).index("notices") == list(data).index("filings") + 1


def test_a_deregistration_notice_with_successors_basis_and_approval(registry: Path) -> None:
    path = registry / KS
    res = _new(registry, "filing", "--account", "qs-gaj-ks", "--type", "deregister", "--reason", "集约整合")
    assert res.exit_code in (0, 1), res.output
    res = _new(registry, "notice", "--account", "qs-gaj-ks", "--kind", "deregister", "--effective", "2026-12-31",
               "--reason", "集约整合", "--successor", "qs-gaj-wx", "--channel", "客户端版块|掌上青山“青山公安”政务号|https://app.qingshan.gov.cn/zwh/qsga/",
               "--basis", "《青山市政务新媒体管理办法》第十八条", "--approval-by", "省公安厅", "--approval-date", "2026-11-20",
               "--group", "qs-gaj-2026-zhenghe")
    assert res.exit_code in (0, 1), res.output
    data, problems = load_file(path, "account")
    assert problems == [] and data is not None
    notice = data["notices"][-1]
    assert notice["successors"] == ["qs-gaj-wx", {"name": "掌上青山“青山公安”政务号", "kind": "app_section",
                                                  "url": "https://app.qingshan.gov.cn/zwh/qsga/"}]
    assert notice["approval"] == {"by": "省公安厅", "date": "2026-11-20"} and notice["group"] == "qs-gaj-2026-zhenghe"
    assert "successor" not in notice
    res = _new(registry, "notice", "--account", "qs-gaj-ks", "--kind", "deregister", "--effective", "2026-12-31",
               "--reason", "集约整合", "--channel", "网站|缺少链接")
    assert res.exit_code != 0 and "类型|名称|链接" in res.output


def test_a_unit_and_an_inspection_batch(registry: Path) -> None:
    res = _new(registry, "unit", "--id", "qs-tyj", "--name", "青山市体育局", "--kind", "政府部门", "--level", "city",
               "--short-names", "青山体育、市体育局", "--region", "青山市", "--division", "369900", "--supervisor", "qs-ban",
               "--maintainers", "qs-tyj-admin")
    assert res.exit_code == 0, res.output
    data, problems = load_file(registry / "units/qs-tyj.yaml", "unit")
    assert problems == [] and data is not None
    assert data["kind"] == "department" and data["short_names"] == ["青山体育", "市体育局"] and data["division"] == "369900"
    assert (registry / "units/qs-tyj.yaml").read_text("utf-8").startswith("# yaml-language-server: $schema=../../schemas/unit.schema.json\n")
    res = _new(registry, "inspection", "--inspector", "qs-ban", "--kind", "抽查", "--date", "2026-11-30",
               "--accounts", "qs-gaj-dy", "--accounts", "qs-gaj-wb")
    assert res.exit_code == 0, res.output
    path = registry / "inspections/2026-Q4/qs-ban-2026-q4.yaml"
    data, problems = load_file(path, "inspection")
    assert problems == [] and data is not None
    assert data["results"] == [{"account": "qs-gaj-dy"}, {"account": "qs-gaj-wb"}] and data["period"] == "2026-Q4"
