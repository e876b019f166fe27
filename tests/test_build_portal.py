"""`portal build` end to end on the small fixture registry: pages, exports, Git history, atomicity,
determinism, reuse, privacy and the internal link check."""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.check.engine import all_rules
from generator.check.rule_docs import rule_doc
from generator.cli import main
from generator.site import build as site_build
from generator.site.history import filing_commits
from tests.support.site import SMALL, TODAY, broken_links, build, copy_registry, git, tree_bytes

ACCOUNT = "accounts/qs-gov/qs-gov-wechat.yaml"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The small registry in a real Git repo: the two-filing account arrives in two commits."""
    base = tmp_path_factory.mktemp("small")
    reg = copy_registry(SMALL, base)
    full = (reg / ACCOUNT).read_text("utf-8")
    first = full[: full.index("  - type: change")] + "private:\n" + full.split("\nprivate:\n", 1)[1]
    (reg / ACCOUNT).write_text(first, "utf-8")
    git(reg, "init", "-q", "-b", "main")
    git(reg, "add", ".")
    git(reg, "commit", "-qm", "import", date="2026-01-05T10:00:00+08:00")
    c1 = git(reg, "rev-parse", "HEAD")
    (reg / ACCOUNT).write_text(full, "utf-8")
    git(reg, "commit", "-qam", "change filing", date="2026-09-03T10:00:00+08:00")
    c2 = git(reg, "rev-parse", "HEAD")
    out = base / "public"
    stats = build(reg, out, jobs=2)
    return {"reg": reg, "out": out, "stats": stats, "c1": c1, "c2": c2, "base": base}


def test_pages_exist(site: dict) -> None:
    out: Path = site["out"]
    for rel in ("index.html", "directory/index.html", "notices/index.html", "inspections/index.html",
                "inspections/2026-Q2/index.html", "inspections/2026-Q3/index.html", "changes/index.html",
                "about/index.html", "verify/index.html", "filing/index.html", "rules/index.html", "api/index.html",
                "accounts/qs-gov-wechat/index.html", "accounts/qs-gov-wechat/qr.svg", "units/qs-gaj-jjzd/index.html",
                "api/accounts.json", "api/accounts.csv", "api/units.json", "api/lookup/meta.json",
                "api/accounts/qs-jj-toutiao.json", "api/units/qs-gov.json", "schemas/account.schema.json",
                "feeds/filings.xml", "feeds/notices.xml", "feeds/inspections.xml", "sitemap.xml",
                "search/search_index.json"):
        assert (out / rel).is_file(), rel
    assert not (out / "portal-shell").exists()
    assert site["stats"].accounts == 8 and site["stats"].units == 6


def test_rules_page_documents_every_rule_with_its_examples(site: dict) -> None:
    page = (site["out"] / "rules/index.html").read_text("utf-8")
    specs = all_rules()
    for spec in specs:
        assert f'<h2 id="{spec.code.lower()}">{spec.code}</h2>' in page, spec.code
    assert page.count("错误示例 / Bad") == page.count("正确示例 / Good") == len(specs)
    bad = rule_doc(next(s for s in specs if s.code == "FIL001")).bad.text
    assert f'<code class="language-yaml">{html.escape(bad, quote=False)}\n</code>' in page
    assert "&lt;id of the body it belongs to&gt;" in page  # UNIT002's hint shown, not taken for a tag


def test_history_one_pass_attributes_each_filing_to_its_commit(site: dict) -> None:
    h = filing_commits(site["reg"])
    assert h.commit(ACCOUNT, 0).sha == site["c1"]
    assert h.commit(ACCOUNT, 1).sha == site["c2"]
    assert h.commit("accounts/qs-gov/qs-gov-weibo.yaml", 0).sha == site["c1"]
    page = (site["out"] / "accounts/qs-gov-wechat/index.html").read_text("utf-8")
    assert f'href="https://git.qingshan.gov.cn/xmt/registry/commit/{site["c2"]}"' in page
    detail = json.loads((site["out"] / "api/accounts/qs-gov-wechat.json").read_text("utf-8"))
    assert [f["commit"] for f in detail["filings"]] == [site["c1"], site["c2"]]
    assert detail["filings"][1]["commit_date"] == "2026-09-03"


def test_a_filing_recorded_after_its_date_says_when_it_was_recorded(site: dict) -> None:
    """The 2016 opening arrived with the 2026 import: its commit date is the day it was recorded in the
    registry, and the page says so; the change committed on its filing day needs no such note."""
    page = (site["out"] / "accounts/qs-gov-wechat/index.html").read_text("utf-8")
    items = page[page.index('id="filings"'):].split("<li>")[1:3]
    assert "2016-02-20" in items[0] and "（2026-01-05 录入备案库）" in items[0]
    assert "2026-09-03" in items[1] and "录入备案库" not in items[1]


def test_registry_outside_git_builds_without_commit_links(tmp_path: Path) -> None:
    reg = copy_registry(SMALL, tmp_path)
    build(reg, tmp_path / "out")
    page = (tmp_path / "out/accounts/qs-gov-wechat/index.html").read_text("utf-8")
    assert "/commit/" not in page and "提交记录" not in page
    assert filing_commits(reg).commit(ACCOUNT, 0) is None


def test_statuses_and_notices(site: dict) -> None:
    out: Path = site["out"]
    rows = {a["id"]: a for a in json.loads((out / "api/accounts.json").read_text("utf-8"))}
    assert rows["qs-jj-toutiao"]["display_status"] == "deregistering"
    assert rows["qs-gaj-weibo-old"]["display_status"] == "deregistered"
    assert [s["id"] for s in rows["qs-gaj-weibo-old"]["successors"]] == ["qs-gaj-douyin"]
    assert rows["dh-jyj-bilibili"]["display_status"] == "closed"
    notices = (out / "notices/index.html").read_text("utf-8")
    active, archive = notices.split('id="archive"')
    # one group notice covers both traffic-police accounts, with its end date and days left
    assert active.count('id="notice-qs-gaj-2026-zx2"') == 1
    assert "qs-jj-toutiao/" in active and "qs-jj-kuaishou/" in active and "剩余 20 天" in active
    assert 'id="notice-qs-gaj-2026-zx1"' in archive
    page = (out / "accounts/qs-gaj-weibo-old/index.html").read_text("utf-8")
    assert "已注销" in page and "2026-06-30" in page and "accounts/qs-gaj-douyin/" in page


def test_inspection_pages(site: dict) -> None:
    q2 = (site["out"] / "inspections/2026-Q2/index.html").read_text("utf-8")
    assert "50.0%" in q2 and "连续两周未更新" in q2 and 'href="qs-2026-q2/"' not in q2
    assert 'href="../../inspections/2026-Q2/qs-2026-q2/"' in q2 and 'href="results.xlsx"' in q2
    batch = (site["out"] / "inspections/2026-Q2/qs-2026-q2/index.html").read_text("utf-8")
    assert "合格账号（2）" in batch and "不合格账号（2）" in batch and "整改期限 2026-07-15" in batch
    assert "portal-rect--overdue" in batch  # dh-jyj-wechat: deadline passed, not rectified
    q3 = (site["out"] / "inspections/2026-Q3/qs-2026-q3-recheck/index.html").read_text("utf-8")
    assert "复查结果" in q3 and "复查合格" in q3 and "复查仍不合格" in q3


def test_exports(site: dict) -> None:
    out: Path = site["out"]
    raw = (out / "api/accounts.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 8 and rows[0]["id"] == "dh-jyj-bilibili"
    units = json.loads((out / "api/units.json").read_text("utf-8"))
    assert all("maintainers" not in u and "private" not in u for u in units)
    for feed in ("filings", "notices", "inspections"):
        root = ET.fromstring((out / f"feeds/{feed}.xml").read_bytes())
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        assert root.findall("{http://www.w3.org/2005/Atom}entry")
    sitemap = (out / "sitemap.xml").read_text("utf-8")
    assert "https://xmt.qingshan.gov.cn/accounts/qs-gov-wechat/" in sitemap
    assert "https://xmt.qingshan.gov.cn/about/" in sitemap and "portal-shell" not in sitemap
    search = json.loads((out / "search/search_index.json").read_text("utf-8"))
    locations = {d["location"].split("#")[0] for d in search["docs"]}
    assert not any(loc.startswith(("accounts/", "units/", "portal-shell")) for loc in locations)


def test_canary_private_data_never_published(site: dict) -> None:
    for rel, data in tree_bytes(site["out"]).items():
        if rel.endswith(".gz"):
            data = gzip.decompress(data)
        assert b"CANARY" not in data, rel
        assert b"13800000000" not in data, rel


def test_no_broken_internal_links(site: dict) -> None:
    assert broken_links(site["out"]) == []


def test_account_pages_are_small(site: dict) -> None:
    sizes = [p.stat().st_size for p in (site["out"] / "accounts").glob("*/index.html")]
    assert sizes and max(sizes) <= 12 * 1024


def test_deterministic_and_reuses_qr(site: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    out2 = site["base"] / "public2"
    build(site["reg"], out2, jobs=1)
    assert tree_bytes(site["out"]) == tree_bytes(out2)
    monkeypatch.setattr(site_build, "CHUNK", 3)  # several slices: a forked child renders some of them
    stats = build(site["reg"], out2, jobs=2)  # rebuild in place: QR codes come from the previous output
    assert stats.qr_reused == 8
    assert tree_bytes(site["out"]) == tree_bytes(out2)


def test_precompress(tmp_path: Path) -> None:
    reg = copy_registry(SMALL, tmp_path)
    build(reg, tmp_path / "out", precompress=True)
    page = tmp_path / "out/accounts/qs-gov-wechat/index.html"
    assert gzip.decompress(Path(str(page) + ".gz").read_bytes()) == page.read_bytes()
    assert (tmp_path / "out/api/accounts.json.gz").is_file()


def test_registry_with_errors_builds_nothing(tmp_path: Path) -> None:
    reg = copy_registry(SMALL, tmp_path)
    out = tmp_path / "public"
    runner = CliRunner()
    ok = runner.invoke(main, ["build", "--registry", str(reg), "--out", str(out), "--today", TODAY])
    assert ok.exit_code == 0, ok.output
    before = tree_bytes(out)
    bad = reg / "accounts/qs-gov/qs-gov-weibo.yaml"
    bad.write_text(bad.read_text("utf-8").replace("status: active", "status: sleeping"), "utf-8")
    res = runner.invoke(main, ["build", "--registry", str(reg), "--out", str(out), "--today", TODAY])
    assert res.exit_code == 1
    assert "未生成网站" in res.output and "Traceback" not in res.output
    assert tree_bytes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["public", "registry"]  # no temporary folder left


def test_cli_rejects_bad_date(tmp_path: Path) -> None:
    res = CliRunner().invoke(main, ["build", "--registry", str(SMALL), "--out", str(tmp_path / "o"), "--today", "2026-13-01"])
    assert res.exit_code == 2 and "YYYY-MM-DD" in res.output


def test_move_out_of_the_way(tmp_path: Path) -> None:
    """The output folder is replaced whole: files that no longer belong disappear."""
    reg = copy_registry(SMALL, tmp_path)
    out = tmp_path / "out"
    build(reg, out)
    shutil.rmtree(reg / "accounts/dh-jyj")
    (reg / "inspections/2026-Q2/qs-2026-q2.yaml").write_text(
        (reg / "inspections/2026-Q2/qs-2026-q2.yaml").read_text("utf-8").replace(
            "  - account: dh-jyj-wechat\n    vetoes:\n      - item: no_interaction\n        note: 留言超过一个月未回复\n    rectify_by: 2026-07-15\n", ""),
        "utf-8")
    (reg / "inspections/2026-Q3/qs-2026-q3-recheck.yaml").write_text(
        (reg / "inspections/2026-Q3/qs-2026-q3-recheck.yaml").read_text("utf-8").split("  - account: dh-jyj-wechat")[0],
        "utf-8")
    build(reg, out)
    assert not (out / "accounts/dh-jyj-wechat").exists()


def test_minimal_portal_config(tmp_path: Path) -> None:
    """No site_url, repo_url or report: no QR codes, no commit links, still no broken links."""
    reg = copy_registry(SMALL, tmp_path)
    cfg = (reg / "portal.yaml").read_text("utf-8")
    cfg = "\n".join(line for line in cfg.split("\nreport:")[0].splitlines()
                    if not line.startswith(("site_url", "repo_url"))) + "\n"
    (reg / "portal.yaml").write_text(cfg, "utf-8")
    out = tmp_path / "out"
    build(reg, out)
    assert not (out / "accounts/qs-gov-wechat/qr.svg").exists()
    assert "portal-qr" not in (out / "accounts/qs-gov-wechat/index.html").read_text("utf-8")
    assert "请联系本地网信部门" in (out / "index.html").read_text("utf-8")
    assert broken_links(out) == []


def test_the_filing_form_names_the_forge() -> None:
    from generator.site.filing_form import forge

    assert forge("https://github.com/qingshan-gov/newmedia-registry", None) == "github"
    assert forge("https://gitlab.qingshan.gov.cn/xmt/registry", None) == "gitlab"
    assert forge("https://git.qingshan.gov.cn/xmt/registry", None) is None  # only download, then
    assert forge("https://git.qingshan.gov.cn/xmt/registry", "gitlab") == "gitlab"  # portal.yaml's repo_kind
