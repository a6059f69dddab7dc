"""Words of the reports pages (translated by the app)."""

from collections.abc import Callable

from flask_babel import lazy_gettext as _l

from monitor.referrals import labels as referral_labels

SECTOR_GROUPS = {
    "agriculture": _l("Agriculture"),
    "bazaar": _l("Bazaars and trade"),
    "industry": _l("Industry and construction"),
    "services": _l("Services"),
    "street": _l("Street work"),
    "other": _l("Other work"),
    None: _l("No work recorded"),
}
CHILDREN = {
    "registered": _l("Children registered"),
    "registered_in_period": _l("Newly registered"),
    "identified": _l("New identifications (cases opened)"),
    "assessed": _l("Children assessed"),
    "in_child_labour": _l("In child labour (national rules)"),
    "at_risk": _l("At risk"),
}
VISITS = {"done": _l("With a visit done"), "due": _l("With a visit due"), "overdue": _l("With a visit overdue")}
PARTS = {
    "": _l("Total"),
    "sex:M": _l("Boys"),
    "sex:F": _l("Girls"),
    "age:5-11": "5-11",
    "age:12-14": "12-14",
    "age:15-17": "15-17",
}
SECTIONS = {
    "children": _l("Children"),
    "categories": _l("Classification (latest visit)"),
    "stages": _l("Cases by stage"),
    "visits": _l("Follow-up visits"),
    "outcomes": _l("Outcomes"),
    "referral_types": _l("Referrals by service"),
    "referrals": _l("Referrals by service and status"),
}
ERRORS = {"period": _l("Choose a period: the start cannot be after the end."), "area": _l("Choose one of your areas.")}


def export_labels() -> dict:
    """Row labels of the aggregate sheets, in the current language, each translated once per export
    (an aggregate sheet asks for the same few labels thousands of times)."""
    return {
        "sector": _once(lambda code: str(SECTOR_GROUPS.get(code, code))),
        "service": _once(lambda code: str(referral_labels.SERVICE_TYPES.get(code, code))),
        "status": _once(lambda code: str(referral_labels.STATUSES.get(code, code))),
    }


def _once(label: Callable[[str | None], str]) -> Callable[[str | None], str]:
    known: dict[str | None, str] = {}

    def cached(code: str | None) -> str:
        if code not in known:
            known[code] = label(code)
        return known[code]

    return cached
