"""Read an uploaded .xlsx or .csv into rows of cells, refusing what is not a plain table (pure Python).

The size, the kind of file and (for a workbook) its archive are checked before anything is parsed;
then the rows are read as a stream and the limits (columns, rows, the length of a cell, NUL bytes)
are enforced on each row as it comes, so a hostile file is refused after reading no more than the
limits allow. Rows are cut or padded to the header row's width, never wider. A refusal is an
ImportRefused with a stable code that the app translates; nothing here writes anything.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from itertools import chain, islice

from monitor.imports.limits import HEADER_SEARCH, ImportRefused, Limits
from monitor.imports.workbook import xlsx_rows

CSV_FIELD_LIMIT = 4000

__all__ = ["ImportRefused", "Limits", "Table", "read_table"]


@dataclass
class Table:
    headers: list[str]
    rows: list[list]  # cells: str, int, float, date or None; as many as headers
    header_row: int  # 1-based row number of the headers in the file
    kind: str  # "xlsx" | "csv"
    encoding: str = ""
    delimiter: str = ""
    notes: list[str] = field(default_factory=list)

    def row_number(self, index: int) -> int:
        """The row number a person sees in the file for data row `index` (0-based)."""
        return self.header_row + 1 + index


def read_table(data: bytes, filename: str, limits: Limits = Limits(), known_headers=None) -> Table:
    """`known_headers(text)` says whether a cell names a known column (it finds the header row)."""
    if len(data) > limits.max_bytes:
        raise ImportRefused("too_big", limit=limits.max_bytes // (1024 * 1024))
    if not data.strip():
        raise ImportRefused("empty")
    name = filename.lower()
    if name.endswith((".xlsm", ".xltm", ".xlsb", ".xls")):
        raise ImportRefused("macro" if name.endswith((".xlsm", ".xltm")) else "old_excel")
    if data[:4] == b"PK\x03\x04" or name.endswith(".xlsx"):
        with closing(xlsx_rows(data, limits)) as rows:
            return _table(rows, "xlsx", limits, known_headers)
    text, encoding = _decode(data)
    rows, delimiter = _csv_rows(text, limits)
    table = _table(rows, "csv", limits, known_headers)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _cell(value, limits: Limits):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, str):
        if len(value) > limits.max_cell:
            raise ImportRefused("cell_too_long", limit=limits.max_cell)
        if "\x00" in value:
            raise ImportRefused("nul_bytes")
        value = value.strip()
        return value or None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


# --- CSV --------------------------------------------------------------------------------------


def _decode(data: bytes) -> tuple[str, str]:
    if b"\x00" in data:
        raise ImportRefused("nul_bytes")
    try:
        if data.startswith(b"\xef\xbb\xbf"):
            text, encoding = data[3:].decode("utf-8"), "UTF-8 (BOM)"
        else:
            text, encoding = data.decode("utf-8"), "UTF-8"
        _looks_like_text(text)
        return text, encoding
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1251", errors="replace")
    _looks_like_text(text)
    return text, "Windows-1251"


def _looks_like_text(text: str) -> None:
    """A binary file decodes to something in Windows-1251 too: control characters give it away."""
    head = text[:20000]
    controls = sum(1 for ch in head if ord(ch) < 32 and ch not in "\t\r\n")
    letters = sum(ch.isalpha() for ch in head)
    separators = sum(ch in ";,\t\r\n" for ch in head)
    if controls or letters < (len(head) - separators) * 0.2:
        raise ImportRefused("not_a_spreadsheet")


def _csv_rows(text: str, limits: Limits) -> tuple[Iterator[list], str]:
    first = next((line for line in io.StringIO(text) if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        raise ImportRefused("not_a_spreadsheet")
    # One field may not exceed this (the csv module's limit is for the whole process: ours is lower).
    csv.field_size_limit(max(CSV_FIELD_LIMIT, limits.max_cell + 1))

    # A line longer than the widest row of the longest cells is refused before the csv module splits
    # it (ten million separators would be a list of ten million fields).
    longest = limits.max_columns * (limits.max_cell + 3) + 2

    def lines() -> Iterator[str]:
        for line in io.StringIO(text, newline=""):
            if len(line) > longest and line.count(delimiter) >= limits.max_columns:
                raise ImportRefused("too_wide", limit=limits.max_columns)
            if len(line) > longest:
                raise ImportRefused("cell_too_long", limit=limits.max_cell)
            yield line

    def rows() -> Iterator[list]:
        try:
            yield from csv.reader(lines(), delimiter=delimiter)
        except csv.Error:
            raise ImportRefused("cell_too_long", limit=limits.max_cell) from None

    return rows(), delimiter


# --- Both -------------------------------------------------------------------------------------


def _cells(row, limits: Limits, width: int | None = None) -> list:
    """A row's cells, cut or padded to `width` (else without its empty tail); refused when too wide."""
    if len(row) > limits.max_columns:
        raise ImportRefused("too_wide", limit=limits.max_columns)
    if width is None:
        width = len(row)
        while width and row[width - 1] in (None, ""):
            width -= 1
    cells = [_cell(value, limits) for value in row[:width]]
    return cells + [None] * (width - len(cells))


def _filled(cells: list) -> bool:
    return any(cell not in (None, "") for cell in cells)


def _table(rows: Iterable, kind: str, limits: Limits, known_headers) -> Table:
    stream = iter(rows)
    first = list(islice(stream, HEADER_SEARCH))
    head = [_cells(row, limits) for row in first]
    if not any(_filled(cells) for cells in head):
        raise ImportRefused("empty")
    header_index = _header_row(head, known_headers)
    headers = [str(cell).strip() if cell is not None else "" for cell in head[header_index]]
    body: list[list] = []
    blank = 0  # empty rows not yet kept: kept when a filled row follows, dropped at the end
    for row in chain(first[header_index + 1 :], stream):
        cells = _cells(row, limits, len(headers))
        if not _filled(cells):
            blank += 1
        else:
            body.extend([None] * len(headers) for _ in range(blank))
            blank = 0
            body.append(cells)
        if len(body) > limits.max_rows or blank > limits.max_rows:
            raise ImportRefused("too_many_rows", limit=limits.max_rows)
    if not body:
        raise ImportRefused("no_rows")
    return Table(headers, body, header_index + 1, kind)


def _header_row(rows: list[list], known_headers) -> int:
    """A title line may come first: the header row is the one naming the most known columns (else the
    first with at least two filled text cells)."""

    def known(row) -> int:
        return sum(1 for cell in row if known_headers is not None and known_headers(cell))

    best = max(range(len(rows)), key=lambda i: (known(rows[i]), -i))
    if known(rows[best]):
        return best
    return next((i for i, row in enumerate(rows) if sum(isinstance(c, str) and bool(c) for c in row) >= 2), 0)
