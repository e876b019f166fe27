"""The measures a yearly assessment item counts (rubric `assessment`, `measure:`), each computed for one
supervising unit and year from the registry, its Git history, the rules' own findings and the inputs
file. A measure returns its cases with the evidence behind each (the account, batch, filing or commit),
and says what it counted. One function per measure; rules are not repeated here but run (FIL001 late
filings, ONE002 similar accounts, DRG007 closures without a notice, APR001 openings without approval,
COV001 units that must have an account), so the assessment and `portal validate` agree.

- higher_serious_failures: the unit's accounts judged 不合格 on a serious-error item (rubric `serious`)
  in a check by an office above the jurisdiction's level (batch `level`).
- failed_accounts: the unit's accounts judged 不合格 in checks others made (not the unit, not a unit it
  supervises).
- missing_checks: periods of the profile's supervisor cadence (`inspection_cadence`, who: supervisor)
  that ended with fewer checks by the unit than due, while it supervised a running account.
- required_without_account: COV001's findings on the units it supervises.
- falsification, performance_review, commendations: the inputs file; pending when it does not say.
- late_rectification: findings of others' published checks (`published`) not rectified within
  `rectify_days` calendar days of publication (rectified later, or not at all by the assessment day).
- late_reports: periods of a cadence with `report_due` whose check reached the registry (the commit that
  added its batch) after the period's last day, or never; without Git history, the batch's `published`
  date (else its check date) stands for its arrival, and the evidence says so.
- unchecked_accounts: accounts running in the year that none of the unit's checks of the year covered.
- similar_accounts, closed_without_notice, opened_without_approval, late_filings: the rules' findings
  on the unit's accounts whose event falls in the year; closed_without_notice also counts a closed
  account that a later check saw still posting.
- never_inspected: accounts running in the year that no check at all has covered by the year's end.
- quarterly_coverage: each quarter's share of the running accounts the unit checked (quarters ended).
- higher_pass_rate: the unit's accounts in higher-level checks all passed (none: not earned).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.assess.arrivals import Arrival
from generator.assess.book import Batch, Book, Result
from generator.assess.inputs import Inputs, UnitInputs
from generator.assess.scope import Index, Scope, account_span
from generator.check.engine import Finding
from generator.model import labels, periods
from generator.model.records import Record, Registry
from generator.site.history import FilingCommits


@dataclass(frozen=True)
class Evidence:
    zh: str
    en: str
    href: str | None = None  # the portal page, relative to the site's root (accounts/<id>/ …)
    file: str | None = None  # the registry file (and JSON path) it comes from
    commit: str | None = None  # the Git commit that recorded it


@dataclass
class Measured:
    count: int | None  # cases found; None: pending (the inputs file does not say) or not counted
    cases: list[Evidence] = field(default_factory=list)
    zh: str = ""  # what was counted, in a sentence
    en: str = ""
    value: float | None = None  # quarterly_coverage: the lowest quarter's percent; commendations: points
    pending: bool = False
    counted: bool = True  # False when the rule it relies on is off under the profile


@dataclass
class Facts:
    """What every unit's assessment of a run shares."""

    registry: Registry
    book: Book
    today: dt.date
    level: int  # the jurisdiction's level rank (scope.LEVELS)
    cadence: list[dict[str, Any]]
    params: dict[str, Any]
    findings: dict[str, list[Finding] | None]  # rule code → its findings (None: off under the profile)
    arrivals: dict[str, Arrival]
    filings: FilingCommits
    inputs: Inputs | None
    index: Index | None = None  # the registry by unit and inspector (scope.Index)
    by_unit: dict[str, dict[str, list[Finding]]] = field(default_factory=dict)  # code → unit → its findings


# --- evidence --------------------------------------------------------------------------------------

def _name(a: Record | dict[str, Any]) -> str:
    d = a.data if isinstance(a, Record) else a
    return f"{d.get('name', '')}（{labels.platform(str(d.get('platform', '')))}）"


