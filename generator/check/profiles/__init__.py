"""Policy profiles: each jurisdiction's rulebook as data (generator/profiles/<name>.yaml).

A profile inherits another (normally `national`) and overrides rule severities and parameters;
`facts` are profile-wide values (effective date, thresholds) merged into the params of every rule
that declares a parameter of that name. `registry/portal.yaml` names the profile in force and may
override single rules (`rule_overrides`). The validate pipeline calls `resolve_settings`.
"""

from __future__ import annotations

import copy
import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jsonschema_rs
import yaml

from generator.check.engine import RuleSetting, RuleSpec, SettingsFor, all_rules
from generator.load.locate import locate
from generator.load.schema import json_path
from generator.paths import PROFILES_DIR, PROJECT_DIR, SCHEMAS_DIR
from generator.problems import Problem, Severity

SEVERITIES = ("error", "warning", "info", "off")
# Facts no rule reads: the rubric of the jurisdiction's own checks (`portal import inspections`), the
# rubric of its yearly assessment and the inspection cadence it sets (generator.assess).
ASSESSMENT_FACTS = frozenset({"rubric", "assessment_rubric", "inspection_cadence"})
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示", "off": "不适用"}


class ProfileError(Exception):
    """An unknown profile or a profile file that is not valid; `file`, `line` and `column` say where
    in a broken profile file the problem is (None for an unknown profile: portal.yaml names it)."""

    def __init__(self, code: str, message_zh: str, message_en: str, *, file: Path | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        super().__init__(message_en)
        self.code, self.message_zh, self.message_en = code, message_zh, message_en
        self.file, self.line, self.column = file, line, column


@dataclass(frozen=True)
class Profile:
    name: str
    title_zh: str
    title_en: str
    chain: tuple[str, ...]  # this profile first, then its ancestors
    documents: tuple[dict[str, Any], ...]
    facts: dict[str, Any]
    rules: dict[str, dict[str, Any]]  # code → {severity?, params?, basis_zh?}, inheritance applied
    level: str = ""
    notes_zh: str = ""
    notes_en: str = ""
    raw: dict[str, Any] = field(default_factory=dict, repr=False)

    def setting(self, spec: RuleSpec, overrides: dict[str, Any] | None = None) -> RuleSetting:
        """Severity and params of one rule: decorator defaults ← profile facts ← profile rule ← override."""
        params = copy.deepcopy(spec.params)
        for key in params:
            if key in self.facts:
                params[key] = copy.deepcopy(self.facts[key])
        entry = self.rules.get(spec.code, {})
        severity = entry.get("severity", spec.severity.value)
        params.update(copy.deepcopy(entry.get("params") or {}))
        ov = (overrides or {}).get(spec.code) or {}
        severity = ov.get("severity", severity)
        params.update(copy.deepcopy(ov.get("params") or {}))
        return RuleSetting(severity, params)


def list_profiles() -> list[str]:
    return sorted(p.stem for p in PROFILES_DIR.glob("*.yaml"))


@lru_cache(maxsize=1)
def _schema_validator() -> Any:
    schema = json.loads((SCHEMAS_DIR / "profile.schema.json").read_text("utf-8"))
    return jsonschema_rs.validator_for(schema)  # the loader's validator: no second schema library to import


@lru_cache(maxsize=32)
def _raw(name: str) -> dict[str, Any]:
    path = PROFILES_DIR / f"{name}.yaml"
    if not path.is_file():
        known = "、".join(list_profiles())
        raise ProfileError("PRF001", f"未知的政策配置「{name}」，可选：{known}",
                           f"unknown policy profile \"{name}\"; available: {known}")
    try:
        data = yaml.load(path.read_text("utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ProfileError("PRF002", f"政策配置文件 {path.name} 无法解析：{exc}", f"profile {path.name} is not valid YAML: {exc}",
                           file=path, line=mark.line + 1 if mark else None,
                           column=mark.column + 1 if mark else None) from exc
    errors = sorted(_schema_validator().iter_errors(data), key=lambda e: [str(x) for x in e.instance_path])
    if errors:
        e = errors[0]
        where = "/".join(str(x) for x in e.instance_path)
        line, column = locate(path, json_path(tuple(e.instance_path))) or (None, None)
        raise ProfileError("PRF002", f"政策配置文件 {path.name} 不符合模式（{where}）：{e.message}",
                           f"profile {path.name} does not match its schema at {where}: {e.message}",
                           file=path, line=line, column=column)
    if data.get("name") != name:
        line, column = locate(path, "name") or (None, None)
        raise ProfileError("PRF002", f"政策配置文件 {path.name} 的 name 应为 {name}", f"profile {path.name} must have name: {name}",
                           file=path, line=line, column=column)
    return data


@lru_cache(maxsize=32)
def load_profile(name: str) -> Profile:
    """The profile with its inheritance applied; raises ProfileError (PRF001/PRF002)."""
    chain: list[dict[str, Any]] = []
    current: str | None = name
    while current is not None:
        if current in (c["name"] for c in chain):
            raise ProfileError("PRF002", f"政策配置继承出现循环：{current}", f"profile inheritance loops at {current}")
        raw = _raw(current)
        chain.append(raw)
        current = raw.get("inherits")
    facts: dict[str, Any] = {}
    rules: dict[str, dict[str, Any]] = {}
    for raw in reversed(chain):  # ancestors first
        facts.update(copy.deepcopy(raw.get("facts") or {}))
        for code, entry in (raw.get("rules") or {}).items():
            merged = rules.setdefault(code, {})
            for k, v in entry.items():
                if k == "params":
                    merged.setdefault("params", {}).update(copy.deepcopy(v or {}))
                else:
                    merged[k] = v
    top = chain[0]
    return Profile(name=name, title_zh=top["title_zh"], title_en=top["title_en"],
                   chain=tuple(c["name"] for c in chain), documents=tuple(top.get("documents") or ()),
                   facts=facts, rules=rules, level=top.get("level", ""), notes_zh=top.get("notes_zh", ""),
                   notes_en=top.get("notes_en", ""), raw=top)


def profile_facts(name: str) -> dict[str, Any]:
    """Profile-wide facts (effective date, zombie_gap_days, update thresholds ...) for the inspection
    scoring and other consumers."""
    return copy.deepcopy(load_profile(name).facts)


def _type_ok(value: Any, reference: Any) -> bool:
    if reference is None or value is None:
        return True
    if isinstance(reference, bool):
        return isinstance(value, bool)
    if isinstance(reference, int):
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, type(reference))


def _check_overrides(profile: Profile, overrides: Any, file: str) -> tuple[dict[str, Any], list[Problem]]:
    problems: list[Problem] = []
    if overrides is None:
        return {}, problems
    if not isinstance(overrides, dict):
        return {}, [Problem("PRF003", Severity.ERROR, file, "rule_overrides 应为 {规则代码: {...}} 的映射",
                            "rule_overrides must be a mapping {CODE: {...}}", path="rule_overrides")]
    specs = {s.code: s for s in all_rules()}
    good: dict[str, Any] = {}
    for code, ov in sorted(overrides.items()):
        path = f"rule_overrides.{code}"
        spec = specs.get(code)
        if spec is None:
            problems.append(Problem("PRF003", Severity.ERROR, file, f"rule_overrides 中的规则代码 {code} 不存在",
                                    f"rule_overrides names an unknown rule code {code}", path=path,
                                    hint_zh="运行 portal rules 查看全部规则代码。", hint_en="Run `portal rules` to list every rule code."))
            continue
        if not isinstance(ov, dict):
            problems.append(Problem("PRF005", Severity.ERROR, file, f"{code} 的覆盖设置应为映射", f"the override of {code} must be a mapping", path=path))
            continue
        sev = ov.get("severity")
        clean: dict[str, Any] = {}
        if sev is not None:
            if sev not in SEVERITIES:
                problems.append(Problem("PRF005", Severity.ERROR, file, f"{code} 的 severity 应为 error、warning、info 或 off",
                                        f"the severity of {code} must be error, warning, info or off", path=f"{path}.severity"))
            else:
                clean["severity"] = sev
        current = profile.setting(spec).params
        params: dict[str, Any] = {}
        for key, value in sorted((ov.get("params") or {}).items()):
            if key not in spec.params:
                known = "、".join(sorted(spec.params)) or "（无）"
                problems.append(Problem("PRF004", Severity.ERROR, file, f"规则 {code} 没有参数 {key}（可用：{known}）",
                                        f"rule {code} has no parameter {key} (known: {known or 'none'})", path=f"{path}.params.{key}"))
            elif not _type_ok(value, current.get(key) if current.get(key) is not None else spec.params[key]):
                problems.append(Problem("PRF005", Severity.ERROR, file, f"规则 {code} 的参数 {key} 类型不对：{value!r}",
                                        f"rule {code}: parameter {key} has the wrong type: {value!r}", path=f"{path}.params.{key}"))
            else:
                params[key] = value
        if params:
            clean["params"] = params
        if clean:
            good[code] = clean
    return good, problems


def _shown_path(path: Path) -> str:
    """A profile file as a problem names it: relative to the project when it lies inside it."""
    try:
        return path.resolve().relative_to(PROJECT_DIR).as_posix()
    except ValueError:
        return str(path)


def resolve_settings(config: dict[str, Any], *, file: str = "registry/portal.yaml") -> tuple[SettingsFor, list[Problem]]:
    """The settings in force for `portal.yaml`'s profile and overrides (`file`: portal.yaml as problems
    name it). An unknown profile or a bad override is a Problem (PRF0xx), never a crash; a broken profile
    file is named with its line; an unknown profile falls back to `national` so that the structural and
    national checks still run."""
    problems: list[Problem] = []
    name = (config or {}).get("profile") or "national"
    try:
        profile = load_profile(name)
    except ProfileError as exc:
        if exc.file is not None:  # the profile's own file is broken: a bug of the project, not of the registry
            problems.append(Problem(exc.code, Severity.ERROR, _shown_path(exc.file), exc.message_zh, exc.message_en,
                                    hint_zh="政策配置文件随程序发布；请报告维护者。",
                                    hint_en="Profiles ship with the program; please report this to the maintainers.",
                                    line=exc.line, column=exc.column))
        else:
            problems.append(Problem(exc.code, Severity.ERROR, file, exc.message_zh, exc.message_en, path="profile",
                                    hint_zh="在 portal.yaml 的 profile 中填写 portal profiles 列出的名称之一。",
                                    hint_en="Set `profile` in portal.yaml to one of the names `portal profiles` lists."))
        profile = load_profile("national")
    overrides, more = _check_overrides(profile, (config or {}).get("rule_overrides"), file)
    problems.extend(more)

    def settings_for(spec: RuleSpec) -> RuleSetting:
        return profile.setting(spec, overrides)

    return settings_for, problems


def rule_table(profile_name: str, overrides: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every rule with its severity and params under a profile and its parsed docstring (`docs`), for
    `portal rules` and the rules page; raises RuleDocError for a rule documented out of format."""
    from generator.check.rule_docs import rule_doc  # not on the validate path

    profile = load_profile(profile_name)
    rows = []
    for spec in all_rules():
        s = profile.setting(spec, overrides)
        rows.append({"code": spec.code, "group": spec.group, "severity": s.severity, "params": s.params,
                     "title_zh": spec.title_zh, "title_en": spec.title_en, "message_zh": spec.message_zh,
                     "message_en": spec.message_en, "hint_zh": spec.hint_zh, "hint_en": spec.hint_en,
                     "basis_zh": profile.rules.get(spec.code, {}).get("basis_zh", ""),
                     "docs": rule_doc(spec).as_json()})
    return rows


def _fmt(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _example(template: str) -> str:
    return template.replace("{{", "{").replace("}}", "}")


_CODE_SPAN = re.compile(r"(`[^`\n]+`)")
_MD_PUNCT = re.compile(r"([\\*\[\]{}|]|(?<!\w)_|_(?!\w))")  # `_` inside a word is no emphasis
_LINE_START = re.compile(r"(?m)^(\s*)([#>+=-]|\d+\.)")  # a heading, quote, list item or rule


def md(text: str) -> str:
    """Text as Markdown that shows it literally: `code spans` are kept, HTML and Markdown punctuation
    outside them are escaped (a hint's `<id>` or a message ending in `{filed}` would otherwise be read
    as a tag or an attribute list)."""
    parts = _CODE_SPAN.split(text)
    for i in range(0, len(parts), 2):
        escaped = _MD_PUNCT.sub(r"\\\1", html.escape(parts[i], quote=False))
        parts[i] = _LINE_START.sub(lambda m: f"{m.group(1)}{m.group(2)[:-1]}\\{m.group(2)[-1]}", escaped)
    return "".join(parts)


def _params(params: dict[str, Any], sep: str) -> str:
    return sep.join(f"`{k}` = `{_fmt(v)}`" for k, v in sorted(params.items()))


def _fenced(text: str, lang: str) -> list[str]:
    """A fenced code block longer than any run of backticks inside it."""
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", text)), default=0))
    return [f"{fence}{lang}", text, fence]


def _rule_section(r: dict[str, Any], profile_title: str) -> list[str]:
    """One rule's documentation: Chinese labels first, the docstring's text and examples as written."""
    doc = r["docs"]
    out = [f"## {r['code']}", "",
           f"**{md(r['title_zh'])}** / {md(r['title_en'])} — {SEVERITY_ZH[r['severity']]}（{r['severity']}）", "",
           md(doc["summary"]), ""]
    if r["params"]:
        out += ["参数 / Parameters：" + _params(r["params"], "；"), ""]
    why = doc["why"].split("\n\n")
    out += [f"**理由 / Why：** {md(why[0])}", ""] + [line for p in why[1:] for line in (md(p), "")]
    out += [f"**依据 / Basis：** {md(doc['basis'])}", ""]
    if r["basis_zh"]:
        out += [f"本配置规定 / This profile（{md(profile_title)}）：{md(r['basis_zh'])}", ""]
    out += [f"- 提示内容：{md(_example(r['message_zh']))}", f"- Message: {md(_example(r['message_en']))}"]
    if r["hint_zh"]:
        out += [f"- 改正方法：{md(_example(r['hint_zh']))}", f"- How to fix: {md(_example(r['hint_en']))}"]
    out += ["", "**错误示例 / Bad**", "", *_fenced(doc["bad"]["text"], "yaml"), "",
            "**正确示例 / Good**", "", *_fenced(doc["good"]["text"], "yaml"), ""]
    return out


def rules_reference_markdown(profile_name: str) -> str:
    """A Markdown page documenting every rule in force under a profile, Chinese first: the summary
    table, then per rule its severity and parameters, its docstring (summary, why, basis, a Bad and a
    Good example as YAML) and the profile's own clause (`basis_zh`)."""
    p = load_profile(profile_name)
    out = [f"# 检查规则：{p.title_zh}", "", f"*Rules in force: {p.title_en}*", ""]
    for d in p.documents:
        ref = f"{d.get('reference')} " if d.get("reference") else ""
        date = f"（{d['date']}）" if d.get("date") else ""
        out.append(f"- 依据 / Basis：{ref}{d['title_zh']}{date}")
    if len(p.chain) > 1:
        out.append(f"- 本地规定未作要求的事项沿用：{' → '.join(load_profile(n).title_zh for n in p.chain[1:])}"
                   f" / inherits: {', '.join(p.chain[1:])}")
    if p.facts.get("effective_date"):
        out.append(f"- 施行日期 / In force from：{p.facts['effective_date']}")
    if p.facts.get("zombie_gap_days"):
        out.append(f"- {p.facts['zombie_gap_days']} 天及以上未更新即为“僵尸”账号 / no update for "
                   f"{p.facts['zombie_gap_days']} days or more = zombie account")
    if p.facts.get("default_max_gap_days"):
        out.append(f"- 更新频率 / Update frequency：至少每 {p.facts['default_max_gap_days']} 天更新 1 次 / "
                   f"at least once every {p.facts['default_max_gap_days']} days")
    if p.facts.get("original_max_gap_days"):
        out.append(f"- 原创 / Original posts：至少每 {p.facts['original_max_gap_days']} 天 1 条 / "
                   f"at least one every {p.facts['original_max_gap_days']} days")
    for t in p.facts.get("update_thresholds") or ():
        if t.get("label_zh"):
            out.append(f"- 更新频率 / Update frequency：{t['label_zh']} / {t.get('label_en', '')}")
    out += ["", "严重程度：错误（须改正，校验不通过）、警告（请核实）、提示（信息不全）、不适用（本地规定未作要求）。",
            "Severity: error (must be fixed), warning (please check), info (data missing), off (not required here).", "",
            "每条规则附错误示例和正确示例：示例开头注明所用的政策配置（profile）和检查日期（today），其后每个文件"
            "合并到示例备案库（青山市东湖区）中同一路径的记录上。",
            "Each rule has a Bad and a Good example: its first lines give the profile and the day of the check; "
            "each file below them is merged onto the record at that path in the examples registry (青山市东湖区).", ""]
    rows = rule_table(profile_name)
    out += ["| 代码 Code | 规则 Rule | 严重程度 Severity | 参数 Parameters |", "|---|---|---|---|"]
    for r in rows:
        out.append(f"| [{r['code']}](#{r['code'].lower()}) | {md(r['title_zh'])}<br>{md(r['title_en'])} | "
                   f"{SEVERITY_ZH[r['severity']]} {r['severity']} | {_params(r['params'], '<br>') or '—'} |")
    out.append("")
    for r in rows:
        out += _rule_section(r, p.title_zh)
    return "\n".join(out)
