"""The role × route matrix: every route states what it needs, and nothing else gets in."""

import pytest

from tests.conftest import login, office_today

ADMIN_ONLY = {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}
CASE_READ = {None: 302, "worker": 200, "worker_osh": 200, "supervisor": 200, "admin": 403, "reports": 403}
# A family and child in Kara-Suu district: another district's worker gets 404, not 403.
CASE_RECORD = {None: 302, "worker": 200, "worker_osh": 404, "supervisor": 200, "admin": 403, "reports": 403}

# (method, url template, expected status per role key; None = signed out)
# {kara_suu} / {osh_city} are replaced with area ids.
MATRIX = [
    ("GET", "/", {None: 302, "worker": 200, "supervisor": 200, "admin": 200, "reports": 200}),
    ("GET", "/account", {None: 302, "worker": 200, "supervisor": 200, "admin": 200, "reports": 200}),
    ("GET", "/areas/", {None: 302, "worker": 200, "supervisor": 200, "admin": 403, "reports": 200}),
    (
        "GET",
        "/areas/{kara_suu}",
        {None: 302, "worker": 200, "worker_osh": 404, "supervisor": 200, "admin": 403, "reports": 200},
    ),
    (
        "GET",
        "/areas/{osh_city}",
        {None: 302, "worker": 404, "worker_osh": 200, "supervisor": 404, "admin": 403, "reports": 200},
    ),
    ("GET", "/areas/manage", {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}),
    ("GET", "/areas/manage/new", {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}),
    (
        "GET",
        "/areas/manage/{kara_suu}/edit",
        {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403},
    ),
    (
        "GET",
        "/areas/manage/{kara_suu}/retire",
        {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403},
    ),
    ("GET", "/admin/users", {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}),
    ("GET", "/admin/users/new", {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}),
    ("GET", "/admin/users/{worker_id}", {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}),
    ("POST", "/admin/users/{worker_id}/reset-password", {None: 302, "worker": 403, "supervisor": 403, "reports": 403}),
    ("POST", "/admin/users/{worker_id}/active", {None: 302, "worker": 403, "supervisor": 403, "reports": 403}),
    ("GET", "/admin/criteria", {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}),
    ("GET", "/admin/criteria/new", {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}),
    ("GET", "/admin/criteria/{criterion}", {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}),
    ("GET", "/children", CASE_READ),
    ("GET", "/families", CASE_READ),
    ("GET", "/families/new", CASE_READ),
    ("GET", "/families/{family}", CASE_RECORD),
    ("GET", "/families/{family}/edit", CASE_RECORD),
    ("GET", "/families/{family}/children/new", CASE_RECORD),
    ("GET", "/children/{child}", CASE_RECORD),
    ("GET", "/children/{child}/edit", CASE_RECORD),
    ("GET", "/children/{child}/move", CASE_RECORD),
    (
        "GET",
        "/children/{child}/merge",
        {None: 302, "worker": 403, "worker_osh": 403, "supervisor": 200, "admin": 403, "reports": 403},
    ),
    (
        "GET",
        "/children/{child}/merge/{child}",
        {None: 302, "worker": 403, "worker_osh": 403, "supervisor": 200, "admin": 403, "reports": 403},
    ),
    ("GET", "/children/{child}/assess", CASE_RECORD),
    ("GET", "/assessments/{assessment}", CASE_RECORD),
    ("GET", "/admin/lists", ADMIN_ONLY),
    ("GET", "/admin/erasure", ADMIN_ONLY),
    ("GET", "/admin/lists/sectors", ADMIN_ONLY),
    ("GET", "/admin/lists/prohibited-work/new", ADMIN_ONLY),
    ("GET", "/admin/thresholds", {None: 302, "worker": 403, "supervisor": 403, "admin": 200, "reports": 403}),
    ("GET", "/audit", {None: 302, "worker": 403, "supervisor": 200, "admin": 200, "reports": 403}),
    ("GET", "/audit/export.csv", {None: 302, "worker": 403, "supervisor": 200, "admin": 200, "reports": 403}),
    (
        "GET",
        "/children/{child}/audit",
        {None: 302, "worker": 403, "worker_osh": 403, "supervisor": 200, "admin": 403, "reports": 403},
    ),
    ("GET", "/cases", CASE_READ),
    ("GET", "/children/{child}/cases/new", CASE_RECORD),
    ("GET", "/cases/{case}", CASE_RECORD),
    ("POST", "/cases/{case}/close", {None: 302, "admin": 403, "reports": 403}),
    ("POST", "/cases/{case}/decide", {None: 302, "worker": 403, "worker_osh": 403, "admin": 403, "reports": 403}),
    ("POST", "/cases/{case}/reopen", {None: 302, "admin": 403, "reports": 403}),
    ("POST", "/cases/{case}/assign", {None: 302, "worker": 403, "worker_osh": 403, "admin": 403, "reports": 403}),
    ("POST", "/cases/{case}/referrals", {None: 302, "admin": 403, "reports": 403}),
    ("POST", "/referrals/{case}/step", {None: 302, "admin": 403, "reports": 403}),
    ("GET", "/admin/providers", ADMIN_ONLY),
    ("GET", "/admin/providers/new", ADMIN_ONLY),
    ("GET", "/cases/{case}/plan", CASE_RECORD),
    ("POST", "/cases/{case}/plan/decide", {None: 302, "worker": 403, "worker_osh": 403, "admin": 403, "reports": 403}),
    ("GET", "/commission", CASE_READ),
    ("GET", "/imports", {None: 302, "worker": 200, "supervisor": 200, "admin": 403, "reports": 403}),
    ("GET", "/imports/template.xlsx", {None: 302, "worker": 200, "supervisor": 200, "admin": 403, "reports": 403}),
    ("GET", "/imports/999999", {None: 302, "worker": 404, "supervisor": 404, "admin": 403, "reports": 403}),
    ("GET", "/imports/999999/mapping", {None: 302, "worker": 404, "supervisor": 404, "admin": 403, "reports": 403}),
    ("POST", "/imports/999999/commit", {None: 302, "worker": 404, "admin": 403, "reports": 403}),
    ("POST", "/imports/999999/undo", {None: 302, "worker": 403, "supervisor": 404, "admin": 403, "reports": 403}),
    ("GET", "/reports", {None: 302, "worker": 200, "worker_osh": 200, "supervisor": 200, "admin": 403, "reports": 200}),
    (
        "GET",
        "/reports/children?section=children&key=registered",
        {None: 302, "worker": 200, "supervisor": 200, "admin": 403, "reports": 200},
    ),
    ("GET", "/reports/commission", {None: 302, "worker": 200, "supervisor": 200, "admin": 403, "reports": 200}),
    ("POST", "/reports/export", {None: 302, "worker": 403, "admin": 403}),
    ("GET", "/reports/exports", {None: 302, "worker": 403, "supervisor": 200, "admin": 403, "reports": 200}),
    (
        "GET",
        "/reports/exports/999999/download",
        {None: 302, "worker": 403, "supervisor": 404, "admin": 403, "reports": 404},
    ),
    ("GET", "/commission/sittings/{case}", {None: 302, "admin": 403, "reports": 403}),
    ("POST", "/commission/measures/{case}/refer", {None: 302, "admin": 403, "reports": 403}),
    ("POST", "/referrals/{case}/attendance", {None: 302, "admin": 403, "reports": 403}),
    ("GET", "/login", {None: 200}),
    ("GET", "/login/verify", {None: 302}),
    ("GET", "/login/enrol", {None: 302, "worker": 200}),
    ("POST", "/account/two-factor/off", {None: 302, "worker": 302}),
    (
        "POST",
        "/admin/users/{worker_id}/two-factor-reset",
        {None: 302, "worker": 403, "supervisor": 403, "reports": 403},
    ),
    ("POST", "/language", {None: 302, "worker": 302}),
    ("POST", "/logout", {None: 302}),
]

