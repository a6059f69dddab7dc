import re

from sqlalchemy import select

from monitor.areas.models import Area, AreaKind
from monitor.areas.seed import PLACES
from monitor.audit.models import AuditEvent
from monitor.extensions import db
from tests.conftest import csrf_token


def _post(client, url, data):
    page = client.get(url).get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', page)
    extra = {"version": version.group(1)} if version else {}
    return client.post(url, data={**extra, **data, "csrf_token": csrf_token(page)})


def test_seed_has_osh_city_and_kara_suu_with_its_town_and_sixteen_ayil_aimaks(app, places):
    with app.app_context():
        kara_suu = db.session.get(Area, places["kara_suu"])
        aimaks = [a for a in kara_suu.children if a.kind == AreaKind.AYIL_AIMAK]
        assert len(aimaks) == 16
        assert all(a.soate.startswith("41706226") and len(a.soate) == 14 for a in aimaks)
        assert db.session.get(Area, places["kara_suu_town"]).soate == "41706226600010"
        assert db.session.get(Area, places["osh_city"]).soate == "41721000000000"
        assert kara_suu.parent.name_en == "Osh region"
        assert (
            db.session.get(Area, places["savay"]).path
            == f"/{places['osh_region']}/{places['kara_suu']}/{places['savay']}/"
        )
    assert len(places) == len(PLACES)


def test_seeding_twice_adds_nothing(app, places):
    from monitor.areas.seed import seed_areas

    with app.app_context():
        seed_areas()
        db.session.commit()
        assert db.session.scalar(select(db.func.count()).select_from(Area)) == len(PLACES)


def test_worker_sees_the_places_below_their_district_in_their_language(login_as, places):
    client = login_as("worker")
    html = client.get("/areas/").get_data(as_text=True)
    assert "Kara-Suu district" in html and "Savay" in html
    assert "Osh city" not in html and "Amir-Timur" not in html


def test_admin_adds_renames_and_retires_an_area(app, login_as, places):
    client = login_as("admin")
    response = _post(
        client,
        f"/areas/manage/new?parent={places['savay']}",
        {"kind": "village", "soate": "", "name_ky": "Жаңы-Айыл", "name_ru": "Жаны-Айыл", "name_en": "Jany-Ayil"},
    )
    assert response.status_code == 302
    with app.app_context():
        village = db.session.scalar(select(Area).where(Area.name_en == "Jany-Ayil"))
        assert village.parent_id == places["savay"]
        village_id = village.id
    response = _post(
        client,
        f"/areas/manage/{village_id}/edit",
        {"soate": "", "name_ky": "Жаңы-Айыл", "name_ru": "Жаны-Айыл", "name_en": "Jangy-Ayil"},
    )
    assert response.status_code == 302
    response = _post(client, f"/areas/manage/{places['saray']}/retire", {"merged_into": str(places["savay"])})
    assert response.status_code == 302
    with app.app_context():
        saray = db.session.get(Area, places["saray"])
        assert saray.active is False and saray.merged_into_id == places["savay"]
        assert db.session.get(Area, village_id).name_en == "Jangy-Ayil"
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions[-3:] == ["area_created", "area_renamed", "area_retired"]
    html = client.get("/areas/manage").get_data(as_text=True)
    assert "Jangy-Ayil" in html and "area-retired" in html


def test_area_rules_give_clear_messages(login_as, places):
    client = login_as("admin")
    html = _post(
        client,
        f"/areas/manage/new?parent={places['savay']}",
        {"kind": "district", "name_ky": "X", "name_ru": "X", "name_en": "X"},
    ).get_data(as_text=True)
    assert "cannot be placed under the chosen parent" in html
    html = _post(
        client,
        f"/areas/manage/new?parent={places['savay']}",
        {"kind": "village", "soate": "41706226850000", "name_ky": "X", "name_ru": "X", "name_en": "X"},
    ).get_data(as_text=True)
    assert "already has this SOATE code" in html
    html = _post(client, f"/areas/manage/{places['kara_suu']}/retire", {"merged_into": "0"}).get_data(as_text=True)
    assert "Retire or move the areas below it first." in html
    html = _post(
        client,
        f"/areas/manage/{places['savay']}/edit",
        {"soate": "123", "name_ky": "Савай", "name_ru": "Савай", "name_en": "Savay"},
    ).get_data(as_text=True)
    assert "14 digits" in html
