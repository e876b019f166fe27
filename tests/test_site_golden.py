"""Golden tests: generated HTML fragments (the page body inside the theme shell) and JSON/XML exports
of the small fixture registry, compared byte for byte. Regenerate with UPDATE_GOLDEN=1 and review
the diff like any other change."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from tests.support.site import SMALL, build, copy_registry

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

FRAGMENTS = {
    "account-active.html": "accounts/qs-gov-wechat/index.html",
    "account-deregistering.html": "accounts/qs-jj-toutiao/index.html",
    "account-deregistered.html": "accounts/qs-gaj-weibo-old/index.html",
    "account-closed.html": "accounts/dh-jyj-bilibili/index.html",
    "unit.html": "units/qs-gaj/index.html",
    "home.html": "index.html",
    "directory.html": "directory/index.html",
    "notices.html": "notices/index.html",
    "inspections.html": "inspections/index.html",
    "inspection-recheck.html": "inspections/2026-Q3/index.html",
    "inspection-batch.html": "inspections/2026-Q2/qs-2026-q2/index.html",
    "inspection-batch-recheck.html": "inspections/2026-Q3/qs-2026-q3-recheck/index.html",
    "assessment.html": "assessments/2026/index.html",
    "changes.html": "changes/index.html",
    "changes-month.html": "changes/2026-09/index.html",
    "region.html": "directory/330100/index.html",
    "404.html": "404.html",
}
FILES = {
    "accounts.json": "api/accounts.json",
    "accounts.csv": "api/accounts.csv",
    "units.json": "api/units.json",
    "unit-qs-gaj.json": "api/units/qs-gaj.json",
    "account-qs-jj-toutiao.json": "api/accounts/qs-jj-toutiao.json",
    "feed-filings.xml": "feeds/filings.xml",
    "feed-notices.xml": "feeds/notices.xml",
    "feed-inspections.xml": "feeds/inspections.xml",
    "sitemap.xml": "sitemap.xml",
    "inspections-2026-Q2.csv": "inspections/2026-Q2/results.csv",
}
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">.*?</article>', re.S)


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("golden")
    target = base / "out"
    build(copy_registry(SMALL, base), target)
    return target


def _check(name: str, actual: bytes) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
    assert path.is_file(), f"missing golden file {name}: run with UPDATE_GOLDEN=1"
    assert actual == path.read_bytes(), f"{name} differs from tests/golden/{name} (UPDATE_GOLDEN=1 to accept)"


@pytest.mark.parametrize("name", sorted(FRAGMENTS))
def test_html_fragment(out: Path, name: str) -> None:
    html = (out / FRAGMENTS[name]).read_text("utf-8")
    m = _ARTICLE.search(html)
    assert m, FRAGMENTS[name]
    _check(name, (m.group(0) + "\n").encode())


@pytest.mark.parametrize("name", sorted(FILES))
def test_export(out: Path, name: str) -> None:
    _check(name, (out / FILES[name]).read_bytes())
