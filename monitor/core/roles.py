"""Roles and permissions: the one mapping of who may do what (pure Python)."""

from __future__ import annotations

import enum


class Role(str, enum.Enum):
    SOCIAL_WORKER = "social_worker"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"
    REPORTING_OFFICER = "reporting_officer"


class Permission(str, enum.Enum):
    VIEW_AREAS = "view_areas"  # see the places of one's own areas
    VIEW_CASES = "view_cases"  # open families, children and cases in one's areas
    EDIT_CASES = "edit_cases"  # register and change them
    REVIEW_CASES = "review_cases"  # approve plans and closures, merge records
    VIEW_AUDIT = "view_audit"
    EXPORT_AGGREGATES = "export_aggregates"
    VIEW_REPORTS = "view_reports"  # dashboards and risk reports of one's areas
    MANAGE_USERS = "manage_users"
    MANAGE_AREAS = "manage_areas"
    MANAGE_REFERENCE = "manage_reference"


ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.SOCIAL_WORKER: frozenset(
        {Permission.VIEW_AREAS, Permission.VIEW_CASES, Permission.EDIT_CASES, Permission.VIEW_REPORTS}
    ),
    Role.SUPERVISOR: frozenset(
        {
            Permission.VIEW_AREAS,
            Permission.VIEW_CASES,
            Permission.EDIT_CASES,
            Permission.REVIEW_CASES,
            Permission.VIEW_AUDIT,
            Permission.EXPORT_AGGREGATES,
            Permission.VIEW_REPORTS,
        }
    ),
    # Administrators run the system; they see no case details unless also given a case role.
    Role.ADMINISTRATOR: frozenset(
        {
            Permission.VIEW_AUDIT,
            Permission.MANAGE_USERS,
            Permission.MANAGE_AREAS,
            Permission.MANAGE_REFERENCE,
        }
    ),
    Role.REPORTING_OFFICER: frozenset({Permission.VIEW_AREAS, Permission.EXPORT_AGGREGATES, Permission.VIEW_REPORTS}),
}

# Roles whose holders are limited to the areas assigned to them.
AREA_SCOPED_ROLES = frozenset({Role.SOCIAL_WORKER, Role.SUPERVISOR, Role.REPORTING_OFFICER})


def permissions_for(roles: set[Role] | frozenset[Role]) -> frozenset[Permission]:
    """All permissions granted by any of `roles`."""
    granted: set[Permission] = set()
    for role in roles:
        granted |= ROLE_PERMISSIONS[role]
    return frozenset(granted)
