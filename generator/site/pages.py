"""Record and list pages rendered straight from Jinja2 templates (autoescape on) into the shell."""

from __future__ import annotations

from collections import Counter
from itertools import groupby
from typing import Any
from urllib.parse import urlsplit

import jinja2

from generator.assess.book import Batch
from generator.assess.yearly import YearAssessment
from generator.check.rubrics import find_rubric
from generator.lookup.index import verification_code
from generator.model import labels, periods
from generator.model.notices import channels, successors
from generator.model.urls import link_host
from generator.paths import TEMPLATES_DIR
from generator.site import charts, safety
from generator.site.history import FilingCommits
from generator.site.model import Model, days_between

FILING_TYPES = labels.zh(labels.FILING_TYPES)
NOTICE_KINDS = labels.zh(labels.NOTICE_KINDS)
CHANGE_FIELDS = labels.zh(labels.CHANGE_FIELDS)
UNIT_KINDS = labels.zh(labels.UNIT_KINDS)
FREQUENCIES = labels.zh(labels.UPDATE_FREQUENCIES)
BATCH_KINDS = labels.zh(labels.BATCH_KINDS)
STATUS_LABELS = {**labels.zh(labels.STATUSES), "fail": "不合格"}
STATUS_ORDER = ("active", "deregistering", "deregistered", "closed")


period_label = periods.label  # one way of naming periods: 2026年第三季度
LEVELS = {"national": "国家级", "province": "省级", "city": "市级", "county": "县级"}
LINE_STATUS = {"found": "发现问题", "clear": "无问题", "pending": "待补充", "not_counted": "不计"}
BONUS_STATUS = {"found": "加分", "clear": "不加分"}
CHART_MAX = 30  # bars in one chart; the table beside it lists every row


def _chart_rows(rows: list[tuple[str, str, int, int]]) -> list[tuple[str, int, int]]:
    """(label, passed, total) rows for a rate table; more than CHART_MAX rows are cut to the lowest
    rates by the template's chart only (the table is given them all)."""
    return [(label, ok, n) for _key, label, ok, n in rows]


def _evidence_href(href: str | None, root: str) -> str | None:
    """A link of the assessment's evidence: a portal path under root, or a publishable web link."""
    if not href:
        return None
    if href.startswith(("http://", "https://")):
        return safety.web_link(href)
    return root + href


def _bars(chart_id: str, title: str, rows: list[tuple[str, int, int]]) -> Any:
    if len(rows) > CHART_MAX:
        rows = sorted(rows, key=lambda r: (r[1] / r[2] if r[2] else 1, r[0]))[:CHART_MAX]
        title = f"{title}（合格率最低的 {CHART_MAX} 个）"
    return charts.bars(chart_id, title, rows)


def _percent(rate: tuple[int, int]) -> str:
    ok, n = rate
    return f"{ok * 100 / n:.1f}%" if n else "—"