CASES = [(method, url, role, status) for method, url, expected in MATRIX for role, status in expected.items()]


@pytest.fixture
def records(app, users, places):
    """A family with a child in Savay (Kara-Suu district), and the hardship criteria."""
    from datetime import date

    from monitor.auth.models import User
    from monitor.extensions import db
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Sex
    from monitor.registry.seed import seed_criteria

    with app.app_context():
        seed_criteria()
        worker = db.session.get(User, users["worker"].id)
        family = services.register_family(FamilyData(area_id=places["savay"]), worker, office_today())
        child = services.register_child(
            family, ChildData("Осмонова", "Айпери", Sex.FEMALE, date(2014, 5, 1)), worker, office_today()
        )
        from sqlalchemy import select

        from monitor.assessments.data import AssessmentData
        from monitor.assessments.seed import seed_reference
        from monitor.assessments.services import record_assessment
        from monitor.registry.models import Criterion

        seed_reference()
        assessment = record_assessment(child, AssessmentData(office_today(), "home"), worker, office_today())
        from monitor.cases.models import CaseSource
        from monitor.cases.services import open_case

        case = open_case(child, CaseSource.SCHOOL, office_today(), "", False, "", worker, worker, office_today())
        db.session.commit()
        criterion = db.session.scalar(select(Criterion.id).where(Criterion.code == "C05"))
        return {
            "family": family.id,
            "child": child.id,
            "criterion": criterion,
            "assessment": assessment.id,
            "case": case.id,
        }


@pytest.mark.parametrize("method, url, role, status", CASES)
def test_role_and_area_matrix(app, users, places, records, method, url, role, status):
    from tests.conftest import csrf_token

    client = app.test_client()
    if role is not None:
        assert login(client, users[role].username).status_code == 302
    target = url.format(worker_id=users["worker"].id, **places, **records)
    if method == "GET":
        response = client.get(target)
    else:
        token = csrf_token(client.get("/login" if role is None else "/account").get_data(as_text=True))
        response = client.post(target, data={"csrf_token": token, "language": "ky"})
    assert response.status_code == status, (method, target, role)
    if status == 302 and role is None and url != "/language":
        assert response.headers["Location"].startswith("/login")


def test_every_route_is_in_the_matrix(app):
    covered = {url.split("{")[0].split("?")[0].rstrip("/") for _m, url, _e in MATRIX}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.startswith("bootstrap."):
            continue
        prefix = rule.rule.split("<")[0].rstrip("/")
        assert prefix in covered, f"{rule.rule} has no row in the access matrix"


def test_every_view_declares_its_access(app):
    for endpoint, view in app.view_functions.items():
        if endpoint == "static" or endpoint.startswith("bootstrap."):
            continue
        assert getattr(view, "access", None) is not None, endpoint


def test_an_undeclared_view_is_refused(app, client, users):
    app.view_functions["home.index"].access, saved = None, app.view_functions["home.index"].access
    try:
        login(client, "worker")
        assert client.get("/").status_code == 403
    finally:
        app.view_functions["home.index"].access = saved


def test_refused_access_is_audited(app, client, users):
    from sqlalchemy import select

    from monitor.audit.models import AuditEvent
    from monitor.extensions import db

    login(client, users["worker_osh"].username)
    kara_suu = users["worker"].area_ids[0]
    assert client.get(f"/areas/{kara_suu}").status_code == 404
    with app.app_context():
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied")).one()
        assert event.details["reason"] == "out_of_area"
        assert event.user_id == users["worker_osh"].id
