"""An answer as text for `portal verify` (Chinese first, English beside): data in, lines out.
verify.js renders the same answer on the page; both read the labels from here through the meta file."""

from __future__ import annotations

from typing import Any

from generator.model import labels

# kind → (zh, en) headline
HEADLINES: dict[str, tuple[str, str]] = {
    "registered": ("已备案", "Registered"),
    "deregistering": ("注销公示中：即将不再是政务账号", "Being deregistered: soon no longer an official account"),
    "deregistered": ("已注销：不再是政务账号", "Deregistered: no longer an official account"),
    "closed": ("已关停：停止更新，不再是在运行的政务账号", "Closed: no longer updated"),
    "lookalike": ("名称相近，未备案：可能是仿冒账号", "Similar name, not registered: likely a counterfeit"),
    "former_name": ("曾用名：该账号已改名", "A former name: the account has been renamed"),
    "unit": ("这是单位名称，不是账号名称", "This is a unit's name, not an account's"),
    "other_platform": ("该平台上没有以此名称备案的账号", "No account of this name is registered on that platform"),
    "not_found": ("未找到：没有备案", "Not found: not registered"),
    "need_more": ("无法核验这个链接", "This link cannot be verified"),
    "empty": ("请输入账号名称、链接或标识", "Enter an account's name, link or id"),
}
REASONS: dict[str, tuple[str, str]] = {
    "short_link": ("这是短链接，不打开就看不出指向哪个账号。请在浏览器中打开它，复制账号主页的完整链接，或直接输入账号名称。",
                   "A short link names no account until it is opened: open it, copy the full profile link, or enter the name."),
    "no_account": ("这个链接不是账号主页链接（例如文章或视频链接）。请打开账号主页复制链接，或输入账号名称。",
                   "This link is not an account's profile link: copy the profile link, or enter the name."),
    "unknown_link": ("这个链接不属于本平台收录的任何平台。政务账号只开设在这些平台上。",
                     "This link belongs to none of the platforms government accounts use."),
    "link": ("这个链接指向的账号没有备案。", "The account this link names is not registered."),
    "id": ("没有以此标识备案的账号。", "No account is registered with this id."),
}
DIFFERENCES: dict[str, tuple[str, str]] = {
    "hidden": ("含有看不见的字符 {char}", "a hidden character {char}"),
    "confusable": ("“{from}”是形近字，正式名称用“{to}”", "“{from}” imitates “{to}”"),
    "traditional": ("“{from}”是繁体字，正式名称用“{to}”", "traditional “{from}” for “{to}”"),
    "extra_word": ("多了“{text}”", "an extra “{text}”"),
    "added": ("多了一个字“{char}”", "one character added: “{char}”"),
    "removed": ("少了一个字“{char}”", "one character missing: “{char}”"),
    "replaced": ("“{from}”换成了“{to}”", "“{from}” replaced by “{to}”"),
}
CHECK_PLATFORM = ("请核对平台和账号标识：同名账号在多个平台备案。", "Check the platform and the account id: the name is registered on several platforms.")
EXACT_NAME = ("账号显示的名称必须与备案名称“{name}”逐字相同；仿冒账号也可能带着同样的后缀或符号。",
              "The account's displayed name must match “{name}” character for character.")


def answer_labels() -> dict[str, Any]:
    """The labels verify.js shows (Chinese; the English beside it in the CLI), from this one place."""
    return {"headlines": HEADLINES, "reasons": REASONS, "differences": DIFFERENCES, "check_platform": CHECK_PLATFORM,
            "exact_name": EXACT_NAME, "statuses": {k: v[0] for k, v in labels.STATUSES.items()},
            "channels": labels.zh(labels.CHANNEL_KINDS)}


def differences_text(diffs: list[dict[str, str]]) -> str:
    return "；".join(DIFFERENCES[d["code"]][0].format(**d) for d in diffs)


def _platform(meta: dict[str, Any], key: str) -> str:
    return next((p["zh"] for p in meta["platforms"] if p["key"] == key), key)


