"""Structural rules (issue 11): the path is the identity, every reference resolves, ids are unique,
platform ids are valid and unique, and an account's status agrees with its filings and notices.

Jurisdiction rules (deadlines, naming, …) live in the j_*.py modules and take their parameters from
the profile; these hold in every jurisdiction.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Hashable, Iterator

from generator import platforms
from generator.records import Record, Registry
from generator.rules.engine import Finding, RuleContext, rule
from generator.status import latest_notice

ALL_KINDS = ("portal", "unit", "account", "inspection")


def _broken(reg: Registry, kind: str) -> set[str]:
    return reg.broken.get(kind, set())


def _folder(r: Record) -> str:
    return r.file.rpartition("/")[0].rpartition("/")[2]


def _age_key(r: Record) -> tuple[str, str]:
    """Older records keep an id; the newer one (later first filing, then later path) is blamed."""
    filings = r.data.get("filings") or [{}]
    return (filings[0].get("event_date", ""), r.file)


def _duplicates(records: list[Record], key: Callable[[Record], Hashable | None]) -> Iterator[list[Record]]:
    """Groups of records sharing a key (None: no key), oldest first; the first of a group keeps it."""
    by_key: dict[Hashable, list[Record]] = {}
    for r in records:
        k = key(r)
        if k is not None:
            by_key.setdefault(k, []).append(r)
    for group in by_key.values():
        if len(group) > 1:
            yield sorted(group, key=_age_key)


def _suggest(value: str, options: list[str] | dict[str, object]) -> str:
    close = difflib.get_close_matches(value, list(options), n=1, cutoff=0.6)
    return close[0] if close else ""


# --- the path is the identity -------------------------------------------------------------------


@rule(
    "ID001",
    title_zh="文件名与 id 不一致",
    title_en="File name differs from id",
    message_zh="文件名“{stem}”与记录的 id “{id}”不一致",
    message_en="the file name “{stem}” differs from the record's id “{id}”",
    hint_zh="把文件改名为 {id}.yaml，或把 id 改为 {stem}；id 一经公布不再更改",
    hint_en="rename the file to {id}.yaml or set id to {stem}; a published id never changes",
    kinds=("unit", "account", "inspection"),
)
def file_name_is_id(ctx: RuleContext) -> Iterator[Finding]:
    reg = ctx.registry
    for r in (*reg.units, *reg.accounts, *reg.inspections):
        stem = r.file.rpartition("/")[2].removesuffix(".yaml")
        if stem != r.id:
            yield ctx.finding(r, "id", stem=stem, id=r.id)


@rule(
    "ID002",
    title_zh="账号所在文件夹与主办单位不一致",
    title_en="Account folder differs from host unit",
    message_zh="账号放在文件夹“{folder}”下，但主办单位（host_unit）是“{host}”",
    message_en="the account is in folder “{folder}” but its host unit (host_unit) is “{host}”",
    hint_zh="把文件移到 accounts/{host}/ 下；主办单位变更须另行提交变更或注销备案",
    hint_en="move the file to accounts/{host}/; a change of host unit needs its own change or deregistration filing",
)
def account_folder_is_host(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.accounts:
        folder = _folder(r)
        if folder != r.data["host_unit"]:
            yield ctx.finding(r, "host_unit", folder=folder, host=r.data["host_unit"])


@rule(
    "ID003",
    title_zh="检查批次所在文件夹与检查期间不一致",
    title_en="Inspection folder differs from period",
    message_zh="检查批次放在文件夹“{folder}”下，但检查期间（period）是“{period}”",
    message_en="the inspection batch is in folder “{folder}” but its period is “{period}”",
    hint_zh="把文件移到 inspections/{period}/ 下",
    hint_en="move the file to inspections/{period}/",
    kinds=("inspection",),
)
def inspection_folder_is_period(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.inspections:
        folder = _folder(r)
        if folder != r.data["period"]:
            yield ctx.finding(r, "period", folder=folder, period=r.data["period"])


@rule(
    "ID004",
    title_zh="id 重复",
    title_en="Duplicate id",
    message_zh="{kind_zh} id “{id}”已在 {first} 中使用",
    message_en="{kind_en} id “{id}” is already used by {first}",
    hint_zh="每条记录的 id 在整个备案库中必须唯一，请换一个 id",
    hint_en="ids are unique across the registry; choose another id",
    kinds=("unit", "account", "inspection"),
)
def unique_ids(ctx: RuleContext) -> Iterator[Finding]:
    reg = ctx.registry
    kinds = (("单位", "unit", reg.units), ("账号", "account", reg.accounts), ("检查批次", "inspection", reg.inspections))
    for kind_zh, kind_en, records in kinds:
        ids = [r.id for r in records]
        if len(set(ids)) == len(ids):
            continue  # the usual case, found without grouping
        for group in _duplicates(records, lambda r: r.id):
            first = group[0]
            for r in group[1:]:
                yield ctx.finding(r, "id", kind_zh=kind_zh, kind_en=kind_en, id=r.id, first=first.file)


# --- references -------------------------------------------------------------------------------


def _unit_ref(
    ctx: RuleContext, record: Record, path: str, ref: str | None
) -> Iterator[Finding]:
    reg = ctx.registry
    if ref and ref not in reg.unit_by_id and ref not in _broken(reg, "unit"):
        yield ctx.finding(record, path, ref=ref, suggestion=_suggest(ref, reg.unit_by_id) or "—")


_UNIT_REF_TEXT = {
    "message_zh": "引用的单位“{ref}”不存在",
    "message_en": "the referenced unit “{ref}” does not exist",
    "hint_zh": "先在 units/ 下建立该单位的记录，或改正 id（相近的 id：{suggestion}）",
    "hint_en": "add the unit under units/ first, or correct the id (closest existing id: {suggestion})",
}


@rule("REF001", title_zh="主办单位不存在", title_en="Host unit does not exist", **_UNIT_REF_TEXT)
def host_unit_exists(ctx: RuleContext) -> Iterator[Finding]:
    known = ctx.registry.unit_by_id  # almost every reference resolves: test it before anything else
    for r in ctx.registry.accounts:
        if r.data["host_unit"] not in known:
            yield from _unit_ref(ctx, r, "host_unit", r.data["host_unit"])


@rule("REF002", title_zh="上级单位或主管单位不存在", title_en="Parent or supervising unit does not exist",
      kinds=("unit",), **_UNIT_REF_TEXT)
def unit_refs_exist(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.units:
        for key in ("parent", "supervisor", "successor"):
            yield from _unit_ref(ctx, r, key, r.data.get(key))


@rule("REF003", title_zh="审批或备案单位不存在", title_en="Approving or filing unit does not exist", **_UNIT_REF_TEXT)
def filing_units_exist(ctx: RuleContext) -> Iterator[Finding]:
    known = ctx.registry.unit_by_id  # almost every reference resolves: test it before building a path
    for r in ctx.registry.accounts:
        for i, f in enumerate(r.data["filings"]):
            if "approval" in f and f["approval"]["by"] not in known:
                yield from _unit_ref(ctx, r, f"filings[{i}].approval.by", f["approval"]["by"])
            for j, u in enumerate(f.get("filed_with") or ()):
                if u not in known:
                    yield from _unit_ref(ctx, r, f"filings[{i}].filed_with[{j}]", u)


@rule("REF004", title_zh="检查单位或门户根单位不存在", title_en="Inspecting or root unit does not exist",
      kinds=("inspection", "portal", "unit"), **_UNIT_REF_TEXT)
def inspector_and_root_exist(ctx: RuleContext) -> Iterator[Finding]:
    reg = ctx.registry
    for r in reg.inspections:
        yield from _unit_ref(ctx, r, "inspector", r.data["inspector"])
    if reg.portal is not None:
        yield from _unit_ref(ctx, reg.portal, "root_unit", reg.portal.data["root_unit"])


@rule(
    "REF005",
    title_zh="引用的账号不存在",
    title_en="Referenced account does not exist",
    message_zh="引用的账号“{ref}”不存在",
    message_en="the referenced account “{ref}” does not exist",
    hint_zh="填写备案库中已有账号的 id（相近的 id：{suggestion}）",
    hint_en="use the id of an account in the registry (closest existing id: {suggestion})",
    kinds=("account", "inspection"),
)
def account_refs_exist(ctx: RuleContext) -> Iterator[Finding]:
    reg = ctx.registry
    known = reg.account_by_id
    broken = _broken(reg, "account")

    def check(record: Record, path: str, ref: str) -> Iterator[Finding]:
        if ref not in known and ref not in broken:
            yield ctx.finding(record, path, ref=ref, suggestion=_suggest(ref, known) or "—")

    for r in reg.accounts:
        for i, n in enumerate(r.data.get("notices") or ()):
            if "successor" in n:
                yield from check(r, f"notices[{i}].successor", n["successor"])
    for r in reg.inspections:
        for i, res in enumerate(r.data["results"]):
            yield from check(r, f"results[{i}].account", res["account"])


@rule(
    "REF006",
    title_zh="单位隶属关系成环",
    title_en="Unit hierarchy has a cycle",
    message_zh="单位的{relation_zh}关系形成循环：{cycle}",
    message_en="the units' {relation_en} relation forms a cycle: {cycle}",
    hint_zh="上级单位和主管单位必须最终指向一个没有上级的单位，请改正其中一个",
    hint_en="parents and supervisors must end at a unit with none; correct one of them",
    kinds=("unit",),
)
def no_unit_cycles(ctx: RuleContext) -> Iterator[Finding]:
    units = ctx.registry.unit_by_id
    for key, zh in (("parent", "上级"), ("supervisor", "主管")):
        done: set[str] = set()
        for start in sorted(units):
            if start in done:
                continue  # walked from an earlier start (the walk below would stop at once)
            path: list[str] = []
            on_path: dict[str, int] = {}
            node: str | None = start
            while node in units and node not in done and node not in on_path:
                on_path[node] = len(path)
                path.append(node)
                node = units[node].data.get(key)
            if node is not None and node in on_path:
                cycle = path[on_path[node]:] + [node]
                yield ctx.finding(units[node], key, relation_zh=zh, relation_en=key, cycle=" → ".join(cycle))
            done.update(path)


@rule(
    "REF007",
    title_zh="复查的检查批次不存在",
    title_en="Re-checked batch does not exist",
    message_zh="recheck_of 引用的检查批次“{ref}”不存在",
    message_en="the batch “{ref}” named by recheck_of does not exist",
    hint_zh="填写 inspections/ 下已有检查批次的 id",
    hint_en="use the id of a batch under inspections/",
    kinds=("inspection",),
)
def recheck_exists(ctx: RuleContext) -> Iterator[Finding]:
    reg = ctx.registry
    for r in reg.inspections:
        ref = r.data.get("recheck_of")
        if ref and ref not in reg.inspection_by_id and ref not in _broken(reg, "inspection"):
            yield ctx.finding(r, "recheck_of", ref=ref)


# --- platforms and their ids --------------------------------------------------------------------


@rule(
    "ACC001",
    title_zh="平台不在平台目录中",
    title_en="Unknown platform",
    message_zh="平台“{platform}”不在平台目录中",
    message_en="platform “{platform}” is not in the platform catalogue",
    hint_zh="使用 `portal platforms` 列出的平台代码（相近的代码：{suggestion}）",
    hint_en="use a platform key listed by `portal platforms` (closest key: {suggestion})",
)
def platform_known(ctx: RuleContext) -> Iterator[Finding]:
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = r.data["platform"]
        if p not in cat:
            yield ctx.finding(r, "platform", platform=p, suggestion=_suggest(p, cat) or "—")


@rule(
    "ACC002",
    title_zh="缺少平台不可变标识",
    title_en="Immutable platform id missing",
    message_zh="未填写{platform_zh}的{id_label}（platform_id），公众无法通过链接核验该账号",
    message_en="the {platform_en} {id_label} (platform_id) is missing, so the public cannot verify the account by its link",
    hint_zh="在平台后台查到{id_label}后填写 platform_id，例如 {example}",
    hint_en="look the {id_label} up in the platform's back office and add platform_id, e.g. {example}",
    severity="warning",
)
def platform_id_present(ctx: RuleContext) -> Iterator[Finding]:
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        if p is not None and "platform_id" not in r.data and r.data["status"] != "deregistered":
            yield ctx.finding(r, "platform", platform_zh=p.zh, platform_en=p.en, id_label=p.id_label, example=p.id_example)


@rule(
    "ACC003",
    title_zh="平台标识格式不对",
    title_en="Malformed platform id",
    message_zh="“{value}”不是有效的{platform_zh}{id_label}",
    message_en="“{value}” is not a valid {platform_en} {id_label}",
    hint_zh="{id_label}的格式形如 {example}",
    hint_en="a {id_label} looks like {example}",
)
def platform_id_format(ctx: RuleContext) -> Iterator[Finding]:
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        value = r.data.get("platform_id")
        if p is not None and value is not None and not p.id_matches(value):
            yield ctx.finding(r, "platform_id", value=value, platform_zh=p.zh, platform_en=p.en,
                              id_label=p.id_label, example=p.id_example)


@rule(
    "ACC004",
    title_zh="平台标识重复",
    title_en="Duplicate platform id",
    message_zh="{platform_zh}{id_label}“{value}”已登记在账号 {other}（{other_file}）",
    message_en="{platform_en} {id_label} “{value}” is already registered for account {other} ({other_file})",
    hint_zh="同一个平台账号只能备案一次；如是主办单位变更，请在原记录中提交变更备案",
    hint_en="one platform account is filed once; for a change of host unit file a change on the existing record",
)
def platform_id_unique(ctx: RuleContext) -> Iterator[Finding]:
    cat = platforms.catalogue()

    def key(r: Record) -> tuple[str, str] | None:
        p = cat.get(r.data["platform"])
        value = r.data.get("platform_id")
        return None if p is None or value is None else (p.family, value)

    for group in _duplicates(ctx.registry.accounts, key):
        o = group[0]
        for r in group[1:]:
            p = cat[r.data["platform"]]
            yield ctx.finding(r, "platform_id", value=r.data["platform_id"], platform_zh=p.zh, platform_en=p.en,
                              id_label=p.id_label, other=o.id, other_file=o.file)


@rule(
    "ACC005",
    title_zh="账号链接不指向该平台",
    title_en="Link does not point to the platform",
    message_zh="账号链接的域名“{host}”不属于{platform_zh}（{hosts}），门户不会公开该链接",
    message_en="the link's host “{host}” is not one of {platform_en}'s hosts ({hosts}); the portal will not publish it",
    hint_zh="填写账号在平台上的主页链接",
    hint_en="use the account's profile link on the platform",
    severity="warning",
)
def url_on_platform(ctx: RuleContext) -> Iterator[Finding]:
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        url = r.data.get("url")
        if p is not None and url and p.hosts and not p.host_allowed(url):
            parts = platforms.split_http_url(url)
            yield ctx.finding(r, "url", host=parts[0] if parts else url, platform_zh=p.zh,
                              platform_en=p.en, hosts="、".join(p.hosts))


@rule(
    "ACC006",
    title_zh="链接与平台标识不符",
    title_en="Link names another platform id",
    message_zh="账号链接指向{id_label}“{from_url}”，与 platform_id “{value}”不一致",
    message_en="the link names {id_label} “{from_url}”, which differs from platform_id “{value}”",
    hint_zh="核对链接和平台标识，二者必须指向同一个账号",
    hint_en="check the link and the platform id: both must name the same account",
)
def url_matches_id(ctx: RuleContext) -> Iterator[Finding]:
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        url, value = r.data.get("url"), r.data.get("platform_id")
        if p is None or not url or value is None:
            continue
        from_url = p.id_from_url(url)
        if from_url is not None and from_url != value:
            yield ctx.finding(r, "url", id_label=p.id_label, from_url=from_url, value=value)


# --- filing history and status ----------------------------------------------------------------


@rule(
    "ACC010",
    title_zh="备案记录须以开设备案开始",
    title_en="Filing history must start with an opening",
    message_zh="第一条备案的类型是“{type}”，备案记录须以一条开设（open）备案开始，且只能有一条",
    message_en="the first filing is of type “{type}”; the history must start with exactly one opening (open)",
    hint_zh="把开设备案放在 filings 的第一条；以后的变化追加在后面",
    hint_en="put the opening first in filings; later events are appended after it",
)
def history_starts_with_open(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.accounts:
        filings = r.data["filings"]
        if filings[0]["type"] != "open":
            yield ctx.finding(r, "filings[0].type", type=filings[0]["type"])
        elif len(filings) > 1:  # most accounts have the opening only
            for i, f in enumerate(filings[1:], start=1):
                if f["type"] == "open":
                    yield ctx.finding(r, f"filings[{i}].type", type="open（重复 / again）")


@rule(
    "ACC011",
    title_zh="备案记录顺序不对",
    title_en="Filings out of order",
    message_zh="第 {n} 条备案的事件日期 {date} 早于前一条的 {prev}；备案记录按时间先后追加",
    message_en="filing {n} happens on {date}, before the previous one ({prev}); filings are appended in order",
    hint_zh="按事件日期从早到晚排列 filings，不要改动已有记录",
    hint_en="keep filings in order of event date and never rewrite earlier ones",
)
def history_in_order(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.accounts:
        prev = ""
        for i, f in enumerate(r.data["filings"]):
            day = f["event_date"]
            if day < prev:
                yield ctx.finding(r, f"filings[{i}].event_date", n=i + 1, date=day, prev=prev)
            else:
                prev = day  # max(prev, day)


@rule(
    "ACC012",
    title_zh="日期晚于今天",
    title_en="Date in the future",
    message_zh="{what_zh}日期 {date} 晚于今天（{today}）",
    message_en="{what_en} date {date} is after today ({today})",
    hint_zh="备案的提交日期和检查日期不能是将来的日期；请核对年份和月份",
    hint_en="filing and inspection dates cannot lie in the future; check the year and month",
    kinds=("account", "inspection"),
)
def no_future_dates(ctx: RuleContext) -> Iterator[Finding]:
    today = ctx.today.isoformat()
    for r in ctx.registry.accounts:
        for i, f in enumerate(r.data["filings"]):
            if f["filed_date"] > today:
                yield ctx.finding(r, f"filings[{i}].filed_date", what_zh="备案提交", what_en="filing",
                                  date=f["filed_date"], today=today)
        for i, n in enumerate(r.data.get("notices") or ()):
            if n["published"] > today:
                yield ctx.finding(r, f"notices[{i}].published", what_zh="公告发布", what_en="notice publication",
                                  date=n["published"], today=today)
    for r in ctx.registry.inspections:
        if r.data["date"] > today:
            yield ctx.finding(r, "date", what_zh="检查", what_en="inspection", date=r.data["date"], today=today)


@rule(
    "ACC013",
    title_zh="开设日期与开设备案不一致",
    title_en="Opening date differs from the opening filing",
    message_zh="opened 写的是 {opened}，开设备案的事件日期是 {event}",
    message_en="opened says {opened} but the opening filing's event date is {event}",
    hint_zh="两处应为同一天；以开设备案为准",
    hint_en="both should be the same day; the opening filing is authoritative",
)
def opened_matches_filing(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.accounts:
        first = r.data["filings"][0]
        opened = r.data.get("opened")
        if opened and first["type"] == "open" and first["event_date"] != opened:
            yield ctx.finding(r, "opened", opened=opened, event=first["event_date"])


_STATUS_FOR_LAST = {"open": "active", "change": "active", "close": "closed", "deregister": "deregistered"}
_STATUS_ZH = {"active": "正常（active）", "closed": "已关停（closed）", "deregistered": "已注销（deregistered）"}
_TYPE_ZH = {"open": "开设", "change": "变更", "close": "关停", "deregister": "注销"}


@rule(
    "ACC014",
    title_zh="状态与备案记录不符",
    title_en="Status disagrees with the filings",
    message_zh="状态写的是 {status_zh}，但最近一条备案是{type_zh}（{type}），应为 {expected_zh}",
    message_en="status is {status} but the latest filing is of type {type}, so it should be {expected}",
    hint_zh="状态只随备案改变：关停填 close 备案，注销填 deregister 备案，重新启用填 change 备案",
    hint_en="status follows the filings: file close to close, deregister to deregister, change to reopen",
)
def status_follows_filings(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.accounts:
        last = r.data["filings"][-1]["type"]
        expected = _STATUS_FOR_LAST[last]
        status = r.data["status"]
        if status != expected:
            yield ctx.finding(r, "status", status=status, status_zh=_STATUS_ZH[status], type=last,
                              type_zh=_TYPE_ZH[last], expected=expected, expected_zh=_STATUS_ZH[expected])


@rule(
    "ACC015",
    title_zh="注销账号缺少注销公告",
    title_en="Deregistered account without a notice",
    message_zh="账号已注销，但没有注销公告（notices 中 kind: deregister）",
    message_en="the account is deregistered but has no deregistration notice (notices with kind: deregister)",
    hint_zh="注销须向社会公告：补充公告的发布日期、生效日期、原因和公告链接",
    hint_en="deregistration must be announced: add the notice's publication and effective dates, reason and link",
)
def deregistered_has_notice(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.accounts:
        if r.data["status"] == "deregistered" and latest_notice(r.data) is None:
            yield ctx.finding(r, "status")


@rule(
    "ACC016",
    title_zh="公告生效日期早于发布日期",
    title_en="Notice takes effect before it is published",
    message_zh="公告的生效日期 {effective} 早于发布日期 {published}",
    message_en="the notice takes effect on {effective}, before it is published on {published}",
    hint_zh="生效日期（公示期结束、正式注销之日）不能早于发布日期",
    hint_en="the effective date (end of the notice period) cannot precede publication",
)
def notice_dates_ordered(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.accounts:
        for i, n in enumerate(r.data.get("notices") or ()):
            if n["effective"] < n["published"]:
                yield ctx.finding(r, f"notices[{i}].effective", effective=n["effective"], published=n["published"])


@rule(
    "ACC017",
    title_zh="接续账号无效",
    title_en="Invalid successor account",
    message_zh="接续账号“{ref}”{why_zh}",
    message_en="successor account “{ref}” {why_en}",
    hint_zh="接续账号应是另一个正常运行的账号，公众将被引导到那里",
    hint_en="the successor must be another, active account: the public is sent there",
)
def successor_is_live(ctx: RuleContext) -> Iterator[Finding]:
    reg = ctx.registry
    for r in reg.accounts:
        for i, n in enumerate(r.data.get("notices") or ()):
            ref = n.get("successor")
            if not ref:
                continue
            target = reg.account_by_id.get(ref)
            if ref == r.id:
                yield ctx.finding(r, f"notices[{i}].successor", ref=ref, why_zh="就是本账号", why_en="is this account itself")
            elif target is not None and target.data["status"] == "deregistered":
                yield ctx.finding(r, f"notices[{i}].successor", ref=ref, why_zh="本身已注销",
                                  why_en="is itself deregistered")


@rule(
    "ACC018",
    title_zh="注销后仍有备案",
    title_en="Filings after deregistration",
    message_zh="账号已于 {date} 注销，之后不能再有{type_zh}备案",
    message_en="the account was deregistered on {date}; no {type} filing can follow",
    hint_zh="重新开设的账号请建立一条新记录（新的 id），并在原账号公告中写明接续账号",
    hint_en="a reopened account is a new record (new id); name it as the successor in the old account's notice",
)
def nothing_after_deregistration(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.accounts:
        dereg: str | None = None
        for i, f in enumerate(r.data["filings"]):
            if dereg is not None:
                yield ctx.finding(r, f"filings[{i}].type", date=dereg, type=f["type"], type_zh=_TYPE_ZH[f["type"]])
                break
            if f["type"] == "deregister":
                dereg = f["event_date"]


@rule(
    "ACC019",
    title_zh="非应用账号填写了应用信息",
    title_en="App details on a non-app account",
    message_zh="{platform_zh}不是移动客户端或小程序，不应填写 app 信息",
    message_en="{platform_en} is not an app or mini-program; remove the app block",
    hint_zh="app 块只用于移动客户端和小程序",
    hint_en="the app block is for mobile apps and mini-programs only",
    severity="warning",
)
def app_block_only_for_apps(ctx: RuleContext) -> Iterator[Finding]:
    cat = platforms.catalogue()
    for r in ctx.registry.accounts:
        p = cat.get(r.data["platform"])
        if p is not None and "app" in r.data and p.kind == "account":
            yield ctx.finding(r, "app", platform_zh=p.zh, platform_en=p.en)


# --- units ----------------------------------------------------------------------------------


@rule(
    "UNIT001",
    title_zh="统一社会信用代码校验位错误",
    title_en="Unified social credit code fails its checksum",
    message_zh="统一社会信用代码“{code}”的校验位不对（应为 {expected}）",
    message_en="unified social credit code “{code}” fails its checksum (the last character should be {expected})",
    hint_zh="对照单位的法人证书逐位核对；常见错误是把字母 O 写成数字 0",
    hint_en="check it character by character against the unit's certificate; O and 0 are often confused",
    kinds=("unit",),
)
def credit_code_checksum(ctx: RuleContext) -> Iterator[Finding]:
    from generator.credit_code import check_char

    for r in ctx.registry.units:
        code = r.data.get("credit_code")
        if code:
            expected = check_char(code[:17])
            if expected != code[17]:
                yield ctx.finding(r, "credit_code", code=code, expected=expected)


@rule(
    "UNIT002",
    title_zh="内设机构缺少上级单位",
    title_en="Internal sub-unit without parent",
    message_zh="内设机构必须写明所属单位（parent）",
    message_en="an internal sub-unit must name the body it belongs to (parent)",
    hint_zh="填写 parent: <所属单位的 id>",
    hint_en="add parent: <id of the body it belongs to>",
    kinds=("unit",),
)
def internal_has_parent(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.units:
        if r.data["kind"] == "internal" and not r.data.get("parent"):
            yield ctx.finding(r, "kind")


@rule(
    "UNIT003",
    title_zh="统一社会信用代码重复",
    title_en="Duplicate unified social credit code",
    message_zh="统一社会信用代码“{code}”已用于单位 {other}",
    message_en="unified social credit code “{code}” is already used by unit {other}",
    hint_zh="一个法人单位只建一条单位记录；内设机构不填信用代码",
    hint_en="one legal entity has one unit record; internal sub-units carry no code",
    kinds=("unit",),
)
def credit_code_unique(ctx: RuleContext) -> Iterator[Finding]:
    seen: dict[str, str] = {}
    for r in sorted(ctx.registry.units, key=lambda x: x.file):
        code = r.data.get("credit_code")
        if code:
            if code in seen:
                yield ctx.finding(r, "credit_code", code=code, other=seen[code])
            else:
                seen[code] = r.id


# --- inspections -------------------------------------------------------------------------------


@rule(
    "INSP001",
    title_zh="同一批次重复检查同一账号",
    title_en="Account inspected twice in one batch",
    message_zh="账号“{account}”在本批次中出现了两次（第 {first} 条和第 {n} 条）",
    message_en="account “{account}” appears twice in this batch (results {first} and {n})",
    hint_zh="把同一账号的问题合并到一条结果里",
    hint_en="merge the account's findings into one result",
    kinds=("inspection",),
)
def one_result_per_account(ctx: RuleContext) -> Iterator[Finding]:
    for r in ctx.registry.inspections:
        seen: dict[str, int] = {}
        for i, res in enumerate(r.data["results"]):
            a = res["account"]
            if a in seen:
                yield ctx.finding(r, f"results[{i}].account", account=a, first=seen[a] + 1, n=i + 1)
            else:
                seen[a] = i


@rule(
    "PORT001",
    title_zh="缺少门户配置",
    title_en="Portal configuration missing",
    message_zh="备案库缺少 portal.yaml（辖区名称、适用规则、根单位）",
    message_en="the registry has no portal.yaml (jurisdiction, policy profile, root unit)",
    hint_zh="在备案库根目录建立 portal.yaml，参见示例备案库",
    hint_en="create portal.yaml at the registry's root; see the sample registry",
    kinds=ALL_KINDS,
)
def portal_config_present(ctx: RuleContext) -> Iterator[Finding]:
    reg = ctx.registry
    if reg.portal is None and not _broken(reg, "portal"):
        yield Finding(record=None, path="", args={}, file=f"{reg.display_root()}/portal.yaml")
