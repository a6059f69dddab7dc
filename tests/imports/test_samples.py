"""The office's sample lists, imported through the routes: every planted fault is caught or handled."""

import csv
import io
import re

from sqlalchemy import func, select

from monitor.assessments.models import Assessment, WorkActivityRecord
from monitor.audit.models import AuditEvent
from monitor.extensions import db
from monitor.imports.models import ImportedRecord
from monitor.registry.models import Child, Family
from tests.conftest import csrf_token, login
from tests.imports.conftest import check, commit, problems, sample


def _count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_the_school_list_in_windows_1251(app, worker):
    batch = check(app, worker, sample("school-absentees-kara-suu-cp1251.csv"), "school.csv")
    assert batch.total_rows == 60
    # File rows (the header is row 1): the faults listed with the samples, each with its reason.
    assert problems(batch) == {
        6: ["date_impossible"],
        13: ["birth_date_missing"],
        19: ["birth_date_future"],
        25: ["phone_format"],
        42: ["area_unknown"],
    }
    repeats = {row["n"]: row["repeat_of"] for row in batch.payload.report["rows"] if row["repeat_of"]}
    assert repeats == {32: 31}
    assert batch.counts["ready"] == 55 and batch.counts["errors"] == 5
    page = worker.get(f"/imports/{batch.id}").get_data(as_text=True)
    assert "This date does not exist." in page and "Same child as row 31" in page
    done = commit(app, worker, batch.id)
    assert done.status == "committed"
    assert done.counts["children"] == 54 and done.counts["skipped"] == 6  # 5 with errors, 1 repeat
    assert _count(app, Child) == 54 and _count(app, Family) == 54
    assert _count(app, ImportedRecord, ImportedRecord.object_type == "child") == 54
    with app.app_context():
        # Windows-1251 has no Ө, Ү, Ң: names come as written; lower-case sex and yyyy-mm-dd dates are read.
        assert db.session.scalar(select(func.count()).select_from(Child).where(Child.sex.is_(None))) == 0
        event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "import_committed"))
        assert event.details["children"] == 54 and event.details["sha256"] == done.sha256


def test_the_families_list_groups_households_and_reads_latin_area_names(app, worker):
    data = sample("families-kara-suu-utf8bom.csv")
    batch = check(app, worker, data, "families.csv")
    assert problems(batch) == {31: ["adult"]}
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    households = {row["family_ref"] for number, row in enumerate(rows, start=2) if number != 31}
    done = commit(app, worker, batch.id)
    assert done.counts["children"] == len(rows) - 1 and done.counts["families"] == len(households)
    with app.app_context():
        family = db.session.scalar(select(Family).join(Child).where(Child.given_name == "Дилшод"))
        assert {c.given_name for c in family.children} == {"Дилшод", "Севара"}
        assert sorted(c.criterion.code for c in family.criteria) == ["F02", "F03"]


def test_the_bazaar_check_with_a_title_row_and_work_columns(app, worker, places):
    batch = check(app, worker, sample("bazaar-check-kara-suu.xlsx"), "bazaar.xlsx", area_id=places["kara_suu_town"])
    assert batch.total_rows == 40
    assert problems(batch) == {20: ["age_mismatch"], 25: ["name_missing"]}  # 19 years beside a 2014 birth date
    assert batch.counts["work"] == 38
    done = commit(app, worker, batch.id)
    assert done.counts["children"] == 38 and done.counts["assessments"] == 38
    with app.app_context():
        formula = db.session.scalar(select(Child).where(Child.surname.startswith("=HYPERLINK")))
        assert formula is not None  # stored as the text it is, never evaluated
        unknown = db.session.scalar(
            select(WorkActivityRecord)
            .join(Assessment)
            .join(Child)
            .where(Child.given_name == "Zhyldyz", Child.surname == "Tursunova")
        )
        assert unknown.hours_last_7_days is None  # "don't know" is missing, not zero
        ranged = db.session.scalar(select(Child).where(Child.surname == "Mamatova", Child.given_name == "Nurzada"))
        assert ranged.birth_date.year == 2014  # the age "12-13" agrees with the date of birth


def test_likely_duplicates_are_decided_per_row_and_an_import_can_be_undone(app, worker, users):
    data = sample("school-absentees-kara-suu-cp1251.csv")
    first = commit(app, worker, check(app, worker, data, "school.csv").id)
    again = check(app, worker, data, "school-again.csv")
    flagged = [row["n"] for row in again.payload.report["rows"] if row["matches"] and not row["problems"]]
    assert len(flagged) == 55
    mapping_page = worker.get("/imports").get_data(as_text=True)
    assert "school-again.csv" in mapping_page
    second = commit(app, worker, again.id, include=[flagged[0]])
    assert second.counts["children"] == 1 and _count(app, Child) == 55

    supervisor = app.test_client()
    login(supervisor, "supervisor")
    page = supervisor.get(f"/imports/{first.id}").get_data(as_text=True)
    assert 'id="undo-form"' in page, re.findall(r'id="undo-blocked">([^<]+)', page)
    supervisor.post(f"/imports/{first.id}/undo", data={"csrf_token": csrf_token(page)})
    assert _count(app, Child) == 1 and _count(app, Family) == 1
    # Once a child of an import is changed, the import stays.
    with app.app_context():
        child = db.session.scalar(select(Child))
        child.notes = "seen at school"
        db.session.commit()
    page = supervisor.get(f"/imports/{second.id}").get_data(as_text=True)
    assert 'id="undo-blocked"' in page and 'id="undo-form"' not in page
    token = csrf_token(worker.get(f"/imports/{second.id}").get_data(as_text=True))
    assert worker.post(f"/imports/{second.id}/undo", data={"csrf_token": token}).status_code == 403


def test_a_list_of_households_without_children(app, worker):
    data = (
        "Глава семьи;Айыл аймак;Улица;Критерии;Телефон\n"
        "Рахимов Өмүрбек;Шарк;Навои;F02|F03;0555 123 456\n"
        "Каримов Бахтиёр;Ak-Tash;Ленина;F05;\n"
        ";Papan;;C05;\n"
    ).encode()
    batch = check(app, worker, data, "households.csv")
    assert problems(batch) == {4: ["hardship_unknown", "household_unnamed"]}  # a child's code, and no one named
    done = commit(app, worker, batch.id)
    assert done.counts["families"] == 2 and done.counts["children"] == 0
    with app.app_context():
        family = db.session.scalar(select(Family).where(Family.street == "Навои"))
        assert sorted(c.criterion.code for c in family.criteria) == ["F02", "F03"] and family.phone == "+996555123456"
