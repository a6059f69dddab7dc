"""Exports prepared in the background: asked for, prepared by the job, downloaded (audited) by those
of the same permission and scope only, deleted after their time, never offered half written."""

import io
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select, update

from monitor import jobs
from monitor.audit.models import AuditEvent
from monitor.core.db import utcnow
from monitor.extensions import db
from monitor.jobs import runner
from monitor.jobs.models import Job
from monitor.reports import exportfiles
from monitor.reports.models import Export
from monitor.reports.prepared import PREPARE_TASK, LeaseLost, _heartbeat, _start, prepare_export, purge_exports
from tests.conftest import PASSWORD, csrf_token
from tests.reports.test_ilo_export import PERIOD, _signed
from tests.workers import wait_for


@pytest.fixture
def queued_only(app, monkeypatch, tmp_path):
    """Jobs handed to the queue wait there (the test runs them through the job runner itself, as a
    worker would); export files go to a folder of the test's own."""
    handed: list[int] = []
    monkeypatch.setitem(app.extensions, "huey.run_job", handed.append)
    monkeypatch.setitem(app.config, "EXPORT_DIR", str(tmp_path / "exports"))
    return handed


def _ask(client, fmt="xlsx") -> int:
    token = csrf_token(client.get("/reports/exports").get_data(as_text=True))
    answer = client.post("/reports/export", data={"csrf_token": token, "format": fmt, **PERIOD})
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/reports/exports")
    with client.application.app_context():
        return db.session.scalar(select(Export.id).order_by(Export.id.desc()))


def _job_id(app, export_id: int) -> int:
    with app.app_context():
        return jobs.latest(PREPARE_TASK, export_id).id


def _run(app, export_id: int) -> bool:
    """The worker's part: run the export's job through the job runner; whether it made the file."""
    with app.app_context():
        before = len(_events(app, "ilo_export"))
    runner.run_job(app, _job_id(app, export_id))
    with app.app_context():
        return db.session.get(Export, export_id).status == "ready" and len(_events(app, "ilo_export")) > before


def _events(app, action: str) -> list[AuditEvent]:
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _folder(app) -> Path:
    return Path(app.config["EXPORT_DIR"])


def _children_rows(data: bytes) -> int:
    sheet = openpyxl.load_workbook(io.BytesIO(data), read_only=True)["Children"]
    return sum(1 for _ in sheet.iter_rows(min_row=3))


def test_an_officer_asks_goes_on_working_and_downloads_when_ready(app, caseload, queued_only, make_user):
    officer = _signed(app, "reports")
    export_id = _ask(officer)
    page = officer.get("/reports/exports").get_data(as_text=True)
    assert 'http-equiv="refresh"' in page and "Waiting for its turn" in page
    assert "/download" not in page
    assert officer.get(f"/reports/exports/{export_id}/download").status_code == 404  # not ready: nothing
    assert officer.get("/reports").status_code == 200  # going on working meanwhile

    assert _run(app, export_id) is True
    page = officer.get("/reports/exports").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page and "Ready, kept until" in page
    link = re.search(r'href="(/reports/exports/\d+/download)"', page).group(1)
    answer = officer.get(link)
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert "filename=monitor-ilo-" in answer.headers["Content-Disposition"]
    assert _children_rows(answer.data) == 21
    (asked,) = _events(app, "export_requested")
    (downloaded,) = _events(app, "export_downloaded")
    assert asked.object_id == downloaded.object_id == export_id and downloaded.details["size"] == len(answer.data)
    assert len(_events(app, "ilo_export")) == 1  # written once

    # A colleague with the same permission and areas may download it too (audited as hers).
    make_user("reports2", "reporting_officer", areas=["osh_region", "osh_city"])
    assert _signed(app, "reports2").get(link).status_code == 200
    assert len(_events(app, "export_downloaded")) == 2


def test_users_outside_the_scope_or_the_permission_are_refused_and_audited(app, caseload, queued_only, make_user):
    export_id = _ask(_signed(app, "reports"))  # the officer's areas: Osh region and Osh city
    assert _run(app, export_id)
    link = f"/reports/exports/{export_id}/download"
    assert _signed(app, "supervisor").get(link).status_code == 404  # may export, Kara-Suu only
    make_user("reports.city", "reporting_officer", areas=["osh_city"])
    assert _signed(app, "reports.city").get(link).status_code == 404
    assert _signed(app, "worker").get(link).status_code == 403  # may not export at all
    refusals = [e for e in _events(app, "access_denied") if e.details.get("reason") == "export_out_of_scope"]
    assert len(refusals) == 2 and {e.details["object_id"] for e in refusals} == {export_id}
    assert _events(app, "export_downloaded") == []
    assert f'id="export-{export_id}"' not in _signed(app, "supervisor").get("/reports/exports").text


