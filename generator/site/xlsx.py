"""A one-sheet XLSX workbook written directly as its XML parts: a bold header row frozen at the top, text
cells (inline strings; text-typed columns also carry Excel's text format, so that a Weibo UID typed over
stays text), whole numbers, column widths. Deterministic: no clock (the properties carry the given day),
every zip entry stamped with one fixed time. Written this way because a period of a national registry has
some 25,000 rows, which openpyxl's writer takes tens of seconds over; openpyxl reads these files (tests)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape, quoteattr

from generator.site.safety import xml_text

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
BOLD, TEXT = 1, 2  # cell styles (styles.xml's cellXfs)

_CONTENT_TYPES = _HEAD + (
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>")
_ROOT_RELS = _HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/></Relationships>')
_WORKBOOK_RELS = _HEAD + (
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_REL}/styles" Target="styles.xml"/></Relationships>')
_STYLES = _HEAD + (
    f'<styleSheet xmlns="{_NS}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')


def _column(j: int) -> str:
    name = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        name = chr(65 + rem) + name
    return name


def _text_cell(ref: str, value: str, style: int) -> str:
    text = escape(xml_text(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    s = f' s="{style}"' if style else ""
    return f'<c r="{ref}" t="inlineStr"{s}><is><t{space}>{text}</t></is></c>'


def workbook(title: str, header: Sequence[str], rows: Sequence[Sequence[str | int]], *, day: dt.date,
             widths: Sequence[int] = (), text_columns: frozenset[int] = frozenset()) -> bytes:
    """The workbook's bytes. Cells are str (text) or int (a number); `text_columns` are column indexes
    whose cells are formatted as text (Excel's @)."""
    refs = [_column(j) for j in range(len(header))]
    out = [_HEAD, f'<worksheet xmlns="{_NS}" xmlns:r="{_REL}">',
           '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
           'state="frozen"/></sheetView></sheetViews>']
    if widths:
        out.append("<cols>" + "".join(f'<col min="{j + 1}" max="{j + 1}" width="{w}" customWidth="1"/>'
                                      for j, w in enumerate(widths)) + "</cols>")
    out.append('<sheetData><row r="1">' + "".join(_text_cell(f"{refs[j]}1", h, BOLD) for j, h in enumerate(header))
               + "</row>")
    for i, row in enumerate(rows, start=2):
        cells = []
        for j, v in enumerate(row):
            ref = f"{refs[j]}{i}"
            if isinstance(v, int) and not isinstance(v, bool):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            elif v != "":
                cells.append(_text_cell(ref, str(v), TEXT if j in text_columns else 0))
        out.append(f'<row r="{i}">' + "".join(cells) + "</row>")
    out.append("</sheetData></worksheet>")
    stamp = f"{day.isoformat()}T00:00:00Z"
    core = _HEAD + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(xml_text(title))}</dc:title><dc:creator>gov-newmedia-portal</dc:creator>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>')
    book = _HEAD + (f'<workbook xmlns="{_NS}" xmlns:r="{_REL}"><sheets>'
                    f'<sheet name={quoteattr(xml_text(title)[:31])} sheetId="1" r:id="rId1"/></sheets></workbook>')
    parts = [("[Content_Types].xml", _CONTENT_TYPES), ("_rels/.rels", _ROOT_RELS), ("docProps/core.xml", core),
             ("xl/workbook.xml", book), ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS), ("xl/styles.xml", _STYLES),
             ("xl/worksheets/sheet1.xml", "".join(out))]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in parts:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3
            z.writestr(info, text.encode("utf-8"))
    return buf.getvalue()
