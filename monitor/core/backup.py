"""Consistent copies of a SQLite database (the online backup API), and bringing one back."""

from __future__ import annotations

import sqlite3
from pathlib import Path


class BackupError(RuntimeError):
    pass


def sqlite_path(uri: str) -> Path:
    if not uri.startswith("sqlite:///"):
        raise BackupError("For PostgreSQL use pg_dump and pg_restore (see the README's Production section).")
    return Path(uri.removeprefix("sqlite:///"))


def backup_sqlite(source: Path, target: Path) -> int:
    """Copy `source` to `target` page by page while the app may be writing; returns the tables copied."""
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name.")
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
        return _check(dst)


def restore_sqlite(backup: Path, target: Path) -> int:
    """Replace the database at `target` with the contents of `backup` (checked first)."""
    if not backup.exists():
        raise BackupError(f"No file {backup}.")
    with sqlite3.connect(f"file:{backup}?mode=ro", uri=True) as src:
        tables = _check(src)
        with sqlite3.connect(target) as dst:
            src.backup(dst)
    return tables


def _check(connection: sqlite3.Connection) -> int:
    try:
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise BackupError("The copy fails SQLite's integrity check.")
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"Not a Monitor database: {error}") from None
    if version is None:
        raise BackupError("Not a Monitor database: no schema version.")
    return connection.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0]
