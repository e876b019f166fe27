"""Record and list pages rendered straight from Jinja2 templates (autoescape on) into the shell."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import Any

import jinja2

from generator.lookup.index import verification_code
from generator.model import labels
from generator.model.urls import link_host
from generator.paths import TEMPLATES_DIR
from generator.site import safety
from generator.site.history import FilingCommits
from generator.site.model import Model, days_between, inspection_failed

FILING_TYPES = labels.zh(labels.FILING_TYPES)
NOTICE_KINDS = labels.zh(labels.NOTICE_KINDS)
CHANGE_FIELDS = labels.zh(labels.CHANGE_FIELDS)
UNIT_KINDS = labels.zh(labels.UNIT_KINDS)
FREQUENCIES = labels.zh(labels.UPDATE_FREQUENCIES)
BATCH_KINDS = labels.zh(labels.BATCH_KINDS)
STATUS_LABELS = {**labels.zh(labels.STATUSES), "fail": "不合格"}


def period_label(p: str) -> str:
    if "-Q" in p:
        y, q = p.split("-Q")
        return f"{y}年第{q}季度"
    if "-H" in p:
        y, h = p.split("-H")
        return f"{y}年{'上' if h == '1' else '下'}半年"
    if "-" in p:
        y, m = p.split("-")
        return f"{y}年{int(m)}月"
    return f"{p}年"


def _percent(rate: tuple[int, int]) -> str:
    ok, n = rate
    return f"{ok * 100 / n:.1f}%" if n else "—"


class Pages:
    HOME_REGIONS = 20
    def __init__(self, model: Model, history: FilingCommits, qr: bool) -> None:
        self.M = model
        self.history = history
        self.qr = qr
        cfg = model.config
        self.repo = (safety.web_link(cfg.get("repo_url")) or "").rstrip("/") or None
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)), autoescape=True,
                                 trim_blocks=True, lstrip_blocks=True, undefined=jinja2.ChainableUndefined,
                                 finalize=safety.display_text)
        env.filters.update(
            status_label=lambda s: STATUS_LABELS.get(s, s), platform_name=model.platform_name,
            filing_type=lambda t: FILING_TYPES.get(t, t), notice_kind=lambda k: NOTICE_KINDS.get(k, k),
            change_field=lambda f: CHANGE_FIELDS.get(f, f), unit_kind=lambda k: UNIT_KINDS.get(k, k),
            frequency=lambda f: FREQUENCIES.get(f, f), batch_kind=lambda k: BATCH_KINDS.get(k, k),
            web_link=safety.web_link, days_to=days_between, failed=inspection_failed, percent=_percent,
            period_label=period_label, sort_units=self._sort_units, region_slug=model.region_slug,
            region_href=model.region_href, host=lambda u: link_host(u) or "",
            groupby_platform=lambda accs: [(k, list(g)) for k, g in groupby(accs, key=lambda a: a["platform"])],
        )
        env.globals.update(M=model)
        self.env = env
        self._account = env.get_template("account.html")
        self._unit = env.get_template("unit.html")

    def _sort_units(self, ids: list[str]) -> list[str]:
        return sorted(ids, key=lambda i: (self.M.units[i]["name"], i))

    def account(self, a: dict[str, Any]) -> str:
        M = self.M
        path = a["_file"].split("/", 1)[1] if "/" in a["_file"] else a["_file"]
        filings = [(f, self.history.commit(path, k)) for k, f in enumerate(a["filings"])]
        unit = M.units.get(a["host_unit"], {})
        return self._account.render(
            a=a, root="../../", P=M.platforms.get(a["platform"], {}),
            link=safety.platform_link(a.get("url"), M.platform_hosts(a["platform"])),
            supervisor=unit.get("supervisor"), dereg=M.deregistration(a),
            filings=filings, notices=sorted(a.get("notices") or (), key=lambda n: n["published"], reverse=True),
            results=M.results_of_account.get(a["id"], []), qr=self.qr, repo=self.repo,
            report=bool(M.config.get("report")), code=verification_code(a["id"]),
            site=link_host(M.config.get("site_url")),
        )

    def account_title(self, a: dict[str, Any]) -> str:
        """An account page's title and heading: its name, platform and status (青山民政（新浪微博 · 已注销）)."""
        return f"{a['name']}（{self.M.platform_name(a['platform'])} · {STATUS_LABELS[self.M.status[a['id']]]}）"

    def unit(self, u: dict[str, Any]) -> str:
        M = self.M
        return self._unit.render(u=u, root="../../", region=M.region(u["id"]),
                                 children=self._sort_units(M.children.get(u["id"], [])),
                                 accounts=M.accounts_of_unit.get(u["id"], []))

    def home(self) -> str:
        M = self.M
        accounts = M.data.accounts
        status_counts = Counter(M.status.values())
        by_region = Counter(M.region(a["host_unit"]) for a in accounts)
        regions = [r for r, _ in M.directory]
        shown = regions if len(regions) <= self.HOME_REGIONS else \
            [r for r, _ in sorted(by_region.items(), key=lambda kv: (-kv[1], kv[0]))[:self.HOME_REGIONS]]
        return self.env.get_template("home.html").render(
            root="./", example=accounts[0]["name"] if accounts else "",
            by_status=[(s, status_counts[s]) for s in ("active", "deregistering", "deregistered", "closed")
                       if status_counts[s]],
            by_platform=sorted(Counter(a["platform"] for a in accounts).items(),
                               key=lambda kv: (-kv[1], M.platform_order(kv[0]))),
            by_region=[(r, by_region[r]) for r in shown],
            more_regions=len(regions) if len(shown) < len(regions) else 0,
            active=M.active_notices(), latest=M.recent_filings(10), report=M.config.get("report"),
        )

    def verify(self) -> str:
        """The verify page's box, with the QR code reader (its text is site/verify.md)."""
        accounts = self.M.data.accounts
        return self.env.get_template("verify.html").render(root="../", example=accounts[0]["name"] if accounts else "")

    def directory(self) -> str:
        return self.env.get_template("directory.html").render(root="../", split=self.M.directory_split)

    def region(self, tops: list[str]) -> str:
        return self.env.get_template("region.html").render(root="../../", tops=tops)

    def notices(self) -> str:
        return self.env.get_template("notices.html").render(
            root="../", active=self.M.active_notices(), archive=self.M.archived_notices())

    def inspections_index(self) -> str:
        return self.env.get_template("inspections_index.html").render(root="../")

    def period(self, batches: list[Any]) -> str:
        return self.env.get_template("period.html").render(root="../../", batches=batches)

    def changes(self) -> str:
        return self.env.get_template("changes.html").render(root="../", latest=self.M.recent_filings(200))
