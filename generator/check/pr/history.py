"""What a change may do to a record's history: filings and notices are append-only; an account's
identity never changes; the fields the public relies on change only with a change filing; the status
moves only along the lifecycle; records are never deleted, and an account moves to another unit only
with a filing of the host-unit change.

Each check compares the base version of a record with its head version (`diff.RecordChange`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from generator.check.pr import texts
from generator.check.pr.diff import RecordChange
from generator.model import labels
from generator.model.status import ACTIVE, CLOSED, DEREGISTERED
from generator.problems import Problem

# Never change once recorded (platform_id and opened: once set).
IMMUTABLE = ("id", "platform", "platform_id", "opened")
# Change only with a change filing, appended in the same change, that names the field.
NEEDS_FILING = ("name", "url", "host_unit", "operator", "positioning")

# status before → status after: the filing type the change must append for it
LIFECYCLE: dict[tuple[str, str], tuple[str, ...]] = {
    (ACTIVE, CLOSED): ("close",),
    (ACTIVE, DEREGISTERED): ("deregister",),
    (CLOSED, DEREGISTERED): ("deregister",),
    (CLOSED, ACTIVE): ("open", "change"),  # reopened: the status follows the latest filing (ACC014)
}

_DELETE_HINTS = {
    "account": ("账号只能注销，不能删除：追加一条 type: deregister 备案，把 status 改为 deregistered，并登记注销公告；"
                "记录保留在备案库中，公众仍能查到它已注销",
                "accounts are deregistered, never erased: append a deregister filing, set status to deregistered and"
                " record the notice; the record stays so that the public can still learn it is gone"),
    "unit": ("单位撤销或合并时不删除记录：写明 abolished（撤销日期）和 successor（承接单位）",
             "a unit that is abolished or merged keeps its record: set abolished (the date) and successor"),
    "inspection": ("已公布的检查结果不能删除；更正请修改该批次或追加复查批次",
                   "published inspection results are never deleted; correct the batch or add a re-check batch"),
}

_IMMUTABLE_HINTS = {
    "id": ("账号 id 与文件名相同，永不改变", "an account's id equals its file name and never changes"),
    "platform": ("另一平台上的账号是另一条记录：新建一个账号文件", "an account on another platform is another record"),
    "platform_id": ("平台不可变标识（如微信原始ID gh_…）认定的是账号本身，换了标识就是另一个账号：原账号注销，新账号另行开设备案",
                    "the platform's immutable id is the account itself: another id is another account (deregister this"
                    " one and file the other as a new opening)"),
    "opened": ("开设日期以开设备案为准，不能修改", "the opening date is the opening filing's and never changes"),
}


def kind_label(kind: str) -> tuple[str, str]:
    return labels.RECORD_KINDS.get(kind, ("文件", "file"))


def _field_label(field: str) -> tuple[str, str]:
    extra = {"id": ("标识", "id"), "platform": ("平台", "platform"), "opened": ("开设日期", "opening date")}
    return extra.get(field) or labels.CHANGE_FIELDS.get(field) or (field, field)


def _show(value: Any) -> str:
    if value is None:
        return "（无）"
    text = value if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def appended(old: list[Any], new: list[Any]) -> list[Any]:
    """The entries the change appends (those past the base's count)."""
    return new[len(old):]


def _entries(data: dict[str, Any] | None, key: str) -> list[Any]:
    value = (data or {}).get(key)
    return value if isinstance(value, list) else []


def _append_only(r: RecordChange, key: str, code: str) -> Iterator[Problem]:
    old, new = _entries(r.old, key), _entries(r.new, key)
    for i, entry in enumerate(old):
        if i >= len(new):
            yield texts.make(code, r.file, key, n=i + 1, what_zh="被删除", what_en="removed")
            return
        if new[i] != entry:
            keys = sorted(k for k in {*entry, *new[i]} if entry.get(k) != new[i].get(k)) \
                if isinstance(entry, dict) and isinstance(new[i], dict) else []
            what = "、".join(keys) or "内容"
            yield texts.make(code, r.file, f"{key}[{i}]", n=i + 1, what_zh=f"改动了 {what}",
                             what_en=f"changed ({', '.join(keys) or 'content'})")


def named_changes(filings: list[Any]) -> set[str]:
    """The fields named by the change filings among `filings`."""
    return {c.get("field") for f in filings if isinstance(f, dict) and f.get("type") == "change"
            for c in (f.get("changes") or ()) if isinstance(c, dict)}


def account_checks(r: RecordChange, change_date: dt.date) -> Iterator[Problem]:
    """Every history check of one account the change modifies or moves."""
    old, new = r.old, r.new
    if old is None or new is None:
        return
    yield from _append_only(r, "filings", "PR004")
    yield from _append_only(r, "notices", "PR005")
    added_filings = appended(_entries(old, "filings"), _entries(new, "filings"))
    for field in IMMUTABLE:
        if field in old and new.get(field) != old[field]:
            zh, en = _field_label(field)
            hzh, hen = _IMMUTABLE_HINTS[field]
            yield texts.make("PR006", r.file, field if field in new else "", field=field, field_zh=zh, field_en=en,
                             old=_show(old[field]), new=_show(new.get(field)), hint_zh=hzh, hint_en=hen)
    named = named_changes(added_filings)
    for field in NEEDS_FILING:
        if old.get(field) != new.get(field) and field not in named:
            zh, en = _field_label(field)
            yield texts.make("PR007", r.file, field if field in new else "", field=field, field_zh=zh, field_en=en)
    if r.status == "moved" and "host_unit" not in named:
        zh, en = kind_label(r.kind)
        yield texts.make("PR003", r.file, "host_unit" if "host_unit" in new else "", kind_zh=zh, kind_en=en, id=r.id,
                         old=r.old_file, new=r.new_file, why_zh="，但本次变更没有写明主办单位变更（host_unit）的备案",
                         why_en=" without a change filing of the host unit (host_unit)",
                         hint_zh="账号移交给另一单位：追加一条 type: change 备案，changes 中写 {field: host_unit, from: 原单位, to: 新单位}",
                         hint_en="to hand an account to another unit, append a change filing with"
                                 " {field: host_unit, from: old unit, to: new unit}")
    yield from _lifecycle(r, added_filings)
    old_notices = _entries(old, "notices")
    for i, n in enumerate(appended(old_notices, _entries(new, "notices")), start=len(old_notices)):
        published = n.get("published") if isinstance(n, dict) else None
        if isinstance(published, str) and published < change_date.isoformat():
            yield texts.make("PR009", r.file, f"notices[{i}].published", published=published,
                             change_date=change_date.isoformat())


def _lifecycle(r: RecordChange, added_filings: list[Any]) -> Iterator[Problem]:
    old_status, new_status = (r.old or {}).get("status"), (r.new or {}).get("status")
    if old_status == new_status or not isinstance(old_status, str) or not isinstance(new_status, str):
        return
    needed = LIFECYCLE.get((old_status, new_status))
    why_zh = why_en = ""
    if needed is None:
        why_zh = "：已注销的账号不能恢复" if old_status == DEREGISTERED else "：不符合账号的生命周期"
        why_en = ": a deregistered account never comes back" if old_status == DEREGISTERED else ": not a lifecycle step"
    elif not any(isinstance(f, dict) and f.get("type") in needed for f in added_filings):
        names = "/".join(needed)
        why_zh, why_en = f"：本次变更没有追加 {names} 备案", f" without a {names} filing appended in the change"
    else:
        return
    yield texts.make("PR008", r.file, "status", old=old_status, new=new_status, old_zh=labels.status(old_status),
                     new_zh=labels.status(new_status), why_zh=why_zh, why_en=why_en)


def deleted(r: RecordChange) -> Problem:
    zh, en = kind_label(r.kind)
    hzh, hen = _DELETE_HINTS.get(r.kind, _DELETE_HINTS["account"])
    return texts.make("PR002", r.file, kind_zh=zh, kind_en=en, id=r.id, hint_zh=hzh, hint_en=hen)


def moved_batch(r: RecordChange) -> Problem:
    """An inspection batch filed under another period: a batch's period never changes."""
    zh, en = kind_label(r.kind)
    return texts.make("PR003", r.file, "period", kind_zh=zh, kind_en=en, id=r.id, old=r.old_file, new=r.new_file,
                      why_zh="", why_en="", hint_zh="检查批次的期间不能改变；放回原来的文件夹",
                      hint_en="a batch's period never changes; put it back in its folder")


def record_checks(records: list[RecordChange], change_date: dt.date) -> Iterator[Problem]:
    """The history checks of every record of the change."""
    for r in records:
        if r.kind not in ("account", "unit", "inspection"):
            continue
        if r.status == "deleted":
            yield deleted(r)
        elif r.kind == "account" and r.status in ("modified", "moved"):
            yield from account_checks(r, change_date)
        elif r.kind == "inspection" and r.status == "moved":
            yield moved_batch(r)
