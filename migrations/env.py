"""Alembic environment for Monitor: the database and metadata come from the Flask app."""

import logging
import os

from alembic import context
from flask import current_app

log = logging.getLogger("alembic.env")
config = context.config
if os.environ.get("MONITOR_QUIET_MIGRATIONS"):  # `make run`: no revision docstrings on the terminal
    logging.getLogger("alembic").setLevel(logging.WARNING)
db = current_app.extensions["migrate"].db


def _skip_empty_autogenerate(_context, _revision, directives):
    # `flask db migrate` with no model change writes no empty revision.
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        log.info("No changes in schema detected.")


def run_offline() -> None:
    context.configure(url=str(db.engine.url), target_metadata=db.metadata, literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    options = dict(current_app.extensions["migrate"].configure_args)
    options.setdefault("process_revision_directives", _skip_empty_autogenerate)
    options.setdefault("compare_type", True)
    # Batch mode lets SQLite, which cannot ALTER most things, take the same revisions.
    options.setdefault("render_as_batch", True)
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # SQLite changes a table by copying it; with foreign keys enforced, dropping the old copy
            # would fail as soon as other tables point at it. Off for the migration, on again after.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        context.configure(connection=connection, target_metadata=db.metadata, **options)
        with context.begin_transaction():
            context.run_migrations()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


if context.is_offline_mode():
    run_offline()
else:
    run_online()
