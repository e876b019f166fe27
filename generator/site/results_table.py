"""The results table of a period as supervising offices publish it (通报): one row per account checked,
with its computed result, the items behind it and its rectification; written as CSV (UTF-8 with BOM,
for Excel) and XLSX. The portal's period page links both (`inspections/<period>/results.*`) and
`portal export inspections` writes them. Every cell comes from the public data.

Both files are deterministic: the same registry gives the same bytes (the workbook's properties carry
the period's last check day, its zip entries a fixed time; site/xlsx.py), so `portal audit` can compare
them. Ids are text cells: a Weibo UID stays a string, never a number in scientific notation."""

from __future__ import annotations

import csv
import datetime as dt
import io

from generator.assess.book import Batch, Result
from generator.model import labels, periods
from generator.site import xlsx
from generator.site.exports import _cell
from generator.site.model import Model

COLUMNS = ("序号", "账号名称", "平台", "主办单位", "检查批次", "检查单位", "检查日期", "检查结果", "得分", "单项否决", "扣分项",
           "问题说明", "整改期限", "整改情况", "备案标识", "平台标识")
TEXT_COLUMNS = ("备案标识", "平台标识")  # written as text: ids must never become numbers
NUMBER_COLUMNS = ("序号", "得分")


def _hits(r: Result) -> tuple[str, str, str]:
    o = r.outcome
    vetoes = "；".join(h.item.title_zh for h in o.vetoes)
    deductions = "；".join(f"{h.item.title_zh} −{h.points}" if not o.vetoes else h.item.title_zh for h in o.deductions)
    notes = "；".join([n for h in o.hits for n in h.notes] + [h.seen_zh for h in o.hits if h.seen_zh])
    return vetoes, deductions, notes


def _rectification(r: Result) -> str:
    if not r.rectification:
        return ""
    text = labels.label(labels.RECTIFICATION, r.rectification)
    if r.rectified_on:
        text += f"（{r.rectified_on}{'，复查合格' if r.closed_by and not r.data.get('rectified') else ''}）"
    return text


def rows(model: Model, batches: list[Batch]) -> list[list[str]]:
    """The table's rows (without the header), batch by batch, failures first within a batch."""
    out: list[list[str]] = []
    for b in batches:
        for r in sorted(b.results, key=lambda r: (r.passed, r.account)):
            a = model.accounts.get(r.account) or {}
            vetoes, deductions, notes = _hits(r)
            out.append([str(len(out) + 1), str(a.get("name", r.account)), model.platform_name(str(a.get("platform", ""))),
                        model.unit_name(a.get("host_unit")), str(b.data.get("title") or b.id), model.unit_name(b.data.get("inspector")),
                        b.date, r.outcome.label_zh, "" if r.outcome.score is None else str(r.outcome.score), vetoes, deductions,
                        notes, str(r.rectify_by or ""), _rectification(r), r.account, str(a.get("platform_id") or "")])
    return out


def to_csv(table: list[list[str]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(COLUMNS)
    for row in table:
        w.writerow([_cell(v) for v in row])
    return "\ufeff".encode() + buf.getvalue().encode("utf-8")


WIDTHS = (6, 18, 12, 22, 24, 18, 12, 10, 8, 24, 24, 36, 12, 18, 20, 24)


def to_xlsx(table: list[list[str]], title: str, day: dt.date) -> bytes:
    """A one-sheet workbook; `day` is written as its created and modified time (never the clock)."""
    text_cols = frozenset(COLUMNS.index(n) for n in TEXT_COLUMNS)
    number_cols = {COLUMNS.index(n) for n in NUMBER_COLUMNS}
    rows = [[int(v) if j in number_cols and v.isdigit() else _cell(v) for j, v in enumerate(row)] for row in table]
    return xlsx.workbook(title, COLUMNS, rows, day=day, widths=WIDTHS, text_columns=text_cols)


def period_files(model: Model, period: str) -> dict[str, bytes]:
    """results.csv and results.xlsx of a period's batches."""
    batches = model.book.period_batches(period)
    table = rows(model, batches)
    last = max((dt.date.fromisoformat(b.date) for b in batches), default=dt.date(2000, 1, 1))
    return {"results.csv": to_csv(table), "results.xlsx": to_xlsx(table, periods.label(period), last)}
