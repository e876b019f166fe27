"""An account's public status on a given day: the one place that turns filings and notices into
正常 / 注销公示中 / 已注销 / 已关停. Used by the validator, the portal and the exports alike;
their labels are in model.labels."""

from __future__ import annotations

from typing import Any

ACTIVE = "active"
CLOSED = "closed"
DEREGISTERING = "deregistering"  # 注销公示中: deregistration filed, notice period still running
DEREGISTERED = "deregistered"



def latest_notice(account: dict[str, Any], kind: str = "deregister") -> dict[str, Any] | None:
    """The most recently published notice of `kind` (ISO dates compare as strings)."""
    best: dict[str, Any] | None = None
    for n in account.get("notices") or ():
        if n.get("kind") == kind and (best is None or n.get("published", "") >= best.get("published", "")):
            best = n
    return best


def display_status(account: dict[str, Any], today_iso: str) -> str:
    """`today_iso` is YYYY-MM-DD; the notice's `effective` day is the first day of 已注销."""
    status = account.get("status")
    if status == DEREGISTERED:
        notice = latest_notice(account)
        if notice is not None and notice.get("effective", "") > today_iso:
            return DEREGISTERING
        return DEREGISTERED
    if status == CLOSED:
        return CLOSED
    return ACTIVE