class Pages:
    HOME_REGIONS = 20
    PASSED_MAX = 2000  # passed accounts named on a batch page; the period's export lists every one
    EVIDENCE_MAX = 30  # evidence shown per assessment item; `portal assess` lists every one
    TREND_MAX = 8  # periods drawn in the trend chart; its table lists every period
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
            web_link=safety.web_link, days_to=days_between, percent=_percent, chart_rows=_chart_rows,
            rect_label=lambda k: labels.label(labels.RECTIFICATION, k),
            recheck_label=lambda k: labels.label(labels.RECHECK, k),
            result_label=lambda k: labels.label(labels.RESULTS, k), level_label=lambda k: LEVELS.get(k, k),
            line_status=lambda k, section="": (BONUS_STATUS if section == "bonus" else {}).get(k) or LINE_STATUS.get(k, k),
            evidence_href=_evidence_href,
            period_label=period_label, sort_units=self._sort_units, region_slug=model.region_slug,
            region_href=model.region_href, month_label=periods.label,
            changes_href=lambda m, root: f"{root}changes/" if m == model.changes_by_month[0][0] else f"{root}changes/{m}/",
            host=lambda u: link_host(u) or "",
            groupby_platform=lambda accs: [(k, list(g)) for k, g in groupby(accs, key=lambda a: a["platform"])],
            successors=lambda n: successors(n) if n else [], channels=channels,
            channel_kind=lambda k: labels.label(labels.CHANNEL_KINDS, k),
        )
        env.globals.update(M=model, bars=_bars, line=charts.line, PASSED_MAX=self.PASSED_MAX,
                           EVIDENCE_MAX=self.EVIDENCE_MAX)
        self.env = env
        self._account = env.get_template("account.html")
        self._unit = env.get_template("unit.html")
        self._region = env.get_template("region.html")
        self._changes = env.get_template("changes.html")

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

    def account_description(self, a: dict[str, Any]) -> str:
        """青山发布：青山市人民政府办公室开设的微信公众号的备案信息。(The status is in the title.)"""
        M = self.M
        return f"{a['name']}：{M.unit_name(a['host_unit'])}开设的{M.platform_name(a['platform'])}的备案信息。"

    def unit_description(self, u: dict[str, Any]) -> str:
        n = len(self.M.accounts_of_unit.get(u["id"], ()))
        return f"{u['name']}的单位信息和备案的 {n} 个政务新媒体账号。"

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

    def not_found(self) -> str:
        """The 404 page's body; its links start at the site's path (the page is served at any depth)."""
        accounts = self.M.data.accounts
        root = urlsplit(self.M.config.get("site_url") or "/").path.rstrip("/") + "/"
        return self.env.get_template("not_found.html").render(root=root, example=accounts[0]["name"] if accounts else "")

    def directory(self) -> str:
        """The directory: every region with its numbers of units and accounts, each a link to its page."""
        M = self.M
        regions = []
        for region, tops in M.directory:
            units = M.region_units(tops)
            regions.append((region, len(units), sum(len(M.accounts_of_unit.get(u, ())) for u in units)))
        return self.env.get_template("directory.html").render(root="../", regions=regions)

    def region(self, region: str, tops: list[str]) -> str:
        """One region's page: its unit tree, then each unit's accounts in a table, with filters."""
        M = self.M
        units = M.region_units(tops)
        accounts = [a for u in units for a in M.accounts_of_unit.get(u, ())]
        by_platform = Counter(a["platform"] for a in accounts)
        by_status = Counter(M.status[a["id"]] for a in accounts)
        slug = M.region_slug(region)
        return self._region.render(
            root="../../", region=region, tops=tops, units=units, total=len(accounts),
            code=slug if slug.isdigit() else None,
            by_platform=sorted(by_platform.items(), key=lambda kv: (M.platform_order(kv[0]), kv[0])),
            by_status=[(st, by_status[st]) for st in STATUS_ORDER if by_status[st]])

    def region_title(self, region: str) -> str:
        return f"账号目录：{region}"

    def region_description(self, region: str) -> str:
        return f"{region}各单位备案的政务新媒体账号，可按平台和状态筛选。"

    def notices(self) -> str:
        return self.env.get_template("notices.html").render(
            root="../", active=self.M.active_notices(), archive=self.M.archived_notices())

    def inspections_index(self) -> str:
        points = [(t.key, t.passed, t.total) for t in self.M.book.trend][-self.TREND_MAX:]
        return self.env.get_template("inspections_index.html").render(root="../", trend_points=points)

    def period(self, period: str, batches: list[Batch]) -> str:
        return self.env.get_template("period.html").render(root="../../", period=period, batches=batches,
                                                           zombie_rule=self.M.data.zombie_rule or "检查时无法访问或长期未更新的为僵尸账号")

    def batch(self, batch: Batch) -> str:
        return self.env.get_template("batch.html").render(root="../../../", b=batch, rubric=find_rubric(str(batch.data["rubric"])))

    def assessment(self, year: YearAssessment) -> str:
        return self.env.get_template("assessment.html").render(root="../../", A=year, repo=self.repo)

    def changes(self, month: str | None = None) -> str:
        """One month of the recent changes (the newest month when `month` is None: the list page)."""
        M = self.M
        months = M.changes_by_month
        entries = next((e for m, e in months if m == month), []) if month else (months[0][1] if months else [])
        month = month or (months[0][0] if months else None)
        by_type = Counter(f["type"] for _, _, f in entries)
        depth = "../" if month is None or not months or month == months[0][0] else "../../"
        return self._changes.render(
            root=depth, month=month, entries=entries, months=[(m, len(e)) for m, e in months],
            by_type=[(t, by_type[t]) for t in FILING_TYPES if by_type[t]], FILING_TYPE_KEYS=list(FILING_TYPES))

    @staticmethod
    def month_title(month: str) -> str:
        return f"最新备案：{periods.label(month)}"

    @staticmethod
    def month_description(month: str) -> str:
        return f"{periods.label(month)}提交的政务新媒体开设、变更、关停和注销备案，可按类型筛选。"
