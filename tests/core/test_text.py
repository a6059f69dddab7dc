"""Text rules at the command line: the same as the forms' (NFC, no invisible or text-direction characters)."""

from sqlalchemy import select

from monitor.auth.models import User
from monitor.core.text import code_points, composed, hidden_characters, without_hidden
from monitor.extensions import db


def test_the_text_rule_names_each_hidden_character_once():
    text = "Нур\u202eза\u200bда\u202e\nкыз\t"
    assert code_points(hidden_characters(text)) == "U+202E, U+200B, U+000A, U+0009"
    assert code_points(hidden_characters(text, multiline=True)) == "U+202E, U+200B"
    assert without_hidden(text, multiline=True) == "Нурзада\nкыз\t"
    assert composed("Аи\u0306гул") == "Айгул" and hidden_characters("Айгүл Өмүрбек Жоомарт") == []


def test_create_user_refuses_a_name_with_a_direction_override(app, places):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=[
            "create-user",
            "new.worker",
            "--name",
            "Айгүл\u202e Токтосунова",
            "--role",
            "social_worker",
            "--generate-password",
        ]
    )
    assert result.exit_code != 0 and "U+202E" in result.output
    result = runner.invoke(
        args=[
            "create-user",
            "new.worker",
            "--name",
            "Аи\u0306гул Токтосунова",
            "--role",
            "social_worker",
            "--generate-password",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert (
            db.session.scalars(select(User.full_name).where(User.username == "new.worker")).one() == "Айгул Токтосунова"
        )


def test_passwords_are_left_as_typed(client, make_user):
    from tests.conftest import login

    make_user("zw.worker", "social_worker", areas=["kara_suu"], password="Жоомарт\u200b-Кара-Суу-2026")
    assert login(client, "zw.worker", "Жоомарт-Кара-Суу-2026").status_code == 200  # refused: not the same
    assert login(client, "zw.worker", "Жоомарт\u200b-Кара-Суу-2026").status_code == 302


def test_create_user_takes_the_user_names_the_users_page_takes(app, places):
    runner = app.test_cli_runner()
    # A Cyrillic name could never sign in on SQLite, whose lower() folds ASCII only; a space or a
    # name of 65 characters is refused by the users page and (the length) by PostgreSQL.
    for username in ("Айгүл", "new worker", "x" * 65, "ab"):
        result = runner.invoke(
            args=[
                "create-user",
                username,
                "--name",
                "Айгүл Токтосунова",
                "--role",
                "social_worker",
                "--generate-password",
            ]
        )
        assert result.exit_code != 0 and "Traceback" not in result.output, username
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.full_name == "Айгүл Токтосунова")) is None
