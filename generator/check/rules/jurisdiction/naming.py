"""Naming (NAME): the name is tied to the host unit, the verification text names it, one unit uses
one name everywhere, platform length limits, and 六安's fixed patterns. Ties are judgement calls
(首善茅坪, 临淄交警, 古宣发布 are real, correct names), so an unclear tie is a warning naming the unit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from generator.check.divisions import LAST_CHARS, Place, divisions, own_places
from generator.check.engine import Finding, RuleContext, rule
from generator.check.naming import name_terms, normalize, normalize_uncached, region_terms, tie_normalized
from generator.check.rules.jurisdiction.common import accounts_by_unit, catalogue, platform_kind, platform_zh
from generator.model.records import Record


class _Normalized(dict[str, str]):
    """normalize() memoised for one run: a national registry's names and unit strings outnumber
    normalize's LRU cache. Indexing is the call: a hit costs no Python frame."""

    def __missing__(self, text: str) -> str:
        n = self[text] = normalize_uncached(text)
        return n


def _normalized(ctx: RuleContext) -> _Normalized:
    memo = ctx.shared.get("j.naming.normalized")
    if memo is None:
        memo = ctx.shared["j.naming.normalized"] = _Normalized()
    return memo


def _name_terms(ctx: RuleContext, unit: Record) -> dict[str, Any]:
    memo = ctx.shared.setdefault("j.naming.name_terms", {})
    t = memo.get(unit.id)
    if t is None:
        t = memo[unit.id] = name_terms(unit.data, _normalized(ctx).__getitem__)
    return t


def _terms(ctx: RuleContext, unit: Record) -> dict[str, Any]:
    """unit_terms(unit.data), from the memoised name terms (asked only when a name holds neither the
    unit's full name nor a short name)."""
    memo = ctx.shared.setdefault("j.unit_terms", {})
    t = memo.get(unit.id)
    if t is None:
        t = dict(_name_terms(ctx, unit))
        t.update(region_terms(unit.data, t["full"], _normalized(ctx).__getitem__))
        memo[unit.id] = t
    return t


def _live(a: Record) -> bool:
    return a.data.get("status") != "deregistered"


def _candidates(ctx: RuleContext, unit: Record) -> list[Record]:
    """The unit, and for an internal sub-unit also the body it belongs to."""
    out = [unit]
    parent = ctx.registry.unit_by_id.get(unit.data.get("parent", ""))
    if unit.data.get("kind") == "internal" and parent is not None:
        out.append(parent)
    return out


class _Hosts(NamedTuple):
    """A host unit's candidates and their non-empty full and short names (normalised)."""

    units: list[Record]
    names: tuple[str, ...]

    def named_in(self, n: str) -> bool:
        """Whether `n` holds one of the names: tie()'s first two tests over every candidate, as one
        C-level scan (map, not a generator: it runs for every account)."""
        return any(map(n.__contains__, self.names))


def _hosts(ctx: RuleContext, unit: Record) -> _Hosts:
    units = _candidates(ctx, unit)
    names = []
    for u in units:
        t = _name_terms(ctx, u)
        names.extend(x for x in (t["full"], *t["shorts"]) if x)
    return _Hosts(units, tuple(names))


def _named_accounts(ctx: RuleContext) -> list[tuple[Record, Record, _Hosts]]:
    """Live accounts whose host unit exists, with that unit and its candidates: built once per run
    for NAME001 and NAME002 (a unit hosts several accounts)."""
    out = ctx.shared.get("j.naming.accounts")
    if out is None:
        units = ctx.registry.unit_by_id
        by_unit: dict[str, _Hosts] = {}
        out = []
        for a in ctx.registry.accounts:
            unit_id = a.data.get("host_unit", "")
            unit = units.get(unit_id)
            if unit is None or not _live(a):
                continue
            hosts = by_unit.get(unit_id)
            if hosts is None:
                hosts = by_unit[unit_id] = _hosts(ctx, unit)
            out.append((a, unit, hosts))
        ctx.shared["j.naming.accounts"] = out
    return out


class _Places(dict[str, tuple[Place, ...]]):
    """Division names in each (normalised) account name, memoised for one run; most names hold no
    suffix character and cost one set test."""

    def __missing__(self, text: str) -> tuple[Place, ...]:
        found = self[text] = divisions().places_in(text) if not LAST_CHARS.isdisjoint(text) else ()
        return found


