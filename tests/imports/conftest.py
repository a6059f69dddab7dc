"""Importing through the routes: upload, choose columns (the suggested ones), wait for the check,
commit; the background jobs run as they do in production."""

import re
import time
from pathlib import Path

import pytest
from sqlalchemy import select

from monitor.extensions import db
from monitor.imports.models import ImportBatch
from tests.assessments.conftest import reference  # noqa: F401  (shared fixtures)
from tests.conftest import csrf_token
from tests.registry.conftest import criteria  # noqa: F401

# The office's sample lists live beside the project (../shared/samples), not in it.
SAMPLES = next(
    (
        path
        for path in (Path(__file__).resolve().parents[3] / "shared" / "samples", Path("/work/shared/samples"))
        if path.exists()
    ),
    Path("/work/shared/samples"),
)


def sample(name: str) -> bytes:
    path = SAMPLES / name
    assert path.exists(), f"the sample list {path} is missing (../shared/samples beside the project)"
    return path.read_bytes()


def upload(client, data: bytes, filename: str, area_id: int | None = None, **fields):
    token = csrf_token(client.get("/imports").get_data(as_text=True))
    import io

    return client.post(
        "/imports",
        data={
            "csrf_token": token,
            "file": (io.BytesIO(data), filename),
            "area_id": str(area_id or 0),
            "location": "bazaar",
            **fields,
        },
        content_type="multipart/form-data",
    )


def suggested(page: str) -> dict:
    chosen = {}
    for name, body in re.findall(r'<select[^>]*name="(column-\d+)"[^>]*>(.*?)</select>', page, re.S):
        hit = re.search(r'<option value="([^"]*)" selected', body)
        chosen[name] = hit.group(1) if hit else ""
    return chosen


def wait(app, batch_id: int, statuses=("checked", "failed", "committed"), seconds: float = 240) -> ImportBatch:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with app.app_context():
            batch = db.session.get(ImportBatch, batch_id)
            if batch.status in statuses:
                db.session.refresh(batch, ["payload"])  # loaded before leaving the session (None once purged)
                db.session.expunge(batch)
                return batch
        time.sleep(0.1)
    raise AssertionError(f"import {batch_id} still not done")


def check(
    app, client, data: bytes, filename: str, area_id: int | None = None, changes: dict | None = None, save_as: str = ""
) -> ImportBatch:
    response = upload(client, data, filename, area_id)
    assert response.status_code == 302, re.findall(r"invalid-feedback[^>]*>([^<]+)", response.get_data(as_text=True))
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    posted = client.post(
        url, data={**suggested(page), **(changes or {}), "save_as": save_as, "csrf_token": csrf_token(page)}
    )
    assert posted.status_code == 302
    batch_id = int(url.split("/")[2])
    return wait(app, batch_id)


def commit(app, client, batch_id: int, include=()) -> ImportBatch:
    page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    client.post(
        f"/imports/{batch_id}/commit", data={"csrf_token": csrf_token(page), "include": [str(n) for n in include]}
    )
    return wait(app, batch_id, ("committed", "failed", "checked"))


def problems(batch: ImportBatch) -> dict[int, list[str]]:
    return {
        row["n"]: [code for _field, code in row["problems"]] for row in batch.payload.report["rows"] if row["problems"]
    }


def batches(app) -> int:
    with app.app_context():
        return len(db.session.scalars(select(ImportBatch)).all())


@pytest.fixture
def worker(login_as, places, criteria, reference):
    return login_as("worker")
