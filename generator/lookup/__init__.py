"""The verification lookup: "is this account real?" answered from a static, sharded index.

One query engine with two implementations that must agree: this package (the `portal verify` command,
the build that writes the index) and `generator/site/static/verify.js` (the browser). The spec both
follow is docs/verify.md; `tests/data/verify_vectors.json` holds them to it.

    normalise.py  how a name is read: light normalisation, platform words, the lookalike skeleton
    links.py      how a link, a share text or a scanned QR code is read (on model.urls, the one link parser)
    query.py      what a query is: a link, an id or a name, and which shards answer it
    index.py      the index: keys, shards, the tables the browser needs (written by `portal build`)
    answer.py     the answer: 已备案, 已注销 …, 名称相近, 曾用名, 单位, 未找到
"""
