"""Name normalisation and the account-name ↔ host-unit tie heuristic (NAME rules).

Official account names are free-form: 首善茅坪 (茅坪镇), 临淄交警 (a traffic-police brigade in 临淄),
古宣发布 (古城区委宣传部). The tie test therefore accepts, in order: the unit's full name or a registered
short name; for a government, its own region (茅坪); the region plus a duty word (临淄 + 交警), where
duty words are the unit's declared `duties`, common aliases of the department it names (公安 → 平安、警方),
or an abbreviation of the unit's name (人社, 卫健, 古宣: characters of the full name in order). Anything
else is "unclear" — a warning naming the host unit, never an error.
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

_PUNCT = re.compile(r"[\s\u200b-\u200f\u2060\ufeff·•・.,，。、:：;；!！?？\"'“”‘’()（）\[\]【】《》<>〈〉_\-—–~～/|@#＃]+")

_converter: Any = None
_traditional: frozenset[str] | None = None


def _traditional_chars() -> frozenset[str]:
    """The characters the t2s converter replaces, read from its character table: building the converter
    itself is costly (in every process running the naming rules) and almost no text needs it.
    Falls back to the converter's own table should the package lay its files out otherwise."""
    spec = importlib.util.find_spec("opencc_purepy")
    table = Path(spec.origin).parent / "dicts" / "TSCharacters.txt" if spec and spec.origin else None
    if table is None or not table.is_file():
        return frozenset(_t2s_converter().dictionary.ts_characters[0])
    lines = table.read_text("utf-8").splitlines()
    return frozenset(line.split("\t", 1)[0] for line in lines if line and not line.startswith("#"))


def _t2s_converter() -> Any:
    global _converter
    if _converter is None:
        import opencc_purepy

        _converter = opencc_purepy.OpenCC("t2s")
    return _converter


def _t2s(text: str) -> str:
    """Traditional → simplified, skipping the (slow) converter for text with no traditional character:
    almost every name in a mainland registry."""
    global _traditional
    if text.isascii():
        return text
    if _traditional is None:
        _traditional = _traditional_chars()
    if _traditional.isdisjoint(text):
        return text
    return _t2s_converter().convert(text)


def normalize_uncached(text: str) -> str:
    """NFKC (full-width → half-width), traditional → simplified, punctuation and spaces removed, lower case."""
    return _PUNCT.sub("", _t2s(unicodedata.normalize("NFKC", text))).lower()


# The cached form, for the texts asked again and again (unit names, duty words). A text normalised
# once per run (a verification text) or kept in a per-run memo is better served by normalize_uncached:
# at national scale such texts outnumber the cache and only evict the useful entries.
normalize = lru_cache(maxsize=65536)(normalize_uncached)


# Administrative-division suffixes, longest first (a region is a prefix of a unit's full name).
_ADMIN_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "街道办事处", "街道", "地区", "新区",
                   "省", "市", "区", "县", "旗", "盟", "镇", "乡")
# A segment holding one of these words is an organ, not a region. Words, not characters: 吴中区,
# 会同县, 中山市 and 和平区 are regions.
_NOT_REGION = re.compile("与|及|局|委|办公|厅|部|处|科|院|所|队|委员会|站|中心|室|馆")
_REGION_RE = re.compile(r"^(.{1,8}?(?:" + "|".join(_ADMIN_SUFFIXES) + "))")


def split_regions(full_name: str, *, whole: bool = False) -> tuple[list[str], str]:
    """Split 青岛市李沧区教育和体育局 into (['青岛市', '李沧区'], '教育和体育局'). Unless `whole` (the text
    is a region, not a unit name), the last segment is never consumed: 昆山市 alone is a unit name."""
    regions: list[str] = []
    rest = full_name
    while True:
        m = _REGION_RE.match(rest)
        if not m or (not whole and len(m.group(1)) >= len(rest) and regions):
            break
        seg = m.group(1)
        if _NOT_REGION.search(seg) or seg.endswith("城乡"):
            break
        regions.append(seg)
        rest = rest[len(seg):]
        if not rest:
            break
    return regions, rest


