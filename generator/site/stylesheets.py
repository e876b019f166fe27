"""The theme's stylesheets cut down to the rules a page of this site can use.

mkdocs-material ships one stylesheet for every feature and Markdown extension it supports and a palette
stylesheet for every colour; a browser must download all of it before it paints anything (stylesheets
block rendering), and a portal page uses a small part of it. Once mkdocs has written its pages (the
mkdocs hook's last step), the build keeps, of each theme stylesheet, what some page can match, under a
name of its own content's digest, and points every page at it.

What `prune` guarantees:

- A selector is dropped only if it needs a class, an id, an attribute or an attribute's value that no
  source can put into a page (`Names`): the pages mkdocs wrote (the record shells among them), the record
  templates and the modules that write markup, and the scripts the site ships, which add markup at run
  time (the theme's search results, the active link in the navigation). A name a script composes from a
  prefix (`md-tag--${x}`) keeps every name with that prefix. One exception, by configuration: the theme's
  script makes the markup of some features of its own (content tabs, code annotations and buttons,
  tooltips, the version selector, the repository's facts, tags) and names it whether the feature is on or
  not; while mkdocs' configuration leaves such a feature off (`SCRIPT_FEATURES`), its names count only
  where a page carries them. And names in `UNWANTED` lose their rules whoever uses them.
- What cannot be told from names is kept: type selectors, pseudo-classes and what `:not()` holds, media
  queries and every at-rule, a selector with an escaped character. `:is()`, `:where()` and `:has()` are
  kept if one of their alternatives can match.
- A custom property (`--md-…: value`) is dropped only if no kept declaration, no other stylesheet of the
  site and no script names it.
- The result is a function of the input text: the same sources give the same bytes.

That the pages look exactly the same with the pruned stylesheets as with the whole ones is proven in a
browser, element by element (tests/test_browser_stylesheets.py).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.paths import TEMPLATES_DIR

_WORD = re.compile(r"-{0,2}[A-Za-z_][A-Za-z0-9_-]*")
_IDENT = re.compile(r"-?[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff-]*|--[A-Za-z0-9_\x80-\U0010ffff-]*")
_VAR = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
_CUSTOM = re.compile(r"\s*(--[A-Za-z0-9_-]+)\s*:")
_SOURCE_MAP = re.compile(r"/\*#\s*sourceMappingURL=[^*]*\*/\s*$")
# Functional pseudo-classes that hold a selector list of which one alternative must match.
_ALTERNATIVES = {"is", "where", "matches", "-webkit-any", "-moz-any", "has"}
# At-rules whose block holds rules (the rest, @keyframes, @font-face, @page, are kept whole).
_GROUPING = {"media", "supports", "layer", "container", "document", "-moz-document"}


@dataclass
class Names:
    """What the sources can put into a page: their words (a class, id, attribute name or value must be
    one of them), the prefixes scripts compose names from, and the text itself (for attribute values
    that are not words); less the names whose rules are unwanted whoever uses them."""

    words: set[str] = field(default_factory=set)
    prefixes: tuple[str, ...] = ()
    text: str = ""
    unwanted: frozenset[str] = frozenset()

    @classmethod
    def of(cls, markup: Iterable[str], scripts: Iterable[str] = (), *, off: tuple[str, ...] = (),
           unwanted: Iterable[str] = ()) -> Names:
        """The names in `markup` (pages, templates, modules that write markup) and `scripts`; a script's
        name that starts with one of `off` (the prefixes of theme features that are off) counts only if
        the markup has it too."""
        markup, scripts = list(markup), list(scripts)
        in_markup: set[str] = set()
        for text in markup:
            in_markup.update(_WORD.findall(text))
        words = set(in_markup)
        for text in scripts:
            words.update(w for w in _WORD.findall(text) if not w.startswith(off) or w in in_markup)
        # A word ending in - or _ was cut short by something that is not a name character: a template
        # literal's ${…}, a "…"+x concatenation, an f-string's {…}.
        prefixes = tuple(sorted(w for w in words if w[-1] in "-_" and len(w.strip("-_")) >= 2))
        return cls(words=words, prefixes=prefixes, text="\n".join(markup + scripts), unwanted=frozenset(unwanted))

    def has(self, name: str) -> bool:
        return name not in self.unwanted and (name in self.words or name.startswith(self.prefixes))


# --- parsing: rules and at-rules, as written (nothing is normalised, so nothing is reformatted) -------


@dataclass
class Rule:
    prelude: str  # a selector list, or an at-rule kept whole (`@keyframes x`, `@font-face`)
    body: str  # between the braces


@dataclass
class Group:
    prelude: str  # `@media (...)`, `@supports (...)`
    children: list[Rule | Group | Statement]


@dataclass
class Statement:
    text: str  # `@charset "UTF-8"`, `@import …`


Node = Rule | Group | Statement


def _skip_string(s: str, i: int) -> int:
    quote, i = s[i], i + 1
    while i < len(s):
        c = s[i]
        if c == "\\":
            i += 2
            continue
        if c == quote or c == "\n":
            return i + 1
        i += 1
    return i


def _skip_comment(s: str, i: int) -> int:
    end = s.find("*/", i + 2)
    return len(s) if end < 0 else end + 2


def _scan(s: str, i: int, stops: str) -> int:
    """The index of the first of `stops` at nesting depth 0 (outside strings, comments, () and [])
    from i, or len(s)."""
    depth = 0
    while i < len(s):
        c = s[i]
        if c in "\"'":
            i = _skip_string(s, i)
            continue
        if c == "/" and s.startswith("/*", i):
            i = _skip_comment(s, i)
            continue
        if c == "\\":
            i += 2
            continue
        if depth == 0 and c in stops:
            return i
        if c in "([":
            depth += 1
        elif c in ")]":
            depth = max(depth - 1, 0)
        i += 1
    return i


def _block_end(s: str, i: int) -> int:
    """s[i] is `{`: the index of its matching `}`."""
    depth = 0
    while i < len(s):
        j = _scan(s, i, "{}")
        if j >= len(s):
            return j
        depth += 1 if s[j] == "{" else -1
        if depth == 0:
            return j
        i = j + 1
    return i


def _strip_comments(s: str) -> str:
    out, i, start = [], 0, 0
    while i < len(s):
        c = s[i]
        if c in "\"'":
            i = _skip_string(s, i)
        elif c == "\\":
            i += 2
        elif c == "/" and s.startswith("/*", i):
            out.append(s[start:i])
            i = start = _skip_comment(s, i)
        else:
            i += 1
    out.append(s[start:])
    return "".join(out)


def parse(css: str) -> list[Node]:
    nodes, i = _parse(_strip_comments(css), 0)
    return nodes


def _parse(s: str, i: int) -> tuple[list[Node], int]:
    nodes: list[Node] = []
    while i < len(s):
        while i < len(s) and s[i].isspace():
            i += 1
        if i >= len(s):
            break
        if s[i] == "}":
            return nodes, i + 1
        j = _scan(s, i, "{;}")
        prelude = s[i:j].strip()
        if j >= len(s) or s[j] in ";}":
            if prelude:
                nodes.append(Statement(prelude))
            i = j + 1 if j < len(s) and s[j] == ";" else j
            continue
        name = prelude[1:].split("(", 1)[0].split(None, 1)[0].lower() if prelude.startswith("@") else ""
        if name in _GROUPING:
            children, i = _parse(s, j + 1)
            nodes.append(Group(prelude, children))
        else:
            end = _block_end(s, j)
            nodes.append(Rule(prelude, s[j + 1:end]))
            i = end + 1
    return nodes, i


def serialize(nodes: list[Node]) -> str:
    out = []
    for n in nodes:
        if isinstance(n, Statement):
            out.append(n.text + ";")
        elif isinstance(n, Group):
            out.append(n.prelude + "{" + serialize(n.children) + "}")
        else:
            out.append(n.prelude + "{" + n.body + "}")
    return "".join(out)


# --- selectors -----------------------------------------------------------------------------------------


def split_list(text: str) -> list[str]:
    """A selector list split at its top-level commas."""
    return _split(text, ",")


def _split(text: str, sep: str) -> list[str]:
    """`text` split at `sep` outside strings, comments, () and [] (selectors at commas, declarations at
    semicolons)."""
    parts, i = [], 0
    while i <= len(text):
        j = _scan(text, i, sep)
        parts.append(text[i:j])
        i = j + 1
    return parts


def _closing(s: str, i: int, close: str) -> int:
    """s[i] opens a ( or [: the index of the matching close."""
    return _scan(s, i + 1, close)


def can_match(selector: str, names: Names) -> bool:
    """False only if the selector needs a name that `names` does not hold (see the module's guarantees)."""
    s, i = selector, 0
    while i < len(s):
        c = s[i]
        if c in ".#":
            m = _IDENT.match(s, i + 1)
            if m is None:  # an escape, or not a name: cannot tell
                i += 1
                continue
            end = m.end()
            if end < len(s) and s[end] == "\\":
                i = end + 1
                continue
            if not names.has(m.group()):
                return False
            i = end
        elif c == "[":
            end = _closing(s, i, "]")
            if not _attribute_can_match(s[i + 1:end], names):
                return False
            i = end + 1
        elif c == ":":
            j = i + 1 + (s.startswith("::", i))
            m = _IDENT.match(s, j)
            if m is None:
                i = j
                continue
            i = m.end()
            if i < len(s) and s[i] == "(":
                end = _closing(s, i, ")")
                inner = s[i + 1:end]
                if m.group().lower() in _ALTERNATIVES and not any(can_match(x, names) for x in split_list(inner)):
                    return False
                i = end + 1
        elif c in "\"'":
            i = _skip_string(s, i)
        elif c == "\\":
            i += 2
        else:
            i += 1
    return True


_ATTRIBUTE = re.compile(r"\s*(?:[A-Za-z_*-]*\|)?(?P<name>[A-Za-z_-][A-Za-z0-9_:-]*)\s*"
                        r"(?:(?P<op>[~|^$*]?=)\s*(?P<value>\"[^\"\\]*\"|'[^'\\]*'|[^\s\]]+)\s*(?:[iIsS]\s*)?)?", re.S)


def _attribute_can_match(inner: str, names: Names) -> bool:
    m = _ATTRIBUTE.fullmatch(inner)
    if m is None:
        return True  # cannot tell
    if not names.has(m.group("name")):
        return False
    if m.group("op") != "=":
        return True
    value = m.group("value")
    if value[0] in "\"'":
        value = value[1:-1]
    if _WORD.fullmatch(value):
        return names.has(value)
    return value in names.text


# --- pruning -------------------------------------------------------------------------------------------


def _map_rules(nodes: list[Node], change: Callable[[Rule], Rule | None]) -> list[Node]:
    """The tree with each style rule (not an at-rule) replaced by change(rule), dropped when that is
    None; a group left empty goes too."""
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, Group):
            children = _map_rules(n.children, change)
            if children:
                out.append(Group(n.prelude, children))
        elif isinstance(n, Rule) and not n.prelude.startswith("@"):
            if (kept := change(n)) is not None:
                out.append(kept)
        else:
            out.append(n)
    return out


def _prune_rules(nodes: list[Node], names: Names) -> list[Node]:
    def prune(n: Rule) -> Rule | None:
        kept = [sel for sel in split_list(n.prelude) if can_match(sel, names)]
        return Rule(",".join(kept), n.body) if kept else None

    return _map_rules(nodes, prune)


def _rules(nodes: list[Node]) -> Iterable[Rule]:
    for n in nodes:
        if isinstance(n, Group):
            yield from _rules(n.children)
        elif isinstance(n, Rule):
            yield n


def _drop_properties(nodes: list[Node], unused: set[str]) -> list[Node]:
    def drop(n: Rule) -> Rule | None:
        decls = [d for d in _split(n.body, ";") if d.strip()]
        kept = [d for d in decls if not ((m := _CUSTOM.match(d)) and m.group(1) in unused)]
        return Rule(n.prelude, ";".join(kept) if len(kept) < len(decls) else n.body) if kept else None

    return _map_rules(nodes, drop)


def prune(sheets: list[str], names: Names, others: Iterable[str] = ()) -> list[str]:
    """Each of `sheets` without what no page can use. They are pruned together (one defines the custom
    properties another uses); `others`, the site's other stylesheets, count as users of them."""
    trees = [_prune_rules(parse(css), names) for css in sheets]
    outside: set[str] = set()
    for text in others:
        outside.update(_VAR.findall(text))
    outside.update(w for w in names.words if w.startswith("--"))
    while True:
        defined: set[str] = set()
        used = set(outside)
        for r in (r for nodes in trees for r in _rules(nodes)):
            used.update(_VAR.findall(r.body))
            if not r.prelude.startswith("@"):
                defined.update(m.group(1) for d in _split(r.body, ";") if (m := _CUSTOM.match(d)))
        unused = defined - used
        if not unused:
            return [serialize(nodes) for nodes in trees]
        trees = [_drop_properties(nodes, unused) for nodes in trees]


# --- the build step ------------------------------------------------------------------------------------

THEME_STYLESHEETS = "assets/stylesheets"
# What writes markup into pages besides the pages mkdocs wrote: the record templates and the modules whose
# strings carry class attributes (test_stylesheets checks that no other module of the package does).
MARKUP_SOURCES = (TEMPLATES_DIR, *(Path(__file__).with_name(m) for m in ("charts.py", "filters.py", "shell.py")))


@dataclass(frozen=True)
class ScriptFeature:
    """A theme feature whose markup the theme's script makes, so that its names are in the script's
    text whether the feature is on or not: the prefixes of those names, and what turns it on (a theme
    feature flag, a Markdown extension, a plugin, a setting, or what a page carries to use it: a class or
    an attribute, found by a pattern of the pages' text)."""

    prefixes: tuple[str, ...]
    flags: tuple[str, ...] = ()
    extensions: tuple[str, ...] = ()
    plugins: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()  # "repo_url", "extra.version": on when set
    markers: tuple[str, ...] = ()  # regular expressions

    def on(self, config: Any, pages: str) -> bool:
        theme = config["theme"]
        flags = set(theme.get("features") or ()) if hasattr(theme, "get") else set()
        extensions = {e if isinstance(e, str) else next(iter(e)) for e in config.get("markdown_extensions") or ()}
        plugins = set(config.get("plugins") or ())

        def setting(path: str) -> Any:
            value = config
            for key in path.split("."):
                value = value.get(key) if hasattr(value, "get") else None
            return value

        return (bool(flags.intersection(self.flags)) or bool(extensions.intersection(self.extensions))
                or bool(plugins.intersection(self.plugins)) or any(setting(k) for k in self.settings)
                or any(re.search(m, pages) for m in self.markers))


_CLASS = r"""\sclass=["']?(?:[^"'>]*\s)?{}[\s"'>]"""  # a class attribute that holds the class
# mkdocs-material's features whose markup its script makes (read from its source: the bundle's components/
# and templates/), each with everything that turns it on.
SCRIPT_FEATURES = (
    ScriptFeature(("tabbed-",), extensions=("pymdownx.tabbed",), markers=(_CLASS.format("tabbed-set"),)),  # content tabs
    ScriptFeature(("md-annotation",), flags=("content.code.annotate",), markers=(_CLASS.format("annotate"),)),
    ScriptFeature(("md-code__",), flags=("content.code.copy", "content.code.select", "content.code.annotate")),
    ScriptFeature(("md-tooltip",),  # both generations of tooltips (md-tooltip, md-tooltip2)
                  flags=("content.tooltips", "content.footnote.tooltips", "navigation.instant.preview",
                         "content.code.copy", "content.code.select", "content.code.annotate"),
                  markers=(_CLASS.format("annotate"), r"<[^>]*\sdata-preview\b")),
    ScriptFeature(("md-version",), settings=("extra.version",)),  # the version selector
    ScriptFeature(("md-source",), settings=("repo_url",)),  # the repository's facts
    ScriptFeature(("md-tag",), plugins=("tags", "material/tags"), settings=("extra.tags",)),  # tags in search results
)
# Names whose rules go although the theme's script uses them. `data-md-color-switching`: the script sets it
# on the body while the palette changes, and the palette stylesheet then turns every transition off with
# `[data-md-color-switching] *`. It also sets and removes it when every page loads, and with that rule each
# of the two restyles every element of the page: on a long directory page, most of the time the main
# thread is blocked while the page loads. Without it, a switch of colour fades instead of jumping.
UNWANTED = frozenset({"data-md-color-switching"})


def _texts(files: Iterable[Path]) -> list[str]:
    return [p.read_text("utf-8", errors="replace") for p in files]


def site_names(site: Path, config: Any, more_markup: Iterable[Path] = MARKUP_SOURCES) -> Names:
    """The names the pages of a built site can carry: those of its pages and of `more_markup` (files or
    folders), and those its scripts make for the theme features `config` (mkdocs') turns on."""
    files = sorted(p for p in site.rglob("*") if p.is_file())
    markup = _texts(p for p in files if p.suffix == ".html")
    for path in more_markup:
        markup += _texts(sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path])
    pages = "\n".join(markup)
    off = tuple(pre for f in SCRIPT_FEATURES if not f.on(config, pages) for pre in f.prefixes)
    return Names.of(markup, _texts(p for p in files if p.suffix == ".js"), off=off, unwanted=UNWANTED)


def prune_theme(site: Path, names: Names) -> dict[str, str]:
    """Replace each theme stylesheet in `site` by its pruned copy named by its digest (its source map
    goes: it maps the whole file) and point every page at it. Returns {old path: new path}."""
    folder = site / THEME_STYLESHEETS
    theme = sorted(folder.glob("*.css"))
    others = [p.read_text("utf-8") for p in sorted(site.rglob("*.css")) if p.parent != folder]
    pruned = prune([_SOURCE_MAP.sub("", p.read_text("utf-8")) for p in theme], names, others)
    renamed: dict[str, str] = {}
    for path, css in zip(theme, pruned, strict=True):
        new = path.with_name(f"{path.name.split('.', 1)[0]}.{hashlib.sha256(css.encode()).hexdigest()[:8]}.css")
        path.unlink()
        path.with_name(path.name + ".map").unlink(missing_ok=True)
        new.write_text(css, "utf-8")
        renamed[f"{THEME_STYLESHEETS}/{path.name}"] = f"{THEME_STYLESHEETS}/{new.name}"
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        changed = text
        for old, new_rel in renamed.items():
            changed = changed.replace(old, new_rel)
        if changed != text:
            page.write_text(changed, "utf-8")
    return renamed
