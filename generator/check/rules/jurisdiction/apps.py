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
    yield from _feature(ctx, "ipv6")


@rule("APP002", severity="warning", title_zh="客户端须支持 HTTPS", title_en="App must support HTTPS",
      message_zh="移动客户端须支持 HTTPS：{state_zh}", message_en="The app must support HTTPS: {state_en}",
      **_COMMON)  # type: ignore[arg-type]
def https(ctx: RuleContext) -> Iterator[Finding]:
    yield from _feature(ctx, "https")


@rule("APP003", severity="warning", title_zh="客户端须采用 HTML5 标准", title_en="App must follow HTML5",
      message_zh="移动客户端须采用 HTML5 标准规范建设：{state_zh}", message_en="The app must be built to the HTML5 standard: {state_en}",
      **_COMMON)  # type: ignore[arg-type]
def html5(ctx: RuleContext) -> Iterator[Finding]:
    yield from _feature(ctx, "html5")


@rule("APP004", group="jurisdiction", severity="error",
      title_zh="应用部署在境外服务器", title_en="App hosted on servers abroad",
      message_zh="政务新媒体应用程序不得部署在境外服务器（app.servers_abroad 为 true）",
      message_en="A government app may not be hosted on servers abroad (app.servers_abroad is true)",
      hint_zh="迁移到境内服务器后改为 servers_abroad: false。",
      hint_en="Move it to servers in China, then set servers_abroad: false.")
def servers_abroad(ctx: RuleContext) -> Iterator[Finding]:
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
    for a in _apps(ctx, ("app", "miniprogram")):
        if "servers_abroad" not in (a.data.get("app") or {}):
            yield ctx.finding(a, "app")
