"""QR codes of account pages (segno), as small SVG files. segno's automatic mask choice scores all
eight masks and costs ~6 ms a code; a fixed mask is equally valid and ~3x faster, and the SVG is
written here as one run-length path (smaller than segno's default writer)."""

from __future__ import annotations

import segno


def qr_svg(data: str) -> bytes:
    qr = segno.make_qr(data, error="m", mask=0, boost_error=False)
    border = 2
    size = len(qr.matrix) + 2 * border
    parts: list[str] = []
    for y, row in enumerate(qr.matrix):
        x = 0
        n = len(row)
        while x < n:
            if row[x]:
                start = x
                while x < n and row[x]:
                    x += 1
                parts.append(f"M{start + border} {y + border}.5h{x - start}")
            else:
                x += 1
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" shape-rendering="crispEdges">'
            f'<rect width="{size}" height="{size}" fill="#fff"/><path stroke="#000" d="{"".join(parts)}"/></svg>\n').encode()
