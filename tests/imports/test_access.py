"""Another worker's or another area's import answers 404 on every import route, and the refusal is
audited (access_denied), as everywhere else in the app."""

import pytest
from sqlalchemy import select

from monitor.audit.models import AuditEvent
from monitor.extensions import db
from monitor.imports.models import ImportBatch
from tests.conftest import csrf_token

ROUTES = [
    ("get", "/imports/{id}/mapping"),
    ("post", "/imports/{id}/mapping"),
    ("get", "/imports/{id}"),
    ("post", "/imports/{id}/commit"),
    ("post", "/imports/{id}/undo"),
]


@pytest.fixture
def foreign_batch(app, users):
    """An import by the worker in Osh city (outside Kara-Suu district)."""
    with app.app_context():
        batch = ImportBatch(
            filename="osh.csv", sha256="0" * 64, size=10, status="committed", created_by_id=users["worker_osh"].id
        )
        db.session.add(batch)
        db.session.commit()
        return batch.id


def _refusals(app, batch_id: int) -> list[AuditEvent]:
    with app.app_context():
        return [
            event
            for event in db.session.scalars(select(AuditEvent).where(AuditEvent.action == "access_denied"))
            if event.details.get("object_id") == batch_id
        ]


# A worker may not undo at all (403, audited by the permission check): the supervisor tries that one.
CASES = [
    (role, method, url)
    for role in ("worker", "supervisor")
    for method, url in ROUTES
    if not (role == "worker" and url.endswith("/undo"))
]


@pytest.mark.parametrize("role, method, url", CASES)
def test_a_foreign_import_answers_404_and_the_refusal_is_audited(app, login_as, foreign_batch, role, method, url):
    client = login_as(role)
    token = csrf_token(client.get("/imports").get_data(as_text=True))
    response = getattr(client, method)(url.format(id=foreign_batch), data={"csrf_token": token})
    assert response.status_code == 404
    refusals = _refusals(app, foreign_batch)
    assert len(refusals) == 1 and refusals[0].details["reason"] == "out_of_area"
    assert refusals[0].details["object_type"] == "importbatch"


def test_an_import_that_does_not_exist_is_a_plain_404(app, login_as):
    client = login_as("worker")
    assert client.get("/imports/987654").status_code == 404
