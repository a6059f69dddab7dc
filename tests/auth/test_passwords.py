import pytest

from monitor.auth.passwords import password_problems
from tests.conftest import csrf_token, login


@pytest.mark.parametrize(
    "password, username, expected",
    [
        ("short-pass1", "aigul", ["too_short"]),
        ("x" * 129 + "yZ1", "aigul", ["too_long"]),
        ("aigul.toktosunova", "aigul.toktosunova", ["is_username"]),
        ("AIGUL.TOKTOSUNOVA", "aigul.toktosunova", ["is_username"]),
        ("password1234", "aigul", ["too_common"]),
        ("Kyrgyzstan123", "aigul", ["too_common"]),
        ("qwertyuiop12", "aigul", ["too_common"]),
        ("aaaaaaaaaaaaaa", "aigul", ["too_common"]),
        ("1234567890123", "aigul", ["too_common"]),
        ("Tulpar-Kumush-2026", "aigul", []),
        ("жылдыз жаркырайт 7", "aigul", []),  # any characters are allowed
        ("x" * 120 + "yZ1-ok", "aigul", []),
    ],
)
def test_password_policy(password, username, expected):
    assert password_problems(password, username) == expected


def test_weak_new_password_is_refused_with_the_reason(client, users):
    login(client, "worker")
    page = client.get("/account").get_data(as_text=True)
    response = client.post(
        "/account",
        data={
            "current_password": "Tulpar-Kumush-2026",
            "new_password": "password1234",
            "confirm": "password1234",
            "csrf_token": csrf_token(page),
        },
    )
    assert response.status_code == 200
    assert "too common" in response.get_data(as_text=True)
    assert login(client.application.test_client(), "worker").status_code == 302  # old one still works


def test_wrong_current_password_is_refused(client, users):
    login(client, "worker")
    page = client.get("/account").get_data(as_text=True)
    response = client.post(
        "/account",
        data={
            "current_password": "not-my-password",
            "new_password": "Jashyl-Too-Baary-99",
            "confirm": "Jashyl-Too-Baary-99",
            "csrf_token": csrf_token(page),
        },
    )
    assert "The current password is wrong." in response.get_data(as_text=True)


def test_passwords_are_stored_as_argon2_hashes(app, users):
    from monitor.auth.models import User
    from monitor.extensions import db

    with app.app_context():
        assert db.session.get(User, users["worker"].id).password_hash.startswith("$argon2id$")
