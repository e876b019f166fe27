"""Synthetic registries (`portal synth`): a fictional province of cities, counties and towns whose units
run realistic accounts with realistic histories, written fast and byte-identically for a given seed.

The records conform to the rules of every profile (the kunshan profile is the strictest of them):
every event falls on a working day of the official calendar, is filed the same or the next working day,
every opening is approved by the supervising office on or before the day, deregistration notices stand
20 working days, a unit has at most one account per platform family, internal sub-units opened their
accounts before 2019-11-09, and account names carry a region core with a duty keyword of the host unit.

Building blocks (Calendar, IdMint, AccountPlan, account_record, unit_record) are shared with the
script that made the bundled sample registry.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import chinese_calendar

from generator.check import credit_code
from generator.tools.synth import names
from generator.tools.synth.names import (
    DEPARTMENTS,
    GOVERNMENT,
    OFFICE,
    PRESS_OFFICE,
    TOWN_GOVERNMENT,
    Department,
)
from generator.tools.yaml_emit import dump, scalar

DEFAULT_TODAY = dt.date(2026, 11, 27)
KUNSHAN_EFFECTIVE = dt.date(2019, 11, 9)  # 昆政办发〔2019〕162号: no new accounts of internal sub-units after
NOTICE_WORKDAYS = 20  # deregistration notices stand 20 working days (李沧 asks for at least 15)

SCHEMA = {
    "portal": "../schemas/portal.schema.json",
    "unit": "../../schemas/unit.schema.json",
    "account": "../../../schemas/account.schema.json",
    "inspection": "../../../schemas/inspection.schema.json",
}

# How often each platform is used by government bodies (rough shares of real registries).
PLATFORM_WEIGHTS: tuple[tuple[str, int], ...] = (
    ("wechat_subscription", 30), ("weibo", 20), ("douyin", 20), ("toutiao", 12), ("wechat_channels", 10),
    ("kuaishou", 6), ("wechat_service", 4), ("bilibili", 3), ("xiaohongshu", 3), ("baijiahao", 3),
    ("netease", 2), ("peoples_daily", 2), ("thepaper", 2), ("zhihu", 1), ("wechat_miniprogram", 3),
    ("alipay_miniprogram", 1),
)
APP_PLATFORMS = ("android_app", "ios_app", "harmony_app")
FAMILY = {"wechat_service": "wechat_subscription"}  # one WeChat official account per unit

VERIFY_LABEL = {
    "wechat_subscription": "微信公众号", "wechat_service": "微信服务号", "wechat_channels": "视频号",
    "weibo": "微博", "douyin": "抖音号", "toutiao": "头条号", "kuaishou": "快手号", "bilibili": "账号",
    "xiaohongshu": "账号", "baijiahao": "百家号", "zhihu": "知乎机构号", "netease": "网易号",
    "peoples_daily": "人民号", "thepaper": "澎湃政务号", "wechat_miniprogram": "小程序",
    "alipay_miniprogram": "小程序", "ios_app": "客户端", "android_app": "客户端", "harmony_app": "客户端",
}


# --- the working-day calendar ---------------------------------------------------------------------


class Calendar:
    """The official working days from 2018 to the last year `chinese-calendar` knows, by index."""

    def __init__(self, first: dt.date = dt.date(2018, 1, 1), last: dt.date = dt.date(2026, 12, 31)) -> None:
        self.days: list[dt.date] = []
        d = first
        while d <= last:
            if chinese_calendar.is_workday(d):
                self.days.append(d)
            d += dt.timedelta(days=1)
        self.iso = [d.isoformat() for d in self.days]
        self._index = {d: i for i, d in enumerate(self.days)}

    def index_on_or_before(self, day: dt.date) -> int:
        while day not in self._index:
            day -= dt.timedelta(days=1)
        return self._index[day]

    def index_on_or_after(self, day: dt.date) -> int:
        while day not in self._index:
            day += dt.timedelta(days=1)
        return self._index[day]


# --- platform ids ------------------------------------------------------------------------------

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_B64URL = _B62 + "-_"


def mix(x: int) -> int:
    """A cheap 64-bit integer mixer (splitmix64's finaliser): well spread, deterministic, no hashing."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def _scramble(n: int, modulus: int, salt: int) -> int:
    """A bijection on range(modulus) (the multiplier is coprime to every modulus used here)."""
    return (n * 2654435761 + salt) % modulus


def _digits(n: int, alphabet: str, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, len(alphabet))
        out.append(alphabet[r])
    return "".join(out)


class IdMint:
    """Unique, well-formed immutable platform ids and links; one counter per platform family."""

    def __init__(self, salt: int = 0) -> None:
        self.salt = salt
        self.counters: dict[str, int] = {}

    def next(self, platform: str, unit_id: str, account_id: str) -> tuple[str, str | None]:
        fam = FAMILY.get(platform, platform)
        n = self.counters.get(fam, 0)
        self.counters[fam] = n + 1
        s = self.salt
        h = mix(s * 1_000_003 + n * 97 + len(fam))
        pkg = "cn.gov." + unit_id.replace("-", "_")
        match platform:
            case "wechat_subscription" | "wechat_service":
                pid = "gh_" + f"{_scramble(n, 16**12, s):012x}"
                biz = _digits(h, _B62, 14)
                return pid, f"https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz={biz}=="
            case "wechat_channels":
                pid = "sph" + _digits(_scramble(n, 62**10, s), _B62, 10)
                return pid, f"https://channels.weixin.qq.com/web/pages/profile?username={pid}"
            case "weibo":
                pid = str(1000000000 + _scramble(n, 9 * 10**9, s))
                return pid, f"https://weibo.com/u/{pid}"
            case "douyin":
                tail = "".join(_digits(mix(h + i), _B64URL, 10) for i in range(3))
                pid = "MS4wLjABAAAA" + _digits(_scramble(n, 64**5, s), _B64URL, 5) + tail  # unique below 64**5
                return pid, f"https://www.douyin.com/user/{pid}"
            case "toutiao":
                pid = str(10**10 + _scramble(n, 9 * 10**10, s))
                return pid, f"https://www.toutiao.com/c/user/{pid}/"
            case "kuaishou":
                pid = "3x" + _digits(_scramble(n, 36**13, s), "0123456789abcdefghijklmnopqrstuvwxyz", 13)
                return pid, f"https://www.kuaishou.com/profile/{pid}"
            case "bilibili":
                pid = str(10**9 + _scramble(n, 9 * 10**9, s))
                return pid, f"https://space.bilibili.com/{pid}"
            case "xiaohongshu":
                pid = f"{_scramble(n, 16**12, s):012x}{h & (16**12 - 1):012x}"
                return pid, f"https://www.xiaohongshu.com/user/profile/{pid}"
            case "baijiahao":
                pid = str(10**15 + _scramble(n, 9 * 10**15, s))
                return pid, f"https://author.baidu.com/home/{pid}"
            case "zhihu":
                pid = account_id
                return pid, f"https://www.zhihu.com/org/{pid}"
            case "netease":
                pid = "T" + str(10**12 + _scramble(n, 9 * 10**12, s))
                return pid, f"https://www.163.com/dy/media/{pid}.html"
            case "peoples_daily":
                pid = str(10**7 + _scramble(n, 9 * 10**7, s))
                return pid, f"https://mp.pdnews.cn/Pc/ArtInfoApi/user?id={pid}"
            case "thepaper":
                pid = str(10**6 + _scramble(n, 9 * 10**6, s))
                return pid, f"https://www.thepaper.cn/gov_{pid}"
            case "wechat_miniprogram":
                return "wx" + f"{_scramble(n, 16**16, s):016x}", None
            case "alipay_miniprogram":
                pid = "2021" + f"{_scramble(n, 10**12, s):012d}"
                return pid, f"https://render.alipay.com/p/s/i/?appId={pid}"
            case "ios_app":
                pid = "id" + str(10**9 + _scramble(n, 9 * 10**9, s))
                return pid, f"https://apps.apple.com/cn/app/{pid}"
            case "android_app":
                return pkg, f"https://sj.qq.com/appdetail/{pkg}"
            case "harmony_app":
                pkg += ".harmony"
                return pkg, f"https://appgallery.huawei.com/app/detail?id={pkg}"
        raise ValueError(f"no id rule for platform {platform}")


# --- units ------------------------------------------------------------------------------------


@dataclass
class Unit:
    id: str
    name: str
    kind: str
    level: str
    division: str
    region: str  # 青山市东湖区
    core: str  # region core used in account names: 东湖
    dept: Department
    short_names: list[str]
    supervisor: str | None = None
    parent: str | None = None
    credit_code: str | None = None
    in_scope: bool | None = None
    phone: str = ""
    address: str = ""
    maintainers: list[str] = field(default_factory=list)
    abolished: str | None = None
    successor: str | None = None
    account_name: str = ""  # the one name the unit uses on every platform

    def record(self) -> dict[str, Any]:
        r: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.short_names:
            r["short_names"] = self.short_names
        r["kind"] = self.kind
        r["level"] = self.level
        r["division"] = self.division
        r["region"] = self.region
        if self.credit_code:
            r["credit_code"] = self.credit_code
        if self.parent:
            r["parent"] = self.parent
        if self.supervisor:
            r["supervisor"] = self.supervisor
        r["duties"] = list(self.dept.duties)
        if self.in_scope is not None:
            r["in_scope"] = self.in_scope
        if self.abolished:
            r["abolished"] = self.abolished
        if self.successor:
            r["successor"] = self.successor
        if self.maintainers:
            r["maintainers"] = self.maintainers
        contact: dict[str, str] = {}
        if self.phone:
            contact["phone"] = self.phone
        if self.address:
            contact["address"] = self.address
        if contact:
            r["contact"] = contact
        return r


# --- accounts ---------------------------------------------------------------------------------


@dataclass
class Change:
    at: int  # working-day index of the event
    field: str  # name | operator | positioning | contact | staff
    before: str = ""
    after: str = ""
    reason: str = ""


@dataclass
class Ending:
    kind: str  # close | deregister
    published: int  # working-day index the notice is published (and the filing filed)
    effective: int  # working-day index it takes effect
    reason: str
    group: str | None = None
    title: str | None = None
    successor: str | None = None
    url: str | None = None


@dataclass
class AccountPlan:
    id: str
    unit: Unit
    platform: str
    name: str
    opened: int  # working-day index
    approved_before: int = 3  # approval this many working days before the opening
    filed_after: int = 0  # filed this many working days after the event (0 or 1)
    changes: list[Change] = field(default_factory=list)
    ending: Ending | None = None
    operator: dict[str, str] | None = None
    positioning: str = ""
    update_frequency: str = "weekly"
    contacts_seed: int = 0
    approval_ref: str = ""
    filing_ref: str = ""
    tags: list[str] = field(default_factory=list)
    html5: bool = True


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


def account_record(plan: AccountPlan, cal: Calendar, mint: IdMint) -> dict[str, Any]:
    """The account record for a plan: filings, notices and status all derived from the plan's events."""
    unit = plan.unit
    iso = cal.iso
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
    if plan.tags:
        r["tags"] = plan.tags
    if plan.platform in APP_PLATFORMS or plan.platform.endswith("miniprogram"):
        app: dict[str, Any] = {"ipv6": True, "https": True, "html5": plan.html5, "servers_abroad": False}
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
    if plan.approval_ref:
        opening["approval"]["reference"] = plan.approval_ref
    opening["reason"] = "新开设政务新媒体账号，经主管单位审核同意"
    opening["host_opinion_date"] = iso[plan.opened - plan.approved_before - 1]
    if plan.filing_ref:
        opening["reference"] = plan.filing_ref
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
        if e.url:
            n["url"] = e.url
        notices.append(n)
    r["filings"] = filings
    if notices:
        r["notices"] = notices
    r["private"] = contacts(unit, plan.contacts_seed)
    return r


def render_account(r: dict[str, Any], schema: str = SCHEMA["account"]) -> str:
    """The same text as `yaml_emit.dump(r, schema)` for records made by `account_record`, written straight
    from a template (five times faster: it is what keeps `portal synth 300000` fast). Tests prove the
    two agree."""
    q = scalar
    out = [f"# yaml-language-server: $schema={schema}\nid: {r['id']}\nplatform: {r['platform']}\nname: {q(r['name'])}\n"]
    if "former_names" in r:
        out.append(f"former_names: [{', '.join(q(x) for x in r['former_names'])}]\n")
    out.append(f"platform_id: {q(r['platform_id'])}\n")
    if "url" in r:
        out.append(f"url: {r['url']}\n")
    out.append(f"host_unit: {r['host_unit']}\n")
    if "operator" in r:
        out.append("operator:\n" + "".join(f"  {k}: {q(v)}\n" for k, v in r["operator"].items()))
    out.append(f"positioning: {q(r['positioning'])}\nverification_text: {q(r['verification_text'])}\n"
               f"status: {r['status']}\nopened: {r['opened']}\n")
    if "tags" in r:
        out.append(f"tags: [{', '.join(r['tags'])}]\n")
    if "app" in r:
        out.append("app:\n")
        for k, v in r["app"].items():
            if k != "stores":
                out.append(f"  {k}: {q(v)}\n")
            elif len(v[0]) < 60:
                out.append(f"  stores: [{v[0]}]\n")
            else:
                out.append(f"  stores:\n    - {v[0]}\n")
    out.append(f"update_frequency: {r['update_frequency']}\nfilings:\n")
    for f in r["filings"]:
        out.append(f"  - type: {f['type']}\n    event_date: {f['event_date']}\n    filed_date: {f['filed_date']}\n"
                   f"    filed_with: [{f['filed_with'][0]}]\n")
        if "approval" in f:
            a = f["approval"]
            out.append(f"    approval:\n      by: {a['by']}\n      date: {a['date']}\n")
            if "reference" in a:
                out.append(f"      reference: {q(a['reference'])}\n")
        out.append(f"    reason: {q(f['reason'])}\n")
        if "host_opinion_date" in f:
            out.append(f"    host_opinion_date: {f['host_opinion_date']}\n")
        if "reference" in f:
            out.append(f"    reference: {q(f['reference'])}\n")
        if "changes" in f:
            out.append("    changes:\n")
            for c in f["changes"]:
                out.append(f"      - field: {c['field']}\n")
                if "from" in c:
                    out.append(f"        from: {q(c['from'])}\n")
                if "to" in c:
                    out.append(f"        to: {q(c['to'])}\n")
    if "notices" in r:
        out.append("notices:\n")
        for n in r["notices"]:
            out.append(f"  - kind: {n['kind']}\n    title: {q(n['title'])}\n")
            if "group" in n:
                out.append(f"    group: {n['group']}\n")
            out.append(f"    published: {n['published']}\n    effective: {n['effective']}\n    reason: {q(n['reason'])}\n")
            if "successor" in n:
                out.append(f"    successor: {n['successor']}\n")
            if "url" in n:
                out.append(f"    url: {n['url']}\n")
    p = r["private"]
    out.append("private:\n  contacts:\n")
    for c in p["contacts"]:
        out.append(f"    - role: {c['role']}\n      name: {c['name']}\n      post: {c['post']}\n      phone: \"{c['phone']}\"\n")
    out.append(f"  managing_office: {p['managing_office']}\n")
    return "".join(out)


def unit_file(root: Path, unit_id: str) -> Path:
    return root / "units" / f"{unit_id}.yaml"


def account_file(root: Path, unit_id: str, account_id: str) -> Path:
    return root / "accounts" / unit_id / f"{account_id}.yaml"


# --- the synthetic province ------------------------------------------------------------------------

# Two-digit province codes no real province uses: the registry is plainly fictional.
PROVINCE_CODES = tuple(f"{c}" for c in (39, 38, 29, 28, 27, 26, 25, 24, 49, 48, 47, 59, 58, 57, 56, 55, 69, 68, 67, 66,
                                        79, 78, 77, 76, 75, 74, 73, 72, 89, 88, 87, 86, 85, 84, 83, 99, 98, 97, 96))


@dataclass
class SynthResult:
    units: int = 0
    accounts: int = 0
    inspections: int = 0
    deregistered: int = 0
    closed: int = 0


class Synth:
    """Generates units and accounts in a fixed order from one random stream: same seed, same bytes."""

    def __init__(self, n: int, seed: int, today: dt.date, profile: str) -> None:
        self.n = n
        self.rng = random.Random(seed)
        self.seed = seed
        self.cal = Calendar(last=dt.date(today.year, 12, 31))
        self.today = self.cal.index_on_or_before(today)
        self.first_open = self.cal.index_on_or_after(dt.date(2019, 1, 2))
        self.kunshan_cut = self.cal.index_on_or_before(KUNSHAN_EFFECTIVE - dt.timedelta(days=1))
        self.mint = IdMint(salt=seed)
        self.profile = profile
        self.places = names.place_names(str(seed))
        self.unit_seq = 0
        self.made = 0
        self.weights_keys = [k for k, _ in PLATFORM_WEIGHTS]
        self.weights = [w for _, w in PLATFORM_WEIGHTS]
        self.inspect_pool: dict[str, list[tuple[str, int]]] = {}  # city office → (account id, opened)
        self.group_seq = 0

    # units ----------------------------------------------------------------------------------------

    def _unit(self, uid: str, name: str, dept: Department, level: str, division: str, region: str, core: str,
              supervisor: str | None, short: list[str], kind: str | None = None, parent: str | None = None,
              code: bool = True) -> Unit:
        self.unit_seq += 1
        kind = kind or dept.kind
        cc = None
        if code and kind != "internal":
            cc = credit_code.make(self.unit_seq, division, category="2" if kind == "institution" else "1")
        h = names.stable_hash(uid)
        return Unit(id=uid, name=name, kind=kind, level=level, division=division, region=region, core=core,
                    dept=dept, short_names=short, supervisor=supervisor, parent=parent, credit_code=cc,
                    phone=f"0{790 + h % 10}-{8000000 + h % 1000000}", address=f"{region}{core}大道{h % 300 + 1}号")

    def units(self) -> Iterator[tuple[Unit, str]]:
        """(unit, inspecting office id) in generation order, until enough accounts are planned: a root
        office, then provinces of 10–16 cities of 6–12 districts/counties of 6–14 towns/streets."""
        root = self._unit("cn-gwyb", "国务院办公厅", OFFICE, "national", "100000", "全国", "全国", None, ["国办"],
                          code=False)
        self.root = root.id
        yield root, root.id
        for pcode in PROVINCE_CODES:
            pcore = next(self.places)
            pdiv = pcode + "0000"
            pban = f"p{pcode}-ban"
            province = f"{pcore}省"
            yield self._unit(f"p{pcode}-gov", f"{province}人民政府", GOVERNMENT, "province", pdiv, province, pcore,
                             pban, [f"{province}政府"]), pban
            yield self._unit(pban, f"{province}人民政府办公厅", OFFICE, "province", pdiv, province, pcore, root.id,
                             [f"{province}政府办公厅"]), pban
            for c in range(1, self.rng.randint(10, 16) + 1):
                yield from self._city(pcode, c, pban)
                if self.made >= self.n:
                    return
        raise ValueError("N too large for the synthetic country")

    def _city(self, pcode: str, c: int, pban: str) -> Iterator[tuple[Unit, str]]:
        ccore = next(self.places)
        cdiv = f"{pcode}{c:02d}00"
        cpre = f"c{pcode}{c:02d}"
        cban = f"{cpre}-ban"
        city = f"{ccore}市"
        yield self._unit(f"{cpre}-gov", f"{city}人民政府", GOVERNMENT, "city", cdiv, city, ccore, cban,
                         [f"{city}政府"]), cban
        yield self._unit(cban, f"{city}人民政府办公室", OFFICE, "city", cdiv, city, ccore, pban,
                         [f"{city}政府办"]), cban
        for d in DEPARTMENTS:
            u = self._unit(f"{cpre}-{d.slug}", f"{city}{d.name}", d, "city", cdiv, city, ccore, cban,
                           [f"{ccore}{d.short}", f"市{d.name}"])
            yield u, cban
            if d.slug == "gaj":  # one internal sub-unit per city, with an account from before 2019-11-09
                yield self._unit(f"{cpre}-gaj-xcc", f"{city}公安局宣传处", PRESS_OFFICE, "city", cdiv, city, ccore,
                                 cban, [f"{ccore}公安宣传"], kind="internal", parent=u.id), cban
        for x in range(1, self.rng.randint(6, 12) + 1):
            xcore = next(self.places)
            district = x <= 4
            xdiv = f"{pcode}{c:02d}{x if district else 20 + x:02d}"
            lvl = "区" if district else "县"
            xname = f"{city}{xcore}区" if district else f"{xcore}县"
            xregion = f"{city}{xcore}{lvl}"
            xpre = f"x{xdiv}"
            xban = f"{xpre}-ban"
            yield self._unit(f"{xpre}-gov", f"{xname}人民政府", GOVERNMENT, "county", xdiv, xregion, xcore,
                             xban, [f"{xcore}{lvl}政府"]), cban
            yield self._unit(xban, f"{xname}人民政府办公室", OFFICE, "county", xdiv, xregion, xcore, cban,
                             [f"{xcore}{lvl}政府办"]), cban
            for d in DEPARTMENTS[: self.rng.randint(16, len(DEPARTMENTS))]:
                yield self._unit(f"{xpre}-{d.slug}", f"{xname}{d.name}", d, "county", xdiv, xregion, xcore,
                                 xban, [f"{xcore}{d.short}", f"{lvl}{d.name}"]), cban
            for t in range(1, self.rng.randint(6, 14) + 1):
                if self.made >= self.n:  # a town without an account would break 昆山's coverage rule
                    return
                tcore = next(self.places)
                tdiv = f"{xdiv}{100 + t:03d}"
                tname = f"{tcore}街道" if district else f"{tcore}镇"
                tfull = f"{xname}{tname}{'办事处' if district else '人民政府'}"
                yield self._unit(f"t{tdiv}-gov", tfull, TOWN_GOVERNMENT, "town", tdiv, f"{xregion}{tname}", tcore,
                                 xban, [tname]), cban

    # accounts -------------------------------------------------------------------------------------

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
            f = FAMILY.get(p, p)
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
                    plan.operator["contract_until"] = self.cal.iso[min(len(self.cal.iso) - 1, self.today + 120)]
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
            running = rng.random() < 0.3 and self.today + NOTICE_WORKDAYS < len(self.cal.days)
            lo, hi = (self.today - 8, self.today - 1) if running else (last + 20, self.today - NOTICE_WORKDAYS - 2)
            if lo > last + 5 and hi >= lo:
                pub = rng.randint(lo, hi)
                for p in ends:
                    p.ending = Ending("deregister", pub, pub + NOTICE_WORKDAYS, "集约整合，多个账号统一注销",
                                      group=f"{unit.id}-zhenghe-{self.group_seq}",
                                      title=f"{unit.name}关于注销部分政务新媒体账号的公告", successor=plans[0].id)
        return plans


def write_portal(root: Path, data: dict[str, Any]) -> None:
    (root / "portal.yaml").write_text(dump(data, SCHEMA["portal"]), "utf-8")


def _inspection(batch_id: str, period: str, inspector: str, rubric: str, date_idx: int, cal: Calendar,
                pool: list[tuple[str, int]], rng: random.Random) -> dict[str, Any] | None:
    results = []
    for acc, opened in pool:
        if opened >= date_idx - 20:
            continue
        res: dict[str, Any] = {"account": acc}
        x = rng.random()
        day = cal.days[date_idx]
        if x < 0.03:
            last = day - dt.timedelta(days=rng.randint(16, 60))
            res["vetoes"] = [{"item": "no_update_2w", "note": "检查前两周内无更新"}]
            res["observations"] = {"last_update": last.isoformat(), "reachable": True}
            res["rectify_by"] = cal.iso[date_idx + 10]
        elif x < 0.08 and rubric == "kunshan-2019":
            item = rng.choice(("update_delay", "naming", "verification"))
            res["deductions"] = [{"item": item, "count": 1}]
            res["observations"] = {"last_update": (day - dt.timedelta(days=rng.randint(8, 12))).isoformat()}
            res["rectify_by"] = cal.iso[date_idx + 10]
        else:
            res["observations"] = {"last_update": (day - dt.timedelta(days=rng.randint(0, 5))).isoformat(),
                                   "functions_ok": True}
        results.append(res)
    if not results:
        return None
    return {"id": batch_id, "period": period, "title": f"{period} 政务新媒体抽查", "inspector": inspector,
            "kind": "spot_check", "level": "city", "rubric": rubric, "date": cal.iso[date_idx],
            "published": cal.iso[date_idx + 5], "results": results}


def synthesize(n: int, out: Path, *, seed: int = 1, today: dt.date = DEFAULT_TODAY,
               profile: str = "national") -> SynthResult:
    """Write a registry of `n` accounts into `out` (which must exist and be empty or forced)."""
    s = Synth(n, seed, today, profile)
    res = SynthResult()
    units_dir = out / "units"
    accounts_dir = out / "accounts"
    units_dir.mkdir(parents=True, exist_ok=True)
    accounts_dir.mkdir(parents=True, exist_ok=True)
    unit_schema, account_schema = SCHEMA["unit"], SCHEMA["account"]
    for unit, city_office in s.units():
        plans = s.plans(unit)
        (units_dir / f"{unit.id}.yaml").write_text(dump(unit.record(), unit_schema), "utf-8")
        res.units += 1
        if not plans:
            continue
        folder = accounts_dir / unit.id
        folder.mkdir()
        pool = s.inspect_pool.setdefault(city_office, [])
        for plan in plans:
            rec = account_record(plan, s.cal, s.mint)
            (folder / f"{plan.id}.yaml").write_text(render_account(rec, account_schema), "utf-8")
            res.accounts += 1
            if plan.ending is None:
                pool.append((plan.id, plan.opened))
            elif plan.ending.kind == "close":
                res.closed += 1
            else:
                res.deregistered += 1
    rubric = "kunshan-2019" if profile == "kunshan" else "national-2019"
    irng = random.Random(seed * 7919 + 1)
    for period, day in (("2026-Q2", dt.date(2026, 6, 16)), ("2026-Q3", dt.date(2026, 9, 15))):
        d_idx = s.cal.index_on_or_after(day)
        if d_idx + 10 > s.today:
            continue
        folder = out / "inspections" / period
        for office in sorted(s.inspect_pool):
            pool = s.inspect_pool[office]
            sample = [pool[i] for i in sorted(irng.sample(range(len(pool)), max(1, len(pool) // 4)))]
            batch = _inspection(f"{office}-{period.lower()}", period, office, rubric, d_idx, s.cal, sample, irng)
            if batch:
                folder.mkdir(parents=True, exist_ok=True)
                (folder / f"{batch['id']}.yaml").write_text(dump(batch, SCHEMA["inspection"]), "utf-8")
                res.inspections += 1
    write_portal(out, {
        "name": "政务新媒体备案公示平台（合成数据）", "name_en": "Synthetic government new-media registry",
        "jurisdiction": "全国（合成数据）", "profile": profile, "root_unit": s.root,
        "site_url": "https://synth.example.org/", "report": {"email": "jiucuo@synth.example.org", "office": "国务院办公厅"},
    })
    return res
