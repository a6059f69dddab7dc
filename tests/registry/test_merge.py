"""Merging two records of the same child: the history follows the kept record, with a confirmation step."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import Column, ForeignKey, Index, Integer, MetaData, Table, UniqueConstraint, delete, func, select, text

from monitor.audit.models import AuditEvent
from monitor.auth.models import User
from monitor.cases.models import Case, CaseSource
from monitor.cases.plans import ActionData, decide_plan, save_plan
from monitor.cases.services import open_case
from monitor.extensions import db
from monitor.referrals.models import ServiceProvider
from monitor.referrals.services import advance, record_attendance, refer
from monitor.registry import merging
from monitor.registry.data import RegistryError
from monitor.registry.models import Child, ChildCriterion, DistinctChildren
from tests.assessments.conftest import assess, family, reference  # noqa: F401  (shared fixtures)
from tests.conftest import csrf_token, login, office_today
from tests.registry.conftest import family_form

TODAY = office_today()
DUPLICATE = {
    "surname": "Mamatov",
    "given_name": "Zhoomart",
    "birth_date": "05.03.2013",
    "sex": "M",
    "confirm_distinct": "y",
    "pin": "20503201312345",
}


def _ddmmyyyy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def _supervisor(app):
    client = app.test_client()
    login(client, "supervisor")
    return client


def _register_duplicate(app, client, register, places, area="kara_suu_town") -> int:
    """A second record of Жоомарт (written in Latin, another household), with nothing recorded about him."""
    assert (
        register(
            client,
            family_form(
                places[area],
                [DUPLICATE],
                members=[{"surname": "Mamatova", "given_name": "Aida", "is_head": "y"}],
                street="Osh",
            ),
        ).status_code
        == 302
    )
    with app.app_context():
        return db.session.scalar(select(Child.id).where(Child.given_name == "Zhoomart"))


def _history(app, client, child_id: int, reference, users, places) -> int:
    """An assessment that opens a case, an approved plan, a remedial class attended, a follow-up visit."""
    visit = TODAY - timedelta(days=100)
    work = {"sector": str(reference["bazaar_portering"]), "hours_last_7_days": "20", "hazards": "heavy_loads"}
    assert assess(client, child_id, work, visit_date=_ddmmyyyy(visit)).status_code == 302
    with app.app_context():
        worker, supervisor = db.session.get(User, users["worker"].id), db.session.get(User, users["supervisor"].id)
        case = db.session.scalars(select(Case).where(Case.child_id == child_id)).one()
        save_plan(case, [ActionData(goal="Back to school", action="Enrol in the evening class")], worker)
        decide_plan(case, True, "", supervisor)
        provider = ServiceProvider(
            name="Evening class No. 5", service_type="remedial_class", area_id=places["kara_suu_town"], capacity=5
        )
        db.session.add(provider)
        db.session.flush()
        referral = refer(case, "remedial_class", provider, "", worker, TODAY, on=visit)
        child = db.session.get(Child, child_id)
        for target in ("sent", "accepted", "in_service"):
            advance(referral, child, target, "", False, worker, TODAY, on=visit + timedelta(days=5))
        record_attendance(referral, child, (TODAY - timedelta(days=40)).replace(day=1), 20, 18, worker)
        db.session.commit()
        case_id = case.id
    assert assess(client, child_id, work).status_code == 302  # the follow-up visit: still at work
    return case_id


def _confirm(client, url: str, keep: int, **extra):
    page = client.get(url).get_data(as_text=True)
    versions = dict(re.findall(r'name="(version_[ab])" type="hidden" value="(\d+)"', page))
    return client.post(url, data={"csrf_token": csrf_token(page), "keep": str(keep), **versions, **extra})


def _rows_pointing_at(child_id: int) -> dict[str, int]:
    counts = {}
    for table, column in merging.references(db.metadata):
        counts[f"{table.name}.{column.name}"] = db.session.scalar(
            select(func.count()).select_from(table).where(column == child_id)
        )
    return counts


def test_the_history_of_the_duplicate_follows_the_kept_record(app, family, register, reference, users, places):
    worker, ids = family
    drop = ids["Жоомарт"]
    keep = _register_duplicate(app, worker, register, places)
    case_id = _history(app, worker, drop, reference, users, places)
    with app.app_context():
        status = db.session.get(Child, drop).labour_category
        # Every kind of row that points at a child exists for the duplicate: an earlier duplicate
        # merged into it, confirmed non-duplicates both ways, a criterion, a household link.
        third = Child(
            **{
                c: getattr(db.session.get(Child, drop), c)
                for c in (
                    "family_id",
                    "area_path",
                    "surname",
                    "given_name",
                    "surname_key",
                    "given_key",
                    "surname_skeleton",
                    "given_skeleton",
                    "sex",
                    "birth_date",
                    "created_by_id",
                )
            },
            merged_into_id=drop,
        )
        db.session.add(third)
        db.session.add_all(
            [
                DistinctChildren(
                    child_id=drop, other_child_id=ids["Нурзада"], score=0.5, confirmed_by_id=users["worker"].id
                ),
                DistinctChildren(
                    child_id=ids["Нурзада"], other_child_id=drop, score=0.5, confirmed_by_id=users["worker"].id
                ),
            ]
        )
        db.session.commit()
        third_id = third.id
        before = _rows_pointing_at(drop)
    supervisor = _supervisor(app)
    step = supervisor.get(f"/children/{keep}/merge").get_data(as_text=True)
    chosen = supervisor.post(
        f"/children/{keep}/merge", data={"child_ref": f"C-{drop:06d}", "csrf_token": csrf_token(step)}
    )
    assert chosen.headers["Location"].endswith(f"/children/{keep}/merge/{drop}")
    response = _confirm(supervisor, chosen.headers["Location"], keep)
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/children/{keep}")
    with app.app_context():
        kept = db.session.get(Child, keep)
        assert (
            db.session.get(Child, drop).merged_into_id == keep
            and db.session.get(Child, third_id).merged_into_id == keep
        )
        assert kept.labour_category == status and kept.labour_category != "no_issue"
        assert db.session.get(Case, case_id).child_id == keep and db.session.get(Case, case_id).closed_at is None
        after = _rows_pointing_at(drop)
        event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "child_merged")).one()
        assert (event.object_id, event.details["merged_child"]) == (keep, drop)
    # Every reference to a child was there and moved (a new one makes this fail until it is covered).
    assert all(before.values()), before
    assert event.details["moved"] == {name: before[name] - after[name] for name in before}
    assert {name: n for name, n in after.items() if n} == {"distinct_children.other_child_id": 1}  # the pair stays
    assert all(event.details["moved"].values())
    page = worker.get(f"/children/{keep}").get_data(as_text=True)
    assert f"K-{case_id:06d}" in page and page.count("/assessments/") >= 2
    case_page = worker.get(f"/cases/{case_id}").get_data(as_text=True)
    assert "Zhoomart" in case_page and "Enrol in the evening class" in case_page
    assert (
        "Evening class No. 5" in case_page and "18/20" in case_page and 'id="case-stage">Identified<' not in case_page
    )
    assert "Zhoomart" in worker.get("/").get_data(as_text=True).split('id="my-cases"')[1]
    assert "Zhoomart" in worker.get("/cases").get_data(as_text=True)
    assert worker.get(f"/children/{drop}").headers["Location"].endswith(f"/children/{keep}")


def test_two_open_cases_are_refused_and_nothing_changes(app, family, register, reference, users, places):
    worker, ids = family
    drop = ids["Жоомарт"]
    keep = _register_duplicate(app, worker, register, places)
    _history(app, worker, drop, reference, users, places)
    with app.app_context():
        actor = db.session.get(User, users["worker"].id)
        open_case(db.session.get(Child, keep), CaseSource.SCHOOL, TODAY, "", False, "", actor, actor, TODAY)
        db.session.commit()
        cases = dict(db.session.execute(select(Case.id, Case.child_id)).all())
    supervisor = _supervisor(app)
    url = f"/children/{keep}/merge/{drop}"
    assert "Both records have an open case" in supervisor.get(url).get_data(as_text=True)
    html = _confirm(supervisor, url, keep).get_data(as_text=True)
    assert "Both records have an open case" in html and "close one of them" in html
    with app.app_context():
        assert db.session.get(Child, drop).merged_into_id is None
        assert dict(db.session.execute(select(Case.id, Case.child_id)).all()) == cases
        assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "child_merged")).all()


def test_the_confirmation_shows_both_records_and_a_get_changes_nothing(app, family, register, reference, users, places):
    worker, ids = family
    drop = ids["Жоомарт"]
    keep = _register_duplicate(app, worker, register, places)
    _history(app, worker, drop, reference, users, places)
    supervisor = _supervisor(app)
    url = f"/children/{keep}/merge/{drop}"
    for _ in range(2):  # coming back to the page changes nothing either
        page = supervisor.get(url).get_data(as_text=True)
    sides = page.split('id="merge-sides"')[1]
    assert "Zhoomart" in sides and "Жоомарт" in sides and sides.count("05.03.2013") == 2
    assert "20503201312345" not in page and "2345" in sides
    assert f"F-{db_family(app, keep):06d}" in sides and f"F-{db_family(app, drop):06d}" in sides
    assert 'id="count-assessments-b">2<' in sides and 'id="count-assessments-a">0<' in sides
    assert 'id="count-cases-b">1<' in sides and 'id="count-referrals-b">1<' in sides
    assert 'id="open-case-b">K-' in sides and 'name="keep"' in page and 'name="csrf_token"' in page
    with app.app_context():
        assert db.session.get(Child, drop).merged_into_id is None
        assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "child_merged")).all()
    # Choosing the other record as the one kept.
    assert _confirm(supervisor, url, drop).headers["Location"].endswith(f"/children/{drop}")
    with app.app_context():
        assert db.session.get(Child, keep).merged_into_id == drop
        assert db.session.get(Child, drop).pin == "20503201312345"
        viewed = db.session.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "child_viewed")).all()
        assert {keep, drop} <= set(viewed)  # the comparison shows both records: both views are audited
    back = supervisor.get(url).get_data(as_text=True)  # the browser's back button after the merge
    assert "These two records cannot be merged." in back and 'id="submit"' not in back


def test_a_post_without_the_token_is_refused(app, family, register, places):
    worker, ids = family
    keep = _register_duplicate(app, worker, register, places)
    response = _supervisor(app).post(f"/children/{keep}/merge/{ids['Жоомарт']}", data={"keep": str(keep)})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(Child, ids["Жоомарт"]).merged_into_id is None


def db_family(app, child_id: int) -> int:
    with app.app_context():
        return db.session.get(Child, child_id).family_id


def test_an_out_of_area_record_is_404_and_audited(app, family, register, places, users):
    _worker, ids = family
    osh = app.test_client()
    login(osh, "worker.osh")
    assert (
        register(
            osh,
            family_form(
                places["osh_city"],
                [DUPLICATE],
                members=[{"surname": "Mamatova", "given_name": "Aida", "is_head": "y"}],
                street="Osh",
            ),
        ).status_code
        == 302
    )
    with app.app_context():
        other = db.session.scalar(select(Child.id).where(Child.given_name == "Zhoomart"))
    supervisor = _supervisor(app)
    keep = ids["Жоомарт"]
    step = supervisor.get(f"/children/{keep}/merge").get_data(as_text=True)
    assert (
        supervisor.post(
            f"/children/{keep}/merge", data={"child_ref": f"C-{other:06d}", "csrf_token": csrf_token(step)}
        ).status_code
        == 404
    )
    assert supervisor.get(f"/children/{keep}/merge/{other}").status_code == 404
    assert supervisor.post(f"/children/{keep}/merge/{other}", data={"keep": str(keep)}).status_code in (400, 404)
    with app.app_context():
        refusals = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied")).all()
        assert {(e.details["object_type"], e.details["object_id"]) for e in refusals} == {("child", other)}
        assert db.session.get(Child, other).merged_into_id is None


def test_a_restricted_duplicate_keeps_the_kept_record_restricted(app, family, register, places):
    worker, ids = family
    keep = _register_duplicate(app, worker, register, places)
    with app.app_context():
        db.session.get(Child, ids["Жоомарт"]).restricted = True
        db.session.commit()
    supervisor = _supervisor(app)
    assert _confirm(supervisor, f"/children/{keep}/merge/{ids['Жоомарт']}", keep).status_code == 302
    with app.app_context():
        assert db.session.get(Child, keep).restricted


def _copy_of_schema() -> MetaData:
    copy = MetaData()
    for table in db.metadata.sorted_tables:
        table.to_metadata(copy)
    return copy


def test_every_reference_to_a_child_has_a_merge_rule(app):
    with app.app_context():
        assert merging.missing_rules(db.metadata) == []
        assert merging.stale_rules(db.metadata) == []
        copy = _copy_of_schema()
        Table("new_thing", copy, Column("id", Integer, primary_key=True), Column("child_id", ForeignKey("child.id")))
        assert merging.missing_rules(copy) == ["new_thing.child_id"]
        with pytest.raises(merging.MissingMergeRule, match=r"new_thing\.child_id"):
            merging.check_rules(copy)


def test_a_criterion_both_records_have_stays_once(app, family, register, places, criteria):
    worker, ids = family
    keep = _register_duplicate(app, worker, register, places)
    with app.app_context():
        for child_id in (keep, ids["Жоомарт"]):
            db.session.add(
                ChildCriterion(
                    child_id=child_id,
                    criterion_id=criteria["C07"],
                    noted_on=TODAY,
                    noted_by_id=db.session.get(Child, keep).created_by_id,
                    text="",
                )
            )
        db.session.commit()
    assert _confirm(_supervisor(app), f"/children/{keep}/merge/{ids['Жоомарт']}", keep).status_code == 302
    with app.app_context():
        codes = [row.criterion.code for row in db.session.get(Child, keep).criteria]
        assert codes.count("C07") == 1


def test_a_unique_key_both_records_would_hold_refuses_the_merge(app, family, register, places):
    """Unique constraints and partial unique indexes (such as one open case per child) of a table
    that refers to children are read from the schema: a merge that would break one is refused."""
    worker, ids = family
    keep, drop = _register_duplicate(app, worker, register, places), ids["Жоомарт"]
    with app.app_context():
        copy = _copy_of_schema()
        probe = Table(
            "merge_probe",
            copy,
            Column("id", Integer, primary_key=True),
            Column("child_id", ForeignKey("child.id")),
            Column("month", Integer),
            Column("closed", Integer),
            UniqueConstraint("child_id", "month", name="uq_merge_probe_month"),
            Index(
                "uq_merge_probe_open",
                "child_id",
                unique=True,
                sqlite_where=text("closed IS NULL"),
                postgresql_where=text("closed IS NULL"),
            ),
        )
        rules = merging.RULES | {"merge_probe.child_id": merging.Rule()}
        probe.create(db.engine)
        try:
            db.session.execute(
                probe.insert(),
                [
                    {"id": 1, "child_id": keep, "month": 1, "closed": None},
                    {"id": 2, "child_id": drop, "month": 2, "closed": 1},
                ],
            )
            moves = {m.name: m for m in merging.plan_moves(keep, drop, copy, rules)}
            assert moves["merge_probe.child_id"].ids == (2,)
            for row, refused_by in (
                ({"id": 3, "child_id": drop, "month": 1, "closed": 1}, "same month"),
                ({"id": 3, "child_id": drop, "month": 3, "closed": None}, "both open"),
            ):
                db.session.execute(probe.insert(), [row])
                with pytest.raises(RegistryError) as refusal:
                    merging.plan_moves(keep, drop, copy, rules)
                assert refusal.value.code == "merge_conflict", refused_by
                db.session.execute(delete(probe).where(probe.c.id == 3))
        finally:
            db.session.rollback()
            probe.drop(db.engine)


def test_a_record_changed_after_the_comparison_was_shown_is_refused(app, family, register, places):
    worker, ids = family
    keep, drop = _register_duplicate(app, worker, register, places), ids["Жоомарт"]
    supervisor = _supervisor(app)
    url = f"/children/{keep}/merge/{drop}"
    page = supervisor.get(url).get_data(as_text=True)
    versions = dict(re.findall(r'name="(version_[ab])" type="hidden" value="(\d+)"', page))
    with app.app_context():
        db.session.get(Child, drop).notes = "Moved to Osh in November"
        db.session.commit()
    html = supervisor.post(url, data={"csrf_token": csrf_token(page), "keep": str(keep), **versions}).get_data(
        as_text=True
    )
    assert "changed since this page was shown" in html
    with app.app_context():
        assert db.session.get(Child, drop).merged_into_id is None
