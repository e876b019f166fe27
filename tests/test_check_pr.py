"""`portal check-pr` on real Git repositories: the sample registry committed as `main`, each scenario a
branch of real commits on top of it, checked through the CLI. Every rejected change is rejected with
its own code; a change that opens an account and a host-unit change with its filing pass."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml_rs
from click.testing import CliRunner

from generator.cli import main
from generator.paths import SAMPLE_REGISTRY_DIR, SITE_SOURCES_DIR
from tests.support.site import edit_record, git

DAY = "2026-11-20T10:00:00+08:00"
TODAY = "2026-11-20"
ADMIN = "qs-portal-admin"
JTJ = "qs-jtj-admin"  # maintains qs-jtj (supervised by qs-ban)
BAN = "qs-ban-admin"  # maintains qs-ban, the office above every department


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository as offices use it: registry/, site/ and mkdocs.yml at the top, one commit on main."""
    top = tmp_path_factory.mktemp("origin") / "repo"
    shutil.copytree(SAMPLE_REGISTRY_DIR, top / "registry", ignore=shutil.ignore_patterns(".portal-cache"))
    shutil.copytree(SITE_SOURCES_DIR, top / "site")
    (top / "mkdocs.yml").write_text("site_name: test\n", "utf-8")
    (top / ".gitignore").write_text(".portal-cache/\n", "utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-qm", "registry", date=DAY)
    return top


@pytest.fixture
def repo(origin: Path, tmp_path: Path) -> Path:
    """A clone of the origin with `main` as the base; each test commits on a branch of its own."""
    top = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(origin), str(top))
    git(top, "checkout", "-q", "-b", "change")
    return top


def commit(top: Path, message: str = "filing", who: tuple[str, str] = ("Clerk", "clerk@example.org")) -> None:
    git(top, "add", "-A")
    git(top, "commit", "-qm", message, date=DAY, who=who)


def check(top: Path, *args: str, actor: str | None = JTJ) -> tuple[int, list[dict[str, Any]]]:
    opts = ["check-pr", "--registry", str(top / "registry"), "--base", "main", "--format", "json", "--today", TODAY]
    if actor:
        opts += ["--actor", actor]
    res = CliRunner().invoke(main, [*opts, *args])
    assert res.exit_code in (0, 1), res.output
    return res.exit_code, json.loads(res.output)


def codes(problems: list[dict[str, Any]], severity: str = "error") -> set[str]:
    return {p["code"] for p in problems if p["severity"] == severity}


def account(top: Path, unit: str, name: str) -> Path:
    return top / "registry" / "accounts" / unit / f"{name}.yaml"


def line_of(path: Path, start: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1) if line.startswith(start))


def edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    edit_record(path, change)


NEW_ACCOUNT = """\
# yaml-language-server: $schema=../../../schemas/account.schema.json
id: qs-jtj-ks
platform: kuaishou
name: 青山交通
platform_id: 3xqsjtj2026ks
url: https://www.kuaishou.com/profile/3xqsjtj2026ks
host_unit: qs-jtj
positioning: 发布青山市交通运输局工作动态、政策解读和办事指南，回应群众关切
verification_text: 青山市交通运输局官方快手号
status: active
opened: 2026-11-16
update_frequency: weekly
filings:
  - type: open
    event_date: 2026-11-16
    filed_date: 2026-11-17
    filed_with: [qs-ban]
    approval: {by: qs-ban, date: 2026-11-10, reference: 青政办新媒审〔2026〕41号}
    reason: 新开设政务新媒体账号，经主管单位审核同意
    host_opinion_date: 2026-11-09
"""


def test_opening_an_account_passes(repo: Path) -> None:
    account(repo, "qs-jtj", "qs-jtj-ks").write_text(NEW_ACCOUNT, "utf-8")
    commit(repo)
    status, problems = check(repo)
    assert codes(problems) == set() and status == 0, problems
    # the same change filed by the supervising office's maintainer passes too
    assert check(repo, actor=BAN)[0] == 0


def test_deleting_a_record_is_rejected(repo: Path) -> None:
    account(repo, "qs-jtj", "qs-jtj-dy").unlink()
    commit(repo)
    status, problems = check(repo)
    assert status == 1 and "PR002" in codes(problems)
    p = next(p for p in problems if p["code"] == "PR002")
    assert p["file"] == "registry/accounts/qs-jtj/qs-jtj-dy.yaml"
    assert "deregister" in p["hint_en"]  # accounts are deregistered, not erased


