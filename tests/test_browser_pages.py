"""The public pages as citizens use them, in Debian's Chromium at 360 px: finding accounts in the directory
and the recent changes with JavaScript off (filters are links to anchors), the 404 page, large type,
underlined links, accessible names, dark mode, and an axe-core run with no serious or critical violation."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.browser import Quiet, serve

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
CJK = re.compile(r"[\u4e00-\u9fff]")
AXE_PAGES = {"home": "", "account": "accounts/qs-gov-wechat/", "deregistering": "accounts/qs-jj-toutiao/",
             "notices": "notices/", "directory": "directory/", "region": "directory/330100/",
             "changes": "changes/", "verify": "verify/", "404": "no/such/page/"}

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(os.environ.get("PORTAL_NO_BROWSER") == "1", reason="PORTAL_NO_BROWSER=1")]


class _WithNotFound(Quiet):
    """Serves the site's 404.html, with status 404, for any address it does not have (as nginx does
    with `error_page 404 /404.html`)."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def url(small_site: Path) -> Iterator[str]:
    yield from serve(small_site, _WithNotFound)


def _visible_rows(page, selector: str, attr: str) -> list[str]:  # type: ignore[no-untyped-def]
    return page.evaluate(f"""() => [...document.querySelectorAll({selector!r})]
        .filter(e => e.offsetParent !== null).map(e => e.getAttribute({attr!r}))""")


