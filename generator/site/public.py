"""The ONE entry point between the loaded registry and every renderer or export.

Renderers never see a `Registry`; they get a `PublicData` built here, whose dicts are fresh copies
without the `private` block (accounts, units), unit `maintainers` and portal `administrators`, and whose change filings carry no
value of a private field: a change of `contact` or `staff` (account.schema.json: the people behind an
account, whose names and phone numbers live in `private`) keeps only its field and the label saying it
happened. A canary test plants strings in every private field and asserts they appear in no output file.

What is computed from the records for the pages is computed here too, from the public dicts where it
can be: the inspection book (assess.book: each result judged by its rubric), with the zombie and dormant
thresholds of the profile in force; and, given the build's `today`, the yearly assessments
(assess.yearly), whose evidence names accounts, batches, filings and commits, never a private field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.model import labels
from generator.model.records import Registry

if TYPE_CHECKING:
    from generator.assess.book import Book
    from generator.assess.yearly import YearAssessment

# Top-level fields no page or export may read, by record kind.
_WITHHELD: dict[str, frozenset[str]] = {
    "account": frozenset({"private"}),
    "unit": frozenset({"private", "maintainers"}),
    "inspection": frozenset({"private"}),
    "portal": frozenset({"private", "rule_overrides", "calendar", "administrators"}),
}


# Change-filing fields (account.schema.json, filing.changes[].field) whose from/to values may be
# published. Any other field, the private ones (labels.PRIVATE_CHANGES) and any the schema may gain,
# is withheld: a field nobody has classified is treated as private.
PUBLIC_CHANGE_FIELDS = frozenset({"name", "handle", "url", "host_unit", "operator", "positioning",
                                  "verification_text", "function", "platform_id", "other"})
_WITHHELD_CHANGE = ("已变更", "changed")  # label of a withheld field that has none of its own


def withheld_change(field_name: str) -> dict[str, Any]:
    """What the public sees of a change of a private field: the field and a label, no values."""
    zh, _en = labels.PRIVATE_CHANGES.get(field_name, _WITHHELD_CHANGE)
    return {"field": field_name, "withheld": True, "summary": zh}


def _public_filings(filings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The filings with every change of a private field replaced (new dicts; the registry's stay as read)."""
    out = []
    for f in filings:
        changes = f.get("changes")
        if changes and any(c.get("field") not in PUBLIC_CHANGE_FIELDS for c in changes):
            f = {**f, "changes": [c if c.get("field") in PUBLIC_CHANGE_FIELDS else withheld_change(str(c.get("field")))
                                  for c in changes]}
        out.append(f)
    return out


def _strip(kind: str, data: dict[str, Any], file: str) -> dict[str, Any]:
    drop = _WITHHELD[kind]
    out = {k: v for k, v in data.items() if k not in drop}
    if kind == "account" and isinstance(out.get("filings"), list):
        out["filings"] = _public_filings(out["filings"])
    out["_file"] = file  # repository path, for Git history; never rendered as text
    return out


@dataclass
class PublicData:
    config: dict[str, Any]
    units: list[dict[str, Any]] = field(default_factory=list)
    accounts: list[dict[str, Any]] = field(default_factory=list)
    inspections: list[dict[str, Any]] = field(default_factory=list)
    book: Book | None = None  # the inspections' computed results
    zombie_rule: str = ""  # the zombie rule in force, in words
    assessments: dict[int, YearAssessment] = field(default_factory=dict)  # yearly assessments by year


def public_data(registry: Registry, today: str | None = None, *, assessments: bool = True) -> PublicData:
    """The public view of the registry; with `today` (YYYY-MM-DD), also the computed inspection book
    (rectifications overdue on that day) and, unless `assessments` is False, the assessment of every
    year with an inspection."""
    from generator.assess import activity, yearly
    from generator.assess.book import Book

    cfg = _strip("portal", registry.config, registry.portal.file if registry.portal else "")
    data = PublicData(
        config=cfg,
        units=sorted((_strip("unit", r.data, r.file) for r in registry.units), key=lambda u: u["id"]),
        accounts=sorted((_strip("account", r.data, r.file) for r in registry.accounts), key=lambda a: a["id"]),
        inspections=sorted((_strip("inspection", r.data, r.file) for r in registry.inspections),
                           key=lambda i: (i["date"], i["id"])),
    )
    day = dt.date.fromisoformat(today) if today else None
    data.book = Book(data.inspections, {a["id"]: a for a in data.accounts}, {u["id"]: u for u in data.units},
                     today=day, classify=activity.for_registry(registry))
    data.zombie_rule = activity.rule_zh(registry.config)
    if day is not None and assessments:
        data.assessments = yearly.assess_years(registry, day, data.book)
    return data