def test_rewriting_an_earlier_filing_is_rejected(repo: Path) -> None:
    def forge(doc: dict[str, Any]) -> None:
        doc["filings"][0]["approval"] = {"by": "qs-ban", "date": "2023-12-01", "reference": "青政办新媒审〔2023〕1号"}
        doc["filings"][0]["reason"] = "改写"

    edit(account(repo, "qs-jtj", "qs-jtj-dy"), forge)
    commit(repo)
    status, problems = check(repo)
    assert status == 1
    rewrites = [p for p in problems if p["code"] == "PR004"]
    assert [p["path"] for p in rewrites] == ["filings[0]"]
    assert rewrites[0]["line"] == line_of(account(repo, "qs-jtj", "qs-jtj-dy"), "  - type: open")


def test_removing_a_notice_is_rejected(repo: Path) -> None:
    path = next(p for p in sorted((repo / "registry" / "accounts").glob("*/*.yaml"))
                if yaml_rs.loads(p.read_text("utf-8")).get("notices"))
    edit(path, lambda d: d.pop("notices"))
    commit(repo)
    assert "PR005" in codes(check(repo, actor=ADMIN)[1])


def test_swapping_a_wechat_original_id_is_rejected(repo: Path) -> None:
    def hijack(doc: dict[str, Any]) -> None:
        doc["platform_id"] = "gh_0123456789ab"

    edit(account(repo, "qs-jtj", "qs-jtj-wx"), hijack)
    commit(repo)
    status, problems = check(repo)
    assert status == 1
    swap = [p for p in problems if p["code"] == "PR006"]
    assert [p["path"] for p in swap] == ["platform_id"]
    assert swap[0]["line"] == line_of(account(repo, "qs-jtj", "qs-jtj-wx"), "platform_id:")


def test_changing_a_link_without_a_change_filing_is_rejected(repo: Path) -> None:
    edit(account(repo, "qs-jtj", "qs-jtj-wb"), lambda d: d.update(url=d["url"] + "?from=pr"))
    commit(repo)
    status, problems = check(repo)
    assert status == 1 and [p["path"] for p in problems if p["code"] == "PR007"] == ["url"]


def test_renaming_with_its_change_filing_passes_the_history_checks(repo: Path) -> None:
    def rename(doc: dict[str, Any]) -> None:
        doc["former_names"] = [doc["name"]]
        doc["filings"].append({"type": "change", "event_date": "2026-11-18", "filed_date": "2026-11-19",
                               "filed_with": ["qs-ban"], "reason": "名称规范",
                               "changes": [{"field": "name", "from": doc["name"], "to": "青山交通运输"}]})
        doc["name"] = "青山交通运输"

    edit(account(repo, "qs-jtj", "qs-jtj-wb"), rename)
    commit(repo)
    assert not {c for c in codes(check(repo)[1]) if c.startswith("PR")}


def test_a_change_by_another_units_maintainer_is_rejected(repo: Path) -> None:
    def rename(doc: dict[str, Any]) -> None:
        doc["positioning"] = doc["positioning"] + "。"
        doc["filings"].append({"type": "change", "event_date": "2026-11-18", "filed_date": "2026-11-19",
                               "filed_with": ["qs-ban"], "changes": [{"field": "positioning"}]})

    edit(account(repo, "qs-gaj", "qs-gaj-dy"), rename)
    commit(repo)
    status, problems = check(repo)  # qs-jtj's maintainer
    assert status == 1 and codes(problems) == {"PR010"}
    assert next(p for p in problems if p["code"] == "PR010")["file"] == "registry/accounts/qs-gaj/qs-gaj-dy.yaml"
    assert check(repo, actor="QS-GAJ-Admin")[0] == 0  # logins compare case-insensitively
    assert check(repo, actor=BAN)[0] == 0  # the supervising office


def test_adding_oneself_to_another_units_maintainers_is_rejected(repo: Path) -> None:
    edit(repo / "registry" / "units" / "qs-gaj.yaml", lambda d: d["maintainers"].append(JTJ))
    commit(repo)
    status, problems = check(repo)
    assert status == 1 and codes(problems) == {"PR011"}
    assert next(p for p in problems if p["code"] == "PR011")["path"] == "maintainers"
    # the unit's own maintainer may add a colleague
    assert check(repo, actor="qs-gaj-admin")[0] == 0


def test_an_inspection_batch_by_a_non_inspector_is_rejected(repo: Path) -> None:
    src = repo / "registry" / "inspections" / "2026-Q3" / "qs-2026q3-spot.yaml"
    dest = repo / "registry" / "inspections" / "2027-Q1" / "qs-2027q1-spot.yaml"
    dest.parent.mkdir()
    doc = src.read_text("utf-8").replace("qs-2026q3-spot", "qs-2027q1-spot").replace('period: "2026-Q3"', 'period: "2027-Q1"')
    dest.write_text(doc, "utf-8")
    commit(repo)
    status, problems = check(repo)
    assert status == 1 and "PR012" in codes(problems)
    assert "PR012" not in codes(check(repo, actor=BAN)[1])  # qs-ban inspects


