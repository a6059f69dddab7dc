"""In Chromium: a worker imports the three sample lists: the school's absentees (Windows-1251), the
families list (UTF-8 with BOM, Latin area names) and the bazaar check (Excel with a title row), each
through its checked preview, with the faults shown by row."""

import pytest

from tests.browser.test_registry_browser import sign_in
from tests.imports.conftest import SAMPLES, criteria, reference  # noqa: F401  (shared fixtures)

pytestmark = pytest.mark.browser


def test_a_worker_imports_the_school_list(page, places, users, criteria, reference):
    sign_in(page, "worker")
    page.click("text=Import a list")
    with page.expect_download() as template:
        page.click("#download-template")
    assert template.value.suggested_filename == "monitor-import-template.xlsx"
    page.set_input_files("#file", str(SAMPLES / "school-absentees-kara-suu-cp1251.csv"))
    page.click("#submit")
    assert page.locator("#mapping-form select").count() == 12
    assert page.locator("#column-1").input_value() == "surname"
    page.click("#mapping-form #submit")
    page.wait_for_selector("#import-counts", timeout=30_000)
    assert "Ready: 55" in page.locator("#import-counts").inner_text()
    assert "This date does not exist." in page.locator('tr[data-row="6"]').inner_text()
    assert "Same child as row 31" in page.locator('tr[data-row="32"]').inner_text()
    page.click("#commit-import")
    page.wait_for_selector("#import-result", timeout=60_000)
    assert "54 children" in page.locator("#import-result").inner_text()
    page.goto("/children")
    assert page.locator("text=Асанова").first.is_visible()


def _import(page, name: str, area: str | None = None) -> str:
    page.goto("/imports")
    page.set_input_files("#file", str(SAMPLES / name))
    if area:
        page.select_option("#area_id", page.locator("#area_id option", has_text=area).first.get_attribute("value"))
    page.click("#submit")
    page.click("#mapping-form #submit")
    page.wait_for_selector("#import-counts", timeout=30_000)
    counts = page.locator("#import-counts").inner_text()
    page.click("#commit-import")
    page.wait_for_selector("#import-result", timeout=60_000)
    return counts + " | " + page.locator("#import-result").inner_text()


def test_the_families_list_and_the_bazaar_check(page, places, users, criteria, reference):
    sign_in(page, "worker")
    families = _import(page, "families-kara-suu-utf8bom.csv")
    assert "With errors (left out): 1" in families and "65 children" in families
    bazaar = _import(page, "bazaar-check-kara-suu.xlsx", area="Kara-Suu town")
    assert "With work (assessed): 38" in bazaar and "38 assessments" in bazaar
