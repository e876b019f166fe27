"""The account record of a plan: its platform id and link, its filings and notices derived from the
plan's events, and the private contacts of its host unit (fictional people)."""

from __future__ import annotations

from typing import Any

from generator.tools.synth import names
from generator.tools.synth.accounts import APP_PLATFORMS, AccountPlan
from generator.tools.synth.days import Timeline
from generator.tools.synth.ids import IdMint, mix
from generator.tools.synth.units import Unit

# How the verification text and a notice's title name the account on each platform.
VERIFY_LABEL = {
    "wechat_subscription": "微信公众号", "wechat_service": "微信服务号", "wechat_channels": "视频号",
    "weibo": "微博", "douyin": "抖音号", "toutiao": "头条号", "kuaishou": "快手号", "bilibili": "账号",
    "xiaohongshu": "账号", "baijiahao": "百家号", "zhihu": "知乎机构号", "netease": "网易号",
    "peoples_daily": "人民号", "thepaper": "澎湃政务号", "wechat_miniprogram": "小程序",
    "alipay_miniprogram": "小程序", "ios_app": "客户端", "android_app": "客户端", "harmony_app": "客户端",
}


def positioning_for(unit: Unit) -> str:
    d = unit.dept
    if d.kind == "government":
        return f"发布{unit.name}政务信息、政策文件及解读，提供政务服务和互动交流"
    if d.slug == "rmt":
        return f"发布{unit.region}新闻资讯、政务信息和便民服务"
    return f"发布{unit.name}工作动态、政策解读和办事指南，回应群众关切"


# Leaders' titles by the ending of the unit's name (the people themselves are fictional).
_TITLES = (("镇人民政府", "镇长", "副镇长"), ("街道办事处", "主任", "副主任"), ("人民政府", "办公室主任", "办公室副主任"),
           ("人民政府办公厅", "秘书长", "副秘书长"), ("分局", "分局局长", "副分局长"), ("局", "局长", "副局长"),
           ("支队", "支队长", "副支队长"), ("处", "处长", "副处长"), ("科", "科长", "副科长"))


def _titles(unit_name: str) -> tuple[str, str]:
    for suffix, main, deputy in _TITLES:
        if unit_name.endswith(suffix):
            return main, deputy
    return "主任", "副主任"  # 委员会, 办公室, 中心 …


def contacts(unit: Unit, seed: int) -> dict[str, Any]:
    main, deputy = _titles(unit.name)
    posts = {"main_leader": (main,), "leader_in_charge": (deputy,), "chief_editor": names.POSTS["chief_editor"],
             "staff": names.POSTS["staff"]}
    people = []
    base = names.stable_hash(unit.id) ^ seed
    for i, role in enumerate(("main_leader", "leader_in_charge", "chief_editor", "staff", "staff")):
        h = mix(base + i)
        options = posts[role]
        people.append({"role": role, "name": names.person_name(h), "post": options[h % len(options)],
                       "phone": names.phone(h // 11)})
    office = names.MANAGING_OFFICES[seed % len(names.MANAGING_OFFICES)]
    return {"contacts": people, "managing_office": office}


def account_record(plan: AccountPlan, days: Timeline, mint: IdMint) -> dict[str, Any]:
    """The account record for a plan: filings, notices and status all derived from the plan's events."""
    unit = plan.unit
    iso = days.iso
    pid, url = mint.next(plan.platform, unit.id, plan.id)
    r: dict[str, Any] = {"id": plan.id, "platform": plan.platform, "name": plan.name}
    names_changes = [c for c in plan.changes if c.field == "name"]
    if names_changes:
        r["former_names"] = [c.before for c in names_changes]
    r["platform_id"] = pid
    if url:
        r["url"] = url
    r["host_unit"] = unit.id
    if plan.operator:
        r["operator"] = plan.operator
    r["positioning"] = plan.positioning or positioning_for(unit)
    r["verification_text"] = f"{unit.name}官方{VERIFY_LABEL[plan.platform]}"
    status = "active"
    if plan.ending:
        status = "closed" if plan.ending.kind == "close" else "deregistered"
    r["status"] = status
    r["opened"] = iso[plan.opened]
    if plan.platform in APP_PLATFORMS or plan.platform.endswith("miniprogram"):
        app: dict[str, Any] = {"ipv6": True, "https": True, "html5": True, "servers_abroad": False}
        if plan.platform in APP_PLATFORMS and url:
            app["stores"] = [url]
        if plan.ending and plan.ending.kind == "deregister" and plan.platform in APP_PLATFORMS:
            app["delisted"] = iso[plan.ending.effective]
            app["links_removed"] = iso[plan.ending.effective]
        r["app"] = app
    r["update_frequency"] = plan.update_frequency
    supervisor = unit.supervisor or unit.id
    opening: dict[str, Any] = {
        "type": "open", "event_date": iso[plan.opened], "filed_date": iso[plan.opened + plan.filed_after],
        "filed_with": [supervisor],
        "approval": {"by": supervisor, "date": iso[plan.opened - plan.approved_before]},
    }
    opening["reason"] = "新开设政务新媒体账号，经主管单位审核同意"
    opening["host_opinion_date"] = iso[plan.opened - plan.approved_before - 1]
    filings = [opening]
    for c in plan.changes:
        f: dict[str, Any] = {"type": "change", "event_date": iso[c.at], "filed_date": iso[c.at + plan.filed_after],
                             "filed_with": [supervisor], "reason": c.reason or "账号信息变更"}
        ch: dict[str, str] = {"field": c.field}
        if c.before:
            ch["from"] = c.before
        if c.after:
            ch["to"] = c.after
        f["changes"] = [ch]
        filings.append(f)
    notices = []
    if plan.ending:
        e = plan.ending
        filings.append({"type": e.kind, "event_date": iso[e.effective], "filed_date": iso[e.published],
                        "filed_with": [supervisor], "reason": e.reason})
        n: dict[str, Any] = {"kind": "deregister" if e.kind == "deregister" else "stop_update"}
        what = "注销" if e.kind == "deregister" else "停止更新"
        n["title"] = e.title or f"关于“{plan.name}”{VERIFY_LABEL[plan.platform]}{what}的公告"
        if e.group:
            n["group"] = e.group
        n["published"] = iso[e.published]
        n["effective"] = iso[e.effective]
        n["reason"] = e.reason
        if e.successor:
            n["successor"] = e.successor
        notices.append(n)
    r["filings"] = filings
    if notices:
        r["notices"] = notices
    r["private"] = contacts(unit, plan.contacts_seed)
    return r
