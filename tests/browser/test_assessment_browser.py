"""In Chromium: a 13-year-old carrying loads at the Kara-Suu bazaar 20 hours a week is hazardous
child labour, with the reasons shown in Russian and in Kyrgyz."""
import pytest
from flask_babel import force_locale, gettext

from tests.browser.test_registry_browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def child_id(app, users, places):
    from datetime import date

    from monitor.assessments.seed import seed_reference
    from monitor.auth.models import User
    from monitor.extensions import db
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Sex
    from monitor.registry.seed import seed_criteria

    with app.app_context():
        seed_criteria()
        seed_reference()
        worker = db.session.get(User, users["worker"].id)
        family = services.register_family(FamilyData(area_id=places["kara_suu_town"]), worker, date.today())
        born = date(date.today().year - 13, 1, 15)
        child = services.register_child(family, ChildData("Маматов", "Жоомарт", Sex.MALE, born), worker, date.today())
        db.session.commit()
        return child.id


def text(app, language: str, message: str, **values) -> str:
    with app.test_request_context(), force_locale(language):
        return gettext(message) % values if values else gettext(message)


def test_hazardous_child_labour_with_reasons_in_russian_and_kyrgyz(app, page, child_id):
    sign_in(page, "worker")
    page.goto(f"/children/{child_id}/assess")
    page.select_option("#location", "bazaar")
    page.fill("#location_note", "Кара-Суу базары")
    sector = page.locator("#activities-0-sector option", has_text="Bazaar portering").get_attribute("value")
    page.select_option("#activities-0-sector", sector)
    page.select_option("#activities-0-employer", "employer")
    page.fill("#activities-0-hours_last_7_days", "20")
    page.check("#activities-0-hazards-0")  # heavy loads
    page.click("#submit")
    assert page.locator("#national-result .badge").inner_text() == "Hazardous child labour"

    for language in ("ru", "ky"):
        page.goto("/account")
        page.select_option("#language-form select", language)
        page.locator("#language-form [type=submit]").click()
        page.goto(f"/children/{child_id}")
        badge = page.locator("#status-badge").inner_text()
        assert badge == text(app, language, "Hazardous child labour") != "Hazardous child labour"
        reasons = page.locator("#status-reasons").inner_text()
        heavy = text(app, language, "Heavy loads")
        assert text(app, language, "Hazardous condition: %(figure)s.", figure=heavy) in reasons
        assert text(app, language, "Aged %(figure)s: no economic activity is allowed under %(threshold)s.",
                    figure="13", threshold="14") in reasons
