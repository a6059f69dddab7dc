"""Flask-Login user loader: the cookie holds "id:session_token", checked against the account."""

from __future__ import annotations

import hmac

from monitor.auth.models import User
from monitor.extensions import db, login_manager


@login_manager.user_loader
def load_user(identifier: str) -> User | None:
    user_id, _, token = identifier.partition(":")
    if not user_id.isdigit() or not token:
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or not hmac.compare_digest(user.session_token, token):
        return None
    return user
