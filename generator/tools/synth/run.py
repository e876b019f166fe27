"""`synthesize`: one synthetic registry from one random stream, written as it is generated."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.tools.synth.accounts import AccountPlan, Planner
from generator.tools.synth.days import Timeline
from generator.tools.synth.files import SCHEMA, render_account, write_portal
from generator.tools.synth.ids import IdMint
from generator.tools.synth.inspections import batches
from generator.tools.synth.records import account_record
from generator.tools.synth.units import ROOT_ID, Tree, Unit
from generator.tools.yaml_emit import dump

DEFAULT_TODAY = dt.date(2026, 11, 27)
FIRST_DAY = dt.date(2018, 1, 1)  # the timeline's first day: before any planned event


@dataclass
class SynthResult:
    units: int = 0
    accounts: int = 0
    inspections: int = 0
    deregistered: int = 0
    closed: int = 0


class Synth:
    """Generates units and accounts in a fixed order from one random stream: same seed, same bytes."""

    def __init__(self, n: int, seed: int, today: dt.date, profile: str) -> None:
        self.seed = seed
        self.profile = profile
        rng = random.Random(seed)
        self.days = Timeline(FIRST_DAY, dt.date(today.year, 12, 31))
        self.planner = Planner(n, rng, self.days, today)
        self.tree = Tree(rng, seed, self.planner.enough)
        self.mint = IdMint(salt=seed)

    @property
    def today(self) -> int:
        """Today's working-day number (the last working day on or before the synthetic today)."""
        return self.planner.today

    def units(self) -> Iterator[tuple[Unit, str]]:
        """(unit, the city office that inspects its accounts) in generation order; plan each unit's
        accounts with `plans` before asking for the next."""
        return self.tree.units()

    def plans(self, unit: Unit) -> list[AccountPlan]:
        return self.planner.plans(unit)


def synthesize(n: int, out: Path, *, seed: int = 1, today: dt.date = DEFAULT_TODAY,
               profile: str = "national") -> SynthResult:
    """Write a registry of `n` accounts into `out` (which must exist and be empty or forced)."""
    s = Synth(n, seed, today, profile)
    res = SynthResult()
    units_dir = out / "units"
    accounts_dir = out / "accounts"
    units_dir.mkdir(parents=True, exist_ok=True)
    accounts_dir.mkdir(parents=True, exist_ok=True)
    unit_schema, account_schema = SCHEMA["unit"], SCHEMA["account"]
    pools: dict[str, list[tuple[str, int]]] = {}  # city office → its running accounts (id, opening day)
    for unit, city_office in s.units():
        plans = s.plans(unit)
        (units_dir / f"{unit.id}.yaml").write_text(dump(unit.record(), unit_schema), "utf-8")
        res.units += 1
        if not plans:
            continue
        folder = accounts_dir / unit.id
        folder.mkdir()
        pool = pools.setdefault(city_office, [])
        for plan in plans:
            rec = account_record(plan, s.days, s.mint)
            (folder / f"{plan.id}.yaml").write_text(render_account(rec, account_schema), "utf-8")
            res.accounts += 1
            if plan.ending is None:
                pool.append((plan.id, plan.opened))
            elif plan.ending.kind == "close":
                res.closed += 1
            else:
                res.deregistered += 1
    for period, batch in batches(pools, s.days, s.today, profile, seed):
        folder = out / "inspections" / period
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{batch['id']}.yaml").write_text(dump(batch, SCHEMA["inspection"]), "utf-8")
        res.inspections += 1
    write_portal(out, {
        "name": "政务新媒体备案公示平台（合成数据）", "name_en": "Synthetic government new-media registry",
        "jurisdiction": "全国（合成数据）", "profile": profile, "root_unit": ROOT_ID,
        "site_url": "https://synth.example.org/", "report": {"email": "jiucuo@synth.example.org", "office": "国务院办公厅"},
    })
    return res