def account_ev(a: Record, zh: str = "", en: str = "", path: str = "") -> Evidence:
    return Evidence(f"{_name(a)}{zh}", f"{a.data.get('name', '')} ({labels.platform(str(a.data.get('platform', '')), 'en')}){en}",
                    href=f"accounts/{a.id}/", file=a.file + (f" {path}" if path else ""))


def batch_ev(facts: Facts, b: Batch, zh: str, en: str, commit: str | None = None) -> Evidence:
    rec = facts.registry.inspection_by_id.get(b.id)
    return Evidence(zh, en, href=f"inspections/{b.period}/{b.id}/", file=rec.file if rec else None, commit=commit)


def result_ev(facts: Facts, b: Batch, r: Result, zh: str = "", en: str = "") -> Evidence:
    a = facts.registry.account_by_id.get(r.account)
    items = "、".join(h.item.title_zh for h in r.outcome.hits) or "—"
    items_en = "; ".join(h.item.title_en for h in r.outcome.hits) or "—"
    title = b.data.get("title") or b.id
    return Evidence(f"{_name(a) if a else r.account}：{title}（{b.date}）{r.outcome.label_zh}，{items}{zh}",
                    f"{a.data.get('name') if a else r.account}: {b.id} ({b.date}) {r.outcome.label_en}: {items_en}{en}",
                    href=f"inspections/{b.period}/{b.id}/", file=facts.registry.inspection_by_id[b.id].file
                    if b.id in facts.registry.inspection_by_id else None)


def _in_scope(facts: Facts, s: Scope, code: str) -> list[Finding] | None:
    """A rule's findings on the records of the units in scope (None when the rule is off)."""
    found = facts.findings.get(code)
    if found is None:
        return None
    by = facts.by_unit.get(code)
    if by is None:
        by = facts.by_unit[code] = {}
        for f in found:
            if f.record is not None:
                unit = f.record.id if f.record.kind == "unit" else str(f.record.data.get("host_unit", ""))
                by.setdefault(unit, []).append(f)
    return [f for u in sorted(s.units) for f in by.get(u, ())]


def _filing(f: Finding) -> tuple[int, dict[str, Any]] | None:
    """The filing a finding on `filings[i]…` points at."""
    if f.record is None or not f.path.startswith("filings["):
        return None
    i = int(f.path[len("filings["):f.path.index("]")])
    filings = f.record.data.get("filings") or []
    return (i, filings[i]) if i < len(filings) else None


def _off(zh: str, en: str) -> Measured:
    return Measured(None, [], f"{zh}（本配置未启用该规则，不计）", f"{en} (the rule is off under this profile: not counted)",
                    counted=False)


# --- the measures ------------------------------------------------------------------------------------

def higher_serious_failures(facts: Facts, s: Scope) -> Measured:
    results = s.higher_results(facts.level)
    cases = [result_ev(facts, b, r) for b, r in results if not r.passed and r.outcome.serious]
    return Measured(len(cases), cases, f"上级抽查 {len(results)} 个结果中，因严重错误不合格 {len(cases)} 个",
                    f"{len(cases)} of {len(results)} results of higher-level checks failed on a serious error")


def failed_accounts(facts: Facts, s: Scope) -> Measured:
    first: dict[str, Evidence] = {}
    for b, r in s.others_results:
        if not r.passed and r.account not in first:
            first[r.account] = result_ev(facts, b, r)
    return Measured(len(first), list(first.values()),
                    f"其他单位检查的 {len(s.others_results)} 个结果中，不合格账号 {len(first)} 个",
                    f"{len(first)} accounts failed in {len(s.others_results)} results of others' checks")


def _supervisor_cadence(facts: Facts, *, with_report: bool = False) -> list[dict[str, Any]]:
    entries = [c for c in facts.cadence if c.get("who") == "supervisor" and (not with_report or c.get("report_due"))]
    if entries or with_report:
        return entries
    return [{"who": "supervisor", "every": "quarter", "times": 1, "label_zh": "每季度检查 1 次",
             "label_en": "one check a quarter"}]


