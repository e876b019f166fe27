"""Every Chinese and English label of the model's codes, in one place: filing types, record statuses
and the statuses the public sees, notice kinds, record kinds, platforms. Validation messages, pages
and exports all read them here."""

from __future__ import annotations

from functools import cache

# filing type → (zh, en)
FILING_TYPES: dict[str, tuple[str, str]] = {
    "open": ("开设", "opening"),
    "change": ("变更", "change"),
    "close": ("关停", "closure"),
    "deregister": ("注销", "deregistration"),
}

# status as shown to the public (model.status.display_status) → (zh, en); all but deregistering are
# also values of an account's `status` field
STATUSES: dict[str, tuple[str, str]] = {
    "active": ("正常", "Active"),
    "closed": ("已关停", "Closed"),
    "deregistering": ("注销公示中", "Deregistration notice"),
    "deregistered": ("已注销", "Deregistered"),
}

NOTICE_KINDS: dict[str, tuple[str, str]] = {
    "deregister": ("注销公告", "deregistration notice"),
    "stop_update": ("停更公告", "stop-update notice"),
    "change": ("变更公告", "change notice"),
}

# kind of a channel outside the registry that a notice names (generator/model/notices.py) → (zh, en)
CHANNEL_KINDS: dict[str, tuple[str, str]] = {
    "website": ("网站", "website"), "app": ("移动客户端", "app"), "app_section": ("客户端版块", "section of an app"),
    "account": ("账号", "account"), "mini_program": ("小程序", "mini program"), "other": ("其他", "other"),
}

CHANGE_FIELDS: dict[str, tuple[str, str]] = {
    "name": ("名称", "name"), "handle": ("账号名", "handle"), "url": ("链接", "link"), "host_unit": ("主办单位", "host unit"),
    "operator": ("运维单位", "operator"), "positioning": ("功能定位", "positioning"),
    "verification_text": ("认证信息", "verification text"), "contact": ("联系方式", "contact"), "staff": ("工作人员", "staff"),
    "function": ("功能", "function"), "platform_id": ("平台标识", "platform id"), "other": ("其他", "other"),
}

# A change of these fields names people (contact persons, staff: names, phone numbers): the portal shows
# only that it happened, never the values (generator/site/public.py).
PRIVATE_CHANGES: dict[str, tuple[str, str]] = {
    "contact": ("联系人已变更", "contact person changed"),
    "staff": ("工作人员已变更", "staff changed"),
}

UNIT_KINDS: dict[str, tuple[str, str]] = {
    "government": ("人民政府", "government"), "department": ("政府部门", "department"),
    "institution": ("事业单位", "public institution"), "party": ("党委部门", "party body"),
    "internal": ("内设机构", "internal sub-unit"), "other": ("其他", "other"),
}

UPDATE_FREQUENCIES: dict[str, tuple[str, str]] = {
    "daily": ("每天", "daily"), "workdays": ("工作日每天", "every working day"), "twice_weekly": ("每周两次", "twice a week"),
    "weekly": ("每周", "weekly"), "biweekly": ("每两周", "every two weeks"), "monthly": ("每月", "monthly"),
    "irregular": ("不定期", "irregular"),
}

BATCH_KINDS: dict[str, tuple[str, str]] = {
    "self": ("自查", "self-check"), "regular": ("常规检查", "regular inspection"), "spot_check": ("抽查", "spot check"),
    "recheck": ("复查", "re-check"),
}

# what became of an inspection finding (assess.book) → (zh, en)
RECTIFICATION: dict[str, tuple[str, str]] = {
    "pending": ("整改中", "being rectified"), "done": ("已整改", "rectified"), "late": ("逾期整改", "rectified late"),
    "overdue": ("逾期未整改", "rectification overdue"), "open": ("待整改", "to be rectified"),
}

# what a re-check found of an earlier failure (assess.book) → (zh, en)
RECHECK: dict[str, tuple[str, str]] = {
    "closed": ("复查合格", "passed the re-check"), "failing": ("复查仍不合格", "still failing"),
    "not_rechecked": ("本次未复查", "not re-checked"),
}

# inspection results and activity states → (zh, en)
RESULTS: dict[str, tuple[str, str]] = {
    "pass": ("合格", "passed"), "fail": ("不合格", "failed"), "zombie": ("僵尸账号", "zombie"), "dormant": ("睡眠账号", "dormant"),
}

