"""The schema comes only from migrations: upgrade gives exactly the models; downgrade works."""

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, select, text

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
        return compare_metadata(MigrationContext.configure(connection, opts={"compare_type": True}), db.metadata)


def _invariants(engine) -> dict:
    """CHECK constraints and partial indexes, which autogenerate's comparison does not look at: by
    name, with their SQL on SQLite (PostgreSQL rewrites it, so only the names compare there)."""
    inspector = inspect(engine)
    sqlite = engine.dialect.name == "sqlite"
    found = {}
    for table in set(inspector.get_table_names()) - {"alembic_version"}:
        for check in inspector.get_check_constraints(table):
            found[(table, check["name"])] = check["sqltext"] if sqlite else "check"
        for index in inspector.get_indexes(table):
            where = index.get("dialect_options", {}).get(f"{engine.dialect.name}_where")
            if where is not None:
                found[(table, index["name"])] = (str(where) if sqlite else "partial", bool(index["unique"]))
    return found


def _missing_invariants() -> dict:
    """What differs between the migrated database and the models' own DDL (on a scratch SQLite)."""
    scratch = create_engine("sqlite://")
    db.metadata.create_all(scratch)
    expected, actual = _invariants(scratch), _invariants(db.engine)
    scratch.dispose()
    if db.engine.dialect.name != "sqlite":
        expected = {
            key: "check" if isinstance(value, str) else ("partial", value[1]) for key, value in expected.items()
        }
    return {
        key: (expected.get(key), actual.get(key))
        for key in expected.keys() | actual.keys()
        if expected.get(key) != actual.get(key)
    }


def _tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_gives_exactly_the_models_and_downgrade_removes_everything(empty_app):
    with empty_app.app_context():
        upgrade()
        assert _tables() == set(db.metadata.tables)
        assert _differences() == []
        assert _missing_invariants() == {}
        downgrade(revision="base")
        assert _tables() == set()
        upgrade()  # and back up again
        assert _differences() == []
        assert _missing_invariants() == {}


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

        worker, _ = create_user(
            "mig.worker",
            "Worker",
            [Role.SOCIAL_WORKER],
            [places["kara_suu"].id],
            "ru",
            "Tulpar-Kumush-2026",
            actor=None,
        )
        family = services.register_family(FamilyData(area_id=places["savay"].id), worker, office_today())
        services.register_child(
            family, ChildData("Осмонова", "Айпери", Sex.FEMALE, date(2014, 5, 1)), worker, office_today()
        )
        db.session.commit()
        db.session.remove()
        downgrade(revision="-3")  # the last revisions rebuild the child and account tables on SQLite
        upgrade()
        assert db.session.scalar(select(Child.given_name)) == "Айпери"
        assert _differences() == []
        assert _missing_invariants() == {}


def test_the_upgrade_adding_the_invariants_names_the_records_that_break_them_and_changes_nothing(empty_app, caplog):
    with empty_app.app_context():
        upgrade(revision="a8d2e6f4c1b9")
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO login_attempt (username, at, outcome) VALUES "
                    "('a', '2026-11-01 10:00:00', 'success'), ('b', '2026-11-01 10:00:00', 'maybe')"
                )
            )
            connection.execute(
                text(
                    "INSERT INTO report_snapshot (key, paths, language, period_start, period_end, status, started_at,"
                    " done, total) VALUES ('k', '[]', 'ru', '2026-11-30', '2026-11-01', 'ready',"
                    " '2026-11-01 10:00:00', 0, 0)"
                )
            )
        with pytest.raises(SystemExit):  # `flask db upgrade` stops with the message
            upgrade()
        assert "correct them (nothing was changed)" in caplog.text
        assert "login_attempt: ck_login_attempt_outcome: ids 2" in caplog.text
        assert "report_snapshot: ck_report_snapshot_period_in_order: ids 1" in caplog.text
        db.session.remove()
        with db.engine.begin() as connection:  # once corrected, the same database upgrades
            connection.execute(text("UPDATE login_attempt SET outcome = 'failure' WHERE username = 'b'"))
            connection.execute(text("UPDATE report_snapshot SET period_start = '2026-10-01'"))
        upgrade()
        assert _missing_invariants() == {}


def test_closures_made_by_the_generator_get_the_rule_of_their_outcome(empty_app):
    """Made-up data only: `flask generate-data` wrote the rule "generated", which no computation gives."""
    from datetime import date

    from monitor.admin.services import create_user
    from monitor.areas.seed import seed_areas
    from monitor.core.roles import Role
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Sex

    with empty_app.app_context():
        upgrade(revision="a8d2e6f4c1b9")
        places = seed_areas()
        worker, _ = create_user(
            "gen.worker",
            "Worker",
            [Role.SOCIAL_WORKER],
            [places["kara_suu"].id],
            "ru",
            "Tulpar-Kumush-2026",
            actor=None,
        )
        family = services.register_family(FamilyData(area_id=places["savay"].id), worker, office_today())
        child = services.register_child(
            family, ChildData("Осмонова", "Айпери", Sex.FEMALE, date(2014, 5, 1)), worker, office_today()
        )
        db.session.commit()
        with db.engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO case_file (child_id, area_path, source, identified_on, place, danger, notes,"
                    " assigned_to_id, created_by_id, created_at, closed_at, version)"
                    " VALUES (:child, :path, 'assessment',"
                    " '2026-01-10', '', false, '', :user, :user, '2026-01-10 10:00:00', '2026-05-01 10:00:00', 1)"
                ),
                {"child": child.id, "path": child.area_path, "user": worker.id},
            )
            for outcome in ("withdrawn", "prevented"):
                connection.execute(
                    text(
                        "INSERT INTO case_closure (case_id, reason, note, outcome, outcome_rule, proposed_by_id,"
                        " proposed_at, decision, decided_by_id, decided_at, comment) SELECT id, 'outcome_reached', '',"
                        " :outcome, 'generated', :user, closed_at, 'approved', :user, closed_at, '' FROM case_file"
                    ),
                    {"outcome": outcome, "user": worker.id},
                )
        db.session.remove()
        upgrade()
        rules = db.session.execute(text("SELECT outcome, outcome_rule FROM case_closure ORDER BY id")).all()
        assert [tuple(row) for row in rules] == [
            ("withdrawn", "withdrawn_in_school"),
            ("prevented", "prevented_with_service"),
        ]
