"""A year's assessment as `portal assess` prints it: text (Chinese or English), Markdown, or JSON. Every
item says what was counted and lists its evidence (the registry file and path, the portal page, the
commit)."""

from __future__ import annotations

import dataclasses
import json

from generator.assess.yearly import FOUND, NOT_COUNTED, PENDING, Line, UnitAssessment, YearAssessment

_MARK = {FOUND: "✗", "clear": "✓", PENDING: "?", NOT_COUNTED: "–"}


def to_json(year: YearAssessment) -> str:
    return json.dumps(dataclasses.asdict(year), ensure_ascii=False, indent=2, sort_keys=True)


def _result(u: UnitAssessment, year: YearAssessment, lang: str) -> str:
    zh = lang == "zh"
    if not u.scored:
        return "不评分（本地规定没有年度考核指标）" if zh else "not scored (no yearly assessment rubric under this profile)"
    if u.vetoed:
        text = "不合格（单项否决，不再评分）" if zh else "failed (veto: nothing else scored)"
    else:
        assert u.deduction_score is not None
        if zh:
            text = f"{u.result_zh}，扣分后 {u.deduction_score} 分"
            text += f"，加分 {u.bonus} 分，合计 {u.total} 分" if u.bonus is not None else (
                f"（未高于 {year.bonus_above} 分，不计加分）" if year.bonus_above is not None else "")
        else:
            text = f"{u.result_en}: {u.deduction_score} after deductions"
            text += f", bonus {u.bonus}, total {u.total}" if u.bonus is not None else (
                f" (not above {year.bonus_above}: no bonus)" if year.bonus_above is not None else "")
    if u.pending or not year.final:
        text += "；暂定" if zh else "; provisional"
    return text


def _line(ln: Line, lang: str, md: bool) -> list[str]:
    zh = lang == "zh"
    title = ln.title_zh if zh else ln.title_en
    pts = ""
    if ln.points:
        pts = f" {'+' if ln.section == 'bonus' else '−'}{ln.points}"
    mark = ("+" if ln.status == FOUND else "·") if ln.section == "bonus" and ln.status in (FOUND, "clear") else _MARK[ln.status]
    head = f"{mark} {title}{pts}：{ln.zh}" if zh else f"{mark} {title}{pts}: {ln.en}"
    out = [f"- {head}" if md else f"    {head}"]
    if ln.status == PENDING:
        return out
    for ev in ln.evidence:
        where = " · ".join(x for x in (ev.file, f"commit {ev.commit[:10]}" if ev.commit else None) if x)
        text = ev.zh if zh else ev.en
        out.append(f"  - {text}" + (f" ({where})" if where else "") if md else f"        - {text}" + (f"  [{where}]" if where else ""))
    return out


def to_text(year: YearAssessment, lang: str = "zh", md: bool = False) -> str:
    zh = lang == "zh"
    out: list[str] = []
    h1, h2, h3 = ("# ", "## ", "### ") if md else ("", "", "  ")
    title = year.title_zh if zh else year.title_en
    basis = (f"（{year.basis}）" if zh else f" ({year.basis})") if year.basis else ""
    out.append(f"{h1}{title}：{year.year} 年{basis}" if zh else f"{h1}{title}: {year.year}{basis}")
    as_of = (f"统计截至 {year.as_of}" + ("" if year.final else "（年度未结束，结果为暂定）")) if zh else (
        f"counted up to {year.as_of}" + ("" if year.final else " (the year is not over: provisional)"))
    gap = [""] if md else []  # Markdown: a blank line ends a paragraph
    if md:
        out.append("")
    out.append(as_of + (f"；补充材料：{year.inputs}" if zh else f"; inputs: {year.inputs}") if year.inputs else as_of)
    out.append("")
    for u in year.units:
        out += [f"{h2}{u.name}（{u.unit}）" if zh else f"{h2}{u.name} ({u.unit})", *gap]
        out += [("结果：" if zh else "Result: ") + _result(u, year, lang), *gap]
        out += [f"监管账号 {u.accounts} 个，本单位本年度检查 {u.checks} 次" if zh
                else f"{u.accounts} accounts supervised, {u.checks} checks of its own this year", *gap]
        if u.pending:
            out += [("待补充（考核补充材料）：" + "、".join(u.pending)) if zh else
                    "Pending (inputs file): " + ", ".join(u.pending_en), *gap]
        sections: list[tuple[str, list[Line]]] = []
        if u.vetoes:
            sections.append(("单项否决指标" if zh else "Veto items", u.vetoes))
        for g in u.groups:
            cap = f"（上限 {g.cap} 分，扣 {g.points} 分）" if zh else f" (at most {g.cap}, −{g.points})"
            sections.append(((g.title_zh if zh else g.title_en) + cap, g.lines))
        if u.bonuses:
            sections.append(("加分指标" if zh else "Bonus items", u.bonuses))
        if u.facts:
            sections.append(("监管情况" if zh else "Supervision facts", u.facts))
        if u.cadence:
            sections.append(("检查频次" if zh else "Inspection cadence", u.cadence))
        for name, lines in sections:
            out += [f"{h3}{name}", *gap]
            for ln in lines:
                out += _line(ln, lang, md)
            out += gap
        out.append("")
    return "\n".join(out).rstrip() + "\n"

