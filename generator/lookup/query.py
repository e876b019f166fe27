"""What a query is (docs/verify.md, "Reading a query"), and which shards of the index answer it.

In order: a link anywhere in the text (a pasted link, an app's share text, a scanned QR code) → what
the link says; a verification code (ABCDE-FGHJK, anywhere in the text) → that code; an ASCII word (an immutable id, the portal's
own id, a handle) → that id; anything else → a name. A query never needs more than two shards: one for
a link or an id, the two anchors of its skeleton for a name (index.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from generator.lookup.links import Catalogue, LinkRead, find_link, read_link
from generator.lookup.normalise import SPACES, Tables, light, read_platform_word, skeleton

CODE = re.compile(r"(?<![0-9A-Za-z-])([0-9A-HJKMNP-TV-Z]{5})-([0-9A-HJKMNP-TV-Z]{5})(?![0-9A-Za-z-])")
ID_TEXT = re.compile(r"^[A-Za-z0-9_.=-]{2,200}$")
MAX_QUERY = 2000  # characters read of a query


@dataclass
class Query:
    """kind: empty | code | link | id | name. For a name: `name` is its light form, `rest` what is left
    after a trailing platform word, `skeleton` the skeleton of `rest`."""

    text: str
    kind: str
    key: str = ""  # code, link, id: the index key
    value: str = ""  # id: the id as typed (the key is lower case)
    how: str = ""
    link: LinkRead | None = None
    name: str = ""
    rest: str = ""
    word: str = ""
    platforms: tuple[str, ...] = ()
    skeleton: str = ""
    anchors: list[str] = field(default_factory=list)  # name: the keys of the (two) shards it reads


def _id_text(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKC", text) if c not in SPACES)


def read_query(text: str, tables: Tables, cat: Catalogue, site_host: str, *, depth: int = 0) -> Query:

    text = text[:MAX_QUERY]
    trimmed = text.strip(SPACES)
    if not trimmed:
        return Query(text, "empty")
    url = find_link(trimmed)
    if url is not None:
        read = read_link(url, cat, site_host)
        if read.kind == "query" and depth == 0:
            return read_query(read.text, tables, cat, site_host, depth=1)
        if read.kind == "name":
            q = _name_query(text, read.text, tables)
            q.platforms = read.platforms
            q.link = read
            return q
        return Query(text, "link", key=read.key, how=read.how, link=read, platforms=read.platforms)
    m = CODE.search(unicodedata.normalize("NFKC", trimmed).upper())
    if m:
        return Query(text, "code", key=f"id:{m.group(1).lower()}-{m.group(2).lower()}", how="code")
    ident = _id_text(trimmed)
    if ID_TEXT.match(ident):
        return Query(text, "id", key="id:" + ident.lower(), value=ident, how="id", name=light(trimmed))
    return _name_query(text, trimmed, tables)


def _name_query(text: str, name_text: str, tables: Tables) -> Query:
    from generator.lookup.index import anchors

    name = light(name_text)
    rest, word, keys = read_platform_word(name, tables)
    skel = skeleton(rest, tables)
    return Query(text, "name", name=name, rest=rest, word=word, platforms=keys, skeleton=skel, anchors=anchors(skel, rest))
