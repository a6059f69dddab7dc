"""Scoping to areas is a condition an index answers, with exactly the rows of a prefix match, on
SQLite and on PostgreSQL whatever the database's collation (this module runs on a Russian one)."""

from __future__ import annotations

import re

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from monitor import create_app
from monitor.areas.models import Area, AreaKind
from monitor.auth.models import User
from monitor.cases.models import Case
from monitor.commission.models import Sitting
from monitor.core.permissions import paths_condition
from monitor.extensions import db
from monitor.registry.models import Child, Family
from monitor.registry.queries import CHILD_SORTS, scoped_children
from tests.conftest import reset_schema

PATH_COLUMNS = [
    (Area, "path"),
    (Family, "area_path"),
    (Child, "area_path"),
    (Case, "area_path"),
    (Sitting, "area_path"),
]
PATHS = [
    "/",
    "/1/",
    "/1/2/",
    "/1/2/5/",
    "/1/2/59/",
    "/1/2/5/7/",
    "/1/20/",
    "/1/23/",
    "/1/29/",
    "/1/3/",
    "/1/9/",
    "/1/9/1/",
    "/1/90/",
    "/1/10/",
    "/10/",
    "/19/",
    "/2/",
    "/1/%/",
    "/1/_/",
]
PREFIXES = [
    ["/"],
    ["/1/"],
    ["/1/2/"],
    ["/1/2/5/"],
    ["/1/9/"],
    ["/1/29/"],
    ["/1/90/"],
    ["/2/"],
    ["/3/"],
    ["/1/%/"],
    ["/1/_/"],
    ["/1/2/", "/1/9/"],
    ["/1/2/5/", "/1/2/"],
    [],
]


def _is_linguistic(connection) -> bool:
    """Byte order puts 'ё' (U+0451) after 'ж' (U+0436); a Russian collation puts it before."""
    return connection.execute(text("SELECT 'ё' < 'ж'")).scalar()


def _russian_database(url: str) -> str:
    """`url` when its database sorts text as Russian readers expect, else the URL of one beside it
    (`<name>_ru`, ICU ru-RU), created when missing."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            if _is_linguistic(connection):
                return url
            name = f"{make_url(url).database}_ru"
            if not connection.execute(text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}).scalar():
                connection.execute(
                    text(
                        f'CREATE DATABASE "{name}" TEMPLATE template0 LOCALE_PROVIDER icu '
                        "ICU_LOCALE 'ru-RU' LOCALE 'C.UTF-8'"
                    )
                )
    finally:
        engine.dispose()
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def app(app):
    """SQLite: the suite's app. PostgreSQL: the app on a database with a Russian collation."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        yield app
        return
    russian = _russian_database(url)
    if russian == url:
        yield app
        return
    other = create_app("testing", {"SQLALCHEMY_DATABASE_URI": russian})
    with other.app_context():
        reset_schema()
        upgrade()
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _plan(statement) -> str:
    """The database's plan of `statement` with its parameters bound as the app binds them. On
    PostgreSQL sequential scans are switched off: an index that cannot serve the condition still
    shows up as a scan with a filter, one that can as an index condition. Merge and hash joins too:
    on the test's few rows the planner may otherwise read the children in family order through
    the family index to merge them with the families, a plan it never takes at scale."""
    connection = db.session.connection()
    compiled = statement.compile(bind=connection)
    if compiled.positiontup is None:
        params = compiled.params
    else:
        params = tuple(compiled.params[name] for name in compiled.positiontup)
    if connection.dialect.name == "postgresql":
        for setting in ("enable_seqscan", "enable_mergejoin", "enable_hashjoin"):
            connection.exec_driver_sql(f"SET LOCAL {setting} = off")
        rows = connection.exec_driver_sql("EXPLAIN " + str(compiled), params).all()
        return "\n".join(row[0] for row in rows)
    rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + str(compiled), params).all()
    return "\n".join(row[-1] for row in rows)