def test_an_expired_export_is_gone(app, caseload, queued_only):
    officer = _signed(app, "reports")
    export_id = _ask(officer, "zip")
    assert _run(app, export_id)
    with app.app_context():
        name = db.session.get(Export, export_id).file_name
        assert (_folder(app) / name).exists()
        assert purge_exports(utcnow(), _folder(app), 3600) == 0  # still within its days
        db.session.execute(update(Export).values(expires_at=utcnow() - timedelta(minutes=1)))
        db.session.commit()
    assert officer.get(f"/reports/exports/{export_id}/download").status_code == 404  # past its time
    page = officer.get("/reports/exports").get_data(as_text=True)
    assert "/download" not in page
    result = app.test_cli_runner().invoke(args=["purge-exports"])
    assert result.exit_code == 0 and "1 exports deleted" in result.output
    with app.app_context():
        export = db.session.get(Export, export_id)
        assert export.status == "expired" and export.file_name is None
    assert not (_folder(app) / name).exists()
    assert "Deleted after its time" in officer.get("/reports/exports").get_data(as_text=True)


def test_a_killed_job_never_offers_its_half_file_and_is_taken_up_again(app, caseload, queued_only):
    officer = _signed(app, "reports")
    export_id = _ask(officer)
    job_id = _job_id(app, export_id)
    with app.app_context():  # a worker claims the job, starts the export...
        lease = timedelta(seconds=app.config["JOBS_LEASE_SECONDS"])
        assert runner.claim(job_id, app.config["JOBS_LEASE_SECONDS"]) == 1 and _start(export_id, 1, lease)
        name = exportfiles.final_name(export_id, "workbook")
    _folder(app).mkdir(parents=True, exist_ok=True)  # ...and dies half way through its file
    half = _folder(app) / f"{name}.dead{exportfiles.PART}"
    half.write_bytes(b"PK\x03\x04 half a workbook")
    page = officer.get("/reports/exports").get_data(as_text=True)
    assert "Being prepared" in page and "/download" not in page
    assert officer.get(f"/reports/exports/{export_id}/download").status_code == 404
    runner.run_job(app, job_id)  # a duplicate message while the job is held: nothing done
    with app.app_context():
        assert db.session.get(Export, export_id).status == "running"
        db.session.execute(  # its lease passes; its worker is gone
            update(Job)
            .where(Job.id == job_id)
            .values(lease_until=utcnow() - timedelta(seconds=1), claimed_by="elsewhere:1")
        )
        db.session.commit()
    runner.sweep(app)  # queued again and handed over
    assert queued_only[-1] == job_id
    runner.run_job(app, job_id)
    with app.app_context():
        export = db.session.get(Export, export_id)
        assert export.status == "ready" and export.attempts == 2
        with pytest.raises(LeaseLost):  # the dead worker's claim no longer holds
            _heartbeat(export_id, 1, lease)(100)
        assert prepare_export(export_id, 1) is False
        purge_exports(utcnow(), _folder(app), 0)
        db.session.commit()
    assert sorted(p.name for p in _folder(app).iterdir()) == [name]  # the half file removed, one file
    answer = officer.get(f"/reports/exports/{export_id}/download")
    assert answer.status_code == 200 and _children_rows(answer.data) == 21
    assert len(_events(app, "ilo_export")) == 1


def test_a_job_run_twice_writes_one_file_and_a_damaged_file_is_not_offered(app, caseload, queued_only):
    officer = _signed(app, "reports")
    export_id = _ask(officer, "zip")
    assert _run(app, export_id) is True
    assert _run(app, export_id) is False  # a second message for the same job: nothing left to do
    with app.app_context():
        assert prepare_export(export_id, 2) is False  # even under a later claim: the export is over
    assert len(_events(app, "ilo_export")) == 1
    files = list(_folder(app).iterdir())
    assert [p.name for p in files] == [exportfiles.final_name(export_id, "zip")]
    files[0].write_bytes(files[0].read_bytes()[:100])  # cut short on the disk
    assert officer.get(f"/reports/exports/{export_id}/download").status_code == 404
    assert _events(app, "export_downloaded") == []


