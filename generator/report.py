"""Output formats for problems: human text (zh/en), GitHub annotations, JSON, GitLab Code Quality."""

from __future__ import annotations

import hashlib
import json

from generator.problems import Problem, Severity


def _where(p: Problem) -> str:
    if p.line is None:
        return p.file
    return f"{p.file}:{p.line}:{p.column or 1}"


def format_text(problems: list[Problem], lang: str = "zh") -> str:
    lines = []
    for p in problems:
        sev = p.severity.zh if lang == "zh" else p.severity.value
        hint = p.hint(lang)
        tail = (f"（{hint}）" if lang == "zh" else f" ({hint})") if hint else ""
        lines.append(f"{_where(p)}: {sev} {p.code} {p.message(lang)}{tail}")
    lines.append(summary(problems, lang))
    return "\n".join(lines)


def summary(problems: list[Problem], lang: str = "zh") -> str:
    e = sum(1 for p in problems if p.severity is Severity.ERROR)
    w = sum(1 for p in problems if p.severity is Severity.WARNING)
    i = sum(1 for p in problems if p.severity is Severity.INFO)
    if lang == "zh":
        verdict = "未通过" if e else "通过"
        return f"{verdict}：{e} 个错误，{w} 个警告，{i} 条提示"
    verdict = "FAILED" if e else "OK"
    return f"{verdict}: {e} error(s), {w} warning(s), {i} info"


def _escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(s: str) -> str:
    return _escape_data(s).replace(":", "%3A").replace(",", "%2C")


def format_github(problems: list[Problem], lang: str = "zh") -> str:
    """GitHub Actions workflow commands: one annotation per problem, shown on the pull request."""
    level = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
    out = []
    for p in problems:
        props = [f"file={_escape_prop(p.file)}"]
        if p.line is not None:
            props += [f"line={p.line}", f"col={p.column or 1}"]
        props.append(f"title={_escape_prop(p.code)}")
        hint = p.hint(lang)
        msg = p.message(lang) + (f"（{hint}）" if hint and lang == "zh" else f" ({hint})" if hint else "")
        out.append(f"::{level[p.severity]} {','.join(props)}::{_escape_data(msg)}")
    out.append(summary(problems, lang))
    return "\n".join(out)


def format_json(problems: list[Problem], lang: str = "zh") -> str:
    return json.dumps([p.to_json(lang) for p in problems], ensure_ascii=False, indent=2)


_CODE_QUALITY_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def format_codequality(problems: list[Problem], lang: str = "zh") -> str:
    """GitLab Code Quality report (a JSON array): merge requests show each problem on its line. The
    fingerprint identifies a problem across runs (code, file, JSON path, message), so GitLab can tell
    new problems from fixed ones."""
    out = []
    for p in problems:
        hint = p.hint(lang)
        key = "\0".join((p.code, p.file, p.path, p.message_en))
        out.append({
            "description": f"{p.code} {p.message(lang)}" + (f"（{hint}）" if hint and lang == "zh" else f" ({hint})" if hint else ""),
            "check_name": p.code,
            "fingerprint": hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest(),
            "severity": _CODE_QUALITY_SEVERITY[p.severity],
            "location": {"path": p.file, "lines": {"begin": p.line or 1}},
        })
    return json.dumps(out, ensure_ascii=False, indent=2)


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json, "codequality": format_codequality}