def _counted(b: Batch, entry: dict[str, Any]) -> bool:
    kinds = entry.get("kinds")
    return not kinds or b.data.get("kind", "regular") in kinds


def cadence_gaps(facts: Facts, s: Scope, entry: dict[str, Any], batches: list[Batch],
                 accounts: list[Record]) -> tuple[list[Evidence], int]:
    """The ended periods of a cadence entry with fewer checks than due among `batches`, while one of
    `accounts` ran; and the number of periods judged."""
    key = (id(entry), tuple(b.id for b in batches), tuple(a.id for a in accounts))
    memo = s.__dict__.setdefault("_gaps", {})  # missing_checks and the cadence lines ask the same
    if key in memo:
        return memo[key]
    gaps, judged = [], 0
    whole = len(accounts) == len(s.accounts)
    for p in periods.periods_of_year(s.year, entry["every"]):
        start, end = periods.bounds(p)
        if end >= facts.today:
            continue
        if not (s.running_in(start, end) if whole else any(s.ran(a, start, end) for a in accounts)):
            continue
        judged += 1
        n = sum(1 for b in batches if start.isoformat() <= b.date <= end.isoformat() and _counted(b, entry))
        if n < entry["times"]:
            gaps.append(Evidence(f"{periods.label(p)}：检查 {n} 次，应不少于 {entry['times']} 次",
                                 f"{periods.label(p, 'en')}: {n} check(s), {entry['times']} due"))
    memo[key] = (gaps, judged)
    return gaps, judged


def missing_checks(facts: Facts, s: Scope) -> Measured:
    cases: list[Evidence] = []
    judged = 0
    for entry in _supervisor_cadence(facts):
        gaps, n = cadence_gaps(facts, s, entry, s.own_batches, s.accounts)
        cases += gaps
        judged += n
    return Measured(len(cases), cases, f"已结束的 {judged} 个检查周期中，缺少检查 {len(cases)} 个",
                    f"{len(cases)} of {judged} ended periods lacked the checks due")


def required_without_account(facts: Facts, s: Scope) -> Measured:
    found = _in_scope(facts, s, "COV001")
    if found is None:
        return _off("应开设政务新媒体的单位（COV001）", "units that must run an account (COV001)")
    cases = [Evidence(f"{f.record.data.get('name', f.record.id)} 没有在用的政务新媒体", f"{f.record.data.get('name', f.record.id)} runs no account",
                      href=f"units/{f.record.id}/", file=f.record.file) for f in found if f.record is not None]
    return Measured(len(cases), cases, f"应开设而未开设的单位 {len(cases)} 个", f"{len(cases)} units that must run an account run none")


def _unit_inputs(facts: Facts, s: Scope) -> UnitInputs | None:
    if facts.inputs is None or facts.inputs.year != s.year:
        return None
    return facts.inputs.units.get(s.unit)


def _pending(zh: str, en: str) -> Measured:
    return Measured(None, [], f"{zh}：考核补充材料中没有（待补充）", f"{en}: not in the inputs file (pending)", pending=True)


def falsification(facts: Facts, s: Scope) -> Measured:
    ui = _unit_inputs(facts, s)
    if ui is None or ui.falsification is None:
        return _pending("弄虚作假情况", "falsification")
    cases = [Evidence(ui.falsification_note or "考核单位认定存在弄虚作假", ui.falsification_note or "falsification found",
                      file=facts.inputs.file if facts.inputs else None)] if ui.falsification else []
    return Measured(len(cases), cases, "考核补充材料：" + ("存在弄虚作假" if ui.falsification else "未发现弄虚作假"),
                    "inputs file: " + ("falsification found" if ui.falsification else "none found"))


def performance_review(facts: Facts, s: Scope) -> Measured:
    ui = _unit_inputs(facts, s)
    if ui is None or ui.performance_review is None:
        return _pending("是否纳入年度绩效考核", "whether new media are in the performance review")
    file = facts.inputs.file if facts.inputs else None
    if ui.performance_review:
        return Measured(0, [], "考核补充材料：已纳入年度绩效考核", "inputs file: part of the performance review")
    return Measured(1, [Evidence("未纳入年度绩效考核", "not in the performance review", file=file)],
                    "考核补充材料：未纳入年度绩效考核", "inputs file: not in the performance review")


