"""Worklists are complete and paginated: a supervisor with hundreds of open cases sees the newest
urgent one on the first page with the right counts, and paging walks every item exactly once."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import insert, select

from monitor.auth.models import User
from monitor.cases import plans as plan_services
from monitor.cases import services as case_services
from monitor.cases.models import Case, CaseSource, Plan
from monitor.cases.stored import refresh_cases
from monitor.extensions import db
from monitor.registry.models import Child
from tests.conftest import login, office_today

OLD = 600  # more than the 500 the case lists used to read
WAITING = 300


def _user(username: str) -> User:
    return db.session.scalar(select(User).where(User.username == username))


@pytest.fixture
def crowded(app, family, make_user):
    """600 open cases of the worker in Kara-Suu, identified 400 days ago and never assessed (overdue,
    no risk found), half of them with a plan waiting: bulk-inserted, their stored state computed by
    `refresh_cases`. Then a moment ago, through the services, one new case of another worker: a
    child in danger (high risk, its 24 hours passed), with a plan waiting."""
    _client, ids = family
    make_user("second", "social_worker", areas=["kara_suu"])
    with app.app_context():
        worker, second = _user("worker"), _user("second")
        model = db.session.execute(select(Child.__table__).where(Child.id == ids["Нурзада"])).mappings().one()
        written = {k: v for k, v in model.items() if not Child.__table__.c[k].computed}  # not needs_action
        copies = [{**written, "id": None, "given_name": f"Копия {n}", "pin": None} for n in range(OLD)]
        child_ids = db.session.scalars(insert(Child).returning(Child.id), copies).all()
        identified = office_today() - timedelta(days=400)
        rows = [
            {
                "child_id": child_id,
                "area_path": model["area_path"],
                "source": CaseSource.MONITORING_GROUP,
                "identified_on": identified,
                "assigned_to_id": worker.id,
                "created_by_id": worker.id,
            }
            for child_id in child_ids
        ]
        case_ids = sorted(db.session.scalars(insert(Case).returning(Case.id), rows).all())
        db.session.execute(
            insert(Plan), [{"case_id": i, "number": 1, "created_by_id": worker.id} for i in case_ids[:WAITING]]
        )
        refresh_cases(case_ids)
        db.session.commit()
        child = db.session.get(Child, ids["Жоомарт"])
        today = office_today()
        newest = case_services.open_case(
            child, CaseSource.POLICE, today - timedelta(days=10), "", True, "", second, worker, today
        )
        plan_services.save_plan(newest, [plan_services.ActionData("Safety", "Remove from work")], second)
        db.session.commit()
        return newest.ref, [f"K-{i:06d}" for i in case_ids]


def _refs(html: str, section: str | None = None) -> list[str]:
    if section:
        html = html.split(f'id="{section}"')[1].split("</section>")[0]
    return re.findall(r">(K-\d{6})</a></td>", html)


def _count(html: str, section: str) -> int:
    part = html.split(f'id="{section}"')[1]
    return int(re.search(r'list-count">(\d+)<', part).group(1))


def _walk(client, url: str, param: str, section: str | None = None) -> list[str]:
    """Every page of a list, following its "Next" link as a person would."""
    seen, page = [], 1
    while True:
        html = client.get(f"{url}{'&' if '?' in url else '?'}{param}={page}").get_data(as_text=True)
        seen += _refs(html, section)
        part = html.split(f'id="{section}"')[1].split("</section>")[0] if section else html
        if 'rel="next"' not in part:
            return seen
        page += 1


def test_the_newest_urgent_case_is_on_the_first_page_with_the_right_counts(app, crowded):
    newest, old = crowded
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    home = supervisor.get("/").get_data(as_text=True)
    assert _refs(home, "high-risk-cases") == [newest] and _count(home, "high-risk-cases") == 1
    assert _count(home, "approvals") == WAITING + 1
    assert _refs(home, "approvals")[0] == newest  # higher risk first
    by_worker = home.split('id="overdue-by-worker"')[1].split("</section>")[0]
    rows = [
        re.search(r"<td>(\w+)</td>\s*<td>[^<]*<a[^>]*>(\d+)</a>", row) for row in by_worker.split("worker-overdue")[1:]
    ]
    assert [r.groups() for r in rows] == [("Worker", str(OLD)), ("Second", "1")]
    second = db_user_id(app, "second")
    mine = supervisor.get(f"/cases?worker={second}&overdue=1").get_data(as_text=True)
    assert _refs(mine) == [newest] and 'id="case-count">1<' in mine
    first = supervisor.get("/cases").get_data(as_text=True)
    assert f'id="case-count">{OLD + 1}<' in first and "Page 1 of 25" in first
    assert _refs(first)[0] == old[0]  # the longest overdue first, then by id


def db_user_id(app, username: str) -> int:
    with app.app_context():
        return _user(username).id


def test_paging_walks_every_item_exactly_once(app, crowded):
    newest, old = crowded
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    listed = _walk(supervisor, "/cases", "page")
    assert len(listed) == OLD + 1 and sorted(listed) == sorted([*old, newest])
    approvals = _walk(supervisor, "/", "approvals_page", "approvals")
    assert len(approvals) == WAITING + 1 and set(approvals) == {*old[:WAITING], newest}
    high = supervisor.get("/cases?risk=high").get_data(as_text=True)
    assert _refs(high) == [newest]
    past_the_end = supervisor.get("/cases?page=999").get_data(as_text=True)
    assert "Page 25 of 25" in past_the_end and len(_refs(past_the_end)) == OLD + 1 - 24 * 25


def test_the_worker_sees_every_own_case_a_page_at_a_time(app, crowded, client):
    _newest, old = crowded
    home = client.get("/").get_data(as_text=True)  # the family fixture's worker, signed in
    assert _count(home, "my-cases") == OLD and len(_refs(home, "my-cases")) == 25
    assert sorted(_walk(client, "/", "my_page", "my-cases")) == old


def test_a_restricted_record_is_listed_for_its_worker_and_supervisors_only(app, family, make_user):
    _client, ids = family
    make_user("second", "social_worker", areas=["kara_suu"])
    with app.app_context():
        worker, today = _user("worker"), office_today()
        for name in ("Жоомарт", "Нурзада"):
            child = db.session.get(Child, ids[name])
            case_services.open_case(child, CaseSource.SCHOOL, today, "", False, "", worker, worker, today)
        db.session.get(Child, ids["Жоомарт"]).restricted = True
        db.session.commit()
        refs = {c.child_id: c.ref for c in db.session.scalars(select(Case))}
    counts = {}
    for username in ("worker", "second", "supervisor"):
        client = app.test_client()
        login(client, username)
        html = client.get("/cases").get_data(as_text=True)
        counts[username] = (sorted(_refs(html)), int(re.search(r'id="case-count">(\d+)<', html).group(1)))
    both = sorted(refs.values())
    assert counts == {"worker": (both, 2), "second": ([refs[ids["Нурзада"]]], 1), "supervisor": (both, 2)}