def test_an_export_whose_job_gives_up_says_so(app, caseload, queued_only, monkeypatch):
    officer = _signed(app, "reports")
    export_id = _ask(officer)

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("monitor.reports.prepared.write_export", broken)
    for _attempt in range(app.config["JOBS_MAX_ATTEMPTS"]):
        runner.run_job(app, _job_id(app, export_id))
    with app.app_context():
        assert db.session.get(Export, export_id).status == "failed"
    page = officer.get("/reports/exports").get_data(as_text=True)
    assert "Could not be prepared" in page and "/download" not in page and 'http-equiv="refresh"' not in page
    assert list(_folder(app).glob("*")) == []  # no half file left behind


@pytest.mark.slow
def test_an_export_whose_worker_is_killed_is_finished_by_the_next_worker(app, job_worker, tmp_path):
    from monitor.admin.services import create_user
    from monitor.areas.models import Area
    from monitor.core.roles import Role

    folder = tmp_path / "worker-exports"
    job_worker.settings["EXPORT_DIR"] = str(folder)
    job_worker.app.config["EXPORT_DIR"] = str(folder)
    with app.app_context():  # enough children for the workbook to take a few seconds
        result = app.test_cli_runner().invoke(args=["generate-data", "--children", "6000"])
        assert result.exit_code == 0, result.output
        roots = list(db.session.scalars(select(Area.id).where(Area.parent_id.is_(None))))
        create_user("reports", "Reports", [Role.REPORTING_OFFICER], roots, "en", PASSWORD, actor=None)
        db.session.commit()
    officer = _signed(job_worker.app, "reports")
    token = csrf_token(officer.get("/reports/exports").get_data(as_text=True))
    period = {"start": "01.01.2000", "end": PERIOD["end"]}
    assert officer.post("/reports/export", data={"csrf_token": token, "format": "xlsx", **period}).status_code == 302
    with job_worker.app.app_context():
        export_id = db.session.scalar(select(Export.id))
        db.session.remove()

    def export_row() -> Export:
        with job_worker.app.app_context():
            export = db.session.get(Export, export_id)
            db.session.expunge(export)
            db.session.remove()
            return export

    first = job_worker.start()
    wait_for(lambda: export_row().status == "running", 60, every=0.02, message=job_worker.log_text)
    job_worker.kill(first)  # kill -9 in the middle of writing the workbook
    assert export_row().status == "running"
    assert "/download" not in officer.get("/reports/exports").get_data(as_text=True)
    assert officer.get(f"/reports/exports/{export_id}/download").status_code == 404
    job_worker.start()
    wait_for(lambda: export_row().status == "ready", 120, message=job_worker.log_text)
    assert export_row().attempts == 2
    assert len(_events(job_worker.app, "ilo_export")) == 1
    answer = officer.get(f"/reports/exports/{export_id}/download")
    assert answer.status_code == 200 and _children_rows(answer.data) > 6000
    finals = [p.name for p in folder.iterdir() if not p.name.endswith(exportfiles.PART)]
    assert finals == [exportfiles.final_name(export_id, "workbook")]


def test_the_worker_deletes_old_exports_daily(app, caseload, queued_only):
    from monitor.jobs import registry

    export_id = _ask(_signed(app, "reports"), "zip")
    assert _run(app, export_id)
    with app.app_context():
        db.session.execute(update(Export).values(expires_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    purge = registry.PERIODIC["reports.purge-exports"]
    assert purge.schedule is not None  # a crontab: once a day
    assert "reports.purge-exports" in {t.name for t in app.extensions["huey"]._registry.periodic_tasks}
    runner.run_periodic(app, purge)
    with app.app_context():
        assert db.session.get(Export, export_id).status == "expired"
    assert list(_folder(app).iterdir()) == []
    assert len(_events(app, "exports_purged")) == 1


@pytest.mark.parametrize("area", ["2147483647", "١٢٣٤٥٦"])
def test_an_export_of_an_area_not_offered_is_refused_with_the_message(app, caseload, queued_only, area):
    officer = _signed(app, "reports")
    with app.app_context():
        before = db.session.scalar(select(func.count(Export.id)))
    token = csrf_token(officer.get("/reports/exports").get_data(as_text=True))
    answer = officer.post(
        "/reports/export", data={"csrf_token": token, "format": "xlsx", **PERIOD, "area": area}, follow_redirects=True
    )
    assert answer.status_code == 200
    assert "Choose one of your areas." in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count(Export.id))) == before  # nothing queued
