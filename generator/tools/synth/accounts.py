"""The accounts a unit runs and their histories, planned on numbered working days (`days.Timeline`):
platforms chosen as government bodies use them, an opening approved beforehand and filed the same or the
next working day, now and then a change, and for a few accounts an end (closed, or deregistered with a
notice that stands 20 working days, sometimes one notice for several accounts of a unit)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from generator.check import credit_code
from generator.tools.synth import names
from generator.tools.synth.days import Timeline
from generator.tools.synth.ids import family
from generator.tools.synth.names import OFFICE, TOWN_GOVERNMENT
from generator.tools.synth.units import Unit

KUNSHAN_EFFECTIVE = dt.date(2019, 11, 9)  # 昆政办发〔2019〕162号: no new accounts of internal sub-units after
FIRST_OPENING = dt.date(2019, 1, 2)  # no account opens before this (a few working days after, in fact)
NOTICE_WORKDAYS = 20  # deregistration notices stand 20 working days (李沧 asks for at least 15)

# How often each platform is used by government bodies (rough shares of real registries).
PLATFORM_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("wechat_subscription", 30), ("weibo", 20), ("douyin", 20), ("toutiao", 12), ("wechat_channels", 10),
    ("kuaishou", 6), ("wechat_service", 4), ("bilibili", 3), ("xiaohongshu", 3), ("baijiahao", 3),
    ("netease", 2), ("peoples_daily", 2), ("thepaper", 2), ("zhihu", 1), ("wechat_miniprogram", 3),
    ("alipay_miniprogram", 1),
)
APP_PLATFORMS = ("android_app", "ios_app", "harmony_app")


@dataclass
class Change:
    at: int  # working-day number of the event
    field: str  # name | operator | positioning | contact | staff
    before: str = ""
    after: str = ""
    reason: str = ""


@dataclass
class Ending:
    kind: str  # close | deregister
    published: int  # working-day number the notice is published (and the filing filed)
    effective: int  # working-day number it takes effect
    reason: str
    group: str | None = None
    title: str | None = None
    successor: str | None = None


@dataclass
class AccountPlan:
    id: str
    unit: Unit
    platform: str
    name: str
    opened: int  # working-day number
    approved_before: int = 3  # approval this many working days before the opening
    filed_after: int = 0  # filed this many working days after the event (0 or 1)
    changes: list[Change] = field(default_factory=list)
    ending: Ending | None = None
    operator: dict[str, str] | None = None
    positioning: str = ""
    update_frequency: str = "weekly"
    contacts_seed: int = 0


class Planner:
    """Plans every unit's accounts from the shared random stream, until `n` accounts are planned."""

    def __init__(self, n: int, rng: random.Random, days: Timeline, today: dt.date) -> None:
        self.n = n
        self.rng = rng
        self.days = days
        self.today = days.index_on_or_before(today)
        self.first_open = days.index_on_or_after(FIRST_OPENING)
        self.kunshan_cut = days.index_on_or_before(KUNSHAN_EFFECTIVE - dt.timedelta(days=1))
        self.made = 0
        self.weights_keys = [k for k, _ in PLATFORM_WEIGHTS]
        self.weights = [w for _, w in PLATFORM_WEIGHTS]
        self.group_seq = 0

    def enough(self) -> bool:
        return self.made >= self.n

    def _platforms(self, unit: Unit, k: int) -> list[str]:
        chosen: list[str] = []
        fams: set[str] = set()
        if unit.dept.slug in ("gov", "rmt") and unit.level in ("province", "city") and unit.kind != "internal":
            for p in APP_PLATFORMS:
                if len(chosen) < k and self.rng.random() < 0.6:
                    chosen.append(p)
                    fams.add(p)
        while len(chosen) < k:
            p = self.rng.choices(self.weights_keys, self.weights)[0]
            f = family(p)
            if f not in fams:
                fams.add(f)
                chosen.append(p)
        return chosen

    def plans(self, unit: Unit) -> list[AccountPlan]:
        rng = self.rng
        d = unit.dept
        if unit.level == "national":
            k = 0  # the root office only supervises here
        elif unit.kind == "internal":
            k = 1
        elif d is OFFICE:
            k = 1 if rng.random() < 0.5 else 0
        elif d is TOWN_GOVERNMENT:
            k = rng.randint(1, 3)
        else:
            k = rng.randint(max(1, d.weight - 2), d.weight + 1)
        k = min(k, self.n - self.made)
        if k <= 0:
            return []
        template = d.accounts[names.stable_hash(unit.id) % len(d.accounts)]
        unit.account_name = template.format(r=unit.core)
        plans = []
        for p in self._platforms(unit, k):
            if unit.kind == "internal":
                opened = rng.randint(self.first_open + 5, self.kunshan_cut)
            else:
                opened = rng.randint(self.first_open + 5, self.today - 150)
            plan = AccountPlan(id=f"{unit.id}-{p.replace('_', '')}", unit=unit, platform=p, name=unit.account_name,
                               opened=opened, approved_before=rng.randint(1, 8), filed_after=rng.randint(0, 1),
                               update_frequency=rng.choice(("workdays", "twice_weekly", "weekly", "weekly")),
                               contacts_seed=rng.randint(0, 10**6))
            last = opened
            if rng.random() < 0.2 and last + 60 < self.today - 60:
                at = rng.randint(last + 30, self.today - 60)
                if rng.random() < 0.5 and template != d.accounts[0]:
                    old = d.accounts[0].format(r=unit.core)
                    plan.changes.append(Change(at, "name", old, plan.name, "账号名称规范调整，与主办单位职能对应"))
                else:
                    fld = rng.choice(("positioning", "contact", "staff"))
                    plan.changes.append(Change(at, fld, reason="账号运维人员和联系方式调整" if fld != "positioning"
                                               else "调整账号功能定位"))
                last = at
            if rng.random() < 0.18:
                h = rng.randint(0, 10**6)
                plan.operator = {"name": names.company_name(unit.core, h),
                                 "credit_code": credit_code.make(10**7 + self.made, unit.division, authority="9")}
                if rng.random() < 0.5:
                    plan.operator["contract_until"] = self.days.iso[min(len(self.days.iso) - 1, self.today + 120)]
            plans.append(plan)
            self.made += 1
        # endings: a few accounts stop; the unit's first account is kept and named as successor
        for plan in plans[1:]:
            last = max([plan.opened] + [c.at for c in plan.changes])
            x = rng.random()
            if x < 0.07 and last + 40 < self.today - NOTICE_WORKDAYS - 2:
                pub = rng.randint(last + 20, self.today - NOTICE_WORKDAYS - 2)
                plan.ending = Ending("deregister", pub, pub + NOTICE_WORKDAYS, "账号整合，内容并入主账号统一发布",
                                     successor=plans[0].id)
            elif x < 0.1 and last + 40 < self.today - 10:
                pub = rng.randint(last + 20, self.today - 10)
                plan.ending = Ending("close", pub, pub + 5, "工作调整，账号停止更新，保留历史信息供查阅")
        # now and then a unit consolidates several accounts under one notice, one still running
        ends = [p for p in plans[1:] if p.ending is None]
        if len(ends) >= 2 and rng.random() < 0.08:
            self.group_seq += 1
            last = max(max([p.opened] + [c.at for c in p.changes]) for p in ends)
            running = rng.random() < 0.3 and self.today + NOTICE_WORKDAYS < len(self.days.days)
            lo, hi = (self.today - 8, self.today - 1) if running else (last + 20, self.today - NOTICE_WORKDAYS - 2)
            if lo > last + 5 and hi >= lo:
                pub = rng.randint(lo, hi)
                for p in ends:
                    p.ending = Ending("deregister", pub, pub + NOTICE_WORKDAYS, "集约整合，多个账号统一注销",
                                      group=f"{unit.id}-zhenghe-{self.group_seq}",
                                      title=f"{unit.name}关于注销部分政务新媒体账号的公告", successor=plans[0].id)
        return plans
