"""What the filings record (FIL): every former name has the change filing that recorded it, and each
filing went to the host unit's supervising office (六安: to the 市政府办公室 and the 市网宣办 both, the
second named by the jurisdiction in portal.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from generator.check.engine import Finding, RuleContext, rule
from generator.check.naming import normalize
from generator.check.rules.jurisdiction.common import date, effective, unit_name, unit_of
from generator.model.labels import filing_type
from generator.model.records import Record


def _recorded_names(filings: list[dict[str, Any]]) -> set[str]:
    """The names (normalised) a name change records, before (from) and after (to)."""
    out: set[str] = set()
    for f in filings:
        if f.get("type") != "change":
            continue
        for c in f.get("changes") or ():
            if c.get("field") == "name":
                out.update(normalize(str(c[k])) for k in ("from", "to") if c.get(k))
    return out


@rule("FIL005", group="jurisdiction", severity="warning",
      title_zh="曾用名没有变更备案", title_en="Former name without a change filing",
      message_zh="曾用名「{former}」没有记录它的变更备案：改名须提交变更备案（changes 中 field: name，from 为旧名称）",
      message_en="The former name \"{former}\" is recorded by no change filing: a new name is filed as a change "
                 "(changes with field: name and the old name in from)",
      hint_zh="补充当时的变更备案：type: change，changes: [{{field: name, from: 旧名称, to: 新名称}}]；如该名称从未使用，请从 former_names 中删去。",
      hint_en="Add the change filing of the time: type: change, changes: [{{field: name, from: old name, to: new "
              "name}}]; if the name was never used, remove it from former_names.")
def former_name_filed(ctx: RuleContext) -> Iterator[Finding]:
    """Each name in former_names is recorded by a change filing.

    Why: the registry is the public record of what an account was called; a former name that no
    change filing records was changed without filing, or was never this account's name, and the
    public lookup would vouch for a name nobody filed.

    Basis: 国办发〔2018〕123号（开设、变更、关停、注销须备案）; 青李沧政办发〔2021〕33号 第六条（名称、功能、
    联系人等信息发生变化的，须在 5 个工作日内备案）.

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        former_names: [东湖教育发布]

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        former_names: [东湖教育发布]
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, filed_with: [dh-ban], approval: {by: dh-ban, date: 2022-08-08}}
          - type: change
            event_date: 2024-05-06
            filed_date: 2024-05-07
            filed_with: [dh-ban]
            changes: [{field: name, from: 东湖教育发布, to: 东湖教育}]
    """
    for a in ctx.registry.accounts:
        former = a.data.get("former_names")
        if not former:
            continue
        recorded = _recorded_names(a.data.get("filings") or [])
        for i, name in enumerate(former):
            if normalize(name) not in recorded:
                yield ctx.finding(a, f"former_names[{i}]", former=name)


def _joint(params: dict[str, Any]) -> list[str]:
    return [str(x) for x in params.get("joint_offices") or ()]


def required_offices(ctx: RuleContext, account: Record, fil006: dict[str, Any]) -> list[str]:
    """The offices a filing of this account goes to (and, for 六安, whose approval it needs): the host
    unit's supervising office, then the joint offices FIL006 names."""
    unit = unit_of(ctx, account)
    sup = unit.data.get("supervisor") if unit is not None else None
    out = [sup] if sup else []
    out += [o for o in _joint(fil006) if o not in out]
    return out


@rule("FIL006", group="jurisdiction", severity="warning",
      title_zh="备案未报主管单位", title_en="Filed with the wrong office",
      message_zh="{type_zh}备案报送给了 {given}，未报送 {missing}",
      message_en="The {type_en} filing went to {given}, not to {missing}",
      hint_zh="在 filed_with 中写明实际接收备案的单位；备案应报送主办单位的主管单位（六安还须报市网宣办）。",
      hint_en="List the offices that received the filing in filed_with; a filing goes to the host unit's "
              "supervising office (六安: and to the 市网宣办).",
      params={"joint_offices": [], "effective_date": None})
