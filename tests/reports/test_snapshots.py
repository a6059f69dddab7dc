"""Kept dashboard counts: shown again while computing them is slow, refreshed on demand, computed
beside the request with its progress shown, and never a 500 when the computation fails."""

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from monitor.extensions import db
from monitor.reports import snapshots
from monitor.reports.figures import Period
from monitor.reports.models import ReportSnapshot
from monitor.reports.summary import ReusePolicy, Summary, summarise
from tests.conftest import csrf_token
from tests.reports.conftest import TODAY, born
from tests.reports.test_ilo_export import PERIOD, _signed

NOW = datetime(2026, 11, 24, 9, 0)


def _registered(html: str) -> str:
    return html.split('data-key="registered"')[1].split("</tr>")[0]


def _one_more_child(app, users, places):
    from monitor.auth.models import User
    from monitor.registry import services
    from monitor.registry.data import ChildData, FamilyData
    from monitor.registry.models import Consent, Sex

    with app.app_context():
        worker = db.session.get(User, users["worker"].id)
        family = services.register_family(FamilyData(area_id=places["ak_tash"]), worker, TODAY)
        services.register_child(
            family,
            ChildData(
                "Новая", "Айзада", Sex.FEMALE, born(10), consent=Consent.YES, consent_date=TODAY, consent_by="mother"
            ),
            worker,
            TODAY,
        )
        db.session.commit()


def test_cheap_counts_are_always_computed_afresh_and_slow_ones_kept_for_a_while():
    rules = ReusePolicy(timedelta(minutes=10), live_below=1.0)
    today = NOW.date()
    assert not rules.reuse(NOW, today, 0.3, NOW + timedelta(seconds=5), today)  # cheap: live
    assert rules.reuse(NOW, today, 4.0, NOW + timedelta(minutes=9), today)  # slow: kept
    assert not rules.reuse(NOW, today, 4.0, NOW + timedelta(minutes=11), today)  # too old
    assert not rules.reuse(NOW, today - timedelta(days=1), 4.0, NOW, today)  # yesterday's
    assert not rules.reuse(None, None, None, NOW, today)
    assert rules.slow(1.0) and not rules.slow(0.99) and not rules.slow(None)


def test_kept_counts_are_the_figures_they_were_made_from(app, caseload):
    from monitor.cases import case_rules
    from monitor.reports.facts import collect
    from monitor.reports.figures import child_figures, monthly

    period = Period(TODAY - timedelta(days=30), TODAY, ZoneInfo("Asia/Bishkek"))
    with app.test_request_context():
        facts = collect(["/"], period, "en", TODAY, case_rules())
        figures = child_figures(facts.children, period, facts.identified, facts.stages, facts.visits, facts.referrals)
        kept = Summary.from_json(summarise(figures, monthly(facts.identified, facts.assessed, period)).to_json())
    for section, cells in figures.sections.items():
        for key, cell in cells.items():
            for part in (None, ("sex", "M"), ("sex", "F"), ("age", "5-11"), ("age", "12-14"), ("age", "15-17")):
                assert kept.cell(section, key).count(part) == cell.count(part), (section, key, part)
    assert kept.cell("children", "registered").total == 21
    assert kept.cell("categories", "nothing such").total == 0
    assert kept.medians == figures.medians and kept.by_territory