_ETHNIC = ("维吾尔", "壮族", "回族", "藏族", "蒙古族", "朝鲜族", "白族", "苗族", "土家族", "彝族", "哈尼族", "傣族",
           "布依族", "侗族", "瑶族", "黎族", "羌族", "哈萨克族", "景颇族", "傈僳族", "纳西族", "畲族", "满族",
           "仡佬族", "水族", "毛南族", "仫佬族", "达斡尔族", "鄂温克族", "土族", "撒拉族", "保安族", "东乡族",
           "裕固族", "锡伯族", "柯尔克孜", "蒙古", "各族")


def _strip_ethnic(stem: str) -> str:
    changed = True
    while changed:
        changed = False
        for e in _ETHNIC:
            if stem.endswith(e) and len(stem) - len(e) >= 2:
                stem, changed = stem[: -len(e)], True
    return stem


@lru_cache(maxsize=16384)
def region_stem(region: str) -> str:
    """临淄区 → 临淄, 茅坪镇 → 茅坪, 广西壮族自治区 → 广西; a one-character stem keeps its suffix (沛县)."""
    for suf in _ADMIN_SUFFIXES:
        if region.endswith(suf) and len(region) - len(suf) >= 2:
            stem = region[: -len(suf)]
            return _strip_ethnic(stem) if suf.startswith("自治") else stem
    return region


# Department words and the words accounts use for them.
DUTY_ALIASES: dict[str, tuple[str, ...]] = {
    "公安": ("公安", "平安", "警方", "警察", "警务", "警民", "网警", "警"),
    "交通警察": ("交警", "交管", "交通"),
    "交警": ("交警", "交管"),
    "消防": ("消防", "119"),
    "人民政府新闻办公室": ("发布", "新闻"),
    "人民政府": ("发布", "政府", "政务"),
    "宣传部": ("发布", "宣传", "宣"),
    "网信": ("网信", "网络"),
    "人力资源和社会保障": ("人社", "人力资源", "社保", "就业"),
    "市场监督管理": ("市场监管", "市监"),
    "卫生健康": ("卫健", "健康"),
    "文化和旅游": ("文旅", "文化", "旅游"),
    "文化广电和旅游": ("文旅", "文广旅"),
    "住房和城乡建设": ("住建", "住房"),
    "生态环境": ("生态环境", "环境", "环保", "生态"),
    "应急管理": ("应急",),
    "税务": ("税务", "税"),
    "气象": ("气象", "天气"),
    "教育": ("教育", "教体"),
    "人民法院": ("法院", "法庭", "审判"),
    "人民检察院": ("检察",),
    "司法": ("司法", "法治", "普法"),
    "自然资源": ("自然资源", "国土", "规划"),
    "农业农村": ("农业", "农村", "三农"),
    "水利": ("水利", "水务"),
    "交通运输": ("交通", "运输"),
    "医疗保障": ("医保",),
    "退役军人事务": ("退役军人", "双拥"),
    "统计": ("统计",),
    "审计": ("审计",),
    "民政局": ("民政",),
    "民政厅": ("民政",),
    "财政": ("财政",),
    "商务": ("商务",),
    "共青团": ("共青团", "青年", "团"),
    "妇女联合会": ("妇联", "女性"),
    "总工会": ("工会",),
    "政务服务": ("政务服务", "政务", "12345"),
    "融媒体中心": ("融媒", "发布", "新闻"),
    "海关": ("海关",),
    "纪律检查委员会": ("清风", "廉政", "纪检", "监察"),
    "政法委员会": ("长安", "政法"),
}

_GENERIC = {"人民", "中国", "中华", "政府", "委员", "委员会", "办公", "管理", "服务"}


def _longest_subsequence_run(name: str, source: str) -> str:
    """The longest substring of `name` whose characters occur in `source` in order (an abbreviation)."""
    best = ""
    for i in range(len(name)):
        pos = 0
        j = i
        while j < len(name):
            k = source.find(name[j], pos)
            if k < 0:
                break
            pos = k + 1
            j += 1
        if j - i > len(best):
            best = name[i:j]
    return best


