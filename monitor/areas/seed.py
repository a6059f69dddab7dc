"""Seed places from DOMAIN.md section 7: Osh city and Kara-Suu district (names ky / ru / en)."""

from __future__ import annotations

from sqlalchemy import select

from monitor.areas.models import Area, AreaKind
from monitor.areas.services import create_area
from monitor.extensions import db

K = AreaKind
# (key, parent key, kind, SOATE, Kyrgyz, Russian, English)
PLACES: tuple[tuple[str, str | None, AreaKind, str | None, str, str, str], ...] = (
    ("osh_region", None, K.REGION, "41706000000000", "Ош облусу", "Ошская область", "Osh region"),
    ("osh_city", None, K.CITY, "41721000000000", "Ош шаары", "город Ош", "Osh city"),
    (
        "kara_suu",
        "osh_region",
        K.DISTRICT,
        "41706226000000",
        "Кара-Суу району",
        "Кара-Суйский район",
        "Kara-Suu district",
    ),
    ("kara_suu_town", "kara_suu", K.TOWN, "41706226600010", "Кара-Суу шаары", "город Кара-Суу", "Kara-Suu town"),
    ("ak_tash", "kara_suu", K.AYIL_AIMAK, "41706226804000", "Ак-Таш", "Ак-Таш", "Ak-Tash"),
    ("jany_aryk", "kara_suu", K.AYIL_AIMAK, "41706226806000", "Жаңы-Арык", "Жаны-Арык", "Jany-Aryk"),
    ("joosh", "kara_suu", K.AYIL_AIMAK, "41706226807000", "Жоош", "Джоош", "Joosh"),
    ("katta_taldyk", "kara_suu", K.AYIL_AIMAK, "41706226812000", "Катта-Талдык", "Катта-Талдык", "Katta-Taldyk"),
    (
        "kashgar_kyshtak",
        "kara_suu",
        K.AYIL_AIMAK,
        "41706226816000",
        "Кашкар-Кыштак",
        "Кашгар-Кыштак",
        "Kashgar-Kyshtak",
    ),
    ("kyzyl_kyshtak", "kara_suu", K.AYIL_AIMAK, "41706226819000", "Кызыл-Кыштак", "Кызыл-Кыштак", "Kyzyl-Kyshtak"),
    ("kyzyl_suu", "kara_suu", K.AYIL_AIMAK, "41706226822000", "Кызыл-Суу", "Кызыл-Суу", "Kyzyl-Suu"),
    ("mady", "kara_suu", K.AYIL_AIMAK, "41706226826000", "Мады", "Мады", "Mady"),
    ("nariman", "kara_suu", K.AYIL_AIMAK, "41706226830000", "Нариман", "Нариман", "Nariman"),
    ("otuz_adyr", "kara_suu", K.AYIL_AIMAK, "41706226838000", "Отуз-Адыр", "Отуз-Адыр", "Otuz-Adyr"),
    ("sary_kolot", "kara_suu", K.AYIL_AIMAK, "41706226840000", "Сары-Колот", "Сары-Колот", "Sary-Kolot"),
    ("papan", "kara_suu", K.AYIL_AIMAK, "41706226842000", "Папан", "Папан", "Papan"),
    ("savay", "kara_suu", K.AYIL_AIMAK, "41706226850000", "Савай", "Савай", "Savay"),
    ("saray", "kara_suu", K.AYIL_AIMAK, "41706226854000", "Сарай", "Сарай", "Saray"),
    ("toloykon", "kara_suu", K.AYIL_AIMAK, "41706226862000", "Төлөйкөн", "Тёлёйкён", "Töloykön"),
    ("shark", "kara_suu", K.AYIL_AIMAK, "41706226868000", "Шарк", "Шарк", "Shark"),
    ("barak", "kara_suu", K.VILLAGE, None, "Барак", "Барак", "Barak"),
    ("kenesh", "osh_city", K.VILLAGE, None, "Кеңеш", "Кенеш", "Kenesh"),
    ("kerme_too", "osh_city", K.VILLAGE, None, "Керме-Тоо", "Керме-Тоо", "Kerme-Too"),
    ("ozgur", "osh_city", K.VILLAGE, None, "Өзгүр", "Озгур", "Ozgur"),
    ("orke", "osh_city", K.VILLAGE, None, "Өркө", "Орке", "Orke"),
    ("pyatiletka", "osh_city", K.VILLAGE, None, "Пятилетка", "Пятилетка", "Pyatiletka"),
    ("teeke", "osh_city", K.VILLAGE, None, "Тээке", "Теке", "Teeke"),
    ("uchar", "osh_city", K.VILLAGE, None, "Учар", "Учар", "Uchar"),
    ("amir_timur", "osh_city", K.NEIGHBOURHOOD, None, "Амир-Тимур", "Амир-Тимур", "Amir-Timur"),
    ("toloykon_osh", "osh_city", K.NEIGHBOURHOOD, None, "Төлөйкөн", "Тёлёйкён", "Töloykön"),
    ("japalak", "osh_city", K.NEIGHBOURHOOD, None, "Жапалак", "Жапалак", "Japalak"),
    ("ak_buura", "osh_city", K.NEIGHBOURHOOD, None, "Ак-Буура", "Ак-Буура", "Ak-Buura"),
    ("anar", "osh_city", K.NEIGHBOURHOOD, None, "Анар", "Анар", "Anar"),
    ("kurmanjan_datka", "osh_city", K.NEIGHBOURHOOD, None, "Курманжан-Датка", "Курманжан-Датка", "Kurmanjan-Datka"),
    ("manas_ata", "osh_city", K.NEIGHBOURHOOD, None, "Манас-Ата", "Манас-Ата", "Manas-Ata"),
    ("sulaiman_too", "osh_city", K.NEIGHBOURHOOD, None, "Сулайман-Тоо", "Сулайман-Тоо", "Sulaiman-Too"),
)


def seed_areas() -> dict[str, Area]:
    """Create the seed places that are missing (matched by English name and parent); return all by key."""
    by_key: dict[str, Area] = {}
    for key, parent_key, kind, soate, ky, ru, en in PLACES:
        parent = by_key.get(parent_key) if parent_key else None
        existing = db.session.scalar(
            select(Area).where(Area.name_en == en, Area.parent_id == (parent.id if parent else None))
        )
        by_key[key] = existing or create_area(parent, kind, soate, ky, ru, en)
    return by_key
