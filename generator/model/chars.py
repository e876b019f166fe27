"""Characters that hide, or pass for other characters, in a name.

Counterfeit accounts copy an official name with a character the eye does not see (a zero-width space,
a bidi control, a Hangul filler) or one that looks like the original (靑 for 青, 巿 for 市, the Kangxi
radical ⾭, a Cyrillic а for a Latin a). An official name never needs one. `suspicious(text)` names
each such character with what it imitates; the rules refuse them in names and verification texts.

Lookalikes come from Unicode's compatibility decomposition (NFKC folds CJK compatibility ideographs
and Kangxi and CJK radicals to ideographs; full-width forms are left alone: they are how Chinese text
is typed) and from a short reviewed list of near-identical ideographs no table covers.
"""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path
from typing import NamedTuple

# Visible in no font, or used only to disguise text.
_HANGUL_FILLERS = {"\u115f", "\u1160", "\u3164", "\uffa0"}
_INVISIBLE_OTHER = {"\u2800", "\u180e", "\u034f"}  # braille blank, Mongolian vowel separator, grapheme joiner

# Ideographs that look (nearly) the same as a mainland standard character yet are other characters:
# Japanese and old or Taiwan/Hong Kong forms a counterfeit can slip into a name. Variant → standard.
# Only near-identical glyphs: a traditional character that looks different is not a disguise.
LOOKALIKE_HAN = {
    "靑": "青", "淸": "清", "巿": "市", "戸": "户", "戶": "户", "呉": "吴", "吳": "吴", "黒": "黑", "徳": "德",
    "姫": "姬", "兎": "兔", "眞": "真", "內": "内", "彥": "彦", "旣": "既", "卽": "即", "敎": "教",
}
# Letters of other scripts that look like Latin letters (the part of names written in Latin: APP, E).
_CROSS_SCRIPT = {
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "і": "i", "ј": "j", "ѕ": "s",
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ј": "J", "Ѕ": "S", "α": "a", "ο": "o", "ρ": "p", "ν": "v", "Α": "A", "Β": "B",
    "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T",
    "Υ": "Y", "Χ": "X",
}


class Suspect(NamedTuple):
    index: int  # position in the text
    char: str
    kind: str  # hidden | combining | variant | script
    standard: str  # what it imitates ("" for a hidden character)

    @property
    def code(self) -> str:
        return f"U+{ord(self.char):04X}"


def _compat_fold(ch: str) -> str | None:
    """The ideograph a compatibility ideograph or a radical folds to under NFKC, if any."""
    o = ord(ch)
    if 0x2E80 <= o <= 0x2FDF or 0xF900 <= o <= 0xFAFF or 0x2F800 <= o <= 0x2FA1F:
        folded = unicodedata.normalize("NFKC", ch)
        return LOOKALIKE_HAN.get(folded, folded) if folded != ch else None
    return None


SUSPECTS_FILE = Path(__file__).with_name("suspect_chars.txt")


@cache
def suspects() -> frozenset[str]:
    """Every character `suspicious` may report, in the planes that hold format characters and marks
    (the first two and the tags plane): a text that shares none with it is answered by one C-level
    pass (set.isdisjoint), without looking at each character in Python. Read from SUSPECTS_FILE when
    it was made with this Python's Unicode data (computing it takes a third of a second), else computed."""
    try:
        head, _, body = SUSPECTS_FILE.read_text("ascii").partition("\n")
    except OSError:
        head, body = "", ""
    if head.split()[-1:] == [unicodedata.unidata_version]:
        return frozenset(chr(int(x, 16)) for x in body.split())
    return compute_suspects()


def compute_suspects() -> frozenset[str]:
    """`suspects()`, from the Unicode data of the running Python and the lists above."""
    out = {chr(cp) for lo, hi in ((0x80, 0x20000), (0xE0000, 0xE1000)) for cp in range(lo, hi)
           if unicodedata.category(chr(cp)) in ("Cf", "Mn", "Me") or _compat_fold(chr(cp)) is not None}
    out.update(_HANGUL_FILLERS, _INVISIBLE_OTHER, LOOKALIKE_HAN, _CROSS_SCRIPT)
    out.update(chr(cp) for cp in range(0x2F800, 0x2FA20))
    return frozenset(out)


def write_suspects() -> None:
    """Write SUSPECTS_FILE for the running Python's Unicode data (`python -m generator.model.chars`)."""
    codes = [f"{ord(c):X}" for c in sorted(compute_suspects(), key=ord)]
    lines = [" ".join(codes[i:i + 16]) for i in range(0, len(codes), 16)]
    SUSPECTS_FILE.write_text(f"# characters generator.model.chars.suspects() reports; unicodedata {unicodedata.unidata_version}\n"
                             + "\n".join(lines) + "\n", "ascii")


def suspicious(text: str) -> list[Suspect]:
    """Every character of text that hides or passes for another, in order."""
    if text.isascii() or suspects().isdisjoint(text):
        return []  # the usual answer
    return classify(text)


def classify(text: str) -> list[Suspect]:
    """`suspicious` character by character (the slow path the filter above must agree with)."""
    found: list[Suspect] = []
    for i, ch in enumerate(text):
        if ch.isascii():
            continue
        cat = unicodedata.category(ch)
        if cat == "Cf" or ch in _HANGUL_FILLERS or ch in _INVISIBLE_OTHER:
            found.append(Suspect(i, ch, "hidden", ""))
        elif cat in ("Mn", "Me"):
            found.append(Suspect(i, ch, "combining", ""))
        elif (std := LOOKALIKE_HAN.get(ch) or _compat_fold(ch)) is not None:
            found.append(Suspect(i, ch, "variant", std))
        elif ch in _CROSS_SCRIPT:
            found.append(Suspect(i, ch, "script", _CROSS_SCRIPT[ch]))
    return found


if __name__ == "__main__":
    write_suspects()
