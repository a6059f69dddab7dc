"""The schema comes only from migrations: upgrade gives exactly the models; downgrade works."""
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from monitor import PROJECT_ROOT, create_app
from monitor.extensions import db
from tests.conftest import office_today

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


def test_the_newest_migrations_go_down_and_up_on_a_database_with_records(empty_app):
    """SQLite rebuilds tables to change them: this must work with rows pointing at each other."""
    from datetime import date

    from monitor.areas.seed import seed_areas
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Child, Sex
    from monitor.registry.seed import seed_criteria

    with empty_app.app_context():
        upgrade()
        places = seed_areas()
        seed_criteria()
        from monitor.admin.services import create_user
        from monitor.core.roles import Role

        worker, _ = create_user("mig.worker", "Worker", [Role.SOCIAL_WORKER], [places["kara_suu"].id], "ru",
                                "Tulpar-Kumush-2026", actor=None)
        family = services.register_family(FamilyData(area_id=places["savay"].id), worker, office_today())
        services.register_child(family, ChildData("Осмонова", "Айпери", Sex.FEMALE, date(2014, 5, 1)),
                                worker, office_today())
        db.session.commit()
        db.session.remove()
        downgrade(revision="-3")  # the last revisions rebuild the child and account tables on SQLite
        upgrade()
        assert db.session.scalar(select(Child.given_name)) == "Айпери"
        assert _differences() == []
