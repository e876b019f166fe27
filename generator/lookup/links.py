"""How a link is read (docs/verify.md, "Links"): found in a share text, turned into a link when written
without scheme, split by model.urls (the one link parser), then matched against the platform
catalogue's link forms. The catalogue comes as the index's meta (`Catalogue.from_meta`), so that the
browser reads links with the very same patterns.

A link gives keys of the index: `id:` (an immutable platform id, the portal's own account id), `biz:` and
`qr:` (a WeChat account's `__biz` and follow-code token), `url:` (a link a record holds that names no
key); or a nickname (weibo.com/n/…), or says it cannot be read offline (a short link), or that it is a
platform's link naming no account, or no platform's at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote as _unquote

from generator.model.urls import split_http_url

# A link with its scheme, in text: printable ASCII up to the first space or non-ASCII character.
_WITH_SCHEME = re.compile(r"https?://[\x21-\x7e]+", re.I)
# A link without scheme: a host with a common top-level domain, then an optional path.
_BARE = re.compile(r"(?<![A-Za-z0-9.@_-])((?:[A-Za-z0-9-]+\.)+(?:com|cn|net|org|tv|cc)(?::[0-9]+)?(?:/[\x21-\x7e]*)?)(?![A-Za-z0-9_-])", re.I)
_TRAILING = ".,;:!?)]}'\"`"
# The account page's own path on the portal: a scanned QR code from an account page.
_PORTAL_ACCOUNT = re.compile(r"^/accounts/([a-z0-9][a-z0-9-]{0,99})/?(?:index\.html)?$")
_PORTAL_VERIFY = re.compile(r"^/verify/(?:index\.html)?\?(?:.*&)?q=([^&#]*)")


def unquote(text: str) -> str:
    """Percent-decoding as JavaScript's decodeURIComponent does it, except that a text it would refuse
    (a stray %, bytes that are not UTF-8) is kept as it is."""
    if re.search(r"%(?![0-9A-Fa-f]{2})", text):
        return text
    try:
        return _unquote(text, errors="strict")
    except UnicodeDecodeError:
        return text


def find_link(text: str) -> str | None:
    """The first link in a text (a pasted link, an app's share text, a decoded QR code), with a scheme."""
    m = _WITH_SCHEME.search(text)
    if m:
        return m.group(0).rstrip(_TRAILING)
    m = _BARE.search(text)
    if m:
        return "https://" + m.group(1).rstrip(_TRAILING)
    return None


def js_pattern(py: str) -> str:
    """A catalogue regex in JavaScript's syntax (named groups)."""
    return py.replace("(?P<", "(?<")


def py_pattern(js: str) -> str:
    return js.replace("(?<", "(?P<").replace("(?P<=", "(?<=").replace("(?P<!", "(?<!")


@dataclass
class PlatformView:
    key: str
    zh: str
    family: str
    kind: str
    hosts: tuple[str, ...]
    short_hosts: tuple[str, ...]
    patterns: tuple[re.Pattern[str], ...]
    id_pattern: re.Pattern[str]
    id_label: str
    complaint: dict[str, str] = field(default_factory=dict)


@dataclass
class Catalogue:
    platforms: list[PlatformView]
    by_host: dict[str, list[PlatformView]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for p in self.platforms:
            for host in p.hosts:
                self.by_host.setdefault(host, []).append(p)

    @classmethod
    def from_meta(cls, meta: dict[str, Any]) -> Catalogue:
        return cls([PlatformView(key=p["key"], zh=p["zh"], family=p["family"], kind=p["kind"], hosts=tuple(p["hosts"]),
                                 short_hosts=tuple(p["short_hosts"]),
                                 patterns=tuple(re.compile(py_pattern(x)) for x in p["url_patterns"]),
                                 id_pattern=re.compile(py_pattern(p["id_pattern"])), id_label=p["id_label"],
                                 complaint=dict(p["complaint"])) for p in meta["platforms"]])

    def index(self, key: str) -> int:
        return next(i for i, p in enumerate(self.platforms) if p.key == key)


@dataclass
class LinkRead:
    """What a link says. kind: key | name | query | short | no_account | unknown."""

    kind: str
    link: str
    host: str = ""
    key: str = ""  # for kind key: the index key
    value: str = ""  # the value as the link gives it (the key is lower case)
    how: str = ""  # platform_id | portal_id | biz | qr | url
    platforms: tuple[str, ...] = ()  # platforms whose hosts the link is on
    text: str = ""  # for kind name: the nickname; for kind query: the portal query


def url_key(host: str, path: str) -> str:
    """A link a record holds, as an index key: host and path, no query, no trailing slash."""
    return "url:" + host + path.split("?", 1)[0].rstrip("/")


def link_keys(url: str, cat: Catalogue) -> list[tuple[str, str, str, str]]:
    """(key, how, platform, value) of every key a link gives, in catalogue order; [] when it gives none."""
    parts = split_http_url(url)
    if parts is None:
        return []
    host, rest = parts
    target = host + rest
    out: list[tuple[str, str, str, str]] = []
    for p in cat.by_host.get(host, ()):
        for pat in p.patterns:
            m = pat.search(target)
            if not m:
                continue
            for group, value in m.groupdict().items():
                if not value or group == "name":
                    continue
                if group == "id":
                    key, how = "id:" + value.lower(), "platform_id"
                else:
                    key, how = f"{group}:{unquote(value)}", group
                if (key, how, p.key, value) not in out:
                    out.append((key, how, p.key, value))
    return out


def read_link(url: str, cat: Catalogue, site_host: str) -> LinkRead:
    parts = split_http_url(url)
    if parts is None:
        return LinkRead("unknown", url)
    host, rest = parts
    if site_host and host == site_host:
        path = "/" + rest.lstrip("/") if rest else "/"
        m = _PORTAL_ACCOUNT.match(path.split("?", 1)[0])
        if m:
            return LinkRead("key", url, host, key="id:" + m.group(1), how="portal_id")
        m = _PORTAL_VERIFY.match(path)
        if m:
            return LinkRead("query", url, host, text=unquote(m.group(1).replace("+", " ")))
        return LinkRead("unknown", url, host)
    on = tuple(p.key for p in cat.platforms if host in p.hosts)
    if any(host in p.short_hosts for p in cat.platforms):
        return LinkRead("short", url, host, platforms=tuple(p.key for p in cat.platforms if host in p.short_hosts))
    keys = link_keys(url, cat)
    if keys:
        key, how, _, value = keys[0]
        return LinkRead("key", url, host, key=key, how=how, value=value, platforms=on)
    for p in cat.platforms:
        if host not in p.hosts:
            continue
        for pat in p.patterns:
            m = pat.search(host + rest)
            if m and "name" in m.groupdict() and m.group("name"):
                family = tuple(q.key for q in cat.platforms if q.family == p.family)
                return LinkRead("name", url, host, platforms=family, text=unquote(m.group("name")))
    if on:
        return LinkRead("no_account", url, host, key=url_key(host, rest), how="url", platforms=on)
    return LinkRead("unknown", url, host)
