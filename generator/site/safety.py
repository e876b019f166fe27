"""Escaping and link policy for everything a record can contain.

HTML text and attributes are escaped by Jinja2's autoescape (attributes always quoted in templates).
Here: JSON for <script> blocks, Markdown text, XML-safe text, and the link allow-list."""

from __future__ import annotations

import json
import re
from typing import Any

from markupsafe import Markup

from generator.model.urls import link_host

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
# Bidirectional embedding/override/isolate controls: in a record they would reorder the text around
# them on the page (an approval date shown backwards). Stripped from everything displayed.
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&\"'])")


def json_for_script(value: Any) -> Markup:
    """JSON that can sit inside <script type="application/json"> without ending it or opening a comment."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def md_escape(text: str) -> str:
    """Plain text for a Markdown document: every Markdown and HTML metacharacter backslash-escaped."""
    return _MD_SPECIAL.sub(r"\\\1", xml_text(text)).replace("\n", " ")


def xml_text(text: str) -> str:
    """Drop characters XML 1.0 cannot carry (C0 controls except tab/newline/CR, noncharacters)
    and bidirectional controls."""
    return _BIDI.sub("", _CONTROL.sub("", text))


def display_text(value: Any) -> Any:
    """Jinja `finalize`: every plain string shown on a page loses bidirectional controls (HTML built by
    macros is already made of finalized pieces and passes through)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return _BIDI.sub("", value)
    return value


def platform_link(url: Any, hosts: list[str] | tuple[str, ...]) -> str | None:
    """An account link is published only if it is a publishable link (model.urls) to one of the
    platform's own hosts: what ACC005 checks."""
    host = link_host(url)
    return url if host is not None and host in hosts else None


def web_link(url: Any) -> str | None:
    """Other links (unit website, notice page, report form): any publishable link."""
    return url if link_host(url) is not None else None
