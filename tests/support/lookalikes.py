"""A corpus of counterfeit names made from a registry's account names, each with the name it imitates:
traditional and lookalike characters, a Kangxi radical, hidden characters, extra words, and every one
character added, removed or replaced. A variant that is itself a registered name, former name,
verification text or unit name is left out (the lookup answers it as that)."""

from __future__ import annotations

import importlib.util
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

from generator.lookup.normalise import Tables, light, read_platform_word, skeleton
from generator.model import chars


@cache
def _s2t() -> dict[str, str]:
    spec = importlib.util.find_spec("opencc_purepy")
    assert spec and spec.origin
    out = {}
    for line in (Path(spec.origin).parent / "dicts" / "STCharacters.txt").read_text("utf-8").splitlines():
        simp, _, trad = line.partition("\t")
        first = trad.split(" ")[0]
        if len(simp) == 1 and len(first) == 1 and first != simp:
            out[simp] = first
    return out


@cache
def _imitations() -> dict[str, str]:
    """standard character → a character that imitates it (lookalike ideographs, Kangxi radicals)."""
    out = {std: var for var, std in chars.LOOKALIKE_HAN.items()}
    for cp in range(0x2F00, 0x2FD6):  # Kangxi radicals
        std = unicodedata.normalize("NFKC", chr(cp))
        out.setdefault(std, chr(cp))
    return out


def variants(name: str) -> list[tuple[str, str]]:
    """(variant, how) for one registered name."""
    out: list[tuple[str, str]] = []
    s2t, imit = _s2t(), _imitations()
    trad = "".join(s2t.get(c, c) for c in name)
    if trad != name:
        out.append((trad, "traditional"))
    for i, c in enumerate(name):
        if c in imit:
            out.append((name[:i] + imit[c] + name[i + 1:], "confusable"))
            break
    mid = len(name) // 2
    out += [(name[:mid] + "\u200b" + name[mid:], "hidden"), (name + "\u2060", "hidden"), ("\u202e" + name, "hidden"),
            (name + "官方", "extra_word"), ("官方" + name, "extra_word"), (name + "官微", "extra_word"),
            (name[:mid] + "认证" + name[mid:], "extra_word")]
    if "发布" in name:
        out.append((name.replace("发布", "发布厅"), "extra_word"))
    for i in range(len(name)):
        out.append((name[:i] + name[i + 1:], "removed"))
        out.append((name[:i] + "囗" + name[i + 1:], "replaced"))
    for i in range(len(name) + 1):
        out.append((name[:i] + "网" + name[i:], "added"))
    return out


def corpus(registry: Any) -> list[tuple[str, str, str]]:
    """(variant, how, original) for every account name of the public data."""
    tables = Tables.build()
    exact: set[str] = set()
    for a in registry.accounts:
        exact.update(light(t) for t in (a["name"], a.get("verification_text") or "", *(a.get("former_names") or ())) if t)
    for u in registry.units:
        exact.update(light(t) for t in (u["name"], *(u.get("short_names") or ())))
    rests = {read_platform_word(e, tables)[0] for e in exact}
    out = []
    for name in sorted({a["name"] for a in registry.accounts}):
        for variant, how in variants(name):
            lv = light(variant)
            rest = read_platform_word(lv, tables)[0]
            if lv in exact or rest in rests or len(skeleton(rest, tables)) < 3:
                continue
            out.append((variant, how, name))
    return out
