"""Words of the import pages: column names, refusals, row problems (translated by the app)."""

from flask_babel import lazy_gettext as _l

from monitor.core.fields import DATE_ERRORS
from monitor.registry.labels import ERRORS as REGISTRY_ERRORS

FIELDS = {
    "family_ref": _l("Household number (rows with the same number are one family)"),
    "area": _l("Ayil aimak or area"),
    "village": _l("Village"),
    "street": _l("Street"),
    "house": _l("House"),
    "address": _l("Address"),
    "head_of_household": _l("Head of household"),
    "phone": _l("Phone"),
    "parents_abroad": _l("Parents abroad"),
    "hardship": _l("Hardship criteria (codes)"),
    "surname": _l("Surname"),
    "given_name": _l("Given name"),
    "patronymic": _l("Patronymic"),
    "full_name": _l("Full name (surname and given name)"),
    "birth_date": _l("Date of birth"),
    "age": _l("Age (when the date of birth is not known)"),
    "sex": _l("Sex"),
    "school": _l("School"),
    "grade": _l("Grade"),
    "in_school": _l("Attends school (yes/no)"),
    "non_attendance_reason": _l("Reason for not attending school"),
    "work": _l("Kind of work"),
    "hours": _l("Hours of work in the last 7 days"),
    "night_work": _l("Works at night (yes/no)"),
}
IGNORE = _l("— not imported —")
NO_COLUMNS = _l("Choose at least one column to import.")
STATUSES = {
    "mapping": _l("Columns to choose"),
    "checking": _l("Checking"),
    "checked": _l("Checked: waiting for your decision"),
    "committing": _l("Saving"),
    "committed": _l("Imported"),
    "undone": _l("Undone"),
    "failed": _l("Refused"),
    "expired": _l("Expired: upload the file again"),
}
REFUSALS = {
    "too_big": _l("The file is larger than %(limit)s MB."),
    "empty": _l("The file is empty."),
    "no_rows": _l("The file has headers but no rows."),
    "not_a_spreadsheet": _l("This is not a readable .xlsx or .csv table (the file may be damaged or of another kind)."),
    "old_excel": _l("Save the file as .xlsx (Excel Workbook) or .csv and upload it again."),
    "macro": _l("Workbooks with macros are not accepted: save it as .xlsx (Excel Workbook) without macros."),
    "zip_bomb": _l("The workbook unpacks to far more data than a list can hold; it is refused."),
    "xml_entities": _l("The workbook contains XML entity declarations, which are not accepted."),
    "cell_too_long": _l("A cell holds more than %(limit)s characters: this is not a list of people."),
    "nul_bytes": _l("The file contains NUL bytes: this is not a text table."),
    "too_many_rows": _l("The file has more than %(limit)s rows: split it into several files."),
    "too_wide": _l("The file has more than %(limit)s columns: this is not a list the import can read."),
    "too_many_sheets": _l("The workbook has more than %(limit)s sheets: keep the list on one sheet and save it again."),
    "too_many_cells": _l("The workbook has more than %(limit)s cells: split it into several files."),
    "too_many_texts": _l("The workbook holds more than %(limit)s different texts: split it into several files."),
    "expired": _l("The uploaded file was deleted after the days it is kept: upload it again."),
    "internal": _l("The check could not be finished. Nothing was written; try again or tell the administrator."),
    "worker_stopped": _l(
        "The background worker stopped each time it took this work up. Nothing was written; try again "
        "or tell the administrator."
    ),
}
# What the queue is doing with the current step (monitor/jobs): shown above its progress.
WAITING_FOR_WORKER = _l(
    "Queued: waiting for the background worker. If this lasts more than a few minutes, the worker may "
    "not be running: tell the administrator."
)
WORKER_STOPPED = _l(
    "The background worker stopped during this work; nothing of it was kept and it was taken up again "
    "(attempt %(attempt)s of %(attempts)s)."
)
RETRYING = _l("This work failed and is tried again (attempt %(attempt)s of %(attempts)s).")
PROBLEMS = {
    "name_missing": _l("No name."),
    "name_incomplete": _l("Both the surname and the given name are needed."),
    "birth_date_missing": _l("No date of birth (or age)."),
    "age_range": _l("The age is a range; write one age or the date of birth."),
    "age_format": _l("The age is not a number."),
    "age_mismatch": _l("The age does not match the date of birth."),
    "sex_unknown": _l("Sex not recognised: write M or F (М/Ж, эркек/кыз)."),
    "hardship_unknown": _l("Unknown hardship criterion code."),
    "household_unnamed": _l("No head of household and no address: the household cannot be told apart."),
    "hours_format": _l('Hours must be a number from 0 to 168, or "don\'t know".'),
    "area_missing": _l("No area: add the column or choose an area for rows that name none."),
    "area_unknown": _l("Area not found (by name in any language, or SOATE code)."),
    "area_outside": _l("This area is outside your areas."),
    "hidden_characters": _l("The cell has invisible or text-direction characters: correct it in the file."),
    **dict(DATE_ERRORS.items()),
}
UNDO_BLOCKERS = {
    "not_committed": _l("Only an import that went in can be undone."),
    "family_changed": _l("A family of this import was changed since: it cannot be undone."),
    "child_changed": _l("A child of this import was changed or merged since: it cannot be undone."),
    "child_added": _l("A child was added to a family of this import since: it cannot be undone."),
    "assessed_since": _l("A child of this import was assessed since: it cannot be undone."),
    "case_work": _l("Case work was recorded for a child of this import since: it cannot be undone."),
}


def problem(code: str) -> str:
    message = PROBLEMS.get(code) or REGISTRY_ERRORS.get(code)
    return str(message) if message else code


def refusal(error) -> str:
    message = str(REFUSALS.get(error.code, REFUSALS["not_a_spreadsheet"]))
    return message % error.details if error.details else message


def job_state(job) -> str | None:
    """The user's sentence for a job that is not simply running for the first time."""
    if job is None or job.status not in ("queued", "running"):
        return None
    if job.status == "queued" and job.attempts == 0:
        return str(WAITING_FOR_WORKER)
    attempt = job.attempts + (job.status == "queued")
    message = {"worker_stopped": WORKER_STOPPED, "error": RETRYING}.get(job.requeued)
    return str(message) % {"attempt": attempt, "attempts": job.max_attempts} if message else None
