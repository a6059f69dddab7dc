"""Turn a mapped row into the registry's data, with every problem named (pure Python).

The same rules as the registration form apply (monitor/registry/rules.py); problems come back as
(field, code) pairs the app translates, with the row number a person sees in the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from monitor.core.dates import parse_date
from monitor.core.text import composed, hidden_characters
from monitor.registry import rules
from monitor.registry.data import ChildData, FamilyData, RegistryError
from monitor.registry.models.enums import Attendance, Sex
from monitor.registry.names import fold

MALE = {"m", "м", "male", "boy", "эркек", "уул", "мальчик", "муж", "мужской", "э", "ер"}
FEMALE = {"f", "ж", "female", "girl", "кыз", "девочка", "жен", "женский", "к", "д"}
YES = {"yes", "y", "да", "ооба", "1", "true", "бар", "+"}
NO = {"no", "n", "нет", "жок", "0", "false", "-"}
IRREGULAR = {"irregular", "irregularly", "нерегулярно", "иногда", "кээде", "sometimes"}
NO_REASON = "(not stated in the imported list)"
UNKNOWN_HOURS = {"don't know", "dont know", "unknown", "не знаю", "неизвестно", "билбейм", "белгисиз", "?"}
# Words in the "kind of work" column and the sector they name (folded, so any script matches).
WORK_WORDS = (
    (("жүк ташуу", "грузчик", "перенос", "portering", "porter", "load"), "bazaar_portering"),
    (("араба", "тележ", "cart"), "bazaar_carts"),
    (("таштанды", "мусор", "металлолом", "scrap", "waste", "landfill"), "scrap_picking"),
    (("кафе", "cafe", "ресторан", "ашкана"), "cafe"),
    (("унаа жуу", "мойк", "car wash"), "car_wash"),
    (("кайыр", "попрошай", "begging"), "begging"),
    (("пахта", "хлопок", "cotton"), "cotton"),
    (("тамеки", "табак", "tobacco"), "tobacco"),
    (("курулуш", "стро", "construction"), "construction"),
    (("кирпич", "brick", "кыш куюу"), "brick_making"),
    (("мал багуу", "скот", "livestock", "малчы"), "livestock"),
    (("көчө", "улиц", "street"), "street_vending"),
    (("соода", "торгов", "selling", "trade", "сатуу"), "bazaar_selling"),
)


@dataclass
class Problem:
    field: str
    code: str


@dataclass
class RowData:
    index: int  # 0-based data row
    family_key: str  # rows of one household share it
    area_text: str
    family: FamilyData | None = None
    child: ChildData | None = None
    hardship: list[str] = field(default_factory=list)
    work_sector: str | None = None  # a sector code, when the row has work columns
    work_text: str = ""
    hours: float | None = None
    hours_unknown: bool = False
    night: bool = False
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return composed(str(value)).strip()


def _hidden(row: dict) -> list[Problem]:
    """The cells holding invisible or text-direction characters (the same rule as the forms)."""
    return [
        Problem(name, "hidden_characters")
        for name, value in row.items()
        if isinstance(value, str) and hidden_characters(value, multiline=True)
    ]


def _flag(value) -> bool | None:
    text = _text(value).lower()
    return True if text in YES else False if text in NO else None


def _sex(value) -> Sex | None:
    text = _text(value).lower().rstrip(".")
    return Sex.MALE if text in MALE else Sex.FEMALE if text in FEMALE else None


def _split_name(full: str) -> tuple[str, str, str]:
    """'Асанова Жылдыз' -> surname, given name; a third word is the patronymic (its tail words too)."""
    parts = full.split()
    if len(parts) == 1:
        return "", parts[0], ""
    return parts[0], parts[1], " ".join(parts[2:])


def _birth(row: dict, today: date, problems: list[Problem]) -> tuple[date | None, bool]:
    """The birth date and whether it is estimated: the date written, or 1 January of the year an age
    gives; an age written beside a date must agree with it."""
    value = row.get("birth_date")
    born = None
    if isinstance(value, date):
        born = value
    elif _text(value):
        try:
            born = parse_date(value if isinstance(value, (int, float)) else _text(value), today, excel_serials=True)
        except ValueError as error:
            problems.append(Problem("birth_date", str(error)))
            return None, False
    age = _text(row.get("age"))
    if born is not None:
        if not _age_agrees(age, born, today):
            problems.append(Problem("age", "age_mismatch"))
        return born, False
    if age:
        return _born_from_age(age, today, problems)
    problems.append(Problem("birth_date", "birth_date_missing"))
    return None, False


def _age_agrees(age: str, born: date, today: date) -> bool:
    """An age (or a range "10-12") beside the date agrees within a year; another text is not checked."""
    bounds = re.fullmatch(r"(\d{1,2})\s*(?:[-–]\s*(\d{1,2}))?", age)
    if not bounds:
        return True
    low, high = int(bounds.group(1)), int(bounds.group(2) or bounds.group(1))
    actual = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return low - 1 <= actual <= high + 1


def _born_from_age(age: str, today: date, problems: list[Problem]) -> tuple[date | None, bool]:
    if re.fullmatch(r"\d{1,2}\s*[-–]\s*\d{1,2}", age):
        problems.append(Problem("age", "age_range"))
        return None, False
    if not (age.isdecimal() and len(age) <= 2):  # a child's age; "²" or "2027" is no number of years
        problems.append(Problem("age", "age_format"))
        return None, False
    return date(today.year - int(age), 1, 1), True


def work_sector(text: str, sector_names: dict[str, str]) -> str:
    """The sector a free-text kind of work names (its own name in any language, or a known word)."""
    key = fold(text)
    if key in sector_names:
        return sector_names[key]
    for words, code in WORK_WORDS:
        if any(fold(word) and fold(word) in key for word in words):
            return code
    return "other"


CHILD_FIELDS = frozenset({"surname", "given_name", "full_name", "birth_date", "age", "sex"})


def convert(
    index: int,
    row: dict,
    today: date,
    area_id: int | None,
    criteria: dict[str, tuple[int, str]],
    sector_names: dict[str, str],
    families_only: bool = False,
) -> RowData:
    """`row` maps field -> cell; `area_id` is the area found for the row (None: not found);
    `criteria` maps a hardship code to (id, kind "family" | "child"). With `families_only` (no child
    column chosen) a row is a household."""
    if families_only:
        return _family_row(index, row, criteria)
    problems: list[Problem] = _hidden(row)
    surname, given, patronymic = _names(row, problems)
    born, estimated = _birth(row, today, problems)
    sex = _sex(row.get("sex"))
    if sex is None:
        problems.append(Problem("sex", "sex_unknown"))
    hardship = _hardship_codes(row)
    family_criteria, child_criteria = _chosen_criteria(row, hardship, criteria, problems)
    family = _household(row, area_id, family_criteria, problems)
    child = None
    if born is not None and sex is not None and (given or surname):
        child = _child(row, (surname, given, patronymic), sex, born, estimated, child_criteria)
        problems.extend(Problem(problem.field, problem.code) for problem in rules.child_problems(child, today))
    data = RowData(
        index, _text(row.get("family_ref")), _text(row.get("area")), family, child, hardship, problems=problems
    )
    _add_work(data, row, sector_names)
    return data


def _names(row: dict, problems: list[Problem]) -> tuple[str, str, str]:
    """Surname, given name and patronymic, from their own columns or from one full-name column."""
    surname, given, patronymic = _text(row.get("surname")), _text(row.get("given_name")), _text(row.get("patronymic"))
    if _text(row.get("full_name")) and not (surname and given):
        surname, given, patronymic = _split_name(_text(row.get("full_name")))
    if not given and not surname:
        problems.append(Problem("surname", "name_missing"))
    elif not given or not surname:
        problems.append(Problem("given_name" if not given else "surname", "name_incomplete"))
    return surname, given, patronymic


def _hardship_codes(row: dict) -> list[str]:
    """The hardship codes of the row's cell, however they are separated."""
    return [code.strip().upper() for code in re.split(r"[|,;/ ]+", _text(row.get("hardship"))) if code.strip()]