def _page(meta: dict[str, Any], account_id: str) -> str:
    return (meta["site"]["url"] or "/").rstrip("/") + f"/accounts/{account_id}/"


def _unit_page(meta: dict[str, Any], unit_id: str) -> str:
    return (meta["site"]["url"] or "/").rstrip("/") + f"/units/{unit_id}/"


def _successor(s: dict[str, Any], meta: dict[str, Any]) -> str:
    if s["id"]:
        return s["name"] or s["id"]
    where = _platform(meta, s["platform"]) if s["platform"] else labels.label(labels.CHANNEL_KINDS, s["kind"])
    return f"{s['name']}（{where}）" + (f" {s['url']}" if s["url"] else "")


def _match_line(m: dict[str, Any], meta: dict[str, Any]) -> str:
    line = f"  {m['name']}（{_platform(meta, m['platform'])} · {labels.status(m['status'])}）主办单位：{m['unit']}"
    if m["platform_id"]:
        line += f"  标识 {m['platform_id']}"
    if m["since"] and m["status"] != "active":
        line += f"  自 {m['since']} 起"
    if m["successors"]:
        line += "  请改为关注：" + "；".join(_successor(s, meta) for s in m["successors"])
    return line + f"\n    {_page(meta, m['id'])}"


def render_text(a: dict[str, Any], meta: dict[str, Any]) -> str:
    zh, en = HEADLINES[a["kind"]]
    out = [f"{zh} / {en}"]
    for m in a["matches"]:
        out.append(_match_line(m, meta))
    if a["exact_name_note"] and a["matches"]:
        out.append(EXACT_NAME[0].format(name=a["matches"][0]["name"]))
    if a["check_platform"]:
        out.append(CHECK_PLATFORM[0])
    if a["reason"]:
        out.append(REASONS[a["reason"]][0])
    for m in a["former"]:
        out.append(f"  曾用名，现名“{m['name']}”（{_platform(meta, m['platform'])} · {labels.status(m['status'])}）"
                   f"\n    {_page(meta, m['id'])}")
    if a["elsewhere"]:
        out.append("  以此名称备案的账号在：")
        out += [_match_line(m, meta) for m in a["elsewhere"]]
    for u in a["units"]:
        out.append(f"  {u['name']}（{u['total']} 个账号）{_unit_page(meta, u['id'])}")
        out += [f"    {x['name']}（{_platform(meta, x['platform'])} · {labels.status(x['status'])}）{_page(meta, x['id'])}"
                for x in u["accounts"] or ()]
    if a["units_total"] > len(a["units"]):
        out.append(f"  另有 {a['units_total'] - len(a['units'])} 个单位同名")
    for r in a["resembles"]:
        plats = "、".join(_platform(meta, key) for key in r["platforms"])
        out.append(f"  与已备案的“{r['name']}”（{plats}）相近：{differences_text(r['differences']) or '写法不同'}")
    if a["report"]:
        out.append(report_text(a, meta))
    return "\n".join(out)


def report_text(a: dict[str, Any], meta: dict[str, Any]) -> str:
    rep = meta["report"]
    lines = ["举报仿冒账号 / report a counterfeit:"]
    if rep:
        who = rep.get("office") or "本平台"
        parts = [f"电话 {rep['phone']}" if rep.get("phone") else "", f"邮箱 {rep['email']}" if rep.get("email") else "",
                 rep.get("url") or ""]
        lines.append(f"  {who}：" + "  ".join(p for p in parts if p))
    nat = meta["national"]
    lines.append(f"  {nat['zh']}：电话 {nat['phone']}  {nat['url']}")
    for key in a["complaints"]:
        p = next((p for p in meta["platforms"] if p["key"] == key), None)
        if p and p["complaint"]:
            lines.append(f"  {p['zh']}：{p['complaint'].get('zh', '')} {p['complaint'].get('url', '')}".rstrip())
    return "\n".join(lines)
