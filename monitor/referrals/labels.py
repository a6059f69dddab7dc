from flask_babel import lazy_gettext as _l

SERVICE_TYPES = {
    "remedial_class": _l("Remedial (evening) class"),
    "school_reenrolment": _l("Return to formal school"),
    "vocational_training": _l("Vocational training"),
    "rehabilitation": _l("Rehabilitation"),
    "health": _l("Health"),
    "psychosocial": _l("Psychosocial support"),
    "legal_aid": _l("Legal aid"),
    "civil_documents": _l("Civil documents"),
    "social_benefit": _l("Social benefit"),
    "livelihood_support": _l("Family livelihood support"),
    "day_care": _l("Day care"),
    "other": _l("Other service"),
}
STATUSES = {
    "proposed": _l("Proposed"),
    "sent": _l("Sent"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "in_service": _l("In service"),
    "completed": _l("Completed"),
    "dropped_out": _l("Dropped out"),
}
STEPS = {
    "sent": _l("Send"),
    "accepted": _l("Accepted"),
    "declined": _l("Declined"),
    "in_service": _l("Service started"),
    "completed": _l("Completed"),
    "dropped_out": _l("Dropped out"),
}
ERRORS = {
    "out_of_order": _l("This step cannot follow the referral's current one."),
    "consent_required": _l(
        "Consent of a parent or guardian is needed to send a referral (or a supervisor's override)."
    ),
    "reason_required": _l("Say why the referral was declined."),
    "provider_full": _l("This provider has no free place."),
    "provider_mismatch": _l("Choose a provider of this kind of service."),
    "not_a_class": _l("Attendance is recorded for an accepted referral to a remedial class."),
    "step_in_future": _l("The date of a step cannot be in the future."),
    "step_before_previous": _l("The date of a step cannot be before the referral's previous step."),
    "step_date": _l("Write the date as dd.mm.yyyy, for example 05.09.2014."),
    "attendance_days": _l("Present days cannot be more than class days (at most 31)."),
}
