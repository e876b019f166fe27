"""CODEOWNERS from the registry: who reviews a change to each path, by the same ownership
`portal check-pr` enforces (`ownership`), so that the host's review rules and the check agree.

- everything: the registry's administrators (`administrators` in portal.yaml);
- a unit's record and its accounts' folder: the maintainers of the unit and of every unit above it;
- an inspection batch: the inspecting unit's maintainers;
- portal.yaml, schemas, the code, site/, mkdocs.yml and CI files: the administrators, listed last so
  that no other line overrides them.

GitHub and GitLab read the same syntax (the last matching pattern wins). A login is written `@login`,
an e-mail as it is. The output depends only on the registry: sorted, no date.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.check.pr.ownership import maintainers, norm
from generator.load.read import analyse
from generator.paths import ACCOUNTS_DIR, INSPECTIONS_DIR, PORTAL_FILE, UNITS_DIR

HEADER = ("# 由 `portal codeowners` 根据各单位的 maintainers 和 portal.yaml 的 administrators 生成，请勿手工修改。\n"
          "# Written by `portal codeowners` from the units' maintainers and portal.yaml's administrators; do not edit.\n")

# Paths outside the records: changed by the administrators only (repository-relative).
ADMIN_PATHS = ("/.github/", "/.gitlab/", "/.gitlab-ci.yml", "/ci/", "/generator/", "/schemas/", "/site/", "/mkdocs.yml",
               "/pyproject.toml", "/requirements.lock", "/.pre-commit-hooks.yaml")


def owner(identity: str) -> str:
    """`@login` for a login, the address for an e-mail."""
    text = identity.strip()
    if "@" in text.lstrip("@"):
        return text
    return "@" + text.lstrip("@")


def _owners(identities: Iterable[str], spelled: dict[str, str]) -> str:
    return " ".join(sorted(owner(spelled.get(i, i)) for i in set(identities)))


def _read(path: Path, kind: str) -> dict[str, Any] | None:
    try:
        return analyse(path.read_bytes(), kind).data
    except OSError:
        return None


def render(root: Path, prefix: str) -> str:
    """The CODEOWNERS text for the registry at root, which lies at `prefix` in its repository."""
    pre = f"/{prefix}/" if prefix else "/"
    units: dict[str, dict[str, Any]] = {}
    for path in sorted((root / UNITS_DIR).glob("*.yaml")):
        data = _read(path, "unit")
        if data is not None:
            units[path.stem] = data
    spelled: dict[str, str] = {}  # normalised identity -> as first written
    for data in units.values():
        for m in data.get("maintainers") or ():
            spelled.setdefault(norm(m), m)
    portal = _read(root / PORTAL_FILE, "portal") or {}
    admins = [a for a in portal.get("administrators") or () if isinstance(a, str)]
    for a in admins:
        spelled.setdefault(norm(a), a)
    admin_owners = _owners((norm(a) for a in admins), spelled)
    lines = [HEADER]
    if admin_owners:
        lines.append(f"* {admin_owners}\n")
    lines.append("\n# 单位及其账号 / units and their accounts\n")
    for uid in sorted(units):
        who = _owners(maintainers(uid, units.get), spelled)
        if who:
            lines.append(f"{pre}{UNITS_DIR}/{uid}.yaml {who}\n")
            lines.append(f"{pre}{ACCOUNTS_DIR}/{uid}/ {who}\n")
    batches = []
    for path in sorted((root / INSPECTIONS_DIR).glob("*/*.yaml")):
        inspector = (_read(path, "inspection") or {}).get("inspector")
        who = _owners((norm(m) for m in (units.get(inspector) or {}).get("maintainers") or ()), spelled) \
            if isinstance(inspector, str) else ""
        if who:
            batches.append(f"{pre}{path.relative_to(root).as_posix()} {who}\n")
    if batches:
        lines += ["\n# 检查批次 / inspection batches\n", *batches]
    if admin_owners:
        lines.append("\n# 只由管理员修改 / administrators only\n")
        lines += [f"{p} {admin_owners}\n" for p in (f"{pre}{PORTAL_FILE}", *ADMIN_PATHS)]
    return "".join(lines)
