"""The child list and search at region scale: each filter and order read through an index in the
list's order (no sort of a whole scope), and the stored "needs action" is current after any save."""

from datetime import date

import pytest
from sqlalchemy import select, text, update

from monitor.auth.models import User
from monitor.extensions import db
from monitor.registry.models import Child
from monitor.registry.queries import child_list_query, search_children
from tests.core.test_area_scoping import _plan
from tests.registry.conftest import family_form
from tests.registry.test_lists_and_search import CHILDREN, _names

TODAY = date(2026, 12, 1)
FILTERS = {
    "none": {},
    "needs action": {"needs_action": True},
    "hazardous girls": {"status": "hazardous", "sex": "F"},
    "a criterion": {"criterion_id": 1},
    "an age band with attendance": {"band": "12-14", "attendance": "irregular"},
    "an area": {"area_id": 1},
}
ORDER_INDEXES = {"name": "ix_child_name", "newest": "ix_child_newest", "birth_date": "ix_child_youngest"}


def _sqlite_only():
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL chooses from its statistics (bench/scale.py measures it at scale)")


@pytest.mark.parametrize("sort", list(ORDER_INDEXES))
@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_and_order_reads_an_index_in_the_lists_order(app, users, sort, name):
    """Before: "needs action" read every child who needs action through the index of the action and
    an age band every child of that age, each then sorted (12-31 times slower at 500,000 children)."""
    with app.app_context():
        _sqlite_only()
        worker = db.session.get(User, users["worker"].id)
        plan = _plan(child_list_query(worker, TODAY, sort=sort, **FILTERS[name]).limit(51))
        assert "TEMP B-TREE" not in plan, plan
        readers = {ORDER_INDEXES[sort]}
        if FILTERS[name].get("needs_action") and sort != "birth_date":
            readers = {f"ix_child_needs_action_{sort}"}
        if FILTERS[name].get("status") and sort == "name":
            readers = {"ix_child_category_name"}
        assert any(f"SCAN child USING INDEX {index}" in plan or f"INDEX {index} (" in plan for index in readers), plan


def test_search_by_personal_number_or_phone_reads_indexes(app, users):
    """Before: LIKE '<digits>%' and a family lookup per child read the whole register."""
    with app.app_context():
        _sqlite_only()
        worker = db.session.get(User, users["worker"].id)
        statements = []

        def grab(_conn, _cursor, statement, params, *_args):
            if "FROM child" in statement:
                statements.append((statement, params))

        from sqlalchemy import event

        event.listen(db.engine, "before_cursor_execute", grab)
        try:
            search_children(worker, "0555 123 456")
        finally:
            event.remove(db.engine, "before_cursor_execute", grab)
        raw = db.session.connection().connection.driver_connection
        for statement, params in statements:
            plan = "\n".join(row[3] for row in raw.execute("EXPLAIN QUERY PLAN " + statement, params))
            assert "SCAN child" not in plan, plan


@pytest.fixture
def household(login_as, places, register):
    client = login_as("worker")
    assert register(client, family_form(places["savay"], CHILDREN)).status_code == 302
    return client


def _needing(client) -> list[str]:
    return sorted(_names(client.get("/children", query_string={"needs_action": "y"}).get_data(as_text=True)))


def test_needs_action_follows_the_status_whatever_saved_it(app, household):
    """The list's "needs action" is computed by the database from the status: a change made by the
    app, by a bulk update or by hand in SQL shows at the next page load."""
    before = _needing(household)  # the boy out of school already needs action
    assert "Маматова Нурзада" not in before and "Маматов Өмүрбек" not in before
    with app.app_context():
        child = db.session.scalar(select(Child).where(Child.given_name == "Нурзада"))
        child.labour_category, child.labour_action = "hazardous", "withdraw"
        db.session.commit()
    assert _needing(household) == sorted([*before, "Маматова Нурзада"])
    with app.app_context():
        db.session.execute(update(Child).where(Child.given_name == "Өмүрбек").values(labour_action="protect"))
        db.session.execute(text("UPDATE child SET labour_action = 'none' WHERE given_name = 'Нурзада'"))
        db.session.commit()
    assert _needing(household) == sorted([*before, "Маматов Өмүрбек"])


def test_restricted_children_on_a_page_cost_one_query_not_one_each(app, household, users):
    """Before: the page asked the database once per restricted child whether the worker may open it."""
    from tests.registry.test_lists_and_search import _selects

    def restrict(count: int) -> None:
        with app.app_context():
            ids = db.session.scalars(select(Child.id).order_by(Child.id)).all()
            db.session.execute(
                update(Child)
                .where(Child.id.in_(ids[:count]))
                .values(restricted=True, created_by_id=users["supervisor"].id)
            )
            db.session.commit()

    restrict(1)
    one = _selects(app, household, "/children")
    restrict(3)
    three = _selects(app, household, "/children")
    assert three == one
    html = household.get("/children").get_data(as_text=True)
    assert len(_names(html)) == 0  # none of them is the worker's to open: their names stay hidden