def commendations(facts: Facts, s: Scope, level_points: dict[str, int], cap: int) -> Measured:
    ui = _unit_inputs(facts, s)
    if ui is None or not ui.has_commendations:
        return _pending("表彰表扬", "commendations")
    file = facts.inputs.file if facts.inputs else None
    cases, points = [], 0
    for c in ui.commendations:
        if not s.in_year(c["date"]):
            continue
        pts = int(level_points.get(c["level"], 0))
        points += pts
        level_zh = {"city": "市级", "province": "省级", "national": "国家级"}[c["level"]]
        cases.append(Evidence(f"{c['date']} {c['title']}（{level_zh}，{pts} 分）", f"{c['date']} {c['title']} ({c['level']}, {pts})",
                              href=c.get("url"), file=file))
    return Measured(len(cases), cases, f"表彰表扬 {len(cases)} 次，计 {min(points, cap)} 分（上限 {cap} 分）",
                    f"{len(cases)} commendations: {min(points, cap)} points (at most {cap})", value=float(min(points, cap)))


def _plus_days(day: str, n: int) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


def late_rectification(facts: Facts, s: Scope) -> Measured:
    days = int(facts.params.get("rectify_days", 10))
    cases, judged = [], 0
    for b, r in s.others_results:
        published = b.data.get("published")
        if not published or (r.passed and not r.rectify_by):
            continue
        judged += 1
        due = _plus_days(published, days)
        fixed = r.rectified_on
        if fixed and fixed > due:
            cases.append(result_ev(facts, b, r, f"；{published} 通报，{fixed} 整改，晚于 {due}",
                                   f"; published {published}, rectified {fixed}, after {due}"))
        elif not fixed and facts.today.isoformat() > due:
            cases.append(result_ev(facts, b, r, f"；{published} 通报，{due} 前未整改",
                                   f"; published {published}, not rectified by {due}"))
    return Measured(len(cases), cases, f"已通报的 {judged} 个问题中，{days} 日内未整改 {len(cases)} 个",
                    f"{len(cases)} of {judged} published findings not rectified within {days} days")


def _arrival(facts: Facts, b: Batch) -> tuple[str, str | None, bool]:
    """(day the batch reached the registry, commit, from Git)."""
    rec = facts.registry.inspection_by_id.get(b.id)
    rel = rec.file.split("/", 1)[1] if rec and "/" in rec.file else ""
    found = facts.arrivals.get(rel)
    if found is not None:
        return found.date, found.sha, True
    return str(b.data.get("published") or b.date), None, False


def late_reports(facts: Facts, s: Scope) -> Measured:
    entries = _supervisor_cadence(facts, with_report=True)
    if not entries:
        return Measured(None, [], "本配置没有规定报送期限（不计）", "no report deadline under this profile (not counted)",
                        counted=False)
    cases, judged = [], 0
    for entry in entries:
        for p in periods.periods_of_year(s.year, entry["every"]):
            start, end = periods.bounds(p)
            if end >= facts.today or not s.running_in(start, end):
                continue
            judged += 1
            batches = [b for b in s.own_batches if start.isoformat() <= b.date <= end.isoformat() and _counted(b, entry)]
            if not batches:
                cases.append(Evidence(f"{periods.label(p)}：没有报送检查情况（应于 {end} 前）",
                                      f"{periods.label(p, 'en')}: no report (due by {end})"))
                continue
            arrivals = sorted((_arrival(facts, b), b) for b in batches)
            (day, sha, from_git), b = arrivals[0]
            if day > end.isoformat():
                how_zh = f"提交记录 {sha[:10]} 于 {day} 录入备案库" if from_git else f"未在 Git 历史中，按通报日期 {day} 计"
                how_en = f"commit {sha[:10]} recorded it on {day}" if from_git else f"not in the Git history: counted by its date {day}"
                cases.append(batch_ev(facts, b, f"{periods.label(p)}：{b.data.get('title') or b.id} 晚于 {end} 报送（{how_zh}）",
                                      f"{periods.label(p, 'en')}: {b.id} reported after {end} ({how_en})", commit=sha))
    return Measured(len(cases), cases, f"应报送的 {judged} 个季度中，未按时报送 {len(cases)} 次",
                    f"{len(cases)} of {judged} reports due were late or missing")


