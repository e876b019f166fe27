"""The mistakes Chinese office clerks make most, made as a clerk makes them (a Chinese input method,
Windows Notepad) in a real account file of the sample registry, checked through `portal validate`:
each is named at the offending character, with the fix.

The record edited is registry/accounts/qs-gaj/qs-gaj-ks.yaml; its lines (1-based):
  3 `platform: kuaishou` · 4 `name: 平安青山` · 5 `platform_id: "3xzy2jlv4000000"` · 7 `host_unit: qs-gaj`
  10 `status: active` · 11 `opened: 2023-07-25` · 14 `  - type: open` · 15 `    event_date: 2023-07-25`
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.load.read import analyse
from tests.conftest import SAMPLE_REGISTRY

RECORD = "accounts/qs-gaj/qs-gaj-ks.yaml"
TODAY = "2026-12-01"


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    reg = tmp_path_factory.mktemp("clerk") / "registry"
    shutil.copytree(SAMPLE_REGISTRY, reg, ignore=shutil.ignore_patterns(".portal-cache"))
    return reg


def _validate(reg: Path, content: bytes) -> list[dict]:
    """The problems `portal validate` reports for the record written as `content` (restored after)."""
    path = reg / RECORD
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        res = CliRunner().invoke(main, ["validate", "--registry", str(reg), "--today", TODAY, "--format", "json"])
    finally:
        path.write_bytes(original)
    assert res.exit_code in (0, 1), res.output
    return [p for p in json.loads(res.output) if p["file"].endswith(RECORD)]


def _typed(reg: Path, old: str, new: str) -> list[dict]:
    text = (reg / RECORD).read_text("utf-8")
    assert old in text
    return _validate(reg, text.replace(old, new, 1).encode("utf-8"))


def _one(problems: list[dict]) -> dict:
    assert len(problems) == 1, problems
    return problems[0]


# (what the clerk typed: old → new, expected code, line, column, a token the fix must name)
CASES = {
    "full-width colon": ("name: 平安青山", "name：平安青山", "YAML011", 4, 5, "name: 平安青山"),
    "full-width colon in a list item": ("  - type: open", "  - type：open", "YAML011", 14, 9, "type: open"),
    "full-width space as indentation": ("    event_date: 2023-07-25", "\u3000\u3000event_date: 2023-07-25",
                                        "YAML012", 15, 1, "半角空格"),
    "full-width space after the dash": ("  - type: open", "  -\u3000type: open", "YAML012", 14, 4, "半角空格"),
    "full-width space after the colon": ("name: 平安青山", "name:\u3000平安青山", "YAML012", 4, 6, "半角空格"),
    "platform in Chinese": ("platform: kuaishou", "platform: 快手", "SCH005", 3, 11, "platform: kuaishou"),
    "platform alias": ("platform: kuaishou", "platform: 快手号", "SCH005", 3, 11, "platform: kuaishou"),
    "full-width digits in a date": ("opened: 2023-07-25", "opened: ２０２３-07-25", "SCH005", 11, 9, "2023-07-25"),
    "full-width dash in a date": ("opened: 2023-07-25", "opened: 2023－07－25", "SCH005", 11, 13, "2023-07-25"),
    "full-width digit in a platform id": ('platform_id: "3xzy2jlv4000000"', 'platform_id: "３xzy2jlv4000000"',
                                          "SCH005", 5, 15, "3xzy2jlv4000000"),
    "full-width letter in a unit id": ("host_unit: qs-gaj", "host_unit: ｑs-gaj", "SCH005", 7, 12, "写成 qs-gaj"),
    "curly quotes around a platform id": ('platform_id: "3xzy2jlv4000000"', "platform_id: “3xzy2jlv4000000”",
                                          "YAML013", 5, 14, '"3xzy2jlv4000000"'),
    "curly quotes around a name": ("name: 平安青山", "name: “平安青山”", "YAML013", 4, 7, '"平安青山"'),
    "curly quotes around a date": ("opened: 2023-07-25", "opened: “2023-07-25”", "YAML013", 11, 9, '"2023-07-25"'),
    "a code's Chinese label": ("status: active", "status: 正常", "SCH004", 10, 9, "写成 active"),
    "a filing type's Chinese label": ("  - type: open", "  - type: 开设", "SCH004", 14, 11, "写成 open"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_typing_mistake_is_named_where_it_is_with_the_fix(registry: Path, case: str) -> None:
    old, new, code, line, column, fix = CASES[case]
    p = _one(_typed(registry, old, new))
    assert (p["code"], p["line"], p["column"]) == (code, line, column), p
    assert fix in p["hint_zh"], p["hint_zh"]
    assert p["hint_en"] and p["message_en"]


def test_a_gbk_file_from_notepad_is_placed_at_its_first_chinese_character(registry: Path) -> None:
    text = (registry / RECORD).read_text("utf-8")
    p = _one(_validate(registry, text.replace("\n", "\r\n").encode("gbk")))
    assert (p["code"], p["line"], p["column"]) == ("ENC001", 4, 7)  # 平 of `name: 平安青山`
    assert "GBK" in p["message_zh"] and "“平”" in p["message_zh"] and "UTF-8" in p["hint_zh"]


def test_a_utf16_file_from_notepad_is_named(registry: Path) -> None:
    text = (registry / RECORD).read_text("utf-8")
    p = _one(_validate(registry, text.encode("utf-16")))
    assert (p["code"], p["line"], p["column"]) == ("ENC001", 1, 1)
    assert "UTF-16" in p["message_zh"]


def test_notepad_bom_and_windows_line_ends_are_read_as_written(registry: Path) -> None:
    """A BOM and CRLF change nothing a record means (`portal fmt` removes them); a mistake in such a
    file is placed as in any other."""
    text = (registry / RECORD).read_text("utf-8")
    notepad = b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8")
    assert _validate(registry, notepad) == []
    p = _one(_validate(registry, notepad.replace("name: 平安青山".encode(), "name：平安青山".encode())))
    assert (p["code"], p["line"], p["column"]) == ("YAML011", 4, 5)


def test_curly_quotes_inside_a_text_are_content() -> None:
    """Quotes that belong to a text (a reason quoting a policy) are not a mistake, and the file still
    takes the fast path."""
    raw = (SAMPLE_REGISTRY / RECORD).read_text("utf-8").replace(
        "reason: 新开设政务新媒体账号", "reason: 落实“放管服”改革，新开设政务新媒体账号", 1).encode()
    assert "“放管服”".encode() in raw
    data, problems, _ = analyse(raw, "account")
    assert problems == () and data is not None
    assert data["filings"][0]["reason"].startswith("落实“放管服”改革")


def test_a_mistake_on_a_line_with_no_problem_is_not_reported() -> None:
    """A diagnosis only explains a failure: curly quotes around a free text that loads are content, even
    when another line of the file has an error."""
    text = (SAMPLE_REGISTRY / RECORD).read_text("utf-8")
    text = text.replace("opened: 2023-07-25", "opened: 2023-7-25").replace("verification_text: ", "verification_text: “", 1)
    text = text.replace("官方快手号\n", "官方快手号”\n", 1)
    _data, problems, _ = analyse(text.encode(), "account")
    assert [p["code"] for p in problems] == ["SCH005"]
