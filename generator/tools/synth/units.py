"""The units of the synthetic country and the tree they form: a root office, then provinces of 10–16
cities of 6–12 districts/counties of 6–14 towns/streets, each with its government, its office and its
departments. Every unit knows its supervisor (the government office of its level) and the region core
its accounts are named after."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from generator.check import credit_code
from generator.tools.synth import names
from generator.tools.synth.names import (
    DEPARTMENTS,
    GOVERNMENT,
    OFFICE,
    PRESS_OFFICE,
    TOWN_GOVERNMENT,
    Department,
)

ROOT_ID = "cn-gwyb"  # 国务院办公厅: it supervises the provinces and runs no account here

# Two-digit province codes no real province uses: the registry is plainly fictional.
PROVINCE_CODES = tuple(f"{c}" for c in (39, 38, 29, 28, 27, 26, 25, 24, 49, 48, 47, 59, 58, 57, 56, 55, 69, 68, 67, 66,
                                        79, 78, 77, 76, 75, 74, 73, 72, 89, 88, 87, 86, 85, 84, 83, 99, 98, 97, 96))


@dataclass
class Unit:
    id: str
    name: str
    kind: str
    level: str
    division: str
    region: str  # 青山市东湖区
    core: str  # region core used in account names: 东湖
    dept: Department
    short_names: list[str]
    supervisor: str | None = None
    parent: str | None = None
    credit_code: str | None = None
    phone: str = ""
    address: str = ""
    account_name: str = ""  # the one name the unit uses on every platform

    def record(self) -> dict[str, Any]:
        r: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.short_names:
            r["short_names"] = self.short_names
        r["kind"] = self.kind
        r["level"] = self.level
        r["division"] = self.division
        r["region"] = self.region
        if self.credit_code:
            r["credit_code"] = self.credit_code
        if self.parent:
            r["parent"] = self.parent
        if self.supervisor:
            r["supervisor"] = self.supervisor
        r["duties"] = list(self.dept.duties)
        contact: dict[str, str] = {}
        if self.phone:
            contact["phone"] = self.phone
        if self.address:
            contact["address"] = self.address
        if contact:
            r["contact"] = contact
        return r


class Tree:
    """Yields (unit, the city office that inspects its accounts) in generation order until `enough()`:
    it is asked between units, so the caller plans each unit's accounts before the next is made."""

    def __init__(self, rng: random.Random, seed: int, enough: Callable[[], bool]) -> None:
        self.rng = rng
        self.places = names.place_names(str(seed))
        self.enough = enough
        self.seq = 0  # units made so far: numbers the credit codes

    def _unit(self, uid: str, name: str, dept: Department, level: str, division: str, region: str, core: str,
              supervisor: str | None, short: list[str], kind: str | None = None, parent: str | None = None,
              code: bool = True) -> Unit:
        self.seq += 1
        kind = kind or dept.kind
        cc = None
        if code and kind != "internal":
            cc = credit_code.make(self.seq, division, category="2" if kind == "institution" else "1")
        h = names.stable_hash(uid)
        return Unit(id=uid, name=name, kind=kind, level=level, division=division, region=region, core=core,
                    dept=dept, short_names=short, supervisor=supervisor, parent=parent, credit_code=cc,
                    phone=f"0{790 + h % 10}-{8000000 + h % 1000000}", address=f"{region}{core}大道{h % 300 + 1}号")

    def units(self) -> Iterator[tuple[Unit, str]]:
        root = self._unit(ROOT_ID, "国务院办公厅", OFFICE, "national", "100000", "全国", "全国", None, ["国办"],
                          code=False)
        yield root, root.id
        for pcode in PROVINCE_CODES:
            pcore = next(self.places)
            pdiv = pcode + "0000"
            pban = f"p{pcode}-ban"
            province = f"{pcore}省"
            yield self._unit(f"p{pcode}-gov", f"{province}人民政府", GOVERNMENT, "province", pdiv, province, pcore,
                             pban, [f"{province}政府"]), pban
            yield self._unit(pban, f"{province}人民政府办公厅", OFFICE, "province", pdiv, province, pcore, root.id,
                             [f"{province}政府办公厅"]), pban
            for c in range(1, self.rng.randint(10, 16) + 1):
                yield from self._city(pcode, c, pban)
                if self.enough():
                    return
        raise ValueError("N too large for the synthetic country")

    def _city(self, pcode: str, c: int, pban: str) -> Iterator[tuple[Unit, str]]:
        ccore = next(self.places)
        cdiv = f"{pcode}{c:02d}00"
        cpre = f"c{pcode}{c:02d}"
        cban = f"{cpre}-ban"
        city = f"{ccore}市"
        yield self._unit(f"{cpre}-gov", f"{city}人民政府", GOVERNMENT, "city", cdiv, city, ccore, cban,
                         [f"{city}政府"]), cban
        yield self._unit(cban, f"{city}人民政府办公室", OFFICE, "city", cdiv, city, ccore, pban,
                         [f"{city}政府办"]), cban
        for d in DEPARTMENTS:
            u = self._unit(f"{cpre}-{d.slug}", f"{city}{d.name}", d, "city", cdiv, city, ccore, cban,
                           [f"{ccore}{d.short}", f"市{d.name}"])
            yield u, cban
            if d.slug == "gaj":  # one internal sub-unit per city, with an account from before 2019-11-09
                yield self._unit(f"{cpre}-gaj-xcc", f"{city}公安局宣传处", PRESS_OFFICE, "city", cdiv, city, ccore,
                                 cban, [f"{ccore}公安宣传"], kind="internal", parent=u.id), cban
        for x in range(1, self.rng.randint(6, 12) + 1):
            xcore = next(self.places)
            district = x <= 4
            xdiv = f"{pcode}{c:02d}{x if district else 20 + x:02d}"
            lvl = "区" if district else "县"
            xname = f"{city}{xcore}区" if district else f"{xcore}县"
            xregion = f"{city}{xcore}{lvl}"
            xpre = f"x{xdiv}"
            xban = f"{xpre}-ban"
            yield self._unit(f"{xpre}-gov", f"{xname}人民政府", GOVERNMENT, "county", xdiv, xregion, xcore,
                             xban, [f"{xcore}{lvl}政府"]), cban
            yield self._unit(xban, f"{xname}人民政府办公室", OFFICE, "county", xdiv, xregion, xcore, cban,
                             [f"{xcore}{lvl}政府办"]), cban
            for d in DEPARTMENTS[: self.rng.randint(16, len(DEPARTMENTS))]:
                yield self._unit(f"{xpre}-{d.slug}", f"{xname}{d.name}", d, "county", xdiv, xregion, xcore,
                                 xban, [f"{xcore}{d.short}", f"{lvl}{d.name}"]), cban
            for t in range(1, self.rng.randint(6, 14) + 1):
                if self.enough():  # a town without an account would break 昆山's coverage rule
                    return
                tcore = next(self.places)
                tdiv = f"{xdiv}{100 + t:03d}"
                tname = f"{tcore}街道" if district else f"{tcore}镇"
                tfull = f"{xname}{tname}{'办事处' if district else '人民政府'}"
                yield self._unit(f"t{tdiv}-gov", tfull, TOWN_GOVERNMENT, "town", tdiv, f"{xregion}{tname}", tcore,
                                 xban, [tname]), cban