def unchecked_accounts(facts: Facts, s: Scope) -> Measured:
    checked = s.checked(s.own_batches)
    cases = [account_ev(a, "：本年度未检查", ": not checked this year") for a in s.accounts if a.id not in checked]
    return Measured(len(cases), cases, f"本年度在用账号 {len(s.accounts)} 个，本单位检查覆盖 {len(s.accounts) - len(cases)} 个",
                    f"{len(s.accounts) - len(cases)} of {len(s.accounts)} accounts running this year covered by its checks")


def similar_accounts(facts: Facts, s: Scope) -> Measured:
    found = _in_scope(facts, s, "ONE002")
    if found is None:
        return _off("同一平台 3 个（含）以上相近账号（ONE002）", "3+ similar accounts on one platform (ONE002)")
    cases = [Evidence(f"{f.args.get('unit')} 在 {f.args.get('platform')} 上有 {f.args.get('count')} 个账号：{f.args.get('names', '')}",
                      f"{f.args.get('unit')}: {f.args.get('count')} accounts on {f.args.get('platform')}",
                      href=f"accounts/{f.record.id}/", file=f.record.file) for f in found if f.record is not None]
    return Measured(len(cases), cases, f"同一平台 3 个（含）以上相近账号 {len(cases)} 起", f"{len(cases)} cases")


def closed_without_notice(facts: Facts, s: Scope) -> Measured:
    found = _in_scope(facts, s, "DRG007")
    if found is None:
        return _off("关停未发布停更公告（DRG007）", "closed without a notice (DRG007)")
    cases = [account_ev(f.record, f"：{f.args.get('closed')} 关停，未登记停更公告", f": closed {f.args.get('closed')}, no notice",
                        f.path) for f in found if f.record is not None and s.in_year(f.args.get("closed"))]
    for a in s.accounts:
        _opened, ended, _known = account_span(a.data)
        if a.data.get("status") != "closed" or ended is None or not s.in_year(ended):
            continue
        for b, r in facts.book.of_account.get(a.id, []):
            last = (r.data.get("observations") or {}).get("last_update")
            if last and last > ended.isoformat():
                cases.append(account_ev(a, f"：{ended} 报关停，{b.date} 检查时仍在更新（最近 {last}）",
                                        f": reported closed {ended}, still posting at the check of {b.date} (last {last})"))
                break
    return Measured(len(cases), cases, f"已报关停却未关停或未发布停更公告 {len(cases)} 个", f"{len(cases)} accounts")


def opened_without_approval(facts: Facts, s: Scope) -> Measured:
    found = _in_scope(facts, s, "APR001")
    if found is None:
        return _off("新开设未申请（APR001）", "opened without applying (APR001)")
    cases = []
    for f in found:
        got = _filing(f)
        if got is None or not s.in_year(got[1].get("event_date")):
            continue
        cases.append(account_ev(f.record, f"：{got[1].get('event_date')} 开设，未记录主管单位同意", f": opened {got[1].get('event_date')} without approval", f.path))
    return Measured(len(cases), cases, f"本年度新开设未申请 {len(cases)} 个", f"{len(cases)} accounts opened without applying")


