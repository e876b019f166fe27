"""A change judged on top of the last full validation (`check.change`) says exactly what a full
validation of head says.

The sample registry is committed as `main` and validated (which keeps the snapshot); each case is a
commit on a branch that changes account records in one way, judged both from the snapshot and by a
full validation without any cache. The cases aim at each tie of `relations`: unit-mates, platform
accounts, ids, successors, inspection batches, a government's offices, broken files, moves."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.check import snapshot
from generator.check.change import check_change
from generator.check.engine import all_rules
from generator.check.pipeline import validate
from generator.check.pr.gitrepo import Repo
from generator.check.relations import REACH
from generator.paths import SAMPLE_REGISTRY_DIR
from generator.problems import Problem
from tests.support.site import edit_record, git

TODAY = dt.date(2026, 11, 20)
Edit = Callable[[Path], None]


@pytest.fixture(scope="module", params=["kunshan", "national"])
def top(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample registry under its own profile (昆山) and under the national one, whose COV001 counts
    a government's offices' accounts as the government's."""
    top = tmp_path_factory.mktemp("change") / "repo"
    shutil.copytree(SAMPLE_REGISTRY_DIR, top / "registry", ignore=shutil.ignore_patterns(".portal-cache"))
    portal = top / "registry" / "portal.yaml"
    portal.write_text(re.sub(r"(?m)^profile: .*$", f"profile: {request.param}", portal.read_text("utf-8")), "utf-8")
    (top / ".gitignore").write_text(".portal-cache/\n", "utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-qm", "registry")
    validate(top / "registry", today=TODAY)
    assert snapshot.load(top / "registry", TODAY) is not None
    return top


def _json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [p.to_json() for p in problems]


def on_main(top: Path, branch: str | None = None) -> None:
    """The work tree as main has it (on a fresh branch `branch` from main, when given)."""
    git(top, "checkout", "-q", "-f", *(("-B", branch) if branch else ()), "main")
    git(top, "clean", "-fdq")


def judged(top: Path, edit: Edit) -> tuple[list[Problem] | None, list[Problem]]:
    """(head's problems from the snapshot, head's problems from a full validation) after `edit`."""
    root = top / "registry"
    on_main(top, "case")
    edit(root)
    git(top, "add", "-A")
    git(top, "commit", "-qm", "change", "--allow-empty")
    snap = snapshot.load(root, TODAY)
    assert snap is not None
    repo = Repo(root)
    fast = check_change(root, repo, snap, repo.changed(snap.tree, repo.tree("HEAD", "registry")), TODAY)
    full = validate(root, today=TODAY, use_cache=False).problems
    return fast, full


def account(root: Path, rid: str) -> Path:
    return next(root.glob(f"accounts/*/{rid}.yaml"))


def _update(d: dict[str, Any], values: dict[str, Any]) -> None:
    """Set the values given; a value of None removes the field."""
    d.update(values)
    for k in [k for k, v in values.items() if v is None]:
        del d[k]


def _set(rid: str, **values: Any) -> Edit:
    return lambda root: edit_record(account(root, rid), lambda d: _update(d, values))


def _copy_as(src: str, new_id: str, unit: str | None = None, **values: Any) -> Edit:
    """A new account file made from another one (same platform unless told)."""
    def edit(root: Path) -> None:
        path = account(root, src)
        dest = root / "accounts" / (unit or path.parent.name) / f"{new_id}.yaml"
        dest.parent.mkdir(exist_ok=True)
        shutil.copy(path, dest)
        edit_record(dest, lambda d: _update(d, {"id": new_id, **({"host_unit": unit} if unit else {}), **values}))
    return edit


def _move(rid: str, unit: str) -> Edit:
    def edit(root: Path) -> None:
        path = account(root, rid)
        dest = root / "accounts" / unit / path.name
        dest.parent.mkdir(exist_ok=True)
        path.rename(dest)
        edit_record(dest, lambda d: d.update(host_unit=unit))
    return edit


def _delete(rid: str) -> Edit:
    return lambda root: account(root, rid).unlink()


def _write(rid: str, text: str) -> Edit:
    return lambda root: account(root, rid).write_text(text, "utf-8")


def _both(*edits: Edit) -> Edit:
    def edit(root: Path) -> None:
        for e in edits:
            e(root)
    return edit


def _platform_id_of(rid: str) -> str:
    import yaml_rs

    return str(yaml_rs.loads(account(SAMPLE_REGISTRY_DIR, rid).read_text("utf-8"))["platform_id"])


