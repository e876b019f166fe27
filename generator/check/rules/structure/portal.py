"""The portal configuration exists."""

from __future__ import annotations

from collections.abc import Iterator

from generator.check.engine import Finding, RuleContext, rule
from generator.check.rules.structure.common import broken


@rule(
    "PORT001",
    title_zh="缺少门户配置",
    title_en="Portal configuration missing",
    message_zh="备案库缺少 portal.yaml（辖区名称、适用规则、根单位）",
    message_en="the registry has no portal.yaml (jurisdiction, policy profile, root unit)",
    hint_zh="在备案库根目录建立 portal.yaml，参见示例备案库",
    hint_en="create portal.yaml at the registry's root; see the sample registry",
)
def portal_config_present(ctx: RuleContext) -> Iterator[Finding]:
    reg = ctx.registry
    if reg.portal is None and not broken(reg, "portal"):
        yield Finding(record=None, path="", args={}, file=f"{reg.display_root()}/portal.yaml")
