"""What an import keeps: the file and its preview only while they are needed (until the import goes
in, or IMPORT_KEEP_DAYS for one left waiting), the SHA-256 and the counts for ever; the list of
imports never reads the files."""

from datetime import timedelta

from sqlalchemy import event, select, update

from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.imports.models import ImportBatch, ImportPayload
from monitor.registry.models import Child
from tests.conftest import csrf_token, login
from tests.imports.conftest import check, commit

LIST = (
    "Фамилия;Имя;Дата рождения;Пол;Айыл аймак\nАсанов;Жоомарт;01.01.2014;М;Кенеш\nАсанова;Айжан;02.02.2013;Ж;Кенеш\n"
).encode()


def _statements(app, client, url: str) -> list[str]:
    seen = []

    def remember(_conn, _cursor, statement, _parameters, _context, _many):
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", remember)
    try:
        assert client.get(url).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", remember)
    return seen


def test_the_list_of_imports_reads_no_file_and_no_preview(app, worker):
    check(app, worker, LIST, "one.csv")
    check(app, worker, LIST.replace(b"Kenesh", b"x"), "two.csv")
    statements = _statements(app, worker, "/imports")
    assert any("import_batch" in s for s in statements)
    assert not [s for s in statements if "import_payload" in s or "content" in s or ".report" in s]


def test_the_file_and_preview_go_when_the_import_goes_in_and_undo_still_works(app, worker, users):
    batch = check(app, worker, LIST, "list.csv")
    with app.app_context():
        assert db.session.get(ImportPayload, batch.id) is not None
    done = commit(app, worker, batch.id)
    assert done.status == "committed" and done.purged_at is not None
    with app.app_context():
        assert db.session.get(ImportPayload, batch.id) is None
    page = worker.get(f"/imports/{batch.id}").get_data(as_text=True)
    assert done.sha256 in page
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    page = supervisor.get(f"/imports/{batch.id}").get_data(as_text=True)
    assert supervisor.post(f"/imports/{batch.id}/undo", data={"csrf_token": csrf_token(page)}).status_code == 302
    with app.app_context():
        assert db.session.get(ImportBatch, batch.id).status == "undone"
        assert db.session.scalars(select(Child)).all() == []


def _age(app, batch_id: int, days: int) -> None:
    with app.app_context():
        db.session.execute(
            update(ImportBatch).where(ImportBatch.id == batch_id).values(created_at=utcnow() - timedelta(days=days))
        )
        db.session.commit()


def test_an_import_left_waiting_is_purged_after_the_kept_days(app, worker):
    app.config["IMPORT_KEEP_DAYS"] = 7
    old = check(app, worker, LIST, "old.csv")
    fresh = check(app, worker, LIST.replace("Асанов;".encode(), "Усенов;".encode()), "fresh.csv")
    _age(app, old.id, 8)
    result = app.test_cli_runner().invoke(args=["purge-imports"])
    assert result.exit_code == 0 and "1 import" in result.output, result.output
    with app.app_context():
        assert db.session.get(ImportPayload, old.id) is None
        assert db.session.get(ImportPayload, fresh.id) is not None
        kept = db.session.get(ImportBatch, old.id)
        assert kept.status == "expired" and kept.sha256 == old.sha256 and kept.purged_at is not None
    page = worker.get(f"/imports/{old.id}").get_data(as_text=True)
    assert 'id="import-purged"' in page and old.sha256 in page
    # Nothing of the expired import can be committed any more; the page says so.
    token = csrf_token(worker.get("/imports").get_data(as_text=True))
    assert worker.post(f"/imports/{old.id}/commit", data={"csrf_token": token}).status_code == 302
    with app.app_context():
        assert db.session.get(ImportBatch, old.id).status == "expired"


def test_a_committed_import_purged_later_can_still_be_undone(app, worker):
    batch = commit(app, worker, check(app, worker, LIST, "list.csv").id)
    _age(app, batch.id, 400)
    assert "0 import" in app.test_cli_runner().invoke(args=["purge-imports", "--days", "1"]).output
    supervisor = app.test_client()
    login(supervisor, "supervisor")
    page = supervisor.get(f"/imports/{batch.id}").get_data(as_text=True)
    supervisor.post(f"/imports/{batch.id}/undo", data={"csrf_token": csrf_token(page)})
    with app.app_context():
        assert db.session.get(ImportBatch, batch.id).status == "undone"


def test_the_same_file_uploaded_again_is_flagged(app, worker):
    commit(app, worker, check(app, worker, LIST, "list.csv").id)
    from tests.imports.conftest import upload

    response = upload(worker, LIST, "again.csv")
    page = worker.get(response.headers["Location"]).get_data(as_text=True)
    assert 'id="already-imported"' in page
