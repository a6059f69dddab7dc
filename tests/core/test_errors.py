import pytest
from flask import abort

from tests.conftest import login


@pytest.fixture
def spare_app(another_app, database):
    """A second app on the same database, to which a test may still add routes."""
    return another_app()


def test_not_found_page_in_the_app_style(client, database):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "Page not found" in html and "navbar" in html


def test_server_error_shows_an_incident_number_and_nothing_technical(spare_app):
    def broken():
        raise RuntimeError("secret internal detail")

    broken.access = "public"
    spare_app.add_url_rule("/test-broken", "test_broken", broken)
    response = spare_app.test_client().get("/test-broken")
    html = response.get_data(as_text=True)
    assert response.status_code == 500
    assert 'id="incident"' in html
    assert "secret internal detail" not in html and "Traceback" not in html


def test_error_pages_for_each_status(spare_app):
    statuses = (400, 403, 404, 429, 500, 503)
    for status in statuses:

        def view(status=status):
            abort(status)

        view.access = "public"
        spare_app.add_url_rule(f"/test-abort-{status}", f"test_abort_{status}", view)
    client = spare_app.test_client()
    for status in statuses:
        response = client.get(f"/test-abort-{status}")
        assert response.status_code == status
        assert "navbar" in response.get_data(as_text=True)


def test_security_headers(client, users):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "script-src 'self'"):
        assert part in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]
    login(client, "worker")
    assert client.get("/").headers["Cache-Control"] == "no-store"
