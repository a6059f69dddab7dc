"""No lost updates: ten simultaneous edits of one child give one saved change and nine conflicts."""

import re
import threading

from monitor.extensions import db
from monitor.registry.models import Child
from tests.conftest import csrf_token, login
from tests.registry.conftest import family_form
from tests.registry.test_records import _child_id
from tests.registry.test_registration import THREE


def test_ten_simultaneous_edits_give_one_save_and_nine_conflicts(app, login_as, make_user, places, register):
    register(login_as("worker"), family_form(places["savay"], THREE))
    child_id = _child_id(app, "Нурзада")
    clients = []
    for index in range(10):
        make_user(f"editor{index}", "social_worker", areas=["kara_suu"])
        client = app.test_client()
        login(client, f"editor{index}")
        page = client.get(f"/children/{child_id}/edit").get_data(as_text=True)
        version = re.search(r'name="version" type="hidden" value="(\d+)"', page).group(1)
        clients.append(
            (
                client,
                {
                    "surname": "Маматова",
                    "given_name": "Нурзада",
                    "sex": "F",
                    "birth_date": "12.03.2014",
                    "living_arrangement": "both_parents",
                    "consent": "not_asked",
                    "version": version,
                    "csrf_token": csrf_token(page),
                    "school_name": f"School {index}",
                },
            )
        )
    barrier = threading.Barrier(10)
    outcomes = [None] * 10

    def edit(index):
        client, data = clients[index]
        barrier.wait()
        response = client.post(f"/children/{child_id}/edit", data=data)
        outcomes[index] = (response.status_code, "Someone else saved this record" in response.get_data(as_text=True))

    threads = [threading.Thread(target=edit, args=(i,)) for i in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == [(200, True)] * 9 + [(302, False)], outcomes
    winner = next(i for i, outcome in enumerate(outcomes) if outcome[0] == 302)
    with app.app_context():
        assert db.session.get(Child, child_id).school_name == f"School {winner}"


SURNAMES = [
    "Абдыкадыров",
    "Бекмуратов",
    "Жумабаев",
    "Исаков",
    "Калыков",
    "Мамытов",
    "Насыров",
    "Осмонов",
    "Сатыбалдиев",
    "Токтогулов",
    "Усенов",
    "Чыныбаев",
    "Шаршенов",
    "Эсенов",
    "Юсупов",
    "Айтматов",
    "Бакиров",
    "Курманов",
    "Орозбеков",
    "Турдубаев",
]
GIVEN = [
    "Бакыт",
    "Эрлан",
    "Нурлан",
    "Азамат",
    "Тилек",
    "Мирлан",
    "Адилет",
    "Эмир",
    "Санжар",
    "Улан",
    "Данияр",
    "Жыргал",
    "Канат",
    "Марат",
    "Руслан",
    "Талант",
    "Чынгыз",
    "Ысмайыл",
    "Бекзат",
    "Элдияр",
]


def test_twenty_simultaneous_registrations_give_twenty_records_with_unique_numbers(app, make_user, places, criteria):
    from sqlalchemy import func, select

    from monitor.audit.models import AuditEvent
    from monitor.registry.models import Family

    posts = []
    for index, surname in enumerate(SURNAMES):
        make_user(f"registrar{index}", "social_worker", areas=["kara_suu"])
        client = app.test_client()
        login(client, f"registrar{index}")
        token = csrf_token(client.get("/families/new").get_data(as_text=True))
        data = family_form(
            places["savay"],
            [
                {
                    "surname": surname,
                    "given_name": GIVEN[index],
                    "sex": "M",
                    "birth_date": f"{index + 1:02d}.{index % 12 + 1:02d}.{2010 + index % 8}",
                }
            ],
            members=[{"surname": surname, "given_name": "Айбек", "relation": "father", "is_head": "y"}],
            phone="",
            house=str(index + 1),
        )
        posts.append((client, {**data, "csrf_token": token}))
    barrier = threading.Barrier(len(posts))
    outcomes = [None] * len(posts)

    def register_one(index):
        client, data = posts[index]
        barrier.wait()
        response = client.post("/families/new", data=data)
        body = response.get_data(as_text=True)
        problems = [
            re.sub(r"\s+", " ", text).strip()[:200]
            for text in re.findall(
                r'class="(?:invalid-feedback|alert[^"]*|[^"]*text-danger[^"]*)"[^>]*>(.*?)</', body, re.S
            )
        ]
        outcomes[index] = (response.status_code, response.headers.get("Location", "") or problems)

    threads = [threading.Thread(target=register_one, args=(i,)) for i in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    assert all(status == 302 and "/families/" in where for status, where in outcomes), outcomes
    with app.app_context():
        families = db.session.scalars(select(Family)).all()
        assert len(families) == 20 and len({f.ref for f in families}) == 20
        assert db.session.scalar(select(func.count()).select_from(Child)) == 20
        for action in ("family_created", "child_created"):
            assert (
                db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)) == 20
            )
