"""Imports on the job queue: the page says what the queue is doing; a worker killed mid-check
(kill -9) leaves the check to the next worker, which finishes it; a commit posted twice at once,
or a commit handler run twice, imports the rows once."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select, update

from monitor import jobs
from monitor.extensions import db
from monitor.imports import tasks
from monitor.imports.models import ImportBatch
from monitor.jobs import registry, runner
from monitor.jobs.models import Job
from monitor.registry.models import Child
from tests.conftest import csrf_token, login
from tests.imports.conftest import check, suggested, upload, wait
from tests.workers import wait_for

SURNAMES = ["Асанов", "Маматов", "Токтогулов", "Исаков", "Жумабаев", "Осмонов", "Калыков", "Бакиров"]
GIVEN = ["Жоомарт", "Нурзада", "Айбек", "Бектур", "Динара", "Эрлан", "Гулзат", "Тилек", "Асель", "Мирлан"]


def people_csv(count: int) -> bytes:
    lines = ["Фамилия;Имя;Дата рождения;Пол;Айыл аймак"]
    for n in range(count):
        born = f"{n % 28 + 1:02d}.{n // 28 % 12 + 1:02d}.{2009 + n // 336 % 15}"
        lines.append(f"{SURNAMES[n % 8]}{n // 80};{GIVEN[n // 8 % 10]};{born};{'М' if n % 2 else 'Ж'};Ак-Таш")
    return ("\n".join(lines) + "\n").encode()


def children(app) -> int:
    with app.app_context():
        count = db.session.scalar(select(func.count()).select_from(Child))
        db.session.remove()
        return count


def jobs_of(app, batch_id: int) -> list[Job]:
    with app.app_context():
        found = list(db.session.scalars(select(Job).where(Job.object_id == batch_id).order_by(Job.id)))
        db.session.expunge_all()
        db.session.remove()
        return found


def mapped(client, data: bytes, filename: str) -> int:
    """Upload and post the suggested mapping: the check is queued; the batch's id."""
    response = upload(client, data, filename)
    assert response.status_code == 302
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert client.post(url, data={**suggested(page), "csrf_token": csrf_token(page)}).status_code == 302
    return int(url.split("/")[2])


@pytest.fixture
def signed_in(users, places, criteria, reference):
    def sign_in(app):
        client = app.test_client()
        assert login(client, users["worker"].username).status_code == 302
        return client

    return sign_in


@pytest.mark.parametrize("job_worker", ["sqlite", "redis"], indirect=True)
def test_a_check_whose_worker_is_killed_is_finished_by_the_next_worker(job_worker, signed_in):
    app, client = job_worker.app, signed_in(job_worker.app)
    batch_id = mapped(client, people_csv(6000), "list.csv")
    page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert "waiting for the background worker" in page  # no worker yet
    first = job_worker.start()
    wait_for(lambda: jobs_of(app, batch_id)[0].progress >= 500, 60, message="the first worker's progress")
    job_worker.kill(first)
    assert jobs_of(app, batch_id)[0].status == "running"
    wait_for(lambda: runner.sweep(app) or jobs_of(app, batch_id)[0].status == "queued", 20, 0.5, "the sweep")
    page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert "The background worker stopped during this work" in page and "attempt 2 of 3" in page
    job_worker.start()
    batch = wait(app, batch_id, seconds=90)
    assert (batch.status, batch.counts["rows"], batch.counts["errors"]) == ("checked", 6000, 0)
    job = jobs_of(app, batch_id)[0]
    assert (job.status, job.attempts, job.requeued) == ("done", 2, "worker_stopped")


