"""Shared fixtures: the app on a migrated database (SQLite, or PostgreSQL when TEST_DATABASE_URL is
set), a clean database for every test that touches it, users per role, and a signed-in client."""

from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from monitor import create_app
from monitor.core.clock import today_in
from monitor.extensions import db
from tests.commits import COMMITS

pytest_plugins = ["tests.workers"]  # the job_worker fixture: real `flask worker` processes

PASSWORD = "Tulpar-Kumush-2026"


def office_today() -> date:
    """The office's date now (Bishkek's, the testing default): the day the app takes as today."""
    return today_in(ZoneInfo("Asia/Bishkek"))


def database_url(tmp_path_factory, name: str = "test") -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return "sqlite:///" + str(tmp_path_factory.mktemp("db") / f"{name}.db")


def reset_schema() -> None:
    """Start from an empty database (PostgreSQL keeps its tables between runs)."""
    db.session.remove()
    with db.engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": database_url(tmp_path_factory),
            "EXPORT_DIR": str(tmp_path_factory.mktemp("exports")),
        },
    )
    COMMITS.attach(app)
    with app.app_context():
        reset_schema()
        upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _one_commit_per_request():
    """Every request of every test commits at most once (tests/commits.py)."""
    COMMITS.clear()
    yield
    assert not COMMITS.over(), f"requests that committed more than once: {COMMITS.over()}"


@pytest.fixture
def another_app(app):
    """Factory of extra app instances (other settings, same or other database), closed afterwards so
    no database connection is left for the garbage collector."""
    made = []

    def factory(config_name: str = "testing", **overrides):
        overrides.setdefault("SQLALCHEMY_DATABASE_URI", app.config["SQLALCHEMY_DATABASE_URI"])
        extra = create_app(config_name, overrides)
        made.append(extra)
        return extra

    yield factory
    for extra in made:
        with extra.app_context():
            db.session.remove()
            db.engine.dispose()


def _empty_tables() -> None:
    db.session.remove()  # a DROP or TRUNCATE waits behind a connection idle in a transaction
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    for attempt in range(3):
        try:
            with db.engine.begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
                else:
                    for table in tables:
                        connection.execute(text(f"DELETE FROM {table}"))
            return
        except OperationalError as error:  # a browser test's server still answering the last page:
            if "deadlock" not in str(error) or attempt == 2:  # PostgreSQL chose the TRUNCATE as the
                raise  # victim, so the page's reads finish and the next try goes through
            time.sleep(0.5)


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    area_ids: tuple[int, ...]


@pytest.fixture
def database(app):
    """An empty database, emptied again afterwards.

    No app context stays pushed during the test: a request would reuse it (and its `g` and
    database session). Tests open `with app.app_context():` where they query directly.
    """
    with app.app_context():
        _empty_tables()
    yield db
    with app.app_context():
        _empty_tables()


@pytest.fixture
def places(app, database):
    """The seed areas (Osh city, Kara-Suu district ...): ids by key."""
    from monitor.areas.seed import seed_areas

    with app.app_context():
        areas = seed_areas()
        db.session.commit()
        return {key: area.id for key, area in areas.items()}


@pytest.fixture
def make_user(app, places):
    """Factory: make_user('worker', 'social_worker', areas=['kara_suu'])."""
    from monitor.admin.services import create_user
    from monitor.core.roles import Role

    def factory(username: str, *roles: str, areas=(), password: str = PASSWORD, language: str = "en"):
        with app.app_context():
            area_ids = tuple(places[key] for key in areas)
            user, _ = create_user(
                username, username.title(), [Role(r) for r in roles], list(area_ids), language, password, actor=None
            )
            db.session.commit()
            return UserRecord(user.id, user.username, area_ids)

    return factory


@pytest.fixture
def users(make_user):
    """One account per role; workers in Kara-Suu district and in Osh city."""
    return {
        "worker": make_user("worker", "social_worker", areas=["kara_suu"]),
        "worker_osh": make_user("worker.osh", "social_worker", areas=["osh_city"]),
        "supervisor": make_user("supervisor", "supervisor", areas=["kara_suu"]),
        "admin": make_user("admin", "administrator"),
        "reports": make_user("reports", "reporting_officer", areas=["osh_region", "osh_city"]),
    }


@pytest.fixture
def client(app, database):
    return app.test_client()


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no CSRF token on the page"
    return match.group(1)


def login(client, username: str, password: str = PASSWORD, next_url: str = ""):
    page = client.get("/login")
    return client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "next": next_url,
            "csrf_token": csrf_token(page.get_data(as_text=True)),
        },
    )


@pytest.fixture
def login_as(client, users):
    """Sign the test client in as one of `users` by key; returns the client."""

    def sign_in(key: str):
        response = login(client, users[key].username)
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return sign_in
