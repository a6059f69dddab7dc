"""The server process killed (kill -9) during a burst of saves: after a restart the database passes
its integrity checks, every save is whole or absent, every save that answered success is there, and
every committed change has its audit row."""

import http.client
import http.cookiejar
import os
import re
import signal
import socket
import subprocess  # nosec B404: the test starts the app itself as a separate process
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from monitor.extensions import db
from tests.conftest import PASSWORD, office_today

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _serve(app, port: int) -> subprocess.Popen:
    env = {**os.environ, "MONITOR_ENV": "testing", "DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"]}
    server = subprocess.Popen(  # nosec B603: fixed arguments
        [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port), "--with-threads"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2)  # nosec B310: local test server
            return server
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.2)
    server.kill()
    pytest.fail("the app did not start")


class Browser:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:  # nosec B310
            return response.read().decode()

    def post(self, path: str, data: dict) -> int:
        body = urllib.parse.urlencode(data, doseq=True).encode()
        try:
            with self.opener.open(self.base + path, body, timeout=10) as response:  # nosec B310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code

    def token(self, path: str) -> str:
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', self.get(path)).group(1)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture
def children(app, users, places, reference):
    from monitor.auth.models import User
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Sex

    with app.app_context():
        worker = db.session.get(User, users["worker"].id)
        ids = []
        for n, (surname, given) in enumerate(
            [("Маматов", "Жоомарт"), ("Исаков", "Эрлан"), ("Осмонов", "Тилек"), ("Юсупов", "Санжар")]
        ):
            family = services.register_family(FamilyData(area_id=places["savay"]), worker, office_today())
            ids.append(
                services.register_child(
                    family, ChildData(surname, given, Sex.MALE, date(2012, 3, n + 1)), worker, office_today()
                ).id
            )
        db.session.commit()
        return ids


def test_a_killed_server_loses_nothing_it_confirmed_and_leaves_nothing_half_written(app, children, reference):
    from monitor.assessments.models import Assessment, WorkActivityRecord
    from monitor.audit.models import AuditEvent

    port = _free_port()
    server = _serve(app, port)
    confirmed: list[str] = []
    problems: list = []
    stop = threading.Event()

    def burst(index: int):
        browser = Browser(f"http://127.0.0.1:{port}")
        try:
            problems.append(
                browser.post(
                    "/login", {"username": "worker", "password": PASSWORD, "csrf_token": browser.token("/login")}
                )
            )
            child = children[index % len(children)]
            n = 0
            while not stop.is_set():
                n += 1
                note = f"burst-{index}-{n}"
                token = browser.token(f"/children/{child}/assess")
                status = browser.post(
                    f"/children/{child}/assess",
                    {
                        "csrf_token": token,
                        "visit_date": office_today().strftime("%d.%m.%Y"),
                        "location": "bazaar",
                        "school_attendance": "regular",
                        "school_year": "y",
                        "notes": note,
                        "parental_consent_written": "",
                        "light_work": "",
                        "contract": "",
                        "medical_check": "",
                        "activities-0-sector": str(reference["bazaar_portering"]),
                        "activities-0-prohibited_work": "0",
                        "activities-0-employer": "employer",
                        "activities-0-hours_last_7_days": "20",
                        "activities-0-hazards": "heavy_loads",
                    },
                )
                if status == 302:
                    confirmed.append(note)
                else:
                    problems.append(status)
        except (OSError, AttributeError, urllib.error.URLError, http.client.HTTPException) as error:
            problems.append(repr(error) + str(getattr(error, "headers", {}).get("Location")))
            return  # the server is gone

    threads = [threading.Thread(target=burst, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + 20
    while len(confirmed) < 15 and time.monotonic() < deadline:
        time.sleep(0.05)
    server.send_signal(signal.SIGKILL)
    server.wait(timeout=10)
    stop.set()
    for thread in threads:
        thread.join(timeout=15)
    assert len(confirmed) >= 15, f"the burst did not get going: {sorted(set(map(str, problems)))[:8]}"

    restarted = _serve(app, port)
    try:
        assert "csrf_token" in Browser(f"http://127.0.0.1:{port}").get("/login")
    finally:
        restarted.terminate()
        restarted.wait(timeout=10)

    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            assert db.session.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert db.session.execute(text("PRAGMA foreign_key_check")).all() == []
        saved = db.session.execute(select(Assessment.id, Assessment.notes)).all()
        notes = {note for _id, note in saved}
        assert set(confirmed) <= notes  # every save that answered success is there
        activities = dict(
            db.session.execute(
                select(WorkActivityRecord.assessment_id, func.count()).group_by(WorkActivityRecord.assessment_id)
            ).all()
        )
        assert all(activities.get(aid) == 1 for aid, _note in saved)  # whole, never half-written
        audited = set(db.session.scalars(select(AuditEvent.object_id).where(AuditEvent.action == "assessment_created")))
        assert {aid for aid, _note in saved} <= audited  # every committed change has its audit row


from tests.assessments.conftest import reference  # noqa: E402,F401  (shared fixtures)
from tests.registry.conftest import criteria  # noqa: E402,F401