@pytest.mark.parametrize("target", ["registry/portal.yaml", "site/filing.md"])
def test_editing_portal_yaml_or_site_as_an_office_is_rejected(repo: Path, target: str) -> None:
    path = repo / target
    path.write_text(path.read_text("utf-8") + "# 修改\n", "utf-8")
    commit(repo)
    status, problems = check(repo)
    assert status == 1 and codes(problems) == {"PR013"}
    assert next(p for p in problems if p["code"] == "PR013")["file"] == target
    assert check(repo, actor=ADMIN)[0] == 0


def test_force_push_over_the_base_is_rejected(repo: Path) -> None:
    # main moves on; the change is then made on main's previous commit (history rewritten)
    git(repo, "checkout", "-q", "main")
    edit(account(repo, "qs-jtj", "qs-jtj-wb"), lambda d: d.update(update_frequency="daily"))
    commit(repo)
    git(repo, "checkout", "-q", "change")
    status, problems = check(repo)
    assert status == 1 and codes(problems) == {"PR001"}


def test_host_unit_change_with_its_filing_passes(repo: Path) -> None:
    old = account(repo, "qs-jtj", "qs-jtj-tt")
    new = account(repo, "qs-gov", "qs-jtj-tt")

    def hand_over(doc: dict[str, Any]) -> None:
        doc["host_unit"] = "qs-gov"
        doc["filings"].append({"type": "change", "event_date": "2026-11-18", "filed_date": "2026-11-19",
                               "filed_with": ["qs-ban"], "reason": "机构改革，账号移交市政府",
                               "changes": [{"field": "host_unit", "from": "qs-jtj", "to": "qs-gov"}]})

    edit(old, hand_over)
    old.rename(new)
    commit(repo)
    # the maintainers of both units: the office above both
    status, problems = check(repo, actor=BAN)
    assert not {c for c in codes(problems) if c.startswith("PR")}, problems
    # qs-jtj's own maintainer does not maintain qs-gov
    assert "PR010" in codes(check(repo)[1])


def test_moving_an_account_without_a_filing_is_rejected(repo: Path) -> None:
    old = account(repo, "qs-jtj", "qs-jtj-tt")
    edit(old, lambda d: d.update(host_unit="qs-gov"))
    old.rename(account(repo, "qs-gov", "qs-jtj-tt"))
    commit(repo)
    problems = check(repo, actor=BAN)[1]
    assert {"PR003", "PR007"} <= codes(problems)


def test_closing_without_a_close_filing_is_rejected(repo: Path) -> None:
    edit(account(repo, "qs-jtj", "qs-jtj-wb"), lambda d: d.update(status="closed"))
    commit(repo)
    problems = check(repo)[1]
    assert [p["path"] for p in problems if p["code"] == "PR008"] == ["status"]


def test_a_deregistered_account_never_comes_back(repo: Path) -> None:
    path = next(p for p in sorted((repo / "registry" / "accounts").glob("*/*.yaml"))
                if yaml_rs.loads(p.read_text("utf-8"))["status"] == "deregistered")

    def revive(doc: dict[str, Any]) -> None:
        doc["status"] = "active"
        doc["filings"].append({"type": "change", "event_date": "2026-11-18", "filed_date": "2026-11-19",
                               "changes": [{"field": "other"}]})

    edit(path, revive)
    commit(repo)
    assert "PR008" in codes(check(repo, actor=ADMIN)[1])


def test_a_backdated_notice_is_rejected_and_a_dated_one_passes(repo: Path) -> None:
    def deregister(published: str) -> Callable[[dict[str, Any]], None]:
        def change(doc: dict[str, Any]) -> None:
            doc["status"] = "deregistered"
            doc["filings"].append({"type": "deregister", "event_date": "2026-12-21", "filed_date": "2026-11-20",
                                   "filed_with": ["qs-ban"], "reason": "整合至市交通运输局抖音号",
                                   "approval": {"by": "qs-ban", "date": "2026-11-19"}})
            doc["notices"] = [{"kind": "deregister", "published": published, "effective": "2026-12-21",
                               "reason": "整合至市交通运输局抖音号", "successor": "qs-jtj-dy",
                               "url": "https://www.qingshan.gov.cn/gg/1.html"}]
        return change

    path = account(repo, "qs-jtj", "qs-jtj-wb")
    original = path.read_text("utf-8")
    edit(path, deregister("2026-10-01"))
    commit(repo)
    problems = check(repo)[1]
    assert [p["path"] for p in problems if p["code"] == "PR009"] == ["notices[0].published"]
    path.write_text(original, "utf-8")
    edit(path, deregister("2026-11-20"))
    commit(repo, "dated")
    assert not {c for c in codes(check(repo)[1]) if c.startswith("PR")}


