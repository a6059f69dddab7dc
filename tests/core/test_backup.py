"""flask backup writes a consistent copy; flask restore brings it back into a new database."""

import os

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from monitor import create_app
from monitor.extensions import db
from monitor.registry.models import Child
from tests.registry.conftest import family_form
from tests.registry.test_registration import THREE

pytestmark = pytest.mark.skipif(
    os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"),
    reason="PostgreSQL is backed up with pg_dump (README); this is the SQLite copy",
)


def test_backup_then_restore_into_a_new_database(app, login_as, places, register, tmp_path):
    register(login_as("worker"), family_form(places["savay"], THREE))
    copy = tmp_path / "backup.db"
    result = app.test_cli_runner().invoke(args=["backup", str(copy)])
    assert result.exit_code == 0, result.output
    assert "integrity checked" in result.output

    fresh = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'new.db'}"})
    with fresh.app_context():
        upgrade()
    runner = fresh.test_cli_runner()
    assert runner.invoke(args=["restore", str(copy)]).exit_code != 0  # asks for --yes first
    result = runner.invoke(args=["restore", str(copy), "--yes"])
    assert result.exit_code == 0, result.output
    with fresh.app_context():
        names = set(db.session.scalars(select(Child.given_name)))
        assert names == {"Нурзада", "Жоомарт", "Өмүрбек"}
        db.engine.dispose()


def test_a_backup_never_overwrites_and_a_bad_file_is_refused(app, database, tmp_path):
    existing = tmp_path / "taken.db"
    existing.write_text("x")
    runner = app.test_cli_runner()
    assert "exists already" in runner.invoke(args=["backup", str(existing)]).output
    assert "Not a Monitor database" in runner.invoke(args=["restore", str(existing), "--yes"]).output
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Child)) == 0
