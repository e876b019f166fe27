"""The Content-Security-Policy every page carries, as a `<meta http-equiv>` tag (static hosting cannot be
relied on to send headers): defence in depth, so that one escaping slip in a template cannot become
script execution.

Only the site's own files load: scripts, styles, fonts, images, the search indexes the theme and the
verify box fetch, the theme's search worker. No `unsafe-inline`, no `unsafe-eval`: the theme's inline
script (its page-depth scope, different at each depth) is allowed by its SHA-256, computed from the
page mkdocs wrote (after minifying), so the hash follows the theme when it changes; the portal's own
scripts are files. main.html places
the tag; the mkdocs hook fills it in before record text ever enters a page (record pages and list bodies are joined into the shell later),
so no inline script from a record can be hashed into the policy. mkdocs-material needs no inline
style and no eval; its CSS draws icons from `data:` SVG images, hence `img-src data:` (an image cannot
run script). `frame-ancestors` is ignored in a meta tag: send it as a header (docs/deployment.md)."""

from __future__ import annotations

import base64
import hashlib
import re

# Everything from the site's own origin (styles, fonts, the search indexes the theme and the verify box
# fetch, the theme's search worker); scripts only from files or by hash; no plugins, no <base>, forms
# post only to the site. Kept short: the tag is in every account page, whose size is budgeted.
POLICY: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "object-src": ("'none'",),
    "base-uri": ("'self'",),
    "form-action": ("'self'",),
}
_SCRIPT = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_EXECUTABLE = {"", "text/javascript", "application/javascript", "module"}
META_START = '<meta http-equiv="Content-Security-Policy" content="'
PLACEHOLDER = f'{META_START}PORTAL-CSP">'  # written by site/overrides/main.html


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script the browser would run (not `src=`, not a JSON data block)."""
    out = []
    for m in _SCRIPT.finditer(html):
        attrs = m.group("attrs")
        kind = _TYPE.search(attrs)
        if _SRC.search(attrs) or (kind and kind.group(1).lower() not in _EXECUTABLE):
            continue
        out.append(m.group("body"))
    return out


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"


def policy(hashes: list[str]) -> str:
    parts = []
    for directive, sources in POLICY.items():
        if directive == "script-src":
            sources = (*sources, *sorted(set(hashes)))
        parts.append(" ".join((directive, *sources)))
    return "; ".join(parts)


def add_policy(html: str) -> str:
    """The page with its policy in the tag main.html left for it (before every stylesheet and script)."""
    if html.count(PLACEHOLDER) != 1 or html.count(META_START) != 1:
        raise ValueError("a page must carry main.html's one Content-Security-Policy tag")
    loads = [i for i in (html.find("<script"), html.find('<link rel="stylesheet"')) if i >= 0]
    if loads and html.index(PLACEHOLDER) > min(loads):
        raise ValueError("the Content-Security-Policy tag must come before every script and stylesheet")
    tag = f'{META_START}{policy([script_hash(b) for b in inline_scripts(html)])}">'
    return html.replace(PLACEHOLDER, tag, 1)
