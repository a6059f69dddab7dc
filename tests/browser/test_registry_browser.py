"""In Chromium: register a family with three children, meet the duplicate warning, search, area limits."""

import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def criteria(app, places):
    from monitor.extensions import db
    from monitor.registry.seed import seed_criteria

    with app.app_context():
        seed_criteria()
        db.session.commit()


def sign_in(page, username: str) -> None:
    page.goto("/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.locator("#login-form [type=submit]").click()


def choose_area(page, name: str) -> None:
    page.select_option("#area_id", page.locator("#area_id option", has_text=name).get_attribute("value"))


def fill_child(page, index: int, surname: str, given: str, born: str, sex: str) -> None:
    page.fill(f"#children-{index}-surname", surname)
    page.fill(f"#children-{index}-given_name", given)
    page.fill(f"#children-{index}-birth_date", born)
    page.select_option(f"#children-{index}-sex", sex)


def test_register_family_duplicate_warning_search_and_area_limits(page, users, places, criteria):
    sign_in(page, "worker")
    page.get_by_role("link", name="Register a family").first.click()
    choose_area(page, "Savay")
    page.fill("#street", "Ленина")
    page.fill("#phone", "0555 123 456")
    page.fill("#members-0-surname", "Маматов")
    page.fill("#members-0-given_name", "Бакыт")
    page.select_option("#members-0-relation", "father")
    fill_child(page, 0, "Маматова", "Нурзада", "12.03.2014", "F")
    page.click("#add_child")
    fill_child(page, 1, "Маматов", "Жоомарт", "05.09.2011", "M")
    page.select_option("#children-1-attendance", "not_attending")
    page.fill("#children-1-non_attendance_reason", "Работает на базаре")
    page.click("#add_child")
    expect(page.locator("#children-0-given_name")).to_have_value("Нурзада")  # nothing typed is lost
    fill_child(page, 2, "Маматов", "Өмүрбек", "20.01.2017", "M")
    page.click("#submit")
    expect(page.locator("#family-children tbody tr")).to_have_count(3)

    # The same girl again, typed in Latin letters: a warning before anything is saved.
    page.get_by_role("link", name="Register a family").first.click()
    choose_area(page, "Savay")
    page.fill("#members-0-surname", "Mamatov")
    page.fill("#members-0-given_name", "Bakyt")
    fill_child(page, 0, "Mamatova", "Nurzada", "12.03.2014", "F")
    page.click("#submit")
    warning = page.locator(".duplicate-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Маматова Нурзада")

    # A misspelled name still finds the child.
    page.goto("/children")
    page.fill("#q", "Нурзода")
    page.get_by_role("button", name="Show").click()
    first_row = page.locator("#children-table tbody tr").first
    expect(first_row).to_contain_text("Маматова Нурзада")
    assert first_row.inner_text().count("Маматова Нурзада") == 1  # the page has loaded: read once
    page.locator("#children-table a", has_text="Нурзада").click()
    family_url = page.locator("main dd a[href^='/families/']").first.get_attribute("href")

    # A worker of Osh city neither sees nor opens it.
    page.click("#logout")
    sign_in(page, "worker.osh")
    page.goto("/families")
    expect(page.locator("#families-table")).to_be_visible()
    expect(page.locator("#families-table")).not_to_contain_text("Маматов")
    response = page.goto(family_url)
    assert response.status == 404


def test_a_supervisor_compares_two_records_and_merges_them(app, page, users, places):
    from datetime import date

    from monitor.extensions import db
    from monitor.registry.models import Child
    from tests.browser.conftest import registered_child

    first = registered_child(app, users, places, "Маматов", "Жоомарт", date(2013, 3, 5))
    second = registered_child(app, users, places, "Mamatov", "Zhoomart", date(2013, 3, 5))
    sign_in(page, "supervisor")
    page.goto(f"/children/{first}")
    page.get_by_role("link", name="Merge a duplicate").click()
    page.fill("#child_ref", f"C-{second:06d}")
    page.get_by_role("button", name="Compare the two records").click()
    sides = page.locator("#merge-sides")
    expect(sides).to_contain_text("Жоомарт")
    expect(sides).to_contain_text("Zhoomart")
    page.go_back()  # going back from the comparison changes nothing
    with app.app_context():
        assert db.session.get(Child, second).merged_into_id is None
    page.go_forward()
    page.get_by_label(f"Keep C-{second:06d}").check()
    page.get_by_role("button", name="Merge the two records").click()
    expect(page).to_have_url(re.compile(f"/children/{second}$"))
    expect(page.get_by_text(f"Record C-{first:06d} merged into C-{second:06d}.")).to_be_visible()
    with app.app_context():
        assert db.session.get(Child, first).merged_into_id == second
