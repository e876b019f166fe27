"""The strict YAML reading: every fixture under tests/fixtures/yaml declares what it must give
(`# expect: ok` or `# expect: CODE@line:col`), on the exact path, and the fast path agrees."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.load.yaml.exact import load_exact, resolve_plain
from generator.load.yaml.fast import load_fast
from generator.load.yaml.text import YamlIssue, decode

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "yaml"
EXPECT = re.compile(r"#\s*expect:\s*(ok|([A-Z]+[0-9]+)@(\d+):(\d+))")
LIMIT = 256 * 1024


def read(raw: bytes) -> tuple[str, object]:
    """("ok", value) or (code, (line, column)) on the exact path."""
    try:
        text = decode(raw, LIMIT)
        return "ok", load_exact(text).value
    except YamlIssue as i:
        return i.code, (i.line, i.column)


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.yaml")), ids=lambda p: p.stem)
def test_fixture_gives_what_it_declares(path: Path) -> None:
    raw = path.read_bytes()
    m = EXPECT.search(raw.decode("utf-8", "replace"))
    assert m, "fixture must declare # expect:"
    code, where = read(raw)
    if m.group(1) == "ok":
        assert code == "ok", (code, where)
        fast = load_fast(decode(raw, LIMIT))
        assert fast is None or fast == where
    else:
        assert (code, where) == (m.group(2), (int(m.group(3)), int(m.group(4))))
        try:
            fast = load_fast(decode(raw, LIMIT))
        except YamlIssue:
            fast = None
        assert fast is None, "the fast path must not accept what the exact path rejects"


def test_yaml12_core_resolution() -> None:
    value = read(b"a: yes\nb: on\nc: NO\nd: 2024-01-02\ne: 1_000\nf: 0x1F\ng: 0o17\nh: .inf\ni: ~\nj: True\n"
                 b"k: 012\nl: 0X1F\nm: '12'\nn: 1e3\no: +.5\n")[1]
    assert value == {"a": "yes", "b": "on", "c": "NO", "d": "2024-01-02", "e": "1_000", "f": 31, "g": 15,
                     "h": float("inf"), "i": None, "j": True, "k": 12, "l": "0X1F", "m": "12", "n": 1000.0,
                     "o": 0.5}
    assert resolve_plain("-0x1") == "-0x1" and resolve_plain(".NaN") != resolve_plain(".NaN")


def test_dates_stay_text_on_both_paths() -> None:
    raw = b"a: 2024-01-02\nb: '2024-01-02'\nc: \"2024-01-02\"\nd: 2025-02-30\n"
    expected = {"a": "2024-01-02", "b": "2024-01-02", "c": "2024-01-02", "d": "2025-02-30"}
    assert read(raw) == ("ok", expected)
    assert load_fast(decode(raw, LIMIT)) == expected


@pytest.mark.parametrize("raw, code, where", [
    (b"name: \xc7\xe0\xc9\xbd\xb9\xab\xb0\xb2\n", "ENC001", (1, 7)),  # 青山公安 in GBK
    (b"\xff\xfea\x00:\x00 \x001\x00\n\x00", "ENC001", (1, 1)),  # UTF-16
    (b"a: 1\nb: x\x00y\n", "YAML009", (2, 5)),
    (b"a: 1\nb: x\xc2\x85y\n", "YAML009", (2, 5)),  # NEL
    (b"a: 1\nb: x\xe2\x80\xa8y\n", "YAML009", (2, 5)),  # LINE SEPARATOR
    (b"a: 1\nb: x\xef\xbb\xbfy\n", "YAML009", (2, 5)),  # a BOM inside the text
    (b"a: " + b"x" * LIMIT + b"\n", "SIZE001", (1, 1)),
])
def test_bytes_problems(raw: bytes, code: str, where: tuple[int, int]) -> None:
    assert read(raw) == (code, where)


def test_gbk_message_says_how_to_convert() -> None:
    import tempfile

    from generator.load import load_file

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "a.yaml"
        p.write_bytes("id: 青山公安\n".encode("gb18030"))
        data, problems = load_file(p, "account", "registry/accounts/u/a.yaml")
    assert data is None and [x.code for x in problems] == ["ENC001"]
    assert "GB18030" in problems[0].message_zh and "iconv -f GB18030 -t UTF-8" in problems[0].hint_zh
    assert problems[0].file == "registry/accounts/u/a.yaml"


def test_bom_and_crlf_are_accepted() -> None:
    raw = b"\xef\xbb\xbfid: a\r\nname: b\r\n"
    assert read(raw) == ("ok", {"id": "a", "name": "b"})
    assert load_fast(decode(raw, LIMIT)) == {"id": "a", "name": "b"}


def test_duplicate_key_names_the_first_line() -> None:
    with pytest.raises(YamlIssue) as info:
        load_exact("id: a\nname: x\nid: b\n")
    assert info.value.params["first_line"] == 1 and info.value.line == 3


def test_columns_count_characters_not_bytes() -> None:
    with pytest.raises(YamlIssue) as info:
        load_exact("name: 中文字: x\n")
    assert (info.value.line, info.value.column) == (1, 10)


def test_positions_of_nodes() -> None:
    doc = load_exact("id: a\nfilings:\n  - type: open\n    filed_date: 2024-01-02\n  - type: change\n")
    assert doc.locate(("filings", 0, "filed_date")) == (4, 17)
    assert doc.locate(("filings", 1, "filed_date")) == (5, 5)  # missing: the item that lacks it
    assert doc.locate(("filings",)) == (2, 1)  # a collection: its key
    assert doc.locate_key(("filings", 0, "type")) == (3, 5)
    assert doc.locate(("nope", 3)) == (1, 1)