def _own_places(ctx: RuleContext, hosts: _Hosts) -> tuple[frozenset[str], tuple[str, ...]] | None:
    """own_places() of the host unit (and, for an internal sub-unit, of its body), once per unit."""
    memo = ctx.shared.setdefault("j.naming.own_places", {})
    key = tuple(u.id for u in hosts.units)
    if key not in memo:
        allowed: set[str] = set()
        texts: list[str] = []
        for u in hosts.units:
            own = own_places(u.data, _normalized(ctx).__getitem__)
            if own is not None:
                allowed |= own[0]
                texts += own[1]
        memo[key] = (frozenset(allowed), tuple(texts)) if allowed else None
    return memo[key]


def _foreign_places(ctx: RuleContext, n: str, places: tuple[Place, ...], hosts: _Hosts) -> tuple[list[str], str]:
    """The places a name starts with that are neither the host unit's region nor above it, and the
    unit's region as the message names it."""
    own = _own_places(ctx, hosts)
    if own is None:
        return [], ""  # nothing says where the unit is (or it is national): no place is foreign
    allowed, texts = own
    foreign = [p.name for p in divisions().leading(n, places, texts) if p.name not in allowed]
    return foreign, hosts.units[0].data.get("region") or "、".join(texts)


@rule("NAME001", group="jurisdiction", severity="warning",
      title_zh="名称与主办单位关联不明确", title_en="Name not clearly tied to the host unit",
      message_zh="账号名称「{name}」与主办单位「{unit}」{problem_zh}",
      message_en="The name \"{name}\" and the host unit \"{unit}\": {problem_en}",
      hint_zh="名称应体现主办单位（全称、规范简称，或所在地区加职责关键词），其中的地名只能是主办单位所在地区或其上级地区；"
              "名称确属规范的，在单位记录中补充 short_names（规范简称）、duties（职责关键词），或核对 region、division。",
      hint_en="A name shows its host unit (full or registered short name, or its region plus a duty keyword), and "
              "a place it names is the unit's region or one above it; if the name is correct, add the unit's "
              "short_names or `duties`, or check its region and division.")
def name_tied(ctx: RuleContext) -> Iterator[Finding]:
    """An account's name is tied to its host unit: its full or short name, or its region and a duty word.

    Why: The public recognises an official account by its name. Real names are free-form (首善茅坪,
    临淄交警), so anything else is a warning naming the unit; a correct name is taught to the checker by
    adding it to the unit's `short_names`, or its duty word to `duties`. A name that begins with another
    place (胶州市医保局 for a 李沧区 unit: a division name not of the unit's region or above it) is flagged
    whatever else it matches.

    Basis: 国办发〔2018〕123号: 名称应简洁规范，与主办单位工作职责相关联.

    Bad:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        name: 城市微光

    Good:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        name: 东湖公安
    """
    # A name that names another place (胶州市医保局 for a 李沧区 unit) is flagged whatever else it
    # matches: a place in it is read as generator.check.divisions describes (the run of divisions
    # the name starts with, suffix included).
    normalized = _normalized(ctx)
    places = ctx.shared.setdefault("j.naming.places", _Places())
    for a, unit, hosts in _named_accounts(ctx):
        name = a.data.get("name", "")
        n = normalized[name]
        unit_zh = unit.data.get("name", unit.id)
        found = places[n]
        foreign, where = _foreign_places(ctx, n, found, hosts) if found else ([], "")
        if foreign:
            named = "、".join(foreign)
            yield ctx.finding(a, "name", name=name, unit=unit_zh, places=named,
                              problem_zh=f"不符：名称中的“{named}”不是主办单位所在地区（{where}）或其上级地区",
                              problem_en=f"the name names {named}, which is neither the unit's region ({where}) "
                                         "nor a region above it")
        elif not hosts.named_in(n) and not any(tie_normalized(n, _terms(ctx, u)) for u in hosts.units):
            yield ctx.finding(a, "name", name=name, unit=unit_zh,
                              problem_zh="的关联不明确：名称应体现单位全称、规范简称，或所在地区加职责关键词",
                              problem_en="the tie is unclear; the name should contain the unit's full or registered "
                                         "short name, or its region plus a duty keyword")


