from flask_babel import lazy_gettext as _l

from monitor.cases.models import CaseSource

SOURCES = {
    CaseSource.MONITORING_GROUP: _l("Monitoring group"), CaseSource.SCHOOL: _l("School"),
    CaseSource.POLICE: _l("Police child-affairs inspector"), CaseSource.HEALTH: _l("Health worker"),
    CaseSource.SOCIAL_WORKER: _l("Social worker"), CaseSource.HOTLINE: _l("Hotline"),
    CaseSource.SELF_REFERRAL: _l("Self-referral"), CaseSource.ASSESSMENT: _l("Assessment that needs action"),
}
STAGES = {"identified": _l("Identified"), "assessed": _l("Assessed"), "closed": _l("Closed")}
OVERDUE = {"assessment": _l("Assessment overdue"), "plan": _l("Plan overdue")}
ERRORS = {
    "open_case_exists": _l("This child already has an open case."),
    "assignee_out_of_area": _l("Choose a worker of the child's area."),
    "same_assignee": _l("The case is already assigned to this worker."),
    "date_future": _l("This date is in the future."),
}
