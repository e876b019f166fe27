"""mkdocs hooks (listed in mkdocs.yml): keep every page small, because the shell of the hand-written
pages is also the shell of every account page (target: an account page <= 12 KB of HTML), give every
page its Content-Security-Policy (csp.py) once its inline scripts are final, and once every page is
written, cut the theme's stylesheets down to what the pages can use (stylesheets.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from generator.site import stylesheets
from generator.site.csp import add_policy

_BETWEEN_TAGS = re.compile(r">\s+<")
_GENERATOR_META = re.compile(r'<meta name="generator"[^>]*>')
_SPACES = re.compile(r"\s*\n\s*")


def minify(html: str) -> str:
    """Collapse whitespace the browser ignores. Only when nothing whitespace-sensitive is there."""
    if "<pre" in html or "<textarea" in html:
        return html
    return _GENERATOR_META.sub("", _BETWEEN_TAGS.sub("><", _SPACES.sub("\n", html)), count=1)


def on_env(env: Any, config: Any, files: Any) -> Any:
    # Chinese UI strings in the theme's JSON config as UTF-8, not \uXXXX (still HTML-safe: <>&' escaped).
    env.policies["json.dumps_kwargs"] = {"sort_keys": True, "ensure_ascii": False}
    return env


def on_post_page(output: str, page: Any, config: Any) -> str:
    return add_policy(minify(output))


def on_post_template(output_content: str, template_name: str, config: Any) -> str:
    """Static templates: the 404 page is a page like the others (sitemaps are not HTML)."""
    return add_policy(minify(output_content)) if template_name.endswith(".html") else output_content


def on_post_build(config: Any) -> None:
    """The record shells are among the pages written (build.py takes them after): they link the pruned
    stylesheets too."""
    site = Path(config["site_dir"])
    stylesheets.prune_theme(site, stylesheets.site_names(site, config))
