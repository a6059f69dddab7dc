"""Time limits on PostgreSQL, so that a database that is gone or silent answers 503 within seconds.

- Connecting: libpq's connect_timeout (DATABASE_CONNECT_TIMEOUT).
- Statements: PostgreSQL's statement_timeout (DATABASE_STATEMENT_TIMEOUT_MS), given at connection.
- Replies: psycopg waits for a reply for ever, so a server that went silent on an open connection
  (a frozen host, a proxy or firewall that stopped forwarding) would hold the worker. A connection
  stops waiting a little after the statement timeout, when a live server would have cancelled the
  statement itself, and is closed (the pool then opens fresh ones).
- Long work (report computations, exports, imports) calls `allow_long_statements`: its session's
  transactions take DATABASE_LONG_STATEMENT_TIMEOUT_MS, as do the `flask` commands.
"""

from __future__ import annotations

import psycopg
from flask import current_app
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, scoped_session
from sqlalchemy.pool import Pool

REPLY_MARGIN = 0.5  # seconds past the statement timeout before the server counts as silent
OPTION = "monitor_statement_timeout_ms"  # our key in connect_args, taken out before libpq sees it
LONG = "monitor_long_statements_ms"  # session.info key set by allow_long_statements


def connect_args(connect_timeout: int, statement_timeout_ms: int, options: str = "") -> dict:
    """The psycopg connection arguments of these limits (statement_timeout 0: none). `options` are
    the server options the database URL gives already (`?options=-csearch_path%3D...`): connect_args
    replace the URL's, so they are kept here."""
    limit = f"-c statement_timeout={int(statement_timeout_ms)}"
    return {
        "connect_timeout": connect_timeout,
        "options": f"{options} {limit}".strip(),
        OPTION: int(statement_timeout_ms),
    }


class BoundedConnection(psycopg.Connection):
    """A psycopg connection that gives up on a silent server (psycopg itself waits for ever)."""

    default_statement_ms = 0
    statement_ms = 0

    def reply_timeout(self) -> float | None:
        return self.statement_ms / 1000 + REPLY_MARGIN if self.statement_ms else None

    def wait(self, gen, *args, **kwargs):
        if len(args) < 2 and kwargs.get("timeout") is None:  # (interval, timeout) not given by psycopg
            kwargs["timeout"] = self.reply_timeout()
        try:
            return super().wait(gen, *args, **kwargs)
        except psycopg.errors._WaitTimeout as silent:  # psycopg's own: its wait() ran out of time
            # The statement may still be on its way: the connection is in no known state.
            self.pgconn.finish()
            raise psycopg.OperationalError("no reply from the database in time") from silent


@event.listens_for(Engine, "do_connect")
def _connect(dialect, _record, cargs, cparams):
    if OPTION not in cparams:
        return None  # not configured by monitor: the dialect connects as usual
    statement_ms = cparams.pop(OPTION)
    connection = BoundedConnection.connect(*cargs, **cparams)
    connection.default_statement_ms = connection.statement_ms = statement_ms
    return connection


@event.listens_for(Pool, "checkin")
def _back_to_default(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, BoundedConnection):
        dbapi_connection.statement_ms = dbapi_connection.default_statement_ms


def allow_long_statements(session: Session | scoped_session) -> None:
    """Work that legitimately runs long (a report over a region, an export, an import): every
    transaction of `session` from now on, the current one included, takes the long statement
    timeout. The session of a request or a job ends with it; nothing else is affected."""
    session = session() if isinstance(session, scoped_session) else session
    session.info[LONG] = current_app.config["DATABASE_LONG_STATEMENT_TIMEOUT_MS"]
    if session.in_transaction():
        _lengthen(session, None, session.connection())


@event.listens_for(Session, "after_begin")
def _lengthen(session, _transaction, connection) -> None:
    milliseconds = session.info.get(LONG)
    if milliseconds is None or connection.dialect.name != "postgresql":
        return
    connection.exec_driver_sql(f"SET LOCAL statement_timeout = {int(milliseconds)}")
    raw = connection.connection.dbapi_connection
    if isinstance(raw, BoundedConnection):
        raw.statement_ms = int(milliseconds)
