"""A synthetic registry (`portal synth`) with many regions, each a directory page: builds,
has no broken internal link, keeps account pages under 12 KB and the home page small."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.tools.synth import synthesize
from tests.support.site import broken_links, build


def test_synthetic_registry_builds(tmp_path: Path) -> None:
    reg = tmp_path / "registry"
    synthesize(800, reg, today=dt.date(2026, 11, 27))
    out = tmp_path / "out"
    stats = build(reg, out, today="2026-11-27", jobs=2)
    assert stats.accounts == 800 and stats.units > 300
    region_pages = list((out / "directory").glob("*/index.html"))
    assert len(region_pages) > 1, "one page per region"
    assert all(p.parent.name.isdigit() for p in region_pages)  # named by division code
    directory = (out / "directory/index.html").read_text("utf-8")
    assert all(f"directory/{p.parent.name}/\"" in directory for p in region_pages)
    assert (out / "index.html").stat().st_size < 60_000
    sizes = [p.stat().st_size for p in (out / "accounts").glob("*/index.html")]
    assert len(sizes) == 800 and max(sizes) <= 12 * 1024
    assert broken_links(out) == []
