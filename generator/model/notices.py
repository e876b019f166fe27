"""A notice's successors and the channels it closes, read the same way by the rules, the portal, the
exports and the lookup index.

A notice names where its account's readers go instead in `successors`: each an account id of this
registry, or an external channel {name, kind, url, platform?} (a website, a section inside an App, an
account in another registry). The short form `successor: <account id>` of older records means
`successors: [<account id>]`; both are accepted, never together (the schema says so), so records
published before the list existed stay valid as written (check-pr forbids editing a published notice).

A notice that covers several accounts is recorded once per account, with the same `group`: each entry
keeps that account's own successors and effective date, and each host unit files in its own account file.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.model import platforms
from generator.model.urls import link_host

CHANNEL_KINDS = ("website", "app", "app_section", "account", "mini_program", "other")


@dataclass(frozen=True)
class Successor:
    """An account of this registry (`account` set) or an external channel (`name`, `kind`, `url`)."""

    account: str | None = None
    name: str = ""
    kind: str = ""
    url: str = ""
    platform: str = ""

    @property
    def external(self) -> bool:
        return self.account is None


def successor_entries(notice: dict[str, Any]) -> list[tuple[str, Any]]:
    """(path below the notice, raw value) of every successor, for rules that point at the line."""
    if notice.get("successor"):
        return [("successor", notice["successor"])]
    return [(f"successors[{k}]", v) for k, v in enumerate(notice.get("successors") or ())]


def successors(notice: dict[str, Any]) -> list[Successor]:
    """The notice's successors in their written order."""
    out = []
    for _, v in successor_entries(notice):
        if isinstance(v, str):
            out.append(Successor(account=v))
        elif isinstance(v, dict):
            out.append(channel(v))
    return out


def channel(v: dict[str, Any]) -> Successor:
    return Successor(name=str(v.get("name", "")), kind=str(v.get("kind", "")), url=str(v.get("url", "")),
                     platform=str(v.get("platform") or ""))


def channels(values: list[dict[str, Any]] | None) -> list[Successor]:
    """External channels (a notice's `also_covers`) in the successors' shape."""
    return [channel(v) for v in values or () if isinstance(v, dict)]


def successor_ids(notice: dict[str, Any]) -> list[str]:
    """The registry accounts among the successors."""
    return [s.account for s in successors(notice) if s.account]


def takes_effect_at_once(notice: dict[str, Any]) -> bool:
    """A notice that takes effect on the day it is published (自发布之日起) has no notice period."""
    return notice.get("effective") == notice.get("published")


def channel_link(s: Successor) -> str | None:
    """An external channel's link as the portal may publish it (pages, exports, the lookup index): on its
    platform's own hosts when it names a platform of the catalogue, else any publishable link."""
    host = link_host(s.url)
    if host is None:
        return None
    entry = platforms.entries().get(s.platform) if s.platform else None
    if entry is not None and host not in (entry.get("hosts") or ()):
        return None
    return s.url
