"""QR codes of account pages, as small SVG files, ~20x faster than encoding each one with segno.

A QR symbol of a fixed version, error level, mask and byte mode is an affine function of the payload
bits over GF(2): Reed-Solomon is linear, module placement is fixed, the mask is a constant XOR. So
segno encodes, once per build, the all-zero payload of each length used and one payload per data bit;
every page's symbol is then the zero symbol of its length XOR the contributions of its set bits.
`tests/test_site_qr.py` checks the result equals segno's own symbol, module for module."""

from __future__ import annotations

import re
from functools import lru_cache

import segno

_RUNS = re.compile(r"1+")
ERROR = "m"
MASK = 0
BORDER = 2


def _segno_bits(payload: bytes, version: int) -> int:
    qr = segno.make_qr(payload, error=ERROR, mask=MASK, version=version, mode="byte", boost_error=False)
    return int("".join("1" if v else "0" for row in qr.matrix for v in row), 2)


def segno_matrix(payload: bytes, version: int) -> list[str]:
    """segno's symbol as rows of '0'/'1' (the reference the fast path must equal)."""
    qr = segno.make_qr(payload, error=ERROR, mask=MASK, version=version, mode="byte", boost_error=False)
    return ["".join("1" if v else "0" for v in row) for row in qr.matrix]


class QrFactory:
    """Symbols for payloads of at most `max_len` bytes, all of one version."""

    def __init__(self, max_len: int, prefix: bytes = b"") -> None:
        """`prefix`: bytes every payload starts with (the site URL); only later bytes need a basis."""
        self.max_len = max_len
        self.prefix = prefix
        self.version = segno.make_qr(b"\0" * max_len, error=ERROR, mask=MASK, mode="byte", boost_error=False).version
        self.size = 17 + 4 * self.version
        self._base: dict[int, int] = {}
        zero = _segno_bits(prefix + b"\0" * (max_len - len(prefix)), self.version)
        self._bit: list[list[int]] = [[] for _ in prefix]
        for j in range(len(prefix), max_len):
            row = []
            for b in range(8):
                flipped = bytearray(prefix + b"\0" * (max_len - len(prefix)))
                flipped[j] = 1 << b
                row.append(_segno_bits(bytes(flipped), self.version) ^ zero)
            self._bit.append(row)
        self._byte: dict[tuple[int, int], int] = {}

    def _contribution(self, j: int, value: int) -> int:
        key = (j, value)
        c = self._byte.get(key)
        if c is None:
            c = 0
            for b in range(8):
                if value >> b & 1:
                    c ^= self._bit[j][b]
            self._byte[key] = c
        return c

    def bits(self, payload: bytes) -> int:
        n = len(payload)
        if n > self.max_len:
            raise ValueError(f"QR payload longer than {self.max_len} bytes")
        start = len(self.prefix)
        if n < start or payload[:start] != self.prefix:
            raise ValueError("QR payload does not start with the factory's prefix")
        m = self._base.get(n)
        if m is None:
            m = self._base[n] = _segno_bits(self.prefix + b"\0" * (n - start), self.version)
        for j in range(start, n):
            v = payload[j]
            if v:
                m ^= self._contribution(j, v)
        return m

    def matrix(self, payload: bytes) -> list[str]:
        s = format(self.bits(payload), f"0{self.size * self.size}b")
        return [s[r * self.size:(r + 1) * self.size] for r in range(self.size)]

    def svg(self, text: str) -> bytes:
        """One path: each row starts with an absolute move, then one precomputed relative fragment per
        8 modules (runs split at chunk edges abut exactly, so the drawing is the same)."""
        full = self.size + 2 * BORDER
        m = self.bits(text.encode("utf-8"))
        size, pad = self.size, (-self.size) % 8
        nbytes = (size + pad) // 8
        row_mask = (1 << size) - 1
        parts = []
        for r in range(size):
            row = ((m >> ((size - 1 - r) * size)) & row_mask) << pad
            parts.append(f"M{BORDER} {r + BORDER}.5")
            parts.extend(_FRAGMENTS[v] for v in row.to_bytes(nbytes, "big"))
        return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full} {full}" shape-rendering="crispEdges">'
                f'<rect width="{full}" height="{full}" fill="#fff"/><path stroke="#000" d="{"".join(parts)}"/></svg>\n').encode()


@lru_cache(maxsize=4)
def qr_factory(max_len: int, prefix: bytes) -> QrFactory:
    """One factory per site URL in a process (setting up its basis takes many segno calls)."""
    return QrFactory(max_len, prefix)


def _fragment(value: int) -> str:
    """Relative path drawing the dark modules of 8 (most significant bit first), ending 8 to the right."""
    out, pen, x = [], 0, 0
    bits = format(value, "08b")
    for m in _RUNS.finditer(bits):
        gap = m.start() - pen
        out.append(f"m{gap} 0h{m.end() - m.start()}" if gap else f"h{m.end() - m.start()}")
        pen = m.end()
        x = pen
    if x != 8:
        out.append(f"m{8 - x} 0")
    return "".join(out)


_FRAGMENTS = [_fragment(v) for v in range(256)]
