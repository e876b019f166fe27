"""The bundled sample registry (青山市) loads without a problem and passes `portal validate` clean."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check import credit_code
from generator.cli import main
from generator.load.registry import load_registry
from generator.model import platforms, status

SAMPLE = Path(__file__).resolve().parent.parent / "registry"
TODAY = "2026-11-27"


@pytest.fixture(scope="module")
def sample():
    reg, problems = load_registry(SAMPLE, use_cache=False)
    return reg, problems


def test_loads_without_problems(sample) -> None:
    reg, problems = sample
    assert problems == []
    assert reg.portal is not None and reg.portal.data["profile"] == "kunshan"
    assert len(reg.units) >= 40 and len(reg.accounts) >= 150
    assert {i.data["period"] for i in reg.inspections} >= {"2026-Q2", "2026-Q3"}


def test_every_record_names_its_schema() -> None:
    for path in sorted(SAMPLE.rglob("*.yaml")):
        first = path.read_text("utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../"), path
        target = first.split("=", 1)[1]
        assert (path.parent / target).resolve().is_file(), path


def test_covers_every_platform_and_the_interesting_cases(sample) -> None:
    reg, _ = sample
    accounts = [a.data for a in reg.accounts]
    assert {a["platform"] for a in accounts} == set(platforms.catalogue())
    groups = Counter(n["group"] for a in accounts for n in a.get("notices", ()) if "group" in n)
    assert max(groups.values()) >= 3  # one notice covering several accounts
    shown = Counter(status.display_status(a, TODAY) for a in accounts)
    assert shown[status.DEREGISTERING] >= 1 and shown[status.DEREGISTERED] >= 3 and shown[status.CLOSED] >= 1
    assert any(n.get("successor") for a in accounts for n in a.get("notices", ()))
    assert any(a.get("former_names") for a in accounts)
    assert any("operator" in a for a in accounts) and any("app" in a for a in accounts)
    assert all(a["private"]["contacts"] for a in accounts)
    assert any(u.data["kind"] == "internal" and u.data.get("parent") for u in reg.units)
    failures = [r for i in reg.inspections for r in i.data["results"] if r.get("vetoes") or r.get("deductions")]
    assert {f["item"] for r in failures for f in r.get("vetoes", []) + r.get("deductions", [])} >= {
        "no_update_2w", "naming", "verification", "update_delay"}


def test_credit_codes_are_valid_and_unique(sample) -> None:
    reg, _ = sample
    codes = [u.data["credit_code"] for u in reg.units if "credit_code" in u.data]
    assert codes and all(credit_code.is_valid(c) for c in codes)
    assert len(set(codes)) == len(codes)


def test_path_is_identity_and_ids_unique(sample) -> None:
    reg, _ = sample
    for a in reg.accounts:
        p = Path(a.file)
        assert p.stem == a.id and p.parent.name == a.data["host_unit"]
    ids = [a.id for a in reg.accounts]
    assert len(ids) == len(set(ids))
    pids = [(platforms.get(a.data["platform"]).family, a.data["platform_id"]) for a in reg.accounts]
    assert len(pids) == len(set(pids))
    for a in reg.accounts:
        assert platforms.get(a.data["platform"]).id_matches(a.data["platform_id"]), a.id


def test_portal_validate_passes() -> None:
    result = CliRunner().invoke(main, ["validate", "--registry", str(SAMPLE), "--today", TODAY, "--no-cache"])
    assert result.exit_code == 0, result.output
