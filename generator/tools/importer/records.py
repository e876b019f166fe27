"""The records an imported row becomes: the account with its imported ``open`` filing (and a ``close``
filing when the sheet says the account was closed), and a host unit the registry does not have yet."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from generator.model.platforms import Platform
from generator.tools.importer import match

REASON_MAX = 2000  # the schema's limit on a filing's reason


def unit_record(uid: str, name: str, regions: list[str], region: str, credit_code: str | None,
                supervisor: str | None) -> dict[str, Any]:
    """A new host unit; `regions` are those its name starts with, `region` the sheet's region column."""
    rec: dict[str, Any] = {"id": uid, "name": name, "kind": match.unit_kind(name)}
    level = match.unit_level(regions)
    if level:
        rec["level"] = level
    region_text = region or "".join(regions)
    if region_text:
        rec["region"] = region_text
    if credit_code:
        rec["credit_code"] = credit_code
    if supervisor and supervisor != uid:
        rec["supervisor"] = supervisor
    return rec


def former_names(cells: Mapping[str, Any]) -> list[str]:
    """The former names column, oldest first, separated by ; ； or 、 (the export writes "; ")."""
    return [n.strip() for n in re.split(r"[;；、]", str(cells.get("former_names") or "")) if n.strip()]


def account_record(aid: str, platform: Platform, name: str, host_id: str, *, platform_id: str, handle: str,
                   url: str, cells: Mapping[str, Any], status: str, opened: dt.date | None, today: dt.date,
                   sheet: str, row: int) -> dict[str, Any]:
    """The account of one row; `cells` are the row's values by column (for the optional columns)."""
    r: dict[str, Any] = {"id": aid, "platform": platform.key, "name": name}
    former = former_names(cells)
    if former:
        r["former_names"] = former
    if platform_id:
        r["platform_id"] = platform_id
    if handle:
        r["handle"] = handle
    if url:
        r["url"] = url
    r["host_unit"] = host_id
    if cells.get("operator"):
        r["operator"] = {"name": str(cells["operator"])}
    if cells.get("positioning"):
        r["positioning"] = str(cells["positioning"])
    if cells.get("verification"):
        r["verification_text"] = str(cells["verification"])
    r["status"] = status
    if opened:
        r["opened"] = opened.isoformat()
    if platform.kind != "account":
        app = {col: flag for col in ("ipv6", "https", "servers_abroad")
               if (flag := match.yes_no(cells.get(col, ""))) is not None}
        if app:
            r["app"] = app
    r["filings"] = _filings(cells, status, opened, today, sheet, row)
    return r


def _filings(cells: Mapping[str, Any], status: str, opened: dt.date | None, today: dt.date, sheet: str,
             row: int) -> list[dict[str, Any]]:
    """The imported opening (on the open date, else on the import day marked date_unknown), a renaming
    for each former name and, for a closed account, a closing, both on the import day, their dates unknown."""
    day = (opened or today).isoformat()
    reason = f"由表格 {sheet} 第 {row} 行导入"
    if cells.get("note"):
        reason += f"；备注：{cells['note']}"
    opening: dict[str, Any] = {"type": "open", "event_date": day, "filed_date": day, "reason": reason[:REASON_MAX],
                               "imported": True}
    if opened is None:
        opening["date_unknown"] = True
    filings = [opening]
    names = [*former_names(cells), str(cells.get("name", ""))]
    for old, new in zip(names, names[1:], strict=False):  # each former name's renaming, its date unknown
        filings.append({"type": "change", "event_date": today.isoformat(), "filed_date": today.isoformat(),
                        "changes": [{"field": "name", "from": old, "to": new}],
                        "reason": "表格中的曾用名（改名日期不详）", "imported": True, "date_unknown": True})
    if status == "closed":
        filings.append({"type": "close", "event_date": today.isoformat(), "filed_date": today.isoformat(),
                        "reason": f"表格中状态为“{cells.get('status')}”（关停日期不详）", "imported": True,
                        "date_unknown": True})
    return filings
