"""Pages that show several modules at once: the registry's lists and records with the children's
labour status and cases, a case with its referrals, a child's audit trail.

A page belongs in the highest layer it draws from; these draw from the registry, assessments, cases
and referrals, so they are here, above all of them. Each is registered on the blueprint of the
module whose address it serves (`registry.child`, `cases.show`, `audit.child`), so its URL and
endpoint name, and the template folder, stay that module's. This package has no blueprint.
"""
