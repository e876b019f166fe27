"""The one reading of a link that every stage shares: the rules (ACC005, ACC006), the importer and the
pages read a link's host here, so that a link the validator accepts is exactly a link the portal
publishes.

A link is published only when it is a plain http(s) link: no user info (`https://user@weibo.com/…`
shows one host and may lead a browser to another), a host that is a plain DNS name (no IP literal, no
backslash), and no space or control character anywhere. Anything else has no host here.
"""

from __future__ import annotations

import re

# Spaces (Unicode whitespace included) and control characters anywhere in a link; noncharacters too.
UNSAFE = re.compile(r"[\x00-\x1f\x7f\ufffe\uffff]|\s")
HOST = re.compile(r"[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?")


def split_http_url(url: str) -> tuple[str, str] | None:
    """(lower-cased host, path with query) of a publishable http(s) link, fragment dropped (port
    dropped too); None for any other link. A "?" with an empty query after it is dropped."""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or UNSAFE.search(url):
        return None
    rest = rest.partition("#")[0]
    end = len(rest)
    for ch in "/?":
        j = rest.find(ch)
        if 0 <= j < end:
            end = j
    authority = rest[:end]
    if "@" in authority:
        return None
    host = authority.partition(":")[0].lower()
    if not HOST.fullmatch(host):
        return None
    path, _, query = rest[end:].partition("?")
    return host, path + ("?" + query if query else "")


def link_host(url: object) -> str | None:
    """The host of a publishable link, or None (not a string, not a publishable link)."""
    if not isinstance(url, str):
        return None
    parts = split_http_url(url)
    return parts[0] if parts else None
