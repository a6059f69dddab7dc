"""Referring a child to a remedial class: consent rule, capacity, overdue answers, prevented outcome."""

from datetime import timedelta

from sqlalchemy import select, update

from monitor.cases.models import Case
from monitor.extensions import db
from monitor.referrals.models import Referral, ServiceProvider
from tests.cases.test_cases import _open
from tests.conftest import csrf_token, login, office_today


def _provider(app, places, capacity=1):
    with app.app_context():
        provider = ServiceProvider(
            name="School No. 5 evening class",
            service_type="remedial_class",
            area_id=places["kara_suu_town"],
            capacity=capacity,
        )
        db.session.add(provider)
        db.session.commit()
        return provider.id


def _step(client, case_url, referral_id, target, **extra):
    token = csrf_token(client.get(case_url).get_data(as_text=True))
    return client.post(f"/referrals/{referral_id}/step", data={"target": target, "csrf_token": token, **extra})


def test_a_referral_goes_from_proposed_to_completed_with_the_consent_rule(app, family, places, users):
    client, ids = family
    provider_id = _provider(app, places)
    case_url = _open(client, ids["Нурзада"]).headers["Location"]
    page = client.get(case_url).get_data(as_text=True)
    assert "1 of 1 places free" in page
    client.post(
        f"{case_url}/referrals",
        data={"service_type": "remedial_class", "provider": str(provider_id), "csrf_token": csrf_token(page)},
    )
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id))
        from monitor.registry.models import Child

        db.session.execute(update(Child).where(Child.id == ids["Нурзада"]).values(consent="not_asked"))
        db.session.commit()
    refused = client.get(_step(client, case_url, referral_id, "sent").headers["Location"]).get_data(as_text=True)
    assert "Consent of a parent or guardian is needed" in refused
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    assert _step(supervisor, case_url, referral_id, "sent", override="y").status_code == 302
    for target in ("accepted", "in_service", "completed"):
        assert _step(client, case_url, referral_id, target).status_code == 302
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert referral.status == "completed" and referral.consent_override_by_id == users["supervisor"].id
        assert referral.sent_on and referral.answered_on and referral.started_on and referral.ended_on


def test_a_full_provider_refuses_and_an_unanswered_referral_is_overdue(app, family, places, users):
    client, ids = family
    provider_id = _provider(app, places, capacity=1)
    first_url = _open(client, ids["Нурзада"]).headers["Location"]
    second_url = _open(client, ids["Жоомарт"]).headers["Location"]
    for url in (first_url, second_url):
        token = csrf_token(client.get(url).get_data(as_text=True))
        client.post(
            f"{url}/referrals",
            data={"service_type": "remedial_class", "provider": str(provider_id), "csrf_token": token},
        )
    with app.app_context():
        first, second = db.session.scalars(select(Referral.id).order_by(Referral.id)).all()
    for referral_id, url in ((first, first_url), (second, second_url)):
        _step(client, url, referral_id, "sent")
    _step(client, first_url, first, "accepted")
    html = client.get(_step(client, second_url, second, "accepted").headers["Location"]).get_data(as_text=True)
    assert "This provider has no free place." in html
    with app.app_context():
        eleven_days_ago = office_today() - timedelta(days=11)  # proposed and sent then (steps stay in order)
        db.session.execute(
            update(Referral).where(Referral.id == second).values(proposed_on=eleven_days_ago, sent_on=eleven_days_ago)
        )
        db.session.commit()
    # The dates moved by hand, not by a service: the cases' stored state is corrected the way an
    # administrator would (the command says what it changed).
    fixed = app.test_cli_runner().invoke(args=["check-case-state", "--fix"])
    assert "referral_answer_due: " in fixed.output and "1 cases corrected." in fixed.output
    assert "No answer: overdue" in client.get(second_url).get_data(as_text=True)
    assert 'id="overdue-referrals"' in client.get("/").get_data(as_text=True)
    # A worker's list holds the referrals of their own cases only; the supervisor's, every case of the area.
    with app.app_context():
        db.session.execute(update(Case).values(assigned_to_id=users["supervisor"].id))
        db.session.commit()
    assert 'id="overdue-referrals"' not in client.get("/").get_data(as_text=True)
    supervisor = app.test_client()
    login(supervisor, users["supervisor"].username)
    assert 'id="overdue-referrals"' in supervisor.get("/").get_data(as_text=True)


def test_prevented_needs_a_service_received(app, family, places, reference):
    from tests.assessments.conftest import assess

    client, ids = family
    assess(
        client,
        ids["Жоомарт"],
        {"sector": str(reference["bazaar_portering"]), "hours_last_7_days": "20", "hazards": "heavy_loads"},
    )
    assess(client, ids["Нурзада"], location="school")  # at risk: her brother works
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.child_id == ids["Нурзада"]))
    case_url = f"/cases/{case_id}"
    token = csrf_token(client.get(case_url).get_data(as_text=True))
    client.post(f"{case_url}/referrals", data={"service_type": "psychosocial", "provider": "0", "csrf_token": token})
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id))
    for target in ("sent", "accepted", "in_service"):
        _step(client, case_url, referral_id, target)
    token = csrf_token(client.get(case_url).get_data(as_text=True))
    client.post(f"{case_url}/close", data={"reason": "outcome_reached", "csrf_token": token})
    assert "Prevented" in client.get(case_url).get_data(as_text=True)


