"""The risk report counted in the database: the same numbers as the Python computation of the
facts (the former path, kept as the oracle) on a varied caseload, every saved change shown at the
next page load, and the lists behind the figures complete and paged."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text, update

from monitor.extensions import db
from monitor.reports import counts, drill
from monitor.reports.figures import BREAKDOWN, Period, child_figures, monthly
from monitor.reports.summary import summarise
from tests.cases.conftest import closure_facts
from tests.reports.conftest import TODAY, born
from tests.reports.test_ilo_export import PERIOD, _signed

ZONE = ZoneInfo("Asia/Bishkek")


def _python_figures(paths, period, language="en"):
    from monitor.cases import case_rules
    from monitor.reports.facts import collect

    facts = collect(paths, period, language, TODAY, case_rules())
    figures = child_figures(facts.children, period, facts.identified, facts.stages, facts.visits, facts.referrals)
    return summarise(figures, monthly(facts.identified, facts.assessed, period))


@pytest.fixture
def varied(app, caseload, users, places, reference):
    """The hand-counted caseload, changed through the services (a later visit, a closed case), and a
    few hundred generated families around it (visits over two years, cases, closures, referrals)."""
    from monitor.assessments.data import AssessmentData
    from monitor.assessments.services import record_assessment
    from monitor.auth.models import User
    from monitor.cases import services as cases
    from monitor.cases.models import Case, ClosureReason
    from monitor.registry.models import Child
    from monitor.scale.generate import generate

    with app.app_context():
        worker = db.session.get(User, users["worker"].id)
        supervisor = db.session.get(User, users["supervisor"].id)
        boy = db.session.get(Child, caseload["boys"][0])
        record_assessment(
            boy,
            AssessmentData(
                visit_date=TODAY - timedelta(days=2), location="school", chores_hours=0, school_attendance="regular"
            ),
            worker,
            TODAY,
        )
        case = db.session.scalar(select(Case).where(Case.child_id == caseload["older_boys"][0]))
        cases.propose_closure(case, ClosureReason.OTHER, "", worker, TODAY, **closure_facts(case))
        cases.decide_closure(case, True, "", supervisor)
        generate(300, 7, TODAY)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":  # as `flask generate-data` does after its bulk load
            db.session.execute(text("ANALYZE"))
            db.session.commit()
    return caseload


PERIODS = [
    Period(TODAY - timedelta(days=30), TODAY, ZONE),
    Period(date(TODAY.year - 1, 1, 1), TODAY, ZONE),
    Period(TODAY - timedelta(days=400), TODAY - timedelta(days=60), ZONE),
    Period(TODAY - timedelta(days=5), TODAY - timedelta(days=1), ZONE),
]


def test_the_database_counts_what_the_python_computation_counts(app, varied, places):
    from monitor.areas.models import Area
    from monitor.cases import case_rules

    with app.test_request_context():
        area_paths = [db.session.get(Area, places[key]).path for key in ("kara_suu", "ak_tash")]
        scopes = [["/"], area_paths[:1], area_paths[1:], area_paths]
        checked = 0
        for paths in scopes:
            for period in PERIODS:
                expected = _python_figures(paths, period)
                found = counts.figures(paths, period, TODAY, "en", case_rules())
                sections = set(expected.sections) | set(found.sections)
                for section in sections:
                    keys = set(expected.sections.get(section, {})) | set(found.sections.get(section, {}))
                    for key in keys:
                        for part in BREAKDOWN:
                            want = expected.cell(section, key).count(part)
                            assert found.cell(section, key).count(part) == want, (paths, period, section, key, part)
                            checked += want
                assert found.medians == expected.medians, (paths, period)
                assert found.by_territory == expected.by_territory, (paths, period)
                assert found.months == expected.months, (paths, period)
        assert checked > 1000  # the caseload is not empty: most figures have children behind them
        whole = counts.figures(["/"], PERIODS[1], TODAY, "en", case_rules())
        assert sum(whole.cell("outcomes", k).total for k in ("withdrawn", "protected", "prevented")) > 3
        assert whole.medians and len(whole.by_territory) > 3 and whole.cell("visits", "done").total
        assert whole.cell("stages", "closed").total or whole.cell("stages", "monitoring").total
        assert whole.cell("referrals", "remedial_class|in_service").total >= 5


def test_the_lists_behind_the_figures_are_the_children_counted(app, varied):
    from monitor.cases import case_rules

    period = PERIODS[1]
    with app.test_request_context():
        found = counts.figures(["/"], period, TODAY, "en", case_rules())
        for section, cells in found.sections.items():
            for key in cells:
                for part in BREAKDOWN:
                    part_text = "" if part is None else f"{part[0]}:{part[1]}"
                    total, rows = drill.behind(
                        ["/"], period, TODAY, case_rules(), section, key, part_text, 1, 10_000, "en", False
                    )
                    assert total == len(rows) == found.cell(section, key).count(part), (section, key, part)


def _registered(html: str) -> str:
    return html.split('data-key="registered"')[1].split("</tr>")[0]


def test_a_saved_change_is_counted_at_the_next_page_load(app, caseload, users, places):
    from monitor.auth.models import User
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Consent, Sex

    client = _signed(app, "supervisor")
    first = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert ">21<" in _registered(first) and "Figures as of" not in first
    with app.app_context():
        worker = db.session.get(User, users["worker"].id)
        family = services.register_family(FamilyData(area_id=places["ak_tash"]), worker, TODAY)
        data = ChildData(
            "Новая", "Айзада", Sex.FEMALE, born(10), consent=Consent.YES, consent_date=TODAY, consent_by="mother"
        )
        services.register_child(family, data, worker, TODAY)
        db.session.commit()
    again = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert ">22<" in _registered(again) and ">11<" in _registered(again)  # total, and the girls
    drill = {**PERIOD, "section": "children", "key": "registered", "part": "sex:F"}
    listed = client.get("/reports/children", query_string=drill).get_data(as_text=True)
    assert 'id="drill-total">11<' in listed and "Айзада" in listed


def test_a_long_list_behind_a_figure_is_paged_to_its_last_child(app, caseload, monkeypatch):
    from monitor.reports import routes

    monkeypatch.setattr(routes, "DRILL_PAGE", 4)
    client = _signed(app, "supervisor")
    drill = {**PERIOD, "section": "children", "key": "registered", "part": ""}
    seen = []
    for page in range(1, 7):
        html = client.get("/reports/children", query_string={**drill, "page": page}).get_data(as_text=True)
        assert 'id="drill-total">21<' in html
        seen += [line for line in html.split("<tr>") if "Фамилия" in line]
        assert ('rel="next"' in html) == (page < 6)
    assert len(seen) == 21 and len(set(seen)) == 21


def test_a_case_opened_a_moment_ago_is_counted_in_its_stage(app, caseload, users):
    from monitor.auth.models import User
    from monitor.cases.models import CaseSource
    from monitor.cases.services import open_case
    from monitor.registry.models import Child

    client = _signed(app, "supervisor")

    def identified_stage(html: str) -> str:
        return html.split('id="table-stages"')[1].split('data-key="identified"')[1].split("</tr>")[0]

    before = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert ">1<" in identified_stage(before)  # the girl's case opened five days ago
    with app.app_context():
        worker = db.session.get(User, users["worker"].id)
        girl = db.session.get(Child, caseload["older_girls"][0])
        open_case(girl, CaseSource.SCHOOL, TODAY, "", False, "", worker, worker, TODAY)
        db.session.commit()
    after = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert ">2<" in identified_stage(after)
    drill = {**PERIOD, "section": "stages", "key": "identified", "part": "age:15-17"}
    listed = client.get("/reports/children", query_string=drill).get_data(as_text=True)
    assert 'id="drill-total">1<' in listed and "Фамилия30" in listed


def test_the_follow_up_visits_counted_in_sql_are_those_the_schedule_plans(app, varied):
    """Anchors at the ends of months (31 January, 29 February), visits one day inside and one day
    outside the window of a due date, closures a minute either side of the office's midnight (yearly
    visits after them): the SQL schedule finds the visits cases.schedule finds, by state."""
    from datetime import datetime, time

    from monitor.assessments.models import Assessment
    from monitor.cases import case_rules
    from monitor.cases.models import Case
    from monitor.cases.schedule import add_months

    utc = ZoneInfo("UTC")
    with app.test_request_context():
        cases = db.session.scalars(select(Case).where(Case.followup_from.is_not(None)).order_by(Case.id)).all()
        latest = select(Assessment.child_id, func.max(Assessment.visit_date)).group_by(Assessment.child_id)
        visits = dict(db.session.execute(latest).all())
        ends = [date(2024, 1, 31), date(2024, 2, 29), date(TODAY.year - 1, 3, 31), date(TODAY.year - 1, 8, 31)]
        shifts = [-22, -21, 0, 21, 22]
        for n, case in enumerate(cases):
            visit = visits.get(case.child_id)
            if n % 3 == 0 or visit is None:
                case.followup_from = ends[n % len(ends)]
                if visit is not None:  # 21 days before the first due date, cut to the month's end
                    moved = add_months(case.followup_from, 1) - timedelta(days=21)
                    db.session.execute(
                        update(Assessment).where(Assessment.child_id == case.child_id).values(visit_date=moved)
                    )
                    visit = moved
            else:  # the first due date a few days either side of the child's latest visit
                case.followup_from = add_months(visit - timedelta(days=shifts[n % len(shifts)]), -1)
            if case.closed_at is not None and visit is not None:
                # Closed on the day that puts the yearly visit due after it 21 days before the
                # child's latest visit (inside its window; a day earlier, outside): at 18:00 UTC the
                # day before, midnight in Bishkek, or at 17:59 UTC that day.
                closed_on = add_months(visit - timedelta(days=21), -12)
                case.followup_from = add_months(closed_on, -7)
                at = (
                    datetime.combine(closed_on, time(17, 59)),
                    datetime.combine(closed_on, time(18)) - timedelta(days=1),
                )
                case.closed_at = at[n % 2].replace(tzinfo=utc)
        db.session.flush()
        compared = 0
        for period in [*PERIODS, Period(date(2024, 1, 1), TODAY, ZONE)]:
            expected = {k: v for k, v in counts.visit_states(["/"], period, TODAY, case_rules()).items() if v}
            rows = counts.visit_rows(["/"], period, TODAY, case_rules())
            assert rows is not None  # the default schedule (1, 3, 6 months) is planned in SQL
            found: dict[str, set[int]] = {}
            for child_id, state in db.session.execute(select(rows.c.child_id, rows.c.state)):
                found.setdefault(state, set()).add(child_id)
            assert found == expected, period
            compared += sum(map(len, expected.values()))
        assert compared > 100
        db.session.rollback()


def test_a_schedule_whose_windows_meet_is_left_to_python(app):
    """Visits one month apart: a visit may fall in two windows and counts for the first only, which
    the SQL schedule does not do; the figures come from cases.schedule then."""
    from monitor.cases.deadlines import CaseRules

    rules = CaseRules(visit_months={"high": (1, 2, 3)})
    with app.test_request_context():
        assert counts.visit_rows(["/"], PERIODS[1], TODAY, rules) is None
        assert counts.visit_rows(["/"], PERIODS[1], TODAY, CaseRules()) is not None
