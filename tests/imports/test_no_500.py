"""Whatever a user types into the new pages' addresses and forms, the answer is never a 500."""

import pytest

from tests.conftest import csrf_token
from tests.imports.conftest import check, wait

JUNK = [
    "",
    "abc",
    "-1",
    "999999999999999999999",
    "../../etc/passwd",
    "<script>x</script>",
    "31.02.2026",
    "\u0000",
    "' OR 1=1 --",
    "1e309",
]
NUL_REFUSED = 400  # a NUL character anywhere in the input is refused before any query (docs/SECURITY.md)


@pytest.mark.parametrize("value", JUNK)
def test_report_and_import_addresses_with_junk(app, worker, value):
    for url in ("/reports", "/reports/children", "/reports/commission"):
        for name in ("start", "end", "area", "section", "key", "part"):
            query = {name: value, "section": "children", "key": "registered"}
            response = worker.get(url, query_string=query)
            expected = (NUL_REFUSED,) if "\u0000" in "".join(query.values()) else (200, 404)
            assert response.status_code in expected, (url, name, value, response.status_code)


def test_import_forms_with_junk(app, worker, places):
    batch = check(
        app,
        worker,
        "Фамилия;Имя;Дата рождения;Пол;Айыл аймак;;Фамилия\nАсанов;Тилек;01.02.2014;М;Ак-Таш;;x\n".encode(),
        "dup-headers.csv",
    )
    assert batch.status == "checked"
    page = worker.get(f"/imports/{batch.id}").get_data(as_text=True)
    token = csrf_token(page)
    for data, expected in (
        ({"include": ["x", "-5", "99999999999999999999"]}, (302, 200)),
        ({"include": JUNK}, (NUL_REFUSED,)),
    ):
        response = worker.post(f"/imports/{batch.id}/commit", data={"csrf_token": token, **data})
        assert response.status_code in expected
    token = csrf_token(worker.get("/imports").get_data(as_text=True))
    for area in JUNK:
        response = worker.post(
            "/imports",
            data={"csrf_token": token, "area_id": area, "visit_date": area, "location": area},
            content_type="multipart/form-data",
        )
        assert response.status_code == (NUL_REFUSED if "\u0000" in area else 200)


def test_commit_with_digits_python_cannot_read_as_a_number(app, worker, places):
    batch = check(
        app,
        worker,
        "Фамилия;Имя;Дата рождения;Пол;Айыл аймак\nАсанов;Тилек;01.02.2014;М;Ак-Таш\n".encode(),
        "digits.csv",
    )
    token = csrf_token(worker.get(f"/imports/{batch.id}").get_data(as_text=True))
    for include in ("²", "①", "9" * 5000):  # str.isdigit() says yes, int() says no
        response = worker.post(f"/imports/{batch.id}/commit", data={"csrf_token": token, "include": include})
        assert response.status_code == 302, include
    # the commit runs beside the request: let it end before the database is emptied for the next test
    assert wait(app, batch.id, statuses=("committed", "failed")).status in {"committed", "failed"}
