"""mkdocs-material builds the hand-written pages from `site/`; the same build yields the page shell
(header, nav, footer, CSS/JS bundle, palette) into which record pages are rendered straight from
templates. Stubs are staged next to the hand-written pages: a hidden shell page at depth 2 whose title
and body are tokens, split once and joined per page (no re-scanning of record text).

Everything the build copies or renders from the project (hand-written pages and their theme overrides,
the portal's static files, the record templates, the schemas) must be plain files and folders: a symlink
there would publish whatever it points to (a registry record's private block, `/proc/self/environ`), a
FIFO would hang the copy. `check_sources` refuses them before anything is written, and the staging copy
opens every file without following a link."""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

from generator.paths import PROJECT_DIR, SCHEMAS_DIR, SITE_SOURCES_DIR, STATIC_DIR, TEMPLATES_DIR
from generator.site import filters
from generator.site.safety import display_text

BODY = "<!--PORTAL-BODY-->"
RULES = "<!--PORTAL-RULES-->"
DATA_TERMS = "<!--PORTAL-DATA-TERMS-->"  # api.md: the data licence and the day of the update
TITLE = "PORTALTITLETOKEN"
DESCRIPTION = "PORTALDESCRIPTIONTOKEN"  # the page's meta description (every page has one: search engines, Lighthouse)
SHELL_DIR = "portal-shell/x"  # the record shell: pages two folders deep (accounts/<id>/)
DEEP_SHELL_DIR = "portal-shell/x/y"  # pages three folders deep (inspections/<period>/<batch>/)
MKDOCS_YML = PROJECT_DIR / "mkdocs.yml"
# Generated list pages that mkdocs renders (they are in the nav) and we fill.
LIST_PAGES = ("index.html", "directory/index.html", "notices/index.html", "inspections/index.html",
              "changes/index.html", "verify/index.html", "404.html")

