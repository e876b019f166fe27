"""Structural rules checked by editing one field of the clean base fixture: each rule fails on the
edit and passes on the base (the base itself is asserted clean in test_validate.py)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from generator.check.pipeline import validate
from tests.support.structure_cases import CASES
from tests.support.validate_fixtures import BASE

TODAY = dt.date(2026, 11, 27)


def _edit(tmp_path: Path, rel: str, old: str, new: str) -> Path:
    reg = tmp_path / "registry"
    shutil.copytree(BASE, reg)
    f = reg / rel
    text = f.read_text("utf-8")
    assert old in text, f"{old!r} not in {rel}"
    f.write_text(text.replace(old, new, 1), "utf-8")
    return reg




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
