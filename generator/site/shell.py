"""mkdocs-material builds the hand-written pages from `site/`; the same build yields the page shell
(header, nav, footer, CSS/JS bundle, palette) into which record pages are rendered straight from
templates. Stubs are staged next to the hand-written pages: a hidden shell page at depth 2 whose title
and body are tokens, split once and joined per page (no re-scanning of record text)."""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from generator.paths import PROJECT_DIR, SITE_SOURCES_DIR, STATIC_DIR
from generator.site.safety import display_text

BODY = "<!--PORTAL-BODY-->"
RULES = "<!--PORTAL-RULES-->"
TITLE = "PORTALTITLETOKEN"
SHELL_DIR = "portal-shell/x"
MKDOCS_YML = PROJECT_DIR / "mkdocs.yml"
# Generated list pages that mkdocs renders (they are in the nav) and we fill.
LIST_PAGES = ("index.html", "directory/index.html", "notices/index.html", "inspections/index.html",
              "changes/index.html")

_SHELL_MD = f"""---
title: {TITLE}
search:
  exclude: true
hide:
  - toc
---

{BODY}
"""


@dataclass
class Shell:
    """A page template split into literal pieces; pieces at odd positions are replaced."""

    pieces: list[str]  # literal, token, literal, token, ...

    def render(self, title: str, body: str, canonical: str = "") -> str:
        values = {TITLE: html.escape(display_text(title), quote=True), BODY: body, "@CANONICAL@": html.escape(canonical)}
        return "".join(values[p] if i % 2 else p for i, p in enumerate(self.pieces))


def _split(text: str) -> Shell:
    return Shell(re.split(f"({TITLE}|{BODY}|@CANONICAL@)", text))


def rules_markdown(profile: str) -> str:
    from generator.check.profiles import rules_reference_markdown

    return rules_reference_markdown(profile)


def stage_docs(dest: Path, profile: str) -> None:
    """site/ + the portal's own CSS/JS + the hidden shell stub + the rule reference."""
    shutil.copytree(SITE_SOURCES_DIR, dest, ignore=shutil.ignore_patterns("overrides"))
    shutil.copytree(STATIC_DIR, dest / "assets" / "portal")
    (dest / SHELL_DIR).mkdir(parents=True)
    (dest / SHELL_DIR / "index.md").write_text(_SHELL_MD, "utf-8")
    rules = dest / "rules.md"
    if rules.exists():
        rules.write_text(rules.read_text("utf-8").replace(RULES, rules_markdown(profile)), "utf-8")


def mkdocs_build(docs: Path, out: Path, site_name: str, site_url: str | None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")  # mkdocs' build date: never the wall clock
    for name in ("mkdocs", "mkdocs.plugins", "mkdocs.commands.build", "mkdocs.structure", "material"):
        logging.getLogger(name).setLevel(logging.ERROR)
    overrides: dict[str, object] = {
        "docs_dir": str(docs), "site_dir": str(out),
        # mkdocs-material puts site_name into HTML unescaped: escape it here, once.
        "site_name": html.escape(display_text(site_name), quote=True),
    }
    if site_url:
        overrides["site_url"] = site_url
    cfg = load_config(config_file=str(MKDOCS_YML), **overrides)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()


def extract_shells(out: Path) -> tuple[Shell, dict[str, Shell]]:
    """The depth-2 record shell and the list-page shells; removes the stub from the output."""
    text = (out / SHELL_DIR / "index.html").read_text("utf-8")
    text = text.replace(f"{SHELL_DIR}/", "@CANONICAL@") if "rel=\"canonical\"" in text else text
    record = _split(text)
    shutil.rmtree(out / SHELL_DIR.split("/")[0])
    lists = {p: _split((out / p).read_text("utf-8")) for p in LIST_PAGES if (out / p).exists()}
    return record, lists