_SHELL_MD = f"""---
title: {TITLE}
description: {DESCRIPTION}
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

    def render(self, title: str, body: str, canonical: str = "", description: str = "") -> str:
        """The page; its meta description is `description`, else its title."""
        values = {TITLE: html.escape(display_text(title), quote=True), BODY: body, "@CANONICAL@": html.escape(canonical),
                  DESCRIPTION: html.escape(display_text(description or title), quote=True)}
        return "".join(values[p] if i % 2 else p for i, p in enumerate(self.pieces))


def _split(text: str) -> Shell:
    return Shell(re.split(f"({TITLE}|{BODY}|{DESCRIPTION}|@CANONICAL@)", text))


def rules_markdown(profile: str) -> str:
    from generator.check.profiles import rules_reference_markdown

    return rules_reference_markdown(profile)


# What a non-regular entry is, in the messages (zh, en).
_KINDS = {"symlink": ("符号链接", "symlink"), "fifo": ("命名管道", "FIFO"), "device": ("设备文件", "device file"),
          "socket": ("套接字", "socket"), "other": ("特殊文件", "special file")}


class UnsafeSources(Exception):
    """Symlinks or special files among the sources the build copies into the site."""

    def __init__(self, found: list[tuple[Path, str]]) -> None:
        self.found = found  # (path, kind), kind a key of _KINDS
        super().__init__(", ".join(f"{p} ({kind})" for p, kind in found))

    def lines(self) -> list[str]:
        """One Chinese/English line per entry, naming the file."""
        out = []
        for path, kind in self.found:
            zh, en = _KINDS[kind]
            out.append(f"{_shown(path)}：{zh} / {en}")
        return out


def _shown(path: Path) -> str:
    try:
        return path.relative_to(PROJECT_DIR).as_posix()
    except ValueError:
        return str(path)


def _kind(mode: int) -> str | None:
    """None for a regular file or a folder, else what the entry is."""
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISLNK(mode):
        return "symlink"
    if stat.S_ISFIFO(mode):
        return "fifo"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "device"
    if stat.S_ISSOCK(mode):
        return "socket"
    return "other"


def source_roots() -> list[Path]:
    """The folders a build reads into the site (read at call time: tests point them elsewhere)."""
    return [SITE_SOURCES_DIR, STATIC_DIR, TEMPLATES_DIR, SCHEMAS_DIR]


def check_sources(roots: list[Path] | None = None) -> None:
    """Raise UnsafeSources if any of the folders, or anything in them, is not a plain file or folder."""
    found: list[tuple[Path, str]] = []
    for root in roots if roots is not None else source_roots():
        kind = _kind(os.lstat(root).st_mode)
        if kind is not None:
            found.append((root, kind))
            continue
        for dirpath, dirnames, filenames in os.walk(root):  # never descends through a symlink
            for name in sorted(dirnames + filenames):
                p = Path(dirpath, name)
                kind = _kind(os.lstat(p).st_mode)
                if kind is not None:
                    found.append((p, kind))
    if found:
        raise UnsafeSources(sorted(found))


def copy_plain_tree(src: Path, dest: Path, skip: tuple[str, ...] = ()) -> None:
    """Copy a folder of plain files. Every file is opened without following a link and must still be
    a regular file (check_sources ran before; this closes the gap if the tree changed since)."""
    dest.mkdir(parents=True, exist_ok=True)
    with os.scandir(src) as entries:
        for e in sorted(entries, key=lambda e: e.name):
            if e.name in skip:
                continue
            kind = _kind(e.stat(follow_symlinks=False).st_mode)
            if kind is not None:
                raise UnsafeSources([(Path(e.path), kind)])
            if e.is_dir(follow_symlinks=False):
                copy_plain_tree(Path(e.path), dest / e.name)
                continue
            fd = os.open(e.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise UnsafeSources([(Path(e.path), "other")])
                with os.fdopen(fd, "rb") as f:
                    fd = -1
                    (dest / e.name).write_bytes(f.read())
            finally:
                if fd >= 0:
                    os.close(fd)


def stage_docs(dest: Path, profile: str, data_terms: str = "") -> None:
    """site/ (its theme overrides included, in `overrides/`, which mkdocs.yml excludes from the pages)
    + the portal's own CSS/JS + the hidden shell stub + the rule reference + the data's licence and
    day of update on the API page."""
    copy_plain_tree(SITE_SOURCES_DIR, dest)
    copy_plain_tree(STATIC_DIR, dest / "assets" / "portal")
    css = dest / "assets" / "portal" / "portal.css"
    css.write_text(css.read_text("utf-8") + filters.css(), "utf-8")
    for stub in (SHELL_DIR, DEEP_SHELL_DIR):
        (dest / stub).mkdir(parents=True, exist_ok=True)
        (dest / stub / "index.md").write_text(_SHELL_MD, "utf-8")
    rules = dest / "rules.md"
    if rules.exists():
        rules.write_text(rules.read_text("utf-8").replace(RULES, rules_markdown(profile)), "utf-8")
    api = dest / "api.md"
    if api.exists():
        api.write_text(api.read_text("utf-8").replace(DATA_TERMS, data_terms), "utf-8")


def mkdocs_build(docs: Path, out: Path, site_name: str, site_url: str | None) -> None:
    """mkdocs on the staged pages; the theme overrides are the staged copy in `docs/overrides`."""
    import yaml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")  # mkdocs' build date: never the wall clock
    for name in ("mkdocs", "mkdocs.plugins", "mkdocs.commands.build", "mkdocs.structure", "material"):
        logging.getLogger(name).setLevel(logging.ERROR)
    import jieba  # the search plugin's Chinese segmenter: it sets its own logger's level when imported

    jieba.setLogLevel(logging.ERROR)
    theme = dict(yaml.safe_load(MKDOCS_YML.read_text("utf-8"))["theme"])
    if (docs / "overrides").is_dir():
        theme["custom_dir"] = str(docs / "overrides")
    overrides: dict[str, object] = {
        "docs_dir": str(docs), "site_dir": str(out), "theme": theme,
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


# In the record shells (an account page must stay within 12 KB): the table of contents' sidebar, which a
# record page hides and never fills, and line breaks next to a tag, which the theme's markup carries
# around every label (record text is joined in later, untouched).
_HIDDEN_TOC = re.compile(r'<div class="md-sidebar md-sidebar--secondary"[^>]*data-md-type="toc" hidden>'
                         r'<div class="md-sidebar__scrollwrap"><div class="md-sidebar__inner">'
                         r'<nav class="md-nav md-nav--secondary"[^>]*></nav></div></div></div>')
_TAG_BREAK = re.compile(r"(?<=>)\n|\n(?=<)")


def _stub_shell(out: Path, stub: str) -> Shell:
    text = (out / stub / "index.html").read_text("utf-8")
    text = _TAG_BREAK.sub("", _HIDDEN_TOC.sub("", text, count=1))
    return _split(text.replace(f"{stub}/", "@CANONICAL@") if "rel=\"canonical\"" in text else text)


def extract_shells(out: Path) -> tuple[Shell, dict[str, Shell], Shell]:
    """The depth-2 record shell, the list-page shells and the depth-3 shell; removes the stubs from the
    output."""
    record, deep = _stub_shell(out, SHELL_DIR), _stub_shell(out, DEEP_SHELL_DIR)
    shutil.rmtree(out / SHELL_DIR.split("/")[0])
    lists = {p: _split((out / p).read_text("utf-8")) for p in LIST_PAGES if (out / p).exists()}
    return record, lists, deep
