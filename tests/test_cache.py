"""The content-addressed cache: a warm run reads nothing unchanged, a change re-reads only that
file, a damaged or foreign cache is ignored and rebuilt, and the state digest follows the content."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from generator.load import cache as cache_module
from generator.load import load_registry, state_digest, walk
from generator.load.cache import INDEX_FILE, RACY_NS, RECORDS_FILE, git_blob_id
from generator.paths import CACHE_DIR_NAME

BASE = Path(__file__).resolve().parent / "fixtures" / "validate" / "base"


@pytest.fixture(scope="module")
def aged(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Copies of the base registry older than the cache's racy window (as files in a checkout
    usually are): made once, then one wait, instead of a wait in every test."""
    pool = tmp_path_factory.mktemp("aged")
    copies = []
    for i in range(24):
        dst = pool / f"r{i}"
        shutil.copytree(BASE, dst, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
        copies.append(dst)
    time.sleep(RACY_NS / 1e9 + 0.05)
    return copies


@pytest.fixture
def reg(tmp_path: Path, aged: list[Path]) -> Path:
    root = tmp_path / "registry"
    os.rename(aged.pop(), root)  # renaming the folder leaves its files' timestamps alone
    return root


STATS: dict[str, int] = {}  # what the last snapshot's load did


def snapshot(root: Path, **kw: bool) -> tuple[list, list]:
    registry, problems = load_registry(root, **kw)
    STATS.clear()
    STATS.update(registry.load_stats)
    return [(r.kind, r.file, r.data, r.digest) for r in registry.records()], problems


def test_warm_run_reads_nothing_and_gives_the_same(reg: Path) -> None:
    cold = snapshot(reg)
    assert STATS["parsed"] == STATS["files"] > 0
    assert (reg / CACHE_DIR_NAME / INDEX_FILE).is_file() and (reg / CACHE_DIR_NAME / RECORDS_FILE).is_file()
    warm = snapshot(reg)
    assert STATS["read"] == 0 and STATS["parsed"] == 0
    assert warm == cold == snapshot(reg, use_cache=False)


def test_a_change_rereads_only_that_file(reg: Path) -> None:
    snapshot(reg)
    f = reg / "units" / "qs-gov.yaml"
    f.write_text(f.read_text("utf-8").replace("青山市人民政府", "青山市人民政府（改）"), "utf-8")
    records, _ = snapshot(reg)
    assert STATS["read"] == 1 and STATS["parsed"] == 1
    assert any(r[2].get("name") == "青山市人民政府（改）" for r in records)


def test_same_size_edit_right_after_a_run_is_seen(reg: Path) -> None:
    f = reg / "units" / "qs-gov.yaml"
    snapshot(reg)
    f.write_text(f.read_text("utf-8").replace("qs-gov", "qs-gox", 1), "utf-8")
    snapshot(reg)  # the edit is recent: this run must not trust its stat next time
    f.write_text(f.read_text("utf-8").replace("qs-gox", "qs-goy", 1), "utf-8")  # same size, same second
    records, _ = snapshot(reg)
    assert any(r[2].get("id") == "qs-goy" for r in records)


def test_content_moved_to_another_path_is_a_hit(reg: Path) -> None:
    snapshot(reg)
    src = reg / "accounts" / "qs-gaj" / "qs-gaj-wechat.yaml"
    shutil.copyfile(src, reg / "accounts" / "qs-gaj" / "qs-gaj-copy.yaml")
    snapshot(reg)
    assert STATS["read"] == 1 and STATS["parsed"] == 0


def test_problems_are_cached_with_their_positions(reg: Path) -> None:
    (reg / "units" / "qs-bad.yaml").write_text("id: qs-bad\nname: x\nkind: nope\n", "utf-8")
    cold = snapshot(reg)[1]
    warm = snapshot(reg)[1]
    assert cold == warm and [(p.code, p.line) for p in warm] == [("SCH004", 3)]
    assert STATS["parsed"] == 0


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "wrong_shape", "forged", "other_version", "empty"])
def test_damaged_cache_is_ignored_and_rebuilt(reg: Path, damage: str) -> None:
    cold = snapshot(reg)
    for name in (RECORDS_FILE, INDEX_FILE):
        f = reg / CACHE_DIR_NAME / name
        raw = f.read_bytes()
        head, _, body = raw.partition(b"\n")
        if damage == "truncate":
            f.write_bytes(raw[: len(raw) // 2])
        elif damage == "flip":
            i = len(head) + 1 + len(body) // 2
            f.write_bytes(raw[:i] + bytes([raw[i] ^ 0x01]) + raw[i + 1:])
        elif damage == "garbage":
            f.write_bytes(os.urandom(200))
        elif damage == "wrong_shape":  # well made by us, but not what the loader expects
            version = head.split(b" ")[1].decode()
            assert cache_module.write_signed(f, version, {"a": [1, 2]} if name == INDEX_FILE else {"unit:x": (3, (), None)})
        elif damage == "forged":  # a cache made elsewhere (e.g. committed in a pull request)
            import hashlib
            import marshal

            version = head.split(b" ")[1].decode()
            real = cache_module.read_signed(f, version)
            for entry in real.values() if name == RECORDS_FILE else ():
                if entry[0] is not None:
                    entry[0]["name"] = "forged"
            forged = marshal.dumps(real, 4)
            mac = hashlib.blake2b(version.encode() + b"\0" + forged, key=b"k" * 32, digest_size=32).hexdigest()
            f.write_bytes(b"PORTAL-LOADER-CACHE/2 " + f"{version} {len(forged)} {mac}\n".encode() + forged)
        elif damage == "other_version":
            f.write_bytes(raw.replace(head.split(b" ")[1], b"0" * 64, 1))
        else:
            f.write_bytes(b"")
    assert snapshot(reg) == cold
    assert STATS["parsed"] == STATS["files"]
    snapshot(reg)
    assert STATS["read"] == 0  # rebuilt


def test_no_cache_writes_nothing(reg: Path) -> None:
    snapshot(reg, use_cache=False)
    assert not (reg / CACHE_DIR_NAME).exists()


def test_state_digest(reg: Path) -> None:
    loaded = load_registry(reg)[0].state
    fresh = state_digest(reg, {"today": "2025-01-01"})
    assert loaded == state_digest(reg)  # without options: the bare state
    assert state_digest(reg, {"today": "2025-01-02"}) != fresh
    f = reg / "units" / "qs-gov.yaml"
    f.write_text(f.read_text("utf-8") + "# a comment changes the content\n", "utf-8")
    changed = state_digest(reg, {"today": "2025-01-01"})  # seen at once, without a new load
    assert changed != fresh
    load_registry(reg)
    assert state_digest(reg, {"today": "2025-01-01"}) == changed


def test_git_blob_id() -> None:
    assert git_blob_id(b"") == "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391"
    assert git_blob_id(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_state_digest_is_the_same_on_one_core_and_on_several(reg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The warm check (state_digest) and the load walk the registry in ordered chunks, forked when
    large: both, on one core or several, must agree, layout problems included."""
    (reg / "units" / "Bad_Name.yaml").write_text("id: x\n", "utf-8")  # a layout problem inside a chunk
    (reg / "stray.txt").write_text("?", "utf-8")  # and one the plan finds
    serial = load_registry(reg)[0].state
    assert state_digest(reg) == serial
    monkeypatch.setattr(walk, "PARALLEL_MIN", 1)
    monkeypatch.setattr(walk, "CHUNK", 2)
    monkeypatch.setattr(walk, "FOLDER_FILES", 1)
    assert state_digest(reg) == serial
    assert load_registry(reg)[0].state == serial
