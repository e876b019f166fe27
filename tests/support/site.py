"""Helpers shared by the portal tests (build a fixture registry, walk and parse the output)."""

from __future__ import annotations

import html.parser
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml_rs

from generator.site.build import BuildStats, build_site
from generator.tools.yaml_emit import dump

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SMALL = FIXTURES / "portal_small"
HOSTILE = FIXTURES / "portal_hostile"
TODAY = "2026-11-20"


def copy_registry(src: Path, dest_parent: Path) -> Path:
    dest = dest_parent / "registry"
    shutil.copytree(src, dest)
    return dest


def edit_record(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Read a record, let `change` edit it, write it back (dates stay YYYY-MM-DD)."""
    doc = yaml_rs.loads(path.read_text("utf-8"))
    change(doc)
    path.write_text(dump(doc), "utf-8")


def git(cwd: Path, *args: str, date: str = "2026-11-01T10:00:00+08:00",
        who: tuple[str, str] = ("Filer", "filer@example.org")) -> str:
    env = {"GIT_AUTHOR_NAME": who[0], "GIT_AUTHOR_EMAIL": who[1], "GIT_COMMITTER_NAME": who[0],
           "GIT_COMMITTER_EMAIL": who[1], "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date,
           "PATH": "/usr/bin:/bin", "HOME": str(cwd)}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout.strip()


def build(registry: Path, out: Path, **kw) -> BuildStats:
    return build_site(registry, out, kw.pop("today", TODAY), jobs=kw.pop("jobs", 1), **kw)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class Tags(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text of inline scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def parse(path: Path) -> Tags:
    t = Tags()
    t.feed(path.read_text("utf-8"))
    t.close()
    return t


def broken_links(out: Path) -> list[str]:
    """Internal href/src targets that do not exist in the built site."""
    bad = []
    for page in sorted(out.rglob("*.html")):
        for tag, attrs in parse(page).tags:
            for name in ("href", "src"):
                url = attrs.get(name)
                if not url or tag == "link" and attrs.get("rel") == "canonical":
                    continue
                parts = urlsplit(url)
                if parts.scheme or parts.netloc or not parts.path:
                    continue
                target = (out / parts.path.lstrip("/")) if parts.path.startswith("/") else (page.parent / unquote(parts.path))
                target = target.resolve()
                if target.is_dir():
                    target = target / "index.html"
                if not target.is_file() or out.resolve() not in target.parents:
                    bad.append(f"{page.relative_to(out)} -> {url}")
    return bad


def stop_idle_executors() -> None:
    """Shut down the thread pools a finished Playwright session leaves behind (its event loop's
    default executor, threads named asyncio_N): while they live, this test process may not fork, and
    the tests of fork_map and the forked loader and rules that run after in it would silently run in
    one process."""
    import gc
    from concurrent.futures import ThreadPoolExecutor

    for obj in gc.get_objects():
        if isinstance(obj, ThreadPoolExecutor):
            obj.shutdown(wait=True)