@lru_cache(maxsize=4096)
def _duty_re(duties: frozenset[str]) -> re.Pattern[str]:
    """One alternation per distinct duty set (units share a few hundred sets)."""
    return re.compile("|".join(re.escape(d) for d in sorted(duties, key=lambda d: (-len(d), d))))


@lru_cache(maxsize=16384)
def _declared_regions(region_text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A declared region's segments (lowest last) and their stems; a national registry repeats a few
    thousand regions over its units."""
    declared, _ = split_regions(region_text, whole=True)
    regions = tuple(declared) or (region_text,)
    return regions, tuple(region_stem(r) for r in regions)


@lru_cache(maxsize=16384)
def _alias_duties(core: str) -> frozenset[str]:
    """The duty words DUTY_ALIASES gives the organ part of a name (局、委 names repeat across regions)."""
    return frozenset(a for word, aliases in DUTY_ALIASES.items() if word in core for a in aliases)


def name_terms(unit: dict[str, Any], norm: Callable[[str], str] = normalize) -> dict[str, Any]:
    """The unit's normalised full name and short names: all that a name or verification text holding
    one of them needs (the usual case: the rest of unit_terms is then never computed). `norm`: the
    normalize to use (a caller may bring its own memo)."""
    return {"full": norm(unit.get("name") or ""),
            "shorts": [norm(s) for s in unit.get("short_names") or () if s]}


def region_terms(unit: dict[str, Any], full: str, norm: Callable[[str], str] = normalize) -> dict[str, Any]:
    """The rest of unit_terms: region stems, the organ part (core) and the duty words."""
    region_text = norm(unit.get("region") or "")
    if region_text:  # the declared region is authoritative; its last segment is the lowest
        regions, stem_tuple = _declared_regions(region_text)
        stems = list(stem_tuple)
        core = full
        for r in regions:  # the organ part: 共青团江苏省委员会 → 共青团委员会
            core = core.replace(r, "")
    else:
        found, core = split_regions(full)
        stems = [region_stem(r) for r in found]
    duties = {norm(d) for d in unit.get("duties") or () if d}
    duties.update(_alias_duties(core))
    duty_re = _duty_re(frozenset(duties)) if duties else None
    return {"stems": stems, "core": core, "duties": duties, "duty_re": duty_re,
            "government": unit.get("kind") == "government"}


def unit_terms(unit: dict[str, Any]) -> dict[str, Any]:
    """Everything the tie test needs from a unit, computed once per unit."""
    terms = name_terms(unit)
    terms.update(region_terms(unit, terms["full"]))
    return terms


def tie(name: str, terms: dict[str, Any]) -> str | None:
    """How `name` is tied to the unit ("full", "short", "region", "region+duty", "abbreviation",
    "duty") or None when the tie is unclear."""
    return tie_normalized(normalize(name), terms)


def _has_duty(n: str, terms: dict[str, Any]) -> bool:
    duty_re = terms.get("duty_re")
    if duty_re and duty_re.search(n):
        return True
    core: str = terms["core"]
    if not core:
        return False
    run = _longest_subsequence_run(n, core)
    return len(run) >= 2 and run not in _GENERIC


def tie_normalized(n: str, terms: dict[str, Any]) -> str | None:
    """`tie` of an already normalised name (the rules normalise each name once per run)."""
    full = terms["full"]
    if full and full in n:
        return "full"
    if any(s and s in n for s in terms["shorts"]):
        return "short"
    stems: list[str] = terms["stems"]
    lowest = stems[-1] if stems else ""
    has_region = bool(lowest) and lowest in n
    # The duty test (a subsequence scan) runs only where its answer is used.
    if terms["government"]:
        if has_region:
            return "region"
    elif has_region and _has_duty(n, terms):
        return "region+duty"
    # abbreviation across region and organ: 古宣 ← 古城区委宣传部, 昆山人社 ← 昆山市人力资源和社会保障局
    if lowest and full:
        run = _longest_subsequence_run(n, full)
        if len(run) >= 2 and run[0] == lowest[0] and any(ch in terms["core"] for ch in run[1:]):
            return "abbreviation"
    if not stems and _has_duty(n, terms):
        return "duty"  # a unit with no region (national bodies): its duty word suffices
    return None
