"""The static lookup index `portal build` writes to api/lookup/ (docs/verify.md, "The index"): a meta
file (the catalogue, the tables names are read with, the report channels, the shard counts) and the
shards of two spaces, `i/` (ids and links) and `n/` (names), each S files, S the least power of two
over which its shards average MEAN bytes.

Every key lives in the shard `crc32(key) mod S` of its space:
- `id:<value>` (platform ids, the portal's account ids, handles, verification codes, ASCII names),
  `biz:`, `qr:`, `url:` (what a record's link gives): section "i", key → [[how, row] …];
- `a:<characters at even positions><length>` and `b:<characters at odd positions><length>` of a name's
  skeleton: sections "a" and "b", key → [[name, [platform index …]] …]: every registered name one edit
  or less away from a skeleton with that key (see `name_anchors`);
- the exact light keys of names, former names, verification texts and unit names (section "x") live in
  the shard of one of their skeleton's two keys (`lighter_key`), so that a name query reads exactly two
  shards: its `a:` and its `b:` key's; a text (`is_text`: an organ's name, a verification text) lives
  under its own `t:<light text without platform word>` key, and such a query reads its `t:` and `a:` shards.

Rows are arrays, to keep shards small: an account is [id, name, platform index, status index, host
unit's name, platform id, since, successors] (successors: null, or a list of [id, name, platform
index] for an account of the registry and ["", name, platform index, channel kind, link] for a channel
outside it, its link only if the portal may publish it: model.notices.channel_link). The index holds
only what the account pages show.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from generator.lookup.links import Catalogue, js_pattern, link_keys, url_key
from generator.lookup.normalise import Tables, light, read_platform_word, skeleton
from generator.lookup.query import ID_TEXT
from generator.lookup.text import answer_labels
from generator.model import platforms
from generator.model.notices import Successor, channel_link, successors
from generator.model.status import CLOSED, DEREGISTERED, DEREGISTERING, display_status, latest_notice
from generator.model.urls import link_host, split_http_url
from generator.support.nogc import no_cyclic_gc

VERSION = 2
LONG = 12  # skeleton length from which a name reads as a text (is_text)
ORGAN_ENDINGS = ("局", "府", "委", "办", "院", "所", "队", "中心", "处", "室", "站", "馆", "厅", "部", "科", "庭", "署")
# The mean shard size each space aims at (bytes): a name query reads two `n` shards, an id or link
# query one `i` shard, and a query is to fetch at most 20 KB (benchmarks/lookup.py checks the largest).
MEAN = {"n": 2560, "i": 6 * 1024}
UNIT_LIST = 20  # units listed for a name several units share
UNIT_ACCOUNTS = 20  # accounts listed for a unit
STATUSES = ("active", "closed", "deregistering", "deregistered")
NATIONAL = {"zh": "中央网信办（国家互联网信息办公室）违法和不良信息举报中心", "phone": "12377", "url": "https://www.12377.cn/"}


def key_hash(key: str) -> int:
    """CRC-32 (zlib's) of the key's UTF-8 bytes: what a key's shard is chosen by, here and in verify.js."""
    return zlib.crc32(key.encode("utf-8"))


def key_a(s: str) -> str:
    """`a:` the characters at even positions (first, third …) and the length."""
    return f"a:{s[0::2]}{len(s)}"


def key_b(s: str) -> str:
    """`b:` the characters at odd positions (second, fourth …) and the length."""
    return f"b:{s[1::2]}{len(s)}"


def is_text(skel: str) -> bool:
    """Whether a skeleton reads as an organ's name or a verification text rather than an account's
    name: long, or ending as an organ's name does (局, 人民政府, 中心 …). A unit's names and its accounts'
    verification texts share one skeleton, and the units of a county share most of it, so such texts
    are placed by their own `t:` key."""
    return len(skel) >= LONG or skel.endswith(ORGAN_ENDINGS)


def anchors(skel: str, rest: str = "") -> list[str]:
    """The two keys a name query reads: the `a:` and `b:` keys of its skeleton; for a text (`is_text`)
    its own `t:` key and its `a:` key."""
    if not skel:
        return []
    if is_text(skel):
        return ["t:" + rest, key_a(skel)]
    return [key_a(skel), key_b(skel)] if len(skel) >= 2 else [key_a(skel)]


def lighter_key(s: str, load: dict[str, int]) -> str:
    """Of a skeleton's two keys, the one fewer registered names have as their own (`load`; the `a:` key
    on a tie). A query reads both keys, so anything filed under either is found; filing under the
    lighter (the better of two choices) keeps buckets small where names share a generic part (…发布,
    平安…) and differ in the place name."""
    if len(s) < 2:
        return key_a(s)
    a, b = key_a(s), key_b(s)
    return b if load.get(b, 0) < load.get(a, 0) else a


_GAP = "\x00"  # stands for the character a query adds, which no key may contain


def name_anchors(s: str, load: dict[str, int]) -> set[str]:
    """Every key under which a query one edit or less from skeleton `s` looks (docs/verify.md, "The
    index"). A replaced character changes one of the two keys (the one holding its position) and
    leaves the other: `s` is filed under both of its own keys. A removed character shifts the positions
    after it: both keys of such a query are known, and `s` is filed under the lighter. An added character
    lands in one key and shifts the other predictably: `s` is filed under the other key, for each place
    it could be added."""
    n = len(s)
    out: set[str] = set()
    if n == 0:
        return out
    out.update(anchors(s))
    for p in range(n):
        removed = s[:p] + s[p + 1:]
        if removed:
            out.add(lighter_key(removed, load))
    for p in range(n + 1):
        added = s[:p] + _GAP + s[p:]
        out.add(key_b(added) if p % 2 == 0 else key_a(added))
    return out


_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def verification_code(account_id: str) -> str:
    """The account's verification code (核验码): 10 characters of Crockford base32 from its id, stable
    for ever, written as ABCDE-FGHJK. The office puts it in the account's bio, pointing to its page."""
    bits = int.from_bytes(hashlib.sha256(("gov-newmedia-portal verification code\n" + account_id).encode()).digest()[:7], "big") >> 6
    text = "".join(_CROCKFORD[(bits >> (45 - 5 * i)) & 31] for i in range(10))
    return f"{text[:5]}-{text[5:]}"


def catalogue_meta() -> list[dict[str, Any]]:
    out = []
    for p in platforms.catalogue().values():
        out.append({"key": p.key, "zh": p.zh, "family": p.family, "kind": p.kind, "hosts": list(p.hosts),
                    "short_hosts": list(p.short_hosts), "url_patterns": [js_pattern(x.pattern) for x in p.url_patterns],
                    "id_pattern": js_pattern(p.id_pattern.pattern), "id_label": p.id_label,
                    "complaint": dict(p.complaint)})
    return out


def closed_since(a: dict[str, Any], status: str) -> str:
    """Since when an account is (or will be) no longer an official account ("" when active)."""
    if status in (DEREGISTERED, DEREGISTERING):
        notice = latest_notice(a)
        return str(notice.get("effective", "")) if notice else ""
    if status == CLOSED:
        dates = [f["event_date"] for f in a.get("filings") or () if f.get("type") == "close"]
        notice = latest_notice(a, "stop_update")
        if notice is not None:
            dates.append(notice.get("effective", ""))
        return str(max(dates)) if dates else ""
    return ""


def shard_count(total: int, mean: int) -> int:
    """The least power of two of shards over which `total` bytes average at most `mean`."""
    count = 1
    while total / count > mean:
        count *= 2
    return count


def space_of(key: str) -> str:
    """The shard space a key lives in: `i` (ids and links, read by a link or an id query) or `n` (names,
    read by a name query), each with its own shard count, so that a name query's shards hold names only."""
    return "i" if key.startswith(("id:", "biz:", "qr:", "url:")) else "n"


def shard_path(key: str, counts: dict[str, int]) -> str:
    """The file of the shard holding `key`, under the site's root."""
    space = space_of(key)
    count = counts[space]
    width = len(f"{count - 1:x}")
    return f"api/lookup/{space}/{key_hash(key) & (count - 1):0{width}x}.json"


@dataclass
class Index:
    meta: dict[str, Any]
    shards: dict[str, dict[str, dict[str, Any]]]  # path → shard
    tables: Tables
    catalogue: Catalogue
    places: dict[str, int] = field(default_factory=dict)  # placement key → its bytes (what no split can shrink)

    def shard(self, path: str) -> dict[str, dict[str, Any]]:
        return self.shards.get(path, {})

    def files(self) -> Iterator[tuple[str, bytes]]:
        """(path under the site, bytes) of every file of the index; every shard is written, an empty one too."""
        yield "api/lookup/meta.json", orjson.dumps(self.meta, option=orjson.OPT_SORT_KEYS) + b"\n"
        for path, data in sorted(self.shards.items()):
            yield path, orjson.dumps(data, option=orjson.OPT_SORT_KEYS) + b"\n"


def build_index(config: dict[str, Any], units: list[dict[str, Any]], accounts: list[dict[str, Any]],
                today: str) -> Index:
    """The index of the public data (generator/site/public.py: no private field ever reaches it)."""
    with no_cyclic_gc():
        return _build(config, units, accounts, today)


def _build(config: dict[str, Any], units: list[dict[str, Any]], accounts: list[dict[str, Any]], today: str) -> Index:
    cat_meta = catalogue_meta()
    order = {p["key"]: i for i, p in enumerate(cat_meta)}
    used = {ch for a in accounts for nm in (a["name"], *(a.get("former_names") or ())) for ch in light(nm)}
    tables = Tables.build(used)
    unit_name = {u["id"]: u["name"] for u in units}
    by_id = {a["id"]: a for a in accounts}
    status = {a["id"]: display_status(a, today) for a in accounts}
    site_url = config.get("site_url") or ""
    meta: dict[str, Any] = {
        "version": VERSION, "hash": "crc32", "long": LONG, "organ_endings": list(ORGAN_ENDINGS),
        "platforms": cat_meta, "statuses": list(STATUSES),
        "site": {"url": site_url, "host": link_host(site_url) or ""},
        "report": {k: v for k, v in (config.get("report") or {}).items() if k in ("url", "email", "phone", "office")},
        "national": NATIONAL, "labels": answer_labels(), **tables.meta(),
    }
    catalogue = Catalogue.from_meta(meta)

    def pidx(key: str) -> int:
        return order.get(key, -1)

    def successor_row(s: Successor) -> list[Any]:
        if s.account:
            acc = by_id.get(s.account)
            return [s.account, acc["name"], pidx(acc["platform"])] if acc else [s.account, "", -1]
        return ["", s.name, pidx(s.platform) if s.platform else -1, s.kind, channel_link(s) or ""]

    def row(a: dict[str, Any]) -> list[Any]:
        st = status[a["id"]]
        succ = None
        if st in (DEREGISTERED, DEREGISTERING):
            notice = latest_notice(a)
            succ = [successor_row(s) for s in successors(notice)] if notice else None
            succ = succ or None
        return [a["id"], a["name"], pidx(a["platform"]), STATUSES.index(st), unit_name.get(a["host_unit"], a["host_unit"]),
                a.get("platform_id") or "", closed_since(a, st), succ]

    # key → value of the sections placed by their own key (a:, b:, t: name buckets; i: ids and links),
    # and the exact light keys (section x) with the key each is placed by
    entries: dict[str, list[Any]] = {}
    exacts: dict[str, dict[str, list[Any]]] = {}
    placed: dict[str, str] = {}

    read: dict[str, tuple[str, str]] = {}  # light text → (rest without its platform word, skeleton of the rest)

    def reading(key: str) -> tuple[str, str]:
        got = read.get(key)
        if got is None:
            rest = read_platform_word(key, tables)[0]
            got = read[key] = (rest, skeleton(rest, tables))
        return got

    load: dict[str, int] = {}  # key → how many account names have it as one of their own two keys
    for name in {a["name"] for a in accounts}:
        for key in anchors(reading(light(name))[1]):
            load[key] = load.get(key, 0) + 1

    def exact(text: str, kind: str, value: Any) -> None:
        key = light(text)
        if not key:
            return
        if key not in placed:
            rest, skel = reading(key)
            placed[key] = "t:" + rest if skel and is_text(skel) else lighter_key(skel, load) if skel else "a:"
        exacts.setdefault(key, {}).setdefault(kind, []).append(value)

    def ident(key: str, how: str, value: Any) -> None:
        entry = [how, value]
        got = entries.setdefault(key, [])
        if entry not in got:
            got.append(entry)

    names: dict[str, list[int]] = {}  # account name → its platforms (indexes), for the lookalike buckets
    for a in accounts:
        r = row(a)
        exact(a["name"], "n", r)
        for former in a.get("former_names") or ():
            exact(former, "f", r)
        if a.get("verification_text"):
            exact(a["verification_text"], "v", r)
        ident("id:" + a["id"], "portal_id", r)
        ident("id:" + verification_code(a["id"]).lower(), "code", r)
        if a.get("platform_id"):
            ident("id:" + str(a["platform_id"]).lower(), "platform_id", r)
        if a.get("handle"):
            ident("id:" + str(a["handle"]).lower(), "handle", r)
        ln = light(a["name"])
        if ID_TEXT.match(ln):
            ident("id:" + ln, "name", r)
        url = a.get("url")
        parts = split_http_url(url) if isinstance(url, str) else None
        if parts is not None:  # what the record's link gives (a follow code's token, a __biz …)
            keys = link_keys(url, catalogue)
            for key, how, _, _ in keys:
                ident(key, how, r)
            if not keys and parts[0] in catalogue.by_host:
                ident(url_key(*parts), "url", r)  # a platform link naming no key: the link itself
        plats = names.setdefault(a["name"], [])
        if pidx(a["platform"]) not in plats:
            plats.append(pidx(a["platform"]))
    for name, refs in names.items():
        for anchor in sorted(name_anchors(reading(light(name))[1], load)):
            entries.setdefault(anchor, []).append([name, refs])
    accounts_of: dict[str, list[dict[str, Any]]] = {}
    for a in accounts:
        accounts_of.setdefault(a["host_unit"], []).append(a)
    units_of: dict[str, list[dict[str, Any]]] = {}  # exact key → the units of that name or short name
    for u in units:
        for text in dict.fromkeys([u["name"], *(u.get("short_names") or ())]):
            key = light(text)
            if key and u not in units_of.setdefault(key, []):
                units_of[key].append(u)
    for key, named in units_of.items():
        # One unit: its accounts (the first UNIT_ACCOUNTS; its page lists them all). A short name several
        # units share (县公安局): the first UNIT_LIST units, each a link to its page, and how many.
        listed = []
        for u in named[:UNIT_LIST]:
            mine = accounts_of.get(u["id"], [])
            refs = [[a["id"], a["name"], pidx(a["platform"]), STATUSES.index(status[a["id"]])]
                    for a in mine[:UNIT_ACCOUNTS]] if len(named) == 1 else None
            listed.append([u["id"], u["name"], refs, len(mine)])
        exact(key, "u", [len(named), listed])
    sizes: dict[str, int] = {}  # placement key → bytes of what is placed by it
    for key, value in entries.items():
        sizes[key] = sizes.get(key, 0) + len(orjson.dumps(value)) + len(key.encode())
    for key, value in exacts.items():
        place = placed[key]
        sizes[place] = sizes.get(place, 0) + len(orjson.dumps(value)) + len(key.encode())
    counts = {space: shard_count(sum(n for p, n in sizes.items() if space_of(p) == space), mean)
              for space, mean in MEAN.items()}
    width = {space: len(f"{count - 1:x}") for space, count in counts.items()}
    shards: dict[str, dict[str, dict[str, Any]]] = {
        f"api/lookup/{space}/{n:0{width[space]}x}.json": {} for space, count in counts.items() for n in range(count)}
    for key, value in entries.items():
        shards[shard_path(key, counts)].setdefault("i" if space_of(key) == "i" else key[0], {})[key] = value
    for key, value in exacts.items():
        shards[shard_path(placed[key], counts)].setdefault("x", {})[key] = value
    meta["shards"] = counts
    return Index(meta=meta, shards=shards, tables=tables, catalogue=catalogue, places=sizes)
