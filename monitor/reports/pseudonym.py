"""Stable pseudonymous ids for exported children (pure Python).

A keyed hash (HMAC-SHA256) of the child's record id with a secret kept by the deployment: the same
child has the same id in every export, and without the key the id cannot be traced back.
"""
from __future__ import annotations

import hashlib
import hmac


def pseudonym(key: bytes, child_id: int) -> str:
    digest = hmac.new(key, f"child:{child_id}".encode(), hashlib.sha256).hexdigest()
    return "P" + digest[:16].upper()
