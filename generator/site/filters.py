"""List filters that work without JavaScript (the directory's region pages, the recent-changes pages).

A filtered page carries, before its filter links and its lists, one empty target element per filter
value (`<span id="platform-weibo" class="portal-target">`). A filter is a link to that anchor: once it is
the URL's fragment, the element matches `:target`, and the rules written here hide every row of another
value and every section left with none. One page per region or month, one anchor per value: no page
per filter combination, and the rows are written once.

The rules are generated from the catalogues (platforms.yaml, the status and filing-type labels) and
appended to the portal's stylesheet when the site is staged, so every value has its rule."""

from __future__ import annotations

from generator.model import labels, platforms

# filter kind -> the data attribute its rows carry
ATTRIBUTES = {"platform": "data-p", "status": "data-s", "type": "data-t"}


def target_id(kind: str, key: str) -> str:
    """The anchor of one filter value: platform-weibo, status-deregistered, type-open."""
    return f"{kind}-{key}"


def catalogue() -> dict[str, list[str]]:
    """Every value each filter can take."""
    return {"platform": list(platforms.entries()), "status": list(labels.STATUSES),
            "type": list(labels.FILING_TYPES)}


def css(values: dict[str, list[str]] | None = None) -> str:
    """The stylesheet rules of every filter value: three rules, each a list of selectors (portal.css is
    loaded by every page). The rule that hides emptied sections stands alone: a browser without `:has()`
    drops only it, and still filters the rows."""
    rows, sections, current = [], [], []
    for kind, keys in (values or catalogue()).items():
        attr = ATTRIBUTES[kind]
        for key in keys:
            t = f"#{target_id(kind, key)}:target~"
            rows.append(f'{t}.portal-filtered [{attr}]:not([{attr}="{key}"])')
            sections.append(f'{t}.portal-filtered:not(:has([{attr}="{key}"]))')
            current.append(f'{t}.portal-filters a[href="#{target_id(kind, key)}"]')
    return ("/* List filters without JavaScript (generator/site/filters.py). */\n"
            ".portal-target{display:block;height:0;scroll-margin-top:3.2rem}\n"
            f"{','.join(rows)}{{display:none}}\n{','.join(sections)}{{display:none}}\n"
            f"{','.join(current)}{{color:var(--md-default-bg-color);background:var(--md-typeset-a-color)}}\n")