def test_directory_filters_work_without_javascript(browser, url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(url + "directory/")
    page.click("a:text-is('青山市')")
    assert page.url.endswith("/directory/330100/")  # the region's division code, not a hash
    everything = _visible_rows(page, "tr[data-p]", "data-p")
    assert len(everything) == 6 and "weibo" in everything and "douyin" in everything
    page.click(".portal-filters a[href='#platform-weibo']")
    assert page.url.endswith("#platform-weibo")
    assert _visible_rows(page, "tr[data-p]", "data-p") == ["weibo", "weibo"]
    # a unit left with no account of the platform is hidden whole
    assert page.locator("section#qs-gaj-jjzd").is_hidden() and page.locator("section#qs-gov").is_visible()
    page.click(".portal-filters a[href='#status-deregistered']")
    assert _visible_rows(page, "tr[data-s]", "data-s") == ["deregistered"]  # qs-gaj-weibo-old
    page.click(".portal-filters a[href='#status-deregistering']")  # qs-jj-toutiao, in its notice period
    assert _visible_rows(page, "tr[data-s]", "data-s") == ["deregistering", "deregistering"]  # and qs-jj-kuaishou
    page.click(".portal-filters a:text-is('全部（6）')")
    assert len(_visible_rows(page, "tr[data-p]", "data-p")) == 6
    # the unit tree links to the unit's table on the same page; the table's heading to the unit page
    page.click(".portal-dir-tree a:text-is('青山市公安局交通警察支队')")
    assert page.url.endswith("/directory/330100/#qs-gaj-jjzd")
    page.click("section#qs-gaj-jjzd h3 a")
    assert page.url.endswith("/units/qs-gaj-jjzd/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_changes_by_month_and_type_without_javascript(browser, url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(url + "changes/")
    assert page.locator(".portal-months [aria-current='page']").first.inner_text().startswith("2026年11月")
    # still in its notice period on --today: 注销公示 with the day it takes effect, never plain 注销
    entry = page.locator("li[data-t='deregister']", has=page.locator("a[href$='accounts/qs-jj-toutiao/']"))
    assert re.search(r"注销公示（至 \d{4}-\d{2}-\d{2}）", entry.inner_text())
    assert page.locator(".portal-filters a[href='#type-deregister']").count() == 1
    page.click(".portal-filters a[href='#type-deregister']")
    assert _visible_rows(page, "li[data-t]", "data-t") == ["deregister", "deregister"]
    page.goto(url + "changes/#type-open")  # a type this month has none of: every entry is hidden
    assert _visible_rows(page, "li[data-t]", "data-t") == []
    months = [a.get_attribute("href") for a in page.locator(".portal-months a").all()]
    assert months and all(re.fullmatch(r"\.\./changes/\d{4}-\d{2}/", m) for m in months)
    page.click(f".portal-months a[href='{months[0]}']")
    assert page.url == url + months[0][3:]
    assert page.locator("li[data-t]").count() >= 1
    assert page.locator(".portal-months [aria-current='page']").first.inner_text().startswith(
        f"{int(months[0][11:15])}年{int(months[0][16:18])}月")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def test_not_found_page_is_chinese_with_verify_box_and_way_home(browser, url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    response = page.goto(url + "some/deep/missing/page/")
    assert response is not None and response.status == 404
    assert CJK.search(page.locator("h1").inner_text())
    assert page.locator("html").get_attribute("lang") == "zh"
    page.fill("#portal-verify-q", "gh_3a5f9c0e1b2d")  # from any depth: the box's links are absolute
    page.wait_for_selector("#portal-verify-results .portal-answer[data-kind='registered'] li a:text-is('青山发布')")
    page.click("article a:text-is('返回首页')")
    assert page.url == url
    context.close()


def test_large_type_is_a_real_step_and_costs_no_height(browser, url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800})
    page = context.new_page()
    page.goto(url + "accounts/qs-gov-wechat/")
    size = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
    top = page.evaluate("document.querySelector('.md-main').getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().height")
    assert top <= header + 1  # the switch is in the header: no bar between header and page
    assert page.locator(".md-header #portal-large-toggle").is_visible()
    page.click("#portal-large-toggle")
    assert page.get_attribute("#portal-large-toggle", "aria-pressed") == "true"
    for path in ("accounts/qs-gov-wechat/", "", "directory/330100/", "changes/", "notices/", "verify/"):
        page.goto(url + path)
        bigger = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.md-typeset')).fontSize)")
        assert bigger >= size * 1.4, path
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
        # the header keeps one row: its controls fit beside the title
        assert page.evaluate("document.querySelector('.md-header').getBoundingClientRect().height") < 2 * header * 1.4
    context.close()


def test_links_names_and_dark_mode(browser, url: str) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 800}, color_scheme="dark")
    page = context.new_page()
    page.goto(url)
    # links in running text are underlined
    assert "underline" in page.evaluate(
        "getComputedStyle(document.querySelector('.md-typeset p a, .md-typeset li a')).textDecorationLine")
    # two search regions, each with its own accessible name; the theme's dialog named; the logo's alt Chinese
    names = page.evaluate("[...document.querySelectorAll('[role=search]')].map(e => e.getAttribute('aria-label'))")
    assert len(names) == 2 and all(names) and len(set(names)) == 2
    assert page.get_attribute(".md-search[role=dialog]", "aria-label")
    assert all(CJK.search(a or "") for a in page.evaluate("[...document.querySelectorAll('img.md-logo, .md-logo img')].map(i => i.alt)"))
    # dark mode: the verify box's frame stands out from the page at 3:1 or more
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    ratio = page.evaluate("""() => {
        const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
                           return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
        const box = getComputedStyle(document.querySelector('.portal-verify')).borderTopColor;
        const bg = getComputedStyle(document.body).backgroundColor;
        const [a, b] = [lum(box), lum(bg)].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
    }""")
    assert ratio >= 3, ratio
    context.close()


def _axe(browser, url: str, color_scheme: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical violations per page at 360 px. axe is injected as an inline script,
    which the page's own policy refuses: this context alone bypasses the policy (the CSP tests load every
    page under it)."""
    assert AXE.is_file(), "axe-core is not installed: run `make tools` (npm ci)"
    context = browser.new_context(viewport={"width": 360, "height": 800}, bypass_csp=True, color_scheme=color_scheme)
    page = context.new_page()
    found: dict[str, list[str]] = {}
    for name, path in AXE_PAGES.items():
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        bad = [f"{v['id']}: {v['nodes'][0]['target']}" for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
        if bad:
            found[name] = bad
        assert result["passes"], name  # axe did run its checks
    context.close()
    return found


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(browser, url: str, color_scheme: str) -> None:
    assert _axe(browser, url, color_scheme) == {}
