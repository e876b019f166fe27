"""Rule documentation: each registered rule's docstring, parsed.

Every rule documents itself in one fixed format, so that `portal rules --format markdown` and the
portal's rules page are generated from the code and a test runs every example (README, "How a rule is
documented"):

    One line: what the rule requires.

    Why: the rationale (may wrap over several lines).

    Basis: the national or general source; a profile's own clause (`basis_zh`) is shown beside it.

    Bad:

        # profile: licang
        # today: 2025-10-20
        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        filings:
          - {type: open, event_date: 2025-09-30, filed_date: 2025-10-17}

    Good:

        # accounts/dh-jyj/dh-jyj-toutiao.yaml
        ...

The four sections start at the docstring's own indentation, in this order, each once. An example is
an indented block: `# profile: NAME` (default `national`) and `# today: YYYY-MM-DD` (default
`DEFAULT_TODAY`) at its top, then one or more files, each started by a line `# <path>.yaml` (relative to
the registry root) and followed by the YAML merged onto that record of the examples registry, or given
as `# <path>.yaml: deleted`. `check.rule_examples` runs an example; this module only reads it.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from generator.check.engine import RuleSpec
from generator.load.yaml.exact import load_exact
from generator.load.yaml.text import YamlIssue
from generator.paths import PROFILES_DIR

DEFAULT_PROFILE = "national"
DEFAULT_TODAY = dt.date(2025, 12, 1)  # the day every example is checked on unless it says `# today:`
SECTIONS = ("Why", "Basis", "Bad", "Good")

_HEADER = re.compile(r"^(Why|Basis|Bad|Good):(.*)$")
_FILE = re.compile(r"^#\s*([^\s:#]+\.yaml)\s*(?::\s*(.*?)\s*)?$")
_DIRECTIVE = re.compile(r"^#\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")
_DIRECTIVES = ("profile", "today")
_CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")


class RuleDocError(ValueError):
    """A docstring that does not follow the format. `problem` is a stable slug (missing-section,
    unknown-directive, unknown-path, …) and `line` the docstring's line (1 = the summary line)."""

    def __init__(self, code: str, line: int, problem: str, detail: str) -> None:
        super().__init__(f"{code} docstring, line {line}: {problem}: {detail}")
        self.code, self.line, self.problem, self.detail = code, line, problem, detail


@dataclass(frozen=True)
class ExampleFile:
    """One record of an example: its path in the registry, its kind and the YAML to merge onto it
    (None: the file is deleted)."""

    path: str
    kind: str  # portal | unit | account | inspection
    overlay: dict[str, Any] | None

    def as_json(self) -> dict[str, Any]:
        return {"path": self.path, "kind": self.kind, "deleted": self.overlay is None, "overlay": self.overlay}


@dataclass(frozen=True)
class Example:
    """A Bad or Good example: the profile in force, the day it is checked on, and its files."""

    profile: str
    today: dt.date
    files: tuple[ExampleFile, ...]
    body: str = ""  # the file lines as written (the directives are rebuilt by `text`)

    @property
    def text(self) -> str:
        """The example as readers see it: profile and day always stated, then the files as written."""
        head = f"# profile: {self.profile}\n# today: {self.today.isoformat()}"
        return f"{head}\n{self.body}" if self.body else head

    def as_json(self) -> dict[str, Any]:
        return {"profile": self.profile, "today": self.today.isoformat(), "text": self.text,
                "files": [f.as_json() for f in self.files]}


@dataclass(frozen=True)
class RuleDoc:
    summary: str
    why: str
    basis: str
    bad: Example
    good: Example

    def as_json(self) -> dict[str, Any]:
        return {"summary": self.summary, "why": self.why, "basis": self.basis,
                "bad": self.bad.as_json(), "good": self.good.as_json()}


def rule_doc(spec: RuleSpec) -> RuleDoc:
    """The parsed docstring of a registered rule; raises RuleDocError."""
    return parse(spec.doc, spec.code)


@lru_cache(maxsize=256)
def parse(doc: str, code: str = "rule") -> RuleDoc:
    """Parse a docstring (raw or already cleaned) in the format of the module docstring."""
    lines = inspect.cleandoc(doc or "").splitlines()
    if not lines or not lines[0].strip() or _HEADER.match(lines[0]):
        raise RuleDocError(code, 1, "missing-summary", "the first line says what the rule requires")
    headers = [(i, m.group(1), m.group(2)) for i, line in enumerate(lines) if (m := _HEADER.match(line))]
    for name in SECTIONS:
        found = [i for i, n, _ in headers if n == name]
        if not found:
            raise RuleDocError(code, len(lines), "missing-section", f"no {name}: section (the sections are "
                               "Why:, Basis:, Bad:, Good:, each at the docstring's own indentation)")
        if len(found) > 1:
            raise RuleDocError(code, found[1] + 1, "repeated-section", f"{name}: appears twice")
    if [n for _, n, _ in headers] != list(SECTIONS):
        raise RuleDocError(code, headers[0][0] + 1, "section-order", "the order is Why, Basis, Bad, Good")
    if any(line.strip() for line in lines[1:headers[0][0]]):
        raise RuleDocError(code, 2, "long-summary", "the summary is one line, followed by a blank line and Why:")
    ends = [*(i for i, _, _ in headers[1:]), len(lines)]
    parts = {name: (i, rest, lines[i + 1:end]) for (i, name, rest), end in zip(headers, ends, strict=True)}
    why, basis = (_prose(code, name, *parts[name]) for name in ("Why", "Basis"))
    bad, good = (_example(code, name, *parts[name]) for name in ("Bad", "Good"))
    return RuleDoc(summary=lines[0].strip(), why=why, basis=basis, bad=bad, good=good)


