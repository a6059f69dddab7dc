"""`flask seed-demo`: the demo office has accounts, a caseload, cases and services to show."""

from sqlalchemy import func, select

from monitor.cases.models import Case
from monitor.extensions import db
from monitor.referrals.models import Referral, ServiceProvider
from monitor.registry.models import Child


def test_the_demo_has_cases_with_referrals(app, database):
    result = app.test_cli_runner().invoke(args=["seed-demo", "--families", "40", "--seed", "5"])
    assert result.exit_code == 0, result.output
    assert "demo accounts created" in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Child)) > 80
        cases = db.session.scalar(select(func.count()).select_from(Case))
        referrals = db.session.scalars(select(Referral)).all()
        assert cases > 5 and 0 < len(referrals) <= cases
        assert (
            any(r.provider_id for r in referrals)
            and db.session.scalar(select(func.count()).select_from(ServiceProvider)) >= 5
        )
        assert all(r.proposed_on <= (r.started_on or r.proposed_on) for r in referrals)
        assert {r.status for r in referrals} & {"sent", "accepted", "in_service"}
