"""Database faults: a 503 page, never a 500, and recovery without restarting the app."""
from __future__ import annotations

import gc
import os
import socket
import sqlite3
import threading
import time

import pytest

from monitor.extensions import db
from tests.conftest import csrf_token

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
            upstream = socket.create_connection(("127.0.0.1", self.target_port))
            self.sockets += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source, sink):
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for s in (source, sink):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def cut(self):
        try:
            self.server.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        except OSError:
            pass
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
