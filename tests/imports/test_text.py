"""An office list's names and notes are stored as Unicode NFC; a row whose cells hold invisible or
text-direction characters is flagged in the preview and left out."""

from sqlalchemy import select

from monitor.extensions import db
from monitor.registry.models import Child, Family
from tests.imports.conftest import check, commit, problems

HEADER = "Фамилия;Имя;Дата рождения;Пол;Глава семьи\n"


def test_names_are_composed_and_hidden_characters_flag_the_row(app, worker, places):
    data = (
        HEADER + "Асанова;Аи\u0306гул;01.01.2014;Ж;Асанова Але\u0308на\n"
        "Асанов;Жоо\u202eмарт;02.02.2013;М;Асанов Бакыт\n"
        "Асанов;Эмир;03.03.2015;М;Асанов\u200b Улан\n"
    ).encode()
    batch = check(app, worker, data, "names.csv", area_id=places["savay"])
    assert problems(batch) == {3: ["hidden_characters"], 4: ["hidden_characters"]}  # rows of the file
    page = worker.get(f"/imports/{batch.id}").get_data(as_text=True)
    assert "invisible or text-direction characters" in page
    done = commit(app, worker, batch.id)
    assert done.counts["children"] == 1
    with app.app_context():
        assert db.session.scalars(select(Child.given_name)).all() == ["Айгул"]
        assert db.session.scalars(select(Family.notes)).all() == ["Асанова Алёна"]
