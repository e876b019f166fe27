"""The answer to a query (docs/verify.md, "Answers"), as plain data that `portal verify` prints and
verify.js renders, computed from the shards the query reads (`plan`) and nothing else (`decide`).

kind: registered (已备案: an exact name, a link or an id of an active account) · deregistering ·
deregistered · closed · lookalike (名称相近，未备案) · former_name (曾用名) · unit (单位) · other_platform
(the name is registered, not on the platform the query named) · not_found · need_more (a short link, a
link that names no account: ask for the full link or the name) · empty.
"""

from __future__ import annotations

from typing import Any

from generator.lookup.index import Index, shard_path
from generator.lookup.links import Catalogue
from generator.lookup.normalise import (
    SPACES,
    Tables,
    differences,
    light,
    read_platform_word,
    skeleton,
    within_one_edit,
)
from generator.lookup.query import Query, read_query

# Exit status of `portal verify` by kind.
EXIT = {"registered": 0, "deregistering": 3, "deregistered": 3, "closed": 3, "lookalike": 4, "former_name": 4,
        "unit": 4, "other_platform": 4, "not_found": 4, "need_more": 2, "empty": 2}
# When no match is active, the answer is the status of the "most alive" match.
_RANK = ("active", "deregistering", "closed", "deregistered")
MIN_EDIT_LENGTH = 3  # a skeleton shorter than this matches only an equal skeleton


def plan(q: Query, counts: dict[str, int]) -> list[str]:
    """The shard files a query reads (at most two)."""
    keys = q.anchors if q.kind == "name" else [q.key] if q.key else []
    out: list[str] = []
    for key in keys:
        path = shard_path(key, counts)
        if path not in out:
            out.append(path)
    return out


