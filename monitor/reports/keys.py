"""The deployment's secret for pseudonymous ids: PSEUDONYM_KEY, or a random file kept in instance/."""

from __future__ import annotations

import secrets
from pathlib import Path


def pseudonym_key(app) -> bytes:
    value = app.config.get("PSEUDONYM_KEY")
    if value:
        return value.encode()
    path = Path(app.instance_path) / "pseudonym_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip().encode()
