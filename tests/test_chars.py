"""Hidden and lookalike characters (model.chars): what is reported, and the one-scan filter that
answers most texts agrees with the character-by-character reading on every code point."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from generator.model.chars import classify, suspects, suspicious


@pytest.mark.parametrize(("text", "kind", "standard"), [
    ("靑山发布", "variant", "青"), ("青山巿场监管", "variant", "市"), ("青山\u200b发布", "hidden", ""),
    ("青山发布\u202e", "hidden", ""), ("青\u0301山", "combining", ""), ("青山\u3164发布", "hidden", ""),
    ("青山⾭", "variant", "青"), ("Аpp青山", "script", "A"), ("青山发布\ufe0f", "combining", ""),
])
def test_each_disguise_is_named(text: str, kind: str, standard: str) -> None:
    (s,) = suspicious(text)
    assert (s.kind, s.standard) == (kind, standard) and text[s.index] == s.char


@pytest.mark.parametrize("text", ["青山发布", "青山市公安局（官方）", "ＡＰＰ", "青山·发布", "第１期", "app"])
def test_official_names_pass(text: str) -> None:
    assert suspicious(text) == []


def test_the_filter_never_drops_what_the_slow_reading_reports() -> None:
    known = suspects()
    for cp in range(0x80, sys.maxunicode + 1):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        ch = chr(cp)
        if classify(ch):
            assert ch in known, f"U+{cp:04X}"


def test_the_stored_suspects_are_the_computed_ones() -> None:
    """suspect_chars.txt saves computing the set on every run; it must say what the code computes
    (regenerate it with `python -m generator.model.chars` after changing the lists or Python)."""
    from generator.model import chars

    head = chars.SUSPECTS_FILE.read_text("ascii").partition("\n")[0]
    assert head.split()[-1] == unicodedata.unidata_version
    assert chars.suspects() == chars.compute_suspects()
