"""The pruned theme stylesheets (generator/site/stylesheets.py) against the whole ones, node by node, in
Debian's Chromium: every kind of page, at phone and desktop width, light and dark, in large type, with the
navigation drawer open and with the search dialog showing results (markup the theme's script makes at run
time), is styled exactly alike. Each page is loaded as built, then again with the theme's own stylesheets
served in place of the pruned ones, and every element's computed style, with its ::before and ::after, must
be the same (custom properties aside: unused ones are what pruning drops)."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import material
import pytest

from tests.support.browser import serve

THEME = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
PAGES = {"home": "", "account": "accounts/qs-gov-wechat/", "deregistering": "accounts/qs-jj-toutiao/",
         "unit": "units/qs-gaj/", "directory": "directory/", "region": "directory/330100/", "notices": "notices/",
         "changes": "changes/", "inspections": "inspections/",
         "period": "inspections/2026-Q3/", "batch": "inspections/2026-Q2/qs-2026-q2/", "assessment": "assessments/2026/",
         "verify": "verify/?q=青山民政", "file": "file/", "filing": "filing/", "rules": "rules/", "api": "api/",
         "about": "about/", "404": "404.html"}
# Per element: its tag, id and classes, and a digest of its computed style and of its ::before's and
# ::after's where they are drawn (content other than none).
STYLES = """() => {
  const names = [...getComputedStyle(document.documentElement)].filter(k => !k.startsWith('--'));
  const text = s => names.map(k => s.getPropertyValue(k)).join(';');
  const pseudo = (e, p) => { const s = getComputedStyle(e, p); return s.content === 'none' ? '-' : text(s); };
  const digest = t => { let a = 0x811c9dc5, b = 0; for (let i = 0; i < t.length; i++) {
    a = Math.imul(a ^ t.charCodeAt(i), 16777619); b = Math.imul(b + t.charCodeAt(i), 31) | 0; } return (a >>> 0) + '.' + (b >>> 0); };
  return [...document.querySelectorAll('*')].map(e => e.tagName + (e.id ? '#' + e.id : '')
    + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
    + ' ' + digest(text(getComputedStyle(e)) + '|' + pseudo(e, '::before') + '|' + pseudo(e, '::after')));
}"""
DETAIL = """i => { const e = document.querySelectorAll('*')[i], o = {};
  for (const [p, s] of [['', getComputedStyle(e)], ['::before ', getComputedStyle(e, '::before')], ['::after ', getComputedStyle(e, '::after')]])
    for (let j = 0; j < s.length; j++) if (!s[j].startsWith('--')) o[p + s[j]] = s.getPropertyValue(s[j]);
  return o; }"""

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(os.environ.get("PORTAL_NO_BROWSER") == "1", reason="PORTAL_NO_BROWSER=1")]


@pytest.fixture(scope="module")
def url(small_site: Path) -> Iterator[str]:
    yield from serve(small_site)


def _whole_theme(context: Any) -> None:
    """Serve the theme's own stylesheets wherever a page asks for the pruned ones."""
    def serve_file(body: bytes) -> Any:
        return lambda route: route.fulfill(body=body, content_type="text/css")

    for stem in ("main", "palette"):
        [whole] = THEME.glob(f"{stem}.*.min.css")
        context.route(re.compile(rf".*/assets/stylesheets/{stem}\.[0-9a-f]{{8}}\.css$"), serve_file(whole.read_bytes()))


def _open_search(page: Any) -> None:
    button = page.locator("label.md-header__button[for=__search]")  # on a phone; on a desktop the box shows
    phone = button.is_visible()
    if phone:
        button.click()
    query = page.locator("input[data-md-component=search-query]")
    query.fill("短链接")
    query.press("End")  # the theme searches on a key's release
    page.wait_for_selector(".md-search-result__item", timeout=60_000)
    if phone:  # full screen, the dialog locks the page's scrolling (the theme waits 400 ms)
        page.wait_for_selector("body[data-md-scrolllock]", state="attached")


def _open_drawer(page: Any) -> None:
    page.click("label.md-header__button[for=__drawer]")


def _large_type(page: Any) -> None:
    page.click("#portal-large-toggle")


def _styles(browser: Any, address: str, whole: bool, width: int, scheme: str, action: Any) -> tuple[list[str], Any]:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme, reduced_motion="reduce")
    if whole:
        _whole_theme(context)
    page = context.new_page()
    page.goto(address)
    # the theme's script has run and its search is ready (the search dialog's line says so)
    page.wait_for_function("() => document.querySelector('.md-search-result__meta').textContent.trim() === '键入以开始搜索'")
    if action:
        action(page)
    styles = page.evaluate(STYLES)
    for _ in range(20):  # until the theme's script is done with the page
        page.wait_for_timeout(200)
        styles, before = page.evaluate(STYLES), styles
        if styles == before:
            break
    return styles, (context, page)


def _same(browser: Any, address: str, width: int = 360, scheme: str = "light", action: Any = None) -> None:
    pruned, (c1, p1) = _styles(browser, address, False, width, scheme, action)
    whole, (c2, p2) = _styles(browser, address, True, width, scheme, action)
    try:
        assert len(pruned) > 50
        if pruned != whole:
            i = next(i for i, (a, b) in enumerate(zip(pruned, whole, strict=False)) if a != b) \
                if len(pruned) == len(whole) else min(len(pruned), len(whole)) - 1
            a, b = p1.evaluate(DETAIL, i), p2.evaluate(DETAIL, i)
            diff = {k: (a.get(k), b.get(k)) for k in sorted(set(a) | set(b)) if a.get(k) != b.get(k)}
            pytest.fail(f"{address} at {width}px {scheme}: {pruned[i]} differs (pruned, whole): {diff}")
    finally:
        c1.close()
        c2.close()


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_kind_at_phone_width(browser, url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    _same(browser, url + PAGES[name])


@pytest.mark.parametrize("name", ["home", "account", "region", "rules", "verify"])
def test_desktop_width_and_dark(browser, url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    _same(browser, url + PAGES[name], width=1280)
    _same(browser, url + PAGES[name], scheme="dark")


@pytest.mark.parametrize("width", [360, 1280])
def test_the_search_dialog_with_results(browser, url: str, width: int) -> None:  # type: ignore[no-untyped-def]
    _same(browser, url, width=width, action=_open_search)


def test_the_drawer_and_large_type(browser, url: str) -> None:  # type: ignore[no-untyped-def]
    _same(browser, url + PAGES["account"], action=_open_drawer)
    _same(browser, url + PAGES["region"], scheme="dark", action=_large_type)
