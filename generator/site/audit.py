"""`portal audit`: rebuild the registry the way a published portal says it was built (its manifest's
`today` and options) and name every file that differs, is missing or is extra.

The build is byte-for-byte deterministic for one registry commit, `today`, generator and library
versions, so a difference means the published files are not what this registry builds. Differences in
the manifests themselves (another commit, another generator) are explained in the notes."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.site.build import build_site
from generator.site.manifest import read_manifest
from generator.site.output import MANIFEST, is_build_output


class AuditUsageError(Exception):
    """The audit cannot start (no manifest, no such folder); zh and en messages."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass
class AuditResult:
    site: Path
    today: str
    manifest: dict[str, Any]  # the published site's
    rebuilt: dict[str, Any]  # the rebuild's
    files: int  # files in the rebuild
    differs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # built, not in the site
    extra: list[str] = field(default_factory=list)  # in the site, not built
    notes: list[tuple[str, str]] = field(default_factory=list)  # (zh, en)

    @property
    def identical(self) -> bool:
        return not (self.differs or self.missing or self.extra)

    def as_json(self) -> dict[str, Any]:
        return {"identical": self.identical, "site": str(self.site), "today": self.today, "files": self.files,
                "differs": self.differs, "missing": self.missing, "extra": self.extra,
                "notes": [{"zh": zh, "en": en} for zh, en in self.notes],
                "registry": self.manifest.get("registry"), "rebuilt_registry": self.rebuilt.get("registry"),
                "generator": self.manifest.get("generator"), "rebuilt_generator": self.rebuilt.get("generator")}


def tree_digests(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file; a symlink or special file gets a marker instead, so it
    never equals a built file (and is never followed)."""
    out: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        base = Path(dirpath)
        for name in dirnames + filenames:
            p = base / name
            mode = os.lstat(p).st_mode
            rel = p.relative_to(root).as_posix()
            if stat.S_ISDIR(mode):
                continue
            if stat.S_ISREG(mode):
                with open(p, "rb") as f:
                    out[rel] = hashlib.file_digest(f, "sha256").hexdigest()
            else:
                out[rel] = f"not a regular file ({stat.filemode(mode)})"
    return out


def _notes(site: dict[str, Any], rebuilt: dict[str, Any]) -> list[tuple[str, str]]:
    notes = []
    a, b = site.get("registry") or {}, rebuilt.get("registry") or {}
    if a.get("commit") != b.get("commit") or a.get("state") != b.get("state"):
        notes.append((f"网站生成自备案库提交 {a.get('commit') or '（无：' + str(a.get('state')) + '）'}，"
                      f"本次重新生成用的是 {b.get('commit') or '（无：' + str(b.get('state')) + '）'}；请检出网站所用的提交",
                      f"the site was built from registry commit {a.get('commit') or a.get('state')}, this rebuild from "
                      f"{b.get('commit') or b.get('state')}: check out the site's commit"))
    ga, gb = site.get("generator") or {}, rebuilt.get("generator") or {}
    if ga.get("version") != gb.get("version") or ga.get("fingerprint") != gb.get("fingerprint"):
        notes.append((f"网站由生成程序 {ga.get('version')}（指纹 {str(ga.get('fingerprint'))[:12]}）生成，"
                      f"本机为 {gb.get('version')}（指纹 {str(gb.get('fingerprint'))[:12]}）",
                      f"the site was built by generator {ga.get('version')} (fingerprint "
                      f"{str(ga.get('fingerprint'))[:12]}), this machine has {gb.get('version')} "
                      f"({str(gb.get('fingerprint'))[:12]})"))
    la, lb = ga.get("libraries") or {}, gb.get("libraries") or {}
    for name in sorted(set(la) | set(lb)):
        if la.get(name) != lb.get(name):
            notes.append((f"库 {name} 的版本不同：网站 {la.get(name)}，本机 {lb.get(name)}",
                          f"library {name} differs: site {la.get(name)}, this machine {lb.get(name)}"))
    return notes


def audit_site(site: Path, registry: Path, today: str | None = None, jobs: int | None = None) -> AuditResult:
    """Rebuild `registry` into a temporary folder as `site`'s manifest says and compare. Raises
    AuditUsageError when `site` is no build output; RegistryHasErrors / UnsafeSources from the build."""
    site = Path(site)
    if not site.is_dir():
        raise AuditUsageError(f"找不到网站目录：{site}", f"site folder not found: {site}")
    if not is_build_output(site):
        raise AuditUsageError(f"{site} 中没有有效的生成清单 {MANIFEST}，无法核对",
                              f"{site} holds no valid build manifest {MANIFEST}: nothing to audit against")
    published = read_manifest(site)
    day = today or published.get("today")
    if not isinstance(day, str):
        raise AuditUsageError("生成清单中没有生成日期，请用 --today 指定", "the manifest has no `today`: give --today")
    options = published.get("options") or {}
    with tempfile.TemporaryDirectory(prefix="portal-audit-") as tmp:
        out = Path(tmp) / "site"
        build_site(registry, out, day, precompress=bool(options.get("precompress")), jobs=jobs)
        built, found = tree_digests(out), tree_digests(site)
        rebuilt = read_manifest(out)
    result = AuditResult(site=site, today=day, manifest=published, rebuilt=rebuilt, files=len(built))
    result.differs = sorted(p for p in built.keys() & found.keys() if built[p] != found[p])
    result.missing = sorted(built.keys() - found.keys())
    result.extra = sorted(found.keys() - built.keys())
    if not result.identical:
        result.notes = _notes(published, rebuilt)
    return result