def test_every_code_is_documented_in_the_readme() -> None:
    from generator.check.pr.texts import TEXTS
    from tests.conftest import PROJECT

    readme = (PROJECT / "README.md").read_text("utf-8")
    section = readme.split("### Filing by pull request", 1)[1]
    table = next(part for part in section.split("\n\n") if part.startswith("| code |"))
    assert sorted(TEXTS) == [f"PR{n:03d}" for n in range(1, len(TEXTS) + 1)]
    for code in TEXTS:
        assert code in table, code


def test_markdown_summary_says_what_the_change_files(repo: Path, tmp_path: Path) -> None:
    account(repo, "qs-jtj", "qs-jtj-ks").write_text(NEW_ACCOUNT, "utf-8")
    edit(account(repo, "qs-jtj", "qs-jtj-wb"), lambda d: d.update(url=d["url"] + "?from=pr"))
    commit(repo)
    summary = tmp_path / "summary.md"
    res = CliRunner().invoke(main, ["check-pr", "--registry", str(repo / "registry"), "--base", "main", "--actor", JTJ,
                                    "--today", TODAY, "--format", "markdown", "--summary", str(summary)])
    assert res.exit_code == 1
    text = res.output
    assert text.startswith("## 备案变更检查：❌ 未通过")
    assert "- 开设：青山交通（快手） `qs-jtj-ks`" in text
    assert "- 变更：" in text and "`qs-jtj-wb`" in text
    assert "**PR007**" in text and "registry/accounts/qs-jtj/qs-jtj-wb.yaml" in text
    assert summary.read_text("utf-8") == text  # the same summary, appended for $GITHUB_STEP_SUMMARY


def test_github_annotations_name_file_and_line(repo: Path) -> None:
    edit(account(repo, "qs-jtj", "qs-jtj-wx"), lambda d: d.update(platform_id="gh_0123456789ab"))
    commit(repo)
    res = CliRunner().invoke(main, ["check-pr", "--registry", str(repo / "registry"), "--base", "main", "--actor", JTJ,
                                    "--today", TODAY, "--format", "github"])
    line = line_of(account(repo, "qs-jtj", "qs-jtj-wx"), "platform_id:")
    assert res.exit_code == 1
    assert f"::error file=registry/accounts/qs-jtj/qs-jtj-wx.yaml,line={line},col=14,title=PR006::" in res.output


def test_a_head_that_is_not_checked_out_is_checked_from_git(repo: Path) -> None:
    edit(account(repo, "qs-jtj", "qs-jtj-wb"), lambda d: d.update(url=d["url"] + "?from=pr"))
    commit(repo)
    checked_out = check(repo)
    git(repo, "checkout", "-q", "main")
    status, problems = check(repo, "--head", "change")
    assert (status, problems) == checked_out and "PR007" in codes(problems)


def test_without_actor_each_commits_author_email_is_judged(repo: Path) -> None:
    edit(repo / "registry" / "units" / "qs-jtj.yaml", lambda d: d["maintainers"].append("clerk@jtj.example.org"))
    commit(repo, who=("Jtj", JTJ))
    git(repo, "update-ref", "refs/heads/main", "HEAD")  # the clerk's e-mail is on record now
    edit(account(repo, "qs-jtj", "qs-jtj-wb"), lambda d: d.update(update_frequency="daily"))
    commit(repo, who=("Clerk", "Clerk@JTJ.example.org"))
    assert check(repo, actor=None)[0] == 0
    git(repo, "commit", "-q", "--amend", "--no-edit", "--reset-author", who=("Other", "other@example.org"))
    status, problems = check(repo, actor=None)
    assert status == 1 and codes(problems) == {"PR010"}
    assert next(p for p in problems if p["code"] == "PR010")["message_en"].startswith("other@example.org ")


def test_record_text_is_inert_in_the_summary() -> None:
    from generator.check.pr.summary import md

    assert md("[点我](https://x.example) @someone <img src=x>|`code`\n# 标题") == (
        "\\[点我\\]\\(https://x.example\\) \\@someone \\<img src=x\\>\\|\\`code\\` \\# 标题")


def test_usage_errors_exit_2(repo: Path, tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["check-pr", "--registry", str(repo / "registry"), "--base", "no-such-ref"])
    assert res.exit_code == 2 and "no-such-ref" in res.output
    outside = tmp_path / "loose" / "registry"
    shutil.copytree(SAMPLE_REGISTRY_DIR / "units", outside / "units")
    res = CliRunner().invoke(main, ["check-pr", "--registry", str(outside), "--base", "main"])
    assert res.exit_code == 2 and "Git" in res.output
