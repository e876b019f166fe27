"""The fast QR path must produce exactly segno's symbol (same version, error level, mask)."""

from __future__ import annotations

import random
import string

import pytest

from generator.site.qr import QrFactory, segno_matrix


@pytest.fixture(scope="module")
def factory() -> QrFactory:
    prefix = b"https://xmt.qingshan.gov.cn/accounts/"
    return QrFactory(len(prefix) + 65, prefix)


def test_fast_symbols_equal_segno(factory: QrFactory) -> None:
    rnd = random.Random(7)
    alphabet = string.ascii_lowercase + string.digits + "-"
    for _ in range(25):
        ident = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 64)))
        payload = f"https://xmt.qingshan.gov.cn/accounts/{ident}/".encode()
        assert factory.matrix(payload) == segno_matrix(payload, factory.version), payload


def test_svg_is_deterministic_and_bounded(factory: QrFactory) -> None:
    a = factory.svg("https://xmt.qingshan.gov.cn/accounts/qs-gov-wechat/")
    assert a == factory.svg("https://xmt.qingshan.gov.cn/accounts/qs-gov-wechat/")
    assert a.startswith(b"<svg") and len(a) < 6000
    with pytest.raises(ValueError):
        factory.svg("https://xmt.qingshan.gov.cn/accounts/" + "x" * 100)
    with pytest.raises(ValueError):
        factory.svg("https://other.example/accounts/x/")
