"""What an import needs to know of the registry it goes into: its units by id and by name, the accounts
already registered (by platform id and by name), and who supervises a new unit.

Read with the loader but judged by nothing: a registry with other problems can still take an import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.check.naming import normalize
from generator.model import platforms


class KnownRegistry:
    def __init__(self, root: Path) -> None:
        from generator.load.registry import load_registry

        reg, _ = load_registry(root, use_cache=False)
        self.units: dict[str, dict[str, Any]] = {u.id: u.data for u in reg.units}
        self.by_name: dict[str, str] = {}  # normalised full or short name → unit id
        for uid, u in sorted(self.units.items()):
            for n in (u.get("name", ""), *(u.get("short_names") or ())):
                self.by_name.setdefault(normalize(n), uid)
        self.account_ids = {a.id for a in reg.accounts}
        self.platform_ids: dict[tuple[str, str], str] = {}  # (platform family, platform id) → account id
        self.names: dict[tuple[str, str, str], str] = {}  # (host unit, platform, normalised name) → account id
        cat = platforms.catalogue()
        for a in reg.accounts:
            d = a.data
            p = cat.get(d.get("platform", ""))
            if p and d.get("platform_id"):
                self.platform_ids[(p.family, d["platform_id"])] = a.id
            self.names[(d.get("host_unit", ""), d.get("platform", ""), normalize(d.get("name", "")))] = a.id
        self.root_unit: str | None = reg.config.get("root_unit")

    def supervisor_for(self, regions: list[str], written: str) -> str | None:
        """A new unit's supervisor: the unit the sheet names, else the nearest government office of the
        unit's regions (青山市东湖区人民政府办公室, then 东湖区…, then 青山市…), else the root's supervisor."""
        sup = self.by_name.get(normalize(written)) if written else None
        if sup is None:
            sup = self._nearest_office(regions)
        if sup is None and self.root_unit and self.root_unit in self.units:
            sup = self.units[self.root_unit].get("supervisor") or self.root_unit
        return sup

    def _nearest_office(self, regions: list[str]) -> str | None:
        for i in range(len(regions), 0, -1):
            for prefix in ("".join(regions[:i]), regions[i - 1]):
                sup = self.by_name.get(normalize(prefix + "人民政府办公室"))
                if sup:
                    return sup
        return None