def _prose(code: str, section: str, at: int, first: str, rest: list[str]) -> str:
    """A prose section as paragraphs (blank-line separated), each unwrapped into one line."""
    paragraphs: list[list[str]] = [[]]
    for line in [first, *rest]:
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    text = "\n\n".join(_unwrap(p) for p in paragraphs if p)
    if not text:
        raise RuleDocError(code, at + 1, "empty-section", f"{section}: has no text")
    return text


def _unwrap(lines: list[str]) -> str:
    """Join wrapped lines with a space, or with nothing between two Chinese characters."""
    out = lines[0]
    for line in lines[1:]:
        glue = "" if _CJK.match(out[-1]) and _CJK.match(line[0]) else " "
        out += glue + line
    return out


def _example(code: str, section: str, at: int, rest_of_header: str, block: list[str]) -> Example:
    if rest_of_header.strip():
        raise RuleDocError(code, at + 1, "inline-example", f"{section}: takes an indented block on the lines below")
    for k, line in enumerate(block):
        if line.strip() and not line[:1].isspace():
            raise RuleDocError(code, at + 2 + k, "unindented-example", f"{section}: example lines are indented")
    text = textwrap.dedent("\n".join(block)).strip("\n")
    if not text.strip():
        raise RuleDocError(code, at + 1, "empty-example", f"{section}: has no example")
    first = at + 2 + next(k for k, line in enumerate(block) if line.strip())  # docstring line of the text's 1st
    return _parse_example(code, section, text.splitlines(), first)


def _parse_example(code: str, section: str, lines: list[str], first: int) -> Example:
    directives: dict[str, str] = {}
    files: list[tuple[int, str, str | None, list[str]]] = []  # (line, path, suffix, yaml lines)
    for k, line in enumerate(lines):
        where = first + k
        stripped = line.strip()
        file = _FILE.match(stripped)
        if file:
            files.append((where, file.group(1), file.group(2), []))
            continue
        directive = _DIRECTIVE.match(stripped)
        if directive and directive.group(1) in _DIRECTIVES and files:
            raise RuleDocError(code, where, "late-directive", f"{section}: “{stripped}” goes at the top, before the files")
        if files:
            files[-1][3].append(line)
        elif not stripped:
            continue
        elif directive and directive.group(1) in _DIRECTIVES:
            if directive.group(1) in directives:
                raise RuleDocError(code, where, "repeated-directive", f"{section}: “{stripped}” given twice")
            directives[directive.group(1)] = directive.group(2)
        elif stripped.startswith("#"):
            raise RuleDocError(code, where, "unknown-directive", f"{section}: “{stripped}” (the top lines are "
                               "# profile: NAME, # today: YYYY-MM-DD, then # <path>.yaml)")
        else:
            raise RuleDocError(code, where, "yaml-before-file", f"{section}: “{stripped}” comes before any "
                               "# <path>.yaml line")
    if not files:
        raise RuleDocError(code, first, "no-file", f"{section}: names no file (# <path>.yaml)")
    profile = directives.get("profile", DEFAULT_PROFILE)
    if not (PROFILES_DIR / f"{profile}.yaml").is_file():
        raise RuleDocError(code, first, "unknown-profile", f"{section}: no profile “{profile}”")
    try:
        today = dt.date.fromisoformat(directives.get("today", DEFAULT_TODAY.isoformat()))
    except ValueError:
        raise RuleDocError(code, first, "bad-today", f"{section}: “{directives['today']}” is not YYYY-MM-DD") from None
    parsed: list[ExampleFile] = []
    for where, path, suffix, yaml_lines in files:
        kind = _kind(code, where, section, path)
        if any(f.path == path for f in parsed):
            raise RuleDocError(code, where, "repeated-file", f"{section}: {path} appears twice")
        parsed.append(ExampleFile(path, kind, _overlay(code, where, section, path, kind, suffix, yaml_lines)))
    body_start = files[0][0] - first
    return Example(profile=profile, today=today, files=tuple(parsed), body="\n".join(lines[body_start:]))


_KINDS = {(1, "portal.yaml"): "portal", (2, "units"): "unit", (3, "accounts"): "account",
          (3, "inspections"): "inspection"}


def _kind(code: str, where: int, section: str, path: str) -> str:
    """The kind of record a path holds (the path is the identity)."""
    parts = path.split("/")
    kind = _KINDS.get((len(parts), parts[0]))
    if kind is None or any(p in ("", ".", "..") for p in parts):
        raise RuleDocError(code, where, "unknown-path", f"{section}: {path} is none of portal.yaml, "
                           "units/<id>.yaml, accounts/<unit>/<id>.yaml, inspections/<period>/<id>.yaml")
    return kind


def _overlay(code: str, where: int, section: str, path: str, kind: str, suffix: str | None,
             yaml_lines: list[str]) -> dict[str, Any] | None:
    content = [line for line in yaml_lines if line.strip() and not line.lstrip().startswith("#")]
    if suffix is not None:
        if suffix != "deleted":
            raise RuleDocError(code, where, "unknown-file-directive", f"{section}: “{path}: {suffix}” (only “: deleted”)")
        if content:
            raise RuleDocError(code, where, "deleted-with-yaml", f"{section}: {path} is deleted but has YAML below")
        return None
    if not content:
        return {}
    try:
        value = load_exact("\n".join(yaml_lines) + "\n").value
    except YamlIssue as issue:
        raise RuleDocError(code, where + issue.line, "bad-yaml", f"{section}: {path}: {issue.code}") from None
    if kind == "portal" and "profile" in value:
        raise RuleDocError(code, where, "profile-in-portal", f"{section}: set the profile with # profile: NAME")
    return value
