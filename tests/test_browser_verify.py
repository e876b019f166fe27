"""The verification lookup in a real Chromium at 360 px (Debian's /usr/bin/chromium through Playwright)
on the sample registry, built for real: the shared vectors answered by the page's own engine exactly as
`portal verify` answers them, a citizen typing a registered name, a deregistered one, a lookalike, a
link and share text, choosing a QR code image (decoded by the vendored jsQR: Chromium on Linux has no
BarcodeDetector), the header search sending an account query to /verify/, keyboard use and labels."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
import segno

from generator.lookup.answer import answer_from_files
from tests.conftest import PROJECT
from tests.support.browser import ARTIFACTS, WATCH_CSP, serve, watched_page
from tests.support.site import build, copy_registry

VECTORS = json.loads((PROJECT / "tests/data/verify_vectors.json").read_text("utf-8"))
TODAY = VECTORS["today"]

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(os.environ.get("PORTAL_NO_BROWSER") == "1", reason="PORTAL_NO_BROWSER=1")]


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:  # type: ignore[no-untyped-def]
    base = tmp_path_factory.mktemp("browser-verify")
    build(copy_registry(PROJECT / VECTORS["registry"], base), base / "out", today=TODAY)
    for url in serve(base / "out"):
        yield url, base / "out"


@pytest.fixture
def page(browser):  # type: ignore[no-untyped-def]
    context, pg, errors = watched_page(browser)
    yield pg
    assert errors == []
    assert pg.evaluate("window.__csp") == []
    assert pg.evaluate("document.documentElement.scrollWidth") <= 360
    context.close()


def answer_kind(pg: Any) -> str:
    pg.wait_for_selector("#portal-verify-results .portal-answer")
    return pg.get_attribute("#portal-verify-results .portal-answer", "data-kind")


def ask(pg: Any, text: str) -> str:
    """Type a query as a person would (the box answers on Enter) and wait for a fresh answer."""
    pg.fill("#portal-verify-q", "")
    pg.evaluate("document.getElementById('portal-verify-results').textContent = ''")
    pg.fill("#portal-verify-q", text)
    pg.press("#portal-verify-q", "Enter")
    return answer_kind(pg)


def test_the_page_engine_answers_every_vector_as_portal_verify(site: tuple[str, Path], page: Any) -> None:
    url, out = site
    meta = json.loads((out / "api/lookup/meta.json").read_text("utf-8"))

    def shard(path: str) -> dict[str, Any]:
        return json.loads((out / path).read_text("utf-8"))

    page.goto(url + "verify/")
    page.focus("#portal-verify-q")
    page.wait_for_selector("script[src$='assets/portal/verify.js']", state="attached")
    page.evaluate("() => new Promise(r => { const t = () => window.PortalVerify ? r() : setTimeout(t, 50); t(); })")
    queries = [c["query"] for c in VECTORS["vectors"]]
    got = page.evaluate("""async (queries) => {
        const meta = await (await fetch('../api/lookup/meta.json')).json();
        const engine = new PortalVerify.Engine(meta);
        const out = [];
        for (const q of queries) out.push(await engine.answer(q, p => fetch('../' + p).then(r => r.json())));
        return out;
    }""", queries)
    expected = [answer_from_files(q, meta, shard)[0] for q in queries]
    assert [g["answer"] for g in got] == expected
    assert max(len(g["shards"]) for g in got) <= 2


def test_a_citizen_checks_names_links_and_share_text(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url)
    assert ask(page, "青山发布") == "registered"
    results = page.locator("#portal-verify-results")
    assert results.locator("li a", has_text="青山发布").count() == 13  # every platform, never capped
    assert "请核对平台和账号标识" in results.inner_text()
    assert ask(page, "青山民政 微博") == "deregistered"
    assert "已注销" in results.inner_text() and "2024-09-30" in results.inner_text()
    assert results.locator("a[href$='accounts/qs-mzj-wx/']").count() == 1  # its successor
    assert ask(page, "https://weibo.com/u/8963307290") == "deregistering"  # a group notice's weibo
    assert results.locator("a[href$='accounts/qs-xfzd-wx/']").count() == 1  # its successor in the registry
    assert results.locator("a[href='https://weibo.com/u/2718049383']").count() == 1  # and the one elsewhere
    assert results.locator("a[href$='accounts/qs-xfzd-dy/']").count() == 0  # the Kuaishou account's, not its own
    assert ask(page, "平安东") == "lookalike"
    text = results.inner_text()
    assert "平安东湖" in text and "“湖”" in text  # the original, and what differs
    assert results.locator(".portal-answer__head .portal-badge--fail").count() == 1  # never the registered colour
    assert results.locator("a[href^='tel:']").count() >= 2  # the office and 12377, tap to call
    assert results.locator("a[href^='mailto:']").count() == 1
    assert ask(page, "https://weibo.com/u/5853229139") == "registered"
    assert ask(page, "【青山发布的微博】 https://m.weibo.cn/u/5853229139?luicode=10000011 复制链接打开") == "registered"
    assert ask(page, "https://v.douyin.com/iJ5bDq9b/") == "need_more"
    assert ask(page, "完全无关的名字") == "not_found"
    assert results.locator("a[href='tel:12377']").count() == 1
    share = results.locator("a", has_text="转发这个核验结果")
    page.goto(share.get_attribute("href"))  # the shareable /verify/?q= link answers the same
    assert answer_kind(page) == "not_found"
    page.screenshot(path=str(ARTIFACTS / "verify-not-found-360.png"), full_page=True)


def test_the_verify_page_carries_the_query(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url + "verify/?q=" + quote("靑山发布"))
    assert answer_kind(page) == "lookalike"
    assert page.input_value("#portal-verify-q") == "靑山发布"
    assert not page.is_checked("#__search")  # the theme's own search does not take the query
    assert page.evaluate("new URLSearchParams(location.search).get('q')") == "靑山发布"  # still shareable
    page.screenshot(path=str(ARTIFACTS / "verify-lookalike-360.png"), full_page=True)
    page.fill("#portal-verify-q", "青山交通 今日头条")
    page.press("#portal-verify-q", "Enter")
    page.wait_for_selector("#portal-verify-results .portal-answer[data-kind='deregistered']")
    assert "q=" + quote("青山交通 今日头条") in page.evaluate("location.search")


def _qr_png(tmp: Path, text: str, name: str) -> Path:
    path = tmp / name
    segno.make(text, error="m").save(str(path), kind="png", scale=8, border=4)
    return path


def test_choosing_a_qr_code_image(site: tuple[str, Path], page: Any, tmp_path: Path) -> None:
    url, _ = site
    page.goto(url + "verify/")
    assert page.evaluate("'BarcodeDetector' in window") is False  # so the vendored jsQR decodes it
    assert page.locator("#portal-qr").is_visible()
    page.set_input_files("#portal-qr-file", str(_qr_png(tmp_path, "http://weixin.qq.com/r/mBfXr9rEq0SdrTUx9xzZ", "follow-code.png")))
    assert answer_kind(page) == "registered"
    assert page.locator("#portal-verify-results a[href$='accounts/qs-jyj-wx/']").count() == 1
    assert "已识别二维码" in page.inner_text("#portal-qr-status")
    page.screenshot(path=str(ARTIFACTS / "verify-qr-360.png"), full_page=True)
    # an account page's own QR code leads back to that account
    page.set_input_files("#portal-qr-file", str(_qr_png(tmp_path, "https://xmt.qingshan.gov.cn/accounts/qs-mzj-wb/", "account-page.png")))
    page.wait_for_selector("#portal-verify-results .portal-answer[data-kind='deregistered']")


def test_header_search_sends_account_queries_to_verify(site: tuple[str, Path], browser) -> None:  # type: ignore[no-untyped-def]
    url, _ = site
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # the header search box shows
    context.add_init_script(WATCH_CSP)
    page = context.new_page()
    try:
        page.goto(url + "about/")
        page.locator("input[data-md-component='search-query']").press_sequentially("青山民政")
        link = page.locator(".portal-search-verify a")
        link.wait_for()
        assert "青山民政" in link.inner_text()
        link.click()
        page.wait_for_url("**/verify/?q=*")
        assert answer_kind(page) == "registered"
        # the prose pages are searchable in Chinese (jieba segments them)
        page.goto(url)
        query = page.locator("input[data-md-component='search-query']")
        query.press_sequentially("短链接")
        # The theme reads the query when a key is released (or the box takes focus); Chinese text is
        # typed here as text input, with no key events: a key's release makes it search whatever came first.
        query.press("End")
        page.wait_for_selector(".md-search-result__item", timeout=90_000)
        assert page.locator(".md-search-result__item a[href*='verify/']").count() >= 1
        assert page.evaluate("window.__csp") == []
    finally:
        context.close()


def test_keyboard_and_screen_reader_labels(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    page.goto(url + "verify/")
    box = page.get_by_role("searchbox", name="核验账号", exact=False)
    assert box.get_attribute("id") == "portal-verify-q"
    assert page.get_attribute("#portal-verify-q", "aria-describedby") == "portal-verify-hint"
    assert page.get_attribute("#portal-verify-results", "aria-live") == "polite"
    assert page.get_attribute("#portal-qr-status", "role") == "status"
    assert page.get_by_role("button", name="核验").is_visible()
    assert page.get_by_label("选择二维码图片").count() == 1
    page.focus("#portal-verify-q")
    page.keyboard.type("平安东湖")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "核验"
    page.keyboard.press("Enter")  # the button, from the keyboard
    assert answer_kind(page) == "registered"
    for el in page.locator("#portal-verify-results a").all():
        assert el.inner_text().strip()  # every link says where it goes


def test_account_pages_say_their_status_and_differ_in_colour(site: tuple[str, Path], page: Any) -> None:
    url, _ = site
    looks = {}
    for aid, status in (("qs-mzj-wb", "已注销"), ("qs-qxj-wb", "已关停"), ("qs-mzj-wx", "正常")):
        page.goto(url + f"accounts/{aid}/")
        assert page.title().startswith(page.locator("h1").inner_text())
        assert page.locator("h1").inner_text().endswith(f" · {status}）")
        badge = page.locator(".portal-status .portal-badge")
        looks[status] = badge.evaluate("e => getComputedStyle(e).color + '/' + getComputedStyle(e).backgroundColor")
        warned = page.locator("dd .portal-warn").count()
        assert warned == (0 if status == "正常" else 1)  # a warning beside the link of a closed account
        assert page.locator(".portal-qrfig figcaption").count() == 1
        assert (page.locator("#code").count() == 1) == (status != "已注销")
    assert len(set(looks.values())) == 3  # 已注销 never looks like 已关停
