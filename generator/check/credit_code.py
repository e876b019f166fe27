"""统一社会信用代码 (unified social credit code, GB 32100-2015): check character, validation, generation.

Layout of the 18 characters: registration authority (1), organisation category (1), administrative
division (6), organisation code (9, itself with a GB 11714 check character) and the check character (1).
"""

from __future__ import annotations

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))  # 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, ...
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}


def check_char(first17: str) -> str:
    """The 18th character for the first 17 (GB 32100-2015, 5.3)."""
    total = sum(_VALUE[c] * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_check_char(first8: str) -> str:
    """The 9th character of an organisation code (GB 11714-1997)."""
    total = sum(_ORG_VALUE[c] * w for c, w in zip(first8, _ORG_WEIGHTS, strict=True))
    c = 11 - total % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def is_valid(code: str) -> bool:
    """True when `code` has 18 characters of the alphabet and a correct check character."""
    if len(code) != 18 or any(c not in _VALUE for c in code):
        return False
    return check_char(code[:17]) == code[17]


def make(number: int, division: str, *, authority: str = "1", category: str = "1") -> str:
    """A valid code for a fictional body. Distinct `number`s (below 10**8) give distinct codes: the
    organisation code is a bijective scramble of the number, so no two bodies ever share one.

    authority 1 + category 1 = 机构编制 / 机关 (government bodies); 1 + 2 = 事业单位; 9 + 1 = 企业 (companies).
    """
    org8 = f"{(number * 48271 + 12345678) % 10**8:08d}"  # 48271 is coprime to 10**8: a bijection
    org = org8 + org_check_char(org8)
    first17 = authority + category + division[:6] + org
    return first17 + check_char(first17)
