"""The theme's stylesheets cut down to what the site can use (generator/site/stylesheets.py): the parser
gives back what it read; a selector goes only when it needs a name no source has; custom properties
follow their users; the theme's features that are off are told from mkdocs' configuration; and on a real
build every page links the pruned files, and only files that are there. That the pruned stylesheets style
every page exactly as the whole ones do is proven in a browser (test_browser_stylesheets.py)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import material
import pytest
from mkdocs.config import load_config

from generator.site import stylesheets
from generator.site.stylesheets import Names, can_match, parse, prune, serialize
from tests.support.site import parse as parse_page

THEME = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
MKDOCS_YML = Path(__file__).resolve().parent.parent / "mkdocs.yml"
SITE_PACKAGE = Path(stylesheets.__file__).parent


def test_the_theme_stylesheets_parse_back_to_their_text() -> None:
    sheets = sorted(THEME.glob("*.min.css"))
    assert len(sheets) == 2
    for path in sheets:
        text = re.sub(r"/\*#\s*sourceMappingURL=[^*]*\*/\s*$", "", path.read_text("utf-8"))
        assert serialize(parse(text)) == text, path.name


def test_comments_go_strings_stay() -> None:
    css = '/* a */.a{content:"/* not a comment */"}@media print{/* b */.b{color:red}}'
    assert serialize(parse(css)) == '.a{content:"/* not a comment */"}@media print{.b{color:red}}'


NAMES = Names.of(['<div class="a b" id="x" data-k="v" data-m="(light)"></div>'],
                 ['el.classList.add("made"); el.className = `md-tag--${kind}`'])


@pytest.mark.parametrize(("selector", "expected"), [
    (".a", True), (".zz", False), ("#x", True), ("#y", False), ("div.a > .b", True), (".a .zz", False),
    ("[data-k]", True), ("[data-none]", False), ("[data-k=v]", True), ("[data-k=w]", False),
    ('[data-k="v"]', True), ("[data-k^=w]", True),  # only an exact value is looked up
    ('[data-m="(light)"]', True), ('[data-m="(dark)"]', False),  # a value that is not a word: the text
    (":is(.zz,.a) p", True), (":is(.zz,.yy)", False), (":where(.zz) .a", False), (":has(> .zz)", False),
    (".a:not(.zz)", True),  # what :not() holds is never needed
    (".made", True), (".md-tag--new", True),  # made by a script, whole or from a prefix
    ("p", True), ("details summary", True), ("::before", True), (".a::after", True),  # no names to tell by
    (".\\31 0", True),  # an escape: cannot tell
])
def test_a_selector_can_match_unless_it_needs_a_missing_name(selector: str, expected: bool) -> None:
    assert can_match(selector, NAMES) is expected


def test_a_script_name_of_a_feature_that_is_off_counts_only_in_markup() -> None:
    script = ['h("div", {class: "tabbed-control tabbed-control--next"}); x = "md-dialog--active"']
    off = Names.of(["<p class=md-dialog></p>"], script, off=("tabbed-",))
    assert not off.has("tabbed-control") and not off.has("tabbed-control--next") and off.has("md-dialog--active")
    on = Names.of(["<p class=md-dialog></p>"], script)
    assert on.has("tabbed-control") and on.has("tabbed-control--next")
    used = Names.of(['<div class="tabbed-control"></div>'], script, off=("tabbed-",))
    assert used.has("tabbed-control") and not used.has("tabbed-control--next")


def test_unwanted_names_lose_their_rules_whoever_uses_them() -> None:
    names = Names.of(['<body data-md-color-switching class="a">'], ['setAttribute(`data-md-color-${k}`, v)'],
                     unwanted={"data-md-color-switching"})
    assert not can_match("[data-md-color-switching] *", names)
    assert can_match("[data-md-color-scheme=a]", names)  # the script's prefix still counts for the others


def test_rules_groups_and_custom_properties_follow_their_users() -> None:
    css = (':root{--used:1px;--unused:2px;--chain:var(--deep);--deep:3px;--other:4px;--scripted:5px}'
           '.a,.zz{width:var(--used)}.zz{height:var(--chain)}'
           '@media (min-width:10em){.zz{color:red}}@media print{.a{color:red}}'
           '@keyframes spin{from{opacity:0}}@charset "UTF-8"')
    names = Names.of(['<p class="a"></p>'], ['el.style.getPropertyValue("--scripted")'])
    [out] = prune([css], names, others=[".x{margin:var(--other)}"])
    assert out == (':root{--used:1px;--other:4px;--scripted:5px}.a{width:var(--used)}'
                   '@media print{.a{color:red}}@keyframes spin{from{opacity:0}}@charset "UTF-8";')


def test_sheets_pruned_together_keep_what_each_other_uses() -> None:
    main, palette = prune([".a{color:var(--fg)}", "[data-s=x]{--fg:red;--bg:blue}"], Names.of(['<b class=a data-s=x>']))
    assert (main, palette) == (".a{color:var(--fg)}", "[data-s=x]{--fg:red}")


def test_the_portal_turns_none_of_the_script_made_theme_features_on() -> None:
    config = load_config(str(MKDOCS_YML))
    pages = '<script id="__config" type="application/json">{"annotate": null}</script><p class="tabbed">'
    assert [f.prefixes for f in stylesheets.SCRIPT_FEATURES if f.on(config, pages)] == []
    copy = load_config(str(MKDOCS_YML), theme={"name": "material", "features": ["content.code.copy"]},
                       repo_url="https://example.org/registry")
    on = {p for f in stylesheets.SCRIPT_FEATURES if f.on(copy, '<div class="tabbed-set tabbed-alternate">') for p in f.prefixes}
    assert on == {"md-code__", "md-tooltip", "md-source", "tabbed-"}
    assert {p for f in stylesheets.SCRIPT_FEATURES if f.on(config, "<div class=annotate>") for p in f.prefixes} \
        == {"md-annotation", "md-tooltip"}


def test_every_module_that_writes_class_attributes_is_a_markup_source() -> None:
    writers = {p for p in SITE_PACKAGE.glob("*.py") if 'class="' in p.read_text("utf-8")} - {Path(stylesheets.__file__)}
    assert writers <= set(stylesheets.MARKUP_SOURCES), sorted(p.name for p in writers - set(stylesheets.MARKUP_SOURCES))


@pytest.fixture(scope="module")
def out(small_site: Path) -> Path:
    return small_site


def test_pages_link_the_pruned_stylesheets_and_nothing_missing(out: Path) -> None:
    theme = sorted(p.name for p in (out / stylesheets.THEME_STYLESHEETS).iterdir())
    assert [re.sub(r"\.[0-9a-f]{8}\.", ".#.", n) for n in theme] == ["main.#.css", "palette.#.css"], theme
    for name in theme:  # named by their content
        digest = hashlib.sha256((out / stylesheets.THEME_STYLESHEETS / name).read_bytes()).hexdigest()
        assert name.split(".")[1] == digest[:8]
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        links = [a["href"] for tag, a in parse_page(page).tags if tag == "link" and a.get("rel") == "stylesheet"]
        assert len(links) >= 3, page  # the theme's two, the portal's (and a page's own)
        for href in links:  # the 404 page's links are absolute: it is served at any depth
            target = out / href.lstrip("/") if href.startswith("/") else page.parent / href
            assert target.resolve().is_file(), f"{page.relative_to(out)} -> {href}"
        assert [h.rsplit("/", 1)[1] for h in links[:2]] == theme, page


def test_the_pruned_stylesheets_are_a_fraction_of_the_theme(out: Path) -> None:
    whole = sum(p.stat().st_size for p in THEME.glob("*.min.css"))
    pruned = sum(p.stat().st_size for p in (out / stylesheets.THEME_STYLESHEETS).iterdir())
    assert pruned < whole / 2, (pruned, whole)
    css = "".join(p.read_text("utf-8") for p in (out / stylesheets.THEME_STYLESHEETS).iterdir())
    for gone in (".tabbed-labels", ".md-annotation", ".md-version", "[data-md-color-primary=pink]",
                 "[data-md-color-switching]", "sourceMappingURL"):
        assert gone not in css, gone
    for kept in (".md-search-result__item", ".md-header__title--active", "[data-md-color-scheme=slate]",
                 ".md-typeset__scrollwrap", ".md-nav__link--active"):  # some made by the theme's script at run time
        assert kept in css, kept
