"""The rows of an uploaded .xlsx, read as a stream within limits checked before openpyxl parses it.

A workbook is a zip of XML parts, and every size it declares can lie: the zip directory gives each
part's unpacked size (zipfile never unpacks more than that), a sheet gives its own dimension, and
each row and cell its own position. So before openpyxl touches the file the directory is checked
(number of parts and sheets, unpacked sizes and ratios, macros), and every sheet and the shared
strings are streamed once through expat counting rows, cells and texts: no row openpyxl later
builds can be wider or further down than the limits allow, whatever the sheet declares; openpyxl,
which reads every sheet's head and every shared string when it opens a workbook (slowly: some
50,000 texts a second), never has too much to read; and the scan itself stops within a bounded
number of cells.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from xml.parsers import expat

import openpyxl

from monitor.imports.limits import HEADER_SEARCH, ImportRefused, Limits

CHUNK = 64 * 1024
CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)$")


def xlsx_rows(data: bytes, limits: Limits) -> Iterator[tuple]:
    """The first sheet's rows as tuples of at most `limits.max_columns` values, top to bottom."""
    archive = _open_archive(data, limits)
    scan = _Scan(limits)
    for member in archive.infolist():
        if _is_sheet(member.filename) or member.filename.endswith("sharedStrings.xml"):
            _scan_part(archive, member, scan)
    try:
        # data_only=False: a formula comes as its text (kept as text, never evaluated or trusted).
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise ImportRefused("not_a_spreadsheet") from None
    try:
        if not workbook.worksheets:
            raise ImportRefused("not_a_spreadsheet")
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # read what is there, not what the sheet says is there
        yield from sheet.iter_rows(max_col=limits.max_columns, values_only=True)
    except ImportRefused:
        raise
    except Exception:
        raise ImportRefused("not_a_spreadsheet") from None
    finally:
        workbook.close()


def _open_archive(data: bytes, limits: Limits) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused("not_a_spreadsheet") from None
    names = {m.filename for m in members}
    sheets = [n for n in names if _is_sheet(n)]
    if "[Content_Types].xml" not in names or not sheets:
        raise ImportRefused("not_a_spreadsheet")
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise ImportRefused("macro")
    if len(sheets) > limits.max_sheets or len(members) > limits.max_parts:
        raise ImportRefused("too_many_sheets", limit=limits.max_sheets)
    total = 0
    for member in members:
        total += member.file_size
        is_sheet = member.filename in sheets
        if (
            total > limits.max_unpacked
            or (not is_sheet and member.file_size > limits.max_part)
            or member.file_size > limits.max_ratio * max(member.compress_size, 1) + 65536
        ):
            raise ImportRefused("zip_bomb")
    _check_parts(archive, members)
    return archive


def _check_parts(archive: zipfile.ZipFile, members: list[zipfile.ZipInfo]) -> None:
    try:
        if b"macroEnabled" in archive.read("[Content_Types].xml"):
            raise ImportRefused("macro")
        for member in members:
            if member.filename.endswith((".xml", ".rels")):
                with archive.open(member) as stream:
                    head = stream.read(4096)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    raise ImportRefused("xml_entities")
    except ImportRefused:
        raise
    except Exception:  # BadZipFile, zlib.error, EOFError on a damaged member
        raise ImportRefused("not_a_spreadsheet") from None


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


class _Scan:
    """Counts a sheet's rows and each row's cells, the shared strings, and the cells of all sheets
    together, as expat reads the parts; raises at the first excess."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.last_row = limits.max_rows + HEADER_SEARCH + 1
        self.all_cells = 0
        self.next_part()

    def next_part(self) -> None:
        self.row = self.rows = self.cells = self.column = self.strings = 0

    def start(self, name: str, attrs: dict) -> None:
        tag = name.rpartition(":")[2] if ":" in name else name
        if tag == "v" or tag == "t":
            return
        if tag == "si":
            self.strings += 1
            if self.strings > self.limits.max_strings:
                raise ImportRefused("too_many_texts", limit=self.limits.max_strings)
        elif tag == "c":
            self.cells += 1
            self.all_cells += 1
            if self.all_cells > self.limits.max_cells:
                raise ImportRefused("too_many_cells", limit=self.limits.max_cells)
            reference = attrs.get("r")
            self.column = _column(reference) if reference else self.column + 1
            if self.column > self.limits.max_columns or self.cells > self.limits.max_columns:
                raise ImportRefused("too_wide", limit=self.limits.max_columns)
        elif tag == "row":
            self.rows += 1
            self.row = _number(attrs["r"]) if "r" in attrs else self.row + 1
            self.cells = self.column = 0
            if self.row > self.last_row or self.rows > self.last_row:
                raise ImportRefused("too_many_rows", limit=self.limits.max_rows)
        elif tag == "dimension":
            column, row = _position(attrs.get("ref", "A1").rpartition(":")[2])
            if column > self.limits.max_columns:
                raise ImportRefused("too_wide", limit=self.limits.max_columns)
            if row > self.last_row:
                raise ImportRefused("too_many_rows", limit=self.limits.max_rows)


def _refuse_entities(*_args) -> None:
    raise ImportRefused("xml_entities")


def _scan_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, scan: _Scan) -> None:
    scan.next_part()
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartElementHandler = scan.start
    parser.StartDoctypeDeclHandler = _refuse_entities
    parser.EntityDeclHandler = _refuse_entities
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except ImportRefused:
        raise
    except Exception:  # expat.ExpatError, BadZipFile (a part longer than the directory says), zlib.error
        raise ImportRefused("not_a_spreadsheet") from None


def _column(reference: str) -> int:
    """The column of a cell reference; most are one letter and a row number, read without a regex."""
    letters = reference.rstrip("0123456789")
    if len(letters) == 1 and "A" <= letters <= "Z":
        return ord(letters) - ord("A") + 1
    return _position(reference)[0]


def _position(reference: str) -> tuple[int, int]:
    """(column, row) of a cell reference such as "XFD1048576", 1-based."""
    match = CELL_REF.match(reference.strip())
    if match is None:
        raise ImportRefused("not_a_spreadsheet")
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return column, int(match.group(2))


def _number(text: str) -> int:
    try:
        return int(float(text))
    except (ValueError, OverflowError):
        raise ImportRefused("not_a_spreadsheet") from None
