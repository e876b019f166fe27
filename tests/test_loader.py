"""load_registry on real folders: layout problems, schema problems with positions, broken records,
locate, and the same result with and without the cache and with several worker processes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.load import load_registry, locate, walk
from generator.load.locate import parse_json_path
from generator.load.read import read_capped

BASE = Path(__file__).resolve().parent / "fixtures" / "validate" / "base"

ACCOUNT = """\
id: qs-gaj-weibo
platform: weibo
name: 青山公安
platform_id: "1234567890"
host_unit: qs-gaj
status: active
filings:
  - type: open
    event_date: 2024-03-04
    filed_date: 2024-03-05
"""


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(BASE, root, ignore=shutil.ignore_patterns(".portal-cache"))
    return root


def write(root: Path, rel: str, text: str | bytes) -> Path:
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        p.write_bytes(text)
    else:
        p.write_text(text, "utf-8")
    return p


def codes(problems: list) -> set[tuple[str, str, int | None]]:
    return {(p.code, p.file, p.line) for p in problems}


def test_base_registry_loads_clean(reg: Path) -> None:
    registry, problems = load_registry(reg)
    assert problems == []
    assert registry.portal is not None and registry.portal.file == "registry/portal.yaml"
    assert {r.file for r in registry.accounts} >= {"registry/accounts/qs-gaj/qs-gaj-wechat.yaml"}
    assert all(len(r.digest) == 40 for r in registry.records())
    # dates stay ISO strings
    acc = registry.account_by_id["qs-gaj-wechat"].data
    assert acc["filings"][0]["event_date"] == "2024-03-04"


def test_git_blob_id_matches_git(reg: Path) -> None:
    import subprocess

    registry, _ = load_registry(reg)
    rec = registry.portal
    assert rec is not None
    out = subprocess.run(["git", "hash-object", str(reg / "portal.yaml")], capture_output=True, text=True, check=True)
    assert rec.digest == out.stdout.strip()


@pytest.mark.parametrize("text, code, line, col", [
    (ACCOUNT.replace("platform: weibo", "platfrom: weibo"), "SCH002", 2, 1),
    (ACCOUNT.replace('platform_id: "1234567890"', "platform_id: 1234567890"), "SCH003", 4, 14),
    (ACCOUNT.replace("status: active", "status: alive"), "SCH004", 6, 9),
    (ACCOUNT.replace("filed_date: 2024-03-05", "filed_date: 2025-02-30"), "SCH005", 10, 17),
    (ACCOUNT.replace("name: 青山公安", "name: ''"), "SCH006", 3, 7),
    (ACCOUNT.replace("    filed_date: 2024-03-05\n", ""), "SCH001", 8, 5),
])
def test_schema_problems_point_at_the_node(reg: Path, text: str, code: str, line: int, col: int) -> None:
    write(reg, "accounts/qs-gaj/qs-gaj-weibo.yaml", text)
    registry, problems = load_registry(reg)
    mine = [p for p in problems if p.file == "registry/accounts/qs-gaj/qs-gaj-weibo.yaml"]
    assert (code, line, col) in [(p.code, p.line, p.column) for p in mine]
    assert len(mine) == (2 if code == "SCH002" else 1)  # a misspelt required field is also missing
    p = next(p for p in mine if p.code == code)
    assert p.message_zh and p.message_en and p.hint_zh and p.hint_en
    assert "qs-gaj-weibo" not in registry.account_by_id
    assert "qs-gaj-weibo" in registry.broken["account"]
    assert "registry/accounts/qs-gaj/qs-gaj-weibo.yaml" in registry.broken["files"]


def test_schema_hints_are_helpful(reg: Path) -> None:
    write(reg, "accounts/qs-gaj/qs-gaj-weibo.yaml",
          ACCOUNT.replace("platform: weibo", "platfrom: weibo").replace('"1234567890"', "1234567890")
          .replace("event_date: 2024-03-04", "event_date: 2024/03/04").replace("active", "alive"))
    _, problems = load_registry(reg)
    by = {p.code: p for p in problems}
    assert "platform" in by["SCH002"].hint_zh and "platfrom" in by["SCH002"].message_zh
    assert "引号" in by["SCH003"].hint_zh
    assert "active" in by["SCH004"].hint_zh and "active" in by["SCH004"].hint_en
    assert "YYYY-MM-DD" in by["SCH005"].hint_zh
    assert by["SCH005"].path == "filings[0].event_date"
    assert {p.code for p in problems} >= {"SCH001"}  # platform itself is missing


def test_yaml_problems_carry_file_line_col(reg: Path) -> None:
    write(reg, "accounts/qs-gaj/qs-gaj-weibo.yaml", ACCOUNT + "name: again\n")
    write(reg, "units/qs-bad.yaml", "id: qs-bad\n\tname: x\n")
    write(reg, "units/qs-gbk.yaml", "id: qs-gbk\nname: 青山\nkind: department\n".encode("gb18030"))
    _, problems = load_registry(reg)
    assert codes(problems) == {
        ("YAML002", "registry/accounts/qs-gaj/qs-gaj-weibo.yaml", 11),
        ("YAML008", "registry/units/qs-bad.yaml", 2),
        ("ENC001", "registry/units/qs-gbk.yaml", 2),
    }


def test_layout_problems(reg: Path) -> None:
    write(reg, "accounts/qs-gaj/qs-gaj-x.yml", ACCOUNT)
    write(reg, "accounts/qs-gaj/QS-Upper.yaml", ACCOUNT)
    write(reg, "accounts/stray.yaml", ACCOUNT)
    write(reg, "accounts/Bad_Unit/a.yaml", ACCOUNT)
    write(reg, "accounts/qs-gaj/deeper/a.yaml", ACCOUNT)
    write(reg, "units/notes.docx", b"PK")
    write(reg, "account/qs-gaj/typo.yaml", ACCOUNT)
    write(reg, "inspections/2025-q3/x.yaml", "id: x\n")
    write(reg, "README.md", "# registry\n")
    write(reg, ".hidden/x.yml", "a: 1\n")
    write(reg, ".portal-cache/junk", "x")
    os.symlink("/etc/hostname", reg / "units" / "qs-link.yaml")
    registry, problems = load_registry(reg)
    got = {(p.code, p.file) for p in problems}
    assert got == {
        ("LAY001", "registry/accounts/qs-gaj/qs-gaj-x.yml"),
        ("LAY005", "registry/accounts/qs-gaj/QS-Upper.yaml"),
        ("LAY002", "registry/accounts/stray.yaml"),
        ("LAY005", "registry/accounts/Bad_Unit"),
        ("LAY002", "registry/accounts/qs-gaj/deeper/a.yaml"),
        ("LAY003", "registry/units/notes.docx"),
        ("LAY002", "registry/account/qs-gaj/typo.yaml"),
        ("LAY005", "registry/inspections/2025-q3"),
        ("LAY004", "registry/units/qs-link.yaml"),
        ("LAY002", "registry/.hidden/x.yml"),  # hidden, yet reported: a record hidden by mistake is never lost
    }
    assert all(p.message_zh and p.hint_zh for p in problems)
    assert {"qs-gaj-x", "QS-Upper"} <= registry.broken["account"]
    assert "qs-link" not in registry.unit_by_id


def test_broken_portal_is_recorded(reg: Path) -> None:
    write(reg, "portal.yaml", "name: [\n")
    registry, problems = load_registry(reg)
    assert registry.portal is None and registry.broken["portal"] == {"portal"}
    assert [p.code for p in problems] == ["YAML001"]


def test_missing_registry_folder(tmp_path: Path) -> None:
    registry, problems = load_registry(tmp_path / "nope")
    assert [p.code for p in problems] == ["LAY000"] and registry.records() == []


def test_locate(reg: Path) -> None:
    f = reg / "accounts/qs-gaj/qs-gaj-wechat.yaml"
    lines = f.read_text("utf-8").splitlines()
    line, col = locate(f, "filings[1].filed_date")
    assert lines[line - 1].strip().startswith("filed_date:") and lines[line - 1][col - 1:].startswith("2025-")
    # a missing key: its parent (the second filing's first line)
    line2, _ = locate(f, "filings[1].nothing")
    assert "type: change" in lines[line2 - 1]
    assert locate(f, "filings[1].approval")[0] == line2  # missing in that filing
    assert locate(reg / "missing.yaml", "id") is None
    assert parse_json_path("a.b[2].c") == ("a", "b", 2, "c")


def test_parallel_and_serial_loads_are_identical(reg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(60):
        write(reg, f"accounts/qs-gaj/qs-gaj-p{i}.yaml", ACCOUNT.replace("qs-gaj-weibo", f"qs-gaj-p{i}")
              .replace("1234567890", f"99{i}") + ("bad: 1\n" if i % 7 == 0 else ""))
    serial, sp = load_registry(reg, use_cache=False)
    monkeypatch.setattr(walk, "PARALLEL_MIN", 1)
    monkeypatch.setattr(walk, "CHUNK", 7)
    parallel, pp = load_registry(reg, use_cache=False)
    assert [(r.file, r.data, r.digest) for r in serial.records()] == [(r.file, r.data, r.digest) for r in parallel.records()]
    assert sp == pp and len(sp) == 9
    assert serial.broken == parallel.broken


def test_links_special_files_and_odd_names_are_never_read(reg: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "x.yaml").write_text(ACCOUNT, "utf-8")
    os.symlink(outside, reg / "accounts" / "qs-out")  # a folder escaping the registry
    os.mkfifo(reg / "units" / "qs-fifo.yaml")  # reading it would block forever
    (reg / "units" / os.fsdecode(b"qs-\xc7\xe0.yaml")).write_text("id: x\n", "utf-8")  # GBK bytes in a name
    registry, problems = load_registry(reg)
    got = {(p.code, p.file) for p in problems}
    assert ("LAY004", "registry/accounts/qs-out") in got
    assert ("LAY004", "registry/units/qs-fifo.yaml") in got
    assert ("LAY005", "registry/units/qs-\ufffd\ufffd.yaml") in got
    assert all(not r.file.startswith("registry/accounts/qs-out") for r in registry.records())


def test_inspections_are_loaded_from_their_period_folder(reg: Path) -> None:
    registry, problems = load_registry(reg)
    assert problems == []
    assert [r.file for r in registry.inspections] == ["registry/inspections/2025-Q3/qs-2025-q3.yaml"]
    # an inspection may be far larger than an account
    big = (reg / "inspections/2025-Q3/qs-2025-q3.yaml").read_text("utf-8") + "\n" * 300_000
    write(reg, "inspections/2025-Q3/qs-2025-q3.yaml", big)
    write(reg, "accounts/qs-gaj/qs-gaj-weibo.yaml", ACCOUNT + "\n" * 300_000)
    registry, problems = load_registry(reg)
    assert [(p.code, p.file) for p in problems] == [("SIZE001", "registry/accounts/qs-gaj/qs-gaj-weibo.yaml")]
    assert "256 KiB" in problems[0].message_zh
    assert len(registry.inspections) == 1


def test_problem_params_survive_the_cache(reg: Path) -> None:
    write(reg, "accounts/qs-gaj/qs-gaj-weibo.yaml", ACCOUNT.replace("platform: weibo", "platfrom: weibo"))
    cold = load_registry(reg)[1]
    warm = load_registry(reg)[1]
    assert [p.params for p in cold] == [p.params for p in warm]
    assert any(p.params.get("suggest") == "platform" for p in warm)


def test_reading_a_file_trusts_its_stat_for_speed_but_not_for_truth(tmp_path: Path) -> None:
    f = tmp_path / "a.yaml"
    f.write_bytes(b"x" * 100)
    assert read_capped(str(f), 1000, 100) == b"x" * 100
    assert read_capped(str(f), 1000, 10) == b"x" * 100  # grew since the walk's stat: read on
    assert read_capped(str(f), 1000, 500) == b"x" * 100  # shrank: what is there
    assert read_capped(str(f), 50, 100) == b"x" * 51  # one byte more than allowed says "too large"
    assert read_capped(str(f), 50, 10) == b"x" * 51
    assert read_capped(str(f), 1000) == b"x" * 100  # no stat at hand
    link = tmp_path / "link.yaml"
    os.symlink(f, link)
    with pytest.raises(OSError):  # a link swapped in after the walk is not followed: it cannot be read
        read_capped(str(link), 1000, 100)
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    assert not read_capped(str(fifo), 1000, 0)  # and a pipe does not block the load
    assert read_capped(str(tmp_path / "gone.yaml"), 1000, 5) is None
