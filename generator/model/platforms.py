"""The platform catalogue (model/platforms.yaml): keys, names, immutable-id patterns, link forms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import yaml

from generator.model.urls import UNSAFE, split_http_url
from generator.paths import PLATFORMS_FILE


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
    short_hosts: tuple[str, ...] = ()  # link shorteners: a link there names no account until opened
    complaint: tuple[tuple[str, str], ...] = ()  # the platform's own reporting channel: (("zh", how), ("url", page))
    # Derived, for the rules that read every account's link:
    # "http(s)://host/", "…?" and "…#" for each plain host: a link starting with one of these has that
    # host (split_http_url would say so), so host_allowed needs no parsing for it;
    link_prefixes: tuple[str, ...] = field(init=False)
    # the link forms that can give an id (a form without an `id` group never does).
    id_url_patterns: tuple[re.Pattern[str], ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "link_prefixes", _link_prefixes(self.hosts))
        object.__setattr__(self, "id_url_patterns", tuple(p for p in self.url_patterns if "id" in p.groupindex))

    def id_matches(self, value: str) -> bool:
        return self.id_pattern.fullmatch(value) is not None

    def host_allowed(self, url: str) -> bool:
        """Whether the link is publishable (model.urls) and on one of this platform's hosts."""
        if url.startswith(self.link_prefixes):
            return not UNSAFE.search(url)
        parts = split_http_url(url)
        return parts is not None and parts[0] in self.hosts

    def _link_rest(self, url: str) -> str | None:
        """host + path (+ "?query") of a link, as split_http_url gives them; read straight off the
        link when it starts with one of `link_prefixes` (nearly every link, checked for every account)."""
        if url.startswith(self.link_prefixes):
            if UNSAFE.search(url):
                return None
            rest = url[8 if url[4] == "s" else 7 :].partition("#")[0]  # after "https://" or "http://"
            # split_http_url drops a "?" with an empty query after it: the first "?" ending the link
            return rest[:-1] if rest.find("?") == len(rest) - 1 else rest
        parts = split_http_url(url)
        return None if parts is None else parts[0] + parts[1]

    def id_from_url(self, url: str) -> str | None:
        """The immutable id a link names, when one of the catalogue's link forms gives it."""
        rest = self._link_rest(url.strip())
        if rest is None:
            return None
        for pat in self.id_url_patterns:
            m = pat.search(rest)
            if m and m.group("id"):
                return m.group("id")
        return None


def _link_prefixes(hosts: tuple[str, ...]) -> tuple[str, ...]:
    plain = [h for h in hosts if h and h == h.lower() and not any(c in h for c in "@:/?#[]\\")]
    return tuple(f"{scheme}://{h}{end}" for scheme in ("http", "https") for h in plain for end in "/?#")


@cache
def entries() -> dict[str, dict[str, Any]]:
    """The catalogue as written in platforms.yaml, by key (the jurisdiction rules read it raw). Read
    with libyaml where available: the same data at a tenth of the pure-Python parser's cost."""
    return {p["key"]: p for p in catalogue_file()["platforms"]}


@cache
def catalogue() -> dict[str, Platform]:
    out: dict[str, Platform] = {}
    for p in entries().values():
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
            short_hosts=tuple(p.get("short_hosts") or ()),
            complaint=tuple(sorted((p.get("complaint") or {}).items())),
        )
    return out


def _alias_form(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "")


@cache
def _by_alias() -> dict[str, str]:
    out: dict[str, str] = {}
    for p in catalogue().values():
        for name in (p.key, p.zh, p.en, *p.aliases):
            out.setdefault(_alias_form(name), p.key)
    return out


def key_for(name: str) -> str | None:
    """The catalogue key a clerk means by a platform's name or alias (快手 → kuaishou), or None."""
    return _by_alias().get(_alias_form(name))


@cache
def catalogue_file() -> dict[str, Any]:
    """platforms.yaml as written (the catalogue and its `kind_words`)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return dict(yaml.load(PLATFORMS_FILE.read_text("utf-8"), Loader=loader))


def kind_words() -> dict[str, tuple[str, ...]]:
    """Words that name a kind of platform (客户端 → every app), by kind."""
    return {k: tuple(str(w) for w in v) for k, v in (catalogue_file().get("kind_words") or {}).items()}


def get(key: str) -> Platform | None:
    return catalogue().get(key)
