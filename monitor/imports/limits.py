"""What an uploaded list may be, and the refusal raised when it is not (pure Python)."""

from __future__ import annotations

from dataclasses import dataclass

from monitor.imports.columns import TEMPLATE

HEADER_SEARCH = 10  # the header row is looked for among the first rows (titles may come first)
COLUMN_MARGIN = 30  # columns an office list may have beyond the template's (numbers, notes...)


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 20_000
    max_columns: int = len(TEMPLATE) + COLUMN_MARGIN
    max_cell: int = 2000  # characters in one cell
    max_unpacked: int = 100 * 1024 * 1024  # a workbook's parts, unzipped, all together
    max_part: int = 16 * 1024 * 1024  # one part other than a sheet (shared strings, styles), unzipped
    max_ratio: int = 150  # unpacked / packed, per part of the archive
    max_cells: int = 500_000  # cells of a workbook's sheets, all together
    max_strings: int = 100_000  # distinct texts in a workbook (its shared strings)
    max_sheets: int = 32
    max_parts: int = 400  # files in a workbook's archive


class ImportRefused(ValueError):
    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details
