"""Seed the hardship criteria of DOMAIN.md section 4 (editable afterwards by administrators)."""

from __future__ import annotations

from sqlalchemy import select

from monitor.extensions import db
from monitor.registry.models import Criterion, CriterionKind

F, C = CriterionKind.FAMILY, CriterionKind.CHILD
# (code, kind, Kyrgyz, Russian, English, needs a free text)
CRITERIA = (
    (
        "F01",
        F,
        "Аз камсыз болгон үй-бүлө (үй-бүлөгө көмөк алат)",
        "Малообеспеченная семья (получает пособие)",
        "Low-income family (receives the monthly benefit)",
        False,
    ),
    ("F02", F, "Ата-энеси жумушсуз", "Родители безработные", "Parents unemployed", False),
    (
        "F03",
        F,
        "Толук эмес же көп балалуу үй-бүлө",
        "Неполная или многодетная семья",
        "Single-parent or large family",
        False,
    ),
    (
        "F04",
        F,
        "Ата-энесинин майыптыгы же өнөкөт оорусу бар",
        "Родитель с инвалидностью или хроническим заболеванием",
        "Parent with disability or chronic illness",
        False,
    ),
    (
        "F05",
        F,
        "Ата-энеси эмгек мигранты катары чет өлкөдө",
        "Родители за рубежом (трудовые мигранты)",
        "Parents abroad as labour migrants",
        False,
    ),
    (
        "F06",
        F,
        "Ичкиликке же баңгизатка көз карандылык",
        "Алкогольная или наркотическая зависимость",
        "Alcohol or drug dependence",
        False,
    ),
    ("F07", F, "Үй-бүлөлүк зомбулук", "Домашнее насилие", "Domestic violence", False),
    (
        "F08",
        F,
        "Турак жай жараксыз же каттоосу жок",
        "Неудовлетворительное жильё или нет регистрации",
        "Inadequate housing or no registration",
        False,
    ),
    (
        "F09",
        F,
        "Ата-энеси ата-энелик укугунан ажыратылган же камакта",
        "Родитель лишён родительских прав или в заключении",
        "Parent deprived of parental rights or in prison",
        False,
    ),
    (
        "C01",
        C,
        "Жетим же ата-энесинин камкордугусуз калган",
        "Сирота или оставшийся без попечения родителей",
        "Orphan or without parental care",
        False,
    ),
    ("C02", C, "Майыптыгы бар", "Ребёнок с инвалидностью", "Disability", False),
    (
        "C03",
        C,
        "Зомбулуктун, кордуктун же кароосуз калуунун курмандыгы",
        "Жертва насилия, жестокого обращения или пренебрежения",
        "Victim of violence, abuse or neglect",
        False,
    ),
    ("C04", C, "Мыйзам менен чыр-чатакта", "В конфликте с законом", "In conflict with the law", False),
    ("C05", C, "Балдар эмгегинде", "Вовлечён в детский труд", "In child labour", False),
    (
        "C06",
        C,
        "Көчө баласы же кайыр сурайт",
        "Безнадзорный ребёнок или попрошайничает",
        "Street child or begging",
        False,
    ),
    (
        "C07",
        C,
        "Мектепке катталган эмес же барбайт",
        "Не зачислен в школу или не посещает её",
        "Not enrolled or not attending school",
        False,
    ),
    (
        "C08",
        C,
        "Адам сатуунун же эксплуатациянын курмандыгы",
        "Жертва торговли людьми или эксплуатации",
        "Victim of trafficking or exploitation",
        False,
    ),
    (
        "C09",
        C,
        "Тийиштүү камкордуксуз калган эмгек мигранттарынын баласы",
        "Ребёнок трудовых мигрантов без надлежащего ухода",
        "Child of labour migrants left without adequate care",
        False,
    ),
    (
        "C10",
        C,
        "Инсандыгын тастыктаган документтери жок",
        "Нет документов, удостоверяющих личность",
        "Without identity documents",
        False,
    ),
    (
        "C11",
        C,
        "Өзгөчө кырдаалдан жабыр тарткан, качкын же жарандыгы жок",
        "Пострадал от чрезвычайной ситуации, беженец или без гражданства",
        "Affected by emergency, refugee or stateless",
        False,
    ),
    (
        "C12",
        C,
        "Эрте никеге турган же кош бойлуу",
        "Ранний брак или беременность",
        "Early marriage or pregnancy",
        False,
    ),
    ("C13", C, "Психоактивдүү заттарды колдонот", "Употребление психоактивных веществ", "Substance use", False),
    ("C99", C, "Башка (жазыңыз)", "Другое (укажите)", "Other (say what)", True),
)


def seed_criteria() -> int:
    """Add the criteria that are missing (matched by code); returns how many were added."""
    existing = set(db.session.scalars(select(Criterion.code)))
    added = 0
    for code, kind, ky, ru, en, needs_text in CRITERIA:
        if code not in existing:
            db.session.add(Criterion(code=code, kind=kind, name_ky=ky, name_ru=ru, name_en=en, needs_text=needs_text))
            added += 1
    db.session.flush()
    return added
