"""The platform catalogue (data/platforms.yaml): keys, names, immutable-id patterns, link forms."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import yaml

from generator.paths import DATA_DIR


@dataclass(frozen=True)
class Platform:
    key: str
    zh: str
    en: str
    family: str
    kind: str  # account | app | miniprogram
    id_label: str
    id_pattern: re.Pattern[str]
    id_example: str
    hosts: tuple[str, ...]
    url_patterns: tuple[re.Pattern[str], ...]
    name_max: int | None
    aliases: tuple[str, ...]
    handle_label: str = ""

    def id_matches(self, value: str) -> bool:
        return self.id_pattern.fullmatch(value) is not None

    def host_allowed(self, url: str) -> bool:
        host = (urlsplit(url).hostname or "").lower()
        return host in self.hosts

    def id_from_url(self, url: str) -> str | None:
        """The immutable id a link names, when one of the catalogue's link forms gives it."""
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https"):
            return None
        rest = (parts.hostname or "").lower() + parts.path
        if parts.query:
            rest += "?" + parts.query
        for pat in self.url_patterns:
            m = pat.search(rest)
            if m and "id" in m.groupdict() and m.group("id"):
                return m.group("id")
        return None


@cache
def catalogue() -> dict[str, Platform]:
    raw = yaml.safe_load((DATA_DIR / "platforms.yaml").read_text("utf-8"))
    out: dict[str, Platform] = {}
    for p in raw["platforms"]:
        out[p["key"]] = Platform(
            key=p["key"],
            zh=p["zh"],
            en=p["en"],
            family=p["family"],
            kind=p["kind"],
            id_label=p["id_label"],
            id_pattern=re.compile(p["id_pattern"]),
            id_example=str(p["id_example"]),
            hosts=tuple(p.get("hosts") or ()),
            url_patterns=tuple(re.compile(u) for u in p.get("url_patterns") or ()),
            name_max=p.get("name_max"),
            aliases=tuple(str(a) for a in p.get("aliases") or ()),
            handle_label=p.get("handle_label", ""),
        )
    return out


def get(key: str) -> Platform | None:
    return catalogue().get(key)
