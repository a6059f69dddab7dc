import pytest
from sqlalchemy import text

from config import ConfigError, load_config
from monitor import create_app
from monitor.extensions import db


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    with pytest.raises(ConfigError):
        load_config("production", str(tmp_path), environ={})
    with pytest.raises(ConfigError):
        load_config("production", str(tmp_path), environ={"SECRET_KEY": "changeme"})


def test_production_takes_the_secret_key_and_database_from_the_environment(tmp_path):
    settings = load_config(
        "production",
        str(tmp_path),
        environ={"SECRET_KEY": "k" * 40, "DATABASE_URL": "postgres://monitor@db.internal/monitor"},
    )
    assert settings["SECRET_KEY"] == "k" * 40
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://monitor@db.internal/monitor"
    assert settings["SESSION_COOKIE_SECURE"] is True


def test_development_creates_a_key_in_instance_and_keeps_it(tmp_path):
    first = load_config("development", str(tmp_path), environ={})
    second = load_config("development", str(tmp_path), environ={})
    assert len(first["SECRET_KEY"]) == 64
    assert first["SECRET_KEY"] == second["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert first["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/monitor.db"


def test_environment_overrides_settings(tmp_path):
    settings = load_config("development", str(tmp_path), environ={"IDLE_TIMEOUT_MINUTES": "10"})
    assert settings["IDLE_TIMEOUT_MINUTES"] == 10


def test_sqlite_pragmas(app):
    with app.app_context(), db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas apply to SQLite only")
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000


def test_database_time_limits_come_from_the_environment(tmp_path):
    environ = {
        "DATABASE_CONNECT_TIMEOUT": "4",
        "DATABASE_STATEMENT_TIMEOUT_MS": "4000",
        "DATABASE_POOL_TIMEOUT": "3",
        "DATABASE_LONG_STATEMENT_TIMEOUT_MS": "0",
    }
    settings = load_config("development", str(tmp_path), environ=environ)
    assert (
        settings["DATABASE_CONNECT_TIMEOUT"],
        settings["DATABASE_STATEMENT_TIMEOUT_MS"],
        settings["DATABASE_POOL_TIMEOUT"],
        settings["DATABASE_LONG_STATEMENT_TIMEOUT_MS"],
    ) == (4, 4000, 3, 0)
    app = create_app(
        "testing",
        {
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://root@127.0.0.1:9/none",
            "DATABASE_STATEMENT_TIMEOUT_MS": 4000,
            "DATABASE_CONNECT_TIMEOUT": 4,
        },
    )
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert options["connect_args"]["connect_timeout"] == 4
    assert options["connect_args"]["options"] == "-c statement_timeout=4000"
    assert options["pool_timeout"] == 2


def test_server_options_of_the_database_url_are_kept_beside_the_statement_timeout(app):
    """connect_args replace the URL's own `options`: a search_path (or any server option) given in
    DATABASE_URL must still reach the server, with the statement timeout added."""
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if not url.startswith("postgresql"):
        pytest.skip("server options of the URL are PostgreSQL's")
    separator = "&" if "?" in url else "?"
    other = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"{url}{separator}options=-csearch_path%3Delsewhere"})
    try:
        with other.app_context(), db.engine.connect() as connection:
            assert connection.execute(text("SHOW search_path")).scalar() == "elsewhere"
            assert connection.execute(text("SHOW statement_timeout")).scalar() == "2500ms"
    finally:
        with other.app_context():
            db.engine.dispose()
