"""The columns an import understands, with the headers offices write for them (pure Python)."""

from __future__ import annotations

# field -> headers seen in Kyrgyz, Russian and English lists (compared lower-case, "_" as space).
FIELDS: dict[str, tuple[str, ...]] = {
    "family_ref": ("family ref", "family", "үй-бүлө", "үй бүлө №", "семья", "№ семьи", "family id"),
    "area": (
        "ayil aimak",
        "area",
        "айыл аймак",
        "айылдык аймак",
        "аймак",
        "айыл окмоту",
        "территория",
        "soate",
        "соате",
    ),
    "village": ("village", "айыл", "село", "населенный пункт", "населённый пункт"),
    "street": ("street", "көчө", "улица"),
    "house": ("house", "үй", "дом"),
    "address": ("address", "дареги", "дарек", "адрес"),
    "head_of_household": ("head of household", "үй-бүлө башчысы", "глава семьи", "head"),
    "phone": ("phone", "телефон", "телефону", "ата-энесинин телефону", "телефон родителей", "phone number"),
    "parents_abroad": ("parents abroad", "ата-энеси чет өлкөдө", "родители за рубежом"),
    "hardship": ("hardship", "criteria", "критерийлер", "критерии", "hardship criteria"),
    "surname": ("child surname", "surname", "фамилия", "фамилиясы", "family name", "last name"),
    "given_name": ("child name", "name", "given name", "first name", "имя", "аты"),
    "patronymic": ("patronymic", "отчество", "атасынын аты"),
    "full_name": ("full name", "аты-жөнү", "фио", "ф.и.о.", "ф.и.о", "child"),
    "birth_date": (
        "child dob",
        "date of birth",
        "dob",
        "birth date",
        "дата рождения",
        "туулган күнү",
        "туулган датасы",
    ),
    "age": ("age", "жашы", "возраст"),
    "sex": ("child sex", "sex", "gender", "пол", "жынысы"),
    "school": ("school", "мектеп", "школа"),
    "grade": ("grade", "class", "класс", "классы"),
    "in_school": ("in school", "мектепке барат", "посещает школу", "attends school"),
    "non_attendance_reason": ("reason", "причина непосещения", "себеби", "барбаган себеби", "reason for not attending"),
    "work": ("work", "kind of work", "иштин түрү", "вид работы", "sector", "работа"),
    "hours": ("hours", "hours per week", "саат/жума", "часов в неделю", "часы", "саат"),
    "night_work": ("night work", "түнкү иш", "ночная работа"),
}
HEADER_INDEX = {alias: name for name, aliases in FIELDS.items() for alias in aliases}
KNOWN_HEADERS = frozenset(HEADER_INDEX)

# Columns of the template, in order (the template's header rows give them in three languages).
TEMPLATE = (
    "family_ref",
    "area",
    "street",
    "house",
    "phone",
    "head_of_household",
    "hardship",
    "surname",
    "given_name",
    "patronymic",
    "birth_date",
    "sex",
    "school",
    "grade",
    "in_school",
    "non_attendance_reason",
    "work",
    "hours",
    "night_work",
)


# The template's headers: English / Russian / Kyrgyz in one cell (each part is recognised).
LABELS = {
    "family_ref": ("family ref", "семья", "үй-бүлө"),
    "area": ("ayil aimak", "айыл аймак", "айыл аймак"),
    "street": ("street", "улица", "көчө"),
    "house": ("house", "дом", "үй"),
    "phone": ("phone", "телефон", "телефону"),
    "head_of_household": ("head of household", "глава семьи", "үй-бүлө башчысы"),
    "hardship": ("hardship", "критерии", "критерийлер"),
    "surname": ("surname", "фамилия", "фамилиясы"),
    "given_name": ("given name", "имя", "аты"),
    "patronymic": ("patronymic", "отчество", "атасынын аты"),
    "birth_date": ("date of birth", "дата рождения", "туулган күнү"),
    "sex": ("sex", "пол", "жынысы"),
    "school": ("school", "школа", "мектеп"),
    "grade": ("grade", "класс", "классы"),
    "in_school": ("in school", "посещает школу", "мектепке барат"),
    "non_attendance_reason": ("reason", "причина непосещения", "барбаган себеби"),
    "work": ("work", "вид работы", "иштин түрү"),
    "hours": ("hours per week", "часов в неделю", "саат/жума"),
    "night_work": ("night work", "ночная работа", "түнкү иш"),
}


def normalise(header: str) -> str:
    return " ".join(str(header).lower().replace("_", " ").replace("ё", "е").split())


def field_for(header) -> str | None:
    """The field a header names: the whole text, or any part of "English / Русский / Кыргызча"."""
    if not isinstance(header, str) or not header.strip():
        return None
    text = normalise(header)
    if text in HEADER_INDEX:
        return HEADER_INDEX[text]
    for part in text.split(" / "):
        if part.strip() in HEADER_INDEX:
            return HEADER_INDEX[part.strip()]
    return None


def template_header(name: str) -> str:
    return " / ".join(dict.fromkeys(LABELS[name]))


def auto_mapping(headers: list[str]) -> dict[int, str]:
    """Column index -> field, for the headers recognised (each field once, the first column wins)."""
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = field_for(header)
        if name and name not in mapping.values():
            mapping[index] = name
    return mapping
