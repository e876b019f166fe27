"""The platform catalogue: every example id matches its pattern, link forms give the id, and the
link splitter agrees with urllib on every publishable link and refuses the others."""

from __future__ import annotations

from urllib.parse import urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.model.platforms import catalogue
from generator.model.urls import HOST, UNSAFE, split_http_url


def test_examples_match_their_patterns_and_keys_are_unique() -> None:
    cat = catalogue()
    assert len(cat) >= 19
    for p in cat.values():
        assert p.id_matches(p.id_example), p.key
    aliases = [a for p in cat.values() for a in p.aliases]
    assert len(aliases) == len(set(aliases)), "an alias names two platforms"


def test_links_give_the_immutable_id() -> None:
    cat = catalogue()
    assert cat["weibo"].id_from_url("https://weibo.com/u/2803301701") == "2803301701"
    assert cat["weibo"].id_from_url("https://m.weibo.cn/profile/2803301701?from=x") == "2803301701"
    assert cat["bilibili"].id_from_url("https://space.bilibili.com/1633749216/video") == "1633749216"
    assert cat["ios_app"].id_from_url("https://apps.apple.com/cn/app/qingshan/id1468213594") == "id1468213594"
    assert cat["weibo"].id_from_url("javascript://weibo.com/u/2803301701") is None
    assert cat["weibo"].host_allowed("https://WEIBO.com/u/1") and not cat["weibo"].host_allowed("https://weibo.com.evil.cn/")


_SAFE = st.text(st.characters(blacklist_categories=("Cs", "Zs", "Cc", "Zl", "Zp")), max_size=30)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(scheme=st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript"]), user=st.sampled_from(["", "u@", "a:b@"]),
       host=st.sampled_from(["weibo.com", "WeiBo.COM", "[::1]", "a.b.c", "x"]), port=st.sampled_from(["", ":80", ":x"]),
       tail=_SAFE)
def test_split_agrees_with_urllib(scheme: str, user: str, host: str, port: str, tail: str) -> None:
    url = f"{scheme}://{user}{host}{port}{tail}"
    ours = split_http_url(url)  # never raises, unlike urllib on a stray "["
    try:
        p = urlsplit(url)
        hostname = (p.hostname or "").lower()
    except ValueError:
        return
    publishable = (p.scheme in ("http", "https") and not user and HOST.fullmatch(hostname) is not None
                   and not UNSAFE.search(url))
    if not publishable:
        assert ours is None
        return
    assert ours == (hostname, p.path + ("?" + p.query if p.query else ""))


def test_a_link_with_user_info_is_neither_accepted_nor_published() -> None:
    from generator.site.safety import platform_link

    weibo = catalogue()["weibo"]
    for url in ("https://user@weibo.com/u/2803301701", "https://evil.cn\\@weibo.com/u/2803301701",
                "https://weibo.com:x@evil.cn/u/2803301701", "https://weibo.com/u/28033\u300001701"):
        assert split_http_url(url) is None, url
        assert not weibo.host_allowed(url), url
        assert weibo.id_from_url(url) is None, url
        assert platform_link(url, weibo.hosts) is None, url
    assert platform_link("https://weibo.com/u/2803301701", weibo.hosts) == "https://weibo.com/u/2803301701"
