"""Units: the unified social credit code passes its checksum and is unique; an internal sub-unit names
the body it belongs to."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.credit_code import check_char
from generator.check.engine import Finding, RuleContext, rule


@rule(
    "UNIT001",
    title_zh="统一社会信用代码校验位错误",
    title_en="Unified social credit code fails its checksum",
    message_zh="统一社会信用代码“{code}”的校验位不对（应为 {expected}）",
    message_en="unified social credit code “{code}” fails its checksum (the last character should be {expected})",
    hint_zh="对照单位的法人证书逐位核对；常见错误是把字母 O 写成数字 0",
    hint_en="check it character by character against the unit's certificate; O and 0 are often confused",
)
def credit_code_checksum(ctx: RuleContext) -> Iterator[Finding]:
    """A unit's unified social credit code passes its check character.

    Why: The code identifies the legal body behind the unit; a mistyped code (O for 0, a swapped pair)
    names nobody, or somebody else.

    Basis: GB 32100-2015 (统一社会信用代码编码规则): the 18th character is a check character.

    Bad:

        # units/dh-jyj.yaml
        credit_code: "11369902187930602A"

    Good:

        # units/dh-jyj.yaml
        credit_code: "11369902187930602H"
    """
    for r in ctx.registry.units:
        code = r.data.get("credit_code")
        if code:
            expected = check_char(code[:17])
            if expected != code[17]:
                yield ctx.finding(r, "credit_code", code=code, expected=expected)


@rule(
    "UNIT002",
    title_zh="内设机构缺少上级单位",
    title_en="Internal sub-unit without parent",
    message_zh="内设机构必须写明所属单位（parent）",
    message_en="an internal sub-unit must name the body it belongs to (parent)",
    hint_zh="填写 parent: <所属单位的 id>",
    hint_en="add parent: <id of the body it belongs to>",
)
def internal_has_parent(ctx: RuleContext) -> Iterator[Finding]:
    """An internal sub-unit (`kind: internal`) names the body it belongs to (`parent`).

    Why: A 科室 or 股 has no legal existence of its own; its accounts are judged with its body (names,
    one account per platform, the ban on new sub-unit accounts where it applies).

    Basis: This registry's format: `kind: internal` for 内设机构, which belong to a unit.

    Bad:

        # units/dh-rsj-jyg.yaml
        parent: null

    Good:

        # units/dh-rsj-jyg.yaml
        parent: dh-rsj
    """
    for r in ctx.registry.units:
        if r.data["kind"] == "internal" and not r.data.get("parent"):
            yield ctx.finding(r, "kind")


@rule(
    "UNIT003",
    title_zh="统一社会信用代码重复",
    title_en="Duplicate unified social credit code",
    message_zh="统一社会信用代码“{code}”已用于单位 {other}",
    message_en="unified social credit code “{code}” is already used by unit {other}",
    hint_zh="一个法人单位只建一条单位记录；内设机构不填信用代码",
    hint_en="one legal entity has one unit record; internal sub-units carry no code",
)
def credit_code_unique(ctx: RuleContext) -> Iterator[Finding]:
    """A unified social credit code belongs to one unit record.

    Why: One legal body has one unit record; a second record with the same code is a duplicate, or a
    code copied from a neighbouring file.

    Basis: GB 32100-2015: one code per legal body.

    Bad:

        # units/dh-tyj.yaml
        name: 青山市东湖区体育局
        credit_code: "11369902187930602H"

    Good:

        # units/dh-tyj.yaml
        name: 青山市东湖区体育局
        credit_code: "11369902188413316D"
    """
    seen: dict[str, str] = {}
    for r in sorted(ctx.registry.units, key=lambda x: x.file):
        code = r.data.get("credit_code")
        if code:
            if code in seen:
                yield ctx.finding(r, "credit_code", code=code, other=seen[code])
            else:
                seen[code] = r.id
