"""Names and verification texts hold no character that hides or passes for another (model.chars)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.model.chars import suspects, suspicious

_KIND = {
    "hidden": ("看不见的字符", "an invisible character"),
    "combining": ("组合符号", "a combining mark"),
    "variant": ("形近的异体字", "a lookalike variant character"),
    "script": ("外文形近字母", "a lookalike letter of another script"),
}


def _texts(ctx: RuleContext) -> Iterator[tuple[object, str, str]]:
    """(record, JSON path, text) of every name and verification text."""
    for a in ctx.registry.accounts:
        d = a.data
        yield a, "name", d["name"]
        for i, n in enumerate(d.get("former_names") or ()):
            yield a, f"former_names[{i}]", n
        if (v := d.get("verification_text")) is not None:
            yield a, "verification_text", v
    for u in ctx.registry.units:
        yield u, "name", u.data["name"]
        for i, n in enumerate(u.data.get("short_names") or ()):
            yield u, f"short_names[{i}]", n


@rule(
    "CHR001",
    title_zh="名称中有隐藏或形近的字符",
    title_en="Hidden or lookalike character in a name",
    message_zh="“{text}”中第 {position} 个字符是{what_zh} {code}{standard_zh}；仿冒账号常用这类字符伪装成正式名称",
    message_en="character {position} of “{text}” is {what_en} {code}{standard_en}; counterfeit accounts use such "
               "characters to pass for an official name",
    hint_zh="删除该字符，或改为标准字符{fix}后重新输入（从网页或微信复制的文字常带有这类字符）",
    hint_en="delete the character or type the standard one{fix} (text copied from web pages or WeChat often carries them)",
)
def no_disguised_characters(ctx: RuleContext) -> Iterator[Finding]:
    """Names and verification texts hold no invisible, combining or lookalike character.

    Why: A counterfeit account copies an official name with a character the eye does not see (a
    zero-width space, a bidi control, a Hangul filler) or one that looks like the original (靑 for 青,
    巿 for 市, a Kangxi radical, a Cyrillic letter); the registry must never hold such a name, or the
    portal would confirm the disguise. An official name needs none of them.

    Basis: 国办发〔2018〕123号: the public must be able to tell official accounts from counterfeits; this
    registry refuses the characters that make two names look alike.

    Bad:

        # accounts/dh-gov/dh-gov-weibo.yaml
        verification_text: 青山巿东湖区人民政府新闻办公室官方微博

    Good:

        # accounts/dh-gov/dh-gov-weibo.yaml
        verification_text: 青山市东湖区人民政府新闻办公室官方微博
    """
    known = suspects()
    for record, path, text in _texts(ctx):
        if text.isascii() or known.isdisjoint(text):
            continue
        for s in suspicious(text):
            what_zh, what_en = _KIND[s.kind]
            yield ctx.finding(record, path, text=text, position=s.index + 1, code=s.code, what_zh=what_zh,
                              what_en=what_en, standard_zh=f"（看起来像“{s.standard}”）" if s.standard else "",
                              standard_en=f" (looks like “{s.standard}”)" if s.standard else "",
                              fix=f"“{s.standard}”" if s.standard else "")
