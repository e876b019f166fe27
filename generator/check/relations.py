"""How a rule's finding on one record depends on other records: what a check of a change must re-read.

`check.change` judges a pull request on top of the last full validation (`check.snapshot`): it re-runs
the rules on the records the change can affect, with every unit and portal.yaml, and keeps the other
records' problems. That is exact only because a rule's finding on a record depends on no more than:

    fixed         no account at all: findings on units, batches and portal.yaml that depend only on
                  them, which a change of account records leaves as they are (not run again);
    record        the record itself, every unit, portal.yaml (the profile, the calendar);
    unit          an account's unit-mates: the accounts of one host unit (one account per platform,
                  one name across platforms); for a unit, the accounts it hosts and, for a government,
                  its offices' accounts (COV001);
    platform      the accounts recording the same platform account (ACC004);
    id            the records with the same id (ID004);
    successor     the accounts a notice names as successors (ACC017; REF005 asks only whether an id
                  exists, which a partial registry answers from `Registry.elsewhere`);
    inspections   findings on a batch's result for an account: that account, the batches naming it
                  (its latest observations: FRQ) and the batches of the batch's re-check chain (INSP004);
    config        registry-wide findings on portal.yaml that depend on the configuration and on
                  whether the registry has any account;
    aggregate     registry-wide findings summed over every account (CAL001): a change that adds to or
                  takes from one is judged by a full validation.

REACH says which of these each rule uses. A rule missing from it makes a check of a change validate the
whole registry instead (tests/test_check_change.py requires every rule to be listed there, and compares
a check of a change with a full validation over many kinds of change).
"""

from __future__ import annotations

from typing import Any

from generator.check.rules.structure.platform_ids import platform_account
from generator.model import notices, platforms

REACH: dict[str, str] = {
    **dict.fromkeys(("ACC001", "ACC002", "ACC003", "ACC005", "ACC006", "ACC010", "ACC011", "ACC012", "ACC013",
                     "ACC014", "ACC015", "ACC016", "ACC018", "ACC019"), "record"),
    **dict.fromkeys(("APP001", "APP002", "APP003", "APP004", "APP005", "APR001", "APR002", "APR003"), "record"),
    **dict.fromkeys(("CHR001", "DRG002", "DRG003", "DRG004", "DRG005", "DRG006", "DRG007"), "record"),
    **dict.fromkeys(("FBD001", "FBD002", "FBD003", "FIL001", "FIL002", "FIL003", "FIL004", "FIL005", "FIL006",
                     "FIL009"), "record"),
    **dict.fromkeys(("ID001", "ID002"), "record"),
    **dict.fromkeys(("NAME001", "NAME002", "NAME004", "NAME005", "NAME006", "PRIV001"), "record"),
    **dict.fromkeys(("REF001", "REF003", "SUB001"), "record"),
    **dict.fromkeys(("ID003", "INSP001", "INSP002", "INSP003", "PORT001", "REF002", "REF004", "REF006", "REF007",
                     "UNIT001", "UNIT002", "UNIT003"), "fixed"),
    **dict.fromkeys(("COV001", "NAME003", "ONE001", "ONE002"), "unit"),
    "ACC004": "platform",
    "ID004": "id",
    "ACC017": "successor",
    "REF005": "successor",
    **dict.fromkeys(("FRQ001", "FRQ002", "FRQ003", "INSP004"), "inspections"),
    **dict.fromkeys(("FBD004", "FIL007"), "config"),
    "CAL001": "aggregate",
}


def successors(account: dict[str, Any]) -> tuple[str, ...]:
    """The registry accounts an account's notices name as successors."""
    return tuple(s.account for n in account.get("notices") or () for s in notices.successors(n) if s.account)


def inspected(batch: dict[str, Any]) -> tuple[str, ...]:
    """The accounts an inspection batch names."""
    return tuple(str(r.get("account", "")) for r in batch.get("results") or ())


def account_ties(account: dict[str, Any], cat: dict[str, platforms.Platform]) -> tuple[str, str, str | None, tuple[str, ...]]:
    """(id, host unit, platform account or None, successors): what ties an account to others. The
    platform account is ACC004's key, (platform family, immutable id), as one text."""
    pid = platform_account(account, cat)
    return (str(account.get("id", "")), str(account.get("host_unit", "")),
            None if pid is None else f"{pid[0]}\0{pid[1]}", successors(account))


def governments_of(office_map: dict[str, list[str]]) -> dict[str, list[str]]:
    """office unit id → the governments whose accounts COV001 counts with the office's, from
    `offices(registry)` (government → its offices)."""
    out: dict[str, list[str]] = {}
    for gov, offs in office_map.items():
        for o in offs:
            out.setdefault(o, []).append(gov)
    return out
