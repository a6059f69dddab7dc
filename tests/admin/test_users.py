import re

from sqlalchemy import select

from monitor.audit.models import AuditEvent
from monitor.auth.models import User
from monitor.extensions import db
from tests.conftest import csrf_token, login
from tests.registry.conftest import criteria, register  # noqa: F401


def users_admin_id(app):
    return db.session.scalar(select(User.id).where(User.username == "admin"))


def _post(client, url, data):
    page = client.get(url if "reset" not in url and "active" not in url else "/admin/users").get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    extra = {"version": version.group(1)} if version else {}
    return client.post(url, data={**extra, **data, "csrf_token": csrf_token(page)})


def test_admin_creates_a_worker_with_a_generated_password_who_can_sign_in(app, login_as, places):
    client = login_as("admin")
    response = _post(
        client,
        "/admin/users/new",
        {
            "username": "aigul.t",
            "full_name": "Айгүл Токтосунова",
            "roles": ["social_worker"],
            "areas": [str(places["savay"])],
            "language": "ky",
            "password": "",
        },
    )
    assert response.status_code == 200
    password = re.search(r'id="new-password">([^<]+)<', response.get_data(as_text=True)).group(1)
    worker = app.test_client()
    assert login(worker, "aigul.t", password).status_code == 302
    assert worker.get(f"/areas/{places['savay']}").status_code == 200
    assert worker.get(f"/areas/{places['mady']}").status_code == 404
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "aigul.t"))
        assert user.language == "ky" and [a.id for a in user.areas] == [places["savay"]]
        event = db.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "user_created", AuditEvent.object_id == user.id)
        )
        assert event.user_id == users_admin_id(app) and "password" not in event.details


def test_a_worker_needs_an_area_and_a_role(login_as):
    client = login_as("admin")
    html = _post(
        client,
        "/admin/users/new",
        {"username": "nobody", "full_name": "No Body", "roles": ["social_worker"], "language": "ru"},
    ).get_data(as_text=True)
    assert "need at least one area" in html
    html = _post(client, "/admin/users/new", {"username": "nobody", "full_name": "No Body", "language": "ru"}).get_data(
        as_text=True
    )
    assert "Choose at least one role." in html


def test_duplicate_user_name_and_weak_password_are_refused(login_as, places):
    client = login_as("admin")
    html = _post(
        client,
        "/admin/users/new",
        {"username": "WORKER", "full_name": "X", "roles": ["administrator"], "language": "ru"},
    ).get_data(as_text=True)
    assert "already taken" in html
    html = _post(
        client,
        "/admin/users/new",
        {
            "username": "new.one",
            "full_name": "X",
            "roles": ["administrator"],
            "language": "ru",
            "password": "qwerty123456",
        },
    ).get_data(as_text=True)
    assert "too common" in html


def test_reset_password_gives_a_new_one_and_ends_sessions(app, login_as, users):
    worker = app.test_client()
    login(worker, "worker")
    client = login_as("admin")
    response = _post(client, f"/admin/users/{users['worker'].id}/reset-password", {})
    password = re.search(r'id="new-password">([^<]+)<', response.get_data(as_text=True)).group(1)
    assert worker.get("/").status_code == 302
    assert login(app.test_client(), "worker", password).status_code == 302


def test_deactivation_ends_sessions_and_keeps_the_account(app, login_as, users):
    worker = app.test_client()
    login(worker, "worker")
    client = login_as("admin")
    assert _post(client, f"/admin/users/{users['worker'].id}/active", {}).status_code == 302
    assert worker.get("/").status_code == 302
    assert login(app.test_client(), "worker").status_code == 200  # refused
    with app.app_context():
        assert db.session.get(User, users["worker"].id).active is False
    assert _post(client, f"/admin/users/{users['worker'].id}/active", {}).status_code == 302
    assert login(app.test_client(), "worker").status_code == 302


def test_admin_cannot_deactivate_themselves(app, login_as, users):
    client = login_as("admin")
    response = _post(client, f"/admin/users/{users['admin'].id}/active", {})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.get(User, users["admin"].id).active is True


