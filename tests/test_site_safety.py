"""Nothing hostile gets through: escaping helpers, the link policy, and a full build of a registry
full of hostile strings checked statically (the browser test checks it in Chromium)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from generator.site.safety import json_for_script, md_escape, platform_link, web_link
from tests.support.site import HOSTILE, build, copy_registry, parse, tree_bytes

WEIBO = ("weibo.com", "m.weibo.cn")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " https://weibo.com/u/1", "https://weibo.com.evil.cn/u/1",
    "https://evil.cn/weibo.com", "https://user:pw@weibo.com/u/1", "data:text/html,x", "//weibo.com/u/1",
    "https://weibo.com/u/1\nx", "ftp://weibo.com/", None, 42,
])
def test_platform_link_rejects(url: object) -> None:
    assert platform_link(url, WEIBO) is None


def test_platform_link_accepts_own_hosts_only() -> None:
    assert platform_link("https://weibo.com/u/2803301701", WEIBO) == "https://weibo.com/u/2803301701"
    assert platform_link("http://M.WEIBO.CN/u/1", WEIBO) == "http://M.WEIBO.CN/u/1"
    assert platform_link("https://weibo.com/u/1", ()) is None
    assert web_link("https://www.gov.cn/x") == "https://www.gov.cn/x"
    assert web_link("javascript:x") is None


def test_json_for_script_cannot_close_the_tag() -> None:
    out = str(json_for_script({"a": "</script><!-- \u2028 & '"}))
    assert "<" not in out and ">" not in out and "&" not in out and "\u2028" not in out
    assert json.loads(out) == {"a": "</script><!-- \u2028 & '"}


def test_md_escape() -> None:
    assert md_escape("[x](javascript:1) ![i](u) <b> *a* _b_ `c`") == (
        "\\[x\\]\\(javascript:1\\) \\!\\[i\\]\\(u\\) \\<b\\> \\*a\\* \\_b\\_ \\`c\\`")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    out = base / "out"
    build(copy_registry(HOSTILE, base), out, precompress=True)
    return out


# The only inline scripts a page may carry: the theme's own and the large-type switch.
ALLOWED_INLINE = ("__md_scope=", 'try{if(localStorage.getItem("portal-large-type")', "var target=document.getElementById")


def test_hostile_no_injected_markup(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        t = parse(page)
        rel = page.relative_to(hostile_site)
        for tag, attrs in t.tags:
            assert tag not in ("iframe", "style", "object", "embed"), (rel, tag, attrs)
            if tag == "img":
                assert (attrs.get("src") or "").endswith(("qr.svg", "assets/portal/logo.svg")), (rel, attrs)
            assert not any(name.startswith("on") for name in attrs), (rel, tag, attrs)
            for name in ("href", "src", "action"):
                assert not (attrs.get(name) or "").lower().lstrip().startswith(("javascript:", "data:")), (rel, attrs)
        for body in t.scripts:
            assert body == "" or body.startswith(ALLOWED_INLINE) or body.startswith("{"), (rel, body[:80])
            assert "__pwned" not in body, rel
        text = page.read_text("utf-8")
        assert "<svg onload" not in text
        assert "\u202e" not in text and "\u202a" not in text, rel  # no bidi override reorders the page


def test_hostile_links_only_to_platform_hosts(hostile_site: Path) -> None:
    wechat = (hostile_site / "accounts/evil-wechat/index.html").read_text("utf-8")
    weibo = (hostile_site / "accounts/evil-weibo/index.html").read_text("utf-8")
    assert 'href="https://mp.weixin.qq.com/&#34;&gt;&lt;script&gt;' in wechat  # own host: escaped, kept
    assert "evil.example.com" not in weibo  # another host: not linked
    assert "user:pass@" not in (hostile_site / "notices/index.html").read_text("utf-8")
    detail = json.loads((hostile_site / "api/accounts/evil-weibo.json").read_text("utf-8"))
    assert "url" not in detail


def test_hostile_text_is_shown_escaped(hostile_site: Path) -> None:
    page = (hostile_site / "accounts/evil-wechat/index.html").read_text("utf-8")
    assert "&lt;script&gt;window.__pwned=12&lt;/script&gt;青山发布" in page
    assert "{{ 7*7 }}" in page and "49" not in page.split("<article", 1)[1].split("</article>")[0]
    assert "[点我](javascript:window.__pwned=13)" in page  # Markdown syntax is shown, never interpreted


def test_hostile_canary_never_published(hostile_site: Path) -> None:
    for rel, data in tree_bytes(hostile_site).items():
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        for canary in (b"CANARY", b"13900000000", b"13700000000", b"canary-9c1e"):
            assert canary not in data, (rel, canary)


def test_csv_formula_guard() -> None:
    from generator.site.exports import _cell

    assert _cell("=HYPERLINK(1)") == "'=HYPERLINK(1)" and _cell("+1") == "'+1" and _cell("青山") == "青山"
    assert _cell(None) == ""
