"""The shared vectors of the verification lookup (tests/data/verify_vectors.json) against the sample
registry, built for real: Python's engine (`portal verify`) meets every expectation, the browser's
engine (verify.js, run by node on the same built index) gives the very same answers, and no query reads
more than two shards."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from generator.lookup.answer import answer_from_files, lookup
from generator.lookup.index import build_index
from generator.lookup.links import find_link
from generator.model import platforms
from generator.model.urls import split_http_url
from generator.site.build import load_valid
from generator.site.public import public_data
from tests.conftest import PROJECT
from tests.support.site import build, copy_registry

VECTORS = json.loads((PROJECT / "tests/data/verify_vectors.json").read_text("utf-8"))
TODAY = VECTORS["today"]
CASES = VECTORS["vectors"]
SHARD_MAX = 20 * 1024


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("verify-vectors")
    out = base / "out"
    build(copy_registry(PROJECT / VECTORS["registry"], base), out, today=TODAY)
    return out


def read_files(site: Path) -> tuple[dict[str, Any], Any]:
    meta = json.loads((site / "api/lookup/meta.json").read_text("utf-8"))

    def shard(path: str) -> dict[str, Any]:
        return json.loads((site / path).read_text("utf-8"))

    return meta, shard


@pytest.fixture(scope="module")
def python_answers(site: Path) -> list[tuple[dict[str, Any], list[str]]]:
    meta, shard = read_files(site)
    return [answer_from_files(c["query"], meta, shard) for c in CASES]


@pytest.fixture(scope="module")
def node_answers(site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Any]]:
    queries = tmp_path_factory.mktemp("queries") / "queries.json"
    queries.write_text(json.dumps([c["query"] for c in CASES], ensure_ascii=False), "utf-8")
    run = subprocess.run(["node", str(PROJECT / "tests/support/run_verify.js"), str(site), str(queries)],
                         capture_output=True, text=True, check=True, timeout=120)
    return json.loads(run.stdout)


def check(answer: dict[str, Any], expect: dict[str, Any]) -> None:
    """Pins codes and ids, never sentences."""
    assert answer["kind"] == expect["kind"]
    ids = [m["id"] for m in answer["matches"]]
    if "ids" in expect:
        assert sorted(ids) == sorted(expect["ids"])
    if "count" in expect:
        assert len(ids) == expect["count"]
    for key in ("read", "key", "word", "reason", "exact_name_note", "check_platform"):
        if key in expect:
            assert answer[key] == expect[key], key
    if "platforms" in expect:
        assert sorted(answer["platforms"]) == sorted(expect["platforms"])
    if "matched" in expect:
        assert {m["matched"] for m in answer["matches"]} == {expect["matched"]}
    if "since" in expect:
        assert answer["matches"][0]["since"] == expect["since"]
    if "successors" in expect:  # registry accounts by id, channels outside it by name
        succ = answer["matches"][0]["successors"]
        assert [s["id"] or s["name"] for s in succ] == expect["successors"]
        if "successor_links" in expect:
            assert [s.get("url", "") for s in succ] == expect["successor_links"]
    if "elsewhere" in expect:
        assert sorted(m["id"] for m in answer["elsewhere"]) == sorted(expect["elsewhere"])
    if "former" in expect:
        assert sorted(m["id"] for m in answer["former"]) == sorted(expect["former"])
    if "unit" in expect:
        assert [u["id"] for u in answer["units"]] == [expect["unit"]]
        assert answer["units"][0]["accounts"]  # one unit: its accounts are listed
    if "resembles" in expect:
        names = [r["name"] for r in answer["resembles"]]
        assert set(expect["resembles"]) <= set(names), names
        first = next(r for r in answer["resembles"] if r["name"] == expect["resembles"][0])
        if "differences" in expect:
            assert [d["code"] for d in first["differences"]] == expect["differences"]
    if answer["kind"] != "registered":
        assert answer["report"] or answer["kind"] == "empty"  # every other answer says how to report


@pytest.mark.parametrize("n", range(len(CASES)), ids=[f"{i}-{c['note']}" for i, c in enumerate(CASES)])
def test_python_meets_the_vector(python_answers: list, n: int) -> None:
    answer, shards = python_answers[n]
    check(answer, CASES[n]["expect"])
    assert len(shards) <= 2


def test_browser_engine_gives_the_same_answers(python_answers: list, node_answers: list) -> None:
    assert len(node_answers) == len(CASES)
    differ = [(CASES[n]["query"], node_answers[n]["answer"]["kind"], python_answers[n][0]["kind"])
              for n in range(len(CASES)) if node_answers[n]["answer"] != python_answers[n][0]]
    assert differ == []
    for n, node in enumerate(node_answers):
        assert len(node["shards"]) == len(python_answers[n][1]), CASES[n]["query"]


def test_portal_verify_reads_the_same_index(site: Path, python_answers: list, tmp_path: Path) -> None:
    """The CLI answers from an index built in memory: the same as from the built files."""
    data = public_data(load_valid(copy_registry(PROJECT / VECTORS["registry"], tmp_path), TODAY))
    index = build_index(data.config, data.units, data.accounts, TODAY)
    assert [lookup(c["query"], index) for c in CASES] == [a for a, _ in python_answers]
    written = dict(index.files())
    assert (site / "api/lookup/meta.json").read_bytes() == written["api/lookup/meta.json"]


def test_every_link_form_of_the_catalogue_has_a_vector() -> None:
    links = [u for c in CASES if (u := find_link(c["query"]))]
    missing = []
    for p in platforms.catalogue().values():
        for pat in p.url_patterns:
            if not any((parts := split_http_url(u)) and parts[0] in p.hosts and pat.search(parts[0] + parts[1])
                       for u in links):
                missing.append((p.key, pat.pattern))
        for host in p.short_hosts:
            assert any(re.match(rf"https?://{re.escape(host)}/", u) for u in links), host
    assert missing == []


def test_shards_are_small(site: Path) -> None:
    meta = json.loads((site / "api/lookup/meta.json").read_text("utf-8"))
    for space in ("i", "n"):
        files = sorted((site / "api/lookup" / space).glob("*.json"))
        assert len(files) == meta["shards"][space]
        assert max(f.stat().st_size for f in files) <= SHARD_MAX
