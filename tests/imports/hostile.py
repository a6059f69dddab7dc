"""Hostile uploads, made on the fly: each one tries to make the reader take memory or time."""

from __future__ import annotations

import io
import random
import string
import struct
import zipfile

import xlsxwriter

HEADER = "Фамилия;Имя;Дата рождения;Пол\n"
ROW = "Асанов;Жоомарт;01.01.2014;М\n"


def workbook(rows: list[list]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            sheet.write(r, c, value)
    book.close()
    return buffer.getvalue()


def replace_parts(data: bytes, parts: dict[str, bytes], extra: dict[str, bytes] | None = None) -> bytes:
    """The workbook with some of its parts replaced (and others added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item.filename, parts.get(item.filename, source.read(item.filename)))
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def sheet_xml(rows, dimension: str | None = None) -> bytes:
    """A sheet part from (row number, [(column letters, text)]) pairs, with inline strings."""
    parts = [
        (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        )
    ]
    if dimension:
        parts.append(f'<dimension ref="{dimension}"/>')
    parts.append("<sheetData>")
    for number, cells in rows:
        parts.append(f'<row r="{number}">')
        parts.extend(f'<c r="{col}{number}" t="inlineStr"><is><t>{text}</t></is></c>' for col, text in cells)
        parts.append("</row>")
    parts.append("</sheetData></worksheet>")
    return "".join(parts).encode()


def _people(count: int, start: int = 2):
    return [
        (n, [("A", f"Асанов{n}"), ("B", "Жоомарт"), ("C", "01.01.2014"), ("D", "М")])
        for n in range(start, start + count)
    ]


HEAD = [(1, [("A", "Фамилия"), ("B", "Имя"), ("C", "Дата рождения"), ("D", "Пол")])]
BASE = None


def _base() -> bytes:
    global BASE
    BASE = BASE or workbook([["Фамилия", "Имя"], ["А", "Б"]])
    return BASE


def with_sheet(xml: bytes, **extra) -> bytes:
    return replace_parts(_base(), {"xl/worksheets/sheet1.xml": xml}, extra or None)


# --- the files --------------------------------------------------------------------------------


def wide_csv() -> bytes:
    """300 KB: a title line, then headers followed by 200,000 more columns, then 1,000 children."""
    return ("Список детей;\n" + HEADER.strip() + ";x" * 100_000 + ";" * 100_000 + "\n" + ROW * 1000).encode()


def wide_line_csv() -> bytes:
    """One line of ten million separators (just under 10 MB)."""
    return (HEADER + "Асанов;" + ";" * (10 * 1000 * 1000 - 200) + "\n").encode()


def huge_field_csv() -> bytes:
    return (HEADER + "Асанов;" + "Z" * (9 * 1024 * 1024) + ";01.01.2014;М\n").encode()


def million_rows_csv() -> bytes:
    return (HEADER + "А;Б\n" * 1_000_000).encode("cp1251")


def nul_csv() -> bytes:
    return (HEADER + ROW).encode() + b"\x00" * 1000


def xfd_dimension_xlsx() -> bytes:
    """15 KB: a sheet of 4,000 children that declares it reaches column XFD."""
    return with_sheet(sheet_xml(HEAD + _people(4000), "A1:XFD4001"))


def lying_dimension_xlsx() -> bytes:
    """Declares A1:D10, but every row has a cell in column XFD."""
    rows = [(n, cells + [("XFD", "x")]) for n, cells in HEAD + _people(4000)]
    return with_sheet(sheet_xml(rows, "A1:D10"))


def one_row_many_cells_xlsx() -> bytes:
    """No dimension; one row of 300,000 cells that all say they are in column A."""
    rng = random.Random(14)
    cells = "".join(
        f'<c r="A2" t="inlineStr"><is><t>{"".join(rng.choices(string.ascii_letters, k=8))}</t></is></c>'
        for _ in range(300_000)
    )
    xml = sheet_xml(HEAD).replace(b"</sheetData>", f'<row r="2">{cells}</row></sheetData>'.encode())
    return with_sheet(xml)


def million_rows_xlsx() -> bytes:
    return with_sheet(sheet_xml(HEAD + [(n, [("A", f"{n}")]) for n in range(2, 1_000_002)]))


def far_row_xlsx() -> bytes:
    """Three rows, the last at row 1,048,576: read naively, a million empty rows between."""
    return with_sheet(sheet_xml(HEAD + _people(1) + [(1_048_576, [("A", "Асанов"), ("B", "Б")])]))


def sheet_bomb_xlsx() -> bytes:
    """A sheet part of 1 GB of spaces packed into about 1 MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        with target.open("xl/worksheets/sheet1.xml", "w") as part:
            block = b" " * (1024 * 1024)
            for _ in range(1024):
                part.write(block)
    return out.getvalue()


def shared_strings_bomb_xlsx() -> bytes:
    """300 MB of shared strings packed tiny."""
    strings = (
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + b"<si><t>a</t></si>" * (300 * 1024 * 1024 // 17)
        + b"</sst>"
    )
    return replace_parts(_base(), {"xl/sharedStrings.xml": strings})


def many_shared_strings_xlsx(count: int = 15 * 1024 * 1024 // 24) -> bytes:
    """15 MB of distinct short shared strings that pack poorly (under the limit for one part)."""
    rng = random.Random(14)
    items = "".join(f"<si><t>{''.join(rng.choices(string.ascii_letters, k=6))}</t></si>" for _ in range(count))
    strings = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{items}</sst>'.encode()
    return replace_parts(_base(), {"xl/sharedStrings.xml": strings})


def long_shared_string_xlsx() -> bytes:
    """One shared string of 10 million random letters."""
    rng = random.Random(14)
    text = "".join(rng.choices(string.ascii_letters, k=10_000_000))
    strings = (
        f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<si><t>Фамилия</t></si><si><t>{text}</t></si><si><t>А</t></si><si><t>Б</t></si></sst>"
    ).encode()
    return replace_parts(_base(), {"xl/sharedStrings.xml": strings})


def lying_zip_directory_xlsx() -> bytes:
    """The zip directory says the sheet unpacks to 1 KB; it unpacks to 50 MB."""
    data = bytearray(with_sheet(sheet_xml(HEAD) + b" " * (50 * 1024 * 1024)))
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(b"PK\x01\x02")
    while at != -1:
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == name:
            struct.pack_into("<I", data, at + 24, 1024)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def thousands_of_sheets_xlsx() -> bytes:
    sheet = sheet_xml(HEAD + _people(1))
    return replace_parts(_base(), {}, {f"xl/worksheets/sheet{n}.xml": sheet for n in range(2, 5002)})


def many_full_sheets_xlsx() -> bytes:
    """30 sheets of 20,000 numbered rows each: every sheet within the limits, 600,000 cells in all."""

    def numbers(count: int) -> bytes:
        rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n * 7919 % 100003}</v></c></row>' for n in range(1, count + 1))
        return (
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            f"{rows}</sheetData></worksheet>"
        ).encode()

    sheet = numbers(20_000)
    return replace_parts(_base(), {}, {f"xl/worksheets/sheet{n}.xml": sheet for n in range(2, 32)})


def png_named_xlsx() -> bytes:
    return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40


def document_named_xlsx() -> bytes:
    """A zip with content types but no sheet (a Word document, say)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("word/document.xml", "<document/>")
    return out.getvalue()


def csv_named_xlsx() -> bytes:
    return (HEADER + ROW).encode()


# name -> (builder, file name, the refusal's code)
FILES = {
    "csv: 200,000 separators on the header line": (wide_csv, "list.csv", "too_wide"),
    "csv: one line of ten million separators": (wide_line_csv, "list.csv", "too_wide"),
    "csv: a 9 MB field": (huge_field_csv, "list.csv", "cell_too_long"),
    "csv: a million rows": (million_rows_csv, "list.csv", "too_many_rows"),
    "csv: NUL bytes": (nul_csv, "list.csv", "nul_bytes"),
    "xlsx: declares column XFD": (xfd_dimension_xlsx, "list.xlsx", "too_wide"),
    "xlsx: dimension lies, cells in column XFD": (lying_dimension_xlsx, "list.xlsx", "too_wide"),
    "xlsx: one row of 300,000 cells": (one_row_many_cells_xlsx, "list.xlsx", "too_wide"),
    "xlsx: a million rows": (million_rows_xlsx, "list.xlsx", "too_many_rows"),
    "xlsx: a row at 1,048,576": (far_row_xlsx, "list.xlsx", "too_many_rows"),
    "xlsx: 1 GB sheet packed tiny": (sheet_bomb_xlsx, "list.xlsx", "zip_bomb"),
    "xlsx: 300 MB of shared strings packed tiny": (shared_strings_bomb_xlsx, "list.xlsx", "zip_bomb"),
    "xlsx: 650,000 distinct shared strings": (many_shared_strings_xlsx, "list.xlsx", "too_many_texts"),
    "xlsx: a shared string of 10 million letters": (long_shared_string_xlsx, "list.xlsx", "cell_too_long"),
    "xlsx: zip directory lies about a size": (lying_zip_directory_xlsx, "list.xlsx", "not_a_spreadsheet"),
    "xlsx: 5,000 sheets": (thousands_of_sheets_xlsx, "list.xlsx", "too_many_sheets"),
    "xlsx: 30 full sheets": (many_full_sheets_xlsx, "list.xlsx", "too_many_cells"),
    "xlsx: a picture": (png_named_xlsx, "list.xlsx", "not_a_spreadsheet"),
    "xlsx: a document": (document_named_xlsx, "list.xlsx", "not_a_spreadsheet"),
    "xlsx: a csv": (csv_named_xlsx, "list.xlsx", "not_a_spreadsheet"),
}
