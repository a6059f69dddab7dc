"""Database faults: a 503 page, never a 500, and recovery without restarting the app."""

from __future__ import annotations

import contextlib
import gc
import os
import re
import socket
import sqlite3
import threading
import time

import pytest

from monitor.extensions import db
from tests.conftest import csrf_token, login

POSTGRES = os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql")


def _login_post(client):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post("/login", data={"username": "worker", "password": "x" * 12, "csrf_token": token})


def test_an_unreachable_database_gives_a_503_within_seconds(another_app):
    down = another_app(SQLALCHEMY_DATABASE_URI="postgresql+psycopg://root@127.0.0.1:9/test")
    client = down.test_client()
    started = time.monotonic()
    response = _login_post(client)
    assert response.status_code == 503
    assert "temporarily unavailable" in response.get_data(as_text=True)
    assert time.monotonic() - started < 6


@pytest.mark.skipif(POSTGRES, reason="SQLite locking; PostgreSQL has its own test below")
def test_a_locked_sqlite_database_gives_503_after_the_busy_timeout_and_writes_nothing(app, another_app, users):
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    busy = another_app(SQLITE_BUSY_TIMEOUT_MS=300)
    client = busy.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    holder = sqlite3.connect(path, timeout=1)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        response = client.post("/login", data={"username": "worker", "password": "x" * 12, "csrf_token": token})
    finally:
        holder.rollback()
        holder.close()
    assert response.status_code == 503
    with busy.app_context():
        from sqlalchemy import func, select

        from monitor.auth.models import LoginAttempt

        assert db.session.scalar(select(func.count()).select_from(LoginAttempt)) == 0
        db.engine.dispose()
    assert _login_post(client).status_code == 200  # the lock is gone: normal service


class Proxy:
    """A TCP forwarder to PostgreSQL that can be cut and restored, like a database going away."""

    def __init__(self, target_port: int):
        self.target_port = target_port
        self.port = None
        self.sockets: list[socket.socket] = []
        self.server = None
        self.silent = threading.Event()  # set: connections are accepted and nothing is forwarded

    def start(self):
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", self.port or 0))
        self.port = self.server.getsockname()[1]
        self.server.listen()
        threading.Thread(target=self._accept, args=(self.server,), daemon=True).start()

    def _accept(self, server):
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return
            if self.silent.is_set():
                self.sockets.append(client)
                continue
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    def _pipe(self, source, sink):
        try:
            while data := source.recv(65536):
                if not self.silent.is_set():
                    sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                s.close()

    def cut(self):
        with contextlib.suppress(OSError):
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.server.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass
        self.sockets.clear()


@pytest.mark.skipif(not POSTGRES, reason="needs the PostgreSQL server (the SQLite run has the lock test)")
# Connections cut in the middle are, by design, left for the garbage collector to find.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_postgresql_going_away_gives_503_and_service_comes_back_without_restart(another_app, users):
    from sqlalchemy.engine import make_url

    url = make_url(os.environ["TEST_DATABASE_URL"])
    proxy = Proxy(url.port or 5432)
    proxy.start()
    flaky = another_app(SQLALCHEMY_DATABASE_URI=url.set(port=proxy.port).render_as_string(False))
    client = flaky.test_client()
    try:
        assert _login_post(client).status_code == 200
        proxy.cut()
        started = time.monotonic()
        assert _login_post(client).status_code == 503
        assert time.monotonic() - started < 6
        proxy.start()
        assert _login_post(client).status_code == 200
    finally:
        proxy.cut()
        with flaky.app_context():
            db.session.remove()
            db.engine.dispose()
        gc.collect()  # the cut connections are collected here, where their warnings are expected


def _signed_in_cookie(app, make_user, language: str) -> str:
    """The session cookie of a user who works in `language` and has opened a page."""
    make_user("aigul", "social_worker", areas=["kara_suu"], language=language)
    client = app.test_client()
    assert login(client, "aigul").status_code == 302
    assert client.get("/").status_code == 200
    return client.get_cookie(app.config["SESSION_COOKIE_NAME"]).value