@rule("NAME002", group="jurisdiction", severity="warning",
      title_zh="认证信息未标明主办单位", title_en="Verification text does not name the host unit",
      message_zh="认证信息「{text}」未标明主办单位名称「{unit}」",
      message_en="The verification text \"{text}\" does not name the host unit \"{unit}\"",
      hint_zh="在平台公开认证信息中写明主办单位全称（或规范简称），并同步更新 verification_text。",
      hint_en="Have the platform's verification text name the host unit (full or registered short name) and "
              "update verification_text.")
def verification_names_unit(ctx: RuleContext) -> Iterator[Finding]:
    """The platform's verification text names the host unit (full or short name).

    Why: The verification text (认证信息) is the public's proof of who runs an account; a text naming a
    contractor or nobody proves nothing.

    Basis: 国办发〔2018〕123号: 在公开认证信息中标明主办单位名称.

    Bad:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        verification_text: 城市微光文化传媒工作室

    Good:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        verification_text: 青山市公安局东湖分局官方抖音号
    """
    for a, unit, hosts in _named_accounts(ctx):
        text = a.data.get("verification_text")
        if text and not hosts.named_in(normalize_uncached(text)):  # each text once: no cache
            yield ctx.finding(a, "verification_text", text=text, unit=unit.data.get("name", unit.id))


@rule("NAME003", group="jurisdiction", severity="warning",
      title_zh="各平台名称不一致", title_en="Different names on different platforms",
      message_zh="{unit} 在不同平台上的账号名称不一致：{names}；同一单位在不同平台上的名称原则上应保持一致",
      message_en="{unit} uses different names on different platforms: {names}; one unit should use one name everywhere",
      hint_zh="统一各平台账号名称（平台字数限制导致的差异可忽略此提示）。",
      hint_en="Use the same name on every platform (differences forced by a platform's length limit can be ignored).",
      params={"exempt_kinds": ["app", "miniprogram"]})
def same_name_everywhere(ctx: RuleContext) -> Iterator[Finding]:
    """A unit uses one name for its active accounts on every platform (apps and mini-programs excepted).

    Why: One name everywhere lets the public recognise the unit on any platform and see a look-alike for
    what it is. Reported once per unit, listing the names; a difference forced by a platform's length
    limit can be ignored.

    Basis: 国办发〔2018〕123号: 主办单位在不同平台上开设的政务新媒体名称原则上应保持一致.

    Bad:

        # accounts/dh-gov/dh-gov-douyin.yaml
        name: 东湖政务

    Good:

        # accounts/dh-gov/dh-gov-douyin.yaml
        name: 东湖发布
    """
    exempt = set(ctx.params.get("exempt_kinds") or ())
    normalized = _normalized(ctx)
    for unit_id, accts in sorted(accounts_by_unit(ctx).items()):
        live = [a for a in accts if a.data.get("status") == "active" and platform_kind(a.data.get("platform", "")) not in exempt]
        if len({normalized[a.data.get("name", "")] for a in live}) < 2:
            continue  # nearly every unit: one name, no need to label each account
        by_name: dict[str, list[str]] = {}
        for a in live:
            by_name.setdefault(normalized[a.data.get("name", "")], []).append(
                f"{a.data.get('name', '')}（{platform_zh(a.data.get('platform', ''))}）")
        unit = ctx.registry.unit_by_id.get(unit_id)
        names = "；".join("、".join(v) for _, v in sorted(by_name.items()))
        target = unit if unit is not None else live[0]
        yield ctx.finding(target, "name", unit=unit.data.get("name", unit_id) if unit else unit_id, names=names)


@rule("NAME004", group="jurisdiction", severity="warning",
      title_zh="名称超过平台字数限制", title_en="Name longer than the platform allows",
      message_zh="名称「{name}」有 {length} 个字符，超过 {platform} 的上限 {limit} 个",
      message_en="The name \"{name}\" has {length} characters, more than {platform}'s limit of {limit}",
      hint_zh="核对账号在平台上的实际名称。",
      hint_en="Check the account's actual name on the platform.")
