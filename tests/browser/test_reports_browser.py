"""In Chromium: a supervisor opens the risk report, sees the charts, drills into a figure and
downloads the ILO workbook from the exports page."""

import openpyxl
import pytest
from playwright.sync_api import expect

from tests.browser.test_registry_browser import sign_in
from tests.reports.conftest import caseload, criteria, reference  # noqa: F401  (shared fixtures)
from tests.reports.test_ilo_export import PERIOD

pytestmark = pytest.mark.browser


def test_a_supervisor_reads_the_dashboard_drills_down_and_downloads_the_workbook(page, caseload, tmp_path):
    sign_in(page, "supervisor")
    page.click("text=Reports")
    page.fill("#start", PERIOD["start"])
    page.fill("#end", PERIOD["end"])
    page.click("#show-report")
    for chart in ("#chart-categories svg", "#chart-months svg", "#chart-outcomes svg"):
        expect(page.locator(chart)).to_be_visible()
        assert page.locator(chart).bounding_box()["width"] > 200
    hazardous = page.locator('#table-categories tr[data-key="hazardous"] a.figure-link').first
    expect(hazardous).to_have_text("11")
    hazardous.click()
    expect(page.locator("#drill-total")).to_have_text("11")
    expect(page.locator("#drill-children tbody tr")).to_have_count(11)
    page.go_back()
    page.click("#export-xlsx")  # prepared by a job (at once in testing), then offered on the exports page
    with page.expect_download() as download:
        page.click("#exports a.download")
    path = tmp_path / "ilo.xlsx"
    download.value.save_as(path)
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = openpyxl.load_workbook(path, read_only=True)
    assert workbook.sheetnames[:2] == ["README", "SDG_8.7.1"]
    assert sum(1 for _ in workbook["Children"].iter_rows(min_row=3)) == 21
