"""The link fast paths of the platform catalogue (a link starting with a catalogue host is read
without parsing) answer exactly as parsing with split_http_url does."""

from __future__ import annotations

import random

from generator.model.platforms import Platform, catalogue
from generator.model.urls import split_http_url


def _parsed_host_allowed(p: Platform, url: str) -> bool:
    parts = split_http_url(url)
    return parts is not None and parts[0] in p.hosts


def _parsed_rest(url: str) -> str | None:
    parts = split_http_url(url)
    return None if parts is None else parts[0] + parts[1]


def _parsed_id(p: Platform, url: str) -> str | None:
    """id_from_url as it was: parse, then try every link form."""
    parts = split_http_url(url.strip())
    if parts is None:
        return None
    rest = parts[0] + parts[1]
    for pat in p.url_patterns:
        m = pat.search(rest)
        if m and "id" in m.groupdict() and m.group("id"):
            return m.group("id")
    return None


def _links(n: int) -> list[str]:
    """Random links around the catalogue hosts: odd schemes, case, ports, users, queries, fragments."""
    rng = random.Random(7)
    hosts = sorted({h for p in catalogue().values() for h in p.hosts}) + ["evil.cn", "WEIBO.com"]
    bits = ["/", "?", "#", "@", ":", "8080", "u", "id", "=", "&", "x", "[", "]", "?", "/", "%", " "]
    out = []
    for _ in range(n):
        scheme = rng.choice(["http://", "https://", "HTTPS://", "ftp://", "http:/", ""])
        tail = "".join(rng.choice(bits) for _ in range(rng.randint(0, 8)))
        out.append(scheme + rng.choice(hosts) + rng.choice(["", "/", "?", "#", "/u/123", "?"]) + tail)
    return out


def test_host_allowed_and_link_rest_agree_with_parsing() -> None:
    links = _links(20_000)
    for p in catalogue().values():
        for url in links:
            assert p.host_allowed(url) == _parsed_host_allowed(p, url), (p.key, url)
            assert p._link_rest(url) == _parsed_rest(url), (p.key, url)
            assert p.id_from_url(url) == _parsed_id(p, url), (p.key, url)


def test_id_from_url_agrees_on_real_link_forms() -> None:
    """Links built from each platform's example id and link forms, plus noise around them."""
    for p in catalogue().values():
        for host in p.hosts:
            for path in ("/u/" + p.id_example, "/" + p.id_example, "/user/" + p.id_example, "/c/user/" + p.id_example,
                         "/mp/profile_ext?action=home&__biz=" + p.id_example, "/x?username=" + p.id_example):
                for url in (f"https://{host}{path}", f"http://{host}{path}?", f" https://{host}{path}#top "):
                    assert p.id_from_url(url) == _parsed_id(p, url), (p.key, url)


def test_catalogue_read_with_libyaml_is_the_catalogue_as_written() -> None:
    import yaml

    from generator.check.rules.jurisdiction.common import catalogue as raw_catalogue
    from generator.model.platforms import entries
    from generator.paths import PLATFORMS_FILE

    raw = yaml.safe_load(PLATFORMS_FILE.read_text("utf-8"))
    assert entries() == {p["key"]: p for p in raw["platforms"]}
    assert raw_catalogue() is entries()
