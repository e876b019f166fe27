"""Structural rules, each failing on one edit of the clean base fixture: (code, file, old, new, JSON path)."""

CASES = [
    # code, file, old, new, JSON path the problem must name
    ("ACC005", "accounts/qs-gaj/qs-gaj-weibo.yaml", "url: https://weibo.com/u/2803301701",
     "url: https://weibo.example.com/u/2803301701", "url"),
    ("ACC005", "accounts/qs-gaj/qs-gaj-weibo.yaml", "url: https://weibo.com/u/2803301701",
     "url: https://user@weibo.com/u/2803301701", "url"),
    ("CHR001", "accounts/qs-gaj/qs-gaj-weibo.yaml", "name: 青山公安", "name: 靑山公安", "name"),
    ("CHR001", "accounts/qs-gaj/qs-gaj-weibo.yaml", "verification_text: 青山市公安局官方微博",
     "verification_text: 青山市公安局\u200b官方微博", "verification_text"),
    ("CHR001", "units/qs-gaj.yaml", "name: 青山市公安局", "name: 青山市公安局\u202e", "name"),
    ("PRIV001", "accounts/qs-gaj/qs-gaj-weibo.yaml", "positioning: 发布警情通报、防范提示和办事指南",
     "positioning: 发布警情通报，值班民警李四 139-0000-0000", "positioning"),
    ("PRIV001", "inspections/2025-Q3/qs-2025-q3.yaml", "note: 8 月有一周未更新",
     "note: 8 月有一周未更新，已联系 lisi1988@qq.com", "results[1].deductions[0].note"),
    ("ACC013", "accounts/qs-gaj/qs-gaj-weibo.yaml", "opened: 2024-03-04", "opened: 2024-03-01", "opened"),
    ("ACC017", "accounts/qs-gov/qs-gov-toutiao.yaml", "successor: qs-gov-wechat", "successor: qs-gov-toutiao",
     "notices[0].successor"),
    ("ACC019", "accounts/qs-gaj/qs-gaj-weibo.yaml", "status: active", "status: active\napp:\n  ipv6: true", "app"),
    ("UNIT003", "units/qs-office.yaml", 'credit_code: "113399007317537942"', "credit_code: 1133990075579649X0",
     "credit_code"),
    ("REF003", "accounts/qs-gaj/qs-gaj-weibo.yaml", "by: qs-office", "by: qs-offic", "filings[0].approval.by"),
    ("REF004", "portal.yaml", "root_unit: qs-gov", "root_unit: qs-govv", "root_unit"),
    ("REF007", "inspections/2025-Q3/qs-2025-q3.yaml", "kind: regular", "kind: regular\nrecheck_of: qs-2025-q2",
     "recheck_of"),
    ("REF006", "units/qs-gov.yaml", "kind: government", "kind: government\nsupervisor: qs-gov", "supervisor"),
]