def _chosen_criteria(
    row: dict, hardship: list[str], criteria: dict[str, tuple[int, str]], problems: list[Problem]
) -> tuple[dict[int, str], dict[int, str]]:
    """The family's and the child's criteria the row names; parents abroad is the family's F05."""
    family_criteria: dict[int, str] = {}
    child_criteria: dict[int, str] = {}
    for code in hardship:
        if code not in criteria:
            problems.append(Problem("hardship", "hardship_unknown"))
            continue
        criterion_id, kind = criteria[code]
        (family_criteria if kind == "family" else child_criteria)[criterion_id] = ""
    if _flag(row.get("parents_abroad")) and "F05" in criteria:
        family_criteria[criteria["F05"][0]] = ""
    return family_criteria, child_criteria


def _household(row: dict, area_id: int | None, family_criteria: dict[int, str], problems: list[Problem]) -> FamilyData:
    """The household of a child's row: its address (one address column does for the street), phone
    and, as notes, the head of household and the village."""
    street = _text(row.get("street")) or _text(row.get("address"))
    notes = [text for text in (_text(row.get("head_of_household")), _text(row.get("village"))) if text]
    family = FamilyData(
        area_id=area_id or 0,
        street=street[:200],
        house=_text(row.get("house"))[:40],
        phone=_text(row.get("phone")),
        notes="; ".join(notes)[:4000],
        criteria=family_criteria,
    )
    _check_phone(family, problems)
    return family


