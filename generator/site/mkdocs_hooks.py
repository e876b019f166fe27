"""mkdocs hooks (listed in mkdocs.yml): keep every page small, because the shell of the hand-written
pages is also the shell of every account page (target: an account page <= 12 KB of HTML), give every
page its Content-Security-Policy (csp.py) once its inline scripts are final, and once every page is
written, cut the theme's stylesheets down to what the pages can use (stylesheets.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from generator.site import stylesheets
from generator.site.csp import add_policy

_BETWEEN_TAGS = re.compile(r">\s+<")
_GENERATOR_META = re.compile(r'<meta name="generator"[^>]*>')
_SPACES = re.compile(r"\s*\n\s*")
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)
# Translations the theme writes into every page for features of its own that a site may leave off, with
# what shows them (theme feature flags, or the configuration's setting): the clipboard's for copy buttons
# (code blocks, the search's share link), the version selector's for versioned documentation.
_TRANSLATIONS_OF = {"clipboard.": ("content.code.copy", "search.share"), "select.version": ("version",)}
_HTML_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})  # as Jinja's tojson


def minify(html: str) -> str:
    """Collapse whitespace the browser ignores. Only when nothing whitespace-sensitive is there."""
    if "<pre" in html or "<textarea" in html:
        return html
    return _GENERATOR_META.sub("", _BETWEEN_TAGS.sub("><", _SPACES.sub("\n", html)), count=1)


def compact_config(html: str) -> str:
    """The theme's page configuration (`<script id="__config">`, read by its script; in every page, so
    in every account page's budget) without what the site's pages cannot use: settings left empty (null:
    the script treats a missing one alike) and the translations of features that are off; as compact
    JSON with its Chinese as UTF-8, HTML-safe as the theme writes it."""
    m = _CONFIG.search(html)
    if m is None:
        return html
    config = {k: v for k, v in json.loads(m.group(2)).items() if v is not None}
    on = {*config.get("features", ()), *config}
    config["translations"] = {
        key: text for key, text in config.get("translations", {}).items()
        if not any(key.startswith(prefix) and not on.intersection(needs) for prefix, needs in _TRANSLATIONS_OF.items())}
    text = json.dumps(config, sort_keys=True, ensure_ascii=False, separators=(",", ":")).translate(_HTML_SAFE)
    return html[:m.start(2)] + text + html[m.end(2):]


def on_post_page(output: str, page: Any, config: Any) -> str:
    return add_policy(compact_config(minify(output)))


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """Static templates: the 404 page is a page like the others (sitemaps are not HTML)."""
    return add_policy(compact_config(minify(output_content))) if template_name.endswith(".html") else output_content


def on_post_build(config: Any) -> None:
    """The record shells are among the pages written (build.py takes them after): they link the pruned
    stylesheets too."""
    site = Path(config["site_dir"])
    stylesheets.prune_theme(site, stylesheets.site_names(site, config))
