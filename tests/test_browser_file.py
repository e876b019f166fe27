"""The filing form (/file/) in Debian's Chromium: a clerk fills the account-opening form at phone width,
and the record it produces is accepted by `portal validate` in a real registry (and is canonical for
`portal fmt`); its GitHub link carries that record; errors are tied to their fields; a change filing of
an existing account is an entry to append, with a link to the file's edit page."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from playwright.sync_api import expect

from generator.cli import main
from generator.load.read import load_file
from tests.conftest import SAMPLE_REGISTRY
from tests.support.browser import serve
from tests.support.site import build

TODAY = "2026-12-01"
REPO = "https://github.com/qingshan-gov/newmedia-registry"

pytestmark = [pytest.mark.browser]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    base = tmp_path_factory.mktemp("file-form")
    reg = base / "registry"
    shutil.copytree(SAMPLE_REGISTRY, reg, ignore=shutil.ignore_patterns(".portal-cache"))
    build(reg, base / "out", today=TODAY)
    for url in serve(base / "out"):
        yield url, reg


@pytest.fixture
def page(browser, site: tuple[str, Path]):
    page = browser.new_page(viewport={"width": 360, "height": 800})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site[0] + "file/")
    page.wait_for_selector("#portal-file-type-open")
    yield page
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.close()


OPENING = {
    "#pf-host_unit": "qs-gaj", "#pf-id": "qs-gaj-xhs", "#pf-name": "平安青山",
    "#pf-platform_id": "5f3a9c0e1b2d4e6f7a8b9c0d", "#pf-handle": "pingan_qingshan",
    "#pf-url": "https://www.xiaohongshu.com/user/profile/5f3a9c0e1b2d4e6f7a8b9c0d",
    "#pf-positioning": "发布青山市公安局工作动态和防范提示", "#pf-verification_text": "青山市公安局",
    "#pf-opened": "2026-11-30", "#pf-filing-filed_date": "2026-12-01", "#pf-filing-approval-date": "2026-11-20",
    "#pf-filing-approval-reference": "青政办新媒审〔2026〕31号", "#pf-filing-reason": "开设小红书账号发布警情通报",
}


def _fill_opening(page) -> str:
    page.check("#portal-file-type-open")
    page.fill("#pf-host_unit", OPENING["#pf-host_unit"])
    page.locator("#pf-host_unit").dispatch_event("change")
    expect(page.locator("#pf-filing-approval-by")).to_have_value("qs-ban")  # the host unit's supervisor
    page.select_option("#pf-platform", "xiaohongshu")
    page.select_option("#pf-update_frequency", "weekly")
    for selector, text in OPENING.items():
        page.fill(selector, text)
    page.click("#portal-file-panel-open button[type=submit]")
    page.wait_for_selector("#portal-file-yaml")
    return page.locator("#portal-file-yaml").inner_text()


def test_an_opening_filled_in_the_browser_validates(page, site: tuple[str, Path], tmp_path: Path) -> None:
    text = _fill_opening(page)
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/account.schema.json\n")
    reg = tmp_path / "registry"
    shutil.copytree(site[1], reg, ignore=shutil.ignore_patterns(".portal-cache"))
    path = reg / "accounts/qs-gaj/qs-gaj-xhs.yaml"
    path.write_text(text, "utf-8")
    runner = CliRunner()
    res = runner.invoke(main, ["validate", "--registry", str(reg), "--today", TODAY])
    assert res.exit_code == 0, res.output
    assert "qs-gaj-xhs" not in res.output  # not even a warning
    assert runner.invoke(main, ["fmt", "--check", str(path)]).exit_code == 0  # canonical as written


def test_the_github_link_carries_the_record(page) -> None:
    text = _fill_opening(page)
    href = page.locator("#portal-file-submit").get_attribute("href")
    parts = urlsplit(href)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO}/new/main"
    query = parse_qs(parts.query)
    assert query["filename"] == ["registry/accounts/qs-gaj/qs-gaj-xhs.yaml"]
    assert query["value"] == [text]
    assert page.locator("#portal-file-submit").get_attribute("rel") == "noopener noreferrer"


def test_errors_are_tied_to_their_fields(page) -> None:
    page.check("#portal-file-type-open")
    page.fill("#pf-host_unit", "qs-gaj")
    page.locator("#pf-host_unit").dispatch_event("change")
    expect(page.locator("#pf-filing-approval-by")).to_have_value("qs-ban")
    page.fill("#pf-id", "ｑｓ-gaj-xhs")  # typed with a Chinese input method
    page.fill("#pf-name", "“平安青山”")
    page.click("#portal-file-panel-open button[type=submit]")
    page.wait_for_selector(".portal-file__summary:not([hidden])")
    invalid = page.locator("[aria-invalid=true]").evaluate_all("els => els.map(e => e.id)")
    # the supervisor's approval is filled in from the host unit: its date is then required too
    assert sorted(invalid) == ["pf-filing-approval-date", "pf-id", "pf-name", "pf-platform"]
    for field in ("#pf-id", "#pf-name", "#pf-platform"):
        assert page.get_attribute(field, "aria-invalid") == "true", field
        error_id = page.get_attribute(field, "id") + "-error"
        assert error_id in page.get_attribute(field, "aria-describedby").split()
        assert page.locator(f"#{error_id}").is_visible()
    assert "qs-gaj-xhs" in page.locator("#pf-id-error").inner_text()  # the half-width form, to copy
    assert page.locator("label[for=pf-id]").count() == 1
    assert page.locator(".portal-file__summary li").count() == len(invalid)
    assert page.locator("#portal-file-yaml").count() == 0


def test_a_change_filing_is_an_entry_for_the_account_file(page, site: tuple[str, Path], tmp_path: Path) -> None:
    page.check("#portal-file-type-change")
    page.fill("#pf-account", "qs-gaj-ks")
    page.locator("#pf-account").dispatch_event("change")
    expect(page.locator("#portal-file-panel-change .portal-file__note")).to_contain_text("平安青山")
    page.select_option("#pf-filing-changes-field", "staff")
    page.fill("#pf-filing-event_date", "2026-11-30")
    page.fill("#pf-filing-filed_date", "2026-12-01")
    page.fill("#pf-filing-reason", "账号管理员调整")
    page.click("#portal-file-panel-change button[type=submit]")
    page.wait_for_selector("#portal-file-panel-change #portal-file-yaml")
    entry = page.locator("#portal-file-panel-change #portal-file-yaml").inner_text()
    assert entry.startswith("  - type: change\n")
    href = page.locator("#portal-file-panel-change #portal-file-submit").get_attribute("href")
    assert href == f"{REPO}/edit/main/registry/accounts/qs-gaj/qs-gaj-ks.yaml"
    reg = tmp_path / "registry"
    shutil.copytree(site[1], reg, ignore=shutil.ignore_patterns(".portal-cache"))
    path = reg / "accounts/qs-gaj/qs-gaj-ks.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("private:\n", entry + "private:\n", 1), "utf-8")  # pasted at the end of filings
    res = CliRunner().invoke(main, ["validate", "--registry", str(reg), "--today", TODAY])
    assert res.exit_code == 0, res.output


def test_a_gitlab_repository_gets_gitlab_links(browser, site: tuple[str, Path]) -> None:
    """The forge comes from portal.yaml (`repo_kind`) or the address: here the form's configuration is
    served as a GitLab registry's would be."""
    import json

    page = browser.new_page(viewport={"width": 360, "height": 800})
    config = json.loads((Path(site[1]).parent / "out/api/filing.json").read_text("utf-8"))
    config["repo"] = {**config["repo"], "url": "https://gitlab.example.gov.cn/xmt/registry", "forge": "gitlab"}
    page.route("**/api/filing.json", lambda route: route.fulfill(json=config))
    page.goto(site[0] + "file/")
    page.wait_for_selector("#portal-file-type-open")
    text = _fill_opening(page)
    parts = urlsplit(page.locator("#portal-file-submit").get_attribute("href"))
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == "https://gitlab.example.gov.cn/xmt/registry/-/new/main"
    assert parse_qs(parts.query) == {"file_name": ["registry/accounts/qs-gaj/qs-gaj-xhs.yaml"], "content": [text]}
    page.close()


