"""Quick synthetic registry (≈40-line accounts matching the schemas) for the loader's own benchmark
and tests, used until/unless `portal synth` is available. Deterministic for a given seed."""

from __future__ import annotations

import random
from pathlib import Path

PLATFORMS = ["wechat_subscription", "weibo", "douyin", "toutiao", "kuaishou", "bilibili"]
WORDS = ["发布", "政务", "信息", "公开", "服务", "便民", "通知", "公告", "解读", "政策", "动态", "办事"]


def _date(rng: random.Random, year: int) -> str:
    return f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def account_text(i: int, unit: str, rng: random.Random) -> str:
    aid = f"{unit}-a{i}"
    platform = rng.choice(PLATFORMS)
    text = "".join(rng.choice(WORDS) for _ in range(6))
    lines = [
        f"id: {aid}",
        f"platform: {platform}",
        f"name: 青山{text[:8]}{i}",
        f"platform_id: gh_{rng.getrandbits(48):012x}" if platform.startswith("wechat") else f'platform_id: "{rng.randint(10**9, 10**10)}"',
        f"handle: qs{i}x",
        f"url: https://example.gov.cn/{unit}/{aid}",
        f"host_unit: {unit}",
        "operator:",
        "  name: 青山融媒体运营有限公司",
        "  credit_code: 91360100MA35XXXX1A".replace("X", "1"),
        f"  contract_until: {_date(rng, 2027)}",
        f"positioning: {text}，及时发布本单位政务信息和便民服务",
        f"verification_text: 青山市{unit}",
        "status: active",
        f"opened: {_date(rng, 2020)}",
        "tags: [service]",
        "update_frequency: weekly",
        "filings:",
        "  - type: open",
        f"    event_date: {_date(rng, 2020)}",
        f"    filed_date: {_date(rng, 2020)}",
        "    approval:",
        "      by: qs-office",
        f"      date: {_date(rng, 2020)}",
        "      reference: 青政办〔2020〕12号",
        "    reason: 政务信息发布",
        "  - type: change",
        f"    event_date: {_date(rng, 2023)}",
        f"    filed_date: {_date(rng, 2023)}",
        "    reason: 调整功能定位",
        "    changes:",
        "      - field: positioning",
        "        from: 发布政务信息",
        f"        to: '{text}'",
        "private:",
        "  managing_office: 办公室",
        "  contacts:",
        "    - role: staff",
        "      name: 张三",
        '      phone: "0791-12345678"',
    ]
    return "\n".join(lines) + "\n"


def write_registry(dst: Path, n_accounts: int, seed: int = 1, per_unit: int = 50) -> Path:
    """Write portal.yaml, units and n_accounts accounts under dst (the registry folder)."""
    rng = random.Random(seed)
    (dst / "units").mkdir(parents=True, exist_ok=True)
    (dst / "portal.yaml").write_text(
        "name: 青山市政务新媒体备案公示平台\njurisdiction: 青山市\nprofile: national\nroot_unit: qs-gov\n", "utf-8")
    units = ["qs-gov", "qs-office"] + [f"qs-u{k}" for k in range((n_accounts + per_unit - 1) // per_unit)]
    for u in units:
        (dst / "units" / f"{u}.yaml").write_text(
            f"id: {u}\nname: 青山市单位{u}\nkind: department\nparent: qs-gov\n" if u != "qs-gov"
            else "id: qs-gov\nname: 青山市人民政府\nkind: government\n", "utf-8")
    for i in range(n_accounts):
        unit = f"qs-u{i // per_unit}"
        d = dst / "accounts" / unit
        if i % per_unit == 0:
            d.mkdir(parents=True, exist_ok=True)
        (d / f"{unit}-a{i}.yaml").write_text(account_text(i, unit, rng), "utf-8")
    return dst
