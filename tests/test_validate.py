"""`portal validate`: the clean base fixture, every invalid fixture's declared codes and lines, and
the command line (exit status, formats, languages) through click's runner and as a subprocess."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check.pipeline import validate
from generator.cli import main
from tests.support.validate_fixtures import BASE, build_case, case_names, expectations

TODAY = dt.date(2026, 11, 27)


def test_base_fixture_is_clean() -> None:
    result = validate(BASE, today=TODAY, use_cache=False)
    assert result.problems == []
    assert result.ok


@pytest.mark.parametrize("case", case_names())
def test_invalid_fixture_reports_exactly_what_it_declares(case: str, tmp_path: Path) -> None:
    reg = build_case(case, tmp_path)
    expected = expectations(reg)
    assert expected, f"case {case} declares no expectation"
    result = validate(reg, today=TODAY, use_cache=False)
    actual = {(p.file, p.code, p.line) for p in result.problems}
    assert actual == expected
    for p in result.problems:
        assert p.message_zh and p.message_en and p.column is not None


def test_every_structural_rule_has_a_failing_fixture(tmp_path: Path) -> None:
    from generator.check.engine import all_rules

    declared: set[str] = set()
    for case in case_names():
        declared |= {code for _, code, _ in expectations(build_case(case, tmp_path / case))}
    from tests.support.structure_cases import CASES

    structural = {r.code for r in all_rules() if r.group == "structure"}
    # PORT001 has its own test below; single-field edits of the base live in test_structure_rules.py.
    missing = structural - declared - {"PORT001"} - {c[0] for c in CASES}
    assert not missing, f"structural rules without a failing fixture: {sorted(missing)}"


def test_missing_portal_config(tmp_path: Path) -> None:
    reg = build_case("parent_cycle", tmp_path)
    (reg / "portal.yaml").unlink()
    codes = {p.code for p in validate(reg, today=TODAY, use_cache=False).problems}
    assert "PORT001" in codes


def _run(args: list[str]) -> tuple[int, str]:
    res = CliRunner().invoke(main, args)
    return res.exit_code, res.output


def test_cli_exit_status_and_text_format(tmp_path: Path) -> None:
    code, out = _run(["validate", "--registry", str(BASE), "--today", "2026-11-27", "--no-cache"])  # no cache
    assert code == 0, out  # written into the source tree
    assert "通过" in out
    reg = build_case("unknown_host_unit", tmp_path)
    code, out = _run(["validate", "--registry", str(reg), "--today", "2026-11-27"])
    assert code == 1
    line = next(ln for ln in out.splitlines() if "REF001" in ln)
    assert line.startswith("registry/accounts/qs-nope/qs-nope-douyin.yaml:7:")
    assert "错误 REF001" in line and "qs-nope" in line and "（" in line
    code, out = _run(["validate", "--registry", str(reg), "--today", "2026-11-27", "--lang", "en"])
    assert "error REF001 the referenced unit “qs-nope” does not exist" in out


def test_cli_json_and_github_formats(tmp_path: Path) -> None:
    reg = build_case("inspection_problems", tmp_path)
    code, out = _run(["validate", "--registry", str(reg), "--today", "2026-11-27", "--format", "json"])
    assert code == 1
    items = json.loads(out)
    assert {i["code"] for i in items} == {"REF005", "INSP001"}
    first = items[0]
    assert set(first) >= {"code", "severity", "file", "line", "column", "path", "message", "hint"}
    assert first["file"] == "registry/inspections/2025-Q4/qs-2025-q4.yaml"
    code, out = _run(["validate", "--registry", str(reg), "--today", "2026-11-27", "--format", "github"])
    ann = [ln for ln in out.splitlines() if ln.startswith("::error ")]
    assert len(ann) == 2
    assert ann[0].startswith("::error file=registry/inspections/2025-Q4/qs-2025-q4.yaml,line=12,col=")


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _ = _run(["validate", "--registry", str(tmp_path / "missing")])
    assert code == 2
    code, out = _run(["validate", "--registry", str(BASE), "--today", "27/11/2026"])
    assert code == 2 and "YYYY-MM-DD" in out


def test_cli_as_a_real_subprocess(tmp_path: Path) -> None:
    reg = build_case("duplicate_platform_id", tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "generator", "validate", "--registry", str(reg), "--today", "2026-11-27"],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "ACC004" in proc.stdout and "Traceback" not in proc.stderr


def test_console_exit_skips_teardown_but_never_loses_output(tmp_path: Path) -> None:
    """The console entry ends with os._exit (commands._common.finish): a piped, block-buffered report
    must still arrive whole, with the right exit status."""
    reg = build_case("duplicate_platform_id", tmp_path)
    for run in ("cold", "warm: from the run cache"):
        proc = subprocess.run(
            [sys.executable, "-m", "generator", "validate", "--registry", str(reg), "--today", "2026-11-27",
             "--format", "json"], capture_output=True, cwd=tmp_path, timeout=120,
        )
        assert proc.returncode == 1, (run, proc.stderr)
        problems = json.loads(proc.stdout)
        assert any(p["code"] == "ACC004" for p in problems)


def test_run_cache_returns_the_same_problems_and_sees_every_edit(tmp_path: Path) -> None:
    reg = build_case("unknown_host_unit", tmp_path)
    cold = validate(reg, today=TODAY)
    warm = validate(reg, today=TODAY)
    assert [p.to_json() for p in warm.problems] == [p.to_json() for p in cold.problems]
    assert {p.code for p in warm.problems} == {"REF001"}
    assert warm.registry.account_by_id["qs-nope-douyin"].data["host_unit"] == "qs-nope"
    # Another `today` is another run.
    assert validate(reg, today=dt.date(2024, 3, 4)).problems != cold.problems
    # An edit in the same process (as under `portal serve`) is seen at once.
    f = reg / "accounts/qs-nope/qs-nope-douyin.yaml"
    f.write_text(f.read_text("utf-8").replace("status: active", "status: closed"), "utf-8")
    codes = {p.code for p in validate(reg, today=TODAY).problems}
    assert codes == {"REF001", "ACC014"}
    f.unlink()
    assert validate(reg, today=TODAY).problems == []
