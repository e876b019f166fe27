"""How a name is read (docs/verify.md, "Names"): the light normalisation that decides 已备案, the platform
word a query may end with, and the skeleton on which lookalikes are found.

Everything here is data plus a few loops, so that verify.js can do exactly the same: the tables are
built once (`Tables.build`) from the platform catalogue, model.chars and OpenCC's character table, and
written into the index's meta file for the browser. The functions take the tables as an argument.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from generator.model import chars, platforms

# Characters a person adds around a name when quoting or mentioning it: removed by the light
# normalisation (so `@青山发布`, `「青山发布」` and `“青山发布”` read as 青山发布), after NFKC.
DECORATION = "@#「」『』《》〈〉“”‘’\"'【】"
# White space, explicitly (Python's str.isspace and JavaScript's \s differ at the edges).
SPACES = "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
# Words a counterfeit adds to an official name to look more official (青山发布官方, 平安东湖官微): the
# skeleton drops them, longest first. WORD_VARIANTS are words it lengthens (发布厅 for 发布).
EXTRA_WORDS = ("官方账号", "官方号", "官方", "官微", "官号", "认证", "服务号", "订阅号")
WORD_VARIANTS = {"发布厅": "发布"}
# A name that is not read off a trailing platform word keeps at least this many characters.
MIN_REST = 2
# NFKC would turn these into the ideographs they imitate: the light normalisation keeps them as they
# are (a name written with the Kangxi radical ⾭ is not 青山发布), the skeleton folds them.
COMPAT_RANGES = ((0x2E80, 0x2FDF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F))


def _compat(cp: int) -> bool:
    return 0x2E80 <= cp <= 0x2FDF or 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F  # COMPAT_RANGES


def light(text: str) -> str:
    """NFKC (width: ＡＢ → ab), lower case, spaces and decoration removed; compatibility ideographs and
    radicals are kept as they are, hidden characters too (the skeleton removes them)."""
    return "".join(map(_light_char, text))


@lru_cache(maxsize=65536)
def _light_char(ch: str) -> str:
    folded = ch if _compat(ord(ch)) else unicodedata.normalize("NFKC", ch)
    return "".join(c for c in folded.lower() if c not in SPACES and c not in DECORATION)


def _hidden_chars() -> list[tuple[int, int]]:
    """Code point ranges of the characters the skeleton removes: format characters (zero-width, bidi
    controls, tags), combining marks, and the blanks model.chars names."""
    extra = {ord(c) for c in (*chars._HANGUL_FILLERS, *chars._INVISIBLE_OTHER)}
    ranges: list[tuple[int, int]] = []
    for cp in range(0x80, 0xE1000):
        if 0x20000 <= cp < 0xE0000:
            continue
        if cp in extra or unicodedata.category(chr(cp)) in ("Cf", "Mn", "Me"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return ranges


def _t2s_table() -> dict[str, str]:
    """OpenCC's traditional → simplified characters (its first choice), as opencc-purepy ships them."""
    spec = importlib.util.find_spec("opencc_purepy")
    assert spec and spec.origin
    table = Path(spec.origin).parent / "dicts" / "TSCharacters.txt"
    out = {}
    for line in table.read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t", 1)
            first = simp.split(" ")[0]
            if len(trad) == 1 and len(first) == 1 and first != trad:
                out[trad] = first
    return out


@cache
def _base_tables() -> tuple[tuple[tuple[int, int], ...], dict[str, str], dict[str, str]]:
    """(hidden ranges, confusable folds, traditional → simplified): the registry-independent part."""
    folds: dict[str, str] = {}
    for lo, hi in COMPAT_RANGES:
        for cp in range(lo, hi + 1):
            ch = chr(cp)
            std = chars._compat_fold(ch)
            if std is not None and len(std) == 1:
                folds[ch] = std
    folds.update(chars.LOOKALIKE_HAN)
    for k, v in chars._CROSS_SCRIPT.items():
        folds[k.lower()] = v.lower()
    return tuple(_hidden_chars()), folds, _t2s_table()


@dataclass(frozen=True)
class Tables:
    """Everything a name is read with; `meta()` is what verify.js receives."""

    hidden: tuple[tuple[int, int], ...]
    folds: dict[str, str]  # confusable → standard
    t2s: dict[str, str]  # traditional → simplified (restricted to the characters registered names use)
    words: dict[str, tuple[str, ...]]  # light platform word → platform keys it filters to
    _folded: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # char → skeleton char ("" hidden)
    _lengths: list[int] = field(default_factory=list, compare=False, repr=False)  # platform word lengths, longest first

    @classmethod
    def build(cls, used: set[str] | None = None) -> Tables:
        """`used`: the characters of the registry's names; the traditional table keeps the entries
        that map to one of them (another could not make a query match a registered name)."""
        hidden, folds, t2s = _base_tables()
        if used is not None:
            t2s = {t: s for t, s in t2s.items() if s in used}
        return cls(hidden=hidden, folds=folds, t2s=t2s, words=platform_words())

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Tables:
        return cls(hidden=tuple((a, b) for a, b in meta["hidden"]), folds=dict(meta["folds"]),
                   t2s=dict(meta["t2s"]), words={k: tuple(v) for k, v in meta["words"].items()})

    def meta(self) -> dict[str, Any]:
        return {"hidden": [list(r) for r in self.hidden], "folds": dict(sorted(self.folds.items())),
                "t2s": dict(sorted(self.t2s.items())), "words": {k: list(v) for k, v in sorted(self.words.items())},
                "decoration": DECORATION, "spaces": SPACES, "extra_words": list(EXTRA_WORDS),
                "word_variants": dict(WORD_VARIANTS), "compat_ranges": [list(r) for r in COMPAT_RANGES],
                "min_rest": MIN_REST}

    def is_hidden(self, ch: str) -> bool:
        cp = ord(ch)
        lo, hi = 0, len(self.hidden)
        while lo < hi:
            mid = (lo + hi) // 2
            a, b = self.hidden[mid]
            if cp < a:
                hi = mid
            elif cp > b:
                lo = mid + 1
            else:
                return True
        return False