CASES: dict[str, Edit] = {
    "nothing": lambda root: None,
    "rename": _set("qs-jtj-dy", name="青山交通出行"),
    "positioning": _set("qs-jtj-dy", positioning="发布交通出行信息"),
    "same platform account as another": _set("qs-jtj-dy", platform_id=_platform_id_of("dh-gov-dy"),
                                             url=None),
    "second account on a platform": _copy_as("qs-jtj-dy", "qs-jtj-dy2", platform_id="MS4wLjABAAAAq2"),
    "a third on a platform": _both(_copy_as("qs-jtj-dy", "qs-jtj-dy2", platform_id="MS4wLjABAAAAq2"),
                                   _copy_as("qs-jtj-dy", "qs-jtj-dy3", platform_id="MS4wLjABAAAAq3")),
    "an id used twice": _copy_as("qs-jtj-dy", "qs-jtj-dy-copy", id="qs-jtj-tt"),
    "closed": _set("qs-xfzd-ks", status="closed"),
    "deregistered successor": _set("qs-xfzd-dy", status="deregistered"),
    "deleted successor": _delete("qs-xfzd-wx"),
    "deleted inspected account": _delete("dh-rmt-ks"),
    "inspected account renamed and closed": _set("dh-wxjd-wx", name="东湖微信", status="closed"),
    "deleted account of a unit": _both(*(_delete(f"dh-gov-{p}") for p in ("dy", "sph", "tt", "wb", "wx"))),
    "moved to another unit": _move("qs-jtj-dy", "qs-gaj"),
    "moved to a new unit folder": _move("qs-jtj-dy", "qs-nobody"),
    "broken YAML": _write("qs-jtj-dy", "id: qs-jtj-dy\nname：青山交通\n"),
    "fails its schema": _set("qs-jtj-dy", platform="快手"),
    "new account on another platform": _copy_as("qs-jtj-dy", "qs-jtj-new", platform="kuaishou",
                                                platform_id="3xqsjtjnew", url=None),
    "the government's accounts hosted by its office": _both(
        _copy_as("dh-gov-dy", "dh-ban-dy", unit="dh-ban"),
        *(_delete(f"dh-gov-{p}") for p in ("dy", "sph", "tt", "wb", "wx"))),
    "a filing dated after the check": _set("qs-jtj-dy", filings=[
        {"type": "open", "event_date": "2023-12-25", "filed_date": "2026-12-25", "filed_with": ["qs-ban"]}]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_change_is_judged_as_a_full_validation_judges_it(top: Path, case: str) -> None:
    fast, full = judged(top, CASES[case])
    assert fast is not None, f"{case}: not judged from the snapshot"
    assert _json(fast) == _json(full)


def test_the_cases_change_what_is_found(top: Path) -> None:
    """The comparison above means something only if the changes change the findings."""
    base, _ = judged(top, CASES["nothing"])
    assert base is not None
    expected = {"same platform account as another": "ACC004", "second account on a platform": "ONE001",
                "a third on a platform": "ONE002", "an id used twice": "ID004", "deleted account of a unit": "COV001",
                "deregistered successor": "ACC017", "deleted successor": "REF005", "deleted inspected account": "REF005", "broken YAML": "YAML011",
                "moved to a new unit folder": "REF001", "a filing dated after the check": "ACC012"}
    if "profile: kunshan" in (top / "registry" / "portal.yaml").read_text("utf-8"):
        del expected["deleted account of a unit"]  # 昆山 requires accounts of town governments only
    else:
        del expected["a third on a platform"]  # ONE002 is 昆山's
    before = {p.code for p in base}
    for case, code in expected.items():
        fast, _ = judged(top, CASES[case])
        assert fast is not None and code in {p.code for p in fast} - before, case


def test_every_rule_states_its_reach() -> None:
    assert sorted(s.code for s in all_rules() if s.code not in REACH) == []
    assert sorted(set(REACH) - {s.code for s in all_rules()}) == []


@pytest.mark.parametrize("what", ["unit", "portal", "inspection"])
def test_a_change_beyond_accounts_is_validated_in_full(top: Path, what: str) -> None:
    def edit(root: Path) -> None:
        path = {"unit": root / "units" / "qs-jtj.yaml", "portal": root / "portal.yaml",
                "inspection": next(root.glob("inspections/*/*.yaml"))}[what]
        path.write_text(path.read_text("utf-8") + "\n# 备注\n", "utf-8")
    fast, _ = judged(top, edit)
    assert fast is None


# --- random changes to a synthetic registry: every tie, chosen by a seeded generator -----------------

def _synthetic_edit(rng: random.Random, root: Path) -> Edit:
    """One random change to account records of the registry at root (deterministic for the rng)."""
    import yaml_rs

    files = sorted(root.glob("accounts/*/*.yaml"))
    a, b = rng.sample(files, 2)
    other = yaml_rs.loads(b.read_text("utf-8"), parse_datetime=False)
    kind = rng.choice(["platform account of another", "name of another", "closed", "deleted", "id of another",
                       "moved", "successor", "copy on the same platform", "broken"])

    def edit(root: Path) -> None:
        if not a.exists():
            return  # an earlier change of the same commit deleted or moved it
        if kind == "platform account of another":
            edit_record(a, lambda d: _update(d, {"platform": other["platform"], "url": None,
                                                 "platform_id": other.get("platform_id")}))
        elif kind == "name of another":
            edit_record(a, lambda d: _update(d, {"name": other["name"]}))
        elif kind == "closed":
            edit_record(a, lambda d: _update(d, {"status": "closed"}))
        elif kind == "deleted":
            a.unlink()
        elif kind == "id of another":
            edit_record(a, lambda d: _update(d, {"id": other["id"]}))
        elif kind == "moved":
            dest = b.parent / a.name
            a.rename(dest)
            edit_record(dest, lambda d: _update(d, {"host_unit": other["host_unit"]}))
        elif kind == "successor":
            notice = {"kind": "deregister", "published": "2026-10-09", "effective": "2026-11-02",
                      "reason": "整合", "successors": [other["id"]]}
            edit_record(a, lambda d: _update(d, {"notices": [*(d.get("notices") or []), notice]}))
        elif kind == "copy on the same platform":
            dest = a.parent / f"{a.stem}-x.yaml"
            shutil.copy(a, dest)
            edit_record(dest, lambda d: _update(d, {"id": dest.stem, "platform_id": None, "url": None}))
        else:
            a.write_bytes(a.read_bytes()[: len(a.read_bytes()) // 2])
    edit.__doc__ = kind
    return edit


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from generator.cli import main

    top = tmp_path_factory.mktemp("synthetic") / "repo"
    res = CliRunner().invoke(main, ["synth", "600", "--out", str(top / "registry"), "--seed", "5",
                                    "--today", TODAY.isoformat()])
    assert res.exit_code == 0, res.output
    (top / ".gitignore").write_text(".portal-cache/\n", "utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", ".")
    git(top, "commit", "-qm", "registry")
    validate(top / "registry", today=TODAY)
    return top


@pytest.mark.parametrize("seed", range(16))
def test_random_changes_to_a_synthetic_registry(synthetic: Path, seed: int) -> None:
    rng = random.Random(seed)
    on_main(synthetic)
    edits = [_synthetic_edit(rng, synthetic / "registry") for _ in range(1 + seed % 3)]
    fast, full = judged(synthetic, _both(*edits))
    assert fast is not None, [e.__doc__ for e in edits]
    assert _json(fast) == _json(full), [e.__doc__ for e in edits]


# --- through check-pr, and what a snapshot is not trusted for ----------------------------------------

def test_check_pr_stands_on_the_snapshot_and_says_what_a_full_check_says(top: Path) -> None:
    from generator.check.pr.run import check_pr

    root = top / "registry"
    on_main(top, "case")
    CASES["second account on a platform"](root)
    git(top, "add", "-A")
    git(top, "commit", "-qm", "change")
    fast = check_pr(root, "main", today=TODAY)
    full = check_pr(root, "main", today=TODAY, use_cache=False)
    assert fast.on_snapshot and not full.on_snapshot
    assert "ONE001" in {p.code for p in fast.problems}
    assert _json(fast.problems) == _json(full.problems)


def test_no_snapshot_of_another_day_or_of_an_uncommitted_registry(top: Path, tmp_path: Path) -> None:
    root = top / "registry"
    on_main(top)
    assert snapshot.load(root, TODAY) is not None
    assert snapshot.load(root, TODAY + dt.timedelta(days=1)) is None  # other days' problems differ
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(top), str(clone))
    shutil.copytree(root / ".portal-cache", clone / "registry" / ".portal-cache")
    edited = next((clone / "registry").glob("accounts/*/*.yaml"))
    edited.write_text(edited.read_text("utf-8") + "# 未提交的修改\n", "utf-8")
    result = validate(clone / "registry", today=TODAY)  # a registry that is not a commit's tree
    assert snapshot.committed_tree(clone / "registry", result.registry) is None


def test_a_damaged_snapshot_is_not_used(top: Path) -> None:
    root = top / "registry"
    on_main(top)
    part = root / ".portal-cache" / snapshot.RECORDS_FILE
    kept = part.read_bytes()
    try:
        part.write_bytes(kept[:-10] + b"0123456789")
        assert snapshot.load(root, TODAY) is None
    finally:
        part.write_bytes(kept)
    assert snapshot.load(root, TODAY) is not None