def _psychosocial(app, client, child_id: int) -> tuple[str, int, str]:
    """Open the child's case and propose psychosocial support: (case url, referral id, token)."""
    case_url = _open(client, child_id).headers["Location"]
    token = csrf_token(client.get(case_url).get_data(as_text=True))
    client.post(f"{case_url}/referrals", data={"service_type": "psychosocial", "provider": "0", "csrf_token": token})
    with app.app_context():
        return case_url, db.session.scalar(select(Referral.id)), token


def test_follow_up_visits_are_scheduled_from_the_first_service(app, family, places):
    client, ids = family
    case_url, referral_id, _token = _psychosocial(app, client, ids["Нурзада"])
    for target in ("sent", "accepted", "in_service"):
        _step(client, case_url, referral_id, target)
    with app.app_context():
        started = office_today() - timedelta(days=33)  # every step on that day (steps stay in order)
        db.session.execute(
            update(Referral).values(proposed_on=started, sent_on=started, answered_on=started, started_on=started)
        )
        db.session.commit()
    app.test_cli_runner().invoke(args=["check-case-state", "--fix"])  # dates moved by hand: the case follows
    page = client.get(case_url).get_data(as_text=True).split('id="follow-up-visits"')[1]
    assert "Visit due" in page and "Planned" in page
    assert "Follow-up visits due or missed" in client.get("/").get_data(as_text=True)


def test_three_months_of_remedial_class_give_withdrawn(app, family, places, reference):
    from tests.assessments.conftest import assess

    client, ids = family
    provider_id = _provider(app, places, capacity=10)
    assess(
        client,
        ids["Жоомарт"],
        {"sector": str(reference["bazaar_portering"]), "hours_last_7_days": "20", "hazards": "heavy_loads"},
        visit_date=(office_today() - timedelta(days=100)).strftime("%d.%m.%Y"),
    )
    with app.app_context():
        case_id = db.session.scalar(select(Case.id).where(Case.child_id == ids["Жоомарт"]))
    case_url = f"/cases/{case_id}"
    token = csrf_token(client.get(case_url).get_data(as_text=True))
    client.post(
        f"{case_url}/referrals",
        data={"service_type": "remedial_class", "provider": str(provider_id), "csrf_token": token},
    )
    with app.app_context():
        referral_id = db.session.scalar(select(Referral.id))
    for target in ("sent", "accepted", "in_service"):
        _step(client, case_url, referral_id, target)
    refused = client.post(
        f"/referrals/{referral_id}/attendance",
        data={"month": "01.09.2026", "class_days": "10", "present_days": "12", "csrf_token": token},
    )
    assert "cannot be more than class days" in client.get(refused.headers["Location"]).get_data(as_text=True)
    for month in ("05.09.2026", "03.10.2026", "12.11.2026"):
        client.post(
            f"/referrals/{referral_id}/attendance",
            data={"month": month, "class_days": "20", "present_days": "17", "csrf_token": token},
        )
    assert client.get(case_url).get_data(as_text=True).count("attendance-month") == 3
    assess(client, ids["Жоомарт"], location="school", school_attendance="not_attending")  # out of work
    token = csrf_token(client.get(case_url).get_data(as_text=True))
    client.post(f"{case_url}/close", data={"reason": "outcome_reached", "csrf_token": token})
    html = client.get(case_url).get_data(as_text=True)
    assert "Withdrawn" in html and "remedial class for at least 3 continuous months" in html


def test_a_step_recorded_after_the_fact_keeps_its_date(app, family, places):
    client, ids = family
    case_url, referral_id, token = _psychosocial(app, client, ids["Нурзада"])
    with app.app_context():
        db.session.execute(update(Referral).values(proposed_on=office_today() - timedelta(days=30)))
        db.session.commit()
    day = lambda n: (office_today() - timedelta(days=n)).strftime("%d.%m.%Y")  # noqa: E731
    tomorrow = client.post(
        f"{case_url}/referrals",
        data={"service_type": "legal_aid", "provider": "0", "proposed_on": day(-1), "csrf_token": token},
    )
    assert "cannot be in the future" in client.get(tomorrow.headers["Location"]).get_data(as_text=True)
    future = client.get(_step(client, case_url, referral_id, "sent", on=day(-1)).headers["Location"])
    assert "The date of a step cannot be in the future." in future.get_data(as_text=True)
    unreadable = client.get(_step(client, case_url, referral_id, "sent", on="31.02.2026").headers["Location"])
    assert "Write the date as dd.mm.yyyy" in unreadable.get_data(as_text=True)
    _step(client, case_url, referral_id, "sent", on=day(20))
    early = client.get(_step(client, case_url, referral_id, "accepted", on=day(25)).headers["Location"])
    assert "cannot be before the referral" in early.get_data(as_text=True)
    _step(client, case_url, referral_id, "accepted", on=day(12))
    _step(client, case_url, referral_id, "in_service")
    with app.app_context():
        referral = db.session.get(Referral, referral_id)
        assert (referral.sent_on, referral.answered_on, referral.started_on) == (
            office_today() - timedelta(days=20),
            office_today() - timedelta(days=12),
            office_today(),
        )
