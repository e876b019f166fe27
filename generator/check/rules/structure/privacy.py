"""Personal data stays out of public fields: a mobile number, an ID-card number or a personal e-mail
address typed into a field the portal publishes is refused (their place is the `private` block).
A unit's public `contact` holds office numbers and is not read here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from generator.check.engine import Finding, RuleContext, rule
from generator.model.records import Record

_MOBILE = re.compile(r"(?<![0-9])1[3-9][0-9][- ]?[0-9]{4}[- ]?[0-9]{4}(?![0-9])")
_ID_CARD = re.compile(r"(?<![0-9A-Za-z])[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])"
                      r"[0-9]{3}[0-9Xx](?![0-9A-Za-z])")
# Free mail services people use privately; an office address (…@….gov.cn) is not personal data.
_PERSONAL_MAIL = re.compile(r"[A-Za-z0-9._%+-]+@(?:qq|foxmail|163|126|yeah|sina|sohu|139|189|aliyun|gmail|hotmail|"
                            r"outlook|live|icloud|yahoo)\.(?:com|net|cn|com\.cn)(?![A-Za-z0-9.-])", re.IGNORECASE)
_MAYBE = re.compile(r"[0-9@]")  # every datum above holds a digit or an @: most texts are passed by one scan
_PRIVATE_CHANGES = frozenset({"contact", "staff"})  # changes of these record private data (never published)
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _id_card_ok(text: str) -> bool:
    """GB 11643 check character of a resident identity card number."""
    total = sum(int(c) * w for c, w in zip(text[:17], _ID_WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == text[17].upper()


def _mask(value: str) -> str:
    """Enough of a number to find it in the file, not enough to spread it through a CI log."""
    return value[:3] + "*" * max(len(value) - 7, 1) + value[-4:] if len(value) > 7 else "*" * len(value)


def personal_data(text: str) -> tuple[str, str, str] | None:
    """(what in Chinese, in English, masked value) of the first personal datum in text, or None."""
    if m := _MOBILE.search(text):
        return "手机号码", "a mobile number", _mask(m.group().replace("-", "").replace(" ", ""))
    for m in _ID_CARD.finditer(text):
        if _id_card_ok(m.group()):
            return "身份证号码", "an ID-card number", _mask(m.group())
    if m := _PERSONAL_MAIL.search(text):
        user, _, domain = m.group().partition("@")
        return "个人电子邮箱", "a personal e-mail address", f"{user[:1]}***@{domain}"
    return None


def _public_texts(r: Record) -> Iterator[tuple[str, Any]]:
    """(JSON path, value) of the free-text fields the portal publishes."""
    d = r.data
    if r.kind == "account":
        for key in ("name", "handle", "positioning", "verification_text"):
            yield key, d.get(key)
        for i, n in enumerate(d.get("former_names") or ()):
            yield f"former_names[{i}]", n
        yield "operator.name", (d.get("operator") or {}).get("name")
        for i, f in enumerate(d.get("filings") or ()):
            yield f"filings[{i}].reason", f.get("reason")
            for j, c in enumerate(f.get("changes") or ()):
                if c.get("field") not in _PRIVATE_CHANGES:
                    yield f"filings[{i}].changes[{j}].from", c.get("from")
                    yield f"filings[{i}].changes[{j}].to", c.get("to")
        for i, n in enumerate(d.get("notices") or ()):
            yield f"notices[{i}].title", n.get("title")
            yield f"notices[{i}].reason", n.get("reason")
    elif r.kind == "inspection":
        yield "title", d.get("title")
        for i, res in enumerate(d.get("results") or ()):
            yield f"results[{i}].note", res.get("note")
            for key in ("vetoes", "deductions"):
                for j, finding in enumerate(res.get(key) or ()):
                    yield f"results[{i}].{key}[{j}].note", finding.get("note")
    elif r.kind == "unit":
        yield "name", d.get("name")
        for i, n in enumerate(d.get("short_names") or ()):
            yield f"short_names[{i}]", n


@rule(
    "PRIV001",
    title_zh="公开字段中有个人信息",
    title_en="Personal data in a public field",
    message_zh="{field} 中有{what_zh}（{masked}）：这个字段会在门户网站上公开",
    message_en="{field} contains {what_en} ({masked}): this field is published on the portal",
    hint_zh="个人姓名、手机号码、身份证号码和个人邮箱只能写在 private 中（例如 private.contacts）；公开字段只写单位的办公电话和邮箱",
    hint_en="names, mobile and ID-card numbers and personal e-mail addresses belong under private (e.g. "
            "private.contacts); public fields hold the unit's office numbers and addresses only",
)
def no_personal_data_in_public_fields(ctx: RuleContext) -> Iterator[Finding]:
    """No mobile number, ID-card number or personal e-mail address in a field the portal publishes.

    Why: Staff names and phone numbers are personal information: the supervising office may keep them,
    the public site never shows them. A number typed into the positioning, a notice or an inspection
    note would be published with it; its place is the record's `private` block. Office numbers in a
    unit's public `contact` are not personal data and are not read here.

    Basis: 个人信息保护法; seeds 000–003 make the protection of personal privacy a duty of every
    government account (RULES.md: personal names and phone numbers of staff are personal information).

    Bad:

        # accounts/dh-gov/dh-gov-weibo.yaml
        positioning: 发布区政府权威信息，值班编辑王五 13912345678

    Good:

        # accounts/dh-gov/dh-gov-weibo.yaml
        positioning: 发布区政府权威信息，咨询电话 0532-88886666
        private:
          contacts:
            - {role: chief_editor, name: 王五, phone: "13912345678"}
    """
    reg = ctx.registry
    for r in (*reg.accounts, *reg.inspections, *reg.units):
        for path, value in _public_texts(r):
            if isinstance(value, str) and _MAYBE.search(value) and (found := personal_data(value)):
                what_zh, what_en, masked = found
                yield ctx.finding(r, path, field=path, what_zh=what_zh, what_en=what_en, masked=masked)