def _check_phone(family: FamilyData, problems: list[Problem]) -> None:
    if not family.phone:
        return
    try:
        rules.family_phones(family)
    except RegistryError as error:
        problems.append(Problem("phone", error.code))


def _attendance(row: dict) -> tuple[bool | None, Attendance | None, str]:
    """Whether the list says the child is in school, how they attend, and why not (never empty for a
    child not attending: the form asks why; an office list often does not say)."""
    in_school = _flag(row.get("in_school"))
    irregular = _text(row.get("in_school")).lower() in IRREGULAR
    reason = _text(row.get("non_attendance_reason"))
    attendance = None
    if irregular:
        attendance = Attendance.IRREGULAR
    elif in_school is False or reason:
        attendance = Attendance.NOT_ATTENDING
    if attendance == Attendance.NOT_ATTENDING and not reason:
        reason = NO_REASON
    return in_school, attendance, reason


def _grade(row: dict) -> int | None:
    """The school grade the cell starts with (1 to 12), or None."""
    found = re.match(r"\d{1,2}", _text(row.get("grade")))
    return int(found.group(0)) if found and int(found.group(0)) <= 12 else None


def _child(
    row: dict,
    names: tuple[str, str, str],
    sex: Sex,
    born: date,
    estimated: bool,
    child_criteria: dict[int, str],
) -> ChildData:
    surname, given, patronymic = names
    in_school, attendance, reason = _attendance(row)
    school = _text(row.get("school"))
    return ChildData(
        surname=surname[:100],
        given_name=given[:100],
        patronymic=patronymic[:100],
        sex=sex,
        birth_date=born,
        birth_date_estimated=estimated,
        school_name=school[:120],
        school_grade=_grade(row),
        school_enrolled=in_school is not False or bool(school),
        attendance=attendance,
        non_attendance_reason=reason[:300],
        criteria=child_criteria,
    )


def _add_work(data: RowData, row: dict, sector_names: dict[str, str]) -> None:
    """The work the row records (its sector, weekly hours, at night), when it has work columns."""
    work, hours_text = _text(row.get("work")), _text(row.get("hours")).lower()
    if not work and not hours_text:
        return
    data.work_text = work
    data.work_sector = work_sector(work, sector_names) if work else "other"
    data.night = bool(_flag(row.get("night_work")))
    if hours_text in UNKNOWN_HOURS or not hours_text:
        data.hours_unknown = True
        return
    try:
        hours = float(hours_text.replace(",", "."))
    except ValueError:
        hours = -1.0
    if 0 <= hours <= 168:
        data.hours = hours
    else:
        data.problems.append(Problem("hours", "hours_format"))


def _family_row(index: int, row: dict, criteria: dict[str, tuple[int, str]]) -> RowData:
    problems: list[Problem] = _hidden(row)
    chosen: dict[int, str] = {}
    hardship = _hardship_codes(row)
    for code in hardship:
        if code not in criteria or criteria[code][1] != "family":
            problems.append(Problem("hardship", "hardship_unknown"))
        else:
            chosen[criteria[code][0]] = ""
    if _flag(row.get("parents_abroad")) and "F05" in criteria:
        chosen[criteria["F05"][0]] = ""
    if not _text(row.get("head_of_household")) and not (_text(row.get("street")) or _text(row.get("address"))):
        problems.append(Problem("head_of_household", "household_unnamed"))
    family = _household(row, None, chosen, problems)
    return RowData(
        index, _text(row.get("family_ref")), _text(row.get("area")), family, None, hardship, problems=problems
    )


def in_file_key(data: RowData) -> tuple | None:
    child = data.child
    if child is None:
        return None
    return fold(child.surname), fold(child.given_name), child.birth_date
