"""Turning a cell into a value: platforms, links, dates, statuses, yes/no flags, and a new unit's id, kind
and level from its name. Each function answers None when the cell does not say (the plan decides whether
that refuses the row or only drops the cell)."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import re
from typing import Any

from generator.check.naming import normalize
from generator.model import platforms
from generator.model.urls import link_host
from generator.tools.importer.sheet import BRACKETS

YES = {"是", "有", "支持", "已支持", "y", "yes", "true", "1", "√", "✓"}
NO = {"否", "无", "不支持", "未支持", "n", "no", "false", "0", "×", "✗"}

STATUS: dict[str, str] = {
    **dict.fromkeys(("", "正常", "运行", "正常运行", "在用", "启用", "运营中", "运行中", "正常更新", "active"), "active"),
    **dict.fromkeys(("关停", "已关停", "停更", "停止更新", "暂停", "暂停更新", "closed"), "closed"),
    **dict.fromkeys(("注销", "已注销", "注销中", "拟注销", "deregistered"), "deregistered"),
}

# The short platform part of an imported account's id: <unit id>-wx, <unit id>-dy …
PLATFORM_SLUG = {
    "wechat_subscription": "wx", "wechat_service": "wxfw", "wechat_channels": "sph", "weibo": "wb", "douyin": "dy",
    "toutiao": "tt", "kuaishou": "ks", "bilibili": "bili", "xiaohongshu": "xhs", "baijiahao": "bjh", "zhihu": "zh",
    "netease": "wy", "peoples_daily": "rmh", "thepaper": "pp", "wechat_miniprogram": "wxapp",
    "alipay_miniprogram": "alipay", "ios_app": "ios", "android_app": "android", "harmony_app": "harmony",
}

_URL = re.compile(r"^https?://\S+$")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s.*)?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
)
_GENERIC_APP = {"android_app"}  # "APP" / 移动客户端 without an OS: the link's store decides
_PLATFORM_ENDINGS = ("账号", "平台", "号", "官方账号", "政务号")  # 抖音账号, 政务号 … after the platform's name


# --- links, dates, statuses, flags -----------------------------------------------------------------


def with_scheme(value: str) -> str:
    """A link as written, with https:// added before a bare host (weibo.com/u/… → https://weibo.com/u/…)."""
    if value and not value.lower().startswith(("http://", "https://")) and "." in value.split("/")[0]:
        return "https://" + value
    return value


def is_link(value: str) -> bool:
    return _URL.match(value) is not None


def parse_date(value: Any) -> dt.date | None:
    """A date as offices write it: 2020-03-05, 2020/3/5, 2020.3.5, 2020年3月5日, 20200305, an Excel date
    or an Excel serial number. Month-only values (2020年3月) are not a date: None."""
    if isinstance(value, dt.date):
        return value
    s = str(value).strip()
    if not s:
        return None
    for pat in _DATE_PATTERNS:
        m = pat.match(s)
        if m:
            try:
                return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    if s.isdigit() and 20000 <= int(s) <= 80000:  # Excel serial (days since 1899-12-30)
        return dt.date(1899, 12, 30) + dt.timedelta(days=int(s))
    return None


def status(value: Any) -> str | None:
    """active / closed / deregistered for a status cell (blank is active); None when it says none of them."""
    return STATUS.get(normalize(str(value)))


def yes_no(value: Any) -> bool | None:
    """True for 是/支持/√ …, False for 否/不支持/× …, None for anything else (blank included)."""
    flag = normalize(str(value))
    if flag in YES:
        return True
    if flag in NO:
        return False
    return None


# --- platforms -------------------------------------------------------------------------------------


def _platform_key(text: str) -> str:
    return BRACKETS.sub("", normalize(text)) or normalize(text)


@functools.cache
def _platform_index() -> dict[str, str]:
    idx: dict[str, str] = {}
    for key, p in platforms.catalogue().items():
        for alias in (key, p.zh, p.en, *p.aliases):
            idx.setdefault(_platform_key(alias), key)
    return idx


def match_platform(value: str, url: str) -> str | None:
    """The catalogue key for a platform as written (微信, 新浪微博, 抖音账号 …); a generic app goes to the
    platform whose store the link is on."""
    idx = _platform_index()
    key = normalize(value)
    found = idx.get(key) or idx.get(_platform_key(value))
    if found is None:
        for ending in _PLATFORM_ENDINGS:
            if key.endswith(ending) and (found := idx.get(key[: -len(ending)])):
                break
    if found in _GENERIC_APP and url:
        host = link_host(url)
        for p in platforms.catalogue().values():
            if p.kind == "app" and host in p.hosts and p.key != found:
                return p.key
    return found


def close_platforms(value: str) -> list[str]:
    """Up to three catalogue spellings near an unknown platform, for the refusal's hint."""
    options = sorted({a for p in platforms.catalogue().values() for a in (p.zh, *p.aliases)})
    return difflib.get_close_matches(value, options, n=3, cutoff=0.4)


def account_slug(platform: str) -> str:
    return PLATFORM_SLUG.get(platform, platform.replace("_", ""))


# --- a new unit from its name ----------------------------------------------------------------------


def unit_id_for(name: str) -> str:
    """The id a new unit gets: u- + 10 hex digits of BLAKE2b over the normalised full name."""
    return "u-" + hashlib.blake2b(normalize(name).encode("utf-8"), digest_size=5).hexdigest()


def unit_kind(name: str) -> str:
    if name.endswith(("人民政府", "办事处", "管理委员会", "管委会")):
        return "government"
    if name.endswith(("中心", "院", "站", "馆", "所", "台")):
        return "institution"
    if name.endswith(("局", "委员会", "委", "办公室", "办", "厅", "署", "支队", "大队", "分局")):
        return "department"
    return "other"


def unit_level(regions: list[str]) -> str | None:
    """The level of a unit whose name starts with these regions (青山市, 东湖区 → county)."""
    if not regions:
        return None
    last = regions[-1]
    if last.endswith(("镇", "乡", "街道")):
        return "town"
    if last.endswith(("县", "区", "旗")):
        return "county"
    if last.endswith(("市", "州", "盟")):
        return "city"
    if last.endswith(("省", "自治区")):
        return "province"
    return None
