"""The template, saved mappings, and a 20,000-row list through preview and commit."""

import io
import time

import openpyxl
import pytest
from sqlalchemy import func, select

from monitor.extensions import db
from monitor.imports.models import ImportMapping
from monitor.registry.models import Child
from tests.imports.conftest import check, commit, problems


def test_the_template_has_three_languages_drop_downs_and_an_example_that_imports(app, worker):
    response = worker.get("/imports/template.xlsx")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Children", "Example", "Lists"] and book["Lists"].sheet_state == "hidden"
    headers = [c.value for c in book["Children"][1]]
    assert "surname / фамилия / фамилиясы" in headers and "date of birth / дата рождения / туулган күнү" in headers
    validated = {str(v.sqref).split(":")[0] for v in book["Children"].data_validations.dataValidation}
    assert len(validated) >= 4  # area, sex, in school, night work (and hours)
    example = book["Example"]
    sheet = book["Children"]
    for cell in example[2]:
        sheet.cell(row=2, column=cell.column, value=cell.value)
    del book["Example"]
    filled = io.BytesIO()
    book.save(filled)
    batch = check(app, worker, filled.getvalue(), "filled-template.xlsx")
    assert problems(batch) == {} and batch.counts["ready"] == 1 and batch.counts["work"] == 1
    done = commit(app, worker, batch.id)
    assert done.counts["children"] == 1 and done.counts["assessments"] == 1


def test_a_saved_mapping_is_offered_for_the_next_file_with_the_same_headers(app, worker):
    data = "Фамилия;Имя;Дата рождения;Пол;Айыл аймак;Примечание\nАсанов;Жоомарт;01.01.2014;М;Ак-Таш;x\n".encode()
    first = check(app, worker, data, "one.csv", changes={"column-1": "", "column-4": "area"}, save_as="school lists")
    assert problems(first) == {2: ["name_incomplete"]}  # the given name column was left out
    with app.app_context():
        assert db.session.scalar(select(ImportMapping.name)) == "school lists"
    from tests.imports.conftest import upload

    page = worker.get(upload(worker, data, "two.csv").headers["Location"]).get_data(as_text=True)
    given = page.split('name="column-1"')[1].split("</select>")[0]
    assert "selected" not in given  # left out again, as saved


@pytest.mark.slow
def test_twenty_thousand_rows_go_through_preview_and_commit(app, worker):
    given = ["Жоомарт", "Нурзада", "Айбек", "Бектур", "Динара", "Эрлан", "Гулзат", "Тилек", "Асель", "Мирлан"]
    surnames = [
        "Асанов",
        "Маматов",
        "Токтогулов",
        "Абдыкадыров",
        "Исаков",
        "Жумабаев",
        "Осмонов",
        "Калыков",
        "Бакиров",
        "Эсенов",
        "Усенов",
        "Шаршенов",
        "Насыров",
        "Орозбеков",
        "Турдубаев",
        "Курманов",
        "Сатыбалдиев",
        "Юсупов",
        "Чыныбаев",
        "Мамытов",
    ]
    lines = ["Фамилия;Имя;Дата рождения;Пол;Айыл аймак"]
    for n in range(20_000):
        born = f"{n % 28 + 1:02d}.{n // 28 % 12 + 1:02d}.{2009 + n // 336 % 15}"
        lines.append(f"{surnames[n % 20]};{given[n // 20 % 10]};{born};{'М' if n % 2 else 'Ж'};Ак-Таш")
    data = ("\n".join(lines) + "\n").encode()
    started = time.monotonic()
    batch = check(app, worker, data, "big.csv")
    checked = time.monotonic() - started
    assert batch.total_rows == 20_000 and batch.counts["errors"] == 0, problems(batch)
    done = commit(app, worker, batch.id)
    assert done.status == "committed", done.error
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Child)) == done.counts["children"]
    assert done.counts["children"] + done.counts["skipped"] == 20_000
    print(f"20,000 rows: checked in {checked:.1f} s, committed {done.counts['children']}")
