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
        clients.append((client, {"surname": "Маматова", "given_name": "Нурзада", "sex": "F",
                                 "birth_date": "12.03.2014", "living_arrangement": "both_parents",
                                 "consent": "not_asked", "version": version, "csrf_token": csrf_token(page),
                                 "school_name": f"School {index}"}))
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
