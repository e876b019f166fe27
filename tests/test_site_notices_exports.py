"""Notices as offices write them, built for real from the sample registry: a group notice covering
accounts on several platforms and a website, each account with its own successors (accounts of the
registry and channels outside it) and its own effective date, a basis and a higher office's approval;
shown on the notices page, the account pages, the Atom feed and the API; and the account exports (CSV,
XLSX, their licence and day of update) on the same build, and their import back into a registry."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import openpyxl
import pytest
import yaml_rs
from click.testing import CliRunner

from generator.cli import main
from generator.model.notices import Successor, channel_link, successors
from tests.conftest import PROJECT
from tests.support.site import build, copy_registry, parse

TODAY = "2026-12-01"
GROUP = "qs-xfzd-2026-zhenghe"
APP_SECTION = "https://app.qingshan.gov.cn/zwh/qsxf/"
PARENT_WEIBO = "https://weibo.com/u/2718049383"
WEBSITE = "https://xf.qingshan.gov.cn/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("notices")
    out = base / "out"
    build(copy_registry(PROJECT / "registry", base), out, today=TODAY)
    return out


def _card(site: Path) -> str:
    page = (site / "notices/index.html").read_text("utf-8")
    start = page.index(f'id="notice-{GROUP}"')
    return page[start:page.index("</section>", start)]


def _items(card: str) -> dict[str, str]:
    """The card's account list items by the account each names first."""
    block = card[card.index("<ul"):card.index("</ul>")]
    return {re.search(r'accounts/([a-z0-9-]+)/', li).group(1): li for li in block.split("<li>")[1:]}


def test_group_notice_gives_each_account_its_own_successors_and_date(site: Path) -> None:
    items = _items(_card(site))
    assert set(items) == {"qs-xfzd-ks", "qs-xfzd-wb"}
    ks, wb = items["qs-xfzd-ks"], items["qs-xfzd-wb"]
    assert "2026-11-30" in ks and "2026-12-31" in wb
    assert "accounts/qs-xfzd-dy/" in ks and f'href="{APP_SECTION}"' in ks
    assert "accounts/qs-xfzd-wx/" not in ks and PARENT_WEIBO not in ks
    assert "accounts/qs-xfzd-wx/" in wb and f'href="{PARENT_WEIBO}"' in wb
    assert "accounts/qs-xfzd-dy/" not in wb and APP_SECTION not in wb


def test_group_notice_names_its_website_basis_and_approval(site: Path) -> None:
    card = _card(site)
    assert f'href="{WEBSITE}"' in card  # the website the same notice closes
    assert "国办发〔2018〕123号" in card and "省消防救援总队" in card and "2026-11-10" in card
    assert "公示期" in card and "剩余" in card  # the weibo's period still runs on TODAY
    for tag, attrs in parse(site / "notices/index.html").tags:
        if tag == "a" and attrs.get("href") in (APP_SECTION, PARENT_WEIBO, WEBSITE):
            assert attrs.get("rel") == "nofollow"


def test_account_pages_show_their_own_successors(site: Path) -> None:
    ks = (site / "accounts/qs-xfzd-ks/index.html").read_text("utf-8")
    status = ks[ks.index("portal-status"):ks.index("</div>", ks.index("portal-status"))]
    assert "已注销" in status and "2026-11-30" in status
    assert "accounts/qs-xfzd-dy/" in status and APP_SECTION in status and PARENT_WEIBO not in status
    wb = (site / "accounts/qs-xfzd-wb/index.html").read_text("utf-8")
    status = wb[wb.index("portal-status"):wb.index("</div>", wb.index("portal-status"))]
    assert "注销公示中" in status and "2026-12-31" in status
    assert "accounts/qs-xfzd-wx/" in status and PARENT_WEIBO in status and APP_SECTION not in status


def test_api_and_feed_carry_the_successors(site: Path) -> None:
    rows = {r["id"]: r for r in json.loads((site / "api/accounts.json").read_text("utf-8"))}
    assert rows["qs-xfzd-ks"]["successors"] == [
        {"id": "qs-xfzd-dy", "name": "青山消防"},
        {"name": "掌上青山客户端“青山消防”政务号", "kind": "app_section", "url": APP_SECTION, "platform": None}]
    assert rows["qs-xfzd-wb"]["deregistered_on"] == "2026-12-31"
    assert [s.get("url") for s in rows["qs-xfzd-wb"]["successors"]] == [None, PARENT_WEIBO]
    detail = json.loads((site / "api/accounts/qs-xfzd-wb.json").read_text("utf-8"))
    notice = detail["notices"][0]
    assert "successor" not in notice and notice["approval"]["by"] == "省消防救援总队"
    assert notice["also_covers"][0]["url"] == WEBSITE
    # an older record's short `successor` reads as a one-item list
    old = json.loads((site / "api/accounts/qs-mzj-wb.json").read_text("utf-8"))["notices"][0]
    assert [s["id"] for s in old["successors"]] == ["qs-mzj-wx"]
    feed = ET.parse(site / "feeds/notices.xml").getroot()
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entry = next(e for e in feed.findall("a:entry", ns) if GROUP in e.find("a:id", ns).text)
    summary = entry.find("a:summary", ns).text
    assert "2026-11-30" in summary and "2026-12-31" in summary
    assert "省消防救援总队官方微博" in summary and "掌上青山客户端" in summary and "青山市消防救援支队网站" in summary