def merge(shards: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {"x": {}, "a": {}, "b": {}, "i": {}}
    for shard in shards:
        for section, entries in shard.items():
            out.setdefault(section, {}).update(entries)
    return out


def _successor(s: list[Any], plats: list[dict[str, Any]]) -> dict[str, Any]:
    """An index successor: an account {id, name, platform}, or a channel outside the registry with id ""
    and its kind and (publishable) link."""
    out = {"id": s[0], "name": s[1], "platform": plats[s[2]]["key"] if s[2] >= 0 else ""}
    if not s[0]:
        out.update(kind=s[3], url=s[4])
    return out


def _match(row: list[Any], how: str, meta: dict[str, Any]) -> dict[str, Any]:
    plats, statuses = meta["platforms"], meta["statuses"]
    return {"id": row[0], "name": row[1], "platform": plats[row[2]]["key"] if row[2] >= 0 else "",
            "status": statuses[row[3]], "unit": row[4], "platform_id": row[5], "since": row[6],
            "successors": [_successor(s, plats) for s in row[7] or ()], "matched": how}


def _verdict(matches: list[dict[str, Any]]) -> str:
    best = min(_RANK.index(m["status"]) for m in matches)
    return "registered" if best == 0 else _RANK[best]


def _blank(q: Query, kind: str) -> dict[str, Any]:
    link = q.link.link if q.link else ""
    return {"kind": kind, "read": q.kind, "key": q.key, "name": q.rest, "word": q.word, "platforms": list(q.platforms),
            "link": link, "how": q.how, "reason": "", "matches": [], "elsewhere": [], "former": [], "units": [], "units_total": 0,
            "resembles": [], "check_platform": False, "exact_name_note": False, "complaints": [],
            "report": kind not in ("registered", "empty")}


def _finish(out: dict[str, Any], q: Query) -> dict[str, Any]:
    out["report"] = out["kind"] not in ("registered", "empty")
    seen = list(q.platforms)
    for group in (out["matches"], out["elsewhere"], out["former"]):
        seen += [m["platform"] for m in group]
    for r in out["resembles"]:
        seen += r["platforms"]
    out["complaints"] = list(dict.fromkeys(p for p in seen if p))
    return out


def _in(platform: str, allowed: tuple[str, ...]) -> bool:
    return not allowed or platform in allowed


def decide(q: Query, data: dict[str, dict[str, Any]], meta: dict[str, Any], tables: Tables) -> dict[str, Any]:
    """The answer, from the merged shards `plan` named."""
    if q.kind == "empty":
        return _finish(_blank(q, "empty"), q)
    if q.kind in ("code", "id", "link"):
        return _finish(_by_key(q, data, meta), q)
    return _finish(_by_name(q, data, meta, tables), q)


def _by_key(q: Query, data: dict[str, dict[str, Any]], meta: dict[str, Any]) -> dict[str, Any]:
    read = q.link
    if read is not None and read.kind in ("short", "unknown"):
        out = _blank(q, "need_more" if read.kind == "short" else "not_found")
        out["reason"] = "short_link" if read.kind == "short" else "unknown_link"
        return out
    entries = data["i"].get(q.key, []) if q.key else []
    value = read.value if read is not None else q.value
    matches = []
    for how, row in entries:
        m = _match(row, how, meta)
        if read is not None and read.platforms and m["platform"] not in read.platforms:
            continue  # a link on one platform names no account of another
        if how == "platform_id" and m["platform_id"] != value and m["platform_id"] != m["platform_id"].lower():
            continue  # a case-sensitive id (a sec_uid) matches as written
        matches.append(m)
    if not matches:
        out = _blank(q, "need_more" if read is not None and read.kind == "no_account" else "not_found")
        out["reason"] = "no_account" if out["kind"] == "need_more" else ("link" if read is not None else "id")
        return out
    out = _blank(q, _verdict(matches))
    out["matches"] = matches
    out["check_platform"] = len({m["platform"] for m in matches}) > 1
    return out


def _by_name(q: Query, data: dict[str, dict[str, Any]], meta: dict[str, Any], tables: Tables) -> dict[str, Any]:
    x = data["x"]
    full, rest = x.get(q.name, {}), x.get(q.rest, {}) if q.rest != q.name else {}
    allowed = q.platforms
    # a name as registered, or one with a platform word read off it (filtered to that platform)
    for entry, filt in ((full, ()), (rest, allowed)):
        rows = [(row, "name") for row in entry.get("n", [])] + [(row, "verification_text") for row in entry.get("v", [])]
        if not rows:
            continue
        found = [_match(row, how, meta) for row, how in rows]
        matches = [m for m in found if _in(m["platform"], filt)]
        if not matches:
            out = _blank(q, "other_platform")
            out["elsewhere"] = found
            return out
        out = _blank(q, _verdict(matches))
        out["matches"] = matches
        out["check_platform"] = not filt and len({m["platform"] for m in matches}) > 1
        typed = q.text.strip(SPACES)
        out["exact_name_note"] = any(m["matched"] == "name" and m["name"] != typed for m in matches)
        return out
    for entry, filt in ((full, ()), (rest, allowed)):
        if entry.get("f"):
            out = _blank(q, "former_name")
            out["former"] = [_match(row, "former_name", meta) for row in entry["f"]
                             if _in(meta["platforms"][row[2]]["key"], filt)] or [_match(row, "former_name", meta) for row in entry["f"]]
            return out
    for entry in (full, rest):
        if entry.get("u"):
            count, units = entry["u"][0]
            out = _blank(q, "unit")
            out["units"] = [{"id": uid, "name": uname, "accounts": None if refs is None else [
                {"id": r[0], "name": r[1], "platform": meta["platforms"][r[2]]["key"], "status": meta["statuses"][r[3]]}
                for r in refs], "total": total} for uid, uname, refs, total in units]
            out["units_total"] = count
            return out
    out = _blank(q, "not_found")
    seen: set[str] = set()
    resembles = []
    for anchor in q.anchors:
        for name, refs in data.get(anchor[0], {}).get(anchor, []):
            if name in seen:
                continue
            seen.add(name)
            nrest = read_platform_word(light(name), tables)[0]
            sn = skeleton(nrest, tables)
            if not q.skeleton or light(name) == q.name:
                continue
            close = sn == q.skeleton or (min(len(sn), len(q.skeleton)) >= MIN_EDIT_LENGTH and within_one_edit(q.skeleton, sn))
            if close:
                resembles.append({"name": name, "platforms": [meta["platforms"][p]["key"] for p in refs],
                                  "differences": differences(q.rest, nrest, tables), "same_skeleton": sn == q.skeleton})
    if resembles:
        resembles.sort(key=lambda r: (not r["same_skeleton"], r["name"]))
        out["kind"] = "lookalike"
        out["resembles"] = resembles
    return out


def lookup(text: str, index: Index) -> dict[str, Any]:
    """`portal verify`: read the query, read its shards from the index in memory, answer."""
    q = read_query(text, index.tables, index.catalogue, index.meta["site"]["host"])
    data = merge([index.shard(path) for path in plan(q, index.meta["shards"])])
    return decide(q, data, index.meta, index.tables)


def answer_from_files(text: str, meta: dict[str, Any], read_shard: Any) -> tuple[dict[str, Any], list[str]]:
    """The same answer from a built site's files (`read_shard(path)` → dict): (answer, shards read)."""
    tables, cat = Tables.from_meta(meta), Catalogue.from_meta(meta)
    q = read_query(text, tables, cat, meta["site"]["host"])
    shards = plan(q, meta["shards"])
    return decide(q, merge([read_shard(path) for path in shards]), meta, tables), shards
