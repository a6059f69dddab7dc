"""In Chromium, the whole monitoring cycle of one child, recorded after the fact with real dates:
identified by a police inspector at the Kara-Suu bazaar, assessed as hazardous child labour, a
Commission resolution that sends him to a remedial class, three months of attendance, follow-up
visits that find him at school and not working, "withdrawn", and a closure the supervisor approves.
On the way, a missed visit and an unanswered referral show on the worker's and supervisor's home."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from monitor.cases.schedule import add_months
from tests.browser.test_registry_browser import sign_in
from tests.conftest import office_today

pytestmark = pytest.mark.browser

TODAY = office_today()


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).strftime("%d.%m.%Y")


@pytest.fixture
def boy(app, users, places):
    from monitor.registry.models import Consent
    from tests.browser.conftest import registered_child

    earlier = TODAY - timedelta(days=201)
    return registered_child(
        app,
        users,
        places,
        "Ташиев",
        "Нурбек",
        date(TODAY.year - 13, 3, 2),
        earlier,
        consent=Consent.YES,
        consent_date=earlier,
        consent_by="mother",
    )


@pytest.fixture
def supervisor_page(browser, live_server, database):
    context = browser.new_context(base_url=live_server, locale="en-US")
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def assess(page, child_id: int, visit_date: str, working: bool):
    """Record a visit; the badge of the national classification on the page it leads to."""
    page.goto(f"/children/{child_id}/assess")
    page.fill("#visit_date", visit_date)
    if working:
        page.select_option("#location", "bazaar")
        page.fill("#location_note", "Kara-Suu bazaar")
        sector = page.locator("#activities-0-sector option", has_text="Bazaar portering").get_attribute("value")
        page.select_option("#activities-0-sector", sector)
        page.select_option("#activities-0-employer", "employer")
        page.fill("#activities-0-hours_last_7_days", "20")
        page.check("#activities-0-hazards-0")  # heavy loads
    else:
        page.select_option("#location", "school")
        page.select_option("#school_attendance", "regular")
    page.click("#submit")
    badge = page.locator("#national-result .badge")
    expect(badge).to_be_visible()
    return badge


def step(page, case_url: str, target: str, on: str) -> None:
    page.goto(case_url)
    form = page.locator(f"form.step-form:has(button[data-step={target}])").first
    form.locator("input[name=on]").fill(on)
    form.locator(f"button[data-step={target}]").click()
    page.wait_for_url(re.compile(r"/cases/\d+"))


def test_from_the_bazaar_to_an_approved_withdrawn_closure(page, supervisor_page, boy):
    worker, supervisor = page, supervisor_page
    sign_in(worker, "worker")
    sign_in(supervisor, "supervisor")

    # Identified at the bazaar by the police inspector, 200 days ago; assessed the next day.
    worker.goto(f"/children/{boy}")
    worker.click("#open-case")
    worker.select_option("#source", "police")
    worker.fill("#identified_on", ago(200))
    worker.fill("#place", "Kara-Suu bazaar")
    worker.click("#submit")
    case_url = worker.url.split("#")[0]
    expect(worker.locator("#case-stage")).to_have_text("Identified")
    case_ref = re.search(r"K-\d+", worker.locator("h1").inner_text()).group(0)
    expect(assess(worker, boy, ago(199), working=True)).to_have_text("Hazardous child labour")
    worker.goto(case_url)
    expect(worker.locator("#case-stage")).to_have_text("Assessed")
    expect(worker.locator("#case-risk")).to_have_text("High risk")

    # The Commission sits ten days later and decides on a remedial class.
    supervisor.goto("/commission")
    supervisor.select_option(
        "#area_id", supervisor.locator("#area_id option", has_text="Kara-Suu").first.get_attribute("value")
    )
    supervisor.fill("#held_on", ago(190))
    supervisor.fill("#number", "14")
    supervisor.click("#submit")
    sitting_url = supervisor.url
    supervisor.fill("#case_ref", case_ref)
    supervisor.fill("#number", "14/2")
    supervisor.fill("#text", "Withdraw from portering; enrol in the evening class of school No. 5.")
    supervisor.select_option("#measures-0-service_type", "remedial_class")
    supervisor.fill("#measures-0-description", "Evening class, school No. 5")
    supervisor.click("#submit")
    expect(supervisor.get_by_text("Resolution recorded.")).to_be_visible()

    # The worker turns the measure into a referral in one step and records its life, with its dates.
    worker.goto(sitting_url)
    worker.get_by_role("button", name="Create the referral").click()
    expect(worker.locator(".measure-status")).to_have_text("Proposed")
    step(worker, case_url, "sent", ago(188))
    step(worker, case_url, "accepted", ago(185))
    step(worker, case_url, "in_service", ago(180))
    expect(worker.locator("#case-stage")).to_have_text("Receiving services")
    started = TODAY - timedelta(days=180)
    for months in (0, 1, 2):
        form = worker.locator(".attendance-form")
        form.locator("[name=month]").fill(add_months(started, months).strftime("%d.%m.%Y"))
        form.locator("[name=class_days]").fill("20")
        form.locator("[name=present_days]").fill("18")
        form.locator("button").click()
        expect(worker.get_by_text("Attendance recorded.")).to_be_visible()
        expect(worker.locator(".attendance-month")).to_have_count(months + 1)

    # A psychosocial referral sent a month ago is still unanswered.
    worker.select_option("#service_type", "psychosocial")
    worker.fill("#proposed_on", ago(32))
    worker.locator("#refer-form [type=submit]").click()
    step(worker, case_url, "sent", ago(30))
    expect(worker.get_by_text("No answer: overdue")).to_be_visible()

    # First follow-up visit, a month after the class started: at school, not working.
    expect(assess(worker, boy, ago(150), working=False)).not_to_have_text("Hazardous child labour")
    worker.goto(case_url)
    expect(worker.locator("#case-stage")).to_have_text("Monitoring")
    # The three-month visit was missed; the worker's and the supervisor's home pages say so.
    worker.goto("/")
    expect(worker.locator("#visits-due")).to_contain_text("Visit missed")
    expect(worker.locator("#overdue-referrals")).to_contain_text("Psychosocial")
    supervisor.goto("/")
    expect(supervisor.locator("#overdue-referrals")).to_contain_text("Psychosocial")

    # Today's visit: still at school, not working. The worker proposes closure: withdrawn.
    assess(worker, boy, ago(0), working=False)
    worker.goto(case_url)
    expect(worker.locator("#follow-up-visits")).to_be_visible()
    expect(worker.locator("#follow-up-visits")).not_to_contain_text("Visit due")
    worker.select_option("#reason", "outcome_reached")
    worker.fill("#note", "Back at school, attends the evening class")
    worker.locator("#closure-form [type=submit]").click()
    expect(worker.locator("#closure-outcome")).to_contain_text("Withdrawn")

    # The supervisor finds it among the approvals and approves.
    supervisor.goto("/")
    supervisor.locator("#approvals a", has_text=case_ref).click()
    supervisor.locator("#decide-form #approve").click()
    expect(supervisor.locator("#case-stage")).to_have_text("Closed")
    expect(supervisor.locator("#closure-outcome")).to_contain_text("Withdrawn")
    worker.goto(sitting_url)
    expect(worker.locator(".measure-status")).to_have_text("In service")
