"""`portal import`: take an office's spreadsheet of accounts (CSV or XLSX, Chinese headers) into records.

The data flow, one module each: `sheet` reads the rows and finds the header; `match` turns a cell into a
value (platform, link, date, status …); `known` is what the registry already holds; `plan` takes the rows
one by one through small steps to the records (`records` builds them); `write` puts the files in place.

Conventions (docs/import.md):
- a new host unit gets the id ``u-`` + the first 10 hex digits of BLAKE2b over its normalised full name,
  so the same name always gives the same id;
- an account gets ``<unit id>-<platform slug>`` (``-2``, ``-3`` … for a second account on one platform);
- the record gets one ``open`` filing marked ``imported: true``; with no open date in the sheet its dates
  are the import day and it is marked ``date_unknown: true`` too. The rules do not judge such filings and
  say so once per account (FIL009, info);
- nothing is overwritten, and nothing at all is written if any row is refused (unless ``skip_bad``).
"""

from generator.tools.importer.match import match_platform, parse_date, unit_id_for
from generator.tools.importer.plan import ImportResult, RowProblem, plan_import
from generator.tools.importer.sheet import SheetError, read_rows
from generator.tools.importer.write import write_all

__all__ = [
    "ImportResult",
    "RowProblem",
    "SheetError",
    "match_platform",
    "parse_date",
    "plan_import",
    "read_rows",
    "unit_id_for",
    "write_all",
]
