"""Checking and committing run beside the web request, so a large file never holds a page open;
the page shows the rows checked so far and refreshes itself until the work is done."""

from __future__ import annotations

import logging
import threading

from sqlalchemy import update

from monitor.auth.models import User
from monitor.core.office import office_today
from monitor.core.timeouts import allow_long_statements
from monitor.extensions import db
from monitor.imports import services
from monitor.imports.models import ImportBatch
from monitor.imports.reader import ImportRefused
from monitor.registry.data import RegistryError

log = logging.getLogger(__name__)


def launch(app, target, batch_id: int, user_id: int, *args) -> None:
    if app.config.get("IMPORT_BACKGROUND", True):
        threading.Thread(
            target=target, args=(app, batch_id, user_id, *args), daemon=True, name=f"import-{batch_id}"
        ).start()
    else:
        target(app, batch_id, user_id, *args)


def _fail(batch_id: int, code: str, status: str = "failed") -> None:
    db.session.rollback()
    db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(status=status, error=code))
    db.session.commit()


def check_job(app, batch_id: int, user_id: int) -> None:
    with app.app_context():
        allow_long_statements(db.session)
        try:
            batch = db.session.get(ImportBatch, batch_id)
            user = db.session.get(User, user_id)

            def progress(done: int) -> None:
                db.session.execute(update(ImportBatch).where(ImportBatch.id == batch_id).values(checked_rows=done))
                db.session.commit()

            report = services.check(batch, user, office_today(), services.limits_from(app.config), progress)
            batch = db.session.get(ImportBatch, batch_id)
            services.kept(batch).report, batch.counts = report, report["counts"]
            batch.status, batch.checked_rows = "checked", report["counts"]["rows"]
            db.session.commit()
        except ImportRefused as error:
            _fail(batch_id, error.code)
        except Exception:  # never leave a batch "checking" forever
            log.exception("import %s: check failed", batch_id)
            _fail(batch_id, "internal")
        finally:
            db.session.remove()


def commit_job(app, batch_id: int, user_id: int, include: list[int]) -> None:
    """All accepted rows in one transaction: on any error nothing is written."""
    with app.app_context():
        allow_long_statements(db.session)
        try:
            batch = db.session.get(ImportBatch, batch_id)
            user = db.session.get(User, user_id)
            services.commit(batch, set(include), user, office_today(), services.limits_from(app.config))
            db.session.commit()
        except (ImportRefused, RegistryError) as error:  # nothing written; the preview stays
            _fail(batch_id, getattr(error, "code", "internal"), "checked")
        except Exception:
            log.exception("import %s: commit failed", batch_id)
            _fail(batch_id, "internal", "checked")
        finally:
            db.session.remove()
