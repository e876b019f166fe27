"""One account per platform per unit (all profiles); 3 or more similar accounts of one unit on one
platform flagged for the supervising office (昆山 annex 3: −5 each)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import catalogue, opened_date, platform_kind, unit_name
from generator.model.records import Record


def _groups(ctx: RuleContext, exempt_kinds: list[str]) -> dict[tuple[str, str], list[Record]]:
    """Active accounts by (host unit, platform family), oldest first. WeChat subscription and
    service accounts are one platform (one family)."""
    key = ("j.platform_groups", tuple(exempt_kinds))
    groups = ctx.shared.get(key)
    if groups is None:
        cat = catalogue()
        family_of: dict[str, str] = {}  # platform key → family, for the platforms not exempt
        exempt: set[str] = set()
        groups = defaultdict(list)
        for a in ctx.registry.accounts:
            if a.data.get("status") != "active":
                continue
            p = a.data.get("platform", "")
            if p not in family_of and p not in exempt:
                if platform_kind(p) in exempt_kinds:
                    exempt.add(p)
                else:
                    family_of[p] = (cat.get(p) or {}).get("family", p)
            if p in exempt:
                continue
            groups[(a.data.get("host_unit", ""), family_of[p])].append(a)
        for g in groups.values():
            if len(g) < 2:
                continue  # nearly every group: a lone account needs neither order nor de-duplication
            g.sort(key=lambda r: (str(opened_date(r.data) or "9999"), r.id))
            # two records of one platform id are one account recorded twice (ACC004), not two accounts
            seen: set[str] = set()
            g[:] = [r for r in g if not (pid := r.data.get("platform_id")) or not (pid in seen or seen.add(pid))]
        ctx.shared[key] = groups
    return groups


@rule("ONE001", group="jurisdiction", severity="warning",
      title_zh="同一平台多个账号", title_en="Several accounts on one platform",
      message_zh="{unit} 在 {platform} 上有 {count} 个在用账号（{names}）；一个单位在同一平台只开设一个账号",
      message_en="{unit} runs {count} active accounts on {platform} ({names}); a unit opens one account per platform",
      hint_zh="整合到一个主账号，其余账号关停或注销并公告。",
      hint_en="Consolidate into one main account; close or deregister the others with a public notice.",
      params={"exempt_kinds": ["app", "miniprogram"]})
def one_per_platform(ctx: RuleContext) -> Iterator[Finding]:
    """A unit runs one active account per platform (WeChat subscription and service accounts count as one).

    Why: One main account per platform concentrates the unit's effort and spares the public guessing
    which account is the real one. Reported on each account after the oldest; apps and mini-programs are
    exempt (`exempt_kinds`).

    Basis: 国办发〔2018〕123号: 一个单位原则上在同一平台只开设一个政务新媒体账号 (白城: strictly).

    Bad:

        # profile: baicheng
        # accounts/dh-gafj/dh-gafj-jiaojing.yaml
        platform: douyin
        name: 东湖交警
        platform_id: MS4wLjABAAAAjj2025dhGafjT6y8Kp2Hd8v

    Good:

        # profile: baicheng
        # accounts/dh-gafj/dh-gafj-kuaishou.yaml
        platform: kuaishou
        name: 东湖公安
        platform_id: 3xdhgafj2025ks
    """
    groups = _groups(ctx, list(ctx.params.get("exempt_kinds") or ()))
    for (unit, family), accts in sorted((k, g) for k, g in groups.items() if len(g) >= 2):
        names = "、".join(a.data.get("name", a.id) for a in accts)
        platform = (catalogue().get(accts[0].data.get("platform", "")) or {}).get("zh", family)
        for a in accts[1:]:
            yield ctx.finding(a, "platform", unit=unit_name(ctx, unit), platform=platform, count=len(accts), names=names)


@rule("ONE002", group="jurisdiction", severity="warning",
      title_zh="同一平台 3 个及以上相近账号", title_en="Three or more similar accounts on one platform",
      message_zh="{unit} 在 {platform} 上有 {count} 个业务相近的账号（{names}），达到 {threshold} 个：主管单位 {supervisor} 应清理整合",
      message_en="{unit} runs {count} similar accounts on {platform} ({names}), {threshold} or more: the "
                 "supervising office {supervisor} must consolidate them",
      hint_zh="对主管单位的年度考核中每起扣分；请整合或关停。",
      hint_en="This costs the supervising office points in the yearly assessment; consolidate or close them.",
      params={"threshold": 3, "exempt_kinds": ["app", "miniprogram"]})
def similar_accounts(ctx: RuleContext) -> Iterator[Finding]:
    """A unit runs fewer than `threshold` active accounts on one platform.

    Why: 昆山's yearly assessment costs the supervising office points for every unit with three or more
    similar accounts on one platform; similarity of function is not in the data, so every active account
    of the unit on the platform counts. Reported once per unit and platform, on its oldest account.

    Basis: 国办发〔2018〕123号: accounts of similar function are consolidated (清理整合); the threshold is
    local (昆山 附件 3).

    Bad:

        # profile: kunshan
        # accounts/dh-gafj/dh-gafj-jiaojing.yaml
        platform: douyin
        name: 东湖交警
        platform_id: MS4wLjABAAAAjj2025dhGafjT6y8Kp2Hd8v
        # accounts/dh-gafj/dh-gafj-huzheng.yaml
        platform: douyin
        name: 东湖户政
        platform_id: MS4wLjABAAAAhz2025dhGafjR2m5Xc7Hd8v

    Good:

        # profile: kunshan
        # accounts/dh-gafj/dh-gafj-kuaishou.yaml
        platform: kuaishou
        name: 东湖公安
        platform_id: 3xdhgafj2025ks
        # accounts/dh-gafj/dh-gafj-bilibili.yaml
        platform: bilibili
        name: 东湖公安
        platform_id: "3493118294"
    """
    threshold = int(ctx.params.get("threshold") or 3)
    groups = _groups(ctx, list(ctx.params.get("exempt_kinds") or ()))
    for (unit, family), accts in sorted((k, g) for k, g in groups.items() if len(g) >= threshold):
        u = ctx.registry.unit_by_id.get(unit)
        sup = (u.data.get("supervisor") if u else None) or ""
        platform = (catalogue().get(accts[0].data.get("platform", "")) or {}).get("zh", family)
        yield ctx.finding(accts[0], "platform", unit=unit_name(ctx, unit), platform=platform, count=len(accts),
                          names="、".join(a.data.get("name", a.id) for a in accts), threshold=threshold,
                          supervisor=unit_name(ctx, sup) if sup else "（未指定 / not set）")
