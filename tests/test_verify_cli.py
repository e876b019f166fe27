"""`portal verify` on a copy of the sample registry: the exit status says the verdict, the text and the
JSON carry the same answer as the engine, a usage error is exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import PROJECT
from tests.support.site import copy_registry

TODAY = "2026-12-01"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_registry(PROJECT / "registry", tmp_path_factory.mktemp("verify-cli"))


def run(registry: Path, *args: str) -> tuple[int, str]:
    res = CliRunner().invoke(main, ["verify", *args, "--registry", str(registry), "--today", TODAY])
    return res.exit_code, res.output


@pytest.mark.parametrize(("query", "code", "kind"), [
    ("青山发布 微博", 0, "registered"),
    ("https://weibo.com/u/5853229139", 0, "registered"),
    ("青山民政 微博", 3, "deregistered"),
    ("健康西岭 微博", 3, "deregistering"),
    ("青山气象 微博", 3, "closed"),
    ("平安东", 4, "lookalike"),
    ("东湖发布", 4, "former_name"),
    ("完全无关的名字", 4, "not_found"),
    ("https://v.douyin.com/iJ5bDq9b/", 2, "need_more"),
    ("", 2, "empty"),
])
def test_exit_status_and_json(registry: Path, query: str, code: int, kind: str) -> None:
    status, out = run(registry, query, "--json")
    assert status == code, out
    answer = json.loads(out)
    assert answer["kind"] == kind
    assert answer["report"] == (kind not in ("registered", "empty"))


def test_text_names_the_resemblance_and_how_to_report(registry: Path) -> None:
    status, out = run(registry, "平安东")
    assert status == 4
    assert "平安东湖" in out and "12377" in out and "0799-8200123" in out
    status, out = run(registry, "青山民政 微博")
    assert status == 3 and "2024-09-30" in out and "accounts/qs-mzj-wb/" in out


def test_usage_errors(registry: Path, tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["verify"]).exit_code == 2  # no query
    res = CliRunner().invoke(main, ["verify", "青山发布", "--registry", str(tmp_path / "none")])
    assert res.exit_code == 2
    res = CliRunner().invoke(main, ["verify", "青山发布", "--registry", str(registry), "--today", "2026-13-01"])
    assert res.exit_code == 2
