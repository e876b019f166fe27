"""The ONE entry point between the loaded registry and every renderer or export.

Renderers never see a `Registry`; they get a `PublicData` built here, whose dicts are fresh copies
without the `private` block (accounts, units) and unit `maintainers`. A canary test plants strings in
those fields and asserts they appear nowhere in the output."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model.records import Registry

# Top-level fields no page or export may read, by record kind.
_WITHHELD: dict[str, frozenset[str]] = {
    "account": frozenset({"private"}),
    "unit": frozenset({"private", "maintainers"}),
    "inspection": frozenset({"private"}),
    "portal": frozenset({"private", "rule_overrides", "calendar"}),
}


def _strip(kind: str, data: dict[str, Any], file: str) -> dict[str, Any]:
    drop = _WITHHELD[kind]
    out = {k: v for k, v in data.items() if k not in drop}
    out["_file"] = file  # repository path, for Git history; never rendered as text
    return out


@dataclass
class PublicData:
    config: dict[str, Any]
    units: list[dict[str, Any]] = field(default_factory=list)
    accounts: list[dict[str, Any]] = field(default_factory=list)
    inspections: list[dict[str, Any]] = field(default_factory=list)


def public_data(registry: Registry) -> PublicData:
    cfg = _strip("portal", registry.config, registry.portal.file if registry.portal else "")
    return PublicData(
        config=cfg,
        units=sorted((_strip("unit", r.data, r.file) for r in registry.units), key=lambda u: u["id"]),
        accounts=sorted((_strip("account", r.data, r.file) for r in registry.accounts), key=lambda a: a["id"]),
        inspections=sorted((_strip("inspection", r.data, r.file) for r in registry.inspections),
                           key=lambda i: (i["date"], i["id"])),
    )
