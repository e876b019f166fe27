"""A problem found in the registry: what every stage reports and every output format prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def zh(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Problem:
    """One finding, located as precisely as the stage that found it can.

    `file` is relative to the registry's parent (e.g. ``registry/accounts/x/y.yaml``) so that CI
    annotations point at the repository path. `path` is the JSON path inside the record
    (``filings[2].filed_date``); the reporter turns it into `line`/`column` by reading the file on
    the exact path when the stage could not.
    """

    code: str
    severity: Severity
    file: str
    message_zh: str
    message_en: str
    hint_zh: str = ""
    hint_en: str = ""
    line: int | None = None
    column: int | None = None
    path: str = ""
    params: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en

    def hint(self, lang: str) -> str:
        return self.hint_zh if lang == "zh" else self.hint_en

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.code, self.path)

    def to_json(self, lang: str = "zh") -> dict[str, object]:
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message(lang),
            "hint": self.hint(lang),
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "hint_zh": self.hint_zh,
            "hint_en": self.hint_en,
        }


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
