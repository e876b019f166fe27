"""The lookalike corpus (tests/support/lookalikes.py) made from the sample registry: no variant is ever
answered 已备案 (or any answer about a registered account), each is answered 名称相近 naming the name it
imitates, with what differs; and verify.js answers every variant the same way."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest

from generator.lookup.answer import lookup
from generator.lookup.index import build_index
from generator.site.build import load_valid
from generator.site.public import public_data
from tests.conftest import PROJECT
from tests.support.lookalikes import corpus
from tests.support.site import build, copy_registry

TODAY = "2026-12-01"
# How each kind of variant is told from its original (the codes the answer must carry).
EXPECTED_CODE = {"traditional": "traditional", "confusable": "confusable", "hidden": "hidden", "extra_word": "extra_word",
                 "removed": "removed", "replaced": "replaced", "added": "added"}


@pytest.fixture(scope="module")
def setting(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, list[tuple[str, str, str]]]:
    reg = copy_registry(PROJECT / "registry", tmp_path_factory.mktemp("lookalike-registry"))
    data = public_data(load_valid(reg, TODAY))
    return build_index(data.config, data.units, data.accounts, TODAY), corpus(data)


def test_the_corpus_is_large_and_covers_every_kind(setting: tuple[Any, list]) -> None:
    _, variants = setting
    assert len(variants) > 800
    assert {how for _, how, _ in variants} == set(EXPECTED_CODE)


def test_no_lookalike_is_answered_registered_and_each_names_its_original(setting: tuple[Any, list]) -> None:
    index, variants = setting
    wrong = []
    for variant, how, original in variants:
        a = lookup(variant, index)
        names = {r["name"]: r for r in a["resembles"]}
        if a["kind"] != "lookalike" or a["matches"] or original not in names:
            wrong.append((variant, how, original, a["kind"], sorted(names)))
            continue
        codes = {d["code"] for d in names[original]["differences"]}
        if EXPECTED_CODE[how] not in codes:
            wrong.append((variant, how, original, "differences", sorted(codes)))
    assert wrong == []


def test_the_browser_engine_answers_the_corpus_alike(setting: tuple[Any, list], tmp_path_factory: pytest.TempPathFactory) -> None:
    index, variants = setting
    base = tmp_path_factory.mktemp("lookalike-site")
    build(copy_registry(PROJECT / "registry", base), base / "out", today=TODAY)
    queries = base / "queries.json"
    queries.write_text(json.dumps([v for v, _, _ in variants], ensure_ascii=False), "utf-8")
    run = subprocess.run(["node", str(PROJECT / "tests/support/run_verify.js"), str(base / "out"), str(queries)],
                         capture_output=True, text=True, check=True, timeout=300)
    node = [r["answer"] for r in json.loads(run.stdout)]
    differ = [v for (v, _, _), answer in zip(variants, node, strict=True) if answer != lookup(v, index)]
    assert differ == []


def test_corpus_builder_sees_registered_names(setting: tuple[Any, list]) -> None:
    """The control: an unchanged name is not in the corpus, and answers 已备案."""
    index, variants = setting
    names = {v for v, _, _ in variants}
    assert "青山发布" not in names and lookup("青山发布", index)["kind"] == "registered"
