"""A problem as a supervisor's sheet or a published notice words it, mapped to an item of the rubric by
the phrases each item lists (generator/check/rubrics/*.yaml): the item whose longest phrase the text
contains wins; two items tied on their longest phrase leave the problem unmapped, naming both. The
category column (分类: a group or item title such as 内容不更新) is tried when the problem itself maps to
nothing."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from generator.check.rubrics import Item, Rubric

_NOISE = re.compile(r"[\s\"'“”‘’「」『』《》〈〉·]+")
_SPLIT = re.compile(r"[；;\n]+|。(?=.)")


def _norm(text: str) -> str:
    return _NOISE.sub("", unicodedata.normalize("NFKC", text)).lower()


@dataclass(frozen=True)
class Mapped:
    item: Item | None
    phrase: str = ""  # the phrase that decided
    ties: tuple[str, ...] = ()  # item keys tied on the longest phrase (unmapped)


def _phrases(rubric: Rubric) -> list[tuple[str, Item]]:
    out = []
    groups: dict[str, list[Item]] = {}
    for item in rubric.items.values():
        for p in (*item.phrases, item.title_zh):
            out.append((_norm(p), item))
        groups.setdefault(_norm(item.group_zh), []).append(item)
    out += [(g, items[0]) for g, items in groups.items() if len(items) == 1]  # a group with one item names it
    return out


def map_text(text: str, rubric: Rubric) -> Mapped:
    """The item `text` names, by its longest contained phrase."""
    t = _norm(text)
    if not t:
        return Mapped(None)
    best: dict[str, tuple[int, str, Item]] = {}
    for phrase, item in _phrases(rubric):
        if phrase and phrase in t:
            got = best.get(item.key)
            if got is None or len(phrase) > got[0]:
                best[item.key] = (len(phrase), phrase, item)
    if not best:
        return Mapped(None)
    top = max(n for n, _, _ in best.values())
    leaders = [(p, i) for n, p, i in best.values() if n == top]
    if len(leaders) > 1:
        return Mapped(None, "", tuple(sorted(i.key for _, i in leaders)))
    return Mapped(leaders[0][1], leaders[0][0])


def map_problem(problem: str, category: str, rubric: Rubric) -> Mapped:
    got = map_text(problem, rubric)
    if got.item is None and not got.ties and category:
        return map_text(category, rubric)
    return got


def split_problems(cell: str) -> list[str]:
    """The problems of one cell: separated by ；, ; or line breaks (、 belongs to phrases such as 安全、泄密)."""
    return [p.strip(" 。.，,") for p in _SPLIT.split(cell) if p.strip(" 。.，,")]
