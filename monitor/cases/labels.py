from flask_babel import lazy_gettext as _l

from monitor.cases import case_rules
from monitor.cases.models import CaseSource

SOURCES = {
    CaseSource.MONITORING_GROUP: _l("Monitoring group"),
    CaseSource.SCHOOL: _l("School"),
    CaseSource.POLICE: _l("Police child-affairs inspector"),
    CaseSource.HEALTH: _l("Health worker"),
    CaseSource.SOCIAL_WORKER: _l("Social worker"),
    CaseSource.HOTLINE: _l("Hotline"),
    CaseSource.SELF_REFERRAL: _l("Self-referral"),
    CaseSource.ASSESSMENT: _l("Assessment that needs action"),
}
STAGES = {
    "identified": _l("Identified"),
    "assessed": _l("Assessed"),
    "plan": _l("Plan approved"),
    "services": _l("Receiving services"),
    "monitoring": _l("Monitoring"),
    "closed": _l("Closed"),
}
OVERDUE = {"assessment": _l("Assessment overdue"), "plan": _l("Plan overdue"), "plan_review": _l("Plan review overdue")}
PLAN_STATUSES = {
    "submitted": _l("Waiting for approval"),
    "approved": _l("Approved"),
    "returned": _l("Returned"),
    "superseded": _l("Replaced by a newer version"),
}
ACTION_STATUSES = {"pending": _l("To do"), "done": _l("Done"), "dropped": _l("Dropped")}
ERRORS = {
    "open_case_exists": _l("This child already has an open case."),
    "assignee_out_of_area": _l("Choose a worker of the child's area."),
    "same_assignee": _l("The case is already assigned to this worker."),
    "date_future": _l("This date is in the future."),
}

CLOSURE_REASONS = {
    "outcome_reached": _l("Outcome reached"),
    "moved_away": _l("Moved away"),
    "turned_18": _l("Turned 18"),
    "died": _l("Died"),
    "other": _l("Other"),
}
OUTCOMES = {
    "withdrawn": _l("Withdrawn"),
    "protected": _l("Protected"),
    "prevented": _l("Prevented"),
    "none": _l("No outcome yet"),
}
OUTCOME_RULES = {
    "withdrawn_in_school": _l(
        "Was in child labour, is not any more, and was in school at every visit for at least 3 months."
    ),
    "violations_fixed": _l("Aged 16-17: the violations found earlier are fixed."),
    "withdrawn_in_training": _l(
        "Was in child labour, is not any more, and attended a remedial class for at least 3 continuous months."
    ),
    "prevented_with_service": _l("Was at risk, received a service, and is not in child labour."),
    "still_in_child_labour": _l("The latest visit still found child labour."),
    "not_yet_three_months": _l("Out of child labour, but not yet 3 months in school verified at visits."),
    "no_service_recorded": _l("Was at risk, but no service is recorded yet."),
    "no_child_labour_found": _l("No child labour or risk was found."),
    "no_visits": _l("No visit has been recorded."),
}
VISITS = {"done": _l("Visited"), "due_soon": _l("Visit due"), "missed": _l("Visit missed"), "planned": _l("Planned")}
DECISIONS = {"pending": _l("Waiting for the supervisor"), "approved": _l("Approved"), "returned": _l("Returned")}
ERRORS.update(
    {
        "closure_not_possible": _l("This case is closed or its closure is already waiting for a decision."),
        "no_pending_closure": _l("No closure is waiting for a decision."),
        "comment_required": _l("Say why the closure is returned."),
        "not_closed": _l("This case is not closed."),
        "case_closed": _l("This case is closed."),
        "case_outside_commission": _l("No case with this number in this commission's city or district."),
        "measure_referred": _l("This measure already has its referral."),
        "plan_empty": _l("Write at least one goal and action."),
        "plan_saved_meanwhile": _l("Another version of this plan was saved at the same moment. Check it, then save."),
        "no_plan_waiting": _l("No plan version is waiting for approval."),
    }
)


def risk_level(category: str) -> str:
    """The case's risk level follows from the classification, by the configured case rules."""
    return case_rules().risk_level(category)
