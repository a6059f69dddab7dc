"""What the dashboard shows, as plain counts that can be kept and shown again (pure Python).

Computing the figures of a whole district reads every child of it: a fraction of a second for a
town, tens of seconds for the region. The counts are therefore kept (`monitor/reports/snapshots.py`)
and shown again for a while when computing them is slow; `reuse` is the rule that decides.
"""

from __future__ import annotations

import heapq
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from monitor.reports.figures import Figures


def part_key(part: tuple[str, str] | None) -> str:
    return "" if part is None else f"{part[0]}:{part[1]}"


@dataclass(frozen=True)
class CellCounts:
    """One figure: its total and its parts by sex and age group ("" is the total)."""

    counts: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.counts.get("", 0)

    def count(self, part: tuple[str, str] | None = None) -> int:
        return self.counts.get(part_key(part), 0)


EMPTY = CellCounts()


@dataclass
class Summary:
    """The dashboard's counts: {section: {key: {part: n}}}, medians, territories and months."""

    sections: dict = field(default_factory=dict)
    medians: dict = field(default_factory=dict)
    by_territory: dict = field(default_factory=dict)  # territory name -> {category: n}
    months: list = field(default_factory=list)  # (yyyy-mm, cases opened, children assessed)

    def cell(self, section: str, key: str) -> CellCounts:
        counts = self.sections.get(section, {}).get(key)
        return CellCounts(counts) if counts else EMPTY

    def to_json(self) -> str:
        return json.dumps(
            {
                "sections": self.sections,
                "medians": self.medians,
                "by_territory": self.by_territory,
                "months": self.months,
            },
            ensure_ascii=False,
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Summary:
        data = json.loads(text)
        return cls(data["sections"], data["medians"], data["by_territory"], [tuple(m) for m in data["months"]])


def _per_part(figures: Figures, measure) -> dict:
    """{section: {key: {part: measure(ids)}}} over the figures that are not zero ("" is the total)."""
    out: dict = {}
    for section, cells in figures.sections.items():
        for key, cell in cells.items():
            if cell.total:
                parts = {"": measure(cell.ids)}
                parts.update({part_key(part): measure(ids) for part, ids in cell.by.items() if ids})
                out.setdefault(section, {})[key] = parts
    return out


def summarise(figures: Figures, months: list[tuple[str, int, int]]) -> Summary:
    by_territory = {name: dict(values) for name, values in figures.by_territory.items()}
    return Summary(_per_part(figures, len), dict(figures.medians), by_territory, [tuple(m) for m in months])


def members(figures: Figures, limit: int) -> dict:
    """The first `limit` ids (smallest first) behind each figure and part: {section: {key: {part: ids}}}."""
    return _per_part(figures, lambda ids: heapq.nsmallest(limit, ids))


@dataclass(frozen=True)
class ReusePolicy:
    """When kept counts may be shown again instead of computed afresh.

    Counts that took less than `live_below` seconds to compute are always computed again (a small
    office sees every change at once); slower ones are shown for `reuse_for`, and never past the day
    they were computed on (case stages and visits due change with the date)."""

    reuse_for: timedelta = timedelta(minutes=10)
    live_below: float = 1.0

    def reuse(
        self, computed_at: datetime | None, computed_on: date | None, seconds: float | None, now: datetime, today: date
    ) -> bool:
        if computed_at is None or computed_on != today or seconds is None:
            return False
        return self.slow(seconds) and now - computed_at < self.reuse_for

    def slow(self, seconds: float | None) -> bool:
        """Whether counts that took `seconds` are kept (else computed for every request, and waited for)."""
        return seconds is not None and seconds >= self.live_below
