"""The yearly assessment of each supervising unit (`portal assess`, the portal's /assessments/<year>/
pages), scored by the rubric the profile names (`assessment_rubric`: 昆山 annex 3 in kunshan-2019).

Each item of the rubric's `assessment` is computed by its measure (assess.measures) and explained with
its evidence. Scoring, as annex 3 says: any veto item found → 不合格, nothing else scored; otherwise
each deduction item costs its points per case up to its cap, each group at most its cap, and the score
is the full marks less the deductions; under the pass mark → 不合格; above `bonus_above` the bonus
items are added (each up to its cap, all together up to `bonus_cap`). An item that needs a fact the
registry cannot hold and the inputs file does not give is pending: the result is then provisional, as it
is for a year not yet over. A profile without an assessment rubric gets the same facts, unscored.

The inspection cadence the profile sets (`inspection_cadence`: quarterly checks; 李沧 monthly district
checks and hosts' self-checks twice a month; 昆山 quarterly reports due on the quarter's last day) is
listed for every unit beside the items."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from generator.assess import measures as m
from generator.assess.arrivals import batch_arrivals
from generator.assess.book import Book
from generator.assess.inputs import Inputs
from generator.assess.scope import Index, Scope, jurisdiction_level, supervising_units
from generator.check.engine import RuleContext, spec_of
from generator.check.profiles import load_profile, resolve_settings
from generator.check.rubrics import find_rubric
from generator.model.records import Registry
from generator.site.history import filing_commits

FOUND, CLEAR, PENDING, NOT_COUNTED = "found", "clear", "pending", "not_counted"

# What a profile without an assessment rubric still lists for each unit (unscored).
FACTS_ONLY = (("failed_accounts", "被判定为不合格的账号", "Accounts judged 不合格"),
              ("missing_checks", "缺少的定期检查", "Periodic checks missing"),
              ("late_rectification", "通报后未按期整改", "Not rectified in time after a notice"),
              ("unchecked_accounts", "本年度未检查的账号", "Accounts not checked this year"),
              ("never_inspected", "从未检查的账号", "Accounts never inspected"),
              ("similar_accounts", "同一平台 3 个（含）以上相近账号", "3+ similar accounts on one platform"),
              ("closed_without_notice", "关停未发布停更公告", "Closed without a notice"),
              ("late_filings", "逾期备案", "Late filings"))


@dataclass
class Line:
    key: str
    section: str  # veto | deduction | bonus | fact | cadence
    title_zh: str
    title_en: str
    rule_zh: str
    status: str  # found | clear | pending | not_counted
    count: int | None
    points: int  # what the item counts: deduction points (positive) or bonus points; 0 for vetoes and facts
    zh: str  # what was counted
    en: str
    evidence: list[m.Evidence] = field(default_factory=list)


@dataclass
class Group:
    key: str
    title_zh: str
    title_en: str
    cap: int
    points: int  # deductions of the group, capped
    lines: list[Line]


@dataclass
class UnitAssessment:
    unit: str
    name: str
    accounts: int  # accounts running in the year
    checks: int  # the unit's own checks in the year
    vetoes: list[Line]
    groups: list[Group]
    bonuses: list[Line]
    facts: list[Line]
    cadence: list[Line]
    scored: bool  # the profile names an assessment rubric
    vetoed: bool
    deduction_score: int | None
    bonus: int | None
    total: int | None
    passed: bool | None
    pending: list[str]  # titles of the items awaiting the inputs file
    pending_en: list[str] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return bool(self.pending)

    @property
    def result_zh(self) -> str:
        if not self.scored:
            return "不评分"
        return "合格" if self.passed else "不合格"

    @property
    def result_en(self) -> str:
        if not self.scored:
            return "not scored"
        return "passed" if self.passed else "failed"


@dataclass
class YearAssessment:
    year: int
    today: str
    as_of: str  # the last day counted
    final: bool  # the year is over
    profile: str
    rubric: str | None  # the assessment rubric, None when the profile has none
    title_zh: str
    title_en: str
    basis: str
    pass_mark: int | None
    bonus_above: int | None
    inputs: str | None  # the inputs file, when one was given
    units: list[UnitAssessment]


def _facts(registry: Registry, today: dt.date, book: Book, inputs: Inputs | None) -> m.Facts:
    profile = load_profile(str(registry.config.get("profile") or "national"))
    settings_for, _ = resolve_settings(registry.config)
    rubric = find_rubric(str(profile.facts.get("assessment_rubric") or ""))
    params = dict(((rubric.assessment if rubric else None) or {}).get("parameters") or {})
    shared: dict[str, Any] = {}
    findings: dict[str, Any] = {}
    for code in m.RULES_USED:
        spec = spec_of(code)
        setting = settings_for(spec)
        if setting.severity == "off":
            findings[code] = None
            continue
        ctx = RuleContext(registry=registry, today=today, spec=spec, params=setting.params, shared=shared,
                          settings_for=settings_for)
        findings[code] = list(spec.check(ctx))
    return m.Facts(registry=registry, book=book, today=today, level=jurisdiction_level(registry, profile.level),
                   cadence=list(profile.facts.get("inspection_cadence") or ()), params=params, findings=findings,
                   arrivals=batch_arrivals(registry.root), filings=filing_commits(registry.root), inputs=inputs,
                   index=Index(registry, book))


def _line(key: str, section: str, title_zh: str, title_en: str, rule_zh: str, got: m.Measured, points: int = 0) -> Line:
    if got.pending:
        status = PENDING
    elif not got.counted:
        status = NOT_COUNTED
    else:
        status = FOUND if (got.count or 0) > 0 and (section != "bonus" or points > 0) else CLEAR
    return Line(key, section, title_zh, title_en, rule_zh, status, got.count, points, got.zh, got.en, got.cases)


def _cadence(facts: m.Facts, s: Scope) -> list[Line]:
    """Every cadence entry of the profile: the periods that ended short of the checks due."""
    out = []
    for i, entry in enumerate(facts.cadence):
        kinds = entry.get("kinds")
        if entry["who"] == "supervisor":
            gaps, judged = m.cadence_gaps(facts, s, entry, s.own_batches, s.accounts)
            zh = f"已结束的 {judged} 个周期中，缺少检查 {len(gaps)} 个"
            en = f"{len(gaps)} of {judged} ended periods lacked the checks due"
        else:
            gaps, judged = [], 0
            hosts = sorted({a.data["host_unit"] for a in s.accounts})
            for host in hosts:
                mine = [a for a in s.accounts if a.data["host_unit"] == host]
                got, n = m.cadence_gaps(facts, s, entry, s.host_batches(host), mine)
                judged += n
                name = str(s.registry.unit_by_id[host].data.get("name") if host in s.registry.unit_by_id else host)
                gaps += [m.Evidence(f"{name}：{g.zh}", f"{host}: {g.en}", href=f"units/{host}/") for g in got]
            zh = f"{len(hosts)} 个主办单位、{judged} 个已结束的周期中，自查不足 {len(gaps)} 个"
            en = f"{len(gaps)} of {judged} ended periods of {len(hosts)} host units lacked the self-checks due"
        if kinds:
            zh += "（只计" + "、".join(_BATCH_KINDS.get(k, k) for k in kinds) + "）"
        got = m.Measured(len(gaps), gaps, zh, en)
        out.append(_line(f"cadence_{i + 1}", "cadence", entry["label_zh"], entry["label_en"], entry.get("basis_zh", ""), got))
    return out


_BATCH_KINDS = {"self": "自查", "regular": "常规检查", "spot_check": "抽查", "recheck": "复查"}


def _score_item(spec: dict[str, Any], got: m.Measured) -> int:
    """A deduction or bonus item's points: per case up to its cap (tiers and level points for the two
    bonus measures that have them)."""
    if got.count is None:
        return 0
    cap = int(spec.get("cap") or 10**6)
    if spec["measure"] == "quarterly_coverage":
        if got.value is None:
            return 0
        for tier in spec.get("tiers") or ():
            if got.value >= tier["percent"]:
                return min(int(tier["points"]), cap)
        return 0
    if spec["measure"] == "higher_pass_rate":
        return min(int(spec.get("points") or 0), cap) if got.value == 100 else 0
    if spec["measure"] == "commendations":
        return int(got.value or 0)
    return min(int(spec.get("points") or 0) * got.count, cap)


def _measure(facts: m.Facts, s: Scope, spec: dict[str, Any]) -> m.Measured:
    if spec["measure"] == "commendations":
        return m.commendations(facts, s, dict(spec.get("level_points") or {}), int(spec.get("cap") or 10**6))
    return m.MEASURES[spec["measure"]](facts, s)


def assess_unit(facts: m.Facts, rubric_assessment: dict[str, Any] | None, unit: str, year: int) -> UnitAssessment:
    reg = facts.registry
    s = Scope(reg, facts.book, unit, year, facts.today, facts.index)
    name = str(reg.unit_by_id[unit].data.get("name", unit)) if unit in reg.unit_by_id else unit
    cadence = _cadence(facts, s)
    if rubric_assessment is None:
        lines = [_line(key, "fact", zh, en, "", m.MEASURES[key](facts, s)) for key, zh, en in FACTS_ONLY]
        return UnitAssessment(unit, name, len(s.accounts), len(s.own_batches), [], [], [], lines, cadence, False, False,
                              None, None, None, None, [])
    a = rubric_assessment
    vetoes = []
    for spec in a.get("vetoes") or ():
        got = _measure(facts, s, spec)
        need = int(spec.get("at_least") or 1)
        line = _line(spec["key"], "veto", spec["title_zh"], spec["title_en"], spec.get("rule_zh", ""), got)
        if line.status == FOUND and (got.count or 0) < need:
            line.status = CLEAR
            line.zh += f"（{need} 个及以上才否决）"
            line.en += f" (a veto from {need})"
        vetoes.append(line)
    groups = []
    for g in a["groups"]:
        lines = []
        for spec in g["items"]:
            got = _measure(facts, s, spec)
            lines.append(_line(spec["key"], "deduction", spec["title_zh"], spec["title_en"], spec.get("rule_zh", ""),
                               got, _score_item(spec, got)))
        groups.append(Group(g["key"], g["title_zh"], g["title_en"], int(g["cap"]),
                            min(int(g["cap"]), sum(ln.points for ln in lines)), lines))
    bonuses = []
    for spec in a.get("bonuses") or ():
        got = _measure(facts, s, spec)
        bonuses.append(_line(spec["key"], "bonus", spec["title_zh"], spec["title_en"], spec.get("rule_zh", ""),
                             got, _score_item(spec, got)))
    waiting = [ln for ln in [*vetoes, *(ln for g in groups for ln in g.lines), *bonuses] if ln.status == PENDING]
    pending, pending_en = [ln.title_zh for ln in waiting], [ln.title_en for ln in waiting]
    vetoed = any(ln.status == FOUND for ln in vetoes)
    if vetoed:
        return UnitAssessment(unit, name, len(s.accounts), len(s.own_batches), vetoes, groups, bonuses, [], cadence, True,
                              True, None, None, None, False, pending, pending_en)
    score = int(a.get("full_marks", 100)) - sum(g.points for g in groups)
    above = a.get("bonus_above")
    bonus = None
    if above is None or score > int(above):
        bonus = min(int(a.get("bonus_cap") or 10**6), sum(b.points for b in bonuses))
    total = score + (bonus or 0)
    return UnitAssessment(unit, name, len(s.accounts), len(s.own_batches), vetoes, groups, bonuses, [], cadence, True,
                          False, score, bonus, total, score >= int(a["pass_mark"]), pending, pending_en)


def assess(registry: Registry, year: int, today: dt.date, *, book: Book | None = None, inputs: Inputs | None = None,
           units: list[str] | None = None, facts: m.Facts | None = None) -> YearAssessment:
    """The year's assessment of every supervising unit (or of `units`), as of `today`."""
    if book is None:
        from generator.assess.activity import for_registry

        book = Book((r.data for r in registry.inspections), {a.id: a.data for a in registry.accounts},
                    {u.id: u.data for u in registry.units}, today=today, classify=for_registry(registry))
    facts = facts or _facts(registry, today, book, inputs)
    profile = load_profile(str(registry.config.get("profile") or "national"))
    rubric = find_rubric(str(profile.facts.get("assessment_rubric") or ""))
    a = rubric.assessment if rubric else None
    end = min(dt.date(year, 12, 31), today)
    chosen = units if units is not None else supervising_units(registry)
    docs = (a or {}).get("documents") or ()
    return YearAssessment(
        year=year, today=today.isoformat(), as_of=end.isoformat(), final=today > dt.date(year, 12, 31),
        profile=profile.name, rubric=rubric.id if a else None,
        title_zh=(a or {}).get("title_zh", "政务新媒体监管工作年度情况"), title_en=(a or {}).get("title_en", "Yearly supervision facts"),
        basis=str(docs[0].get("reference", "")) if docs else "", pass_mark=(a or {}).get("pass_mark"),
        bonus_above=(a or {}).get("bonus_above"), inputs=inputs.file if inputs else None,
        units=[assess_unit(facts, a, u, year) for u in chosen])


def inspection_years(registry: Registry, today: dt.date) -> list[int]:
    """The years with a check dated on or before `today`."""
    return sorted({int(str(r.data["date"])[:4]) for r in registry.inspections if str(r.data["date"]) <= today.isoformat()})


def assess_years(registry: Registry, today: dt.date, book: Book) -> dict[int, YearAssessment]:
    """Every year with a check, assessed as of `today` without an inputs file (its items stay pending)."""
    years = inspection_years(registry, today)
    if not years:
        return {}
    facts = _facts(registry, today, book, None)
    return {y: assess(registry, y, today, book=book, facts=facts) for y in years}

