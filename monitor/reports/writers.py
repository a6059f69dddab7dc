"""Write sheets to an Excel workbook or to CSV files in a zip, row by row (constant memory).

Text cells are always written as text: in the workbook with write_string (never read as a
formula), in CSV with a leading apostrophe before =, +, -, @ (see monitor/core/csvsafe.py). Numbers
stay numbers and dates stay dates.
"""

from __future__ import annotations

import codecs
import csv
import io
import tempfile
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from typing import BinaryIO

import xlsxwriter

from monitor.core.csvsafe import safe_cell
from monitor.reports.ilo import ChunkedSheet, CopySheet, LazySheet, Sheet
from monitor.reports.suppression import HIDDEN

SUPPRESSED = "<5"


def _in_writing_order(sheets: list) -> list[tuple[int, Sheet | LazySheet]]:
    """Sheets whose rows are ready first, then the lazy ones (they depend on the others' rows)."""
    indexed = list(enumerate(sheets))
    return [p for p in indexed if not isinstance(p[1], LazySheet)] + [p for p in indexed if isinstance(p[1], LazySheet)]


Progress = Callable[[int], None]
PROGRESS_EVERY = 10_000  # rows between two calls of a writer's `progress`


def write_xlsx(
    sheets: list, target: BinaryIO | str, suppressed: str = SUPPRESSED, progress: Progress | None = None
) -> int:
    """Write the workbook (sheets in the given order); returns the number of data rows written.
    `progress` hears the rows written so far, every PROGRESS_EVERY rows."""
    workbook = xlsxwriter.Workbook(
        target,
        {
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "tmpdir": tempfile.gettempdir(),
        },
    )
    bold = workbook.add_format({"bold": True, "bg_color": "#E9ECEF"})
    italic = workbook.add_format({"italic": True, "bg_color": "#F8F9FA"})
    dates = workbook.add_format({"num_format": "dd.mm.yyyy"})
    total = 0
    worksheets = [workbook.add_worksheet(sheet.name[:31]) for sheet in sheets]  # their order in the file
    for index, sheet in _in_writing_order(sheets):
        sheet = sheet.make() if isinstance(sheet, LazySheet) else sheet
        ws = worksheets[index]  # constant memory: each sheet's rows are written in order, sheets in any order
        ws.freeze_panes(2, 0)
        for col, en in enumerate(sheet.headers):  # constant memory: rows are written in order
            ws.set_column(col, col, max(12, min(40, len(en) + 2)))
            ws.write_string(0, col, en, bold)
        for col, ru in enumerate(sheet.headers_ru):
            ws.write_string(1, col, ru, italic)
        for row_number, row in enumerate(sheet.rows, start=2):
            for col, value in enumerate(row):
                _cell(ws, row_number, col, value, dates, suppressed)
            total += 1
            if progress is not None and total % PROGRESS_EVERY == 0:
                progress(total)
    workbook.close()
    return total


def _cell(ws, row: int, col: int, value, dates, suppressed: str) -> None:
    if value is None:
        return
    if value is HIDDEN:
        ws.write_string(row, col, suppressed)
    elif isinstance(value, bool):
        ws.write_boolean(row, col, value)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value)
    elif isinstance(value, datetime):
        ws.write_datetime(row, col, value, dates)
    elif isinstance(value, date):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), dates)
    else:
        ws.write_string(row, col, str(value))


def write_zip(
    sheets: list, target: BinaryIO | str, suppressed: str = SUPPRESSED, progress: Progress | None = None
) -> int:
    """The same sheets as UTF-8 CSV files (with BOM, for Excel) in one zip. A `ChunkedSheet`'s rows are
    written as they come (already CSV-safe), a chunk at a time. Deflate at level 1: 0.55 s of ~6 s for
    500,000 children, against 0.8 s at the default level; storing them would save that but make the
    download 56 MB instead of 15 MB, too much for a field office's connection."""
    total = 0
    text = io.StringIO()
    writer = csv.writer(text)

    def flush(raw) -> None:
        raw.write(text.getvalue().encode("utf-8"))
        text.seek(0)
        text.truncate()

    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for _index, sheet in _in_writing_order(sheets):
            sheet = sheet.make() if isinstance(sheet, LazySheet) else sheet
            chunked = isinstance(sheet, ChunkedSheet)
            with archive.open(f"{sheet.name}.csv", "w") as raw:
                raw.write(codecs.BOM_UTF8)
                writer.writerow(sheet.headers)
                writer.writerow(sheet.headers_ru)
                if isinstance(sheet, CopySheet):
                    flush(raw)
                    for block, count in sheet.blocks:
                        raw.write(block)
                        total += count
                        if progress is not None:
                            progress(total)
                elif chunked:
                    for chunk in sheet.chunks:
                        writer.writerows(chunk)
                        flush(raw)
                        total += len(chunk)
                        if progress is not None:
                            progress(total)
                else:
                    for row in sheet.rows:
                        writer.writerow([_csv(value, suppressed) for value in row])
                        total += 1
                flush(raw)
    return total


def _csv(value, suppressed: str):
    if value is None:
        return ""
    if value is HIDDEN:
        return suppressed
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, date):
        return value.isoformat()
    return safe_cell(value)
