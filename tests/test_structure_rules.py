"""Structural rules checked by editing one field of the clean base fixture: each rule fails on the
edit and passes on the base (the base itself is asserted clean in test_validate.py)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator.check.pipeline import validate
from tests.validate_fixtures import BASE

TODAY = dt.date(2026, 11, 27)


def _edit(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    reg = tmp_path / "registry"
    shutil.copytree(BASE, reg)
    f = reg / rel
    text = f.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    f.write_text(text.replace(old, new, 1), "utf-8")
    return reg


CASES = [
    # code, file, old, new, JSON path the problem must name
    ("ACC005", "accounts/qs-gaj/qs-gaj-weibo.yaml", "url: https://weibo.com/u/2803301701",
     "url: https://weibo.example.com/u/2803301701", "url"),
    ("ACC013", "accounts/qs-gaj/qs-gaj-weibo.yaml", "opened: 2024-03-04", "opened: 2024-03-01", "opened"),
    ("ACC017", "accounts/qs-gov/qs-gov-toutiao.yaml", "successor: qs-gov-wechat", "successor: qs-gov-toutiao",
     "notices[0].successor"),
    ("ACC019", "accounts/qs-gaj/qs-gaj-weibo.yaml", "status: active", "status: active\napp:\n  ipv6: true", "app"),
    ("UNIT003", "units/qs-office.yaml", 'credit_code: "113399007317537942"', "credit_code: 1133990075579649X0",
     "credit_code"),
    ("REF003", "accounts/qs-gaj/qs-gaj-weibo.yaml", "by: qs-office", "by: qs-offic", "filings[0].approval.by"),
    ("REF004", "portal.yaml", "root_unit: qs-gov", "root_unit: qs-govv", "root_unit"),
    ("REF007", "inspections/2025-Q3/qs-2025-q3.yaml", "kind: regular", "kind: regular\nrecheck_of: qs-2025-q2",
     "recheck_of"),
    ("REF006", "units/qs-gov.yaml", "kind: government", "kind: government\nsupervisor: qs-gov", "supervisor"),
]


@pytest.mark.parametrize(("code", "rel", "old", "new", "path"), CASES, ids=[c[0] for c in CASES])
def test_rule_fails_on_the_edit(tmp_path: Path, code: str, rel: str, old: str, new: str, path: str) -> None:
    reg = _edit(tmp_path, rel, old, new)
    problems = validate(reg, today=TODAY, use_cache=False).problems
    hits = [p for p in problems if p.code == code]
    assert len(hits) == 1, problems
    assert hits[0].file == f"registry/{rel}" and hits[0].path == path
    others = [p for p in problems if p.code != code]
    assert not [p for p in others if p.file == f"registry/{rel}" and p.severity.value == "error"], others


def test_cycle_message_names_the_cycle(tmp_path: Path) -> None:
    reg = _edit(tmp_path, "units/qs-gov.yaml", "kind: government", "kind: government\nparent: qs-gaj")
    hits = [p for p in validate(reg, today=TODAY, use_cache=False).problems if p.code == "REF006"]
    assert len(hits) == 1
    assert re.search(r"qs-\w+ → qs-\w+ → qs-\w+", hits[0].message_zh)


def test_deregistering_status_is_derived_from_the_notice_dates() -> None:
    from generator.model.status import DEREGISTERED, DEREGISTERING, display_status

    account = {"status": "deregistered", "notices": [{"kind": "deregister", "published": "2025-03-03",
                                                       "effective": "2025-04-01"}]}
    assert display_status(account, "2025-03-31") == DEREGISTERING
    assert display_status(account, "2025-04-01") == DEREGISTERED
