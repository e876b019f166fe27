"""The page shell (mkdocs-material's header, navigation, search dialog and configuration, with the
portal's overrides in site/overrides and the mkdocs hook), which every page carries and every account
page's 12 KiB budget pays for: no byte twice, nothing for a feature the site leaves off, names kept for
screen readers, and the scripts deferred but for those that must run before the page is painted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator.site.mkdocs_hooks import compact_config
from tests.support.site import parse

# The account page's budget is 12 KiB; the longest account article of a national registry is about 3.3 KB
# (many filings, inspections, long names): the shell around it must stay within the rest.
SHELL_BUDGET = 12 * 1024 - 3400
_ARTICLE = re.compile(rb'<article class="md-content__inner md-typeset">.*?</article>', re.S)


@pytest.fixture(scope="module")
def out(small_site: Path) -> Path:
    return small_site


def test_the_shell_of_account_pages_keeps_within_its_budget(out: Path) -> None:
    shells = {p.parent.name: len(_ARTICLE.sub(b"", p.read_bytes())) for p in (out / "accounts").glob("*/index.html")}
    assert len(shells) >= 5 and max(shells.values()) <= SHELL_BUDGET, max(shells.items(), key=lambda kv: kv[1])


def test_the_theme_configuration_holds_what_its_script_reads_here(out: Path) -> None:
    page = (out / "accounts" / "qs-gov-wechat" / "index.html").read_text("utf-8")
    [text] = re.findall(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S)
    config = json.loads(text)
    assert sorted(config) == ["base", "features", "search", "translations"]
    assert config["translations"] and all(k.startswith("search.") for k in config["translations"])
    assert "搜索" in text or "结果" in text  # Chinese as UTF-8, not \\u escapes
    assert ", " not in text and ": " not in text.replace("缺少: ", "")


def test_compact_config_drops_empty_settings_and_strings_of_features_that_are_off() -> None:
    theme = {"annotate": None, "base": "..", "features": ["search.highlight"], "search": "w.js", "tags": None,
             "translations": {"clipboard.copy": "复制", "search.result.none": "没有</script>", "select.version": "版本"},
             "version": None}
    as_theme_writes = json.dumps(theme).replace("<", "\\u003c")  # HTML-safe (Jinja's tojson)
    html = f'<p><script id="__config" type="application/json">{as_theme_writes}</script></p>'
    got = json.loads(re.search(r">(\{.*\})<", compact_config(html)).group(1))
    assert got == {"base": "..", "features": ["search.highlight"], "search": "w.js",
                   "translations": {"search.result.none": "没有</script>"}}
    assert "</script>" not in compact_config(html).split("application/json\">")[1].rsplit("</script>", 1)[0]
    copying = html.replace('"search.highlight"', '"content.code.copy"').replace('"version": null', '"version": {"provider": "mike"}')
    got = json.loads(re.search(r">(\{.*\})<", compact_config(copying)).group(1))
    assert sorted(got["translations"]) == ["clipboard.copy", "search.result.none", "select.version"]


def test_icons_and_names_are_written_once(out: Path) -> None:
    for rel in ("index.html", "accounts/qs-gov-wechat/index.html", "rules/index.html", "404.html"):
        page = (out / rel).read_text("utf-8")
        assert page.count('id="__search-icon"') == 1 and page.count('<use href="#__search-icon"/>') == 1, rel
        assert page.count("M9.5 3A6.5 6.5 0 0 1 16 9.5") == 1, rel  # the magnifier's path, once
        logos = [a for tag, a in parse(out / rel).tags if tag == "a" and "md-logo" in (a.get("class") or "")]
        assert len(logos) == 2 and all(a.get("aria-label") and "title" not in a for a in logos), rel


def test_scripts_are_deferred_but_those_needed_first(out: Path) -> None:
    for rel in ("index.html", "accounts/qs-gov-wechat/index.html", "verify/index.html", "file/index.html"):
        scripts = [a for tag, a in parse(out / rel).tags if tag == "script" and a.get("src")]
        by_name = {Path(a["src"]).name: a for a in scripts}
        bundle = next(a for name, a in by_name.items() if name.startswith("bundle."))
        assert "defer" in bundle and "defer" in by_name["portal.js"], rel
        # the palette and large type are applied before the page is painted; the verify page's query is
        # taken out of the address before the theme reads it
        assert "defer" not in by_name["palette.js"], rel
        if "verify-query.js" in by_name:
            assert "defer" not in by_name["verify-query.js"]
            assert [Path(a["src"]).name for a in scripts].index("verify-query.js") < \
                [Path(a["src"]).name for a in scripts].index(Path(bundle["src"]).name)
