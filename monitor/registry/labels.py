"""Translated labels of the registry's coded values and its error messages."""

from flask_babel import lazy_gettext as _l

from monitor.registry.models.enums import (
    AssistanceKind,
    Attendance,
    Consent,
    Employment,
    LivingArrangement,
    Relation,
    Sex,
)

SEX = {Sex.FEMALE: _l("Girl"), Sex.MALE: _l("Boy")}
RELATION = {
    Relation.MOTHER: _l("Mother"),
    Relation.FATHER: _l("Father"),
    Relation.STEPMOTHER: _l("Stepmother"),
    Relation.STEPFATHER: _l("Stepfather"),
    Relation.GRANDMOTHER: _l("Grandmother"),
    Relation.GRANDFATHER: _l("Grandfather"),
    Relation.AUNT: _l("Aunt"),
    Relation.UNCLE: _l("Uncle"),
    Relation.ADULT_SIBLING: _l("Adult brother or sister"),
    Relation.GUARDIAN: _l("Guardian"),
    Relation.OTHER: _l("Other relative or adult"),
}
EMPLOYMENT = {
    Employment.EMPLOYED: _l("Employed"),
    Employment.SELF_EMPLOYED: _l("Self-employed"),
    Employment.INFORMAL: _l("Informal or seasonal work"),
    Employment.UNEMPLOYED: _l("Unemployed"),
    Employment.PENSIONER: _l("Pensioner"),
    Employment.STUDENT: _l("Student"),
    Employment.HOMEMAKER: _l("Homemaker"),
    Employment.UNKNOWN: _l("Not known"),
}
ASSISTANCE = {
    AssistanceKind.LOW_INCOME_BENEFIT: _l("Monthly benefit for low-income families with children"),
    AssistanceKind.DISABILITY_BENEFIT: _l("Disability benefit"),
    AssistanceKind.SURVIVOR_PENSION: _l("Pension for loss of breadwinner"),
    AssistanceKind.HUMANITARIAN_AID: _l("Humanitarian aid"),
    AssistanceKind.OTHER: _l("Other assistance"),
}
LIVING = {
    LivingArrangement.BOTH_PARENTS: _l("With both parents"),
    LivingArrangement.ONE_PARENT: _l("With one parent"),
    LivingArrangement.RELATIVES_PARENTS_ABROAD: _l("With relatives while the parents work abroad"),
    LivingArrangement.RELATIVES: _l("With relatives"),
    LivingArrangement.GUARDIAN: _l("With a guardian"),
    LivingArrangement.INSTITUTION: _l("In an institution"),
    LivingArrangement.ALONE: _l("Alone or on the street"),
    LivingArrangement.OTHER: _l("Other"),
}
ATTENDANCE = {
    Attendance.REGULAR: _l("Attends regularly"),
    Attendance.IRREGULAR: _l("Attends irregularly"),
    Attendance.NOT_ATTENDING: _l("Does not attend"),
}
CONSENT = {
    Consent.YES: _l("Given"),
    Consent.NO: _l("Refused"),
    Consent.NOT_ASKED: _l("Not yet asked"),
}

ERRORS = {
    "birth_date_future": _l("The date of birth is in the future."),
    "adult": _l("This person is 18 or older: the registry is for children."),
    "pin_length": _l("A personal number has exactly 14 digits."),
    "pin_digits": _l("A personal number has digits only."),
    "pin_sex_digit": _l("A personal number starts with 1 (female) or 2 (male)."),
    "pin_birth_date": _l("Digits 2 to 9 of a personal number must be a real date of birth (ddmmyyyy)."),
    "pin_sex": _l("The personal number does not match the child's sex."),
    "pin_birth_date_mismatch": _l("The personal number does not match the date of birth."),
    "pin_taken": _l("Another child already has this personal number."),
    "phone_format": _l("Write a Kyrgyz phone number, for example 0555 123 456 or +996 555 123 456."),
    "reason_required": _l("Say why the child does not attend school."),
    "consent_by_required": _l("Say who gave or refused consent."),
    "date_future": _l("This date is in the future."),
    "criterion_unknown": _l("Choose criteria from the list."),
    "criterion_text_required": _l("Say what the other hardship is."),
    "area_unknown": _l("Choose an active area from your list."),
    "same_family": _l("The child already lives in this family."),
    "merge_invalid": _l("These two records cannot be merged."),
    "merge_archived": _l("An archived or erased record cannot be merged."),
    "merge_open_cases": _l(
        "Both records have an open case: close one of them (or wait for its closure to be "
        "approved) before merging the records."
    ),
    "merge_conflict": _l("Both records hold something a child can have only once: correct one of them before merging."),
    "merge_stale": _l("One of the records changed since this page was shown: check them again and confirm."),
    "stale": _l(
        "Someone else saved this record while you were editing. Your changes are shown below: "
        "check them against the current record and save again."
    ),
    "family_unknown": _l("No family with this number in your areas."),
    "child_unknown": _l("No child with this number in your areas."),
}
