"""Individual plans: the worker saves versions, the supervisor approves or returns; the stage follows."""

from sqlalchemy import select

from monitor.cases.models import Plan
from monitor.extensions import db
from tests.cases.test_cases import _open
from tests.conftest import csrf_token, login


def _save_plan(client, case_url, rows):
    page = client.get(f"{case_url}/plan").get_data(as_text=True)
    data = {"csrf_token": csrf_token(page)}
    for index, row in enumerate(rows):
        for key, value in {"status": "pending", **row}.items():
            data[f"actions-{index}-{key}"] = value
    return client.post(f"{case_url}/plan", data=data)


def test_plan_versions_approval_and_stage(app, family, users):
    client, ids = family
    case_url = _open(client, ids["Нурзада"]).headers["Location"]
    assert "Write at least one goal" in _save_plan(client, case_url, [{"goal": "", "action": ""}]).get_data(
        as_text=True
    )
    first = _save_plan(
        client,
        case_url,
        [
            {
                "goal": "Back to school",
                "action": "Enrol in the remedial class",
                "responsible": "Social worker",
                "due_on": "15.12.2026",
            }
        ],
    )
    assert first.status_code == 302
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    assert "approvals" in supervisor.get("/").get_data(as_text=True)
    token = csrf_token(supervisor.get(case_url).get_data(as_text=True))
    supervisor.post(
        f"{case_url}/plan/decide", data={"send_back": "1", "comment": "Add the family's income", "csrf_token": token}
    )
    assert "Plan returned" in client.get("/").get_data(as_text=True).split('id="returns"')[1]
    second = _save_plan(
        client,
        case_url,
        [
            {"goal": "Back to school", "action": "Enrol in the remedial class"},
            {"goal": "Family income", "action": "Refer to livelihood support"},
        ],
    )
    assert second.status_code == 302
    token = csrf_token(supervisor.get(case_url).get_data(as_text=True))
    assert supervisor.post(f"{case_url}/plan/decide", data={"approve": "1", "csrf_token": token}).status_code == 302
    html = client.get(case_url).get_data(as_text=True)
    assert 'id="case-stage">Plan approved<' in html and 'id="plan-status">Approved<' in html
    assert "Refer to livelihood support" in html and "Earlier versions" in html
    with app.app_context():
        statuses = db.session.scalars(select(Plan.status).order_by(Plan.number)).all()
        assert statuses == ["returned", "approved"]
    assert client.post(f"{case_url}/plan/decide", data={"approve": "1", "csrf_token": token}).status_code in (400, 403)
