"""Coded values of the registry (stored as their string values)."""

from __future__ import annotations

import enum


class Sex(str, enum.Enum):
    FEMALE = "F"
    MALE = "M"


class Relation(str, enum.Enum):
    MOTHER = "mother"
    FATHER = "father"
    STEPMOTHER = "stepmother"
    STEPFATHER = "stepfather"
    GRANDMOTHER = "grandmother"
    GRANDFATHER = "grandfather"
    AUNT = "aunt"
    UNCLE = "uncle"
    ADULT_SIBLING = "adult_sibling"
    GUARDIAN = "guardian"
    OTHER = "other"


class Employment(str, enum.Enum):
    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    INFORMAL = "informal"
    UNEMPLOYED = "unemployed"
    PENSIONER = "pensioner"
    STUDENT = "student"
    HOMEMAKER = "homemaker"
    UNKNOWN = "unknown"


class AssistanceKind(str, enum.Enum):
    LOW_INCOME_BENEFIT = "low_income_benefit"  # monthly benefit for low-income families with children
    DISABILITY_BENEFIT = "disability_benefit"
    SURVIVOR_PENSION = "survivor_pension"
    HUMANITARIAN_AID = "humanitarian_aid"
    OTHER = "other"


class LivingArrangement(str, enum.Enum):
    BOTH_PARENTS = "both_parents"
    ONE_PARENT = "one_parent"
    RELATIVES_PARENTS_ABROAD = "relatives_parents_abroad"
    RELATIVES = "relatives"
    GUARDIAN = "guardian"
    INSTITUTION = "institution"
    ALONE = "alone"
    OTHER = "other"


class Attendance(str, enum.Enum):
    REGULAR = "regular"
    IRREGULAR = "irregular"
    NOT_ATTENDING = "not_attending"


class Consent(str, enum.Enum):
    YES = "yes"
    NO = "no"
    NOT_ASKED = "not_asked"
