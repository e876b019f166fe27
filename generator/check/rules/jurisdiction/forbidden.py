"""Forbidden kinds of account (李沧): in a person's name, for a single event or campaign, or on a
platform the national authorities have not approved (the list is a profile parameter)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import platform_zh


def _tagged(ctx: RuleContext, tag: str) -> Iterator[tuple[object, int]]:
    for a in ctx.registry.accounts:
        if a.data.get("status") == "deregistered":
            continue
        tags = a.data.get("tags") or []
        if tag in tags:
            yield a, tags.index(tag)


@rule("FBD001", group="jurisdiction", severity="error",
      title_zh="以个人名义开办", title_en="Account in a person's name",
      message_zh="不得以个人名义开办政务新媒体（账号标注了 personal_name）",
      message_en="A government account may not be run in a person's name (the account is tagged personal_name)",
      hint_zh="改由单位名义开设并认证，或关停注销。",
      hint_en="Re-register it in the unit's name, or close and deregister it.")
def personal_name(ctx: RuleContext) -> Iterator[Finding]:
    """No account is run in a person's name (tag `personal_name`).

    Why: A government account speaks for a body, not for the official who runs it; a personal account
    leaves with its owner and blurs what the government said.

    Basis: Local rule (李沧 第六条（三）: 不得以个人名义开办); no national clause.

    Bad:

        # profile: licang
        # accounts/dh-gafj/dh-gafj-douyin.yaml
        name: 东湖警官老周
        tags: [personal_name]

    Good:

        # profile: licang
        # accounts/dh-gafj/dh-gafj-douyin.yaml
        name: 东湖公安
        tags: []
    """
    for a, i in _tagged(ctx, "personal_name"):
        yield ctx.finding(a, f"tags[{i}]")  # type: ignore[arg-type]


@rule("FBD002", group="jurisdiction", severity="error",
      title_zh="为专项活动单独开办", title_en="Account for a single event or campaign",
      message_zh="不得为专项活动或专项工作单独开办政务新媒体（账号标注了 single_event）",
      message_en="No separate account may be opened for a single event or campaign (the account is tagged single_event)",
      hint_zh="专项内容在本单位主账号发布，并关停注销此账号。",
      hint_en="Publish the campaign on the unit's main account and close and deregister this one.")
def single_event(ctx: RuleContext) -> Iterator[Finding]:
    """No separate account is opened for a single event or campaign (tag `single_event`).

    Why: Event accounts go silent when the event ends and become zombie accounts; campaigns are published
    on the unit's main account.

    Basis: Local rule (李沧 第六条（三）: 不得为专项活动或专项工作单独开办); no national clause.

    Bad:

        # profile: licang
        # accounts/dh-jyj/dh-jyj-zhaosheng.yaml
        platform: douyin
        name: 东湖教育招生季
        platform_id: MS4wLjABAAAAzs2025dhJyjP8r4Wq1Hd8v
        tags: [single_event]

    Good:

        # profile: licang
        # accounts/dh-jyj/dh-jyj-douyin.yaml
        platform: douyin
        name: 东湖教育
        platform_id: MS4wLjABAAAAzs2025dhJyjP8r4Wq1Hd8v
        positioning: 发布招生入学、教育政策和校园安全信息，含每年招生季专题
    """
    for a, i in _tagged(ctx, "single_event"):
        yield ctx.finding(a, f"tags[{i}]")  # type: ignore[arg-type]


@rule("FBD003", group="jurisdiction", severity="error",
      title_zh="未核准的平台", title_en="Platform not approved",
      message_zh="{platform} 不在经核准的平台清单内，不得在其上开办政务新媒体",
      message_en="{platform} is not on the list of approved platforms; no government account may be opened there",
      hint_zh="迁移到经核准的平台；如平台已获核准，请在 portal.yaml 的 rule_overrides 中把它加入 FBD003 的 approved_platforms。",
      hint_en="Move to an approved platform; if the platform has been approved, add it to FBD003's "
              "approved_platforms in portal.yaml's rule_overrides.",
      params={"approved_platforms": None})
def unapproved_platform(ctx: RuleContext) -> Iterator[Finding]:
    """No account is opened on a platform outside `approved_platforms` (null: not set yet, FBD004 says so).

    Why: Government accounts belong on platforms the national authorities have approved; the list is the
    jurisdiction's to keep, in portal.yaml's `rule_overrides`, and nothing is checked until it is set.

    Basis: Local rule (李沧 第六条（三）: 不得在未予核准的新媒体平台上开办); no national clause.

    Bad:

        # profile: licang
        # portal.yaml
        rule_overrides:
          FBD003: {params: {approved_platforms: [weibo, douyin, toutiao, wechat_channels]}}
        # accounts/dh-jyj/dh-jyj-xhs.yaml
        platform: xiaohongshu
        name: 东湖教育
        platform_id: 5f3a9c2e7b1d4a6e8c0f2b4d

    Good:

        # profile: licang
        # portal.yaml
        rule_overrides:
          FBD003: {params: {approved_platforms: [weibo, douyin, toutiao, wechat_channels]}}
        # accounts/dh-jyj/dh-jyj-douyin.yaml
        platform: douyin
        name: 东湖教育
        platform_id: MS4wLjABAAAAzs2025dhJyjP8r4Wq1Hd8v
    """
    approved = ctx.params.get("approved_platforms")
    if approved is None:
        return
    allowed = set(approved)
    for a in ctx.registry.accounts:
        p = a.data.get("platform", "")
        if p not in allowed and a.data.get("status") != "deregistered":
            yield ctx.finding(a, "platform", platform=platform_zh(p))


@rule("FBD004", group="jurisdiction", severity="info",
      title_zh="核准平台清单未设置", title_en="Approved platforms not set",
      message_zh="本地规定只能在经核准的新媒体平台上开办政务新媒体，但 portal.yaml 尚未设置核准平台清单：FBD003 暂不检查平台",
      message_en="The local rules allow government accounts only on approved platforms, but portal.yaml does not "
                 "list them yet: FBD003 does not check platforms until it does",
      hint_zh="按国家有关主管单位核准的平台，在 portal.yaml 的 rule_overrides 中设置 FBD003: {{params: {{approved_platforms: "
              "[平台代码, ...]}}}}（平台代码见 portal platforms）。",
      hint_en="From the platforms the national authorities approved, set FBD003: {{params: {{approved_platforms: "
              "[platform key, ...]}}}} under rule_overrides in portal.yaml (keys: `portal platforms`).")
def approved_platforms_unset(ctx: RuleContext) -> Iterator[Finding]:
    """Says once that the approved-platform list FBD003 needs is not set.

    Why: which platforms the national authorities approved is a list the jurisdiction keeps, not a
    fact of the profile; until portal.yaml gives it FBD003 cannot judge any account, and a silent
    pass would read as "every platform is approved".

    Basis: 青李沧政办发〔2021〕33号 第六条（三）（不得在国家有关主管单位未予核准的新媒体平台上开办政务新媒体）.

    Bad:

        # profile: licang
        # portal.yaml
        name: 东湖区政务新媒体备案公示平台

    Good:

        # profile: licang
        # portal.yaml
        rule_overrides:
          FBD003: {params: {approved_platforms: [weibo, douyin, toutiao, wechat_channels, wechat_subscription]}}
    """
    fbd003 = ctx.setting_of("FBD003")
    if fbd003.severity != "off" and fbd003.params.get("approved_platforms") is None and ctx.registry.accounts:
        yield Finding(record=None, path="profile")
