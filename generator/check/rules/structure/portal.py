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
    """The registry has a portal.yaml (jurisdiction, policy profile, root unit).

    Why: Without it nothing says which jurisdiction's rules apply, which unit is at the top, or what the
    site is called; the jurisdiction rules fall back to the national profile.

    Basis: This registry's format (DESIGN.md: registry/portal.yaml).

    Bad:

        # portal.yaml: deleted

    Good:

        # portal.yaml
        name: 东湖区政务新媒体备案公示平台
        jurisdiction: 青山市东湖区
        root_unit: dh-gov
    """
    reg = ctx.registry
    if reg.portal is None and not broken(reg, "portal"):
        yield Finding(record=None, path="", args={}, file=f"{reg.display_root()}/portal.yaml")
