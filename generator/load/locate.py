"""Placing a problem: the line and column of a JSON path in a record file.

A file that loaded is placed on the node tree libyaml composes in C (much cheaper than the exact
path's tree); a file libyaml refuses on the exact path's tree. tests/test_locate.py proves both
place every node alike.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

import yaml

from generator.load.read import SIZE_LIMITS
from generator.load.yaml.exact import ExactDoc, load_exact
from generator.load.yaml.text import YamlIssue, decode

_SEGMENT = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def parse_json_path(json_path: str) -> tuple[str | int, ...]:
    """`filings[2].filed_date` → ("filings", 2, "filed_date")"""
    return tuple(int(m.group(1)) if m.group(1) is not None else m.group(2) for m in _SEGMENT.finditer(json_path))


@functools.lru_cache(maxsize=32)
def _exact(path: str, size: int, mtime_ns: int) -> ExactDoc | None:
    try:
        with open(path, "rb") as f:
            raw = f.read(SIZE_LIMITS["inspection"] + 1)
        return load_exact(decode(raw, SIZE_LIMITS["inspection"]))
    except (OSError, YamlIssue):
        return None


@functools.lru_cache(maxsize=32)
def _composed(path: str, size: int, mtime_ns: int) -> yaml.Node | None:
    """The node tree libyaml composes in C, with marks."""
    try:
        with open(path, "rb") as f:
            raw = f.read(SIZE_LIMITS["inspection"] + 1)
        return yaml.compose(decode(raw, SIZE_LIMITS["inspection"]), Loader=yaml.CSafeLoader)
    except (OSError, YamlIssue, yaml.YAMLError, RecursionError):
        return None


def locate_composed(root: yaml.Node, path: tuple[str | int, ...]) -> tuple[int, int]:
    """As ExactDoc.locate: the node at path or its nearest existing parent; a collection under a key
    is placed at its key."""
    node, key_mark = root, None
    for seg in path:
        if isinstance(node, yaml.MappingNode) and isinstance(seg, str):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == seg:
                    node, key_mark = v, k.start_mark
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(seg, int) and 0 <= seg < len(node.value):
            node, key_mark = node.value[seg], None
        else:
            break
    mark = key_mark if key_mark is not None and isinstance(node, yaml.CollectionNode) else node.start_mark
    return mark.line + 1, mark.column + 1


def locate(file: Path, json_path: str) -> tuple[int, int] | None:
    """(line, column) of the node at json_path in file; the nearest existing parent when the key is
    missing; None when the file cannot be read or is not valid YAML."""
    try:
        st = os.stat(file)
    except OSError:
        return None
    tree = _composed(str(file), st.st_size, st.st_mtime_ns)
    if tree is not None:
        return locate_composed(tree, parse_json_path(json_path))
    doc = _exact(str(file), st.st_size, st.st_mtime_ns)
    if doc is None:
        return None
    return doc.locate(parse_json_path(json_path))