@pytest.mark.parametrize("job_worker", ["sqlite", "redis"], indirect=True)
def test_a_commit_posted_twice_at_once_imports_once(job_worker, signed_in):
    app = job_worker.app
    clients = [signed_in(app), signed_in(app)]
    job_worker.start()
    batch_id = mapped(clients[0], people_csv(40), "twice.csv")
    assert wait(app, batch_id).status == "checked"
    tokens = [csrf_token(c.get(f"/imports/{batch_id}").get_data(as_text=True)) for c in clients]
    barrier, answers = threading.Barrier(2), []

    def post(client, token):
        barrier.wait()
        answers.append(client.post(f"/imports/{batch_id}/commit", data={"csrf_token": token}).status_code)

    threads = [threading.Thread(target=post, args=pair) for pair in zip(clients, tokens, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert answers == [302, 302]
    batch = wait(app, batch_id, ("committed", "failed"), 60)
    assert (batch.status, batch.counts["children"]) == ("committed", 40)
    assert children(app) == 40
    assert [j.task for j in jobs_of(app, batch_id)] == ["imports.check", "imports.commit"]


def test_a_commit_posted_twice_in_a_row_imports_once(app, signed_in):
    client = signed_in(app)
    batch = check(app, client, people_csv(30), "again.csv")
    token = csrf_token(client.get(f"/imports/{batch.id}").get_data(as_text=True))
    for _ in range(2):
        assert client.post(f"/imports/{batch.id}/commit", data={"csrf_token": token}).status_code == 302
    assert wait(app, batch.id, ("committed",)).counts["children"] == 30
    assert children(app) == 30


def test_the_commit_handler_run_twice_imports_once(app, signed_in, users):
    client = signed_in(app)
    batch = check(app, client, people_csv(25), "handler.csv")
    with app.app_context():
        db.session.execute(
            update(ImportBatch)
            .where(ImportBatch.id == batch.id, ImportBatch.status == "checked")
            .values(status="committing")
        )
        db.session.commit()
    work = jobs.Work(0, batch.id, {"user_id": users["worker"].id, "include": []}, 1)
    for _ in range(2):  # a second worker, or the same job handed over twice
        with app.app_context():
            tasks.commit_import(work)
            db.session.commit()
            db.session.remove()
    assert wait(app, batch.id, ("committed",)).counts["children"] == 25
    assert children(app) == 25


def test_two_commit_handlers_at_once_import_once(app, signed_in, users):
    client = signed_in(app)
    batch = check(app, client, people_csv(200), "parallel.csv")
    with app.app_context():
        db.session.execute(update(ImportBatch).where(ImportBatch.id == batch.id).values(status="committing"))
        db.session.commit()
    work = jobs.Work(0, batch.id, {"user_id": users["worker"].id, "include": []}, 1)
    barrier, errors = threading.Barrier(2), []

    def run():
        with app.app_context():
            try:
                barrier.wait()
                tasks.commit_import(work)
                db.session.commit()
            except Exception as error:  # SQLite may refuse the later writer outright: also once
                errors.append(error)
                db.session.rollback()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert wait(app, batch.id, ("committed",)).counts["children"] == 200
    assert children(app) == 200


def test_imports_left_by_the_old_request_threads_are_taken_up(app, signed_in):
    client = signed_in(app)
    checking = check(app, client, people_csv(12), "left-checking.csv")
    committing = check(app, client, people_csv(13), "left-committing.csv")
    with app.app_context():  # as a web process that died mid-thread left them
        db.session.execute(update(ImportBatch).where(ImportBatch.id == checking.id).values(status="checking"))
        db.session.execute(update(ImportBatch).where(ImportBatch.id == committing.id).values(status="committing"))
        db.session.commit()
    runner.run_periodic(app, registry.PERIODIC["imports.resume"])  # immediate mode: the check runs now
    assert wait(app, checking.id, ("checked",)).counts["rows"] == 12
    again = wait(app, committing.id, ("checked",))
    assert again.error == "worker_stopped"
    page = client.get(f"/imports/{committing.id}").get_data(as_text=True)
    assert "Nothing was written; try again" in page and children(app) == 0


@pytest.mark.parametrize(
    "language, waiting",
    [("ru", "В очереди: ждёт фонового обработчика"), ("ky", "Кезекте: фондук иштеткичти күтүүдө")],
)
def test_an_import_waiting_for_a_worker_says_so_in_the_users_language(
    job_worker, make_user, criteria, reference, language, waiting
):
    user = make_user(f"worker.{language}", "social_worker", areas=["kara_suu"], language=language)
    client = job_worker.app.test_client()
    assert login(client, user.username).status_code == 302
    batch_id = mapped(client, people_csv(5), "list.csv")
    page = client.get(f"/imports/{batch_id}").get_data(as_text=True)
    assert waiting in page and "waiting for the background worker" not in page
