"""In Chromium: a worker imports the three sample lists: the school's absentees (Windows-1251), the
families list (UTF-8 with BOM, Latin area names) and the bazaar check (Excel with a title row), each
through its checked preview, with the faults shown by row."""

import pytest
from playwright.sync_api import expect

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
    expect(page.locator("#mapping-form select")).to_have_count(12)
    expect(page.locator("#column-1")).to_have_value("surname")
    page.click("#mapping-form #submit")
    expect(page.locator("#import-counts")).to_contain_text("Ready: 55", timeout=30_000)
    expect(page.locator('tr[data-row="6"]')).to_contain_text("This date does not exist.")
    expect(page.locator('tr[data-row="32"]')).to_contain_text("Same child as row 31")
    page.click("#commit-import")
    expect(page.locator("#import-result")).to_contain_text("54 children", timeout=60_000)
    page.goto("/children")
    expect(page.locator("text=Асанова").first).to_be_visible()


def _import(page, name: str, counts: str, result: str, area: str | None = None) -> None:
    """Upload, map, check and commit one sample: the preview's counts and the result must show."""
    page.goto("/imports")
    page.set_input_files("#file", str(SAMPLES / name))
    if area:
        page.select_option("#area_id", page.locator("#area_id option", has_text=area).first.get_attribute("value"))
    page.click("#submit")
    page.click("#mapping-form #submit")
    expect(page.locator("#import-counts")).to_contain_text(counts, timeout=30_000)
    page.click("#commit-import")
    expect(page.locator("#import-result")).to_contain_text(result, timeout=60_000)


def test_the_families_list_and_the_bazaar_check(page, places, users, criteria, reference):
    sign_in(page, "worker")
    _import(page, "families-kara-suu-utf8bom.csv", "With errors (left out): 1", "65 children")
    _import(page, "bazaar-check-kara-suu.xlsx", "With work (assessed): 38", "38 assessments", area="Kara-Suu town")
