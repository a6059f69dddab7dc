"""The schema comes only from migrations: upgrade gives exactly the models; downgrade works."""
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from monitor import PROJECT_ROOT, create_app
from monitor.extensions import db

SCHEMA = "migration_check"


@pytest.fixture
def empty_app(tmp_path):
    """An app on its own empty database (a separate PostgreSQL schema, or a new SQLite file)."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
        with app.app_context(), db.engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
            connection.execute(text(f"CREATE SCHEMA {SCHEMA}"))
        separator = "&" if "?" in url else "?"
        url = f"{url}{separator}options=-csearch_path%3D{SCHEMA}"
        with app.app_context():
            db.engine.dispose()
    else:
        url = "sqlite:///" + str(tmp_path / "migrations.db")
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    yield app
    with app.app_context():
        db.session.remove()
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        db.engine.dispose()


def _differences():
    with db.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}),
                                db.metadata)


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_gives_exactly_the_models_and_downgrade_removes_everything(empty_app):
    with empty_app.app_context():
        upgrade()
        assert _tables() == set(db.metadata.tables)
        assert _differences() == []
        downgrade(revision="base")
        assert _tables() == set()
        upgrade()  # and back up again
        assert _differences() == []


def test_migrations_have_one_head():
    script = ScriptDirectory(str(PROJECT_ROOT / "migrations"))
    assert len(script.get_heads()) == 1
