"""Hostile and careless inputs to the load stage: the cache folder or its files swapped for links,
pipes, devices or huge files; a committed cache; files that exist and cannot be read; hidden files;
deep nesting; one account filed twice under two links; a flood of unknown references. Each case is
a real folder (and, where it matters, a real Git repository or a real unprivileged process)."""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.check.pipeline import validate
from generator.check.rules.structure.common import SUGGEST_MAX
from generator.load import load_registry
from generator.paths import CACHE_DIR_NAME
from tests.support.validate_fixtures import BASE

TODAY = dt.date(2026, 11, 27)
WEIBO = "accounts/qs-gaj/qs-gaj-weibo.yaml"


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    dst = tmp_path / "registry"
    shutil.copytree(BASE, dst, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    return dst


def codes(problems: list) -> set[tuple[str, str]]:
    return {(p.code, p.file) for p in problems}


# --- the cache folder and its files ---------------------------------------------------------------


def test_a_cache_folder_that_is_a_link_is_refused_and_never_written_through(reg: Path, tmp_path: Path) -> None:
    published = tmp_path / "site"  # e.g. the mkdocs docs folder: whatever lands there is published
    published.mkdir()
    (reg / CACHE_DIR_NAME).symlink_to(published)
    problems = validate(reg, today=TODAY).problems
    assert ("LAY006", f"registry/{CACHE_DIR_NAME}") in codes(problems)
    assert list(published.iterdir()) == []  # no record (private blocks and all) went through the link


def test_a_cache_path_that_is_a_file_is_refused(reg: Path) -> None:
    (reg / CACHE_DIR_NAME).write_text("not a folder", "utf-8")
    problems = validate(reg, today=TODAY).problems
    assert ("LAY006", f"registry/{CACHE_DIR_NAME}") in codes(problems)


@pytest.mark.parametrize("swap", ["fifo", "dev_zero", "link", "huge"])
def test_cache_files_swapped_for_something_else_are_ignored(reg: Path, swap: str) -> None:
    cold = load_registry(reg)[0]
    cache = reg / CACHE_DIR_NAME
    swapped = [cache / name for name in ("records.bin", "index.bin") if (cache / name).exists()]
    assert cache / "records.bin" in swapped
    for f in swapped:
        f.unlink()
        if swap == "fifo":
            os.mkfifo(f)  # opening it for reading would wait for a writer forever
        elif swap == "dev_zero":
            f.symlink_to("/dev/zero")  # reading it would never end
        elif swap == "link":
            f.symlink_to(reg / WEIBO)
        else:
            with open(f, "wb") as out:  # sparse: no disk used, and still never read into memory
                out.truncate(2 * 1024**3 + 1)
    warm = load_registry(reg)[0]
    assert warm.load_stats["parsed"] == warm.load_stats["files"]  # nothing trusted: every file parsed again
    assert [r.data for r in warm.records()] == [r.data for r in cold.records()]


def test_a_committed_cache_is_a_layout_error(reg: Path) -> None:
    repo = reg.parent
    load_registry(reg)  # makes the cache
    env = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org", "GIT_COMMITTER_NAME": "a",
           "GIT_COMMITTER_EMAIL": "a@example.org"}
    for args in (["init", "-q"], ["add", "-f", "."], ["commit", "-qm", "with the cache"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    result = validate(reg, today=TODAY)
    assert ("LAY006", f"registry/{CACHE_DIR_NAME}") in codes(result.problems)
    assert not result.ok
    subprocess.run(["git", "rm", "-rq", "--cached", f"registry/{CACHE_DIR_NAME}"], cwd=repo, env=env, check=True)
    assert ("LAY006", f"registry/{CACHE_DIR_NAME}") not in codes(validate(reg, today=TODAY).problems)


# --- files that exist are never skipped in silence ----------------------------------------------------


@pytest.fixture
def shared_reg() -> Iterator[Path]:
    """A registry another user can read (for a validate run without root's right to read anything)."""
    top = Path(tempfile.mkdtemp(prefix="portal-unreadable-"))
    try:
        reg = top / "registry"
        shutil.copytree(BASE, reg, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
        for p in [top, *top.rglob("*")]:
            p.chmod(0o755 if p.is_dir() else 0o644)
        yield reg
    finally:
        for p in top.rglob("*"):
            p.chmod(0o755 if p.is_dir() else 0o644)
        shutil.rmtree(top)


def _validate_unprivileged(reg: Path) -> subprocess.CompletedProcess[str]:
    """`portal validate` without the right to read what the test made unreadable: when the tests run
    as root, in a process that gave up root's power to read anything (CAP_DAC_OVERRIDE and
    CAP_DAC_READ_SEARCH leave its bounding set before the exec), else as this user."""
    root = os.geteuid() == 0

    def drop() -> None:
        if root:
            libc = ctypes.CDLL(None, use_errno=True)
            for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
                if libc.prctl(24, cap, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
                    raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")

    env = {**os.environ, "HOME": str(reg.parent), "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run([sys.executable, "-m", "generator", "validate", "--registry", str(reg), "--no-cache",
                           "--today", TODAY.isoformat(), "--format", "json"], capture_output=True, text=True,
                          env=env, preexec_fn=drop, cwd=reg.parent, timeout=120, check=False)


def test_an_unreadable_account_file_is_an_error(shared_reg: Path) -> None:
    (shared_reg / WEIBO).chmod(0)
    out = _validate_unprivileged(shared_reg)
    assert out.returncode == 1, out.stderr
    assert '"code": "LAY007"' in out.stdout and '"file": "registry/accounts/qs-gaj/qs-gaj-weibo.yaml"' in out.stdout


def test_an_unreadable_unit_folder_is_an_error(shared_reg: Path) -> None:
    (shared_reg / "accounts" / "qs-gaj").chmod(0)
    out = _validate_unprivileged(shared_reg)
    assert out.returncode == 1, out.stderr
    assert '"code": "LAY007"' in out.stdout and '"file": "registry/accounts/qs-gaj"' in out.stdout


def test_hidden_and_misnamed_files_are_reported(reg: Path) -> None:
    (reg / "accounts/qs-gaj/.qs-gaj-douyin.yaml").write_text("id: x\n", "utf-8")
    (reg / "accounts/qs-gaj/..qs-gaj-kuaishou.yaml").write_text("id: x\n", "utf-8")
    (reg / "accounts/qs-gaj/qs-gaj-toutiao.yaml").mkdir()  # a folder named like a record
    (reg / "units/.DS_Store").write_bytes(b"\0")
    (reg / "accounts/qs-gaj/.gitkeep").write_text("", "utf-8")  # what Git users leave: quiet
    got = codes(load_registry(reg)[1])
    assert got == {
        ("LAY005", "registry/accounts/qs-gaj/.qs-gaj-douyin.yaml"),
        ("LAY005", "registry/accounts/qs-gaj/..qs-gaj-kuaishou.yaml"),
        ("LAY002", "registry/accounts/qs-gaj/qs-gaj-toutiao.yaml"),
        ("LAY003", "registry/units/.DS_Store"),
    }


# --- hostile shapes and sizes -----------------------------------------------------------------------


@pytest.mark.parametrize("style", ["block", "flow"])
def test_deep_nesting_is_a_located_error(reg: Path, style: str) -> None:
    depth = 300
    if style == "block":
        extra = "notes:\n" + "".join("  " * i + f"  k{i}:\n" for i in range(depth)) + "  " * depth + "  v: 1\n"
    else:
        extra = "notes: " + "{a: " * depth + "1" + "}" * depth + "\n"
    f = reg / WEIBO
    before = len(f.read_text("utf-8").splitlines())
    f.write_text(f.read_text("utf-8") + extra, "utf-8")
    problems = validate(reg, today=TODAY, use_cache=False).problems
    deep = [p for p in problems if p.code == "YAML010"]
    assert len(deep) == 1 and deep[0].file == f"registry/{WEIBO}"
    assert deep[0].line is not None and deep[0].line > before  # placed on the notes, not on line 1


def test_one_account_under_two_links_is_a_duplicate(reg: Path) -> None:
    """A second record for the same Weibo account without platform_id: the id comes from the link."""
    f = reg / WEIBO
    twin = reg / "accounts/qs-gov/qs-gov-weibo2.yaml"
    text = f.read_text("utf-8").replace("id: qs-gaj-weibo", "id: qs-gov-weibo2").replace("host_unit: qs-gaj",
                                                                                         "host_unit: qs-gov")
    twin.write_text(text.replace('platform_id: "2803301701"\n', "").replace(
        "https://weibo.com/u/2803301701", "https://m.weibo.cn/u/2803301701?from=share"), "utf-8")
    problems = [p for p in validate(reg, today=TODAY, use_cache=False).problems if p.code == "ACC004"]
    assert [(p.file, p.path) for p in problems] == [("registry/accounts/qs-gov/qs-gov-weibo2.yaml", "url")]


def test_a_flood_of_unknown_references_gets_a_capped_number_of_suggestions(reg: Path) -> None:
    n = 3000
    batch = reg / "inspections/2025-Q3/qs-2025-q3.yaml"
    head = batch.read_text("utf-8").split("results:")[0]
    batch.write_text(head + "results:\n" + "".join(f"  - account: qs-gaj-weibo-{i}\n" for i in range(n)), "utf-8")
    refs = [p for p in validate(reg, today=TODAY, use_cache=False).problems if p.code == "REF005"]
    assert len(refs) == n  # every unknown reference is reported …
    suggested = [p for p in refs if "（相近的 id：—）" not in p.hint_zh]
    assert 0 < len(suggested) <= SUGGEST_MAX  # … and only the first ones carry a suggestion


# --- error texts that say what was written, where it was written ------------------------------------


def test_a_quoting_hint_repeats_what_was_written(reg: Path) -> None:
    f = reg / WEIBO
    f.write_text(f.read_text("utf-8").replace('platform_id: "2803301701"', "platform_id: 0123").replace(
        "positioning: 发布警情通报、防范提示和办事指南", "positioning: .nan"), "utf-8")
    problems = {p.path: p for p in validate(reg, today=TODAY, use_cache=False).problems if p.code == "SCH003"}
    assert '"0123"' in problems["platform_id"].hint_zh and '"0123"' in problems["platform_id"].hint_en
    assert "空值" not in problems["positioning"].message_zh and "empty" not in problems["positioning"].message_en
    assert '".nan"' in problems["positioning"].hint_zh


def test_profile_problems_name_the_real_file_and_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.check import profiles
    from generator.paths import PROFILES_DIR

    reg = tmp_path / "data"  # not named "registry": the problem must name this folder's portal.yaml
    shutil.copytree(BASE, reg, ignore=shutil.ignore_patterns(CACHE_DIR_NAME))
    portal = reg / "portal.yaml"
    portal.write_text(portal.read_text("utf-8") + "rule_overrides:\n  NOPE001: {severity: error}\n", "utf-8")
    bad = [p for p in validate(reg, today=TODAY, use_cache=False).problems if p.code == "PRF003"]
    assert [(p.file, p.line) for p in bad] == [("data/portal.yaml", len(portal.read_text("utf-8").splitlines()))]

    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES_DIR, folder, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    kunshan = folder / "kunshan.yaml"
    lines = kunshan.read_text("utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("  zombie_gap_days:"))
    lines[n] = "  zombie_gap_days: many"
    kunshan.write_text("\n".join(lines) + "\n", "utf-8")
    monkeypatch.setattr(profiles, "PROFILES_DIR", folder)
    profiles._raw.cache_clear()
    profiles.load_profile.cache_clear()
    try:
        portal.write_text(portal.read_text("utf-8").split("rule_overrides:")[0].replace(
            "profile: national", "profile: kunshan"), "utf-8")
        broken = [p for p in validate(reg, today=TODAY, use_cache=False).problems if p.code == "PRF002"]
    finally:
        profiles._raw.cache_clear()
        profiles.load_profile.cache_clear()
    assert [(p.file, p.line) for p in broken] == [(str(kunshan), n + 1)]