def test_slow_counts_are_shown_again_with_their_time_until_refreshed(app, caseload, users, places, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_LIVE_SECONDS", 0.0)  # every computation counts as slow here
    client = _signed(app, "supervisor")
    first = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert ">21<" in _registered(first) and 'id="figures-as-of"' in first and "Figures as of" in first

    _one_more_child(app, users, places)
    again = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert ">21<" in _registered(again)  # the kept counts, not yet the new child

    token = csrf_token(again)
    refreshed = client.post("/reports/refresh", data={"csrf_token": token, **PERIOD, "area": 0})
    assert refreshed.status_code == 302 and "/reports?" in refreshed.headers["Location"]
    assert ">22<" in _registered(client.get(refreshed.headers["Location"]).get_data(as_text=True))
    assert client.post("/reports/refresh", data={**PERIOD}).status_code == 400  # no CSRF token
    with app.app_context():
        assert db.session.scalar(select(func.count(ReportSnapshot.id))) == 1


def test_the_list_behind_a_kept_figure_is_the_list_counted(app, caseload, users, places, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_LIVE_SECONDS", 0.0)
    client, officer = _signed(app, "supervisor"), _signed(app, "reports")
    client.get("/reports", query_string=PERIOD)
    officer.get("/reports", query_string=PERIOD)  # counts of the officer's own areas
    _one_more_child(app, users, places)  # registered after the counts were made
    drill = {**PERIOD, "section": "children", "key": "registered", "part": "sex:F"}
    named = client.get("/reports/children", query_string=drill).get_data(as_text=True)
    assert 'id="drill-total">10<' in named and named.count("Фамилия") == 10 and "Айзада" not in named
    anonymous = officer.get("/reports/children", query_string=drill).get_data(as_text=True)
    assert 'id="drill-total">10<' in anonymous and anonymous.count("<code>P") == 10 and "Фамилия" not in anonymous
    hazardous = client.get(
        "/reports/children", query_string={**PERIOD, "section": "categories", "key": "hazardous", "part": "age:12-14"}
    ).get_data(as_text=True)
    assert 'id="drill-total">6<' in hazardous and hazardous.count("Фамилия") == 6
    token = csrf_token(client.get("/reports", query_string=PERIOD).get_data(as_text=True))
    client.post("/reports/refresh", data={"csrf_token": token, **PERIOD, "area": 0})
    fresh = client.get("/reports/children", query_string=drill).get_data(as_text=True)
    assert 'id="drill-total">11<' in fresh and "Айзада" in fresh


def test_cheap_counts_show_every_change_at_once(app, caseload, users, places):
    client = _signed(app, "supervisor")
    assert ">21<" in _registered(client.get("/reports", query_string=PERIOD).get_data(as_text=True))
    _one_more_child(app, users, places)
    html = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert ">22<" in _registered(html) and 'id="figures-as-of"' not in html


def test_a_long_computation_runs_beside_the_request_and_shows_its_progress(app, caseload, monkeypatch):
    monkeypatch.setitem(app.config, "REPORT_BACKGROUND", True)
    monkeypatch.setitem(app.config, "REPORT_WAIT_SECONDS", 0.0)
    monkeypatch.setitem(app.config, "REPORT_LIVE_SECONDS", 0.0)  # once computed, the counts are kept
    release, real = threading.Event(), snapshots.compute

    def slow_compute(*args, **kwargs):
        assert release.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(snapshots, "compute", slow_compute)
    client = _signed(app, "supervisor")
    page = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert 'id="figures-preparing"' in page and 'http-equiv="refresh"' in page
    with app.app_context():
        for _ in range(100):  # the computation notes how many children it has to count
            if db.session.scalar(select(ReportSnapshot.total)) == 21:
                break
            db.session.rollback()
            threading.Event().wait(0.05)
    # A second request meanwhile shows the progress and does not start a second computation.
    assert "0 of 21 children" in client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert [t for t in threading.enumerate() if t.name.startswith("report-")].__len__() == 1
    release.set()
    for worker in [t for t in threading.enumerate() if t.name.startswith("report-")]:
        worker.join(30)
    html = client.get("/reports", query_string=PERIOD).get_data(as_text=True)
    assert ">21<" in _registered(html) and 'id="figures-preparing"' not in html
    assert not [t for t in threading.enumerate() if t.name.startswith("report-")]  # nothing computed again


def test_a_failed_computation_says_so_and_can_be_tried_again(app, caseload, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(snapshots, "compute", broken)
    client = _signed(app, "supervisor")
    response = client.get("/reports", query_string=PERIOD)
    assert response.status_code == 200 and 'id="figures-failed"' in response.get_data(as_text=True)
    assert "disk full" in caplog.text
    monkeypatch.undo()
    token = csrf_token(response.get_data(as_text=True))
    retried = client.post("/reports/refresh", data={"csrf_token": token, **PERIOD, "area": 0})
    assert ">21<" in _registered(client.get(retried.headers["Location"]).get_data(as_text=True))


def test_only_one_request_claims_a_computation(app, places):
    period = Period(date(2026, 1, 1), date(2026, 6, 30), ZoneInfo("Asia/Bishkek"))
    with app.app_context():
        key = snapshots.snapshot_key(["/1/"], period, "ru")
        first = snapshots.claim(key, ["/1/"], period, "ru")
        assert first is not None and snapshots.claim(key, ["/1/"], period, "ru") is None
        assert snapshots.snapshot_key(["/1/"], period, "ky") != key
