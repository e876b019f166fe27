"""Machine-readable outputs: JSON/CSV API, per-record JSON, Atom feeds, sitemap (the lookup index: generator/lookup).
Everything comes from the public data (no `private`, no `maintainers`) and is deterministic."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator
from functools import cached_property
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import orjson

from generator.assess.book import Batch, Result
from generator.model import labels
from generator.model.notices import Successor, channels, successors
from generator.site import safety, xlsx
from generator.site.history import FilingCommits
from generator.site.model import Model, NoticeGroup
from generator.site.pages import FILING_TYPES, NOTICE_KINDS

SITEMAP_MAX = 50_000  # URLs per sitemap file (sitemaps.org)
# api/accounts.csv and api/accounts.xlsx: their columns (`portal import` reads them back by these names)
ACCOUNT_COLUMNS = ["id", "name", "former_names", "platform", "platform_name", "platform_id", "handle", "url",
                   "host_unit", "host_unit_name", "region", "operator", "verification_text", "status",
                   "display_status", "opened", "deregistered_on", "successors", "ipv6", "https", "servers_abroad",
                   "page"]
APP_FLAGS = ("ipv6", "https", "servers_abroad")  # an app's declarations (true/false), blank for accounts
TEXT_COLUMNS = ("id", "platform_id", "handle", "host_unit", "opened", "deregistered_on")  # never numbers or dates in Excel
ACCOUNT_WIDTHS = {"id": 22, "name": 20, "former_names": 20, "platform_id": 30, "url": 40, "host_unit_name": 28,
                  "verification_text": 28, "successors": 30, "page": 40}
LIST_SEPARATOR = "; "  # between the former names, and the successors, of one cell
DEFAULT_LICENCE = {"name": "知识共享署名 4.0 国际许可协议（CC BY 4.0）",
                   "url": "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"}
FEED_MAX = 100


def dumps(value: Any, indent: bool = False) -> bytes:
    opts = orjson.OPT_INDENT_2 if indent else 0
    return orjson.dumps(value, option=opts) + b"\n"


def _public_fields(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not k.startswith("_")}


class Exports:
    def __init__(self, model: Model, history: FilingCommits) -> None:
        self.M = model
        self.history = history
        self.base = (model.config.get("site_url") or "/").rstrip("/") + "/"

    def url(self, path: str) -> str:
        return self.base + path

    # --- accounts --------------------------------------------------------------------------------
    def account_summary(self, a: dict[str, Any]) -> dict[str, Any]:
        M = self.M
        notice = M.deregistration(a)
        return {
            "id": a["id"], "name": a["name"], "platform": a["platform"], "platform_name": M.platform_name(a["platform"]),
            "platform_id": a.get("platform_id"), "handle": a.get("handle"),
            "url": safety.platform_link(a.get("url"), M.platform_hosts(a["platform"])),
            "former_names": list(a.get("former_names") or ()),
            "host_unit": a["host_unit"], "host_unit_name": M.unit_name(a["host_unit"]),
            "region": M.region(a["host_unit"]), "operator": (a.get("operator") or {}).get("name"),
            "verification_text": a.get("verification_text"),
            **{k: (a.get("app") or {}).get(k) for k in APP_FLAGS},
            "status": a["status"], "display_status": M.status[a["id"]], "opened": a.get("opened"),
            "deregistered_on": notice["effective"] if notice else None,
            "successors": self.successors(notice) if notice else [],
            "page": self.url(f"accounts/{a['id']}/"),
        }

    def successors(self, notice: dict[str, Any]) -> list[dict[str, Any]]:
        """A notice's successors as the API gives them: {id, name} of a registry account, or
        {name, kind, url, platform} of a channel outside it (its link only if publishable)."""
        M = self.M
        out: list[dict[str, Any]] = []
        for s in successors(notice):
            if s.account:
                out.append({"id": s.account, "name": M.accounts[s.account]["name"] if s.account in M.accounts else None})
            else:
                out.append({"name": s.name, "kind": s.kind, "url": M.channel_link(s), "platform": s.platform or None})
        return out

    def successors_text(self, notice: dict[str, Any] | None) -> str:
        """The successors in one cell: account ids, and channels as 名称 <link>, separated by "; "."""
        if not notice:
            return ""
        return LIST_SEPARATOR.join(s["id"] if "id" in s else f"{s['name']} <{s['url']}>" if s["url"] else s["name"]
                         for s in self.successors(notice))

    def account_detail(self, a: dict[str, Any]) -> dict[str, Any]:
        out = _public_fields(a)
        out["url"] = safety.platform_link(a.get("url"), self.M.platform_hosts(a["platform"]))
        if out["url"] is None:
            out.pop("url")
        path = a["_file"].split("/", 1)[-1]
        filings = []
        for k, f in enumerate(a["filings"]):
            c = self.history.commit(path, k)
            filings.append({**f, "commit": c.sha if c else None, "commit_date": c.date if c else None})
        out["filings"] = filings
        if a.get("notices"):
            out["notices"] = [self.notice_detail(n) for n in a["notices"]]
        out["display_status"] = self.M.status[a["id"]]
        out["inspections"] = [inspection_result(b, r) for b, r in self.M.results_of_account.get(a["id"], [])]
        return out

    def notice_detail(self, n: dict[str, Any]) -> dict[str, Any]:
        """A notice as recorded, its successors in the one list shape (`successor` of older records too)."""
        out = {k: v for k, v in n.items() if k not in ("successor", "successors", "also_covers", "url")}
        if n.get("url") and safety.web_link(n["url"]):
            out["url"] = n["url"]
        out["successors"] = self.successors(n)
        if n.get("also_covers"):
            out["also_covers"] = [{"name": c.name, "kind": c.kind, "url": self.M.channel_link(c), "platform": c.platform or None}
                                  for c in channels(n["also_covers"])]
        return out

    @cached_property
    def summaries(self) -> dict[str, dict[str, Any]]:
        return {a["id"]: self.account_summary(a) for a in self.M.data.accounts}

    def accounts_json(self) -> bytes:
        return dumps(list(self.summaries.values()))

    def _account_rows(self) -> Iterator[list[str]]:
        """The accounts as the CSV and XLSX exports give them: one text cell per column of ACCOUNT_COLUMNS."""
        M = self.M
        for a in M.data.accounts:
            s = self.summaries[a["id"]]
            row = []
            for c in ACCOUNT_COLUMNS:
                if c == "successors":
                    row.append(self.successors_text(M.deregistration(a)))
                elif c == "former_names":
                    row.append(LIST_SEPARATOR.join(s[c]))
                elif c in APP_FLAGS:
                    row.append("" if s[c] is None else "true" if s[c] else "false")
                else:
                    row.append("" if s[c] is None else str(s[c]))
            yield row

    def accounts_csv(self) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(ACCOUNT_COLUMNS)
        for row in self._account_rows():
            w.writerow([_cell(v) for v in row])
        return "\ufeff".encode() + buf.getvalue().encode("utf-8")

    def accounts_xlsx(self) -> bytes:
        """The CSV's columns and rows as a workbook whose id columns are text cells (Excel keeps a
        16-digit Baijiahao id or Alipay AppID as typed); stamped with the build's day, so the same
        registry commit gives the same bytes."""
        text = frozenset(ACCOUNT_COLUMNS.index(c) for c in TEXT_COLUMNS)
        return xlsx.workbook("账号", ACCOUNT_COLUMNS, list(self._account_rows()), day=dt.date.fromisoformat(self.M.today),
                             widths=[ACCOUNT_WIDTHS.get(c, 14) for c in ACCOUNT_COLUMNS], text_columns=text)

    def meta_json(self) -> bytes:
        """api/meta.json: when the data was last updated (the build's day) and under which licence."""
        return dumps({"updated": self.M.today, "licence": data_licence(self.M.config),
                      "site": self.M.config.get("name"), "url": self.base,
                      "files": ["api/accounts.json", "api/accounts.csv", "api/accounts.xlsx", "api/units.json"]},
                     indent=True)

    # --- units ----------------------------------------------------------------------------------
    def unit_summary(self, u: dict[str, Any]) -> dict[str, Any]:
        out = _public_fields(u)
        out["region"] = self.M.region(u["id"])
        out["page"] = self.url(f"units/{u['id']}/")
        if out.get("contact", {}).get("website") and not safety.web_link(out["contact"]["website"]):
            out["contact"] = {k: v for k, v in out["contact"].items() if k != "website"}
        return out

    def unit_detail(self, u: dict[str, Any]) -> dict[str, Any]:
        out = self.unit_summary(u)
        out["sub_units"] = sorted(self.M.children.get(u["id"], []))
        out["accounts"] = [self.summaries[a["id"]] for a in self.M.accounts_of_unit.get(u["id"], [])]
        return out

    def units_json(self) -> bytes:
        return dumps([self.unit_summary(u) for u in self.M.data.units])

    # --- Atom feeds -----------------------------------------------------------------------------
    def _feed(self, name: str, title: str, entries: list[tuple[str, str, str, str, str]]) -> bytes:
        """entries: (id, date, title, link path, summary), newest first."""
        site = safety.xml_text(self.M.config.get("name", ""))
        updated = entries[0][1] if entries else self.M.today
        out = ['<?xml version="1.0" encoding="utf-8"?>', '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh">',
               f"<title>{xml_escape(site)} · {xml_escape(title)}</title>",
               f"<id>{xml_escape(self.url('feeds/' + name))}</id>",
               f"<link rel=\"self\" href={quoteattr(self.url('feeds/' + name))}/>",
               f"<updated>{updated}T00:00:00Z</updated>"]
        for eid, date, etitle, path, summary in entries:
            out += ["<entry>", f"<id>{xml_escape(self.url(eid))}</id>",
                    f"<title>{xml_escape(safety.xml_text(etitle))}</title>",
                    f"<link href={quoteattr(self.url(path))}/>", f"<updated>{date}T00:00:00Z</updated>",
                    f"<author><name>{xml_escape(site)}</name></author>",
                    f"<summary>{xml_escape(safety.xml_text(summary))}</summary>", "</entry>"]
        out.append("</feed>")
        return ("\n".join(out) + "\n").encode("utf-8")

    def notice_summary(self, g: NoticeGroup) -> str:
        """A notice in a feed entry's summary: when it takes effect, why, on what basis, and where each
        account's readers go (once for all when every account names the same)."""
        M = self.M
        when = f"{g.published} 发布即生效" if g.at_once else f"{g.published} 至 {g.effective}"
        parts = [f"{when}：{g.reason}"]
        if g.basis:
            parts.append(f"依据：{g.basis}")
        if g.approval:
            parts.append(f"{M.unit_name(g.approval['by'])} {g.approval['date']} 批准")

        def names(succ: list[Successor]) -> str:
            return "、".join(f"{M.accounts[s.account]['name']}（{M.platform_name(M.accounts[s.account]['platform'])}）"
                            if s.account in M.accounts else s.account if s.account
                            else f"{s.name}（{M.platform_name(s.platform) if s.platform else labels.label(labels.CHANNEL_KINDS, s.kind)}）"
                            for s in succ)

        if g.one_successors and g.one_effective:
            if g.entries[0].successors:
                parts.append(f"请改为关注 {names(g.entries[0].successors)}")
        else:
            for e in g.entries:
                said = [f"{e.effective} 生效"] + ([f"请改为关注 {names(e.successors)}"] if e.successors else [])
                parts.append(f"{e.account['name']}（{M.platform_name(e.account['platform'])}）" + "，".join(said))
        if g.also_covers:
            parts.append("一并注销 " + names(channels(g.also_covers)))
        return " · ".join(parts)

    def feeds(self) -> dict[str, bytes]:
        M = self.M
        filings = [(f"accounts/{a['id']}/#filing-{k}", f["filed_date"],
                    f"{FILING_TYPES.get(f['type'], f['type'])}：{a['name']}（{M.platform_name(a['platform'])}）",
                    f"accounts/{a['id']}/", f"{M.unit_name(a['host_unit'])} {f.get('reason', '')}".strip())
                   for a, k, f in M.recent_filings(FEED_MAX)]
        notices = [(f"notices/#notice-{g.key}", g.published,
                    g.title or f"{NOTICE_KINDS.get(g.kind, g.kind)}：{'、'.join(a['name'] for a in g.accounts)}",
                    f"notices/#notice-{g.key}", self.notice_summary(g))
                   for g in M.notices if g.published <= M.today][:FEED_MAX]
        batches = sorted(M.batches.values(), key=lambda b: (b.data.get("published") or b.data["date"], b.id), reverse=True)
        inspections = []
        for b in batches[:FEED_MAX]:
            (ok, n), _ = M.pass_rates(b)
            page = f"inspections/{b.period}/{b.id}/"
            inspections.append((page, b.data.get("published") or b.data["date"], b.data.get("title") or b.id, page,
                                f"检查 {n} 个账号，合格 {ok} 个，不合格 {len(b.failed)} 个"))
        return {"filings.xml": self._feed("filings.xml", "备案动态", filings),
                "notices.xml": self._feed("notices.xml", "注销公告", notices),
                "inspections.xml": self._feed("inspections.xml", "检查结果", inspections)}

    # --- sitemap ---------------------------------------------------------------------------------
    def sitemap_entries(self, static_pages: list[str]) -> Iterator[tuple[str, str | None]]:
        M = self.M
        for p in static_pages:
            yield p, None
        for period, batches in M.periods:
            yield f"inspections/{period}/", None
            for b in batches:
                yield f"inspections/{period}/{b.id}/", None
        for year in sorted(M.data.assessments):
            yield f"assessments/{year}/", None
        for region, _ in M.directory:
            yield f"directory/{M.region_slug(region)}/", None
        for month, _ in M.changes_by_month[1:]:
            yield f"changes/{month}/", None
        for u in M.data.units:
            yield f"units/{u['id']}/", None
        for a in M.data.accounts:
            dates = [f["filed_date"] for f in a["filings"] if f["filed_date"] <= M.today]
            yield f"accounts/{a['id']}/", max(dates) if dates else None

    def sitemaps(self, static_pages: list[str]) -> dict[str, bytes]:
        entries = list(self.sitemap_entries(static_pages))
        chunks = [entries[i:i + SITEMAP_MAX] for i in range(0, len(entries), SITEMAP_MAX)] or [[]]

        def urlset(items: list[tuple[str, str | None]]) -> bytes:
            lines = ['<?xml version="1.0" encoding="UTF-8"?>',
                     '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
            for path, lastmod in items:
                lm = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
                lines.append(f"<url><loc>{xml_escape(self.url(path))}</loc>{lm}</url>")
            lines.append("</urlset>")
            return ("\n".join(lines) + "\n").encode()

        if len(chunks) == 1:
            return {"sitemap.xml": urlset(chunks[0])}
        out = {f"sitemaps/sitemap-{i + 1}.xml": urlset(c) for i, c in enumerate(chunks)}
        index = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
        index += [f"<sitemap><loc>{xml_escape(self.url(name))}</loc></sitemap>" for name in out]
        index.append("</sitemapindex>")
        out["sitemap.xml"] = ("\n".join(index) + "\n").encode()
        return out


def inspection_result(b: Batch, r: Result) -> dict[str, Any]:
    """One computed result as the API gives it: the result as recorded, and what the rubric makes of it."""
    o = r.outcome

    def hit(h: Any) -> dict[str, Any]:
        return {"item": h.item.key, "title": h.item.title_zh, "count": h.count, "points": h.points,
                "source": h.source, **({"observed": h.seen_zh} if h.seen_zh else {})}

    return {"batch": b.id, "period": b.period, "date": b.date, "rubric": o.rubric, "passed": o.passed,
            "result": o.label_zh, "score": o.score, "computed_vetoes": [hit(h) for h in o.vetoes],
            "computed_deductions": [hit(h) for h in o.deductions], "rectification": r.rectification or None,
            "rectified_on": r.rectified_on, "rechecked_by": r.closed_by,
            **{k: v for k, v in r.data.items() if k != "account"}}


def _cell(v: Any) -> str:
    """CSV cell; text that Excel would run as a formula is prefixed with an apostrophe."""
    if v is None:
        return ""
    s = str(v)
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def data_licence(config: dict[str, Any]) -> dict[str, str]:
    """The licence of the published data: portal.yaml's `data_licence`, else CC BY 4.0."""
    return dict(config.get("data_licence") or DEFAULT_LICENCE)


def data_terms_markdown(config: dict[str, Any], today: str) -> str:
    """The API page's lines on the data's licence and its last update (api/meta.json says the same)."""
    lic = data_licence(config)
    return (f"**许可 / Licence**：本站数据按 [{safety.md_escape(lic['name'])}]({lic['url']}) 发布，使用时请注明来源"
            f"“{safety.md_escape(config.get('name') or '')}”。\n\n"
            f"**更新日期 / Last updated**：{today}（每次生成网站时更新，也写在 [`api/meta.json`](meta.json) 的 `updated` 中）。")
