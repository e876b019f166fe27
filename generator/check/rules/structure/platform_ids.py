"""Platforms and their ids: the platform is in the catalogue, the platform's immutable id is present,
well-formed and unique, and the link points to the platform and names the same id."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.structure.common import duplicates, suggester
from generator.model import platforms
from generator.model.urls import split_http_url


@rule(
    "ACC001",
    title_zh="平台不在平台目录中",
    title_en="Unknown platform",
    message_zh="平台“{platform}”不在平台目录中",
    message_en="platform “{platform}” is not in the platform catalogue",
    hint_zh="使用 `portal platforms` 列出的平台代码（相近的代码：{suggestion}）",
    hint_en="use a platform key listed by `portal platforms` (closest key: {suggestion})",
)
def platform_known(ctx: RuleContext) -> Iterator[Finding]:
    """The account's platform is a key of the platform catalogue (`portal platforms`).

    Why: Id formats, link checks, name limits and the public verification box all work per platform; a
    platform written any other way (a typo, a brand name) leaves the account unchecked and unfindable.

    Basis: This registry's format: the platform catalogue (generator/model/platforms.yaml) lists the
    platforms government accounts use, each with its immutable id and link forms.

    Bad:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        platform: tiktok

    Good:

        # accounts/dh-gafj/dh-gafj-douyin.yaml
        platform: douyin
    """
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = r.data["platform"]
        if p not in cat:
            yield ctx.finding(r, "platform", platform=p, suggestion=suggester(ctx, "platforms", lambda: cat)(p) or "—")


@rule(
    "ACC002",
    title_zh="缺少平台不可变标识",
    title_en="Immutable platform id missing",
    message_zh="未填写{platform_zh}的{id_label}（platform_id），公众无法通过链接核验该账号",
    message_en="the {platform_en} {id_label} (platform_id) is missing, so the public cannot verify the account by its link",
    hint_zh="在平台后台查到{id_label}后填写 platform_id，例如 {example}",
    hint_en="look the {id_label} up in the platform's back office and add platform_id, e.g. {example}",
    severity="warning",
)
def platform_id_present(ctx: RuleContext) -> Iterator[Finding]:
    """An account that is not deregistered records the platform's immutable id (`platform_id`).

    Why: Names and handles change; the immutable id (WeChat 原始ID, Weibo UID, Douyin sec_uid, an app's
    bundle id …) is what lets the public verify a link and what keeps one platform account from being
    filed twice. A warning: an old account may need time to have its id looked up.

    Basis: This registry's format: the verification lookup matches links by immutable id (DESIGN.md);
    昆山 annex 4's filing form asks for the account's link.

    Bad:

        # accounts/dh-gov/dh-gov-weibo.yaml
        platform_id: null

    Good:

        # accounts/dh-gov/dh-gov-weibo.yaml
        platform_id: "5821406173"
    """
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        if p is not None and "platform_id" not in r.data and r.data["status"] != "deregistered":
            yield ctx.finding(r, "platform", platform_zh=p.zh, platform_en=p.en, id_label=p.id_label, example=p.id_example)


@rule(
    "ACC003",
    title_zh="平台标识格式不对",
    title_en="Malformed platform id",
    message_zh="“{value}”不是有效的{platform_zh}{id_label}",
    message_en="“{value}” is not a valid {platform_en} {id_label}",
    hint_zh="{id_label}的格式形如 {example}",
    hint_en="a {id_label} looks like {example}",
)
def platform_id_format(ctx: RuleContext) -> Iterator[Finding]:
    """The platform id has the platform's format (`id_pattern` in the catalogue).

    Why: A malformed id is usually another identifier typed in its place (a handle, a custom domain, a
    display name); it cannot be matched against a link the public pastes into the verification box.

    Basis: This registry's format: the platform catalogue's id patterns.

    Bad:

        # accounts/dh-gov/dh-gov-weibo.yaml
        platform_id: donghufabu
        url: https://weibo.com/donghufabu

    Good:

        # accounts/dh-gov/dh-gov-weibo.yaml
        platform_id: "5821406173"
        url: https://weibo.com/u/5821406173
    """
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        value = r.data.get("platform_id")
        if p is not None and value is not None and not p.id_matches(value):
            yield ctx.finding(r, "platform_id", value=value, platform_zh=p.zh, platform_en=p.en,
                              id_label=p.id_label, example=p.id_example)


@rule(
    "ACC004",
    title_zh="平台标识重复",
    title_en="Duplicate platform id",
    message_zh="{platform_zh}{id_label}“{value}”已登记在账号 {other}（{other_file}）",
    message_en="{platform_en} {id_label} “{value}” is already registered for account {other} ({other_file})",
    hint_zh="同一个平台账号只能备案一次；如是主办单位变更，请在原记录中提交变更备案",
    hint_en="one platform account is filed once; for a change of host unit file a change on the existing record",
)
def platform_id_unique(ctx: RuleContext) -> Iterator[Finding]:
    """One platform account (platform family and id) is recorded once in the registry.

    Why: Two records of one account give two host units for it, and the public two answers; a change of
    host unit is a change filing on the existing record, not a new record.

    Basis: 国办发〔2018〕123号: the host unit is whoever opened the account (谁开设、谁主办), so each account
    has one.

    Bad:

        # accounts/dh-rsj/dh-rsj-weibo.yaml
        platform: weibo
        name: 东湖人社
        platform_id: "5821406173"

    Good:

        # accounts/dh-rsj/dh-rsj-weibo.yaml
        platform: weibo
        name: 东湖人社
        platform_id: "6035187724"
    """
    cat = platforms.catalogue()
    for group in duplicates(ctx.registry.accounts, lambda r: platform_account(r.data, cat)):
        o = group[0]
        for r in group[1:]:
            p = cat[r.data["platform"]]
            yield ctx.finding(r, "platform_id" if "platform_id" in r.data else "url", value=_immutable_id(r.data, cat),
                              platform_zh=p.zh, platform_en=p.en, id_label=p.id_label, other=o.id, other_file=o.file)


def _immutable_id(account: dict[str, Any], cat: dict[str, platforms.Platform]) -> str | None:
    """The platform id as written, else as the link names it."""
    p = cat.get(account["platform"])
    if p is None:
        return None
    value = account.get("platform_id")
    if value is None and (url := account.get("url")):
        value = p.id_from_url(url)
    return value


def platform_account(account: dict[str, Any], cat: dict[str, platforms.Platform]) -> tuple[str, str] | None:
    """What ACC004 holds unique: (platform family, immutable id), None when the id is unknown; `cat`
    is `platforms.catalogue()`."""
    value = _immutable_id(account, cat)
    return None if value is None else (cat[account["platform"]].family, value)


@rule(
    "ACC005",
    title_zh="账号链接不指向该平台",
    title_en="Link does not point to the platform",
    message_zh="账号链接的域名“{host}”不属于{platform_zh}（{hosts}），门户不会公开该链接",
    message_en="the link's host “{host}” is not one of {platform_en}'s hosts ({hosts}); the portal will not publish it",
    hint_zh="填写账号在平台上的主页链接",
    hint_en="use the account's profile link on the platform",
    severity="warning",
)
def url_on_platform(ctx: RuleContext) -> Iterator[Finding]:
    """The account's link points to one of the platform's hosts.

    Why: The portal publishes the link as the way to the real account; a link to another site (a
    government website, a short-link service) could lead anywhere, so the portal leaves it out. A
    warning: the record stays valid.

    Basis: This registry's format: the catalogue's `hosts` per platform.

    Bad:

        # accounts/dh-gov/dh-gov-weibo.yaml
        url: https://www.donghu.qingshan.gov.cn/weibo/

    Good:

        # accounts/dh-gov/dh-gov-weibo.yaml
        url: https://weibo.com/u/5821406173
    """
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        url = r.data.get("url")
        if p is not None and url and p.hosts and not p.host_allowed(url):
            parts = split_http_url(url)
            yield ctx.finding(r, "url", host=parts[0] if parts else url, platform_zh=p.zh,
                              platform_en=p.en, hosts="、".join(p.hosts))


@rule(
    "ACC006",
    title_zh="链接与平台标识不符",
    title_en="Link names another platform id",
    message_zh="账号链接指向{id_label}“{from_url}”，与 platform_id “{value}”不一致",
    message_en="the link names {id_label} “{from_url}”, which differs from platform_id “{value}”",
    hint_zh="核对链接和平台标识，二者必须指向同一个账号",
    hint_en="check the link and the platform id: both must name the same account",
)
def url_matches_id(ctx: RuleContext) -> Iterator[Finding]:
    """A link that names a platform id names the record's own `platform_id`.

    Why: A link and an id that disagree mean one of them belongs to another account, and the public
    verification would confirm the wrong one.

    Basis: This registry's format: the catalogue's link forms (`url_patterns`).

    Bad:

        # accounts/dh-gov/dh-gov-weibo.yaml
        url: https://weibo.com/u/5821406174

    Good:

        # accounts/dh-gov/dh-gov-weibo.yaml
        url: https://weibo.com/u/5821406173
    """
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        url, value = r.data.get("url"), r.data.get("platform_id")
        if p is None or not url or value is None:
            continue
        from_url = p.id_from_url(url)
        if from_url is not None and from_url != value:
            yield ctx.finding(r, "url", id_label=p.id_label, from_url=from_url, value=value)


@rule(
    "ACC019",
    title_zh="非应用账号填写了应用信息",
    title_en="App details on a non-app account",
    message_zh="{platform_zh}不是移动客户端或小程序，不应填写 app 信息",
    message_en="{platform_en} is not an app or mini-program; remove the app block",
    hint_zh="app 块只用于移动客户端和小程序",
    hint_en="the app block is for mobile apps and mini-programs only",
    severity="warning",
)
def app_block_only_for_apps(ctx: RuleContext) -> Iterator[Finding]:
    """Only apps and mini-programs carry an `app` block.

    Why: The app block declares what only an app has (IPv6, HTTPS, HTML5, servers, store delisting); on
    an account of a third-party platform it is a copy-and-paste slip. A warning.

    Basis: This registry's format: `app` is for mobile apps and mini-programs (catalogue kind `app` or
    `miniprogram`).

    Bad:

        # accounts/dh-gov/dh-gov-douyin.yaml
        app: {ipv6: true}

    Good:

        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true, https: true, html5: true, servers_abroad: false}
    """
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        if p is not None and "app" in r.data and p.kind == "account":
            yield ctx.finding(r, "app", platform_zh=p.zh, platform_en=p.en)
