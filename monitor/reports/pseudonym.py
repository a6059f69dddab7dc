"""Stable pseudonymous ids for exported children (pure Python).

A keyed hash (HMAC-SHA256) of the child's record id with a secret kept by the deployment: the same
child has the same id in every export, and without the key the id cannot be traced back.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable


def pseudonym(key: bytes, child_id: int) -> str:
    digest = hmac.new(key, f"child:{child_id}".encode(), hashlib.sha256).hexdigest()
    return "P" + digest[:16].upper()


def pseudonymiser(key: bytes) -> Callable[[int], str]:
    """`pseudonym` with `key` fixed, for exports of many rows: the same ids, the key prepared once
    (each id costs a copy of the keyed HMAC instead of hashing the key's blocks again)."""
    keyed = hmac.new(key, digestmod=hashlib.sha256)

    def name(child_id: int, copy: Callable[[], hmac.HMAC] = keyed.copy) -> str:
        mac = copy()
        mac.update(b"child:%d" % child_id)
        return "P" + mac.hexdigest()[:16].upper()

    return name