def filed_with_supervisor(ctx: RuleContext) -> Iterator[Finding]:
    """A filing that says where it went names the host unit's supervising office.

    Why: a filing reaches the office that approves and supervises the account, or nobody checks it;
    六安 wants every filing with the 市政府办公室 and the 市网宣办 both. `joint_offices` lists the unit
    ids of the offices that receive every filing besides the supervising office (六安: the 市网宣办,
    set in portal.yaml; null while it is not set, FIL007 says so).

    Basis: 昆政办发〔2019〕162号 二（二）（向市政府办公室备案）; 青李沧政办发〔2021〕33号 第六条（向区政府办公室
    政务调度服务中心备案）; 六安 二（三）（向市政府办公室、市网宣办报备）.

    Bad:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, filed_with: [dh-gov], approval: {by: dh-ban, date: 2022-08-08}}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, filed_with: [dh-ban], approval: {by: dh-ban, date: 2022-08-08}}
    """
    by_host: dict[str, list[str]] = {}  # host unit → the offices its filings go to (units host several)
    for a in ctx.registry.accounts:
        filings = a.data.get("filings") or ()
        for f in filings:  # noqa: SIM110 (a loop, not any(): no generator per account)
            if f.get("filed_with"):
                break
        else:
            continue
        host = a.data.get("host_unit", "")
        required = by_host.get(host)
        if required is None:
            required = by_host[host] = required_offices(ctx, a, ctx.params)
        if not required:
            continue  # a unit without a supervising office: REF rules and the unit record speak of it
        for i, f in enumerate(filings):
            given = f.get("filed_with")
            if not given or not effective(ctx.params, date(f.get("event_date"))):
                continue
            missing = [o for o in required if o not in given]
            if missing:
                t = str(f.get("type", ""))
                yield ctx.finding(a, f"filings[{i}].filed_with", type_zh=filing_type(t), type_en=t,
                                  given="、".join(unit_name(ctx, g) for g in given),
                                  missing="、".join(unit_name(ctx, m) for m in missing))


@rule("FIL007", group="jurisdiction", severity="info",
      title_zh="联合备案单位未设置", title_en="Joint filing office not set",
      message_zh="本地规定备案须同时报送{office_zh}，但 portal.yaml 尚未设置其单位标识：FIL006、FIL003 只检查主管单位",
      message_en="The local rules want every filing sent to {office_en} as well, but portal.yaml does not name its "
                 "unit id yet: FIL006 and FIL003 check the supervising office only",
      hint_zh="在 portal.yaml 的 rule_overrides 中设置 FIL006: {{params: {{joint_offices: [单位标识]}}}}。",
      hint_en="Set FIL006: {{params: {{joint_offices: [unit id]}}}} under rule_overrides in portal.yaml.",
      params={"office_zh": "", "office_en": ""})
def joint_office_unset(ctx: RuleContext) -> Iterator[Finding]:
    """Says once that a joint filing office the profile requires is not named yet.

    Why: the unit id of an office such as 六安's 市网宣办 belongs to each registry, so the profile cannot
    give it; until portal.yaml names it the filing and approval checks cover the supervising office
    only, and the registry should know that rather than trust a silent pass.

    Basis: 六安 二（三）（向市政府办公室、市网宣办报备，待市政府办公室、市网宣办批准后方可实施关停、变更）.

    Bad:

        # profile: luan
        # portal.yaml
        name: 东湖区政务新媒体备案公示平台

    Good:

        # profile: luan
        # portal.yaml
        rule_overrides:
          FIL006: {params: {joint_offices: [dh-wxb]}}
        # units/dh-wxb.yaml
        name: 中共青山市东湖区委网络安全和信息化委员会办公室
        kind: party
        level: county
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2022-08-15, filed_date: 2022-08-16, filed_with: [dh-ban, dh-wxb], approval: {by: dh-ban, date: 2022-08-08}}
        # accounts/dh-gov/dh-gov-weibo.yaml: deleted
        # accounts/dh-gov/dh-gov-douyin.yaml: deleted
        # accounts/dh-gafj/dh-gafj-douyin.yaml: deleted
        # accounts/dh-rsj/dh-rsj-channels.yaml: deleted
        # inspections/2025-Q3/dh-2025q3-spot.yaml: deleted
    """
    fil006 = ctx.setting_of("FIL006")
    if fil006.severity == "off" or fil006.params.get("joint_offices") is not None or not ctx.registry.accounts:
        return
    yield Finding(record=None, path="profile",
                  args=dict(office_zh=ctx.params.get("office_zh") or "其他单位",
                            office_en=ctx.params.get("office_en") or "another office"))
