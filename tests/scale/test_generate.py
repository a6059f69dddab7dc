"""`flask generate-data`: a reproducible synthetic caseload that the app then uses like any other."""

from sqlalchemy import func, select

from monitor.assessments.models import Assessment
from monitor.cases.models import Case
from monitor.extensions import db
from monitor.registry.models import Child, Family
from tests.conftest import login
from tests.registry.conftest import family_form


def _children(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(Child.surname, Child.given_name, Child.birth_date, Child.labour_category).order_by(Child.id)
        ).all()


def test_generated_data_is_reproducible_and_usable(app, users, places, criteria, register):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["generate-data", "--children", "400", "--seed", "11"])
    assert result.exit_code == 0, result.output
    assert "Added 40" in result.output
    first = _children(app)
    assert 400 <= len(first) < 410  # whole families: a few more than asked
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Assessment)) > 60
        assert db.session.scalar(select(func.count()).select_from(Case)) > 20
        assert db.session.scalar(select(func.count()).select_from(Case).where(Case.closed_at.is_not(None))) > 0
        latin = db.session.scalar(select(func.count()).select_from(Child).where(Child.surname.op("<")("Z")))
        assert latin > 0  # some names typed in Latin letters
        child_id = db.session.scalar(select(Child.id).where(Child.area_path.startswith("/1/3/")).limit(1))
    assert runner.invoke(args=["generate-data", "--children", "400", "--seed", "11"]).exit_code == 0
    assert _children(app)[len(first) :] == first  # the same seed gives the same caseload

    client = app.test_client()
    login(client, "worker")
    assert client.get(f"/children/{child_id}").status_code == 200
    assert client.get("/children?q=Nurzada").status_code == 200
    # New records after generated ones get fresh ids (PostgreSQL sequences were moved on).
    assert (
        register(
            client,
            family_form(
                places["savay"], [{"surname": "Асанов", "given_name": "Тилек", "birth_date": "03.04.2015", "sex": "M"}]
            ),
        ).status_code
        == 302
    )
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Family).where(Family.street == "Ленина")) >= 1


def test_generated_register_has_history_identifiers_plans_and_audit(app, users, places, criteria):
    """'Newest first' and 'registered in the period' must mean something at scale: records registered over
    years, with the phones, personal numbers, plans, audit rows and restricted records real ones have."""
    from monitor.audit.models import AuditEvent
    from monitor.auth.models import User
    from monitor.cases.models import Plan
    from monitor.core.roles import Role

    result = app.test_cli_runner().invoke(args=["generate-data", "--children", "1500", "--seed", "5"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Child))
        years = {row.year for row in db.session.scalars(select(Child.created_at))}
        assert len(years) >= 4  # spread over several years, not all "today"
        assert db.session.scalar(select(func.count(func.distinct(Child.created_at)))) > 0.9 * count
        assert db.session.scalar(select(func.count()).select_from(Child).where(Child.created_at > func.now())) == 0
        assert db.session.scalar(select(func.count(Child.pin))) > count / 2
        assert db.session.scalar(select(func.count(Family.phone))) > 0
        assert db.session.scalar(select(func.count()).select_from(Plan)) > 0
        assert db.session.scalar(select(func.count()).select_from(Plan).where(Plan.status == "submitted")) > 0
        assert db.session.scalar(select(func.count()).select_from(Child).where(Child.restricted)) > 0
        created = db.session.scalar(
            select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "child_created")
        )
        assert created == count
        officer = db.session.scalar(select(User).where(User.username == "regional.officer"))
        assert officer is not None and Role.REPORTING_OFFICER in officer.roles