def test_a_channel_link_is_published_only_where_the_portal_allows_it() -> None:
    assert channel_link(Successor(name="x", kind="account", url=PARENT_WEIBO, platform="weibo")) == PARENT_WEIBO
    assert channel_link(Successor(name="x", kind="account", url="https://evil.example/u/1", platform="weibo")) is None
    assert channel_link(Successor(name="x", kind="website", url="https://user@xf.qingshan.gov.cn/")) is None
    assert channel_link(Successor(name="x", kind="website", url=WEBSITE)) == WEBSITE
    assert successors({"successor": "a"}) == [Successor(account="a")]
    assert successors({"successors": ["a", {"name": "n", "kind": "app", "url": WEBSITE}]})[1].external


def _csv_rows(site: Path) -> list[list[str]]:
    raw = (site / "api/accounts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel opens UTF-8 only with its BOM
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"))))


def test_csv_carries_verification_text_former_names_and_successors(site: Path) -> None:
    rows = _csv_rows(site)
    head = rows[0]
    by_id = {r[0]: dict(zip(head, r, strict=True)) for r in rows[1:]}
    assert by_id["qs-scjg-wx"]["former_names"] and by_id["qs-scjg-wx"]["verification_text"]
    assert by_id["qs-xfzd-wb"]["successors"] == f"qs-xfzd-wx; 省消防救援总队官方微博 <{PARENT_WEIBO}>"
    assert by_id["qs-gov-bjh"]["platform_id"] == "1000000000000007"


def test_xlsx_has_the_csv_rows_with_text_id_cells(site: Path) -> None:
    book = openpyxl.load_workbook(site / "api/accounts.xlsx")
    sheet = book.worksheets[0]
    cells = [[("" if c.value is None else c.value) for c in row] for row in sheet.iter_rows()]
    assert cells == _csv_rows(site)  # the same columns and text, no number or date converted
    head = cells[0]
    for row in sheet.iter_rows(min_row=2):
        for name in ("id", "platform_id", "opened"):
            c = row[head.index(name)]
            if c.value is not None:
                assert c.data_type == "s" and c.number_format == "@", (name, c.value)
    assert book.properties.created.date().isoformat() == TODAY  # the build's day, not the clock


def test_meta_and_api_page_state_licence_and_update_day(site: Path) -> None:
    meta = json.loads((site / "api/meta.json").read_text("utf-8"))
    assert meta["updated"] == TODAY and meta["licence"]["url"].startswith("https://creativecommons.org/")
    page = (site / "api/index.html").read_text("utf-8")
    assert TODAY in page and meta["licence"]["url"] in page and "PORTAL-DATA-TERMS" not in page
    assert 'href="accounts.xlsx"' in page


# the fields api/accounts.csv and .xlsx carry, as the account record holds them
CARRIED = ("id", "name", "former_names", "platform", "platform_id", "handle", "url", "host_unit",
           "verification_text", "status", "opened")


@pytest.mark.parametrize("export", ["accounts.csv", "accounts.xlsx"])
def test_the_export_imports_back_as_the_same_accounts(site: Path, tmp_path: Path, export: str) -> None:
    """Export → `portal import` into an empty registry that has the units → the same account records in
    every field the export carries. Deregistered accounts are refused, as in any import: the export does
    not carry their notices."""
    reg = tmp_path / "registry"
    (reg / "accounts").mkdir(parents=True)
    shutil.copytree(PROJECT / "registry/units", reg / "units")
    shutil.copy(PROJECT / "registry/portal.yaml", reg / "portal.yaml")
    runner = CliRunner()
    res = runner.invoke(main, ["import", str(site / "api" / export), "--registry", str(reg), "--today", TODAY,
                               "--skip-bad"])
    original = {p.stem: yaml_rs.loads(p.read_text("utf-8")) for p in (PROJECT / "registry/accounts").glob("*/*.yaml")}
    imported = {p.stem: yaml_rs.loads(p.read_text("utf-8")) for p in (reg / "accounts").glob("*/*.yaml")}
    gone = {aid for aid, a in original.items() if a["status"] == "deregistered"}
    assert res.exit_code == 1 and res.output.count("已注销的账号") == len(gone), res.output
    assert set(imported) == set(original) - gone
    assert not list((reg / "units").glob("u-*.yaml"))  # every host unit found by its id
    for aid, a in imported.items():
        b = original[aid]
        assert {f: a.get(f) for f in CARRIED} == {f: b.get(f) for f in CARRIED}, aid
        assert (a.get("operator") or {}).get("name") == (b.get("operator") or {}).get("name"), aid
        assert a.get("app", {}).get("ipv6") == b.get("app", {}).get("ipv6"), aid
        assert (reg / "accounts" / b["host_unit"] / f"{aid}.yaml").is_file()
    res = runner.invoke(main, ["validate", "--registry", str(reg), "--today", TODAY])
    assert res.exit_code == 0, res.output  # renamings and closures come with their imported filings
