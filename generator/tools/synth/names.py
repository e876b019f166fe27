"""Realistic Chinese naming data for `portal synth` (and the import tests' sheets):
fictional place names, department kinds with their duty keywords and usual account names, people and
contractor companies. Everything here is fictional; no real account is described.

Account-name convention (what the naming rules accept): an account name contains the host unit's full
name, one of its short names, or a region core (青山, 东湖 …) together with one of its duty keywords.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass

# Characters that make plausible two-character place names (青山, 云台, 东湖 …).
PLACE_FIRST = (
    "青云龙凤金银松柳桃梅兰竹石玉宁安平丰兴华福瑞泰昌长永新东西南北清白黄红碧翠明光"
    "德仁义信顺嘉庆康乐富盛泉溪荷桂杏枫梧桐栖鹤鹿鸣晨曦望远通达鼎秀灵岚"
)
# No character the naming rules read as an administrative suffix (州, 县 …) or an organ (和, 局 …).
PLACE_SECOND = "山川河阳平宁安源城溪湖泉岭台峰林江浦湾塘桥屯坪洲口关亭冈岗原田谷水海"

def place_names(seed: str = "") -> itertools.chain[str]:
    """Unique place cores in a deterministic order: every two-character name, then three-character ones,
    each in a shuffled order (as real place names are, their first characters spread over the alphabet)."""
    firsts = _shuffled(PLACE_FIRST, seed + "f")
    seconds = _shuffled(PLACE_SECOND, seed + "s")
    two = _shuffled([a + b for a in firsts for b in seconds if a != b], seed + "2")
    three = (a + b + c for _, a, b, c in sorted(
        (hashlib.blake2b(f"{seed}3{a}{b}{c}".encode(), digest_size=8).digest(), a, b, c)
        for a in firsts for b in firsts for c in seconds if len({a, b, c}) == 3))
    return itertools.chain(two, three)


def _shuffled(items: str | list[str], seed: str) -> list[str]:
    return sorted(items, key=lambda x: hashlib.blake2b((seed + x).encode(), digest_size=8).digest())


@dataclass(frozen=True)
class Department:
    """A kind of government department: its name after the region, its short form and its duties."""

    slug: str  # used in unit ids: qs-gaj
    name: str  # 公安局
    short: str  # 公安 (short name: 青山公安)
    duties: tuple[str, ...]  # keywords an account name may carry
    accounts: tuple[str, ...]  # account name templates; {r} is the region core
    kind: str = "department"  # unit kind in the schema
    weight: int = 3  # how many platforms such a department typically uses (realistic distribution)


# City / county departments, most common first (a county has the first ~20, a city all of them).
DEPARTMENTS: tuple[Department, ...] = (
    Department("gaj", "公安局", "公安", ("公安", "平安", "警方", "警务"), ("平安{r}", "{r}公安", "{r}警方"), weight=6),
    Department("jyj", "教育局", "教育", ("教育",), ("{r}教育", "{r}教育发布")),
    Department("wjw", "卫生健康委员会", "卫健委", ("卫健", "健康", "卫生健康"), ("健康{r}", "{r}卫健"), weight=4),
    Department("scjg", "市场监督管理局", "市场监管", ("市场监管",), ("{r}市场监管",), weight=4),
    Department("jtj", "交通运输局", "交通运输", ("交通", "交通运输"), ("{r}交通", "{r}交通运输")),
    Department("rsj", "人力资源和社会保障局", "人社", ("人社", "就业", "社保"), ("{r}人社", "{r}就业")),
    Department("yjj", "应急管理局", "应急管理", ("应急", "安全"), ("{r}应急", "{r}应急管理")),
    Department("wgl", "文化广电和旅游局", "文旅", ("文旅", "旅游", "文化"), ("{r}文旅", "{r}文旅发布"), weight=5),
    Department("sthj", "生态环境局", "生态环境", ("生态环境", "环保"), ("{r}生态环境", "{r}环境")),
    Department("zjj", "住房和城乡建设局", "住建", ("住建", "建设"), ("{r}住建",)),
    Department("mzj", "民政局", "民政", ("民政",), ("{r}民政",), weight=2),
    Department("sfj", "司法局", "司法", ("司法", "法治"), ("法治{r}", "{r}司法")),
    Department("nyj", "农业农村局", "农业农村", ("农业", "农村", "农业农村"), ("{r}农业农村",), weight=2),
    Department("ybj", "医疗保障局", "医保", ("医保",), ("{r}医保",), weight=2),
    Department("zrj", "自然资源和规划局", "自然资源", ("自然资源", "规划"), ("{r}自然资源",), weight=2),
    Department("cgj", "城市管理局", "城管", ("城管", "城市管理"), ("{r}城管",)),
    Department("fgw", "发展和改革委员会", "发改委", ("发改", "发展改革"), ("{r}发改",), weight=2),
    Department("tjj", "统计局", "统计", ("统计",), ("{r}统计",), weight=1),
    Department("slj", "水利局", "水利", ("水利", "水务"), ("{r}水利",), weight=2),
    Department("tyj", "退役军人事务局", "退役军人", ("退役军人",), ("{r}退役军人",), weight=2),
    Department("zwb", "政务服务管理办公室", "政务服务", ("政务服务", "办事"), ("{r}政务服务",), weight=3),
    Department("czj", "财政局", "财政", ("财政",), ("{r}财政",), weight=1),
    Department("sjj", "审计局", "审计", ("审计",), ("{r}审计",), weight=1),
    Department("gxj", "工业和信息化局", "工信", ("工信", "工业"), ("{r}工信",), weight=1),
    Department("swj", "商务局", "商务", ("商务",), ("{r}商务",), weight=1),
    Department("rmt", "融媒体中心", "融媒", ("融媒", "新闻", "掌上"), ("掌上{r}", "{r}融媒", "{r}新闻"), kind="institution", weight=6),
    Department("qxj", "气象局", "气象", ("气象", "天气"), ("{r}气象",), kind="institution", weight=2),
)

# A government's own accounts (人民政府 / 人民政府办公室).
GOVERNMENT = Department("gov", "人民政府", "政府", ("发布", "政务", "政府"), ("{r}发布", "{r}政务", "{r}政府网"), kind="government", weight=6)
TOWN_GOVERNMENT = Department("gov", "人民政府", "镇政府", ("发布", "政务"), ("{r}发布", "{r}政务", "美丽{r}"), kind="government", weight=3)
# A city police bureau's press office: an internal sub-unit (kind internal) with an older account.
PRESS_OFFICE = Department("xcc", "公安局宣传处", "公安宣传", ("公安宣传", "警务宣传"), ("{r}公安宣传",), kind="internal", weight=1)
OFFICE = Department("ban", "人民政府办公室", "政府办", ("政务公开", "政务"), ("{r}政务公开",), kind="government", weight=1)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "霞", "平",
    "刚", "桂英", "建华", "文", "华", "红", "建国", "志强", "海燕", "晓东", "丹", "萍", "鹏", "辉", "玲", "婷", "宁", "晨",
    "思远", "子涵", "雨桐", "浩然", "欣怡", "俊杰", "嘉怡", "宇航", "佳琪", "梓萱", "一鸣", "晓雯", "国栋", "立新", "春燕",
)
POSTS = {
    "chief_editor": ("办公室主任", "宣传科科长", "信息科科长"),
    "staff": ("科员", "一级科员", "办事员", "四级主任科员"),
}
MANAGING_OFFICES = ("办公室", "宣传科", "信息中心", "政务公开科", "综合科", "新闻科")

COMPANY_PREFIX = ("星辰", "云帆", "博远", "智汇", "融通", "鼎新", "华章", "启航", "锦程", "新视界", "睿思", "青禾")
COMPANY_SUFFIX = ("文化传媒有限公司", "信息技术有限公司", "网络科技有限公司", "传媒科技有限公司", "数字科技有限公司")


def person_name(h: int) -> str:
    """A fictional person's name from an integer."""
    return SURNAMES[h % len(SURNAMES)] + GIVEN[(h // 97) % len(GIVEN)]


def phone(h: int) -> str:
    """A fictional mobile number (prefix 139/138/137, numbers drawn from a hash)."""
    return f"13{7 + h % 3}{(h // 7) % 100000000:08d}"


def company_name(region_core: str, h: int) -> str:
    return region_core + COMPANY_PREFIX[h % len(COMPANY_PREFIX)] + COMPANY_SUFFIX[(h // 13) % len(COMPANY_SUFFIX)]


def stable_hash(*parts: str) -> int:
    """A 64-bit integer from text, stable across runs and machines (unlike hash())."""
    return int.from_bytes(hashlib.blake2b("\x1f".join(parts).encode("utf-8"), digest_size=8).digest(), "big")
