"""What the risk report shows, as plain counts (pure Python): {section: {key: {part: n}}}, where a
part is "" (the total), "sex:M" or "age:5-11"; counted in SQL by monitor/reports/counts.py."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    """The report's counts: {section: {key: {part: n}}}, medians, territories and months."""

    sections: dict = field(default_factory=dict)
    medians: dict = field(default_factory=dict)
    by_territory: dict = field(default_factory=dict)  # territory name -> {category: n}
    months: list = field(default_factory=list)  # (yyyy-mm, cases opened, children assessed)

    def cell(self, section: str, key: str) -> CellCounts:
        counts = self.sections.get(section, {}).get(key)
        return CellCounts(counts) if counts else EMPTY


def summarise(figures: Figures, months: list[tuple[str, int, int]]) -> Summary:
    """The counts of figures computed in Python from facts (monitor/reports/figures.py)."""
    sections: dict = {}
    for section, cells in figures.sections.items():
        for key, cell in cells.items():
            if cell.total:
                parts = {"": cell.total}
                parts.update({part_key(part): len(ids) for part, ids in cell.by.items() if ids})
                sections.setdefault(section, {})[key] = parts
    by_territory = {name: dict(values) for name, values in figures.by_territory.items()}
    return Summary(sections, dict(figures.medians), by_territory, [tuple(m) for m in months])
