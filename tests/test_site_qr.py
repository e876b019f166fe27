"""The fast QR path must produce exactly segno's symbol (same version, error level, mask)."""

from __future__ import annotations

import random
import re
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


def _draw(svg: bytes, size: int, border: int) -> list[str]:
    """Interpret the path (M/m/h commands, stroke 1 on half rows) back into module rows."""
    d = re.search(rb' d="([^"]+)"', svg).group(1).decode()
    grid = [["0"] * size for _ in range(size)]
    x = y = 0.0
    for cmd, args in re.findall(r"([MmHh])([^MmHh]*)", d):
        nums = [float(v) for v in args.split()]
        if cmd == "M":
            x, y = nums
        elif cmd == "m":
            x, y = x + nums[0], y + nums[1]
        else:
            for col in range(int(x), int(x + nums[0])):
                grid[int(y) - border][col - border] = "1"
            x += nums[0]
    return ["".join(r) for r in grid]


def test_svg_draws_exactly_the_symbol(factory: QrFactory) -> None:
    for ident in ("qs-gov-wechat", "a", "x" * 64, "t390301111-gov-douyin"):
        url = f"https://xmt.qingshan.gov.cn/accounts/{ident}/"
        assert _draw(factory.svg(url), factory.size, 2) == factory.matrix(url.encode())
