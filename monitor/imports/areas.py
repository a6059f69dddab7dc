"""The areas an import's rows name: found by SOATE code or by name in any language and script."""

from __future__ import annotations

from sqlalchemy import select

from monitor.areas.models import Area
from monitor.core.permissions import area_paths
from monitor.extensions import db
from monitor.registry.names import fold


class Areas:
    """Areas found by SOATE code or by name in any language and script; only the user's count."""

    def __init__(self, user):
        self.all = list(db.session.scalars(select(Area).where(Area.active)))
        self.paths = area_paths(user)
        self.by_key: dict[str, list[Area]] = {}
        for area in self.all:
            for name in {area.name_ky, area.name_ru, area.name_en}:
                self.by_key.setdefault(fold(name), []).append(area)
            if area.soate:
                self.by_key.setdefault(area.soate, []).append(area)

    def mine(self, area: Area) -> bool:
        return any(area.path.startswith(path) for path in self.paths)

    def find(self, text: str, village: str = "", default: Area | None = None) -> tuple[Area | None, str | None]:
        if not text and not village:
            return (default, None) if default else (None, "area_missing")
        found = list(self.by_key.get(text.strip() if text.strip().isdigit() else fold(text), [])) if text else []
        if village:
            within = [
                a
                for a in self.by_key.get(fold(village), [])
                if not found or any(a.path.startswith(f.path) for f in found)
            ]
            found = within or found
        if not found:
            return None, "area_unknown"
        mine = [a for a in found if self.mine(a)]
        if not mine:
            return None, "area_outside"
        return max(mine, key=lambda a: len(a.path)), None
