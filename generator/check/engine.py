"""The rule registry and the runner.

A rule is a function decorated with `@rule(...)`: it receives a `RuleContext` and yields `Finding`s.
Its code, zh/en message and hint templates, default severity and parameters are declared once, in the
decorator; profiles may change the severity ("off" disables) and the parameters, never the
text. Messages are `str.format` templates filled with the finding's `args`. The function's docstring
documents the rule (rationale, basis, a Bad and a Good example) in the format `check.rule_docs` reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from generator.model.records import Record, Registry
from generator.problems import Problem, Severity


@dataclass(frozen=True, slots=True)
class Finding:
    record: Record | None  # None: a registry-wide finding, reported on portal.yaml
    path: str = ""
    args: dict[str, Any] = field(default_factory=dict)
    file: str | None = None  # overrides record.file (e.g. a folder problem)


@dataclass(frozen=True)
class RuleSpec:
    code: str
    title_zh: str
    title_en: str
    message_zh: str
    message_en: str
    hint_zh: str
    hint_en: str
    severity: Severity
    check: Callable[[RuleContext], Iterable[Finding]]
    group: str = "structure"  # structure | jurisdiction
    params: dict[str, Any] = field(default_factory=dict)
    doc: str = ""  # the docstring as written; parsed by check.rule_docs

    @property
    def family(self) -> str:
        """The letters of the code (NAME, FIL, ACC …): the rules of one concern."""
        return self.code.rstrip("0123456789")


_RULES: dict[str, RuleSpec] = {}


def rule(
    code: str,
    *,
    title_zh: str,
    title_en: str,
    message_zh: str,
    message_en: str,
    hint_zh: str = "",
    hint_en: str = "",
    severity: str = "error",
    group: str = "structure",
    params: dict[str, Any] | None = None,
) -> Callable[[Callable[[RuleContext], Iterable[Finding]]], Callable[[RuleContext], Iterable[Finding]]]:
    def register(fn: Callable[[RuleContext], Iterable[Finding]]) -> Callable[[RuleContext], Iterable[Finding]]:
        if code in _RULES:
            raise RuntimeError(f"rule code {code} registered twice")
        _RULES[code] = RuleSpec(
            code=code,
            title_zh=title_zh,
            title_en=title_en,
            message_zh=message_zh,
            message_en=message_en,
            hint_zh=hint_zh,
            hint_en=hint_en,
            severity=Severity(severity),
            check=fn,
            group=group,
            params=dict(params or {}),
            doc=fn.__doc__ or "",
        )
        return fn

    return register


def all_rules() -> list[RuleSpec]:
    from generator.check import rules as _pkg

    _pkg.load_all()
    return [_RULES[c] for c in sorted(_RULES)]


def spec_of(code: str) -> RuleSpec:
    """The registered rule with this code (KeyError when there is none)."""
    all_rules()
    return _RULES[code]


@dataclass(frozen=True)
class RuleSetting:
    severity: str  # error | warning | info | off
    params: dict[str, Any]


SettingsFor = Callable[[RuleSpec], RuleSetting]


def default_settings(spec: RuleSpec) -> RuleSetting:
    return RuleSetting(spec.severity.value, dict(spec.params))


@dataclass
class RuleContext:
    registry: Registry
    today: dt.date
    spec: RuleSpec
    params: dict[str, Any]
    shared: dict[str, Any]  # per-run memo shared by rules (indexes, calendar); keys are module-owned
    settings_for: SettingsFor = default_settings  # the run's settings, for setting_of

    def finding(self, record: Record | None, path: str = "", **args: Any) -> Finding:
        return Finding(record=record, path=path, args=args)

    def setting_of(self, code: str) -> RuleSetting:
        """The severity and params in force for another rule in this run (profile and portal.yaml
        overrides applied). A rule that must agree with another reads that rule's setting here rather
        than repeating its parameters: one source of truth."""
        return self.settings_for(spec_of(code))


class _SafeArgs(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(template: str, args: dict[str, Any]) -> str:
    return template.format_map(_SafeArgs(args))


def to_problem(spec: RuleSpec, severity: Severity, f: Finding, fallback_file: str) -> Problem:
    file = f.file or (f.record.file if f.record else fallback_file)
    return Problem(
        code=spec.code,
        severity=severity,
        file=file,
        message_zh=_fill(spec.message_zh, f.args),
        message_en=_fill(spec.message_en, f.args),
        hint_zh=_fill(spec.hint_zh, f.args),
        hint_en=_fill(spec.hint_en, f.args),
        path=f.path,
        params=dict(f.args),
    )


def run_rules(
    registry: Registry,
    today: dt.date,
    settings_for: SettingsFor = default_settings,
    *,
    only: Iterable[str] | None = None,
    shared: dict[str, Any] | None = None,
) -> Iterator[Problem]:
    """Run every enabled rule (or those in `only`); a rule's own crash is a bug, reported as INT001,
    never a traceback. `shared` carries the per-run memos across calls over the same registry."""
    wanted = set(only) if only is not None else None
    shared = {} if shared is None else shared
    fallback = registry.portal.file if registry.portal else f"{registry.display_root()}/portal.yaml"
    for spec in all_rules():
        if wanted is not None and spec.code not in wanted:
            continue
        setting = settings_for(spec)
        if setting.severity == "off":
            continue
        severity = Severity(setting.severity)
        ctx = RuleContext(registry=registry, today=today, spec=spec, params=setting.params, shared=shared,
                          settings_for=settings_for)
        try:
            for f in spec.check(ctx):
                yield to_problem(spec, severity, f, fallback)
        except Exception as exc:  # a bug in a rule must not hide the other rules' findings
            yield Problem(
                code="INT001",
                severity=Severity.ERROR,
                file=fallback,
                message_zh=f"规则 {spec.code} 运行出错：{type(exc).__name__}: {exc}",
                message_en=f"rule {spec.code} crashed: {type(exc).__name__}: {exc}",
                hint_zh="这是程序缺陷，不是填报错误，请向维护者报告。",
                hint_en="This is a bug in the checker, not in your record; please report it to the maintainers.",
            )