def _reads_index_on(plan: str, table: str, column: str) -> bool:
    """The plan reads an index that starts with `column` through a condition on it."""
    if db.engine.dialect.name == "postgresql":
        leading = {
            index["name"]
            for index in inspect(db.session.connection()).get_indexes(table)
            if index["column_names"][0] == column
        }
        used = set(re.findall(r"Scan (?:using|on) (\w+)", plan))
        return bool(used & leading) and re.search(rf"Index Cond: .*\b{column}\b", plan) is not None
    searches = re.search(rf"SEARCH {table} USING (COVERING )?INDEX \w+ \({column}>\? AND {column}<\?", plan)
    return searches is not None and f"SCAN {table}" not in plan


@pytest.mark.parametrize("prefixes", PREFIXES, ids=lambda p: "+".join(p) or "none")
def test_scope_keeps_exactly_the_paths_below_the_users_areas(app, database, prefixes):
    """'/1/2/' covers '/1/2/5/' but not '/1/23/' or '/1/20/'; '%' and '_' match only themselves."""
    with app.app_context():
        db.session.add_all(Area(kind=AreaKind.VILLAGE, name_ky=p, name_ru=p, name_en=p, path=p) for p in PATHS)
        db.session.flush()
        found = db.session.scalars(select(Area.path).where(paths_condition(Area.path, prefixes))).all()
        assert sorted(found) == sorted(p for p in PATHS if any(p.startswith(prefix) for prefix in prefixes))


def test_a_workers_list_of_children_reads_an_index_for_the_area(app, users):
    """PostgreSQL: the index on the area path serves the scope. SQLite, which has no statistics of
    ranges: the list by name reads the name index in order up to a page, the area tested in it (not
    a whole district through the area index, then sorted)."""
    with app.app_context():
        worker = db.session.get(User, users["worker"].id)
        if db.engine.dialect.name == "postgresql":
            plan = _plan(scoped_children(worker))
            assert _reads_index_on(plan, "child", "area_path"), plan
        else:
            plan = _plan(scoped_children(worker).order_by(*CHILD_SORTS["name"]).limit(51))
            assert "SCAN child USING INDEX ix_child_name" in plan and "TEMP B-TREE" not in plan, plan


@pytest.mark.parametrize(("model", "column"), PATH_COLUMNS, ids=lambda v: getattr(v, "__tablename__", v))
def test_a_scoped_count_reads_an_index_on_the_path(app, database, model, column):
    """Also for a user of two areas (one range each). On SQLite for areas below a district."""
    with app.app_context():
        districts = (["/1/2/"], ["/1/"]) if db.engine.dialect.name == "postgresql" else ()
        for paths in (["/1/2/3/"], ["/1/2/3/", "/1/2/9/"], *districts):
            statement = select(func.count()).select_from(model).where(paths_condition(getattr(model, column), paths))
            plan = _plan(statement)
            assert _reads_index_on(plan, model.__tablename__, column), plan


def test_sqlite_reads_a_district_in_table_order(app, database):
    """A district or a region is most of a database: faster read in order than row by row through
    the area index (SQLite cannot know; PostgreSQL's statistics tell it)."""
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("PostgreSQL chooses from its statistics")
        for paths in (["/1/2/"], ["/1/"], ["/1/2/", "/1/2/3/"]):
            plan = _plan(select(Child.id).where(paths_condition(Child.area_path, paths)).order_by(Child.id))
            assert "SCAN child" in plan and "TEMP B-TREE" not in plan, plan


def test_area_paths_are_compared_byte_by_byte_on_postgresql(app, database):
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("SQLite compares text byte by byte (BINARY) unless told otherwise")
        assert _is_linguistic(db.session.connection())  # names sort as Russian readers expect
        collations = dict(
            db.session.execute(
                text(
                    "SELECT table_name || '.' || column_name, collation_name FROM information_schema.columns "
                    "WHERE table_schema = current_schema() AND column_name IN ('path', 'area_path')"
                )
            ).all()
        )
        assert collations == {f"{model.__tablename__}.{column}": "C" for model, column in PATH_COLUMNS}
