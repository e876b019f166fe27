"""Own mobile apps (APP): IPv6, HTTPS and HTML5 declared (江西; IPv6 everywhere but 六安), servers not
abroad (李沧)."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.jurisdiction.common import platform_kind
from generator.model.records import Record


def _apps(ctx: RuleContext, kinds: tuple[str, ...] = ("app",)) -> Iterator[Record]:
    for a in ctx.registry.accounts:
        if a.data.get("status") != "deregistered" and platform_kind(a.data.get("platform", "")) in kinds:
            yield a


def _feature(ctx: RuleContext, key: str) -> Iterator[Finding]:
    for a in _apps(ctx):
        value = (a.data.get("app") or {}).get(key)
        if value is not True:
            state_zh, state_en = ("声明为不支持", "declared unsupported") if value is False else ("未声明", "not declared")
            yield ctx.finding(a, f"app.{key}", state_zh=state_zh, state_en=state_en)


_COMMON = dict(group="jurisdiction", hint_zh="在 app 中如实声明（true/false），并完成技术改造。",
               hint_en="Declare it (true/false) under `app` and upgrade the app.")


@rule("APP001", severity="warning", title_zh="客户端须支持 IPv6", title_en="App must support IPv6",
      message_zh="移动客户端须全面支持 IPv6：{state_zh}", message_en="The app must fully support IPv6: {state_en}",
      **_COMMON)  # type: ignore[arg-type]
def ipv6(ctx: RuleContext) -> Iterator[Finding]:
    """An own mobile app that is not deregistered declares full IPv6 support (`app.ipv6: true`).

    Why: Government apps are to be reachable over IPv6 as the country moves to it; the declaration makes
    the office state it, and an app that does not support IPv6 yet is reported until it does.

    Basis: 《推进互联网协议第六版（IPv6）规模部署行动计划》 (2017) for government services; a local profile
    makes it a rule (江西, 李沧, 昆山, 白城).

    Bad:

        # profile: kunshan
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: false, servers_abroad: false}

    Good:

        # profile: kunshan
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true, servers_abroad: false}
    """
    yield from _feature(ctx, "ipv6")


@rule("APP002", severity="warning", title_zh="客户端须支持 HTTPS", title_en="App must support HTTPS",
      message_zh="移动客户端须支持 HTTPS：{state_zh}", message_en="The app must support HTTPS: {state_en}",
      **_COMMON)  # type: ignore[arg-type]
def https(ctx: RuleContext) -> Iterator[Finding]:
    """An own mobile app that is not deregistered declares HTTPS support (`app.https: true`).

    Why: An app that talks to its server in clear text exposes the public's data and can be tampered with
    on the way.

    Basis: Local rule (江西: 支持 HTTPS); no national clause.

    Bad:

        # profile: jiangxi
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true, https: false, html5: true}

    Good:

        # profile: jiangxi
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true, https: true, html5: true}
    """
    yield from _feature(ctx, "https")


@rule("APP003", severity="warning", title_zh="客户端须采用 HTML5 标准", title_en="App must follow HTML5",
      message_zh="移动客户端须采用 HTML5 标准规范建设：{state_zh}", message_en="The app must be built to the HTML5 standard: {state_en}",
      **_COMMON)  # type: ignore[arg-type]
def html5(ctx: RuleContext) -> Iterator[Finding]:
    """An own mobile app that is not deregistered declares it is built to HTML5 (`app.html5: true`).

    Why: HTML5 pages serve every phone and can be reused by the government website, instead of one native
    build per platform.

    Basis: Local rule (江西: 采用 HTML5 标准规范建设); no national clause.

    Bad:

        # profile: jiangxi
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true, https: true}

    Good:

        # profile: jiangxi
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true, https: true, html5: true}
    """
    yield from _feature(ctx, "html5")


@rule("APP004", group="jurisdiction", severity="error",
      title_zh="应用部署在境外服务器", title_en="App hosted on servers abroad",
      message_zh="政务新媒体应用程序不得部署在境外服务器（app.servers_abroad 为 true）",
      message_en="A government app may not be hosted on servers abroad (app.servers_abroad is true)",
      hint_zh="迁移到境内服务器后改为 servers_abroad: false。",
      hint_en="Move it to servers in China, then set servers_abroad: false.")
def servers_abroad(ctx: RuleContext) -> Iterator[Finding]:
    """A government app or mini-program is not hosted on servers abroad (`app.servers_abroad` is not true).

    Why: Government services and the public's data they hold stay on servers in China.

    Basis: Local rule (李沧 第十七条（四）); no national clause.

    Bad:

        # profile: licang
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true, servers_abroad: true}

    Good:

        # profile: licang
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true, servers_abroad: false}
    """
    for a in _apps(ctx, ("app", "miniprogram")):
        if (a.data.get("app") or {}).get("servers_abroad") is True:
            yield ctx.finding(a, "app.servers_abroad")


@rule("APP005", group="jurisdiction", severity="info",
      title_zh="未声明服务器位置", title_en="Server location not declared",
      message_zh="未声明应用服务器是否在境外（app.servers_abroad），无法检查境外部署",
      message_en="It is not declared whether the app's servers are abroad (app.servers_abroad), so hosting "
                 "abroad cannot be checked",
      hint_zh="在 app 中填写 servers_abroad: false（或 true）。",
      hint_en="Set app.servers_abroad: false (or true).")
def servers_undeclared(ctx: RuleContext) -> Iterator[Finding]:
    """An app or mini-program declares where its servers are (`app.servers_abroad`).

    Why: Without the declaration the rule on servers abroad (APP004) cannot be checked; the registry says
    so (info) instead of assuming either way.

    Basis: Local rule (李沧 第十七条（四）), as APP004.

    Bad:

        # profile: licang
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true}

    Good:

        # profile: licang
        # accounts/dh-gov/dh-gov-app.yaml
        platform: android_app
        name: 东湖发布
        platform_id: cn.gov.qingshan.donghu
        app: {ipv6: true, servers_abroad: false}
    """
    for a in _apps(ctx, ("app", "miniprogram")):
        if "servers_abroad" not in (a.data.get("app") or {}):
            yield ctx.finding(a, "app")