def name_length(ctx: RuleContext) -> Iterator[Finding]:
    """A name fits the platform's own length limit (`name_max` in the catalogue).

    Why: A name longer than the platform allows cannot be the account's real name; it is usually the
    unit's full name typed in place of the account's.

    Basis: The platforms' own rules on account names.

    Bad:

        # accounts/dh-rsj/dh-rsj-channels.yaml
        name: 青山市东湖区人力资源和社会保障局官方视频号

    Good:

        # accounts/dh-rsj/dh-rsj-channels.yaml
        name: 东湖人社
    """
    cat = catalogue()
    for a in ctx.registry.accounts:
        p = a.data.get("platform", "")
        limit = (cat.get(p) or {}).get("name_max")
        name = a.data.get("name", "")
        if limit and len(name) > limit and _live(a):
            yield ctx.finding(a, "name", name=name, length=len(name), platform=platform_zh(p), limit=limit)


@rule("NAME005", group="jurisdiction", severity="warning",
      title_zh="名称不符合命名规则", title_en="Name does not follow the naming pattern",
      message_zh="名称「{name}」不符合本地命名规则：{platform} 应命名为 {expected}",
      message_en="The name \"{name}\" does not follow the local naming pattern: on {platform} it should read {expected}",
      hint_zh="原则上按规定格式命名，尽量使用单位全称或规范简称。",
      hint_en="Follow the prescribed pattern, using the unit's full or registered short name.",
      params={"patterns": []})
def name_pattern(ctx: RuleContext) -> Iterator[Finding]:
    """A name follows the profile's naming `patterns` for its platform or kind.

    Why: 六安 prescribes names: “××县人民政府发布” or “六安市××委（办、局）发布” on Weibo and WeChat,
    without 发布 for apps. `patterns` lists {platforms | kinds, regex, expected}; the first entry whose
    platforms or kinds fit the account applies.

    Basis: Local rule (六安 二（二）); 国办发〔2018〕123号 asks only for concise names tied to the host.

    Bad:

        # profile: luan
        # accounts/dh-gov/dh-gov-weibo.yaml
        name: 东湖发布

    Good:

        # profile: luan
        # accounts/dh-gov/dh-gov-weibo.yaml
        name: 东湖区人民政府发布
    """
    compiled = [(set(p.get("platforms") or ()), set(p.get("kinds") or ()),
                 [re.compile(r) for r in p.get("regex") or ()], p.get("expected", ""))
                for p in ctx.params.get("patterns") or ()]
    if not compiled:
        return
    for a in ctx.registry.accounts:
        if not _live(a):
            continue
        p = a.data.get("platform", "")
        kind = platform_kind(p)
        for plats, kinds, regexes, expected in compiled:
            if p in plats or kind in kinds:
                name = normalize(a.data.get("name", ""))
                if not any(r.fullmatch(name) for r in regexes):
                    yield ctx.finding(a, "name", name=a.data.get("name", ""), platform=platform_zh(p), expected=expected)
                break


@rule("NAME006", group="jurisdiction", severity="info",
      title_zh="未记录认证信息", title_en="Verification text not recorded",
      message_zh="未记录平台认证信息（verification_text），无法核对是否标明主办单位",
      message_en="The platform's verification text (verification_text) is not recorded, so it cannot be "
                 "checked that it names the host unit",
      hint_zh="照录平台上显示的认证信息。",
      hint_en="Copy the verification text shown on the platform.")
def verification_missing(ctx: RuleContext) -> Iterator[Finding]:
    """An account on a third-party platform records its verification text.

    Why: Without it NAME002 cannot check that the platform shows the host unit; the registry says so
    (info) instead of assuming either way.

    Basis: 国办发〔2018〕123号: 在公开认证信息中标明主办单位名称; 李沧 第六条 wants the registry to
    match the platform's verification.

    Bad:

        # profile: licang
        # accounts/dh-gafj/dh-gafj-douyin.yaml
        verification_text: null

    Good:

        # profile: licang
        # accounts/dh-gafj/dh-gafj-douyin.yaml
        verification_text: 青山市公安局东湖分局官方抖音号
    """
    for a in ctx.registry.accounts:
        if not a.data.get("verification_text") and _live(a) and platform_kind(a.data.get("platform", "")) == "account":
            yield ctx.finding(a, "verification_text")
