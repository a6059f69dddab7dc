"""Closing a case: the worker proposes, the supervisor approves or returns; reopening keeps history;
closed cases are archived after the retention period."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from monitor.cases.models import Case
from monitor.extensions import db
from monitor.registry.models import Child
from tests.assessments.conftest import assess
from tests.conftest import csrf_token, login, office_today


def _post(client, url, **data):
    page = client.get(url.rsplit("/", 1)[0]).get_data(as_text=True)
    return client.post(url, data={"csrf_token": csrf_token(page), **data})


def test_withdrawn_case_is_proposed_approved_reopened_and_archived(app, family, reference):
    client, ids = family
    today = office_today()
    assess(
        client,
        ids["Жоомарт"],
        {"sector": str(reference["bazaar_portering"]), "hours_last_7_days": "20", "hazards": "heavy_loads"},
        visit_date=(today - timedelta(days=150)).strftime("%d.%m.%Y"),
    )
    assess(client, ids["Жоомарт"], location="school", visit_date=(today - timedelta(days=100)).strftime("%d.%m.%Y"))
    assess(client, ids["Жоомарт"], location="school")
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.child_id == ids["Жоомарт"]))
    url = f"/cases/{case_id}"
    assert _post(client, f"{url}/close", reason="outcome_reached", note="Back at school").status_code == 302
    html = client.get(url).get_data(as_text=True)
    assert "Withdrawn" in html and "at least 3 months" in html and "Waiting for the supervisor" in html
    assert _post(client, f"{url}/decide", approve="1").status_code == 403  # workers do not approve

    supervisor = app.test_client()
    login(supervisor, "supervisor")
    assert "approvals" in supervisor.get("/").get_data(as_text=True)
    returned = _post(supervisor, f"{url}/decide", send_back="1")
    assert "Say why the closure is returned." in returned.get_data(as_text=True)
    assert _post(supervisor, f"{url}/decide", send_back="1", comment="Check attendance").status_code == 302
    assert _post(client, f"{url}/close", reason="outcome_reached").status_code == 302
    assert _post(supervisor, f"{url}/decide", approve="1").status_code == 302
    html = supervisor.get(url).get_data(as_text=True)
    assert 'id="case-stage">Closed<' in html and html.count("closure-entry") == 2

    # Retention: closed long enough ago, the record opens for supervisors only.
    with app.app_context():
        db.session.execute(update(Case).values(closed_at=datetime(2024, 1, 15, 9, 0, tzinfo=UTC)))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["archive-closed"])
    assert "1 closed cases archived" in result.output
    assert client.get(f"/children/{ids['Жоомарт']}").status_code == 404
    assert supervisor.get(f"/children/{ids['Жоомарт']}").status_code == 200

    assert _post(supervisor, f"{url}/reopen").status_code == 302
    with app.app_context():
        case = db.session.get(Case, case_id)
        assert case.closed_at is None and case.closures[-1].reopened_at is not None
        assert db.session.get(Child, ids["Жоомарт"]).archived_at is None
    assert client.get(f"/children/{ids['Жоомарт']}").status_code == 200