def test_a_deregistration_notice_with_several_successors(page, site: tuple[str, Path], tmp_path: Path) -> None:
    page.check("#portal-file-type-notice")
    page.fill("#pf-account", "qs-gaj-ks")
    page.locator("#pf-account").dispatch_event("change")
    page.select_option("#pf-notice-kind", "deregister")
    for selector, text in {"#pf-notice-published": "2026-12-01", "#pf-notice-effective": "2026-12-31",
                           "#pf-notice-reason": "集约整合", "#pf-notice-basis": "《青山市政务新媒体管理办法》第十八条",
                           "#pf-notice-approval-by": "省公安厅", "#pf-notice-approval-date": "2026-11-20",
                           "#pf-notice-successors": "qs-gaj-wx、qs-gaj-dy"}.items():
        page.fill(selector, text)
    page.click("#portal-file-panel-notice button[type=submit]")
    page.wait_for_selector("#portal-file-panel-notice #portal-file-yaml")
    entry = page.locator("#portal-file-panel-notice #portal-file-yaml").inner_text()
    assert entry.startswith("  - kind: deregister\n")
    reg = tmp_path / "registry"
    shutil.copytree(site[1], reg, ignore=shutil.ignore_patterns(".portal-cache"))
    path = reg / "accounts/qs-gaj/qs-gaj-ks.yaml"
    path.write_text(path.read_text("utf-8").replace("private:\n", "notices:\n" + entry + "private:\n", 1), "utf-8")
    data, problems = load_file(path, "account")
    assert problems == [] and data is not None
    notice = data["notices"][0]
    assert notice["successors"] == ["qs-gaj-wx", "qs-gaj-dy"]
    assert notice["approval"] == {"by": "省公安厅", "date": "2026-11-20"}
