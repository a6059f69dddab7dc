"""`flask purge-imports --days`: a negative number is refused with a message and purges nothing;
0 purges the file and preview of every finished import and leaves those still waiting (a worker may
be looking at one right now)."""

from sqlalchemy import update

from monitor.extensions import db
from monitor.imports.models import ImportBatch, ImportPayload
from tests.imports.conftest import check
from tests.imports.test_retention import LIST, _age


def test_a_negative_number_of_days_is_refused_and_purges_nothing(app, worker):
    batch = check(app, worker, LIST, "list.csv")
    _age(app, batch.id, 30)
    result = app.test_cli_runner().invoke(args=["purge-imports", "--days", "-1"])
    assert result.exit_code != 0 and "--days" in result.output and "-1" in result.output, result.output
    with app.app_context():
        assert db.session.get(ImportPayload, batch.id) is not None
        assert db.session.get(ImportBatch, batch.id).status == "checked"


def test_zero_days_purges_every_finished_import_and_none_waiting(app, worker):
    finished = check(app, worker, LIST, "failed.csv")
    waiting = check(app, worker, LIST.replace("Асанов;".encode(), "Усенов;".encode()), "waiting.csv")
    with app.app_context():
        db.session.execute(update(ImportBatch).where(ImportBatch.id == finished.id).values(status="failed"))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["purge-imports", "--days", "0"])
    assert result.exit_code == 0 and "1 import" in result.output, result.output
    with app.app_context():
        assert db.session.get(ImportPayload, finished.id) is None
        assert db.session.get(ImportPayload, waiting.id) is not None
        assert db.session.get(ImportBatch, waiting.id).status == "checked"
