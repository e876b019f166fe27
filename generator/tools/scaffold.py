"""`portal new`: what each kind of record asks for, and how an answer becomes a correct record.

New accounts, units and inspection batches are new files at the path their ids give (the path is the
identity), with the `yaml-language-server` schema line on top, in canonical form (tools/fmt.py). A
filing or a notice is appended to an existing account file through ruamel.yaml's round trip, which
keeps its comments, key order and quoting; a change filing also sets the fields it changes (a new name
moves the old one to `former_names`), a closure or deregistration the status. Nothing is overwritten:
a file that exists is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.load.read import SIZE_LIMITS, load_file
from generator.load.yaml.exact import load_exact
from generator.load.yaml.text import decode
from generator.model import labels, platforms
from generator.tools import fmt
from generator.tools.yaml_emit import dump

KINDS = ("account", "unit", "filing", "notice", "inspection")
ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?")


class ScaffoldError(Exception):
    """A refusal a clerk can act on (Chinese, then English)."""


@dataclass(frozen=True)
class Field:
    """One answer `portal new` asks for: option `--<name with dashes>`, prompt `zh / en`."""

    name: str
    zh: str
    en: str
    required: bool = False
    multiple: bool = False  # a list: the option repeats; a prompt takes items separated by , ， 、 or spaces
    choices: tuple[str, ...] = ()
    date: bool = False

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")


_FILING = (
    Field("event_date", "事项发生（或计划）日期", "the day it happens", date=True),
    Field("filed_date", "向主管单位备案的日期", "the day it was filed", date=True),
    Field("filed_with", "接收备案的单位 id（默认主办单位的主管单位）", "units the filing went to", multiple=True),
    Field("approval_by", "同意的主管单位 id（没有审批就留空）", "approving office's unit id"),
    Field("approval_date", "主管单位同意的日期", "approval date", date=True),
    Field("approval_reference", "批准文号", "approval reference"),
    Field("reason", "原因", "reason"),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "account": (
        Field("host_unit", "主办单位 id（units/ 下的文件名）", "host unit id", required=True),
        Field("platform", "平台（代码或名称，如 douyin 或 抖音）", "platform code or name", required=True),
        Field("id", "账号 id（小写字母、数字、连字符，今后不再改变）", "account id", required=True),
        Field("name", "账号名称", "account name", required=True),
        Field("platform_id", "平台不可变标识（微信原始ID gh_…、微博UID、抖音 sec_uid…）", "the platform's immutable id"),
        Field("handle", "账号名（微信号、抖音号等，可留空）", "handle"),
        Field("url", "账号链接", "link"),
        Field("positioning", "发布内容及功能定位", "content and purpose"),
        Field("verification_text", "平台认证信息（须写明主办单位名称）", "verification text"),
        Field("update_frequency", "更新频率", "update rhythm", choices=tuple(labels.UPDATE_FREQUENCIES)),
        Field("opened", "开设日期", "opening date", date=True),
        *_FILING,
    ),
    "unit": (
        Field("id", "单位 id（小写字母、数字、连字符）", "unit id", required=True),
        Field("name", "单位全称", "full name", required=True),
        Field("kind", "单位类型", "kind", required=True, choices=tuple(labels.UNIT_KINDS)),
        Field("level", "行政层级", "level", choices=("national", "province", "city", "county", "town")),
        Field("short_names", "规范简称", "registered short names", multiple=True),
        Field("region", "所在地区（如 青山市东湖区）", "region"),
        Field("division", "行政区划代码（6、9 或 12 位）", "division code"),
        Field("credit_code", "统一社会信用代码", "unified social credit code"),
        Field("parent", "上级单位 id（内设机构必填）", "parent unit id"),
        Field("supervisor", "主管单位 id", "supervising unit id"),
        Field("duties", "职责关键词（账号名称可用，如 公安、交警）", "duty keywords", multiple=True),
        Field("maintainers", "维护人（GitHub 账号或提交邮箱）", "maintainers (Git logins or e-mails)", multiple=True),
    ),
    "filing": (
        Field("account", "账号 id", "account id", required=True),
        Field("type", "备案类型", "filing type", required=True, choices=tuple(labels.FILING_TYPES)),
        Field("change", "变更的字段和新值，写成 字段=新值（如 name=青山发布）", "changed field=new value", multiple=True),
        *_FILING,
    ),
    "notice": (
        Field("account", "账号 id", "account id", required=True),
        Field("kind", "公告类型", "notice kind", required=True, choices=tuple(labels.NOTICE_KINDS)),
        Field("title", "公告标题", "title"),
        Field("published", "公告发布日期", "publication date", date=True),
        Field("effective", "生效日期（公示期结束之日）", "the day it takes effect", required=True, date=True),
        Field("reason", "原因", "reason", required=True),
        Field("successor", "接续账号 id（本备案库中的账号）", "successor account ids", multiple=True),
        Field("channel", "备案库以外的接续渠道，写成 类型|名称|链接（类型：website 网站、app 移动客户端、app_section 客户端版块、"
              "account 账号、mini_program 小程序、other 其他）", "successor channels outside the registry: kind|name|link",
              multiple=True),
        Field("basis", "公告所依据的文件和条款", "the notice's basis"),
        Field("approval_by", "批准注销的上级单位（id 或名称）", "higher office that approved it (id or name)"),
        Field("approval_date", "批准日期", "date of the approval", date=True),
        Field("url", "公告链接", "link to the notice"),
        Field("group", "同一份公告的分组 id（一份公告注销多个账号时，每个账号写相同的分组）",
              "group id shared by the accounts of one notice"),
    ),
    "inspection": (
        Field("inspector", "检查单位 id", "inspecting unit id", required=True),
        Field("period", "检查期间（2025-Q3、2025-07、2025-H1 或 2025）", "period", required=True),
        Field("id", "批次 id", "batch id", required=True),
        Field("title", "标题", "title"),
        Field("kind", "检查类型", "kind", choices=tuple(labels.BATCH_KINDS)),
        Field("rubric", "评分细则 id", "rubric id", required=True),
        Field("date", "检查日期", "date of the check", date=True),
        Field("accounts", "被检查的账号 id", "accounts checked", required=True, multiple=True),
    ),
}

# Fields of a change filing whose new value the command also writes into the record.
SETTABLE = ("name", "handle", "url", "positioning", "verification_text")
_SHORT = {"wechat_subscription": "wx", "wechat_service": "fw", "wechat_channels": "sph", "weibo": "wb",
          "douyin": "dy", "toutiao": "tt", "kuaishou": "ks", "bilibili": "bili", "xiaohongshu": "xhs",
          "wechat_miniprogram": "xcx", "android_app": "app", "ios_app": "ios", "harmony_app": "hm"}


# ----- reading the registry ------------------------------------------------------------------------

def unit_record(registry: Path, uid: str) -> dict[str, Any] | None:
    path = registry / "units" / f"{uid}.yaml"
    if not path.is_file():
        return None
    data, _ = load_file(path, "unit")
    return data


def account_path(registry: Path, aid: str) -> Path:
    found = sorted((registry / "accounts").glob(f"*/{aid}.yaml")) if ID.fullmatch(aid) else []
    if not found:
        raise ScaffoldError(f"找不到账号“{aid}”的文件（accounts/<单位id>/{aid}.yaml）/ no account file for {aid}")
    return found[0]


def suggest(kind: str, name: str, values: dict[str, Any], registry: Path, today: dt.date) -> Any:
    """The default offered for a field, given the answers so far."""
    if name == "event_date" and kind == "account":
        return values.get("opened") or today.isoformat()
    if name in ("opened", "published", "date", "event_date", "filed_date"):
        return today.isoformat()
    if name in ("filed_with", "approval_by"):
        unit = _host_of(kind, values, registry)
        sup = (unit or {}).get("supervisor")
        if name == "filed_with":
            return [sup] if sup else []
        return sup if kind == "account" else None
    if name == "id" and kind == "account" and values.get("host_unit") and values.get("platform"):
        key = platforms.key_for(str(values["platform"])) or str(values["platform"])
        stem = f"{values['host_unit']}-{_SHORT.get(key, key.replace('_', '-'))}"
        folder = registry / "accounts" / str(values["host_unit"])
        n = 1
        while (folder / f"{stem if n == 1 else f'{stem}-{n}'}.yaml").exists():
            n += 1
        return stem if n == 1 else f"{stem}-{n}"
    if name == "id" and kind == "inspection" and values.get("inspector") and values.get("period"):
        return f"{values['inspector']}-{str(values['period']).lower()}"
    if name == "period" and kind == "inspection":
        return f"{today.year}-Q{(today.month - 1) // 3 + 1}"
    if name == "reason" and kind == "account":
        return "新开设政务新媒体账号"
    if name == "rubric":
        return "national-2019"
    return None


def _host_of(kind: str, values: dict[str, Any], registry: Path) -> dict[str, Any] | None:
    uid = values.get("host_unit")
    if kind in ("filing", "notice") and values.get("account"):
        try:
            uid = account_path(registry, str(values["account"])).parent.name
        except ScaffoldError:
            return None
    return unit_record(registry, str(uid)) if uid else None


# ----- building records ----------------------------------------------------------------------------

def _clean(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v not in (None, "", [], ())}


def _channel(text: str) -> dict[str, str]:
    """A successor channel outside the registry, written kind|name|link (the kind as code or in Chinese)."""
    parts = [p.strip() for p in text.replace("｜", "|").split("|")]
    kind = parts[0] if parts and parts[0] in labels.CHANNEL_KINDS else labels.code_of(parts[0], list(labels.CHANNEL_KINDS))
    if len(parts) != 3 or not kind or not all(parts):
        raise ScaffoldError(f"接续渠道写成 类型|名称|链接，类型为 {'、'.join(labels.CHANNEL_KINDS)} 之一：{text} / "
                            f"write a successor channel as kind|name|link")
    return {"name": parts[1], "kind": kind, "url": parts[2]}


def _filing(v: dict[str, Any], ftype: str) -> dict[str, Any]:
    f: dict[str, Any] = {"type": ftype, "event_date": v.get("event_date"), "filed_date": v.get("filed_date"),
                         "filed_with": list(v.get("filed_with") or [])}
    if v.get("approval_by") and v.get("approval_date"):  # an approval is its office and its date
        f["approval"] = _clean({"by": v["approval_by"], "date": v.get("approval_date"),
                                "reference": v.get("approval_reference")})
    f["reason"] = v.get("reason")
    return _clean(f)


def _schema_line(registry: Path, file: Path, kind: str) -> str:
    """The schema path relative to the file, for schemas/ beside the registry (as in this repository)."""
    target = registry.resolve().parent / "schemas" / f"{kind}.schema.json"
    return os.path.relpath(target, file.parent.resolve())


def new_record(kind: str, v: dict[str, Any], registry: Path) -> tuple[Path, str]:
    """(path, text) of a new account, unit or inspection batch file."""
    if kind == "account":
        key = platforms.key_for(str(v["platform"]))
        if key is None:
            raise ScaffoldError(f"不认识的平台“{v['platform']}”：运行 portal platforms 查看平台代码 / unknown platform")
        if unit_record(registry, str(v["host_unit"])) is None:
            raise ScaffoldError(f"找不到主办单位“{v['host_unit']}”（units/{v['host_unit']}.yaml），请先运行 portal new unit "
                                f"/ no unit {v['host_unit']}: add it first with portal new unit")
        path = registry / "accounts" / str(v["host_unit"]) / f"{v['id']}.yaml"
        record = _clean({"id": v["id"], "platform": key, "name": v["name"], "platform_id": v.get("platform_id"),
                         "handle": v.get("handle"), "url": v.get("url"), "host_unit": v["host_unit"],
                         "positioning": v.get("positioning"), "verification_text": v.get("verification_text"),
                         "status": "active", "opened": v.get("opened"), "update_frequency": v.get("update_frequency"),
                         "filings": [_filing({**v, "event_date": v.get("event_date") or v.get("opened")}, "open")]})
    elif kind == "unit":
        path = registry / "units" / f"{v['id']}.yaml"
        record = _clean({k: v.get(k) for k in ("id", "name", "short_names", "kind", "level", "division", "region",
                                               "credit_code", "parent", "supervisor", "duties", "maintainers")})
    elif kind == "inspection":
        path = registry / "inspections" / str(v["period"]) / f"{v['id']}.yaml"
        record = _clean({"id": v["id"], "period": v["period"], "title": v.get("title"), "inspector": v["inspector"],
                         "kind": v.get("kind"), "rubric": v["rubric"], "date": v.get("date"),
                         "results": [{"account": a} for a in v.get("accounts") or []]})
    else:
        raise ValueError(kind)
    for part in (path.parent.name, path.stem):
        if not re.fullmatch(r"[a-z0-9][a-zA-Z0-9-]*", part):
            raise ScaffoldError(f"“{part}”不是合法的 id（小写字母、数字和连字符）/ not a valid id: {part}")
    if path.exists():
        raise ScaffoldError(f"{path} 已存在，未改动；备案记录只追加不覆盖 / {path} exists: nothing overwritten")
    text = dump(record, _schema_line(registry, path, "account" if kind == "account" else kind))
    formatted = fmt.format_bytes(text.encode("utf-8"), kind)
    return path, formatted.text if formatted.text is not None else text


def _changes(v: dict[str, Any], data: Any) -> list[dict[str, str]]:
    out = []
    for item in v.get("change") or []:
        field, sep, new = str(item).partition("=")
        field, new = field.strip(), new.strip()
        if not sep or field not in labels.CHANGE_FIELDS:
            raise ScaffoldError(f"变更写成 字段=新值，字段为 {'、'.join(labels.CHANGE_FIELDS)} 之一：{item} / "
                                f"write a change as field=new value")
        old = data.get(field) if field in SETTABLE else None
        out.append(_clean({"field": field, "from": old if isinstance(old, str) else None, "to": new or None}))
    return out


def _apply(data: Any, v: dict[str, Any], kind: str, style: Callable[[Any], Any]) -> None:
    """Append the filing or notice to the account `data` (a plain dict or ruamel's CommentedMap)."""
    if kind == "notice":
        notice = _clean({k: v.get(k) for k in ("kind", "title", "group", "published", "effective", "reason",
                                                "basis")})
        if v.get("approval_by") and v.get("approval_date"):
            notice["approval"] = {"by": v["approval_by"], "date": v["approval_date"]}
        succ: list[Any] = [str(s) for s in v.get("successor") or ()] + [_channel(str(c)) for c in v.get("channel") or ()]
        if len(succ) == 1 and isinstance(succ[0], str):
            notice["successor"] = succ[0]
        elif succ:
            notice["successors"] = [style(s) if isinstance(s, dict) else s for s in succ]
        if v.get("url"):
            notice["url"] = v["url"]
        if "notices" not in data:
            _insert_after(data, "notices", style([]), after=("filings",))
        data["notices"].append(style(notice))
        return
    ftype = str(v["type"])
    filing = _filing(v, ftype)
    changes = _changes(v, data) if ftype == "change" else []
    if changes:
        filing["changes"] = changes
    data["filings"].append(style(filing))
    for c in changes:
        if c["field"] in SETTABLE and "to" in c:
            if c["field"] == "name" and c.get("from") and c["from"] != c["to"]:
                if "former_names" not in data:
                    _insert_after(data, "former_names", style([]), after=("name",))
                data["former_names"].append(style(c["from"]))
            if c["field"] in data:
                data[c["field"]] = style(c["to"])
            else:
                _insert_after(data, c["field"], style(c["to"]), after=("url", "handle", "platform_id", "name"))
    if ftype in ("close", "deregister"):
        data["status"] = style("closed" if ftype == "close" else "deregistered")


def _insert_after(data: Any, key: str, value: Any, after: tuple[str, ...]) -> None:
    keys = list(data)
    pos = next((keys.index(a) + 1 for a in after if a in keys), len(keys))
    if isinstance(data, CommentedMap):
        data.insert(pos, key, value)
    else:
        items = list(data.items())
        items.insert(pos, (key, value))
        data.clear()
        data.update(items)


def _styled(value: Any) -> Any:
    """A new value in ruamel's types, written in canonical style."""
    if isinstance(value, dict):
        m = CommentedMap()
        for k, x in value.items():
            m[k] = _styled(x)
        return fmt.canonical_styles(m, indent=4)
    if isinstance(value, list):
        seq = CommentedSeq(_styled(x) for x in value)
        if value and all(not isinstance(x, (dict, list)) for x in value):
            seq.fa.set_flow_style()
        return fmt.canonical_styles(seq, indent=4)
    return fmt.canonical_styles(value)


def append(kind: str, v: dict[str, Any], registry: Path) -> tuple[Path, str]:
    """(path, new text) of the account file with the filing or notice appended; the rest of the file
    keeps its text (ruamel.yaml's round trip, quotes as written)."""
    path = account_path(registry, str(v["account"]))
    raw = path.read_bytes()
    text = decode(raw, SIZE_LIMITS["account"])
    plain = load_exact(text).value
    y = fmt.yaml_round_trip(preserve_quotes=True)
    doc = y.load(text)
    if not isinstance(doc.get("filings"), list):
        raise ScaffoldError(f"{path} 没有 filings 列表，无法追加 / {path} has no filings list")
    _apply(doc, v, kind, _styled)
    _apply(plain, v, kind, lambda x: x)
    out = io.StringIO()
    y.dump(doc, out)
    result = out.getvalue()
    if not fmt.same_record(load_exact(result).value, plain):
        raise fmt.MeaningChanged(str(path))
    return path, result


def replace_file(path: Path, text: str) -> None:
    """Replace an account file in one step (a temporary file renamed over it), keeping its permissions:
    an interrupted append leaves the file as it was."""
    mode = path.stat().st_mode & 0o777
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(text.encode("utf-8"))
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_new(path: Path, text: str) -> None:
    """Create the file; never replaces one (O_EXCL)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    with os.fdopen(fd, "wb") as f:
        f.write(text.encode("utf-8"))
