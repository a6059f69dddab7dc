"""Small-cell suppression for published tables (pure Python).

A count from 1 to threshold-1 is suppressed (primary); zeros are shown. Where a total and its parts
are published together, one suppressed cell could be recovered by subtraction, so another cell of
the same sum is suppressed too (secondary), the smallest non-zero one, until no sum has exactly one
hidden cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable


class _Hidden:
    """A suppressed cell (written as "<5" or the configured marker)."""

    def __repr__(self) -> str:
        return "HIDDEN"

    def __bool__(self) -> bool:
        return False


HIDDEN = _Hidden()
Constraint = tuple[list[Hashable], Hashable]  # (parts, total): sum(parts) == total


def suppress(
    values: dict[Hashable, int], constraints: Iterable[Constraint] = (), threshold: int = 5
) -> dict[Hashable, int | _Hidden]:
    """Return a copy of `values` with suppressed cells set to HIDDEN."""
    hidden = {key for key, value in values.items() if 0 < value < threshold}
    constraints = list(constraints)
    changed = True
    while changed:
        changed = False
        for parts, total in constraints:
            members = [*parts, total]
            if sum(key in hidden for key in members) != 1:
                continue
            candidates = sorted(
                (values[key], key != total, str(key), key)
                for key in members
                if key not in hidden and values.get(key, 0) > 0
            )
            # Prefer a part over the total (the total is the figure people need most).
            parts_first = [c for c in candidates if c[1]] or candidates
            if parts_first:
                hidden.add(parts_first[0][3])
                changed = True
    return {key: (HIDDEN if key in hidden else value) for key, value in values.items()}
