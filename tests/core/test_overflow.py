"""Numbers and dates beyond what the database and the calendar hold are refused where they are
read: a 404 for an id in the path, "not given" for a filter, a message for a typed date."""

from datetime import date

import pytest

from monitor.core.dates import parse_date
from monitor.core.params import MAX_ID, row_id
from tests.conftest import csrf_token
from tests.core.test_access import records  # noqa: F401  (shared fixture)

TODAY = date(2026, 12, 1)

TOO_LARGE = (str(MAX_ID + 1), str(2**63), "99999999999999999999")


@pytest.mark.parametrize("number", TOO_LARGE + ("0",))
def test_an_id_beyond_the_column_in_the_path_is_not_found(login_as, number):
    worker = login_as("worker")
    for path in (f"/children/{number}", f"/families/{number}/edit", f"/cases/{number}", f"/areas/{number}"):
        assert worker.get(path).status_code == 404, path


@pytest.mark.parametrize("number", TOO_LARGE)
def test_an_id_beyond_the_column_in_a_filter_counts_as_not_given(login_as, number):
    supervisor = login_as("supervisor")
    assert supervisor.get(f"/families?area={number}&criterion={number}").status_code == 200
    assert supervisor.get(f"/children?area={number}&criterion={number}").status_code == 200
    assert supervisor.get(f"/audit?object_id={number}&before={number}").status_code == 200


@pytest.mark.parametrize("typed", ("31.12.9999", "01.01.0001", "31.12.1899", "01.01.2101", "99999"))
def test_a_year_outside_1900_to_2100_is_refused_with_a_message(typed):
    with pytest.raises(ValueError, match="date_out_of_range"):
        parse_date(typed, TODAY, excel_serials=True)  # 99999: a spreadsheet's serial in year 2173


@pytest.mark.parametrize("typed, year", (("01.01.1900", 1900), ("31.12.2100", 2100), ("12.03.1931", 1931)))
def test_years_of_the_oldest_family_members_and_of_plans_ahead_are_accepted(typed, year):
    assert parse_date(typed, TODAY).year == year


def test_a_period_ending_in_the_year_9999_is_refused_with_a_message(login_as, records):
    supervisor = login_as("supervisor")
    for path in ("/reports", "/reports/commission", "/audit", "/audit/export.csv"):
        response = supervisor.get(f"{path}?start=01.01.2026&end=31.12.9999&from=01.01.2026&to=31.12.9999")
        assert response.status_code == 200, path
        response.close()  # the CSV is streamed
    html = supervisor.get("/reports?start=01.01.2026&end=31.12.9999").get_data(as_text=True)
    assert "Write a year between 1900 and 2100." in html
    token = csrf_token(html)
    export = supervisor.post("/reports/export", data={"start": "01.01.2026", "end": "31.12.9999", "csrf_token": token})
    assert export.status_code in (200, 302)
    export.close()
    case = supervisor.get(f"/cases/{records['case']}")
    token = csrf_token(case.get_data(as_text=True))
    sitting = supervisor.post("/commission", data={"held_on": "31.12.9999", "csrf_token": token})
    assert sitting.status_code == 200 and "Write a year between 1900 and 2100." in sitting.get_data(as_text=True)


def test_row_id_takes_what_an_integer_column_holds():
    assert row_id("0") == 0 and row_id(str(MAX_ID)) == MAX_ID
    for bad in (str(MAX_ID + 1), "-1", "1e3", "", True):
        with pytest.raises(ValueError, match=r"not an id|out of range|invalid literal"):
            row_id(bad)


def test_a_nul_character_anywhere_in_the_input_is_refused(login_as):
    worker = login_as("worker")
    assert worker.get("/children?q=a%00b").status_code == 400
    assert worker.get("/families?sort=new%00est").status_code == 400
    token = csrf_token(worker.get("/account").get_data(as_text=True))
    assert worker.post("/language", data={"language": "ky\x00", "csrf_token": token}).status_code == 400
    assert worker.get("/children?q=Айпери").status_code == 200