def test_admin_changes_roles_and_areas(app, login_as, users, places):
    client = login_as("admin")
    url = f"/admin/users/{users['worker'].id}"
    response = _post(
        client,
        url,
        {
            "full_name": "Worker Two",
            "roles": ["social_worker", "supervisor"],
            "areas": [str(places["osh_city"])],
            "language": "en",
        },
    )
    assert response.status_code == 302
    worker = app.test_client()
    login(worker, "worker")
    assert worker.get(f"/areas/{places['osh_city']}").status_code == 200
    assert worker.get(f"/areas/{places['kara_suu']}").status_code == 404
    with app.app_context():
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user_changed"))
        assert event.details["changes"]["areas"] == [[places["kara_suu"]], [places["osh_city"]]]


def test_extra_fields_change_nothing(app, login_as, users, places):
    client = login_as("admin")
    _post(
        client,
        f"/admin/users/{users['worker'].id}",
        {
            "full_name": "Worker",
            "roles": ["social_worker"],
            "areas": [str(places["kara_suu"])],
            "language": "en",
            "username": "hijacked",
            "active": "n",
            "password_hash": "x",
            "session_token": "x",
        },
    )
    with app.app_context():
        user = db.session.get(User, users["worker"].id)
        assert (user.username, user.active, user.password_hash.startswith("$argon2")) == ("worker", True, True)


def test_admin_edits_the_sector_list(app, login_as, places):
    from monitor.assessments.models import Sector
    from monitor.assessments.seed import seed_reference

    with app.app_context():
        seed_reference()
        db.session.commit()
    client = login_as("admin")
    response = _post(
        client,
        "/admin/lists/sectors/new",
        {
            "code": "walnut_harvest",
            "group": "agriculture",
            "name_ky": "Жаңгак терүү",
            "name_ru": "Сбор грецкого ореха",
            "name_en": "Walnut harvest",
            "active": "y",
        },
    )
    assert response.status_code == 302
    html = _post(
        client,
        "/admin/lists/sectors/new",
        {"code": "cotton", "group": "x", "name_ky": "x", "name_ru": "x", "name_en": "x"},
    ).get_data(as_text=True)
    assert "already has this code" in html
    assert client.get("/admin/lists/nothing").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(Sector).where(Sector.code == "walnut_harvest")).name_ru == "Сбор грецкого ореха"


def test_erasure_on_request_removes_identifying_data_and_keeps_the_counts(app, login_as, places, criteria, register):
    from datetime import date

    from monitor.registry.models import Child, Family
    from tests.registry.conftest import family_form

    worker = login_as("worker")
    register(
        worker,
        family_form(
            places["savay"],
            [
                {
                    "surname": "Маматова",
                    "given_name": "Нурзада",
                    "birth_date": "12.03.2014",
                    "pin": "11203201412345",
                    "notes": "lives near the mill",
                }
            ],
        ),
    )
    with app.app_context():
        child_id = db.session.scalar(select(Child.id))
    admin = app.test_client()
    from tests.conftest import login

    login(admin, "admin")
    form = {"child_ref": f"C-{child_id:06d}", "reason": "Request No. 5 of 20.11.2026", "include_family": "y"}
    assert _post(admin, "/admin/erasure", form).status_code == 200  # the confirmation box is required
    assert _post(admin, "/admin/erasure", {**form, "confirm": "y"}).status_code == 302
    with app.app_context():
        child = db.session.get(Child, child_id)
        assert (child.surname, child.given_name, child.pin, child.notes) == ("×××", "", None, "")
        assert child.birth_date == date(2014, 7, 1) and child.sex.value == "F" and child.erased_at
        family = db.session.scalar(select(Family))
        assert family.phone is None and family.members[0].surname == "×××"
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "child_erased"))
        assert event.details["reason"] == "Request No. 5 of 20.11.2026"
    assert "Нурзада" not in worker.get(f"/children/{child_id}").get_data(as_text=True)
