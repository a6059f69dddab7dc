"""Real-browser fixtures: the app served on a local port, driven by Debian's Chromium."""

from __future__ import annotations

import os
import threading

import pytest
from werkzeug.serving import make_server

from tests.conftest import office_today

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium is missing at {CHROMIUM}: install Debian's 'chromium' package "
            "(make test does it when run as root). Browser tests never skip."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, database):
    context = browser.new_context(base_url=live_server, locale="en-US")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def registered_child(app, users, places, surname: str, given: str, born, registered_on=None, **fields) -> int:
    """A child of Kara-Suu town registered by the worker (with the reference lists seeded); its id."""
    from monitor.assessments.seed import seed_reference
    from monitor.auth.models import User
    from monitor.extensions import db
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Sex
    from monitor.registry.seed import seed_criteria

    day = registered_on or office_today()
    with app.app_context():
        seed_criteria()
        seed_reference()
        worker = db.session.get(User, users["worker"].id)
        family = services.register_family(FamilyData(area_id=places["kara_suu_town"]), worker, day)
        child = services.register_child(family, ChildData(surname, given, Sex.MALE, born, **fields), worker, day)
        db.session.commit()
        return child.id
