"""Files that are not plain lists are refused within seconds, with a clear message, writing nothing."""

import io
import time
import zipfile

import pytest
from sqlalchemy import func, select

from monitor.extensions import db
from monitor.registry.models import Child
from tests.imports.conftest import batches, check, commit, problems, sample, upload
from tests.imports.hostile import workbook


def _rezip(data: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = change(item.filename, source.read(item.filename))
            if content is not None:
                target.writestr(item.filename, content)
        extra = change("__extra__", b"")
        if extra:
            target.writestr(*extra)
    return out.getvalue()


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        target.writestr("[Content_Types].xml", "<Types/>")
        target.writestr("xl/worksheets/sheet1.xml", b"<sheetData>" + b" " * (60 * 1024 * 1024) + b"</sheetData>")
    return out.getvalue()


def _entities(name, content):
    if name == "xl/worksheets/sheet1.xml":
        return content.replace(
            b"<worksheet", b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><worksheet', 1
        )
    return None if name == "__extra__" else content


def _macro(name, content):
    if name == "__extra__":
        return ("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")
    return content


HEADER = "Фамилия;Имя;Дата рождения;Пол\n"
CASES = {
    "truncated": (
        lambda: sample("bazaar-check-kara-suu.xlsx")[:3000],
        "bazaar.xlsx",
        "This is not a readable .xlsx or .csv table",
    ),
    "not a spreadsheet": (
        lambda: b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40,
        "list.xlsx",
        "This is not a readable .xlsx or .csv table",
    ),
    "binary as csv": (lambda: bytes(range(1, 256)) * 100, "list.csv", "This is not a readable .xlsx or .csv table"),
    "zip bomb": (_bomb, "list.xlsx", "unpacks to far more data"),
    "macro-enabled": (
        lambda: _rezip(workbook([["Фамилия", "Имя"], ["А", "Б"]]), _macro),
        "list.xlsx",
        "Workbooks with macros are not accepted",
    ),
    "xlsm name": (
        lambda: workbook([["Фамилия", "Имя"], ["А", "Б"]]),
        "list.xlsm",
        "Workbooks with macros are not accepted",
    ),
    "xml entities": (
        lambda: _rezip(workbook([["Фамилия", "Имя"], ["А", "Б"]]), _entities),
        "list.xlsx",
        "XML entity declarations",
    ),
    "ten megabyte cell": (
        lambda: (HEADER + "Асанов;" + "Z" * (9 * 1024 * 1024) + ";01.01.2014;М\n").encode(),
        "list.csv",
        "more than 2000 characters",
    ),
    "ten megabyte cell in a workbook": (
        lambda: workbook([["Фамилия", "Имя"], ["А" * 32000, "Б"]]),
        "list.xlsx",
        "more than 2000 characters",
    ),
    "nul bytes": (lambda: (HEADER + "Асанов;Жоомарт;01.01.2014;М\n").encode() + b"\x00\x00", "list.csv", "NUL bytes"),
    "a million rows": (lambda: (HEADER + "А;Б\n" * 1_000_000).encode("cp1251"), "list.csv", "more than 20000 rows"),
    "too big": (lambda: b"a;b\n" + b"x;y\n" * (11 * 1024 * 256), "list.csv", "larger than 10 MB"),
    "empty": (lambda: b"", "list.csv", "The file is empty."),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_files_are_refused_quickly_and_nothing_is_written(app, worker, case):
    make, filename, message = CASES[case]
    data = make()
    started = time.monotonic()
    response = upload(worker, data, filename)
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and message in response.get_data(as_text=True), case
    assert elapsed < 10, f"{case}: {elapsed:.1f} s"
    assert batches(app) == 0


def test_rows_for_areas_outside_the_users_are_left_out(app, worker, places):
    data = (
        HEADER.replace("\n", ";Айыл аймак\n") + "Асанов;Жоомарт;01.01.2014;М;Кенеш\nАсанова;Айжан;02.02.2013;Ж;Ак-Таш\n"
    ).encode()
    batch = check(app, worker, data, "mixed.csv")
    assert problems(batch) == {2: ["area_outside"]}
    done = commit(app, worker, batch.id)
    assert done.counts["children"] == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Child)) == 1


def test_a_file_with_nothing_usable_cannot_be_committed(app, worker):
    batch = check(
        app,
        worker,
        (HEADER.replace("\n", ";Айыл аймак\n") + "Асанов;Жоомарт;01.01.2014;М;Кенеш\n").encode(),
        "outside.csv",
    )
    page = worker.get(f"/imports/{batch.id}").get_data(as_text=True)
    assert 'id="commit-import" disabled' in page
    assert commit(app, worker, batch.id).counts.get("children", 0) == 0


def test_an_age_no_child_can_have_is_a_problem_of_its_row(app, worker, places):
    rows = "".join(f"Асанов;Тилек;;М;Ак-Таш;{age}\n" for age in ("²", "2027", "99999", "9" * 40, "11"))
    batch = check(app, worker, f"Фамилия;Имя;Дата рождения;Пол;Айыл аймак;Возраст\n{rows}".encode(), "ages.csv")
    assert batch.status == "checked", batch.error
    found = problems(batch)
    assert all("age_format" in found[n] for n in (2, 3, 4, 5)) and "age_format" not in found.get(6, []), found
