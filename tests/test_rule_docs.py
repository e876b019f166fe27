"""Every rule documents itself (summary, Why, Basis, a Bad and a Good example) and every example means
what it says: materialised on the examples registry and run through the real `validate`, the Bad
example reports the rule's code and the Good one neither that code nor any error. Also the parser's
errors, the materialising of examples, and the rendered docs (Markdown page and `portal rules` JSON)."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check.engine import all_rules
from generator.check.profiles import list_profiles, md, rules_reference_markdown
from generator.check.rule_docs import DEFAULT_TODAY, Example, RuleDocError, parse, rule_doc
from generator.check.rule_examples import ExampleError, materialise, merge, run
from generator.cli import main
from generator.load.registry import load_registry
from generator.problems import Problem, Severity

SPECS = {s.code: s for s in all_rules()}


def _shown(problems: list[Problem]) -> list[tuple[str, str, str, int | None]]:
    return [(p.code, p.severity.value, p.file, p.line) for p in problems]


def test_every_registered_rule_is_documented() -> None:
    assert len(SPECS) >= 67  # every rule, however many there are, with all its sections
    for code, spec in SPECS.items():
        doc = rule_doc(spec)  # raises RuleDocError when a section is missing or malformed
        assert doc.summary and "\n" not in doc.summary, code
        assert doc.why and doc.basis, code
        assert doc.bad.files and doc.good.files, code


@pytest.mark.parametrize("code", sorted(SPECS))
def test_bad_example_reports_the_rule(code: str, tmp_path: Path) -> None:
    problems = run(rule_doc(SPECS[code]).bad, tmp_path)
    assert code in {p.code for p in problems}, _shown(problems)


@pytest.mark.parametrize("code", sorted(SPECS))
def test_good_example_avoids_the_rule_and_every_error(code: str, tmp_path: Path) -> None:
    problems = run(rule_doc(SPECS[code]).good, tmp_path)
    assert [p for p in problems if p.code == code or p.severity is Severity.ERROR] == [], _shown(problems)


@pytest.mark.parametrize("profile", list_profiles())
def test_examples_registry_has_no_error_under_any_profile(profile: str, tmp_path: Path) -> None:
    problems = run(Example(profile=profile, today=DEFAULT_TODAY, files=()), tmp_path)
    assert [p for p in problems if p.severity is Severity.ERROR] == [], _shown(problems)
    if profile == "national":
        assert problems == []  # not even a warning: every verdict of an example comes from its files


def test_every_profile_is_covered() -> None:
    assert set(list_profiles()) >= {"national", "jiangxi", "licang", "kunshan", "baicheng", "luan"}


# --- the parser ------------------------------------------------------------------------------------

VALID = '''\
    Each filing reaches the office in time.

    Why: the public checks an account
    against the registry.

    Basis: 国办发〔2018〕123号.

    Bad:

        # profile: licang
        # today: 2025-10-20
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2025-09-30, filed_date: 2025-10-17}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2025-09-30, filed_date: 2025-10-13}
    '''


def _doc(text: str) -> str:
    return "    " + textwrap.dedent(text).strip() + "\n"  # as Python stores a docstring: the first line flush


def test_a_docstring_in_the_format_parses() -> None:
    doc = parse(_doc(VALID), "T001")
    assert doc.summary == "Each filing reaches the office in time."
    assert doc.why == "the public checks an account against the registry."
    assert (doc.bad.profile, doc.bad.today) == ("licang", dt.date(2025, 10, 20))
    assert (doc.good.profile, doc.good.today) == ("national", DEFAULT_TODAY)  # defaults, not inherited from Bad
    [f] = doc.bad.files
    assert (f.path, f.kind) == ("accounts/dh-jyj/dh-jyj-toutiao.yaml", "account")
    assert f.overlay == {"filings": [{"type": "open", "event_date": "2025-09-30", "filed_date": "2025-10-17"}]}
    assert doc.good.text.splitlines()[:3] == ["# profile: national", "# today: 2025-12-01",
                                             "# accounts/dh-jyj/dh-jyj-toutiao.yaml"]


@pytest.mark.parametrize(("old", "new", "problem", "line"), [
    ("    Basis: 国办发〔2018〕123号.\n", "", "missing-section", None),
    ("    Good:\n", "    Bad:\n", "repeated-section", 16),
    ("    Why: the public checks an account\n    against the registry.\n\n    Basis: 国办发〔2018〕123号.\n",
     "    Basis: 国办发〔2018〕123号.\n\n    Why: the public checks an account\n    against the registry.\n",
     "section-order", 3),
    ("in time.\n", "in time.\n    and more.\n", "long-summary", 2),
    ("    Why: the public checks an account\n    against the registry.\n", "    Why:\n", "empty-section", 3),
    ("        # profile: licang", "        # profil: licang", "unknown-directive", 10),
    ("        # today: 2025-10-20", "        # today: 20 October", "bad-today", 10),
    ("        # profile: licang", "        # profile: atlantis", "unknown-profile", 10),
    ("filed_date: 2025-10-17}\n", "filed_date: 2025-10-17}\n        # profile: luan\n", "late-directive", 15),
    ("        # accounts/dh-jyj/dh-jyj-toutiao.yaml\n        filings:\n          - {type: open, event_date: 2025-09-30,"
     " filed_date: 2025-10-13}", "        # registry/dh-jyj-toutiao.yaml", "unknown-path", 18),
    ("        # today: 2025-10-20\n", "        # today: 2025-10-20\n        filings: []\n", "yaml-before-file", 12),
    ("          - {type: open, event_date: 2025-09-30, filed_date: 2025-10-17}", "          - {type: open, type: close}",
     "bad-yaml", 14),  # the line of the repeated key
    ("        # accounts/dh-jyj/dh-jyj-toutiao.yaml\n        filings:\n          - {type: open, event_date: 2025-09-30,"
     " filed_date: 2025-10-13}", "        # accounts/dh-jyj/dh-jyj-toutiao.yaml: deleted\n        name: x", "deleted-with-yaml", 18),
    ("        # accounts/dh-jyj/dh-jyj-toutiao.yaml\n        filings:\n          - {type: open, event_date: 2025-09-30,"
     " filed_date: 2025-10-13}", "        # portal.yaml\n        profile: luan", "profile-in-portal", 18),
    ("    Good:\n\n        # accounts", "    Good:\n\n    # accounts", "unindented-example", 18),
    ("        # profile: licang\n        # today: 2025-10-20\n        # accounts/dh-jyj/dh-jyj-toutiao.yaml\n"
     "        filings:\n          - {type: open, event_date: 2025-09-30, filed_date: 2025-10-17}\n",
     "        # profile: licang\n", "no-file", 10),
    ("    Bad:\n", "    Bad: see below\n", "inline-example", 8),
    ("    Each filing reaches the office in time.\n", "    \n", "missing-summary", 1),
    ("        filings:\n          - {type: open, event_date: 2025-09-30, filed_date: 2025-10-17}\n",
     "        name: x\n        # accounts/dh-jyj/dh-jyj-toutiao.yaml\n        name: y\n", "repeated-file", 14),
    ("        # accounts/dh-jyj/dh-jyj-toutiao.yaml\n        filings:\n          - {type: open, event_date: 2025-09-30,"
     " filed_date: 2025-10-13}", "        # accounts/dh-jyj/dh-jyj-toutiao.yaml: removed", "unknown-file-directive", 18),
])
def test_a_malformed_docstring_is_reported_with_its_line(old: str, new: str, problem: str, line: int | None) -> None:
    assert old in VALID
    with pytest.raises(RuleDocError) as err:
        parse(_doc(VALID.replace(old, new, 1)), "T001")
    assert err.value.problem == problem and err.value.code == "T001"
    if line is not None:
        assert err.value.line == line
    assert str(err.value).startswith(f"T001 docstring, line {err.value.line}: {problem}")


# --- materialising an example -----------------------------------------------------------------------

def test_merge_mappings_key_by_key_lists_replace_null_removes() -> None:
    base = {"a": {"x": 1, "y": 2}, "l": [1, 2], "gone": 1, "kept": 1}
    over = {"a": {"y": 3, "z": None}, "l": [3], "gone": None, "new": [{"k": 1, "n": None}]}
    assert merge(base, over) == {"a": {"x": 1, "y": 3}, "l": [3], "kept": 1, "new": [{"k": 1}]}
    assert base["a"] == {"x": 1, "y": 2}  # the base is not touched


def test_materialise_applies_profile_overlays_templates_and_deletions(tmp_path: Path) -> None:
    doc = parse(_doc('''\
        Summary.

        Why: w.

        Basis: b.

        Bad:

            # profile: kunshan
            # accounts/dh-gov/dh-gov-weibo.yaml
            name: 东湖政务
            url: null
            # accounts/dh-rsj-jyg/dh-rsj-jyg-douyin.yaml
            platform: douyin
            # accounts/dh-jyj/dh-jyj-toutiao.yaml: deleted

        Good:

            # units/dh-new.yaml
            name: 青山市东湖区新设局
        '''), "T002")
    root = materialise(doc.bad, tmp_path / "registry")
    registry, problems = load_registry(root, use_cache=False)
    assert problems == []
    assert registry.config["profile"] == "kunshan"
    weibo = registry.account_by_id["dh-gov-weibo"].data
    assert weibo["name"] == "东湖政务" and "url" not in weibo and weibo["platform_id"] == "5821406173"
    new = registry.account_by_id["dh-rsj-jyg-douyin"].data  # from the template: the folder's unit, approved
    assert new["host_unit"] == "dh-rsj-jyg" and new["platform"] == "douyin"
    assert new["filings"][0]["approval"]["by"] == "dh-ban"
    assert "dh-jyj-toutiao" not in registry.account_by_id
    unit = materialise(doc.good, tmp_path / "good")
    assert "parent: dh-gov" in (unit / "units" / "dh-new.yaml").read_text("utf-8")


def test_deleting_a_file_the_registry_lacks_is_an_error(tmp_path: Path) -> None:
    example = Example(profile="national", today=DEFAULT_TODAY,
                      files=(parse(_doc(VALID.replace("# accounts/dh-jyj/dh-jyj-toutiao.yaml\n        filings:\n"
                                                          "          - {type: open, event_date: 2025-09-30, "
                                                          "filed_date: 2025-10-13}", "# units/dh-none.yaml: deleted")),
                                   "T003").good.files))
    with pytest.raises(ExampleError, match="dh-none"):
        materialise(example, tmp_path / "registry")


# --- rendering ----------------------------------------------------------------------------------------

def test_markdown_shows_every_rule_with_its_examples() -> None:
    page = rules_reference_markdown("licang")
    for code, spec in SPECS.items():
        doc = rule_doc(spec)
        section = page.split(f"\n## {code}\n", 1)[1].split("\n## ", 1)[0]
        assert f"```yaml\n{doc.bad.text}\n```" in section and f"```yaml\n{doc.good.text}\n```" in section
        assert section.index("错误示例 / Bad") < section.index("正确示例 / Good")
        assert "理由 / Why" in section and "依据 / Basis" in section
    fil001 = page.split("\n## FIL001\n", 1)[1].split("\n## ", 1)[0]
    assert "本配置规定 / This profile" in fil001 and "`filing_working_days` = `5`" in fil001  # licang's clause and number
    assert rules_reference_markdown("licang") == page  # deterministic


def test_markdown_escapes_text_but_keeps_code_spans() -> None:
    assert md("add parent: <id of the body>") == "add parent: &lt;id of the body&gt;"
    assert md("filed on {filed}") == r"filed on \{filed\}"  # no attribute list at the end of a block
    assert md("use `portal rules <x>` and filed_date, *not* _this_") == r"use `portal rules <x>` and filed_date, \*not\* \_this\_"
    assert md("# not a heading\n1. not a list") == "\\# not a heading\n1\\. not a list"


def test_rules_json_carries_the_parsed_docs() -> None:
    result = CliRunner().invoke(main, ["rules", "--profile", "luan", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["code"]: r for r in json.loads(result.output)["rules"]}
    assert set(rows) == set(SPECS)
    docs = rows["NAME005"]["docs"]
    assert docs["bad"]["profile"] == "luan" and docs["bad"]["files"][0]["path"] == "accounts/dh-gov/dh-gov-weibo.yaml"
    assert docs["good"]["text"] == rule_doc(SPECS["NAME005"]).good.text
