"""The import template: one sheet to fill (headers in English, Russian and Kyrgyz, drop-down lists
for coded columns), one sheet with an example row, and the lists the drop-downs use."""

from __future__ import annotations

from datetime import date, datetime

import xlsxwriter

from monitor.imports.columns import TEMPLATE, template_header

ROWS = 2000  # rows prepared with drop-down lists


def template_workbook(target, areas, today: date) -> None:
    workbook = xlsxwriter.Workbook(target, {"in_memory": True, "strings_to_formulas": False})
    head = workbook.add_format({"bold": True, "bg_color": "#E9ECEF", "text_wrap": True, "valign": "top"})
    text = workbook.add_format({"num_format": "@"})
    dates = workbook.add_format({"num_format": "dd.mm.yyyy"})
    sheet = workbook.add_worksheet("Children")
    example = workbook.add_worksheet("Example")
    lists = workbook.add_worksheet("Lists")
    names = sorted({a.name_ky for a in areas} | {a.name_ru for a in areas} | {a.name_en for a in areas})
    for row, name in enumerate(names):
        lists.write_string(row, 0, name)
    for row, value in enumerate(("M", "F")):
        lists.write_string(row, 1, value)
    for row, value in enumerate(("yes", "no")):
        lists.write_string(row, 2, value)
    lists.hide()
    sheet.set_row(0, 45)
    for col, name in enumerate(TEMPLATE):
        sheet.write_string(0, col, template_header(name), head)
        example.write_string(0, col, template_header(name), head)
        sheet.set_column(col, col, 16, dates if name == "birth_date" else text)
    sheet.freeze_panes(1, 0)
    column = {name: index for index, name in enumerate(TEMPLATE)}
    if names:
        sheet.data_validation(
            1,
            column["area"],
            ROWS,
            column["area"],
            {"validate": "list", "source": f"=Lists!$A$1:$A${len(names)}", "ignore_blank": True},
        )
    sheet.data_validation(1, column["sex"], ROWS, column["sex"], {"validate": "list", "source": "=Lists!$B$1:$B$2"})
    for name in ("in_school", "night_work"):
        sheet.data_validation(1, column[name], ROWS, column[name], {"validate": "list", "source": "=Lists!$C$1:$C$2"})
    sheet.data_validation(
        1,
        column["hours"],
        ROWS,
        column["hours"],
        {"validate": "decimal", "criteria": "between", "minimum": 0, "maximum": 168, "ignore_blank": True},
    )
    sample = {
        "family_ref": "1",
        "area": areas[0].name_ru if areas else "",
        "street": "Ленина",
        "house": "12",
        "phone": "0555 123 456",
        "head_of_household": "Маматов Бакыт",
        "hardship": "F02|C07",
        "surname": "Маматов",
        "given_name": "Жоомарт",
        "patronymic": "Бакытович",
        "sex": "M",
        "school": "СШ №5",
        "grade": "6",
        "in_school": "no",
        "non_attendance_reason": "работает на базаре",
        "work": "жүк ташуу",
        "hours": 20,
        "night_work": "no",
    }
    for col, name in enumerate(TEMPLATE):
        if name == "birth_date":
            example.write_datetime(1, col, datetime(today.year - 13, 3, 5), dates)
        elif isinstance(sample.get(name), (int, float)):
            example.write_number(1, col, sample[name])
        else:
            example.write_string(1, col, str(sample.get(name, "")))
    workbook.close()