def _open_home(app, cookie: str, limit: float = 20):
    """GET / with the cookie, in a thread so that a worker held for ever fails the test instead."""
    client = app.test_client()
    client.set_cookie(app.config["SESSION_COOKIE_NAME"], cookie)
    answer = {}

    def request():
        started = time.monotonic()
        answer["response"] = client.get("/")
        answer["seconds"] = time.monotonic() - started

    worker = threading.Thread(target=request, daemon=True)
    worker.start()
    worker.join(limit)
    assert not worker.is_alive(), f"no answer within {limit} s"
    return answer["response"], answer["seconds"]


def _assert_503_in(response, seconds: float, title: str) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 503, html[-1500:]
    assert title in html and "Traceback" not in html
    assert response.headers["Retry-After"] and response.headers["Cache-Control"] == "no-store"
    assert seconds < 6, seconds


@pytest.mark.parametrize(
    "lost", ["sqlite:////nonexistent-directory/monitor.db", "postgresql+psycopg://root@127.0.0.1:9/test"]
)
def test_a_signed_in_user_gets_the_503_page_in_their_language_when_the_database_is_gone(
    app, another_app, make_user, lost
):
    cookie = _signed_in_cookie(app, make_user, "ky")
    response, seconds = _open_home(another_app(SQLALCHEMY_DATABASE_URI=lost), cookie)
    _assert_503_in(response, seconds, "Кызмат убактылуу жеткиликсиз")
    assert re.search(r'<html lang="ky"', response.get_data(as_text=True))


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's statement timeout")
def test_a_table_locked_for_good_gives_503_within_seconds(app, another_app, make_user):
    from sqlalchemy import create_engine, text

    cookie = _signed_in_cookie(app, make_user, "ru")
    holder = create_engine(os.environ["TEST_DATABASE_URL"], poolclass=__import__("sqlalchemy.pool").pool.NullPool)
    with holder.connect() as connection:
        connection.execute(text("LOCK TABLE user_account IN ACCESS EXCLUSIVE MODE"))
        response, seconds = _open_home(app, cookie)
        connection.rollback()
    holder.dispose()
    _assert_503_in(response, seconds, "Сервис временно недоступен")
    assert _open_home(app, cookie)[0].status_code == 200


@pytest.mark.skipif(not POSTGRES, reason="needs the PostgreSQL server (the SQLite run has the lock test)")
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_postgresql_going_silent_mid_session_gives_503_within_seconds(app, another_app, make_user):
    from sqlalchemy.engine import make_url

    url = make_url(os.environ["TEST_DATABASE_URL"])
    proxy = Proxy(url.port or 5432)
    proxy.start()
    silent = another_app(SQLALCHEMY_DATABASE_URI=url.set(port=proxy.port).render_as_string(False))
    cookie = _signed_in_cookie(app, make_user, "ru")
    try:
        assert _open_home(silent, cookie)[0].status_code == 200  # a pooled connection through the proxy
        proxy.silent.set()  # open connections and new ones: accepted, and nothing forwarded
        response, seconds = _open_home(silent, cookie)
        _assert_503_in(response, seconds, "Сервис временно недоступен")
        response, seconds = _open_home(silent, cookie)  # the next request: a new connection, no answer
        _assert_503_in(response, seconds, "Сервис временно недоступен")
        proxy.silent.clear()
        assert _open_home(silent, cookie)[0].status_code == 200
    finally:
        proxy.cut()
        with silent.app_context():
            db.session.remove()
            db.engine.dispose()
        gc.collect()


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's statement timeout")
def test_long_work_takes_the_long_statement_timeout_and_the_next_session_the_short_one_again(app):
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    from monitor.core.timeouts import allow_long_statements

    with app.app_context():
        with pytest.raises(OperationalError, match="statement timeout"):
            db.session.execute(text("SELECT pg_sleep(3)"))
        db.session.remove()
        allow_long_statements(db.session)
        db.session.execute(text("SELECT pg_sleep(3.2)"))  # past the short statement and reply timeouts
        db.session.commit()
        assert db.session.scalar(text("SHOW statement_timeout")) == "10min"  # every transaction of the session
        db.session.remove()
        assert db.session.scalar(text("SHOW statement_timeout")) == "2500ms"
        db.session.remove()


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL's statement timeout")
def test_a_flask_command_runs_with_the_long_statement_timeout(another_app):
    import click
    from sqlalchemy import text

    with click.Context(click.Command("generate-data")):  # as `flask --app wsgi generate-data` loads the app
        command_app = another_app()
    with command_app.app_context():
        assert db.session.scalar(text("SHOW statement_timeout")) == "10min"
