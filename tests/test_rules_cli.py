"""`portal profiles`, `portal rules` and `portal validate` with different profiles: the same
registry gets the verdicts the documents require (a filing on the 4th working day is late in 昆山,
on time in 李沧)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from generator.check.engine import all_rules
from generator.cli import main
from tests.support.rules_cases import open_on
from tests.support.rules_kit import base, write


def _invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


def test_profiles_lists_the_six() -> None:
    code, out = _invoke("profiles")
    assert code == 0
    for name in ("national", "jiangxi", "licang", "kunshan", "baicheng", "luan"):
        assert name in out
    code, out = _invoke("profiles", "--format", "json")
    assert {r["name"] for r in json.loads(out)} == {"national", "jiangxi", "licang", "kunshan", "baicheng", "luan"}


def test_rules_lists_every_rule_with_severity_and_params() -> None:
    code, out = _invoke("rules", "--profile", "licang")
    assert code == 0
    for spec in all_rules():
        assert spec.code in out
    assert "notice_min_working_days=15" in out
    code, out = _invoke("rules", "--profile", "kunshan", "--format", "json")
    rows = {r["code"]: r for r in json.loads(out)["rules"]}
    assert rows["FIL001"]["severity"] == "error" and rows["FIL001"]["params"]["filing_working_days"] == 2
    code, out = _invoke("rules", "--profile", "luan", "--format", "markdown")
    assert code == 0 and out.startswith("# 检查规则：六安市")
    code, out = _invoke("rules", "--profile", "atlantis")
    assert code == 2 and "atlantis" in out and "Traceback" not in out


def test_rules_reads_the_registry_profile_and_overrides(tmp_path: Path) -> None:
    reg = base("kunshan")
    reg["portal"]["rule_overrides"] = {"FIL001": {"params": {"filing_working_days": 4}}}
    root = write(reg, tmp_path / "registry")
    code, out = _invoke("rules", "--registry", str(root), "--format", "json")
    data = json.loads(out)
    assert data["profile"] == "kunshan"
    assert {r["code"]: r for r in data["rules"]}["FIL001"]["params"]["filing_working_days"] == 4


def test_validate_gives_the_verdict_of_the_profile_in_force(tmp_path: Path) -> None:
    verdicts = {}
    for profile in ("kunshan", "licang"):
        reg = base(profile)
        open_on("2025-09-30", "2025-10-13")(reg)  # 4th working day after, across National Day 2025
        root = write(reg, tmp_path / profile / "registry")
        code, out = _invoke("validate", "--registry", str(root), "--today", "2026-03-02", "--format", "json", "--no-cache")
        verdicts[profile] = (code, sorted(p["code"] for p in _problems(out)))
    assert verdicts["kunshan"] == (1, ["FIL001"])
    assert verdicts["licang"] == (0, ["FBD004"])  # an info: the approved platforms are portal.yaml's to set


def test_validate_reports_an_unknown_profile(tmp_path: Path) -> None:
    root = write(base("atlantis"), tmp_path / "registry")
    code, out = _invoke("validate", "--registry", str(root), "--today", "2026-03-02", "--format", "json", "--no-cache")
    assert code == 1 and "PRF001" in [p["code"] for p in _problems(out)]


def _problems(out: str) -> list[dict]:
    data = json.loads(out)
    return data["problems"] if isinstance(data, dict) else data
