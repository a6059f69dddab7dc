"""Navigation by role, offered to every template."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_login import current_user

from monitor.core.i18n import LANGUAGE_NAMES
from monitor.core.roles import Permission

# (endpoint, label, permission needed or None for any signed-in user)
MENU = (
    ("home.index", _l("Home"), None),
    ("cases.index", _l("Cases"), Permission.VIEW_CASES),
    ("cases.commission_index", _l("Commission"), Permission.VIEW_CASES),
    ("registry.children", _l("Children"), Permission.VIEW_CASES),
    ("registry.families", _l("Families"), Permission.VIEW_CASES),
    ("registry.register_family", _l("Register a family"), Permission.EDIT_CASES),
    ("imports.index", _l("Import a list"), Permission.EDIT_CASES),
    ("reports.index", _l("Reports"), Permission.VIEW_REPORTS),
    ("reports.exports", _l("Exports"), Permission.EXPORT_AGGREGATES),
    ("areas.index", _l("My areas"), Permission.VIEW_AREAS),
    ("audit.index", _l("Audit log"), Permission.VIEW_AUDIT),
    ("admin.users", _l("Users"), Permission.MANAGE_USERS),
    ("areas.manage", _l("Areas"), Permission.MANAGE_AREAS),
    ("admin.criteria", _l("Hardship criteria"), Permission.MANAGE_REFERENCE),
    ("admin.reference_lists", _l("Reference lists"), Permission.MANAGE_REFERENCE),
    ("assessments.thresholds_admin", _l("Thresholds"), Permission.MANAGE_REFERENCE),
)


def navigation_context() -> dict:
    items = []
    if current_user and current_user.is_authenticated:
        items = [
            (endpoint, label)
            for endpoint, label, permission in MENU
            if permission is None or current_user.can(permission)
        ]
    return {"nav_items": items, "language_names": LANGUAGE_NAMES}
