"""Read an uploaded .xlsx or .csv into rows of cells, refusing what is not a plain table (pure Python).

Everything is checked before anything is parsed in full: the size, the kind of file, the zip
archive of a workbook (its unpacked size and compression ratio, macros, XML entity declarations),
NUL bytes in text, the length of a cell and the number of rows. A refusal is an ImportRefused with
a stable code that the app translates; nothing here writes anything.
"""
from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime

CSV_FIELD_LIMIT = 4000


@dataclass(frozen=True)
class Limits:
    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 20_000
    max_cell: int = 2000                   # characters in one cell
    max_unpacked: int = 200 * 1024 * 1024  # a workbook's XML, unzipped
    max_ratio: int = 150                   # unpacked / packed, per member of the archive


class ImportRefused(ValueError):
    def __init__(self, code: str, **details):
        super().__init__(code)
        self.code = code
        self.details = details


@dataclass
class Table:
    headers: list[str]
    rows: list[list]                 # cells: str, int, float, date or None
    header_row: int                  # 1-based row number of the headers in the file
    kind: str                        # "xlsx" | "csv"
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
        return _read_xlsx(data, limits, known_headers)
    return _read_csv(data, limits, known_headers)


# --- Excel ------------------------------------------------------------------------------------

def _check_archive(data: bytes, limits: Limits) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused("not_a_spreadsheet") from None
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/worksheets/") for n in names):
        raise ImportRefused("not_a_spreadsheet")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ImportRefused("macro")
    total = 0
    for member in members:
        total += member.file_size
        if total > limits.max_unpacked or member.file_size > limits.max_ratio * max(member.compress_size, 1) + 65536:
            raise ImportRefused("zip_bomb")
    try:
        content_types = archive.read("[Content_Types].xml")
        if b"macroEnabled" in content_types:
            raise ImportRefused("macro")
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as stream:
                    head = stream.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise ImportRefused("xml_entities")
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError):
        raise ImportRefused("not_a_spreadsheet") from None
    except Exception as error:  # zlib.error on a damaged member
        if isinstance(error, ImportRefused):
            raise
        raise ImportRefused("not_a_spreadsheet") from None


def _read_xlsx(data: bytes, limits: Limits, known_headers) -> Table:
    _check_archive(data, limits)
    import openpyxl

    try:
        # data_only=False: a formula comes as its text (kept as text, never evaluated or trusted).
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if len(rows) > limits.max_rows + 10:
                raise ImportRefused("too_many_rows", limit=limits.max_rows)
            rows.append([_cell(value, limits) for value in row])
        workbook.close()
    except ImportRefused:
        raise
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise ImportRefused("not_a_spreadsheet") from None
    return _table(rows, "xlsx", limits, known_headers)


def _cell(value, limits: Limits):
    if isinstance(value, datetime):
        return value.date() if value.time() == datetime.min.time() else value.date()
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
    if controls or letters < len(head) * 0.2:
        raise ImportRefused("not_a_spreadsheet")


def _read_csv(data: bytes, limits: Limits, known_headers) -> Table:
    text, encoding = _decode(data)
    if text.count("\n") > limits.max_rows + 10 and _data_lines(text) > limits.max_rows + 10:
        raise ImportRefused("too_many_rows", limit=limits.max_rows)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        raise ImportRefused("not_a_spreadsheet")
    csv.field_size_limit(max(CSV_FIELD_LIMIT, limits.max_cell + 1))
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            rows.append([_cell(value, limits) for value in row])
    except csv.Error:
        raise ImportRefused("cell_too_long", limit=limits.max_cell) from None
    table = _table(rows, "csv", limits, known_headers)
    table.encoding, table.delimiter = encoding, delimiter
    return table


def _data_lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


# --- Both -------------------------------------------------------------------------------------

def _table(rows: list[list], kind: str, limits: Limits, known_headers) -> Table:
    rows = [row for row in rows]
    while rows and not any(cell not in (None, "") for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportRefused("empty")
    header_index = _header_row(rows[:10], known_headers)
    headers = [str(cell).strip() if cell is not None else "" for cell in rows[header_index]]
    body = [row for row in rows[header_index + 1:]]
    body = [row + [None] * (len(headers) - len(row)) for row in body]
    if len(body) > limits.max_rows:
        raise ImportRefused("too_many_rows", limit=limits.max_rows)
    if not any(any(cell not in (None, "") for cell in row) for row in body):
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


def is_date(value) -> bool:
    return isinstance(value, date)
