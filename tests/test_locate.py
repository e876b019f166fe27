"""Placing a problem: the C-composed node tree (cheap) and the exact path's tree (the authority)
put every node of every loadable file, and every missing child of it, at the same line and column."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.load.locate import locate_composed
from generator.load.yaml.exact import load_exact
from generator.load.yaml.text import YamlIssue, decode

PROJECT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p for base in (PROJECT / "registry", PROJECT / "tests" / "fixtures") for p in base.rglob("*.yaml")
    if ".portal-cache" not in p.parts
)


def _loadable(path: Path) -> tuple[object, yaml.Node] | None:
    try:
        text = decode(path.read_bytes(), 8 * 1024 * 1024)
        doc = load_exact(text)
    except YamlIssue:
        return None
    return doc, yaml.compose(text, Loader=yaml.CSafeLoader)


# Files the loader rejects carry their own positions: nothing is ever placed in them.
LOADABLE = [f for f in FILES if _loadable(f) is not None]


def test_there_are_files_to_compare() -> None:
    assert len(LOADABLE) > 200


@pytest.mark.parametrize("path", LOADABLE, ids=[str(f.relative_to(PROJECT)) for f in LOADABLE])
def test_both_trees_place_every_node_alike(path: Path) -> None:
    loaded = _loadable(path)
    assert loaded is not None
    doc, tree = loaded
    for p in doc.values:  # type: ignore[attr-defined]
        for probe in (p, (*p, "no_such_key"), (*p, 10_000)):
            assert locate_composed(tree, probe) == doc.locate(probe), (path, probe)  # type: ignore[attr-defined]