RECORD_KINDS: dict[str, tuple[str, str]] = {
    "portal": ("门户配置", "portal configuration"),
    "unit": ("单位", "unit"),
    "account": ("账号", "account"),
    "inspection": ("检查批次", "inspection batch"),
}


# record fields → (zh, en): the labels of the portal's filing form (site/file.md)
FIELDS: dict[str, tuple[str, str]] = {
    "id": ("标识（id）", "id"), "platform": ("平台", "platform"), "name": ("名称", "name"),
    "platform_id": ("平台不可变标识", "platform's immutable id"), "handle": ("账号名（微信号、抖音号等）", "handle"),
    "url": ("链接", "link"), "host_unit": ("主办单位", "host unit"), "positioning": ("发布内容及功能定位", "content and purpose"),
    "verification_text": ("平台认证信息", "verification text"), "status": ("状态", "status"), "opened": ("开设日期", "opened"),
    "update_frequency": ("更新频率", "update rhythm"), "type": ("备案类型", "filing type"),
    "event_date": ("事项发生日期", "event date"), "filed_date": ("备案日期", "filing date"),
    "filed_with": ("接收备案的单位", "filed with"), "approval": ("主管单位审批", "approval"), "by": ("审批单位", "approved by"),
    "date": ("日期", "date"), "reference": ("文号", "reference"), "reason": ("原因", "reason"),
    "changes": ("变更内容", "changes"), "field": ("变更的字段", "field"), "from": ("原内容", "from"), "to": ("新内容", "to"),
    "kind": ("类型", "kind"), "title": ("标题", "title"), "group": ("公告分组", "group"), "published": ("发布日期", "published"),
    "effective": ("生效日期", "effective"), "successor": ("接续账号", "successor"),
    "successors": ("接续账号和渠道", "successors"), "basis": ("依据", "basis"), "also_covers": ("一并注销的其他渠道", "also covers"),
    "short_names": ("规范简称", "short names"), "level": ("行政层级", "level"), "division": ("行政区划代码", "division code"),
    "region": ("所在地区", "region"), "credit_code": ("统一社会信用代码", "unified social credit code"),
    "parent": ("上级单位", "parent unit"), "supervisor": ("主管单位", "supervising unit"), "duties": ("职责关键词", "duties"),
    "maintainers": ("维护人（GitHub 账号）", "maintainers"), "account": ("账号", "account"),
}

LEVELS: dict[str, tuple[str, str]] = {
    "national": ("国家级", "national"), "province": ("省级", "province"), "city": ("市级", "city"),
    "county": ("县级", "county"), "town": ("乡镇级", "town"),
}


def label(table: dict[str, tuple[str, str]], code: str, lang: str = "zh") -> str:
    """The label of `code` in one of the tables above; the code itself when the table lacks it."""
    zh, en = table.get(code, (code, code))
    return zh if lang == "zh" else en


def code_of(text: str, codes: list[str]) -> str | None:
    """The one code among `codes` whose Chinese label is `text` (a clerk writes 开设 for open, 正常 for
    active), or None."""
    found = {code for table in _TABLES for code, (zh_label, _en) in table.items()
             if code in codes and text.strip() in (zh_label, zh_label.removesuffix("公告"))}
    return found.pop() if len(found) == 1 else None


_TABLES = (FILING_TYPES, STATUSES, NOTICE_KINDS, CHANNEL_KINDS, CHANGE_FIELDS, UNIT_KINDS, UPDATE_FREQUENCIES, BATCH_KINDS)


def zh(table: dict[str, tuple[str, str]]) -> dict[str, str]:
    """A table's Chinese labels by code."""
    return {k: v[0] for k, v in table.items()}


def filing_type(code: str, lang: str = "zh") -> str:
    return label(FILING_TYPES, code, lang)


def status(code: str, lang: str = "zh") -> str:
    return label(STATUSES, code, lang)


def notice_kind(code: str, lang: str = "zh") -> str:
    return label(NOTICE_KINDS, code, lang)


@cache  # the catalogue is fixed: a handful of keys asked once per account
def platform(key: str, lang: str = "zh") -> str:
    """A platform's name from the catalogue; the key itself for a platform it does not know."""
    from generator.model.platforms import entries

    p = entries().get(key)
    if p is None:
        return key
    return str(p["zh"] if lang == "zh" else p["en"])
