"""Building blocks of the jurisdiction rules' case table: a case (rule, profile, a failing and a
passing change to the base fixture registry of `rules_kit`) and the changes themselves."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.support.rules_kit import TODAY, account

Reg = dict[str, Any]


@dataclass(frozen=True)
class Case:
    code: str
    profile: str
    bad: Callable[[Reg], None]
    good: Callable[[Reg], None]
    today: dt.date = TODAY
    label: str = ""
    good_today: dt.date | None = None  # when the passing fixture differs only in the day it is checked

    @property
    def id(self) -> str:
        return f"{self.code}-{self.profile}{'-' + self.label if self.label else ''}"


def chain(*fns: Callable[[Reg], None]) -> Callable[[Reg], None]:
    def run_all(reg: Reg) -> None:
        for f in fns:
            f(reg)
    return run_all


def nothing(reg: Reg) -> None:
    pass


def wechat(reg: Reg) -> dict[str, Any]:
    return reg["accounts"]["ks-rsj-wechat"]


def open_on(event: str, filed: str, approval: str | None = "2025-09-20", by: str = "ks-office") -> Callable[[Reg], None]:
    def f(reg: Reg) -> None:
        op = wechat(reg)["filings"][0]
        op.update(event_date=event, filed_date=filed)
        wechat(reg)["opened"] = event
        if approval is None:
            op.pop("approval", None)
        else:
            op["approval"] = {"by": by, "date": approval}
    return f


def add_filing(**filing: Any) -> Callable[[Reg], None]:
    def f(reg: Reg) -> None:
        wechat(reg)["filings"].append(dict(filing))
    return f


def add_account(aid: str, unit: str, platform: str, name: str, pid: str, **more: Any) -> Callable[[Reg], None]:
    def f(reg: Reg) -> None:
        reg["accounts"][aid] = account(aid, unit, platform, name, pid, **more)
    return f


def set_account(aid: str, **fields: Any) -> Callable[[Reg], None]:
    def f(reg: Reg) -> None:
        reg["accounts"][aid].update(copy.deepcopy(fields))
    return f


def drop_field(aid: str, key: str) -> Callable[[Reg], None]:
    def f(reg: Reg) -> None:
        reg["accounts"][aid].pop(key, None)
    return f


def set_unit(uid: str, **fields: Any) -> Callable[[Reg], None]:
    def f(reg: Reg) -> None:
        reg["units"].setdefault(uid, {"id": uid}).update(fields)
    return f


def override(code: str, **setting: Any) -> Callable[[Reg], None]:
    def f(reg: Reg) -> None:
        reg["portal"].setdefault("rule_overrides", {})[code] = setting
    return f


def deregistered(aid: str, published: str, effective: str, **app: Any) -> Callable[[Reg], None]:
    def f(reg: Reg) -> None:
        a = reg["accounts"][aid]
        a["status"] = "deregistered"
        a["filings"].append({"type": "deregister", "event_date": effective, "filed_date": published})
        a["notices"] = [{"kind": "deregister", "published": published, "effective": effective, "reason": "整合"}]
        if app:
            a["app"] = dict(app)
    return f


def inspection(last_update: str, date: str = "2026-01-20", aid: str = "ks-rsj-wechat", **obs: Any) -> Callable[[Reg], None]:
    def f(reg: Reg) -> None:
        reg["inspections"]["ks-2026-01"] = {
            "id": "ks-2026-01", "period": "2026-01", "inspector": "ks-office", "rubric": "kunshan-2019",
            "date": date, "results": [{"account": aid, "observations": {"last_update": last_update, **obs}}]}
    return f


APP = dict(platform="ios_app", pid="com.example.ksrsj")


def app_account(**decl: Any) -> Callable[[Reg], None]:
    return add_account("ks-rsj-app", "ks-rsj", APP["platform"], "昆山人社", APP["pid"], app=decl)
