"""A hand-counted caseload in Ak-Tash (whose name an administrator typed as a formula):

- 6 boys aged 13 carrying loads at the bazaar 20 hours a week: hazardous, SDG series 1 (>= 14 h);
  5 of them referred to a remedial class, proposed 10 days ago, service started 4 days later;
- 5 boys aged 16 carrying loads 45 hours a week: hazardous, SDG series 1 (>= 43 h);
- 5 girls aged 9, assessed at school, not working; one of them proposed for psychosocial support
  (a count of 1: suppressed in the Services sheet, with the total that would reveal it);
- 5 girls aged 16, registered, not assessed.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from monitor.extensions import db
from tests.assessments.conftest import reference  # noqa: F401  (shared fixtures)
from tests.conftest import office_today
from tests.registry.conftest import criteria  # noqa: F401

INJECTION = '=HYPERLINK("http://example.invalid","click")'
TODAY = office_today()


def born(age: int) -> date:
    return date(TODAY.year - age - 1, 12, 31) if TODAY.month < 12 else date(TODAY.year - age, 1, 1)


@pytest.fixture
def caseload(app, users, places, reference):
    from monitor.areas.models import Area
    from monitor.assessments.data import ActivityData, AssessmentData
    from monitor.assessments.services import record_assessment
    from monitor.auth.models import User
    from monitor.cases.models import Case, CaseSource
    from monitor.referrals import services as referrals
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Child, Consent, Sex

    with app.app_context():
        db.session.execute(
            update(Area)
            .where(Area.id == places["ak_tash"])
            .values(name_en=INJECTION, name_ru=INJECTION, name_ky=INJECTION)
        )
        worker = db.session.get(User, users["worker"].id)
        visit = TODAY - timedelta(days=12)

        def child(n: int, sex: Sex, age: int):
            family = services.register_family(FamilyData(area_id=places["ak_tash"]), worker, TODAY)
            return services.register_child(
                family,
                ChildData(
                    f"Фамилия{n}",
                    f"Имя{n}",
                    sex,
                    born(age),
                    consent=Consent.YES,
                    consent_date=TODAY,
                    consent_by="mother",
                ),
                worker,
                TODAY,
            )

        def works(hours: float):
            return AssessmentData(
                visit_date=visit,
                location="bazaar",
                chores_hours=0,
                school_attendance="regular",
                activities=[
                    ActivityData(
                        sector_id=reference["bazaar_portering"],
                        employer="employer",
                        hours_last_7_days=hours,
                        hazards=["heavy_loads"],
                    )
                ],
            )

        ids = {"boys": [], "older_boys": [], "girls": [], "older_girls": []}
        for n in range(6):
            boy = child(n, Sex.MALE, 13)
            record_assessment(boy, works(20), worker, TODAY)
            ids["boys"].append(boy.id)
        for n in range(5):
            older = child(6 + n, Sex.MALE, 16)
            record_assessment(older, works(45), worker, TODAY)
            ids["older_boys"].append(older.id)
        for n in range(5):
            girl = child(20 + n, Sex.FEMALE, 9)
            record_assessment(
                girl,
                AssessmentData(visit_date=visit, location="school", chores_hours=2, school_attendance="regular"),
                worker,
                TODAY,
            )
            ids["girls"].append(girl.id)
        for n in range(5):
            ids["older_girls"].append(child(30 + n, Sex.FEMALE, 16).id)
        db.session.flush()
        for child_id in ids["boys"][:5]:
            case = db.session.scalar(select(Case).where(Case.child_id == child_id))
            referral = referrals.refer(case, "remedial_class", None, "", worker, TODAY, TODAY - timedelta(days=10))
            the_child = case.child
            for target, days in (("sent", 10), ("accepted", 8), ("in_service", 6)):
                referrals.advance(referral, the_child, target, "", False, worker, TODAY, TODAY - timedelta(days=days))
        from monitor.cases.services import open_case

        girl = db.session.get(Child, ids["girls"][0])
        case = open_case(girl, CaseSource.SCHOOL, TODAY - timedelta(days=5), "", False, "", worker, worker, TODAY)
        referrals.refer(case, "psychosocial", None, "", worker, TODAY, TODAY - timedelta(days=3))
        db.session.commit()
        return ids
