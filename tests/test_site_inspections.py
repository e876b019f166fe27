"""The sample registry's inspection pages, built once: computed results on account, batch and period pages,
how many accounts each batch checked and which passed, pass rates per platform and unit drawn as static
SVG bars each beside a table of its numbers, the trend as a line, zombie and dormant accounts, overdue
rectifications, the results table as XLSX and CSV (the same bytes `portal export inspections` writes),
the assessment page of the year, and one way of naming periods."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load.registry import load_registry
from generator.site.pages import CHART_MAX
from generator.site.public import public_data
from tests.support.site import broken_links, build, copy_registry, parse

SAMPLE = Path(__file__).resolve().parent.parent / "registry"
TODAY = "2026-11-27"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("sample")
    out = base / "out"
    build(copy_registry(SAMPLE, base), out, today=TODAY)
    return out


@pytest.fixture(scope="module")
def book():
    reg, _ = load_registry(SAMPLE, use_cache=False)
    return public_data(reg, TODAY, assessments=False).book


def _body(page: Path) -> str:
    return page.read_text("utf-8").split('<article class="md-content__inner md-typeset">', 1)[1].split("</article>")[0]


def _figures(html: str) -> list[tuple[int, int, list[str]]]:
    """(bars, table rows, ids) of each chart figure."""
    out = []
    for fig in re.findall(r'<figure class="portal-figure".*?</figure>', html, re.S):
        bars = len(re.findall(r'class="portal-chart__bar[ "]', fig)) + len(re.findall(r'class="portal-chart__dot"', fig))
        rows = len(re.findall(r'<tr><th scope="row">', fig))
        out.append((bars, rows, re.findall(r'aria-labelledby="([^"]+)"', fig)))
    return out


def test_batch_page_lists_every_account_checked_and_which_passed(site: Path, book) -> None:
    b = book.batches["qs-2026q3-spot"]
    html = _body(site / "inspections/2026-Q3/qs-2026q3-spot/index.html")
    passed, failed = len(b.passed), len(b.failed)
    assert f"<b>{passed + failed}</b> 个：合格 {passed} 个，不合格 {failed} 个" in html
    assert f"不合格账号（{failed}）" in html and f"合格账号（{passed}）" in html
    for r in b.results:
        assert f'href="../../../accounts/{r.account}/"' in html, r.account
    # computed, not typed: an app whose functions broke fails without a recorded veto, its deadline passed
    harmony = html.split('accounts/qs-rmt-harmony/"', 1)[1].split("</li>", 1)[0]
    assert "移动客户端（APP）无法下载或使用" in harmony and "检查时功能无法使用" in harmony and "portal-rect--overdue" in harmony
    wxjd = html.split('accounts/dh-wxjd-wx/"', 1)[1].split("</li>", 1)[0]
    assert "<b>90</b> 分" in wxjd and "名称与主办单位工作职责不关联 −10" in wxjd
    assert "逾期未整改</dt><dd><a href=\"#failed\">1 个</a>" in html


def test_a_computed_zombie_fails(book) -> None:
    r = book.batches["yt-ban-2026q3-self"].result_of("yt-scjg-wx")
    assert r is not None and not r.passed and not r.data.get("vetoes")
    assert [h.item.key for h in r.outcome.vetoes] == ["no_update_2w"] and r.outcome.vetoes[0].source == "observed"


def test_pass_rates_are_charts_beside_their_tables(site: Path) -> None:
    for page in ("inspections/2026-Q3/index.html", "inspections/2026-Q3/qs-2026q3-spot/index.html", "inspections/index.html"):
        html = _body(site / page)
        figures = _figures(html)
        assert figures, page
        for bars, rows, labelled in figures:
            assert bars == min(rows, CHART_MAX) and rows > 0, page  # a bar (or point) per row, the lowest 30 at most
            assert labelled and all(f'<title id="{i}">' in html for i in labelled)
        assert "<script" not in html and " style=" not in html and "onload" not in html
    index = _body(site / "inspections/index.html")
    points = re.search(r'<polyline class="portal-chart__line" points="([^"]+)"', index)
    assert points and len(points.group(1).split()) == len(re.findall(r'<tr><th scope="row"><a href="../inspections/', index))
    units = _body(site / "inspections/2026-Q3/index.html").split('id="rate-unit"', 1)[1]
    assert "<caption>本期各主办单位合格率</caption>" in units and "青山市东湖区文新街道办事处" in units
    assert f"（合格率最低的 {CHART_MAX} 个）" in units  # 32 units: the chart draws 30, the table lists all


def test_period_page_lists_zombies_dormant_accounts_and_links_the_export(site: Path, book) -> None:
    html = _body(site / "inspections/2026-Q3/index.html")
    found = book.activity("2026-Q3")
    assert {a.state for a in found} == {"zombie", "dormant"}
    section = html.split('id="zombies"', 1)[1]
    for a in found:
        assert f'accounts/{a.account}/"' in section
    assert "portal-rect--zombie" in section and "15 天及以上未更新的为僵尸账号" in section
    assert 'href="results.xlsx"' in html and 'href="results.csv"' in html
    assert (site / "inspections/2026-Q3/results.xlsx").is_file()


def test_account_page_shows_the_computed_result_and_its_rectification(site: Path) -> None:
    html = _body(site / "accounts/yt-scjg-wx/index.html")
    section = html.split('<h2 id="inspections">', 1)[1]
    assert section.count("<li>") == 4  # two checks of its own office, the city's spot check and its re-check
    assert 'href="../../inspections/2026-Q3/qs-2026q3-spot/"' in section
    assert "监测时间点前 2 周内无更新" in section and "portal-rect--late" in section and "（复查合格）" in section
    detail = json.loads((site / "api/accounts/yt-scjg-wx.json").read_text("utf-8"))
    spot = next(i for i in detail["inspections"] if i["batch"] == "qs-2026q3-spot")
    assert (spot["passed"], spot["score"], spot["rectification"], spot["rechecked_by"]) == (False, None, "late", "qs-2026q3-recheck")
    assert spot["computed_vetoes"][0]["item"] == "no_update_2w"


def test_results_table_as_published(site: Path, book, tmp_path: Path) -> None:
    raw = (site / "inspections/2026-Q3/results.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    results = [r for _, bs in book.periods if _ == "2026-Q3" for b in bs for r in b.results]
    assert len(rows) == len(results)
    harmony = next(r for r in rows if r["备案标识"] == "qs-rmt-harmony")
    assert (harmony["检查结果"], harmony["得分"], harmony["整改情况"]) == ("不合格", "", "逾期未整改")
    wb = openpyxl.load_workbook(io.BytesIO((site / "inspections/2026-Q3/results.xlsx").read_bytes()))
    ws = wb.active
    assert ws.title == "2026年第三季度" and ws.max_row == len(rows) + 1
    header = [c.value for c in ws[1]]
    pid = header.index("平台标识") + 1
    weibo = [row for row in ws.iter_rows(min_row=2) if row[header.index("平台") ].value == "新浪微博"]
    assert weibo and all(row[pid - 1].data_type == "s" and row[pid - 1].number_format == "@" for row in weibo)
    assert all(isinstance(row[pid - 1].value, str) for row in weibo)  # a Weibo UID stays text
    res = CliRunner().invoke(main, ["export", "inspections", "--period", "2026-Q3", "--registry", str(SAMPLE),
                                    "--out", str(tmp_path), "--today", TODAY])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "inspections-2026-Q3.xlsx").read_bytes() == (site / "inspections/2026-Q3/results.xlsx").read_bytes()
    assert (tmp_path / "inspections-2026-Q3.csv").read_bytes() == raw


def test_assessment_page_of_the_year(site: Path) -> None:
    html = _body(site / "assessments/2026/index.html")
    for unit in ("dh-ban", "nx-ban", "qs-ban", "xl-ban", "yt-ban"):
        assert f'id="unit-{unit}"' in html and f'href="#unit-{unit}"' in html
    assert "年度未结束，结果为暂定" in html and "待补充" in html  # the portal has no inputs file: those items wait
    yt = html.split('id="unit-yt-ban"', 1)[1].split("</section>", 1)[0]
    assert "单项否决，不再评分" in yt and "2026年第二季度：检查 0 次" in yt
    assert 'href="../../inspections/2026-Q3/qs-2026q3-spot/"' in html  # evidence links to its batch
    assert '<a href="../assessments/2026/">' in _body(site / "inspections/index.html")


def test_no_broken_links_and_one_way_of_naming_periods(site: Path) -> None:
    assert broken_links(site) == []
    pages = [p for p in site.rglob("*.html") if "inspections" in p.parts or "assessments" in p.parts or "accounts" in p.parts]
    for p in pages:
        text = p.read_text("utf-8")
        assert not re.search(r"年第[0-9]季度", text), p  # 2026年第三季度, never 2026年第3季度
    assert "2026年第三季度" in (site / "inspections/index.html").read_text("utf-8")
    for page in ("inspections/2026-Q3/qs-2026q3-spot/index.html", "assessments/2026/index.html"):
        tags = parse(site / page).tags
        assert not any(name.startswith("on") for _, attrs in tags for name in attrs), page


def test_sitemap_names_batch_and_assessment_pages(site: Path) -> None:
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "inspections/2026-Q3/qs-2026q3-spot/</loc>" in sitemap and "assessments/2026/</loc>" in sitemap


def test_export_refuses_a_registry_with_errors(tmp_path: Path) -> None:
    reg = copy_registry(SAMPLE, tmp_path)
    f = reg / "inspections/2026-Q3/qs-2026q3-spot.yaml"
    f.write_text(f.read_text("utf-8").replace("rubric: kunshan-2019", "rubric: kunshan-2018"), "utf-8")
    res = CliRunner().invoke(main, ["export", "inspections", "--period", "2026-Q3", "--registry", str(reg),
                                    "--out", str(tmp_path / "x"), "--today", TODAY])
    assert res.exit_code == 1 and not (tmp_path / "x").exists()


def test_today_decides_what_is_overdue() -> None:
    reg, _ = load_registry(SAMPLE, use_cache=False)
    early = public_data(reg, "2026-10-20", assessments=False).book
    late = public_data(reg, TODAY, assessments=False).book
    r_early = early.batches["qs-2026q3-recheck"].result_of("qs-rmt-harmony")
    r_late = late.batches["qs-2026q3-recheck"].result_of("qs-rmt-harmony")
    assert (r_early.rectification, r_late.rectification) == ("pending", "overdue")  # type: ignore[union-attr]
    assert dt.date.fromisoformat(r_late.rectify_by) < dt.date.fromisoformat(TODAY)  # type: ignore[union-attr,arg-type]
