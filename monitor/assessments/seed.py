"""Seed sectors (DOMAIN.md 3.3), the national list of prohibited work, and the first thresholds."""

from __future__ import annotations

from sqlalchemy import select

from monitor.assessments.models import ProhibitedWork, Sector, ThresholdSet
from monitor.assessments.threshold_versions import ensure_default_version
from monitor.extensions import db
from monitor.risk.thresholds import load_default_thresholds

# (code, group, Kyrgyz, Russian, English)
SECTORS = (
    ("cotton", "agriculture", "Пахта", "Хлопок", "Cotton"),
    ("tobacco", "agriculture", "Тамеки", "Табак", "Tobacco"),
    ("rice", "agriculture", "Күрүч", "Рис", "Rice"),
    ("potatoes", "agriculture", "Картошка", "Картофель", "Potatoes"),
    ("sugar_beet", "agriculture", "Кант кызылчасы", "Сахарная свёкла", "Sugar beet"),
    ("wheat", "agriculture", "Буудай", "Пшеница", "Wheat"),
    ("livestock", "agriculture", "Мал багуу", "Животноводство", "Livestock"),
    ("bazaar_selling", "bazaar", "Базарда соода", "Торговля на базаре", "Selling at the bazaar"),
    (
        "bazaar_portering",
        "bazaar",
        "Базарда жүк ташуу",
        "Переноска грузов на базаре",
        "Bazaar portering (loads, bundles)",
    ),
    ("bazaar_loading", "bazaar", "Жүк жүктөө жана түшүрүү", "Погрузка и разгрузка", "Loading and unloading"),
    ("bazaar_carts", "bazaar", "Араба түртүү", "Толкание тележек", "Pushing carts"),
    ("car_wash", "services", "Унаа жуучу жай", "Автомойка", "Car wash"),
    ("cafe", "services", "Кафе", "Кафе", "Café"),
    ("street_vending", "street", "Көчөдө соода", "Уличная торговля", "Street vending"),
    ("begging", "street", "Кайыр суроо", "Попрошайничество", "Begging"),
    ("construction", "industry", "Курулуш", "Строительство", "Construction"),
    ("brick_making", "industry", "Кыш куюу", "Производство кирпича", "Brick making"),
    ("coal_mining", "industry", "Көмүр казуу", "Добыча угля", "Coal mining"),
    ("scrap_picking", "street", "Таштанды жыйноо", "Сбор металлолома и мусора", "Scrap and landfill picking"),
    (
        "domestic_work",
        "services",
        "Башка үйдө үй жумушу",
        "Домашний труд в чужом доме",
        "Domestic work for another household",
    ),
    ("other", "other", "Башка", "Другое", "Other"),
)
# The content of decree No. 314 (2 July 2001) could not be confirmed [U]: examples, editable.
PROHIBITED = (
    (
        "heavy_lifting",
        "Ченемден ашык оор жүк көтөрүү жана ташуу",
        "Подъём и перемещение тяжестей сверх норм",
        "Lifting and carrying loads above the limits",
    ),
    (
        "underground_mining",
        "Жер астындагы жана тоо-кен иштери",
        "Подземные и горные работы",
        "Underground and mining work",
    ),
    (
        "pesticides",
        "Пестициддер жана агрохимикаттар менен иштөө",
        "Работа с пестицидами и агрохимикатами",
        "Work with pesticides and agrochemicals",
    ),
    (
        "construction_heights",
        "Бийиктиктеги курулуш иштери",
        "Строительные работы на высоте",
        "Construction work at heights",
    ),
    (
        "tobacco_processing",
        "Тамеки өстүрүү жана иштетүү",
        "Выращивание и обработка табака",
        "Growing and processing tobacco",
    ),
    ("brick_kilns", "Кыш бышыруучу мештер", "Обжиг кирпича", "Brick kilns"),
    (
        "night_entertainment",
        "Түнкү көңүл ачуучу жайлар жана ичимдик сатуу",
        "Ночные заведения и торговля спиртным",
        "Night entertainment venues and sale of alcohol",
    ),
)
LIST_BASIS = "Government decree No. 314 of 2 July 2001, as amended [list content U]"


def seed_reference() -> None:
    """Add missing sectors, prohibited work and the first thresholds version (matched by code/version)."""
    sectors = set(db.session.scalars(select(Sector.code)))
    for code, group, ky, ru, en in SECTORS:
        if code not in sectors:
            db.session.add(Sector(code=code, group=group, name_ky=ky, name_ru=ru, name_en=en))
    listed = set(db.session.scalars(select(ProhibitedWork.code)))
    for code, ky, ru, en in PROHIBITED:
        if code not in listed:
            db.session.add(ProhibitedWork(code=code, name_ky=ky, name_ru=ru, name_en=en, legal_basis=LIST_BASIS))
    if (
        db.session.scalar(select(ThresholdSet.id).where(ThresholdSet.version == load_default_thresholds().version))
        is None
    ):
        ensure_default_version()
    db.session.flush()
