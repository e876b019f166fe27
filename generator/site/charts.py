"""Small static SVG charts drawn at build time: pass rates as horizontal bars (per platform, per unit) and
their trend as a line (one point per period). No script: the SVG is part of the page, styled by
portal.css through classes (the page's policy allows no inline style), its text escaped here. Every
chart is drawn beside a table of its numbers (the templates put it there); the SVG itself carries a
title for screen readers. Output is deterministic: coordinates are rounded to one decimal."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from markupsafe import Markup

from generator.site.safety import xml_text

WIDTH = 320  # viewBox units; the SVG scales to the column (360 px phones and up)
BAR_ROW = 38
LABEL_MAX = 18  # characters of a label drawn; the table beside the chart holds the full name


def _num(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _label(text: str) -> str:
    text = xml_text(text)
    return escape(text if len(text) <= LABEL_MAX else text[: LABEL_MAX - 1] + "…")


def _percent(passed: int, total: int) -> float:
    return passed * 100 / total if total else 0.0


def bars(chart_id: str, title: str, rows: Sequence[tuple[str, int, int]]) -> Markup:
    """One bar per row (label, passed, total): the pass rate, with "passed/total" written after it."""
    height = BAR_ROW * len(rows) + 8
    out = [f'<svg class="portal-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
           f'aria-labelledby="{chart_id}-t" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-t">{escape(xml_text(title))}</title>']
    track = WIDTH - 90
    for i, (label, passed, total) in enumerate(rows):
        y = 4 + i * BAR_ROW
        pct = _percent(passed, total)
        w = track * pct / 100
        cls = "portal-chart__bar" + (" portal-chart__bar--low" if pct < 100 else "")
        out += [f'<text class="portal-chart__label" x="0" y="{y + 12}">{_label(label)}</text>',
                f'<rect class="portal-chart__track" x="0" y="{y + 17}" width="{track}" height="14" rx="2"/>',
                f'<rect class="{cls}" x="0" y="{y + 17}" width="{_num(w)}" height="14" rx="2"/>',
                f'<text class="portal-chart__value" x="{track + 6}" y="{y + 29}">{_num(pct)}% {passed}/{total}</text>']
    out.append("</svg>")
    return Markup("".join(out))


def line(chart_id: str, title: str, points: Sequence[tuple[str, int, int]]) -> Markup:
    """The pass rate of each period (label, passed, total), oldest first, joined by a line over a
    0–100 % scale."""
    height, top, bottom, left, right = 150, 20, 118, 56, WIDTH - 28
    n = len(points)
    step = (right - left) / (n - 1) if n > 1 else 0

    def xy(i: int, pct: float) -> tuple[float, float]:
        return left + (step * i if n > 1 else (right - left) / 2), bottom - (bottom - top) * pct / 100

    out = [f'<svg class="portal-chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
           f'aria-labelledby="{chart_id}-t" preserveAspectRatio="xMinYMin meet" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="{chart_id}-t">{escape(xml_text(title))}</title>']
    for pct in (0, 50, 100):
        _, y = xy(0, pct)
        out += [f'<line class="portal-chart__grid" x1="{left}" y1="{_num(y)}" x2="{right}" y2="{_num(y)}"/>',
                f'<text class="portal-chart__axis" x="0" y="{_num(y + 4)}">{pct}%</text>']
    coords = [xy(i, _percent(p, t)) for i, (_, p, t) in enumerate(points)]
    if n > 1:
        path = " ".join(f"{_num(x)},{_num(y)}" for x, y in coords)
        out.append(f'<polyline class="portal-chart__line" points="{path}"/>')
    for (label, passed, total), (x, y) in zip(points, coords, strict=True):
        out += [f'<circle class="portal-chart__dot" cx="{_num(x)}" cy="{_num(y)}" r="4"/>',
                f'<text class="portal-chart__value" x="{_num(x)}" y="{_num(max(y - 8, 10))}" text-anchor="middle">'
                f'{_num(_percent(passed, total))}%</text>',
                f'<text class="portal-chart__axis" x="{_num(x)}" y="{height - 12}" text-anchor="middle">{_label(label)}</text>']
    out.append("</svg>")
    return Markup("".join(out))