def platform_words() -> dict[str, tuple[str, ...]]:
    """Every platform word (light form) → the platforms a query ending in it is filtered to: an alias
    or the platform's name gives its family (公众号 → both WeChat official-account kinds), a kind word
    every platform of that kind (客户端 → every app)."""
    cat = platforms.catalogue()
    order = list(cat)
    out: dict[str, set[str]] = {}
    for p in cat.values():
        family = {q.key for q in cat.values() if q.family == p.family}
        for word in (p.zh, *p.aliases):
            out.setdefault(light(word), set()).update(family)
    for kind, words in platforms.kind_words().items():
        members = {q.key for q in cat.values() if q.kind == kind}
        for word in words:
            out[light(word)] = set(members)
    return {w: tuple(sorted(keys, key=order.index)) for w, keys in sorted(out.items()) if w}


def read_platform_word(name: str, tables: Tables) -> tuple[str, str, tuple[str, ...]]:
    """(rest, word, platforms): the longest platform word the light name ends with, when at least
    MIN_REST characters remain before it; else (name, "", ())."""
    if not tables._lengths:
        tables._lengths.extend(sorted({len(w) for w in tables.words}, reverse=True))
    for n in tables._lengths:
        if len(name) - n >= MIN_REST and name[-n:] in tables.words:
            return name[:-n], name[-n:], tables.words[name[-n:]]
    return name, "", ()


def fold_char(ch: str, tables: Tables) -> str:
    """A character's standard form: confusable → standard, then traditional → simplified."""
    ch = tables.folds.get(ch, ch)
    return tables.t2s.get(ch, ch)


def _drop_words(text: str) -> str:
    for variant, standard in WORD_VARIANTS.items():
        text = text.replace(variant, standard)
    for word in EXTRA_WORDS:  # longest first
        if word in text and len(text) > len(word):
            text = text.replace(word, "")
    return text


def skeleton(name: str, tables: Tables) -> str:
    """The skeleton of a light name: hidden characters removed, confusables and traditional characters
    folded, extra words dropped. Equal skeletons, or skeletons one edit apart, look alike."""
    cache = tables._folded
    out = []
    for ch in name:
        f = cache.get(ch)
        if f is None:
            f = cache[ch] = "" if tables.is_hidden(ch) else fold_char(ch, tables)
        out.append(f)
    return _drop_words("".join(out))


def differences(query: str, registered: str, tables: Tables) -> list[dict[str, str]]:
    """What tells a light query name from a registered one it resembles, in reading order: hidden
    characters, confusables, traditional characters, extra words, then the one edit left."""
    out: list[dict[str, str]] = []
    for ch in query:
        if tables.is_hidden(ch):
            out.append({"code": "hidden", "char": f"U+{ord(ch):04X}"})
        elif ch in tables.folds and ch not in registered:
            out.append({"code": "confusable", "from": ch, "to": tables.folds[ch]})
        elif ch in tables.t2s and ch not in registered:
            out.append({"code": "traditional", "from": ch, "to": tables.t2s[ch]})
    folded = "".join(fold_char(ch, tables) for ch in query if not tables.is_hidden(ch))
    for variant, standard in WORD_VARIANTS.items():
        if variant in folded and variant not in registered:
            out.append({"code": "extra_word", "text": variant.replace(standard, "", 1)})
        folded = folded.replace(variant, standard)
    for word in EXTRA_WORDS:  # longest first, as the skeleton drops them
        if word in folded and len(folded) > len(word):
            if word not in registered:
                out.append({"code": "extra_word", "text": word})
            folded = folded.replace(word, "")
    out += edit(skeleton(query, tables), skeleton(registered, tables))
    return out


def edit(q: str, n: str) -> list[dict[str, str]]:
    """The one edit from skeleton n to skeleton q ([] when equal); raises ValueError beyond one."""
    if q == n:
        return []
    if len(q) == len(n):
        diff = [i for i in range(len(q)) if q[i] != n[i]]
        if len(diff) == 1:
            return [{"code": "replaced", "from": n[diff[0]], "to": q[diff[0]]}]
    elif abs(len(q) - len(n)) == 1:
        longer, shorter = (q, n) if len(q) > len(n) else (n, q)
        i = 0
        while i < len(shorter) and longer[i] == shorter[i]:
            i += 1
        if longer[i + 1:] == shorter[i:]:
            return [{"code": "added" if longer is q else "removed", "char": longer[i]}]
    raise ValueError("more than one edit")


def within_one_edit(q: str, n: str) -> bool:
    try:
        edit(q, n)
    except ValueError:
        return False
    return True

