"""Decisions that read, then write what the next reader must see (a count of sign-in failures, the
next version number): two transactions at the same moment would both read the same and both write.
`hold` makes them take turns until the end of the transaction (the commit or rollback of the
request), so the second reads what the first wrote."""

from __future__ import annotations

import hashlib

from sqlalchemy import Table, false, func, select, update

from monitor.extensions import db


def hold(table: Table, *keys: str) -> None:
    """Until this transaction ends, another one holding any of `keys` waits here.

    PostgreSQL: a transaction-level advisory lock per key, taken in one order so that two holders of
    several keys never wait for each other. SQLite writes one transaction at a time: its write lock,
    taken by an UPDATE of `table` that changes nothing, serves for every key (a transaction that has
    written already holds it). Readers are never blocked."""
    if db.session.get_bind().dialect.name == "postgresql":
        for number in sorted({_lock_number(table.name, key) for key in keys}):
            db.session.execute(select(func.pg_advisory_xact_lock(number)))
    else:
        first = next(iter(table.primary_key.columns))
        db.session.execute(update(table).where(false()).values({first.name: first}))


def _lock_number(namespace: str, key: str) -> int:
    """A key as the signed 64-bit number PostgreSQL's advisory locks take (collisions only make two
    unrelated holders take turns)."""
    digest = hashlib.blake2b(f"{namespace}:{key}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)