def late_filings(facts: Facts, s: Scope) -> Measured:
    found = _in_scope(facts, s, "FIL001")
    if found is None:
        return _off("备案时限（FIL001）", "filing deadline (FIL001)")
    cases = []
    for f in found:
        got = _filing(f)
        if got is None or not s.in_year(got[1].get("event_date")):
            continue
        i, filing = got
        rel = f.record.file.split("/", 1)[1] if "/" in f.record.file else f.record.file
        commit = facts.filings.commit(rel, i)
        recorded_zh = f"，提交记录 {commit.sha[:10]}（{commit.date}）" if commit else ""
        recorded_en = f", commit {commit.sha[:10]} ({commit.date})" if commit else ""
        kind_zh, kind_en = labels.filing_type(filing.get("type", "")), labels.filing_type(filing.get("type", ""), "en")
        cases.append(Evidence(
            f"{_name(f.record)}：{kind_zh}（{filing.get('event_date')}）应于 {f.args.get('deadline')} 前备案，{filing.get('filed_date')} 才备案{recorded_zh}",
            f"{f.record.data.get('name')}: {kind_en} of {filing.get('event_date')} due by {f.args.get('deadline')}, filed {filing.get('filed_date')}{recorded_en}",
            href=f"accounts/{f.record.id}/#filings", file=f"{f.record.file} {f.path}", commit=commit.sha if commit else None))
    return Measured(len(cases), cases, f"本年度逾期备案 {len(cases)} 次", f"{len(cases)} filings late this year")


def never_inspected(facts: Facts, s: Scope) -> Measured:
    end = s.end.isoformat()
    cases = [account_ev(a, "：从未被检查", ": never inspected") for a in s.accounts
             if not any(b.date <= end for b, _ in facts.book.of_account.get(a.id, ()))]
    return Measured(len(cases), cases, f"从未纳入任何检查的账号 {len(cases)} 个", f"{len(cases)} accounts never inspected")


def quarterly_coverage(facts: Facts, s: Scope) -> Measured:
    cases, lowest = [], None
    for q in periods.periods_of_year(s.year, "quarter"):
        start, end = periods.bounds(q)
        if end >= facts.today:
            continue
        accounts = s.running_in(start, end)
        if not accounts:
            continue
        ids = {a.id for a in accounts}
        batches = [b for b in s.own_batches if start.isoformat() <= b.date <= end.isoformat()]
        checked = len(s.checked(batches) & ids)
        pct = checked * 100 / len(ids)
        lowest = pct if lowest is None else min(lowest, pct)
        cases.append(Evidence(f"{periods.label(q)}：检查 {checked}/{len(ids)} 个（{pct:.0f}%）",
                              f"{periods.label(q, 'en')}: {checked}/{len(ids)} checked ({pct:.0f}%)"))
    return Measured(len(cases), cases, "各季度检查比例" + ("：没有已结束的季度" if lowest is None else f"最低 {lowest:.0f}%"),
                    "share checked each quarter" + (": no quarter ended" if lowest is None else f", lowest {lowest:.0f}%"),
                    value=lowest)


def higher_pass_rate(facts: Facts, s: Scope) -> Measured:
    results = s.higher_results(facts.level)
    failed = [result_ev(facts, b, r) for b, r in results if not r.passed]
    if not results:
        return Measured(0, [], "本年度没有上级抽查结果（不加分）", "no results of higher-level checks this year (no bonus)", value=None)
    pct = (len(results) - len(failed)) * 100 / len(results)
    return Measured(len(results), failed, f"上级抽查 {len(results)} 个结果，合格率 {pct:.0f}%",
                    f"{len(results)} results of higher-level checks, {pct:.0f}% passed", value=pct)


MEASURES: dict[str, Callable[[Facts, Scope], Measured]] = {
    "higher_serious_failures": higher_serious_failures, "failed_accounts": failed_accounts,
    "missing_checks": missing_checks, "required_without_account": required_without_account,
    "falsification": falsification, "late_rectification": late_rectification, "late_reports": late_reports,
    "unchecked_accounts": unchecked_accounts, "similar_accounts": similar_accounts,
    "closed_without_notice": closed_without_notice, "opened_without_approval": opened_without_approval,
    "late_filings": late_filings, "never_inspected": never_inspected, "performance_review": performance_review,
    "quarterly_coverage": quarterly_coverage, "higher_pass_rate": higher_pass_rate,
}
RULES_USED = ("FIL001", "ONE002", "DRG007", "APR001", "COV001")
